//! The study report: every table as Markdown and CSV, the charts as SVG and PNG,
//! `results.json`, one self-contained HTML report (inline SVG, no external assets) and its
//! Markdown twin. Output bytes depend only on the inputs; the time of the run and the full
//! command line go to `manifest.json` alone.

use super::charts::{self, Rendered};
use super::tables;
use super::tables::{Table, html_escape};
use crate::results::StudyResults;
use std::path::{Path, PathBuf};

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
    std::fs::write(path, bytes).map_err(|source| RenderError::Write {
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
}

impl Written {
    fn push(&mut self, path: impl Into<PathBuf>) {
        self.files.push(path.into());
    }
    fn append(&mut self, other: Written) {
        self.files.extend(other.files);
        self.tables.extend(other.tables);
    }
}

/// Write a table as `tables/STEM.md`, `.csv` and `.tex` (booktabs) and record the files and
/// the table.
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
    write(&tdir.join(format!("{stem}.md")), t.to_markdown().as_bytes())?;
    write(
        &tdir.join(format!("{stem}.csv")),
        format!("{bom}{}", t.to_csv()).as_bytes(),
    )?;
    write(&tdir.join(format!("{stem}.tex")), t.to_latex().as_bytes())?;
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

/// Render in `lang` until the guard is dropped, the study's own texts included.
fn render_in(r: &StudyResults, lang: crate::results::Language) -> super::i18n::LanguageGuard {
    let guard = super::i18n::use_language(lang);
    study_texts(r, lang);
    guard
}

/// A Chinese report names each construct by its Chinese label: "Strategic planning 策略规划"
/// and "Strategic planning" become "策略规划".
fn study_texts(r: &StudyResults, lang: crate::results::Language) {
    let mut pairs = Vec::new();
    if lang == crate::results::Language::Zh {
        for c in &r.constructs {
            if let (Some(l), Some(z)) = (&c.label, &c.label_zh) {
                pairs.push((format!("{l} {z}"), z.clone()));
                pairs.push((l.clone(), z.clone()));
            }
        }
    }
    super::i18n::study_texts(pairs);
}

/// Sections in the language being rendered: headings, paragraphs, tables, chart captions.
fn translated(sections: &[Section]) -> Vec<Section> {
    use super::i18n::t;
    sections
        .iter()
        .map(|s| Section {
            heading: t(&s.heading),
            level: s.level,
            intro: s.intro.iter().map(|p| t(p)).collect(),
            tables: s.tables.iter().map(Table::translated).collect(),
            charts: s
                .charts
                .iter()
                .map(|c| Rendered {
                    title: t(&c.title),
                    ..c.clone()
                })
                .collect(),
        })
        .collect()
}

/// Display label of a term: the construct's label (and Chinese label) when it is a construct;
/// in a Chinese report its Chinese label alone.
fn term_label(r: &StudyResults, term: &str) -> String {
    if super::i18n::current() == crate::results::Language::Zh {
        if let Some(z) = r
            .constructs
            .iter()
            .find(|c| c.variable == term)
            .and_then(|c| c.label_zh.clone())
        {
            return z;
        }
    }
    match r.constructs.iter().find(|c| c.variable == term) {
        Some(c) => match (&c.label, &c.label_zh) {
            (Some(l), Some(z)) => format!("{l} {z}"),
            (Some(l), None) => l.clone(),
            _ => term.to_string(),
        },
        None => term.to_string(),
    }
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
    for m in &r.models {
        let named = tables::model_tables_named(m, opts.row_tables);
        let stems: Vec<&str> = named.iter().map(|(s, _)| *s).collect();
        let tabs: Vec<Table> = named.into_iter().map(|(_, t)| t).collect();
        for (stem, t) in stems.iter().zip(&tabs) {
            save_table(&mut files, &format!("{}_{stem}", m.name), t)?;
        }
        let augment = super::rows::augment_file(&m.name, m.fit.augment.row.len(), opts.row_tables);
        super::rows::write_augment(&tdir.join(&augment), &m.fit.augment)?;
        files.push(format!("tables/{augment}"));
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
    for s in &sections {
        for c in &s.charts {
            files.push(format!("charts/{}.svg", c.stem));
            files.push(format!("charts/{}.png", c.stem));
        }
    }
    if r.benchmark.is_some() {
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
    let subtitle = super::i18n::t(&format!(
        "Study {} — report written by bprstat {}.",
        r.study, r.provenance.bprstat_version
    ));
    let docx = super::docx::report_docx(
        &r.title,
        &subtitle,
        &sections,
        super::docx::words(opts.language),
        &|stem| {
            let path = cdir.join(format!("{stem}.png"));
            std::fs::read(&path).map_err(|source| RenderError::Write {
                path: path.display().to_string(),
                source,
            })
        },
    )?;
    write(&dir.join("report.docx"), &docx)?;
    write(
        &dir.join("tables.xlsx"),
        &super::xlsx::tables_xlsx(&files.tables)?,
    )?;
    for f in [
        "results.json",
        "report.md",
        "report.html",
        "report.docx",
        "tables.xlsx",
    ] {
        files.push(f);
    }
    Ok(files.files)
}

/// The plain-language reading of an importance analysis: the order of the factors and how
/// firmly the data establish it.
fn importance_sentences(
    q: &crate::results::importance::ImportanceResult,
    label: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut sets: Vec<&crate::results::importance::SetImportance> = q.sets.iter().collect();
    sets.sort_by(|a, b| b.general.estimate.total_cmp(&a.general.estimate));
    // A list in a Chinese sentence is joined by the enumeration comma.
    let sep = if super::i18n::current() == crate::results::Language::Zh {
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

/// The plain-language reading of a PROCESS model: each indirect effect with its interval, and
/// the direct effect.
/// The plain-language reading of a structural equation model: its fit against the usual
/// cutoffs (Hu and Bentler 1999) and each significant structural path.
/// The one paragraph on what changes between the item-mean regressions, the structural
/// equation model and PLS, and why.
fn three_ways_paragraph(t: &tables::pls::ThreeWays, label: &dyn Fn(&str) -> String) -> String {
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
fn pls_sentences(
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

fn sem_sentences(
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

fn process_sentences(
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

fn markdown(r: &StudyResults, title: &str, sections: &[Section]) -> String {
    let byline = match super::i18n::current() {
        crate::results::Language::En => format!(
            "Study `{}` — report written by bprstat {}.",
            r.study, r.provenance.bprstat_version
        ),
        _ => super::i18n::t(&format!(
            "Study {} — report written by bprstat {}.",
            r.study, r.provenance.bprstat_version
        )),
    };
    let md = tables::md_inline;
    let mut s = format!("# {}\n\n{}\n", md(title), md(&byline));
    for sec in sections {
        s.push_str(&format!(
            "\n{} {}\n\n",
            "#".repeat(sec.level),
            md(&sec.heading)
        ));
        for p in &sec.intro {
            s.push_str(&format!("{}\n\n", md(p)));
        }
        for t in &sec.tables {
            s.push_str(&t.to_markdown());
            s.push('\n');
        }
        for c in &sec.charts {
            s.push_str(&format!(
                "![{t}](charts/{}.png)\n\n*{t}*\n\n",
                c.stem,
                t = md(&c.title)
            ));
        }
    }
    s
}

/// The start of every HTML page: language, a viewport for phones, title and stylesheet.
pub(super) fn html_head(title: &str, css: &str) -> String {
    let lang = match super::i18n::current() {
        crate::results::Language::En => "en",
        crate::results::Language::Zh => "zh-CN",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{css}</style>\n</head>\n<body>\n",
        html_escape(title)
    )
}

/// The stylesheet of the report and of the center report cards (which are narrower).
pub(super) fn css(max_width_px: u32) -> String {
    format!(
        "body{{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:{max_width_px}px;margin:2em auto;padding:0 1em;color:#222}}\
table{{border-collapse:collapse;margin:1em 0 .3em;font-size:14px}}caption{{font-weight:600;text-align:left;padding:.3em 0}}\
th,td{{border-top:1px solid #bbb;border-bottom:1px solid #bbb;padding:.25em .6em}}th{{background:#f3f3f3}}td.num{{text-align:right;font-variant-numeric:tabular-nums}}\
p.note{{font-size:12px;color:#555;margin:.1em 0}}figure{{margin:1em 0}}figure svg{{max-width:100%;height:auto}}code{{background:#f5f5f5;padding:0 .2em}}\
div.scroll{{overflow-x:auto;max-width:100%}}nav.links a{{margin-right:1em}}"
    )
}

pub(super) fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// A page of sections; `links` (target, text) go above its title.
fn html(r: &StudyResults, title: &str, sections: &[Section], links: &[(&str, &str)]) -> String {
    let mut s = html_head(title, &css(1100));
    if !links.is_empty() {
        s.push_str("<nav class=\"links\">");
        for (href, text) in links {
            s.push_str(&format!(
                "<a href=\"{href}\">{}</a>",
                html_escape(&super::i18n::t(text))
            ));
        }
        s.push_str("</nav>\n");
    }
    s.push_str(&format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        html_escape(title),
        html_escape(&super::i18n::t(&format!(
            "Study {} — report written by bprstat {}.",
            r.study, r.provenance.bprstat_version
        )))
    ));
    // Contents: one link per section.
    s.push_str(&format!(
        "<nav><p><strong>{}</strong></p>\n<ul>\n",
        html_escape(&super::i18n::t("Contents"))
    ));
    for (i, sec) in sections.iter().enumerate() {
        let indent = if sec.level > 2 {
            " style=\"margin-left:1.5em\""
        } else {
            ""
        };
        s.push_str(&format!(
            "<li{indent}><a href=\"#s{i}\">{}</a></li>\n",
            html_escape(&sec.heading)
        ));
    }
    s.push_str("</ul></nav>\n");
    for (i, sec) in sections.iter().enumerate() {
        s.push_str(&format!(
            "<h{l} id=\"s{i}\">{}</h{l}>\n",
            html_escape(&sec.heading),
            l = sec.level
        ));
        for p in &sec.intro {
            let mut text = html_escape(p);
            // `code` spans from the Markdown intro.
            while let (Some(a), true) = (text.find('`'), text.matches('`').count() >= 2) {
                let b = a + 1 + text[a + 1..].find('`').expect("a second backtick");
                text = format!(
                    "{}<code>{}</code>{}",
                    &text[..a],
                    &text[a + 1..b],
                    &text[b + 1..]
                );
            }
            s.push_str(&format!("<p>{text}</p>\n"));
        }
        for t in &sec.tables {
            s.push_str(&t.to_html());
        }
        for c in &sec.charts {
            s.push_str(&format!(
                "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                inline_svg(&c.svg),
                html_escape(&c.title)
            ));
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

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
    for s in &sections {
        for c in &s.charts {
            files.push(format!("charts/{}.svg", c.stem));
            files.push(format!("charts/{}.png", c.stem));
        }
    }
    files.files.extend(super::cards::write_cards(r, b, dir)?);
    // Its own pages in the language rendered; the study report translates the sections it
    // is given once, with its own.
    let shown = translated(&sections);
    let title = super::i18n::t(&format!("{} — benchmark of centers", r.title));
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
    use super::tables::multilevel as ml;
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
    // The outcomes' charts (every center a point, drawn and rasterized) side by side on the
    // machine's cores.
    let drawn = super::i18n::map_rendered(&b.outcomes, |l| {
        let cat = super::charts::caterpillar(cdir, l)?;
        let fun = super::charts::funnel(cdir, &format!("{}_funnel", l.variable), l, None)?;
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
        let cat = super::charts::caterpillar(cdir, l)?;
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
        use super::tables::trend as tt;
        let model = tt::trend_model(t);
        let table = tt::trend_table(t);
        save(files, &format!("trend_{}_model", t.variable), &model)?;
        save(files, &format!("trend_{}", t.variable), &table)?;
        let chart = super::charts::trend_chart(cdir, &format!("{}_trend", t.variable), t, None)?;
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
        use super::tables::composite as tc;
        let w = tc::composite_weights(ci);
        let l = tc::composite_league(ci);
        save(files, &format!("composite_{}_weights", ci.name), &w)?;
        save(files, &format!("composite_{}_league", ci.name), &l)?;
        save(
            files,
            &format!("composite_{}_values", ci.name),
            &tc::composite_values(ci),
        )?;
        let chart = super::charts::composite_chart(cdir, ci)?;
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
