//! Row filters: the study file's `[data] filter`, a condition a row must meet to be analysed,
//! as SPSS's `SELECT IF`.
//!
//! ```text
//! filter := or
//! or     := and (('or' | '||') and)*
//! and    := not (('and' | '&&') not)*
//! not    := ('not' | '!') not | '(' or ')' | 'missing(' name ')' | value op value | name 'in' '[' value (',' value)* ']'
//! op     := '==' | '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='
//! value  := name | number | "text" | 'text'
//! ```
//! Names are written as in formulas (backticks around names that are not identifiers).
//!
//! # Missing values
//! As SPSS, logic has three values: a comparison with a missing cell is unknown, `not`
//! unknown is unknown, `false and` unknown is false, `true or` unknown is true, and a row
//! whose condition is unknown is not kept. `missing(x)` is true or false, never unknown.
//!
//! A text literal compared with a numeric column matches the value's label (an SPSS value
//! label, e.g. `department == "卫生局"`) or the value written as text.

use super::design::{ColumnData, Source};
use std::fmt;

/// A parsed filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    expr: Expr,
    /// The text as written.
    pub source: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Name(String),
    Num(f64),
    Text(String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Missing(String),
    Cmp(Value, Op, Value),
    In(String, Vec<Value>),
}

/// A filter that could not be parsed or evaluated.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{message} (at character {} of \"{filter}\")", position + 1)]
pub struct FilterError {
    pub message: String,
    pub filter: String,
    pub position: usize,
}

/// The longest filter read, in tokens (its evaluation recurses once per and/or).
const MAX_TOKENS: usize = 1024;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Num(f64),
    Text(String),
    Sym(&'static str),
}

const SYMBOLS: [&str; 14] = [
    "==", "!=", "<>", "<=", ">=", "&&", "||", "=", "<", ">", "!", "(", ")", ",",
];

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, FilterError> {
    let chars: Vec<char> = src.chars().collect();
    let err = |message: String, position: usize| FilterError {
        message,
        filter: src.into(),
        position,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == '[' || c == ']' {
            out.push((Tok::Sym(if c == '[' { "[" } else { "]" }), start));
            i += 1;
        } else if c == '"' || c == '\'' || c == '`' {
            let close = chars[i + 1..]
                .iter()
                .position(|&d| d == c)
                .ok_or_else(|| err(format!("{c} is not closed"), start))?;
            let s: String = chars[i + 1..i + 1 + close].iter().collect();
            i += close + 2;
            out.push((if c == '`' { Tok::Name(s) } else { Tok::Text(s) }, start));
        } else if c.is_ascii_digit()
            || ((c == '-' || c == '.') && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || chars[i] == '.'
                    || ((chars[i] == 'e' || chars[i] == 'E')
                        && chars
                            .get(i + 1)
                            .is_some_and(|d| d.is_ascii_digit() || *d == '-')))
            {
                if chars[i] == 'e' || chars[i] == 'E' {
                    i += 1;
                }
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            let v: f64 = s
                .parse()
                .map_err(|_| err(format!("{s} is not a number"), start))?;
            out.push((Tok::Num(v), start));
        } else if c.is_alphabetic() || c == '_' || c == '.' {
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            out.push((Tok::Name(chars[start..i].iter().collect()), start));
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let sym = SYMBOLS
                .iter()
                .find(|s| rest.starts_with(**s))
                .ok_or_else(|| {
                    let hint = match c {
                        '&' | '|' => " (write and, or: && and || also work)",
                        '，' | '（' | '）' | '＝' | '＞' | '＜' => {
                            " (a full-width character: switch the input method to half-width)"
                        }
                        _ => "",
                    };
                    err(format!("unexpected character '{c}'{hint}"), start)
                })?;
            i += sym.chars().count();
            out.push((Tok::Sym(sym), start));
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    src: &'a str,
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> FilterError {
        FilterError {
            message: message.into(),
            filter: self.src.into(),
            position: self
                .toks
                .get(self.pos)
                .map_or(self.src.chars().count(), |t| t.1),
        }
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Name(n)) if n.eq_ignore_ascii_case(w))
    }
    fn sym(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Sym(t)) if *t == s)
    }
    fn expect(&mut self, s: &str) -> Result<(), FilterError> {
        if self.sym(s) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(format!("expected {s}")))
        }
    }
    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.and()?;
        while self.word("or") || self.sym("||") {
            self.pos += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }
    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.not()?;
        while self.word("and") || self.sym("&&") {
            self.pos += 1;
            e = Expr::And(Box::new(e), Box::new(self.not()?));
        }
        Ok(e)
    }
    fn not(&mut self) -> Result<Expr, FilterError> {
        if self.depth >= super::parse::MAX_NESTING {
            return Err(self.err(format!(
                "conditions nested more than {} deep",
                super::parse::MAX_NESTING
            )));
        }
        self.depth += 1;
        let e = self.not_inner();
        self.depth -= 1;
        e
    }
    fn not_inner(&mut self) -> Result<Expr, FilterError> {
        if self.word("not") || self.sym("!") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        if self.sym("(") {
            self.pos += 1;
            let e = self.or()?;
            self.expect(")")?;
            return Ok(e);
        }
        if self.word("missing") && matches!(self.toks.get(self.pos + 1), Some((Tok::Sym("("), _))) {
            self.pos += 2;
            let name = self.name()?;
            self.expect(")")?;
            return Ok(Expr::Missing(name));
        }
        let left = self.value()?;
        if self.word("in") {
            let Value::Name(name) = left else {
                return Err(self.err("in needs a column name before it"));
            };
            self.pos += 1;
            self.expect("[")?;
            let mut list = vec![self.literal()?];
            while self.sym(",") {
                self.pos += 1;
                list.push(self.literal()?);
            }
            self.expect("]")?;
            return Ok(Expr::In(name, list));
        }
        let op = match self.peek() {
            Some(Tok::Sym("==" | "=")) => Op::Eq,
            Some(Tok::Sym("!=" | "<>")) => Op::Ne,
            Some(Tok::Sym("<")) => Op::Lt,
            Some(Tok::Sym("<=")) => Op::Le,
            Some(Tok::Sym(">")) => Op::Gt,
            Some(Tok::Sym(">=")) => Op::Ge,
            _ => {
                return Err(self.err(
                    "expected a comparison (==, !=, <, <=, >, >=) or in [...] after a value",
                ));
            }
        };
        self.pos += 1;
        let right = self.value()?;
        if !matches!(left, Value::Name(_)) && !matches!(right, Value::Name(_)) {
            return Err(self.err("a comparison needs a column name on one side"));
        }
        Ok(Expr::Cmp(left, op, right))
    }
    fn name(&mut self) -> Result<String, FilterError> {
        match self.peek() {
            Some(Tok::Name(n)) => {
                let n = n.clone();
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.err("expected a column name")),
        }
    }
    fn value(&mut self) -> Result<Value, FilterError> {
        if let Some(Tok::Name(n)) = self.peek() {
            let n = n.clone();
            self.pos += 1;
            return Ok(Value::Name(n));
        }
        self.literal()
    }
    fn literal(&mut self) -> Result<Value, FilterError> {
        let v = match self.peek() {
            Some(Tok::Num(x)) => Value::Num(*x),
            Some(Tok::Text(s)) => Value::Text(s.clone()),
            _ => return Err(self.err("expected a number or a quoted text")),
        };
        self.pos += 1;
        Ok(v)
    }
}

impl Filter {
    /// Parse a filter.
    pub fn parse(src: &str) -> Result<Filter, FilterError> {
        let toks = lex(src)?;
        if toks.len() > MAX_TOKENS {
            return Err(FilterError {
                message: format!(
                    "the filter has more than {MAX_TOKENS} names, values and symbols; split it, or filter the data file first"
                ),
                filter: src.chars().take(80).collect(),
                position: 0,
            });
        }
        let mut p = Parser {
            toks,
            pos: 0,
            src,
            depth: 0,
        };
        if p.peek().is_none() {
            return Err(p.err("the filter is empty"));
        }
        let expr = p.or()?;
        if p.pos < p.toks.len() {
            return Err(
                p.err("unexpected text after the condition (join conditions with and / or)")
            );
        }
        Ok(Filter {
            expr,
            source: src.into(),
        })
    }

    /// The columns the filter reads, in order of appearance, without repeats.
    pub fn variables(&self) -> Vec<String> {
        fn walk(e: &Expr, out: &mut Vec<String>) {
            let mut add = |n: &String| {
                if !out.contains(n) {
                    out.push(n.clone())
                }
            };
            match e {
                Expr::Or(a, b) | Expr::And(a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                Expr::Not(a) => walk(a, out),
                Expr::Missing(n) | Expr::In(n, _) => add(n),
                Expr::Cmp(l, _, r) => {
                    for v in [l, r] {
                        if let Value::Name(n) = v {
                            add(n)
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.expr, &mut out);
        out
    }

    /// Which rows of `src` meet the condition (an unknown result is not kept).
    pub fn keep(&self, src: &dyn Source) -> Result<Vec<bool>, FilterError> {
        for v in self.variables() {
            if src.column(&v).is_none() {
                return Err(FilterError {
                    message: format!("{v} is not a column of the data"),
                    filter: self.source.clone(),
                    position: self
                        .source
                        .find(&v)
                        .map_or(0, |b| self.source[..b].chars().count()),
                });
            }
        }
        (0..src.nrows())
            .map(|i| Ok(self.eval(&self.expr, src, i)? == Some(true)))
            .collect()
    }

    fn eval(&self, e: &Expr, src: &dyn Source, i: usize) -> Result<Option<bool>, FilterError> {
        Ok(match e {
            Expr::Or(a, b) => match (self.eval(a, src, i)?, self.eval(b, src, i)?) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
            Expr::And(a, b) => match (self.eval(a, src, i)?, self.eval(b, src, i)?) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Expr::Not(a) => self.eval(a, src, i)?.map(|b| !b),
            Expr::Missing(n) => Some(match src.column(n) {
                Some(ColumnData::Num(v)) => !v.at(i).is_finite(),
                Some(ColumnData::Text(v)) => v.get(i).is_none_or(|s| s.trim().is_empty()),
                None => true,
            }),
            Expr::In(n, list) => {
                let mut any = Some(false);
                for v in list {
                    match self.compare(&Value::Name(n.clone()), Op::Eq, v, src, i)? {
                        Some(true) => return Ok(Some(true)),
                        None => any = None,
                        Some(false) => {}
                    }
                }
                any
            }
            Expr::Cmp(l, op, r) => self.compare(l, *op, r, src, i)?,
        })
    }

    fn compare(
        &self,
        l: &Value,
        op: Op,
        r: &Value,
        src: &dyn Source,
        i: usize,
    ) -> Result<Option<bool>, FilterError> {
        // A cell as a number or text; None when missing. A numeric column compared with
        // text is read as its value label, else its value written out.
        enum Cell {
            Num(f64, Option<String>),
            Text(String),
        }
        let cell = |v: &Value| -> Option<Cell> {
            match v {
                Value::Num(x) => Some(Cell::Num(*x, None)),
                Value::Text(s) => Some(Cell::Text(s.clone())),
                Value::Name(n) => match src.column(n) {
                    Some(ColumnData::Num(c)) => c.at(i).is_finite().then(|| {
                        let written = format!("{}", c.at(i));
                        let label = src.level_label(n, &written).map(String::from);
                        Cell::Num(c.at(i), Some(label.unwrap_or(written)))
                    }),
                    Some(ColumnData::Text(c)) => c
                        .get(i)
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| Cell::Text(s.trim().to_string())),
                    None => None,
                },
            }
        };
        let (Some(a), Some(b)) = (cell(l), cell(r)) else {
            return Ok(None);
        };
        let ord = match (&a, &b) {
            (Cell::Num(x, _), Cell::Num(y, _)) => x.partial_cmp(y),
            (Cell::Text(x), Cell::Text(y)) => Some(x.cmp(y)),
            (Cell::Num(x, text), Cell::Text(s)) | (Cell::Text(s), Cell::Num(x, text)) => {
                let swapped = matches!(a, Cell::Text(_));
                match (s.parse::<f64>(), text) {
                    // A text column holding numbers, or a number written as text.
                    (Ok(y), _) if matches!(op, Op::Eq | Op::Ne) || text.is_none() => {
                        let o = x.partial_cmp(&y);
                        if swapped { o.map(|o| o.reverse()) } else { o }
                    }
                    (_, Some(t)) if matches!(op, Op::Eq | Op::Ne) => Some(if t == s {
                        std::cmp::Ordering::Equal
                    } else {
                        std::cmp::Ordering::Less
                    }),
                    _ => {
                        let name = [l, r]
                            .into_iter()
                            .find_map(|v| match v {
                                Value::Name(n) => Some(n.as_str()),
                                _ => None,
                            })
                            .unwrap_or_default();
                        return Err(FilterError {
                            message: format!(
                                "{name} mixes numbers and text here: compare a numeric column with a number, a text column with \"quoted text\" (value labels match with == and != only)"
                            ),
                            filter: self.source.clone(),
                            position: 0,
                        });
                    }
                }
            }
        };
        let Some(ord) = ord else { return Ok(None) };
        use std::cmp::Ordering::*;
        Ok(Some(match op {
            Op::Eq => ord == Equal,
            Op::Ne => ord != Equal,
            Op::Lt => ord == Less,
            Op::Le => ord != Greater,
            Op::Gt => ord == Greater,
            Op::Ge => ord != Less,
        }))
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests;
