//! The study report: every table as Markdown and CSV, the charts as SVG and PNG,
//! `results.json`, one self-contained HTML report (inline SVG, no external assets) and its
//! Markdown twin. Output bytes depend only on the inputs; the time of the run and the full
//! command line go to `manifest.json` alone.
//! Its parts: `language` (the reader's language), `sentences` (the plain-language readings),
//! `page` (the Markdown and HTML pages) and `benchmark` (the benchmark of centers).

mod benchmark;
mod language;
mod page;
mod sentences;

use super::charts::{self, Rendered};
use super::tables;
use super::tables::Table;
use crate::numeric::parallel::joined;
use crate::results::StudyResults;
use language::{render_in, term_label, translated};
use page::{html, markdown, office};
use sentences::{
    importance_sentences, pls_sentences, process_sentences, sem_sentences, three_ways_paragraph,
};
use std::path::{Path, PathBuf};

pub use benchmark::benchmark_outputs;
pub(super) use page::{css, html_head, inline_svg};

/// Errors writing the report.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Chart(#[from] super::charts::ChartError),
}

pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    super::files::write(path, bytes).map_err(|source| RenderError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// How the documents are written beyond their content.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// Start each CSV table with a UTF-8 byte-order mark, so that Excel on a Chinese Windows
    /// reads it as UTF-8 (`csv_bom = true`; always with `language = "zh"`).
    pub csv_bom: bool,
    /// The language of every output.
    pub language: crate::results::Language,
    /// CSV or Parquet for the tables of one row per respondent (`[study] row_tables`).
    pub row_tables: crate::results::RowTables,
}

/// What a report wrote: its files (relative to the output folder) and each saved table by
/// its stem, for `tables.xlsx`.
#[derive(Default)]
pub struct Written {
    pub files: Vec<PathBuf>,
    pub tables: Vec<(String, Table)>,
    /// Files formatted but not yet on disk (written in the background by `write_study`, or
    /// by `write_all`).
    pending: Vec<(PathBuf, Vec<u8>)>,
}

impl Written {
    fn push(&mut self, path: impl Into<PathBuf>) {
        self.files.push(path.into());
    }
    /// Each chart's SVG and, when it has one, its PNG.
    fn push_charts(&mut self, sections: &[Section]) {
        for c in sections.iter().flat_map(|s| &s.charts) {
            self.push(format!("charts/{}.svg", c.stem));
            if c.png {
                self.push(format!("charts/{}.png", c.stem));
            }
        }
    }
    fn append(&mut self, other: Written) {
        self.files.extend(other.files);
        self.tables.extend(other.tables);
        self.pending.extend(other.pending);
    }
}

/// Write files one after another: creating files in one folder from several threads only
/// contends for the folder's lock (perf on study S showed the threads spinning on it).
fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), RenderError> {
    files
        .iter()
        .try_for_each(|(path, bytes)| write(path, bytes))
}

/// Format a table as `tables/STEM.md`, `.csv` and `.tex` (booktabs), to be written with the
/// other pending files, and record the files and the table.
fn save_in(
    tdir: &Path,
    out: &mut Written,
    stem: &str,
    t: &Table,
    opts: &ReportOptions,
) -> Result<(), RenderError> {
    let bom = if opts.csv_bom { "\u{FEFF}" } else { "" };
    let stem = &super::names::safe_stem(stem);
    let t = &t.translated();
    out.pending.extend([
        (
            tdir.join(format!("{stem}.md")),
            t.to_markdown().into_bytes(),
        ),
        (
            tdir.join(format!("{stem}.csv")),
            format!("{bom}{}", t.to_csv()).into_bytes(),
        ),
        (tdir.join(format!("{stem}.tex")), t.to_latex().into_bytes()),
    ]);
    for ext in ["md", "csv", "tex"] {
        out.push(format!("tables/{stem}.{ext}"));
    }
    out.tables.push((stem.to_string(), t.clone()));
    Ok(())
}

fn mkdir(path: &Path) -> Result<(), RenderError> {
    std::fs::create_dir_all(path).map_err(|source| RenderError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// A part of a report: a heading, paragraphs, tables and charts.
pub struct Section {
    pub heading: String,
    pub level: usize,
    pub intro: Vec<String>,
    pub tables: Vec<Table>,
    pub charts: Vec<Rendered>,
}

/// Write every output of a study into `dir`; returns the files written (relative to `dir`).
pub fn write_study(
    r: &StudyResults,
    dir: &Path,
    opts: &ReportOptions,
) -> Result<Vec<PathBuf>, RenderError> {
    let tdir = dir.join("tables");
    let cdir = dir.join("charts");
    mkdir(&tdir)?;
    mkdir(&cdir)?;
    let _lang = render_in(r, opts.language);
    let mut files = Written::default();
    let save_table =
        |files: &mut Written, stem: &str, t: &Table| save_in(&tdir, files, stem, t, opts);
    let mut sections: Vec<Section> = Vec::new();
    let d = &r.data;
    let items = tables::items(d);
    save_table(&mut files, "items_missing", &items)?;
    let screen = tables::screening(&d.screening);
    save_table(&mut files, "screening", &screen)?;
    let left_out = d.exclusions.as_ref().map(tables::exclusions);
    if let Some(t) = &left_out {
        save_table(&mut files, "exclusions", t)?;
    }
    sections.push(Section {
        heading: "Data".into(),
        level: 2,
        intro: vec![format!(
            "{} rows and {} columns read from `{}` ({}, {}){}{}.",
            d.rows_read,
            d.columns,
            d.file,
            d.format,
            d.encoding,
            match (&d.cluster_variable, d.clusters) {
                (Some(v), Some(g)) => format!("; respondents are nested in {g} clusters ({v})"),
                _ => String::new(),
            },
            match &d.exclusions {
                Some(e) => format!(
                    "; {} rows analysed (see Rows Left Out Before Analysis)",
                    e.rows_kept
                ),
                None => String::new(),
            }
        )]
        .into_iter()
        .chain(d.sample_loss.iter().map(|l| l.message()))
        .collect(),
        tables: [items, screen].into_iter().chain(left_out).collect(),
        charts: vec![],
    });
    let desc = tables::constructs(&r.constructs);
    let corr = tables::correlations(&r.correlations, &r.reliability);
    save_table(&mut files, "constructs", &desc)?;
    save_table(&mut files, "correlations", &corr)?;
    let mut construct_tables = vec![desc, corr];
    if !r.reliability.is_empty() {
        let cases = tables::case_processing(&r.reliability);
        save_table(&mut files, "reliability_cases", &cases)?;
        construct_tables.push(cases);
        let rel = tables::reliability_summary(&r.reliability);
        save_table(&mut files, "reliability", &rel)?;
        construct_tables.push(rel);
        let scale = tables::scale_statistics(&r.reliability);
        save_table(&mut files, "reliability_scales", &scale)?;
        construct_tables.push(scale);
        if let Some(a) = &r.adequacy {
            let t = tables::adequacy(a);
            save_table(&mut files, "kmo_bartlett", &t)?;
            construct_tables.push(t);
        }
        for x in &r.reliability {
            let it = tables::item_total(x, &d.item_labels);
            save_table(&mut files, &format!("item_total_{}", x.construct), &it)?;
            construct_tables.push(it);
        }
    }
    sections.push(Section {
        heading: "Constructs".into(),
        level: 2,
        intro: r.notes.clone(),
        tables: construct_tables,
        charts: vec![],
    });
    if r.efa.is_some() || r.cfa.is_some() {
        use super::tables::factor as ft;
        let labels: Vec<(String, String)> = r
            .constructs
            .iter()
            .map(|c| (c.variable.clone(), term_label(r, &c.variable)))
            .collect();
        let mut tabs = Vec::new();
        let mut figs = Vec::new();
        if let Some(e) = &r.efa {
            let mut named = vec![
                ("efa_variance_explained", ft::variance_explained(e)),
                ("efa_parallel", ft::parallel(e)),
                ("efa_communalities", ft::communalities(e, &d.item_labels)),
                ("efa_loadings", ft::loadings(e, &d.item_labels)),
            ];
            if let Some(t) = ft::factor_correlations(e) {
                named.push(("efa_factor_correlations", t));
            }
            for (stem, t) in named {
                save_table(&mut files, stem, &t)?;
                tabs.push(t);
            }
            figs.push(charts::scree(&cdir, e)?);
        }
        if let Some(c) = &r.cfa {
            for (stem, t) in [
                ("cfa_loadings", ft::cfa_loadings(c, &labels, &d.item_labels)),
                ("cfa_fit", ft::cfa_fit(c)),
                ("validity", ft::validity(c, &labels)),
                ("htmt", ft::htmt(c, &labels)),
            ] {
                save_table(&mut files, stem, &t)?;
                tabs.push(t);
            }
        }
        sections.push(Section {
            heading: "Factor structure and validity".into(),
            level: 2,
            intro: vec!["Do the items load where they should, and are the constructs distinct? An exploratory factor analysis of every item (reverse-keyed items reversed), then a confirmatory factor analysis of the declared constructs with convergent (CR, AVE) and discriminant (Fornell-Larcker, HTMT) validity.".into()],
            tables: tabs,
            charts: figs,
        });
    }

    let coef_chart = charts::coefficient_chart(&cdir, &r.models, &|t| term_label(r, t))?;
    sections.push(Section {
        heading: "Models".into(),
        level: 2,
        intro: vec![format!(
            "{} model(s), each fitted by OLS on its own complete cases.",
            r.models.len()
        )],
        tables: vec![],
        charts: vec![coef_chart],
    });
    // Each model's per-respondent table and charts (the costly part with many respondents)
    // on the machine's cores; its tables and section then in the models' order.
    let per_model = super::i18n::map_rendered(&r.models, |m| -> Result<_, RenderError> {
        let augment = super::rows::augment_file(&m.name, m.fit.augment.row.len(), opts.row_tables);
        super::rows::write_augment(&tdir.join(&augment), &m.fit.augment)?;
        let rv = charts::residuals_vs_fitted(&cdir, m)?;
        let qq = charts::normal_qq(&cdir, m)?;
        let mut model_charts = vec![rv, qq];
        if let Some(d) = &m.fit.diagnostics {
            model_charts.push(charts::scale_location(&cdir, m)?);
            model_charts.push(charts::residuals_vs_leverage(&cdir, m)?);
            for (i, av) in d.added_variable.iter().enumerate() {
                model_charts.push(charts::added_variable(&cdir, m, av, i)?);
            }
        }
        Ok((augment, model_charts))
    });
    for (m, written) in r.models.iter().zip(per_model) {
        let (augment, model_charts) = written?;
        let named = tables::model_tables_named(m, opts.row_tables);
        let stems: Vec<&str> = named.iter().map(|(s, _)| *s).collect();
        let tabs: Vec<Table> = named.into_iter().map(|(_, t)| t).collect();
        for (stem, t) in stems.iter().zip(&tabs) {
            save_table(&mut files, &format!("{}_{stem}", m.name), t)?;
        }
        files.push(format!("tables/{augment}"));
        sections.push(Section {
            heading: format!(
                "Model: {}{}",
                m.name,
                m.title
                    .as_ref()
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default()
            ),
            level: 3,
            intro: vec![format!("Formula: `{}`", m.formula)],
            tables: tabs,
            charts: model_charts,
        });
    }
    if !r.tables.is_empty() || !r.comparisons.is_empty() {
        let mut tabs = Vec::new();
        for spec in &r.tables {
            let models: Vec<&crate::results::ModelReport> = spec
                .models
                .iter()
                .filter_map(|n| r.models.iter().find(|m| m.name == *n))
                .collect();
            let t = tables::side_by_side(spec, &models);
            save_table(&mut files, &spec.name, &t)?;
            let stem = super::names::safe_stem(&spec.name);
            write(&tdir.join(format!("{stem}.html")), t.to_html().as_bytes())?;
            files.push(format!("tables/{stem}.html"));
            tabs.push(t);
        }
        for c in &r.comparisons {
            let t = tables::comparison(c);
            save_table(
                &mut files,
                &format!("compare_{}_{}", c.models[0], c.models[1]),
                &t,
            )?;
            tabs.push(t);
        }
        sections.push(Section {
            heading: "Models side by side".into(),
            level: 2,
            intro: vec!["Which factors matter for one outcome but not the other: the models in columns, then tests that each factor's coefficient is the same in both (the standardized coefficients are charted together above).".into()],
            tables: tabs,
            charts: vec![],
        });
    }
    if !r.importance.is_empty() {
        let mut tabs = Vec::new();
        let mut figs = Vec::new();
        let mut intro = vec!["Which factors matter most? Dominance analysis compares each factor's contribution to R2 in every model of the others: its general dominance weight is its average share of R2 (the LMG or Shapley decomposition, which collinearity does not distort as it does the ranking of Betas); relative weights (Johnson 2000) give nearly the same shares another way.".to_string()];
        for q in &r.importance {
            for (stem, t) in tables::importance_tables_named(q) {
                save_table(&mut files, &format!("importance_{}_{stem}", q.name), &t)?;
                tabs.push(t);
            }
            figs.push(charts::dominance_chart(&cdir, q, &|t| term_label(r, t))?);
            intro.extend(importance_sentences(q, &|t| term_label(r, t)));
        }
        sections.push(Section {
            heading: "Which factors matter most".into(),
            level: 2,
            intro,
            tables: tabs,
            charts: figs,
        });
    }
    if !r.process.is_empty() {
        let mut tabs = Vec::new();
        let mut intro = vec!["Through what does a factor act? Each analysis below is a PROCESS model (Hayes' numbering): an OLS equation for each mediator and for the outcome, the indirect effect as the product of its paths, and a bootstrap interval for it.".to_string()];
        let mut figs = Vec::new();
        for p in &r.process {
            for (stem, t) in tables::process_tables_named(p) {
                save_table(&mut files, &format!("process_{}_{stem}", p.name), &t)?;
            }
            intro.extend(process_sentences(p, &|t| term_label(r, t)));
            figs.extend(charts::process_charts(&cdir, p, &|t| term_label(r, t))?);
        }
        let summary = tables::process_summary(&r.process, &|t| term_label(r, t));
        save_table(&mut files, "process_summary", &summary)?;
        tabs.push(summary);
        sections.push(Section {
            heading: "Mediation and moderation".into(),
            level: 2,
            intro,
            tables: tabs,
            charts: figs,
        });
    }
    if !r.sem.is_empty() {
        let mut tabs = Vec::new();
        let mut intro = vec!["How does the whole theory fit? Each structural equation model below estimates the measurement of the constructs and the paths between them at once, by maximum likelihood (lavaan's defaults), so that measurement error does not attenuate the paths.".to_string()];
        let mut figs = Vec::new();
        for m in &r.sem {
            for (stem, t) in tables::sem_tables_named(m) {
                save_table(&mut files, &format!("sem_{}_{stem}", m.name), &t)?;
                tabs.push(t);
            }
            intro.extend(sem_sentences(m, &|t| term_label(r, t)));
            if let Some(c) = charts::sem_diagram(&cdir, m, &|t| term_label(r, t)) {
                figs.push(c?);
            }
        }
        sections.push(Section {
            heading: "Structural equation models".into(),
            level: 2,
            intro,
            tables: tabs,
            charts: figs,
        });
    }
    if !r.pls.is_empty() {
        let mut tabs = Vec::new();
        let mut figs = Vec::new();
        let mut intro = vec!["Which paths hold when each construct is a weighted composite of its items? Each PLS path model below (PLS-SEM, as SmartPLS) estimates the item weights so that the constructs predict one another best, then the paths between the composites; its intervals come from the bootstrap.".to_string()];
        for m in &r.pls {
            let first = tabs.len();
            for (stem, t) in tables::pls_tables_named(m) {
                save_table(&mut files, &format!("pls_{}_{stem}", m.name), &t)?;
                tabs.push(t);
            }
            intro.extend(pls_sentences(m, &|t| term_label(r, t)));
            if let Some(c) = charts::pls_diagram(&cdir, m, &|t| term_label(r, t)) {
                figs.push(c?);
            }
            if let Some(t) = tables::pls::three_ways(r, m) {
                let table = tables::pls::three_ways_table(m, &t);
                save_table(&mut files, &format!("pls_{}_three_ways", m.name), &table)?;
                // First: the paragraph above points to it.
                tabs.insert(first, table);
                intro.push(three_ways_paragraph(&t, &|x| term_label(r, x)));
            }
        }
        sections.push(Section {
            heading: "PLS path models".into(),
            level: 2,
            intro,
            tables: tabs,
            charts: figs,
        });
    }
    files.push_charts(&sections);
    // The tables' files and the charts' PNGs are written in the background while the rest
    // is put together; the Word report takes each PNG as it is drawn.
    let pending = std::mem::take(&mut files.pending);
    let own: Vec<Rendered> = sections.iter().flat_map(|s| s.charts.clone()).collect();
    let rasters = charts::Rasters::new(&own);
    std::thread::scope(|scope| {
        let tables = scope.spawn(|| write_all(&pending));
        let drawn = scope.spawn(|| rasters.run(&cdir));
        let mut background = Some((tables, drawn));
        let mut settle = || match background.take() {
            Some((tables, drawn)) => {
                joined(drawn);
                joined(tables).and(rasters.outcome().map_err(RenderError::from))
            }
            None => Ok(()),
        };
        let documents = pages(r, dir, opts, sections, &mut files, &mut settle)
            .and_then(|sections| office(r, dir, &cdir, opts, &sections, &mut files, &rasters));
        let settled = settle();
        documents.and(settled)
    })?;
    debug_assert!(
        files.pending.is_empty(),
        "a table saved after the background"
    );
    Ok(files.files)
}

/// The rest of a study's sections once its own are drawn (the benchmark's, the provenance)
/// and the pages that need no PNG: `results.json`, the Markdown and HTML reports. Returns
/// the sections translated. `settle` waits for the study's own files being written.
fn pages(
    r: &StudyResults,
    dir: &Path,
    opts: &ReportOptions,
    mut sections: Vec<Section>,
    files: &mut Written,
    settle: &mut dyn FnMut() -> Result<(), RenderError>,
) -> Result<Vec<Section>, RenderError> {
    if r.benchmark.is_some() {
        // The study's own files on disk first: a benchmark's file of the same name (a
        // user's table called "icc") replaces it, as it always did, whatever the timing.
        settle()?;
        let (bsections, bfiles) = benchmark_outputs(r, dir, opts)?;
        sections.extend(bsections);
        files.append(bfiles);
    }

    let p = &r.provenance;
    let mut prov = Table::new("Provenance", &["", ""]);
    for (k, v) in [
        ("bprstat version", p.bprstat_version.clone()),
        ("Command", p.command.clone()),
        ("Study file", p.study_file.clone()),
        ("Study SHA-256", p.study_sha256.clone()),
        ("Data file", p.data_file.clone()),
        ("Data SHA-256", p.data_sha256.clone()),
    ] {
        prov.rows.push(vec![
            super::tables::Cell::text(k),
            super::tables::Cell::text(v),
        ]);
    }
    prov.notes.push("Running the command again on files with these SHA-256 sums reproduces every file of this folder byte for byte, except manifest.json.".into());
    sections.push(Section {
        heading: "Provenance".into(),
        level: 2,
        intro: vec![],
        tables: vec![prov],
        charts: vec![],
    });

    let sections = translated(&sections);
    let json = serde_json::to_string_pretty(r).expect("results serialize") + "\n";
    write(&dir.join("results.json"), json.as_bytes())?;
    write(
        &dir.join("report.md"),
        markdown(r, &r.title, &sections).as_bytes(),
    )?;
    write(
        &dir.join("report.html"),
        html(
            r,
            &r.title,
            &sections,
            if r.benchmark.is_some() {
                &[
                    ("benchmark.html", "Benchmark of centers"),
                    ("centers/index.html", "Center report cards"),
                ]
            } else {
                &[]
            },
        )
        .as_bytes(),
    )?;
    Ok(sections)
}
