//! The trend chart of an outcome over the waves: every center's line of model-based scores,
//! the average center's line, and on a report card the center's own line with intervals.

use super::{ChartError, DrawResult, FAMILY, PALETTE, Rendered, bounds, draw_legend, err};
use crate::results::multilevel::Trend;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// All centers' lines; with `highlight`, that center's line and intervals drawn over them.
pub fn trend_chart(
    dir: &Path,
    stem: &str,
    t: &Trend,
    highlight: Option<usize>,
) -> Result<Rendered, ChartError> {
    let title = match highlight {
        Some(j) => format!("{}: center {} over the waves", t.label, t.centers[j].center),
        None => format!("{}: every center over the waves", t.label),
    };
    let data = (t, highlight);
    if highlight.is_some() {
        render!(dir, stem, &title, (640, 440), &data, draw_trend, false)
    } else {
        render!(dir, stem, &title, (760, 520), &data, draw_trend, true)
    }
}

fn draw_trend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &(&Trend, Option<usize>),
) -> DrawResult {
    let (t, highlight) = *d;
    let w = t.waves.len();
    let mut ys: Vec<f64> = t
        .centers
        .iter()
        .flat_map(|c| c.score.iter().flatten().copied())
        .collect();
    if let Some(j) = highlight {
        let c = &t.centers[j];
        ys.extend(c.score_low.iter().chain(&c.score_high).flatten().copied());
    }
    let (y0, y1) = bounds(&ys);
    root.fill(&WHITE).map_err(err)?;
    let mut chart = ChartBuilder::on(root)
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.3..(w as f64 - 0.7), y0..y1)
        .map_err(err)?;
    let names = t.waves.clone();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_labels(w)
        .x_label_formatter(&|x: &f64| {
            let k = x.round();
            if (x - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < names.len() {
                names[k as usize].clone()
            } else {
                String::new()
            }
        })
        .x_desc(t.wave_variable.as_str())
        .y_desc("Score (model-based)")
        .label_style((FAMILY, 13))
        .axis_desc_style((FAMILY, 14))
        .draw()
        .map_err(err)?;
    let mut points = Vec::new();
    let line = |c: &crate::results::multilevel::TrendCenter| -> Vec<(f64, f64)> {
        c.score
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.map(|v| (k as f64, v)))
            .collect()
    };
    let mut legend = Vec::new();
    let grey = BLACK.mix(0.18);
    chart
        .draw_series(t.centers.iter().map(|c| PathElement::new(line(c), grey)))
        .map_err(err)?
        .label("each center")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], grey));
    legend.push("each center".to_string());
    for c in &t.centers {
        points.extend(line(c));
    }
    let mean: Vec<(f64, f64)> = t
        .wave_means
        .iter()
        .enumerate()
        .map(|(k, &m)| (k as f64, m))
        .collect();
    chart
        .draw_series(std::iter::once(PathElement::new(
            mean.clone(),
            BLACK.stroke_width(2),
        )))
        .map_err(err)?
        .label("average center")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2)));
    legend.push("average center".to_string());
    if let Some(j) = highlight {
        let c = &t.centers[j];
        let color = PALETTE[0];
        let own = line(c);
        for (k, (lo, hi)) in c.score_low.iter().zip(&c.score_high).enumerate() {
            if let (Some(lo), Some(hi)) = (*lo, *hi) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(k as f64, lo), (k as f64, hi)],
                        color.stroke_width(2),
                    )))
                    .map_err(err)?;
                points.extend([(k as f64, lo), (k as f64, hi)]);
            }
        }
        let label = format!(
            "center {} ({:.0}% interval)",
            c.center,
            (t.level * 100.0).round()
        );
        chart
            .draw_series(std::iter::once(PathElement::new(
                own.clone(),
                color.stroke_width(3),
            )))
            .map_err(err)?
            .label(label.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(3))
            });
        chart
            .draw_series(own.iter().map(|&p| Circle::new(p, 4, color.filled())))
            .map_err(err)?;
        legend.push(label);
    }
    points.extend(mean);
    draw_legend(&mut chart, 12, &legend, &points)
}
