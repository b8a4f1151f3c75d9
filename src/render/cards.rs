//! Center report cards: one page per center (HTML with inline SVG, and Markdown), what an
//! evaluation office sends each center — its scores, rank intervals, strongest and weakest
//! factors, and its place on the funnel plot — plus an index page.

use super::i18n::t;
use super::report::{RenderError, css, inline_svg, write};
use super::tables::multilevel::{indistinguishable, rank_cell, rank_interval};
use super::tables::{Cell, Table, col, html_escape, num};
use crate::results::StudyResults;
use crate::results::multilevel::{
    Band, Benchmark, CenterScore, CompositeCenter, CompositeIndex, League, Versus, center_names,
};
use std::path::{Path, PathBuf};

/// A file-name-safe form of a center id (letters and digits of any script are kept).
pub fn file_stem(center: &str) -> String {
    format!("center-{}", super::names::safe_stem(center))
}

/// One row of a card's tables: a league table and this center's line in it.
type Row<'a> = (&'a League, &'a CenterScore);

/// The center's line in each league table that has it (a center with no answers on a
/// variable is not in that variable's table).
fn rows<'a>(leagues: impl IntoIterator<Item = &'a League>, name: &str) -> Vec<Row<'a>> {
    leagues
        .into_iter()
        .filter_map(|l| l.center(name).map(|c| (l, c)))
        .collect()
}

/// The outcome table of one center: its line in each outcome's league table, then in each
/// table adjusted for case mix.
fn outcome_table(b: &Benchmark, name: &str) -> Table {
    let g = b.outcomes.first().map_or(0, |l| l.centers.len());
    Table::from_columns(
        "Outcomes",
        &rows(b.outcomes.iter().chain(&b.adjusted), name),
        &[
            col("Outcome", |(l, _): &Row| Cell::text(&l.label)),
            col("n", |(_, c): &Row| Cell::int(c.n)),
            num("Raw mean", 2, |(_, c): &Row| Some(c.raw_mean)),
            num("Shrunken mean", 2, |(_, c): &Row| Some(c.eb_mean)),
            col("Interval", |(_, c): &Row| {
                Cell::text(format!("{:.2} to {:.2}", c.conf_low, c.conf_high))
            }),
            num("Overall mean", 2, |(l, _): &Row| Some(l.overall_mean)),
            col(format!("Rank of {g}"), |(_, c): &Row| rank_cell(c)),
            col("Rank interval", |(_, c): &Row| rank_interval(c)),
            col("Band", |(_, c): &Row| Cell::text(Band::label_of(c.band))),
            col("vs overall mean", |(_, c): &Row| {
                Cell::text(c.versus_mean.label())
            }),
            // The funnel plot is of raw means: an adjusted line has none.
            col("Funnel plot", |(l, c): &Row| {
                Cell::text(if l.adjusted_for.is_empty() {
                    c.funnel.label()
                } else {
                    "—"
                })
            }),
        ],
    )
}

/// One row of a card's composite table: an index and this center's line in it.
type IndexRow<'a> = (&'a CompositeIndex, &'a CompositeCenter);

/// The center's line in each composite index that has it.
fn composite_table(b: &Benchmark, name: &str) -> Table {
    let rows: Vec<IndexRow> = b
        .composites
        .iter()
        .filter_map(|ci| ci.center(name).map(|c| (ci, c)))
        .collect();
    let dp = |ci: &CompositeIndex| if ci.points.is_some() { 1 } else { 2 };
    Table::from_columns(
        "Composite indices",
        &rows,
        &[
            col("Index", |(ci, _): &IndexRow| Cell::text(&ci.title)),
            col("Value", move |(ci, c): &IndexRow| {
                Cell::num(Some(c.index), dp(ci))
            }),
            col("Interval", move |(ci, c): &IndexRow| {
                let d = dp(ci);
                Cell::text(format!("{:.d$} to {:.d$}", c.conf_low, c.conf_high))
            }),
            col("Rank of", |(ci, c): &IndexRow| match c.ranks.rank {
                Some(r) => Cell::text(format!("{r} / {}", ci.centers.len())),
                None => Cell::text("—"),
            }),
            col("Rank interval", |(_, c): &IndexRow| {
                Cell::text(format!("{}–{}", c.ranks.rank_low, c.ranks.rank_high))
            }),
            col("Band", |(_, c): &IndexRow| {
                Cell::text(Band::label_of(c.band))
            }),
            col(
                "Same third under other weights",
                |(_, c): &IndexRow| match c.stays_in_third {
                    Some(s) => Cell::text(format!("{:.0}%", 100.0 * s)),
                    None => Cell::text("—"),
                },
            ),
        ],
    )
}

/// The center over the waves: per outcome and wave its respondents, raw mean, score and
/// interval.
fn wave_table(b: &Benchmark, name: &str) -> Table {
    let mut t = Table::new(
        "Over the waves",
        &["Outcome", "Wave", "n", "Raw mean", "Score", "Interval"],
    );
    for tr in &b.trends {
        let Some(c) = tr.center(name) else {
            continue;
        };
        for (k, w) in tr.waves.iter().enumerate() {
            t.rows.push(vec![
                Cell::text(&tr.label),
                Cell::text(w),
                Cell::int(c.n[k]),
                Cell::num(c.raw_mean[k], 2),
                Cell::num(c.score[k], 2),
                match (c.score_low[k], c.score_high[k]) {
                    (Some(lo), Some(hi)) => Cell::text(format!("{lo:.2} to {hi:.2}")),
                    _ => Cell::text("—"),
                },
            ]);
        }
    }
    t
}

/// Standardized difference of a center's shrunken score from the overall mean.
fn z(l: &League, c: &CenterScore) -> f64 {
    (c.eb_mean - l.overall_mean) / l.unit_sd
}

fn factor_table(b: &Benchmark, name: &str) -> Table {
    let g = b.factors.first().map_or(0, |l| l.centers.len());
    Table::from_columns(
        "Factors",
        &rows(&b.factors, name),
        &[
            col("Factor", |(l, _): &Row| Cell::text(&l.label)),
            num("Shrunken mean", 2, |(_, c): &Row| Some(c.eb_mean)),
            col("Interval", |(_, c): &Row| {
                Cell::text(format!("{:.2} to {:.2}", c.conf_low, c.conf_high))
            }),
            num("Overall mean", 2, |(l, _): &Row| Some(l.overall_mean)),
            num("Difference (SD)", 2, |(l, c): &Row| Some(z(l, c))),
            col(format!("Rank of {g}"), |(_, c): &Row| rank_cell(c)),
            col("Rank interval", |(_, c): &Row| rank_interval(c)),
            col("vs overall mean", |(_, c): &Row| {
                Cell::text(c.versus_mean.label())
            }),
        ],
    )
}

/// The sentences of a card: strongest and weakest factors, what the rank interval says.
fn summary(b: &Benchmark, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = &b.latest_wave {
        out.push(format!(
            "Positions in the league tables are of the latest wave, {w}; the changes compare the waves."
        ));
    }
    for l in b.outcomes.iter().chain(&b.adjusted) {
        let g = l.centers.len();
        let Some(c) = l.center(name) else {
            out.push(format!(
                "{}: no answers from this center, so it is not in this league table.",
                l.label
            ));
            continue;
        };
        if !l.distinguishable {
            out.push(format!(
                "{}: shrunken mean {:.2} (overall {:.2}). {}",
                l.label,
                c.eb_mean,
                l.overall_mean,
                indistinguishable(l)
            ));
            continue;
        }
        out.push(format!(
            "{}: shrunken mean {:.2} (overall {:.2}), {}, plausibly anywhere from {} to {}; {}.",
            l.label,
            c.eb_mean,
            l.overall_mean,
            match c.ranks.rank {
                Some(r) => format!("rank {r} of {g}"),
                None => "not ranked".to_string(),
            },
            c.ranks.rank_low,
            c.ranks.rank_high,
            match c.versus_mean {
                Versus::Above => "above the overall mean beyond chance".to_string(),
                Versus::Below => "below the overall mean beyond chance".to_string(),
                Versus::NotDistinguishable =>
                    "not distinguishable from the overall mean".to_string(),
            }
        ));
    }
    for tr in &b.trends {
        let Some(c) = tr.center(name) else {
            continue;
        };
        for ch in &c.changes {
            out.push(format!(
                "{}, {} to {}: change {:+.2} ({:.2} to {:.2}), {}.",
                tr.label,
                ch.from,
                ch.to,
                ch.estimate,
                ch.conf_low,
                ch.conf_high,
                ch.verdict.label()
            ));
        }
    }
    for ci in &b.composites {
        let Some(c) = ci.center(name) else {
            out.push(format!(
                "{}: this center lacks a value the index needs and has no index.",
                ci.title
            ));
            continue;
        };
        let d = if ci.points.is_some() { 1 } else { 2 };
        let value = format!("{:.d$}", c.index);
        let (lo, hi) = (
            format!("{:.d$}", c.conf_low),
            format!("{:.d$}", c.conf_high),
        );
        out.push(match c.ranks.rank {
            Some(r) => format!(
                "{}: index {value} (interval {lo} to {hi}), rank {r} of {}, plausibly anywhere from {} to {}.",
                ci.title,
                ci.centers.len(),
                c.ranks.rank_low,
                c.ranks.rank_high
            ),
            None => format!(
                "{}: index {value} (interval {lo} to {hi}), not ranked.",
                ci.title
            ),
        });
    }
    // Only factors on which the centers differ at all can be a center's strongest or weakest.
    let ranked: Vec<Row> = rows(&b.factors, name)
        .into_iter()
        .filter(|(l, _)| l.distinguishable)
        .collect();
    if ranked.len() >= 2 {
        let mut order: Vec<&Row> = ranked.iter().collect();
        order.sort_by(|a, c| z(c.0, c.1).total_cmp(&z(a.0, a.1)));
        let k = if ranked.len() >= 4 { 2 } else { 1 };
        let names = |rs: &[&Row]| {
            rs.iter()
                .map(|(l, c)| format!("{} ({:+.2} SD)", l.label, z(l, c)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(format!("Strongest factors: {}.", names(&order[..k])));
        let weak: Vec<&Row> = order.iter().rev().take(k).copied().collect();
        out.push(format!("Weakest factors: {}.", names(&weak)));
    }
    out
}

/// The index of the cards: one row per center, its rank, rank interval and band on each
/// outcome, and the card's file (the last column).
fn index_table(b: &Benchmark, centers: usize) -> Table {
    let mut columns = vec!["Center".to_string(), "n".to_string()];
    for label in b
        .outcomes
        .iter()
        .map(|l| &l.label)
        .chain(b.composites.iter().map(|ci| &ci.title))
    {
        for what in ["rank", "rank interval", "band"] {
            columns.push(format!("{label} {what}"));
        }
    }
    for tr in &b.trends {
        let n = tr.waves.len();
        columns.push(format!(
            "{} change {}–{}",
            tr.label,
            tr.waves[n - 2],
            tr.waves[n - 1]
        ));
    }
    columns.push("Card".into());
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    Table::new(format!("Report cards: {centers} centers"), &refs)
}

fn index_row(b: &Benchmark, name: &str, n: usize, stem: &str) -> Vec<Cell> {
    let mut row = vec![Cell::text(name), Cell::int(n)];
    for l in &b.outcomes {
        match l.center(name) {
            Some(c) => {
                row.push(rank_cell(c));
                row.push(rank_interval(c));
                row.push(Cell::text(Band::label_of(c.band)));
            }
            None => row.extend([Cell::text("—"), Cell::text("—"), Cell::text("—")]),
        }
    }
    for ci in &b.composites {
        match ci.center(name) {
            Some(c) => {
                row.push(match c.ranks.rank {
                    Some(r) => Cell::int(r),
                    None => Cell::text("—"),
                });
                row.push(Cell::text(format!(
                    "{}–{}",
                    c.ranks.rank_low, c.ranks.rank_high
                )));
                row.push(Cell::text(Band::label_of(c.band)));
            }
            None => row.extend([Cell::text("—"), Cell::text("—"), Cell::text("—")]),
        }
    }
    for tr in &b.trends {
        let n = tr.waves.len();
        let verdict = tr
            .center(name)
            .and_then(|c| {
                c.changes
                    .iter()
                    .find(|ch| ch.from == tr.waves[n - 2] && ch.to == tr.waves[n - 1])
            })
            .map_or("—", |ch| ch.verdict.label());
        row.push(Cell::text(verdict));
    }
    row.push(Cell::text(format!("{stem}.html")));
    row
}

/// The index as a sortable HTML table: the center's name links to its card; ranks and
/// intervals sort by their numbers (an unranked center last).
fn index_html(index: &Table) -> String {
    let mut s = String::from("<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>");
    let shown = index.columns.len() - 1;
    for c in &index.columns[..shown] {
        s.push_str(&format!("<th>{}</th>", html_escape(c)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &index.rows {
        let card = &row[shown].text;
        s.push_str("<tr>");
        for (k, c) in row[..shown].iter().enumerate() {
            let text = html_escape(&c.text);
            // Sort keys: the number a cell starts with; "—" (no rank) after every rank.
            let key = c.text.split('–').next().unwrap_or("").to_string();
            let key = if key == "—" { "1e9".to_string() } else { key };
            let cell = if k == 0 {
                format!("<a href=\"{}\">{text}</a>", html_escape(card))
            } else {
                text
            };
            let class = if c.numeric { " class=\"num\"" } else { "" };
            s.push_str(&format!(
                "<td{class} data-sort=\"{}\">{cell}</td>",
                html_escape(&key)
            ));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table></div>\n");
    s
}

/// Sorting of `table.sortable` by a click on a header: by number where both cells hold one,
/// else by text.
const SORT: &str = "document.querySelectorAll('table.sortable th').forEach((th, i) => th.addEventListener('click', () => { const body = th.closest('table').tBodies[0]; const rows = Array.from(body.rows); const asc = th.dataset.order !== 'asc'; th.dataset.order = asc ? 'asc' : 'desc'; const key = r => { const v = r.cells[i].dataset.sort; const n = parseFloat(v); return isNaN(n) ? v : n; }; rows.sort((a, b) => { const x = key(a), y = key(b); const d = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y)); return asc ? d : -d; }); rows.forEach(r => body.appendChild(r)); }));";

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
