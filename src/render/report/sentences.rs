//! The plain-language readings of the analyses in the report's paragraphs: relative
//! importance, PLS path models (and the theory three ways), structural equation models and
//! PROCESS models.

use crate::render::tables;

/// The plain-language reading of an importance analysis: the order of the factors and how
/// firmly the data establish it.
pub(super) fn importance_sentences(
    q: &crate::results::importance::ImportanceResult,
    label: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut sets: Vec<&crate::results::importance::SetImportance> = q.sets.iter().collect();
    sets.sort_by(|a, b| b.general.estimate.total_cmp(&a.general.estimate));
    // A list in a Chinese sentence is joined by the enumeration comma.
    let sep = if crate::render::i18n::current() == crate::results::Language::Zh {
        "、"
    } else {
        ", "
    };
    let order = sets
        .iter()
        .map(|s| format!("{} ({:.1}%)", label(&s.term), s.general_percent))
        .collect::<Vec<_>>()
        .join(sep);
    let mut out = vec![format!(
        "{}: the factors explain R2 = {:.3} (N = {}); by general dominance, in order: {}.",
        label(&q.outcome),
        q.r_squared,
        q.nobs,
        order
    )];
    if let (Some(top), true) = (sets.first(), q.bootstrap_reps > 0) {
        if let (Some(lo), Some(hi)) = (top.rank.conf_low, top.rank.conf_high) {
            let firm = if hi <= 1.0 {
                "The bootstrap ranks it first in every interval: the data single it out."
            } else {
                "Where rank intervals overlap, the data do not order the factors."
            };
            out.push(format!(
                "Rank interval of {} over {} bootstrap resamples of {}: {:.0} to {:.0}. {}",
                label(&top.term),
                q.bootstrap_reps,
                if q.resampled == "clusters" {
                    "centers"
                } else {
                    "respondents"
                },
                lo,
                hi,
                firm
            ));
        }
    }
    out
}

/// The one paragraph on what changes between the item-mean regressions, the structural
/// equation model and PLS, and why.
pub(super) fn three_ways_paragraph(
    t: &tables::pls::ThreeWays,
    label: &dyn Fn(&str) -> String,
) -> String {
    let paths: Vec<_> = t.rows.iter().filter(|r| r.0 != "R²").collect();
    let both: Vec<_> = paths
        .iter()
        .filter_map(|r| Some((r.2?, r.3?, r.4)))
        .collect();
    let larger = both.iter().filter(|(b, s, _)| s.abs() > b.abs()).count();
    let pls_nearer = both
        .iter()
        .filter(|(b, s, p)| (p - b).abs() < (p - s).abs())
        .count();
    let fmt = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.3}"));
    let r2: Vec<String> = t
        .rows
        .iter()
        .filter(|r| r.0 == "R²")
        .map(|r| format!("{} {} / {} / {:.3}", label(&r.1), fmt(r.2), fmt(r.3), r.4))
        .collect();
    format!(
        "The theory three ways (standardized coefficients; table below): item means regressed on item means, the structural equation model {} by ML, and PLS. The structural equation model relates latent variables free of measurement error, so unreliable items no longer attenuate its paths: its coefficient is larger in absolute value than the item-mean regression's on {larger} of {} paths. Item means and PLS composites are both weighted sums of the items and keep their measurement error, so PLS lies nearer the item-mean regression than the structural equation model on {pls_nearer} of {} paths (PLS is consistent for latent variables only as PLSc). R² (regression / structural equation model / PLS): {}. The three use different rows (see the table's note), so part of each difference is the sample; where they disagree in sign or significance, read the reliability and HTMT tables first.",
        t.sem_name.as_deref().unwrap_or("—"),
        both.len(),
        both.len(),
        r2.join("; ")
    )
}

/// What a reader takes from a PLS path model: fit setup and R², the paths whose bootstrap
/// interval excludes zero, reliability and discriminant validity against the usual
/// thresholds.
pub(super) fn pls_sentences(
    m: &crate::results::pls::PlsResult,
    label: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    if !m.converged {
        out.push(format!(
            "{}: the PLS weights did not converge; its estimates are not a solution.",
            m.name
        ));
    }
    let r2: Vec<String> = m
        .constructs
        .iter()
        .filter_map(|c| c.r2.map(|v| format!("{} {v:.3}", label(&c.name))))
        .collect();
    out.push(if m.consistent {
        format!(
            "{} (N = {}, {} weighting, consistent PLS): R² {}.",
            m.name,
            m.nobs,
            m.scheme,
            r2.join(", ")
        )
    } else {
        format!(
            "{} (N = {}, {} weighting): R² {}.",
            m.name,
            m.nobs,
            m.scheme,
            r2.join(", ")
        )
    });
    if let Some(b) = &m.bootstrap {
        let pct = (m.conf_level * 100.0).round();
        let sig: Vec<String> = m
            .paths
            .iter()
            .filter_map(|p| {
                let bt = p.boot.as_ref()?;
                (bt.low > 0.0 || bt.high < 0.0).then(|| {
                    format!(
                        "{} → {} {:.3} [{:.3}, {:.3}]",
                        label(&p.from),
                        label(&p.to),
                        p.coefficient,
                        bt.low,
                        bt.high
                    )
                })
            })
            .collect();
        out.push(match (sig.is_empty(), b.clusters.is_some()) {
            (true, true) => format!(
                "No path's {pct:.0}% cluster bootstrap interval ({} resamples) excludes zero.",
                b.samples
            ),
            (true, false) => format!(
                "No path's {pct:.0}% bootstrap interval ({} resamples of rows) excludes zero.",
                b.samples
            ),
            (false, true) => format!(
                "Paths whose {pct:.0}% cluster bootstrap interval ({} resamples) excludes zero: {}.",
                b.samples,
                sig.join("; ")
            ),
            (false, false) => format!(
                "Paths whose {pct:.0}% bootstrap interval ({} resamples of rows) excludes zero: {}.",
                b.samples,
                sig.join("; ")
            ),
        });
        let ind: Vec<String> = m
            .effects
            .iter()
            .filter(|e| e.kind == "total_indirect")
            .filter_map(|e| {
                let bt = e.boot.as_ref()?;
                (bt.low > 0.0 || bt.high < 0.0).then(|| {
                    format!(
                        "{} → {} {:.3} [{:.3}, {:.3}]",
                        label(&e.chain[0]),
                        label(&e.chain[e.chain.len() - 1]),
                        e.estimate,
                        bt.low,
                        bt.high
                    )
                })
            })
            .collect();
        if !ind.is_empty() {
            out.push(format!(
                "Total indirect effects whose interval excludes zero: {}.",
                ind.join("; ")
            ));
        }
    }
    let weak: Vec<String> = m
        .constructs
        .iter()
        .filter(|c| c.mode == "A" && c.items.len() > 1)
        .filter(|c| c.alpha < 0.7 || c.rho_a < 0.7 || c.rho_c < 0.7 || c.ave < 0.5)
        .map(|c| label(&c.name))
        .collect();
    out.push(if weak.is_empty() {
        "Every reflective construct reaches α, ρA and ρC of 0.70 and an AVE of 0.50.".to_string()
    } else {
        format!(
            "Below 0.70 on α, ρA or ρC, or 0.50 on AVE: {}; see the reliability table.",
            weak.join(", ")
        )
    });
    let high: Vec<String> = m
        .pairs
        .iter()
        .filter(|p| p.htmt >= 0.85 || p.htmt_boot.as_ref().is_some_and(|b| b.upper95 >= 0.85))
        .map(|p| format!("{} – {} {:.3}", label(&p.a), label(&p.b), p.htmt))
        .collect();
    out.push(if high.is_empty() {
        if m.bootstrap.is_some() {
            "Discriminant validity: every HTMT and its 95th bootstrap percentile is below 0.85.".to_string()
        } else {
            "Discriminant validity: every HTMT is below 0.85.".to_string()
        }
    } else {
        format!(
            "HTMT at or above 0.85 (or a 95th bootstrap percentile there), so these constructs are not clearly distinct: {}.",
            high.join("; ")
        )
    });
    out.push(
        if (m.srmr_saturated - m.srmr_estimated).abs() <= 1e-12 * m.srmr_saturated.max(1e-300) {
            format!(
                "SRMR {:.3}; the structural model leaves no construct correlation free (it is saturated), so the estimated model's SRMR is the saturated one's. Below 0.08 is read as good fit.",
                m.srmr_saturated
            )
        } else {
            format!(
                "SRMR {:.3} for the saturated model (construct correlations as estimated) and {:.3} for the estimated one (as the paths imply them); below 0.08 is read as good fit.",
                m.srmr_saturated, m.srmr_estimated
            )
        },
    );
    if let Some(p) = &m.prediction {
        out.push(predict_sentence(p));
    }
    out
}

/// PLSpredict judged by Shmueli et al.'s (2019) rule: PLS's RMSE below the linear
/// benchmark's for all indicators — high predictive power; for most — medium; for some —
/// low; for none — none; and Q²predict ≤ 0 means no better than the training mean.
fn predict_sentence(p: &crate::results::pls::PlsPrediction) -> String {
    let m = p.items.len();
    let q2 = p.items.iter().filter(|i| i.q2_predict > 0.0).count();
    let below = p.items.iter().filter(|i| i.rmse < i.lm_rmse).count();
    let verdict = if q2 < m {
        "indicators with Q²predict at or below 0 are predicted no better than by the training mean"
    } else if below == m {
        "high predictive power"
    } else if 2 * below > m {
        "medium predictive power"
    } else if below > 0 {
        "low predictive power"
    } else {
        "no predictive power beyond the linear benchmark"
    };
    format!(
        "PLSpredict ({}-fold cross-validation, {} repetitions, {}): Q²predict is above 0 for {q2} of {m} indicators of the endogenous constructs, and PLS predicts them with a smaller RMSE than the linear benchmark for {below} of {m}: {verdict} (Shmueli et al. 2019).",
        p.folds, p.repetitions, p.technique
    )
}

/// The plain-language reading of a structural equation model: its fit against the usual
/// cutoffs (Hu and Bentler 1999) and each significant structural path.
pub(super) fn sem_sentences(
    m: &crate::results::sem::SemResult,
    label: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let f = &m.fit;
    let mut out = Vec::new();
    if !m.improper.is_empty() {
        out.push(format!(
            "{}: improper solution ({}); its estimates are not an admissible fit.",
            m.name,
            m.improper.join("; ")
        ));
    }
    if let Some(sc) = &f.scaled {
        // Robust errors: the scaled test and the robust indices (those that estimate the
        // population values) are the ones judged against the cutoffs.
        out.push(format!(
            "{} (N = {}): scaled chi-square({:.0}) = {:.2} (Yuan-Bentler correction, scaling factor {:.3}), robust CFI = {:.3}, robust TLI = {:.3}, robust RMSEA = {:.3} [{:.3}, {:.3}], SRMR = {:.3}.",
            m.name,
            m.nobs,
            f.df,
            sc.chi_square,
            sc.scaling_factor,
            sc.cfi_robust,
            sc.tli_robust,
            sc.rmsea_robust,
            sc.rmsea_robust_low,
            sc.rmsea_robust_high,
            f.srmr
        ));
        let good = sc.cfi_robust >= 0.95 && sc.rmsea_robust <= 0.06 && f.srmr <= 0.08;
        let acceptable = sc.cfi_robust >= 0.90 && sc.rmsea_robust <= 0.08 && f.srmr <= 0.10;
        out.push(if good {
            "By the robust indices the fit is good by the usual cutoffs (CFI >= .95, RMSEA <= .06, SRMR <= .08; Hu and Bentler 1999).".to_string()
        } else if acceptable {
            "By the robust indices the fit is acceptable, not good, by the usual cutoffs (CFI >= .90, RMSEA <= .08, SRMR <= .10).".to_string()
        } else {
            "By the robust indices the fit is poor by the usual cutoffs (CFI < .90, RMSEA > .08 or SRMR > .10): the paths rest on a model the data do not support.".to_string()
        });
        out.push(match (m.clusters, &m.cluster_variable) {
            (Some(k), Some(v)) => format!(
                "Standard errors are cluster-robust over the {k} clusters of {v} (respondents of one cluster are not independent); the test and the indices above are scaled for it."
            ),
            _ => "Standard errors are robust (Huber-White) to non-normal answers; the test and the indices above are scaled for it.".to_string(),
        });
    } else {
        let good = f.cfi >= 0.95 && f.rmsea <= 0.06 && f.srmr <= 0.08;
        let acceptable = f.cfi >= 0.90 && f.rmsea <= 0.08 && f.srmr <= 0.10;
        let numbers = format!(
            "{} (N = {}): chi-square({:.0}) = {:.2}, CFI = {:.3}, TLI = {:.3}, RMSEA = {:.3} [{:.3}, {:.3}], SRMR = {:.3}",
            m.name,
            m.nobs,
            f.df,
            f.chi_square,
            f.cfi,
            f.tli,
            f.rmsea,
            f.rmsea_low,
            f.rmsea_high,
            f.srmr
        );
        out.push(if good {
            format!("{numbers}; the fit is good by the usual cutoffs (CFI >= .95, RMSEA <= .06, SRMR <= .08; Hu and Bentler 1999).")
        } else if acceptable {
            format!("{numbers}; the fit is acceptable, not good, by the usual cutoffs (CFI >= .90, RMSEA <= .08, SRMR <= .10).")
        } else {
            format!("{numbers}; the fit is poor by the usual cutoffs (CFI < .90, RMSEA > .08 or SRMR > .10): the paths rest on a model the data do not support.")
        });
        // Robust errors without a scaled test (under FIML).
        match (m.se.as_str(), m.clusters, &m.cluster_variable) {
            ("robust.cluster", Some(k), Some(v)) => out.push(format!(
                "Standard errors are cluster-robust over the {k} clusters of {v} (respondents of one cluster are not independent); the chi-square and the indices above are the normal-theory ones."
            )),
            ("robust.huber.white", _, _) => out.push(
                "Standard errors are robust (Huber-White) to non-normal answers; the chi-square and the indices above are the normal-theory ones.".to_string(),
            ),
            _ => {}
        }
    }
    if let Some(k) = m.missing_patterns {
        let complete = m.complete_cases.unwrap_or(m.nobs);
        if complete < m.nobs {
            out.push(format!(
                "Full-information maximum likelihood used every answer of the {} rows ({k} patterns of missing answers) instead of the {complete} complete cases alone.",
                m.nobs
            ));
        }
    } else if m.rows_read > m.nobs {
        out.push(format!(
            "The model used the {} complete cases of {} rows (listwise deletion over its items); missing = \"fiml\" (full-information maximum likelihood) would use every answer.",
            m.nobs, m.rows_read
        ));
    }
    let alpha = 1.0 - m.conf_level;
    let paths: Vec<String> = m
        .estimates
        .iter()
        .filter(|e| e.op == "~" && e.p_value.is_some_and(|p| p < alpha))
        .map(|e| {
            format!(
                "{} -> {} (β = {:.3}, {})",
                label(&e.rhs),
                label(&e.lhs),
                e.std_all,
                tables::Cell::p_phrase(e.p_value.unwrap_or(f64::NAN))
            )
        })
        .collect();
    if !paths.is_empty() {
        out.push(format!(
            "Paths significant at the {alpha:.2} level: {}.",
            paths.join("; ")
        ));
    }
    out
}

/// The plain-language reading of a PROCESS model: each indirect effect with its interval, and
/// the direct effect.
pub(super) fn process_sentences(
    p: &crate::results::process::ProcessResult,
    label: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    let pct = format!("{:.0}", p.conf_level * 100.0);
    for e in p.indirect.iter().filter(|e| e.term != "total") {
        let path = e
            .path
            .iter()
            .map(|v| label(v))
            .collect::<Vec<_>>()
            .join(" → ");
        let path = path
            + &e.at
                .iter()
                .map(|m| format!(" at {} = {:.3}", label(&m.variable), m.value))
                .collect::<String>();
        match (e.conf_low, e.conf_high) {
            (Some(lo), Some(hi)) => {
                let verdict = if lo > 0.0 || hi < 0.0 {
                    "the interval excludes 0: the effect runs through the mediator."
                } else {
                    "the interval includes 0: no evidence that the effect runs through the mediator."
                };
                out.push(format!(
                    "{path}: indirect effect {:.3}, {pct}% bootstrap interval {:.3} to {:.3}; {verdict}",
                    e.estimate, lo, hi
                ));
            }
            _ => out.push(format!(
                "{path}: indirect effect {:.3} (no bootstrap).",
                e.estimate
            )),
        }
    }
    if let [d] = p.direct.as_slice() {
        if d.at.is_empty() && !p.roles.m.is_empty() {
            out.push(format!(
                "Direct effect of {} on {} with the mediator(s) held constant: {:.3} ({}).",
                label(&p.roles.x),
                label(&p.roles.y),
                d.effect,
                tables::Cell::p_phrase(d.p_value.unwrap_or(f64::NAN))
            ));
        }
    }
    out
}
