//! Order statistics: sample quantiles of sorted data.
//!
//! # Formula
//! For sorted x_1 <= ... <= x_n and probability p (Hyndman and Fan 1996):
//! - type 7 (R's default): h = (n - 1) p, x_(floor h + 1) + (h - floor h)(x_(floor h + 2) - x_(floor h + 1))
//! - type 6 (SPSS's HAVERAGE, the default of FREQUENCIES and EXAMINE; Minitab): h = (n + 1) p,
//!   interpolated the same way and clamped to x_1 .. x_n

/// Quantile of sorted data by R's type 7; NaN for no data.
pub fn quantile7(sorted: &[f64], p: f64) -> f64 {
    interpolate(sorted, (sorted.len() as f64 - 1.0) * p)
}

/// Quantile of sorted data by type 6 (SPSS's HAVERAGE); NaN for no data.
pub fn quantile6(sorted: &[f64], p: f64) -> f64 {
    interpolate(sorted, (sorted.len() as f64 + 1.0) * p - 1.0)
}

/// The value at 0-based fractional position `h`, clamped to the data.
fn interpolate(sorted: &[f64], h: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = h.clamp(0.0, (n - 1) as f64);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_r_types_6_and_7() {
        // R 4.2: x <- c(1, 2, 4, 7, 11); quantile(x, c(.16, .5, .84), type = 7) -> 1.64 4 8.44;
        // type = 6 -> 1 4 11 (h = 6 * .84 = 5.04 clamps to the maximum); quantile(x, .3, type = 6)
        // -> 1.8.
        let x = [1.0, 2.0, 4.0, 7.0, 11.0];
        assert!((quantile7(&x, 0.16) - 1.64).abs() < 1e-12);
        assert_eq!(quantile7(&x, 0.5), 4.0);
        assert!((quantile7(&x, 0.84) - 8.44).abs() < 1e-12);
        assert_eq!(quantile6(&x, 0.16), 1.0);
        assert_eq!(quantile6(&x, 0.5), 4.0);
        assert_eq!(quantile6(&x, 0.84), 11.0);
        assert!((quantile6(&x, 0.3) - 1.8).abs() < 1e-12);
        assert!(quantile7(&[], 0.5).is_nan());
    }
}
