//! One-dimensional root finding and minimization by Brent's methods (Brent 1973, as in R's
//! `uniroot` and `optimize`).

/// Root of f in [lo, hi] by Brent's method (f(lo) < 0 < f(hi) expected); None when the
/// interval does not bracket a sign change.
pub fn brent_root(mut f: impl FnMut(f64) -> Option<f64>, lo: f64, hi: f64) -> Option<f64> {
    let (mut a, mut b) = (lo, hi);
    let (mut fa, mut fb) = (f(a)?, f(b)?);
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    if fa.signum() == fb.signum() {
        return None;
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..200 {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 1e-300;
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut pp, mut qq);
            if a == c {
                pp = 2.0 * m * s;
                qq = 1.0 - s;
            } else {
                let q0 = fa / fc;
                let r = fb / fc;
                pp = s * (2.0 * m * q0 * (q0 - r) - (b - a) * (r - 1.0));
                qq = (q0 - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if pp > 0.0 {
                qq = -qq;
            } else {
                pp = -pp;
            }
            if 2.0 * pp < (3.0 * m * qq - (tol * qq).abs()).min((e * qq).abs()) {
                e = d;
                d = pp / qq;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol * m.signum() };
        fb = f(b)?;
    }
    Some(b)
}

/// Minimum of f on [a, b] by Brent's method (golden section with parabolic steps).
pub fn brent_min(f: &mut dyn FnMut(f64) -> f64, a: f64, b: f64, tol: f64) -> (f64, f64) {
    let g = 0.381_966_011_250_105_1;
    let (mut a, mut b) = (a, b);
    let mut x = a + g * (b - a);
    let (mut w, mut v) = (x, x);
    let mut fx = f(x);
    let (mut fw, mut fv) = (fx, fx);
    let (mut d, mut e) = (0.0f64, 0.0f64);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        let t1 = tol * x.abs() + 1e-12;
        let t2 = 2.0 * t1;
        if (x - m).abs() <= t2 - 0.5 * (b - a) {
            break;
        }
        let mut golden = true;
        if e.abs() > t1 {
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            if p.abs() < (0.5 * q * e).abs() && p > q * (a - x) && p < q * (b - x) {
                e = d;
                d = p / q;
                golden = false;
            }
        }
        if golden {
            e = if x < m { b - x } else { a - x };
            d = g * e;
        }
        let u = if d.abs() >= t1 {
            x + d
        } else {
            x + t1 * d.signum()
        };
        let fu = f(u);
        if fu <= fx {
            if u < x {
                b = x
            } else {
                a = x
            }
            (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu);
        } else {
            if u < x {
                a = u
            } else {
                b = u
            }
            if fu <= fw || w == x {
                (v, fv, w, fw) = (w, fw, u, fu);
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    (x, fx)
}

/// Minimum of f over R^k by the Nelder–Mead simplex (standard coefficients: reflection 1,
/// expansion 2, contraction 1/2, shrink 1/2), from `x0` with initial steps `step`, until the
/// simplex's values differ by less than `ftol` (absolutely) or `max_evals` evaluations.
/// Returns the best point, its value and the evaluations used. Non-finite values count as +∞.
pub fn nelder_mead(
    f: &mut dyn FnMut(&[f64]) -> f64,
    x0: &[f64],
    step: &[f64],
    ftol: f64,
    max_evals: usize,
) -> (Vec<f64>, f64, usize) {
    let k = x0.len();
    let mut evals = 0usize;
    let mut eval = |x: &[f64], evals: &mut usize| {
        *evals += 1;
        let v = f(x);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    let mut pts: Vec<Vec<f64>> = vec![x0.to_vec()];
    for i in 0..k {
        let mut x = x0.to_vec();
        x[i] += step[i];
        pts.push(x);
    }
    let mut vals: Vec<f64> = pts.iter().map(|x| eval(x, &mut evals)).collect();
    while evals < max_evals {
        let mut idx: Vec<usize> = (0..=k).collect();
        idx.sort_by(|&a, &b| vals[a].total_cmp(&vals[b]));
        pts = idx.iter().map(|&i| pts[i].clone()).collect();
        vals = idx.iter().map(|&i| vals[i]).collect();
        if (vals[k] - vals[0]).abs() <= ftol {
            break;
        }
        let centroid: Vec<f64> = (0..k)
            .map(|d| pts[..k].iter().map(|p| p[d]).sum::<f64>() / k as f64)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            (0..k)
                .map(|d| centroid[d] + t * (pts[k][d] - centroid[d]))
                .collect()
        };
        let xr = along(-1.0);
        let fr = eval(&xr, &mut evals);
        if fr < vals[0] {
            let xe = along(-2.0);
            let fe = eval(&xe, &mut evals);
            if fe < fr {
                pts[k] = xe;
                vals[k] = fe;
            } else {
                pts[k] = xr;
                vals[k] = fr;
            }
        } else if fr < vals[k - 1] {
            pts[k] = xr;
            vals[k] = fr;
        } else {
            let (xc, fc) = if fr < vals[k] {
                let x = along(-0.5);
                let v = eval(&x, &mut evals);
                (x, v)
            } else {
                let x = along(0.5);
                let v = eval(&x, &mut evals);
                (x, v)
            };
            if fc < vals[k].min(fr) {
                pts[k] = xc;
                vals[k] = fc;
            } else {
                for i in 1..=k {
                    pts[i] = (0..k)
                        .map(|d| pts[0][d] + 0.5 * (pts[i][d] - pts[0][d]))
                        .collect();
                    vals[i] = eval(&pts[i].clone(), &mut evals);
                }
            }
        }
    }
    let best = (0..=k)
        .min_by(|&a, &b| vals[a].total_cmp(&vals[b]))
        .unwrap_or(0);
    (pts[best].clone(), vals[best], evals)
}

#[cfg(test)]
mod nelder_mead_tests {
    use super::nelder_mead;

    #[test]
    fn nelder_mead_finds_the_minimum_of_rosenbrocks_valley() {
        let mut f = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let (x, v, _) = nelder_mead(&mut f, &[-1.2, 1.0], &[0.1, 0.1], 1e-20, 20_000);
        assert!(v < 1e-14, "{v}");
        assert!(
            (x[0] - 1.0).abs() < 1e-6 && (x[1] - 1.0).abs() < 1e-6,
            "{x:?}"
        );
    }
}
