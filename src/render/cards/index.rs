//! The index page of the cards: one row per center (ranks, rank intervals, bands, changes),
//! as a sortable HTML table.

use crate::render::tables::multilevel::{rank_cell, rank_interval};
use crate::render::tables::{Cell, Table, html_escape};
use crate::results::multilevel::{Band, Benchmark};

/// The index of the cards: one row per center, its rank, rank interval and band on each
/// outcome, and the card's file (the last column).
pub(super) fn index_table(b: &Benchmark, centers: usize) -> Table {
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

pub(super) fn index_row(b: &Benchmark, name: &str, n: usize, stem: &str) -> Vec<Cell> {
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
pub(super) fn index_html(index: &Table) -> String {
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
pub(super) const SORT: &str = "document.querySelectorAll('table.sortable th').forEach((th, i) => th.addEventListener('click', () => { const body = th.closest('table').tBodies[0]; const rows = Array.from(body.rows); const asc = th.dataset.order !== 'asc'; th.dataset.order = asc ? 'asc' : 'desc'; const key = r => { const v = r.cells[i].dataset.sort; const n = parseFloat(v); return isNaN(n) ? v : n; }; rows.sort((a, b) => { const x = key(a), y = key(b); const d = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y)); return asc ? d : -d; }); rows.forEach(r => body.appendChild(r)); }));";
