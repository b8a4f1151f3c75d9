//! The documents a thesis takes tables from: `report.docx` (three-line tables with numbered
//! captions, figures, fonts, A4), `tables.xlsx` (a sheet per table, numbers as numbers),
//! `tables/*.tex` (booktabs) and CSV with a byte-order mark on request; all byte-identical
//! on rerun.

use crate::common;
use crate::common::{bprstat, fixture};
use calamine::{Data, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Run the mini study (with `csv_bom = true` when asked) into its own folder.
fn run_mini(tag: &str, bom: bool) -> PathBuf {
    let keys: &[(&str, &str)] = if bom {
        &[("[study]\n", "[study]\ncsv_bom = true\n")]
    } else {
        &[]
    };
    run_mini_with(tag, keys)
}

/// Run the mini study, each (text, replacement) of `edits` made in its study file, into its
/// own folder.
fn run_mini_with(tag: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("documents-{tag}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("mini/mini.csv"), dir.join("mini.csv")).unwrap();
    let mut toml = std::fs::read_to_string(fixture("mini/mini.toml")).unwrap();
    for (from, to) in edits {
        toml = toml.replace(from, to);
    }
    std::fs::write(dir.join("mini.toml"), toml).unwrap();
    let out = bprstat()
        .current_dir(&dir)
        .args(["run", "mini.toml", "--out", "out"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("out")
}

fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn entries(docx: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    zip.file_names().map(|n| n.unwrap().into_owned()).collect()
}

/// The stems of the tables the report saved (one .tex each).
fn table_stems(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out.join("tables"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "tex").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn report_docx_has_three_line_tables_numbered_captions_figures_and_fonts() {
    let out = run_mini("docx", false);
    let docx = out.join("report.docx");
    let doc = part(&docx, "word/document.xml");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    // Every table of the report, each with its caption above: "Table k. title", k = 1..n.
    let tables = doc.matches("<w:tbl>").count();
    let in_md = md
        .lines()
        .filter(|l| l.starts_with("| :--") || l.starts_with("| ---"))
        .count();
    assert!(tables >= 20, "{tables} tables");
    assert_eq!(tables, in_md, "the docx has the report's tables");
    for k in 1..=tables {
        assert!(
            doc.contains(&format!(">Table {k}. ")),
            "caption of table {k}"
        );
    }
    assert!(!doc.contains(&format!(">Table {}. ", tables + 1)));
    // The first table's caption comes before it.
    let cap = doc.find(">Table 1. ").unwrap();
    assert!(cap < doc.find("<w:tbl>").unwrap());
    // Three rules, none vertical: cell borders only top/bottom, of 1.5 pt and 0.75 pt.
    assert!(
        doc.contains(r#"<w:top w:val="single" w:sz="12""#),
        "top rule"
    );
    assert!(
        doc.contains(r#"<w:bottom w:val="single" w:sz="6""#),
        "header rule"
    );
    assert!(
        doc.contains(r#"<w:bottom w:val="single" w:sz="12""#),
        "bottom rule"
    );
    for side in ["left", "right", "insideV", "start", "end"] {
        assert!(
            !doc.contains(&format!(r#"<w:{side} w:val="single""#)),
            "no vertical rule ({side})"
        );
    }
    // Figures: each chart of the report embedded once, captioned below.
    let charts = md.lines().filter(|l| l.starts_with("![")).count();
    let media = entries(&docx)
        .into_iter()
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .count();
    assert!(charts >= 5);
    assert_eq!(media, charts);
    assert_eq!(doc.matches("<pic:pic").count(), charts);
    for k in 1..=charts {
        assert!(
            doc.contains(&format!(">Figure {k}. ")),
            "caption of figure {k}"
        );
    }
    assert!(doc.rfind("<pic:pic").unwrap() < doc.rfind(&format!(">Figure {charts}. ")).unwrap());
    // A4, Times New Roman with SimSun for Chinese.
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:eastAsia="SimSun""#), "SimSun");
    assert!(
        styles.contains(r#"w:ascii="Times New Roman""#),
        "Times New Roman"
    );
    // Chinese construct labels arrive as text.
    assert!(doc.contains("策略规划"));
}

#[test]
fn tables_xlsx_holds_every_table_with_its_numbers_at_full_precision() {
    let out = run_mini("xlsx", false);
    let stems = table_stems(&out);
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("tables.xlsx")).unwrap();
    let mut sheets = book.sheet_names();
    sheets.sort();
    let want: Vec<String> = stems.iter().map(|s| s.chars().take(31).collect()).collect();
    assert_eq!(sheets, want, "one sheet per table");
    // The coefficients: each number the CSV's full-precision value, as a number.
    let range = book.worksheet_range("process_coefficients").unwrap();
    let csv = common::read_csv(&out.join("tables/process_coefficients.csv"));
    // (common::read_csv gives the rows under the header.)
    assert_eq!(range.get((2, 0)), Some(&Data::String("Term".into())));
    let mut numbers = 0;
    for (i, row) in csv.iter().enumerate() {
        for (j, raw) in row.iter().enumerate() {
            let got = range.get((3 + i, j)).unwrap();
            match raw.parse::<f64>() {
                Ok(v) => {
                    assert_eq!(got, &Data::Float(v), "row {i} column {j}");
                    numbers += 1;
                }
                Err(_) => assert_eq!(got, &Data::String(raw.clone())),
            }
        }
    }
    assert!(numbers >= 30, "{numbers}");
    let title = range.get((0, 0)).unwrap().to_string();
    assert!(title.starts_with("Coefficients"), "{title}");
}

#[test]
fn every_table_has_a_booktabs_tex_file_and_csv_has_a_bom_on_request() {
    let plain = run_mini("tex", false);
    for stem in table_stems(&plain) {
        let tex = std::fs::read_to_string(plain.join(format!("tables/{stem}.tex"))).unwrap();
        assert!(
            tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"),
            "{stem}"
        );
        let csv = std::fs::read(plain.join(format!("tables/{stem}.csv"))).unwrap();
        assert!(
            !csv.starts_with(b"\xEF\xBB\xBF"),
            "{stem}: no BOM by default"
        );
    }
    let bom = run_mini("bom", true);
    for stem in table_stems(&bom) {
        let csv = std::fs::read(bom.join(format!("tables/{stem}.csv"))).unwrap();
        let plain_csv = std::fs::read(plain.join(format!("tables/{stem}.csv"))).unwrap();
        assert_eq!(
            csv,
            [b"\xEF\xBB\xBF".as_slice(), &plain_csv].concat(),
            "{stem}"
        );
    }
}

#[test]
fn documents_are_byte_identical_on_rerun() {
    let a = run_mini("rerun-a", false);
    let b = run_mini("rerun-b", false);
    for f in ["report.docx", "tables.xlsx"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

/// The HTML on a phone and as a site: a viewport, tables in boxes that scroll sideways,
/// charts that scale, and the report linking the benchmark and the cards (and back).
#[test]
fn html_pages_fit_a_phone_and_link_each_other() {
    let root = common::root().join("notebooks-out/zhejiang-asc");
    for page in [
        "report.html",
        "benchmark.html",
        "centers/index.html",
        "centers/center-1.html",
    ] {
        let html = std::fs::read_to_string(root.join(page)).unwrap();
        assert!(
            html.contains(
                r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
            ),
            "{page}"
        );
        assert_eq!(
            html.matches("<table").count(),
            html.matches("<div class=\"scroll\"><table").count(),
            "{page}: every table scrolls in its own box"
        );
    }
    let report = std::fs::read_to_string(root.join("report.html")).unwrap();
    assert!(report.contains(r#"<a href="benchmark.html">"#));
    assert!(report.contains(r#"<a href="centers/index.html">"#));
    assert!(report.contains("figure svg{max-width:100%;height:auto}"));
    let bench = std::fs::read_to_string(root.join("benchmark.html")).unwrap();
    assert!(bench.contains(r#"<a href="report.html">"#));
}

/// The Chinese report's Word document: 表 k / 图 k captions, 注： notes, SimSun.
#[test]
fn the_chinese_docx_numbers_tables_and_figures_as_chinese_journals_do() {
    let docx = common::root().join("notebooks-out/zhejiang-asc-zh/report.docx");
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains(">表 1 "), "table caption");
    assert!(doc.contains(">图 1 "), "figure caption");
    assert!(doc.contains(">注："), "note");
    assert!(!doc.contains(">Table 1. "));
    assert!(part(&docx, "word/styles.xml").contains(r#"w:eastAsia="SimSun""#));
}

/// Every file under `dir`, relative to it.
fn walk(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir.join(rel)).unwrap() {
        let e = e.unwrap();
        let r = rel.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            walk(dir, &r, out);
        } else {
            out.push(r);
        }
    }
}

#[test]
fn hostile_names_stay_inside_the_output_folder_and_are_escaped_everywhere() {
    // A construct, a model, a title, a label and centers named to break out of the folder,
    // clash with Windows devices, run as script in a page or break XML.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let toml = std::fs::read_to_string(fixture.join("mini.toml"))
        .unwrap()
        .replace(
            "[constructs.strategy]",
            "[constructs.\"<script>alert(1)</script>\"]",
        )
        .replace(
            "label = \"Strategic planning\"",
            "label = \"<img src=x onerror=alert(1)>\\u0007 & co\"",
        )
        .replace("strategy +", "`<script>alert(1)</script>` +")
        .replace("name = \"process\"", "name = \"CON\"")
        .replace(
            "title = \"Process performance\"",
            "title = \"</title><script>alert(2)</script>\"",
        )
        .replace(
            "name = \"result\"",
            &format!("name = \"{}\"", "é".repeat(150)),
        )
        + "\n[benchmark]\noutcomes = [\"process\"]\nfactors = [\"linkage\"]\nmodels = [\"CON\"]\ndraws = 200\n";
    std::fs::write(dir.join("mini.toml"), &toml).unwrap();
    let long = "Z".repeat(300);
    let centers = [
        "../x",
        "a/b",
        "CON",
        "<script>alert(3)</script>",
        &long,
        "bell\u{7}",
        "..",
        "中心 07",
    ];
    let csv: String = std::fs::read_to_string(fixture.join("mini.csv"))
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return format!("{l}\n");
            }
            let mut c: Vec<String> = l.split(',').map(String::from).collect();
            let g: usize = c[1].parse().unwrap();
            c[1] = format!("\"{}\"", centers[g % centers.len()]);
            c.join(",") + "\n"
        })
        .collect();
    std::fs::write(dir.join("mini.csv"), &csv).unwrap();
    let out = bprstat()
        .current_dir(&dir)
        .args(["run", "mini.toml", "--out", "out"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing but the output folder beside the inputs, which are as they were.
    let mut top: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["mini.csv", "mini.toml", "out"]);
    assert_eq!(std::fs::read_to_string(dir.join("mini.csv")).unwrap(), csv);
    assert_eq!(
        std::fs::read_to_string(dir.join("mini.toml")).unwrap(),
        toml
    );
    let mut files = Vec::new();
    walk(&dir.join("out"), Path::new(""), &mut files);
    assert!(files.len() > 150, "{}", files.len());
    let devices = ["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"];
    for f in &files {
        for c in f.components() {
            let name = c.as_os_str().to_string_lossy();
            assert!(
                name.len() <= 128
                    && !name.starts_with('.')
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || "-_.".contains(c))
                    && !devices.contains(&name.split('.').next().unwrap()),
                "unsafe file name {f:?}"
            );
        }
    }
    // Each of the eight centers gets a card of its own.
    let cards = files
        .iter()
        .filter(|f| f.starts_with("centers") && f.extension().is_some_and(|e| e == "html"))
        .count();
    assert_eq!(
        cards,
        centers.len() + 1,
        "one card per center and the index"
    );
    // No hostile markup reaches a page, a chart or a Markdown file as markup, and the Word
    // and Excel parts hold neither it nor a control character.
    let raw = ["<script>alert", "<img src=x", "</title><script>"];
    for f in &files {
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        if ["html", "svg", "md"].contains(&ext.as_str()) {
            let text = std::fs::read_to_string(dir.join("out").join(f)).unwrap();
            for r in raw {
                assert!(!text.contains(r), "{f:?} holds {r}");
            }
            assert!(!text.contains('\u{7}'), "{f:?} holds a control character");
        }
    }
    for doc in ["report.docx", "tables.xlsx"] {
        let path = dir.join("out").join(doc);
        for name in entries(&path) {
            if name.ends_with(".xml") {
                let text = part(&path, &name);
                for r in raw {
                    assert!(!text.contains(r), "{doc} {name} holds {r}");
                }
                assert!(
                    !text
                        .chars()
                        .any(|c| (c as u32) < 0x20 && !"\t\n\r".contains(c)),
                    "{doc} {name} holds a control character"
                );
            }
        }
    }
}

/// `row_tables = "parquet"` writes each model's per-respondent table as Parquet with the
/// numbers of the CSV, to the last bit, and the influence table's note names that file.
#[test]
fn per_respondent_tables_as_parquet_hold_the_numbers_of_the_csv() {
    use polars::prelude::*;
    let diagnostics = ("[[models]]\n", "[[models]]\ndiagnostics = true\n");
    let csv_out = run_mini_with("rows-csv", &[diagnostics]);
    let pq_out = run_mini_with(
        "rows-parquet",
        &[
            diagnostics,
            ("[study]\n", "[study]\nrow_tables = \"parquet\"\n"),
        ],
    );
    let mut compared = 0;
    for e in std::fs::read_dir(csv_out.join("tables")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix("_augment.csv") else {
            continue;
        };
        let pq = pq_out.join(format!("tables/{stem}_augment.parquet"));
        assert!(
            !pq_out.join("tables").join(&name).exists(),
            "{name} not written as CSV"
        );
        let df = ParquetReader::new(std::fs::File::open(&pq).unwrap())
            .finish()
            .unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, header, "{stem}: the CSV's columns");
        for (i, line) in lines.enumerate() {
            for (j, cell) in line.split(',').enumerate() {
                let col = df
                    .select_at_idx(j)
                    .unwrap()
                    .cast(&DataType::Float64)
                    .unwrap();
                let v = col.f64().unwrap().get(i).unwrap();
                assert_eq!(
                    v,
                    cell.parse::<f64>().unwrap(),
                    "{stem} row {i} {}",
                    header[j]
                );
            }
        }
        compared += 1;
        let influential =
            std::fs::read_to_string(pq_out.join(format!("tables/{stem}_influential.md"))).unwrap();
        assert!(
            influential.contains(&format!("tables/{stem}_augment.parquet")),
            "{stem}: the note names the Parquet file"
        );
    }
    assert!(compared >= 1, "no per-respondent table compared");
}
