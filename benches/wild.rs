//! Benchmark: wild cluster bootstrap (B = 9,999, every slope) on 1,000,000 respondents in
//! 2,000 clusters, beside one OLS fit with CR1 standard errors on the same data, in the same
//! process. Run: cargo bench --bench wild   (prints seconds and the ratio)

use bprstat::estimate::CovType;
use bprstat::estimate::regression::bootstrap::{WildOptions, WildWeights, wild_cluster};
use bprstat::estimate::regression::lsq::{LsqOptions, solve};
use bprstat::estimate::regression::ols::{FitView, OlsSpec, fit};
use bprstat::numeric::Rng;
use ndarray::{Array1, Array2};
use std::time::Instant;

fn main() {
    let (n, g, k) = (1_000_000usize, 2_000usize, 8usize);
    let mut rng = Rng::new(1);
    let clusters: Vec<usize> = (0..n).map(|i| i * g / n).collect();
    let effects: Vec<f64> = (0..g).map(|_| rng.normal()).collect();
    let x = Array2::from_shape_fn((n, k), |(i, j)| {
        if j == 0 {
            1.0
        } else {
            rng.normal() + 0.3 * effects[clusters[i]]
        }
    });
    let y: Array1<f64> = (0..n)
        .map(|i| 0.2 * x[[i, 1]] + 0.1 * x[[i, 2]] + effects[clusters[i]] * 0.5 + rng.normal())
        .collect();
    let terms: Vec<String> = (0..k)
        .map(|j| {
            if j == 0 {
                "(Intercept)".into()
            } else {
                format!("x{j}")
            }
        })
        .collect();
    let spec = OlsSpec {
        x: x.view(),
        y: y.view(),
        x_lo: None,
        y_lo: None,
        terms: &terms,
        intercept: true,
        cov: CovType::Cluster,
        clusters: Some(&clusters),
        cluster_name: Some("cluster"),
        level: 0.95,
        lsq: LsqOptions::default(),
        rows: None,
    };
    let t0 = Instant::now();
    let fitted = fit(&spec).unwrap();
    let t_ols = t0.elapsed().as_secs_f64();
    let sol = solve(x.view(), y.view(), LsqOptions::default()).unwrap();
    let opts = WildOptions {
        reps: 9_999,
        weights: WildWeights::Rademacher,
        seed: 1,
        level: 0.95,
    };
    let t1 = Instant::now();
    let view = FitView {
        x: x.view(),
        y: y.view(),
        terms: &terms,
        intercept: true,
        sol: &sol,
        r_squared: fitted.result.glance.r_squared,
    };
    let wb = wild_cluster(view, &clusters, opts, &|_, _| {});
    let t_wild = t1.elapsed().as_secs_f64();
    println!(
        "n = {n}, G = {g}, k = {k} (solver: {})",
        fitted.result.glance.solver
    );
    println!("OLS fit with CR1 SEs:                          {t_ols:8.3} s");
    println!(
        "wild cluster bootstrap, B = 9,999, {} slopes, with CIs: {t_wild:8.3} s  ({:.1}x the OLS fit)",
        wb.terms.len(),
        t_wild / t_ols
    );
    println!(
        "per slope: {:.3} s ({:.2}x the OLS fit)",
        t_wild / wb.terms.len() as f64,
        t_wild / wb.terms.len() as f64 / t_ols
    );
    for t in &wb.terms {
        println!(
            "  {:<4} t = {:>8.3}  p = {:.4}  CI [{:.4}, {:.4}]",
            t.term,
            t.statistic,
            t.p_value,
            t.conf_low.unwrap_or(f64::NAN),
            t.conf_high.unwrap_or(f64::NAN)
        );
    }
}
