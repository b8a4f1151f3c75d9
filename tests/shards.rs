//! Data written as shards (`[data] path` a pattern such as "parts/part-*.parquet"): read in
//! the order of their names as one table, they give the numbers of the single file. The
//! default study split into Parquet shards of unequal sizes writes every table, chart, report
//! card and result of the committed report byte for byte; only what names the data file
//! (its name, format and SHA-256) differs. Messages about bad shards are in bad_inputs.rs.

use crate::common::{bprstat, files_under, fixture, root, succeeds};
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// `csv` split at `cuts` (row indices) into Parquet files `part-NN.parquet` under `dir`.
fn parquet_shards(csv: &Path, dir: &Path, cuts: &[usize]) {
    std::fs::create_dir_all(dir).unwrap();
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .try_into_reader_with_file_path(Some(csv.to_path_buf()))
        .unwrap()
        .finish()
        .unwrap();
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(df.height());
    for (k, w) in bounds.windows(2).enumerate() {
        let mut part = df.slice(w[0] as i64, w[1] - w[0]);
        let f = std::fs::File::create(dir.join(format!("part-{k:02}.parquet"))).unwrap();
        ParquetWriter::new(f).finish(&mut part).unwrap();
    }
}

/// `csv`'s data rows split at `cuts` into CSV files `part-NN.csv` under `dir`, each with the
/// header.
fn csv_shards(csv: &Path, dir: &Path, cuts: &[usize]) {
    std::fs::create_dir_all(dir).unwrap();
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(rows.len());
    for (k, w) in bounds.windows(2).enumerate() {
        let body: String = rows[w[0]..w[1]].iter().map(|r| format!("{r}\n")).collect();
        std::fs::write(
            dir.join(format!("part-{k:02}.csv")),
            format!("{header}\n{body}"),
        )
        .unwrap();
    }
}

/// The default study as Parquet shards of `dir`/parts split at `cuts`: `dir`/study.toml
/// reads them (`parts/part-*.parquet`), beside a copy of the centers' own file.
pub fn default_study_in_shards(dir: &Path, cuts: &[usize]) {
    parquet_shards(
        &root().join("data/zhejiang-asc.csv"),
        &dir.join("parts"),
        cuts,
    );
    let study = std::fs::read_to_string(root().join("data/zhejiang-asc.toml")).unwrap();
    assert!(study.contains("path = \"zhejiang-asc.csv\""));
    let study = study.replacen(
        "path = \"zhejiang-asc.csv\"",
        "path = \"parts/part-*.parquet\"",
        1,
    );
    std::fs::write(dir.join("study.toml"), study).unwrap();
    std::fs::copy(
        root().join("data/zhejiang-centers.csv"),
        dir.join("zhejiang-centers.csv"),
    )
    .unwrap();
}

fn run(dir: &Path, study: &str, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    succeeds(
        bprstat()
            .current_dir(dir)
            .args(["run", study, "--out"])
            .arg(out),
    );
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// results.json without what names the data file: its name, format, encoding and hash.
fn results_without_file(p: &Path) -> serde_json::Value {
    let mut v = json(p);
    let o = v.as_object_mut().unwrap();
    assert!(o.remove("provenance").is_some());
    let data = o["data"].as_object_mut().unwrap();
    for key in ["file", "format", "encoding"] {
        assert!(data.remove(key).is_some(), "data.{key}");
    }
    v
}

#[test]
fn the_default_study_in_parquet_shards_gives_the_committed_report() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shards-default");
    let _ = std::fs::remove_dir_all(&dir);
    default_study_in_shards(&dir, &[250, 251, 700]);
    let out = dir.join("out");
    run(&dir, "study.toml", &out);

    let committed = root().join("notebooks-out/zhejiang-asc");
    // The manifest (times, argv) is not committed.
    let without_manifest = |dir: &Path| {
        let mut files = files_under(dir);
        files.remove(Path::new("manifest.json"));
        files
    };
    let want = without_manifest(&committed);
    assert_eq!(without_manifest(&out), want, "the same files are written");
    // Where the data file is named: the report's data section and provenance (in each of
    // its formats), results.json and the manifest.
    let names_the_file = [
        "manifest.json",
        "results.json",
        "report.html",
        "report.md",
        "report.docx",
    ];
    let differing = crate::common::differing(
        &committed,
        &out,
        want.iter()
            .filter(|f| !names_the_file.contains(&f.to_str().unwrap())),
    );
    assert!(
        differing.is_empty(),
        "files differ from the committed report: {differing:?}"
    );
    assert!(want.len() > 1000, "{} files compared", want.len());
    assert_eq!(
        results_without_file(&out.join("results.json")),
        results_without_file(&committed.join("results.json"))
    );
    let results = json(&out.join("results.json"));
    assert_eq!(results["data"]["file"], "parts/part-*.parquet");
    assert_eq!(results["data"]["rows_read"], 1009);
    // The data's SHA-256 is that of the shards' listing, as `sha256sum part-*.parquet |
    // sha256sum` prints it in their folder.
    let listing: String = (0..4)
        .map(|k| {
            let name = format!("part-{k:02}.parquet");
            let sha = bprstat::study::analyze::sha256_file(&dir.join("parts").join(&name)).unwrap();
            format!("{sha}  {name}\n")
        })
        .collect();
    std::fs::write(dir.join("listing.txt"), &listing).unwrap();
    assert_eq!(
        results["provenance"]["data_sha256"].as_str().unwrap(),
        bprstat::study::analyze::sha256_file(&dir.join("listing.txt")).unwrap()
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("1009 rows and 39 columns read from `parts/part-*.parquet` (parquet"));
}

/// The mini study in CSV shards (one of them a single row) gives the results of the single
/// file; a changed shard changes the data's SHA-256.
#[test]
fn the_mini_study_in_csv_shards_gives_the_numbers_of_the_single_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shards-mini");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("mini/mini.csv"), dir.join("mini.csv")).unwrap();
    csv_shards(&dir.join("mini.csv"), &dir.join("parts"), &[1, 2, 97]);
    let study = std::fs::read_to_string(fixture("mini/mini.toml")).unwrap();
    std::fs::write(dir.join("one.toml"), &study).unwrap();
    let sharded = study.replacen("path = \"mini.csv\"", "path = \"parts/part-*.csv\"", 1);
    assert_ne!(sharded, study);
    std::fs::write(dir.join("shards.toml"), sharded).unwrap();
    run(&dir, "one.toml", &dir.join("one"));
    run(&dir, "shards.toml", &dir.join("shards"));
    assert_eq!(
        results_without_file(&dir.join("shards/results.json")),
        results_without_file(&dir.join("one/results.json"))
    );
    let sha =
        |out: &str| json(&dir.join(out).join("results.json"))["provenance"]["data_sha256"].clone();
    let before = sha("shards");
    let last = dir.join("parts/part-03.csv");
    let mut text = std::fs::read_to_string(&last).unwrap();
    text.push('\n');
    std::fs::write(&last, text).unwrap();
    run(&dir, "shards.toml", &dir.join("shards"));
    assert_ne!(
        sha("shards"),
        before,
        "a changed shard changes the data's hash"
    );
}

/// `bprstat simulate --shards` writes, shard by shard, the rows of the single file: read
/// back through the pattern, every column equals the CSV's (CSV shards and Parquet shards;
/// the shards' numbers zero-padded so that their names sort in order).
#[test]
fn simulate_writes_shards_that_read_back_as_the_single_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shards-simulate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let simulate = |out: &str, shards: &str| {
        succeeds(
            bprstat()
                .current_dir(&dir)
                .args(["simulate", "--seed", "11", "--respondents", "2003"])
                .args(["--centers", "40", "--out", out, "--shards", shards]),
        );
    };
    simulate("one.csv", "1");
    simulate("p/part-*.parquet", "11");
    simulate("c/part-*.csv", "3");
    let names: Vec<String> = std::fs::read_dir(dir.join("p"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 11);
    assert!(names.contains(&"part-10.parquet".to_string()), "{names:?}");
    let read = |p: &str| {
        bprstat::io::read_table(&dir.join(p), bprstat::io::ReadOptions::default()).unwrap()
    };
    let one = read("one.csv");
    assert_eq!(one.nrows, 2003);
    for shards in ["p/part-*.parquet", "c/part-*.csv"] {
        let many = read(shards);
        assert_eq!(many.names, one.names, "{shards}");
        assert_eq!(many.nrows, one.nrows, "{shards}");
        for (name, (a, b)) in one.names.iter().zip(one.columns.iter().zip(&many.columns)) {
            match (a, b) {
                (bprstat::io::Column::Num(a), bprstat::io::Column::Num(b)) => {
                    let same = a
                        .iter()
                        .zip(b)
                        .all(|(x, y)| x.to_bits() == y.to_bits() || x.is_nan() && y.is_nan());
                    assert!(same, "{shards}: column {name}");
                }
                (a, b) => assert_eq!(a, b, "{shards}: column {name}"),
            }
        }
        // A cell of the last shard is named by its shard and its row there.
        let (file, row) = many.place(2002);
        assert!(
            file.ends_with(&shards.replace('*', if shards.starts_with('p') { "10" } else { "2" })),
            "{file}"
        );
        assert_eq!(row, if shards.starts_with('p') { 182 } else { 667 });
    }
}

/// A column nobody answered in one shard (empty there: read as missing numbers) joins the
/// text of the other shards, in either order.
#[test]
fn a_column_empty_in_one_shard_takes_the_kind_of_the_others() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shards-empty-column");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a1.csv"), "x,note\n1,\n2,\n").unwrap();
    std::fs::write(dir.join("a2.csv"), "x,note\n3,好\n").unwrap();
    std::fs::write(dir.join("a3.csv"), "x,note\n4,\n").unwrap();
    let frame =
        bprstat::io::read_table(&dir.join("a*.csv"), bprstat::io::ReadOptions::default()).unwrap();
    assert_eq!(
        frame.get("note"),
        Some(&bprstat::io::Column::Text(
            [None, None, Some("好"), None].into_iter().collect()
        ))
    );
    assert_eq!(frame.num("x").unwrap().to_vec(), [1.0, 2.0, 3.0, 4.0]);
}
