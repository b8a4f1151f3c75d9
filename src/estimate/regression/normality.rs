//! Normality tests of residuals: Shapiro-Wilk (Royston's algorithm AS R94, as R's
//! `shapiro.test`) and Jarque-Bera.

use crate::numeric::dist::{chi2_upper_p, norm_quantile, norm_upper};
use crate::results::regression::Test;

/// Evaluate c[0] + c[1] x + c[2] x^2 + ... (Horner).
fn poly(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

/// Shapiro-Wilk W and its p-value for 3 <= n <= 5000 (None outside, or for constant data).
///
/// # Formula
/// Royston (1995), Appl. Statist. 44(4), 547-551 (AS R94): W is the squared correlation of the
/// ordered sample with coefficients a_i built from the normal scores
/// m_i = qnorm((i - 3/8)/(n + 1/4)), the two extreme ones corrected by polynomials in
/// 1/sqrt(n); the p-value comes from a normalizing transformation of log(1 - W) (n >= 12:
/// mean and log-SD polynomials in log n; 4 <= n <= 11: in n, after -log(gamma - log(1 - W));
/// n = 3: exact). Validated against R's shapiro.test.
pub fn shapiro_wilk(values: &[f64]) -> Option<Test> {
    let mut x: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = x.len();
    if !(3..=5000).contains(&n) {
        return None;
    }
    x.sort_by(f64::total_cmp);
    let range = x[n - 1] - x[0];
    if !(range > 0.0) {
        return None;
    }
    let nf = n as f64;
    let half = n / 2;
    // Coefficients a[1..=half] (1-based as in the paper; a[0] unused).
    let mut a = vec![0.0f64; half + 1];
    if n == 3 {
        a[1] = std::f64::consts::FRAC_1_SQRT_2;
    } else {
        const C1: [f64; 6] = [0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
        const C2: [f64; 6] = [0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
        let m: Vec<f64> = (0..=half)
            .map(|i| {
                if i == 0 {
                    0.0
                } else {
                    norm_quantile((i as f64 - 0.375) / (nf + 0.25))
                }
            })
            .collect();
        let summ2 = 2.0 * m[1..].iter().map(|v| v * v).sum::<f64>();
        let ssumm2 = summ2.sqrt();
        let rsn = 1.0 / nf.sqrt();
        let a1 = poly(&C1, rsn) - m[1] / ssumm2;
        let (first, fac) = if n > 5 {
            let a2 = -m[2] / ssumm2 + poly(&C2, rsn);
            let fac = ((summ2 - 2.0 * m[1] * m[1] - 2.0 * m[2] * m[2])
                / (1.0 - 2.0 * a1 * a1 - 2.0 * a2 * a2))
                .sqrt();
            a[2] = a2;
            (3, fac)
        } else {
            (
                2,
                ((summ2 - 2.0 * m[1] * m[1]) / (1.0 - 2.0 * a1 * a1)).sqrt(),
            )
        };
        a[1] = a1;
        for i in first..=half {
            a[i] = -m[i] / fac;
        }
    }
    // Coefficient of the i-th order statistic (0-based): -a for the lower half, +a for the upper.
    let coef = |i: usize| -> f64 {
        let j = n - 1 - i;
        if i < j {
            -a[1 + i]
        } else if i > j {
            a[1 + j]
        } else {
            0.0
        }
    };
    let sa = (0..n).map(coef).sum::<f64>() / nf;
    let sx = x.iter().map(|v| v / range).sum::<f64>() / nf;
    let (mut ssa, mut ssx, mut sax) = (0.0, 0.0, 0.0);
    for (i, xi) in x.iter().enumerate() {
        let asa = coef(i) - sa;
        let xsx = xi / range - sx;
        ssa += asa * asa;
        ssx += xsx * xsx;
        sax += asa * xsx;
    }
    // 1 - W, computed so as to avoid rounding error for W near 1.
    let ssassx = (ssa * ssx).sqrt();
    let w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx);
    let w = 1.0 - w1;
    if n == 3 {
        let pi6 = 6.0 / std::f64::consts::PI;
        let stqr = (0.75f64).sqrt().asin();
        return Some(Test {
            statistic: w,
            df: None,
            p_value: (pi6 * (w.sqrt().asin() - stqr)).max(0.0),
        });
    }
    let mut y = w1.ln();
    let lnn = nf.ln();
    let (mean, sd) = if n <= 11 {
        let gamma = poly(&[-2.273, 0.459], nf);
        if y >= gamma {
            return Some(Test {
                statistic: w,
                df: None,
                p_value: 1e-99,
            });
        }
        y = -(gamma - y).ln();
        (
            poly(&[0.544, -0.39978, 0.025054, -6.714e-4], nf),
            poly(&[1.3822, -0.77857, 0.062767, -0.0020322], nf).exp(),
        )
    } else {
        (
            poly(&[-1.5861, -0.31082, -0.083751, 0.0038915], lnn),
            poly(&[-0.4803, -0.082676, 0.0030302], lnn).exp(),
        )
    };
    Some(Test {
        statistic: w,
        df: None,
        p_value: norm_upper((y - mean) / sd),
    })
}

/// Jarque-Bera test: JB = n/6 (S^2 + (K - 3)^2 / 4) with S and K the moment skewness and
/// kurtosis (denominator n), chi-square on 2 df (as `tseries::jarque.bera.test`).
pub fn jarque_bera(values: &[f64]) -> Option<Test> {
    let x: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = x.len() as f64;
    if n < 3.0 {
        return None;
    }
    let mean = x.iter().sum::<f64>() / n;
    let m = |k: i32| x.iter().map(|v| (v - mean).powi(k)).sum::<f64>() / n;
    let (m2, m3, m4) = (m(2), m(3), m(4));
    if !(m2 > 0.0) {
        return None;
    }
    let s = m3 / m2.powf(1.5);
    let k = m4 / (m2 * m2);
    let jb = n / 6.0 * (s * s + (k - 3.0).powi(2) / 4.0);
    Some(Test {
        statistic: jb,
        df: Some(2.0),
        p_value: chi2_upper_p(jb, 2.0)?,
    })
}
