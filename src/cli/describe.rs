//! `bprstat describe DATA`: what is in a data file, column by column.

use super::DataArgs;
use crate::estimate::describe::describe;
use crate::io::{Column, read_table};
use crate::render::tables::{Cell, Table};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file (.csv/.tsv/.txt, .parquet, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta).
    pub data: PathBuf,
    /// Print JSON (one object per column) instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let frame = read_table(&a.data, a.data_args.read_options())?;
    let mut table = Table::new(
        format!(
            "{}: {} rows, {} columns",
            a.data.display(),
            frame.nrows,
            frame.names.len()
        ),
        &[
            "Column",
            "Type",
            "Valid",
            "Missing",
            "Mean",
            "Std. Deviation",
            "Minimum",
            "Maximum",
        ],
    );
    let mut json = Vec::new();
    for (name, col) in frame.names.iter().zip(&frame.columns) {
        match col {
            Column::Num(_) | Column::Small(_) | Column::Coded(..) => {
                let mut v = col.values().map(|v| v.to_vec()).unwrap_or_default();
                for x in v.iter_mut() {
                    if a.data_args.codes_of(name).contains(x) {
                        *x = f64::NAN;
                    }
                }
                let d = describe(name, &v);
                table.rows.push(vec![
                    Cell::text(name),
                    Cell::text("number"),
                    Cell::int(d.n),
                    Cell::int(frame.nrows - d.n),
                    Cell::num(d.mean, 3),
                    Cell::num(d.sd, 3),
                    Cell::num(d.min, 3),
                    Cell::num(d.max, 3),
                ]);
                json.push(serde_json::json!({"column": name, "type": "number", "valid": d.n, "missing": frame.nrows - d.n, "mean": d.mean, "sd": d.sd, "min": d.min, "max": d.max}));
            }
            Column::Text(v) => {
                let n = v.iter().filter(|x| x.is_some()).count();
                let mut levels: Vec<&str> = v.iter().flatten().collect();
                levels.sort();
                levels.dedup();
                table.rows.push(vec![
                    Cell::text(name),
                    Cell::text(format!("text ({} distinct)", levels.len())),
                    Cell::int(n),
                    Cell::int(frame.nrows - n),
                    Cell::text(""),
                    Cell::text(""),
                    Cell::text(""),
                    Cell::text(""),
                ]);
                json.push(serde_json::json!({"column": name, "type": "text", "valid": n, "missing": frame.nrows - n, "distinct": levels.len()}));
            }
        }
    }
    // What an SPSS or Stata file says of its columns, as SPSS's Variable View shows it.
    let mut info = Table::new(
        "Variable information (from the file)",
        &[
            "Column",
            "Label",
            "Value labels",
            "Missing values",
            "User-missing cells",
        ],
    );
    for (name, entry) in frame.names.iter().zip(json.iter_mut()) {
        let Some(m) = frame.meta.get(name) else {
            continue;
        };
        let values = m
            .value_labels
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join("; ");
        info.rows.push(vec![
            Cell::text(name),
            Cell::text(m.label.as_deref().unwrap_or("")),
            Cell::text(values),
            Cell::text(m.missing.as_deref().unwrap_or("")),
            Cell::int(m.user_missing),
        ]);
        let labels: serde_json::Map<String, serde_json::Value> = m
            .value_labels
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
            .collect();
        entry["label"] = m.label.as_deref().into();
        entry["value_labels"] = labels.into();
        entry["missing_values"] = m.missing.as_deref().into();
        entry["user_missing"] = m.user_missing.into();
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        println!("{}", table.to_markdown());
        if !info.rows.is_empty() {
            println!("\n{}", info.to_markdown());
        }
    }
    Ok(())
}
