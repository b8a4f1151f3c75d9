//! Conditional process analysis as Hayes' PROCESS macro does it: mediation, moderation and
//! moderated mediation by OLS equations (one per mediator, one for Y), with the indirect
//! effects carried by a (cluster) bootstrap. `model` holds the numbered models; `effects`
//! the linear combinations of coefficients (conditional, direct, indirect effects,
//! Johnson-Neyman); `boot` the resampling; `roles` checks the roles and `equation` fits one
//! OLS equation.
//!
//! # Formula
//! Each equation is fitted by [`crate::estimate::regression::ols::fit`] with the chosen
//! covariance (classical, HC0-HC4 as PROCESS's `hc`, or cluster-robust). Per equation:
//! R = sqrt(R2), MSE = SSE/(n - k), F of all slopes (classical, or the Wald F b'V^-1 b / q
//! with a robust covariance, as PROCESS prints it), df1 = q, df2 = n - k.
//! - The effect of a variable V at moderator values (w, z) is sum_t b_t prod_{f in t, f != V} f,
//!   over the terms t containing V (V alone, V*W, V*Z, V*W*Z), with centred moderator values
//!   where the products were centred; its SE is sqrt(g'Vg) for that gradient g, tested on
//!   the equation's df (conditional direct effects; models 1-3's conditional effects).
//! - Indirect effect of a path X -> Mi -> ... -> Mj -> Y: the product of the effects of
//!   each link at (w) (a_i b_i in parallel models; a_1 d_21 b_2 in series).
//! - Index of moderated mediation (models 7, 8, 14, 15): the indirect effect is linear in W,
//!   so its slope ind(w + 1) - ind(w) (a_3 b in models 7, 8; a b_2 in 14, 15; Hayes 2015).
//!   In models 58 and 59 both links depend on W: the indirect effect is quadratic in W and
//!   no single index summarizes it.
//! - R2 change of an interaction: R2 minus R2 without the product(s); F = (dR2/q) /
//!   ((1 - R2)/(n - k)) classically, the Wald F of the product coefficients otherwise.
//! - Completely standardized indirect effect: ind * sd(X) / sd(Y) (sd with n - 1).
//! - Bootstrap: B resamples of cases (or of whole clusters), every equation refitted;
//!   SE = sd of the B estimates (n - 1); percentile interval by R's type-7 quantiles, or
//!   bias-corrected: z0 = Phi^-1(#{est* < est}/B), bounds at Phi(2 z0 -/+ z_{1-a/2}).
//!   A resample with a singular equation is replaced by a new one and counted (PROCESS).
//! - Johnson-Neyman: the moderator values m where (c0 + c1 m)^2 = t_crit^2 (v00 + 2 v01 m +
//!   v11 m^2), inside the observed range.

mod boot;
mod effects;
mod equation;
pub mod model;
mod roles;

pub(crate) use equation::Fitted;
pub use roles::validate_roles;

use crate::estimate::CovType;
use crate::estimate::regression::ols::{OlsError, mean_sd};
use crate::results::process::{BootEffect, ModeratorValue, ProcessBootstrap, ProcessResult, Roles};
use equation::fit_equation;
use model::{Mediators, Var};

/// Which variables in products are mean-centred first (PROCESS's `center`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Centering {
    /// No centring (PROCESS's default).
    #[default]
    None,
    /// Every variable in a product except dichotomous ones (two values).
    Continuous,
    /// Every variable in a product.
    All,
}

/// Where conditional effects are evaluated on a continuous moderator.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ModeratorValues {
    /// The 16th, 50th and 84th percentiles (PROCESS 3 and later).
    #[default]
    Percentiles,
    /// The mean and one SD below and above it (PROCESS 2; `moderator_values = "mean_sd"`).
    MeanSd,
    /// Given values of W and of Z (empty: that moderator's default).
    Given { w: Vec<f64>, z: Vec<f64> },
}

/// The bootstrap interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum BootCi {
    /// Percentile interval (PROCESS 3 and later).
    #[default]
    Percentile,
    /// Bias-corrected percentile interval (PROCESS 2's default).
    #[value(name = "bc", alias = "bias-corrected")]
    BiasCorrected,
}

impl BootCi {
    pub fn name(self) -> &'static str {
        match self {
            BootCi::Percentile => "percentile",
            BootCi::BiasCorrected => "bias-corrected",
        }
    }
}

/// Default bootstrap samples (PROCESS 3 and later).
pub const DEFAULT_BOOT: usize = 5000;
/// Below this many bootstrap samples a percentile interval's bounds are unstable (Hayes
/// 2022, p. 102: "at least 5,000"; 1,000 is the floor PROCESS's documentation accepts).
pub const MIN_BOOT_FOR_INTERVAL: usize = 1000;
/// A cluster bootstrap needs this many clusters (Cameron, Gelbach and Miller 2008: with
/// fewer, resampling whole clusters gives too few distinct samples).
pub const MIN_CLUSTERS_FOR_BOOTSTRAP: usize = 10;

/// Everything a PROCESS fit needs beside the data.
#[derive(Clone, Debug)]
pub struct ProcessSpec {
    pub name: String,
    pub model: u8,
    pub roles: Roles,
    pub center: Centering,
    pub moderator_values: ModeratorValues,
    pub cov: CovType,
    pub cluster_name: Option<String>,
    pub level: f64,
    /// Bootstrap samples; 0 for none.
    pub boot: usize,
    pub seed: u64,
    pub interval: BootCi,
}

/// The model's variables over complete cases, in their roles.
#[derive(Clone, Debug, Default)]
pub struct ProcessData {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub m: Vec<Vec<f64>>,
    pub w: Option<Vec<f64>>,
    pub z: Option<Vec<f64>>,
    pub cov: Vec<Vec<f64>>,
    /// Cluster code (0..G) per case, when the data are clustered.
    pub clusters: Option<Vec<usize>>,
    /// Rows before complete cases were taken.
    pub rows_read: usize,
}

/// Errors of a PROCESS fit, each naming the role or variable at fault.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ProcessError {
    #[error(
        "PROCESS model {0} is not available: bprstat fits models 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 58 and 59"
    )]
    UnknownModel(u8),
    #[error("model {model} needs {what}")]
    MissingRole { model: u8, what: String },
    #[error("model {model} has no {role}: {why}")]
    UnexpectedRole {
        model: u8,
        role: &'static str,
        why: String,
    },
    #[error("\"{name}\" is given as both {first} and {second}: each variable can have one role")]
    SameVariable {
        name: String,
        first: String,
        second: String,
    },
    #[error(
        "{role} \"{name}\" has one value ({value}) in the {n} complete cases: it cannot moderate or predict anything"
    )]
    Constant {
        role: String,
        name: String,
        value: f64,
        n: usize,
    },
    #[error("the equation of {outcome}: {source}")]
    Ols { outcome: String, source: OlsError },
    #[error(
        "the equation of {outcome}: {term} is a linear combination of the other predictors (collinear), so its effect cannot be estimated"
    )]
    Aliased { outcome: String, term: String },
    #[error(
        "a cluster bootstrap needs at least {min} clusters; the data have {g}. With so few centers, use `bprstat regress --cluster ... --wild-bootstrap` to test each path, or leave out the cluster variable"
    )]
    TooFewClusters { g: usize, min: usize },
    #[error(
        "{replaced} of the bootstrap resamples had a singular equation (more than the {reps} requested): the model is too close to collinear to bootstrap"
    )]
    TooManyFailures { replaced: usize, reps: usize },
    #[error("confidence level must be strictly between 0 and 1, got {0}")]
    Level(f64),
}

/// The data and their centring, as the equations see them.
struct Columns<'a> {
    data: &'a ProcessData,
    /// Mean subtracted from each variable (0 where not centred), by [`Var`].
    centre: Vec<(Var, f64)>,
}

impl Columns<'_> {
    fn raw(&self, v: Var) -> &[f64] {
        let d = self.data;
        match v {
            Var::X => &d.x,
            Var::Y => &d.y,
            Var::M(j) => &d.m[j],
            Var::W => d.w.as_deref().unwrap_or(&[]),
            Var::Z => d.z.as_deref().unwrap_or(&[]),
            Var::Cov(j) => &d.cov[j],
        }
    }
    fn shift(&self, v: Var) -> f64 {
        self.centre
            .iter()
            .find(|(c, _)| *c == v)
            .map_or(0.0, |(_, m)| *m)
    }
    fn value(&self, v: Var, i: usize) -> f64 {
        self.raw(v)[i] - self.shift(v)
    }
}

/// Role names of each variable.
pub(crate) fn var_name(roles: &Roles, v: Var) -> String {
    match v {
        Var::X => roles.x.clone(),
        Var::Y => roles.y.clone(),
        Var::M(j) => roles.m[j].clone(),
        Var::W => roles.w.clone().unwrap_or_default(),
        Var::Z => roles.z.clone().unwrap_or_default(),
        Var::Cov(j) => roles.covariates[j].clone(),
    }
}

/// Distinct values of a column (up to three, enough to tell a dichotomy).
fn distinct(v: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for &x in v {
        if !out.contains(&x) {
            out.push(x);
            if out.len() > 2 {
                break;
            }
        }
    }
    out.sort_by(f64::total_cmp);
    out
}

/// The values of a moderator at which effects are conditioned, and how they were chosen.
fn moderator_points(v: &[f64], rule: &ModeratorValues, given: &[f64]) -> (Vec<f64>, String) {
    let d = distinct(v);
    if !given.is_empty() {
        return (given.to_vec(), "given".into());
    }
    if d.len() == 2 {
        return (d, "the two values of a dichotomous moderator".into());
    }
    match rule {
        ModeratorValues::MeanSd => {
            let (m, sd) = mean_sd(v.iter().copied());
            (
                vec![m - sd, m, m + sd],
                "the mean and one SD below and above it".into(),
            )
        }
        _ => {
            let mut s = v.to_vec();
            s.sort_by(f64::total_cmp);
            (
                [0.16, 0.5, 0.84]
                    .iter()
                    .map(|&p| crate::numeric::order::quantile6(&s, p))
                    .collect(),
                "the 16th, 50th and 84th percentiles (SPSS's HAVERAGE definition)".into(),
            )
        }
    }
}

/// Fit a PROCESS model. `progress(done, total)` is called as bootstrap samples finish.
pub fn fit(
    spec: &ProcessSpec,
    data: &ProcessData,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<ProcessResult, ProcessError> {
    if !(spec.level > 0.0 && spec.level < 1.0) {
        return Err(ProcessError::Level(spec.level));
    }
    let s = validate_roles(spec.model, &spec.roles)?;
    let roles = &spec.roles;
    let n = data.y.len();
    let k = roles.m.len();
    let mut notes = Vec::new();

    // Every predictor must vary; moderators above all.
    let mut checked: Vec<(String, Var)> = vec![("X".into(), Var::X)];
    checked.extend((0..k).map(|j| (format!("mediator M{}", j + 1), Var::M(j))));
    if s.needs_w() {
        checked.push(("moderator W".into(), Var::W));
    }
    if s.needs_z() {
        checked.push(("moderator Z".into(), Var::Z));
    }
    let plain = Columns {
        data,
        centre: Vec::new(),
    };
    for (role, v) in &checked {
        let d = distinct(plain.raw(*v));
        if d.len() < 2 {
            return Err(ProcessError::Constant {
                role: role.clone(),
                name: var_name(roles, *v),
                value: d.first().copied().unwrap_or(f64::NAN),
                n,
            });
        }
    }

    // Centring of the variables in products.
    let eqs = s.equations(k, roles.covariates.len());
    let mut in_products: Vec<Var> = eqs
        .iter()
        .flat_map(|(_, t)| t.iter().filter(|t| t.len() > 1).flatten().copied())
        .collect();
    in_products.sort();
    in_products.dedup();
    let mut centre = Vec::new();
    let mut centered = Vec::new();
    for &v in &in_products {
        let dichotomous = distinct(plain.raw(v)).len() == 2;
        let yes = match spec.center {
            Centering::None => false,
            Centering::Continuous => !dichotomous,
            Centering::All => true,
        };
        if yes {
            centre.push((v, mean_sd(plain.raw(v).iter().copied()).0));
            centered.push(var_name(roles, v));
        }
    }
    let cols = Columns { data, centre };

    if let Some(c) = &data.clusters {
        let g = crate::estimate::regression::covariance::cluster_groups(c).len();
        if spec.boot > 0 && g < MIN_CLUSTERS_FOR_BOOTSTRAP {
            return Err(ProcessError::TooFewClusters {
                g,
                min: MIN_CLUSTERS_FOR_BOOTSTRAP,
            });
        }
    }

    let mut fitted = Vec::new();
    for (outcome, terms) in eqs {
        let sets = s.r2_change_sets(&terms);
        fitted.push(fit_equation(spec, &cols, outcome, terms, sets)?);
    }
    let total_model =
        if matches!(s.mediators, Mediators::Parallel | Mediators::Serial) && !s.needs_w() {
            let mut terms = vec![vec![Var::X]];
            terms.extend((0..roles.covariates.len()).map(|c| vec![Var::Cov(c)]));
            Some(fit_equation(spec, &cols, Var::Y, terms, Vec::new())?)
        } else {
            None
        };

    // Moderator values.
    let (w_points, w_rule) = match &data.w {
        Some(w) if s.needs_w() => {
            let given = match &spec.moderator_values {
                ModeratorValues::Given { w, .. } => w.as_slice(),
                _ => &[],
            };
            let (p, r) = moderator_points(w, &spec.moderator_values, given);
            (p, r)
        }
        _ => (Vec::new(), String::new()),
    };
    let (z_points, z_rule) = match &data.z {
        Some(z) if s.needs_z() => {
            let given = match &spec.moderator_values {
                ModeratorValues::Given { z, .. } => z.as_slice(),
                _ => &[],
            };
            moderator_points(z, &spec.moderator_values, given)
        }
        _ => (Vec::new(), String::new()),
    };
    let named = |v: &Option<String>, role: &str, rule: &str| {
        format!("{} ({role}): {rule}", v.as_deref().unwrap_or(role))
    };
    let moderator_values = match (w_rule.is_empty(), z_rule.is_empty()) {
        (true, true) => String::new(),
        (false, true) => named(&roles.w, "W", &w_rule),
        (true, false) => named(&roles.z, "Z", &z_rule),
        (false, false) => format!(
            "{}; {}",
            named(&roles.w, "W", &w_rule),
            named(&roles.z, "Z", &z_rule)
        ),
    };

    let plan = effects::Plan::new(&s, spec, &cols, &fitted, &w_points, &z_points);
    let mut result_effects = plan.point_effects(&cols, &fitted, &total_model, roles);
    let simple_slopes = effects::simple_slopes(
        &cols,
        &fitted,
        &spec.moderator_values,
        &w_points,
        &z_points,
        spec.level,
        roles,
    );
    let estimates = plan.evaluate(
        &fitted.iter().map(|f| f.coef.clone()).collect::<Vec<_>>(),
        {
            let (_, sx) = mean_sd(data.x.iter().copied());
            let (_, sy) = mean_sd(data.y.iter().copied());
            sx / sy
        },
    );

    let mut bootstrap = None;
    let mut boot_values: Option<Vec<Vec<f64>>> = None;
    if spec.boot > 0 && !plan.quantities.is_empty() {
        let run = boot::run(&fitted, data, spec, &plan, progress)?;
        let resampled = if data.clusters.is_some() {
            "clusters"
        } else {
            "cases"
        };
        let clusters = data
            .clusters
            .as_ref()
            .map(|c| crate::estimate::regression::covariance::cluster_groups(c).len());
        match clusters {
            Some(g) => notes.push(format!(
                "The bootstrap resampled whole clusters ({g} values of {}) with replacement, not respondents: respondents of one center are not independent.",
                spec.cluster_name.as_deref().unwrap_or("the cluster variable")
            )),
            None => notes.push(
                "The bootstrap resampled cases (respondents) with replacement, as PROCESS does; with respondents nested in centers, give the cluster variable to resample whole centers."
                    .into(),
            ),
        }
        if spec.boot < MIN_BOOT_FOR_INTERVAL {
            notes.push(format!(
                "Warning: {} bootstrap samples are too few for stable interval bounds; use at least {} (PROCESS's default is 5,000).",
                spec.boot, MIN_BOOT_FOR_INTERVAL
            ));
        }
        bootstrap = Some(ProcessBootstrap {
            reps: spec.boot,
            seed: spec.seed,
            interval: spec.interval.name().into(),
            conf_level: spec.level,
            resampled: resampled.into(),
            clusters,
            replaced: run.replaced,
        });
        boot_values = Some(run.values);
    }

    let mut out: [Vec<BootEffect>; 4] = Default::default();
    for (q, quantity) in plan.quantities.iter().enumerate() {
        let Some(dest) = quantity.dest else { continue };
        let (boot_se, conf_low, conf_high) = match &boot_values {
            Some(v) => boot::summarize(&v[q], estimates[q], spec.level, spec.interval),
            None => (None, None, None),
        };
        out[dest as usize].push(BootEffect {
            term: quantity.term.clone(),
            path: quantity.path.clone(),
            at: quantity.at.clone(),
            estimate: estimates[q],
            boot_se,
            conf_low,
            conf_high,
        });
    }
    let [indirect, contrasts, standardized, index] = out;
    if matches!(s.number, 58 | 59) {
        notes.push(
            "No index of moderated mediation: in this model W moderates both the X -> M and the M -> Y path, so each indirect effect is quadratic in W and no single index summarizes its change (Hayes 2015); compare the conditional indirect effects instead."
                .into(),
        );
    }
    notes.extend(result_effects.notes.drain(..));

    Ok(ProcessResult {
        name: spec.name.clone(),
        model: spec.model,
        roles: roles.clone(),
        nobs: n,
        rows_read: data.rows_read,
        cov_type: spec.cov.name().into(),
        cov_description: fitted[0].cov_description.clone(),
        conf_level: spec.level,
        centered,
        moderator_values,
        total_effect_model: total_model.as_ref().map(|f| f.equation.clone()),
        total_effect: result_effects.total,
        direct: result_effects.direct,
        indirect,
        contrasts,
        standardized,
        index_of_moderated_mediation: index,
        conditional_interaction: result_effects.conditional_interaction,
        johnson_neyman: result_effects.johnson_neyman,
        simple_slopes,
        bootstrap,
        notes,
        equations: fitted.into_iter().map(|f| f.equation).collect(),
    })
}

/// What each bootstrapped quantity is reported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dest {
    Indirect = 0,
    Contrast = 1,
    Standardized = 2,
    Index = 3,
}

/// Moderator value in the original scale, for the results.
pub(crate) fn at_values(roles: &Roles, at: &[(Var, f64)]) -> Vec<ModeratorValue> {
    at.iter()
        .map(|&(v, value)| ModeratorValue {
            variable: var_name(roles, v),
            value,
        })
        .collect()
}
