//! Wilkinson model formulas, as in R: `y ~ a + b`, `a:b`, `a*b`, `- 1` / `0 +` (no intercept),
//! `C(x)` / `C(x, ref = "B")` treatment dummies, `I(x^2)` powers, parentheses, and names in
//! backticks (for names with spaces, operators or any script, e.g. `` `满意度` ``).
//!
//! `mixed` adds lme4's random intercept `(1 | group)`; `filter` parses the row conditions of
//! `[data] filter` (SPSS's SELECT IF). A formula is parsed once ([`Formula::parse`]) into terms; [`design`] turns it into a
//! numeric design matrix over the rows where every variable is present (listwise deletion).
//! [`Texts`] holds a column of text as codes into its distinct values.

mod design;
mod filter;
pub mod lavaan;
mod mixed;
mod parse;
mod texts;

pub use design::{ColumnData, Design, DesignError, Source, design};
pub use filter::{Filter, FilterError};
pub use mixed::MixedFormula;
pub use parse::{Factor, Formula, FormulaError, Term, quote as quote_name};
pub use texts::Texts;
