//! The command line: one file per subcommand, each with its `Args` and its `run()`. A
//! subcommand's analysis options are the study file's own definitions flattened in
//! (`study::request::ModelOptions` for `regress`, `EfaInput` for `efa`), so the help is
//! generated from what both front ends accept. This module keeps what several commands
//! share: the data-reading flags, the items of the item-level commands, the study file and
//! output folder, progress on the terminal, and printing as tables or JSON.

pub mod benchmark;
pub mod cfa;
pub mod describe;
pub mod efa;
pub mod importance;
pub mod mixed;
pub mod output;
pub mod pls;
pub mod process;
pub mod regress;
pub mod reliability;
pub mod run;
pub mod sem;
pub mod simulate;
pub mod sql;

use crate::io::{Encoding, parse_delimiter};
use clap::{Parser, Subcommand};

/// bprstat: survey statistics for public-administration research.
#[derive(Parser, Debug)]
#[command(
    name = "bprstat",
    version,
    about = "Survey statistics for public-administration research: from questionnaire files to publication tables, charts and a reproducible report."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of every table, note, chart, report, report card and summary line:
    /// en (English, the default) or zh (Simplified Chinese, in the terms of the Chinese
    /// SPSS). For a study, overrides its [study] language.
    #[arg(long, global = true, value_enum, ignore_case = true)]
    pub lang: Option<crate::results::Language>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a study file: data, constructs, models, tables, charts and the report.
    Run(run::Args),
    /// Fit one linear regression on a data file and print SPSS-layout tables (or JSON).
    Regress(regress::Args),
    /// Benchmark centers: league tables with rank intervals, multilevel models, one report card per center.
    Benchmark(benchmark::Args),
    /// Fit a random-intercept mixed model (REML or ML) and print SPSS MIXED-layout tables (or JSON).
    Mixed(mixed::Args),
    /// Which predictors matter most: dominance analysis (general dominance = LMG) and relative
    /// weights, with (cluster) bootstrap intervals for every measure, rank and difference.
    Importance(importance::Args),
    /// Mediation, moderation and moderated mediation as Hayes' PROCESS (models 1-8, 14, 15, 58,
    /// 59), with case or cluster bootstrap intervals; PROCESS-layout tables (or JSON).
    Process(process::Args),
    /// A structural equation model in lavaan syntax (=~, ~, ~~, labels, :=) by maximum
    /// likelihood with lavaan's sem() defaults: estimates, standardized solution, R2, fit.
    Sem(sem::Args),
    /// A PLS path model (PLS-SEM, as SmartPLS and seminr) in lavaan syntax (=~ reflective,
    /// <~ formative, ~ paths): weights, loadings, paths, effects, reliability, HTMT, f², VIF,
    /// (cluster) bootstrap; PLSc with --consistent.
    Pls(pls::Args),
    /// Item analysis and reliability of one scale (SPSS RELIABILITY): alpha, item-total statistics.
    Reliability(reliability::Args),
    /// Exploratory factor analysis of items (SPSS FACTOR): extraction, rotation, parallel analysis.
    Efa(efa::Args),
    /// Confirmatory factor analysis of a study's constructs: fit, loadings, CR/AVE, Fornell-Larcker, HTMT.
    Cfa(cfa::Args),
    /// Describe the columns of a data file: type, valid and missing counts, mean, SD, range.
    Describe(describe::Args),
    /// Write a synthetic study with the design of the 2008 Zhejiang study.
    Simulate(simulate::Args),
    /// Print the SQL that sums, per cluster, what the study's models need (counts, sums,
    /// sums of products of the cleaned, scored variables; with --measurement the items'
    /// moments too), to run where the data are (any SQL warehouse or engine; --engine runs
    /// it there, --run here); `bprstat run STUDY --aggregates RESULT` finishes the analysis.
    Sql(sql::Args),
}

/// Run the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    crate::numeric::parallel::threads().map_err(anyhow::Error::msg)?;
    // The language of the command line; a study's own applies where this is not given.
    let _lang = crate::render::i18n::use_language(cli.lang.unwrap_or_default());
    LANG_GIVEN.with(|g| g.set(cli.lang));
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::Regress(a) => regress::run(a),
        Command::Benchmark(a) => benchmark::run(a),
        Command::Mixed(a) => mixed::run(a),
        Command::Process(a) => process::run(a),
        Command::Importance(a) => importance::run(a),
        Command::Sem(a) => sem::run(a),
        Command::Pls(a) => pls::run(a),
        Command::Reliability(a) => reliability::run(a),
        Command::Efa(a) => efa::run(a),
        Command::Cfa(a) => cfa::run(a),
        Command::Describe(a) => describe::run(a),
        Command::Simulate(a) => simulate::run(a),
        Command::Sql(a) => sql::run(a),
    }
}

/// A model's mistake as the command line names it: the formula it came from.
pub fn formula_error(
    formula: &str,
) -> impl Fn(crate::study::analyze::AnalyzeError) -> anyhow::Error + '_ {
    move |e| match e {
        crate::study::analyze::AnalyzeError::Model { message, .. } => {
            anyhow::anyhow!("--formula \"{formula}\": {message}")
        }
        other => other.into(),
    }
}

/// Print a result as JSON (`--json`) or as its tables in Markdown.
pub fn print<T: serde::Serialize>(
    json: bool,
    value: &T,
    tables: impl FnOnce(&T) -> Vec<crate::render::tables::Table>,
) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        for t in tables(value) {
            println!("{}", t.translated().to_markdown());
        }
    }
    Ok(())
}

/// A warning on stderr when an analysis used less than `KEEPS_AT_LEAST` of the rows.
pub fn warn_sample_loss(loss: impl IntoIterator<Item = crate::results::SampleLoss>) {
    for l in loss {
        let m = crate::render::i18n::t(&l.message());
        eprintln!("{}", m.replacen("Warning: ", "warning: ", 1));
    }
}

/// Progress messages on stderr, only when stderr is a terminal and NO_COLOR is unset.
pub fn progress(msg: &str) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        eprintln!("{msg}");
    }
}

/// A progress line for long bootstraps, on stderr, only when it is a terminal.
pub fn progress_bar(done: usize, total: usize) {
    if total >= 20_000 {
        progress_bar_always(done, total);
    }
}

/// The progress bar of [`progress_bar`] for work whose every step is slow (a PROCESS or
/// importance bootstrap refits every equation or every subset per resample): shown whatever
/// the number of steps, still only on a terminal without NO_COLOR.
pub fn progress_bar_always(done: usize, total: usize) {
    use std::io::{IsTerminal, Write};
    if !std::io::stderr().is_terminal() || std::env::var_os("NO_COLOR").is_some() {
        return;
    }
    let pct = 100 * done / total.max(1);
    let bar = "#".repeat(pct / 4);
    eprint!("\rbootstrap [{bar:<25}] {pct:>3}% ({done}/{total})");
    if done >= total {
        eprintln!();
    }
    let _ = std::io::stderr().flush();
}

/// The study file and output folder of `run` and `benchmark`.
#[derive(clap::Args, Debug)]
pub struct StudyArgs {
    /// The study file (TOML). Paths inside it are relative to its folder.
    pub study: std::path::PathBuf,
    /// Folder of the study report: report, tables, charts, results.json, the benchmark and
    /// its report cards in centers/. Default: notebooks-out/<study name> under the current
    /// folder.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

impl StudyArgs {
    /// The output folder: --out, else notebooks-out/<study name>.
    pub fn out_dir(&self, study: &crate::study::Study) -> std::path::PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| std::path::PathBuf::from("notebooks-out").join(&study.name))
    }

    /// Lock the output folder and open its staging folder (see `output`), then analyze
    /// `study` (read from `self.study`) under the reproducible command `bprstat run STUDY`
    /// (the output folder is not part of it).
    pub fn analyze(
        &self,
        study: &crate::study::Study,
    ) -> anyhow::Result<(crate::study::analyze::Analysis, output::Staged)> {
        let out = self.out_dir(study);
        let staged = output::Staged::begin(&out, &[&self.study, &study.data.path])?;
        progress(&format!("reading {}", study.data.path.display()));
        let command = format!("bprstat run {}", self.study.display());
        let analysis = crate::study::analyze::analyze(study, &command, Some(progress_bar))?;
        progress(&format!("writing to {}", out.display()));
        Ok((analysis, staged))
    }
}

thread_local! {
    /// `--lang` as given (None: not given).
    static LANG_GIVEN: std::cell::Cell<Option<crate::results::Language>> =
        const { std::cell::Cell::new(None) };
}

/// The language of a study's outputs: `--lang`, else its `[study] language`.
pub fn study_language(study: &crate::study::Study) -> crate::results::Language {
    LANG_GIVEN.with(|g| g.get()).unwrap_or(study.language)
}

/// How a study's documents are written, from its study file (and `--lang`). Chinese
/// reports also get CSV tables with a byte-order mark, for Excel on a Chinese Windows.
pub fn report_options(study: &crate::study::Study) -> crate::render::report::ReportOptions {
    let language = study_language(study);
    crate::render::report::ReportOptions {
        csv_bom: study.csv_bom || language == crate::results::Language::Zh,
        language,
        row_tables: study.row_tables,
    }
}

/// Options shared by the commands that read a data file directly. The study file's
/// `[data]` section takes the same values (`encoding`, `delimiter`, `missing`,
/// `missing_by_column`).
#[derive(clap::Args, Debug, Clone)]
pub struct DataArgs {
    /// The file's format. Default: from its ending (.csv/.tsv/.txt, .parquet,
    /// .xlsx/.xls/.xlsm/.xlsb/.ods, .sav/.zsav, .por, .dta).
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<crate::io::Format>,
    /// Text encoding of a CSV file (default: utf-8; a byte-order mark is fine), or of an SPSS
    /// or Stata file that records none (older Chinese SPSS files and Stata 13 or older:
    /// gb18030). A file's own record wins.
    #[arg(long, value_enum, ignore_case = true)]
    pub encoding: Option<Encoding>,
    /// The sheet of an Excel or OpenDocument workbook (.xlsx, .xls, .ods): its name, or its
    /// number from 1. Default: the first sheet.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Field delimiter of a CSV file: one ASCII character, or "tab". Default: ",".
    #[arg(long, value_parser = parse_delimiter, default_value = ",")]
    pub delimiter: u8,
    /// Comma-separated codes that mean "no answer" (e.g. 9,99): they become missing in the
    /// columns analysed (the items; a formula's numeric variables; for describe, every numeric
    /// column), never in a --cluster column. Default: none.
    #[arg(long, value_delimiter = ',')]
    pub missing: Vec<f64>,
    /// Codes that mean "no answer" in one non-item column used in a formula, as
    /// COLUMN=CODE,CODE (e.g. years_in_post=99); they replace --missing for that column, as
    /// the study file's [data.missing_by_column]. Repeat for more columns. Default: none.
    #[arg(long = "missing-by-column", value_name = "COLUMN=CODES", value_parser = parse_column_codes)]
    pub missing_by_column: Vec<(String, Vec<f64>)>,
    /// A short name for a column, by its header text or its position from 1 (digits), as
    /// the study file's [data.rename]: e.g. --rename "SP1=5、您认为本中心的策略规划—项目1" or
    /// --rename SP1=7. Repeat for more columns. A header that appears twice, or a blank one,
    /// can only be used once renamed.
    #[arg(long, value_name = "NAME=HEADER|POSITION", value_parser = crate::io::parse_rename)]
    pub rename: Vec<(String, crate::io::RenameFrom)>,
}

/// `COLUMN=CODE,CODE` of `--missing-by-column`.
fn parse_column_codes(s: &str) -> Result<(String, Vec<f64>), String> {
    let (col, codes) = s
        .split_once('=')
        .ok_or_else(|| format!("\"{s}\" must be COLUMN=CODE,CODE (e.g. years_in_post=99)"))?;
    let codes = codes
        .split(',')
        .map(|c| {
            c.trim()
                .parse::<f64>()
                .map_err(|_| format!("\"{c}\" in \"{s}\" is not a number"))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    Ok((col.trim().to_string(), codes))
}

impl DataArgs {
    pub fn read_options(&self) -> crate::io::ReadOptions {
        crate::io::ReadOptions {
            format: self.format,
            encoding: self.encoding,
            delimiter: self.delimiter,
            sheet: self.sheet.clone(),
            rename: self.rename.clone(),
        }
    }

    /// The missing codes of a column: its own (--missing-by-column) or the shared ones.
    pub fn codes_of(&self, column: &str) -> &[f64] {
        self.missing_by_column
            .iter()
            .rev()
            .find(|(c, _)| c == column)
            .map_or(self.missing.as_slice(), |(_, codes)| codes.as_slice())
    }
}

/// An answer scale written MIN-MAX (e.g. 1-5) for `--scale`.
pub fn parse_scale(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("\"{s}\" must be MIN-MAX, e.g. 1-5"))?;
    let lo: f64 = a
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\": bad minimum"))?;
    let hi: f64 = b
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\": bad maximum"))?;
    if !(lo < hi) {
        return Err(format!("\"{s}\": the minimum must be below the maximum"));
    }
    Ok((lo, hi))
}

/// The items of the item-level commands (reliability, efa) and how to read them.
#[derive(clap::Args, Debug, Clone)]
pub struct ItemArgs {
    /// The data file: .csv/.tsv, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta or .parquet.
    pub data: std::path::PathBuf,
    /// Comma-separated item columns (reliability: at least two; efa: at least three).
    #[arg(long, value_delimiter = ',', required = true)]
    pub items: Vec<String>,
    /// Comma-separated items to reverse-key (min + max - x); needs --scale. Default: none.
    #[arg(long, value_delimiter = ',')]
    pub reverse: Vec<String>,
    /// Answer scale as MIN-MAX (e.g. 1-5): values outside become missing. Default: no range check.
    #[arg(long, value_parser = parse_scale)]
    pub scale: Option<(f64, f64)>,
    #[command(flatten)]
    pub data_args: DataArgs,
}

impl ItemArgs {
    /// Read the item columns: at least `min_items` of them; missing codes and out-of-scale
    /// answers become missing, listed items are reverse-keyed (min + max - x). Returns the
    /// columns, the file name for messages and the items' question texts (SPSS labels).
    pub fn read(
        &self,
        min_items: usize,
    ) -> anyhow::Result<(Vec<Vec<f64>>, String, crate::results::ItemLabels)> {
        use crate::io::{CleanSpec, clean_columns, read_table};
        let (items, reverse) = (&self.items, &self.reverse);
        if items.len() < min_items {
            anyhow::bail!("--items needs at least {min_items} columns");
        }
        let (min, max) = self.scale.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        for r in reverse {
            if !items.contains(r) {
                anyhow::bail!("--reverse {r} is not among --items");
            }
        }
        if !reverse.is_empty() && self.scale.is_none() {
            anyhow::bail!("--reverse needs --scale MIN-MAX to reverse-key (min + max - x)");
        }
        let mut frame = read_table(&self.data, self.data_args.read_options())?;
        let file = self.data.display().to_string();
        frame.require_columns(items, &file)?;
        let spec = CleanSpec {
            file: &file,
            missing_codes: &self.data_args.missing,
            min,
            max,
        };
        let marks: Vec<(&str, Option<&str>, bool)> = items
            .iter()
            .map(|i| (i.as_str(), None, reverse.contains(i)))
            .collect();
        // Codes such as 9 or 99 left among 1-5 answers would make nonsense of every statistic:
        // say so when no --scale range-checks the items.
        if self.scale.is_none() {
            for item in items {
                if let Some(v) = frame.num(item) {
                    let found: Vec<String> = crate::io::suspect_codes(&v.reals())
                        .into_iter()
                        .filter(|(c, _)| !self.data_args.codes_of(item).contains(c))
                        .map(|(c, n)| format!("{c} ({n} cell{})", if n == 1 { "" } else { "s" }))
                        .collect();
                    if !found.is_empty() {
                        eprintln!(
                            "warning: item {item} holds {} far outside its other answers; if these mean \"no answer\", pass --missing with them (e.g. --missing 9,99), or --scale MIN-MAX",
                            found.join(" and ")
                        );
                    }
                }
            }
        }
        clean_columns(&mut frame, &spec, &marks, &[])?;
        let cols = items
            .iter()
            .map(|i| {
                let v = frame.num(i).expect("cleaned to numbers");
                if reverse.contains(i) {
                    v.iter().map(|x| min + max - x).collect()
                } else {
                    v.to_vec()
                }
            })
            .collect();
        let labels = frame.labels_of(items.iter().map(String::as_str));
        Ok((cols, file, labels))
    }
}
