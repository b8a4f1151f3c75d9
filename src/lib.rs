//! bprstat: survey statistics for public-administration research — from questionnaire files
//! to publication tables, charts and a reproducible report.
//!
//! Data flow one way: a study file or the command line becomes a validated request (`study`),
//! data are read and cleaned (`io`), formulas become design matrices (`formula`), numbers are
//! estimated (`estimate`) into serializable results (`results`), which are rendered
//! (`render`). The layers, bottom up, and what each may use (`tests/layers.rs` checks it):
//!
//! | layer      | owns                                                        | may use |
//! |------------|-------------------------------------------------------------|---------|
//! | `numeric`  | double-double, distributions, linear algebra, roots, line search, RNG, parallel map, moments, TSQR | nothing |
//! | `results`  | every serialized result type (broom-style names)            | numeric |
//! | `formula`  | Wilkinson, lme4 and lavaan formulas, design matrices, SEM tables | numeric, results |
//! | `io`       | files, encodings, missing codes -> `Frame`                  | numeric, formula, results |
//! | `estimate` | pure numerics: matrices in, results out                     | numeric, results |
//! | `render`   | tables, charts, reports; never computes a statistic         | numeric, results |
//! | `simulate` | synthetic studies                                           | numeric |
//! | `study`    | the study file, one validated request per analysis, running | numeric, results, formula, io, estimate |
//! | `cli`      | one file per subcommand; progress on the terminal           | everything |

pub mod cli;
pub mod estimate;
pub mod formula;
pub mod io;
pub mod numeric;
pub mod render;
pub mod results;
pub mod simulate;
pub mod study;
