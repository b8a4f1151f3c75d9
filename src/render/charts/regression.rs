//! Charts of regression models: standardized coefficients, residual plots, added-variable plots.

use super::{
    ChartError, DrawResult, FAMILY, PALETTE, Rendered, bounds, draw_legend, err, row_chart,
    series_color, xy_axes,
};
use crate::results::ModelReport;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Standardized coefficients with their intervals, every model side by side.
struct CoefData<'a> {
    models: &'a [ModelReport],
    terms: Vec<String>,
    labels: Vec<String>,
    lo: f64,
    hi: f64,
}

/// Standardized coefficients with their intervals, every model side by side.
pub fn coefficient_chart(
    dir: &Path,
    models: &[ModelReport],
    labels: &dyn Fn(&str) -> String,
) -> Result<Rendered, ChartError> {
    // Terms in first-appearance order across models (no intercept).
    let mut terms: Vec<String> = Vec::new();
    for m in models {
        for t in &m.fit.tidy {
            if t.std_estimate.is_some() && !terms.contains(&t.term) {
                terms.push(t.term.clone());
            }
        }
    }
    let mut lo = 0.0f64;
    let mut hi = 0.0f64;
    for m in models {
        for t in &m.fit.tidy {
            if let (Some(a), Some(b)) = (t.std_conf_low, t.std_conf_high) {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
    }
    let pad = 0.08 * (hi - lo).max(0.1);
    let title = "Standardized coefficients (Beta) with confidence intervals";
    let height = 140 + 46 * terms.len().max(1) as u32;
    // Room on the right for the legend, clear of the intervals.
    let data = CoefData {
        models,
        labels: terms.iter().map(|t| labels(t)).collect(),
        terms,
        lo: lo - pad,
        hi: hi + pad + 0.35 * (hi - lo),
    };
    render!(
        dir,
        "coefficients",
        title,
        (1000, height),
        &data,
        draw_coefficients,
        true,
    )
}

fn draw_coefficients<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &CoefData,
) -> DrawResult {
    let k = d.terms.len().max(1);
    let (lo, hi) = (d.lo, d.hi);
    let nm = d.models.len().max(1) as f64;
    root.fill(&WHITE).map_err(err)?;
    let mut chart = row_chart(root, 330, (lo, hi), k, ("Standardized coefficient", 14))?;
    for (ti, label) in d.labels.iter().enumerate() {
        let y = (k - 1 - ti) as f64;
        let (px, py) = chart.backend_coord(&(lo, y));
        root.draw(&Text::new(
            label.clone(),
            (px - 10, py),
            TextStyle::from((FAMILY, 15).into_font()).pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    let mut points = Vec::new();
    let mut names = Vec::new();
    for (mi, m) in d.models.iter().enumerate() {
        let color = series_color(mi);
        let off = if nm > 1.0 {
            (mi as f64 - (nm - 1.0) / 2.0) * 0.5 / nm
        } else {
            0.0
        };
        for t in &m.fit.tidy {
            let (Some(b), Some(a), Some(c)) = (t.std_estimate, t.std_conf_low, t.std_conf_high)
            else {
                continue;
            };
            let Some(ti) = d.terms.iter().position(|x| *x == t.term) else {
                continue;
            };
            let y = (k - 1 - ti) as f64 - off;
            points.extend(super::along((a, y), (c, y)));
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(a, y), (c, y)],
                    color.stroke_width(2),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Circle::new((b, y), 5, color.filled())))
                .map_err(err)?;
        }
        let name = m.title.clone().unwrap_or_else(|| m.name.clone());
        names.push(name.clone());
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(err)?
            .label(name)
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, color.filled()));
    }
    draw_legend(&mut chart, 14, &names, &points)?;
    Ok(())
}

#[derive(Clone, Copy)]
struct ScatterData<'a> {
    title: &'a str,
    xs: &'a [f64],
    ys: &'a [f64],
    x_desc: &'a str,
    y_desc: &'a str,
    /// Reference lines (polylines); points outside the data's box are dropped.
    lines: &'a [Vec<(f64, f64)>],
    /// The number of points the data stand for: `xs.len()`, or more when `xs` and `ys`
    /// already hold only every [`thinning`]-th of them (a Q-Q plot's quantiles).
    total: usize,
}

impl<'a> ScatterData<'a> {
    fn new(
        title: &'a str,
        xs: &'a [f64],
        ys: &'a [f64],
        (x_desc, y_desc): (&'a str, &'a str),
        lines: &'a [Vec<(f64, f64)>],
    ) -> ScatterData<'a> {
        ScatterData {
            title,
            xs,
            ys,
            x_desc,
            y_desc,
            lines,
            total: xs.len(),
        }
    }
}

/// Every how many points a scatter of `n` shows one (1 up to [`MAX_POINTS`]).
pub fn thinning(n: usize) -> usize {
    if n <= MAX_POINTS {
        1
    } else {
        n.div_ceil(MAX_POINTS)
    }
}

/// At most this many points are drawn in a scatter; larger samples show every k-th point
/// (in data order, or in sorted order for Q-Q plots), and the title says so.
pub const MAX_POINTS: usize = 5000;

/// A scatter with a reference line, shared by the residual charts.
fn scatter(dir: &Path, stem: &str, data: &ScatterData) -> Result<Rendered, ChartError> {
    let n = data.total;
    if n <= MAX_POINTS {
        return render!(dir, stem, data.title, (640, 480), data, draw_scatter, true,);
    }
    let k = thinning(n);
    let step = if data.xs.len() == n { k } else { 1 };
    let xs: Vec<f64> = data.xs.iter().step_by(step).copied().collect();
    let ys: Vec<f64> = data.ys.iter().step_by(step).copied().collect();
    let title = format!("{} (1 in {k} of {n} points shown)", data.title);
    let thin = ScatterData {
        title: &title,
        xs: &xs,
        ys: &ys,
        ..*data
    };
    render!(dir, stem, &title, (640, 480), &thin, draw_scatter, true,)
}

fn draw_scatter<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &ScatterData) -> DrawResult {
    let (x0, x1) = bounds(d.xs);
    let (y0, y1) = bounds(d.ys);
    root.fill(&WHITE).map_err(err)?;
    let axes = (d.x_desc, d.y_desc);
    let mut chart = xy_axes(root, 60, (x0, x1), (y0, y1), axes, false)?;
    chart
        .draw_series(
            d.xs.iter()
                .zip(d.ys)
                .map(|(&x, &y)| Circle::new((x, y), 2, PALETTE[0].mix(0.45).filled())),
        )
        .map_err(err)?;
    for line in d.lines {
        let seg: Vec<(f64, f64)> = line
            .iter()
            .copied()
            .filter(|&(x, y)| x >= x0 && x <= x1 && y >= y0 && y <= y1)
            .collect();
        chart
            .draw_series(std::iter::once(PathElement::new(
                seg,
                PALETTE[1].stroke_width(2),
            )))
            .map_err(err)?;
    }
    Ok(())
}

/// Residuals against fitted values, with the zero line.
pub fn residuals_vs_fitted(dir: &Path, m: &ModelReport) -> Result<Rendered, ChartError> {
    let a = &m.fit.augment;
    let (x0, x1) = bounds(&a.fitted);
    let title = format!("{}: residuals vs fitted", m.name);
    let axes = ("Fitted value", "Residual");
    let lines = [vec![(x0, 0.0), (x1, 0.0)]];
    let data = ScatterData::new(&title, &a.fitted, &a.resid, axes, &lines);
    scatter(dir, &format!("{}_residuals_fitted", m.name), &data)
}

/// Normal Q-Q plot of the standardized residuals, with the identity line.
pub fn normal_qq(dir: &Path, m: &ModelReport) -> Result<Rendered, ChartError> {
    // Only the quantiles shown are computed (every k-th of a million residuals).
    let n = m.fit.augment.resid.len();
    let (theoretical, sample) = m.fit.augment.qq(thinning(n));
    let (x0, x1) = bounds(&theoretical);
    let title = format!("{}: normal Q-Q of standardized residuals", m.name);
    let axes = ("Theoretical quantile", "Standardized residual");
    let lines = [vec![(x0, x0), (x1, x1)]];
    let data = ScatterData {
        total: n,
        ..ScatterData::new(&title, &theoretical, &sample, axes, &lines)
    };
    scatter(dir, &format!("{}_qq", m.name), &data)
}

/// Scale-location: sqrt(|standardized residual|) against fitted values.
pub fn scale_location(dir: &Path, m: &ModelReport) -> Result<Rendered, ChartError> {
    let a = &m.fit.augment;
    let ys: Vec<f64> = a.std_resid().iter().map(|r| r.abs().sqrt()).collect();
    let title = format!("{}: scale-location", m.name);
    let axes = ("Fitted value", "sqrt(|standardized residual|)");
    let data = ScatterData::new(&title, &a.fitted, &ys, axes, &[]);
    scatter(dir, &format!("{}_scale_location", m.name), &data)
}

/// Standardized residuals against leverage, with Cook's distance contours at 0.5 and 1:
/// r = +/- sqrt(D k (1 - h) / h).
pub fn residuals_vs_leverage(dir: &Path, m: &ModelReport) -> Result<Rendered, ChartError> {
    let a = &m.fit.augment;
    let k = m.fit.glance.rank as f64;
    let hmax = a.hat.iter().copied().fold(0.0, f64::max);
    let mut lines = Vec::new();
    for d in [0.5, 1.0] {
        for sign in [1.0, -1.0] {
            lines.push(
                (1..=100)
                    .map(|i| {
                        let h = hmax * i as f64 / 100.0;
                        (h, sign * (d * k * (1.0 - h) / h).sqrt())
                    })
                    .collect(),
            );
        }
    }
    let title = format!("{}: residuals vs leverage (Cook's D 0.5, 1)", m.name);
    let axes = ("Leverage", "Standardized residual");
    let std_resid = a.std_resid();
    let data = ScatterData::new(&title, &a.hat, &std_resid, axes, &lines);
    scatter(dir, &format!("{}_residuals_leverage", m.name), &data)
}

/// Added-variable (partial regression) plot of one term, with the line of slope b_j.
pub fn added_variable(
    dir: &Path,
    m: &ModelReport,
    av: &crate::results::AddedVariable,
    index: usize,
) -> Result<Rendered, ChartError> {
    let b = m
        .fit
        .tidy
        .iter()
        .find(|t| t.term == av.term)
        .and_then(|t| t.estimate)
        .unwrap_or(0.0);
    let (x0, x1) = bounds(&av.x_resid);
    let title = format!("{}: added-variable plot of {}", m.name, av.term);
    let x_desc = format!("{} | others", av.term);
    let y_desc = format!("{} | others", m.outcome);
    let lines = [vec![(x0, b * x0), (x1, b * x1)]];
    let axes = (x_desc.as_str(), y_desc.as_str());
    let data = ScatterData::new(&title, &av.x_resid, &av.y_resid, axes, &lines);
    scatter(
        dir,
        &format!("{}_added_variable_{}", m.name, index + 1),
        &data,
    )
}
