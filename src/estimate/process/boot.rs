//! The bootstrap of a PROCESS model: resample cases (or whole clusters), refit every
//! equation, evaluate the plan's quantities; summarize each by its bootstrap SE and a
//! percentile or bias-corrected interval (formulas in [`super`]).

use super::effects::Plan;
use super::{BootCi, Fitted, ProcessData, ProcessError, ProcessSpec};
use crate::estimate::regression::covariance::{cluster_groups, resample};
use crate::estimate::regression::lsq::{LsqOptions, coef_only, solve};
use crate::estimate::regression::ols::mean_sd;
use crate::numeric::Rng;
use crate::numeric::dist::{norm_quantile, norm_upper};
use crate::numeric::order::quantile7;
use ndarray::{Array1, Axis};

/// The bootstrap estimates of every quantity (quantity-major) and the resamples replaced.
pub(crate) struct BootRun {
    pub values: Vec<Vec<f64>>,
    pub replaced: usize,
}

/// Coefficients of one resampled equation, or None when it is singular.
fn refit(f: &Fitted, rows: &[usize]) -> Option<Array1<f64>> {
    let x = f.design.select(Axis(0), rows);
    let y: Array1<f64> = rows.iter().map(|&i| f.response[i]).collect();
    match coef_only(x.view(), y.view()) {
        Some((c, _)) => Some(c),
        None => match solve(x.view(), y.view(), LsqOptions::default()) {
            Ok(s) if s.rank() == x.ncols() => Some(s.coef),
            _ => None,
        },
    }
}

/// Run `spec.boot` resamples. A resample with a singular equation (or a quantity that is not
/// finite) is replaced by a new draw; more failures than requested resamples is an error.
/// Resamples are drawn in sequence from the seeded generator and evaluated in batches on
/// every core; they are kept in draw order, so the result does not depend on the number of
/// cores.
pub(crate) fn run(
    fitted: &[Fitted],
    data: &ProcessData,
    spec: &ProcessSpec,
    plan: &Plan,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<BootRun, ProcessError> {
    let n = data.y.len();
    let groups = data.clusters.as_deref().map(cluster_groups);
    let mut rng = Rng::new(spec.seed);
    let mut values = vec![Vec::with_capacity(spec.boot); plan.quantities.len()];
    let mut replaced = 0usize;
    let mut done = 0usize;
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let one = |rows: &[usize]| -> Option<Vec<f64>> {
        let coefs: Vec<Array1<f64>> = fitted
            .iter()
            .map(|f| refit(f, rows))
            .collect::<Option<_>>()?;
        let (_, sx) = mean_sd(rows.iter().map(|&i| data.x[i]));
        let (_, sy) = mean_sd(rows.iter().map(|&i| data.y[i]));
        let v = plan.evaluate(&coefs, sx / sy);
        v.iter().all(|x| x.is_finite()).then_some(v)
    };
    while done < spec.boot {
        let batch: Vec<Vec<usize>> = (0..(spec.boot - done).min(256 * threads))
            .map(|_| resample(&mut rng, groups.as_deref(), n))
            .collect();
        let results = crate::numeric::parallel::map(&batch, |r| one(r));
        for r in results {
            match r {
                Some(v) if done < spec.boot => {
                    for (q, x) in v.into_iter().enumerate() {
                        values[q].push(x);
                    }
                    done += 1;
                    if let Some(p) = progress {
                        p(done, spec.boot);
                    }
                }
                Some(_) => {}
                None => {
                    replaced += 1;
                    if replaced > spec.boot {
                        return Err(ProcessError::TooManyFailures {
                            replaced,
                            reps: spec.boot,
                        });
                    }
                }
            }
        }
    }
    Ok(BootRun { values, replaced })
}

/// Bootstrap SE and interval of one quantity with full-sample estimate `est`.
pub fn summarize(
    values: &[f64],
    est: f64,
    level: f64,
    interval: BootCi,
) -> (Option<f64>, Option<f64>, Option<f64>) {
    if values.len() < 2 {
        return (None, None, None);
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let (_, se) = mean_sd(v.iter().copied());
    let a = (1.0 - level) / 2.0;
    let (plo, phi) = match interval {
        BootCi::Percentile => (a, 1.0 - a),
        BootCi::BiasCorrected => {
            let below = v.iter().filter(|&&x| x < est).count() as f64 / v.len() as f64;
            let z0 = norm_quantile(below);
            let za = norm_quantile(a);
            // Phi(x) = 1 - upper tail; with every estimate on one side z0 is infinite and the
            // bound goes to that extreme.
            (norm_upper(-(2.0 * z0 + za)), norm_upper(-(2.0 * z0 - za)))
        }
    };
    let q = |p: f64| {
        let p = if p.is_nan() { 0.5 } else { p };
        quantile7(&v, p)
    };
    (Some(se), Some(q(plo)), Some(q(phi)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bias_corrected_equals_percentile_when_half_the_estimates_lie_below() {
        let v: Vec<f64> = (0..1001).map(|i| i as f64).collect();
        let (se, lo, hi) = summarize(&v, 500.0, 0.95, BootCi::BiasCorrected);
        let (_, plo, phi) = summarize(&v, 500.0, 0.95, BootCi::Percentile);
        // 500 of 1001 below: z0 = qnorm(500/1001) = -0.00125, nearly the percentile bounds.
        assert!((lo.unwrap() - plo.unwrap()).abs() < 0.2, "{lo:?} {plo:?}");
        assert!((hi.unwrap() - phi.unwrap()).abs() < 0.2, "{hi:?} {phi:?}");
        // R 4.2: sd(0:1000) = 289.108111266; quantile(0:1000, c(.025, .975)) = 25, 975.
        assert!((se.unwrap() - 289.108111266).abs() < 1e-8);
        assert!((plo.unwrap() - 25.0).abs() < 1e-9 && (phi.unwrap() - 975.0).abs() < 1e-9);
    }

    #[test]
    fn bias_corrected_shifts_towards_the_side_with_more_estimates() {
        let v: Vec<f64> = (0..1000).map(|i| i as f64).collect();
        // 700 below the estimate: z0 = qnorm(.7) = 0.5244; lower bound at
        // pnorm(2 * 0.5244 - 1.96) = 0.18110 -> type-7 position 0.18110 * 999 = 180.924, and
        // the upper at pnorm(2 * 0.5244 + 1.96) * 999 = 997.690 (Python statistics.NormalDist).
        let (_, lo, hi) = summarize(&v, 700.0, 0.95, BootCi::BiasCorrected);
        assert!((lo.unwrap() - 180.923654).abs() < 1e-5, "{lo:?}");
        assert!((hi.unwrap() - 997.689752).abs() < 1e-5, "{hi:?}");
    }
}
