//! Parser of Wilkinson formulas into a response and an ordered set of terms.
//!
//! Grammar (R's precedence: `:` binds tighter than `*`, which binds tighter than `+`/`-`):
//! ```text
//! formula := name '~' sum
//! sum     := ['-'] prod (('+' | '-') prod)*
//! prod    := inter ('*' inter)*
//! inter   := atom (':' atom)*
//! atom    := '(' sum ')' | '0' | '1' | name | 'C(' name [',' 'ref' '=' value] ')' | 'I(' name '^' int ')'
//! ```

use std::fmt;

/// One variable as it enters a term.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Factor {
    /// A numeric variable, entered as is.
    Var(String),
    /// A categorical variable, entered as treatment dummies against `reference` (default: first level).
    Cat {
        name: String,
        reference: Option<String>,
    },
    /// A numeric variable raised to an integer power, `I(x^k)`.
    Pow { name: String, power: u32 },
}

impl Factor {
    /// The data variable the factor reads.
    pub fn variable(&self) -> &str {
        match self {
            Factor::Var(n) | Factor::Cat { name: n, .. } | Factor::Pow { name: n, .. } => n,
        }
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Factor::Var(n) => write!(f, "{}", quote(n)),
            Factor::Cat {
                name,
                reference: None,
            } => write!(f, "C({})", quote(name)),
            Factor::Cat {
                name,
                reference: Some(r),
            } => write!(f, "C({}, ref=\"{}\")", quote(name), r),
            Factor::Pow { name, power } => write!(f, "I({}^{})", quote(name), power),
        }
    }
}

/// Quote a name with backticks when it is not a plain identifier.
pub fn quote(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    if plain {
        name.to_string()
    } else {
        format!("`{name}`")
    }
}

/// A model term: an interaction of one or more factors (one factor: a main effect).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term(pub Vec<Factor>);

impl Term {
    fn single(f: Factor) -> Term {
        Term(vec![f])
    }
    fn interact(&self, other: &Term) -> Term {
        let mut v = self.0.clone();
        for f in &other.0 {
            if !v.contains(f) {
                v.push(f.clone());
            }
        }
        Term(v)
    }
    /// Same factors regardless of order.
    fn same(&self, other: &Term) -> bool {
        self.0.len() == other.0.len() && self.0.iter().all(|f| other.0.contains(f))
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|x| x.to_string()).collect();
        write!(f, "{}", parts.join(":"))
    }
}

/// A parsed formula.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    pub response: String,
    pub terms: Vec<Term>,
    pub intercept: bool,
    /// The text as written.
    pub source: String,
}

/// A formula that could not be parsed, with the position of the problem.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{message} (at character {} of \"{formula}\")", position + 1)]
pub struct FormulaError {
    pub message: String,
    pub formula: String,
    pub position: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Num(String),
    Str(String),
    Op(char),
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, FormulaError> {
    let chars: Vec<(usize, char)> = src.chars().enumerate().collect();
    let err = |m: String, p: usize| FormulaError {
        message: m,
        formula: src.to_string(),
        position: p,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '`' {
            let start = i;
            i += 1;
            let mut s = String::new();
            while i < chars.len() && chars[i].1 != '`' {
                s.push(chars[i].1);
                i += 1;
            }
            if i >= chars.len() {
                return Err(err("unclosed backtick".into(), start));
            }
            i += 1;
            out.push((Tok::Name(s), pos));
        } else if c == '"' || c == '\'' {
            let start = i;
            i += 1;
            let mut s = String::new();
            while i < chars.len() && chars[i].1 != c {
                s.push(chars[i].1);
                i += 1;
            }
            if i >= chars.len() {
                return Err(err("unclosed string".into(), start));
            }
            i += 1;
            out.push((Tok::Str(s), pos));
        } else if c.is_ascii_digit() {
            let mut s = String::new();
            while i < chars.len() && (chars[i].1.is_ascii_digit() || chars[i].1 == '.') {
                s.push(chars[i].1);
                i += 1;
            }
            out.push((Tok::Num(s), pos));
        } else if c.is_alphabetic() || c == '_' || c == '.' {
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].1.is_alphanumeric() || chars[i].1 == '_' || chars[i].1 == '.')
            {
                s.push(chars[i].1);
                i += 1;
            }
            out.push((Tok::Name(s), pos));
        } else if "~+-*:()^,=".contains(c) {
            out.push((Tok::Op(c), pos));
            i += 1;
        } else {
            return Err(err(format!("unexpected character '{c}'"), pos));
        }
    }
    Ok(out)
}

/// The value of a sub-expression: a set of terms plus what it says about the intercept.
#[derive(Clone, Debug, Default)]
struct Expr {
    terms: Vec<Term>,
    /// Some(true) for a bare `1`, Some(false) for a bare `0`.
    constant: Option<bool>,
}

/// Every product of a term of `a` with a term of `b`.
fn interactions(a: &Expr, b: &Expr) -> Expr {
    let mut out = Expr::default();
    for x in &a.terms {
        for y in &b.terms {
            out.push(x.interact(y));
        }
    }
    out
}

impl Expr {
    fn push(&mut self, t: Term) {
        if !self.terms.iter().any(|x| x.same(&t)) {
            self.terms.push(t);
        }
    }
}

/// Parentheses nested deeper than this are refused (a deeper nest would exhaust the stack
/// of the recursive parser; fuzzing found one).
pub const MAX_NESTING: usize = 64;
/// A formula that expands to more terms than this is refused: `a*b*c*...` doubles the terms
/// with each factor (fuzzing found one that took seconds to expand).
pub const MAX_TERMS: usize = 1024;

struct Parser<'a> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    src: &'a str,
    intercept: bool,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, m: impl Into<String>) -> FormulaError {
        let position = self
            .toks
            .get(self.pos)
            .map_or(self.src.chars().count(), |t| t.1);
        FormulaError {
            message: m.into(),
            formula: self.src.to_string(),
            position,
        }
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Op(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char) -> Result<(), FormulaError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.err(format!("expected '{c}'")))
        }
    }
    fn name(&mut self) -> Result<String, FormulaError> {
        match self.peek().cloned() {
            Some(Tok::Name(n)) => {
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.err("expected a variable name")),
        }
    }

    fn sum(&mut self) -> Result<Expr, FormulaError> {
        let mut acc = Expr::default();
        let mut first = true;
        loop {
            let minus = if first {
                self.eat('-')
            } else if self.eat('+') {
                false
            } else if self.eat('-') {
                true
            } else {
                break;
            };
            first = false;
            let e = self.prod()?;
            match (e.constant, minus) {
                (Some(one), false) => self.intercept = one,
                (Some(one), true) => self.intercept = !one,
                (None, false) => {
                    for t in e.terms {
                        acc.push(t);
                    }
                    if acc.terms.len() > MAX_TERMS {
                        return Err(self.err(format!(
                            "the formula expands to more than {MAX_TERMS} terms; write the interactions you mean with ':'"
                        )));
                    }
                }
                (None, true) => acc.terms.retain(|t| !e.terms.iter().any(|r| r.same(t))),
            }
        }
        Ok(acc)
    }

    /// `a * b`: both terms and their interaction (R's `a + b + a:b`).
    fn prod(&mut self) -> Result<Expr, FormulaError> {
        self.binary('*', "multiplied", Self::inter, |acc, rhs| {
            let mut out = Expr::default();
            for t in acc.terms.iter().chain(&rhs.terms) {
                out.push(t.clone());
            }
            for t in interactions(acc, rhs).terms {
                out.push(t);
            }
            out
        })
    }

    /// `a : b`: the interaction only.
    fn inter(&mut self) -> Result<Expr, FormulaError> {
        self.binary(':', "interacted", Self::atom, interactions)
    }

    /// A left-associative chain `x op y op z` of operands read by `operand`, combined
    /// pairwise by `combine`; the constants 0 and 1 take no part in it.
    fn binary(
        &mut self,
        op: char,
        verb: &str,
        operand: fn(&mut Self) -> Result<Expr, FormulaError>,
        combine: fn(&Expr, &Expr) -> Expr,
    ) -> Result<Expr, FormulaError> {
        let mut acc = operand(self)?;
        while self.eat(op) {
            let rhs = operand(self)?;
            if acc.constant.is_some() || rhs.constant.is_some() {
                return Err(self.err(format!("0 and 1 cannot be {verb}")));
            }
            if acc.terms.len().saturating_mul(rhs.terms.len().max(1)) > MAX_TERMS {
                return Err(self.err(format!(
                    "the formula expands to more than {MAX_TERMS} terms; write the interactions you mean with ':'"
                )));
            }
            acc = combine(&acc, &rhs);
        }
        Ok(acc)
    }

    fn atom(&mut self) -> Result<Expr, FormulaError> {
        match self.peek().cloned() {
            Some(Tok::Op('(')) => {
                if self.depth >= MAX_NESTING {
                    return Err(
                        self.err(format!("parentheses nested more than {MAX_NESTING} deep"))
                    );
                }
                self.pos += 1;
                self.depth += 1;
                let e = self.sum()?;
                self.depth -= 1;
                self.expect(')')?;
                Ok(e)
            }
            Some(Tok::Num(n)) => {
                self.pos += 1;
                match n.as_str() {
                    "0" => Ok(Expr {
                        terms: vec![],
                        constant: Some(false),
                    }),
                    "1" => Ok(Expr {
                        terms: vec![],
                        constant: Some(true),
                    }),
                    _ => {
                        self.pos -= 1;
                        Err(self.err(format!(
                            "a number ({n}) can only be 0 or 1 (the intercept) here"
                        )))
                    }
                }
            }
            Some(Tok::Name(n)) => {
                self.pos += 1;
                if self.peek() == Some(&Tok::Op('(')) {
                    self.pos += 1;
                    let f = match n.as_str() {
                        "C" => self.cat()?,
                        "I" => self.pow()?,
                        other => {
                            self.pos -= 2;
                            return Err(self.err(format!("unknown function {other}(): only C() for categories and I(x^k) for powers are supported")));
                        }
                    };
                    self.expect(')')?;
                    Ok(Expr {
                        terms: vec![Term::single(f)],
                        constant: None,
                    })
                } else {
                    Ok(Expr {
                        terms: vec![Term::single(Factor::Var(n))],
                        constant: None,
                    })
                }
            }
            Some(_) => Err(self.err("expected a term")),
            None => Err(self.err("the formula ends where a term was expected")),
        }
    }

    fn cat(&mut self) -> Result<Factor, FormulaError> {
        let name = self.name()?;
        let mut reference = None;
        if self.eat(',') {
            match self.peek().cloned() {
                Some(Tok::Name(k)) if k == "ref" || k == "reference" => self.pos += 1,
                _ => return Err(self.err("expected ref = \"LEVEL\" in C()")),
            }
            self.expect('=')?;
            match self.peek().cloned() {
                Some(Tok::Str(s)) | Some(Tok::Num(s)) => {
                    self.pos += 1;
                    reference = Some(s);
                }
                _ => {
                    return Err(
                        self.err("expected a level (a quoted string or a number) after ref =")
                    );
                }
            }
        }
        Ok(Factor::Cat { name, reference })
    }

    fn pow(&mut self) -> Result<Factor, FormulaError> {
        let name = self.name()?;
        self.expect('^')?;
        match self.peek().cloned() {
            Some(Tok::Num(s)) => match s.parse::<u32>() {
                Ok(k) if k >= 1 => {
                    self.pos += 1;
                    Ok(if k == 1 {
                        Factor::Var(name)
                    } else {
                        Factor::Pow { name, power: k }
                    })
                }
                _ => Err(self.err("the power in I(x^k) must be a whole number of at least 1")),
            },
            _ => Err(self.err("expected a whole-number power after ^ in I(x^k)")),
        }
    }
}

impl Formula {
    /// Parse `response ~ terms`.
    pub fn parse(src: &str) -> Result<Formula, FormulaError> {
        let toks = lex(src)?;
        let mut p = Parser {
            toks,
            pos: 0,
            src,
            intercept: true,
            depth: 0,
        };
        let response = p.name().map_err(|e| FormulaError {
            message: "a formula starts with the response variable, e.g. \"y ~ x1 + x2\"".into(),
            ..e
        })?;
        p.expect('~')?;
        if p.peek().is_none() {
            return Err(p.err(
                "nothing after '~': name at least one term, or 1 for an intercept-only model",
            ));
        }
        let e = p.sum()?;
        if p.pos < p.toks.len() {
            return Err(p.err("unexpected text after the formula"));
        }
        let mut terms = e.terms;
        // R orders terms by their order (main effects, then two-way, ...), stably.
        terms.sort_by_key(|t| t.0.len());
        if terms
            .iter()
            .any(|t| t.0.iter().any(|f| f.variable() == response))
        {
            return Err(FormulaError {
                message: format!("the response {response} also appears on the right-hand side"),
                formula: src.into(),
                position: 0,
            });
        }
        Ok(Formula {
            response,
            terms,
            intercept: p.intercept,
            source: src.to_string(),
        })
    }

    /// Every data variable the formula reads, response first, without repeats.
    pub fn variables(&self) -> Vec<String> {
        let mut v = vec![self.response.clone()];
        for t in &self.terms {
            for f in &t.0 {
                let n = f.variable().to_string();
                if !v.contains(&n) {
                    v.push(n);
                }
            }
        }
        v
    }
}

impl Formula {
    /// The variables used as numbers: the response, plain variables and powers (not those
    /// only inside `C()`), without repeats.
    pub fn numeric_variables(&self) -> Vec<&str> {
        let mut v = vec![self.response.as_str()];
        for t in &self.terms {
            for f in &t.0 {
                if !matches!(f, Factor::Cat { .. }) && !v.contains(&f.variable()) {
                    v.push(f.variable());
                }
            }
        }
        v
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if !self.intercept {
            parts.push("0".into());
        }
        parts.extend(self.terms.iter().map(|t| t.to_string()));
        if parts.is_empty() {
            parts.push("1".into());
        }
        write!(f, "{} ~ {}", quote(&self.response), parts.join(" + "))
    }
}

#[cfg(test)]
mod tests;
