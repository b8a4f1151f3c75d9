//! Center report cards: one page per center (HTML with inline SVG, and Markdown), what an
//! evaluation office sends each center — its scores, rank intervals, strongest and weakest
//! factors, and its place on the funnel plot — plus an index page.
//! Its parts: `tables` (the card's tables), `summary` (its sentences) and `index` (the
//! index page).

mod index;
mod summary;
mod tables;

use super::i18n::t;
use super::report::{RenderError, css, inline_svg, write};
use super::tables::{Cell, html_escape};
use crate::results::StudyResults;
use crate::results::multilevel::{Benchmark, center_names};
use index::{SORT, index_html, index_row, index_table};
use std::path::{Path, PathBuf};
use summary::summary;
use tables::{composite_table, factor_table, outcome_table, rows, wave_table};

/// A file-name-safe form of a center id (letters and digits of any script are kept).
pub fn file_stem(center: &str) -> String {
    format!("center-{}", super::names::safe_stem(center))
}

const READING: &str = "How to read this card: shrunken (empirical-Bayes) means pull a center's raw mean toward the overall mean in proportion to its uncertainty, so centers with few respondents are not ranked at the extremes by chance. The rank interval holds the center's rank in 95% of simulated draws; two centers whose intervals overlap widely cannot be ordered with confidence. On the funnel plot, a center outside the 99.8% limits differs from the overall mean by more than chance would allow.";

/// Write one card per center, and an index, into `dir/centers/`.
pub fn write_cards(
    r: &StudyResults,
    b: &Benchmark,
    dir: &Path,
) -> Result<Vec<PathBuf>, RenderError> {
    let css = css(900);
    let cdir = dir.join("centers");
    let chdir = cdir.join("charts");
    std::fs::create_dir_all(&chdir).map_err(|source| RenderError::Write {
        path: chdir.display().to_string(),
        source,
    })?;
    let mut files = Vec::new();
    if b.outcomes.is_empty() {
        return Ok(files);
    }
    let names = center_names(b.outcomes.iter().chain(&b.factors));
    let mut index = index_table(b, names.len());
    // The cards side by side on the machine's cores, each in the language of this thread;
    // every outcome's grey points of all centers drawn once and shared by the cards.
    let layers: Vec<std::sync::OnceLock<String>> = b
        .outcomes
        .iter()
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let page = Page {
        r,
        b,
        css: &css,
        cdir: &cdir,
        chdir: &chdir,
        layers: &layers,
    };
    let cards = super::i18n::map_rendered(&names, |&(name, n)| card(&page, name, n));
    for c in cards {
        let (written, row) = c?;
        files.extend(written);
        index.rows.push(row);
    }
    let index = index.translated();
    let heading = t("Center report cards");
    let md = format!(
        "# {}\n\n{}\n",
        crate::render::tables::md_inline(&heading),
        index.to_markdown()
    );
    let html = format!(
        "{}<p><a href=\"../report.html\">{}</a> · <a href=\"../benchmark.html\">{}</a></p>\n<h1>{}</h1>\n<p>{}</p>\n{}<script>{SORT}</script>\n</body>\n</html>\n",
        super::report::html_head(&heading, &format!("{css} th {{ cursor: pointer; }}")),
        html_escape(&t("Study report")),
        html_escape(&t("Benchmark of centers")),
        html_escape(&heading),
        html_escape(&t(
            "Click a column's header to sort by it (again to reverse)."
        )),
        index_html(&index)
    );
    write(&cdir.join("index.md"), md.as_bytes())?;
    write(&cdir.join("index.html"), html.as_bytes())?;
    files.push("centers/index.md".into());
    files.push("centers/index.html".into());
    Ok(files)
}

/// What every card shares: the results, the style sheet, the folders written to, and each
/// outcome's grey funnel points.
struct Page<'a> {
    r: &'a StudyResults,
    b: &'a Benchmark,
    css: &'a str,
    cdir: &'a Path,
    chdir: &'a Path,
    layers: &'a [std::sync::OnceLock<String>],
}

/// One center's card (Markdown and HTML) and its charts; returns the files written and the
/// center's row of the index.
fn card(p: &Page, name: &str, n: usize) -> Result<(Vec<PathBuf>, Vec<Cell>), RenderError> {
    let (r, b, css, cdir, chdir) = (p.r, p.b, p.css, p.cdir, p.chdir);
    let mut files = Vec::new();
    let stem = file_stem(name);
    let outcomes = outcome_table(b, name).translated();
    let factors = factor_table(b, name).translated();
    let composites = composite_table(b, name).translated();
    let over_waves = wave_table(b, name).translated();
    let sentences: Vec<String> = summary(b, name).iter().map(|s| t(s)).collect();
    let mut charts = Vec::new();
    let profiled = rows(&b.factors, name);
    if !profiled.is_empty() {
        charts.push(super::charts::profile(
            &chdir,
            &format!("{stem}_profile"),
            name,
            &profiled,
        )?);
    }
    for tr in &b.trends {
        if let Some(j) = tr.centers.iter().position(|c| c.center == name) {
            charts.push(super::charts::trend_chart(
                &chdir,
                &format!("{stem}_{}_trend", tr.variable),
                tr,
                Some(j),
            )?);
        }
    }
    for (l, c) in rows(&b.outcomes, name) {
        let center = l
            .centers
            .iter()
            .position(|x| std::ptr::eq(x, c))
            .expect("the center's line of this table");
        let k = b
            .outcomes
            .iter()
            .position(|o| std::ptr::eq(o, l))
            .expect("an outcome's table");
        charts.push(super::charts::funnel(
            chdir,
            &format!("{stem}_{}_funnel", l.variable),
            l,
            Some(super::charts::CardFunnel {
                center,
                points: &p.layers[k],
            }),
        )?);
    }
    let title = t(&format!("Center {name} — benchmark report card"));
    let charts: Vec<super::charts::Rendered> = charts
        .into_iter()
        .map(|c| super::charts::Rendered {
            title: t(&c.title),
            ..c
        })
        .collect();
    let reading = t(READING);
    let byline = match crate::render::i18n::current() {
        crate::results::Language::En => format!("{} — study `{}`.", r.title, r.study),
        _ => t(&format!("{} — study {}.", r.title, r.study)),
    };
    // Markdown.
    let inline = crate::render::tables::md_inline;
    let mut md = format!("# {}\n\n{}\n\n", inline(&title), inline(&byline));
    for s in &sentences {
        md.push_str(&format!("- {}\n", inline(s)));
    }
    md.push('\n');
    md.push_str(&outcomes.to_markdown());
    md.push('\n');
    if !composites.rows.is_empty() {
        md.push_str(&composites.to_markdown());
        md.push('\n');
    }
    if !over_waves.rows.is_empty() {
        md.push_str(&over_waves.to_markdown());
        md.push('\n');
    }
    if !b.factors.is_empty() {
        md.push_str(&factors.to_markdown());
        md.push('\n');
    }
    for ch in &charts {
        md.push_str(&format!(
            "![{t}](charts/{}.svg)\n\n*{t}*\n\n",
            ch.stem,
            t = inline(&ch.title)
        ));
    }
    md.push_str(&format!("*{reading}*\n"));
    // HTML.
    let mut html = format!(
        "{}<p><a href=\"index.html\">{}</a> · <a href=\"../report.html\">{}</a></p>\n<h1>{}</h1>\n<p>{}</p>\n<ul>\n",
        super::report::html_head(&title, &css),
        html_escape(&t("All centers")),
        html_escape(&t("Study report")),
        html_escape(&title),
        match crate::render::i18n::current() {
            crate::results::Language::En => format!(
                "{} — study <code>{}</code>.",
                html_escape(&r.title),
                html_escape(&r.study)
            ),
            _ => html_escape(&byline),
        }
    );
    for s in &sentences {
        html.push_str(&format!("<li>{}</li>\n", html_escape(s)));
    }
    html.push_str("</ul>\n");
    html.push_str(&outcomes.to_html());
    if !composites.rows.is_empty() {
        html.push_str(&composites.to_html());
    }
    if !over_waves.rows.is_empty() {
        html.push_str(&over_waves.to_html());
    }
    if !b.factors.is_empty() {
        html.push_str(&factors.to_html());
    }
    for ch in &charts {
        html.push_str(&format!(
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            inline_svg(&ch.svg),
            html_escape(&ch.title)
        ));
    }
    html.push_str(&format!(
        "<p class=\"note\">{}</p>\n</body>\n</html>\n",
        html_escape(&reading)
    ));
    write(&cdir.join(format!("{stem}.md")), md.as_bytes())?;
    write(&cdir.join(format!("{stem}.html")), html.as_bytes())?;
    files.push(PathBuf::from(format!("centers/{stem}.md")));
    files.push(PathBuf::from(format!("centers/{stem}.html")));
    for ch in &charts {
        files.push(PathBuf::from(format!("centers/charts/{}.svg", ch.stem)));
    }
    Ok((files, index_row(b, name, n, &stem)))
}
