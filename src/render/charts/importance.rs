//! The dominance chart: each predictor's general dominance weight (its average share of R2,
//! = LMG) as a bar, with its bootstrap interval, largest first.

use super::{ChartError, DrawResult, FAMILY, PALETTE, Rendered, err, row_chart};
use crate::results::importance::ImportanceResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

struct Bars {
    /// (label, weight, interval) largest first.
    rows: Vec<(String, f64, Option<(f64, f64)>)>,
    hi: f64,
}

/// General dominance weights with their intervals, one chart per analysis.
pub fn dominance_chart(
    dir: &Path,
    r: &ImportanceResult,
    labels: &dyn Fn(&str) -> String,
) -> Result<Rendered, ChartError> {
    let mut rows: Vec<(String, f64, Option<(f64, f64)>)> = r
        .sets
        .iter()
        .map(|s| {
            (
                labels(&s.term),
                s.general.estimate,
                s.general.conf_low.zip(s.general.conf_high),
            )
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let hi = rows
        .iter()
        .map(|(_, g, ci)| ci.map_or(*g, |c| c.1).max(*g))
        .fold(0.0f64, f64::max)
        .max(1e-6)
        * 1.08;
    let title = format!(
        "General dominance (share of R2) of each predictor of {}, with bootstrap intervals",
        labels(&r.outcome)
    );
    let height = 120 + 40 * rows.len().max(1) as u32;
    render!(
        dir,
        format!("importance_{}", r.name),
        title,
        (1000, height),
        &Bars { rows, hi },
        draw_bars,
        true,
    )
}

fn draw_bars<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &Bars) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let k = d.rows.len().max(1);
    let mut chart = row_chart(
        root,
        330,
        (0.0, d.hi),
        k,
        ("General dominance weight (R2)", 14),
    )?;
    let color = PALETTE[0];
    for (i, (label, g, ci)) in d.rows.iter().enumerate() {
        let y = (k - 1 - i) as f64;
        let (px, py) = chart.backend_coord(&(0.0, y));
        root.draw(&Text::new(
            label.clone(),
            (px - 10, py),
            TextStyle::from((FAMILY, 15).into_font()).pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(err)?;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.3), (*g, y + 0.3)],
                color.mix(0.6).filled(),
            )))
            .map_err(err)?;
        if let Some((lo, hi)) = ci {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*lo, y), (*hi, y)],
                    BLACK.stroke_width(2),
                )))
                .map_err(err)?;
        }
    }
    Ok(())
}
