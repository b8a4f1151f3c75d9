//! From a parsed formula and a data source to a design matrix, with listwise deletion.

use super::parse::{Factor, Formula};
use crate::numeric::dd::Dd;
use ndarray::{Array1, Array2};

/// A column as the design builder sees it: numbers (NaN = missing) or text (None = missing).
#[derive(Clone, Copy, Debug)]
pub enum ColumnData<'a> {
    Num(crate::numeric::values::Values<'a>),
    Text(&'a super::Texts),
}

/// Where the design builder finds variables by name.
pub trait Source {
    fn nrows(&self) -> usize;
    fn column(&self, name: &str) -> Option<ColumnData<'_>>;
    /// What the doubles of a numeric column miss of its decimal values (None: nothing).
    fn low(&self, _name: &str) -> Option<&[f64]> {
        None
    }
    /// The label of one level of a column ("3" -> "卫生局"), as an SPSS value label gives it:
    /// C() terms are named by it, in the order of the values.
    fn level_label(&self, _name: &str, _level: &str) -> Option<&str> {
        None
    }
}

/// A design matrix over the complete cases of a formula's variables.
#[derive(Clone, Debug)]
pub struct Design {
    pub x: Array2<f64>,
    pub y: Array1<f64>,
    /// Remainders of `x` and `y` in double-double (x + x_lo is the design as written in
    /// decimal, powers and products computed exactly); None where all are zero.
    pub x_lo: Option<Array2<f64>>,
    pub y_lo: Option<Array1<f64>>,
    /// Name of each column of `x` (R-style: `(Intercept)`, `x`, `I(x^2)`, `C(d)[T.B]`, `a:b`).
    pub columns: Vec<String>,
    pub intercept: bool,
    /// 0-based indices of the source rows used.
    pub rows: Vec<usize>,
    pub rows_read: usize,
    /// Per variable (formula order, then extra variables): rows missing on it.
    pub missing_by_variable: Vec<(String, usize)>,
    /// For each column, the index of the formula term it comes from (None: the intercept).
    pub term_of_column: Vec<Option<usize>>,
    /// Each categorical variable as written (`C(department)`) and its reference level (as
    /// shown: a value label when there is one), in formula order.
    pub references: Vec<(String, String)>,
}

/// Errors building a design.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DesignError {
    #[error("variable {0} is not a column of the data nor a construct of the study")]
    Unknown(String),
    #[error("variable {0} is text; wrap it in C() to use it as categories")]
    TextNotNumeric(String),
    #[error(
        "reference level \"{reference}\" of C({name}) is not among its levels in the sample: {levels}"
    )]
    BadReference {
        name: String,
        reference: String,
        levels: String,
    },
    #[error("no complete cases: every row misses at least one of {0}")]
    NoCompleteCases(String),
}

fn is_missing(c: &ColumnData, i: usize) -> bool {
    match c {
        ColumnData::Num(v) => !v.at(i).is_finite(),
        ColumnData::Text(v) => v.get(i).is_none(),
    }
}

/// Level label of a cell (numbers print without a trailing .0).
fn level_of(c: &ColumnData, i: usize) -> String {
    match c {
        ColumnData::Num(v) => format!("{}", v.at(i)),
        ColumnData::Text(v) => v.get(i).unwrap_or_default().to_string(),
    }
}

/// Sorted distinct levels over `rows` (numeric order for numbers, as R's factor()).
fn levels(c: &ColumnData, rows: &[usize]) -> Vec<String> {
    match c {
        ColumnData::Num(v) => {
            let mut xs: Vec<f64> = rows.iter().map(|&i| v.at(i)).collect();
            xs.sort_by(|a, b| a.total_cmp(b));
            xs.dedup();
            xs.into_iter().map(|x| format!("{x}")).collect()
        }
        ColumnData::Text(v) => {
            let mut seen = vec![false; v.distinct().len()];
            for &i in rows {
                if let Some(c) = v.code(i) {
                    seen[c as usize] = true;
                }
            }
            let mut xs: Vec<String> = (v.distinct().iter().zip(&seen))
                .filter(|(_, s)| **s)
                .map(|(x, _)| x.clone())
                .collect();
            xs.sort();
            xs
        }
    }
}

/// A design column as double-double: values and their remainders (None when all zero).
struct Piece {
    hi: Vec<f64>,
    lo: Option<Vec<f64>>,
}

impl Piece {
    fn get(&self, i: usize) -> Dd {
        Dd {
            hi: self.hi[i],
            lo: self.lo.as_ref().map_or(0.0, |l| l[i]),
        }
    }
    fn from_dd(v: Vec<Dd>) -> Piece {
        let hi: Vec<f64> = v.iter().map(|d| d.hi + d.lo).collect();
        let lo: Vec<f64> = v
            .iter()
            .zip(&hi)
            .map(|(d, h)| (*d - Dd::from_f64(*h)).to_f64())
            .collect();
        Piece { hi, lo: Some(lo) }.tidy()
    }
    /// Drop an all-zero remainder.
    fn tidy(mut self) -> Piece {
        if self
            .lo
            .as_ref()
            .is_some_and(|l| l.iter().all(|v| *v == 0.0 || !v.is_finite()))
        {
            self.lo = None;
        }
        self
    }
    /// Elementwise product, exact to double-double precision.
    fn mul(&self, other: &Piece) -> Piece {
        if self.lo.is_none() && self.hi.iter().all(|v| *v == 1.0) {
            return Piece {
                hi: other.hi.clone(),
                lo: other.lo.clone(),
            };
        }
        Piece::from_dd(
            (0..self.hi.len())
                .map(|i| self.get(i) * other.get(i))
                .collect(),
        )
    }
    /// Elementwise integer power, exact to double-double precision.
    fn pow(&self, k: u32) -> Piece {
        Piece::from_dd(
            (0..self.hi.len())
                .map(|i| {
                    let x = self.get(i);
                    let mut acc = x;
                    for _ in 1..k {
                        acc = acc * x;
                    }
                    acc
                })
                .collect(),
        )
    }
}

/// How a column of the design is formed: the intercept's ones, a numeric variable read over
/// the design's rows where the matrix is filled (its remainders, when it has any that are
/// not zero), or a computed piece (powers, products, dummies). A plain variable is not
/// gathered into a vector of its own first: at 1,000,000 rows that is 8 MB a column held
/// beside the matrix.
enum Col<'a> {
    Ones,
    Var(crate::numeric::values::Values<'a>, Option<&'a [f64]>),
    Piece(Piece),
}

impl Col<'_> {
    /// The value at design row `i` (source row `rows[i]`).
    fn hi(&self, i: usize, rows: &[usize]) -> f64 {
        match self {
            Col::Ones => 1.0,
            Col::Var(v, _) => v.at(rows[i]),
            Col::Piece(p) => p.hi[i],
        }
    }
    /// Its remainder at design row `i`.
    fn lo(&self, i: usize, rows: &[usize]) -> f64 {
        match self {
            Col::Ones => 0.0,
            Col::Var(_, lo) => lo.map_or(0.0, |l| l[rows[i]]),
            Col::Piece(p) => p.lo.as_ref().map_or(0.0, |l| l[i]),
        }
    }
    fn has_lo(&self) -> bool {
        match self {
            Col::Ones => false,
            Col::Var(_, lo) => lo.is_some(),
            Col::Piece(p) => p.lo.is_some(),
        }
    }
}

/// Build the design of `f` over the rows where the formula's variables and `extra`
/// (e.g. the cluster variable) are all present.
pub fn design(f: &Formula, src: &dyn Source, extra: &[&str]) -> Result<Design, DesignError> {
    let mut vars = f.variables();
    for e in extra {
        if !vars.iter().any(|v| v == e) {
            vars.push(e.to_string());
        }
    }
    let mut cols = Vec::new();
    for v in &vars {
        cols.push(
            src.column(v)
                .ok_or_else(|| DesignError::Unknown(v.clone()))?,
        );
    }
    // Numeric-only uses: response, plain variables and powers.
    let numeric_needed = |name: &str| {
        name == f.response
            || f.terms.iter().any(|t| {
                t.0.iter()
                    .any(|x| !matches!(x, Factor::Cat { .. }) && x.variable() == name)
            })
    };
    for (v, c) in vars.iter().zip(&cols) {
        if matches!(c, ColumnData::Text(_)) && numeric_needed(v) {
            return Err(DesignError::TextNotNumeric(v.clone()));
        }
    }
    let n = src.nrows();
    let mut missing = vec![0usize; vars.len()];
    let mut rows = Vec::new();
    for i in 0..n {
        let mut ok = true;
        for (k, c) in cols.iter().enumerate() {
            if is_missing(c, i) {
                missing[k] += 1;
                ok = false;
            }
        }
        if ok {
            rows.push(i);
        }
    }
    if rows.is_empty() {
        return Err(DesignError::NoCompleteCases(vars.join(", ")));
    }
    let col_of = |name: &str| {
        cols[vars
            .iter()
            .position(|v| v == name)
            .expect("every variable has a column")]
    };

    // Expand each term into named columns of values over `rows`, each with its remainder.
    let mut names: Vec<String> = Vec::new();
    let mut term_of_column: Vec<Option<usize>> = Vec::new();
    let mut data: Vec<Col> = Vec::new();
    let mut references: Vec<(String, String)> = Vec::new();
    if f.intercept {
        term_of_column.push(None);
        names.push("(Intercept)".into());
        data.push(Col::Ones);
    }
    let numeric = |name: &str| -> Piece {
        let ColumnData::Num(v) = col_of(name) else {
            unreachable!("checked above")
        };
        let low = src.low(name);
        Piece {
            hi: v.gather(&rows),
            lo: low.map(|l| rows.iter().map(|&i| l[i]).collect()),
        }
        .tidy()
    };
    for (term_index, term) in f.terms.iter().enumerate() {
        if let [Factor::Var(name)] = term.0.as_slice() {
            // A plain variable, read where the matrix is filled; its remainders only when
            // some on the rows are not zero (as `Piece::tidy` keeps them).
            let ColumnData::Num(v) = col_of(name) else {
                unreachable!("checked above")
            };
            let lo = src
                .low(name)
                .filter(|l| rows.iter().any(|&i| l[i] != 0.0 && l[i].is_finite()));
            names.push(super::parse::quote(name));
            term_of_column.push(Some(term_index));
            data.push(Col::Var(v, lo));
            continue;
        }
        // Each factor contributes a list of named pieces; the term is their product.
        let mut parts: Vec<(String, Piece)> = vec![(
            String::new(),
            Piece {
                hi: vec![1.0; rows.len()],
                lo: None,
            },
        )];
        for fac in &term.0 {
            let c = col_of(fac.variable());
            let pieces: Vec<(String, Piece)> = match fac {
                Factor::Var(name) => vec![(super::parse::quote(name), numeric(name))],
                Factor::Pow { name, power } => vec![(
                    format!("I({}^{power})", super::parse::quote(name)),
                    numeric(name).pow(*power),
                )],
                Factor::Cat { name, reference } => {
                    let lv = levels(&c, &rows);
                    let shown = |l: &str| src.level_label(name, l).unwrap_or(l).to_string();
                    let refl = match reference {
                        None => lv[0].clone(),
                        Some(r) => {
                            let found = lv.iter().find(|l| {
                                *l == r
                                    || shown(l) == *r
                                    || r.parse::<f64>().ok().is_some_and(|x| format!("{x}") == **l)
                            });
                            match found {
                                Some(l) => l.clone(),
                                None => {
                                    return Err(DesignError::BadReference {
                                        name: name.clone(),
                                        reference: r.clone(),
                                        levels: lv
                                            .iter()
                                            .map(|l| shown(l))
                                            .collect::<Vec<_>>()
                                            .join(", "),
                                    });
                                }
                            }
                        }
                    };
                    let written = format!("C({})", super::parse::quote(name));
                    if !references.iter().any(|(w, _)| *w == written) {
                        references.push((written, shown(&refl)));
                    }
                    let labels: Vec<String> = rows.iter().map(|&i| level_of(&c, i)).collect();
                    lv.iter()
                        .filter(|l| **l != refl)
                        .map(|l| {
                            (
                                format!("C({})[T.{}]", super::parse::quote(name), shown(l)),
                                Piece {
                                    hi: labels
                                        .iter()
                                        .map(|x| if x == l { 1.0 } else { 0.0 })
                                        .collect(),
                                    lo: None,
                                },
                            )
                        })
                        .collect()
                }
            };
            let mut next = Vec::new();
            for (pn, pv) in &parts {
                for (qn, qv) in &pieces {
                    let nm = if pn.is_empty() {
                        qn.clone()
                    } else {
                        format!("{pn}:{qn}")
                    };
                    next.push((nm, pv.mul(qv)));
                }
            }
            parts = next;
        }
        for (nm, v) in parts {
            names.push(nm);
            term_of_column.push(Some(term_index));
            data.push(Col::Piece(v));
        }
    }
    let p = names.len();
    let x = Array2::from_shape_fn((rows.len(), p), |(i, j)| data[j].hi(i, &rows));
    let x_lo = if data.iter().any(Col::has_lo) {
        Some(Array2::from_shape_fn((rows.len(), p), |(i, j)| {
            data[j].lo(i, &rows)
        }))
    } else {
        None
    };
    drop(data);
    let yp = numeric(&f.response);
    let y = Array1::from(yp.hi);
    let y_lo = yp.lo.map(Array1::from);
    Ok(Design {
        x,
        y,
        x_lo,
        y_lo,
        columns: names,
        intercept: f.intercept,
        rows,
        rows_read: n,
        missing_by_variable: vars.into_iter().zip(missing).collect(),
        term_of_column,
        references,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Mem(
        HashMap<String, (Option<Vec<f64>>, Option<crate::formula::Texts>)>,
        usize,
    );
    impl Source for Mem {
        fn nrows(&self) -> usize {
            self.1
        }
        fn column(&self, name: &str) -> Option<ColumnData<'_>> {
            self.0.get(name).map(|(n, t)| match (n, t) {
                (Some(v), _) => ColumnData::Num(crate::numeric::values::Values::Real(v)),
                (_, Some(v)) => ColumnData::Text(v),
                _ => unreachable!(),
            })
        }
    }

    fn mem() -> Mem {
        let mut m = HashMap::new();
        m.insert("y".into(), (Some(vec![1.0, 2.0, 3.0, 4.0, f64::NAN]), None));
        m.insert("x".into(), (Some(vec![1.0, 2.0, 3.0, 5.0, 1.0]), None));
        m.insert(
            "d".into(),
            (
                None,
                Some(
                    [Some("b"), Some("a"), Some("c"), Some("a"), None]
                        .into_iter()
                        .collect(),
                ),
            ),
        );
        Mem(m, 5)
    }

    #[test]
    fn treatment_dummies_use_the_first_level_or_the_chosen_reference() {
        let f = Formula::parse("y ~ x + C(d)").unwrap();
        let d = design(&f, &mem(), &[]).unwrap();
        assert_eq!(
            d.columns,
            vec!["(Intercept)", "x", "C(d)[T.b]", "C(d)[T.c]"]
        );
        assert_eq!(d.rows, vec![0, 1, 2, 3]);
        assert_eq!(d.x.column(2).to_vec(), vec![1.0, 0.0, 0.0, 0.0]);
        let f = Formula::parse("y ~ C(d, ref=\"c\")").unwrap();
        let d = design(&f, &mem(), &[]).unwrap();
        assert_eq!(d.columns, vec!["(Intercept)", "C(d)[T.a]", "C(d)[T.b]"]);
        let f = Formula::parse("y ~ C(d, ref=\"z\")").unwrap();
        assert!(matches!(
            design(&f, &mem(), &[]),
            Err(DesignError::BadReference { .. })
        ));
    }

    #[test]
    fn interactions_powers_and_listwise_counts() {
        let f = Formula::parse("y ~ x*C(d) + I(x^2) - 1").unwrap();
        let d = design(&f, &mem(), &[]).unwrap();
        assert_eq!(
            d.columns,
            vec![
                "x",
                "C(d)[T.b]",
                "C(d)[T.c]",
                "I(x^2)",
                "x:C(d)[T.b]",
                "x:C(d)[T.c]"
            ]
        );
        assert_eq!(d.x.column(3).to_vec(), vec![1.0, 4.0, 9.0, 25.0]);
        assert_eq!(d.x.column(4).to_vec(), vec![1.0, 0.0, 0.0, 0.0]);
        assert_eq!(
            d.missing_by_variable,
            vec![
                ("y".to_string(), 1),
                ("x".to_string(), 0),
                ("d".to_string(), 1)
            ]
        );
    }

    #[test]
    fn text_without_c_and_unknown_names_are_errors() {
        let f = Formula::parse("y ~ d").unwrap();
        assert_eq!(
            design(&f, &mem(), &[]).unwrap_err(),
            DesignError::TextNotNumeric("d".into())
        );
        let f = Formula::parse("y ~ zz").unwrap();
        assert_eq!(
            design(&f, &mem(), &[]).unwrap_err(),
            DesignError::Unknown("zz".into())
        );
    }
}
