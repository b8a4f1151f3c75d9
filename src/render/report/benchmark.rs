//! The benchmark of centers: its sections (ICCs, league tables, case mix, waves, composite
//! indices, factor scores, multilevel and center-level models) and its own pages.

use super::language::{render_in, translated};
use super::page::{html, markdown};
use super::{RenderError, ReportOptions, Section, Written, mkdir, save_in, write, write_all};
use crate::render::tables::{self, Table};
use crate::results::StudyResults;
use std::path::Path;

/// One sentence each on what the ICCs and design effect of an outcome mean for the study.
fn icc_sentences(l: &crate::results::multilevel::League) -> String {
    let i = &l.icc;
    let n = l.model.glance.nobs;
    format!(
        "{}: ICC(1) = {:.3}, so {:.0}% of its variance lies between centers. ICC(2) = {:.3}: a center's mean of {:.1} respondents ranks centers with reliability {:.2}. Design effect {:.2}: the {} respondents carry the information of about {:.0} independent ones, so standard errors that ignore the centers are too small by a factor of {:.2}.",
        l.label,
        i.icc1,
        100.0 * i.icc1,
        i.icc2,
        i.mean_group_size,
        i.icc2,
        i.design_effect,
        n,
        i.effective_n,
        i.design_effect.sqrt()
    )
}

/// What a composite index's league table says, in two sentences: how many centers its
/// rank intervals place in a third of the table, and how many keep their third under other
/// weights.
fn composite_sentences(ci: &crate::results::multilevel::CompositeIndex) -> Vec<String> {
    use crate::results::multilevel::Band;
    let g = ci.centers.len();
    let count = |b: Band| ci.centers.iter().filter(|c| c.band == Some(b)).count();
    let (top, bottom) = (count(Band::Top), count(Band::Bottom));
    let mut s = vec![format!(
        "Of the {g} centers with an index, {top} are in the top third and {bottom} in the bottom third of the table beyond the resampling uncertainty (their whole rank interval lies there); {} cannot be placed in one third.",
        ci.centers.iter().filter(|c| c.band.is_none()).count()
    )];
    if ci.weight_draws > 0 {
        let firm = ci
            .centers
            .iter()
            .filter(|c| c.stays_in_third.is_some_and(|x| x >= 0.9))
            .count();
        s.push(format!(
            "Under other weights (each within ±{:.0}% of the chosen one), {firm} of the {g} centers stay in the same third of the table in at least 90% of draws.",
            100.0 * ci.weight_spread
        ));
    }
    s
}

/// Everything of the benchmark alone (`bprstat benchmark`): its tables and charts, the report
/// cards in `centers/`, and `benchmark.html` / `benchmark.md`; the same bytes `bprstat run`
/// writes for these files. Returns the sections (for the study report) and the files.
pub fn benchmark_outputs(
    r: &StudyResults,
    dir: &Path,
    opts: &ReportOptions,
) -> Result<(Vec<Section>, Written), RenderError> {
    let Some(b) = &r.benchmark else {
        return Ok((vec![], Written::default()));
    };
    let _lang = render_in(r, opts.language);
    let tdir = dir.join("tables");
    let cdir = dir.join("charts");
    mkdir(&tdir)?;
    mkdir(&cdir)?;
    let mut files = Written::default();
    let mut sections = Vec::new();
    benchmark_sections(b, &tdir, &cdir, &mut files, &mut sections, opts)?;
    crate::render::charts::write_pngs(&cdir, sections.iter().flat_map(|s| &s.charts))?;
    write_all(&std::mem::take(&mut files.pending))?;
    files.push_charts(&sections);
    files
        .files
        .extend(crate::render::cards::write_cards(r, b, dir)?);
    // Its own pages in the language rendered; the study report translates the sections it
    // is given once, with its own.
    let shown = translated(&sections);
    let title = crate::render::i18n::t(&format!("{} — benchmark of centers", r.title));
    write(
        &dir.join("benchmark.md"),
        markdown(r, &title, &shown).as_bytes(),
    )?;
    write(
        &dir.join("benchmark.html"),
        html(
            r,
            &title,
            &shown,
            &[
                ("report.html", "Study report"),
                ("centers/index.html", "Center report cards"),
            ],
        )
        .as_bytes(),
    )?;
    files.push("benchmark.md");
    files.push("benchmark.html");
    Ok((sections, files))
}

/// The benchmark's sections: ICCs, league tables with caterpillar and funnel plots, factor
/// scores of centers, the study's models with a random intercept and on center means.
fn benchmark_sections(
    b: &crate::results::multilevel::Benchmark,
    tdir: &Path,
    cdir: &Path,
    files: &mut Written,
    sections: &mut Vec<Section>,
    opts: &ReportOptions,
) -> Result<(), RenderError> {
    use crate::render::tables::multilevel as ml;
    let save = |files: &mut Written, stem: &str, t: &Table| save_in(tdir, files, stem, t, opts);
    let leagues: Vec<&crate::results::multilevel::League> =
        b.outcomes.iter().chain(&b.factors).collect();
    let icc = ml::icc_table(&leagues);
    save(files, "icc", &icc)?;
    let g = b.outcomes.first().map_or(0, |l| l.centers.len());
    let mut intro = vec![format!(
        "Centers ({} groups of `{}`) are compared on empirical-Bayes (shrunken) means from random-intercept models, with rank intervals simulated from their uncertainty; raw means rank small centers at both ends by chance alone. One report card per center is in `centers/`.",
        g, b.cluster
    )];
    if let Some(w) = &b.latest_wave {
        intro.push(format!(
            "The league tables, composite indices and models are of the latest wave, {w}; each outcome's change over all the waves follows them."
        ));
    }
    intro.extend(b.outcomes.iter().map(icc_sentences));
    intro.extend(b.notes.iter().cloned());
    let factor_table = ml::factor_scores(&b.factors);
    save(files, "center_factor_scores", &factor_table)?;
    sections.push(Section {
        heading: "Benchmark of centers".into(),
        level: 2,
        intro,
        tables: vec![icc],
        charts: vec![],
    });
    // The outcomes' charts (every center a point) side by side on the machine's cores.
    let drawn = crate::render::i18n::map_rendered(&b.outcomes, |l| {
        let cat = crate::render::charts::caterpillar(cdir, l)?;
        let fun = crate::render::charts::funnel(cdir, &format!("{}_funnel", l.variable), l, None)?;
        Ok::<_, RenderError>((cat, fun))
    });
    for (l, charts) in b.outcomes.iter().zip(drawn) {
        let (cat, fun) = charts?;
        let t = ml::league_table(l);
        save(files, &format!("league_{}", l.variable), &t)?;
        // Said first, where a director reads, when the centers cannot be told apart.
        let intro = if l.distinguishable {
            vec![]
        } else {
            vec![ml::indistinguishable(l)]
        };
        sections.push(Section {
            heading: format!("League table: {}", l.label),
            level: 3,
            intro,
            tables: vec![t],
            charts: vec![cat, fun],
        });
    }
    // The outcomes net of case mix: the table, the shrunken scores, and the model's
    // covariate effects.
    for l in &b.adjusted {
        let t = ml::league_table(l);
        save(files, &format!("league_{}", l.stem()), &t)?;
        let cat = crate::render::charts::caterpillar(cdir, l)?;
        let mut tables = vec![t];
        for (stem, t) in ml::mixed_tables_named(&l.model) {
            save(files, &format!("{}_{stem}", l.model.name), &t)?;
            tables.push(t);
        }
        let mut intro = match b.outcomes.iter().find(|r| r.variable == l.variable) {
            Some(raw) => ml::adjustment_sentences(raw, l),
            None => vec![],
        };
        if !l.distinguishable {
            intro.push(ml::indistinguishable(l));
        }
        sections.push(Section {
            heading: format!("League table: {}", l.label),
            level: 3,
            intro,
            tables,
            charts: vec![cat],
        });
    }
    // Change over the waves: the model, each center's scores and changes, the trend chart.
    for t in &b.trends {
        use crate::render::tables::trend as tt;
        let model = tt::trend_model(t);
        let table = tt::trend_table(t);
        save(files, &format!("trend_{}_model", t.variable), &model)?;
        save(files, &format!("trend_{}", t.variable), &table)?;
        let chart =
            crate::render::charts::trend_chart(cdir, &format!("{}_trend", t.variable), t, None)?;
        sections.push(Section {
            heading: format!("Change over the waves: {}", t.label),
            level: 3,
            intro: tt::trend_sentences(t),
            tables: vec![model, table],
            charts: vec![chart],
        });
    }
    // Composite indices: definition and weights, league table, the centers' values (file
    // only), and the chart of each center's index by component.
    for ci in &b.composites {
        use crate::render::tables::composite as tc;
        let w = tc::composite_weights(ci);
        let l = tc::composite_league(ci);
        save(files, &format!("composite_{}_weights", ci.name), &w)?;
        save(files, &format!("composite_{}_league", ci.name), &l)?;
        save(
            files,
            &format!("composite_{}_values", ci.name),
            &tc::composite_values(ci),
        )?;
        let chart = crate::render::charts::composite_chart(cdir, ci)?;
        sections.push(Section {
            heading: format!("Composite index: {}", ci.title),
            level: 3,
            intro: composite_sentences(ci),
            tables: vec![w, l],
            charts: vec![chart],
        });
    }
    // Each factor's full league table as a file (the report shows the compact table).
    for l in &b.factors {
        save(
            files,
            &format!("league_{}", l.variable),
            &ml::league_table(l),
        )?;
    }
    sections.push(Section {
        heading: "Factor scores of centers".into(),
        level: 3,
        intro: vec![],
        tables: vec![factor_table],
        charts: vec![],
    });
    for m in &b.models {
        let mut tabs = Vec::new();
        for (stem, t) in ml::mixed_tables_named(m) {
            save(files, &format!("{}_{stem}", m.name), &t)?;
            tabs.push(t);
        }
        sections.push(Section {
            heading: format!(
                "Multilevel model: {}",
                m.title.as_deref().unwrap_or(&m.name)
            ),
            level: 3,
            intro: vec![format!("Formula: `{}`", m.formula)],
            tables: tabs,
            charts: vec![],
        });
    }
    for m in &b.ecological {
        let tabs = vec![tables::model_summary(m), tables::coefficients(m)];
        for (stem, t) in ["model_summary", "coefficients"].iter().zip(&tabs) {
            save(files, &format!("{}_{stem}", m.name), t)?;
        }
        sections.push(Section {
            heading: format!("Center-level model: {}", m.title.as_deref().unwrap_or(&m.name)),
            level: 3,
            intro: vec![format!(
                "Formula: `{}` on one row per center — an ecological analysis: it describes how center means relate, not how respondents within a center do.",
                m.formula
            )],
            tables: tabs,
            charts: vec![],
        });
    }
    Ok(())
}
