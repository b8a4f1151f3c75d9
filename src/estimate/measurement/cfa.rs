//! Confirmatory factor analysis by maximum likelihood: each item loads on its one construct,
//! constructs correlate; fit indices, standardized loadings with delta-method SEs, composite
//! reliability, AVE, the Fornell-Larcker table and HTMT.
//!
//! # Model and estimation
//! Σ(θ) = Λ Φ Λ' + Θ with factor variances fixed to 1 (so Φ holds correlations), one free
//! loading per item, diagonal Θ. F_ML = log|Σ| + tr(SΣ⁻¹) - log|S| - p with S the covariance
//! with divisor N (lavaan's normal likelihood), minimized by Fisher scoring:
//! θ ← θ - H⁻¹g, g_k = tr(Σ⁻¹(Σ - S)Σ⁻¹ ∂Σ/∂θ_k), H_kl = tr(Σ⁻¹ ∂Σ/∂θ_k Σ⁻¹ ∂Σ/∂θ_l),
//! halving steps that do not lower F, until the largest |step| is below 1e-12. The
//! covariance of θ̂ is (N/2 · H)⁻¹ (expected information, as lavaan); standardized values
//! and their SEs follow by the delta method. The fit is the same under lavaan's default
//! marker-variable identification: standardized values, SEs and fit indices do not depend on
//! how the scale of each factor is fixed.
//!
//! The fit indices (CFI, TLI, RMSEA, SRMR), shared with SEM, are in `indices`.

mod indices;

pub use indices::pchisq_noncentral;
pub(crate) use indices::{comparative_fit, ncp_for, srmr};

use crate::numeric::descent::{Next, scoring_iteration};
use crate::numeric::linalg::{inverse_spd, inverse_spd_logdet, logdet_spd};
use crate::results::measurement::FitIndices;
use ndarray::Array2;

/// A fitted CFA.
#[derive(Clone, Debug)]
pub struct CfaFit {
    pub n: usize,
    /// Factor of each item.
    pub factor_of: Vec<usize>,
    pub loadings: Vec<f64>,
    pub residual_variances: Vec<f64>,
    /// Factor correlations (k x k, 1 on the diagonal).
    pub phi: Array2<f64>,
    pub std_loadings: Vec<f64>,
    pub std_loading_se: Vec<f64>,
    pub std_residual_variances: Vec<f64>,
    pub phi_se: Array2<f64>,
    pub fit: FitIndices,
    pub iterations: usize,
    pub converged: bool,
}

/// Why a CFA could not be fitted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CfaError {
    #[error("a factor needs at least 2 items; {0} has fewer")]
    TooFewItems(String),
    #[error("the item covariance matrix is singular")]
    Singular,
    #[error("the model is not identified: {0} parameters for {1} variances and covariances")]
    NotIdentified(usize, usize),
    #[error(
        "the information matrix is singular: the model is not identified at these estimates (a two-item construct needs a nonzero correlation with another construct)"
    )]
    Information,
    #[error("maximum likelihood did not converge in {0} iterations")]
    NoConvergence(usize),
}

struct Model<'a> {
    p: usize,
    k: usize,
    factor_of: &'a [usize],
    /// Index pairs (a, b), a < b, of the free factor correlations.
    pairs: Vec<(usize, usize)>,
}

impl Model<'_> {
    fn nparam(&self) -> usize {
        2 * self.p + self.pairs.len()
    }
    /// Σ(θ) for θ = (λ_1..λ_p, θ_1..θ_p, φ_pairs).
    fn sigma(&self, t: &[f64]) -> Array2<f64> {
        let p = self.p;
        let mut phi = Array2::<f64>::eye(self.k);
        for (i, &(a, b)) in self.pairs.iter().enumerate() {
            phi[[a, b]] = t[2 * p + i];
            phi[[b, a]] = t[2 * p + i];
        }
        Array2::from_shape_fn((p, p), |(i, j)| {
            let c = t[i] * t[j] * phi[[self.factor_of[i], self.factor_of[j]]];
            if i == j { c + t[p + i] } else { c }
        })
    }
    /// ∂Σ/∂θ_k = x yᵀ + y xᵀ, returned as (x, y): a loading λ_i gives x = e_i and
    /// y_j = λ_j φ(f_i, f_j) (y_i = λ_i, so the diagonal is 2λ_i); a residual variance θ_i
    /// gives x = e_i, y = e_i / 2; a factor correlation φ_ab gives x = λ on a's items and
    /// y = λ on b's items (zeros elsewhere).
    fn dsigma(&self, t: &[f64], q: usize) -> (Vec<f64>, Vec<f64>) {
        let p = self.p;
        let (mut x, mut y) = (vec![0.0; p], vec![0.0; p]);
        if q < p {
            x[q] = 1.0;
            for (j, yj) in y.iter_mut().enumerate() {
                *yj = t[j] * self.phi_at(t, self.factor_of[q], self.factor_of[j]);
            }
        } else if q < 2 * p {
            x[q - p] = 1.0;
            y[q - p] = 0.5;
        } else {
            let (a, b) = self.pairs[q - 2 * p];
            for i in 0..p {
                if self.factor_of[i] == a {
                    x[i] = t[i];
                } else if self.factor_of[i] == b {
                    y[i] = t[i];
                }
            }
        }
        (x, y)
    }
    /// The q derivatives' vectors as the columns of X and Y (p x q each).
    fn derivatives(&self, t: &[f64]) -> (Array2<f64>, Array2<f64>) {
        let (p, q) = (self.p, self.nparam());
        let (mut x, mut y) = (Array2::zeros((p, q)), Array2::zeros((p, q)));
        for k in 0..q {
            let (xk, yk) = self.dsigma(t, k);
            x.column_mut(k).assign(&ndarray::ArrayView1::from(&xk));
            y.column_mut(k).assign(&ndarray::ArrayView1::from(&yk));
        }
        (x, y)
    }
    fn phi_at(&self, t: &[f64], a: usize, b: usize) -> f64 {
        if a == b {
            return 1.0;
        }
        let (x, y) = if a < b { (a, b) } else { (b, a) };
        let i = self
            .pairs
            .iter()
            .position(|&pr| pr == (x, y))
            .expect("pair");
        t[2 * self.p + i]
    }
}

fn f_ml(s: &Array2<f64>, sigma: &Array2<f64>, logdet_s: f64) -> Option<f64> {
    f_ml_parts(s, sigma, logdet_s).map(|(f, _, _)| f)
}

/// F_ML = log|Σ| + tr(SΣ⁻¹) - log|S| - p, with log|Σ| and tr(SΣ⁻¹) (None when Σ is not
/// positive definite).
pub(crate) fn f_ml_parts(
    s: &Array2<f64>,
    sigma: &Array2<f64>,
    logdet_s: f64,
) -> Option<(f64, f64, f64)> {
    // One Cholesky factor for the inverse and the log-determinant.
    let (inv, ld) = inverse_spd_logdet(sigma)?;
    let p = s.nrows();
    let tr: f64 = (0..p)
        .map(|i| (0..p).map(|j| s[[i, j]] * inv[[j, i]]).sum::<f64>())
        .sum();
    Some((ld + tr - logdet_s - p as f64, ld, tr))
}

/// H_kl = tr(W ∂Σ/∂θ_k W ∂Σ/∂θ_l) with W = Σ⁻¹: the expected Hessian of F_ML (twice the
/// per-observation information). Each derivative is x_k y_kᵀ + y_k x_kᵀ (the columns of `x`
/// and `y`), so with A = XᵀWX, B = YᵀWY, C = XᵀWY the trace is
/// H_kl = 2 (A_kl B_kl + C_kl C_lk): O(p²q + pq²) instead of q dense p x p products.
fn information(inv: &Array2<f64>, x: &Array2<f64>, y: &Array2<f64>) -> Array2<f64> {
    let (wx, wy) = (inv.dot(x), inv.dot(y));
    let (a, b, c) = (x.t().dot(&wx), y.t().dot(&wy), x.t().dot(&wy));
    let q = x.ncols();
    let h = Array2::from_shape_fn((q, q), |(k, l)| {
        2.0 * (a[[k, l]] * b[[k, l]] + c[[k, l]] * c[[l, k]])
    });
    // Symmetric in exact arithmetic; make it exactly so.
    (&h + &h.t()) * 0.5
}

/// g_k = Σ_ij core_ij (∂Σ/∂θ_k)_ij = x_kᵀ (core + coreᵀ) y_k.
fn gradient(core: &Array2<f64>, x: &Array2<f64>, y: &Array2<f64>) -> Vec<f64> {
    let cy = (core + &core.t()).dot(y);
    (0..x.ncols())
        .map(|k| x.column(k).dot(&cy.column(k)))
        .collect()
}

/// Fit the CFA to the covariance matrix `s` (divisor N) of n observations; `factor_of`
/// assigns each item to one of `k` factors.
pub fn fit(
    s: &Array2<f64>,
    n: usize,
    factor_of: &[usize],
    k: usize,
    names: &[String],
) -> Result<CfaFit, CfaError> {
    let p = s.nrows();
    for f in 0..k {
        if factor_of.iter().filter(|&&x| x == f).count() < 2 {
            return Err(CfaError::TooFewItems(
                names.get(f).cloned().unwrap_or_default(),
            ));
        }
    }
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|a| (a + 1..k).map(move |b| (a, b)))
        .collect();
    let m = Model {
        p,
        k,
        factor_of,
        pairs,
    };
    let q = m.nparam();
    let moments = p * (p + 1) / 2;
    if q > moments {
        return Err(CfaError::NotIdentified(q, moments));
    }
    let logdet_s = logdet_spd(s).ok_or(CfaError::Singular)?;
    // Start: loadings sqrt(s_ii)·0.7, residual variances s_ii·0.5, and each factor
    // correlation from the item correlations (mean between / geometric mean of the means
    // within, clipped to ±0.9): a two-item factor is identified only through its correlations,
    // so they must not start at 0.
    let mut t = vec![0.0; q];
    for i in 0..p {
        t[i] = 0.7 * s[[i, i]].sqrt();
        t[p + i] = 0.5 * s[[i, i]];
    }
    let corr = |i: usize, j: usize| s[[i, j]] / (s[[i, i]] * s[[j, j]]).sqrt();
    let mean_corr = |a: usize, b: usize| {
        let mut sum = 0.0;
        let mut cnt = 0.0;
        for i in 0..p {
            for j in 0..p {
                if i != j && factor_of[i] == a && factor_of[j] == b {
                    sum += corr(i, j);
                    cnt += 1.0;
                }
            }
        }
        sum / cnt
    };
    for (x, &(a, b)) in m.pairs.iter().enumerate() {
        let within = (mean_corr(a, a) * mean_corr(b, b)).abs().sqrt().max(1e-3);
        let v = (mean_corr(a, b) / within).clamp(-0.9, 0.9);
        t[2 * p + x] = if v.abs() < 0.05 { 0.05 } else { v };
    }
    let mut f = f_ml(s, &m.sigma(&t), logdet_s).ok_or(CfaError::Singular)?;
    let mut iterations = 0;
    let mut converged = false;
    let mut h;
    for _ in 0..500 {
        iterations += 1;
        let sigma = m.sigma(&t);
        let inv = inverse_spd(&sigma).ok_or(CfaError::Singular)?;
        let resid = &sigma - s;
        let core = inv.dot(&resid).dot(&inv);
        let (x, y) = m.derivatives(&t);
        let g = gradient(&core, &x, &y);
        h = information(&inv, &x, &y);
        let hinv = inverse_spd(&h).ok_or(CfaError::Information)?;
        match scoring_iteration(&mut t, &mut f, &hinv, &g, 30, |c| {
            f_ml(s, &m.sigma(c), logdet_s)
        }) {
            Next::Continue => {}
            next => {
                converged = next == Next::Converged;
                break;
            }
        }
    }
    if !converged {
        return Err(CfaError::NoConvergence(iterations));
    }
    // Information at the optimum and the covariance of θ̂.
    let sigma = m.sigma(&t);
    let inv = inverse_spd(&sigma).ok_or(CfaError::Singular)?;
    let (x, y) = m.derivatives(&t);
    let h = information(&inv, &x, &y);
    let nf = n as f64;
    let cov = inverse_spd(&(h.clone() * (nf / 2.0))).ok_or(CfaError::Information)?;
    // Standardized loadings l/√(l² + θ) and their SEs (delta method).
    let mut std_loadings = vec![0.0; p];
    let mut std_loading_se = vec![0.0; p];
    let mut std_resid = vec![0.0; p];
    for i in 0..p {
        let (l, th) = (t[i], t[p + i]);
        let v = l * l + th;
        let sd = v.sqrt();
        std_loadings[i] = l / sd;
        std_resid[i] = th / v;
        let gl = th / (v * sd);
        let gt = -l / (2.0 * v * sd);
        let var =
            gl * gl * cov[[i, i]] + 2.0 * gl * gt * cov[[i, p + i]] + gt * gt * cov[[p + i, p + i]];
        std_loading_se[i] = var.max(0.0).sqrt();
    }
    let mut phi = Array2::<f64>::eye(k);
    let mut phi_se = Array2::<f64>::zeros((k, k));
    for (i, &(a, b)) in m.pairs.iter().enumerate() {
        phi[[a, b]] = t[2 * p + i];
        phi[[b, a]] = t[2 * p + i];
        let se = cov[[2 * p + i, 2 * p + i]].max(0.0).sqrt();
        phi_se[[a, b]] = se;
        phi_se[[b, a]] = se;
    }
    // Fit indices.
    let chi = nf * f;
    let df = (moments - q) as f64;
    let p_value = crate::numeric::dist::chi2_upper_p(chi, df).unwrap_or(f64::NAN);
    let base_f: f64 = (0..p).map(|i| s[[i, i]].ln()).sum::<f64>() - logdet_s;
    let base_chi = nf * base_f;
    let base_df = (p * (p - 1) / 2) as f64;
    let cmp = comparative_fit(chi, df, base_chi, base_df, nf);
    let srmr = srmr(s, &sigma);
    Ok(CfaFit {
        n,
        factor_of: factor_of.to_vec(),
        loadings: t[..p].to_vec(),
        residual_variances: t[p..2 * p].to_vec(),
        phi,
        std_loadings,
        std_loading_se,
        std_residual_variances: std_resid,
        phi_se,
        fit: FitIndices {
            chi_square: chi,
            df,
            p_value,
            cfi: cmp.cfi,
            tli: cmp.tli,
            rmsea: cmp.rmsea,
            rmsea_low: cmp.rmsea_low,
            rmsea_high: cmp.rmsea_high,
            srmr,
            baseline_chi_square: base_chi,
            baseline_df: base_df,
        },
        iterations,
        converged,
    })
}

/// Composite reliability and AVE of one factor from its standardized loadings.
///
/// # Formula
/// CR = (Σλ)² / ((Σλ)² + Σ(1 - λ²)); AVE = Σλ² / k (Fornell & Larcker 1981).
pub fn cr_ave(std_loadings: &[f64]) -> (f64, f64) {
    let s: f64 = std_loadings.iter().sum();
    let e: f64 = std_loadings.iter().map(|l| 1.0 - l * l).sum();
    let ave = std_loadings.iter().map(|l| l * l).sum::<f64>() / std_loadings.len() as f64;
    (s * s / (s * s + e), ave)
}

/// Heterotrait-monotrait ratio of two factors from the item correlation matrix, with
/// absolute correlations (semTools::htmt's default).
///
/// # Formula
/// HTMT_ab = mean |r_ij| (i in a, j in b) / sqrt(mean |r_ij| (i < j in a) · mean |r_ij| (i < j in b)).
pub fn htmt(r: &Array2<f64>, a: &[usize], b: &[usize]) -> f64 {
    let mean = |pairs: Vec<(usize, usize)>| {
        pairs.iter().map(|&(i, j)| r[[i, j]].abs()).sum::<f64>() / pairs.len() as f64
    };
    let het = mean(
        a.iter()
            .flat_map(|&i| b.iter().map(move |&j| (i, j)))
            .collect(),
    );
    let within = |s: &[usize]| {
        mean(
            s.iter()
                .enumerate()
                .flat_map(|(x, &i)| s[x + 1..].iter().map(move |&j| (i, j)))
                .collect(),
        )
    };
    het / (within(a) * within(b)).sqrt()
}

/// The CFA of a study's constructs from their (reverse-keyed) item columns, complete cases:
/// loadings, fit, CR/AVE, Fornell-Larcker inputs and HTMT.
pub fn cfa_report(
    constructs: &[String],
    items: &[Vec<String>],
    columns: &[Vec<&[f64]>],
) -> Result<crate::results::measurement::CfaReport, String> {
    cfa_report_with(constructs, items, columns, None)
}

/// [`cfa_report`], given the moments of the items (in the constructs' order) over their
/// complete cases when a study has them already (they serve KMO and the EFA too).
pub fn cfa_report_with(
    constructs: &[String],
    items: &[Vec<String>],
    columns: &[Vec<&[f64]>],
    complete: Option<&crate::numeric::moments::CrossProducts>,
) -> Result<crate::results::measurement::CfaReport, String> {
    use crate::results::measurement::{CfaLoading, CfaReport, ConstructValidity};
    let k = constructs.len();
    let mut cols: Vec<&[f64]> = vec![];
    let mut factor_of = vec![];
    let mut names = vec![];
    for f in 0..k {
        for (it, c) in items[f].iter().zip(&columns[f]) {
            cols.push(c);
            factor_of.push(f);
            names.push((f, it.clone()));
        }
    }
    let p = cols.len();
    // The ML covariance (divisor n) from one pass over the complete rows, without a copy of
    // the item block.
    let own;
    let complete = match complete {
        Some(m) => m,
        None => {
            own = crate::numeric::moments::complete_cases(&cols);
            &own
        }
    };
    let n = complete.n;
    if n <= p {
        return Err(format!("{n} complete cases are too few for {p} items"));
    }
    let s = &complete.s / n as f64;
    let m = fit(&s, n, &factor_of, k, constructs).map_err(|e| e.to_string())?;
    let loadings = (0..p)
        .map(|i| {
            let z = m.std_loadings[i] / m.std_loading_se[i];
            CfaLoading {
                construct: constructs[names[i].0].clone(),
                item: names[i].1.clone(),
                estimate: m.loadings[i],
                std_estimate: m.std_loadings[i],
                std_error: m.std_loading_se[i],
                statistic: z,
                p_value: 2.0 * crate::numeric::dist::norm_upper(z.abs()),
                std_residual_variance: m.std_residual_variances[i],
            }
        })
        .collect();
    let validity = (0..k)
        .map(|f| {
            let l: Vec<f64> = (0..p)
                .filter(|&i| factor_of[i] == f)
                .map(|i| m.std_loadings[i])
                .collect();
            let (cr, ave) = cr_ave(&l);
            let msv = (0..k)
                .filter(|&g| g != f)
                .map(|g| m.phi[[f, g]] * m.phi[[f, g]])
                .fold(0.0, f64::max);
            ConstructValidity {
                construct: constructs[f].clone(),
                n_items: l.len(),
                composite_reliability: cr,
                ave,
                sqrt_ave: ave.sqrt(),
                max_shared_variance: msv,
            }
        })
        .collect();
    let sd: Vec<f64> = (0..p).map(|i| s[[i, i]].sqrt()).collect();
    let r = Array2::from_shape_fn((p, p), |(i, j)| s[[i, j]] / (sd[i] * sd[j]));
    let members: Vec<Vec<usize>> = (0..k)
        .map(|f| (0..p).filter(|&i| factor_of[i] == f).collect())
        .collect();
    let htmt_m = (0..k)
        .map(|a| {
            (0..k)
                .map(|b| {
                    if a == b {
                        1.0
                    } else {
                        htmt(&r, &members[a], &members[b])
                    }
                })
                .collect()
        })
        .collect();
    let rows_of = |a: &Array2<f64>| a.rows().into_iter().map(|r| r.to_vec()).collect();
    let mut notes = vec![
        format!("Maximum likelihood on the {n} complete cases (listwise), covariances with divisor N as lavaan; each item loads on its construct only, constructs correlate, factor variances fixed to 1. Standardized loadings with delta-method SEs (expected information)."),
        "Convergent validity: CR >= 0.7 and AVE >= 0.5 are the usual benchmarks (Fornell & Larcker 1981; Hair et al.). Discriminant validity: sqrt(AVE) above the construct's correlations (Fornell-Larcker) and HTMT below 0.85 (Henseler et al. 2015).".into(),
    ];
    // An improper solution is reported, not hidden (lavaan warns likewise).
    let heywood: Vec<&str> = (0..p)
        .filter(|&i| m.residual_variances[i] < 0.0)
        .map(|i| names[i].1.as_str())
        .collect();
    if !heywood.is_empty() {
        notes.push(format!("Improper solution (Heywood case): negative residual variance of {}; the standardized loadings there exceed 1 and the model should be respecified.", heywood.join(", ")));
    }
    if (0..k).any(|a| (0..k).any(|b| a != b && m.phi[[a, b]].abs() > 1.0)) {
        notes
            .push("Improper solution: a construct correlation exceeds 1 in absolute value.".into());
    }
    Ok(CfaReport {
        constructs: constructs.to_vec(),
        n,
        loadings,
        factor_correlations: rows_of(&m.phi),
        factor_correlation_se: rows_of(&m.phi_se),
        fit: m.fit,
        validity,
        htmt: htmt_m,
        iterations: m.iterations,
        notes,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_noncentral_chi_square_cdf_matches_r() {
        // R 4.2.2: sprintf("%.17g", c(pchisq(300, 265, ncp = 20), pchisq(10, 3)))
        let a = super::pchisq_noncentral(300.0, 265.0, 20.0);
        let b = super::pchisq_noncentral(10.0, 3.0, 0.0);
        assert!((a - 0.734_234_329_248_371_06).abs() < 1e-10, "{a}");
        assert!((b - 0.981_433_864_536_956_8).abs() < 1e-12, "{b}");
    }

    /// The rank-two information and gradient equal the dense traces tr(W D_k W D_l) and
    /// Σ core∘D_k, with each D_k = ∂Σ/∂θ_k taken by central differences of Σ(θ) (exact up
    /// to rounding: Σ is quadratic in each parameter), so the derivative vectors are checked
    /// too.
    #[test]
    fn the_rank_two_information_equals_the_dense_traces() {
        use ndarray::Array2;
        let factor_of = [0, 0, 0, 1, 1, 2, 2];
        let m = super::Model {
            p: 7,
            k: 3,
            factor_of: &factor_of,
            pairs: vec![(0, 1), (0, 2), (1, 2)],
        };
        let q = m.nparam();
        let t: Vec<f64> = (0..q).map(|i| 0.3 + 0.07 * ((i * 5 % 11) as f64)).collect();
        let sigma = m.sigma(&t);
        let w = crate::numeric::linalg::inverse_spd(&sigma).unwrap();
        let core = Array2::from_shape_fn((7, 7), |(i, j)| ((i + 2 * j) % 5) as f64 - 2.0);
        let h = 1e-3;
        let d: Vec<Array2<f64>> = (0..q)
            .map(|k| {
                let (mut up, mut down) = (t.clone(), t.clone());
                up[k] += h;
                down[k] -= h;
                (m.sigma(&up) - m.sigma(&down)) / (2.0 * h)
            })
            .collect();
        let (x, y) = m.derivatives(&t);
        let info = super::information(&w, &x, &y);
        let g = super::gradient(&core, &x, &y);
        for k in 0..q {
            let want = (&core * &d[k]).sum();
            assert!((g[k] - want).abs() < 1e-9 * (1.0 + want.abs()), "g[{k}]");
            for l in 0..q {
                let want = w.dot(&d[k]).dot(&w).dot(&d[l]).diag().sum();
                let got = info[[k, l]];
                assert!((got - want).abs() < 1e-9 * (1.0 + want.abs()), "H[{k},{l}]");
            }
        }
    }
}
