//! Effects as linear combinations (and products) of the equations' coefficients: the plan
//! of every bootstrapped quantity (specific, total, conditional and standardized indirect
//! effects, contrasts, indices of moderated mediation), the conditional direct effects with
//! their delta-method tests, and the Johnson-Neyman technique. Formulas: see the module
//! docs of [`super`].

use super::model::{Mediators, Structure, Var};
use super::{Columns, Dest, Fitted, ProcessSpec, at_values, var_name};
use crate::numeric::dist::{t_two_sided_p, t_upper_quantile};
use crate::results::process::{
    Effect, JnBoundary, JohnsonNeyman, ModeratorValue, Prediction, SimpleSlopes,
};
use ndarray::Array1;

/// How a quantity is computed from the coefficients.
pub(crate) enum Recipe {
    /// Product over links of (gradient . coefficients of that equation).
    Path(Vec<(usize, Array1<f64>)>),
    /// Sum of path quantities.
    Sum(Vec<usize>),
    /// Difference of two path quantities.
    Diff(usize, usize),
    /// A quantity times sd(X) / sd(Y).
    Std(usize),
}

/// One quantity of the plan and where it is reported (None: an intermediate value).
pub(crate) struct Quantity {
    pub recipe: Recipe,
    pub dest: Option<Dest>,
    pub term: String,
    pub path: Vec<String>,
    pub at: Vec<ModeratorValue>,
}

/// Every quantity the bootstrap carries, in report order.
pub(crate) struct Plan {
    pub quantities: Vec<Quantity>,
    level: f64,
    structure: Structure,
    w_points: Vec<f64>,
    z_points: Vec<f64>,
}

/// The deterministic effects, tested with the equations' covariances.
pub(crate) struct PointEffects {
    pub total: Option<Effect>,
    pub direct: Vec<Effect>,
    pub conditional_interaction: Vec<Effect>,
    pub johnson_neyman: Option<crate::results::process::JohnsonNeyman>,
    pub notes: Vec<String>,
}

/// Gradient of the effect of `of` (a variable, or a product of them) in equation `f` at the
/// moderator values `at` (original scale): for each term containing every variable of `of`,
/// the product of its other factors' (centred) values.
fn gradient(cols: &Columns, f: &Fitted, of: &[Var], at: &[(Var, f64)]) -> Array1<f64> {
    let mut g = Array1::zeros(f.terms.len() + 1);
    for (t, term) in f.terms.iter().enumerate() {
        if term.len() >= of.len() && of.iter().all(|v| term.contains(v)) {
            g[t + 1] = term
                .iter()
                .filter(|v| !of.contains(v))
                .map(|&v| {
                    at.iter()
                        .find(|(a, _)| *a == v)
                        .map_or(f64::NAN, |(_, x)| x - cols.shift(v))
                })
                .product();
        }
    }
    g
}

fn equation_of(fitted: &[Fitted], outcome: Var) -> usize {
    fitted
        .iter()
        .position(|f| f.outcome == outcome)
        .expect("every outcome has an equation")
}

/// Effect g . b with its delta-method test on the equation's df.
fn linear_effect(f: &Fitted, g: &Array1<f64>, level: f64, at: Vec<ModeratorValue>) -> Effect {
    let effect = g.dot(&f.coef);
    let se = g.dot(&f.vcov.dot(g)).max(0.0).sqrt();
    let t = effect / se;
    let tq = t_upper_quantile((1.0 - level) / 2.0, f.df).unwrap_or(f64::NAN);
    Effect {
        at,
        effect,
        std_error: se,
        statistic: t,
        df: f.df,
        p_value: t_two_sided_p(t, f.df),
        conf_low: effect - tq * se,
        conf_high: effect + tq * se,
    }
}

impl Plan {
    pub(crate) fn new(
        s: &Structure,
        spec: &ProcessSpec,
        cols: &Columns,
        fitted: &[Fitted],
        w_points: &[f64],
        z_points: &[f64],
    ) -> Plan {
        let roles = &spec.roles;
        let k = roles.m.len();
        let y_eq = equation_of(fitted, Var::Y);
        let links = |path: &[usize], at: &[(Var, f64)]| -> Vec<(usize, Array1<f64>)> {
            let mut from = Var::X;
            let mut out = Vec::new();
            for &j in path {
                let e = equation_of(fitted, Var::M(j));
                out.push((e, gradient(cols, &fitted[e], &[from], at)));
                from = Var::M(j);
            }
            out.push((y_eq, gradient(cols, &fitted[y_eq], &[from], at)));
            out
        };
        let names = |path: &[usize]| -> Vec<String> {
            let mut v = vec![roles.x.clone()];
            v.extend(path.iter().map(|&j| roles.m[j].clone()));
            v.push(roles.y.clone());
            v
        };
        let mut q: Vec<Quantity> = Vec::new();
        let paths = s.paths(k);
        if s.mediators != Mediators::None && !s.moderated_indirect() {
            let first = if paths.len() > 1 { 1 } else { 0 };
            let ids: Vec<usize> = (0..paths.len()).map(|i| first + i).collect();
            if paths.len() > 1 {
                q.push(Quantity {
                    recipe: Recipe::Sum(ids.clone()),
                    dest: Some(Dest::Indirect),
                    term: "total".into(),
                    path: Vec::new(),
                    at: Vec::new(),
                });
            }
            for (i, p) in paths.iter().enumerate() {
                q.push(Quantity {
                    recipe: Recipe::Path(links(p, &[])),
                    dest: Some(Dest::Indirect),
                    term: format!("ind{}", i + 1),
                    path: names(p),
                    at: Vec::new(),
                });
            }
            for a in 0..paths.len() {
                for b in a + 1..paths.len() {
                    q.push(Quantity {
                        recipe: Recipe::Diff(ids[a], ids[b]),
                        dest: Some(Dest::Contrast),
                        term: format!("(ind{}) - (ind{})", a + 1, b + 1),
                        path: Vec::new(),
                        at: Vec::new(),
                    });
                }
            }
            if !s.needs_w() {
                let shown: Vec<usize> = (0..first + paths.len()).collect();
                for i in shown {
                    let (term, path) = (q[i].term.clone(), q[i].path.clone());
                    q.push(Quantity {
                        recipe: Recipe::Std(i),
                        dest: Some(Dest::Standardized),
                        term,
                        path,
                        at: Vec::new(),
                    });
                }
            }
        } else if s.moderated_indirect() {
            for (i, p) in paths.iter().enumerate() {
                for &w in w_points {
                    q.push(Quantity {
                        recipe: Recipe::Path(links(p, &[(Var::W, w)])),
                        dest: Some(Dest::Indirect),
                        term: format!("ind{}", i + 1),
                        path: names(p),
                        at: at_values(roles, &[(Var::W, w)]),
                    });
                }
            }
            // The index of moderated mediation: the indirect effect is linear in W when only
            // one of its links depends on W.
            if s.a_by_w != s.b_by_w {
                for (i, p) in paths.iter().enumerate() {
                    let at0 = q.len();
                    q.push(Quantity {
                        recipe: Recipe::Path(links(p, &[(Var::W, 0.0)])),
                        dest: None,
                        term: String::new(),
                        path: Vec::new(),
                        at: Vec::new(),
                    });
                    q.push(Quantity {
                        recipe: Recipe::Path(links(p, &[(Var::W, 1.0)])),
                        dest: None,
                        term: String::new(),
                        path: Vec::new(),
                        at: Vec::new(),
                    });
                    q.push(Quantity {
                        recipe: Recipe::Diff(at0 + 1, at0),
                        dest: Some(Dest::Index),
                        term: format!("ind{}", i + 1),
                        path: names(p),
                        at: Vec::new(),
                    });
                }
            }
        }
        Plan {
            quantities: q,
            level: spec.level,
            structure: *s,
            w_points: w_points.to_vec(),
            z_points: z_points.to_vec(),
        }
    }

    /// Every quantity from the equations' coefficients (in equation order) and sd(X)/sd(Y).
    pub(crate) fn evaluate(&self, coefs: &[Array1<f64>], sd_ratio: f64) -> Vec<f64> {
        let mut v = vec![f64::NAN; self.quantities.len()];
        for (i, q) in self.quantities.iter().enumerate() {
            if let Recipe::Path(links) = &q.recipe {
                v[i] = links.iter().map(|(e, g)| g.dot(&coefs[*e])).product();
            }
        }
        for (i, q) in self.quantities.iter().enumerate() {
            if let Recipe::Sum(ids) = &q.recipe {
                v[i] = ids.iter().map(|&j| v[j]).sum();
            }
        }
        for (i, q) in self.quantities.iter().enumerate() {
            match q.recipe {
                Recipe::Diff(a, b) => v[i] = v[a] - v[b],
                Recipe::Std(a) => v[i] = v[a] * sd_ratio,
                _ => {}
            }
        }
        v
    }

    /// Total, direct and conditional effects with their t tests, and Johnson-Neyman.
    pub(crate) fn point_effects(
        &self,
        cols: &Columns,
        fitted: &[Fitted],
        total_model: &Option<Fitted>,
        roles: &crate::results::process::Roles,
    ) -> PointEffects {
        let s = &self.structure;
        let y = &fitted[equation_of(fitted, Var::Y)];
        let total = total_model.as_ref().map(|t| {
            let g = gradient(cols, t, &[Var::X], &[]);
            linear_effect(t, &g, self.level, Vec::new())
        });
        let mut grid: Vec<Vec<(Var, f64)>> = Vec::new();
        if s.direct_by_w && s.direct_by_z {
            for &w in &self.w_points {
                for &z in &self.z_points {
                    grid.push(vec![(Var::W, w), (Var::Z, z)]);
                }
            }
        } else if s.direct_by_w {
            grid.extend(self.w_points.iter().map(|&w| vec![(Var::W, w)]));
        } else {
            grid.push(Vec::new());
        }
        let direct = grid
            .iter()
            .map(|at| {
                let g = gradient(cols, y, &[Var::X], at);
                linear_effect(y, &g, self.level, at_values(roles, at))
            })
            .collect();
        let conditional_interaction = if s.three_way {
            self.z_points
                .iter()
                .map(|&z| {
                    let at = [(Var::Z, z)];
                    let g = gradient(cols, y, &[Var::X, Var::W], &at);
                    linear_effect(y, &g, self.level, at_values(roles, &at))
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut notes = Vec::new();
        let johnson_neyman = match s.number {
            1 => johnson_neyman(cols, y, &[Var::X], Var::W, self.level, roles),
            3 => johnson_neyman(cols, y, &[Var::X, Var::W], Var::Z, self.level, roles),
            _ => None,
        };
        if matches!(s.number, 1 | 3) && johnson_neyman.is_none() {
            notes.push(
                "No Johnson-Neyman region: the moderator is dichotomous (its two values are compared instead)."
                    .into(),
            );
        }
        PointEffects {
            total,
            direct,
            conditional_interaction,
            johnson_neyman,
            notes,
        }
    }
}

/// The Johnson-Neyman technique for the effect of `of` along `moderator` (None for a
/// dichotomous moderator).
fn johnson_neyman(
    cols: &Columns,
    f: &Fitted,
    of: &[Var],
    moderator: Var,
    level: f64,
    roles: &crate::results::process::Roles,
) -> Option<JohnsonNeyman> {
    let raw = cols.raw(moderator);
    if super::distinct(raw).len() < 3 {
        return None;
    }
    let (lo, hi) = raw
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let g0 = gradient(cols, f, of, &[(moderator, 0.0)]);
    let g1 = &gradient(cols, f, of, &[(moderator, 1.0)]) - &g0;
    let (c0, c1) = (g0.dot(&f.coef), g1.dot(&f.coef));
    let vg0 = f.vcov.dot(&g0);
    let (v00, v01, v11) = (g0.dot(&vg0), g1.dot(&vg0), g1.dot(&f.vcov.dot(&g1)));
    let t = t_upper_quantile((1.0 - level) / 2.0, f.df)?;
    let t2 = t * t;
    let (a, b, c) = (
        c1 * c1 - t2 * v11,
        2.0 * (c0 * c1 - t2 * v01),
        c0 * c0 - t2 * v00,
    );
    let mut roots = Vec::new();
    if a.abs() <= 1e-14 * (c1 * c1 + t2 * v11) {
        if b != 0.0 {
            roots.push(-c / b);
        }
    } else {
        let disc = b * b - 4.0 * a * c;
        if disc >= 0.0 {
            // Numerically stable roots of a m^2 + b m + c.
            let qd = -0.5 * (b + b.signum() * disc.sqrt());
            roots.push(qd / a);
            if qd != 0.0 {
                roots.push(c / qd);
            }
        }
    }
    roots.retain(|r| r.is_finite() && *r >= lo && *r <= hi);
    roots.sort_by(f64::total_cmp);
    roots.dedup();
    let n = raw.len() as f64;
    let boundaries: Vec<JnBoundary> = roots
        .iter()
        .map(|&r| JnBoundary {
            value: r,
            percent_below: 100.0 * raw.iter().filter(|&&x| x < r).count() as f64 / n,
            percent_above: 100.0 * raw.iter().filter(|&&x| x > r).count() as f64 / n,
        })
        .collect();
    let mname = var_name(roles, moderator);
    let at = |m: f64| {
        let g = &g0 + &(&g1 * m);
        linear_effect(f, &g, level, at_values(roles, &[(moderator, m)]))
    };
    let mut points: Vec<f64> = (0..=20).map(|i| lo + (hi - lo) * i as f64 / 20.0).collect();
    points.extend(roots.iter().copied());
    points.sort_by(f64::total_cmp);
    points.dedup();
    let table: Vec<Effect> = points.iter().map(|&m| at(m)).collect();
    let alpha = 1.0 - level;
    let sig = |e: &Effect| e.p_value.is_some_and(|p| p < alpha);
    let effect_of = of
        .iter()
        .map(|&v| var_name(roles, v))
        .collect::<Vec<_>>()
        .join("*");
    let note = if boundaries.is_empty() {
        if sig(&at((lo + hi) / 2.0)) {
            format!(
                "The effect of {effect_of} is significant at the {alpha:.2} level across the whole observed range of {mname} ({lo:.4} to {hi:.4}): no Johnson-Neyman boundary."
            )
        } else {
            format!(
                "The effect of {effect_of} is not significant at the {alpha:.2} level anywhere in the observed range of {mname} ({lo:.4} to {hi:.4}): no Johnson-Neyman boundary."
            )
        }
    } else {
        // The regions between the observed extremes and the boundaries, each described by
        // the significance at its midpoint.
        let mut edges = vec![lo];
        edges.extend(roots.iter().copied());
        edges.push(hi);
        let share =
            |a: f64, b: f64| 100.0 * raw.iter().filter(|&&x| x >= a && x <= b).count() as f64 / n;
        let regions: Vec<String> = edges
            .windows(2)
            .map(|w| {
                let state = if sig(&at((w[0] + w[1]) / 2.0)) {
                    "significant"
                } else {
                    "not significant"
                };
                format!(
                    "{state} for {mname} from {:.4} to {:.4} ({:.1}% of cases)",
                    w[0],
                    w[1],
                    share(w[0], w[1])
                )
            })
            .collect();
        format!(
            "The effect of {effect_of} at the {alpha:.2} level: {}.",
            regions.join("; ")
        )
    };
    Some(JohnsonNeyman {
        effect_of,
        moderator: mname,
        boundaries,
        note,
        table,
    })
}

/// The data for visualizing each moderated effect (PROCESS's `plot = 2`): in every equation
/// with a product term, each focal predictor (a variable of a product other than W and Z)
/// predicted at its own values crossed with the values of its moderators, every other
/// variable at its mean; the fitted value with its standard error from the equation's
/// covariance and a t interval on the equation's df.
pub(crate) fn simple_slopes(
    cols: &Columns,
    fitted: &[Fitted],
    rule: &super::ModeratorValues,
    w_points: &[f64],
    z_points: &[f64],
    level: f64,
    roles: &crate::results::process::Roles,
) -> Vec<SimpleSlopes> {
    let mut out = Vec::new();
    let tq = t_upper_quantile((1.0 - level) / 2.0, fitted[0].df).unwrap_or(f64::NAN);
    for f in fitted {
        let products: Vec<&Vec<Var>> = f.terms.iter().filter(|t| t.len() > 1).collect();
        let mut focals: Vec<Var> = Vec::new();
        for p in &products {
            for &v in p.iter() {
                if !matches!(v, Var::W | Var::Z) && !focals.contains(&v) {
                    focals.push(v);
                }
            }
        }
        let tq = if f.df == fitted[0].df {
            tq
        } else {
            t_upper_quantile((1.0 - level) / 2.0, f.df).unwrap_or(f64::NAN)
        };
        for focal in focals {
            let mut moderators: Vec<Var> = products
                .iter()
                .filter(|p| p.contains(&focal))
                .flat_map(|p| p.iter().copied().filter(|v| matches!(v, Var::W | Var::Z)))
                .collect();
            moderators.sort();
            moderators.dedup();
            let raw = cols.raw(focal);
            let plain_rule = match rule {
                super::ModeratorValues::MeanSd => super::ModeratorValues::MeanSd,
                _ => super::ModeratorValues::Percentiles,
            };
            let (table_points, _) = super::moderator_points(raw, &plain_rule, &[]);
            let distinct = super::distinct(raw);
            let curve_points: Vec<f64> = if distinct.len() == 2 {
                distinct
            } else {
                let (lo, hi) = raw
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                (0..=20).map(|i| lo + (hi - lo) * i as f64 / 20.0).collect()
            };
            // Every combination of the moderators' values, W varying slowest.
            let mut combos: Vec<Vec<(Var, f64)>> = vec![Vec::new()];
            for &m in &moderators {
                let points = if m == Var::W { w_points } else { z_points };
                combos = combos
                    .into_iter()
                    .flat_map(|c| {
                        points.iter().map(move |&v| {
                            let mut c = c.clone();
                            c.push((m, v));
                            c
                        })
                    })
                    .collect();
            }
            let predict = |x: f64, combo: &[(Var, f64)]| -> Prediction {
                let value = |v: Var| -> f64 {
                    if v == focal {
                        x
                    } else {
                        combo.iter().find(|(m, _)| *m == v).map_or_else(
                            || super::mean_sd(cols.raw(v).iter().copied()).0,
                            |(_, value)| *value,
                        )
                    }
                };
                let mut row = Array1::zeros(f.terms.len() + 1);
                row[0] = 1.0;
                for (t, term) in f.terms.iter().enumerate() {
                    row[t + 1] = term.iter().map(|&v| value(v) - cols.shift(v)).product();
                }
                let fit = row.dot(&f.coef) + cols.shift(f.outcome);
                let se = row.dot(&f.vcov.dot(&row)).max(0.0).sqrt();
                let mut at = vec![(focal, x)];
                at.extend_from_slice(combo);
                Prediction {
                    at: at_values(roles, &at),
                    fitted: fit,
                    std_error: se,
                    conf_low: fit - tq * se,
                    conf_high: fit + tq * se,
                }
            };
            let grid = |points: &[f64]| -> Vec<Prediction> {
                combos
                    .iter()
                    .flat_map(|c| points.iter().map(|&x| predict(x, c)).collect::<Vec<_>>())
                    .collect()
            };
            out.push(SimpleSlopes {
                outcome: var_name(roles, f.outcome),
                focal: var_name(roles, focal),
                moderators: moderators.iter().map(|&m| var_name(roles, m)).collect(),
                table: grid(&table_points),
                curve: grid(&curve_points),
            });
        }
    }
    out
}
