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
