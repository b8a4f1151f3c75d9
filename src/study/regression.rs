//! One regression model on a frame, from a validated [`ModelSpec`]: the design over
//! complete cases, cluster codes, the OLS fit with its extras (selection steps, simple
//! slopes, diagnostics and bootstraps of the final model), and two models compared.

use super::analyze::AnalyzeError;
use super::{ModelSpec, Study};
use crate::estimate::regression::bootstrap::Resamples;
use crate::estimate::regression::compare::{Fitted, equality_tests, simple_slopes};
use crate::estimate::regression::extras::{Extras, add_extras};
use crate::estimate::regression::lsq::{Data, solve_exact};
use crate::estimate::regression::ols::mean_sd;
use crate::estimate::regression::ols::{OlsSpec, fit};
use crate::estimate::regression::selection::Method;
use crate::estimate::regression::selection::{Selector, stability};
use crate::formula::{Factor, Formula, design, quote_name};
use crate::io::{Column, Frame};
use crate::results::{
    Comparison, ModelReport, OlsResult, SampleInfo, SelectionReport, StepFit, VariableCount,
    regression::ReferenceLevel,
};
use ndarray::{Axis, Ix2};

/// The distinct values of a grouping column over `rows` as text (numbers in their shortest
/// form), in text order, and each row's code 0..G in that order. Each distinct value is
/// written as text once (a million rows are a few thousand centers); all NaNs are one value.
pub fn group_keys(col: &Column, rows: &[usize]) -> (Vec<usize>, Vec<String>) {
    use std::collections::HashMap;
    let mut first_seen = Vec::with_capacity(rows.len());
    let mut keys: Vec<String> = Vec::new();
    match col {
        Column::Num(_) | Column::Small(_) | Column::Coded(..) => {
            let v = col.values().expect("a numeric column");
            let mut seen: HashMap<u64, usize> = HashMap::new();
            for &i in rows {
                let x = v.at(i);
                let bits = if x.is_nan() {
                    f64::NAN.to_bits()
                } else {
                    x.to_bits()
                };
                let code = *seen.entry(bits).or_insert_with(|| {
                    keys.push(format!("{x}"));
                    keys.len() - 1
                });
                first_seen.push(code);
            }
        }
        Column::Text(v) => {
            // The column's own codes, renumbered in the order met here; missing is "".
            let empty = v.distinct().len();
            let blank = v.distinct().iter().position(String::is_empty);
            let mut seen: Vec<Option<usize>> = vec![None; empty + 1];
            for &i in rows {
                let c = (v.code(i).map(|c| c as usize))
                    .filter(|&c| Some(c) != blank)
                    .unwrap_or(empty);
                let code = *seen[c].get_or_insert_with(|| {
                    keys.push(v.get(i).unwrap_or_default().to_string());
                    keys.len() - 1
                });
                first_seen.push(code);
            }
        }
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut position = vec![0; keys.len()];
    for (p, &o) in order.iter().enumerate() {
        position[o] = p;
    }
    let codes = first_seen.into_iter().map(|c| position[c]).collect();
    let sorted = order
        .into_iter()
        .map(|o| std::mem::take(&mut keys[o]))
        .collect();
    (codes, sorted)
}

/// Integer codes 0..G for the values of a cluster column over `rows`, in text order (the
/// order every cluster bootstrap draws from; `multilevel::group_codes` orders numbers
/// numerically for labels).
pub fn cluster_codes(col: &Column, rows: &[usize]) -> Vec<usize> {
    group_keys(col, rows).0
}

/// Rows read, used and dropped by a design, and the rows missing on each variable.
pub fn sample_info(d: &crate::formula::Design) -> SampleInfo {
    SampleInfo {
        rows_read: d.rows_read,
        rows_used: d.rows.len(),
        rows_dropped: d.rows_read - d.rows.len(),
        missing_by_variable: d
            .missing_by_variable
            .iter()
            .map(|(v, c)| VariableCount {
                variable: v.clone(),
                count: *c,
            })
            .collect(),
    }
}

/// Fit one model on a frame: design over complete cases (listwise deletion over the
/// formula's variables and, for cluster SEs, the cluster variable), cluster codes, OLS, and
/// the sample accounting.
pub fn fit_formula(
    frame: &Frame,
    req: &ModelSpec,
    progress: Option<fn(usize, usize)>,
) -> Result<ModelReport, AnalyzeError> {
    let err = |message: String| AnalyzeError::Model {
        model: req.name.clone(),
        message,
    };
    let bootstrap = req.wild.is_some() || req.pairs.is_some();
    let cluster = if req.se.is_clustered() || bootstrap {
        req.cluster.as_deref()
    } else {
        None
    };
    let extra: Vec<&str> = cluster.into_iter().collect();
    let mut d = design(&req.formula, frame, &extra).map_err(|e| err(e.to_string()))?;
    if !req.center.is_empty() {
        // Mean-centre the named variables over this model's sample, then rebuild the design
        // so that products (interactions) are formed from the centred values.
        let mut sub = Frame {
            nrows: frame.nrows,
            ..Frame::default()
        };
        for v in req
            .formula
            .variables()
            .iter()
            .map(String::as_str)
            .chain(extra.iter().copied())
        {
            let Some(col) = frame.get(v) else { continue };
            let col = match (col, req.center.iter().any(|c| c == v)) {
                (Column::Num(_) | Column::Small(_) | Column::Coded(..), true) => {
                    let values = col.values().expect("a numeric column");
                    let mean =
                        d.rows.iter().map(|&i| values.at(i)).sum::<f64>() / d.rows.len() as f64;
                    Column::Num(values.iter().map(|x| x - mean).collect())
                }
                (Column::Text(_), true) => {
                    return Err(err(format!("cannot centre {v}: it is text")));
                }
                (c, false) => c.clone(),
            };
            sub.set(v, col);
        }
        for c in &req.center {
            if sub.get(c).is_none() {
                return Err(err(format!("center: {c} is not a variable of the formula")));
            }
        }
        d = design(&req.formula, &sub, &extra).map_err(|e| err(e.to_string()))?;
    }
    let codes =
        cluster.map(|c| cluster_codes(frame.get(c).expect("design checked the column"), &d.rows));
    let rows1: Vec<usize> = d.rows.iter().map(|&r| frame.file_row(r)).collect();
    // Fit the model on a subset of the design's columns (all of them without selection);
    // diagnostics and bootstraps only for the final model.
    let fit_cols = |cols: &[usize], extras: bool| -> Result<OlsResult, AnalyzeError> {
        // All the columns (a model without selection): the design itself, not a copy.
        fn pick<'a>(
            m: &'a ndarray::Array2<f64>,
            cols: &[usize],
        ) -> ndarray::CowArray<'a, f64, Ix2> {
            if cols.iter().copied().eq(0..m.ncols()) {
                m.view().into()
            } else {
                m.select(Axis(1), cols).into()
            }
        }
        let x = pick(&d.x, cols);
        let x_lo = d.x_lo.as_ref().map(|l| pick(l, cols));
        let terms: Vec<String> = cols.iter().map(|&c| d.columns[c].clone()).collect();
        let spec = OlsSpec {
            x: x.view(),
            y: d.y.view(),
            x_lo: x_lo.as_ref().map(|a| a.view()),
            y_lo: d.y_lo.as_ref().map(|a| a.view()),
            terms: &terms,
            intercept: d.intercept && cols.first() == Some(&0),
            cov: req.se,
            clusters: codes.as_deref(),
            cluster_name: cluster,
            level: req.level,
            lsq: req.lsq,
            rows: Some(&rows1),
        };
        let mut fitted = fit(&spec).map_err(|e| err(e.to_string()))?;
        if extras {
            let wanted = Extras {
                diagnostics: req.diagnostics,
                wild: req.wild,
                pairs: req.pairs,
            };
            add_extras(&spec, &mut fitted, wanted, &|done, total| {
                if let Some(p) = progress {
                    p(done, total)
                }
            });
        }
        Ok(fitted.into_result())
    };
    let all: Vec<usize> = (0..d.columns.len()).collect();
    let (fitted, selection) = match &req.selection {
        None => (fit_cols(&all, true)?, None),
        Some(sr) => {
            let sel = Selector::new(d.x.view(), d.y.view(), &d.columns, d.intercept, sr.criteria);
            let candidates: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&c| d.term_of_column[c].is_some())
                .collect();
            let result = match &sr.blocks {
                Some(blocks) => {
                    let mut cols_of_block = Vec::new();
                    for (bi, block) in blocks.iter().enumerate() {
                        let mut cols = Vec::new();
                        for t in block {
                            let ti = req
                                .formula
                                .terms
                                .iter()
                                .position(|ft| {
                                    ft.to_string() == *t || ft.to_string() == formula_term(t)
                                })
                                .ok_or_else(|| {
                                    err(format!(
                                        "block {}: term \"{t}\" is not a term of the formula",
                                        bi + 1
                                    ))
                                })?;
                            cols.extend(
                                all.iter()
                                    .copied()
                                    .filter(|&c| d.term_of_column[c] == Some(ti)),
                            );
                        }
                        cols_of_block.push(cols);
                    }
                    let covered: usize = cols_of_block.iter().map(Vec::len).sum();
                    if covered != candidates.len() {
                        return Err(err(
                            "every term of the formula must be in exactly one block".into(),
                        ));
                    }
                    sel.blocks(&cols_of_block)
                }
                None => sel.run(sr.method, &candidates),
            };
            let mut steps = Vec::new();
            for st in &result.steps {
                let f = fit_cols(&st.columns, false)?;
                steps.push(StepFit {
                    step: st.clone(),
                    glance: f.glance,
                    anova: f.anova,
                    tidy: f.tidy,
                });
            }
            let last = result
                .steps
                .last()
                .map(|s| s.columns.clone())
                .unwrap_or_else(|| sel_base(d.intercept));
            let final_fit = fit_cols(&last, true)?;
            let mut warnings = Vec::new();
            let (mut frequencies, mut stability_reps) = (None, None);
            if sr.blocks.is_none()
                && matches!(
                    sr.method,
                    Method::Stepwise | Method::Forward | Method::Backward
                )
            {
                warnings.push(format!(
                    "The variables of this model were chosen from the data: its p-values and confidence intervals do not account for the selection and are too small (too narrow). {}",
                    if sr.stability.is_some() { "The selection stability table shows how often each variable is chosen in cluster-bootstrap resamples." } else { "Ask for selection_bootstrap = B (--selection-bootstrap B) to see how stable the choice is." }
                ));
                if let (Some(Resamples { reps, seed }), Some(cl)) = (sr.stability, codes.as_deref())
                {
                    let (n, freq) = stability(&sel, sr.method, &candidates, cl, reps, seed);
                    frequencies = Some(freq);
                    stability_reps = Some(n);
                }
            }
            (
                final_fit,
                Some(SelectionReport {
                    method: result.method,
                    method_text: result.method_text,
                    steps,
                    stability: frequencies,
                    stability_reps,
                    warnings,
                }),
            )
        }
    };
    // Simple slopes of each two-way interaction of numeric variables: the first variable's
    // slope at the second's mean and +/- 1 SD over the sample.
    let mut slopes = Vec::new();
    for t in &req.formula.terms {
        if let [Factor::Var(a), Factor::Var(b)] = t.0.as_slice() {
            let names: Vec<&String> = fitted.tidy.iter().map(|r| &r.term).collect();
            let (na, nb, nab) = (quote_name(a), quote_name(b), t.to_string());
            let (Some(fi), Some(ii), Some(bi)) = (
                names.iter().position(|n| **n == na),
                names.iter().position(|n| **n == nab),
                d.columns.iter().position(|n| *n == nb),
            ) else {
                continue;
            };
            if fitted.tidy[fi].aliased || fitted.tidy[ii].aliased {
                continue;
            }
            let (mean, sd) = mean_sd(d.x.column(bi).iter().copied());
            let coef = ndarray::Array1::from(
                fitted
                    .tidy
                    .iter()
                    .map(|r| r.estimate.unwrap_or(f64::NAN))
                    .collect::<Vec<_>>(),
            );
            slopes.extend(simple_slopes(
                a,
                b,
                &coef,
                &fitted.vcov,
                fi,
                ii,
                mean,
                sd,
                fitted.covariance.df,
                req.level,
            ));
        }
    }
    Ok(ModelReport {
        name: req.name.to_string(),
        title: req.title.clone(),
        formula: req.formula.source.clone(),
        outcome: req.formula.response.clone(),
        sample: sample_info(&d),
        fit: fitted,
        selection,
        centered: req.center.clone(),
        simple_slopes: slopes,
        reference_levels: d
            .references
            .iter()
            .map(|(variable, level)| ReferenceLevel {
                variable: variable.clone(),
                level: level.clone(),
            })
            .collect(),
    })
}

/// Name the rows of a fitted model's augment data and influential cases by the respondent
/// id column `id` of `frame` (the frame the model was fitted on), beside their row numbers.
pub fn label_rows(m: &mut ModelReport, frame: &Frame, id: &str) {
    let Some(col) = frame.get(id) else { return };
    // Frame index of a file data row (rows left out by a filter are absent).
    let index = |row: usize| -> Option<usize> {
        if frame.file_rows.is_empty() {
            row.checked_sub(1)
        } else {
            frame.file_rows.binary_search(&row).ok()
        }
    };
    let id_of = |row: usize| index(row).map_or_else(String::new, |i| col.text_at(i));
    let a = &mut m.fit.augment;
    a.id = a.row.iter().map(|&r| id_of(r)).collect();
    if let Some(d) = &mut m.fit.diagnostics {
        for c in &mut d.influential {
            c.id = Some(id_of(c.row));
        }
    }
}

/// Equality tests of two models' shared slopes with their joint cluster-robust covariance.
/// Each model is fitted as its formula is written (all terms), on its own complete cases
/// with the cluster variable present.
pub(super) fn compare_models(
    study: &Study,
    frame: &Frame,
    c: &super::ComparisonSpec,
) -> Result<Comparison, AnalyzeError> {
    let err = |message: String| AnalyzeError::Model {
        model: format!("{} vs {}", c.models[0], c.models[1]),
        message,
    };
    let col = frame
        .get(&c.cluster)
        .ok_or_else(|| err(format!("cluster {} is not a column", c.cluster)))?;
    let all: Vec<usize> = (0..frame.nrows).collect();
    let codes_all = cluster_codes(col, &all);
    let mut fits = Vec::new();
    for name in &c.models {
        let m = study.model(name).expect("validated");
        let d = design(&m.formula, frame, &[c.cluster.as_str()]).map_err(|e| err(e.to_string()))?;
        let sol = solve_exact(
            Data {
                x: d.x.view(),
                x_lo: d.x_lo.as_ref().map(|a| a.view()),
                y: d.y.view(),
                y_lo: d.y_lo.as_ref().map(|a| a.view()),
            },
            crate::estimate::LsqOptions::default(),
        )
        .map_err(|e| err(e.to_string()))?;
        let codes: Vec<usize> = d.rows.iter().map(|&i| codes_all[i]).collect();
        fits.push((d.columns, sol, codes, d.x));
    }
    let fa = Fitted {
        terms: &fits[0].0,
        sol: &fits[0].1,
        clusters: &fits[0].2,
        x: fits[0].3.view(),
    };
    let fb = Fitted {
        terms: &fits[1].0,
        sol: &fits[1].1,
        clusters: &fits[1].2,
        x: fits[1].3.view(),
    };
    let (tests, joint, g) = equality_tests(&fa, &fb);
    Ok(Comparison {
        models: c.models.to_vec(),
        cluster: c.cluster.clone(),
        clusters: g,
        method: format!(
            "Joint (seemingly unrelated) cluster-robust covariance of the two fits by {} ({g} clusters, factor G/(G-1)), as Stata's suest; chi-square Wald tests of equal coefficients.",
            c.cluster
        ),
        tests,
        joint,
    })
}

fn sel_base(intercept: bool) -> Vec<usize> {
    if intercept { vec![0] } else { vec![] }
}

/// A block term as the formula prints it (so "C( dept )" and "C(dept)" match).
fn formula_term(t: &str) -> String {
    match Formula::parse(&format!("y__ ~ {t}")) {
        Ok(f) if f.terms.len() == 1 => f.terms[0].to_string(),
        _ => t.to_string(),
    }
}
