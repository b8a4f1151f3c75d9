//! Charts drawn with plotters, each as SVG (text kept as text) and PNG (text rasterized with
//! the embedded WenQuanYi Micro Hei font, so a machine without system fonts draws Latin,
//! digits and Chinese alike). Charts only draw numbers found in the results.

pub use factor::scree;
pub use multilevel::{caterpillar, funnel, profile};
pub use regression::{
    MAX_POINTS, added_variable, coefficient_chart, normal_qq, residuals_vs_fitted,
    residuals_vs_leverage, scale_location,
};

use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::Once;

/// WenQuanYi Micro Hei (Apache-2.0 / GPL-3 with font exception): Latin, digits and CJK.
static FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");
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

/// A chart that could not be drawn or written, with plotters' or the file system's message.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw chart {chart}: {message}")]
pub struct ChartError {
    pub chart: String,
    pub message: String,
}

/// What a drawing function returns; `render` names the chart in the error.
type DrawResult = Result<(), String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draw a chart with `$f` (generic over the backend) as `STEM.svg` (kept in the result, for
/// inline use) and, when `$png` is true, as `STEM.png` with the embedded font. Evaluates to
/// `Result<Rendered, ChartError>`. A macro because `$f` is generic over the backend.
macro_rules! render {
    ($dir:expr, $stem:expr, $title:expr, $size:expr, $data:expr, $f:ident, $png:expr $(,)?) => {{
        super::register_font();
        let (stem, title): (&str, &str) = (&$stem, &$title);
        let drawn = || -> Result<String, String> {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, $size).into_drawing_area();
                $f(&root, $data)?;
                root.present().map_err(err)?;
            }
            if $png {
                let path = $dir.join(format!("{stem}.png"));
                let root = BitMapBackend::new(&path, $size).into_drawing_area();
                $f(&root, $data)?;
                root.present().map_err(err)?;
            }
            std::fs::write($dir.join(format!("{stem}.svg")), &svg).map_err(err)?;
            Ok(svg)
        };
        drawn()
            .map(|svg| Rendered {
                stem: stem.to_string(),
                title: title.to_string(),
                svg,
            })
            .map_err(|message| ChartError {
                chart: stem.to_string(),
                message,
            })
    }};
}

mod factor;
mod multilevel;
mod regression;

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
    title: (&str, u32),
    label_area: u32,
    x: (f64, f64),
    k: usize,
    x_desc: (&str, u32),
) -> Result<RowChart<'a, DB>, String> {
    let mut chart = row_axes(root, title, label_area, x, (-0.5, k as f64 - 0.5), x_desc)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, k as f64 - 0.5)],
            BLACK.mix(0.5),
        )))
        .map_err(err)?;
    Ok(chart)
}

/// The axes of a chart of labelled rows: caption, x axis with its description, y from
/// `y0` to `y1` without labels.
fn row_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    (title, title_px): (&str, u32),
    label_area: u32,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    (x_desc, font_px): (&str, u32),
) -> Result<RowChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FAMILY, title_px))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(label_area)
        .build_cartesian_2d(x0..x1, y0..y1)
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
    Ok(chart)
}

/// The axes of an x-y chart: caption, both axes described, no grid; `whole_x` prints the x
/// labels as whole numbers.
fn xy_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: &str,
    label_area: u32,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    (x_desc, y_desc): (&str, &str),
    whole_x: bool,
) -> Result<RowChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FAMILY, 18))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(label_area)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    let whole = |x: &f64| format!("{x:.0}");
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .label_style((FAMILY, 13))
        .axis_desc_style((FAMILY, 14))
        .light_line_style(WHITE.mix(0.0));
    if whole_x {
        mesh.x_label_formatter(&whole);
    }
    mesh.draw().map_err(err)?;
    Ok(chart)
}

/// The legend of a chart's labelled series, in the upper right.
fn draw_legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    font_px: u32,
) -> DrawResult {
    draw_legend_at(chart, font_px, SeriesLabelPosition::UpperRight)
}

/// The legend of a chart's labelled series, where the chart's data leave room for it.
fn draw_legend_at<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    font_px: u32,
    position: SeriesLabelPosition,
) -> DrawResult {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font((FAMILY, font_px))
        .draw()
        .map_err(err)
}

/// The axis range of values: 5% beyond the extremes.
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
    // Values that are all the same (centers that cannot differ) get an axis of ±0.5 around
    // them, not a range of zero width whose ticks all read the same number.
    if hi - lo <= 1e-9 * (1.0 + lo.abs()) {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

#[cfg(test)]
mod tests {
    use super::bounds;

    #[test]
    fn equal_values_get_an_axis_of_width_one_not_zero() {
        assert_eq!(bounds(&[3.0, 3.0, 3.0]), (2.5, 3.5));
        assert_eq!(bounds(&[]), (-1.0, 1.0));
        let (lo, hi) = bounds(&[1.0, 3.0]);
        assert!((lo - 0.9).abs() < 1e-12 && (hi - 3.1).abs() < 1e-12);
    }
}
