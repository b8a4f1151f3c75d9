//! Total, total indirect and specific indirect effects of the structural model.

use super::{PlsFit, PlsSpec};
use ndarray::Array2;

/// Total effects T = Σ_{k≥1} B^k of a recursive model's coefficient matrix B (B[i][j]: i → j).
pub fn total_effects(b: &Array2<f64>) -> Array2<f64> {
    let mut total = b.clone();
    let mut power = b.clone();
    for _ in 1..b.nrows() {
        power = power.dot(b);
        if power.iter().all(|&x| x == 0.0) {
            break;
        }
        total += &power;
    }
    total
}

/// Every chain of two or more paths (a list of block indices, first to last), for specific
/// indirect effects; at most `cap` chains.
pub fn chains(k: usize, paths: &[(usize, usize)], cap: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    fn walk(
        at: usize,
        chain: &mut Vec<usize>,
        paths: &[(usize, usize)],
        out: &mut Vec<Vec<usize>>,
        cap: usize,
    ) {
        for &(f, t) in paths {
            if f == at && out.len() < cap {
                chain.push(t);
                if chain.len() >= 3 {
                    out.push(chain.clone());
                }
                walk(t, chain, paths, out, cap);
                chain.pop();
            }
        }
    }
    for start in 0..k {
        let mut chain = vec![start];
        walk(start, &mut chain, paths, &mut out, cap);
    }
    out
}

/// Total (i, j, T_ij) and total indirect effects, then each specific indirect effect.
pub(super) fn effect_list(
    spec: &PlsSpec,
    fit: &PlsFit,
    chains: &[Vec<usize>],
) -> Vec<(String, Vec<usize>, f64)> {
    let k = spec.blocks.len();
    let mut b = Array2::<f64>::zeros((k, k));
    for (p, &(f, t)) in spec.paths.iter().enumerate() {
        b[[f, t]] = fit.paths[p];
    }
    let total = total_effects(&b);
    let direct = |i: usize, j: usize| spec.paths.iter().any(|&(f, t)| f == i && t == j);
    let indirect = |i: usize, j: usize| chains.iter().any(|c| c[0] == i && c[c.len() - 1] == j);
    let mut out = Vec::new();
    for i in 0..k {
        for j in 0..k {
            if direct(i, j) || indirect(i, j) {
                out.push(("total".to_string(), vec![i, j], total[[i, j]]));
            }
            if indirect(i, j) {
                out.push((
                    "total_indirect".to_string(),
                    vec![i, j],
                    total[[i, j]] - b[[i, j]],
                ));
            }
        }
    }
    for c in chains {
        let v = c.windows(2).map(|w| b[[w[0], w[1]]]).product::<f64>();
        out.push(("specific_indirect".to_string(), c.clone(), v));
    }
    out
}
