//! Import of 100,000 alumni from an .xlsx, end to end: read, detect the header, dry run, apply
//! in one transaction and commit — into an empty register, then again into the register that
//! now holds them (every row unchanged), and into a register holding the same people without
//! employer, job title and city (every row fills those three). Seeded data, real database files
//! (WAL), the shells' default connection settings.
//!
//! Run in release: `cargo bench -p alumni-core --bench import`; pass a number to change the
//! row count (`cargo bench -p alumni-core --bench import -- 20000`).

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use alumni_core::members::import::{self, ImportReport};
use alumni_core::{members, staff, storage};
use rust_xlsxwriter::Workbook;

const DEFAULT_ROWS: usize = 100_000;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "欧阳", "司马", "上官",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "文", "玉", "萍", "红", "建", "国", "志", "东",
    "海", "鹏", "宇", "浩", "晨", "欣", "怡", "佳", "思", "雨", "婷", "俊", "嘉", "博", "子", "涵",
    "轩", "睿", "航", "昊", "然", "琳", "晶", "颖", "倩", "蕾", "薇", "荣",
];
const COLLEGES: &[(&str, &[&str])] = &[
    (
        "计算机科学与技术学院",
        &["计算机科学与技术", "软件工程", "信息安全"],
    ),
    ("机械工程学院", &["机械设计制造及其自动化", "车辆工程"]),
    ("电子信息工程学院", &["电子信息工程", "通信工程", "微电子"]),
    ("土木工程学院", &["土木工程", "建筑环境与能源应用工程"]),
    ("材料科学与工程学院", &["材料科学与工程", "高分子材料"]),
    ("经济与管理学院", &["工商管理", "会计学", "金融学"]),
    ("外国语学院", &["英语", "日语", "德语"]),
    ("化学与化工学院", &["化学工程与工艺", "应用化学"]),
    ("理学院", &["数学与应用数学", "应用物理学"]),
    ("艺术设计学院", &["视觉传达设计", "工业设计"]),
];
const DEGREES: &[&str] = &["本科", "本科", "本科", "硕士", "博士", "专科"];
const EMPLOYERS: &[&str] = &[
    "华为技术有限公司",
    "腾讯科技（深圳）有限公司",
    "上海汽车集团股份有限公司",
    "中国建筑第八工程局",
    "宝山钢铁股份有限公司",
    "中国商飞",
    "阿里巴巴集团",
    "国家电网上海市电力公司",
    "上海市第一人民医院",
    "招商银行",
    "同济大学",
    "中芯国际",
    "中国移动上海分公司",
    "上海电气集团",
    "浦东新区教育局",
];
const TITLES: &[&str] = &[
    "工程师",
    "高级工程师",
    "经理",
    "总监",
    "教师",
    "副总经理",
    "主任",
    "研究员",
];
const CITIES: &[&str] = &[
    "上海", "北京", "深圳", "杭州", "苏州", "南京", "广州", "成都", "武汉", "西安", "合肥", "纽约",
];

/// SplitMix64: seeded, so every run imports the same people.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// A resident ID number with a correct check character, unique per `i`.
fn id_number(i: usize, birth_year: i32) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let day = i % 336;
    let body = format!(
        "310104{birth_year:04}{:02}{:02}{:03}",
        day / 28 + 1,
        day % 28 + 1,
        (i / 336) % 1000
    );
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", CHECK[(sum % 11) as usize] as char)
}

/// Writes the seeded file; without `work`, the employer, job title and city cells stay empty
/// (the same people, so importing the full file afterwards fills those three fields).
fn write_file(path: &Path, rows: usize, work: bool) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut rng = Seeded(2024);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "申江理工大学校友信息登记表")?;
    let header = [
        "序号",
        "姓名",
        "性别",
        "学号",
        "身份证号",
        "入学年份",
        "毕业年份",
        "学院",
        "专业",
        "学历",
        "班级",
        "手机号码",
        "邮箱",
        "微信",
        "工作单位",
        "职务",
        "城市",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h)?;
    }
    for i in 0..rows {
        let r = i as u32 + 2;
        let given: String = (0..1 + rng.next() % 2).map(|_| *rng.pick(GIVEN)).collect();
        let name = format!("{}{given}", rng.pick(SURNAMES));
        let enrolled = 1985 + (rng.next() % 36) as i32;
        let (college, majors) = rng.pick(COLLEGES);
        let major = rng.pick(majors);
        let phone = 13_000_000_000u64 + (i as u64 * 7_919) % 1_000_000_000;
        sheet.write_number(r, 0, (i + 1) as f64)?;
        sheet.write_string(r, 1, &name)?;
        sheet.write_string(
            r,
            2,
            if rng.next().is_multiple_of(2) {
                "男"
            } else {
                "女"
            },
        )?;
        sheet.write_number(r, 3, (enrolled as u64 * 1_000_000 + i as u64) as f64)?;
        if rng.next().is_multiple_of(3) {
            sheet.write_string(r, 4, id_number(i, enrolled - 18))?;
        }
        sheet.write_number(r, 5, f64::from(enrolled))?;
        sheet.write_string(r, 6, format!("{}届", enrolled + 4))?;
        sheet.write_string(r, 7, *college)?;
        sheet.write_string(r, 8, *major)?;
        sheet.write_string(r, 9, *rng.pick(DEGREES))?;
        sheet.write_string(r, 10, format!("{}{}班", &major[..3], rng.next() % 4 + 1))?;
        // Every tenth phone as offices type them, with spaces and +86.
        if i.is_multiple_of(10) {
            let digits = phone.to_string();
            sheet.write_string(
                r,
                11,
                format!("+86 {} {} {}", &digits[..3], &digits[3..7], &digits[7..]),
            )?;
        } else {
            sheet.write_number(r, 11, phone as f64)?;
        }
        sheet.write_string(r, 12, format!("alumni{i}@example.com"))?;
        if rng.next().is_multiple_of(2) {
            sheet.write_string(r, 13, format!("wx_{i}"))?;
        }
        let (employer, title, city) = (rng.pick(EMPLOYERS), rng.pick(TITLES), rng.pick(CITIES));
        if work {
            sheet.write_string(r, 14, *employer)?;
            sheet.write_string(r, 15, *title)?;
            sheet.write_string(r, 16, *city)?;
        }
    }
    workbook.save(path)
}

struct Timings {
    read: Duration,
    detect: Duration,
    plan: Duration,
    apply: Duration,
    commit: Duration,
    report: ImportReport,
}

impl Timings {
    fn total(&self) -> Duration {
        self.read + self.detect + self.plan + self.apply + self.commit
    }
}

fn import_once(
    conn: &mut storage::Connection,
    actor: staff::StaffId,
    path: &Path,
) -> Result<Timings, Box<dyn std::error::Error>> {
    let never = AtomicBool::new(false);
    let started = Instant::now();
    let sheet = import::read_file(path)?;
    let read = started.elapsed();

    let started = Instant::now();
    let mapping = import::detect_mapping(&sheet)?;
    let detect = started.elapsed();

    let tx = conn.transaction_with_behavior(storage::TransactionBehavior::Immediate)?;
    let started = Instant::now();
    let plan = import::plan(&tx, &sheet, &mapping, &|_| {}, &never)?;
    let plan_time = started.elapsed();

    let started = Instant::now();
    let report = import::apply(&tx, actor, &plan, "bench.xlsx", &|_| {}, &never)?;
    let apply = started.elapsed();

    let started = Instant::now();
    tx.commit()?;
    let commit = started.elapsed();
    Ok(Timings {
        read,
        detect,
        plan: plan_time,
        apply,
        commit,
        report,
    })
}

fn ms(d: Duration) -> String {
    format!("{:>9.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(DEFAULT_ROWS);
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("alumni.xlsx");
    let partial = dir.path().join("alumni-without-work.xlsx");
    let started = Instant::now();
    write_file(&file, rows, true)?;
    write_file(&partial, rows, false)?;
    let size_mb = std::fs::metadata(&file)?.len() as f64 / 1_048_576.0;
    println!(
        "import benchmark: {rows} rows, 17 columns, title row above the header; file {size_mb:.1} MB \
         (written in {:.1} s, not counted); {} CPUs",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );

    let opened = storage::open(&dir.path().join("register.sqlite3"))?;
    let mut conn = opened.conn;
    let actor = staff::default_actor(&conn, None)?.id;
    let first = import_once(&mut conn, actor, &file)?;
    let second = import_once(&mut conn, actor, &file)?;
    assert_eq!(members::count(&conn)? as usize, first.report.inserted);
    drop(conn);

    // A second register holding the same people without employer, job title and city.
    let mut conn = storage::open(&dir.path().join("partial.sqlite3"))?.conn;
    import_once(&mut conn, actor, &partial)?;
    let third = import_once(&mut conn, actor, &file)?;

    println!();
    println!("| step            | empty register | holding them, unchanged | holding them, 3 fields filled |");
    println!("|-----------------|----------------|-------------------------|-------------------------------|");
    let line = |label: &str, pick: fn(&Timings) -> Duration| {
        println!(
            "| {label:<15} | {}   | {}            | {}                  |",
            ms(pick(&first)),
            ms(pick(&second)),
            ms(pick(&third))
        );
    };
    line("read .xlsx", |t| t.read);
    line("find header", |t| t.detect);
    line("plan (dry run)", |t| t.plan);
    line("apply", |t| t.apply);
    line("commit", |t| t.commit);
    line("total", Timings::total);
    println!();
    for (label, t) in [
        ("empty register", &first),
        ("holding them", &second),
        ("filling", &third),
    ] {
        let r = &t.report;
        println!(
            "{label}: inserted {}, updated {}, unchanged {}, review {}, rejected {}; {:.0} rows/s",
            r.inserted,
            r.updated,
            r.unchanged,
            r.review.len(),
            r.rejected.len(),
            rows as f64 / t.total().as_secs_f64(),
        );
    }
    Ok(())
}
