//! The lavaan model syntax (the subset structural equation models need) and what a model text
//! means under lavaan's `sem()` defaults.
//!
//! Statements, one per line or separated by `;` (a line ending in `+` or `*`, or a line
//! starting with `+`, continues the statement; `#` and `!` start comments):
//! - `f =~ x1 + x2 + x3` — latent variable f measured by x1..x3;
//! - `y ~ x1 + f` — regression; `y1 + y2 ~ x` regresses each of y1, y2;
//! - `x1 ~~ x2` — (residual) covariance, `x1 ~~ x1` a variance;
//! - modifiers before a name: a label `a*x` (parameters with the same label are equal), a
//!   fixed value `1*x` / `0*x`, `NA*x` to free a parameter fixed by default;
//! - `ind := a*b` — a defined parameter: an expression of labels (+ - * / ^, parentheses).
//!
//! Defaults (lavaan's `sem()`): the first loading of each latent variable fixed to 1 (or, with
//! `std_lv`, every latent variance fixed to 1 and every loading free); residual variances of
//! observed and latent variables free; covariances among exogenous latent variables free, and
//! among the residuals of "pure" dependent variables (dependent, not predicting anything, not
//! indicators); variances and covariances of exogenous observed predictors fixed at their
//! sample values (`fixed.x`).

use crate::numeric::expr::Expr;

mod pls;
mod table;

pub use pls::{PlsBlock, PlsModel, pls_model};
pub use table::partable;

/// A syntax or meaning error at a line and column (1-based) of the model text.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct LavaanError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Measure,
    /// `<~`: a composite formed by its indicators (PLS Mode B).
    Form,
    Regress,
    Covary,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Measure => "=~",
            Op::Form => "<~",
            Op::Regress => "~",
            Op::Covary => "~~",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Modifier {
    None,
    Label(String),
    Fixed(f64),
    Free,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub name: String,
    pub modifier: Modifier,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub lhs: String,
    pub op: Op,
    pub rhs: Vec<Term>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Defined {
    pub name: String,
    pub expr: Expr,
    pub text: String,
    pub line: usize,
}

/// A parsed model text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Syntax {
    pub statements: Vec<Statement>,
    pub defined: Vec<Defined>,
}

/// One logical statement: its characters with the line and column each came from.
struct Chunk {
    chars: Vec<(char, usize, usize)>,
}

impl Chunk {
    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().map(|c| c.0).collect()
    }
    fn at(&self, i: usize) -> (usize, usize) {
        match self.chars.get(i) {
            Some(&(_, l, c)) => (l, c),
            None => self.chars.last().map_or((1, 1), |&(_, l, c)| (l, c + 1)),
        }
    }
    fn err(&self, i: usize, message: impl Into<String>) -> LavaanError {
        let (line, column) = self.at(i);
        LavaanError {
            line,
            column,
            message: message.into(),
        }
    }
    fn find(&self, pat: &str) -> Option<usize> {
        let p: Vec<char> = pat.chars().collect();
        (0..self.chars.len()).find(|&i| {
            i + p.len() <= self.chars.len()
                && p.iter().enumerate().all(|(k, c)| self.chars[i + k].0 == *c)
        })
    }
}

/// Split the text into statements (comments dropped, continued lines joined).
fn chunks(text: &str) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Vec<(char, usize, usize)> = Vec::new();
    let trimmed_end =
        |c: &[(char, usize, usize)]| c.iter().rev().find(|x| !x.0.is_whitespace()).map(|x| x.0);
    for (l, line) in text.lines().enumerate() {
        let mut pieces: Vec<Vec<(char, usize, usize)>> = vec![Vec::new()];
        for (c, ch) in line.chars().enumerate() {
            if ch == '#' || ch == '!' {
                break;
            }
            if ch == ';' {
                pieces.push(Vec::new());
                continue;
            }
            pieces.last_mut().unwrap().push((ch, l + 1, c + 1));
        }
        for (k, piece) in pieces.into_iter().enumerate() {
            let starts_plus = piece.iter().find(|x| !x.0.is_whitespace()).map(|x| x.0) == Some('+');
            let continues = k == 0
                && !current.is_empty()
                && (matches!(trimmed_end(&current), Some('+' | '*' | '~' | '=')) || starts_plus);
            if !continues && !current.is_empty() {
                out.push(Chunk {
                    chars: std::mem::take(&mut current),
                });
            }
            if piece.iter().any(|x| !x.0.is_whitespace()) {
                if !current.is_empty() {
                    current.push((' ', piece[0].1, piece[0].2));
                }
                current.extend(piece);
            }
        }
    }
    if !current.is_empty() {
        out.push(Chunk { chars: current });
    }
    out
}

fn is_name_start(c: char) -> bool {
    c == '_' || c == '.' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c == '.' || c.is_alphanumeric()
}

/// Parse `lhs + lhs ...` or `[mod*]name + [mod*]name ...` in chars [from, to).
fn terms(ch: &Chunk, from: usize, to: usize, side: &str) -> Result<Vec<Term>, LavaanError> {
    let mut out = Vec::new();
    let mut i = from;
    let skip = |i: &mut usize| {
        while *i < to && ch.chars[*i].0.is_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip(&mut i);
        if i >= to {
            return Err(ch.err(i, format!("a variable name is missing on the {side}")));
        }
        // A word or number, possibly followed by '*' and a name.
        let word = |i: &mut usize| -> Result<(String, usize), LavaanError> {
            let start = *i;
            let c = ch.chars[start].0;
            if is_name_start(c) {
                while *i < to && is_name_char(ch.chars[*i].0) {
                    *i += 1;
                }
            } else if c.is_ascii_digit() || c == '-' || c == '.' {
                *i += 1;
                while *i < to
                    && (ch.chars[*i].0.is_ascii_digit()
                        || matches!(ch.chars[*i].0, '.' | 'e' | 'E'))
                {
                    *i += 1;
                }
            } else {
                return Err(ch.err(start, format!("unexpected '{c}' on the {side}")));
            }
            Ok((ch.text(start, *i), start))
        };
        let (first, at) = word(&mut i)?;
        skip(&mut i);
        let term = if i < to && ch.chars[i].0 == '*' {
            i += 1;
            skip(&mut i);
            if i >= to {
                return Err(ch.err(i, "a variable name is missing after '*'"));
            }
            let (name, nat) = word(&mut i)?;
            if !is_name_start(name.chars().next().unwrap()) {
                return Err(ch.err(nat, format!("'{name}' is not a variable name")));
            }
            let modifier = if first == "NA" {
                Modifier::Free
            } else if is_name_start(first.chars().next().unwrap()) {
                Modifier::Label(first)
            } else {
                Modifier::Fixed(first.parse().map_err(|_| {
                    ch.err(at, format!("'{first}' is neither a number nor a label"))
                })?)
            };
            skip(&mut i);
            Term { name, modifier }
        } else {
            if first == "1" {
                return Err(ch.err(
                    at,
                    "intercepts and means (~ 1) are not supported: bprstat fits the covariance structure",
                ));
            }
            if !is_name_start(first.chars().next().unwrap()) {
                return Err(ch.err(at, format!("'{first}' is not a variable name")));
            }
            Term {
                name: first,
                modifier: Modifier::None,
            }
        };
        out.push(term);
        if i >= to {
            return Ok(out);
        }
        if ch.chars[i].0 != '+' {
            let c = ch.chars[i].0;
            if c == '(' {
                return Err(ch.err(
                    i,
                    "modifiers such as start(), label() or c() are not supported: write a label as a*x or a fixed value as 1*x",
                ));
            }
            return Err(ch.err(i, format!("expected '+' between terms, found '{c}'")));
        }
        i += 1;
    }
}

/// Parse a model text.
pub fn parse(text: &str) -> Result<Syntax, LavaanError> {
    let mut syntax = Syntax::default();
    for ch in chunks(text) {
        let line = ch.chars[0].1;
        for bad in ["~*~", "|", "%"] {
            if let Some(i) = ch.find(bad) {
                return Err(ch.err(
                    i,
                    format!(
                        "the operator '{bad}' is not supported (=~ measurement, <~ composite, ~ regression, ~~ covariance, := defined parameter)"
                    ),
                ));
            }
        }
        let (op, at, len) = if let Some(i) = ch.find(":=") {
            let lhs = ch.text(0, i).trim().to_string();
            let body = ch.text(i + 2, ch.chars.len());
            if lhs.is_empty() || !lhs.chars().all(is_name_char) {
                return Err(ch.err(0, "a defined parameter needs a name: name := expression"));
            }
            let expr = Expr::parse(&body).map_err(|e| {
                let (l, c) = ch.at(i + 2 + e.column - 1);
                LavaanError {
                    line: l,
                    column: c,
                    message: e.message,
                }
            })?;
            syntax.defined.push(Defined {
                name: lhs,
                expr,
                text: body.trim().to_string(),
                line,
            });
            continue;
        } else if let Some(i) = ch.find("=~") {
            (Op::Measure, i, 2)
        } else if let Some(i) = ch.find("<~") {
            (Op::Form, i, 2)
        } else if let Some(i) = ch.find("~~") {
            (Op::Covary, i, 2)
        } else if let Some(i) = ch.find("~") {
            (Op::Regress, i, 1)
        } else {
            return Err(ch.err(
                0,
                "no operator: a statement is 'f =~ x1 + x2', 'y ~ x', 'x1 ~~ x2' or 'name := expression'",
            ));
        };
        let lhs = terms(&ch, 0, at, "left-hand side")?;
        if let Some(t) = lhs.iter().find(|t| t.modifier != Modifier::None) {
            return Err(ch.err(
                0,
                format!(
                    "the left-hand side takes names only ({} has a modifier)",
                    t.name
                ),
            ));
        }
        let rhs = terms(&ch, at + len, ch.chars.len(), "right-hand side")?;
        for l in lhs {
            syntax.statements.push(Statement {
                lhs: l.name,
                op,
                rhs: rhs.clone(),
                line,
            });
        }
    }
    if syntax.statements.is_empty() {
        return Err(LavaanError {
            line: 1,
            column: 1,
            message: "the model has no statement".into(),
        });
    }
    Ok(syntax)
}

#[cfg(test)]
mod tests;
