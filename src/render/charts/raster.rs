//! Charts' SVG rasterized to PNG by resvg with the embedded font, on the machine's cores,
//! while the caller goes on: a small study spends most of its time here.

use super::{ChartError, FONT, FONT_NAME, PNG_SCALE, Rendered, err};
use std::path::Path;
use std::sync::OnceLock;

mod points;

/// The fonts resvg may use: the embedded one alone, standing in for every generic family.
fn fonts() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        // The embedded bytes themselves, not a copy of them (5 MB).
        db.load_font_source(resvg::usvg::fontdb::Source::Binary(std::sync::Arc::new(
            FONT,
        )));
        db.set_sans_serif_family(FONT_NAME);
        db.set_serif_family(FONT_NAME);
        db.set_monospace_family(FONT_NAME);
        std::sync::Arc::new(db)
    })
    .clone()
}

/// A PNG of an SVG, `scale` pixels per unit. In an SVG as plotters writes it (one plain
/// `<svg>` line, one element a line, nothing defined and referred to), the point groups at
/// its top level (see `points`) are stamped and the rest drawn by resvg piece by piece in
/// between, so that what follows a group in the SVG is drawn over it, as before; any other
/// SVG, or one where that fails, resvg draws whole.
pub fn rasterize(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let groups = points::find(svg);
    if !groups.is_empty()
        && groups.iter().all(|g| g.small(scale))
        && let Ok(png) = stamped(svg, &groups, scale)
    {
        return Ok(png);
    }
    let tree = parse(svg)?;
    let mut pixmap = canvas(&tree, scale)?;
    draw(&tree, &mut pixmap, scale);
    encode_png(pixmap)
}

/// The PNG of an SVG with point groups, drawn piece by piece; an error when the SVG is not
/// as plotters writes it (then resvg draws it whole).
fn stamped(svg: &str, groups: &[points::Points], scale: f32) -> Result<Vec<u8>, String> {
    // The `<svg …>` line opens each piece, `</svg>` closes it.
    let head = svg.split_inclusive('\n').next().unwrap_or("");
    let end = svg.rfind("</svg>").ok_or("no </svg>")?;
    if !points::plain_head(head) || groups.iter().any(|g| g.bytes.end > end) {
        return Err("not one plain <svg> line".into());
    }
    let mut pieces = Vec::with_capacity(groups.len() + 1);
    let mut from = head.len();
    for g in groups {
        pieces.push((from..g.bytes.start, Some(g)));
        from = g.bytes.end;
    }
    pieces.push((from..end, None));
    let mut pixmap = None;
    for (body, group) in pieces {
        let body = &svg[body];
        if pixmap.is_none() || !body.trim().is_empty() {
            let tree = parse(&format!("{head}{body}</svg>\n"))?;
            if pixmap.is_none() {
                pixmap = Some(canvas(&tree, scale)?);
            }
            draw(&tree, pixmap.as_mut().expect("made above"), scale);
        }
        if let (Some(g), Some(p)) = (group, pixmap.as_mut()) {
            points::draw(g, p, scale)?;
        }
    }
    encode_png(pixmap.ok_or("no piece")?)
}

fn parse(svg: &str) -> Result<resvg::usvg::Tree, String> {
    let opt = resvg::usvg::Options {
        fontdb: fonts(),
        font_family: FONT_NAME.into(),
        ..Default::default()
    };
    resvg::usvg::Tree::from_str(svg, &opt).map_err(err)
}

std::thread_local! {
    /// The pixels of this thread's last chart, for its next: a chart of the benchmark study S
    /// is 5 MB of pixels, and fresh memory costs a page fault every 4 KB on first touch, a
    /// third of the time spent filling the background.
    static SPARE: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Transparent pixels the size of the tree's picture at `scale`, in this thread's spare
/// memory when it has some.
fn canvas(tree: &resvg::usvg::Tree, scale: f32) -> Result<resvg::tiny_skia::Pixmap, String> {
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let empty = || format!("empty chart ({w}x{h})");
    let dims = resvg::tiny_skia::IntSize::from_wh(w, h).ok_or_else(empty)?;
    let bytes = (w as usize)
        .checked_mul(h as usize)
        .and_then(|n| n.checked_mul(4))
        .ok_or_else(empty)?;
    let mut data = SPARE.take();
    data.clear();
    data.resize(bytes, 0);
    resvg::tiny_skia::Pixmap::from_vec(data, dims).ok_or_else(empty)
}

fn draw(tree: &resvg::usvg::Tree, pixmap: &mut resvg::tiny_skia::Pixmap, scale: f32) {
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
}

/// The pixels as an RGBA PNG: as drawn when every pixel is opaque (a chart on its white
/// background, where premultiplied and straight colours are the same), else demultiplied.
/// Deflate at zlib level 3, each row filtered by the row above ("Up"): on the charts of the
/// benchmark study S, about 2x faster than tiny-skia's own encoder (a demultiplied copy, then
/// level 6 with each row's filter chosen among five), the same pixels, the files 13% larger.
fn encode_png(pixmap: resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let (w, h) = (pixmap.width(), pixmap.height());
    // A reduction without early exit, so that it vectorizes.
    let opaque = pixmap
        .data()
        .chunks_exact(4)
        .fold(u8::MAX, |all, px| all & px[3])
        == u8::MAX;
    let pixels = if opaque {
        pixmap.take()
    } else {
        pixmap.take_demultiplied()
    };
    let png = encode_rgba(&pixels, w, h);
    SPARE.set(pixels);
    png
}

fn encode_rgba(pixels: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(3));
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_image_data(pixels).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

/// The PNGs of charts (those with `Rendered::png`), rasterized by `run` and each awaited by
/// its stem with `get`: the Word report takes each chart as soon as it is drawn.
pub struct Rasters<'a> {
    charts: Vec<&'a Rendered>,
    done: Vec<OnceLock<Result<Vec<u8>, ChartError>>>,
}

impl<'a> Rasters<'a> {
    pub fn new(charts: impl IntoIterator<Item = &'a Rendered>) -> Self {
        let charts: Vec<&Rendered> = charts.into_iter().filter(|c| c.png).collect();
        let done = charts.iter().map(|_| OnceLock::new()).collect();
        Rasters { charts, done }
    }

    /// Rasterize every chart and write it as `STEM.png` into `dir`, the charts shared among
    /// the machine's cores. Every chart gets its result, even one whose drawing panicked, so
    /// that `get` never waits for ever.
    pub fn run(&self, dir: &Path) {
        /// Gives every chart still without a result an error when `run` ends, even by a
        /// panic of its own (a thread that could not start).
        struct Unfinished<'r, 'a>(&'r Rasters<'a>);
        impl Drop for Unfinished<'_, '_> {
            fn drop(&mut self) {
                for (c, done) in self.0.charts.iter().zip(&self.0.done) {
                    let _ = done.set(Err(ChartError {
                        chart: c.stem.clone(),
                        message: "not drawn: the rasterizing stopped".into(),
                    }));
                }
            }
        }
        let _unfinished = Unfinished(self);
        let order: Vec<usize> = (0..self.charts.len()).collect();
        crate::numeric::parallel::map(&order, |&i| {
            let c = self.charts[i];
            let drawn = std::panic::catch_unwind(|| rasterize(&c.svg, PNG_SCALE))
                .unwrap_or_else(|_| Err("the rasterizer panicked".into()))
                .and_then(|png| {
                    crate::render::files::write(&dir.join(format!("{}.png", c.stem)), &png)
                        .map_err(err)?;
                    Ok(png)
                })
                .map_err(|message| ChartError {
                    chart: c.stem.clone(),
                    message,
                });
            // Set once: each index is run once.
            let _ = self.done[i].set(drawn);
        });
    }

    /// The PNG of the chart `stem`, waiting for `run` to draw it (so `run` must be running or
    /// have run on another thread); None when it is not one of these charts.
    pub fn get(&self, stem: &str) -> Option<Result<Vec<u8>, ChartError>> {
        let i = self.charts.iter().position(|c| c.stem == stem)?;
        Some(self.done[i].wait().clone())
    }

    /// The first chart that could not be drawn or written, once `run` has returned.
    pub fn outcome(&self) -> Result<(), ChartError> {
        self.done
            .iter()
            .filter_map(OnceLock::get)
            .try_for_each(|r| r.as_ref().map(|_| ()).map_err(Clone::clone))
    }
}

/// Write `STEM.png` into `dir` for each chart that has one (`Rendered::png`), the charts
/// shared among the machine's cores.
pub fn write_pngs<'a>(
    dir: &Path,
    charts: impl IntoIterator<Item = &'a Rendered>,
) -> Result<(), ChartError> {
    let rasters = Rasters::new(charts);
    rasters.run(dir);
    rasters.outcome()
}
