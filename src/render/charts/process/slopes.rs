//! The simple-slopes and Johnson-Neyman plots of a PROCESS model: their lines and bands,
//! and how each is drawn.

use crate::render::charts::{DrawResult, PALETTE, bounds, err, series_color, xy_axes};
use crate::results::process::SimpleSlopes;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Lines of a simple-slopes plot: (legend, points (x, fitted, low, high)).
pub(super) struct Slopes {
    pub(super) lines: Vec<(String, Vec<(f64, f64, f64, f64)>)>,
    pub(super) x_desc: String,
    pub(super) y_desc: String,
    pub(super) level: f64,
}

/// One line per value of the first moderator (at the middle value of a second one), and the
/// second moderator's fixed value when there is one.
#[allow(clippy::type_complexity)]
pub(super) fn slope_lines(
    v: &SimpleSlopes,
    labels: &dyn Fn(&str) -> String,
) -> (
    Vec<(String, Vec<(f64, f64, f64, f64)>)>,
    Option<(String, f64)>,
) {
    let value_of = |at: &[crate::results::process::ModeratorValue], name: &str| {
        at.iter().find(|a| a.variable == name).map(|a| a.value)
    };
    let mut firsts: Vec<f64> = Vec::new();
    let mut seconds: Vec<f64> = Vec::new();
    for r in &v.curve {
        if let Some(w) = v.moderators.first().and_then(|m| value_of(&r.at, m)) {
            if !firsts.contains(&w) {
                firsts.push(w);
            }
        }
        if let Some(z) = v.moderators.get(1).and_then(|m| value_of(&r.at, m)) {
            if !seconds.contains(&z) {
                seconds.push(z);
            }
        }
    }
    let fixed = v
        .moderators
        .get(1)
        .and_then(|m| seconds.get(seconds.len() / 2).map(|&z| (m.clone(), z)));
    let lines = firsts
        .iter()
        .map(|&w| {
            let pts = v
                .curve
                .iter()
                .filter(|r| value_of(&r.at, &v.moderators[0]) == Some(w))
                .filter(|r| match &fixed {
                    Some((m, z)) => value_of(&r.at, m) == Some(*z),
                    None => true,
                })
                .map(|r| (r.at[0].value, r.fitted, r.conf_low, r.conf_high))
                .collect();
            (format!("{} = {w:.3}", labels(&v.moderators[0])), pts)
        })
        .collect();
    (lines, fixed)
}

pub(super) fn draw_slopes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &Slopes,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let xs: Vec<f64> = d
        .lines
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.0))
        .collect();
    let ys: Vec<f64> = d
        .lines
        .iter()
        .flat_map(|(_, p)| p.iter().flat_map(|q| [q.2, q.3]))
        .collect();
    let mut chart = xy_axes(
        root,
        70,
        bounds(&xs),
        bounds(&ys),
        (&d.x_desc, &d.y_desc),
        false,
    )?;
    let mut points = Vec::new();
    let band_name = format!("{:.0}% confidence band", d.level * 100.0);
    let mut names = vec![band_name.clone()];
    for (i, (_, pts)) in d.lines.iter().enumerate() {
        let color = series_color(i);
        let mut band: Vec<(f64, f64)> = pts.iter().map(|q| (q.0, q.2)).collect();
        band.extend(pts.iter().rev().map(|q| (q.0, q.3)));
        points.extend(band.iter().copied());
        let series = chart
            .draw_series(std::iter::once(Polygon::new(
                band,
                color.mix(0.15).filled(),
            )))
            .map_err(err)?;
        if i == 0 {
            series.label(band_name.clone()).legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLACK.mix(0.15).filled())
            });
        }
    }
    for (i, (name, pts)) in d.lines.iter().enumerate() {
        let color = series_color(i);
        let line: Vec<(f64, f64)> = pts.iter().map(|q| (q.0, q.1)).collect();
        let style = color.stroke_width(2);
        chart
            .draw_series(std::iter::once(PathElement::new(line, style)))
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
        names.push(name.clone());
    }
    crate::render::charts::draw_legend(&mut chart, 13, &names, &points)
}

pub(super) struct Jn {
    pub(super) points: Vec<(f64, f64, f64, f64)>,
    pub(super) boundaries: Vec<f64>,
    pub(super) x_desc: String,
    pub(super) y_desc: String,
    pub(super) level: f64,
}

pub(super) fn draw_jn<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &Jn) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let xs: Vec<f64> = d.points.iter().map(|q| q.0).collect();
    let mut ys: Vec<f64> = d.points.iter().flat_map(|q| [q.2, q.3]).collect();
    ys.push(0.0);
    let (x0, x1) = bounds(&xs);
    let (y0, y1) = bounds(&ys);
    let mut chart = xy_axes(root, 70, (x0, x1), (y0, y1), (&d.x_desc, &d.y_desc), false)?;
    let color = PALETTE[0];
    let mut band: Vec<(f64, f64)> = d.points.iter().map(|q| (q.0, q.2)).collect();
    band.extend(d.points.iter().rev().map(|q| (q.0, q.3)));
    let band_name = format!("{:.0}% confidence band", d.level * 100.0);
    chart
        .draw_series(std::iter::once(Polygon::new(
            band,
            color.mix(0.18).filled(),
        )))
        .map_err(err)?
        .label(band_name.clone())
        .legend(move |(x, y)| {
            Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.mix(0.18).filled())
        });
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x0, 0.0), (x1, 0.0)],
            BLACK.mix(0.5),
        )))
        .map_err(err)?;
    let line: Vec<(f64, f64)> = d.points.iter().map(|q| (q.0, q.1)).collect();
    let style = color.stroke_width(2);
    chart
        .draw_series(std::iter::once(PathElement::new(line.clone(), style)))
        .map_err(err)?
        .label("Conditional effect")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
    let mut points = line;
    points.extend(d.points.iter().flat_map(|q| [(q.0, q.2), (q.0, q.3)]));
    points.extend(crate::render::charts::along((x0, 0.0), (x1, 0.0)));
    let mut names = vec![band_name, "Conditional effect".to_string()];
    if !d.boundaries.is_empty() {
        let red = PALETTE[1].stroke_width(1);
        for (i, &b) in d.boundaries.iter().enumerate() {
            let series = chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(b, y0), (b, y1)],
                    red,
                )))
                .map_err(err)?;
            points.extend(crate::render::charts::along((b, y0), (b, y1)));
            if i == 0 {
                series
                    .label("Johnson-Neyman boundary")
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], red));
            }
        }
        names.push("Johnson-Neyman boundary".into());
    }
    crate::render::charts::draw_legend(&mut chart, 13, &names, &points)
}
