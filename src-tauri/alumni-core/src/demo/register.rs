//! The demo register: alumni, branches with their members, and the first council term.

use std::collections::HashMap;

use rand::distr::weighted::WeightedIndex;
use rand::distr::Distribution;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Transaction;

use super::people::{self, PeopleMaker};
use super::sources;
use crate::branches::{self, BranchId, BranchKind, BranchRole, NewBranch};
use crate::council::{self, Office, TermId};
use crate::members::{self, name_pinyin, Gender, MemberId, MemberStatus, NewMember};

/// The longest unit name in the demo (31 characters), so documents are tried on it.
pub const LONGEST_UNIT: &str = "中国电力工程顾问集团华东电力设计院有限公司城市规划与新能源事业部";
/// A four-character name with a compound surname, likewise.
pub const COMPOUND_NAME: &str = "欧阳思睿";

/// What the seed event needs to know of a generated member.
#[derive(Debug, Clone)]
pub struct DemoMember {
    /// Its id.
    pub id: MemberId,
    /// Its name.
    pub name: String,
    /// Employer, the unit on a badge.
    pub employer: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Reachable and alive.
    pub active: bool,
    /// Graduation year.
    pub graduation_year: i32,
}

/// A generated branch and its members (indexes into [`Register::members`]), officers first.
#[derive(Debug, Clone)]
pub struct DemoBranch {
    /// Its id.
    pub id: BranchId,
    /// Its name.
    pub name: String,
    /// Members, the five officers first.
    pub members: Vec<usize>,
}

/// The generated register.
#[derive(Debug)]
pub struct Register {
    /// Every member, in insertion order.
    pub members: Vec<DemoMember>,
    /// Every branch.
    pub branches: Vec<DemoBranch>,
    /// The second term, elected at the seed event.
    pub second_term: TermId,
}

/// Branch definitions: name, kind, parent name, the cities or keywords that put a member in it.
struct BranchSpec {
    name: &'static str,
    kind: BranchKind,
    parent: Option<&'static str>,
    city: Option<&'static str>,
    /// Cities whose alumni join (regional/overseas), or employer keywords (industry), or the
    /// college (college branches).
    draws: &'static [&'static str],
}

const fn spec(
    name: &'static str,
    kind: BranchKind,
    parent: Option<&'static str>,
    city: Option<&'static str>,
    draws: &'static [&'static str],
) -> BranchSpec {
    BranchSpec {
        name,
        kind,
        parent,
        city,
        draws,
    }
}

use BranchKind::{College, Industry, Overseas, Regional};

const BRANCHES: &[BranchSpec] = &[
    spec("上海校友会", Regional, None, Some("上海"), &["上海"]),
    spec("北京校友会", Regional, None, Some("北京"), &["北京"]),
    spec("天津校友会", Regional, None, Some("天津"), &["天津"]),
    spec("重庆校友会", Regional, None, Some("重庆"), &["重庆"]),
    spec("江苏校友会", Regional, None, Some("南京"), &[]),
    spec(
        "南京校友会",
        Regional,
        Some("江苏校友会"),
        Some("南京"),
        &["南京"],
    ),
    spec(
        "苏州校友会",
        Regional,
        Some("江苏校友会"),
        Some("苏州"),
        &["苏州"],
    ),
    spec(
        "无锡校友会",
        Regional,
        Some("江苏校友会"),
        Some("无锡"),
        &["无锡"],
    ),
    spec("浙江校友会", Regional, None, Some("杭州"), &[]),
    spec(
        "杭州校友会",
        Regional,
        Some("浙江校友会"),
        Some("杭州"),
        &["杭州"],
    ),
    spec(
        "宁波校友会",
        Regional,
        Some("浙江校友会"),
        Some("宁波"),
        &["宁波"],
    ),
    spec("广东校友会", Regional, None, Some("广州"), &[]),
    spec(
        "广州校友会",
        Regional,
        Some("广东校友会"),
        Some("广州"),
        &["广州"],
    ),
    spec(
        "深圳校友会",
        Regional,
        Some("广东校友会"),
        Some("深圳"),
        &["深圳"],
    ),
    spec("湖北校友会", Regional, None, Some("武汉"), &["武汉"]),
    spec("四川校友会", Regional, None, Some("成都"), &["成都"]),
    spec("陕西校友会", Regional, None, Some("西安"), &["西安"]),
    spec("安徽校友会", Regional, None, Some("合肥"), &["合肥"]),
    spec("湖南校友会", Regional, None, Some("长沙"), &["长沙"]),
    spec("河南校友会", Regional, None, Some("郑州"), &["郑州"]),
    spec("山东校友会", Regional, None, Some("济南"), &["济南"]),
    spec(
        "青岛校友会",
        Regional,
        Some("山东校友会"),
        Some("青岛"),
        &["青岛"],
    ),
    spec("福建校友会", Regional, None, Some("福州"), &["福州"]),
    spec(
        "厦门校友会",
        Regional,
        Some("福建校友会"),
        Some("厦门"),
        &["厦门"],
    ),
    spec(
        "东北校友会",
        Regional,
        None,
        Some("沈阳"),
        &["沈阳", "大连"],
    ),
    spec(
        "电力能源行业校友会",
        Industry,
        None,
        None,
        &["电网", "电力", "华能", "核工业", "电气"],
    ),
    spec(
        "建筑工程行业校友会",
        Industry,
        None,
        None,
        &["建筑", "中铁", "铁建", "建工", "市政", "电建"],
    ),
    spec(
        "信息技术行业校友会",
        Industry,
        None,
        None,
        &[
            "华为",
            "中兴",
            "腾讯",
            "阿里巴巴",
            "百度",
            "字节",
            "小米",
            "移动",
            "电信",
            "中芯",
            "京东方",
            "海康",
        ],
    ),
    spec(
        "金融行业校友会",
        Industry,
        None,
        None,
        &["银行", "证券", "会计师"],
    ),
    spec(
        "汽车行业校友会",
        Industry,
        None,
        None,
        &["汽车", "比亚迪", "宁德时代"],
    ),
    spec(
        "机械工程学院校友分会",
        College,
        None,
        Some("上海"),
        &["机械工程学院"],
    ),
    spec(
        "计算机科学与技术学院校友分会",
        College,
        None,
        Some("上海"),
        &["计算机科学与技术学院"],
    ),
    spec(
        "经济与管理学院校友分会",
        College,
        None,
        Some("上海"),
        &["经济与管理学院"],
    ),
    spec(
        "土木工程学院校友分会",
        College,
        None,
        Some("上海"),
        &["土木工程学院"],
    ),
    spec("北美校友会", Overseas, None, Some("旧金山"), &[]),
    spec(
        "硅谷校友会",
        Overseas,
        Some("北美校友会"),
        Some("旧金山"),
        &["旧金山"],
    ),
    spec(
        "纽约校友会",
        Overseas,
        Some("北美校友会"),
        Some("纽约"),
        &["纽约"],
    ),
    spec("加拿大校友会", Overseas, None, Some("多伦多"), &["多伦多"]),
    spec("英国校友会", Overseas, None, Some("伦敦"), &["伦敦"]),
    spec("德国校友会", Overseas, None, Some("慕尼黑"), &["慕尼黑"]),
    spec("新加坡校友会", Overseas, None, Some("新加坡"), &["新加坡"]),
    spec("日本校友会", Overseas, None, Some("东京"), &["东京"]),
    spec("澳大利亚校友会", Overseas, None, Some("悉尼"), &["悉尼"]),
];

/// Officer roles of a branch, given to its first five members.
const BRANCH_OFFICERS: [BranchRole; 5] = [
    BranchRole::President,
    BranchRole::VicePresident,
    BranchRole::VicePresident,
    BranchRole::SecretaryGeneral,
    BranchRole::Contact,
];

/// Generates and inserts the register.
pub fn generate(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    maker: &mut PeopleMaker,
    count: u32,
) -> rusqlite::Result<Register> {
    let colleges = sources::colleges();
    let cities = sources::cities();
    let city_weights = WeightedIndex::new(cities.iter().map(|c| c.1))
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let employers = sources::employers();
    let titles = sources::job_titles();
    let mut serials: HashMap<(char, i32, usize), u32> = HashMap::new();

    let mut members = Vec::with_capacity(count as usize);
    let mut placed: Vec<(usize, &'static str, usize)> = Vec::with_capacity(count as usize);
    for index in 0..count {
        let gender = if rng.random_range(0..100) < 62 {
            Gender::Male
        } else {
            Gender::Female
        };
        let name = if index == 0 {
            COMPOUND_NAME.to_owned()
        } else {
            maker.name(rng, gender)
        };
        // More graduates in recent years: density rising linearly from 1985 to 2025.
        let graduation_year = 1985 + (41.0 * rng.random::<f64>().sqrt()) as i32;
        let graduation_year = graduation_year.min(2025);
        let roll = rng.random_range(0..100);
        let (degree, prefix, years) = if roll < 3 && graduation_year < 2005 {
            ("专科", 'Z', 3)
        } else if roll < 72 {
            ("本科", 'U', 4)
        } else if roll < 94 {
            ("硕士研究生", 'S', 3)
        } else {
            ("博士研究生", 'B', 4)
        };
        let enrolment_year = graduation_year - years;
        let college_index = rng.random_range(0..colleges.len());
        let (college, majors) = &colleges[college_index];
        let major = *majors.choose(rng).unwrap_or(&"");
        let serial = serials
            .entry((prefix, enrolment_year, college_index))
            .or_insert(0);
        *serial += 1;
        let student_number = match prefix {
            'U' => format!("{enrolment_year}{:02}{:04}", college_index + 1, serial),
            other => format!(
                "{other}{enrolment_year}{:02}{:04}",
                college_index + 1,
                serial
            ),
        };
        let short: String = major.chars().take(2).collect();
        let class_name = (prefix == 'U').then(|| {
            format!(
                "{short}{:02}{:02}班",
                enrolment_year % 100,
                rng.random_range(1..=4)
            )
        });
        let city_index = city_weights.sample(rng);
        let city = cities[city_index].0;

        let status = match rng.random_range(0..1000) {
            r if r < 25 && graduation_year < 1995 => MemberStatus::Deceased,
            r if r < 60 => MemberStatus::LostContact,
            _ => MemberStatus::Active,
        };
        let reachable = status == MemberStatus::Active;
        let phone = (index == 0 || rng.random_range(0..100) < if reachable { 95 } else { 30 })
            .then(|| maker.phone(rng));
        let employer = if index == 0 {
            Some(LONGEST_UNIT.to_owned())
        } else {
            (rng.random_range(0..100) < 85)
                .then(|| employers.choose(rng).map(|e| (*e).to_owned()))
                .flatten()
        };
        let job_title = (rng.random_range(0..100) < 70)
            .then(|| titles.choose(rng).map(|t| (*t).to_owned()))
            .flatten();
        let birth_year = enrolment_year
            - if prefix == 'S' || prefix == 'B' {
                22
            } else {
                18
            };
        let id_number =
            (rng.random_range(0..100) < 30).then(|| maker.id_number(rng, birth_year, gender));
        let (pinyin, _) = name_pinyin(&name);
        let email =
            (rng.random_range(0..100) < 55).then(|| people::email(rng, &pinyin, graduation_year));
        let wechat = match (rng.random_range(0..100), &phone) {
            (r, Some(p)) if r < 30 => Some(p.clone()),
            (r, _) if r < 45 => Some(format!("{pinyin}_{}", rng.random_range(100..1000))),
            _ => None,
        };

        let record = NewMember {
            name: name.clone(),
            gender: Some(gender),
            id_number,
            student_number: Some(student_number),
            enrolment_year: Some(enrolment_year),
            graduation_year: Some(graduation_year),
            college: Some((*college).to_owned()),
            major: Some(major.to_owned()),
            degree: Some(degree.to_owned()),
            class_name,
            phone,
            email,
            wechat,
            employer: employer.clone(),
            job_title: job_title.clone(),
            city: Some(city.to_owned()),
            status,
            notes: None,
        };
        let id = members::insert(tx, &record)?;
        placed.push((members.len(), city, college_index));
        members.push(DemoMember {
            id,
            name,
            employer,
            job_title,
            active: reachable,
            graduation_year,
        });
    }

    let branches = insert_branches(tx, rng, &members, &placed, &colleges)?;
    let second_term = insert_terms(tx, rng, &members)?;
    Ok(Register {
        members,
        branches,
        second_term,
    })
}

fn insert_branches(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    members: &[DemoMember],
    placed: &[(usize, &'static str, usize)],
    colleges: &[(&'static str, Vec<&'static str>)],
) -> rusqlite::Result<Vec<DemoBranch>> {
    let mut ids: HashMap<&str, BranchId> = HashMap::new();
    let mut branches = Vec::with_capacity(BRANCHES.len());
    for (n, spec) in BRANCHES.iter().enumerate() {
        let id = branches::insert(
            tx,
            &NewBranch {
                name: spec.name.to_owned(),
                kind: spec.kind,
                parent: spec.parent.and_then(|p| ids.get(p).copied()),
                city: spec.city.map(str::to_owned),
                founded_on: Some(format!("{}-05-20", 2003 + (n % 18))),
            },
        )?;
        ids.insert(spec.name, id);
        branches.push(DemoBranch {
            id,
            name: spec.name.to_owned(),
            members: Vec::new(),
        });
    }
    for &(index, city, college_index) in placed {
        let member = &members[index];
        for (spec, branch) in BRANCHES.iter().zip(branches.iter_mut()) {
            let (joins, chance) = match spec.kind {
                Regional | Overseas => (spec.draws.contains(&city), 35),
                College => (spec.draws.contains(&colleges[college_index].0), 25),
                Industry => (
                    member
                        .employer
                        .as_deref()
                        .is_some_and(|e| spec.draws.iter().any(|k| e.contains(k))),
                    50,
                ),
            };
            if joins && member.active && rng.random_range(0..100) < chance {
                branch.members.push(index);
            }
        }
    }
    for branch in &branches {
        for (position, &index) in branch.members.iter().enumerate() {
            let role = BRANCH_OFFICERS
                .get(position)
                .copied()
                .unwrap_or(BranchRole::Member);
            branches::add_member(tx, branch.id, members[index].id, role)?;
        }
    }
    Ok(branches)
}

/// The first term with its council, and the second term, whose council the seed event elects.
fn insert_terms(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    members: &[DemoMember],
) -> rusqlite::Result<TermId> {
    let first = council::insert_term(tx, 1, Some("2021-06-19"), None)?;
    let mut pool: Vec<&DemoMember> = members
        .iter()
        .filter(|m| m.active && m.graduation_year <= 2012)
        .collect();
    pool.shuffle(rng);
    let council_members = pool.iter().take(101);
    for (n, member) in council_members.enumerate() {
        let offices: &[Office] = match n {
            0 => &[Office::President, Office::ExecutiveCouncil, Office::Council],
            1..=6 => &[
                Office::VicePresident,
                Office::ExecutiveCouncil,
                Office::Council,
            ],
            7 => &[
                Office::SecretaryGeneral,
                Office::ExecutiveCouncil,
                Office::Council,
            ],
            8..=9 => &[
                Office::DeputySecretaryGeneral,
                Office::ExecutiveCouncil,
                Office::Council,
            ],
            10..=30 => &[Office::ExecutiveCouncil, Office::Council],
            _ => &[Office::Council],
        };
        for office in offices {
            council::appoint(tx, first, member.id, *office)?;
        }
    }
    for (n, member) in pool.iter().skip(101).take(3).enumerate() {
        let office = if n == 0 {
            Office::ChiefSupervisor
        } else {
            Office::Supervisor
        };
        council::appoint(tx, first, member.id, office)?;
    }
    council::insert_term(tx, 2, None, None)
}
