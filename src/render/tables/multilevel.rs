//! Tables of the multilevel analyses (SPSS MIXED layout for models; league tables and ICCs
//! for the benchmark), built from results.

use super::ci_headers;
use super::table::{Cell, Table, col, num, pval};
use crate::results::multilevel::{
    Band, CenterScore, League, MixedReport, MixedTidyRow, Versus, center_names,
};

fn title_of(m: &MixedReport) -> String {
    m.title.clone().unwrap_or_else(|| m.name.clone())
}

/// A center's rank, "—" when it has none (the centers cannot be told apart).
pub fn rank_cell(c: &CenterScore) -> Cell {
    match c.ranks.rank {
        Some(r) => Cell::int(r),
        None => Cell::text("—"),
    }
}

/// The sentence for a variable on which the centers cannot be told apart.
pub fn indistinguishable(l: &League) -> String {
    let test = &l.model.glance.random_effect_test;
    let p = Cell::p_phrase(test.p_value);
    format!(
        "The centers cannot be told apart on {}: the between-center variance is estimated as 0 (likelihood-ratio test of τ² = 0: χ² = {:.2}, {p}), so no center is ranked or banded and every rank interval spans the whole table.",
        l.label, test.statistic
    )
}

/// The order of a league table's rows: shrunken mean, then raw mean, then size, highest
/// first; the position in the data only where all three are equal (such rows carry no rank).
/// What adjusting for case mix changed, against the raw table `raw`: the terms, what a score
/// is, the rank correlation of the two tables' scores, and how many centers changed band.
///
/// # Formula
/// Spearman's ρ: Pearson's correlation of the mid-ranks of the raw and adjusted EB means over
/// the centers in both tables.
pub fn adjustment_sentences(raw: &League, adj: &League) -> Vec<String> {
    let pairs: Vec<(&CenterScore, &CenterScore)> = adj
        .centers
        .iter()
        .filter_map(|a| raw.center(&a.center).map(|r| (r, a)))
        .collect();
    let mid_ranks = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .map(|&x| {
                let below = v.iter().filter(|&&y| y < x).count() as f64;
                let equal = v.iter().filter(|&&y| y == x).count() as f64;
                below + (equal + 1.0) / 2.0
            })
            .collect()
    };
    let a = mid_ranks(&pairs.iter().map(|(r, _)| r.eb_mean).collect::<Vec<_>>());
    let b = mid_ranks(&pairs.iter().map(|(_, x)| x.eb_mean).collect::<Vec<_>>());
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(&b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    let changed = pairs.iter().filter(|(r, x)| r.band != x.band).count();
    let mut out = vec![format!(
        "Adjusted for {}: the centers are compared as if each had served the same mix of respondents (and, for center-level terms, were the same kind of center). A center's score is what the model `{}` predicts for the average respondent, plus the center's own effect.",
        adj.adjusted_for.join(", "),
        adj.model.formula
    )];
    if saa > 0.0 && sbb > 0.0 {
        out.push(format!(
            "Against the raw league table: Spearman's rank correlation of the scores {:.3} over {} centers; {changed} center(s) changed band.",
            sab / (saa * sbb).sqrt(),
            pairs.len()
        ));
    }
    out
}

pub fn display_order(l: &League) -> Vec<usize> {
    let mut order: Vec<usize> = (0..l.centers.len()).collect();
    let c = &l.centers;
    order.sort_by(|&a, &b| {
        c[b].eb_mean
            .total_cmp(&c[a].eb_mean)
            .then(c[b].raw_mean.total_cmp(&c[a].raw_mean))
            .then(c[b].n.cmp(&c[a].n))
            .then(a.cmp(&b))
    });
    order
}

/// A center's rank interval, "low–high".
pub fn rank_interval(c: &CenterScore) -> Cell {
    Cell::text(format!("{}–{}", c.ranks.rank_low, c.ranks.rank_high))
}

/// "Estimates of Fixed Effects": Parameter, Estimate, Std. Error, df, t, Sig., interval.
pub fn fixed_effects(m: &MixedReport) -> Table {
    let (lo, hi) = ci_headers(m.glance.conf_level);
    let mut t = Table::from_columns(
        format!("Estimates of Fixed Effects — {}", title_of(m)),
        &m.tidy,
        &[
            col("Parameter", |r: &MixedTidyRow| Cell::text(&r.term)),
            num("Estimate", 3, |r: &MixedTidyRow| r.estimate),
            num("Std. Error", 3, |r: &MixedTidyRow| r.std_error),
            num("df", 1, |r: &MixedTidyRow| r.df),
            num("t", 3, |r: &MixedTidyRow| r.statistic),
            pval("Sig.", |r: &MixedTidyRow| r.p_value),
            num(lo.as_str(), 3, |r: &MixedTidyRow| r.conf_low),
            num(hi.as_str(), 3, |r: &MixedTidyRow| r.conf_high),
        ],
    );
    t.notes.push(format!(
        "Dependent variable: {}. {} respondents in {} groups of {}; {} rows dropped for missing values.",
        m.outcome, m.glance.nobs, m.glance.ngroups, m.group_variable, m.sample.rows_dropped
    ));
    t.notes.extend(m.notes.iter().cloned());
    t
}

/// "Estimates of Covariance Parameters" plus the model's information criteria and ICC.
pub fn covariance_parameters(m: &MixedReport) -> Table {
    let g = &m.glance;
    let mut t = Table::new(
        format!("Estimates of Covariance Parameters — {}", title_of(m)),
        &[
            "Parameter",
            "Estimate",
            "Std. Error",
            "SD",
            &format!("SD {:.0}% profile CI", 100.0 * g.conf_level),
        ],
    );
    for v in &m.variance {
        let name = if v.group == "Residual" {
            "Residual σ²".to_string()
        } else {
            format!("Intercept τ² [subject = {}]", v.group)
        };
        t.rows.push(vec![
            Cell::text(name),
            Cell::num(Some(v.variance), 4),
            Cell::num(v.std_error, 4),
            Cell::num(Some(v.std_dev), 4),
            match (v.sd_conf_low, v.sd_conf_high) {
                (Some(a), Some(b)) => Cell::text(format!("{a:.4} to {b:.4}")),
                _ => Cell::text("NA"),
            },
        ]);
    }
    let crit = if g.method == "REML" {
        "-2 Restricted Log Likelihood"
    } else {
        "-2 Log Likelihood"
    };
    for (k, v) in [
        (crit, g.criterion),
        ("Akaike's Information Criterion (AIC)", g.aic),
        ("Schwarz's Bayesian Criterion (BIC)", g.bic),
        ("ICC τ²/(τ²+σ²)", g.icc),
    ] {
        t.rows.push(vec![
            Cell::text(k),
            Cell::num(Some(v), 3),
            Cell::text(""),
            Cell::text(""),
            Cell::text(""),
        ]);
    }
    let l = &g.random_effect_test;
    t.rows.push(vec![
        Cell::text("LR test vs single-level model, χ²(1)"),
        Cell::num(Some(l.statistic), 3),
        Cell::text(""),
        Cell::text(""),
        Cell::text(""),
    ]);
    t.rows.push(vec![
        Cell::text("  Sig. (boundary-corrected)"),
        Cell::p(Some(l.p_value)),
        Cell::text(""),
        Cell::text(""),
        Cell::text(""),
    ]);
    t.notes.push(format!(
        "Convergence: the profiled {} criterion was evaluated {} times; its derivative in τ²/σ² at the optimum is {:.1e}{}.",
        g.method,
        g.evaluations,
        g.gradient,
        if g.boundary {
            " (τ² = 0: on the boundary, where a non-negative derivative marks the optimum)"
        } else {
            ""
        }
    ));
    t.notes.push("Standard errors of the variances are asymptotic (observed information); the intervals are from the likelihood profile (the values of the SD whose profiled criterion lies within χ²₁ of the optimum), which stay sensible near τ = 0 where estimate ± 2 SE does not. A lower limit of 0 means a zero between-group variance cannot be excluded.".into());
    t
}

/// Intra-class correlations, design effects and what each means, one row per variable.
pub fn icc_table(leagues: &[&League]) -> Table {
    let mut t = Table::new(
        "Intra-class correlations and design effects (null models)",
        &[
            "Variable",
            "τ²",
            "σ²",
            "ICC(1)",
            "ICC(2)",
            "Mean group size",
            "Design effect",
            "Effective n",
            "LR χ²(1)",
            "Sig.",
        ],
    );
    for l in leagues {
        let m = &l.model;
        t.rows.push(vec![
            Cell::text(&l.label),
            Cell::num(Some(m.variance[0].variance), 4),
            Cell::num(Some(m.variance[1].variance), 4),
            Cell::num(Some(l.icc.icc1), 3),
            Cell::num(Some(l.icc.icc2), 3),
            Cell::num(Some(l.icc.mean_group_size), 1),
            Cell::num(Some(l.icc.design_effect), 2),
            Cell::num(Some(l.icc.effective_n), 0),
            Cell::num(Some(m.glance.random_effect_test.statistic), 2),
            Cell::p(Some(m.glance.random_effect_test.p_value)),
        ]);
    }
    t.notes.push("ICC(1): the share of a variable's variance that lies between centers — how much centers differ, relative to how much respondents differ.".into());
    t.notes.push("ICC(2): the reliability of a center's mean of n̄ respondents, τ²/(τ² + σ²/n̄) — how far a center's mean can be trusted to rank centers.".into());
    t.notes.push("Design effect 1 + (n̄ - 1) ICC(1): how many times larger the variance of a mean is than under simple random sampling; effective n = N / design effect is the number of independent respondents the sample is worth.".into());
    t.notes.push("Variance components by the null model variable ~ 1 + (1 | center); LR test against the single-level model with the boundary-corrected p-value (half the χ²(1) tail).".into());
    t
}

/// The league table: ranks with intervals, shrunken and raw means.
pub fn league_table(l: &League) -> Table {
    let pct = (l.model.glance.conf_level * 100.0).round();
    let order = display_order(l);
    let mut t = Table::from_columns(
        format!("League table — {}", l.label),
        order.iter().map(|&i| &l.centers[i]),
        &[
            col("Rank", rank_cell),
            col(format!("Rank {pct}% interval"), rank_interval),
            col("Center", |c: &CenterScore| Cell::text(&c.center)),
            col("n", |c: &CenterScore| Cell::int(c.n)),
            num("Raw mean", 3, |c: &CenterScore| Some(c.raw_mean)),
            num("EB mean", 3, |c: &CenterScore| Some(c.eb_mean)),
            col(format!("EB {pct}% interval"), |c: &CenterScore| {
                Cell::text(format!("{:.3} to {:.3}", c.conf_low, c.conf_high))
            }),
            num("Shrinkage", 3, |c: &CenterScore| Some(c.shrinkage)),
            num("P(top third)", 3, |c: &CenterScore| {
                Some(c.ranks.p_top_third)
            }),
            num("P(bottom third)", 3, |c: &CenterScore| {
                Some(c.ranks.p_bottom_third)
            }),
            col("Band", |c: &CenterScore| Cell::text(Band::label_of(c.band))),
            col("vs overall mean", |c: &CenterScore| {
                Cell::text(c.versus_mean.label())
            }),
            col("Funnel", |c: &CenterScore| Cell::text(c.funnel.label())),
        ],
    );
    let (above, below) = l.above_below();
    let adjusted = !l.adjusted_for.is_empty();
    if adjusted {
        // The funnel plot is of raw means: it belongs to the raw table only.
        t.drop_column("Funnel");
        t.notes.push(format!(
            "EB mean: the center's adjusted score, the model's prediction for the average respondent ({:.3}) plus the center's conditional mode; a center with few respondents or a noisy mean is pulled toward that prediction by 1 - shrinkage. Ranks: 1 = highest score (equal scores share a rank); rank intervals and band probabilities from {} draws of the joint conditional distribution of the fixed effects and the center effects (seed {}), ties in a draw ordered at random. Band: the third of the table the whole rank interval lies in (— where it spans two).",
            l.overall_mean, l.draws, l.seed
        ));
    } else {
        t.notes.push(format!(
            "EB mean: the empirical-Bayes (shrunken) center mean of the null model, overall mean {:.3} plus the center's conditional mode; a center with few respondents or a noisy mean is pulled toward the overall mean by 1 - shrinkage. Ranks: 1 = highest EB mean (equal means share a rank); rank intervals and band probabilities from {} draws of the joint conditional distribution of the overall mean and the center effects (seed {}), ties in a draw ordered at random. Band: the third of the table the whole rank interval lies in (— where it spans two).",
            l.overall_mean, l.draws, l.seed
        ));
    }
    if !l.distinguishable {
        t.notes.push(indistinguishable(l));
    }
    if adjusted {
        t.notes.push(format!(
            "{above} center(s) lie above and {below} below the average respondent's prediction with {pct}% confidence; the other {} cannot be told apart from it.",
            l.centers.len() - above - below,
        ));
    } else {
        t.notes.push(format!(
            "{above} center(s) lie above and {below} below the overall mean with {pct}% confidence; the other {} cannot be told apart from it. Funnel: the raw mean against limits mean ± 1.96 (95%) and ± 3.09 (99.8%) times SD/√n around the respondent mean {:.3} (SD {:.3}).",
            l.centers.len() - above - below,
            l.centers.iter().map(|c| c.raw_mean * c.n as f64).sum::<f64>()
                / l.centers.iter().map(|c| c.n as f64).sum::<f64>(),
            l.unit_sd
        ));
    }
    t
}

/// Every table of a mixed model, with file stems.
pub fn mixed_tables_named(m: &MixedReport) -> Vec<(&'static str, Table)> {
    vec![
        ("fixed_effects", fixed_effects(m)),
        ("covariance_parameters", covariance_parameters(m)),
    ]
}

/// Shrunken factor scores of every center (one row per center, one column per factor).
pub fn factor_scores(factors: &[League]) -> Table {
    let mut cols: Vec<String> = vec!["Center".into(), "n".into()];
    cols.extend(factors.iter().map(|l| l.label.clone()));
    let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new("Shrunken factor scores of centers (EB means)", &refs);
    // Every center of any factor, in the first factor's order; a center with no answers on a
    // factor has no score there (NA), never another center's.
    for (name, n) in center_names(factors) {
        let mut row = vec![Cell::text(name), Cell::int(n)];
        for l in factors {
            let Some(c) = l.center(name) else {
                row.push(Cell::num(None, 2));
                continue;
            };
            let mark = match c.versus_mean {
                Versus::Above => " ▲",
                Versus::Below => " ▼",
                _ => "",
            };
            row.push(Cell {
                text: format!("{:.2}{mark}", c.eb_mean),
                raw: format!("{}", c.eb_mean),
                numeric: true,
            });
        }
        t.rows.push(row);
    }
    if let Some(l) = factors.first() {
        t.notes.push(format!(
            "Empirical-Bayes means of the null model of each factor; ▲/▼: the {:.0}% interval lies above/below the overall mean.",
            100.0 * l.model.glance.conf_level
        ));
    }
    t
}
