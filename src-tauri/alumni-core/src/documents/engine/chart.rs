//! Bar charts: horizontal bars (the statistics report) — a title, one labelled bar per entry
//! and its figure after it — and columns (arrivals over time in the attendance report) — a
//! title, one column per entry in order left to right, its figure above and its label below.
//!
//! Invariants: bars are scaled to the given full scale (or the largest value) and never run
//! past the text width; a long label wraps to two lines and then shrinks; a chart that fits
//! on a page stays on one page, a longer one continues under its title with "（续）". A column
//! chart is always on one page, never wider than the text width; its labels never overlap
//! (where they would, only every k-th is printed). A horizontal chart may carry a mark: a
//! dashed red line at one value across every row, labelled on every page it reaches.

use std::borrow::Cow;

use super::page::RULE;
use super::text::{line_height_mm, line_in_width, width_mm, wrap_mm, MIN_SHRINK_PT};
use super::{Align, Document, TextStyle, BLACK};

/// Space below a chart.
const CHART_SPACE_AFTER_MM: f32 = 3.0;

/// The widest a column chart's slot gets (a few columns do not spread across the page).
const COLUMN_SLOT_MAX_MM: f32 = 16.0;
/// A column's width as a share of its slot.
const COLUMN_SHARE: f32 = 0.7;
/// The smallest size a column's figure shrinks to.
const COLUMN_FIGURE_MIN_PT: f32 = 5.0;

/// The bars' colour.
const BAR_FILL: (f32, f32, f32) = (0.20, 0.40, 0.68);

/// The colour of a bar chart's mark line and its label.
const MARK_LINE: (f32, f32, f32) = (0.8, 0.1, 0.1);

/// A line across a horizontal bar chart at one value, e.g. the votes that elect.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartMark {
    /// Where the line is, on the bars' scale.
    pub value: f64,
    /// What it means, printed in red at the right of the title row, e.g. "当选线 ≥ 65 票".
    pub label: String,
}

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The bar's length relative to the longest bar.
    pub value: f64,
    /// The figure printed after the bar, e.g. "1,234" or "85.2%".
    pub value_text: String,
}

impl Bar {
    /// A bar for a count, labelled with the count.
    pub fn count(label: impl Into<String>, count: u64) -> Bar {
        Bar {
            label: label.into(),
            value: count as f64,
            value_text: count.to_string(),
        }
    }
}

/// One bar's label lines, their size and the row's height.
struct ChartRow {
    lines: Vec<String>,
    size_pt: f32,
    height_mm: f32,
}

/// A column chart laid out.
struct ColumnLayout {
    title_h: f32,
    /// The first slot's left edge from the left margin: room for a label wider than its slot.
    inset: f32,
    slot_w: f32,
    figure_pt: f32,
    label_pt: f32,
    label_every: usize,
    full_scale: f64,
}

impl ColumnLayout {
    /// The chart's height from its title to below its labels, space after it included.
    fn height_mm(&self, plot_mm: f32) -> f32 {
        self.title_h
            + line_height_mm(self.figure_pt)
            + plot_mm
            + 0.8
            + line_height_mm(self.label_pt)
            + CHART_SPACE_AFTER_MM
    }
}

/// A bar chart laid out.
struct ChartLayout {
    title_h: f32,
    label_w: f32,
    bar_x: f32,
    bar_area: f32,
    full_scale: f64,
    rows: Vec<ChartRow>,
}

impl Document {
    /// A horizontal bar chart across the text width: a bold title, then one labelled bar per
    /// entry with its figure after it. Bars are scaled to `full_scale` (e.g. 1.0 for shares),
    /// or to the largest value when `None`. Long labels wrap to two lines and then shrink.
    /// A chart that fits on a page is kept on one page; a longer one continues on the next
    /// page under its title with "（续）".
    pub fn horizontal_bar_chart(&mut self, title: &str, bars: &[Bar], full_scale: Option<f64>) {
        self.horizontal_bar_chart_marked(title, bars, full_scale, None);
    }

    /// A horizontal bar chart as [`Document::horizontal_bar_chart`], with a dashed red line
    /// across every row at `mark.value` (e.g. the votes that elect) and `mark.label` in red
    /// at the right of the title row, on every page the chart reaches.
    pub fn horizontal_bar_chart_marked(
        &mut self,
        title: &str,
        bars: &[Bar],
        full_scale: Option<f64>,
        mark: Option<&ChartMark>,
    ) {
        let title = self.checked(title).into_owned();
        let mark_label = mark.map(|m| self.checked(&m.label).into_owned());
        for bar in bars {
            self.checked(&bar.label);
            self.checked(&bar.value_text);
        }
        let chart = self.layout_chart(bars, full_scale);
        let size = self.body_size_pt - 1.0;
        let title_style = TextStyle::new(self.body_size_pt + 0.5).bold();
        let left = self.margins.left_mm;

        let all_rows: f32 = chart.rows.iter().map(|r| r.height_mm).sum();
        let first_rows: f32 = chart.rows.iter().take(3).map(|r| r.height_mm).sum();
        if chart.title_h + all_rows <= self.page_body_mm() {
            self.begin_block(chart.title_h + all_rows);
        } else {
            self.begin_block(chart.title_h + first_rows);
        }
        let mark_x = mark.filter(|_| chart.full_scale > 0.0).map(|m| {
            let share = (m.value.clamp(0.0, chart.full_scale) / chart.full_scale) as f32;
            chart.bar_x + share * chart.bar_area
        });
        let top = self.cursor_mm;
        self.line_in(&(left, title.clone()), top, title_style, BLACK);
        self.chart_mark_label(mark_label.as_deref(), top);
        self.cursor_mm += chart.title_h;
        let mut segment_top = self.cursor_mm;

        for (row, bar) in chart.rows.iter().zip(bars) {
            let h = row.height_mm;
            if h > self.remaining_mm() {
                self.chart_mark_line(mark_x, segment_top);
                self.new_page();
                let top = self.cursor_mm;
                self.line_in(&(left, format!("{title}（续）")), top, title_style, BLACK);
                self.chart_mark_label(mark_label.as_deref(), top);
                self.cursor_mm += chart.title_h;
                segment_top = self.cursor_mm;
            }
            let top = self.cursor_mm;
            let style = TextStyle::new(row.size_pt).align(Align::Right);
            let lh = line_height_mm(row.size_pt);
            let mut line_top = top + (h - row.lines.len() as f32 * lh) / 2.0;
            for line in &row.lines {
                let placed = line_in_width(self.fonts, line, left, chart.label_w - 2.0, style);
                self.line_in(&placed, line_top, style, BLACK);
                line_top += lh;
            }
            let bar_h = (line_height_mm(size) * 0.8).min(h - 1.0);
            let bar_top = top + (h - bar_h) / 2.0;
            let len = if chart.full_scale > 0.0 {
                (bar.value.clamp(0.0, chart.full_scale) / chart.full_scale) as f32 * chart.bar_area
            } else {
                0.0
            };
            if len > 0.05 {
                self.fill_rect(chart.bar_x, bar_top, len, bar_h, BAR_FILL);
            }
            let figure = self.as_printed(&bar.value_text).into_owned();
            let figure_top = top + (h - line_height_mm(size)) / 2.0;
            let placed = (chart.bar_x + len + 1.0, figure);
            self.line_in(&placed, figure_top, TextStyle::new(size), BLACK);
            self.rule(chart.bar_x, top, chart.bar_x, top + h, 0.6, RULE);
            self.cursor_mm += h;
        }
        self.chart_mark_line(mark_x, segment_top);
        self.cursor_mm += CHART_SPACE_AFTER_MM;
    }

    /// The mark's label, red, at the right of a bar chart's title row at `top`.
    fn chart_mark_label(&mut self, label: Option<&str>, top: f32) {
        let Some(label) = label else {
            return;
        };
        let style = TextStyle::new(self.body_size_pt - 1.0);
        let w = width_mm(self.fonts, label, style.size_pt, false);
        let x = self.page.width_mm - self.margins.right_mm - w;
        self.line_in(&(x, label.to_string()), top + 0.5, style, MARK_LINE);
    }

    /// The mark's dashed line at `x` from `top` down to the cursor.
    fn chart_mark_line(&mut self, x: Option<f32>, top: f32) {
        if let Some(x) = x {
            let bottom = self.cursor_mm;
            self.line((x, top), (x, bottom), 0.9, MARK_LINE, Some((1.6, 1.0)));
        }
    }

    /// A column chart from the left margin: a bold title, then one column per entry in the
    /// order given, rising from a baseline, `plot_mm` tall at the largest value; its figure
    /// above it (none for a zero, whose slot stays empty) and its label below it. Slots share
    /// the text width (at most 16 mm each); figures shrink to their slot; where labels would
    /// overlap only every k-th is printed, the first always. Kept on one page, with any
    /// pending heading.
    pub fn column_chart(&mut self, title: &str, bars: &[Bar], plot_mm: f32) {
        let title = self.checked(title).into_owned();
        for bar in bars {
            self.checked(&bar.label);
            self.checked(&bar.value_text);
        }
        let chart = self.layout_columns(bars);
        self.begin_block(chart.height_mm(plot_mm) - CHART_SPACE_AFTER_MM);
        let left = self.margins.left_mm;
        let top = self.cursor_mm;
        let title_style = TextStyle::new(self.body_size_pt + 0.5).bold();
        self.line_in(&(left, title), top, title_style, BLACK);
        let first = left + chart.inset;
        let base_y = top + chart.title_h + line_height_mm(chart.figure_pt) + plot_mm;
        let column_w = chart.slot_w * COLUMN_SHARE;
        let figure_style = TextStyle::new(chart.figure_pt);
        let label_style = TextStyle::new(chart.label_pt);
        for (i, bar) in bars.iter().enumerate() {
            let centre = first + (i as f32 + 0.5) * chart.slot_w;
            let h = if chart.full_scale > 0.0 {
                (bar.value.clamp(0.0, chart.full_scale) / chart.full_scale) as f32 * plot_mm
            } else {
                0.0
            };
            if h > 0.05 {
                self.fill_rect(centre - column_w / 2.0, base_y - h, column_w, h, BAR_FILL);
            }
            if bar.value > 0.0 {
                let figure = self.as_printed(&bar.value_text).into_owned();
                let w = width_mm(self.fonts, &figure, chart.figure_pt, false);
                let figure_top = base_y - h - line_height_mm(chart.figure_pt);
                self.line_in(&(centre - w / 2.0, figure), figure_top, figure_style, BLACK);
            }
            if i % chart.label_every == 0 {
                let label = self.as_printed(&bar.label).into_owned();
                let w = width_mm(self.fonts, &label, chart.label_pt, false);
                self.line_in(&(centre - w / 2.0, label), base_y + 0.8, label_style, BLACK);
            }
        }
        let chart_right = first + bars.len() as f32 * chart.slot_w;
        self.rule(
            first,
            base_y,
            chart_right.max(first + 10.0),
            base_y,
            0.6,
            RULE,
        );
        self.cursor_mm = top + chart.height_mm(plot_mm);
    }

    /// The height [`Document::column_chart`] takes, its space after included.
    pub fn column_chart_height_mm(&self, bars: &[Bar], plot_mm: f32) -> f32 {
        self.layout_columns(bars).height_mm(plot_mm)
    }

    /// Slot width, figure and label sizes and how often labels are printed (text as printed).
    fn layout_columns(&self, bars: &[Bar]) -> ColumnLayout {
        let fonts = self.fonts;
        let size = self.body_size_pt - 1.5;
        let widest = |text: &dyn Fn(&Bar) -> &str| {
            bars.iter()
                .map(|b| width_mm(fonts, &self.as_printed(text(b)), size, false))
                .fold(0.0, f32::max)
        };
        let label_w = widest(&|b| b.label.as_str()) + 1.5;
        let slots = bars.len().max(1) as f32;
        let content = self.content_width_mm();
        let mut slot_w = (content / slots).min(COLUMN_SLOT_MAX_MM);
        let mut inset = 0.0;
        if label_w > slot_w {
            // A label centred under the first or last column stays within the margins.
            inset = ((label_w - slot_w) / 2.0).min(content / 4.0);
            slot_w = ((content - 2.0 * inset) / slots).min(COLUMN_SLOT_MAX_MM);
        }
        let figure_w = widest(&|b| b.value_text.as_str());
        let figure_room = slot_w - 0.4;
        let figure_pt = if figure_w > figure_room && figure_w > 0.0 {
            ((size * figure_room / figure_w * 10.0).floor() / 10.0).max(COLUMN_FIGURE_MIN_PT)
        } else {
            size
        };
        let label_every = ((label_w / slot_w).ceil() as usize).max(1);
        ColumnLayout {
            title_h: line_height_mm(self.body_size_pt + 0.5) + 1.0,
            inset,
            slot_w,
            figure_pt,
            label_pt: size,
            label_every,
            full_scale: bars.iter().map(|b| b.value).fold(0.0, f64::max),
        }
    }

    /// The height [`Document::horizontal_bar_chart`] would take on one tall enough page.
    pub fn bar_chart_height_mm(&self, bars: &[Bar]) -> f32 {
        let chart = self.layout_chart(bars, None);
        chart.title_h + chart.rows.iter().map(|r| r.height_mm).sum::<f32>() + CHART_SPACE_AFTER_MM
    }

    /// Label lines, bar geometry and row heights of a bar chart (text as printed).
    fn layout_chart(&self, bars: &[Bar], full_scale: Option<f64>) -> ChartLayout {
        let size = self.body_size_pt - 1.0;
        let content = self.content_width_mm();
        let fonts = self.fonts;
        let labels: Vec<Cow<'_, str>> = bars.iter().map(|b| self.as_printed(&b.label)).collect();
        let label_w = labels
            .iter()
            // A little slack: a label exactly as wide as its room must not wrap.
            .map(|l| width_mm(fonts, l, size, false) + 2.5)
            .fold(15.0, f32::max)
            .min(content * 0.38);
        let figure_w = bars
            .iter()
            .map(|b| width_mm(fonts, &self.as_printed(&b.value_text), size, false) + 2.0)
            .fold(8.0, f32::max);
        let rows = labels
            .iter()
            .map(|label| {
                let inner = label_w - 2.0;
                let mut size_pt = size;
                let mut lines = wrap_mm(fonts, label, size_pt, false, inner);
                while lines.len() > 2 && size_pt > MIN_SHRINK_PT {
                    size_pt = (size_pt - 0.5).max(MIN_SHRINK_PT);
                    lines = wrap_mm(fonts, label, size_pt, false, inner);
                }
                let height_mm = (lines.len() as f32 * line_height_mm(size_pt) + 1.2)
                    .max(line_height_mm(size) + 1.6);
                ChartRow {
                    lines,
                    size_pt,
                    height_mm,
                }
            })
            .collect();
        ChartLayout {
            title_h: line_height_mm(self.body_size_pt + 0.5) + 1.0,
            label_w,
            bar_x: self.margins.left_mm + label_w + 1.5,
            bar_area: (content - label_w - 1.5 - figure_w).max(10.0),
            full_scale: full_scale
                .unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max)),
            rows,
        }
    }
}
