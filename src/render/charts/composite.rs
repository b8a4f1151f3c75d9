//! The chart of a composite index: each center's index as a bar of its components'
//! contributions, bonus and deduction points, with the index's resampling interval.

use super::{ChartError, DrawResult, Rendered, bounds, draw_legend, err, row_axes, series_color};
use crate::results::multilevel::CompositeIndex;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

const BONUS: RGBColor = RGBColor(127, 127, 127);
const DEDUCTION: RGBColor = RGBColor(214, 39, 40);

/// The centers in the order of the index, highest first (ties by size, then position).
pub fn composite_order(ci: &CompositeIndex) -> Vec<usize> {
    let c = &ci.centers;
    let mut order: Vec<usize> = (0..c.len()).collect();
    order.sort_by(|&a, &b| {
        c[b].index
            .total_cmp(&c[a].index)
            .then(c[b].n.cmp(&c[a].n))
            .then(a.cmp(&b))
    });
    order
}

/// Stacked bars of the components' contributions per center, with the index and its interval.
pub fn composite_chart(dir: &Path, ci: &CompositeIndex) -> Result<Rendered, ChartError> {
    let g = ci.centers.len();
    let title = format!("{}: index of each center by component", ci.title);
    let height = if g <= 150 { 170 + 15 * g as u32 } else { 900 };
    render!(
        dir,
        format!("composite_{}", ci.name),
        &title,
        (900, height),
        ci,
        draw_composite,
        true,
    )
}

fn draw_composite<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ci: &CompositeIndex,
) -> DrawResult {
    let g = ci.centers.len();
    // Each bar's extent: positive contributions (and bonus) to the right of 0, negative ones
    // (z-scores) to the left.
    let mut ends = vec![0.0];
    for c in &ci.centers {
        let pos: f64 = c.contributions.iter().filter(|&&v| v > 0.0).sum::<f64>() + c.bonus;
        let neg: f64 = c.contributions.iter().filter(|&&v| v < 0.0).sum();
        ends.extend([pos, neg, c.conf_low, c.conf_high, c.index]);
    }
    let (x0, x1) = bounds(&ends);
    let x0 = if ends.iter().all(|&v| v >= 0.0) {
        0.0
    } else {
        x0
    };
    root.fill(&WHITE).map_err(err)?;
    let labels = g <= 150;
    let pct = (ci.level * 100.0).round();
    let axis = match ci.points {
        Some(_) => "Index (points)",
        None => "Index (SD units)",
    };
    let mut chart = row_axes(
        root,
        if labels { 80 } else { 40 },
        (x0, x1),
        (0.5, g as f64 + 0.5),
        (axis, 13),
    )?;
    let mut names = Vec::new();
    for (k, comp) in ci.components.iter().enumerate() {
        let color = series_color(k);
        let label = comp.label.clone();
        names.push(label.clone());
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.filled()));
    }
    let extras = [
        (!ci.bonus.is_empty(), "bonus points", BONUS.mix(0.6)),
        (
            !ci.deductions.is_empty(),
            "deduction points",
            DEDUCTION.mix(0.35),
        ),
    ];
    for (shown, label, color) in extras {
        if shown {
            names.push(label.to_string());
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.filled())
                });
        }
    }
    let index_label = format!("index ({pct}% interval)");
    names.push(index_label.clone());
    chart
        .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
        .map_err(err)?
        .label(index_label)
        .legend(|(x, y)| Circle::new((x + 8, y), 3, BLACK.filled()));
    let mut points: Vec<(f64, f64)> = Vec::new();
    for (pos, &j) in composite_order(ci).iter().enumerate() {
        let c = &ci.centers[j];
        let y = (g - pos) as f64;
        let (mut right, mut left) = (0.0, 0.0);
        let bar = |a: f64, b: f64, color: RGBColor, alpha: f64| {
            Rectangle::new([(a, y - 0.35), (b, y + 0.35)], color.mix(alpha).filled())
        };
        for (k, &v) in c.contributions.iter().enumerate() {
            let (a, b) = if v >= 0.0 {
                right += v;
                (right - v, right)
            } else {
                left += v;
                (left, left - v)
            };
            chart
                .draw_series(std::iter::once(bar(a, b, series_color(k), 1.0)))
                .map_err(err)?;
            points.extend(super::along((a, y), (b, y)));
        }
        if c.bonus > 0.0 {
            chart
                .draw_series(std::iter::once(bar(right, right + c.bonus, BONUS, 0.6)))
                .map_err(err)?;
            right += c.bonus;
        }
        if c.deductions > 0.0 {
            chart
                .draw_series(std::iter::once(bar(
                    right - c.deductions,
                    right,
                    DEDUCTION,
                    0.35,
                )))
                .map_err(err)?;
        }
        points.push((right, y));
        super::interval_row(
            root,
            &mut chart,
            (c.conf_low, c.index, c.conf_high),
            y,
            (BLACK, 1),
            x0,
            labels.then_some(c.center.as_str()),
            &mut points,
        )?;
    }
    draw_legend(&mut chart, 12, &names, &points)
}
