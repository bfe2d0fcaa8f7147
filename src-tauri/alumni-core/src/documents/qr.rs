//! QR codes as one filled vector path: sharp at any print resolution, no image smoothing, and
//! no hairline seams between modules (separate rectangles show seams in some viewers).
//!
//! Invariants: the size given includes the four-module quiet zone the standard asks for, so a
//! code placed in its box always has clear space; error correction is level Q (25 %), which
//! still fits a 12-digit badge token in the smallest symbol (21 × 21 modules). The path is
//! written in module units under a scaling matrix, so its coordinates are small integers —
//! a few hundred bytes per code, which matters for a set of 420 badges.

use printpdf::{Color, CurTransMat, Greyscale, LinePoint, Op, Point, Polygon, PolygonRing, Pt};

use super::DocumentError;

/// Modules of clear space on each side, as the QR standard requires.
const QUIET_ZONE_MODULES: usize = 4;

/// Drawing operations for the QR symbol of `data`: `left_pt`/`top_pt` is the top-left corner
/// of the square including the quiet zone, in PDF coordinates (origin bottom-left, y up).
pub(crate) fn ops(
    data: &str,
    left_pt: f32,
    top_pt: f32,
    size_pt: f32,
) -> Result<Vec<Op>, DocumentError> {
    let (width, dark) = modules(data, qrcode::EcLevel::Q)?;
    let module = size_pt / (width + 2 * QUIET_ZONE_MODULES) as f32;
    let quiet = module * QUIET_ZONE_MODULES as f32;
    // Module (column, row) maps to x = left + quiet + column·module, y = top − quiet − row·module.
    let to_page = CurTransMat::Raw([module, 0.0, 0.0, -module, left_pt + quiet, top_pt - quiet]);
    Ok(vec![
        Op::SaveGraphicsState,
        Op::SetTransformationMatrix { matrix: to_page },
        Op::SetFillColor {
            col: Color::Greyscale(Greyscale {
                percent: 0.0,
                icc_profile: None,
            }),
        },
        Op::DrawPolygon {
            polygon: Polygon {
                rings: rectangles(&dark, width).into_iter().map(ring).collect(),
                mode: printpdf::PaintMode::Fill,
                winding_order: printpdf::WindingOrder::NonZero,
            },
        },
        Op::RestoreGraphicsState,
    ])
}

/// The QR symbol of `data` as an SVG image (the quiet zone included, one path, black on
/// white), for a screen: the door server's pairing address. `size_px` is the image's width and
/// height. Errors: `Qr` when the data does not fit a symbol.
pub fn svg(data: &str, size_px: u32) -> Result<String, DocumentError> {
    // Level M: a pairing address is long, and a screen is not a crumpled badge.
    let (width, dark) = modules(data, qrcode::EcLevel::M)?;
    let side = width + 2 * QUIET_ZONE_MODULES;
    let mut path = String::new();
    for r in rectangles(&dark, width) {
        path.push_str(&format!(
            "M{} {}h{}v{}h-{}z",
            r.x0 + QUIET_ZONE_MODULES,
            r.y0 + QUIET_ZONE_MODULES,
            r.x1 - r.x0,
            r.y1 - r.y0,
            r.x1 - r.x0
        ));
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size_px}\" height=\"{size_px}\" \
         viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// The symbol of `data`: its width in modules and, row by row, which modules are dark.
fn modules(data: &str, level: qrcode::EcLevel) -> Result<(usize, Vec<bool>), DocumentError> {
    let code =
        qrcode::QrCode::with_error_correction_level(data.as_bytes(), level).map_err(|e| {
            DocumentError::Qr {
                reason: e.to_string(),
            }
        })?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok((code.width(), dark))
}

/// A rectangle of modules: columns `x0..x1`, rows `y0..y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Modules {
    x0: usize,
    x1: usize,
    y0: usize,
    y1: usize,
}

/// Covers the dark modules with rectangles: each row's horizontal runs, a run continuing the
/// identical run of the row above extending that rectangle downwards.
fn rectangles(dark: &[bool], width: usize) -> Vec<Modules> {
    let mut done = Vec::new();
    let mut open: Vec<Modules> = Vec::new();
    for row in 0..width {
        let mut runs = Vec::new();
        let mut col = 0;
        while col < width {
            if !dark[row * width + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && dark[row * width + col] {
                col += 1;
            }
            runs.push((start, col));
        }
        let mut next = Vec::with_capacity(runs.len());
        for (x0, x1) in runs {
            match open.iter().position(|r| r.x0 == x0 && r.x1 == x1) {
                Some(i) => {
                    let mut r = open.swap_remove(i);
                    r.y1 = row + 1;
                    next.push(r);
                }
                None => next.push(Modules {
                    x0,
                    x1,
                    y0: row,
                    y1: row + 1,
                }),
            }
        }
        done.append(&mut open);
        open = next;
    }
    done.append(&mut open);
    done
}

/// A rectangle as a closed ring; every ring runs the same way round, so the non-zero rule
/// fills their union.
fn ring(r: Modules) -> PolygonRing {
    let corners = [(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1)];
    PolygonRing {
        points: corners
            .into_iter()
            .map(|(x, y)| LinePoint {
                p: Point {
                    x: Pt(x as f32),
                    y: Pt(y as f32),
                },
                bezier: false,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_of_a_pairing_address_is_one_path_on_white_and_decodes() {
        let url = "http://192.168.1.10:8765/door.html#key=abcdefghijklmnopqrstuvwxyz&meeting=1";
        let image = svg(url, 220).expect("svg");
        assert!(
            image.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{image}"
        );
        assert_eq!(image.matches("<path").count(), 1);
        if let Some(out) = std::env::var_os("QR_SVG_OUT") {
            std::fs::write(out, &image).expect("write");
        }
        // Rasterise the path's rectangles and read the symbol back.
        let side: usize = image
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("viewBox");
        let scale = 4;
        let mut pixels = vec![255u8; side * side * scale * scale];
        let path = image
            .split(" d=\"")
            .nth(1)
            .expect("d")
            .split('"')
            .next()
            .expect("path");
        for rect in path.split('M').filter(|r| !r.is_empty()) {
            let numbers: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().expect("number"))
                .collect();
            let (x, y, w, h) = (numbers[0], numbers[1], numbers[2], numbers[3]);
            for row in y * scale..(y + h) * scale {
                for col in x * scale..(x + w) * scale {
                    pixels[row * side * scale + col] = 0;
                }
            }
        }
        let size = side * scale;
        let mut grid =
            rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| pixels[y * size + x]);
        let grids = grid.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, url);
    }

    #[test]
    fn rectangles_cover_exactly_the_dark_modules() {
        let code = qrcode::QrCode::with_error_correction_level(b"402817365590", qrcode::EcLevel::Q)
            .expect("qr");
        let width = code.width();
        assert_eq!(width, 21, "a 12-digit token fits version 1");
        let dark: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        let mut covered = vec![0u8; width * width];
        let rects = rectangles(&dark, width);
        for r in &rects {
            for y in r.y0..r.y1 {
                for x in r.x0..r.x1 {
                    covered[y * width + x] += 1;
                }
            }
        }
        for i in 0..width * width {
            assert_eq!(covered[i], u8::from(dark[i]), "module {i}");
        }
        let runs: usize = (0..width)
            .map(|row| {
                (0..width)
                    .filter(|&c| dark[row * width + c] && (c == 0 || !dark[row * width + c - 1]))
                    .count()
            })
            .sum();
        assert!(
            rects.len() < runs,
            "{} rectangles for {runs} runs",
            rects.len()
        );
    }
}
