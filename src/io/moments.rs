//! Per-cluster moments of blocks of columns, computed here beside a query's sums (`bprstat
//! sql --measurement --run`): polars gives a shard's cleaned rows (a query of its own), and
//! each block's count of complete cases, column sums and sums of products are added per
//! cluster in one pass over them. The same numbers as the SQL's SUM(CASE WHEN ...) columns,
//! without polars materialising hundreds of product columns for the whole shard (and
//! planning a query of hundreds of aggregations: quadratic in polars 0.55).

use super::IoError;
use polars::prelude::*;

/// What to sum: the query giving each row's cluster (first column) and cleaned values, and
/// the blocks of its columns.
pub struct Moments {
    pub rows_query: String,
    pub blocks: Vec<Block>,
}

/// A block: its columns (in the rows' query) and the names of its sums: the count of rows
/// where every column has a value, each column's sum, and the products' sums in the lower
/// triangle by rows (a, b <= a).
pub struct Block {
    pub columns: Vec<String>,
    pub count: String,
    pub sums: Vec<String>,
    pub products: Vec<String>,
}

/// The blocks' sums per cluster of `rows`, as columns in the order of the clusters of
/// `clusters` (the query's result for the same rows; a cluster is matched by its text).
pub(super) fn sums_for(
    rows: &DataFrame,
    clusters: &polars::prelude::Column,
    blocks: &[Block],
    file: &str,
) -> Result<Vec<polars::prelude::Column>, IoError> {
    let failed = |e: PolarsError| IoError::Other {
        file: file.into(),
        message: format!("the items' moments: {e}"),
    };
    let key = |c: &polars::prelude::Column| -> Result<Vec<Option<String>>, IoError> {
        let s = c.cast(&DataType::String).map_err(failed)?;
        Ok(s.str()
            .map_err(failed)?
            .iter()
            .map(|v| v.map(str::to_string))
            .collect())
    };
    let at: std::collections::HashMap<Option<String>, usize> = key(clusters)?
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, i))
        .collect();
    let g = clusters.len();
    let row_keys = key(&rows.columns()[0])?;
    let group: Vec<Option<usize>> = row_keys.iter().map(|k| at.get(k).copied()).collect();
    if let Some(r) = group.iter().position(Option::is_none) {
        return Err(IoError::Other {
            file: file.into(),
            message: format!(
                "the items' moments: row {} is in cluster {:?}, which the sums do not have",
                r + 1,
                row_keys[r]
            ),
        });
    }
    let values = |name: &str| -> Result<Vec<f64>, IoError> {
        let c = rows.column(name).map_err(failed)?;
        let c = c.cast(&DataType::Float64).map_err(failed)?;
        Ok(c.f64()
            .map_err(failed)?
            .iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect())
    };
    let mut out = Vec::new();
    for b in blocks {
        let cols: Vec<Vec<f64>> = b
            .columns
            .iter()
            .map(|c| values(c))
            .collect::<Result<_, _>>()?;
        let p = cols.len();
        let width = 1 + p + p * (p + 1) / 2;
        let mut acc = vec![0.0f64; g * width];
        let mut x = vec![0.0; p];
        for (r, gi) in group.iter().enumerate() {
            for (a, c) in cols.iter().enumerate() {
                x[a] = c[r];
            }
            if x.iter().any(|v| v.is_nan()) {
                continue;
            }
            let s = &mut acc[gi.expect("checked") * width..][..width];
            s[0] += 1.0;
            let (sums, prods) = s[1..].split_at_mut(p);
            let mut k = 0;
            for a in 0..p {
                sums[a] += x[a];
                for xb in &x[..=a] {
                    prods[k] += x[a] * xb;
                    k += 1;
                }
            }
        }
        let names = std::iter::once(&b.count).chain(&b.sums).chain(&b.products);
        for (j, name) in names.enumerate() {
            // A cluster without complete cases: NULL sums, as SQL's SUM over no rows.
            let v: Float64Chunked = (0..g)
                .map(|i| {
                    let n = acc[i * width];
                    (j == 0 || n > 0.0).then_some(acc[i * width + j])
                })
                .collect();
            out.push(v.with_name(name.as_str().into()).into_column());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_summed_per_cluster_over_complete_rows() {
        let rows = df!(
            "c" => [2i64, 1, 2, 2],
            "x" => [Some(1.0), Some(2.0), None, Some(3.0)],
            "y" => [4.0, 5.0, 6.0, 7.0]
        )
        .unwrap();
        let clusters = Column::new("c".into(), [1i64, 2]);
        let b = Block {
            columns: vec!["x".into(), "y".into()],
            count: "n".into(),
            sums: vec!["sx".into(), "sy".into()],
            products: vec!["xx".into(), "yx".into(), "yy".into()],
        };
        let out = sums_for(&rows, &clusters, &[b], "t").unwrap();
        let col = |i: usize| -> Vec<Option<f64>> { out[i].f64().unwrap().iter().collect() };
        assert_eq!(col(0), [Some(1.0), Some(2.0)]);
        assert_eq!(col(1), [Some(2.0), Some(4.0)]);
        assert_eq!(col(3), [Some(4.0), Some(10.0)]);
        assert_eq!(col(4), [Some(10.0), Some(4.0 + 21.0)]);
    }
}
