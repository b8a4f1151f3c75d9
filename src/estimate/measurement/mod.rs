//! Measurement: construct scores from items, reliability of scales, exploratory factor
//! analysis (`efa`) and confirmatory factor analysis (`cfa`).

pub mod cfa;
pub mod efa;
pub mod reliability;
pub mod scores;
