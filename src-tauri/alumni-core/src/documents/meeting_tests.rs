//! The meeting documents checked the way a reader sees them: every badge's QR code decoded
//! from the rendered pages, names extracted with `pdftotext`, words measured against their
//! boxes, and the print order of names read back from the sign-in sheet.

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::meeting::{
    render, BadgeLayout, MeetingDocument, MeetingDocumentError, MeetingDocumentOptions, NameOrder,
    Progress, Rendered,
};
use super::tests::{decode_qr_codes, pages_text, pdftotext, squeeze, tool, write_temp};
use super::{DocumentMeta, Fonts, DEFAULT_LOGO_PNG};
use crate::checkin::BadgeToken;
use crate::demo::{self, DemoOptions};
use crate::meetings::{
    self, AttendeeId, Category, MeetingId, MeetingKind, NewAttendee, NewMeeting,
};
use crate::storage::{self, Connection};
use crate::{staff, DomainError};

fn meta() -> DocumentMeta {
    DocumentMeta {
        association_name: "申江理工大学校友会".to_string(),
        generated_at_local: "2026年11月25日 14:30".to_string(),
        logo_png: Some(DEFAULT_LOGO_PNG.to_vec()),
        fonts: Fonts::Installed,
    }
}

/// The demo register with its seed event (meeting 1: 420 attendees).
fn demo_db() -> Connection {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    let tx = conn.transaction().expect("tx");
    let options = DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 2024,
        meeting_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 12).expect("date"),
    };
    demo::populate(&tx, admin, &options).expect("demo");
    tx.commit().expect("commit");
    conn
}

/// A meeting whose attendees are `people` (name, category, group), all of 申江理工大学.
fn meeting_with(people: &[(&str, Category, &str)]) -> (Connection, MeetingId) {
    let people: Vec<_> = people
        .iter()
        .map(|(name, category, group)| (*name, "申江理工大学", *category, *group))
        .collect();
    meeting_of(&people)
}

/// A meeting whose attendees are `people` (name, unit, category, group), all in one call.
fn meeting_of(people: &[(&str, &str, Category, &str)]) -> (Connection, MeetingId) {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let meeting = meetings::insert(
        &tx,
        &NewMeeting {
            title: "校友会理事会会议".to_string(),
            kind: MeetingKind::Council,
            expanded: false,
            term: None,
            starts_at: "2026-12-12T01:00:00Z".to_string(),
            ends_at: None,
            venue: Some("图书馆报告厅".to_string()),
        },
    )
    .expect("meeting");
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for (name, unit, category, group) in people {
        meetings::add_attendee(
            &tx,
            meeting,
            &NewAttendee {
                member: None,
                name: (*name).to_string(),
                unit: Some((*unit).to_string()),
                job_title: None,
                category: *category,
                group: Some((*group).to_string()),
                group_order: 0,
                protocol_order: None,
                voting: category.votes_by_default(),
                seat: None,
                badge_token: BadgeToken::generate(&mut rng),
            },
        )
        .expect("attendee");
    }
    tx.commit().expect("commit");
    (conn, meeting)
}

fn make(
    conn: &Connection,
    meeting: MeetingId,
    document: MeetingDocument,
    options: &MeetingDocumentOptions,
) -> Result<Rendered, MeetingDocumentError> {
    render(
        conn,
        meeting,
        document,
        options,
        &meta(),
        &|_| {},
        &AtomicBool::new(false),
    )
}

/// Every page rendered in grey at `dpi` by one `pdftoppm` run, as (width, height, luma).
/// Raw PGM rather than PNG: hundreds of pages decode without inflating anything.
fn all_pages_grey(
    dir: &tempfile::TempDir,
    pdf: &std::path::Path,
    dpi: u32,
) -> Vec<(usize, usize, Vec<u8>)> {
    let prefix = dir.path().join("all");
    let out = tool("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("run pdftoppm");
    assert!(out.status.success(), "pdftoppm failed");
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("all-") && n.ends_with(".pgm"))
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| parse_pgm(&std::fs::read(path).expect("pgm")))
        .collect()
}

/// A binary PGM (`P5`, 8-bit) as (width, height, luma).
fn parse_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    // Header: "P5", width, height, maxval, each after whitespace, then one whitespace byte.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(
            std::str::from_utf8(&bytes[start..at])
                .expect("header")
                .to_string(),
        );
    }
    assert_eq!(fields[0], "P5", "binary greymap");
    let w: usize = fields[1].parse().expect("width");
    let h: usize = fields[2].parse().expect("height");
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h, "8-bit pixels");
    (w, h, pixels)
}

/// Word boxes from `pdftotext -bbox`: (page index, text, x_min, y_min, x_max, y_max) in points.
fn word_boxes(pdf: &std::path::Path) -> Vec<(usize, String, [f32; 4])> {
    let html = pdftotext(pdf, &["-bbox"]);
    let mut words = Vec::new();
    for (page, part) in html.split("<page ").skip(1).enumerate() {
        for word in part.split("<word ").skip(1) {
            let attr = |name: &str| -> f32 {
                let start = word.find(&format!("{name}=\"")).expect("attr") + name.len() + 2;
                let end = word[start..].find('"').expect("attr end") + start;
                word[start..end].parse().expect("number")
            };
            let text_start = word.find('>').expect("word text") + 1;
            let text_end = word.find("</word>").expect("word end");
            words.push((
                page,
                word[text_start..text_end].to_string(),
                [attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")],
            ));
        }
    }
    words
}

const PT_PER_MM: f32 = 72.0 / 25.4;

#[test]
fn every_badge_qr_code_decodes_to_its_token_and_every_name_is_extractable() {
    let conn = demo_db();
    let roster = meetings::roster(&conn, MeetingId(1)).expect("roster");
    assert_eq!(roster.len(), 420);
    let progress = Mutex::new(Vec::new());
    let rendered = render(
        &conn,
        MeetingId(1),
        MeetingDocument::Badges,
        &MeetingDocumentOptions::default(),
        &meta(),
        &|p: Progress| progress.lock().expect("lock").push(p),
        &AtomicBool::new(false),
    )
    .expect("badges");
    assert_eq!(rendered.pages, 105, "four badges a sheet");
    assert_eq!(
        rendered.file_name,
        "胸卡-校友会第二届会员代表大会第一次会议.pdf"
    );
    let progress = progress.into_inner().expect("progress");
    assert_eq!(
        progress.last(),
        Some(&Progress {
            done: 420,
            total: 420
        })
    );

    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "badges.pdf", &rendered.pdf);
    // Each quarter of a sheet is one badge: decoded on its own, as a scanner sees one badge.
    let mut decoded: Vec<String> = Vec::new();
    for (w, h, luma) in all_pages_grey(&dir, &pdf, 100) {
        let (half_w, half_h) = (w / 2, h / 2);
        for (left, top) in [(0, 0), (half_w, 0), (0, half_h), (half_w, half_h)] {
            let quarter: Vec<u8> = (top..top + half_h)
                .flat_map(|y| luma[y * w + left..y * w + left + half_w].iter().copied())
                .collect();
            decoded.extend(decode_qr_codes(half_w, half_h, &quarter));
        }
    }
    let mut tokens: Vec<String> = roster
        .iter()
        .map(|r| r.badge_token.as_str().to_owned())
        .collect();
    decoded.sort();
    tokens.sort();
    assert_eq!(decoded, tokens, "each badge's QR code is its own token");

    let text = squeeze(&pdftotext(&pdf, &["-raw"]));
    for person in &roster {
        assert!(text.contains(&person.name), "{} is on a badge", person.name);
    }
    // The band's letter-spaced "出 席 证", spaces squeezed out.
    assert!(text.contains("出席证"));
}

#[test]
fn the_sign_in_sheet_lists_everyone_once_grouped_with_page_numbers() {
    let conn = demo_db();
    let roster = meetings::roster(&conn, MeetingId(1)).expect("roster");
    let rendered = make(
        &conn,
        MeetingId(1),
        MeetingDocument::SignIn,
        &MeetingDocumentOptions::default(),
    )
    .expect("sign-in sheet");
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "signin.pdf", &rendered.pdf);
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), rendered.pages);
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            squeeze(page).contains(&format!("第{}页共{}页", i + 1, total)),
            "page {} numbered",
            i + 1
        );
        assert!(squeeze(page).contains("申江理工大学校友会"));
    }
    let words = word_boxes(&pdf);
    for person in &roster {
        let seen = words.iter().filter(|(_, w, _)| *w == person.name).count();
        assert!(seen >= 1, "{} is on the sheet", person.name);
    }
    let all = squeeze(&pages.join(""));
    assert!(all.contains("出席代表·校友代表"), "delegations are headed");
    assert!(all.contains("特邀嘉宾"));
}

/// The sign-in sheet of one delegation of `names` in `order`: the names as printed, top to
/// bottom, and the sheet's text without whitespace.
fn sign_in_order(names: &[&str], order: NameOrder) -> (Vec<String>, String) {
    let people: Vec<_> = names
        .iter()
        .map(|n| (*n, Category::Delegate, "校友代表"))
        .collect();
    let (conn, meeting) = meeting_with(&people);
    let options = MeetingDocumentOptions {
        order,
        ..MeetingDocumentOptions::default()
    };
    let rendered = make(&conn, meeting, MeetingDocument::SignIn, &options).expect("sheet");
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "order.pdf", &rendered.pdf);
    let printed = word_boxes(&pdf)
        .into_iter()
        .map(|(_, w, _)| w)
        .filter(|w| names.contains(&w.as_str()))
        .collect();
    (printed, squeeze(&pdftotext(&pdf, &["-raw"])))
}

#[test]
fn names_come_out_in_surname_stroke_order_within_a_delegation() {
    // 缪 14, 廉 13, 葛 12, 黄 11, 赵 9, 欧(阳) 8, 李 7, 刘 6, 石 5, 王 4, 丁 2 — shuffled in,
    // with three 王 told apart by their next character (一 1, 五 4, 刚 6).
    let shuffled = [
        "黄明",
        "王刚",
        "丁一",
        "缪文",
        "欧阳思睿",
        "廉洁",
        "王一",
        "石磊",
        "赵敏",
        "刘洋",
        "葛优",
        "李雷",
        "王五",
    ];
    let (printed, _) = sign_in_order(&shuffled, NameOrder::Strokes);
    assert_eq!(
        printed,
        [
            "丁一",
            "王一",
            "王五",
            "王刚",
            "石磊",
            "刘洋",
            "李雷",
            "欧阳思睿",
            "赵敏",
            "黄明",
            "葛优",
            "廉洁",
            "缪文",
        ]
    );
}

#[test]
fn pinyin_order_goes_syllable_by_syllable_with_surname_readings() {
    // 安 an < 李 li < 刘 liu < 单 shan (the surname reading, not dan) < 张 zhang; 李 before
    // 刘 although "liwu" > "liu…" letter by letter.
    let shuffled = ["张三", "单田芳", "刘一", "李武", "安然"];
    let (printed, text) = sign_in_order(&shuffled, NameOrder::Pinyin);
    assert_eq!(printed, ["安然", "李武", "刘一", "单田芳", "张三"]);
    assert!(text.contains("按姓氏拼音排序"));
}

#[test]
fn the_longest_name_and_unit_stay_inside_the_badge() {
    let conn = demo_db();
    let roster = meetings::roster(&conn, MeetingId(1)).expect("roster");
    let long = roster
        .iter()
        .find(|r| r.name == demo::COMPOUND_NAME)
        .expect("the compound name is invited");
    assert!(long
        .unit
        .as_deref()
        .is_some_and(|u| u.chars().count() >= 30));
    let rendered = make(
        &conn,
        MeetingId(1),
        MeetingDocument::Badges,
        &MeetingDocumentOptions {
            badge_layout: BadgeLayout::Single,
            attendees: Some(vec![long.id]),
            ..MeetingDocumentOptions::default()
        },
    )
    .expect("one badge");
    assert_eq!(rendered.pages, 1);
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "one.pdf", &rendered.pdf);
    let (w, h) = (90.0 * PT_PER_MM, 125.0 * PT_PER_MM);
    let words = word_boxes(&pdf);
    let unit = long.unit.clone().unwrap_or_default();
    let unit_words: String = words
        .iter()
        .filter(|(_, t, _)| unit.contains(t.as_str()))
        .map(|(_, t, _)| t.as_str())
        .collect();
    assert_eq!(unit_words, unit, "the unit is printed whole, wrapped");
    for (_, text, [x0, y0, x1, y1]) in &words {
        // 5 mm of the badge's edge stay clear: nothing runs off the card or into the cut.
        let margin = 4.5 * PT_PER_MM;
        assert!(
            *x0 >= margin && *x1 <= w - margin && *y0 >= 0.0 && *y1 <= h,
            "{text} at {x0}..{x1} × {y0}..{y1} leaves the badge"
        );
    }
    let name = words
        .iter()
        .find(|(_, t, _)| t == demo::COMPOUND_NAME)
        .expect("the name is one word on one line");
    assert!(name.2[3] - name.2[1] > 8.0 * PT_PER_MM, "the name is large");
}

#[test]
fn table_cards_print_the_name_on_both_halves_one_card_a_page() {
    let (conn, meeting) = meeting_with(&[
        ("欧阳思睿", Category::Delegate, "校友代表"),
        ("王五", Category::Guest, "市教委"),
    ]);
    let rendered = make(
        &conn,
        meeting,
        MeetingDocument::TableCards,
        &MeetingDocumentOptions::default(),
    )
    .expect("cards");
    assert_eq!(rendered.pages, 2);
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "cards.pdf", &rendered.pdf);
    let words = word_boxes(&pdf);
    let half = 105.0 * PT_PER_MM;
    for (page, name) in [(0, "王五"), (1, "欧阳思睿")] {
        let boxes: Vec<_> = words
            .iter()
            .filter(|(p, t, _)| *p == page && t == name)
            .map(|(_, _, b)| *b)
            .collect();
        assert_eq!(boxes.len(), 2, "{name} on both halves of page {page}");
        assert!(
            boxes.iter().any(|b| b[1] >= half),
            "upright on the near half"
        );
        assert!(boxes.iter().any(|b| b[3] <= half), "turned on the far half");
        for b in &boxes {
            assert!(
                b[0] >= 0.0 && b[2] <= 297.0 * PT_PER_MM,
                "{name} fits the width"
            );
        }
    }
}

#[test]
fn a_reprint_cancel_and_bad_requests_end_in_clear_results() {
    let (conn, meeting) = meeting_with(&[
        ("丁一", Category::Delegate, "校友代表"),
        ("王五", Category::Observer, "辅导员"),
    ]);
    let roster = meetings::roster(&conn, meeting).expect("roster");
    let only = make(
        &conn,
        meeting,
        MeetingDocument::Badges,
        &MeetingDocumentOptions {
            badge_layout: BadgeLayout::Single,
            attendees: Some(vec![roster[1].id]),
            ..MeetingDocumentOptions::default()
        },
    )
    .expect("reprint");
    assert_eq!(only.pages, 1);
    assert_eq!(only.file_name, "胸卡-王五-校友会理事会会议.pdf");

    let cancelled = render(
        &conn,
        meeting,
        MeetingDocument::SignIn,
        &MeetingDocumentOptions::default(),
        &meta(),
        &|_| {},
        &AtomicBool::new(true),
    );
    assert!(matches!(cancelled, Err(MeetingDocumentError::Cancelled)));

    let unknown = make(
        &conn,
        MeetingId(99),
        MeetingDocument::SignIn,
        &MeetingDocumentOptions::default(),
    )
    .expect_err("no such meeting");
    assert_eq!(unknown.kind(), "not_found");

    let nobody = make(
        &conn,
        meeting,
        MeetingDocument::Badges,
        &MeetingDocumentOptions {
            badge_layout: BadgeLayout::Sheet,
            attendees: Some(vec![AttendeeId(12345)]),
            ..MeetingDocumentOptions::default()
        },
    )
    .expect_err("nobody to print");
    assert_eq!(nobody.kind(), "no_attendees");
}

/// Names with CJK Extension characters — 赵孟𫖯 (U+2B5AF), 吉𠮷 (U+20BB7), 刘䶮 (U+4DAE) —
/// print on the sign-in sheet and the badges, come back from `pdftotext`, and cost a subset
/// of the fallback face, not its 53 MB.
#[test]
fn names_with_cjk_extension_characters_print_on_the_sheet_and_badges() {
    let names = ["赵孟𫖯", "吉𠮷", "刘䶮", "王五"];
    let people: Vec<_> = names
        .iter()
        .map(|n| (*n, Category::Delegate, "校友代表"))
        .collect();
    let (conn, meeting) = meeting_with(&people);
    let dir = tempfile::tempdir().expect("tmp");
    for (document, bound) in [
        (MeetingDocument::SignIn, 200_000),
        (MeetingDocument::Badges, 300_000),
        (MeetingDocument::TableCards, 300_000),
    ] {
        let rendered = make(&conn, meeting, document, &MeetingDocumentOptions::default())
            .unwrap_or_else(|e| panic!("{document:?}: {e} (is fonts-hanazono installed?)"));
        assert!(rendered.marked.is_empty());
        assert!(
            rendered.pdf.len() < bound,
            "{document:?}: {} bytes",
            rendered.pdf.len()
        );
        let pdf = write_temp(&dir, &format!("{}.pdf", document.as_str()), &rendered.pdf);
        let text = squeeze(&pdftotext(&pdf, &["-raw"]));
        for name in names {
            assert!(text.contains(name), "{document:?} lacks {name}: {text}");
        }
        let fonts = tool("pdffonts").arg(&pdf).output().expect("run pdffonts");
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(fonts.contains("HanaMin"), "{document:?}: {fonts}");
    }
}

/// On a computer without the fallback fonts, such a name is refused as before — and the
/// refusal says whose name it is, as far as it can be printed.
#[test]
fn without_fallback_fonts_an_extension_character_is_refused_naming_the_person() {
    let (conn, meeting) = meeting_with(&[
        ("王五", Category::Delegate, "校友代表"),
        ("龚䶮", Category::Delegate, "校友代表"),
    ]);
    let roster = meetings::roster(&conn, meeting).expect("roster");
    let gong = roster.iter().find(|e| e.name == "龚䶮").expect("龚䶮").id;
    let shipped_only = DocumentMeta {
        fonts: Fonts::MainOnly,
        ..meta()
    };
    let err = render(
        &conn,
        meeting,
        MeetingDocument::Badges,
        &MeetingDocumentOptions::default(),
        &shipped_only,
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect_err("refused");
    assert_eq!(err.kind(), "missing_glyphs");
    let params = err.params();
    assert_eq!(params["chars"], "䶮");
    assert_eq!(
        params["places"],
        serde_json::json!([{
            "field": "name",
            "attendee_id": gong.0,
            "name": "龚□",
            "text": "龚□",
            "chars": "䶮",
        }])
    );
    assert!(
        err.to_string()
            .contains(&format!("name of 龚□ (attendee {})", gong.0)),
        "{err}"
    );
}

/// A character no face has (a private-use character, an emoji HanaMin lacks): refused naming
/// whose field it is, or with `mark_missing` printed for everyone, the gaps marked.
#[test]
fn a_character_no_font_has_names_the_person_or_prints_marked_for_hand_correction() {
    let (conn, meeting) = meeting_of(&[
        ("张\u{E000}", "申江理工大学", Category::Delegate, "校友代表"),
        ("李四", "独角兽🦄科技", Category::Guest, "嘉宾"),
        ("王五", "申江理工大学", Category::Delegate, "校友代表"),
        // HanaMin A draws 😀: it prints like any other character.
        ("陈😀", "申江理工大学", Category::Delegate, "校友代表"),
    ]);
    let roster = meetings::roster(&conn, meeting).expect("roster");
    let id_of = |name: &str| roster.iter().find(|e| e.name == name).expect(name).id.0;

    let err = make(
        &conn,
        meeting,
        MeetingDocument::SignIn,
        &MeetingDocumentOptions::default(),
    )
    .expect_err("refused");
    assert_eq!(err.kind(), "missing_glyphs");
    let params = err.params();
    assert_eq!(params["chars"], "🦄\u{E000}");
    let places = params["places"].as_array().expect("places");
    let found: Vec<(String, i64, String, String)> = places
        .iter()
        .map(|p| {
            (
                p["field"].as_str().expect("field").to_string(),
                p["attendee_id"].as_i64().expect("attendee"),
                p["name"].as_str().expect("name").to_string(),
                p["text"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "unit".into(),
                id_of("李四"),
                "李四".into(),
                "独角兽□科技".into()
            ),
            (
                "name".into(),
                id_of("张\u{E000}"),
                "张□".into(),
                "张□".into()
            ),
        ]
    );
    let message = err.to_string();
    assert!(
        message.contains("unit of 李四") && message.contains("name of 张□"),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line for the CLI: {message}");

    let marked = MeetingDocumentOptions {
        mark_missing: true,
        ..MeetingDocumentOptions::default()
    };
    let dir = tempfile::tempdir().expect("tmp");
    for document in [MeetingDocument::SignIn, MeetingDocument::Badges] {
        let rendered = make(&conn, meeting, document, &marked).expect("printed, marked");
        assert_eq!(rendered.marked.len(), 2, "{document:?}");
        let pdf = write_temp(&dir, &format!("{}.pdf", document.as_str()), &rendered.pdf);
        let text = squeeze(&pdftotext(&pdf, &["-raw"]));
        for printed in ["张□", "独角兽□科技", "王五", "陈😀", "请手工更正"] {
            assert!(
                text.contains(printed),
                "{document:?} lacks {printed}: {text}"
            );
        }
        assert!(!text.contains('\u{E000}') && !text.contains('🦄'), "{text}");
    }
    let sheet = make(&conn, meeting, MeetingDocument::SignIn, &marked).expect("sheet");
    let pdf = write_temp(&dir, "note.pdf", &sheet.pdf);
    let text = squeeze(&pdftotext(&pdf, &["-raw"]));
    assert!(
        text.contains("有2处字库中没有的字，已印为□并加红框，请手工更正：李四（单位：独角兽□科技）、张□（姓名）"),
        "{text}"
    );
    // Table cards print only the name: the unit's unicorn does not stop them.
    let cards = make(&conn, meeting, MeetingDocument::TableCards, &marked).expect("cards");
    assert_eq!(cards.marked.len(), 1);
}

#[test]
fn markup_and_formulas_in_names_are_printed_as_text() {
    let (conn, meeting) = meeting_with(&[
        ("<script>alert(1)</script>", Category::Guest, "嘉宾"),
        ("=HYPERLINK(\"x\")", Category::Guest, "嘉宾"),
    ]);
    let rendered = make(
        &conn,
        meeting,
        MeetingDocument::SignIn,
        &MeetingDocumentOptions::default(),
    )
    .expect("sheet");
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write_temp(&dir, "markup.pdf", &rendered.pdf);
    let text = squeeze(&pdftotext(&pdf, &["-raw"]));
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(text.contains("=HYPERLINK(\"x\")"));
}
