//! Charts of the benchmark of centers: caterpillar, funnel and per-center profile plots.

use super::{
    ChartError, DrawResult, FAMILY, PALETTE, Rendered, bounds, draw_legend, err, row_axes,
    row_chart,
};
use crate::render::tables::multilevel::display_order;
use crate::results::multilevel::{CenterScore, Funnel, League, Versus};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

const ABOVE: RGBColor = RGBColor(44, 160, 44);

const BELOW: RGBColor = RGBColor(214, 39, 40);

const NEUTRAL: RGBColor = RGBColor(110, 110, 110);

/// Legend entries for the colours of the above/below judgement (empty series carry them).
/// The legend entries of the three colours; returns their texts.
fn versus_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut super::RowChart<'a, DB>,
    l: &League,
) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let pct = (l.model.glance.conf_level * 100.0).round();
    let reference = reference_line(l);
    for v in [Versus::Above, Versus::NotDistinguishable, Versus::Below] {
        let color = versus_color(v);
        let label = match v {
            Versus::Above => format!("above the {reference} ({pct}% interval)"),
            Versus::Below => format!("below the {reference} ({pct}% interval)"),
            Versus::NotDistinguishable => "not distinguishable from it".to_string(),
        };
        names.push(label.clone());
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, color.filled()));
    }
    Ok(names)
}

/// What a league's centers are judged against: the overall mean, or in a table adjusted for
/// case mix the model's prediction for the average respondent.
fn reference_line(l: &League) -> &'static str {
    if l.adjusted_for.is_empty() {
        "overall mean"
    } else {
        "prediction for the average respondent"
    }
}

fn versus_color(v: Versus) -> RGBColor {
    match v {
        Versus::Above => ABOVE,
        Versus::Below => BELOW,
        Versus::NotDistinguishable => NEUTRAL,
    }
}

/// Caterpillar plot: empirical-Bayes center means with intervals, ordered by rank, against
/// the overall mean.
pub fn caterpillar(dir: &Path, l: &League) -> Result<Rendered, ChartError> {
    let g = l.centers.len();
    let title = format!("{}: shrunken center means with intervals", l.label);
    let height = if g <= 150 { 150 + 15 * g as u32 } else { 900 };
    render!(
        dir,
        format!("{}_caterpillar", l.stem()),
        &title,
        (900, height),
        l,
        draw_caterpillar,
        true,
    )
}

fn draw_caterpillar<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, l: &League) -> DrawResult {
    let g = l.centers.len();
    let lows: Vec<f64> = l.centers.iter().map(|c| c.conf_low).collect();
    let highs: Vec<f64> = l.centers.iter().map(|c| c.conf_high).collect();
    let (x0, _) = bounds(&lows);
    let (_, x1) = bounds(&highs);
    root.fill(&WHITE).map_err(err)?;
    let labels = g <= 150;
    let mut chart = row_axes(
        root,
        if labels { 80 } else { 40 },
        (x0, x1),
        (0.5, g as f64 + 0.5),
        (
            if l.adjusted_for.is_empty() {
                "Empirical-Bayes mean (interval)"
            } else {
                "Adjusted score (interval)"
            },
            13,
        ),
    )?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(l.overall_mean, 0.5), (l.overall_mean, g as f64 + 0.5)],
            BLACK.mix(0.5),
        )))
        .map_err(err)?
        .label(reference_line(l))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.mix(0.5)));
    let mut names = vec![reference_line(l).to_string()];
    names.extend(versus_legend(&mut chart, l)?);
    let mut points: Vec<(f64, f64)> =
        super::along((l.overall_mean, 0.5), (l.overall_mean, g as f64 + 0.5)).collect();
    // The league table's order, its first row at the top.
    let mut y_of = vec![0.0; g];
    for (pos, &j) in display_order(l).iter().enumerate() {
        y_of[j] = (g - pos) as f64;
    }
    for (c, &y) in l.centers.iter().zip(&y_of) {
        super::interval_row(
            root,
            &mut chart,
            (c.conf_low, c.eb_mean, c.conf_high),
            y,
            (versus_color(c.versus_mean), 2),
            x0,
            labels.then_some(c.center.as_str()),
            &mut points,
        )?;
    }
    draw_legend(&mut chart, 12, &names, &points)
}

/// Funnel plot: raw center means against the number of respondents, with 95% and 99.8%
/// control limits around the respondent mean; `highlight` marks one center (report cards).
pub fn funnel(
    dir: &Path,
    stem: &str,
    l: &League,
    card: Option<CardFunnel>,
) -> Result<Rendered, ChartError> {
    let title = match &card {
        Some(c) => format!(
            "{}: center {} on the funnel plot",
            l.label, l.centers[c.center].center
        ),
        None => format!("{}: funnel plot of center means", l.label),
    };
    let data = (l, card);
    if let Some(card) = &data.1 {
        // The card's points of all centers in place of its marker: after translation and
        // compaction, which have nothing to do in them.
        let layer = |svg: String| {
            let points = card.points.get().map_or("", String::as_str);
            let mut out = String::with_capacity(svg.len() + points.len());
            for line in svg.split_inclusive('\n') {
                if line.contains(MARKER_FILL) {
                    out.push_str(points);
                } else {
                    out.push_str(line);
                }
            }
            out
        };
        render!(
            dir,
            stem,
            &title,
            (640, 440),
            &data,
            draw_funnel,
            false,
            layer
        )
    } else {
        render!(dir, stem, &title, (760, 520), &data, draw_funnel, true,)
    }
}

/// A report card's funnel plot: the center it highlights, and the points of all centers as
/// the same grey dots — the same on every card of a league table, so written once (by the
/// first card drawn) and copied into the others.
pub struct CardFunnel<'a> {
    pub center: usize,
    pub points: &'a std::sync::OnceLock<String>,
}

/// The colour of the one circle a card's funnel draws where the points of all centers go
/// (replaced by them, see `funnel`).
const MARKER: RGBColor = RGBColor(1, 2, 3);
const MARKER_FILL: &str = "fill=\"#010203\"";

fn draw_funnel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &(&League, Option<CardFunnel>),
) -> DrawResult {
    let (l, highlight) = (d.0, d.1.as_ref().map(|c| c.center));
    let ntot: f64 = l.centers.iter().map(|c| c.n as f64).sum();
    let target = l
        .centers
        .iter()
        .map(|c| c.raw_mean * c.n as f64)
        .sum::<f64>()
        / ntot;
    let nmax = l.centers.iter().map(|c| c.n).max().unwrap_or(1) as f64;
    let nmin = (l.centers.iter().map(|c| c.n).min().unwrap_or(1) as f64).max(1.0);
    // Centers of (nearly) equal size get an axis a few respondents wide, not 80%..105% of one
    // size, whose ticks would round to the same whole numbers.
    let (n0, n1) = if nmax - nmin < 4.0 {
        ((nmin - 2.0).max(1.0), nmax + 2.0)
    } else {
        ((nmin * 0.8).max(1.0), nmax * 1.05)
    };
    let limit = |z: f64, n: f64| z * l.unit_sd / n.sqrt();
    let means: Vec<f64> = l.centers.iter().map(|c| c.raw_mean).collect();
    let wide = limit(3.09, n0);
    let (m0, m1) = bounds(&means);
    let (y0, y1) = (m0.min(target - wide), m1.max(target + wide));
    root.fill(&WHITE).map_err(err)?;
    let mut chart = ChartBuilder::on(root)
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d(n0..n1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("Respondents in the center")
        // Respondents are whole: a tick between two whole numbers gets no label.
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-9 {
                format!("{x:.0}")
            } else {
                String::new()
            }
        })
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
        .map_err(err)?
        .label("overall mean (respondent-weighted)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.mix(0.6)));
    let mut points: Vec<(f64, f64)> = super::along((n0, target), (n1, target)).collect();
    let mut names = vec!["overall mean (respondent-weighted)".to_string()];
    for (z, style, name) in [
        (1.96, PALETTE[0].stroke_width(1), "95% limits"),
        (3.09, PALETTE[1].stroke_width(1), "99.8% limits"),
    ] {
        for sign in [-1.0, 1.0] {
            let pts: Vec<(f64, f64)> = ns
                .iter()
                .map(|&n| (n, target + sign * limit(z, n)))
                .filter(|&(_, y)| y >= y0 && y <= y1)
                .collect();
            points.extend(pts.iter().copied());
            let series = chart
                .draw_series(std::iter::once(PathElement::new(pts, style)))
                .map_err(err)?;
            if sign > 0.0 {
                names.push(name.to_string());
                series
                    .label(name)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
            }
        }
    }
    if highlight.is_some() {
        // A card's funnel shows every center as the same grey point (its own covered by its
        // larger one): written here as one group (as `compact_circles` would write plotters'
        // circles) in place of a marker, since plotters' own drawing of 2,000 points for each
        // of 2,000 cards took most of the cards' time.
        if let Some(card) = &d.1 {
            card.points.get_or_init(|| {
                let fill = format!("#{:02X}{:02X}{:02X}", NEUTRAL.0, NEUTRAL.1, NEUTRAL.2);
                super::circle_group(
                    &fill,
                    "0.5",
                    l.centers.iter().map(|c| {
                        let (px, py) = chart.backend_coord(&(c.n as f64, c.raw_mean));
                        (px, py, 3)
                    }),
                )
            });
        }
        if let Some(c) = l.centers.first() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (c.n as f64, c.raw_mean),
                    3,
                    MARKER.filled(),
                )))
                .map_err(err)?;
        }
    } else {
        for c in &l.centers {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (c.n as f64, c.raw_mean),
                    3,
                    versus_color(c.versus_mean).mix(0.8).filled(),
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
            .map_err(err)?
            .label(format!("center {}", c.center))
            .legend(|(x, y)| Circle::new((x + 8, y), 5, PALETTE[3].filled()));
        names.push(format!("center {}", c.center));
    } else {
        // The centers outside the 99.8% limits, named beside their point.
        for c in l.centers.iter().filter(|c| c.funnel == Funnel::Outside998) {
            let (px, py) = chart.backend_coord(&(c.n as f64, c.raw_mean));
            root.draw(&Text::new(
                c.center.clone(),
                (px + 6, py),
                TextStyle::from((FAMILY, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
        }
        names.extend(versus_legend(&mut chart, l)?);
    }
    points.extend(l.centers.iter().map(|c| (c.n as f64, c.raw_mean)));
    draw_legend(&mut chart, 12, &names, &points)
}

/// A center's profile: its shrunken score on each factor minus the overall mean, in SDs of
/// one response, with intervals.
pub fn profile(
    dir: &Path,
    stem: &str,
    name: &str,
    factors: &[(&League, &CenterScore)],
) -> Result<Rendered, ChartError> {
    let title = if factors.iter().any(|(l, _)| l.distinguishable) {
        format!("Center {name}: factor scores against the overall mean")
    } else {
        format!("Center {name}: the centers do not differ on these factors")
    };
    let height = 120 + 40 * factors.len().max(1) as u32;
    render!(
        dir,
        stem,
        &title,
        (760, height),
        factors,
        draw_profile,
        false
    )
}

fn draw_profile<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    factors: &[(&League, &CenterScore)],
) -> DrawResult {
    let k = factors.len().max(1);
    let z = |l: &League, v: f64| (v - l.overall_mean) / l.unit_sd;
    let mut vals = vec![0.0];
    for (l, c) in factors {
        vals.push(z(l, c.conf_low));
        vals.push(z(l, c.conf_high));
    }
    // Centers that cannot differ have every score at the mean: a fixed axis of ±1 SD, not a
    // range of zero width with "-0.0 … 0.0" ticks.
    let flat = vals.iter().all(|v| v.abs() < 1e-9);
    let (x0, x1) = if flat { (-1.0, 1.0) } else { bounds(&vals) };
    root.fill(&WHITE).map_err(err)?;
    let mut chart = row_chart(
        root,
        260,
        (x0, x1),
        k,
        ("Shrunken score minus overall mean (SD units)", 13),
    )?;
    for (i, &(l, c)) in factors.iter().enumerate() {
        let y = (k - 1 - i) as f64;
        let color = versus_color(c.versus_mean);
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
        let label = if l.distinguishable {
            l.label.clone()
        } else {
            format!("{} (centers do not differ)", l.label)
        };
        root.draw(&Text::new(
            label,
            (px - 8, py),
            TextStyle::from((FAMILY, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}
