//! Page geometry and shapes: page sizes, margins, boxes and colours, and the filled
//! rectangles, rules, dashed lines and upside-down areas drawn on a page.
//!
//! Invariant: callers give millimetres from the page's top-left corner; only this part (and
//! the other drawing parts) turns them into PDF points from the bottom-left, so no caller
//! ever sees PDF coordinates. Every shape saves and restores the graphics state around itself,
//! so a colour or dash never leaks into what is drawn next.

use printpdf::{Color, CurTransMat, Line, LineDashPattern, LinePoint, Op, Point, Pt, Rect, Rgb};

use super::{Document, PT_PER_MM};

/// A colour as red, green and blue from 0 to 1.
pub type Rgb3 = (f32, f32, f32);

/// Black text and lines.
pub const BLACK: Rgb3 = (0.0, 0.0, 0.0);
/// White, for text on a coloured band.
pub const WHITE: Rgb3 = (1.0, 1.0, 1.0);

/// Rules: table lines, the header rule, a chart's axis.
pub(super) const RULE: (f32, f32, f32) = (0.55, 0.55, 0.55);

/// A page size in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in mm.
    pub width_mm: f32,
    /// Height in mm.
    pub height_mm: f32,
}

impl PageSize {
    /// A4 upright, 210 × 297 mm.
    pub const A4_PORTRAIT: PageSize = PageSize::mm(210.0, 297.0);
    /// A4 on its side, 297 × 210 mm.
    pub const A4_LANDSCAPE: PageSize = PageSize::mm(297.0, 210.0);
    /// A6 upright, 105 × 148 mm: the usual badge insert.
    pub const A6_PORTRAIT: PageSize = PageSize::mm(105.0, 148.0);
    /// A6 on its side, 148 × 105 mm.
    pub const A6_LANDSCAPE: PageSize = PageSize::mm(148.0, 105.0);

    /// Any size, e.g. a badge card of 90 × 54 mm.
    pub const fn mm(width_mm: f32, height_mm: f32) -> PageSize {
        PageSize {
            width_mm,
            height_mm,
        }
    }
}

/// Page margins in millimetres; the running header and footer sit inside the top and bottom
/// margins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Top margin in mm.
    pub top_mm: f32,
    /// Right margin in mm.
    pub right_mm: f32,
    /// Bottom margin in mm.
    pub bottom_mm: f32,
    /// Left margin in mm.
    pub left_mm: f32,
}

impl Margins {
    /// The same margin on all four sides.
    pub const fn uniform(mm: f32) -> Margins {
        Margins {
            top_mm: mm,
            right_mm: mm,
            bottom_mm: mm,
            left_mm: mm,
        }
    }
}

/// A rectangle on the page in millimetres from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxMm {
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Width.
    pub width_mm: f32,
    /// Height.
    pub height_mm: f32,
}

/// An [`Rgb3`] as a PDF colour.
pub(super) fn colour((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

impl Document {
    /// A rectangle, filled and/or outlined (`stroke`: colour and line width in points).
    pub fn rect(&mut self, area: BoxMm, fill: Option<Rgb3>, stroke: Option<(Rgb3, f32)>) {
        self.ensure_page();
        if let Some(fill) = fill {
            self.fill_rect(area.x_mm, area.y_mm, area.width_mm, area.height_mm, fill);
        }
        if let Some((col, width_pt)) = stroke {
            let index = self.pages.len() - 1;
            self.put_outline(index, area, width_pt, col);
        }
    }

    /// A straight line from (`x1_mm`, `y1_mm`) to (`x2_mm`, `y2_mm`), `width_pt` wide;
    /// `dash_mm` gives dash and gap lengths for a dashed line (a fold line).
    pub fn line(
        &mut self,
        from_mm: (f32, f32),
        to_mm: (f32, f32),
        width_pt: f32,
        colour: Rgb3,
        dash_mm: Option<(f32, f32)>,
    ) {
        self.ensure_page();
        let Some((dash, gap)) = dash_mm else {
            self.rule(from_mm.0, from_mm.1, to_mm.0, to_mm.1, width_pt, colour);
            return;
        };
        let ops = self.current_ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, &[dash * PT_PER_MM, gap * PT_PER_MM]),
        });
        self.rule(from_mm.0, from_mm.1, to_mm.0, to_mm.1, width_pt, colour);
        self.current_ops().push(Op::RestoreGraphicsState);
    }

    /// Whatever `draw` puts on the page, turned upside down within `area` (rotated 180°
    /// about its centre): the far half of a folded table card reads upright from the other
    /// side. Positions given to `draw` are as if the area were upright.
    pub fn upside_down(&mut self, area: BoxMm, draw: impl FnOnce(&mut Document)) {
        let cx = (area.x_mm + area.width_mm / 2.0) * PT_PER_MM;
        let cy = (self.page.height_mm - area.y_mm - area.height_mm / 2.0) * PT_PER_MM;
        self.ensure_page();
        let page = self.pages.len();
        let ops = self.current_ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([-1.0, 0.0, 0.0, -1.0, 2.0 * cx, 2.0 * cy]),
        });
        draw(self);
        // `draw` must not start a page; if it did, the state is closed where it was opened.
        self.pages[page - 1].push(Op::RestoreGraphicsState);
    }

    /// Whatever `draw` puts on the page, turned a quarter clockwise about the centre of
    /// `area`, so text reads from top to bottom: a Latin name in a tall, narrow seat of a
    /// seating plan. `draw` is given the upright box it draws in — `area` turned, its width
    /// the area's height — and positions in it as if it were upright.
    pub fn sideways(&mut self, area: BoxMm, draw: impl FnOnce(&mut Document, BoxMm)) {
        let (cx_mm, cy_mm) = (
            area.x_mm + area.width_mm / 2.0,
            area.y_mm + area.height_mm / 2.0,
        );
        let (cx, cy) = (cx_mm * PT_PER_MM, (self.page.height_mm - cy_mm) * PT_PER_MM);
        let upright = BoxMm {
            x_mm: cx_mm - area.height_mm / 2.0,
            y_mm: cy_mm - area.width_mm / 2.0,
            width_mm: area.height_mm,
            height_mm: area.width_mm,
        };
        self.ensure_page();
        let page = self.pages.len();
        let ops = self.current_ops();
        ops.push(Op::SaveGraphicsState);
        // p' = R(p − c) + c with R a quarter turn clockwise (PDF's y points up).
        ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([0.0, -1.0, 1.0, 0.0, cx - cy, cy + cx]),
        });
        draw(self, upright);
        self.pages[page - 1].push(Op::RestoreGraphicsState);
    }

    /// A filled rectangle without outline on the current page.
    pub(super) fn fill_rect(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        w_mm: f32,
        h_mm: f32,
        fill: (f32, f32, f32),
    ) {
        let page_h = self.page.height_mm;
        let ops = self.current_ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor { col: colour(fill) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x_mm * PT_PER_MM),
                y: Pt((page_h - y_mm - h_mm) * PT_PER_MM),
                width: Pt(w_mm * PT_PER_MM),
                height: Pt(h_mm * PT_PER_MM),
                mode: Some(printpdf::PaintMode::Fill),
                winding_order: None,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// A straight line on the current page.
    pub(super) fn rule(
        &mut self,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
        col: (f32, f32, f32),
    ) {
        self.ensure_page();
        let index = self.pages.len() - 1;
        self.put_rule(index, x1, y1, x2, y2, width_pt, col);
    }

    /// The four sides of `area` on page `index`.
    pub(super) fn put_outline(&mut self, index: usize, area: BoxMm, width_pt: f32, col: Rgb3) {
        let (l, t) = (area.x_mm, area.y_mm);
        let (r, b) = (l + area.width_mm, t + area.height_mm);
        for (x1, y1, x2, y2) in [(l, t, r, t), (r, t, r, b), (r, b, l, b), (l, b, l, t)] {
            self.put_rule(index, x1, y1, x2, y2, width_pt, col);
        }
    }

    /// A straight line on page `index` (the running header draws on pages already laid out).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn put_rule(
        &mut self,
        index: usize,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
        col: (f32, f32, f32),
    ) {
        let page_h = self.page.height_mm;
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x * PT_PER_MM),
                y: Pt((page_h - y) * PT_PER_MM),
            },
            bezier: false,
        };
        let ops = &mut self.pages[index];
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: colour(col) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }
}
