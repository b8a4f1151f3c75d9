//! The pages of a report: its Markdown and its self-contained HTML (head, stylesheet and
//! inline SVG, shared with the center report cards), its Word document and its workbook.

use super::{RenderError, ReportOptions, Section, Written, write};
use crate::numeric::parallel::joined;
use crate::render::charts::Rasters;
use crate::render::tables::{self, html_escape};
use crate::results::StudyResults;
use std::path::Path;

pub(super) fn markdown(r: &StudyResults, title: &str, sections: &[Section]) -> String {
    let byline = match crate::render::i18n::current() {
        crate::results::Language::En => format!(
            "Study `{}` — report written by bprstat {}.",
            r.study, r.provenance.bprstat_version
        ),
        _ => crate::render::i18n::t(&format!(
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
pub(in crate::render) fn html_head(title: &str, css: &str) -> String {
    let lang = match crate::render::i18n::current() {
        crate::results::Language::En => "en",
        crate::results::Language::Zh => "zh-CN",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{css}</style>\n</head>\n<body>\n",
        html_escape(title)
    )
}

/// The stylesheet of the report and of the center report cards (which are narrower).
pub(in crate::render) fn css(max_width_px: u32) -> String {
    format!(
        "body{{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:{max_width_px}px;margin:2em auto;padding:0 1em;color:#222}}\
table{{border-collapse:collapse;margin:1em 0 .3em;font-size:14px}}caption{{font-weight:600;text-align:left;padding:.3em 0}}\
th,td{{border-top:1px solid #bbb;border-bottom:1px solid #bbb;padding:.25em .6em}}th{{background:#f3f3f3}}td.num{{text-align:right;font-variant-numeric:tabular-nums}}\
p.note{{font-size:12px;color:#555;margin:.1em 0}}figure{{margin:1em 0}}figure svg{{max-width:100%;height:auto}}code{{background:#f5f5f5;padding:0 .2em}}\
div.scroll{{overflow-x:auto;max-width:100%}}nav.links a{{margin-right:1em}}"
    )
}

pub(in crate::render) fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// A page of sections; `links` (target, text) go above its title.
pub(super) fn html(
    r: &StudyResults,
    title: &str,
    sections: &[Section],
    links: &[(&str, &str)],
) -> String {
    let mut s = html_head(title, &css(1100));
    if !links.is_empty() {
        s.push_str("<nav class=\"links\">");
        for (href, text) in links {
            s.push_str(&format!(
                "<a href=\"{href}\">{}</a>",
                html_escape(&crate::render::i18n::t(text))
            ));
        }
        s.push_str("</nav>\n");
    }
    s.push_str(&format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        html_escape(title),
        html_escape(&crate::render::i18n::t(&format!(
            "Study {} — report written by bprstat {}.",
            r.study, r.provenance.bprstat_version
        )))
    ));
    // Contents: one link per section.
    s.push_str(&format!(
        "<nav><p><strong>{}</strong></p>\n<ul>\n",
        html_escape(&crate::render::i18n::t("Contents"))
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

/// `report.docx` (each chart's PNG as `rasters` draws it) and `tables.xlsx`, side by side.
pub(super) fn office(
    r: &StudyResults,
    dir: &Path,
    cdir: &Path,
    opts: &ReportOptions,
    sections: &[Section],
    files: &mut Written,
    rasters: &Rasters,
) -> Result<(), RenderError> {
    let subtitle = crate::render::i18n::t(&format!(
        "Study {} — report written by bprstat {}.",
        r.study, r.provenance.bprstat_version
    ));
    let xlsx = || crate::render::xlsx::tables_xlsx(&files.tables);
    let docx = || {
        crate::render::docx::report_docx(
            &r.title,
            &subtitle,
            sections,
            crate::render::docx::words(opts.language),
            &|stem| match rasters.get(stem) {
                Some(png) => Ok(png?),
                // The benchmark's, written with its pages.
                None => {
                    let path = cdir.join(format!("{stem}.png"));
                    std::fs::read(&path).map_err(|source| RenderError::Write {
                        path: path.display().to_string(),
                        source,
                    })
                }
            },
        )
    };
    let (docx, xlsx) = std::thread::scope(|scope| {
        let xlsx = scope.spawn(xlsx);
        (docx(), joined(xlsx))
    });
    write(&dir.join("report.docx"), &docx?)?;
    write(&dir.join("tables.xlsx"), &xlsx?)?;
    for f in [
        "results.json",
        "report.md",
        "report.html",
        "report.docx",
        "tables.xlsx",
    ] {
        files.push(f);
    }
    Ok(())
}
