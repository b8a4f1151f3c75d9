//! Modification indices: the score test of each parameter lavaan's `modindices()` proposes
//! and the model leaves out, with its expected and standardized parameter change.

use super::fiml;
use super::ram::{Cell, Ram, pair_information};
use crate::numeric::linalg::inverse_spd;
use crate::results::sem::{ModIndex, ParTable};
use ndarray::Array2;

/// The ten largest modification indices of the parameters the model leaves out, from the
/// candidates lavaan's `modindices()` proposes for models with latent variables (none for
/// models without): loadings, residual covariances of indicators and of latents, and
/// regressions among the variables of the structural part (see the code for the exact set).
///
/// # Formula
/// With g_c = ∂(F_ML/2)/∂θ_c at the estimates and the expected information per observation
/// I_ab = ½ tr(Σ⁻¹Σ_a Σ⁻¹Σ_b) over the free parameters θ and the candidate c:
/// V_c = I_cc - I_cθ I_θθ⁻¹ I_θc, MI = N g_c² / V_c, EPC = -g_c / V_c; the standardized EPC
/// divides as std.all does (a loading by the variable's SD over the latent's, a residual
/// covariance by the residual SDs).
#[allow(clippy::too_many_arguments)]
/// The data modification indices are computed from.
pub(super) enum MiSource<'a> {
    /// The sample covariance (divisor N) of N complete rows.
    Complete { s: &'a Array2<f64>, n: usize },
    /// Incomplete rows by pattern, with the fitted means.
    Fiml {
        patterns: &'a fiml::Patterns,
        mu: &'a ndarray::Array1<f64>,
    },
}

pub(super) fn modification_indices(
    ram: &Ram,
    pt: &ParTable,
    names: &[&String],
    node: &dyn Fn(&str) -> usize,
    t: &[f64],
    source: &MiSource,
    free: &[usize],
) -> Vec<ModIndex> {
    let p = ram.p;
    if pt.latent.is_empty() {
        return Vec::new();
    }
    let Some(m) = ram.implied(t) else {
        return Vec::new();
    };
    let Some(inv) = inverse_spd(&m.sigma) else {
        return Vec::new();
    };
    let (_, smat) = ram.matrices(t);
    let exo: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.exogenous && r.lhs == r.rhs)
        .map(|r| node(&r.lhs))
        .collect();
    // The model's own parameters by (lhs, op, rhs) nodes, a covariance both ways round.
    let own: std::collections::HashSet<(usize, &str, usize)> = pt
        .rows
        .iter()
        .flat_map(|r| {
            let (l, o, rr) = (node(&r.lhs), r.op.as_str(), node(&r.rhs));
            [(l, o, rr), if o == "~~" { (rr, o, l) } else { (l, o, rr) }]
        })
        .collect();
    let present = |lhs: usize, op: &str, rhs: usize| own.contains(&(lhs, op, rhs));
    // lavaan's candidates (lav_partable_full): with `eqs` the variables of the regressions
    // and `ind` the indicators, a loading of every latent on every observed variable outside
    // fixed.x and `eqs`; a covariance of every pair of indicators (outside fixed.x) and of
    // every pair of latents; a regression of every variable of `eqs` on every other, but an
    // indicator on a latent.
    let eqs: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.op == "~")
        .flat_map(|r| [node(&r.lhs), node(&r.rhs)])
        .fold(Vec::new(), |mut v, x| {
            if !v.contains(&x) {
                v.push(x);
            }
            v
        });
    let ind: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.op == "=~")
        .map(|r| node(&r.rhs))
        .collect();
    let mut cand: Vec<(usize, &str, usize, Cell)> = Vec::new();
    for l in p..ram.v {
        for o in (0..p).filter(|o| !exo.contains(o) && !eqs.contains(o)) {
            if !present(l, "=~", o) {
                cand.push((l, "=~", o, Cell::A(o, l)));
            }
        }
    }
    let cov_pair = |a: usize| (!exo.contains(&a) && ind.contains(&a)) || a >= p;
    for a in (0..ram.v).filter(|&a| cov_pair(a)) {
        for b in (a + 1..ram.v).filter(|&b| cov_pair(b) && (a >= p) == (b >= p)) {
            if !present(a, "~~", b) {
                cand.push((a, "~~", b, Cell::S(a, b)));
            }
        }
    }
    for &y in &eqs {
        for &x in eqs
            .iter()
            .filter(|&&x| x != y && !(ind.contains(&y) && x >= p))
        {
            if !present(y, "~", x) {
                cand.push((y, "~", x, Cell::A(y, x)));
            }
        }
    }
    // The expected information (total over the rows) of the free parameters (I11), of each
    // candidate with them (I12) and with itself, as Σ_g ½ n_g tr(Σ_g⁻¹ A Σ_g⁻¹ B) over one
    // Gram U_g'Σ_g⁻¹U_g per pattern of observed variables (one for complete data; see
    // Ram::scores), and each candidate's score ∂logL/∂c.
    let u = ram.basis(&m);
    let rows = match source {
        MiSource::Complete { n, .. } => *n,
        MiSource::Fiml { patterns, .. } => patterns.n,
    } as f64;
    let (grams, gscore): (Vec<(f64, Array2<f64>)>, Array2<f64>) = match source {
        MiSource::Complete { s, n } => {
            let core = inv.dot(&(&m.sigma - *s)).dot(&inv);
            let nf = *n as f64;
            (
                vec![(0.5 * nf, u.t().dot(&inv.dot(&u)))],
                u.t().dot(&core.dot(&u)) * -nf,
            )
        }
        MiSource::Fiml { patterns, mu } => {
            let mut grams = Vec::with_capacity(patterns.groups.len());
            for g in &patterns.groups {
                let o = &g.obs;
                let sub = Array2::from_shape_fn((o.len(), o.len()), |(a, b)| m.sigma[[o[a], o[b]]]);
                let Some(ginv) = inverse_spd(&sub) else {
                    return Vec::new();
                };
                let ug = Array2::from_shape_fn((o.len(), u.ncols()), |(x, c)| u[[o[x], c]]);
                grams.push((0.5 * g.n as f64, ug.t().dot(&ginv.dot(&ug))));
            }
            let Some((gs, _)) = fiml::gradient(patterns, mu, &m.sigma) else {
                return Vec::new();
            };
            (grams, u.t().dot(&gs.dot(&u)))
        }
    };
    let info = |k: &[(usize, usize, f64)], l: &[(usize, usize, f64)]| -> f64 {
        grams
            .iter()
            .map(|(w, g)| w * pair_information(g, k, l))
            .sum()
    };
    let pairs: Vec<Vec<(usize, usize, f64)>> = free
        .iter()
        .map(|&k| ram.cells[k].iter().map(|&c| ram.pair(c)).collect())
        .collect();
    let nfree = free.len();
    let mut i11 = Array2::<f64>::zeros((nfree, nfree));
    for a in 0..nfree {
        for b in 0..=a {
            let v = info(&pairs[a], &pairs[b]);
            i11[[a, b]] = v;
            i11[[b, a]] = v;
        }
    }
    let Some(i11_inv) = inverse_spd(&i11) else {
        return Vec::new();
    };
    let mut out: Vec<ModIndex> = cand
        .iter()
        .filter_map(|c| {
            let cp = [ram.pair(c.3)];
            let (a, b, w) = cp[0];
            // ∂logL/∂c: ½ tr(G ∂Σ/∂c) with G = -N Σ⁻¹(Σ - S)Σ⁻¹ for complete data.
            let score = w * gscore[[a, b]];
            let i12: ndarray::Array1<f64> = pairs.iter().map(|pk| info(pk, &cp)).collect();
            let i22 = info(&cp, &cp);
            let v = i22 - i12.dot(&i11_inv.dot(&i12));
            // lavaan leaves out (as NA) a candidate whose information per row, net of the
            // model's, is below ε^(1/3): one the model cannot tell from its own parameters.
            if v / rows < f64::EPSILON.cbrt() {
                return None;
            }
            let epc = score / v;
            let sepc_all = match c.1 {
                // A loading l =~ o and a regression y ~ x scale by the SDs of their two ends.
                "=~" => epc * m.c[[c.0, c.0]].sqrt() / m.c[[c.2, c.2]].sqrt(),
                "~" => epc * m.c[[c.2, c.2]].sqrt() / m.c[[c.0, c.0]].sqrt(),
                _ => epc / (smat[[c.0, c.0]] * smat[[c.2, c.2]]).abs().sqrt(),
            };
            Some(ModIndex {
                lhs: names[c.0].clone(),
                op: c.1.to_string(),
                rhs: names[c.2].clone(),
                mi: score * score / v,
                epc,
                sepc_all,
            })
        })
        .collect();
    out.sort_by(|a, b| b.mi.total_cmp(&a.mi));
    out.truncate(10);
    out
}
