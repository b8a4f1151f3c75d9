//! A step of a Newton or Fisher-scoring minimization, halved until the objective does not
//! rise (the line search of the CFA and SEM fits), and the iteration built on it.

use ndarray::Array2;

/// What a minimization does after [`scoring_iteration`].
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Another iteration.
    Continue,
    /// Stop: the last step was negligible (converged).
    Converged,
    /// Stop: no step lowered the objective while the step was still large.
    Stalled,
}

/// One Fisher-scoring iteration from `t` (objective `f`): the step H^-1 g (`hinv` the inverse
/// information, `g` the gradient), halved at most `tries` times until `f_at` does not rise;
/// `t` and `f` move to the point accepted. Converged when the step taken is below 1e-12, or
/// nothing was accepted but the step had shrunk below 1e-9 (the objective is flat to its
/// rounding there).
pub fn scoring_iteration(
    t: &mut Vec<f64>,
    f: &mut f64,
    hinv: &Array2<f64>,
    g: &[f64],
    tries: usize,
    f_at: impl Fn(&[f64]) -> Option<f64>,
) -> Next {
    let q = g.len();
    let step: Vec<f64> = (0..q)
        .map(|x| (0..q).map(|y| hinv[[x, y]] * g[y]).sum())
        .collect();
    let halved = halving(t, &step, *f, tries, f_at);
    let (accepted, big) = (halved.accepted.is_some(), halved.size);
    if let Some((tc, fc)) = halved.accepted {
        (*t, *f) = (tc, fc);
    }
    if !accepted || big < 1e-12 {
        if accepted || big < 1e-9 {
            Next::Converged
        } else {
            Next::Stalled
        }
    } else {
        Next::Continue
    }
}

/// What [`halving`] found: the point accepted and its objective, if any, and the size of the
/// last step tried (its largest component at the last scale), for the convergence test.
pub struct Halved {
    pub accepted: Option<(Vec<f64>, f64)>,
    pub size: f64,
}

/// Try `t - s * step` for s = 1, 1/2, 1/4, ... (at most `tries` times) and accept the first
/// point whose objective `f_at` is at most `f` (to 1e-15 relative): near the minimum the
/// objective is flat to its rounding, and a strict decrease would stop short.
pub fn halving(
    t: &[f64],
    step: &[f64],
    f: f64,
    tries: usize,
    f_at: impl Fn(&[f64]) -> Option<f64>,
) -> Halved {
    let mut scale = 1.0;
    let mut accepted = None;
    for _ in 0..tries {
        let cand: Vec<f64> = t.iter().zip(step).map(|(a, b)| a - scale * b).collect();
        if let Some(fc) = f_at(&cand)
            && fc <= f + 1e-15 * f.abs().max(1.0)
        {
            accepted = Some((cand, fc));
            break;
        }
        scale /= 2.0;
    }
    let size = step.iter().fold(0.0f64, |a, b| a.max(b.abs())) * scale;
    Halved { accepted, size }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_that_overshoots_is_halved_until_the_objective_falls() {
        // f(t) = (t - 1)^2 from t = 0 (f = 1) with the step -3: t = 3 gives f = 4, rejected;
        // halved once, t = 1.5 gives f = 0.25, accepted.
        let f = |t: &[f64]| Some((t[0] - 1.0).powi(2));
        let h = halving(&[0.0], &[-3.0], 1.0, 30, f);
        let (t, fc) = h.accepted.unwrap();
        assert_eq!((t[0], fc), (1.5, 0.25));
        assert_eq!(h.size, 1.5);
        // An objective undefined everywhere: nothing accepted, the step shrunk `tries` times.
        let h = halving(&[0.0], &[-4.0], 1.0, 3, |_| None);
        assert!(h.accepted.is_none());
        assert_eq!(h.size, 0.5);
    }

    #[test]
    fn scoring_reaches_the_minimum_of_a_quadratic_and_then_stops() {
        // f(t) = (t - 1)^2: information 2, gradient 2(t - 1). From 0 the full step lands on 1;
        // the next step is zero: converged. An objective that only rises: stalled.
        let f_at = |t: &[f64]| Some((t[0] - 1.0).powi(2));
        let hinv = Array2::from_elem((1, 1), 0.5);
        let (mut t, mut f) = (vec![0.0], 1.0);
        let g = |t: &[f64]| vec![2.0 * (t[0] - 1.0)];
        let g0 = g(&t);
        assert_eq!(
            scoring_iteration(&mut t, &mut f, &hinv, &g0, 30, f_at),
            Next::Continue
        );
        assert_eq!((t[0], f), (1.0, 0.0));
        let g1 = g(&t);
        assert_eq!(
            scoring_iteration(&mut t, &mut f, &hinv, &g1, 30, f_at),
            Next::Converged
        );
        let (mut t, mut f) = (vec![0.0], 1.0);
        let rising = |_: &[f64]| Some(2.0);
        let next = scoring_iteration(&mut t, &mut f, &hinv, &[-2.0], 3, rising);
        assert_eq!((next, t[0], f), (Next::Stalled, 0.0, 1.0));
    }
}
