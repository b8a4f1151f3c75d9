//! Construct scores: the mean of a construct's items after reverse-keying.
//!
//! # Formula
//! reversed x = min + max - x; score = mean of the answered (finite) items of the row when at
//! least `min_items` are answered, else missing (NaN).

use crate::numeric::values::{AsValues, Values};

/// Score one construct. `items[k][i]` is item k of row i (NaN = missing).
pub fn construct_scores<C: AsValues>(
    items: &[C],
    reversed: &[bool],
    min: f64,
    max: f64,
    min_items: usize,
) -> Vec<f64> {
    let items: Vec<Values> = items.iter().map(AsValues::values).collect();
    let n = items.first().map_or(0, |c| c.len());
    let mut out = Vec::with_capacity(n);
    // By blocks of rows, item by item (a column's block stays in cache); each row's answers
    // are added in the items' order, as row by row.
    const BLOCK: usize = 4096;
    let mut value = vec![0.0; BLOCK];
    for start in (0..n).step_by(BLOCK) {
        let m = BLOCK.min(n - start);
        let (mut sum, mut k) = (vec![0.0; m], vec![0usize; m]);
        for (col, &rev) in items.iter().zip(reversed) {
            col.fill(start, &mut value[..m]);
            for ((s, k), &v) in sum.iter_mut().zip(&mut k).zip(&value[..m]) {
                if v.is_finite() {
                    *s += if rev { min + max - v } else { v };
                    *k += 1;
                }
            }
        }
        out.extend(sum.iter().zip(&k).map(|(&s, &k)| {
            if k >= min_items && k > 0 {
                s / k as f64
            } else {
                f64::NAN
            }
        }));
    }
    out
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
