//! Documents checked from outside, the way a reader sees them: text extracted by poppler's
//! `pdftotext` (ToUnicode must give the Chinese back), fonts listed by `pdffonts` (embedded,
//! subset), pages rendered by `pdftoppm` and QR codes decoded from those pixels by `rqrr`.
//! poppler-utils is installed by `make test`; without it these tests fail and say so.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::engine::{Align, BoxMm, Column, Document, Fit, PageSize, TextStyle};
use super::font::fallback_files;
use super::statistics::{self, DocumentMeta, StatisticsReport};
use super::{missing_glyphs, text_width_pt, DocumentError, Fonts, MARK_GLYPH};
use crate::DomainError;

// ---- running poppler ----

pub(super) fn tool(name: &str) -> Command {
    let probe = Command::new(name).arg("-v").output();
    if probe.is_err() {
        panic!("`{name}` is missing: install poppler-utils (make test does) to check PDFs");
    }
    Command::new(name)
}

pub(super) fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp pdf");
    path
}

/// `pdftotext -raw`: text in drawing order, pages separated by form feeds.
pub(super) fn pdftotext(pdf: &Path, extra: &[&str]) -> String {
    let out = tool("pdftotext")
        .args(extra)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext prints UTF-8")
}

/// Text per page with all whitespace removed, so wrapped labels read as one string.
pub(super) fn pages_text(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf, &["-raw"]);
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

pub(super) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Renders page `page` at `dpi` in grey and returns (width, height, luma).
pub(super) fn render_grey(
    dir: &tempfile::TempDir,
    pdf: &Path,
    page: usize,
    dpi: u32,
) -> (usize, usize, Vec<u8>) {
    let prefix = dir.path().join(format!("page{page}-{dpi}"));
    let out = tool("pdftoppm")
        .args(["-gray", "-png", "-singlefile", "-r", &dpi.to_string()])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("run pdftoppm");
    assert!(
        out.status.success(),
        "pdftoppm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png_path = prefix.with_extension("png");
    decode_grey_png(&std::fs::read(&png_path).expect("pdftoppm wrote a PNG"))
}

/// A PNG as (width, height, luma), the first channel of each pixel.
pub(super) fn decode_grey_png(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    let channels = info.color_type.samples();
    let luma = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|px| px[0])
        .collect();
    (info.width as usize, info.height as usize, luma)
}

pub(super) fn decode_qr_codes(w: usize, h: usize, luma: &[u8]) -> Vec<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| luma[y * w + x]);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, content)| content))
        .collect()
}

// ---- the font ----

#[test]
fn shipped_font_covers_names_punctuation_and_symbols() {
    let text = "喆珺昇堃镕赟淼燊彧祎玥昱晞 ①②③ — · ，。、；：？！（）《》「」【】“”‘’…… \
                ABCxyz 0123456789 ÀÉü ñ ℃ № ￥ ％ ＋ ＡＢＣ１２３";
    assert_eq!(missing_glyphs(text), Vec::<char>::new());
    // Advances are real: a Chinese character is one em, Latin is narrower.
    assert!((text_width_pt("中", 10.0) - 10.0).abs() < 0.01);
    assert!(text_width_pt("i", 10.0) < text_width_pt("W", 10.0));
}

#[test]
fn without_fallback_fonts_what_the_shipped_font_lacks_is_refused_by_name() {
    // 𠀀 (CJK Ext-B), 䶮 (Ext-A, seen in real names) and a private-use plane character: the
    // shipped face alone has none of them (a computer without the fallback fonts).
    let name = "王𠀀 龚䶮\u{10FFFD}";
    assert_eq!(
        Fonts::MainOnly.missing(name),
        vec!['𠀀', '䶮', '\u{10FFFD}']
    );
    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t").fonts(Fonts::MainOnly);
    doc.paragraph("正常的文字", TextStyle::new(12.0));
    doc.paragraph(name, TextStyle::new(12.0));
    doc.paragraph("再一次 𠀀", TextStyle::new(12.0));
    let err = doc.finish().expect_err("missing glyphs must be refused");
    match &err {
        DocumentError::MissingGlyphs { chars } => {
            assert_eq!(chars, &vec!['𠀀', '䶮', '\u{10FFFD}'])
        }
        other => panic!("wrong error: {other:?}"),
    }
    assert_eq!(err.kind(), "missing_glyphs");
    assert_eq!(err.params()["chars"], "𠀀䶮\u{10FFFD}");
    assert!(err.to_string().contains("U+20000"), "{err}");

    // Invisible characters imported with names (variation selectors, zero-width spaces,
    // BOMs) draw nothing and are dropped, not refused.
    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t");
    doc.paragraph("葛\u{E0100}优\u{200B}\u{FEFF}", TextStyle::new(12.0));
    assert!(doc.finish().is_ok());
}

/// Where the fallback faces are looked for: the environment's list when set (folders stand
/// for their font files, missing paths give nothing), else `fonts/` beside the executable,
/// else HanaMin where Debian installs it.
#[test]
fn fallback_fonts_are_found_by_the_environment_then_beside_the_program_then_debian() {
    let dir = tempfile::tempdir().expect("tmp");
    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).expect("fonts dir");
    for name in ["HanaMinB.ttf", "HanaMinA.TTF", "extra.ttc", "README.txt"] {
        std::fs::write(fonts.join(name), b"x").expect("file");
    }
    let single = dir.path().join("one.otf");
    std::fs::write(&single, b"x").expect("file");
    let expected_beside = vec![
        fonts.join("HanaMinA.TTF"),
        fonts.join("HanaMinB.ttf"),
        fonts.join("extra.ttc"),
    ];

    let list = std::env::join_paths([single.clone(), fonts.clone()]).expect("path list");
    let mut from_env = vec![single.clone()];
    from_env.extend(expected_beside.iter().cloned());
    assert_eq!(fallback_files(Some(&list), Some(dir.path())), from_env);

    // Set to something that does not exist: no fallback at all, whatever is installed.
    let nowhere = dir.path().join("no-such-font.ttf");
    assert_eq!(
        fallback_files(Some(nowhere.as_os_str()), Some(dir.path())),
        Vec::<PathBuf>::new()
    );

    // Unset (or empty): the folder beside the program wins over the system's.
    assert_eq!(fallback_files(None, Some(dir.path())), expected_beside);
    let empty = std::ffi::OsString::new();
    assert_eq!(
        fallback_files(Some(&empty), Some(dir.path())),
        expected_beside
    );

    // Nothing beside the program: Debian's HanaMin, A before B, where installed.
    let system = fallback_files(None, Some(&single));
    let debian = [
        "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
        "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    ];
    let installed: Vec<PathBuf> = debian
        .iter()
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(system, installed);
}

/// Names with CJK Extension characters: each drawn by the face that has it, measured with
/// that face's advance, extractable, and every face embedded as a small subset.
#[test]
fn fallback_faces_draw_extension_characters_measured_and_subset() {
    let names = "赵孟𫖯 吉𠮷 刘䶮";
    assert!(
        Fonts::Installed.missing(names).is_empty(),
        "the fallback fonts are missing: install fonts-hanazono (make test does)"
    );
    // Each run in its own face: 赵 in the shipped face, 𫖯 𠮷 (Ext B+) and 䶮 (Ext A) in
    // HanaMin (A holds these three too; B is there for the rest of Extensions B to F).
    let faces: Vec<usize> = "赵𫖯𠮷䶮"
        .chars()
        .map(|c| Fonts::Installed.face_index(c).expect("drawn"))
        .collect();
    assert_eq!(faces[0], 0);
    assert!(faces[1..].iter().all(|f| *f > 0), "{faces:?}");
    let runs = Fonts::Installed.runs("赵孟𫖯");
    assert_eq!(
        runs,
        vec![
            (Some(0), "赵孟".to_string()),
            (Some(faces[1]), "𫖯".to_string())
        ]
    );
    // Ideographs are one em in either face; the width is the sum of the faces' advances.
    assert!((Fonts::Installed.width_pt("赵孟𫖯", 10.0) - 30.0).abs() < 0.01);
    assert!((text_width_pt("吉𠮷", 10.0) - 20.0).abs() < 0.01);

    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t");
    doc.paragraph(names, TextStyle::new(12.0));
    // One large character alone, to see that it is drawn and not an empty box.
    doc.text_at("𫖯", 30.0, 60.0, TextStyle::new(72.0));
    doc.text_box(
        "吉𠮷 赵孟𫖯",
        BoxMm {
            x_mm: 20.0,
            y_mm: 100.0,
            width_mm: 40.0,
            height_mm: 12.0,
        },
        TextStyle::new(34.0).bold(),
        Fit::Shrink,
    );
    let bytes = doc.finish().expect("printed with the fallback faces");
    // HanaMin A and B are 53 MB; three characters of them are a few KB.
    assert!(bytes.len() < 120_000, "{} bytes", bytes.len());
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "fallback.pdf", &bytes);
    let text = squeeze(&pdftotext(&pdf, &["-raw"]));
    assert!(text.contains("赵孟𫖯吉𠮷刘䶮"), "{text}");
    assert!(text.contains("吉𠮷赵孟𫖯"), "{text}");

    let listing = tool("pdffonts").arg(&pdf).output().expect("run pdffonts");
    let listing = String::from_utf8_lossy(&listing.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.iter().any(|r| r.contains("WenQuanYi")), "{listing}");
    assert!(rows.iter().any(|r| r.contains("HanaMin")), "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
    }

    // The large 𫖯 at 72 pt (25.4 mm) from (30, 60) mm has ink: a real glyph, not a blank.
    let (w, _, luma) = render_grey(&dir, &pdf, 1, 50);
    let px = |mm: f32| (mm / 25.4 * 50.0) as usize;
    let dark = (px(60.0)..px(60.0 + 25.0))
        .flat_map(|y| (px(30.0)..px(30.0 + 25.0)).map(move |x| (x, y)))
        .filter(|(x, y)| luma[y * w + x] < 128)
        .count();
    assert!(dark > 60, "only {dark} dark pixels where 𫖯 is drawn");
}

/// A character no face has, printed anyway: drawn as □ in a red box, the line keeping its
/// measured width, and nothing refused.
#[test]
fn a_character_no_face_has_is_drawn_as_a_boxed_mark_when_asked() {
    let odd = "张\u{E000}三";
    assert_eq!(missing_glyphs(odd), vec!['\u{E000}']);
    assert_eq!(
        Fonts::Installed.with_marks(odd),
        format!("张{MARK_GLYPH}三")
    );

    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t").mark_missing(true);
    doc.text_at(odd, 40.0, 40.0, TextStyle::new(40.0));
    doc.paragraph("正常的文字", TextStyle::new(12.0));
    assert_eq!(doc.marked_count(), 1);
    let bytes = doc.finish().expect("printed with marks");
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "marked.pdf", &bytes);
    let text = squeeze(&pdftotext(&pdf, &["-raw"]));
    assert!(text.contains("张□三"), "{text}");
    assert!(!text.contains('\u{E000}'), "{text}");

    // The red box: strongly red pixels around the line, none elsewhere on the page.
    let prefix = dir.path().join("colour");
    let out = tool("pdftoppm")
        .args(["-png", "-singlefile", "-r", "50"])
        .arg(&pdf)
        .arg(&prefix)
        .output()
        .expect("run pdftoppm");
    assert!(out.status.success());
    let png = std::fs::read(prefix.with_extension("png")).expect("png");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("pixels");
    let channels = info.color_type.samples();
    let width = info.width as usize;
    let red: Vec<(usize, usize)> = buf[..info.buffer_size()]
        .chunks(channels)
        .enumerate()
        .filter(|(_, p)| p[0] > 150 && p[1] < 110 && p[2] < 110)
        .map(|(i, _)| (i % width, i / width))
        .collect();
    assert!(red.len() > 40, "{} red pixels", red.len());
    // The mark itself: an empty square one em wide after 张 — ink on its edges, none inside.
    let rgb = |x: usize, y: usize| &buf[(y * width + x) * channels..][..3];
    let em = 40.0 / 72.0 * 25.4;
    let (left, baseline) = (
        40.0 + em,
        40.0 + (40.0 * 1.35 / 72.0 * 25.4 - em) / 2.0 + 0.88 * em,
    );
    let ink = |x0: f32, x1: f32, y0: f32, y1: f32| {
        let xs = (x0 / 25.4 * 50.0) as usize..(x1 / 25.4 * 50.0) as usize;
        let ys = (y0 / 25.4 * 50.0) as usize..(y1 / 25.4 * 50.0) as usize;
        ys.flat_map(|y| xs.clone().map(move |x| (x, y)))
            .filter(|(x, y)| rgb(*x, *y).iter().all(|v| *v < 100))
            .count()
    };
    let square = ink(left, left + em, baseline - 0.8 * em, baseline + 0.2 * em);
    let inside = ink(
        left + 0.2 * em,
        left + 0.8 * em,
        baseline - 0.6 * em,
        baseline,
    );
    assert!(
        square > 40 && inside == 0,
        "square {square}, inside {inside}"
    );
    let px = |mm: f32| mm / 25.4 * 50.0;
    // The mark is one em, like the ideograph it stands for.
    let marked_line = format!("张{}三", super::font::MISSING_MARK);
    assert!((Fonts::Installed.width_pt(&marked_line, 40.0) - 120.0).abs() < 0.01);
    let line_w = 120.0 / 72.0 * 25.4;
    for (x, y) in red {
        let (x, y) = (x as f32, y as f32);
        assert!(
            x >= px(38.0) && x <= px(42.0 + line_w) && y >= px(38.0) && y <= px(40.0 + 22.0),
            "red outside the marked line at ({x}, {y})"
        );
    }
}

// ---- layout, measured in the rendered PDF ----

/// Word boxes from `pdftotext -bbox`: (text, x_min, x_max) in points, per page.
pub(super) fn word_boxes(pdf: &Path) -> Vec<(String, f32, f32)> {
    let html = pdftotext(pdf, &["-bbox"]);
    let mut words = Vec::new();
    for part in html.split("<word ").skip(1) {
        let attr = |name: &str| -> f32 {
            let start = part.find(&format!("{name}=\"")).expect("bbox attribute") + name.len() + 2;
            let end = part[start..].find('"').expect("attribute end") + start;
            part[start..end].parse().expect("number")
        };
        let text_start = part.find('>').expect("word text") + 1;
        let text_end = part.find("</word>").expect("word end");
        words.push((
            part[text_start..text_end].to_string(),
            attr("xMin"),
            attr("xMax"),
        ));
    }
    words
}

#[test]
fn a_long_unit_name_wraps_inside_a_narrow_cell() {
    let unit = "北京大学上海校友会信息技术与人工智能产业分会暨青年创业委员会";
    assert_eq!(unit.chars().count(), 30);
    let pt_per_mm = 72.0 / 25.4;
    let left_mm = 20.0;
    let widths = [12.0, 30.0, 40.0];
    let columns = [
        Column::new("序号", widths[0]).align(Align::Right),
        Column::new("单位", widths[1]),
        Column::new("备注", widths[2]).shrink(),
    ];
    let rows = vec![vec![
        "1".to_string(),
        unit.to_string(),
        "很长的备注也只占一行，字会变小".to_string(),
    ]];
    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t");
    doc.table(&columns, &rows);
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "wrap.pdf", &doc.finish().expect("pdf"));

    // The unit column spans 32..62 mm; its text must stay inside, padding included.
    let cell_left = (left_mm + widths[0]) * pt_per_mm;
    let cell_right = (left_mm + widths[0] + widths[1]) * pt_per_mm;
    let words = word_boxes(&pdf);
    let unit_words: Vec<_> = words
        .iter()
        .filter(|(t, x0, _)| {
            *x0 >= cell_left - 0.5 && *x0 < cell_right && unit.contains(t.as_str())
        })
        .collect();
    let joined: String = unit_words.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        joined, unit,
        "the whole name comes back, in order: {words:?}"
    );
    // 27 mm of text width at 10.5 pt holds 7 characters: 30 characters take 5 lines.
    assert!(unit_words.len() <= 5, "{unit_words:?}");
    for (t, x0, x1) in &unit_words {
        assert!(
            *x0 >= cell_left && *x1 <= cell_right,
            "{t} at {x0}..{x1} leaves {cell_left}..{cell_right}"
        );
    }
    // The shrinking column keeps its note on one line, inside the cell.
    let note_left = cell_right;
    let note_right = note_left + widths[2] * pt_per_mm;
    let note: Vec<_> = words
        .iter()
        .filter(|(_, x0, _)| *x0 >= note_left - 0.5)
        .collect();
    assert!(!note.is_empty());
    for (t, x0, x1) in &note {
        assert!(*x0 >= note_left && *x1 <= note_right, "{t} at {x0}..{x1}");
    }
}

#[test]
fn long_tables_repeat_their_header_on_every_page_and_lose_no_row() {
    let columns = [
        Column::new("序号", 14.0).align(Align::Right),
        Column::new("校友姓名", 40.0),
        Column::new("工作单位", 86.0),
        Column::new("签名", 30.0),
    ];
    let rows: Vec<Vec<String>> = (1..=400)
        .map(|i| {
            vec![
                i.to_string(),
                format!("校友{i:03}号"),
                if i % 7 == 0 {
                    "粤港澳大湾区校友会金融投资与科技创新专业委员会暨青年校友联谊会秘书处"
                        .to_string()
                } else {
                    "某某科技有限公司".to_string()
                },
                String::new(),
            ]
        })
        .collect();
    let mut doc =
        Document::new(PageSize::A4_PORTRAIT, "签到表").running_header("某大学校友会", "签到表");
    doc.paragraph("签到表", TextStyle::new(18.0).bold().align(Align::Center));
    doc.table(&columns, &rows);
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "table.pdf", &doc.finish().expect("pdf"));
    let pages = pages_text(&pdf);
    assert!(
        pages.len() >= 10,
        "400 rows take many pages, got {}",
        pages.len()
    );
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(
            page.matches("校友姓名").count(),
            1,
            "page {} has the header once",
            i + 1
        );
        assert_eq!(page.matches("工作单位").count(), 1, "page {}", i + 1);
        let number = format!("第{}页共{}页", i + 1, pages.len());
        assert!(page.contains(&number), "page {} lacks {number}", i + 1);
    }
    let all: String = pages.concat();
    for i in 1..=400 {
        assert_eq!(
            all.matches(&format!("校友{i:03}号")).count(),
            1,
            "row {i} exactly once"
        );
    }
}

#[test]
fn a_row_taller_than_a_page_continues_on_the_next() {
    let essay: String =
        "这是一段非常长的备注文字，用来检验超过一整页高度的表格行会被拆开续排。".repeat(60);
    let columns = [Column::new("姓名", 30.0), Column::new("备注", 40.0)];
    let rows = vec![
        vec!["张三".to_string(), essay.clone()],
        vec!["李四".to_string(), "短".to_string()],
    ];
    let mut doc = Document::new(PageSize::A6_PORTRAIT, "t").running_header("校友会", "备注");
    doc.table(&columns, &rows);
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "tall.pdf", &doc.finish().expect("pdf"));
    let pages = pages_text(&pdf);
    assert!(pages.len() > 2);
    let all: String = pages.concat();
    assert!(all.contains("李四"));
    assert_eq!(
        all.matches("续排").count(),
        60,
        "no line of the essay lost or doubled"
    );
    for page in &pages {
        assert_eq!(
            page.matches("姓名备注").count(),
            1,
            "header on every page: {page}"
        );
    }
}

// ---- QR codes and images, from the rendered pixels ----

#[test]
fn qr_codes_decode_from_the_rendered_page_on_screen_and_on_paper() {
    let tokens = ["402817365590", "000000000018", "999999999996"];
    let mut doc = Document::new(PageSize::A6_PORTRAIT, "badges");
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            doc.new_page();
        }
        doc.text_at(
            "张珺昇",
            52.5,
            10.0,
            TextStyle::new(24.0).bold().align(Align::Center),
        );
        // 20 mm including the quiet zone: 0.69 mm modules.
        doc.qr(token, 42.5, 60.0, 20.0).expect("qr");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "qr.pdf", &doc.finish().expect("pdf"));
    // 72 dpi is a coarse screen (2 px per module); 300 dpi is paper.
    for dpi in [72, 150, 300] {
        for (i, token) in tokens.iter().enumerate() {
            let (w, h, luma) = render_grey(&dir, &pdf, i + 1, dpi);
            assert_eq!(
                decode_qr_codes(w, h, &luma),
                vec![token.to_string()],
                "page {} at {dpi} dpi",
                i + 1
            );
        }
    }
}

/// A small RGBA PNG: a red block with a transparent border.
fn sample_png() -> Vec<u8> {
    let (w, h) = (40u32, 20u32);
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let inside = (4..36).contains(&x) && (4..16).contains(&y);
            pixels.extend_from_slice(if inside {
                &[200, 20, 20, 255]
            } else {
                &[0, 0, 0, 0]
            });
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    writer.write_image_data(&pixels).expect("png data");
    writer.finish().expect("png end");
    out
}

#[test]
fn images_are_placed_losslessly_and_bad_ones_are_refused() {
    let logo = sample_png();
    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t").running_header("某大学校友会", "图像");
    doc.header_logo(&logo).expect("logo");
    let h = doc.image(&logo, 50.0, 100.0, 80.0).expect("image");
    assert!((h - 40.0).abs() < 0.01);
    doc.image(&logo, 50.0, 150.0, 40.0)
        .expect("same image again");
    let bytes = doc.finish().expect("pdf");
    let raw = String::from_utf8_lossy(&bytes);
    assert!(!raw.contains("DCTDecode"), "no JPEG");
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "img.pdf", &bytes);
    let (w, _, luma) = render_grey(&dir, &pdf, 1, 72);
    // The red block's middle (90 mm, 120 mm) is dark in grey; the transparent border
    // (52 mm, 102 mm) stays white.
    let at = |x_mm: f32, y_mm: f32| {
        luma[(y_mm / 25.4 * 72.0) as usize * w + (x_mm / 25.4 * 72.0) as usize]
    };
    assert!(at(90.0, 120.0) < 128, "image drawn");
    assert!(at(51.0, 101.0) > 240, "alpha kept");

    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t");
    let err = doc
        .image(b"not a png", 0.0, 0.0, 10.0)
        .expect_err("refused");
    assert_eq!(err.kind(), "invalid_image");
}

#[test]
fn text_boxes_fit_names_of_any_length() {
    let mut doc =
        Document::new(PageSize::A6_LANDSCAPE, "t").margins(super::engine::Margins::uniform(8.0));
    let area = BoxMm {
        x_mm: 10.0,
        y_mm: 10.0,
        width_mm: 60.0,
        height_mm: 20.0,
    };
    doc.text_box(
        "欧阳喆珺",
        area,
        TextStyle::new(28.0).bold().align(Align::Center),
        Fit::Shrink,
    );
    let long = BoxMm { y_mm: 40.0, ..area };
    doc.text_box(
        "中国人民大学北京校友会信息技术与人工智能产业分会青年工作委员会",
        long,
        TextStyle::new(14.0).align(Align::Center),
        Fit::Wrap,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "box.pdf", &doc.finish().expect("pdf"));
    let pt = 72.0 / 25.4;
    for (t, x0, x1) in word_boxes(&pdf) {
        assert!(x0 >= 10.0 * pt && x1 <= 70.0 * pt, "{t} at {x0}..{x1}");
    }
    assert!(pages_text(&pdf)[0].contains("信息技术与人工智能产业分会"));
}

// ---- the statistics report ----

/// Realistic figures: 16 colleges with long names, 33 cities, 43 branches (some 30
/// characters long), names with rare characters.
pub(crate) fn sample_report() -> (StatisticsReport, DocumentMeta) {
    let colleges = [
        "马克思主义学院",
        "经济与管理学院（商学院）",
        "信息科学与工程学院（软件学院、网络空间安全学院）",
        "材料科学与工程学院",
        "环境科学与工程学院",
        "化学化工与生命科学学院",
        "外国语言文学与国际传播学院",
        "土木建筑与交通运输工程学院",
        "机械与电气工程学院",
        "数学与统计学院",
        "物理与光电工程学院",
        "新闻传播与文化产业学院",
        "法学院（知识产权学院）",
        "继续教育学院（网络教育学院）",
        "医学院暨附属医院临床医学系",
        "艺术与设计学院",
    ];
    let cities = [
        "北京",
        "上海",
        "广州",
        "深圳",
        "杭州",
        "南京",
        "武汉",
        "成都",
        "重庆",
        "西安",
        "天津",
        "苏州",
        "长沙",
        "郑州",
        "济南",
        "青岛",
        "沈阳",
        "大连",
        "哈尔滨",
        "长春",
        "合肥",
        "福州",
        "厦门",
        "南昌",
        "昆明",
        "贵阳",
        "南宁",
        "海口",
        "乌鲁木齐",
        "呼和浩特",
        "香港",
        "新加坡",
        "San Francisco 旧金山",
    ];
    let mut branches: Vec<String> = cities[..28].iter().map(|c| format!("{c}校友会")).collect();
    branches.extend(
        [
            "粤港澳大湾区校友会金融投资与科技创新专业委员会暨青年校友联谊会",
            "北京校友会信息技术与人工智能产业分会暨青年校友创新创业联合会",
            "长三角地区校友会生物医药与大健康产业分会暨医学校友专业委员会",
            "海外校友会北美分会（美国加拿大）暨留学生校友联络工作委员会",
            "喆珺昇堃镕赟淼燊彧祎玥昱晞校友联谊会",
            "建筑与房地产行业分会",
            "律师与法律工作者分会",
            "中小学教育工作者分会",
            "媒体与文化创意产业分会",
            "新能源汽车与智能制造分会",
            "EMBA 校友分会",
            "MBA & MPA 校友联合会",
            "体育与户外运动俱乐部",
            "书画与摄影艺术协会",
            "退休教职工与老校友联谊会",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let counts = |n: usize, scale: u64| -> Vec<u64> {
        (0..n)
            .map(|i| scale / (i as u64 + 1) + (i as u64 * 37) % 91 + 3)
            .collect()
    };
    let pair = |labels: &[String], values: Vec<u64>| -> Vec<(String, u64)> {
        labels.iter().cloned().zip(values).collect()
    };
    let colleges: Vec<String> = colleges.iter().map(|s| s.to_string()).collect();
    let cities: Vec<String> = cities.iter().map(|s| s.to_string()).collect();
    let report = StatisticsReport {
        total_members: 48_213,
        by_decade: [
            "1960年代",
            "1970年代",
            "1980年代",
            "1990年代",
            "2000年代",
            "2010年代",
            "2020年代",
        ]
        .iter()
        .map(|s| s.to_string())
        .zip([212, 1_530, 4_875, 9_420, 13_906, 12_118, 6_152])
        .collect(),
        by_college: pair(&colleges, counts(16, 13_000)),
        by_degree: [
            ("专科", 5_210),
            ("本科", 29_870),
            ("硕士研究生", 10_544),
            ("博士研究生", 2_589),
        ]
        .iter()
        .map(|(l, n)| (l.to_string(), *n))
        .collect(),
        by_city: pair(&cities, counts(33, 11_000)),
        branch_sizes: pair(&branches, counts(branches.len(), 3_000)),
        contact_coverage: [
            ("手机", 41_205),
            ("电子邮箱", 28_730),
            ("微信", 35_118),
            ("工作单位", 22_964),
            ("通信地址", 9_870),
        ]
        .iter()
        .map(|(l, n)| (l.to_string(), *n, 48_213))
        .collect(),
    };
    let meta = DocumentMeta {
        association_name: "华东理工科技大学校友总会".to_string(),
        generated_at_local: "2026年11月25日 14:30".to_string(),
        logo_png: Some(super::DEFAULT_LOGO_PNG.to_vec()),
        fonts: Fonts::Installed,
    };
    (report, meta)
}

#[test]
fn statistics_report_is_searchable_subset_and_small() {
    let (report, meta) = sample_report();
    assert_eq!(report.by_college.len(), 16);
    assert_eq!(report.by_city.len(), 33);
    assert_eq!(report.branch_sizes.len(), 43);
    assert!(report
        .branch_sizes
        .iter()
        .any(|(b, _)| b.chars().count() == 30));
    let bytes = statistics::render(&report, &meta).expect("report renders");
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "statistics.pdf", &bytes);
    if let Ok(sample_dir) = std::env::var("ALUMNI_DOCS_SAMPLE_DIR") {
        std::fs::create_dir_all(&sample_dir).expect("sample dir");
        std::fs::write(Path::new(&sample_dir).join("statistics.pdf"), &bytes).expect("sample");
    }

    let pages = pages_text(&pdf);
    let all = pages.concat();
    let labels = report
        .by_decade
        .iter()
        .chain(&report.by_college)
        .chain(&report.by_degree)
        .chain(&report.by_city)
        .chain(&report.branch_sizes)
        .map(|(l, _)| l.clone())
        .chain(report.contact_coverage.iter().map(|(l, _, _)| l.clone()));
    for label in labels {
        assert!(
            all.contains(&squeeze(&label)),
            "{label} is not in the extracted text"
        );
    }
    for needle in [
        statistics::TITLE,
        "48,213",
        "85.5%",
        "华东理工科技大学校友总会",
    ] {
        assert!(all.contains(needle), "{needle}");
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("第{}页共{}页", i + 1, pages.len())),
            "page {}",
            i + 1
        );
        assert!(page.contains("华东理工科技大学校友总会") && page.contains(statistics::TITLE));
    }

    // Every font embedded as a subset with a ToUnicode map.
    let fonts = tool("pdffonts").arg(&pdf).output().expect("run pdffonts");
    let listing = String::from_utf8_lossy(&fonts.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 6, "{row}");
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
    }
}

// ---- module boundaries ----

/// The meeting documents' renderers import the shared model and the engine, never the
/// dispatcher, and the model imports neither the dispatcher nor a renderer: no two of them
/// import each other (the dispatcher alone imports the renderers).
#[test]
fn meeting_renderers_and_dispatcher_do_not_import_each_other() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/documents");
    let uses = |name: &str| -> Vec<String> {
        std::fs::read_to_string(dir.join(name))
            .expect("read source")
            .lines()
            .filter(|l| l.trim_start().starts_with("use ") || l.starts_with("pub use "))
            .map(str::to_string)
            .collect()
    };
    for renderer in ["signin.rs", "badges.rs", "table_cards.rs", "invitation.rs"] {
        for line in uses(renderer) {
            if line.contains("super::meeting") || line.contains("documents::meeting") {
                assert!(
                    line.contains("meeting::model::"),
                    "{renderer} imports the dispatcher: {line}"
                );
            }
        }
    }
    for line in uses("meeting/model.rs") {
        for other in [
            "signin",
            "badges",
            "table_cards",
            "invitation",
            "documents::meeting",
            "super::",
        ] {
            assert!(
                !line.contains(other),
                "meeting/model.rs imports {other}: {line}"
            );
        }
    }
}
