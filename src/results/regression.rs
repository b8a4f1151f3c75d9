//! Results of regression models beyond the coefficient table: wild and pairs cluster
//! bootstraps, SPSS-style variable selection, tests across models and simple slopes, the
//! residual tests, and the per-row augment data. The augment's standardized residual and
//! influence measures are defined here once ([`Influence::of`], closed forms of the stored
//! residual, leverage and the fit's sigma, df and rank), since the diagnostics (`estimate`)
//! and the files and charts (`render`) both read them and `results` is the layer both use.

use serde::Serialize;

/// Result of the wild cluster bootstrap for one coefficient.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WildTerm {
    pub term: String,
    /// The CR1 t statistic of H0: coefficient = 0.
    pub statistic: f64,
    pub p_value: f64,
    /// Interval by test inversion at the requested level; None for a side that is unbounded
    /// (no value of the coefficient is rejected there), with the reason in `interval_note`.
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_note: Option<String>,
}

/// Result of the wild cluster bootstrap of a model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WildBootstrap {
    pub method: String,
    pub weights: String,
    /// Replications used (2^G under full enumeration).
    pub reps: usize,
    /// The smallest p-value the bootstrap can give: 2/2^G when the G clusters' sign vectors
    /// are enumerated (a vector and its negation give the same |t|), 1/B otherwise. Above
    /// 1 - level, the test-inversion interval cannot be bounded.
    pub smallest_p_value: f64,
    pub enumerated: bool,
    pub seed: u64,
    pub clusters: usize,
    pub conf_level: f64,
    pub terms: Vec<WildTerm>,
}

/// Percentile interval of one bootstrapped quantity.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BootInterval {
    pub term: String,
    pub estimate: f64,
    pub std_error: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// Pairs (cluster) bootstrap of standardized coefficients and R2.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PairsBootstrap {
    pub method: String,
    pub reps: usize,
    pub seed: u64,
    pub conf_level: f64,
    /// Standardized coefficients (Beta) per slope.
    pub std_estimates: Vec<BootInterval>,
    pub r_squared: BootInterval,
}

/// A candidate's statistics if it entered the current model (SPSS "Excluded Variables").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Excluded {
    pub term: String,
    pub beta_in: f64,
    pub statistic: f64,
    pub p_value: f64,
    pub partial_correlation: f64,
    pub tolerance: f64,
    pub vif: f64,
    pub min_tolerance: f64,
}

/// One step: what changed and which columns are in the model afterwards.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Step {
    pub step: usize,
    pub entered: Vec<String>,
    pub removed: Vec<String>,
    /// Design columns in the model after the step (indices into the full design).
    #[serde(skip)]
    pub columns: Vec<usize>,
    pub terms: Vec<String>,
    pub r_squared: f64,
    pub r_squared_change: f64,
    pub f_change: f64,
    pub df1: usize,
    pub df2: usize,
    pub p_change: f64,
    pub excluded: Vec<Excluded>,
}

/// The whole selection.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Selection {
    pub method: String,
    pub method_text: String,
    pub steps: Vec<Step>,
}

/// How often each candidate ends in the selected model over cluster-bootstrap resamples.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SelectionFrequency {
    pub term: String,
    /// Share of the resamples whose final model contains the term.
    pub share: f64,
}

/// A term's equality test.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TermDifference {
    pub term: String,
    pub estimate_a: f64,
    pub estimate_b: f64,
    pub difference: f64,
    pub std_error: f64,
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
}

/// The joint test over every shared slope.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JointTest {
    pub terms: Vec<String>,
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
}

/// The slope of a focal variable at one value of its moderator.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SimpleSlope {
    pub focal: String,
    pub moderator: String,
    /// "mean - 1 SD", "mean", "mean + 1 SD"
    pub at: String,
    pub moderator_value: f64,
    pub slope: f64,
    pub std_error: f64,
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// A test statistic with its p-value (and degrees of freedom where it has them).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Test {
    pub statistic: f64,
    pub df: Option<f64>,
    pub p_value: f64,
}

/// The reference level of a categorical variable: its dummies are differences from it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ReferenceLevel {
    /// As written in the formula: `C(department)`.
    pub variable: String,
    /// As shown in the term names (a value label when the file gives one).
    pub level: String,
}

/// One row per observation used (broom's `augment`); written to a file, not to results.json.
/// It holds what the fit computed per row (fitted value, residual, leverage) and the fit's
/// sigma, residual df and rank; the standardized residual and the influence measures follow
/// from these ([`Influence::of`]) and are computed row by row where they are written, drawn
/// or flagged, so that a model of 1,000,000 rows keeps 3 doubles a row, not 10.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Augment {
    /// 1-based row numbers in the data file's data rows.
    pub row: Vec<usize>,
    /// The respondent id of each row (`[data] id`, `--id`); empty without one.
    pub id: Vec<String>,
    pub fitted: Vec<f64>,
    pub resid: Vec<f64>,
    /// Leverages h_i (the diagonal of the hat matrix).
    pub hat: Vec<f64>,
    /// The fit's residual standard error sqrt(SSE / (n - k)).
    pub sigma: f64,
    /// Residual degrees of freedom n - k.
    pub df_residual: f64,
    /// The fit's rank k.
    pub rank: f64,
}

/// A row's standardized residual and influence measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Influence {
    /// Internally studentized residual r = e / (s sqrt(1 - h)).
    pub std_resid: f64,
    /// Externally studentized residual (R's rstudent).
    pub rstudent: f64,
    /// Cook's distance r^2 h / (k (1 - h)).
    pub cooks_d: f64,
    /// DFFITS t sqrt(h / (1 - h)).
    pub dffits: f64,
}

impl Influence {
    /// # Formula
    /// With residual e, leverage h, residual standard error s, residual df and rank k:
    /// r = e / (s sqrt(1 - h)); rstudent t = r sqrt((df - 1)/(df - r^2));
    /// Cook's D = r^2 h / (k (1 - h)); DFFITS = t sqrt(h / (1 - h)) (R's `influence.measures`).
    pub fn of(e: f64, h: f64, s: f64, df: f64, k: f64) -> Influence {
        let r = e / (s * (1.0 - h).sqrt());
        let t = r * ((df - 1.0) / (df - r * r)).sqrt();
        Influence {
            std_resid: r,
            rstudent: t,
            cooks_d: r * r * h / (k * (1.0 - h)),
            dffits: t * (h / (1.0 - h)).sqrt(),
        }
    }
}

impl Augment {
    /// Row `i`'s standardized residual and influence measures.
    pub fn influence(&self, i: usize) -> Influence {
        let (e, h) = (self.resid[i], self.hat[i]);
        Influence::of(e, h, self.sigma, self.df_residual, self.rank)
    }

    /// Every row's standardized residual.
    pub fn std_resid(&self) -> Vec<f64> {
        (0..self.resid.len())
            .map(|i| self.influence(i).std_resid)
            .collect()
    }

    /// Normal Q-Q pairs of the standardized residuals, every `step`-th from the first and
    /// the last (a thinned plot keeps both tails): the theoretical quantiles
    /// ([`crate::numeric::dist::normal_score`], R's `qqnorm`) and the sorted residuals.
    pub fn qq(&self, step: usize) -> (Vec<f64>, Vec<f64>) {
        let mut sorted = self.std_resid();
        sorted.sort_unstable_by(|a, b| a.total_cmp(b));
        let n = sorted.len();
        let mut shown: Vec<usize> = (0..n).step_by(step.max(1)).collect();
        if n > 0 && shown.last() != Some(&(n - 1)) {
            shown.push(n - 1);
        }
        (
            shown
                .iter()
                .map(|&i| crate::numeric::dist::normal_score(i, n))
                .collect(),
            shown.iter().map(|&i| sorted[i]).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn augment(resid: &[f64]) -> Augment {
        Augment {
            row: (1..=resid.len()).collect(),
            resid: resid.to_vec(),
            fitted: vec![0.0; resid.len()],
            hat: vec![0.0; resid.len()],
            sigma: 1.0,
            df_residual: 10.0,
            rank: 2.0,
            ..Augment::default()
        }
    }

    #[test]
    fn qq_pairs_are_r_qqnorm_against_the_sorted_residuals_keeping_both_tails() {
        // R 4.x: qqnorm(c(0.3, -1.2, 0.8, 2.0, -0.1), plot.it = FALSE)$x, sorted:
        // -1.17976111761186031 -0.49720057068155399 0 0.49720057068155399 1.17976111761186031
        let r = [
            -1.179_761_117_611_860_3,
            -0.497_200_570_681_554,
            0.0,
            0.497_200_570_681_554,
            1.179_761_117_611_860_3,
        ];
        let a = augment(&[0.3, -1.2, 0.8, 2.0, -0.1]);
        let (x, y) = a.qq(1);
        assert_eq!(y, vec![-1.2, -0.1, 0.3, 0.8, 2.0]);
        for (got, want) in x.iter().zip(r) {
            assert!((got - want).abs() < 1e-15, "{got} vs {want}");
        }
        // Thinned: every 3rd from the first, and the last.
        let (x, y) = a.qq(3);
        assert_eq!(y, vec![-1.2, 0.8, 2.0]);
        assert!((x[2] - r[4]).abs() < 1e-15);
    }
}
