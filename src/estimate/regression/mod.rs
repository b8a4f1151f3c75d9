//! Linear regression: least squares by QR (`lsq`), the fit and its statistics (`ols`),
//! covariance estimators (`covariance`), diagnostics and normality tests, the wild and pairs
//! cluster bootstraps, SPSS-style variable selection, and tests across models (`compare`).

pub mod bootstrap;
pub mod compare;
pub mod covariance;
pub mod diagnostics;
pub mod lsq;
pub mod normality;
pub mod ols;
pub mod selection;
