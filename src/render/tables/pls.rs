//! Tables of a PLS path model in SmartPLS's report order: setup, path coefficients, R²,
//! total and indirect effects, outer loadings and weights, construct reliability and
//! validity, discriminant validity (HTMT, HTMT2, Fornell-Larcker), cross-loadings, notes.
//! Bootstrap columns (mean, SD, t, percentile interval) where a bootstrap was run.

use super::table::{Cell, Table};
use crate::results::pls::{PlsBoot, PlsResult};

const DP: usize = 3;

/// Every table of a PLS path model.
pub fn pls_tables(r: &PlsResult) -> Vec<Table> {
    pls_tables_named(r).into_iter().map(|(_, t)| t).collect()
}

fn boot_headers(r: &PlsResult, head: &[&str], tail: &[&str]) -> Vec<String> {
    let mut h: Vec<String> = head.iter().map(|s| s.to_string()).collect();
    if r.bootstrap.is_some() {
        let pct = r.conf_level * 100.0;
        h.extend([
            "Bootstrap mean".to_string(),
            "Bootstrap SD".to_string(),
            "t".to_string(),
            format!("{pct:.0}% CI lower"),
            format!("{pct:.0}% CI upper"),
            "BCa lower".to_string(),
            "BCa upper".to_string(),
        ]);
    }
    h.extend(tail.iter().map(|s| s.to_string()));
    h
}

fn boot_cells(r: &PlsResult, b: &Option<PlsBoot>) -> Vec<Cell> {
    if r.bootstrap.is_none() {
        return Vec::new();
    }
    let num = |x: Option<f64>| Cell::num(x, DP);
    vec![
        num(b.as_ref().map(|b| b.mean)),
        num(b.as_ref().map(|b| b.sd)),
        Cell::num(b.as_ref().map(|b| b.t), 2),
        num(b.as_ref().map(|b| b.low)),
        num(b.as_ref().map(|b| b.high)),
        num(b.as_ref().map(|b| b.bca_low)),
        num(b.as_ref().map(|b| b.bca_high)),
    ]
}

fn table(title: String, headers: Vec<String>) -> Table {
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    Table::new(title, &h)
}

/// Every table of a PLS path model with a file stem ("paths", "outer", ...).
pub fn pls_tables_named(r: &PlsResult) -> Vec<(String, Table)> {
    let num = |x: f64| Cell::num(Some(x), DP);
    let mut out = Vec::new();

    let mut setup = Table::new(
        format!("PLS path model {} — Setup", r.name),
        &["Setting", "Value"],
    );
    let mut row = |k: &str, v: Cell| setup.rows.push(vec![Cell::text(k), v]);
    row("Number of observations", Cell::int(r.nobs));
    row("Inner weighting scheme", Cell::text(&r.scheme));
    row(
        "Algorithm",
        Cell::text(if r.consistent {
            "consistent PLS (PLSc)"
        } else {
            "PLS"
        }),
    );
    row("Iterations", Cell::int(r.iterations));
    row(
        "Converged (Σ|Δw| < 1e-12)",
        Cell::text(if r.converged { "yes" } else { "no" }),
    );
    if let Some(b) = &r.bootstrap {
        row("Bootstrap resamples", Cell::int(b.samples));
        row("Failed resamples", Cell::int(b.failed));
        if let Some(k) = b.clusters {
            row("Clusters resampled", Cell::int(k));
        }
        row("Seed", Cell::text(b.seed.to_string()));
    }
    if let Some(p) = &r.prediction {
        row("PLSpredict folds", Cell::int(p.folds));
        row("PLSpredict repetitions", Cell::int(p.repetitions));
        row("PLSpredict technique", Cell::text(&p.technique));
    }
    out.push(("setup".to_string(), setup));

    let mut paths = table(
        format!("PLS path model {} — Path coefficients", r.name),
        boot_headers(r, &["From", "To", "Coefficient"], &["f²", "VIF"]),
    );
    for p in &r.paths {
        let mut cells = vec![Cell::text(&p.from), Cell::text(&p.to), num(p.coefficient)];
        cells.extend(boot_cells(r, &p.boot));
        cells.push(Cell::num(p.f2, DP));
        cells.push(Cell::num(p.vif, DP));
        paths.rows.push(cells);
    }
    out.push(("paths".to_string(), paths));

    let mut r2 = table(
        format!("PLS path model {} — R²", r.name),
        boot_headers(r, &["Construct", "R²"], &["Adjusted R²"]),
    );
    for c in r.constructs.iter().filter(|c| c.r2.is_some()) {
        let mut cells = vec![Cell::text(&c.name), Cell::num(c.r2, DP)];
        cells.extend(boot_cells(r, &c.r2_boot));
        cells.push(Cell::num(c.adj_r2, DP));
        r2.rows.push(cells);
    }
    out.push(("r2".to_string(), r2));

    let mut effects = table(
        format!("PLS path model {} — Total and indirect effects", r.name),
        boot_headers(r, &["Effect", "Path", "Estimate"], &[]),
    );
    for e in &r.effects {
        let kind = match e.kind.as_str() {
            "total" => "Total",
            "total_indirect" => "Total indirect",
            _ => "Specific indirect",
        };
        let mut cells = vec![
            Cell::text(kind),
            Cell::text(e.chain.join(" → ")),
            num(e.estimate),
        ];
        cells.extend(boot_cells(r, &e.boot));
        effects.rows.push(cells);
    }
    out.push(("effects".to_string(), effects));

    let mut outer = Table::new(
        format!("PLS path model {} — Outer loadings and weights", r.name),
        &["Construct", "Indicator", "Loading", "Weight", "VIF"],
    );
    for o in &r.outer {
        outer.rows.push(vec![
            Cell::text(&o.construct),
            Cell::text(&o.item),
            num(o.loading),
            num(o.weight),
            num(o.vif),
        ]);
    }
    out.push(("outer".to_string(), outer));
    if r.bootstrap.is_some() {
        for (stem, what) in [("loadings_boot", "loadings"), ("weights_boot", "weights")] {
            let mut t = table(
                format!("PLS path model {} — Bootstrap of the outer {what}", r.name),
                boot_headers(r, &["Construct", "Indicator", "Estimate"], &[]),
            );
            for o in &r.outer {
                let (est, b) = if what == "loadings" {
                    (o.loading, &o.loading_boot)
                } else {
                    (o.weight, &o.weight_boot)
                };
                let mut cells = vec![Cell::text(&o.construct), Cell::text(&o.item), num(est)];
                cells.extend(boot_cells(r, b));
                t.rows.push(cells);
            }
            out.push((stem.to_string(), t));
        }
    }

    let mut fit = Table::new(
        format!("PLS path model {} — Model fit", r.name),
        &["Index", "Saturated model", "Estimated model"],
    );
    fit.rows.push(vec![
        Cell::text("SRMR"),
        num(r.srmr_saturated),
        num(r.srmr_estimated),
    ]);
    fit.notes.push(if r.consistent {
        "Saturated: the construct correlations as estimated; estimated: as the paths imply them. Within a block, a common factor (=~, PLSc) implies λλ', a composite (<~) the observed correlations. SRMR below 0.08 is read as good fit (Hu & Bentler 1999; Henseler et al. 2014)".into()
    } else {
        "Saturated: the construct correlations as estimated; estimated: as the paths imply them. PLS estimates composites, whose blocks are implied as observed. SRMR below 0.08 is read as good fit (Hu & Bentler 1999; Henseler et al. 2014)".into()
    });
    out.push(("fit".to_string(), fit));

    let mut rel = Table::new(
        format!(
            "PLS path model {} — Construct reliability and validity",
            r.name
        ),
        &["Construct", "Mode", "Cronbach's α", "ρA", "ρC", "AVE"],
    );
    for c in &r.constructs {
        rel.rows.push(vec![
            Cell::text(&c.name),
            Cell::text(match (c.mode.as_str(), c.common_factor && r.consistent) {
                ("B", _) => "B (formative)",
                (_, true) => "A (common factor, PLSc)",
                _ => "A (reflective)",
            }),
            num(c.alpha),
            num(c.rho_a),
            num(c.rho_c),
            num(c.ave),
        ]);
    }
    rel.notes.push(
        "α, ρA and ρC should exceed 0.70, AVE 0.50 (Hair et al. 2022); ρA and ρC of a formative block are not reliabilities".into(),
    );
    out.push(("reliability".to_string(), rel));

    let mut heads = vec!["Construct A", "Construct B", "HTMT"];
    if r.bootstrap.is_some() {
        heads.push("HTMT 95th percentile");
    }
    heads.extend(["HTMT2", "Correlation"]);
    let mut htmt = Table::new(
        format!("PLS path model {} — Discriminant validity (HTMT)", r.name),
        &heads,
    );
    for p in &r.pairs {
        let mut cells = vec![Cell::text(&p.a), Cell::text(&p.b), num(p.htmt)];
        if r.bootstrap.is_some() {
            cells.push(Cell::num(p.htmt_boot.as_ref().map(|b| b.upper95), DP));
        }
        cells.extend([num(p.htmt2), num(p.correlation)]);
        htmt.rows.push(cells);
    }
    htmt.notes.push(if r.bootstrap.is_some() {
        "HTMT below 0.85 (conceptually distinct constructs) or 0.90 (similar ones) supports discriminant validity; the one-sided test asks the 95th bootstrap percentile to lie below the threshold (Henseler et al. 2015; Franke & Sarstedt 2019)".into()
    } else {
        "HTMT below 0.85 (conceptually distinct constructs) or 0.90 (similar ones) supports discriminant validity (Henseler et al. 2015); run a bootstrap for its one-sided test".into()
    });
    out.push(("htmt".to_string(), htmt));

    if let Some(p) = &r.prediction {
        let mut t = Table::new(
            format!("PLS path model {} — PLSpredict", r.name),
            &[
                "Construct",
                "Indicator",
                "Q²predict",
                "PLS RMSE",
                "PLS MAE",
                "LM RMSE",
                "LM MAE",
                "RMSE below LM",
            ],
        );
        for i in &p.items {
            t.rows.push(vec![
                Cell::text(&i.construct),
                Cell::text(&i.item),
                num(i.q2_predict),
                num(i.rmse),
                num(i.mae),
                num(i.lm_rmse),
                num(i.lm_mae),
                Cell::text(if i.rmse < i.lm_rmse { "yes" } else { "no" }),
            ]);
        }
        t.notes.push(format!(
            "Out of sample: {}-fold cross-validation repeated {} times, {} predictions averaged over the repetitions; LM = the linear benchmark, each indicator regressed on the indicators of {}; Q²predict = 1 - Σ(y - ŷ)² / Σ(y - training mean)²",
            p.folds,
            p.repetitions,
            p.technique,
            p.benchmark_constructs.join(", ")
        ));
        out.push(("predict".to_string(), t));
    }

    let names: Vec<&str> = r.constructs.iter().map(|c| c.name.as_str()).collect();
    let mut fl_heads = vec![""];
    fl_heads.extend(&names);
    let mut fl = Table::new(
        format!("PLS path model {} — Fornell-Larcker criterion", r.name),
        &fl_heads,
    );
    for (i, c) in r.constructs.iter().enumerate() {
        let mut cells = vec![Cell::text(&c.name)];
        for j in 0..names.len() {
            cells.push(match j.cmp(&i) {
                std::cmp::Ordering::Equal => num(c.ave.sqrt()),
                std::cmp::Ordering::Less => {
                    let p = r.pairs.iter().find(|p| {
                        (p.a == names[j] && p.b == c.name) || (p.b == names[j] && p.a == c.name)
                    });
                    Cell::num(p.map(|p| p.correlation), DP)
                }
                std::cmp::Ordering::Greater => Cell::text(""),
            });
        }
        fl.rows.push(cells);
    }
    fl.notes.push("√AVE on the diagonal, construct correlations below it: each √AVE should exceed the correlations in its row and column".into());
    out.push(("fornell_larcker".to_string(), fl));

    let mut cross_heads = vec!["Indicator"];
    cross_heads.extend(&names);
    let mut cross = Table::new(
        format!("PLS path model {} — Cross-loadings", r.name),
        &cross_heads,
    );
    for c in &r.cross_loadings {
        let mut cells = vec![Cell::text(&c.item)];
        cells.extend(c.values.iter().map(|&v| num(v)));
        cross.rows.push(cells);
    }
    out.push(("cross_loadings".to_string(), cross));

    if !r.notes.is_empty() {
        let mut notes = Table::new("Analysis notes and warnings".to_string(), &["Note"]);
        for n in &r.notes {
            notes.rows.push(vec![Cell::text(n)]);
        }
        out.push(("notes".to_string(), notes));
    }
    out
}

/// One structural path estimated three ways (standardized): the item-mean regression's Beta,
/// the structural equation model's Std.all and the PLS coefficient; an R² row per outcome.
#[derive(Clone, Debug)]
pub struct ThreeWays {
    pub sem_name: Option<String>,
    /// (from, to, regression Beta, SEM Std.all, PLS); from = "R²" for an outcome's R².
    pub rows: Vec<(String, String, Option<f64>, Option<f64>, f64)>,
    /// Rows of the regressions used (by outcome), of the SEM, of the PLS model.
    pub n_regression: Vec<(String, usize)>,
    pub n_sem: Option<usize>,
    pub n_pls: usize,
}

/// The paths of PLS model `m` beside the study's item-mean regressions (a [[models]] whose
/// outcome and predictors are those of the PLS equation) and the first [[sem]] holding the
/// same regression paths. None when neither is there.
pub fn three_ways(r: &crate::results::StudyResults, m: &PlsResult) -> Option<ThreeWays> {
    let preds = |to: &str| -> Vec<&str> {
        m.paths
            .iter()
            .filter(|p| p.to == to)
            .map(|p| p.from.as_str())
            .collect()
    };
    let regression = |to: &str| {
        let mut want = preds(to);
        want.sort_unstable();
        r.models.iter().find(|x| {
            let mut terms: Vec<&str> = x
                .fit
                .tidy
                .iter()
                .filter(|t| t.std_estimate.is_some())
                .map(|t| t.term.as_str())
                .collect();
            terms.sort_unstable();
            x.outcome == to && terms == want
        })
    };
    let sem = r.sem.iter().find(|s| {
        m.paths.iter().all(|p| {
            s.estimates
                .iter()
                .any(|e| e.op == "~" && e.lhs == p.to && e.rhs == p.from)
        })
    });
    let mut rows = Vec::new();
    let mut n_regression = Vec::new();
    let mut any = sem.is_some();
    for c in m.constructs.iter().filter(|c| c.r2.is_some()) {
        let reg = regression(&c.name);
        if let Some(x) = reg {
            any = true;
            n_regression.push((c.name.clone(), x.fit.glance.nobs));
        }
        for p in m.paths.iter().filter(|p| p.to == c.name) {
            let beta = reg.and_then(|x| {
                x.fit
                    .tidy
                    .iter()
                    .find(|t| t.term == p.from)
                    .and_then(|t| t.std_estimate)
            });
            let std_all = sem.and_then(|s| {
                s.estimates
                    .iter()
                    .find(|e| e.op == "~" && e.lhs == p.to && e.rhs == p.from)
                    .map(|e| e.std_all)
            });
            rows.push((p.from.clone(), p.to.clone(), beta, std_all, p.coefficient));
        }
        rows.push((
            "R²".to_string(),
            c.name.clone(),
            reg.map(|x| x.fit.glance.r_squared),
            sem.and_then(|s| s.r_squared.iter().find(|(v, _)| *v == c.name).map(|x| x.1)),
            c.r2.unwrap_or(f64::NAN),
        ));
    }
    any.then(|| ThreeWays {
        sem_name: sem.map(|s| s.name.clone()),
        rows,
        n_regression,
        n_sem: sem.map(|s| s.nobs),
        n_pls: m.nobs,
    })
}

/// The side-by-side table of [`three_ways`].
pub fn three_ways_table(m: &PlsResult, t: &ThreeWays) -> Table {
    let mut table = Table::new(
        format!("The theory three ways — {}", m.name),
        &[
            "From",
            "To",
            "Item-mean regression (Beta)",
            "Structural equation model (Std.all)",
            "PLS",
        ],
    );
    for (from, to, b, s, p) in &t.rows {
        table.rows.push(vec![
            Cell::text(from),
            Cell::text(to),
            Cell::num(*b, DP),
            Cell::num(*s, DP),
            Cell::num(Some(*p), DP),
        ]);
    }
    let regs: Vec<String> = t
        .n_regression
        .iter()
        .map(|(y, n)| format!("{y} {n}"))
        .collect();
    table.notes.push(format!(
        "Standardized coefficients. Rows used: item-mean regressions {}; structural equation model {}; PLS {}",
        if regs.is_empty() { "none".to_string() } else { regs.join(", ") },
        t.n_sem.map_or("none".to_string(), |n| n.to_string()),
        t.n_pls
    ));
    table
}
