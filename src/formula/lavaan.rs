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
use crate::results::sem::{DefinedParam, ParRow, ParTable};

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

/// What a model text means for PLS path modelling: blocks (`f =~ x1 + x2` Mode A, `f <~ x1 +
/// x2` Mode B) and structural paths (`y ~ f + g`); an observed variable in a path that has no
/// block becomes a single-indicator construct of its own name.
#[derive(Clone, Debug, PartialEq)]
pub struct PlsModel {
    /// In order of appearance.
    pub blocks: Vec<PlsBlock>,
    /// (from, to, line).
    pub paths: Vec<(String, String, usize)>,
}

/// One block of a PLS model text.
#[derive(Clone, Debug, PartialEq)]
pub struct PlsBlock {
    pub name: String,
    /// `<~` (Mode B).
    pub formative: bool,
    pub items: Vec<String>,
    /// The line of the model text (that of its first path for a single-indicator construct
    /// made from an observed variable).
    pub line: usize,
}

impl PlsModel {
    /// The model line that best names a construct: its block's.
    pub fn line_of(&self, construct: &str) -> Option<usize> {
        self.blocks
            .iter()
            .find(|b| b.name == construct)
            .map(|b| b.line)
    }
}

/// Read a parsed model text as a PLS path model (see [`PlsModel`]).
pub fn pls_model(syntax: &Syntax) -> Result<PlsModel, LavaanError> {
    let at_line = |line: usize, message: String| LavaanError {
        line,
        column: 1,
        message,
    };
    if let Some(d) = syntax.defined.first() {
        return Err(at_line(
            d.line,
            format!(
                "'{} := ...': PLS computes every total and specific indirect effect itself; leave defined parameters out",
                d.name
            ),
        ));
    }
    let mut m = PlsModel {
        blocks: Vec::new(),
        paths: Vec::new(),
    };
    for s in &syntax.statements {
        if let Some(t) = s.rhs.iter().find(|t| t.modifier != Modifier::None) {
            return Err(at_line(
                s.line,
                format!(
                    "{}: PLS takes no labels, fixed values or NA* modifiers (every weight and path is estimated)",
                    t.name
                ),
            ));
        }
        match s.op {
            Op::Covary => {
                return Err(at_line(
                    s.line,
                    format!(
                        "'{} ~~ ...': PLS models no variances or covariances; write blocks (=~, <~) and paths (~)",
                        s.lhs
                    ),
                ));
            }
            Op::Measure | Op::Form => {
                if m.blocks.iter().any(|b| b.name == s.lhs) {
                    return Err(at_line(
                        s.line,
                        format!(
                            "{} has a block already: give all its indicators on one line",
                            s.lhs
                        ),
                    ));
                }
                for (k, t) in s.rhs.iter().enumerate() {
                    if s.rhs[..k].iter().any(|u| u.name == t.name) {
                        return Err(at_line(
                            s.line,
                            format!("{} appears twice in the block of {}", t.name, s.lhs),
                        ));
                    }
                    if let Some(b) = m.blocks.iter().find(|b| b.items.contains(&t.name)) {
                        return Err(at_line(
                            s.line,
                            format!(
                                "{} is an indicator of {} already: each indicator belongs to one block",
                                t.name, b.name
                            ),
                        ));
                    }
                }
                m.blocks.push(PlsBlock {
                    name: s.lhs.clone(),
                    formative: s.op == Op::Form,
                    items: s.rhs.iter().map(|t| t.name.clone()).collect(),
                    line: s.line,
                });
            }
            Op::Regress => {
                for t in &s.rhs {
                    if t.name == s.lhs {
                        return Err(at_line(s.line, format!("{} cannot predict itself", s.lhs)));
                    }
                    if !m.paths.iter().any(|p| p.0 == t.name && p.1 == s.lhs) {
                        m.paths.push((t.name.clone(), s.lhs.clone(), s.line));
                    }
                }
            }
        }
    }
    if m.paths.is_empty() {
        return Err(at_line(
            syntax.statements[0].line,
            "no structural path: a PLS path model needs at least one 'y ~ x' line".into(),
        ));
    }
    let names: Vec<(String, usize)> = m
        .paths
        .iter()
        .flat_map(|(f, t, l)| [(f.clone(), *l), (t.clone(), *l)])
        .collect();
    for b in &m.blocks {
        if !names.iter().any(|n| n.0 == b.name) {
            return Err(at_line(
                b.line,
                format!(
                    "{} takes part in no path: add it to a 'y ~ x' line or leave its block out",
                    b.name
                ),
            ));
        }
    }
    for (n, line) in names {
        if !m.blocks.iter().any(|b| b.name == n) {
            if let Some(b) = m.blocks.iter().find(|b| b.items.contains(&n)) {
                return Err(at_line(
                    line,
                    format!("{n} is an indicator of {}: a path joins constructs", b.name),
                ));
            }
            m.blocks.push(PlsBlock {
                name: n.clone(),
                formative: false,
                items: vec![n],
                line,
            });
        }
    }
    Ok(m)
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// The parameter table of a parsed model under lavaan's `sem()` defaults (see the module
/// docs); `std_lv` fixes latent variances to 1 instead of first loadings.
pub fn partable(syntax: &Syntax, std_lv: bool) -> Result<ParTable, LavaanError> {
    let at_line = |line: usize, message: String| LavaanError {
        line,
        column: 1,
        message,
    };
    let mut latent: Vec<String> = Vec::new();
    let mut indicators: Vec<String> = Vec::new();
    let mut eqs_y: Vec<String> = Vec::new();
    let mut eqs_x: Vec<String> = Vec::new();
    for s in &syntax.statements {
        match s.op {
            Op::Form => {
                return Err(at_line(
                    s.line,
                    format!(
                        "'{} <~ ...' is a composite: covariance-based SEM here takes =~ measurement; estimate composites by PLS (bprstat pls, [[pls]])",
                        s.lhs
                    ),
                ));
            }
            Op::Measure => {
                push_unique(&mut latent, &s.lhs);
                for t in &s.rhs {
                    push_unique(&mut indicators, &t.name);
                }
            }
            Op::Regress => {
                push_unique(&mut eqs_y, &s.lhs);
                for t in &s.rhs {
                    push_unique(&mut eqs_x, &t.name);
                }
            }
            Op::Covary => {}
        }
    }
    let is_latent = |n: &str| latent.iter().any(|l| l == n);
    // Observed variables: indicators first, then the others in order of appearance.
    let mut observed: Vec<String> = Vec::new();
    for n in &indicators {
        if !is_latent(n) {
            push_unique(&mut observed, n);
        }
    }
    for s in &syntax.statements {
        for n in std::iter::once(&s.lhs).chain(s.rhs.iter().map(|t| &t.name)) {
            if !is_latent(n) {
                push_unique(&mut observed, n);
            }
        }
    }
    let contains = |v: &Vec<String>, n: &str| v.iter().any(|x| x == n);
    let ov_x: Vec<String> = observed
        .iter()
        .filter(|n| contains(&eqs_x, n) && !contains(&eqs_y, n) && !contains(&indicators, n))
        .cloned()
        .collect();
    let lv_x: Vec<String> = latent
        .iter()
        .filter(|n| !contains(&indicators, n) && !contains(&eqs_y, n))
        .cloned()
        .collect();
    let lv_y: Vec<String> = latent
        .iter()
        .filter(|n| contains(&eqs_y, n) && !contains(&indicators, n) && !contains(&eqs_x, n))
        .cloned()
        .collect();
    let ov_y: Vec<String> = observed
        .iter()
        .filter(|n| contains(&eqs_y, n) && !contains(&indicators, n) && !contains(&eqs_x, n))
        .cloned()
        .collect();

    let mut rows: Vec<ParRow> = Vec::new();
    let key = |r: &ParRow| {
        let (a, b) = if r.op == "~~" && r.lhs > r.rhs {
            (r.rhs.clone(), r.lhs.clone())
        } else {
            (r.lhs.clone(), r.rhs.clone())
        };
        (a, r.op.clone(), b)
    };
    // User statements.
    let mut first_loading: Vec<String> = Vec::new();
    for s in &syntax.statements {
        for t in &s.rhs {
            let (label, fixed, free_forced) = match &t.modifier {
                Modifier::None => (None, None, false),
                Modifier::Label(l) => (Some(l.clone()), None, false),
                Modifier::Fixed(v) => (None, Some(*v), false),
                Modifier::Free => (None, None, true),
            };
            let mut fixed = fixed;
            if s.op == Op::Measure && !first_loading.contains(&s.lhs) {
                first_loading.push(s.lhs.clone());
                if !std_lv && fixed.is_none() && !free_forced && label.is_none() {
                    fixed = Some(1.0);
                }
            }
            if s.op == Op::Regress && s.lhs == t.name {
                return Err(at_line(s.line, format!("{} is regressed on itself", s.lhs)));
            }
            let row = ParRow {
                lhs: s.lhs.clone(),
                op: s.op.symbol().into(),
                rhs: t.name.clone(),
                label,
                free: None,
                fixed,
                user: true,
                exogenous: false,
            };
            if rows.iter().any(|r| key(r) == key(&row)) {
                return Err(at_line(
                    s.line,
                    format!("{} {} {} is specified twice", row.lhs, row.op, row.rhs),
                ));
            }
            rows.push(row);
        }
    }
    let mut add = |lhs: &str, rhs: &str, fixed: Option<f64>, exogenous: bool| {
        let row = ParRow {
            lhs: lhs.into(),
            op: "~~".into(),
            rhs: rhs.into(),
            label: None,
            free: None,
            fixed,
            user: false,
            exogenous,
        };
        if !rows.iter().any(|r| key(r) == key(&row)) {
            rows.push(row);
        }
    };
    // Residual variances of observed (non-exogenous) and latent variables.
    for n in observed.iter().filter(|n| !contains(&ov_x, n)) {
        add(n, n, None, false);
    }
    for n in &latent {
        add(n, n, if std_lv { Some(1.0) } else { None }, false);
    }
    for (i, a) in lv_x.iter().enumerate() {
        for b in &lv_x[i + 1..] {
            add(a, b, None, false);
        }
    }
    let lvov_y: Vec<String> = lv_y.iter().chain(ov_y.iter()).cloned().collect();
    for (i, a) in lvov_y.iter().enumerate() {
        for b in &lvov_y[i + 1..] {
            add(a, b, None, false);
        }
    }
    for (i, a) in ov_x.iter().enumerate() {
        for b in &ov_x[i..] {
            add(a, b, None, true);
        }
    }
    // A user-given variance under std_lv stays as written.
    // Free parameter indices: one per free row, shared by rows with the same label.
    let mut labels: Vec<(String, usize)> = Vec::new();
    let mut n_free = 0;
    for r in rows.iter_mut() {
        if r.fixed.is_some() {
            continue;
        }
        let idx = match &r.label {
            Some(l) => match labels.iter().find(|(x, _)| x == l) {
                Some((_, k)) => *k,
                None => {
                    labels.push((l.clone(), n_free));
                    n_free += 1;
                    n_free - 1
                }
            },
            None => {
                n_free += 1;
                n_free - 1
            }
        };
        r.free = Some(idx);
    }
    // Defined parameters use labels (or earlier defined names).
    let mut defined = Vec::new();
    for d in &syntax.defined {
        for n in d.expr.names() {
            let known = labels.iter().any(|(l, _)| *l == n)
                || rows.iter().any(|r| r.label.as_deref() == Some(n.as_str()))
                || defined.iter().any(|x: &DefinedParam| x.name == n);
            if !known {
                return Err(at_line(
                    d.line,
                    format!(
                        "{} := {}: '{n}' is not a label of the model (label a parameter as {n}*x)",
                        d.name, d.text
                    ),
                ));
            }
        }
        if rows
            .iter()
            .any(|r| r.label.as_deref() == Some(d.name.as_str()))
        {
            return Err(at_line(
                d.line,
                format!("{} is both a label and a defined parameter", d.name),
            ));
        }
        defined.push(DefinedParam {
            name: d.name.clone(),
            text: d.text.clone(),
            expr: d.expr.clone(),
        });
    }
    Ok(ParTable {
        observed,
        latent,
        rows,
        defined,
        n_free,
        std_lv,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = "
        # measurement model
        ind60 =~ x1 + x2 + x3
        dem60 =~ y1 + a*y2 + b*y3 + c*y4
        dem65 =~ y5 + a*y6 + b*y7 + c*y8
        # regressions
        dem60 ~ ind60
        dem65 ~ ind60 + dem60
        y1 ~~ y5; y2 ~~ y4 + y6
    ";

    #[test]
    fn the_political_democracy_model_has_lavaans_parameter_table() {
        let pt = partable(&parse(DEMO).unwrap(), false).unwrap();
        assert_eq!(pt.latent, vec!["ind60", "dem60", "dem65"]);
        assert_eq!(pt.observed.len(), 11);
        // 8 free loadings (3 equal pairs count once: 5 distinct) + 3 regressions + 3
        // residual covariances + 11 + 3 variances = lavaan's 28 free, 25 distinct.
        let free_rows = pt.rows.iter().filter(|r| r.free.is_some()).count();
        assert_eq!(free_rows, 28);
        assert_eq!(pt.n_free, 25);
        // No covariance between dem60 and dem65 (dem60 predicts dem65), none among latent x
        // beyond ind60 alone.
        assert!(
            !pt.rows
                .iter()
                .any(|r| r.op == "~~" && r.lhs != r.rhs && !r.user)
        );
        let first = pt
            .rows
            .iter()
            .find(|r| r.lhs == "dem60" && r.rhs == "y1")
            .unwrap();
        assert_eq!(first.fixed, Some(1.0));
    }

    #[test]
    fn pure_outcomes_covary_and_exogenous_predictors_are_fixed() {
        let pt = partable(
            &parse("m ~ a*x\ny ~ b*m + x + w\nz ~ x\nab := a*b").unwrap(),
            false,
        )
        .unwrap();
        let cov = |a: &str, b: &str| {
            pt.rows.iter().find(|r| {
                r.op == "~~" && ((r.lhs == a && r.rhs == b) || (r.lhs == b && r.rhs == a))
            })
        };
        assert!(cov("y", "z").is_some(), "two pure outcomes covary");
        assert!(cov("m", "y").is_none(), "m predicts y");
        assert!(cov("x", "w").unwrap().exogenous);
        assert!(cov("x", "x").unwrap().exogenous);
        assert_eq!(pt.defined[0].text, "a*b");
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("f =~ x1 + x2\ny ~ f + $x").unwrap_err();
        assert_eq!((e.line, e.column), (2, 9));
        let e = parse("f =~ x1 +\n  x2 x3").unwrap_err();
        assert_eq!((e.line, e.column), (2, 6), "{e}");
        let e = parse("y ~ 1 + x").unwrap_err();
        assert!(e.message.contains("intercepts"));
        let e = partable(&parse("f <~ x1 + x2").unwrap(), false).unwrap_err();
        assert!(e.message.contains("composite"), "{e}");
        let e = parse("f ~*~ x1").unwrap_err();
        assert!(e.message.contains("'~*~'"));
        let e = partable(&parse("y ~ a*x\nd := a*q").unwrap(), false).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("'q' is not a label"));
        let e = parse("ab := a * (b").unwrap_err();
        assert_eq!((e.line, e.column), (1, 13));
        let e = partable(&parse("y ~ x\ny ~ x").unwrap(), false).unwrap_err();
        assert!(e.message.contains("twice"));
    }
}
