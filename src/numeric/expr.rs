//! Arithmetic expressions over named values — `a*b`, `c + a*b`, `(a1 - a2)/2`, `a^2` — parsed
//! once and evaluated with their exact gradient by forward-mode differentiation: the defined
//! parameters (`:=`) of a structural equation model, whose delta-method standard errors need
//! the gradient with respect to the model's parameters.

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Num(f64),
    Name(String),
    Neg(Box<Expr>),
    Bin(Box<Expr>, BinOp, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

/// A parse error at a character column (1-based) of the expression.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct ExprError {
    pub column: usize,
    pub message: String,
}

/// A value with its gradient (forward-mode dual number).
#[derive(Clone, Debug, PartialEq)]
pub struct Dual {
    pub value: f64,
    pub grad: Vec<f64>,
}

impl Dual {
    pub fn constant(value: f64, n: usize) -> Dual {
        Dual {
            value,
            grad: vec![0.0; n],
        }
    }
    fn map(&self, value: f64, scale: f64) -> Dual {
        Dual {
            value,
            grad: self.grad.iter().map(|g| g * scale).collect(),
        }
    }
    fn combine(&self, o: &Dual, value: f64, a: f64, b: f64) -> Dual {
        Dual {
            value,
            grad: self
                .grad
                .iter()
                .zip(&o.grad)
                .map(|(x, y)| a * x + b * y)
                .collect(),
        }
    }
}

fn is_name_char(c: char, first: bool) -> bool {
    c == '_' || c == '.' || c.is_alphabetic() || (!first && c.is_alphanumeric())
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn skip(&mut self) {
        while self.pos < self.chars.len() && self.chars[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }
    fn peek(&mut self) -> Option<char> {
        self.skip();
        self.chars.get(self.pos).copied()
    }
    fn error(&self, message: impl Into<String>) -> ExprError {
        ExprError {
            column: self.pos + 1,
            message: message.into(),
        }
    }
    fn sum(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.product()?;
        while let Some(c) = self.peek() {
            let op = match c {
                '+' => BinOp::Add,
                '-' => BinOp::Sub,
                _ => break,
            };
            self.pos += 1;
            let right = self.product()?;
            left = Expr::Bin(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }
    fn product(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        while let Some(c) = self.peek() {
            let op = match c {
                '*' => BinOp::Mul,
                '/' => BinOp::Div,
                _ => break,
            };
            self.pos += 1;
            let right = self.unary()?;
            left = Expr::Bin(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }
    fn unary(&mut self) -> Result<Expr, ExprError> {
        match self.peek() {
            Some('-') => {
                self.pos += 1;
                Ok(Expr::Neg(Box::new(self.unary()?)))
            }
            Some('+') => {
                self.pos += 1;
                self.unary()
            }
            _ => self.power(),
        }
    }
    fn power(&mut self) -> Result<Expr, ExprError> {
        let base = self.atom()?;
        if self.peek() == Some('^') {
            self.pos += 1;
            let exp = self.unary()?;
            return Ok(Expr::Bin(Box::new(base), BinOp::Pow, Box::new(exp)));
        }
        Ok(base)
    }
    fn atom(&mut self) -> Result<Expr, ExprError> {
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let e = self.sum()?;
                if self.peek() != Some(')') {
                    return Err(self.error("expected ')'"));
                }
                self.pos += 1;
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() || c == '.' && self.next_is_digit() => {
                let start = self.pos;
                while self.pos < self.chars.len()
                    && (self.chars[self.pos].is_ascii_digit() || self.chars[self.pos] == '.')
                {
                    self.pos += 1;
                }
                if self.pos < self.chars.len() && matches!(self.chars[self.pos], 'e' | 'E') {
                    let save = self.pos;
                    self.pos += 1;
                    if self.pos < self.chars.len() && matches!(self.chars[self.pos], '+' | '-') {
                        self.pos += 1;
                    }
                    if self.pos < self.chars.len() && self.chars[self.pos].is_ascii_digit() {
                        while self.pos < self.chars.len() && self.chars[self.pos].is_ascii_digit() {
                            self.pos += 1;
                        }
                    } else {
                        self.pos = save;
                    }
                }
                let s: String = self.chars[start..self.pos].iter().collect();
                s.parse().map(Expr::Num).map_err(|_| ExprError {
                    column: start + 1,
                    message: format!("'{s}' is not a number"),
                })
            }
            Some(c) if is_name_char(c, true) => {
                let start = self.pos;
                while self.pos < self.chars.len() && is_name_char(self.chars[self.pos], false) {
                    self.pos += 1;
                }
                Ok(Expr::Name(self.chars[start..self.pos].iter().collect()))
            }
            Some(c) => Err(self.error(format!("unexpected '{c}'"))),
            None => Err(self.error("the expression ends too early")),
        }
    }
    fn next_is_digit(&self) -> bool {
        self.chars
            .get(self.pos + 1)
            .is_some_and(|c| c.is_ascii_digit())
    }
}

impl Expr {
    /// Parse `text` (numbers, names, + - * / ^ and parentheses).
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let mut p = Parser {
            chars: text.chars().collect(),
            pos: 0,
        };
        let e = p.sum()?;
        if let Some(c) = p.peek() {
            return Err(p.error(format!("unexpected '{c}'")));
        }
        Ok(e)
    }

    /// The names the expression uses, in order of first use.
    pub fn names(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }
    fn collect(&self, out: &mut Vec<String>) {
        match self {
            Expr::Num(_) => {}
            Expr::Name(n) => {
                if !out.contains(n) {
                    out.push(n.clone());
                }
            }
            Expr::Neg(e) => e.collect(out),
            Expr::Bin(a, _, b) => {
                a.collect(out);
                b.collect(out);
            }
        }
    }

    /// The value and gradient, each name looked up as a dual number (None: unknown name);
    /// `n` is the length of the gradients.
    pub fn eval(&self, n: usize, lookup: &dyn Fn(&str) -> Option<Dual>) -> Option<Dual> {
        Some(match self {
            Expr::Num(v) => Dual::constant(*v, n),
            Expr::Name(name) => lookup(name)?,
            Expr::Neg(e) => {
                let d = e.eval(n, lookup)?;
                d.map(-d.value, -1.0)
            }
            Expr::Bin(a, op, b) => {
                let (x, y) = (a.eval(n, lookup)?, b.eval(n, lookup)?);
                match op {
                    BinOp::Add => x.combine(&y, x.value + y.value, 1.0, 1.0),
                    BinOp::Sub => x.combine(&y, x.value - y.value, 1.0, -1.0),
                    BinOp::Mul => x.combine(&y, x.value * y.value, y.value, x.value),
                    BinOp::Div => x.combine(
                        &y,
                        x.value / y.value,
                        1.0 / y.value,
                        -x.value / (y.value * y.value),
                    ),
                    BinOp::Pow => {
                        let v = x.value.powf(y.value);
                        let dx = y.value * x.value.powf(y.value - 1.0);
                        let constant_exponent = y.grad.iter().all(|g| *g == 0.0);
                        let dy = if constant_exponent {
                            0.0
                        } else {
                            v * x.value.ln()
                        };
                        x.combine(&y, v, dx, dy)
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(values: &'a [(&'a str, f64)]) -> impl Fn(&str) -> Option<Dual> + 'a {
        move |name: &str| {
            let k = values.iter().position(|(n, _)| *n == name)?;
            let mut grad = vec![0.0; values.len()];
            grad[k] = 1.0;
            Some(Dual {
                value: values[k].1,
                grad,
            })
        }
    }

    #[test]
    fn products_sums_and_powers_with_their_gradients() {
        let vals = [("a", 0.5), ("b", -2.0), ("c", 3.0)];
        let e = Expr::parse("c + a*b").unwrap();
        let d = e.eval(3, &at(&vals)).unwrap();
        assert_eq!(d.value, 2.0);
        assert_eq!(d.grad, vec![-2.0, 0.5, 1.0]);
        let e = Expr::parse("(a - b) / 2 - -a^2").unwrap();
        let d = e.eval(3, &at(&vals)).unwrap();
        assert!((d.value - (1.25 + 0.25)).abs() < 1e-15);
        assert_eq!(d.grad, vec![0.5 + 1.0, -0.5, 0.0]);
        assert_eq!(e.names(), vec!["a", "b"]);
        assert_eq!(
            Expr::parse("2.5e-1*a")
                .unwrap()
                .eval(3, &at(&vals))
                .unwrap()
                .value,
            0.125
        );
    }

    #[test]
    fn errors_name_the_column() {
        assert_eq!(Expr::parse("a * (b + c").unwrap_err().column, 11);
        assert_eq!(Expr::parse("a $ b").unwrap_err().column, 3);
        assert_eq!(
            Expr::parse("a *").unwrap_err().message,
            "the expression ends too early"
        );
        assert!(
            Expr::parse("a*zz")
                .unwrap()
                .eval(3, &at(&[("a", 1.0)]))
                .is_none()
        );
    }
}
