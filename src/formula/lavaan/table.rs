//! The parameter table of a parsed lavaan model under `sem()`'s defaults (see the parent
//! module's docs): rows, free-parameter indices and defined parameters.

use super::{LavaanError, Modifier, Op, Syntax};
use crate::results::sem::{DefinedParam, ParRow, ParTable};

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
