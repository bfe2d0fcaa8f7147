//! The agenda's pure parts: planned times, report blocks and heading detection.

use chrono::{DateTime, Utc};

use super::{mark_headings, report_blocks, schedule, ReportBlock};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("time")
        .with_timezone(&Utc)
}

#[test]
fn starts_follow_durations_and_fixed_starts_reset_them() {
    let start = at("2026-12-19T09:00:00+08:00");
    let items = [
        (None, Some(10)),
        (None, Some(40)),
        (None, None), // no duration: the next start is unknown
        (None, Some(15)),
        (Some(at("2026-12-19T14:30:00+08:00")), Some(30)),
        (None, Some(5)),
    ];
    let starts = schedule(Some(start), &items);
    assert_eq!(
        starts,
        vec![
            Some(at("2026-12-19T09:00:00+08:00")),
            Some(at("2026-12-19T09:10:00+08:00")),
            Some(at("2026-12-19T09:50:00+08:00")),
            None,
            Some(at("2026-12-19T14:30:00+08:00")),
            Some(at("2026-12-19T15:00:00+08:00")),
        ]
    );
    assert_eq!(schedule(None, &[(None, Some(5))]), vec![None]);
}

#[test]
fn a_report_is_headings_and_paragraphs() {
    let text = "# 一、过去五年的工作\n\u{3000}\u{3000}五年来，校友会……\n\n  # not a heading when indented? it is trimmed first\n第二段。\n";
    assert_eq!(
        report_blocks(text),
        vec![
            ReportBlock::Heading("一、过去五年的工作".to_owned()),
            ReportBlock::Paragraph("五年来，校友会……".to_owned()),
            ReportBlock::Heading("not a heading when indented? it is trimmed first".to_owned()),
            ReportBlock::Paragraph("第二段。".to_owned()),
        ]
    );
}

#[test]
fn numbered_chinese_headings_are_marked() {
    let text = "一、过去五年的主要工作\n（一）加强组织建设\n(二)服务校友\n第一章 总则\n第二部分 今后五年\n\
                一、这是一句很长的话，说明这一段是正文而不是标题，因为它以句号结束。\n\
                三、工作安排如下：\n十二、其他\n各位代表：\n# 已标记\n";
    let marked = mark_headings(text);
    let headings: Vec<&str> = marked
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .collect();
    assert_eq!(
        headings,
        [
            "一、过去五年的主要工作",
            "（一）加强组织建设",
            "(二)服务校友",
            "第一章 总则",
            "第二部分 今后五年",
            "十二、其他",
            "已标记",
        ]
    );
    // Marking twice changes nothing.
    assert_eq!(mark_headings(&marked), marked);
}

#[test]
fn a_report_is_read_from_a_word_file_and_a_gb18030_text_file() {
    use docx_rs::{Docx, Paragraph, Run};
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("工作报告.docx");
    let file = std::fs::File::create(&docx).expect("create");
    Docx::new()
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("第一届理事会工作报告"))
                .style("Title"),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("各位代表：")))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("五年来，"))
                .add_run(Run::new().add_text("校友会坚持服务校友。")),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("一、主要工作")))
        .build()
        .pack(file)
        .expect("pack");
    let text = super::read_report_file(&docx).expect("read");
    assert_eq!(
        report_blocks(&text),
        vec![
            ReportBlock::Heading("第一届理事会工作报告".to_owned()),
            ReportBlock::Paragraph("各位代表：".to_owned()),
            ReportBlock::Paragraph("五年来，校友会坚持服务校友。".to_owned()),
            ReportBlock::Heading("一、主要工作".to_owned()),
        ]
    );

    let txt = dir.path().join("说明.txt");
    let (gbk, _, _) = encoding_rs::GB18030.encode("一、修改说明\r\n章程第三条修改为……。\r\n");
    std::fs::write(&txt, &gbk).expect("write");
    let text = super::read_report_file(&txt).expect("read");
    assert_eq!(
        report_blocks(&text),
        vec![
            ReportBlock::Heading("一、修改说明".to_owned()),
            ReportBlock::Paragraph("章程第三条修改为……。".to_owned()),
        ]
    );

    let doc = dir.path().join("旧格式.doc");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0").expect("write");
    assert!(matches!(
        super::read_report_file(&doc),
        Err(super::AgendaError::Invalid {
            field: "file",
            reason: "unsupported"
        })
    ));
    let broken = dir.path().join("坏的.docx");
    std::fs::write(&broken, b"PK\x03\x04 not really").expect("write");
    assert!(matches!(
        super::read_report_file(&broken),
        Err(super::AgendaError::Invalid {
            field: "file",
            reason: "unreadable"
        })
    ));
}
