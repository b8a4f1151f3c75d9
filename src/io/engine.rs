//! A query run on another engine through its own command-line client: how `bprstat sql
//! --engine CMD --run SUMS` reaches a warehouse or cluster (Spark's `spark-sql`, `psql`,
//! `duckdb`, `beeline`, `clickhouse-client`, ...). The client carries the connection, the
//! credentials and the engine's own configuration; bprstat hands it the query and reads the
//! result it prints, as CSV or tab-separated text with a header row.

use polars::prelude::*;
use std::io::{Cursor, Write};
use std::process::{Command, Stdio};

/// Where the query goes in the command: this is replaced by the path of a file holding it;
/// without it, the query is written to the command's standard input.
pub const QUERY_FILE: &str = "{query}";

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
        "the engine is not reachable: `{command}` was not found (exit status 127); install the engine's client or give its full path\n{tail}"
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
        "the engine `{command}` printed no result: the query's rows are expected on its output as CSV or tab-separated text with a header row (spark-sql: --hiveconf hive.cli.print.header=true; psql: --csv; duckdb: -csv)"
    )]
    Empty { command: String },
    #[error("the result the engine `{command}` printed does not read as a table: {message}")]
    Parse { command: String, message: String },
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
    let file = QueryFile::new(query, command.contains(QUERY_FILE))?;
    let line = match &file.path {
        Some(p) => command.replace(QUERY_FILE, &shell_quote(&p.display().to_string())),
        None => command.to_string(),
    };
    let mut child = shell(&line)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| EngineError::Start {
            command: command.into(),
            source,
        })?;
    let stdin = child.stdin.take().expect("piped");
    let input = (file.path.is_none()).then(|| query.to_string());
    // Written from a thread: an engine may print before it has read all of its input.
    let writer = std::thread::spawn(move || {
        let mut stdin = stdin;
        if let Some(q) = input {
            // An engine that does not read its input closes it early: not an error here,
            // its exit status says whether it ran.
            let _ = stdin.write_all(q.as_bytes());
        }
    });
    let out = child
        .wait_with_output()
        .map_err(|source| EngineError::Start {
            command: command.into(),
            source,
        })?;
    let _ = writer.join();
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
        },
        Some(message) => EngineError::Parse {
            command: command.into(),
            message,
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
    let nulls = if tabs {
        Some(NullValues::AllColumnsSingle("NULL".into()))
    } else {
        None
    };
    super::guarded("the engine's output", "CSV", || {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(None)
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

/// The query in a file of its own, removed when the engine is done.
struct QueryFile {
    path: Option<std::path::PathBuf>,
}

impl QueryFile {
    fn new(query: &str, wanted: bool) -> Result<Self, EngineError> {
        if !wanted {
            return Ok(QueryFile { path: None });
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("bprstat-query-{}-{nanos}.sql", std::process::id()));
        std::fs::write(&path, query).map_err(|source| EngineError::QueryFile {
            file: path.display().to_string(),
            source,
        })?;
        Ok(QueryFile { path: Some(path) })
    }
}

impl Drop for QueryFile {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_results_read_null_as_missing() {
        let df =
            parse(b"\n(cluster)\tbprstat_sql\tm.x\n1\tbprstat-ab\t2.5E-3\n2\tbprstat-ab\tNULL\n")
                .unwrap();
        assert_eq!(df.height(), 2);
        let x = df.column("m.x").unwrap().f64().unwrap();
        assert_eq!(x.get(0), Some(0.0025));
        assert_eq!(x.get(1), None);
    }

    #[test]
    fn comma_separated_results_and_blank_output() {
        let df = parse(b"a,b\n1,\"x,y\"\n").unwrap();
        assert_eq!(df.column("b").unwrap().str().unwrap().get(0), Some("x,y"));
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
