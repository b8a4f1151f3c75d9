//! Unit tests: compacted circles, paint opacity, text laid out in the PNG, the legend's
//! corner and axis bounds.

use super::{bounds, compact_circles, free_corner, paint_opacity, rasterize};
use plotters::prelude::SeriesLabelPosition;

#[test]
fn compacted_circles_draw_the_same_pixels_in_fewer_bytes() {
    // Overlapping translucent circles of two colours, one with a stroke (kept as is).
    let mut svg = String::from(
        "<svg width=\"120\" height=\"80\" viewBox=\"0 0 120 80\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\" y=\"0\" width=\"120\" height=\"80\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n",
    );
    for k in 0..30 {
        let fill = if k < 20 { "#6E6E6E" } else { "#1F77B4" };
        svg.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"6\" opacity=\"0.5\" fill=\"{fill}\" stroke=\"none\" stroke-width=\"1\"/>\n",
            10 + 3 * k,
            20 + (k * 7) % 40
        ));
    }
    svg.push_str("<circle cx=\"60\" cy=\"40\" r=\"9\" opacity=\"1\" fill=\"#FF0000\" stroke=\"#000000\" stroke-width=\"2\"/>\n</svg>\n");
    let compact = compact_circles(&svg);
    assert!(
        compact.len() * 2 < svg.len(),
        "{} of {} bytes",
        compact.len(),
        svg.len()
    );
    assert_eq!(compact.matches("<g ").count(), 2);
    assert!(compact.contains("stroke=\"#000000\" stroke-width=\"2\"/>"));
    // The same pixels but for rounding: opacity composites the circle as a layer,
    // fill-opacity paints it translucent, and the two round colours differently.
    let pixels = |svg: &str| {
        let png = rasterize(svg, 1.0).unwrap();
        resvg::tiny_skia::Pixmap::decode_png(&png)
            .unwrap()
            .data()
            .to_vec()
    };
    let (a, b) = (pixels(&compact), pixels(&svg));
    assert_eq!(a.len(), b.len());
    let worst = a.iter().zip(&b).map(|(x, y)| x.abs_diff(*y)).max().unwrap();
    assert!(worst <= 2, "a colour channel differs by {worst} of 255");
    let fainter = svg.replace("opacity=\"0.5\"", "opacity=\"0.3\"");
    assert!(a != pixels(&fainter), "the check sees a change of opacity");
}

/// A translucent grid line, outline or box is given its paint's opacity instead of the
/// element's (which resvg draws on a layer): the same pixels but for rounding; a shape with
/// both paints keeps its opacity (its layer blends the two together).
#[test]
fn paint_opacity_draws_the_same_pixels_without_layers() {
    let svg = concat!(
        "<svg width=\"40\" height=\"30\" viewBox=\"0 0 40 30\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        "<rect x=\"0\" y=\"0\" width=\"40\" height=\"30\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n",
        "<line opacity=\"0.2\" stroke=\"#000000\" stroke-width=\"1\" x1=\"5\" y1=\"25\" x2=\"35\" y2=\"5\"/>\n",
        "<polyline fill=\"none\" opacity=\"0.5\" stroke=\"#0000FF\" stroke-width=\"2\" points=\"2,2 20,28 38,2 \"/>\n",
        "<rect x=\"10\" y=\"10\" width=\"12\" height=\"8\" opacity=\"0.9\" fill=\"#FF0000\" stroke=\"none\"/>\n",
        "<rect x=\"8\" y=\"8\" width=\"20\" height=\"12\" opacity=\"0.3\" fill=\"#00FF00\" stroke=\"#000000\"/>\n",
        "</svg>\n"
    );
    let out = paint_opacity(svg);
    assert!(
        out.contains("<line stroke-opacity=\"0.2\" stroke=\"#000000\""),
        "{out}"
    );
    assert!(
        out.contains("fill=\"none\" stroke-opacity=\"0.5\""),
        "{out}"
    );
    assert!(out.contains("height=\"8\" fill-opacity=\"0.9\""), "{out}");
    assert!(out.contains("height=\"12\" opacity=\"0.3\""), "{out}");
    assert!(out.contains("height=\"30\" opacity=\"1\""), "{out}");
    let pixels = |svg: &str| {
        let png = rasterize(svg, 2.0).unwrap();
        resvg::tiny_skia::Pixmap::decode_png(&png)
            .unwrap()
            .data()
            .to_vec()
    };
    let (a, b) = (pixels(svg), pixels(&out));
    let worst = a.iter().zip(&b).map(|(x, y)| x.abs_diff(*y)).max().unwrap();
    assert!(worst <= 1, "a colour channel differs by {worst} of 255");
    let darker = svg.replace("opacity=\"0.2\"", "opacity=\"0.6\"");
    assert!(a != pixels(&darker), "the check sees the line");
}

/// The widest run of blank pixel columns between the first and the last inked column of
/// a word rendered at `px` pixels (black on white, through the PNG the charts use).
fn widest_gap(word: &str, px: u32) -> usize {
    let svg = format!(
        r##"<svg width="600" height="80" viewBox="0 0 600 80" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="600" height="80" fill="#FFFFFF"/><text x="10" y="60" font-family="sans-serif" font-size="{px}" fill="#000000">{word}</text></svg>"##
    );
    let png = rasterize(&svg, 1.0).unwrap();
    let img = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let inked: Vec<bool> = (0..w)
        .map(|x| (0..h).any(|y| img.pixel(x as u32, y as u32).unwrap().red() < 128))
        .collect();
    let first = inked.iter().position(|&b| b).unwrap();
    let last = inked.iter().rposition(|&b| b).unwrap();
    let mut widest = 0;
    let mut run = 0;
    for &b in &inked[first..=last] {
        run = if b { 0 } else { run + 1 };
        widest = widest.max(run);
    }
    widest
}

/// PNG text is laid out with the font's advances: no gap inside a word is as wide as a
/// space (the old rasterizer drew "Str ategic pl anning"), while a real space is.
#[test]
fn letters_of_a_word_are_not_spaced_apart() {
    let px = 40;
    // At 40 px the embedded font's widest gaps inside these words are 5-9 px, a space
    // 13-15 px: a quarter of an em tells them apart.
    let limit = px as usize / 4;
    for word in [
        "Strategic",
        "planning",
        "Entrepreneurship",
        "窗口地位",
        "Interconnection",
    ] {
        let gap = widest_gap(word, px);
        assert!(
            gap < limit,
            "{word}: a gap of {gap} px inside the word (limit {limit})"
        );
    }
    assert!(widest_gap("Str ategic", px) >= limit, "a space is a gap");
    assert!(widest_gap("pl anning", px) >= limit, "a space is a gap");
}

#[test]
fn the_legend_goes_to_a_corner_without_data() {
    // Plot 0..100 x 0..100 pixels, legend 30 x 20: data in the upper right push it on.
    let data = [(90, 5), (80, 15)];
    let at = free_corner(&data, (0, 100), (0, 100), (30, 20));
    assert!(matches!(at, SeriesLabelPosition::LowerRight), "{at:?}");
    let data = [(90, 5), (90, 95), (5, 5)];
    let at = free_corner(&data, (0, 100), (0, 100), (30, 20));
    assert!(matches!(at, SeriesLabelPosition::LowerLeft), "{at:?}");
}

#[test]
fn equal_values_get_an_axis_of_width_one_not_zero() {
    assert_eq!(bounds(&[3.0, 3.0, 3.0]), (2.5, 3.5));
    assert_eq!(bounds(&[]), (-1.0, 1.0));
    let (lo, hi) = bounds(&[1.0, 3.0]);
    assert!((lo - 0.9).abs() < 1e-12 && (hi - 3.1).abs() < 1e-12);
}

/// The PNG holds straight (not premultiplied) colours: an opaque chart as drawn, and a
/// translucent one demultiplied (half-transparent red stays red, at half alpha).
#[test]
fn png_pixels_are_the_colours_drawn_opaque_or_translucent() {
    let straight = |svg: &str| {
        let png = rasterize(svg, 1.0).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgba);
        buf[..4].to_vec()
    };
    let head =
        r##"<svg width="4" height="4" viewBox="0 0 4 4" xmlns="http://www.w3.org/2000/svg">"##;
    let opaque = format!(r##"{head}<rect width="4" height="4" fill="#336699"/></svg>"##);
    assert_eq!(straight(&opaque), [0x33, 0x66, 0x99, 255]);
    let translucent =
        format!(r##"{head}<rect width="4" height="4" fill="#FF0000" fill-opacity="0.5"/></svg>"##);
    let px = straight(&translucent);
    assert_eq!(px[..3], [255, 0, 0], "{px:?}");
    assert!(px[3].abs_diff(128) <= 1, "{px:?}");
}

/// Eight series get eight colours (the coefficient chart of five models had two in blue);
/// the ninth starts again.
#[test]
fn eight_series_get_eight_colours() {
    let colours: Vec<_> = (0..9).map(super::series_color).collect();
    for (i, a) in colours[..8].iter().enumerate() {
        for b in &colours[i + 1..8] {
            assert_ne!(a, b);
        }
    }
    assert_eq!(colours[8], colours[0]);
    assert_eq!(colours[..4], super::PALETTE);
}
