//! What is computed beside a fit on request, from the fit's least-squares solution:
//! regression diagnostics, the wild cluster bootstrap of the slopes and the pairs cluster
//! bootstrap of Beta and R2.

use super::bootstrap::{Resamples, WildOptions, pairs_cluster, wild_cluster};
use super::diagnostics::diagnose;
use super::ols::{FitView, OlsFit, OlsSpec};

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
    let view = FitView {
        x: spec.x,
        y: spec.y,
        terms: spec.terms,
        intercept: spec.intercept,
        sol: &fit.solution,
        r_squared: fit.result.glance.r_squared,
    };
    let diagnostics = extras
        .diagnostics
        .then(|| diagnose(view, &fit.result.augment.row));
    let wild = match (extras.wild, spec.clusters) {
        (Some(w), Some(cl)) => Some(wild_cluster(view, cl, w, progress)),
        _ => None,
    };
    let pairs = match (extras.pairs, spec.clusters) {
        (Some(r), Some(cl)) => Some(pairs_cluster(view, cl, r, spec.level)),
        _ => None,
    };
    fit.result.diagnostics = diagnostics;
    fit.result.wild_bootstrap = wild;
    fit.result.pairs_bootstrap = pairs;
}
