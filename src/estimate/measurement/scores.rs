//! Construct scores: the mean of a construct's items after reverse-keying.
//!
//! # Formula
//! reversed x = min + max - x; score = mean of the answered (finite) items of the row when at
//! least `min_items` are answered, else missing (NaN).

/// Score one construct. `items[k][i]` is item k of row i (NaN = missing).
pub fn construct_scores(
    items: &[&[f64]],
    reversed: &[bool],
    min: f64,
    max: f64,
    min_items: usize,
) -> Vec<f64> {
    let n = items.first().map_or(0, |c| c.len());
    (0..n)
        .map(|i| {
            let mut sum = 0.0;
            let mut k = 0usize;
            for (col, &rev) in items.iter().zip(reversed) {
                let v = col[i];
                if v.is_finite() {
                    sum += if rev { min + max - v } else { v };
                    k += 1;
                }
            }
            if k >= min_items && k > 0 {
                sum / k as f64
            } else {
                f64::NAN
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_keyed_items_are_flipped_and_incomplete_rows_follow_min_items() {
        let a = [5.0, 1.0, f64::NAN];
        let b = [1.0, 2.0, 4.0];
        let s = construct_scores(&[&a, &b], &[false, true], 1.0, 5.0, 2);
        assert_eq!(s[0], 5.0); // (5 + (6-1)) / 2
        assert_eq!(s[1], 2.5); // (1 + 4) / 2
        assert!(s[2].is_nan());
        let s = construct_scores(&[&a, &b], &[false, true], 1.0, 5.0, 1);
        assert_eq!(s[2], 2.0);
    }
}
