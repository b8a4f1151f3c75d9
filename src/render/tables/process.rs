//! Tables of a PROCESS model in the macro's layout: per outcome its Model Summary (R, R-sq,
//! MSE, F, df1, df2, p) and Model (coeff, se, t, p, LLCI, ULCI) with the product-terms key
//! and R2-change tests; then the total, direct and indirect effects, contrasts, standardized
//! effects, the index of moderated mediation, Johnson-Neyman, and the analysis notes.
//! Numbers are shown to 4 decimals as PROCESS prints them.

use super::table::{Cell, Table};
use crate::results::process::{BootEffect, Effect, Equation, ProcessResult};

const DP: usize = 4;

fn equation_tables(e: &Equation, title: &str, level: f64) -> Vec<Table> {
    let s = &e.summary;
    let mut summary = Table::new(
        format!("{title}: {} — Model Summary", e.outcome),
        &["R", "R-sq", "MSE", "F", "df1", "df2", "p"],
    );
    summary.rows.push(vec![
        Cell::num(Some(s.r), DP),
        Cell::num(Some(s.r_squared), DP),
        Cell::num(Some(s.mse), DP),
        Cell::num(s.statistic, DP),
        Cell::num(Some(s.df1), 0),
        Cell::num(Some(s.df2), 0),
        Cell::p(s.p_value),
    ]);
    summary.notes.push(format!("N = {}.", e.nobs));
    let (lo, hi) = super::ci_headers(level);
    let mut model = Table::new(
        format!("{title}: {} — Model", e.outcome),
        &["", "coeff", "se", "t", "p", &lo, &hi],
    );
    for r in &e.tidy {
        model.rows.push(vec![
            Cell::text(&r.term),
            Cell::num(r.estimate, DP),
            Cell::num(r.std_error, DP),
            Cell::num(r.statistic, DP),
            Cell::p(r.p_value),
            Cell::num(r.conf_low, DP),
            Cell::num(r.conf_high, DP),
        ]);
    }
    for p in &e.products {
        model
            .notes
            .push(format!("{} : {}", p.term, p.factors.join(" x ")));
    }
    let mut out = vec![summary, model];
    if !e.r2_change.is_empty() {
        let mut t = Table::new(
            format!(
                "{title}: {} — Test(s) of highest order unconditional interaction(s)",
                e.outcome
            ),
            &["", "R2-chng", "F", "df1", "df2", "p"],
        );
        for r in &e.r2_change {
            t.rows.push(vec![
                Cell::text(&r.term),
                Cell::num(Some(r.r2_change), DP),
                Cell::num(r.statistic, DP),
                Cell::num(Some(r.df1), 0),
                Cell::num(Some(r.df2), 0),
                Cell::p(r.p_value),
            ]);
        }
        out.push(t);
    }
    out
}

/// Moderator columns of a list of conditional effects: the variables' names, in order.
fn moderators<'a>(
    ats: impl Iterator<Item = &'a [crate::results::process::ModeratorValue]>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for at in ats {
        for m in at {
            if !names.contains(&m.variable) {
                names.push(m.variable.clone());
            }
        }
    }
    names
}

fn effect_table(title: String, rows: &[Effect], level: f64) -> Table {
    let mods = moderators(rows.iter().map(|r| r.at.as_slice()));
    let (lo, hi) = super::ci_headers(level);
    let mut headers: Vec<&str> = mods.iter().map(String::as_str).collect();
    headers.extend(["Effect", "se", "t", "p", &lo, &hi]);
    let mut t = Table::new(title, &headers);
    for r in rows {
        let mut row: Vec<Cell> = mods
            .iter()
            .map(|m| Cell::num(r.at.iter().find(|a| &a.variable == m).map(|a| a.value), DP))
            .collect();
        row.extend([
            Cell::num(Some(r.effect), DP),
            Cell::num(Some(r.std_error), DP),
            Cell::num(Some(r.statistic), DP),
            Cell::p(r.p_value),
            Cell::num(Some(r.conf_low), DP),
            Cell::num(Some(r.conf_high), DP),
        ]);
        t.rows.push(row);
    }
    t
}

fn boot_table(
    title: String,
    rows: &[BootEffect],
    first: &str,
    level: f64,
    with_path: bool,
) -> Table {
    let mods = moderators(rows.iter().map(|r| r.at.as_slice()));
    let (lo, hi) = super::ci_headers(level);
    let (blo, bhi) = (format!("Boot {lo}"), format!("Boot {hi}"));
    let mut headers: Vec<&str> = vec![first];
    if with_path {
        headers.push("Path");
    }
    headers.extend(mods.iter().map(String::as_str));
    headers.extend(["Effect", "BootSE", &blo, &bhi]);
    let mut t = Table::new(title, &headers);
    for r in rows {
        let mut row = vec![Cell::text(&r.term)];
        if with_path {
            row.push(Cell::text(r.path.join(" -> ")));
        }
        row.extend(
            mods.iter()
                .map(|m| Cell::num(r.at.iter().find(|a| &a.variable == m).map(|a| a.value), DP)),
        );
        row.extend([
            Cell::num(Some(r.estimate), DP),
            Cell::num(r.boot_se, DP),
            Cell::num(r.conf_low, DP),
            Cell::num(r.conf_high, DP),
        ]);
        t.rows.push(row);
    }
    t
}

/// Every table of a PROCESS model.
pub fn process_tables(p: &ProcessResult) -> Vec<Table> {
    process_tables_named(p)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// Every table of a PROCESS model with a file stem ("roles", "m1_model", "indirect", ...).
pub fn process_tables_named(p: &ProcessResult) -> Vec<(String, Table)> {
    let r = &p.roles;
    let mut roles = Table::new(
        format!("PROCESS model {} — {}", p.model, p.name),
        &["Role", "Variable"],
    );
    let mut role =
        |name: String, var: &str| roles.rows.push(vec![Cell::text(name), Cell::text(var)]);
    role("Y".into(), &r.y);
    role("X".into(), &r.x);
    for (j, m) in r.m.iter().enumerate() {
        role(format!("M{}", j + 1), m);
    }
    if let Some(w) = &r.w {
        role("W".into(), w);
    }
    if let Some(z) = &r.z {
        role("Z".into(), z);
    }
    for c in &r.covariates {
        role("Covariate".into(), c);
    }
    roles.notes.push(format!(
        "Sample size: {} (complete cases of {} rows).",
        p.nobs, p.rows_read
    ));
    let mut out: Vec<(String, Table)> = vec![("roles".into(), roles)];
    let eq_stems = ["summary", "model", "interactions"];
    for (j, e) in p.equations.iter().enumerate() {
        for (t, stem) in equation_tables(e, "Outcome", p.conf_level)
            .into_iter()
            .zip(eq_stems)
        {
            out.push((format!("eq{}_{stem}", j + 1), t));
        }
    }
    if let Some(e) = &p.total_effect_model {
        for (t, stem) in equation_tables(e, "Total effect model", p.conf_level)
            .into_iter()
            .zip(eq_stems)
        {
            out.push((format!("total_model_{stem}"), t));
        }
    }
    if let Some(t) = &p.total_effect {
        out.push((
            "total".into(),
            effect_table(
                format!("Total effect of {} on {}", r.x, r.y),
                std::slice::from_ref(t),
                p.conf_level,
            ),
        ));
    }
    let moderated_direct = p.direct.iter().any(|d| !d.at.is_empty());
    let direct_title = match (r.m.is_empty(), moderated_direct) {
        (true, _) => format!(
            "Conditional effects of {} on {} at values of the moderator(s)",
            r.x, r.y
        ),
        (false, true) => format!("Conditional direct effect(s) of {} on {}", r.x, r.y),
        (false, false) => format!("Direct effect of {} on {}", r.x, r.y),
    };
    if !p.direct.is_empty() {
        out.push((
            "direct".into(),
            effect_table(direct_title, &p.direct, p.conf_level),
        ));
    }
    if !p.conditional_interaction.is_empty() {
        let z = r.z.as_deref().unwrap_or("Z");
        out.push((
            "conditional_interaction".into(),
            effect_table(
                format!(
                    "Test of the conditional {} x {} interaction at values of {z}",
                    r.x,
                    r.w.as_deref().unwrap_or("W")
                ),
                &p.conditional_interaction,
                p.conf_level,
            ),
        ));
    }
    if !p.indirect.is_empty() {
        let conditional = p.indirect.iter().any(|i| !i.at.is_empty());
        let title = if conditional {
            format!(
                "Conditional indirect effect(s) of {} on {} at values of the moderator",
                r.x, r.y
            )
        } else {
            format!("Indirect effect(s) of {} on {}", r.x, r.y)
        };
        out.push((
            "indirect".into(),
            boot_table(title, &p.indirect, "", p.conf_level, true),
        ));
    }
    if !p.contrasts.is_empty() {
        out.push((
            "contrasts".into(),
            boot_table(
                "Pairwise contrasts between specific indirect effects".into(),
                &p.contrasts,
                "Contrast",
                p.conf_level,
                false,
            ),
        ));
    }
    if !p.standardized.is_empty() {
        out.push((
            "standardized".into(),
            boot_table(
                "Completely standardized indirect effect(s)".into(),
                &p.standardized,
                "",
                p.conf_level,
                true,
            ),
        ));
    }
    if !p.index_of_moderated_mediation.is_empty() {
        let mut t = boot_table(
            "Index of moderated mediation".into(),
            &p.index_of_moderated_mediation,
            "",
            p.conf_level,
            true,
        );
        if let Some(c) = t.columns.iter_mut().find(|c| *c == "Effect") {
            *c = "Index".into();
        }
        out.push(("index".into(), t));
    }
    if let Some(jn) = &p.johnson_neyman {
        let mut t = Table::new(
            format!(
                "Johnson-Neyman significance region(s) of {} along {}",
                jn.effect_of, jn.moderator
            ),
            &["Value", "% below", "% above"],
        );
        for b in &jn.boundaries {
            t.rows.push(vec![
                Cell::num(Some(b.value), DP),
                Cell::num(Some(b.percent_below), 2),
                Cell::num(Some(b.percent_above), 2),
            ]);
        }
        t.notes.push(jn.note.clone());
        out.push(("johnson_neyman".into(), t));
        out.push((
            "johnson_neyman_table".into(),
            effect_table(
                format!(
                    "Conditional effect of {} at values of {} (Johnson-Neyman)",
                    jn.effect_of, jn.moderator
                ),
                &jn.table,
                p.conf_level,
            ),
        ));
    }
    for (k, v) in p.simple_slopes.iter().enumerate() {
        let (lo, hi) = super::ci_headers(p.conf_level);
        let mut headers: Vec<&str> = vec![&v.focal];
        headers.extend(v.moderators.iter().map(String::as_str));
        headers.extend([v.outcome.as_str(), "se", &lo, &hi]);
        let mut t = Table::new(
            format!(
                "Data for visualizing the conditional effect of {} on {}",
                v.focal, v.outcome
            ),
            &headers,
        );
        for r in &v.table {
            let mut row: Vec<Cell> = r.at.iter().map(|a| Cell::num(Some(a.value), DP)).collect();
            row.extend([
                Cell::num(Some(r.fitted), DP),
                Cell::num(Some(r.std_error), DP),
                Cell::num(Some(r.conf_low), DP),
                Cell::num(Some(r.conf_high), DP),
            ]);
            t.rows.push(row);
        }
        t.notes.push(format!(
            "Predicted {} with every other variable of its equation at its mean.",
            v.outcome
        ));
        let stem = if p.simple_slopes.len() == 1 {
            "plot".to_string()
        } else {
            format!("plot_{}", k + 1)
        };
        out.push((stem, t));
    }
    let mut notes = Table::new("Analysis notes and warnings".to_string(), &["Note"]);
    let mut note = |s: String| notes.rows.push(vec![Cell::text(s)]);
    note(format!(
        "Standard errors of every equation: {}",
        p.cov_description
    ));
    if let Some(b) = &p.bootstrap {
        note(format!(
            "Bootstrap: {} resamples of {}{}, {} interval, seed {}; {} resample(s) replaced because an equation was singular.",
            b.reps,
            b.resampled,
            b.clusters.map(|g| format!(" ({g})")).unwrap_or_default(),
            b.interval,
            b.seed,
            b.replaced
        ));
    } else if !p.indirect.is_empty() {
        note("No bootstrap (boot = 0): indirect effects have no interval.".into());
    }
    if !p.moderator_values.is_empty() {
        note(format!("Moderator values: {}.", p.moderator_values));
    }
    if !p.centered.is_empty() {
        note(format!(
            "Mean-centred before forming products: {} (moderator values are shown on the original scale).",
            p.centered.join(", ")
        ));
    }
    note(format!(
        "Level of confidence for all intervals: {:.2}%.",
        p.conf_level * 100.0
    ));
    for n in &p.notes {
        note(n.clone());
    }
    out.push(("notes".into(), notes));
    out
}

/// One row per specific indirect effect of every PROCESS analysis, with the direct effect of
/// its model: the report's overview (each analysis' full tables are written as files).
pub fn process_summary(results: &[ProcessResult], label: &dyn Fn(&str) -> String) -> Table {
    let level = results.first().map_or(0.95, |p| p.conf_level);
    let (lo, hi) = super::ci_headers(level);
    let (blo, bhi) = (format!("Boot {lo}"), format!("Boot {hi}"));
    let mut t = Table::new(
        "Indirect effects of every mediation analysis",
        &[
            "Analysis",
            "Model",
            "Path",
            "Moderator value",
            "Indirect effect",
            "BootSE",
            &blo,
            &bhi,
            "Direct effect",
            "p (direct)",
        ],
    );
    let moderated = results
        .iter()
        .any(|p| p.indirect.iter().any(|e| !e.at.is_empty()));
    if !moderated {
        t.columns.remove(3);
    }
    for p in results {
        let direct = match p.direct.as_slice() {
            [d] if d.at.is_empty() => Some(d),
            _ => None,
        };
        for e in p.indirect.iter().filter(|e| e.term != "total") {
            t.rows.push(vec![
                Cell::text(&p.name),
                Cell::int(p.model as usize),
                Cell::text(
                    e.path
                        .iter()
                        .map(|v| label(v))
                        .collect::<Vec<_>>()
                        .join(" → "),
                ),
                Cell::text(
                    e.at.iter()
                        .map(|m| format!("{} = {:.3}", label(&m.variable), m.value))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Cell::num(Some(e.estimate), 3),
                Cell::num(e.boot_se, 3),
                Cell::num(e.conf_low, 3),
                Cell::num(e.conf_high, 3),
                Cell::num(direct.map(|d| d.effect), 3),
                Cell::p(direct.and_then(|d| d.p_value)),
            ]);
            if !moderated {
                t.rows.last_mut().expect("just pushed").remove(3);
            }
        }
    }
    if let Some(b) = results.first().and_then(|p| p.bootstrap.as_ref()) {
        t.notes.push(format!(
            "Bootstrap: {} resamples of {}, {} intervals, seed {}. Each analysis' full PROCESS tables are in tables/process_*.csv.",
            b.reps, b.resampled, b.interval, b.seed
        ));
    }
    t
}
