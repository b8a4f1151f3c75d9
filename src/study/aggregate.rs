//! A study's models from sums computed elsewhere: `bprstat sql STUDY` prints one portable
//! SQL query (CASE, COALESCE, SUM, GROUP BY; nothing engine-specific) that cleans the items
//! as the study says (missing codes, the scale's range, reverse keying), scores each
//! construct (the mean of its valid items when at least min_items are valid), and sums per
//! cluster, over each model's complete cases, the count, the columns and their products.
//! An office runs it where its data are (a warehouse, Spark, DuckDB, polars) and `bprstat
//! run STUDY --aggregates FILE` finishes the models from the result
//! ([`crate::estimate::regression::sums`]). The query carries a fingerprint of itself, so
//! that sums computed for another version of the study are refused.
//!
//! What sums can give: coefficients, classical and CR1 cluster-robust standard errors (G-1
//! or N-K df), R2, F, standardized coefficients, tolerance and VIF. What they cannot: models
//! with categorical terms (their levels), centred or selected terms, other covariances, and
//! everything that needs the rows (diagnostics, bootstraps, Durbin–Watson); such models are
//! left out, each with the reason, in the query's comments and on the command line.
//! Beside the models the query can sum the items' moments ([`measurement`]) and what the
//! benchmark of centers needs ([`benchmark`]).

mod benchmark;
mod groups;
mod measurement;
mod report;

use groups::numbers;

pub use measurement::{Measurement, finish_measurement};

use super::{ModelSpec, Study, StudyError};
use crate::estimate::regression::covariance::CovType;
use crate::estimate::regression::sums::{SumsError, fit_sums};
use crate::formula::Factor;
use crate::io::Frame;
use crate::results::ModelReport;
use report::report;
use std::borrow::Cow;

/// A model the sums serve: its name, outcome, term names and their SQL expressions, and
/// what it is for.
struct Planned<'a> {
    spec: Cow<'a, ModelSpec>,
    terms: Vec<String>,
    exprs: Vec<String>,
    clustered: bool,
    role: Role,
}

/// What a model's sums are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A model of the study (and, when `[benchmark] models` names it, its random-intercept
    /// and center-means fits too).
    Model,
    /// The league table of a variable of `[benchmark]`: `v ~ 1` over its complete cases.
    League,
    /// A model of `[benchmark] models` the sums do not serve as a regression (its options
    /// need the rows), summed for its random-intercept and center-means fits alone.
    Benchmark,
}

/// The models of a study the sums serve, and those left out with the reason.
struct Plan<'a> {
    models: Vec<Planned<'a>>,
    left_out: Vec<(String, String)>,
    extras: Extras,
}

/// What the sums hold beside the models.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extras {
    /// The items' moments (reliability, KMO, EFA, CFA; [`measurement`]).
    pub measurement: bool,
    /// Per center, what the benchmark needs (league tables, the models with a random
    /// intercept and on center means; [`benchmark`]).
    pub benchmark: bool,
}

/// The SQL dialect of the query: how names are quoted and how a number becomes a double.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// Standard SQL: "names" in double quotes, CAST(x AS DOUBLE PRECISION) (PostgreSQL,
    /// Kingbase, openGauss, Oracle, SQL Server, Trino, DuckDB, polars).
    Standard,
    /// `names` in backticks, CAST(x AS DOUBLE) (Spark SQL, Hive, Databricks, MySQL, MariaDB).
    Spark,
}

impl Dialect {
    fn ident(self, name: &str) -> String {
        match self {
            Dialect::Standard => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        }
    }

    fn double(self) -> &'static str {
        match self {
            Dialect::Standard => "DOUBLE PRECISION",
            Dialect::Spark => "DOUBLE",
        }
    }
}

fn number(x: f64) -> String {
    format!("{x}")
}

/// Whether a model's sample needs the cluster: as the row-level fit, for a cluster-robust
/// covariance or a (cluster) bootstrap, whose rows without a cluster are left out.
fn needs_cluster(m: &ModelSpec) -> bool {
    m.se.is_clustered() || m.wild.is_some() || m.pairs.is_some()
}

fn plan(study: &Study, dialect: Dialect, extras: Extras) -> Plan<'_> {
    let mut models = Vec::new();
    let mut left_out = Vec::new();
    for m in &study.models {
        let why = if m
            .formula
            .terms
            .iter()
            .flat_map(|t| &t.0)
            .any(|f| matches!(f, Factor::Cat { .. }))
        {
            Some(
                "a categorical term C(..) needs its levels, which the sums do not know".to_string(),
            )
        } else if !m.formula.intercept {
            Some("a model without intercept".into())
        } else if !m.center.is_empty() {
            Some("centred variables need the model sample's means first".into())
        } else if m.selection.is_some() {
            Some("a variable selection refits on the rows".into())
        } else if !matches!(
            m.se,
            CovType::Classical | CovType::Cluster | CovType::ClusterR
        ) {
            Some(format!(
                "se = \"{}\" needs each row's leverage",
                m.se.name()
            ))
        } else if needs_cluster(m) && m.cluster.as_deref() != study.data.cluster.as_deref() {
            Some("its cluster variable is not data.cluster, by which the sums are grouped".into())
        } else {
            None
        };
        match why {
            Some(why) => left_out.push((m.name.clone(), why)),
            None => models.push(planned(Cow::Borrowed(m), dialect, Role::Model)),
        }
    }
    if extras.benchmark {
        let served: Vec<&str> = models.iter().map(|m| m.spec.name.as_str()).collect();
        let more = benchmark::specs(study, &served);
        models.extend(
            more.into_iter()
                .map(|(s, r)| planned(Cow::Owned(s), dialect, r)),
        );
    }
    Plan {
        models,
        left_out,
        extras,
    }
}

/// A model's sums: its terms and the SQL expression of each, the outcome last.
fn planned<'a>(spec: Cow<'a, ModelSpec>, dialect: Dialect, role: Role) -> Planned<'a> {
    let ident = |n: &str| dialect.ident(n);
    let value = |f: &Factor| match f {
        Factor::Pow { name, power } => vec![ident(name); *power as usize].join(" * "),
        f => ident(f.variable()),
    };
    let mut terms = Vec::new();
    let mut exprs = Vec::new();
    for t in &spec.formula.terms {
        terms.push(t.to_string());
        exprs.push(t.0.iter().map(value).collect::<Vec<_>>().join(" * "));
    }
    terms.push(spec.formula.response.clone());
    exprs.push(ident(&spec.formula.response));
    Planned {
        clustered: spec.se.is_clustered(),
        spec,
        terms,
        exprs,
        role,
    }
}

/// The SQL that sums what the study's models need (see the module's note), reading the data
/// as table `table`; with `measurement`, the items' moments too.
pub fn sql(
    study: &Study,
    table: &str,
    dialect: Dialect,
    extras: Extras,
) -> Result<String, StudyError> {
    let invalid = |key: &str, message: String| StudyError::Invalid {
        file: study.file.display().to_string(),
        key: key.into(),
        message,
    };
    if study.data.filter.is_some() || !study.data.exclude.is_empty() {
        return Err(invalid(
            if study.data.filter.is_some() { "data.filter" } else { "data.exclude" },
            "the sums cannot apply [data] filter or exclude (the screening needs the rows); apply the filter in the query's FROM, or leave them out for the sums".into(),
        ));
    }
    if let Some((key, why)) = (extras.measurement)
        .then(|| measurement::unsummable(study))
        .flatten()
        .or_else(|| {
            extras
                .benchmark
                .then(|| benchmark::unsummable(study))
                .flatten()
        })
    {
        return Err(invalid(key, why));
    }
    let plan = plan(study, dialect, extras);
    if plan.models.is_empty() && !extras.measurement {
        return Err(invalid(
            "models",
            format!(
                "no model can be finished from sums: {}",
                plan.left_out
                    .iter()
                    .map(|(m, why)| format!("{m} ({why})"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ));
    }
    // The fingerprint is of the standard query on table "data", whatever the dialect.
    let print = fingerprint(&body(
        study,
        &self::plan(study, Dialect::Standard, extras),
        "data",
        Dialect::Standard,
    ));
    let body = body(study, &plan, table, dialect);
    let mut out = format!(
        "-- bprstat {}: the sums of study \"{}\" ({}), per {} over each model's complete cases.\n",
        env!("CARGO_PKG_VERSION"),
        study.name,
        study.file.display(),
        study
            .data
            .cluster
            .as_deref()
            .map_or("whole sample".to_string(), |c| format!("cluster ({c})")),
    );
    out.push_str(&format!(
        "-- Run it on the data as table {table}, save the result as CSV or Parquet, and finish with\n--   bprstat run {} --aggregates RESULT\n",
        study.file.display()
    ));
    out.push_str(&format!(
        "-- Models: {}.\n",
        (plan.models.iter())
            .filter(|m| m.role == Role::Model)
            .map(|m| m.spec.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    for (m, why) in &plan.left_out {
        out.push_str(&format!("-- Left out: {m} ({why}).\n"));
    }
    if extras.benchmark {
        out.push_str(&benchmark::comment(study));
    }
    if extras.measurement {
        out.push_str("-- And the items' moments over their complete cases (each construct's, and all items'),\n-- for reliability, KMO, the EFA and the CFA.\n");
    }
    if dialect == Dialect::Spark {
        out.push_str("-- Run with spark.sql.ansi.enabled = true, so that a cell that is not a number stops the\n-- query (as bprstat does) instead of becoming NULL.\n");
    }
    if !study.data.rename.is_empty() {
        out.push_str(
            "-- The columns are named as after [data.rename]: name the table's columns so.\n",
        );
    }
    out.push_str(&body.replace("{fingerprint}", &print));
    Ok(out)
}

/// The query `sql --measurement --run` runs here, and the items' moments it computes beside
/// it: polars is given the models' sums (under the fingerprint of the query with the
/// moments, whose sums the result then holds) and the cleaned rows, whose moments bprstat
/// adds per cluster itself ([`crate::io::moments`]).
pub fn local_query(
    study: &Study,
    table: &str,
    benchmark: bool,
) -> Result<(String, crate::io::moments::Moments), StudyError> {
    let extras = Extras {
        measurement: true,
        benchmark,
    };
    sql(study, table, Dialect::Standard, extras)?;
    let measured = plan(study, Dialect::Standard, extras);
    let print = fingerprint(&body(study, &measured, "data", Dialect::Standard));
    let models = body(
        study,
        &plan(
            study,
            Dialect::Standard,
            Extras {
                measurement: false,
                benchmark,
            },
        ),
        table,
        Dialect::Standard,
    )
    .replace("{fingerprint}", &print);
    let whole = body(study, &measured, table, Dialect::Standard);
    let cleaned =
        whole[..whole.find("\nscored AS (").expect("the query has its CTEs")].trim_end_matches(',');
    let ident = |n: &str| Dialect::Standard.ident(n);
    let items: Vec<String> = study.items().map(|(_, i)| ident(i)).collect();
    let rows_query = format!(
        "{cleaned}\nSELECT {}, {} FROM cleaned",
        ident(CLUSTER),
        items.join(", ")
    );
    Ok((
        models,
        crate::io::moments::Moments {
            rows_query,
            blocks: measurement::io_blocks(study),
        },
    ))
}

/// The fingerprint of a query: its first 16 hex digits of SHA-256, with a placeholder where
/// the fingerprint itself goes.
fn fingerprint(body: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(body.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The column of the clusters, and each model's count of complete cases ("{model}.(n)"):
/// names no variable can take (parentheses).
const CLUSTER: &str = "(cluster)";
const COUNT: &str = "(n)";
/// The column of the sums' fingerprint.
const FINGERPRINT: &str = "bprstat_sql";
/// The column of the rows per cluster (complete or not).
const ROWS: &str = "rows";

fn body(study: &Study, plan: &Plan, table: &str, dialect: Dialect) -> String {
    let ident = |n: &str| dialect.ident(n);
    let double = dialect.double();
    let (lo, hi) = (study.scale.min, study.scale.max);
    let codes = |v: &[f64]| v.iter().map(|x| number(*x)).collect::<Vec<_>>().join(", ");
    // Plain numeric columns the models read (not constructs).
    let mut numeric: Vec<&str> = Vec::new();
    let mut constructs: Vec<&super::Construct> = Vec::new();
    for m in &plan.models {
        for v in m.spec.formula.numeric_variables() {
            match study.construct(v) {
                Some(c) if !constructs.iter().any(|k| k.key == c.key) => constructs.push(c),
                Some(_) => {}
                None if !numeric.contains(&v) => numeric.push(v),
                None => {}
            }
        }
    }
    let cluster = study.data.cluster.as_deref().map_or("1".to_string(), ident);
    let cl = ident(CLUSTER);
    let mut cleaned = vec![format!("    {cluster} AS {cl}")];
    let item = |x: &str| {
        let x = ident(x);
        let missing = if study.data.missing.is_empty() {
            String::new()
        } else {
            format!("{x} IN ({}) OR ", codes(&study.data.missing))
        };
        format!(
            "    CASE WHEN {missing}{x} < {} OR {x} > {} THEN NULL ELSE CAST({x} AS {double}) END AS {x}",
            number(lo),
            number(hi)
        )
    };
    let mut items: Vec<&str> = constructs
        .iter()
        .flat_map(|c| c.items.iter().map(String::as_str))
        .collect();
    // A formula may name an item itself: cleaned as an item, not reversed (as in the rows).
    let is_item = |v: &str| study.items().any(|(_, i)| i == v);
    for v in &numeric {
        if is_item(v) && !items.contains(v) {
            items.push(v);
        }
    }
    // The items' moments read every item as cleaned (reversed when finished).
    let measured: Vec<&str> = if plan.extras.measurement {
        study.items().map(|(_, i)| i.as_str()).collect()
    } else {
        Vec::new()
    };
    for i in &measured {
        if !items.contains(i) {
            items.push(i);
        }
    }
    cleaned.extend(items.iter().map(|i| item(i)));
    for v in numeric.iter().filter(|v| !is_item(v)) {
        let x = ident(v);
        let value = format!("CAST({x} AS {double})");
        cleaned.push(match study.data.missing_by_column.get(*v) {
            Some(c) if !c.is_empty() => {
                format!(
                    "    CASE WHEN {x} IN ({}) THEN NULL ELSE {value} END AS {x}",
                    codes(c)
                )
            }
            _ => format!("    {value} AS {x}"),
        });
    }
    let mut scored = vec![format!("    {cl}")];
    for c in &constructs {
        let valid = c
            .items
            .iter()
            .map(|i| format!("CASE WHEN {} IS NULL THEN 0 ELSE 1 END", ident(i)))
            .collect::<Vec<_>>()
            .join(" + ");
        let sum = c
            .items
            .iter()
            .map(|i| match c.reverse.contains(i) {
                true => format!("COALESCE({} - {}, 0)", number(lo + hi), ident(i)),
                false => format!("COALESCE({}, 0)", ident(i)),
            })
            .collect::<Vec<_>>()
            .join(" + ");
        scored.push(format!(
            "    CASE WHEN {valid} >= {} THEN ({sum}) / ({valid}) END AS {}",
            c.min_items.max(1),
            ident(&c.key)
        ));
    }
    scored.extend(numeric.iter().map(|v| format!("    {}", ident(v))));
    scored.extend(
        (measured.iter())
            .filter(|i| !numeric.contains(i))
            .map(|i| format!("    {}", ident(i))),
    );
    let mut sums = vec![
        format!("  {cl}"),
        format!("  MIN('bprstat-{{fingerprint}}') AS {}", ident(FINGERPRINT)),
        format!("  COUNT(*) AS {}", ident(ROWS)),
    ];
    // Each model's complete cases flagged once (1 or 0), then summed over.
    let mut flags = vec!["    scored.*".to_string()];
    for m in &plan.models {
        let mut vars: Vec<&str> = m.spec.formula.numeric_variables();
        let with_cluster = needs_cluster(&m.spec).then(|| CLUSTER.to_string());
        if let Some(c) = &with_cluster {
            vars.push(c.as_str());
        }
        let complete = vars
            .iter()
            .map(|v| format!("{} IS NOT NULL", ident(v)))
            .collect::<Vec<_>>()
            .join(" AND ");
        let name = &m.spec.name;
        let flag = ident(&format!("{name}.complete"));
        flags.push(format!(
            "    CASE WHEN {complete} THEN 1 ELSE 0 END AS {flag}"
        ));
        sums.push(format!(
            "  SUM({flag}) AS {}",
            ident(&format!("{name}.{COUNT}"))
        ));
        for (a, ea) in m.exprs.iter().enumerate() {
            sums.push(format!(
                "  SUM(CASE WHEN {flag} = 1 THEN {ea} END) AS {}",
                ident(&format!("{name}.{}", m.terms[a]))
            ));
        }
        for a in 0..m.exprs.len() {
            for b in 0..=a {
                sums.push(format!(
                    "  SUM(CASE WHEN {flag} = 1 THEN {} * {} END) AS {}",
                    m.exprs[a],
                    m.exprs[b],
                    ident(&format!("{name}.{}*{}", m.terms[a], m.terms[b]))
                ));
            }
        }
    }
    if plan.extras.measurement {
        let (f, m) = measurement::lines(study, &ident);
        flags.extend(f);
        sums.extend(m);
    }
    format!(
        "WITH cleaned AS (\n  SELECT\n{}\n  FROM {table}\n),\nscored AS (\n  SELECT\n{}\n  FROM cleaned\n),\nflagged AS (\n  SELECT\n{}\n  FROM scored\n)\nSELECT\n{}\nFROM flagged\nGROUP BY {cl}\nORDER BY {cl};\n",
        cleaned.join(",\n"),
        scored.join(",\n"),
        flags.join(",\n"),
        sums.join(",\n")
    )
}

/// What the sums give: the models, those left out (with the reason), and the items' moments'
/// analyses when the query summed them.
#[derive(Debug)]
pub struct Finished {
    pub models: Vec<ModelReport>,
    pub left_out: Vec<(String, String)>,
    pub measurement: Option<Measurement>,
    /// The benchmark of centers, when the sums hold its sums ([`benchmark`]).
    pub benchmark: Option<crate::results::multilevel::Benchmark>,
}

/// The models of `study` finished from `sums` (the result of [`sql`], one row per
/// cluster), the models left out with the reason, reliability, KMO, EFA and CFA when the
/// sums hold the items' moments, and the benchmark of centers when they hold its sums.
pub fn finish(study: &Study, sums: &Frame) -> Result<Finished, StudyError> {
    let file = &sums.file;
    let bad = |message: String| StudyError::File {
        file: study.file.display().to_string(),
        message: format!("the sums in {file}: {message}"),
    };
    // Sums with the items' moments were asked for them (their query differs, and its print).
    let extras = Extras {
        measurement: sums.get(&format!("{}.{COUNT}", measurement::ALL)).is_some(),
        benchmark: benchmark::summed(study, sums),
    };
    let plan = plan(study, Dialect::Standard, extras);
    let want = format!(
        "bprstat-{}",
        fingerprint(&body(study, &plan, "data", Dialect::Standard))
    );
    let Some(prints) = sums.get(FINGERPRINT) else {
        return Err(bad(format!(
            "no column {FINGERPRINT}; expected the result of `bprstat sql {}`",
            study.file.display()
        )));
    };
    if sums.nrows == 0 {
        return Err(bad("no rows; the query found no data".into()));
    }
    if let Some(r) = (0..sums.nrows).find(|&r| prints.text_at(r) != want) {
        return Err(bad(format!(
            "they were computed by another query (row {}: {FINGERPRINT} = \"{}\", this study's is \"{want}\"): the study's models, constructs, missing codes or scale changed since; run `bprstat sql {}` again",
            r + 1,
            prints.text_at(r),
            study.file.display()
        )));
    }
    let num = |name: &str| numbers(sums, name, &bad);
    let rows_read = num(ROWS)?.iter().sum::<f64>() as usize;
    let Some(cluster) = sums.get(CLUSTER) else {
        return Err(bad(format!("no column \"{CLUSTER}\"")));
    };
    let mut reports = Vec::new();
    let mut summed = Vec::new();
    for m in &plan.models {
        let name = &m.spec.name;
        let g = groups::merged(sums, cluster, m, &bad)?;
        if m.role == Role::Model {
            let fit = fit_sums(&g.groups, m.clustered).map_err(|e| {
                bad(match e {
                    SumsError::Malformed { group, what } => {
                        format!("model {name}, cluster {}: {what}", g.keys[group])
                    }
                    SumsError::Singular(Some(a)) => format!(
                        "model {name}: {} is (nearly) a linear combination of the other predictors over the complete cases (tolerance below 1e-10); drop it",
                        m.terms[a]
                    ),
                    e => format!("model {name}: {e}"),
                })
            })?;
            reports.push(report(study, m, &fit, rows_read));
        }
        summed.push(g);
    }
    let benchmark = (plan.extras.benchmark)
        .then(|| benchmark::finish(study, &plan, &summed, rows_read, &bad))
        .transpose()?;
    let measurement = finish_measurement(study, sums, rows_read, &bad)?;
    Ok(Finished {
        models: reports,
        left_out: plan.left_out,
        measurement,
        benchmark,
    })
}
