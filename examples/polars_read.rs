//! The peer of bprstat's benchmark: polars alone reading a CSV file into a DataFrame
//! (schema inferred from the first 100 rows, the polars default), nothing else.
//! Usage: cargo run --release --example polars_read -- FILE.csv

use polars::prelude::*;

fn main() -> PolarsResult<()> {
    let path = std::env::args()
        .nth(1)
        .expect("usage: polars_read FILE.csv");
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(path.into()))?
        .finish()?;
    println!("{} rows x {} columns", df.height(), df.width());
    Ok(())
}
