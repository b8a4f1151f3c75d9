//! The estimates table: estimates, standard errors, Wald tests and limits, the standardized
//! solution (std.lv, std.all) with delta-method SEs, and the defined parameters.

use super::ram::Ram;
use super::{SemError, SemSpec};
use crate::numeric::dist::{norm_quantile, norm_upper};
use crate::numeric::expr::Dual;
use crate::results::sem::{ParTable, SemEstimate};
use ndarray::Array2;

/// The standardized values (std.lv, std.all) of every row of the table, then std.all of every
/// defined parameter, at θ.
fn standardized(
    ram: &Ram,
    pt: &ParTable,
    node: &dyn Fn(&str) -> usize,
    t: &[f64],
) -> Option<(Vec<f64>, Vec<f64>)> {
    let m = ram.implied(t)?;
    let (_, smat) = ram.matrices(t);
    let sd = |i: usize| m.c[[i, i]].max(0.0).sqrt();
    let latent = |i: usize| i >= ram.p;
    // The residual SD of a variable, by which a covariance is divided (lavaan's cov.std).
    let rv = |i: usize| smat[[i, i]].abs().sqrt();
    let value = |r: &crate::results::sem::ParRow| r.fixed.unwrap_or_else(|| t[r.free.unwrap()]);
    let mut lv = Vec::with_capacity(pt.rows.len() + pt.defined.len());
    let mut all = Vec::with_capacity(pt.rows.len() + pt.defined.len());
    for r in &pt.rows {
        let (l, rr) = (node(&r.lhs), node(&r.rhs));
        let v = value(r);
        let by_lv = |i: usize| if latent(i) { sd(i) } else { 1.0 };
        let by_ov = |i: usize| if latent(i) { 1.0 } else { sd(i) };
        let (x, y) = match r.op.as_str() {
            "=~" => {
                let x = v * sd(l) / by_lv(rr);
                (x, x / by_ov(rr))
            }
            "~" => {
                let x = v * by_lv(rr) / by_lv(l);
                (x, x * by_ov(rr) / by_ov(l))
            }
            _ if l == rr => {
                let x = v / (by_lv(l) * by_lv(l));
                (x, x / (by_ov(l) * by_ov(l)))
            }
            _ => {
                let res = |i: usize, want_latent: bool| {
                    if latent(i) == want_latent { rv(i) } else { 1.0 }
                };
                let x = v / (res(l, true) * res(rr, true));
                (x, x / (res(l, false) * res(rr, false)))
            }
        };
        lv.push(x);
        all.push(y);
    }
    // Defined parameters on the standardized labelled values.
    for values in [&mut lv, &mut all] {
        let mut known: Vec<(String, f64)> = Vec::new();
        for (r, &s) in pt.rows.iter().zip(values.iter()) {
            if let Some(l) = &r.label {
                if !known.iter().any(|(k, _)| k == l) {
                    known.push((l.clone(), s));
                }
            }
        }
        for d in &pt.defined {
            let look = |n: &str| {
                known
                    .iter()
                    .find(|(k, _)| k == n)
                    .map(|(_, v)| Dual::constant(*v, 0))
            };
            let v = d.expr.eval(0, &look)?.value;
            known.push((d.name.clone(), v));
            values.push(v);
        }
    }
    Some((lv, all))
}

/// The estimates at θ̂ = `t` with covariance `cov`: every row of the parameter table, then
/// every defined parameter (exact gradients), with Wald tests and limits at `spec.level`, and
/// the standardized values with their delta-method SEs over the model's parameters.
#[allow(clippy::too_many_arguments)]
pub(super) fn table(
    ram: &Ram,
    pt: &ParTable,
    node: &dyn Fn(&str) -> usize,
    t: &[f64],
    q: usize,
    cov: &Array2<f64>,
    model_params: &[usize],
    spec: &SemSpec,
) -> Result<Vec<SemEstimate>, SemError> {
    // Standardized values and the Jacobian of std.all by central differences.
    let (std_lv, std_all) = standardized(ram, pt, node, t).ok_or(SemError::Start)?;
    let k_all = std_all.len();
    let mut jac = Array2::<f64>::zeros((k_all, q));
    // fixed.x: the exogenous moments are held at their sample values, as lavaan holds them
    // (inference conditional on the predictors), so they add no variance to standardized
    // values.
    for &k in model_params.iter().filter(|_| !spec.estimates_only) {
        let h = 1e-5 * t[k].abs().max(0.1);
        let mut up = t.to_vec();
        up[k] += h;
        let mut down = t.to_vec();
        down[k] -= h;
        if let (Some((_, a)), Some((_, b))) = (
            standardized(ram, pt, node, &up),
            standardized(ram, pt, node, &down),
        ) {
            for r in 0..k_all {
                jac[[r, k]] = (a[r] - b[r]) / (2.0 * h);
            }
        }
    }
    let std_se = |r: usize| -> f64 {
        let g = jac.row(r);
        g.dot(&cov.dot(&g)).max(0.0).sqrt()
    };

    let zq = norm_quantile(1.0 - (1.0 - spec.level) / 2.0);
    let mut estimates = Vec::new();
    for (i, r) in pt.rows.iter().enumerate() {
        let est = r.fixed.unwrap_or_else(|| t[r.free.unwrap()]);
        let se = match r.free {
            Some(k) if !r.exogenous => Some(cov[[k, k]].max(0.0).sqrt()),
            _ => None,
        };
        estimates.push(estimate_row(
            &r.lhs,
            &r.op,
            &r.rhs,
            r.label.clone(),
            r.free.is_some() && !r.exogenous,
            est,
            se,
            zq,
            std_lv[i],
            std_all[i],
            (!r.exogenous).then(|| std_se(i)),
        ));
    }
    // Defined parameters with exact gradients.
    let mut known: Vec<(String, Dual)> = Vec::new();
    for r in &pt.rows {
        if let (Some(l), Some(k)) = (&r.label, r.free) {
            if !known.iter().any(|(x, _)| x == l) {
                let mut grad = vec![0.0; q];
                grad[k] = 1.0;
                known.push((l.clone(), Dual { value: t[k], grad }));
            }
        } else if let (Some(l), Some(fv)) = (&r.label, r.fixed) {
            if !known.iter().any(|(x, _)| x == l) {
                known.push((l.clone(), Dual::constant(fv, q)));
            }
        }
    }
    for (j, dp) in pt.defined.iter().enumerate() {
        let look = |n: &str| known.iter().find(|(x, _)| x == n).map(|(_, d)| d.clone());
        let Some(dv) = dp.expr.eval(q, &look) else {
            continue;
        };
        let g = ndarray::Array1::from(dv.grad.clone());
        let se = g.dot(&cov.dot(&g)).max(0.0).sqrt();
        let r = pt.rows.len() + j;
        estimates.push(estimate_row(
            &dp.name,
            ":=",
            &dp.text,
            Some(dp.name.clone()),
            true,
            dv.value,
            Some(se),
            zq,
            std_lv[r],
            std_all[r],
            Some(std_se(r)),
        ));
        known.push((dp.name.clone(), dv));
    }
    Ok(estimates)
}

#[allow(clippy::too_many_arguments)]
fn estimate_row(
    lhs: &str,
    op: &str,
    rhs: &str,
    label: Option<String>,
    free: bool,
    estimate: f64,
    se: Option<f64>,
    zq: f64,
    std_lv: f64,
    std_all: f64,
    std_all_se: Option<f64>,
) -> SemEstimate {
    let z = se.filter(|s| *s > 0.0).map(|s| estimate / s);
    SemEstimate {
        lhs: lhs.into(),
        op: op.into(),
        rhs: rhs.into(),
        label,
        free,
        estimate,
        std_error: se,
        statistic: z,
        p_value: z.map(|z| 2.0 * norm_upper(z.abs())),
        conf_low: se.map(|s| estimate - zq * s),
        conf_high: se.map(|s| estimate + zq * s),
        std_lv,
        std_all,
        std_all_se,
        boot_low: None,
        boot_high: None,
    }
}
