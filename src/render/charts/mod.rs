//! Charts drawn with plotters as SVG (text kept as text), and that SVG rasterized to PNG by
//! resvg at print resolution, its text laid out by a shaping engine (rustybuzz) with the
//! embedded WenQuanYi Micro Hei font: letters spaced by the font's advances and kerning, and
//! no system font consulted, so a machine without fonts draws Latin, digits and Chinese
//! alike and every machine the same bytes. Charts only draw numbers found in the results.

pub use composite::{composite_chart, composite_order};
pub use factor::scree;
pub use importance::dominance_chart;
pub use multilevel::{CardFunnel, caterpillar, funnel, profile};
pub use process::{johnson_neyman_chart, path_diagram, process_charts, simple_slopes_chart};
pub use raster::{Rasters, rasterize, write_pngs};
pub use regression::{
    MAX_POINTS, added_variable, coefficient_chart, normal_qq, residuals_vs_fitted,
    residuals_vs_leverage, scale_location,
};
pub use sem::{pls_diagram, sem_diagram};
pub use trend::trend_chart;

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

/// The colour of series k (a model, a component): the palette, then four more of the same
/// family (Tableau 10), so that up to eight series differ; then again from the first.
fn series_color(k: usize) -> RGBColor {
    const MORE: [RGBColor; 4] = [
        RGBColor(255, 127, 14),
        RGBColor(23, 190, 207),
        RGBColor(140, 86, 75),
        RGBColor(188, 189, 34),
    ];
    match k % (PALETTE.len() + MORE.len()) {
        k if k < PALETTE.len() => PALETTE[k],
        k => MORE[k - PALETTE.len()],
    }
}

/// PNG pixels per SVG unit: a chart 1000 units wide becomes 2000 pixels, about 300 dpi across
/// the 16 cm text width of an A4 page.
pub const PNG_SCALE: f32 = 2.0;

/// The family name of the embedded font, as the font names itself.
const FONT_NAME: &str = "WenQuanYi Micro Hei";

/// Filled circles (cx, cy, r) of one colour and opacity as one group that states the style
/// once, each circle painted on its own (see `compact_circles`).
pub(super) fn circle_group<X, Y, R>(
    fill: &str,
    opacity: &str,
    circles: impl IntoIterator<Item = (X, Y, R)>,
) -> String
where
    X: std::fmt::Display,
    Y: std::fmt::Display,
    R: std::fmt::Display,
{
    let mut out = format!("<g fill=\"{fill}\" fill-opacity=\"{opacity}\" stroke=\"none\">\n");
    for (cx, cy, r) in circles {
        out.push_str(&format!("<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\"/>\n"));
    }
    out.push_str("</g>\n");
    out
}

/// The SVG with each run of filled circles of one style (as plotters writes a scatter, every
/// circle repeating its radius, opacity and colour) written as a group that states the style
/// once: `<g fill=… fill-opacity=…>` around `<circle cx cy r/>`. Drawn the same — each circle
/// still painted on its own, overlaps darkening as before (for a filled circle without a
/// stroke, fill-opacity is its opacity) — in about a third of the bytes: a funnel plot of
/// 2,000 centers, on every one of 2,000 report cards, was 200 KB.
pub fn compact_circles(svg: &str) -> String {
    // (cx, cy, r, opacity, fill) of a circle line with no stroke, in plotters' layout.
    fn parse(line: &str) -> Option<(&str, &str, &str, &str, &str)> {
        const NAMES: [&str; 7] = ["cx", "cy", "r", "opacity", "fill", "stroke", "stroke-width"];
        let [cx, cy, r, op, fill, stroke, _] = attributes(line, "<circle", NAMES, "/>")?;
        (stroke == "none").then_some((cx, cy, r, op, fill))
    }
    let lines: Vec<&str> = svg.split_inclusive('\n').collect();
    let mut out = String::with_capacity(svg.len());
    let mut i = 0;
    while i < lines.len() {
        let Some((_, _, _, op, fill)) = parse(lines[i].trim_end_matches('\n')) else {
            out.push_str(lines[i]);
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < lines.len()
            && parse(lines[end].trim_end_matches('\n')).is_some_and(|c| c.3 == op && c.4 == fill)
        {
            end += 1;
        }
        if end - i < 2 {
            out.push_str(lines[i]);
            i += 1;
            continue;
        }
        out.push_str(&circle_group(
            fill,
            op,
            lines[i..end].iter().map(|line| {
                let (cx, cy, r, _, _) = parse(line.trim_end_matches('\n')).expect("parsed above");
                (cx, cy, r)
            }),
        ));
        i = end;
    }
    out
}

/// The SVG with each translucent shape that paints only its outline or only its inside (as
/// plotters writes a grid line, `<line opacity="0.2" stroke=…>`, or a legend's box) given
/// that paint's opacity (`stroke-opacity`, `fill-opacity`) instead of the element's: drawn
/// the same, but an element's opacity asks a renderer to draw it on a layer of its own and
/// blend the layer, which resvg does for each grid line. A polyline or rect with both paints
/// (its layer blends the two together), or any other element, is left as it is; a line has
/// no inside, so its paint is its outline.
pub fn paint_opacity(svg: &str) -> String {
    fn single_paint(line: &str) -> Option<(&str, &str)> {
        let line = line.trim_end();
        let tag = line.strip_prefix('<')?.split(' ').next()?;
        if !matches!(tag, "line" | "polyline" | "rect") || !line.ends_with("/>") {
            return None;
        }
        let (_, after) = line.split_once(" opacity=\"")?;
        let (value, _) = after.split_once('"')?;
        let paint = match (
            line.contains(" fill=\"none\""),
            line.contains(" stroke=\"none\""),
        ) {
            _ if tag == "line" => "stroke",
            (true, false) => "stroke",
            (false, true) => "fill",
            _ => return None,
        };
        (value != "1").then_some((value, paint))
    }
    let mut out = String::with_capacity(svg.len() + 256);
    for line in svg.split_inclusive('\n') {
        match single_paint(line) {
            Some((value, paint)) => out.push_str(&line.replacen(
                &format!(" opacity=\"{value}\""),
                &format!(" {paint}-opacity=\"{value}\""),
                1,
            )),
            None => out.push_str(line),
        }
    }
    out
}

/// The values of the attributes `names` of an element written on one line as plotters and
/// `circle_group` write it, `{open} n1="v1" n2="v2"{close}`: those names, in that order,
/// and nothing else; None for any other line.
fn attributes<'a, const N: usize>(
    line: &'a str,
    open: &str,
    names: [&str; N],
    close: &str,
) -> Option<[&'a str; N]> {
    let mut rest = line.strip_prefix(open)?;
    let mut values = [""; N];
    for (value, name) in values.iter_mut().zip(names) {
        rest = rest
            .strip_prefix(' ')?
            .strip_prefix(name)?
            .strip_prefix("=\"")?;
        (*value, rest) = rest.split_once('"')?;
    }
    (rest == close).then_some(values)
}

fn register_font() {
    REGISTER.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            plotters::style::register_font(FAMILY, style, FONT)
                .unwrap_or_else(|_| panic!("the embedded font is a valid TrueType collection"));
        }
    });
}

/// A chart rendered both ways.
#[derive(Clone)]
pub struct Rendered {
    /// File stem, e.g. "coefficients".
    pub stem: String,
    pub title: String,
    pub svg: String,
    /// A PNG belongs to this chart (for the Word report), written later by `write_pngs` or
    /// `Rasters::run`.
    pub png: bool,
}

/// A chart that could not be drawn or written, with plotters' or the file system's message.
#[derive(Clone, Debug, thiserror::Error)]
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
/// inline use); when `$png` is true, `write_pngs` or `Rasters::run` writes it as `STEM.png`
/// later, with the other charts, on the machine's cores. Evaluates to
/// `Result<Rendered, ChartError>`. A macro because `$f` is generic over the backend.
macro_rules! render {
    ($dir:expr, $stem:expr, $title:expr, $size:expr, $data:expr, $f:ident, $png:expr $(,)?) => {{
        render!(
            $dir,
            $stem,
            $title,
            $size,
            $data,
            $f,
            $png,
            |svg: String| svg
        )
    }};
    // `$post` edits the SVG as written: translated, escaped and compacted.
    ($dir:expr, $stem:expr, $title:expr, $size:expr, $data:expr, $f:ident, $png:expr, $post:expr $(,)?) => {{
        super::register_font();
        let stem = crate::render::names::safe_stem(&$stem);
        let (stem, title): (&str, &str) = (&stem, &$title);
        let drawn = || -> Result<String, String> {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, $size).into_drawing_area();
                $f(&root, $data)?;
                root.present().map_err(err)?;
            }
            // In the language being rendered (axis titles, legends, labels).
            let svg = crate::render::i18n::translate_svg(&svg);
            // Names from the data may hold control characters SVG (XML) cannot.
            let svg = super::paint_opacity(&super::compact_circles(
                &crate::render::names::xml_text(&svg),
            ));
            let svg = ($post)(svg);
            crate::render::files::write(&$dir.join(format!("{stem}.svg")), svg.as_bytes())
                .map_err(err)?;
            Ok(svg)
        };
        drawn()
            .map(|svg| Rendered {
                stem: stem.to_string(),
                title: title.to_string(),
                svg,
                png: $png,
            })
            .map_err(|message| ChartError {
                chart: stem.to_string(),
                message,
            })
    }};
}

mod composite;
mod factor;
mod importance;
mod multilevel;
mod process;
mod raster;
mod regression;
mod sem;
mod trend;

type RowChart<'a, DB> = ChartContext<
    'a,
    DB,
    plotters::coord::cartesian::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// Axes for k labelled rows of intervals (row 0 at the top, y = k - 1): x axis with its
/// description, no y labels (the caller writes row labels), and the zero line. Charts carry
/// no title of their own: the document's caption gives it, once.
fn row_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    label_area: u32,
    x: (f64, f64),
    k: usize,
    x_desc: (&str, u32),
) -> Result<RowChart<'a, DB>, String> {
    let mut chart = row_axes(root, label_area, x, (-0.5, k as f64 - 0.5), x_desc)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, k as f64 - 0.5)],
            BLACK.mix(0.5),
        )))
        .map_err(err)?;
    Ok(chart)
}

/// The axes of a chart of labelled rows: x axis with its description, y from `y0` to `y1`
/// without labels.
fn row_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    label_area: u32,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    (x_desc, font_px): (&str, u32),
) -> Result<RowChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(root)
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

/// The axes of an x-y chart: both axes described, no grid; `whole_x` prints the x labels as
/// whole numbers.
fn xy_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    label_area: u32,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    (x_desc, y_desc): (&str, &str),
    whole_x: bool,
) -> Result<RowChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(root)
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

/// The legend of a chart's labelled series in a corner of the plot that no data point (nor
/// any point of a drawn line, sampled along it) falls in: upper right, lower right, upper
/// left, lower left, in that order of preference; the corner with the fewest when none is
/// free. `labels` are the legend's texts (for its size), `data` the chart's points.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, RowCoord>,
    font_px: u32,
    labels: &[String],
    data: &[(f64, f64)],
) -> DrawResult {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let pixels: Vec<(i32, i32)> = data.iter().map(|p| chart.backend_coord(p)).collect();
    let width = labels
        .iter()
        .map(|l| text_px(l, font_px))
        .max()
        .unwrap_or(0)
        + 50;
    let height = labels.len() as i32 * (font_px as i32 * 13 / 10 + 4) + 16;
    let corner = free_corner(
        &pixels,
        (xr.start, xr.end),
        (yr.start, yr.end),
        (width, height),
    );
    draw_legend_at(chart, font_px, corner)
}

/// The plot's corner whose legend box covers the fewest of `pixels` (first of upper right,
/// lower right, upper left, lower left on ties).
fn free_corner(
    pixels: &[(i32, i32)],
    x: (i32, i32),
    y: (i32, i32),
    size: (i32, i32),
) -> SeriesLabelPosition {
    let (w, h) = (size.0 + 10, size.1 + 10);
    let corners = [
        (
            SeriesLabelPosition::UpperRight,
            (x.1 - w, x.1),
            (y.0, y.0 + h),
        ),
        (
            SeriesLabelPosition::LowerRight,
            (x.1 - w, x.1),
            (y.1 - h, y.1),
        ),
        (
            SeriesLabelPosition::UpperLeft,
            (x.0, x.0 + w),
            (y.0, y.0 + h),
        ),
        (
            SeriesLabelPosition::LowerLeft,
            (x.0, x.0 + w),
            (y.1 - h, y.1),
        ),
    ];
    let covered = |(bx, by): &((i32, i32), (i32, i32))| {
        pixels
            .iter()
            .filter(|(px, py)| *px >= bx.0 - 6 && *px <= bx.1 && *py >= by.0 && *py <= by.1 + 6)
            .count()
    };
    corners
        .into_iter()
        .min_by_key(|(_, bx, by)| covered(&(*bx, *by)))
        .map(|(c, _, _)| c)
        .expect("four corners")
}

/// Points along a line from `a` to `b`, so that a legend is kept off lines too.
fn along(a: (f64, f64), b: (f64, f64)) -> impl Iterator<Item = (f64, f64)> {
    (0..=24).map(move |k| {
        let t = k as f64 / 24.0;
        (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
    })
}

/// The width of a text in pixels, estimated from the font size (a CJK character is square,
/// a Latin one a little over half as wide).
fn text_px(s: &str, font_px: u32) -> i32 {
    let f = font_px as f64;
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 0.58 * f } else { f })
        .sum::<f64>() as i32
}

/// The coordinates of every chart with a legend.
type RowCoord = plotters::coord::cartesian::Cartesian2d<
    plotters::coord::types::RangedCoordf64,
    plotters::coord::types::RangedCoordf64,
>;

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

/// One row of an interval chart: the interval from `lo` to `hi` and a dot at `mid` on row
/// `y`, and with `label` the row's name left of the axis at `x0`; the interval's points are
/// added to `points` (for the legend's placement).
#[allow(clippy::too_many_arguments)]
fn interval_row<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut RowChart<'_, DB>,
    (lo, mid, hi): (f64, f64, f64),
    y: f64,
    style: (RGBColor, u32),
    x0: f64,
    label: Option<&str>,
    points: &mut Vec<(f64, f64)>,
) -> DrawResult {
    let (color, width) = style;
    points.extend(along((lo, y), (hi, y)));
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(lo, y), (hi, y)],
            color.stroke_width(width),
        )))
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(Circle::new((mid, y), 3, color.filled())))
        .map_err(err)?;
    if let Some(text) = label {
        let (px, py) = chart.backend_coord(&(x0, y));
        root.draw(&Text::new(
            text.to_string(),
            (px - 8, py),
            TextStyle::from((FAMILY, 12).into_font()).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Center,
            )),
        ))
        .map_err(err)?;
    }
    Ok(())
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
mod tests;
