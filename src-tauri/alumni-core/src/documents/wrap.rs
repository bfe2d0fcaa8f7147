//! Line breaking for Chinese and mixed text within a width, by the measured glyph advances of
//! the face that draws each character (see `font`).
//!
//! Invariants: every line returned measures at most the width, except a single character
//! wider than the whole width (nothing can help that). Chinese breaks between any two
//! characters; a Latin word or number is not split unless it is longer than a line; no line
//! starts with closing punctuation (，。、）》…) and none ends with opening punctuation
//! (（《“…) — simple kinsoku, done by carrying one unit to the next line.

use super::font::{Fonts, MISSING_MARK};

/// One unbreakable piece of text.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    /// A run of Latin letters, digits and ASCII punctuation, kept together.
    Word(String),
    /// One Chinese character or full-width symbol; a break may fall on either side.
    Char(char),
    /// A space: a break opportunity, dropped at either end of a line.
    Space,
    /// A forced line break.
    Newline,
}

impl Unit {
    fn width(&self, fonts: Fonts, size_pt: f32) -> f32 {
        match self {
            Unit::Word(w) => fonts.width_pt(w, size_pt),
            Unit::Char(c) => fonts.width_pt(c.encode_utf8(&mut [0; 4]), size_pt),
            Unit::Space => fonts.width_pt(" ", size_pt),
            Unit::Newline => 0.0,
        }
    }

    fn push_to(&self, line: &mut String) {
        match self {
            Unit::Word(w) => line.push_str(w),
            Unit::Char(c) => line.push(*c),
            Unit::Space => line.push(' '),
            Unit::Newline => {}
        }
    }

    /// Closing punctuation that must not start a line.
    fn no_line_start(&self) -> bool {
        match self {
            Unit::Char(c) => NO_LINE_START.contains(*c),
            Unit::Word(w) => w.chars().next().is_some_and(|c| NO_LINE_START.contains(c)),
            _ => false,
        }
    }

    /// Opening punctuation that must not end a line.
    fn no_line_end(&self) -> bool {
        match self {
            Unit::Char(c) => NO_LINE_END.contains(*c),
            Unit::Word(w) => w.chars().last().is_some_and(|c| NO_LINE_END.contains(c)),
            _ => false,
        }
    }
}

/// Characters that must not begin a line.
const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉〗〙〛］｝’”…—～·・％‰℃°．,.;:?!)]}%";
/// Characters that must not end a line.
const NO_LINE_END: &str = "（《「『【〔〈〖〘〚［｛‘“([{";

/// Whether `c` may break on either side: Chinese, kana, hangul, full-width forms, CJK
/// punctuation and the symbols set at full width in Chinese text.
fn breaks_anywhere(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{2014}'..='\u{2027}'   // — ‘ ’ “ ” … and friends
        | '\u{2460}'..='\u{24FF}'   // ① ② ③
        | '\u{2E80}'..='\u{9FFF}'   // radicals, CJK symbols and punctuation, kana, Han
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    ) || c == MISSING_MARK // stands for a character, most often a rare Chinese one
        || NO_LINE_START.contains(c)
        || NO_LINE_END.contains(c)
}

/// Splits text into units.
fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let unit = match c {
            '\n' => Some(Unit::Newline),
            c if c.is_whitespace() => Some(Unit::Space),
            c if breaks_anywhere(c) => Some(Unit::Char(c)),
            c => {
                word.push(c);
                None
            }
        };
        if let Some(unit) = unit {
            if !word.is_empty() {
                out.push(Unit::Word(std::mem::take(&mut word)));
            }
            out.push(unit);
        }
    }
    if !word.is_empty() {
        out.push(Unit::Word(word));
    }
    out
}

/// Lines being built: finished lines and the units of the current one with its width.
struct Lines {
    fonts: Fonts,
    size_pt: f32,
    width_pt: f32,
    /// Taken off the first line's width (a paragraph's first-line indent).
    first_indent_pt: f32,
    done: Vec<String>,
    current: Vec<(Unit, f32)>,
    current_width: f32,
}

impl Lines {
    /// The width the current line may fill.
    fn room(&self) -> f32 {
        if self.done.is_empty() {
            (self.width_pt - self.first_indent_pt).max(0.0)
        } else {
            self.width_pt
        }
    }

    fn push(&mut self, unit: Unit, w: f32) {
        // Spaces never start a line.
        if unit == Unit::Space && self.current.is_empty() {
            return;
        }
        self.current_width += w;
        self.current.push((unit, w));
    }

    fn end_line(&mut self) {
        while matches!(self.current.last(), Some((Unit::Space, _))) {
            self.current.pop();
        }
        let mut line = String::new();
        for (u, _) in &self.current {
            u.push_to(&mut line);
        }
        self.done.push(line);
        self.current.clear();
        self.current_width = 0.0;
    }

    /// Puts a word longer than a whole line on as many lines as it needs, split between
    /// characters; the last piece stays on the current line.
    fn push_long_word(&mut self, word: &str) {
        let mut piece = String::new();
        for c in word.chars() {
            let mut next = piece.clone();
            next.push(c);
            if !piece.is_empty() && self.fonts.width_pt(&next, self.size_pt) > self.room() {
                let w = self.fonts.width_pt(&piece, self.size_pt);
                self.push(Unit::Word(std::mem::take(&mut piece)), w);
                self.end_line();
                piece.push(c);
            } else {
                piece = next;
            }
        }
        if !piece.is_empty() {
            let w = self.fonts.width_pt(&piece, self.size_pt);
            self.push(Unit::Word(piece), w);
        }
    }

    /// Whether the current line has something other than spaces.
    fn has_content(&self) -> bool {
        self.current.iter().any(|(u, _)| *u != Unit::Space)
    }

    /// Ends the current line before `unit`, carrying its last unit along when kinsoku asks
    /// for it (the unit would start the line with closing punctuation, or the line would end
    /// with opening punctuation) and the carried pair still fits.
    fn break_before(&mut self, unit: &Unit, w: f32) {
        let content_units = self
            .current
            .iter()
            .filter(|(u, _)| *u != Unit::Space)
            .count();
        let last_opens = self.current.last().is_some_and(|(u, _)| u.no_line_end());
        let mut carried = None;
        if (unit.no_line_start() || last_opens) && content_units >= 2 {
            if let Some((last, last_w)) = self.current.pop() {
                if last != Unit::Space && last_w + w <= self.width_pt {
                    self.current_width -= last_w;
                    carried = Some((last, last_w));
                } else {
                    self.current.push((last, last_w));
                }
            }
        }
        self.end_line();
        if let Some((last, last_w)) = carried {
            self.push(last, last_w);
        }
    }
}

/// Breaks `text` into lines no wider than `width_pt` at `size_pt` in `fonts`; `\n` forces a
/// break. Empty text gives one empty line.
pub(crate) fn wrap(fonts: Fonts, text: &str, size_pt: f32, width_pt: f32) -> Vec<String> {
    wrap_indented(fonts, text, size_pt, width_pt, 0.0)
}

/// As [`wrap`], with the first line `first_indent_pt` narrower: a paragraph indented by two
/// characters on its first line (首行缩进).
pub(crate) fn wrap_indented(
    fonts: Fonts,
    text: &str,
    size_pt: f32,
    width_pt: f32,
    first_indent_pt: f32,
) -> Vec<String> {
    let mut lines = Lines {
        fonts,
        size_pt,
        width_pt,
        first_indent_pt,
        done: Vec::new(),
        current: Vec::new(),
        current_width: 0.0,
    };
    for unit in units(text) {
        if unit == Unit::Newline {
            lines.end_line();
            continue;
        }
        let w = unit.width(fonts, size_pt);
        if lines.current_width + w <= lines.room() || unit == Unit::Space {
            lines.push(unit, w);
            continue;
        }
        if lines.has_content() {
            lines.break_before(&unit, w);
        }
        match unit {
            Unit::Word(word) if lines.current_width + w > lines.room() => {
                lines.push_long_word(&word)
            }
            unit => lines.push(unit, w),
        }
    }
    lines.end_line();
    lines.done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_width_pt(text: &str, size_pt: f32) -> f32 {
        Fonts::Installed.width_pt(text, size_pt)
    }

    fn wrap(text: &str, size_pt: f32, width_pt: f32) -> Vec<String> {
        super::wrap(Fonts::Installed, text, size_pt, width_pt)
    }

    fn widest(lines: &[String], size: f32) -> f32 {
        lines
            .iter()
            .map(|l| text_width_pt(l, size))
            .fold(0.0, f32::max)
    }

    #[test]
    fn chinese_breaks_anywhere_and_lines_fit() {
        let text = "中国人民大学北京校友会信息工程学院计算机科学与技术专业分会";
        let width = 10.0 * 7.0; // seven characters at 10 pt
        let lines = wrap(text, 10.0, width);
        assert!(lines.len() >= 4, "{lines:?}");
        assert!(widest(&lines, 10.0) <= width, "{lines:?}");
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn latin_words_are_not_split_unless_too_long() {
        let lines = wrap("北京大学 Peking University 校友会", 10.0, 60.0);
        assert!(lines.iter().any(|l| l.contains("University")), "{lines:?}");
        assert!(lines
            .iter()
            .all(|l| !l.starts_with(' ') && !l.ends_with(' ')));
        let long = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let lines = wrap(long, 10.0, 60.0);
        assert!(lines.len() > 1);
        assert!(widest(&lines, 10.0) <= 60.0, "{lines:?}");
        assert_eq!(lines.concat(), long);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Table-driven: widths chosen so that the punctuation falls at a line start.
        let cases = [
            ("一二三四五，六七八", 5),
            ("一二三四五。六七八", 5),
            ("一二三四五、六七八", 5),
            ("一二三四（五六）七八", 6),
            ("一二三四五（六七）八", 6),
            ("一二三四五《六七》八", 6),
            ("一二三四五“六七”八", 6),
            ("一二三四五）六七八", 5),
        ];
        for (text, chars_per_line) in cases {
            let width = 10.0 * chars_per_line as f32;
            let lines = wrap(text, 10.0, width);
            for line in &lines[1..] {
                let first = line.chars().next().unwrap();
                assert!(!NO_LINE_START.contains(first), "{text}: {lines:?}");
            }
            for line in &lines {
                let last = line.chars().last().unwrap();
                assert!(!NO_LINE_END.contains(last), "{text}: {lines:?}");
            }
            assert!(widest(&lines, 10.0) <= width, "{text}: {lines:?}");
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn an_indented_first_line_is_narrower_and_keeps_the_punctuation_rules() {
        // Two characters of indent at 10 pt in a line of eight: the first line holds six.
        let text = "一二三四五六，七八九十一二三四五六七八。九十一二三四五六七";
        let lines = super::wrap_indented(Fonts::Installed, text, 10.0, 80.0, 20.0);
        assert!(text_width_pt(&lines[0], 10.0) <= 60.0, "{lines:?}");
        // "，" may not start the second line: "六" goes down with it.
        assert_eq!(lines[0], "一二三四五", "{lines:?}");
        assert!(widest(&lines[1..], 10.0) <= 80.0, "{lines:?}");
        for line in &lines[1..] {
            let first = line.chars().next().unwrap();
            assert!(!NO_LINE_START.contains(first), "{lines:?}");
        }
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn newlines_force_breaks_and_empty_text_is_one_line() {
        assert_eq!(wrap("甲\n乙", 10.0, 100.0), vec!["甲", "乙"]);
        assert_eq!(wrap("", 10.0, 100.0), vec![""]);
    }
}
