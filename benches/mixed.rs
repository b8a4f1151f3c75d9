//! Benchmark: the random-intercept mixed model (REML, Satterthwaite df) on 1,000,000
//! respondents in 2,000 centers, beside one OLS fit with CR1 standard errors on the same data,
//! in the same process; peak memory of each as the growth of the process's peak RSS.
//! Run: cargo bench --bench mixed   (prints seconds, the ratio and memory)

use bprstat::estimate::CovType;
use bprstat::estimate::multilevel::mixed::{Criterion, MixedData, fit as fit_mixed};
use bprstat::estimate::regression::lsq::LsqOptions;
use bprstat::estimate::regression::ols::{OlsSpec, fit};
use bprstat::numeric::Rng;
use ndarray::{Array1, Array2};
use std::time::Instant;

/// Peak resident set size of this process so far, in MB (Linux /proc; 0 elsewhere).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

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
    let terms: Vec<String> = (0..k).map(|j| format!("x{j}")).collect();
    let base = peak_rss_mb();
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
    // The mixed model first, so that its memory growth is not hidden under the OLS peak.
    let data = MixedData {
        x: x.view(),
        y: y.view(),
        groups: &clusters,
        ngroups: g,
    };
    let mut t_mixed = vec![];
    let mut m = None;
    for _ in 0..3 {
        let t = Instant::now();
        m = Some(fit_mixed(&data, Criterion::Reml).unwrap());
        t_mixed.push(t.elapsed().as_secs_f64());
    }
    let mem_mixed = peak_rss_mb() - base;
    let mut t_ols = vec![];
    for _ in 0..3 {
        let t = Instant::now();
        let _ = fit(&spec).unwrap();
        t_ols.push(t.elapsed().as_secs_f64());
    }
    let mem_ols = peak_rss_mb() - base;
    let (t_mixed, t_ols) = (median(t_mixed), median(t_ols));
    let m = m.unwrap();
    println!("n = {n}, G = {g}, k = {k}; data {:.0} MB", base);
    println!(
        "mixed model (REML, Satterthwaite df, {} criterion evaluations): {t_mixed:7.3} s ({:.2}x the OLS fit), peak +{mem_mixed:.0} MB",
        m.evaluations,
        t_mixed / t_ols
    );
    println!(
        "OLS fit with CR1 SEs:                                     {t_ols:7.3} s, peak +{mem_ols:.0} MB (cumulative)"
    );
    println!(
        "estimates: tau2 = {:.4} (true 0.25), sigma2 = {:.4} (true 1), slope x1 = {:.4} (true 0.2 + confounding)",
        m.tau2, m.sigma2, m.coef[1]
    );
}
