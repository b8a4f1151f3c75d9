//! Scatter points stamped into the pixels. A chart of 1,009 respondents has 1,009 circles of
//! one colour, opacity and radius (a group `circle_group` wrote); resvg parses each as a path
//! and fills it with anti-aliasing on its own, which was most of a small study's drawing time.
//! Here each circle of a group is drawn once per distinct radius and sub-pixel position (once
//! in all for a chart in whole units), by resvg itself on transparent pixels, and that sprite
//! is laid over the chart at each centre, circle after circle, as source-over with
//! tiny-skia's rounding: the same pixels for translucent points, within rounding for opaque
//! ones (a unit test holds the difference to 2 of 255 per channel).

use resvg::tiny_skia::{Pixmap, Transform};
use std::collections::HashMap;
use std::ops::Range;

/// A group of filled circles of one colour and opacity, without stroke, at the top level of
/// a chart's SVG: its bytes (from its `<g` to the line after its `</g>`) and its circles.
#[derive(Debug, PartialEq)]
pub(super) struct Points {
    pub bytes: Range<usize>,
    /// `#RRGGBB` and the opacity, as written.
    fill: String,
    opacity: String,
    /// Centre x, centre y and radius of each circle, in SVG units.
    circles: Vec<[f32; 3]>,
}

/// The point groups of an SVG as `circle_group` writes them, outside any other group, in
/// order. Empty when there are none, and when the SVG defines anything another element may
/// refer to, or a line does not parse as the group expects: then resvg draws it all.
pub(super) fn find(svg: &str) -> Vec<Points> {
    const REFERRED: [&str; 8] = [
        "<defs",
        "<clipPath",
        "<mask",
        "<pattern",
        "<symbol",
        "<use",
        "<style",
        "url(#",
    ];
    if REFERRED.iter().any(|r| svg.contains(r)) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut at = 0;
    let mut lines = svg.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let start = at;
        at += line.len();
        let text = line.trim();
        if depth == 0
            && let Some((fill, opacity)) = group_style(text)
        {
            let mut circles = Vec::new();
            let mut closed = false;
            while let Some(line) = lines.next() {
                at += line.len();
                let text = line.trim_end();
                if text == "</g>" {
                    closed = true;
                    break;
                }
                match circle(text) {
                    Some(c) => circles.push(c),
                    None => return Vec::new(),
                }
            }
            if !closed {
                return Vec::new();
            }
            found.push(Points {
                bytes: start..at,
                fill: fill.to_string(),
                opacity: opacity.to_string(),
                circles,
            });
            continue;
        }
        if text.starts_with("<g") && !text.ends_with("/>") && !text.ends_with("</g>") {
            depth += 1;
        } else if text.starts_with("</g") {
            let Some(d) = depth.checked_sub(1) else {
                return Vec::new();
            };
            depth = d;
        }
    }
    found
}

/// Whether `line` is plotters' opening of an SVG: `<svg width="W" height="H"
/// viewBox="0 0 W H" xmlns="http://www.w3.org/2000/svg">` and nothing else (no transform,
/// no opacity, no other view of the picture), so that each piece and the sprites' pixels
/// stand where the whole picture has them.
pub(super) fn plain_head(line: &str) -> bool {
    let line = line.trim_end();
    let Some(rest) = line.strip_prefix("<svg width=\"") else {
        return false;
    };
    let Some((w, rest)) = rest.split_once('"') else {
        return false;
    };
    let Some((h, _)) = rest
        .strip_prefix(" height=\"")
        .and_then(|r| r.split_once('"'))
    else {
        return false;
    };
    line == format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">"
    )
}

/// Colour and opacity of `<g fill="#RRGGBB" fill-opacity="A" stroke="none">`.
fn group_style(line: &str) -> Option<(&str, &str)> {
    let names = ["fill", "fill-opacity", "stroke"];
    let [fill, opacity, stroke] = crate::render::charts::attributes(line, "<g", names, ">")?;
    let hex = fill.strip_prefix('#')?;
    let number = opacity
        .parse::<f32>()
        .is_ok_and(|a| (0.0..=1.0).contains(&a));
    (stroke == "none" && hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) && number)
        .then_some((fill, opacity))
}

/// `[cx, cy, r]` of `<circle cx="X" cy="Y" r="R"/>`, a radius above zero.
fn circle(line: &str) -> Option<[f32; 3]> {
    let names = ["cx", "cy", "r"];
    let [cx, cy, r] = crate::render::charts::attributes(line, "<circle", names, "/>")?;
    let c = [cx.parse().ok()?, cy.parse().ok()?, r.parse().ok()?];
    (c.iter().all(|v: &f32| v.is_finite()) && c[2] > 0.0).then_some(c)
}

/// A circle drawn alone by resvg on transparent pixels, `reach` pixels from its sprite's
/// corner to its centre's whole pixel in both directions; premultiplied RGBA.
struct Sprite {
    reach: i64,
    pixmap: Pixmap,
}

impl Sprite {
    /// The circle [cx, cy, r] of `p` as resvg draws it at `scale`, moved by whole pixels so
    /// that its centre's pixel (x, y) lands at (`reach`, `reach`).
    fn new(p: &Points, [cx, cy, r]: [f32; 3], scale: f32, (x, y): (i64, i64)) -> Option<Sprite> {
        let reach = (r * scale).ceil() as i64 + 1;
        let side = u32::try_from(2 * reach + 2).ok()?;
        let mut pixmap = Pixmap::new(side, side)?;
        let unit = f64::from(side) / f64::from(scale);
        let tree = super::parse(&format!(
            "<svg width=\"{unit}\" height=\"{unit}\" xmlns=\"http://www.w3.org/2000/svg\">\
             <circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"{}\" fill-opacity=\"{}\"/></svg>",
            p.fill, p.opacity
        ))
        .ok()?;
        let shift = |at: i64| (reach - at) as f32;
        resvg::render(
            &tree,
            Transform::from_row(scale, 0.0, 0.0, scale, shift(x), shift(y)),
            &mut pixmap.as_mut(),
        );
        Some(Sprite { reach, pixmap })
    }

    /// Lay the sprite over `dst` with its circle's whole-pixel corner at (x, y), source-over,
    /// clipped to `dst`.
    fn stamp(&self, dst: &mut Pixmap, x: i64, y: i64) {
        let (w, h) = (i64::from(dst.width()), i64::from(dst.height()));
        let side = i64::from(self.pixmap.width());
        let (x0, y0) = (x - self.reach, y - self.reach);
        let cols = x0.max(0)..(x0 + side).min(w);
        if cols.is_empty() {
            return;
        }
        let src = self.pixmap.data();
        let out = dst.data_mut();
        for row in y0.max(0)..(y0 + side).min(h) {
            let s = (((row - y0) * side + (cols.start - x0)) * 4) as usize;
            let d = ((row * w + cols.start) * 4) as usize;
            let n = (cols.end - cols.start) as usize * 4;
            for (sp, dp) in src[s..s + n]
                .chunks_exact(4)
                .zip(out[d..d + n].chunks_exact_mut(4))
            {
                let keep = 255 - u32::from(sp[3]);
                if keep == 255 {
                    continue;
                }
                for k in 0..4 {
                    dp[k] = sp[k].saturating_add(div255(u32::from(dp[k]) * keep));
                }
            }
        }
    }
}

/// v / 255 as tiny-skia's pipeline divides: (v + 255) / 256, for v up to 255².
fn div255(v: u32) -> u8 {
    ((v + 255) >> 8) as u8
}

/// The largest radius in pixels drawn by sprite; a larger circle is rare, and resvg draws
/// its chart whole.
const MAX_SPRITE_RADIUS: f32 = 64.0;

impl Points {
    /// Whether every circle of the group can be drawn by sprite at `scale`.
    pub(super) fn small(&self, scale: f32) -> bool {
        (self.circles.iter()).all(|c| c[2] * scale <= MAX_SPRITE_RADIUS)
    }
}

/// Draw the circles of `p` onto `pixmap`, `scale` pixels per SVG unit, in order.
pub(super) fn draw(p: &Points, pixmap: &mut Pixmap, scale: f32) -> Result<(), String> {
    let mut sprites: HashMap<[u32; 3], Sprite> = HashMap::new();
    let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
    for &c in &p.circles {
        let [cx, cy, r] = c;
        let (x, y) = (cx * scale, cy * scale);
        // Wholly outside the picture (also where a centre is too far for whole pixels).
        let reach = r * scale + 2.0;
        if !(x > -reach && x < w + reach && y > -reach && y < h + reach) {
            continue;
        }
        let (ix, iy) = (x.floor() as i64, y.floor() as i64);
        let key = [
            (x - x.floor()).to_bits(),
            (y - y.floor()).to_bits(),
            r.to_bits(),
        ];
        let sprite = match sprites.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                Sprite::new(p, c, scale, (ix, iy))
                    .ok_or_else(|| format!("cannot draw the point at ({cx}, {cy}), r = {r}"))?,
            ),
        };
        sprite.stamp(pixmap, ix, iy);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_found_at_the_top_level_only() {
        let svg = "<svg width=\"10\" height=\"10\">\n<rect/>\n<g fill=\"#1F77B4\" fill-opacity=\"0.45\" stroke=\"none\">\n<circle cx=\"1\" cy=\"2\" r=\"2\"/>\n<circle cx=\"3.5\" cy=\"4\" r=\"1\"/>\n</g>\n<g transform=\"x\">\n<g fill=\"#000000\" fill-opacity=\"1\" stroke=\"none\">\n<circle cx=\"1\" cy=\"2\" r=\"2\"/>\n</g>\n</g>\n</svg>\n";
        let found = find(svg);
        assert_eq!(found.len(), 1);
        let p = &found[0];
        assert_eq!((p.fill.as_str(), p.opacity.as_str()), ("#1F77B4", "0.45"));
        assert_eq!(p.circles, vec![[1.0, 2.0, 2.0], [3.5, 4.0, 1.0]]);
        assert!(svg[p.bytes.clone()].starts_with("<g fill"));
        assert!(svg[p.bytes.clone()].ends_with("</g>\n"));
        // A circle line of another form: resvg draws it all.
        let odd = svg.replace("r=\"1\"/>", "r=\"1\" stroke=\"red\"/>");
        assert!(find(&odd).is_empty());
        // Something defined and referred to: resvg draws it all.
        assert!(find(&svg.replace("<rect/>", "<defs><rect id=\"r\"/></defs>")).is_empty());
        assert!(plain_head(
            "<svg width=\"640\" height=\"480\" viewBox=\"0 0 640 480\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        ));
        assert!(!plain_head(
            "<svg width=\"640\" height=\"480\" viewBox=\"0 0 320 240\" xmlns=\"http://www.w3.org/2000/svg\">"
        ));
        assert!(!plain_head(
            "<svg width=\"6\" height=\"4\" viewBox=\"0 0 6 4\" xmlns=\"http://www.w3.org/2000/svg\"><rect/>"
        ));
        // An unclosed group: resvg draws it all.
        assert!(find(&svg[..svg.find("</g>").unwrap()]).is_empty());
    }

    /// Stamped points draw the pixels resvg draws for the same circles one by one, at whole
    /// and fractional centres, overlapping, and cut by the picture's edge: the same bytes
    /// when translucent, within 2 of 255 when opaque (resvg then blends by coverage, not by
    /// source-over). A circle cut by the edge is compared with resvg's drawing of it whole,
    /// on a larger picture: resvg clips a path at the picture's edge before filling it, which
    /// moves its anti-aliasing there by up to 42 of 255 (the stamp's is closer to the exact
    /// coverage: at 13 edge pixels of the circles below, 8 of 255 off on average, resvg's
    /// clipped drawing 17).
    #[test]
    fn stamped_points_draw_what_resvg_draws() {
        let circles = [
            (10.0, 10.0, 3.0),
            (12.0, 11.0, 3.0),
            (30.25, 20.5, 2.5),
            (30.75, 21.0, 2.5),
            (-1.5, 5.0, 4.0),
            (59.0, 39.5, 3.0),
            (45.0, -2.0, 3.0),
        ];
        for (opacity, limit) in [("0.45", 0), ("1", 2)] {
            let (grouped, alone) = drawn_both_ways(&circles, opacity);
            let worst = (grouped.iter().zip(&alone))
                .map(|(x, y)| x.abs_diff(*y))
                .max()
                .unwrap();
            assert!(
                worst <= limit,
                "opacity {opacity}: a channel differs by {worst}"
            );
        }
    }

    /// The pixels of `circles` (cx, cy, r) and a line after them, drawn on a 60 x 40 picture
    /// at scale 2: as a point group; and by resvg, circle by circle, whole on a picture 10
    /// units larger on each side, cut to the same 60 x 40.
    fn drawn_both_ways(circles: &[(f64, f64, f64)], opacity: &str) -> (Vec<u8>, Vec<u8>) {
        let svg = |size: (u32, u32), shift: u32, body: &str| {
            format!(
                "<svg width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" xmlns=\"http://www.w3.org/2000/svg\">\n<g transform=\"translate({shift} {shift})\">\n<rect x=\"0\" y=\"0\" width=\"60\" height=\"40\" fill=\"#FFFFFF\"/>\n</g>\n{body}<g transform=\"translate({shift} {shift})\">\n<line x1=\"0\" y1=\"10\" x2=\"60\" y2=\"10\" stroke=\"#D62728\"/>\n</g>\n</svg>\n",
                size.0, size.1
            )
        };
        let mut group =
            format!("<g fill=\"#1F77B4\" fill-opacity=\"{opacity}\" stroke=\"none\">\n");
        let mut alone = String::from("<g transform=\"translate(10 10)\">\n");
        for (x, y, r) in circles {
            group.push_str(&format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\"/>\n"));
            alone.push_str(&format!(
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"#1F77B4\" fill-opacity=\"{opacity}\"/>\n"
            ));
        }
        group.push_str("</g>\n");
        alone.push_str("</g>\n");
        let (grouped, alone) = (svg((60, 40), 0, &group), svg((80, 60), 10, &alone));
        assert_eq!(find(&grouped).len(), 1);
        assert!(find(&alone).is_empty());
        let pixels = |svg: &str| {
            let png = super::super::rasterize(svg, 2.0).unwrap();
            Pixmap::decode_png(&png).unwrap()
        };
        let whole = pixels(&alone);
        // Rows 20..100 and columns 20..140 of the larger picture.
        let cut: Vec<u8> = (20..100)
            .flat_map(|y| whole.data()[(y * 160 + 20) * 4..(y * 160 + 140) * 4].to_vec())
            .collect();
        (pixels(&grouped).data().to_vec(), cut)
    }

    /// tiny-skia's division: within one of v / 255, and source-over of a premultiplied
    /// pixel onto any other stays within a byte without saturating.
    #[test]
    fn div255_is_tiny_skias_and_source_over_stays_in_a_byte() {
        for v in 0..=255 * 255u32 {
            let d = u32::from(div255(v));
            assert_eq!(d, (v + 255) / 256);
            assert!((f64::from(d) - f64::from(v) / 255.0).abs() < 1.0, "{v}");
        }
        for sa in 0..=255u32 {
            for d in 0..=255u32 {
                assert!(sa + u32::from(div255(d * (255 - sa))) <= 255, "{sa} {d}");
            }
        }
    }
}
