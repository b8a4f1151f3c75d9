//! The scree chart of an exploratory factor analysis, with the parallel-analysis line.

use super::{ChartError, DrawResult, PALETTE, Rendered, draw_legend, err, xy_axes};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Scree plot: eigenvalues by factor number, with the parallel analysis's random 95th
/// percentile and the eigenvalue-1 line.
pub fn scree(
    dir: &Path,
    e: &crate::results::measurement::EfaReport,
) -> Result<Rendered, ChartError> {
    let title = "Scree plot with parallel analysis";
    render!(dir, "scree", title, (720, 460), e, draw_scree, true)
}

fn draw_scree<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    e: &crate::results::measurement::EfaReport,
) -> DrawResult {
    let p = e.eigenvalues.len();
    let top = e.eigenvalues.first().copied().unwrap_or(1.0).max(1.0) * 1.08;
    root.fill(&WHITE).map_err(err)?;
    let axes = ("Factor number", "Eigenvalue");
    let x = (0.5, p as f64 + 0.5);
    let mut chart = xy_axes(root, 56, x, (0.0, top), axes, true)?;
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
    let mut points: Vec<(f64, f64)> = Vec::new();
    for line in [&obs, &rnd] {
        for w in line.windows(2) {
            points.extend(super::along(w[0], w[1]));
        }
    }
    draw_legend(
        &mut chart,
        13,
        &["random data, 95th percentile".into(), "observed".into()],
        &points,
    )?;
    Ok(())
}
