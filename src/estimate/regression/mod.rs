//! Linear regression: least squares by QR (`lsq`), the fit and its statistics (`ols`), the
//! sentences printed with it (`prose`), what is computed beside it on request (`extras`),
//! covariance estimators (`covariance`), diagnostics and normality tests, the wild and pairs
//! cluster bootstraps, SPSS-style variable selection, and tests across models (`compare`).

pub mod bootstrap;
pub mod compare;
pub mod covariance;
pub mod diagnostics;
pub mod extras;
pub mod lsq;
pub mod normality;
pub mod ols;
pub mod prose;
pub mod selection;
pub mod summary;
pub mod sums;
