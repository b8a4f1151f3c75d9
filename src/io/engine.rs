//! A query run on another engine through its own command-line client: how `bprstat sql
//! --engine CMD --run SUMS` reaches a warehouse or cluster (Spark's `spark-sql`, `psql`,
//! `duckdb`, `beeline`, `clickhouse-client`, ...). The client carries the connection, the
//! credentials and the engine's own configuration; bprstat hands it the query and reads the
//! result it prints, as CSV or tab-separated text with a header row.

use polars::prelude::*;
use std::io::{Cursor, Write};
use std::process::{Command, Stdio};

/// Where the query goes in the command: this is replaced by the path of a file holding it;
/// without it, the command reads the query on its standard input.
pub const QUERY_FILE: &str = "{query}";

/// The result's columns read as text whatever they hold: the cluster and the fingerprint.
const TEXT_COLUMNS: [&str; 2] = ["(cluster)", "bprstat_sql"];

/// Lines of the engine's messages shown when it fails.
const TAIL_LINES: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(
        "the engine is not reachable: the shell to run `{command}` could not be started ({source})"
    )]
    Start {
        command: String,
        source: std::io::Error,
    },
    #[error(
        "the engine is not reachable: a command of `{command}` was not found (exit status 127): install the engine's client, or give its full path; the shell said:\n{tail}"
    )]
    NotFound { command: String, tail: String },
    #[error(
        "the engine is not reachable or the query failed: `{command}` ended with {status}; its last messages:\n{tail}"
    )]
    Failed {
        command: String,
        status: String,
        tail: String,
    },
    #[error(
        "the engine `{command}` printed no result: the query's rows are expected on its output as CSV or tab-separated text with a header row (spark-sql: --hiveconf hive.cli.print.header=true; psql: --csv -v ON_ERROR_STOP=1; duckdb: -csv); its messages:\n{tail}"
    )]
    Empty { command: String, tail: String },
    #[error(
        "the result the engine `{command}` printed does not read as a table: {message}; its messages:\n{tail}"
    )]
    Parse {
        command: String,
        message: String,
        tail: String,
    },
    #[error("cannot write the query for the engine to {file}: {source}")]
    QueryFile {
        file: String,
        source: std::io::Error,
    },
}

/// Run `query` with the shell command `command` and read what it prints as a table: CSV,
/// or tab-separated when the header line has tabs (then `NULL` is a missing cell, as
/// spark-sql and beeline print it). The engine's messages (its standard error) are kept
/// and shown only if it fails.
pub fn run_engine(command: &str, query: &str) -> Result<DataFrame, EngineError> {
    // The query is given from a file, as the command's input or by its name: no pipe to
    // write (a client that never reads its input would end bprstat by SIGPIPE, whose
    // default action bprstat keeps for `bprstat ... | head`).
    let file = QueryFile::new(query)?;
    let named = command.contains(QUERY_FILE);
    let line = if named {
        command.replace(QUERY_FILE, &shell_quote(&file.path.display().to_string()))
    } else {
        command.to_string()
    };
    let input = if named {
        Stdio::null()
    } else {
        std::fs::File::open(&file.path)
            .map(Stdio::from)
            .map_err(|source| EngineError::QueryFile {
                file: file.path.display().to_string(),
                source,
            })?
    };
    let out = shell(&line)
        .stdin(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| EngineError::Start {
            command: command.into(),
            source,
        })?;
    let tail = tail(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(127) => {
            return Err(EngineError::NotFound {
                command: command.into(),
                tail,
            });
        }
        _ => {
            return Err(EngineError::Failed {
                command: command.into(),
                status: out.status.to_string(),
                tail,
            });
        }
    }
    parse(&out.stdout).map_err(|e| match e {
        None => EngineError::Empty {
            command: command.into(),
            tail,
        },
        Some(message) => EngineError::Parse {
            command: command.into(),
            message,
            tail,
        },
    })
}

/// The result as a table; None: nothing but blank lines.
fn parse(stdout: &[u8]) -> Result<DataFrame, Option<String>> {
    let start = stdout
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or(None)?;
    let text = &stdout[start..];
    let header = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let tabs = header.contains(&b'\t');
    // NULL as spark-sql, beeline and some CSV writers print a missing cell; the clusters and
    // the fingerprint as text (a cluster "007" is not 7).
    let nulls = Some(NullValues::AllColumns(vec!["NULL".into(), "".into()]));
    let text_columns: Schema = TEXT_COLUMNS
        .into_iter()
        .map(|n| Field::new(n.into(), DataType::String))
        .collect();
    super::guarded("the engine's output", "CSV", || {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(None)
            .with_schema_overwrite(Some(std::sync::Arc::new(text_columns)))
            .with_parse_options(
                CsvParseOptions::default()
                    .with_separator(if tabs { b'\t' } else { b',' })
                    .with_null_values(nulls),
            )
            .into_reader_with_file_handle(Cursor::new(text))
            .finish()
            .map_err(|e| super::IoError::Other {
                file: String::new(),
                message: e.to_string(),
            })
    })
    .map_err(|e| Some(e.to_string()))
}

/// The engine's messages that say what went wrong, indented: its lines of errors and
/// exceptions (each once; a JVM engine logs hundreds of lines and repeats its causes), or
/// when there are none its last lines; a JVM's stack frames ("at ...", "... 12 more") left
/// out.
fn tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let frame = |l: &str| {
        let t = l.trim_start();
        l.len() > t.len()
            && (t.starts_with("at ") || (t.starts_with("... ") && t.ends_with(" more")))
    };
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !frame(l))
        .collect();
    let is_error = |l: &str| {
        let lower = l.to_lowercase();
        [
            "error",
            "exception",
            "caused by",
            "refused",
            "fatal",
            "denied",
            "not found",
        ]
        .iter()
        .any(|w| lower.contains(w))
    };
    let mut errors: Vec<&str> = Vec::new();
    for l in lines.iter().copied().filter(|l| is_error(l)) {
        if !errors.contains(&l) {
            errors.push(l);
        }
    }
    let lines = if errors.is_empty() { lines } else { errors };
    if lines.is_empty() {
        return "  (none)".into();
    }
    lines[lines.len().saturating_sub(TAIL_LINES)..]
        .iter()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(unix)]
fn shell(line: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c").arg(line);
    c
}

#[cfg(not(unix))]
fn shell(line: &str) -> Command {
    let mut c = Command::new("cmd");
    c.arg("/C").arg(line);
    c
}

/// A path as one word of the shell: in single quotes, each ' written as '\''.
fn shell_quote(s: &str) -> String {
    if cfg!(unix) {
        format!("'{}'", s.replace('\'', r"'\''"))
    } else {
        format!("\"{s}\"")
    }
}

/// The query in a file of its own (created new, readable by its owner only), removed when
/// the engine is done.
struct QueryFile {
    path: std::path::PathBuf,
}

impl QueryFile {
    fn new(query: &str) -> Result<Self, EngineError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("bprstat-query-{}-{nanos}.sql", std::process::id()));
        let mut open = std::fs::OpenOptions::new();
        open.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
        open.open(&path)
            .and_then(|mut f| f.write_all(query.as_bytes()))
            .map_err(|source| EngineError::QueryFile {
                file: path.display().to_string(),
                source,
            })?;
        Ok(QueryFile { path })
    }
}

impl Drop for QueryFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_results_read_null_as_missing() {
        let df =
            parse(b"\n(cluster)\tbprstat_sql\tm.x\n007\tbprstat-ab\t2.5E-3\n2\tbprstat-ab\tNULL\n")
                .unwrap();
        let cluster = df.column("(cluster)").unwrap().str().unwrap();
        assert_eq!(cluster.get(0), Some("007"));
        assert_eq!(df.height(), 2);
        let x = df.column("m.x").unwrap().f64().unwrap();
        assert_eq!(x.get(0), Some(0.0025));
        assert_eq!(x.get(1), None);
    }

    #[test]
    fn comma_separated_results_and_blank_output() {
        let df = parse(b"a,b,c\n1,\"x,y\",NULL\n2,z,3.5\n").unwrap();
        assert_eq!(df.column("b").unwrap().str().unwrap().get(0), Some("x,y"));
        assert_eq!(df.column("c").unwrap().f64().unwrap().get(0), None);
        assert!(matches!(parse(b" \n\n"), Err(None)));
    }

    #[test]
    fn stack_frames_are_left_out_of_the_messages() {
        let err = b"WARN x\nException in thread \"main\" org.apache.spark.SparkException: Could not connect\n\tat org.apache.spark.A(A.scala:1)\n\t... 3 more\nCaused by: Connection refused\nINFO retrying\nCaused by: Connection refused\nINFO done\n";
        assert_eq!(
            tail(err),
            "  Exception in thread \"main\" org.apache.spark.SparkException: Could not connect\n  Caused by: Connection refused"
        );
        assert_eq!(
            tail(b"WARN x\n\tat A.b(A.java:1)\nall done\n"),
            "  WARN x\n  all done"
        );
    }

    #[test]
    fn quoted_paths_stay_one_word() {
        if cfg!(unix) {
            assert_eq!(shell_quote("/tmp/it's.sql"), r"'/tmp/it'\''s.sql'");
        }
    }
}
