//! The sentences printed with a fit: the notes under its tables (aliased terms, ill
//! conditioning, no intercept, refinement) and the description of its covariance estimator
//! with the degrees of freedom of its tests. Words only; the numbers come from `ols`.

use super::covariance::{CovType, Covariance};
use super::lsq::{LsqSolution, SolvePath};
use super::ols::OlsSpec;

/// Notes on a fit, in the order they are printed.
pub fn notes(spec: &OlsSpec, sol: &LsqSolution) -> Vec<String> {
    let p = spec.x.ncols();
    let mut notes = Vec::new();
    let aliased: Vec<&str> = (0..p)
        .filter(|&j| sol.aliased[j])
        .map(|j| spec.terms[j].as_str())
        .collect();
    if !aliased.is_empty() {
        notes.push(format!(
            "{} not estimated because of singularities (linearly dependent on earlier terms): {}. Shown as NA, as R's lm does.",
            if aliased.len() == 1 { "1 coefficient" } else { "Coefficients" },
            aliased.join(", ")
        ));
    }
    if sol.condition > 1e6 {
        notes.push(format!(
            "The design is ill-conditioned (condition number {:.3e} after scaling columns to unit length); it was solved in double-double arithmetic.",
            sol.condition
        ));
    }
    if !spec.intercept {
        notes.push("No intercept: R2 and the ANOVA sums of squares are uncentred (about 0), as in R; tolerance and VIF are computed on centred predictors.".into());
    }

    let refinement_steps = match sol.path {
        SolvePath::Fast { refinement_steps } => refinement_steps,
        SolvePath::Extended => 0,
    };
    if refinement_steps > 0 {
        notes.push(format!(
            "The design's condition number is {:.3e}: the QR solution was refined in double-double arithmetic ({refinement_steps} step(s)).",
            sol.condition
        ));
    }
    notes
}

use crate::results::FEW_CLUSTERS;

/// The warning for a cluster-robust fit on few clusters, with what to use instead.
pub fn few_clusters(kind: CovType, g: usize) -> Option<String> {
    if g >= FEW_CLUSTERS || !kind.is_clustered() {
        return None;
    }
    let better = match kind {
        CovType::Cr2 | CovType::Cr3 => {
            "CR2/CR3 with Satterthwaite df (used here) help; the wild cluster bootstrap (--wild-bootstrap 9999, wild_bootstrap = 9999) is the safer test"
        }
        _ => {
            "use the wild cluster bootstrap (--wild-bootstrap 9999, wild_bootstrap = 9999) or CR2 with Satterthwaite df (--se cr2)"
        }
    };
    Some(format!(
        "Only {g} clusters: with fewer than {FEW_CLUSTERS}, cluster-robust t tests over-reject (Cameron and Miller 2015); {better}."
    ))
}

/// Printed description of a covariance estimator.
pub fn describe_cov(cov: &Covariance, cluster_name: Option<&str>) -> String {
    let by = || {
        format!(
            "by {} ({} clusters)",
            cluster_name.unwrap_or("cluster"),
            cov.clusters.unwrap_or(0)
        )
    };
    let what = match cov.kind {
        CovType::Classical => "Classical (homoskedastic) standard errors".to_string(),
        CovType::Hc0 => {
            "Heteroskedasticity-robust HC0 (White) standard errors, no small-sample factor".into()
        }
        CovType::Hc1 => format!(
            "Heteroskedasticity-robust HC1 standard errors, factor n/(n-k) = {:.6}",
            cov.factor
        ),
        CovType::Hc2 => "Heteroskedasticity-robust HC2 standard errors (e^2/(1-h))".into(),
        CovType::Hc3 => "Heteroskedasticity-robust HC3 standard errors (e^2/(1-h)^2)".into(),
        CovType::Hc4 => {
            "Heteroskedasticity-robust HC4 standard errors (Cribari-Neto: e^2/(1-h)^min(4, nh/k))"
                .into()
        }
        CovType::Hc4m => {
            "Heteroskedasticity-robust HC4m standard errors (Cribari-Neto and da Silva)".into()
        }
        CovType::Hc5 => {
            "Heteroskedasticity-robust HC5 standard errors (Cribari-Neto et al., k = 0.7)".into()
        }
        CovType::Cluster | CovType::ClusterR => format!(
            "Cluster-robust CR1 standard errors {}, factor G/(G-1)*(N-1)/(N-K) = {:.6} (Stata vce(cluster), R vcovCL type HC1)",
            by(),
            cov.factor
        ),
        CovType::Cr2 => format!(
            "Cluster-robust CR2 (Bell-McCaffrey) standard errors {} (R clubSandwich)",
            by()
        ),
        CovType::Cr3 | CovType::Cr3Naive => format!(
            "Cluster-robust CR3 (jackknife-type) standard errors {} (R clubSandwich)",
            by()
        ),
    };
    let df = match cov.kind {
        CovType::Cluster => format!("G-1 = {}", cov.df),
        CovType::Cr3Naive => format!(
            "G-1 = {} (clubSandwich's naive-t; over-rejects with few clusters, where the default cr3 uses Satterthwaite df)",
            cov.df
        ),
        CovType::ClusterR => format!("N-K = {} (R's coeftest default; Stata uses G-1)", cov.df),
        CovType::Cr2 | CovType::Cr3 => {
            "Satterthwaite degrees of freedom per coefficient (column df), as clubSandwich's default test".to_string()
        }
        _ => cov.df.to_string(),
    };
    if matches!(cov.kind, CovType::Cr2 | CovType::Cr3) {
        format!("{what}; t tests on {df}.")
    } else {
        format!("{what}; t tests on {df} df.")
    }
}
