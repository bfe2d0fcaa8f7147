//! 校友信息统计报告: the register in figures — members by graduation decade, college, degree
//! and city, branch sizes and contact coverage — one section each with a bar chart and a full
//! table, on A4 portrait with the running header and page numbers.
//!
//! Invariants: tables list every entry given; a chart shows at most [`CHART_BARS`] bars, the
//! largest, and then says so in its title ("前 15 位"); percentages are of the total members
//! (coverage: of its own channel's base), and "—" where the base is zero.

use super::engine::{Align, Bar, Column, Document, PageSize, TextStyle};
use super::DocumentError;
pub use super::DocumentMeta;

/// The document's title, on the page and in the running header.
pub const TITLE: &str = "校友信息统计报告";

/// Most bars in one chart; the table below it lists every entry.
pub const CHART_BARS: usize = 15;

/// The figures of the report. Labels are printed as given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatisticsReport {
    /// Members on the register.
    pub total_members: u64,
    /// Members per graduation decade, e.g. ("1990年代", 812), printed in the order given.
    pub by_decade: Vec<(String, u64)>,
    /// Members per college; printed largest first.
    pub by_college: Vec<(String, u64)>,
    /// Members per degree (本科, 硕士, 博士…), printed in the order given.
    pub by_degree: Vec<(String, u64)>,
    /// Members per city; printed largest first.
    pub by_city: Vec<(String, u64)>,
    /// Members per branch (a member may be in several); printed largest first.
    pub branch_sizes: Vec<(String, u64)>,
    /// Per contact channel (e.g. "手机"): members who have one, and the base it is out of.
    pub contact_coverage: Vec<(String, u64, u64)>,
}

impl StatisticsReport {
    /// The report of the register's statistics, labels in Chinese as printed.
    pub fn from_statistics(stats: &crate::statistics::Statistics) -> Self {
        fn channel(field: &str) -> &str {
            match field {
                "phone" => "手机",
                "email" => "邮箱",
                "wechat" => "微信",
                "employer" => "工作单位",
                other => other,
            }
        }
        StatisticsReport {
            total_members: stats.total_members,
            by_decade: stats
                .by_decade
                .iter()
                .map(|(decade, n)| (format!("{decade}年代"), *n))
                .collect(),
            by_college: stats.by_college.clone(),
            by_degree: stats.by_degree.clone(),
            by_city: stats.by_city.clone(),
            branch_sizes: stats.branch_sizes.clone(),
            contact_coverage: stats
                .contact_coverage
                .iter()
                .map(|(field, have, total)| (channel(field).to_owned(), *have, *total))
                .collect(),
        }
    }
}

/// How a section orders its entries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    AsGiven,
    LargestFirst,
}

/// A counted section: heading, chart title, column heading, entries, and whether the
/// entries partition the members (then a 合计 row is added).
struct Section<'a> {
    heading: &'a str,
    chart_title: &'a str,
    label_heading: &'a str,
    entries: &'a [(String, u64)],
    order: Order,
    partition: bool,
}

/// The statistics report as PDF bytes.
pub fn render(report: &StatisticsReport, meta: &DocumentMeta) -> Result<Vec<u8>, DocumentError> {
    let mut doc = Document::new(PageSize::A4_PORTRAIT, TITLE)
        .fonts(meta.fonts)
        .running_header(&meta.association_name, TITLE)
        .footer_note(&format!("生成于 {}", meta.generated_at_local));
    if let Some(logo) = &meta.logo_png {
        doc.header_logo(logo)?;
    }

    doc.space(4.0);
    doc.paragraph(TITLE, TextStyle::new(22.0).bold().align(Align::Center));
    doc.paragraph(
        &meta.association_name,
        TextStyle::new(12.0).align(Align::Center),
    );
    doc.paragraph(
        &format!("生成时间：{}", meta.generated_at_local),
        TextStyle::new(10.5).align(Align::Center),
    );
    doc.space(4.0);
    doc.paragraph(&summary(report), TextStyle::new(12.0));
    doc.space(2.0);

    let sections = [
        Section {
            heading: "一、按毕业年代",
            chart_title: "各年代毕业校友人数",
            label_heading: "毕业年代",
            entries: &report.by_decade,
            order: Order::AsGiven,
            partition: true,
        },
        Section {
            heading: "二、按学院",
            chart_title: "各学院校友人数",
            label_heading: "学院",
            entries: &report.by_college,
            order: Order::LargestFirst,
            partition: true,
        },
        Section {
            heading: "三、按学历学位",
            chart_title: "各学历学位校友人数",
            label_heading: "学历学位",
            entries: &report.by_degree,
            order: Order::AsGiven,
            partition: true,
        },
        Section {
            heading: "四、按所在城市",
            chart_title: "各城市校友人数",
            label_heading: "城市",
            entries: &report.by_city,
            order: Order::LargestFirst,
            partition: true,
        },
        Section {
            heading: "五、分会规模",
            chart_title: "各分会会员人数",
            label_heading: "分会",
            entries: &report.branch_sizes,
            order: Order::LargestFirst,
            partition: false,
        },
    ];
    for section in &sections {
        counted_section(&mut doc, section, report.total_members);
    }
    coverage_section(&mut doc, &report.contact_coverage);
    doc.finish()
}

/// "截至…，登记校友共 N 人，…" — the one-sentence overview.
fn summary(report: &StatisticsReport) -> String {
    format!(
        "登记校友共 {} 人，分属 {} 个学院，分布于 {} 个城市；校友会设有 {} 个分会。",
        thousands(report.total_members),
        report.by_college.len(),
        report.by_city.len(),
        report.branch_sizes.len()
    )
}

fn heading(doc: &mut Document, text: &str) {
    doc.heading(text, TextStyle::new(14.0).bold());
}

fn counted_section(doc: &mut Document, section: &Section<'_>, total: u64) {
    heading(doc, section.heading);
    if section.entries.is_empty() {
        doc.paragraph("（无数据）", TextStyle::new(10.5));
        return;
    }
    let mut entries: Vec<&(String, u64)> = section.entries.iter().collect();
    if section.order == Order::LargestFirst {
        // Stable: equal counts keep the order they were given in.
        entries.sort_by_key(|e| std::cmp::Reverse(e.1));
    }

    let bars: Vec<Bar> = entries
        .iter()
        .take(CHART_BARS)
        .map(|(label, n)| Bar {
            label: label.clone(),
            value: *n as f64,
            value_text: thousands(*n),
        })
        .collect();
    let chart_title = if entries.len() > CHART_BARS {
        format!("{}（前 {CHART_BARS} 位）", section.chart_title)
    } else {
        section.chart_title.to_string()
    };

    let share_heading = if section.partition {
        "占比"
    } else {
        "占校友总数"
    };
    let columns = [
        Column::new("序号", 14.0).align(Align::Right),
        Column::new(section.label_heading, 96.0),
        Column::new("人数", 28.0).align(Align::Right).shrink(),
        Column::new(share_heading, 32.0)
            .align(Align::Right)
            .shrink(),
    ];
    let mut rows: Vec<Vec<String>> = entries
        .iter()
        .enumerate()
        .map(|(i, (label, n))| {
            vec![
                (i + 1).to_string(),
                label.clone(),
                thousands(*n),
                percent(*n, total),
            ]
        })
        .collect();
    if section.partition {
        let sum: u64 = entries.iter().map(|(_, n)| n).sum();
        rows.push(vec![
            String::new(),
            "合计".to_string(),
            thousands(sum),
            percent(sum, total),
        ]);
    }
    keep_together(doc, &bars, &columns, &rows);
    doc.horizontal_bar_chart(&chart_title, &bars, None);
    doc.table(&columns, &rows);
}

/// Starts a new page for a section's chart and table when together they fit on one page but
/// not on the rest of this one.
fn keep_together(doc: &mut Document, bars: &[Bar], columns: &[Column], rows: &[Vec<String>]) {
    let needed = doc.bar_chart_height_mm(bars) + doc.table_height_mm(columns, rows);
    if needed <= doc.page_body_mm() {
        doc.reserve(needed);
    }
}

fn coverage_section(doc: &mut Document, coverage: &[(String, u64, u64)]) {
    heading(doc, "六、联系方式覆盖率");
    if coverage.is_empty() {
        doc.paragraph("（无数据）", TextStyle::new(10.5));
        return;
    }
    let bars: Vec<Bar> = coverage
        .iter()
        .map(|(channel, have, of)| Bar {
            label: channel.clone(),
            value: if *of == 0 {
                0.0
            } else {
                *have as f64 / *of as f64
            },
            value_text: percent(*have, *of),
        })
        .collect();

    let columns = [
        Column::new("联系方式", 60.0),
        Column::new("已登记", 36.0).align(Align::Right).shrink(),
        Column::new("校友人数", 36.0).align(Align::Right).shrink(),
        Column::new("覆盖率", 38.0).align(Align::Right).shrink(),
    ];
    let rows: Vec<Vec<String>> = coverage
        .iter()
        .map(|(channel, have, of)| {
            vec![
                channel.clone(),
                thousands(*have),
                thousands(*of),
                percent(*have, *of),
            ]
        })
        .collect();
    keep_together(doc, &bars, &columns, &rows);
    doc.horizontal_bar_chart("已登记各联系方式的校友比例", &bars, Some(1.0));
    doc.table(&columns, &rows);
}

/// 12345 → "12,345".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `part` of `whole` as "12.3%", or "—" when `whole` is zero.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_formatted() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1234567, "1,234,567"),
        ];
        for (n, want) in cases {
            assert_eq!(thousands(n), want);
        }
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(5, 0), "—");
    }
}
