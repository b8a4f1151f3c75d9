//! Charts drawn with plotters, each as SVG (text kept as text) and PNG (text rasterized with
//! the embedded WenQuanYi Micro Hei font, so a machine without system fonts draws Latin,
//! digits and Chinese alike). Charts only draw numbers found in the results.

use crate::results::ModelReport;
use crate::results::multilevel::League;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;
use std::sync::Once;

/// WenQuanYi Micro Hei (Apache-2.0 / GPL-3 with font exception): Latin, digits and CJK.
static FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");
static REGISTER: Once = Once::new();
const FAMILY: &str = "sans-serif";
const PALETTE: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
];

fn register_font() {
    REGISTER.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            plotters::style::register_font(FAMILY, style, FONT)
                .unwrap_or_else(|_| panic!("the embedded font is a valid TrueType collection"));
        }
    });
}

/// A chart rendered both ways.
pub struct Rendered {
    /// File stem, e.g. "coefficients".
    pub stem: String,
    pub title: String,
    pub svg: String,
}

type DrawResult = Result<(), String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

macro_rules! both {
    ($dir:expr, $stem:expr, $title:expr, $size:expr, $f:ident, $data:expr) => {{
        register_font();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, $size).into_drawing_area();
            $f(&root, $data)?;
            root.present().map_err(err)?;
        }
        let png = $dir.join(format!("{}.png", $stem));
        {
            let root = BitMapBackend::new(&png, $size).into_drawing_area();
            $f(&root, $data)?;
            root.present().map_err(err)?;
        }
        std::fs::write($dir.join(format!("{}.svg", $stem)), &svg).map_err(err)?;
        Ok::<Rendered, String>(Rendered {
            stem: $stem.to_string(),
            title: $title.to_string(),
            svg,
        })
    }};
}

/// Standardized coefficients with their intervals, every model side by side.
struct CoefData<'a> {
    models: &'a [ModelReport],
    terms: Vec<String>,
    labels: Vec<String>,
    lo: f64,
    hi: f64,
    title: &'a str,
}

/// Standardized coefficients with their intervals, every model side by side.
pub fn coefficient_chart(
    dir: &Path,
    models: &[ModelReport],
    labels: &dyn Fn(&str) -> String,
) -> Result<Rendered, String> {
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
        title,
    };
    both!(
        dir,
        "coefficients",
        title,
        (1000, height),
        draw_coefficients,
        &data
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
    let mut chart = row_chart(
        root,
        (d.title, 20),
        330,
        (lo, hi),
        k,
        ("Standardized coefficient", 14),
    )?;
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
    for (mi, m) in d.models.iter().enumerate() {
        let color = PALETTE[mi % PALETTE.len()];
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
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(err)?
            .label(m.title.clone().unwrap_or_else(|| m.name.clone()))
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, color.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font((FAMILY, 14))
        .draw()
        .map_err(err)?;
    Ok(())
}

type RowChart<'a, DB> = ChartContext<
    'a,
    DB,
    plotters::coord::cartesian::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// Axes for k labelled rows of intervals (row 0 at the top, y = k - 1): caption, x axis with
/// its description, no y labels (the caller writes row labels), and the zero line.
fn row_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    (title, title_px): (&str, u32),
    label_area: u32,
    (x0, x1): (f64, f64),
    k: usize,
    (x_desc, font_px): (&str, u32),
) -> Result<RowChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FAMILY, title_px))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(label_area)
        .build_cartesian_2d(x0..x1, -0.5f64..(k as f64 - 0.5))
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(WHITE.mix(0.0))
        .x_desc(x_desc)
        .label_style((FAMILY, font_px))
        .axis_desc_style((FAMILY, font_px + 1))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, k as f64 - 0.5)],
            BLACK.mix(0.5),
        )))
        .map_err(err)?;
    Ok(chart)
}

fn bounds(v: &[f64]) -> (f64, f64) {
    let lo = v
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(f64::INFINITY, f64::min);
    let hi = v
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return (-1.0, 1.0);
    }
    let pad = 0.05 * (hi - lo).max(1e-9);
    (lo - pad, hi + pad)
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
}

/// At most this many points are drawn in a scatter; larger samples show every k-th point
/// (in data order, or in sorted order for Q-Q plots), and the title says so.
pub const MAX_POINTS: usize = 5000;

/// A scatter with a reference line, shared by the residual charts.
fn scatter(dir: &Path, stem: &str, data: &ScatterData) -> Result<Rendered, String> {
    let n = data.xs.len();
    if n <= MAX_POINTS {
        return both!(dir, stem, data.title, (640, 480), draw_scatter, data);
    }
    let k = n.div_ceil(MAX_POINTS);
    let xs: Vec<f64> = data.xs.iter().step_by(k).copied().collect();
    let ys: Vec<f64> = data.ys.iter().step_by(k).copied().collect();
    let title = format!("{} (1 in {k} of {n} points shown)", data.title);
    let thin = ScatterData {
        title: &title,
        xs: &xs,
        ys: &ys,
        ..*data
    };
    both!(dir, stem, &title, (640, 480), draw_scatter, &thin)
}

fn draw_scatter<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &ScatterData) -> DrawResult {
    let (x0, x1) = bounds(d.xs);
    let (y0, y1) = bounds(d.ys);
    root.fill(&WHITE).map_err(err)?;
    let mut chart = ChartBuilder::on(root)
        .caption(d.title, (FAMILY, 18))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(d.x_desc)
        .y_desc(d.y_desc)
        .label_style((FAMILY, 13))
        .axis_desc_style((FAMILY, 14))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
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
pub fn residuals_vs_fitted(dir: &Path, m: &ModelReport) -> Result<Rendered, String> {
    let a = &m.fit.augment;
    let (x0, x1) = bounds(&a.fitted);
    let title = format!("{}: residuals vs fitted", m.name);
    let data = ScatterData {
        title: &title,
        xs: &a.fitted,
        ys: &a.resid,
        x_desc: "Fitted value",
        y_desc: "Residual",
        lines: &[vec![(x0, 0.0), (x1, 0.0)]],
    };
    scatter(dir, &format!("{}_residuals_fitted", m.name), &data)
}

/// Normal Q-Q plot of the standardized residuals, with the identity line.
pub fn normal_qq(dir: &Path, m: &ModelReport) -> Result<Rendered, String> {
    let a = &m.fit.augment;
    let (x0, x1) = bounds(&a.qq_theoretical);
    let title = format!("{}: normal Q-Q of standardized residuals", m.name);
    let data = ScatterData {
        title: &title,
        xs: &a.qq_theoretical,
        ys: &a.qq_sample,
        x_desc: "Theoretical quantile",
        y_desc: "Standardized residual",
        lines: &[vec![(x0, x0), (x1, x1)]],
    };
    scatter(dir, &format!("{}_qq", m.name), &data)
}

/// Scale-location: sqrt(|standardized residual|) against fitted values.
pub fn scale_location(dir: &Path, m: &ModelReport) -> Result<Rendered, String> {
    let a = &m.fit.augment;
    let ys: Vec<f64> = a.std_resid.iter().map(|r| r.abs().sqrt()).collect();
    let title = format!("{}: scale-location", m.name);
    let data = ScatterData {
        title: &title,
        xs: &a.fitted,
        ys: &ys,
        x_desc: "Fitted value",
        y_desc: "sqrt(|standardized residual|)",
        lines: &[],
    };
    scatter(dir, &format!("{}_scale_location", m.name), &data)
}

/// Standardized residuals against leverage, with Cook's distance contours at 0.5 and 1:
/// r = +/- sqrt(D k (1 - h) / h).
pub fn residuals_vs_leverage(dir: &Path, m: &ModelReport) -> Result<Rendered, String> {
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
    let data = ScatterData {
        title: &title,
        xs: &a.hat,
        ys: &a.std_resid,
        x_desc: "Leverage",
        y_desc: "Standardized residual",
        lines: &lines,
    };
    scatter(dir, &format!("{}_residuals_leverage", m.name), &data)
}

/// Added-variable (partial regression) plot of one term, with the line of slope b_j.
pub fn added_variable(
    dir: &Path,
    m: &ModelReport,
    av: &crate::results::AddedVariable,
    index: usize,
) -> Result<Rendered, String> {
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
    let data = ScatterData {
        title: &title,
        xs: &av.x_resid,
        ys: &av.y_resid,
        x_desc: &x_desc,
        y_desc: &y_desc,
        lines: &lines,
    };
    scatter(
        dir,
        &format!("{}_added_variable_{}", m.name, index + 1),
        &data,
    )
}

macro_rules! svg_only {
    ($dir:expr, $stem:expr, $title:expr, $size:expr, $f:ident, $data:expr) => {{
        register_font();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, $size).into_drawing_area();
            $f(&root, $data)?;
            root.present().map_err(err)?;
        }
        std::fs::write($dir.join(format!("{}.svg", $stem)), &svg).map_err(err)?;
        Ok::<Rendered, String>(Rendered {
            stem: $stem.to_string(),
            title: $title.to_string(),
            svg,
        })
    }};
}

const ABOVE: RGBColor = RGBColor(44, 160, 44);
const BELOW: RGBColor = RGBColor(214, 39, 40);
const NEUTRAL: RGBColor = RGBColor(110, 110, 110);

fn versus_color(v: &str) -> RGBColor {
    match v {
        "above" => ABOVE,
        "below" => BELOW,
        _ => NEUTRAL,
    }
}

/// Caterpillar plot: empirical-Bayes center means with intervals, ordered by rank, against
/// the overall mean.
pub fn caterpillar(dir: &Path, l: &League) -> Result<Rendered, String> {
    let g = l.centers.len();
    let title = format!("{}: shrunken center means with intervals", l.label);
    let height = if g <= 150 { 150 + 15 * g as u32 } else { 900 };
    let data = (l, title.as_str());
    both!(
        dir,
        format!("{}_caterpillar", l.variable),
        &title,
        (900, height),
        draw_caterpillar,
        &data
    )
}

fn draw_caterpillar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &(&League, &str),
) -> DrawResult {
    let (l, title) = *d;
    let g = l.centers.len();
    let lows: Vec<f64> = l.centers.iter().map(|c| c.conf_low).collect();
    let highs: Vec<f64> = l.centers.iter().map(|c| c.conf_high).collect();
    let (x0, _) = bounds(&lows);
    let (_, x1) = bounds(&highs);
    root.fill(&WHITE).map_err(err)?;
    let labels = g <= 150;
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FAMILY, 18))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(if labels { 80 } else { 40 })
        .build_cartesian_2d(x0..x1, 0.5f64..(g as f64 + 0.5))
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(WHITE.mix(0.0))
        .x_desc("Empirical-Bayes mean (interval)")
        .label_style((FAMILY, 13))
        .axis_desc_style((FAMILY, 14))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(l.overall_mean, 0.5), (l.overall_mean, g as f64 + 0.5)],
            BLACK.mix(0.5),
        )))
        .map_err(err)?;
    for c in &l.centers {
        // Rank 1 at the top.
        let y = (g + 1 - c.rank) as f64;
        let color = versus_color(&c.versus_mean);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(c.conf_low, y), (c.conf_high, y)],
                color.stroke_width(2),
            )))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (c.eb_mean, y),
                3,
                color.filled(),
            )))
            .map_err(err)?;
        if labels {
            let (px, py) = chart.backend_coord(&(x0, y));
            root.draw(&Text::new(
                c.center.clone(),
                (px - 8, py),
                TextStyle::from((FAMILY, 12).into_font()).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

/// Funnel plot: raw center means against the number of respondents, with 95% and 99.8%
/// control limits around the respondent mean; `highlight` marks one center (report cards).
pub fn funnel(
    dir: &Path,
    stem: &str,
    l: &League,
    highlight: Option<usize>,
) -> Result<Rendered, String> {
    let title = match highlight {
        Some(j) => format!(
            "{}: center {} on the funnel plot",
            l.label, l.centers[j].center
        ),
        None => format!("{}: funnel plot of center means", l.label),
    };
    let data = (l, title.as_str(), highlight);
    if highlight.is_some() {
        svg_only!(dir, stem, &title, (640, 440), draw_funnel, &data)
    } else {
        both!(dir, stem, &title, (760, 520), draw_funnel, &data)
    }
}

fn draw_funnel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &(&League, &str, Option<usize>),
) -> DrawResult {
    let (l, title, highlight) = *d;
    let ntot: f64 = l.centers.iter().map(|c| c.n as f64).sum();
    let target = l
        .centers
        .iter()
        .map(|c| c.raw_mean * c.n as f64)
        .sum::<f64>()
        / ntot;
    let nmax = l.centers.iter().map(|c| c.n).max().unwrap_or(1) as f64;
    let nmin = (l.centers.iter().map(|c| c.n).min().unwrap_or(1) as f64).max(1.0);
    let (n0, n1) = ((nmin * 0.8).max(1.0), nmax * 1.05);
    let limit = |z: f64, n: f64| z * l.unit_sd / n.sqrt();
    let means: Vec<f64> = l.centers.iter().map(|c| c.raw_mean).collect();
    let wide = limit(3.09, n0);
    let (m0, m1) = bounds(&means);
    let (y0, y1) = (m0.min(target - wide), m1.max(target + wide));
    root.fill(&WHITE).map_err(err)?;
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FAMILY, 17))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d(n0..n1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("Respondents in the center")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("Raw center mean")
        .label_style((FAMILY, 13))
        .axis_desc_style((FAMILY, 14))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    let steps = 60;
    let ns: Vec<f64> = (0..=steps)
        .map(|i| n0 + (n1 - n0) * i as f64 / steps as f64)
        .collect();
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(n0, target), (n1, target)],
            BLACK.mix(0.6),
        )))
        .map_err(err)?;
    for (z, style) in [
        (1.96, PALETTE[0].stroke_width(1)),
        (3.09, PALETTE[1].stroke_width(1)),
    ] {
        for sign in [-1.0, 1.0] {
            let pts: Vec<(f64, f64)> = ns
                .iter()
                .map(|&n| (n, target + sign * limit(z, n)))
                .filter(|&(_, y)| y >= y0 && y <= y1)
                .collect();
            chart
                .draw_series(std::iter::once(PathElement::new(pts, style)))
                .map_err(err)?;
        }
    }
    for (j, c) in l.centers.iter().enumerate() {
        let color = if highlight.is_some() {
            NEUTRAL.mix(0.5)
        } else {
            versus_color(&c.versus_mean).mix(0.8)
        };
        if highlight != Some(j) {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (c.n as f64, c.raw_mean),
                    3,
                    color.filled(),
                )))
                .map_err(err)?;
        }
    }
    if let Some(j) = highlight {
        let c = &l.centers[j];
        chart
            .draw_series(std::iter::once(Circle::new(
                (c.n as f64, c.raw_mean),
                6,
                PALETTE[3].filled(),
            )))
            .map_err(err)?;
    }
    Ok(())
}

/// A center's profile: its shrunken score on each factor minus the overall mean, in SDs of
/// one response, with intervals.
pub fn profile(
    dir: &Path,
    stem: &str,
    center: usize,
    factors: &[League],
) -> Result<Rendered, String> {
    let name = factors
        .first()
        .map(|l| l.centers[center].center.clone())
        .unwrap_or_default();
    let title = format!("Center {name}: factor scores against the overall mean");
    let data = (factors, center, title.as_str());
    let height = 120 + 40 * factors.len().max(1) as u32;
    svg_only!(dir, stem, &title, (760, height), draw_profile, &data)
}

fn draw_profile<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &(&[League], usize, &str),
) -> DrawResult {
    let (factors, j, title) = *d;
    let k = factors.len().max(1);
    let z = |l: &League, v: f64| (v - l.overall_mean) / l.unit_sd;
    let mut vals = vec![0.0];
    for l in factors {
        vals.push(z(l, l.centers[j].conf_low));
        vals.push(z(l, l.centers[j].conf_high));
    }
    let (x0, x1) = bounds(&vals);
    root.fill(&WHITE).map_err(err)?;
    let mut chart = row_chart(
        root,
        (title, 17),
        260,
        (x0, x1),
        k,
        ("Shrunken score minus overall mean (SD units)", 13),
    )?;
    for (i, l) in factors.iter().enumerate() {
        let c = &l.centers[j];
        let y = (k - 1 - i) as f64;
        let color = versus_color(&c.versus_mean);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(z(l, c.conf_low), y), (z(l, c.conf_high), y)],
                color.stroke_width(2),
            )))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (z(l, c.eb_mean), y),
                5,
                color.filled(),
            )))
            .map_err(err)?;
        let (px, py) = chart.backend_coord(&(x0, y));
        root.draw(&Text::new(
            l.label.clone(),
            (px - 8, py),
            TextStyle::from((FAMILY, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// Scree plot: eigenvalues by factor number, with the parallel analysis's random 95th
/// percentile and the eigenvalue-1 line.
pub fn scree(dir: &Path, e: &crate::results::measurement::EfaReport) -> Result<Rendered, String> {
    let title = "Scree plot with parallel analysis";
    both!(dir, "scree", title, (720, 460), draw_scree, &(e, title))
}

fn draw_scree<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &(&crate::results::measurement::EfaReport, &str),
) -> DrawResult {
    let (e, title) = *d;
    let p = e.eigenvalues.len();
    let top = e.eigenvalues.first().copied().unwrap_or(1.0).max(1.0) * 1.08;
    root.fill(&WHITE).map_err(err)?;
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FAMILY, 18))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0.5f64..(p as f64 + 0.5), 0.0f64..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("Factor number")
        .y_desc("Eigenvalue")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style((FAMILY, 13))
        .axis_desc_style((FAMILY, 14))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.5, 1.0), (p as f64 + 0.5, 1.0)],
            BLACK.mix(0.4),
        )))
        .map_err(err)?;
    let obs: Vec<(f64, f64)> = e
        .eigenvalues
        .iter()
        .enumerate()
        .map(|(j, &v)| ((j + 1) as f64, v))
        .collect();
    let rnd: Vec<(f64, f64)> = e
        .parallel
        .p95
        .iter()
        .enumerate()
        .map(|(j, &v)| ((j + 1) as f64, v))
        .collect();
    chart
        .draw_series(std::iter::once(PathElement::new(
            rnd.clone(),
            PALETTE[1].stroke_width(2),
        )))
        .map_err(err)?
        .label("random data, 95th percentile")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], PALETTE[1].stroke_width(2)));
    chart
        .draw_series(std::iter::once(PathElement::new(
            obs.clone(),
            PALETTE[0].stroke_width(2),
        )))
        .map_err(err)?
        .label("observed")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], PALETTE[0].stroke_width(2)));
    chart
        .draw_series(
            obs.iter()
                .map(|&(x, y)| Circle::new((x, y), 4, PALETTE[0].filled())),
        )
        .map_err(err)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font((FAMILY, 13))
        .draw()
        .map_err(err)?;
    Ok(())
}
