//! What is computed beside a fit on request, from the fit's least-squares solution:
//! regression diagnostics, the wild cluster bootstrap of the slopes and the pairs cluster
//! bootstrap of Beta and R2.

use super::bootstrap::{Resamples, WildOptions, pairs_cluster, wild_cluster};
use super::diagnostics::diagnose;
use super::ols::{OlsFit, OlsSpec};

/// The extras a model asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Extras {
    /// Collinearity, BP/White, normality, influence.
    pub diagnostics: bool,
    /// Wild cluster bootstrap of every slope (needs clusters).
    pub wild: Option<WildOptions>,
    /// Pairs cluster bootstrap of Beta and R2 (needs clusters).
    pub pairs: Option<Resamples>,
}

/// Compute the requested extras of `fit` (made from `spec`) into its result. `progress` is
/// told (done, total) during the wild bootstrap.
pub fn add_extras(
    spec: &OlsSpec,
    fit: &mut OlsFit,
    extras: Extras,
    progress: &dyn Fn(usize, usize),
) {
    let sol = &fit.solution;
    let r2 = fit.result.glance.r_squared;
    if extras.diagnostics {
        fit.result.diagnostics = Some(diagnose(
            spec.x,
            spec.y,
            spec.terms,
            spec.intercept,
            sol,
            r2,
            &fit.result.augment.row,
        ));
    }
    if let (Some(w), Some(cl)) = (extras.wild, spec.clusters) {
        fit.result.wild_bootstrap = Some(wild_cluster(
            spec.x,
            spec.terms,
            spec.intercept,
            sol,
            cl,
            w,
            progress,
        ));
    }
    if let (Some(Resamples { reps, seed }), Some(cl)) = (extras.pairs, spec.clusters) {
        fit.result.pairs_bootstrap = Some(pairs_cluster(
            spec.x,
            spec.y,
            spec.terms,
            spec.intercept,
            sol,
            r2,
            cl,
            reps,
            seed,
            spec.level,
        ));
    }
}
