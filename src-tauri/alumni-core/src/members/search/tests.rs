//! Search on the real schema: what each kind of text finds and in which order, the filters,
//! archived members, re-indexing, rebuilding keys for older databases, and that both ways of
//! answering agree and every statement is an index search.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{params_from_iter, Connection};

use super::model;
use super::planning::{self, Driver, Strategy, Tier};
use super::store;
use super::*;
use crate::branches::{self, BranchId, BranchKind, NewBranch};
use crate::council::{self, Office};
use crate::members::{self, MemberId, MemberStatus, NewMember};
use crate::storage;

/// One fixture member: name, phone, student number, employer, college, year, city, status.
type Row = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    i32,
    &'static str,
    MemberStatus,
);

const ACTIVE: MemberStatus = MemberStatus::Active;

const PEOPLE: &[Row] = &[
    (
        "刘东志",
        Some("13812345678"),
        Some("2010010001"),
        Some("国家电网有限公司上海分公司"),
        "计算机科学与技术学院",
        2014,
        "上海",
        ACTIVE,
    ),
    (
        "王芳芳",
        Some("13955501234"),
        Some("2011020002"),
        Some("华为技术有限公司"),
        "经济与管理学院",
        2015,
        "深圳",
        ACTIVE,
    ),
    (
        "王芳",
        Some("13900005678"),
        Some("S2012030003"),
        Some("上海银行"),
        "经济与管理学院",
        2015,
        "上海",
        ACTIVE,
    ),
    (
        "李王明",
        Some("18600001111"),
        Some("2008040004"),
        None,
        "机械工程学院",
        2012,
        "北京",
        MemberStatus::LostContact,
    ),
    (
        "单晓明",
        Some("13700002222"),
        Some("2005050005"),
        Some("中国建筑第八工程局"),
        "土木工程学院",
        2009,
        "南京",
        ACTIVE,
    ),
    (
        "曾国强",
        Some("15800003333"),
        Some("1998060006"),
        None,
        "机械工程学院",
        2002,
        "上海",
        MemberStatus::Deceased,
    ),
    (
        "张伟",
        Some("18900004444"),
        Some("2001070007"),
        Some("华为技术有限公司"),
        "计算机科学与技术学院",
        2005,
        "深圳",
        ACTIVE,
    ),
    (
        "欧阳娜娜",
        None,
        Some("2016080008"),
        Some("腾讯科技"),
        "计算机科学与技术学院",
        2020,
        "广州",
        ACTIVE,
    ),
    (
        "吕文",
        Some("13600009999"),
        None,
        None,
        "土木工程学院",
        1995,
        "上海",
        ACTIVE,
    ),
    (
        "刘东",
        Some("13500007777"),
        Some("2010010009"),
        None,
        "计算机科学与技术学院",
        2014,
        "上海",
        ACTIVE,
    ),
];

fn new_member(row: &Row) -> NewMember {
    let (name, phone, student_number, employer, college, year, city, status) = *row;
    NewMember {
        name: name.to_owned(),
        phone: phone.map(str::to_owned),
        student_number: student_number.map(str::to_owned),
        employer: employer.map(str::to_owned),
        college: Some(college.to_owned()),
        graduation_year: Some(year),
        city: Some(city.to_owned()),
        status,
        ..NewMember::default()
    }
}

/// The fixture, with a branch holding 刘东志 and 王芳, and 张伟 a vice-president in term 1.
fn fixture() -> (Connection, Vec<MemberId>, BranchId) {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let ids: Vec<MemberId> = PEOPLE
        .iter()
        .map(|row| members::insert(&tx, &new_member(row)).expect("insert"))
        .collect();
    let branch = branches::insert(
        &tx,
        &NewBranch {
            name: "上海校友会".into(),
            kind: BranchKind::Regional,
            parent: None,
            city: Some("上海".into()),
            founded_on: None,
        },
    )
    .expect("branch");
    for i in [0, 2] {
        branches::add_member(&tx, branch, ids[i], branches::BranchRole::Member).expect("join");
    }
    let term = council::insert_term(&tx, 1, None, None).expect("term");
    council::appoint(&tx, term, ids[6], Office::VicePresident).expect("appoint");
    council::appoint(&tx, term, ids[6], Office::Council).expect("appoint");
    council::appoint(&tx, term, ids[0], Office::Council).expect("appoint");
    tx.commit().expect("commit");
    (conn, ids, branch)
}

fn names(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.name.as_str()).collect()
}

fn find(conn: &Connection, q: &SearchQuery) -> Vec<SearchHit> {
    search(conn, q).expect("search")
}

#[test]
fn each_kind_of_text_finds_the_right_people_in_order() {
    let (conn, _, _) = fixture();
    // Text, the names expected in this order at the top, what matched the first.
    let cases: &[(&str, &[&str], &str)] = &[
        // One character of a name, anywhere in it.
        ("志", &["刘东志"], "name"),
        ("娜", &["欧阳娜娜"], "name"),
        // A surname: names starting with it by pinyin, then names containing it.
        ("王", &["王芳", "王芳芳", "李王明"], "name"),
        ("刘", &["刘东", "刘东志"], "name"),
        // The exact name before longer names starting with it.
        ("王芳", &["王芳", "王芳芳"], "name"),
        ("刘东志", &["刘东志"], "name"),
        ("欧阳", &["欧阳娜娜"], "name"),
        // Full pinyin, exact before longer; typed with spaces or capitals too.
        ("liudongzhi", &["刘东志"], "pinyin"),
        ("liudong", &["刘东", "刘东志"], "pinyin"),
        ("Liu Dong Zhi", &["刘东志"], "pinyin"),
        ("wangfang", &["王芳", "王芳芳"], "pinyin"),
        // Pinyin from a later syllable.
        ("dongzhi", &["刘东志"], "pinyin"),
        ("nana", &["欧阳娜娜"], "pinyin"),
        // Initials, and initials from a later syllable.
        ("ldz", &["刘东志"], "initials"),
        ("oynn", &["欧阳娜娜"], "initials"),
        ("dz", &["刘东志"], "initials"),
        // Polyphonic surnames by their surname reading.
        ("shan", &["单晓明"], "pinyin"),
        ("shanxiaoming", &["单晓明"], "pinyin"),
        ("sxm", &["单晓明"], "initials"),
        ("zeng", &["曾国强"], "pinyin"),
        ("zgq", &["曾国强"], "initials"),
        // ü as v and as u.
        ("lvwen", &["吕文"], "pinyin"),
        ("luwen", &["吕文"], "pinyin"),
        // The last four phone digits (two people), a phone prefix, full-width digits.
        ("5678", &["刘东志", "王芳"], "phone"),
        ("１１１１", &["李王明"], "phone"),
        ("1381234", &["刘东志"], "phone"),
        // Student numbers, whole or begun, with a letter in either case.
        ("2010010001", &["刘东志"], "student_number"),
        ("20100100", &["刘东志", "刘东"], "student_number"),
        ("s2012", &["王芳"], "student_number"),
        // Employers, starting with the text first.
        ("电网", &["刘东志"], "employer"),
        ("华为", &["王芳芳", "张伟"], "employer"),
        ("上海", &["王芳", "刘东志"], "employer"),
        ("腾讯科技", &["欧阳娜娜"], "employer"),
    ];
    for (text, want, matched) in cases {
        let hits = find(&conn, &SearchQuery::text(text));
        let got = names(&hits);
        assert!(
            got.len() >= want.len() && got[..want.len()] == **want,
            "{text:?}: got {got:?}, want {want:?} first"
        );
        assert_eq!(hits[0].matched, *matched, "{text:?}");
    }
    for text in ["赵", "zhao", "qqq", "0000", "不存在的单位名称"] {
        assert!(find(&conn, &SearchQuery::text(text)).is_empty(), "{text:?}");
    }
}

#[test]
fn everyday_readings_of_polyphonic_surnames_still_find_them_after_the_surname_reading() {
    let (conn, _, _) = fixture();
    // 单 is dan in everyday words; someone typing it still finds 单晓明.
    let hits = find(&conn, &SearchQuery::text("danxiaoming"));
    assert_eq!(names(&hits), ["单晓明"]);
}

#[test]
fn hits_carry_the_listed_fields_with_the_phone_masked() {
    let (conn, ids, _) = fixture();
    let hits = find(&conn, &SearchQuery::text("刘东志"));
    let hit = &hits[0];
    assert_eq!(hit.id, ids[0].0);
    assert_eq!(hit.phone_masked.as_deref(), Some("138****5678"));
    assert_eq!(hit.college.as_deref(), Some("计算机科学与技术学院"));
    assert_eq!(hit.graduation_year, Some(2014));
    assert_eq!(hit.status, "active");
    let json = serde_json::to_value(hit).expect("json");
    for field in [
        "id",
        "name",
        "gender",
        "college",
        "major",
        "graduation_year",
        "degree",
        "employer",
        "city",
        "status",
        "phone_masked",
        "matched",
    ] {
        assert!(json.get(field).is_some(), "{field}");
    }
    assert!(!json.to_string().contains("13812345678"));
    assert_eq!(mask_phone("13812345678"), "138****5678");
}

#[test]
fn filters_narrow_the_hits_and_an_empty_text_lists_by_pinyin() {
    let (conn, _, branch) = fixture();
    let base = |text: &str| SearchQuery::text(text);
    let cases: Vec<(SearchQuery, Vec<&str>)> = vec![
        (
            SearchQuery {
                college: Some("经济与管理学院".into()),
                ..base("王")
            },
            vec!["王芳", "王芳芳"],
        ),
        (
            SearchQuery {
                graduation_year_from: Some(2010),
                graduation_year_to: Some(2014),
                ..base("")
            },
            vec!["刘东", "刘东志", "李王明"],
        ),
        (
            SearchQuery {
                graduation_year_to: Some(2002),
                ..base("")
            },
            vec!["吕文", "曾国强"],
        ),
        (
            SearchQuery {
                status: Some(MemberStatus::LostContact),
                ..base("王")
            },
            vec!["李王明"],
        ),
        (
            SearchQuery {
                branch_id: Some(branch.0),
                ..base("")
            },
            vec!["刘东志", "王芳"],
        ),
        (
            SearchQuery {
                branch_id: Some(branch.0),
                ..base("wang")
            },
            vec!["王芳"],
        ),
        (
            SearchQuery {
                office: Some("vice_president".into()),
                ..base("")
            },
            vec!["张伟"],
        ),
        (
            SearchQuery {
                office: Some("council".into()),
                ..base("")
            },
            vec!["刘东志", "张伟"],
        ),
        (
            SearchQuery {
                city: Some("深圳".into()),
                ..base("华为")
            },
            vec!["王芳芳", "张伟"],
        ),
        (
            SearchQuery {
                city: Some("上海".into()),
                college: Some("计算机科学与技术学院".into()),
                ..base("5678")
            },
            vec!["刘东志"],
        ),
        // No filter and no text: everyone, by pinyin.
        (
            base(""),
            vec![
                "刘东",
                "刘东志",
                "李王明",
                "吕文",
                "欧阳娜娜",
                "单晓明",
                "王芳",
                "王芳芳",
                "曾国强",
                "张伟",
            ],
        ),
    ];
    for (query, want) in cases {
        assert_eq!(names(&find(&conn, &query)), want, "{query:?}");
    }
}

#[test]
fn paging_walks_the_same_order() {
    let (conn, _, _) = fixture();
    let all = names(&find(&conn, &SearchQuery::text(""))).join(",");
    let mut paged = Vec::new();
    for page in 0..4 {
        let hits = find(
            &conn,
            &SearchQuery {
                limit: 3,
                offset: page * 3,
                ..SearchQuery::default()
            },
        );
        paged.extend(hits.into_iter().map(|h| h.name));
    }
    assert_eq!(paged.join(","), all);
}

#[test]
fn archived_members_are_left_out_unless_asked_for() {
    let (mut conn, ids, _) = fixture();
    let tx = conn.transaction().expect("tx");
    tx.execute(
        "UPDATE members SET archived_at = '2025-01-01T00:00:00Z' WHERE id = ?1",
        [ids[2].0],
    )
    .expect("archive");
    index(&tx, ids[2]).expect("index");
    tx.commit().expect("commit");

    for text in ["王芳", "wangfang", "5678", "", "上海银行"] {
        let hits = find(&conn, &SearchQuery::text(text));
        assert!(
            !names(&hits).contains(&"王芳"),
            "{text:?}: {:?}",
            names(&hits)
        );
        let with = find(
            &conn,
            &SearchQuery {
                include_archived: true,
                ..SearchQuery::text(text)
            },
        );
        assert!(names(&with).contains(&"王芳"), "{text:?}");
    }
    // With filters, whichever way the query is answered.
    let filtered = SearchQuery {
        college: Some("经济与管理学院".into()),
        ..SearchQuery::text("王")
    };
    assert_eq!(names(&find(&conn, &filtered)), ["王芳芳"]);
    // Archived members rank after the others in the same key.
    let all = find(
        &conn,
        &SearchQuery {
            include_archived: true,
            ..SearchQuery::text("王芳")
        },
    );
    assert_eq!(names(&all), ["王芳芳", "王芳"]);
}

#[test]
fn a_renamed_member_is_found_by_the_new_name_only() {
    let (mut conn, ids, _) = fixture();
    let tx = conn.transaction().expect("tx");
    tx.execute(
        "UPDATE members SET name = '赵志刚', phone = '13811114321', employer = '中兴通讯'
         WHERE id = ?1",
        [ids[0].0],
    )
    .expect("rename");
    index(&tx, ids[0]).expect("index");
    tx.commit().expect("commit");
    for old in ["刘东志", "ldz", "dongzhi", "5678", "电网"] {
        let hits = find(&conn, &SearchQuery::text(old));
        assert!(!names(&hits).contains(&"赵志刚"), "{old:?}");
    }
    for new in ["赵志刚", "志刚", "zhaozhigang", "zzg", "4321", "中兴"] {
        let hits = find(&conn, &SearchQuery::text(new));
        assert_eq!(names(&hits).first(), Some(&"赵志刚"), "{new:?}");
    }
    // Still exactly one key set: a listing shows the member once.
    let listing = find(&conn, &SearchQuery::text(""));
    assert_eq!(listing.len(), PEOPLE.len());
}

#[test]
fn deleting_a_member_takes_its_keys_along() {
    let (conn, ids, _) = fixture();
    conn.execute("DELETE FROM members WHERE id = ?1", [ids[8].0])
        .expect("delete");
    let keys: i64 = conn
        .query_row(
            "SELECT count(*) FROM member_search_keys WHERE member_id = ?1",
            [ids[8].0],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(keys, 0);
}

fn key_count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM member_search_keys", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn ensure_index_builds_keys_for_members_from_before_search() {
    // A version-1 database with members, as made before search existed.
    let mut conn = Connection::open_in_memory().expect("db");
    storage::migrate_to(&mut conn, 1).expect("v1");
    for (name, phone) in [("刘东志", "13812345678"), ("单晓明", "13700002222")] {
        conn.execute(
            "INSERT INTO members (name, phone, created_at, updated_at) VALUES (?1, ?2, 'x', 'x')",
            [name, phone],
        )
        .expect("insert");
    }
    storage::migrate(&mut conn).expect("upgrade");
    assert_eq!(key_count(&conn), 0);
    assert!(find(&conn, &SearchQuery::text("ldz")).is_empty());

    assert!(ensure_index(&mut conn).expect("ensure"));
    assert_eq!(names(&find(&conn, &SearchQuery::text("ldz"))), ["刘东志"]);
    assert_eq!(names(&find(&conn, &SearchQuery::text("shan"))), ["单晓明"]);
    assert_eq!(names(&find(&conn, &SearchQuery::text("5678"))), ["刘东志"]);
    // Complete now: a second call does nothing.
    let keys = key_count(&conn);
    assert!(!ensure_index(&mut conn).expect("ensure"));
    assert_eq!(key_count(&conn), keys);
}

#[test]
fn stored_pinyin_reads_a_polyphonic_surname_as_a_surname_and_sorts_with_it() {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    for name in ["单田芳", "沙宝亮", "戴军", "石磊"] {
        members::insert(
            &tx,
            &NewMember {
                name: name.into(),
                ..NewMember::default()
            },
        )
        .expect("insert");
    }
    tx.commit().expect("commit");
    let stored: (String, String) = conn
        .query_row(
            "SELECT name_pinyin, name_initials FROM members WHERE name = '单田芳'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(stored, ("shantianfang".to_owned(), "stf".to_owned()));
    // An order by the stored pinyin puts 单 among the sh- names, not beside 戴 (dai).
    let ordered: Vec<String> = conn
        .prepare("SELECT name FROM members ORDER BY name_pinyin, id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(ordered, ["戴军", "沙宝亮", "单田芳", "石磊"]);
    // …as the search's own listing does.
    assert_eq!(names(&find(&conn, &SearchQuery::default())), ordered);
    // A database written by the older rule (单 as dan) is mended by the rebuild.
    conn.execute(
        "UPDATE members SET name_pinyin = 'dantianfang', name_initials = 'dtf'
         WHERE name = '单田芳'",
        [],
    )
    .expect("old rule");
    conn.execute(
        "UPDATE settings SET value = '1' WHERE key = 'search_index_version'",
        [],
    )
    .expect("old keys");
    assert!(ensure_index(&mut conn).expect("ensure"));
    let mended: String = conn
        .query_row(
            "SELECT name_pinyin FROM members WHERE name = '单田芳'",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(mended, "shantianfang");
}

#[test]
fn a_new_database_needs_no_rebuild_and_a_rebuild_gives_the_same_keys() {
    let (mut conn, _, _) = fixture();
    assert!(!ensure_index(&mut conn).expect("ensure"));
    let dump = |conn: &Connection| -> Vec<(String, i64, String, i64)> {
        let mut stmt = conn
            .prepare(
                "SELECT key, rank, sort, member_id FROM member_search_keys ORDER BY 1, 2, 3, 4",
            )
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query");
        rows.collect::<Result<_, _>>().expect("rows")
    };
    let before = dump(&conn);
    // An outdated key format forces a full rebuild.
    conn.execute(
        "UPDATE settings SET value = '0' WHERE key = 'search_index_version'",
        [],
    )
    .expect("stale");
    assert!(ensure_index(&mut conn).expect("ensure"));
    let after = dump(&conn);
    // Employer ids may be renumbered; everything else is identical.
    let strip = |rows: Vec<(String, i64, String, i64)>| -> Vec<(String, i64, String, i64)> {
        rows.into_iter()
            .map(|(k, r, s, m)| (if k.starts_with("e:") { "e:".into() } else { k }, r, s, m))
            .collect()
    };
    let (mut before, mut after) = (strip(before), strip(after));
    before.sort();
    after.sort();
    assert_eq!(before, after);
}

/// Many members with random names, phones and filters, for comparing the two search paths.
fn random_register(count: usize) -> (Connection, Vec<BranchId>) {
    let surnames = ["王", "李", "张", "刘", "单", "曾", "欧阳", "吕", "陈"];
    let given = ['东', '志', '芳', '伟', '娜', '明', '国', '强', '文', '华'];
    let colleges = ["甲学院", "乙学院", "丙学院"];
    let cities = ["上海", "北京", "深圳", "悉尼"];
    let employers = ["华为技术有限公司", "上海银行", "国家电网", "华东电力设计院"];
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let mut branch_ids = Vec::new();
    for n in 0..3 {
        branch_ids.push(
            branches::insert(
                &tx,
                &NewBranch {
                    name: format!("分会{n}"),
                    kind: BranchKind::Regional,
                    parent: None,
                    city: None,
                    founded_on: None,
                },
            )
            .expect("branch"),
        );
    }
    let term = council::insert_term(&tx, 1, None, None).expect("term");
    for i in 0..count {
        let mut name = surnames[rng.random_range(0..surnames.len())].to_owned();
        for _ in 0..rng.random_range(1..=2) {
            name.push(given[rng.random_range(0..given.len())]);
        }
        let member = NewMember {
            name,
            phone: Some(format!("13{:09}", rng.random_range(0..1_000_000_000u32))),
            student_number: Some(format!("20{i:08}")),
            employer: (rng.random_range(0..3) > 0)
                .then(|| employers[rng.random_range(0..employers.len())].to_owned()),
            college: Some(colleges[rng.random_range(0..colleges.len())].to_owned()),
            graduation_year: Some(rng.random_range(1990..2025)),
            city: Some(cities[rng.random_range(0..cities.len())].to_owned()),
            status: if rng.random_range(0..10) == 0 {
                MemberStatus::LostContact
            } else {
                MemberStatus::Active
            },
            ..NewMember::default()
        };
        let id = members::insert(&tx, &member).expect("insert");
        if rng.random_range(0..4) == 0 {
            let branch = branch_ids[rng.random_range(0..branch_ids.len())];
            branches::add_member(&tx, branch, id, branches::BranchRole::Member).expect("join");
        }
        if rng.random_range(0..20) == 0 {
            council::appoint(&tx, term, id, Office::Council).expect("appoint");
        }
        if rng.random_range(0..15) == 0 {
            tx.execute("UPDATE members SET archived_at = 'x' WHERE id = ?1", [id.0])
                .expect("archive");
            index(&tx, id).expect("index");
        }
    }
    // Inserted row by row without counting, as an import does: one recount at the end.
    refresh_filter_counts(&tx).expect("recount");
    tx.commit().expect("commit");
    (conn, branch_ids)
}

/// The texts and filters both search paths are compared on.
const TEXTS: &[&str] = &[
    "",
    "王",
    "东",
    "王芳",
    "wang",
    "w",
    "l",
    "ldz",
    "dz",
    "zhi",
    "shan",
    "lv",
    "lu",
    "13",
    "1234",
    "2000001",
    "华",
    "电网",
    "上海银行",
    "hua",
];

fn filters(branch_ids: &[BranchId]) -> Vec<(SearchQuery, Driver)> {
    vec![
        (
            SearchQuery {
                branch_id: Some(branch_ids[0].0),
                ..SearchQuery::default()
            },
            Driver::Branch,
        ),
        (
            SearchQuery {
                office: Some("council".into()),
                ..SearchQuery::default()
            },
            Driver::Office,
        ),
        (
            SearchQuery {
                college: Some("甲学院".into()),
                graduation_year_from: Some(2000),
                ..SearchQuery::default()
            },
            Driver::College,
        ),
        (
            SearchQuery {
                city: Some("悉尼".into()),
                status: Some(MemberStatus::Active),
                ..SearchQuery::default()
            },
            Driver::City,
        ),
        (
            SearchQuery {
                city: Some("上海".into()),
                graduation_year_from: Some(2000),
                graduation_year_to: Some(2010),
                ..SearchQuery::default()
            },
            Driver::City,
        ),
        (
            SearchQuery {
                graduation_year_from: Some(2010),
                graduation_year_to: Some(2012),
                include_archived: true,
                ..SearchQuery::default()
            },
            Driver::Years,
        ),
        (
            SearchQuery {
                branch_id: Some(branch_ids[1].0),
                college: Some("乙学院".into()),
                status: Some(MemberStatus::LostContact),
                ..SearchQuery::default()
            },
            Driver::Branch,
        ),
    ]
}

#[test]
fn every_strategy_finds_the_same_hits_in_the_same_order() {
    let (conn, branch_ids) = random_register(600);
    for (filter, driver) in filters(&branch_ids) {
        for text in TEXTS {
            let q = SearchQuery {
                text: (*text).to_owned(),
                limit: 500,
                ..filter.clone()
            };
            let keys_first = store::find_for_tests(&conn, &q, Strategy::KeysFirst).expect("scan");
            let filter_first =
                store::find_for_tests(&conn, &q, Strategy::FilterFirst(driver)).expect("filter");
            assert_eq!(keys_first, filter_first, "{q:?}");
            let sieve = store::find_for_tests(&conn, &q, Strategy::Sieve(driver)).expect("sieve");
            assert_eq!(keys_first, sieve, "sieve: {q:?}");
        }
    }
}

/// Whether a member passes a query's filters, read from its row and links in Rust.
fn passes(conn: &Connection, id: i64, q: &SearchQuery) -> bool {
    let (college, year, city, status, archived): (
        Option<String>,
        Option<i32>,
        Option<String>,
        String,
        bool,
    ) = conn
        .query_row(
            "SELECT college, graduation_year, city, status, archived_at IS NOT NULL
             FROM members WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("member");
    let in_branch = |branch: i64| -> bool {
        conn.query_row(
            "SELECT count(*) FROM branch_memberships WHERE branch_id = ?1 AND member_id = ?2",
            [branch, id],
            |r| r.get::<_, i64>(0),
        )
        .expect("branch")
            > 0
    };
    let holds = |office: &str| -> bool {
        conn.query_row(
            "SELECT count(*) FROM council_positions WHERE office = ?1 AND member_id = ?2",
            rusqlite::params![office, id],
            |r| r.get::<_, i64>(0),
        )
        .expect("office")
            > 0
    };
    q.college
        .as_ref()
        .is_none_or(|c| college.as_ref() == Some(c))
        && q.graduation_year_from
            .is_none_or(|from| year.is_some_and(|y| y >= from))
        && q.graduation_year_to
            .is_none_or(|to| year.is_some_and(|y| y <= to))
        && q.city.as_ref().is_none_or(|c| city.as_ref() == Some(c))
        && q.status.is_none_or(|s| status == s.as_str())
        && q.branch_id.is_none_or(in_branch)
        && q.office.as_deref().is_none_or(holds)
        && (q.include_archived || !archived)
}

#[test]
fn filtered_results_equal_an_unfiltered_search_filtered_in_rust() {
    let (conn, branch_ids) = random_register(600);
    for (filter, _) in filters(&branch_ids) {
        for text in TEXTS {
            let q = SearchQuery {
                text: (*text).to_owned(),
                limit: 40,
                ..filter.clone()
            };
            // Every member the text finds (600 members, so 5,000 deep is everyone).
            let everyone = SearchQuery {
                text: (*text).to_owned(),
                include_archived: filter.include_archived,
                limit: 500,
                ..SearchQuery::default()
            };
            let mut all = Vec::new();
            for page in 0..10 {
                let hits = search(
                    &conn,
                    &SearchQuery {
                        offset: page * 500,
                        ..everyone.clone()
                    },
                )
                .expect("search");
                let done = hits.len() < 500;
                all.extend(hits);
                if done {
                    break;
                }
            }
            let want: Vec<(i64, String)> = all
                .into_iter()
                .filter(|h| passes(&conn, h.id, &q))
                .take(40)
                .map(|h| (h.id, h.matched))
                .collect();
            let got: Vec<(i64, String)> = search(&conn, &q)
                .expect("filtered")
                .into_iter()
                .map(|h| (h.id, h.matched))
                .collect();
            assert_eq!(got, want, "{q:?}");
        }
    }
}

#[test]
fn the_cost_model_reads_a_small_filter_first_and_scans_for_a_rare_text() {
    let (conn, branch_ids) = random_register(600);
    // A branch is listed from its own copies of the keys, with no estimate.
    let branch = SearchQuery {
        branch_id: Some(branch_ids[0].0),
        ..SearchQuery::default()
    };
    assert_eq!(
        store::strategy_for_tests(&conn, &branch).expect("strategy"),
        Strategy::KeysFirst
    );
    // About 10 of the 600 graduated from one college in two years: a listing reads them first…
    let listing = SearchQuery {
        college: Some("甲学院".into()),
        graduation_year_from: Some(2000),
        graduation_year_to: Some(2001),
        ..SearchQuery::default()
    };
    assert_eq!(
        store::strategy_for_tests(&conn, &listing).expect("strategy"),
        Strategy::FilterFirst(Driver::College)
    );
    // …and a text with a handful of keys scans them.
    let rare = SearchQuery {
        text: "王芳芳".into(),
        ..listing.clone()
    };
    assert_eq!(
        store::strategy_for_tests(&conn, &rare).expect("strategy"),
        Strategy::KeysFirst
    );
    // A filter nearly everyone passes is never read first, member by member.
    let wide = SearchQuery {
        graduation_year_from: Some(1900),
        ..SearchQuery::default()
    };
    assert!(!matches!(
        store::strategy_for_tests(&conn, &wide).expect("strategy"),
        Strategy::FilterFirst(_)
    ));
}

/// The query plan of one statement, one line per step.
fn plan_of(conn: &Connection, sql: &store::Sql) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {}", sql.text))
        .expect("explain");
    let rows = stmt
        .query_map(params_from_iter(sql.params.iter()), |r| {
            r.get::<_, String>(3)
        })
        .expect("plan");
    rows.collect::<Result<_, _>>().expect("rows")
}

#[test]
fn every_statement_is_an_index_search() {
    let (conn, branch_ids) = random_register(50);
    let unfiltered = SearchQuery::default();
    let filtered = SearchQuery {
        college: Some("甲学院".into()),
        graduation_year_from: Some(2000),
        city: Some("上海".into()),
        status: Some(MemberStatus::Active),
        branch_id: Some(branch_ids[0].0),
        office: Some("council".into()),
        ..SearchQuery::default()
    };
    // Statements that must come in index order, without a sort.
    let mut ordered = Vec::new();
    // Filter-first statements, which sort the few members' matches.
    let mut sorted = Vec::new();
    for q in [&unfiltered, &filtered] {
        for text in ["", "王", "wang", "ldz", "5678", "138", "s2010", "电网"] {
            for tier in model_plan(text) {
                match tier {
                    Tier::Keys {
                        kind,
                        term,
                        prefix,
                        canonical_only,
                        ..
                    } => {
                        ordered.push(store::keys_sql(kind, &term, prefix, canonical_only, q));
                        ordered.push(store::key_count_sql(
                            kind,
                            &term,
                            prefix,
                            canonical_only,
                            q,
                            10,
                        ));
                        for driver in [
                            Driver::Branch,
                            Driver::Office,
                            Driver::College,
                            Driver::City,
                        ] {
                            sorted.push(store::filtered_keys_sql(
                                driver,
                                kind,
                                &term,
                                prefix,
                                canonical_only,
                                &filtered,
                                50,
                            ));
                        }
                    }
                    Tier::PhonePrefix(p) => ordered.push(store::column_prefix_sql("phone", &p, q)),
                    Tier::StudentNumberPrefix(p) => {
                        ordered.push(store::column_prefix_sql("student_number", &p, q))
                    }
                    Tier::Employer(e) => {
                        ordered.push(store::employers_sql(&e));
                        ordered.push(store::keys_sql(model::Kind::Employer, "1", false, false, q));
                    }
                }
            }
        }
    }
    let years = SearchQuery {
        graduation_year_to: Some(2000),
        ..SearchQuery::default()
    };
    for q in [&filtered, &years] {
        for (_, sql) in store::driver_counts(q) {
            ordered.push(sql);
        }
    }
    sorted.push(store::filtered_keys_sql(
        Driver::Years,
        model::Kind::Pinyin,
        "",
        true,
        true,
        &years,
        50,
    ));
    for (sql, sort_allowed) in ordered
        .iter()
        .map(|s| (s, false))
        .chain(sorted.iter().map(|s| (s, true)))
    {
        let plan = plan_of(&conn, sql);
        for step in &plan {
            // council_positions is a few hundred rows at most, so reading it whole (and the
            // distinct members taken from it) is the plan; a bounded subquery's rows are read
            // back as they come.
            let small_table = step.contains("council_positions")
                || step == "SCAN d"
                || step.starts_with("SCAN (subquery");
            assert!(
                !step.starts_with("SCAN") || small_table,
                "{}\n{plan:#?}",
                sql.text
            );
            assert!(
                sort_allowed || !step.contains("TEMP B-TREE FOR ORDER BY"),
                "{}\n{plan:#?}",
                sql.text
            );
        }
    }
}

fn model_plan(text: &str) -> Vec<Tier> {
    planning::plan(text)
}

/// Keys as (key, rank, sort, member id).
type KeyRows = Vec<(String, i64, String, i64)>;

/// The branch copies of the pinyin keys, as they are and as the memberships say they must be.
fn branch_copies(conn: &Connection) -> (KeyRows, KeyRows) {
    (
        rows4(
            conn,
            "SELECT key, rank, sort, member_id FROM member_search_keys
             WHERE key >= 'b:' AND key < 'b;' ORDER BY 1, 2, 3, 4",
        ),
        rows4(
            conn,
            "SELECT 'b:' || b.branch_id || ':' || substr(k.key, 3), k.rank, k.sort, k.member_id
             FROM branch_memberships b JOIN member_search_keys k ON k.member_id = b.member_id
             WHERE k.key >= 'p:' AND k.key < 'p;' ORDER BY 1, 2, 3, 4",
        ),
    )
}

/// Every row of a statement of four columns.
fn rows4<A, B, C, D>(conn: &Connection, sql: &str) -> Vec<(A, B, C, D)>
where
    A: rusqlite::types::FromSql,
    B: rusqlite::types::FromSql,
    C: rusqlite::types::FromSql,
    D: rusqlite::types::FromSql,
{
    conn.prepare(sql)
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn branch_copies_follow_joins_leaves_merges_renames_and_rebuilds() {
    let (mut conn, branch_ids) = random_register(300);
    let (copies, want) = branch_copies(&conn);
    assert!(copies.len() > 50, "the register has branch members");
    assert_eq!(copies, want);

    let actor = crate::staff::default_actor(&conn, None).expect("actor").id;
    let tx = conn.transaction().expect("tx");
    let in_branch: Vec<i64> = tx
        .prepare("SELECT member_id FROM branch_memberships WHERE branch_id = ?1 ORDER BY member_id")
        .expect("prepare")
        .query_map([branch_ids[0].0], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    // Leave, join, a merge moving memberships, a rename (单 read as shan) and an archiving.
    branches::set_role(&tx, actor, branch_ids[0], MemberId(in_branch[0]), None).expect("leave");
    branches::set_role(
        &tx,
        actor,
        branch_ids[2],
        MemberId(in_branch[1]),
        Some(branches::BranchRole::Contact),
    )
    .expect("join");
    branches::reassign_member(&tx, MemberId(in_branch[2]), MemberId(1)).expect("merge");
    members::record::update(
        &tx,
        actor,
        MemberId(in_branch[3]),
        NewMember {
            name: "单田芳".into(),
            ..NewMember::default()
        },
    )
    .expect("rename");
    tx.execute(
        "UPDATE members SET archived_at = 'x' WHERE id = ?1",
        [in_branch[4]],
    )
    .expect("archive");
    index(&tx, MemberId(in_branch[4])).expect("index");
    tx.commit().expect("commit");
    let (copies, want) = branch_copies(&conn);
    assert_eq!(copies, want);
    assert!(copies
        .iter()
        .any(|(key, ..)| key == &format!("b:{}:shantianfang", branch_ids[0].0)));

    // A rebuild writes the same copies.
    let tx = conn.transaction().expect("tx");
    rebuild(&tx).expect("rebuild");
    tx.commit().expect("commit");
    assert_eq!(branch_copies(&conn).0, copies);

    // And a listing of each branch is everyone's listing filtered to the branch.
    for branch in &branch_ids {
        let everyone = search(
            &conn,
            &SearchQuery {
                limit: 500,
                ..SearchQuery::default()
            },
        )
        .expect("everyone");
        let q = SearchQuery {
            branch_id: Some(branch.0),
            limit: 500,
            ..SearchQuery::default()
        };
        let want: Vec<i64> = everyone
            .iter()
            .map(|h| h.id)
            .filter(|id| passes(&conn, *id, &q))
            .collect();
        let got: Vec<i64> = search(&conn, &q)
            .expect("listing")
            .iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(got, want);
    }
}

/// Filter counts as (kind, value, year, members).
type CountRows = Vec<(String, String, i64, i64)>;

/// The counts as kept, and as the members say they must be.
fn filter_counts(conn: &Connection) -> (CountRows, CountRows) {
    (
        rows4(
            conn,
            "SELECT kind, value, year, members FROM member_filter_counts
             WHERE members > 0 ORDER BY 1, 2, 3",
        ),
        rows4(
            conn,
            "SELECT 'city', city, coalesce(graduation_year, 0), count(*) FROM members
             WHERE city IS NOT NULL GROUP BY 2, 3
             UNION ALL
             SELECT 'college', college, coalesce(graduation_year, 0), count(*) FROM members
             WHERE college IS NOT NULL GROUP BY 2, 3
             UNION ALL
             SELECT 'year', '', coalesce(graduation_year, 0), count(*) FROM members
             GROUP BY 3
             ORDER BY 1, 2, 3",
        ),
    )
}

#[test]
fn filter_counts_follow_edits_and_are_recounted_after_bulk_changes() {
    let (mut conn, _) = random_register(300);
    let (kept, want) = filter_counts(&conn);
    assert_eq!(kept, want);
    // A member added without counting (an older version, or by hand): the counts no longer add
    // up, and opening the register recounts.
    let tx = conn.transaction().expect("tx");
    members::insert(
        &tx,
        &NewMember {
            name: "旧版本".into(),
            city: Some("成都".into()),
            ..NewMember::default()
        },
    )
    .expect("insert");
    tx.commit().expect("commit");
    assert_ne!(filter_counts(&conn).0, filter_counts(&conn).1);
    ensure_index(&mut conn).expect("open");
    let (kept, want) = filter_counts(&conn);
    assert_eq!(kept, want);

    // A record created or edited by hand moves its counts.
    let actor = crate::staff::default_actor(&conn, None).expect("actor").id;
    let tx = conn.transaction().expect("tx");
    let created = members::record::create(
        &tx,
        actor,
        NewMember {
            name: "新校友".into(),
            city: Some("成都".into()),
            college: Some("甲学院".into()),
            graduation_year: Some(2001),
            ..NewMember::default()
        },
    )
    .expect("create");
    members::record::update(
        &tx,
        actor,
        MemberId(5),
        NewMember {
            name: "改名".into(),
            city: Some("成都".into()),
            ..NewMember::default()
        },
    )
    .expect("update");
    tx.commit().expect("commit");
    let (kept, want) = filter_counts(&conn);
    assert_eq!(kept, want);
    assert!(created.id.0 > 301);

    // A bulk change by SQL is recounted in one pass.
    let tx = conn.transaction().expect("tx");
    tx.execute_batch(
        "UPDATE members SET city = '成都' WHERE id % 7 = 0;
         UPDATE members SET graduation_year = NULL WHERE id % 11 = 0;",
    )
    .expect("changes");
    refresh_filter_counts(&tx).expect("recount");
    tx.commit().expect("commit");
    let (kept, want) = filter_counts(&conn);
    assert_eq!(kept, want);
    // A driver's count is what its index holds.
    let q = SearchQuery {
        city: Some("成都".into()),
        graduation_year_from: Some(2000),
        ..SearchQuery::default()
    };
    let counted: i64 = conn
        .query_row(
            "SELECT count(*) FROM members WHERE city = '成都' AND graduation_year >= 2000",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let drivers = store::driver_counts(&q);
    assert_eq!(drivers.len(), 1);
    assert_eq!(drivers[0].0, Driver::City);
    assert_eq!(store::count_for_tests(&conn, &drivers[0].1), counted);
}

#[test]
fn names_with_characters_of_the_cjk_extensions_are_found_and_ordered_like_any_other() {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let mut ids = Vec::new();
    for name in ["赵孟𫖯", "吉𠮷", "赵孟", "王䶮"] {
        ids.push(
            members::insert(
                &tx,
                &NewMember {
                    name: name.into(),
                    ..NewMember::default()
                },
            )
            .expect("insert"),
        );
    }
    tx.commit().expect("commit");
    let names = |text: &str| -> Vec<String> {
        search(&conn, &SearchQuery::text(text))
            .expect("search")
            .into_iter()
            .map(|h| h.name)
            .collect()
    };
    // By the character itself, by the others of the name, by the pinyin the crate has.
    assert_eq!(names("𫖯"), ["赵孟𫖯"]);
    assert_eq!(names("𠮷"), ["吉𠮷"]);
    assert_eq!(names("赵孟"), ["赵孟", "赵孟𫖯"]);
    assert!(names("zhaomeng").contains(&"赵孟𫖯".to_owned()));
    assert!(names("ji").contains(&"吉𠮷".to_owned()));
    assert_eq!(names("䶮"), ["王䶮"]);
    // Stroke counts come from the same Unihan table (kTotalStrokes): 𫖯 (兆 + 页) 12, 𠮷 6.
    assert_eq!(crate::names::stroke_count('𫖯'), Some(12));
    assert_eq!(crate::names::stroke_count('𠮷'), Some(6));
    assert_eq!(
        crate::names::compare_stroke_order("赵孟", "赵孟𫖯"),
        std::cmp::Ordering::Less
    );
}
