//! The seed event: 校友会第二届会员代表大会第一次会议 in the library lecture hall with 420 invited
//! attendees, its agenda, reports and elections, and the afternoon's expanded executive council
//! meeting in the multi-functional hall.

use std::collections::HashSet;

use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Transaction;

use super::agendas;
use super::people::PeopleMaker;
use super::register::{DemoMember, Register};
use super::{sources, UNIVERSITY_NAME};
use crate::elections::{self, Body, NewCandidate, NewElection};
use crate::meetings::{self, Category, MeetingId, MeetingKind, NewAttendee, NewMeeting};
use crate::members::Gender;
use crate::seating::{self, Section};
use crate::timestamps;

/// Title of the General Assembly session.
pub const ASSEMBLY_TITLE: &str = "校友会第二届会员代表大会第一次会议";
/// Title of the afternoon meeting.
pub const EXECUTIVE_TITLE: &str = "校友会第二届常务理事会第一次会议（扩大会议）";

const BRANCH_REPRESENTATIVES: usize = 162;
const ALUMNI_REPRESENTATIVES: usize = 230;
const COUNCIL_SEATS: u32 = 129;
const COUNCIL_CANDIDATES: usize = 140;
const EXECUTIVE_SEATS: u32 = 33;
const EXECUTIVE_CANDIDATES: usize = 35;
/// 会长 1, 副会长 6, 秘书长 1, elected on one equal-number list.
const OFFICER_SEATS: u32 = 8;

/// What the event added.
pub struct SeedEvent {
    /// Elections set up.
    pub elections: u64,
}

/// A guest or observer who is not drawn from the register.
struct Invitee {
    name: String,
    unit: String,
    job_title: String,
}

fn china_time(date: NaiveDate, hour: u32, minute: u32) -> String {
    let offset = FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| unreachable!());
    let local = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
    let at = offset
        .from_local_datetime(&local)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    timestamps::to_text(at)
}

fn invitees(rng: &mut ChaCha8Rng, maker: &PeopleMaker, posts: &[(&str, &str)]) -> Vec<Invitee> {
    posts
        .iter()
        .map(|(unit, title)| {
            let gender = if rng.random_range(0..100) < 70 {
                Gender::Male
            } else {
                Gender::Female
            };
            Invitee {
                name: maker.name(rng, gender),
                unit: (*unit).to_owned(),
                job_title: (*title).to_owned(),
            }
        })
        .collect()
}

/// Generates and inserts both meetings.
pub fn generate(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    maker: &mut PeopleMaker,
    register: &Register,
    date: NaiveDate,
) -> rusqlite::Result<SeedEvent> {
    let assembly = meetings::insert(
        tx,
        &NewMeeting {
            title: ASSEMBLY_TITLE.to_owned(),
            kind: MeetingKind::GeneralAssembly,
            expanded: false,
            term: Some(register.second_term),
            starts_at: china_time(date, 9, 0),
            ends_at: Some(china_time(date, 12, 0)),
            venue: Some("图书馆报告厅".to_owned()),
        },
    )?;
    agendas::add_assembly_agenda(tx, assembly)?;

    let officials = invitees(
        rng,
        maker,
        &[
            ("上海市教育委员会", "副主任"),
            ("上海市教育委员会高等教育处", "处长"),
            ("上海市科学技术协会", "副主席"),
            ("上海市社会团体管理局", "副局长"),
        ],
    );
    let leaders = invitees(
        rng,
        maker,
        &[
            (UNIVERSITY_NAME, "党委书记"),
            (UNIVERSITY_NAME, "校长"),
            (UNIVERSITY_NAME, "党委副书记"),
            (UNIVERSITY_NAME, "副校长"),
            (UNIVERSITY_NAME, "副校长"),
            (UNIVERSITY_NAME, "校长助理"),
        ],
    );
    let colleges = sources::colleges();
    let school_staff_posts: Vec<(&str, &str)> = colleges
        .iter()
        .take(10)
        .map(|(college, _)| (*college, "校友工作负责人"))
        .collect();
    let school_staff = invitees(rng, maker, &school_staff_posts);
    let counsellor_posts: Vec<(&str, &str)> = colleges
        .iter()
        .skip(10)
        .take(4)
        .map(|(college, _)| (*college, "辅导员"))
        .collect();
    let counsellors = invitees(rng, maker, &counsellor_posts);
    let office = invitees(
        rng,
        maker,
        &[
            ("申江理工大学校友会秘书处", "秘书处主任"),
            ("申江理工大学校友会秘书处", "工作人员"),
            ("申江理工大学校友会秘书处", "工作人员"),
            ("申江理工大学校友会秘书处", "工作人员"),
        ],
    );

    add_invitees(
        tx,
        rng,
        assembly,
        &officials,
        &Group {
            category: Category::Guest,
            name: "市级领导",
            order: 1,
            seat_prefix: Some("主席台 第1排"),
        },
    )?;
    add_invitees(
        tx,
        rng,
        assembly,
        &leaders,
        &Group {
            category: Category::Guest,
            name: "学校领导",
            order: 2,
            seat_prefix: Some("主席台 第2排"),
        },
    )?;

    // Delegates: branch representatives round-robin over the branches (officers first), then
    // alumni representatives; the compound-surname member with the longest unit comes first so
    // every document meets them.
    // Member 0 is kept for the alumni representatives below: left to the branch loop, they
    // could be drawn as a branch's representative too and be invited twice (two badges, two
    // votes), which the schema now refuses.
    let mut chosen: HashSet<usize> = HashSet::from([0]);
    let mut branch_reps: Vec<(usize, String)> = Vec::new();
    let mut depth = 0;
    while branch_reps.len() < BRANCH_REPRESENTATIVES {
        let mut progressed = false;
        for branch in &register.branches {
            if branch_reps.len() == BRANCH_REPRESENTATIVES {
                break;
            }
            if let Some(&index) = branch.members.get(depth) {
                progressed = true;
                if chosen.insert(index) {
                    branch_reps.push((index, branch.name.clone()));
                }
            }
        }
        depth += 1;
        if !progressed {
            break;
        }
    }
    let mut others: Vec<usize> = (0..register.members.len())
        .filter(|i| register.members[*i].active && !chosen.contains(i) && *i != 0)
        .collect();
    others.shuffle(rng);
    let mut alumni_reps: Vec<usize> = vec![0];
    alumni_reps.extend(others.into_iter().take(ALUMNI_REPRESENTATIVES - 1));
    chosen.extend(alumni_reps.iter().copied());

    let mut seat_number = 0usize;
    let mut next_seat = || {
        let section = ["A", "B", "C", "D"][(seat_number / 100) % 4];
        let row = (seat_number % 100) / 20 + 1 + (seat_number / 400) * 5;
        let column = seat_number % 20 + 1;
        seat_number += 1;
        format!("{section}区 {row}排 {column}座")
    };
    let mut delegates: Vec<usize> = Vec::new();
    for (index, branch) in &branch_reps {
        let member = &register.members[*index];
        add_member_attendee(
            tx,
            rng,
            assembly,
            member,
            Invite {
                category: Category::Delegate,
                unit: Some(branch.clone()),
                job_title: member.job_title.clone(),
                group: "分会代表",
                group_order: 3,
                seat: Some(next_seat()),
            },
        )?;
        delegates.push(*index);
    }
    for index in &alumni_reps {
        let member = &register.members[*index];
        add_member_attendee(
            tx,
            rng,
            assembly,
            member,
            Invite {
                category: Category::Delegate,
                unit: member.employer.clone(),
                job_title: member.job_title.clone(),
                group: "校友代表",
                group_order: 4,
                seat: Some(next_seat()),
            },
        )?;
        delegates.push(*index);
    }
    add_invitees(
        tx,
        rng,
        assembly,
        &school_staff,
        &Group {
            category: Category::Observer,
            name: "学院校友工作负责人",
            order: 5,
            seat_prefix: Some("E区 1排"),
        },
    )?;
    add_invitees(
        tx,
        rng,
        assembly,
        &counsellors,
        &Group {
            category: Category::Observer,
            name: "辅导员",
            order: 6,
            seat_prefix: Some("E区 2排"),
        },
    )?;
    add_invitees(
        tx,
        rng,
        assembly,
        &office,
        &Group {
            category: Category::Staff,
            name: "会务组",
            order: 7,
            seat_prefix: None,
        },
    )?;
    seat_the_assembly(tx, assembly)?;

    // Candidates are drawn from the delegates; the executive list is part of the council list.
    let mut pool = delegates.clone();
    pool.shuffle(rng);
    let candidate = |index: &usize| {
        let member: &DemoMember = &register.members[*index];
        NewCandidate {
            member: Some(member.id),
            name: member.name.clone(),
            unit: member.employer.clone(),
        }
    };
    // On the ballot in surname stroke order (DESIGN.md), as the app sets lists up.
    let listed = |indexes: &mut dyn Iterator<Item = &usize>| {
        let mut list: Vec<NewCandidate> = indexes.map(candidate).collect();
        list.sort_by(|a, b| crate::names::compare_stroke_order(&a.name, &b.name));
        list
    };
    let council_list = listed(&mut pool.iter().take(COUNCIL_CANDIDATES));
    let executive_list = listed(&mut pool.iter().take(EXECUTIVE_CANDIDATES));
    let officer_list = listed(&mut pool.iter().take(OFFICER_SEATS as usize));
    let supervisor_list = listed(&mut pool.iter().skip(COUNCIL_CANDIDATES).take(1));
    // The assembly elects the council (差额: 140 for 129) and the supervisor (一名, with a
    // write-in line).
    let council = elections::insert(
        tx,
        assembly,
        &NewElection::new(Body::Council, "第二届理事会理事选举", COUNCIL_SEATS, 0),
        &council_list,
    )?;
    elections::insert(
        tx,
        assembly,
        &NewElection::new(Body::Supervisors, "第二届监事选举", 1, 1),
        &supervisor_list,
    )?;

    // The afternoon: the proposed executive council, two university leaders, the presidents of
    // branches not already on the list (the expanded part), and the office.
    let executive = meetings::insert(
        tx,
        &NewMeeting {
            title: EXECUTIVE_TITLE.to_owned(),
            kind: MeetingKind::ExecutiveCouncil,
            expanded: true,
            term: Some(register.second_term),
            starts_at: china_time(date, 14, 30),
            ends_at: Some(china_time(date, 17, 0)),
            venue: Some("多功能厅".to_owned()),
        },
    )?;
    agendas::add_executive_agenda(tx, executive)?;
    // The new council elects the executive council and the officers in the afternoon: once
    // the council election is declared, its elected are this meeting's voters.
    for (body, title, seats, candidates) in [
        (
            Body::ExecutiveCouncil,
            "第二届常务理事会常务理事选举",
            EXECUTIVE_SEATS,
            &executive_list,
        ),
        (
            Body::Officers,
            "第二届理事会会长、副会长、秘书长选举",
            OFFICER_SEATS,
            &officer_list,
        ),
    ] {
        let election = NewElection {
            electorate: Some(council),
            ..NewElection::new(body, title, seats, 0)
        };
        elections::insert(tx, executive, &election, candidates)?;
    }
    add_invitees(
        tx,
        rng,
        executive,
        &leaders[..2],
        &Group {
            category: Category::Guest,
            name: "学校领导",
            order: 1,
            seat_prefix: Some("第1排"),
        },
    )?;
    let executive_members: Vec<usize> = pool
        .iter()
        .take(EXECUTIVE_SEATS as usize)
        .copied()
        .collect();
    for (n, index) in executive_members.iter().enumerate() {
        let member = &register.members[*index];
        let seat = format!("第{}排 {}座", n / 10 + 2, n % 10 + 1);
        add_member_attendee(
            tx,
            rng,
            executive,
            member,
            Invite {
                category: Category::Delegate,
                unit: member.employer.clone(),
                job_title: member.job_title.clone(),
                group: "常务理事",
                group_order: 2,
                seat: Some(seat),
            },
        )?;
    }
    let presidents: Vec<(usize, String)> = register
        .branches
        .iter()
        .filter_map(|b| b.members.first().map(|i| (*i, b.name.clone())))
        .filter(|(i, _)| !executive_members.contains(i))
        // A member may preside over two branches (a city's and a college's): invited once.
        .filter({
            let mut seen = HashSet::new();
            move |(i, _)| seen.insert(*i)
        })
        .take(20)
        .collect();
    for (n, (index, branch)) in presidents.iter().enumerate() {
        let member = &register.members[*index];
        let seat = format!("第{}排 {}座", n / 10 + 6, n % 10 + 1);
        add_member_attendee(
            tx,
            rng,
            executive,
            member,
            Invite {
                category: Category::Observer,
                unit: Some(branch.clone()),
                job_title: Some("分会会长".to_owned()),
                group: "分会会长",
                group_order: 3,
                seat: Some(seat),
            },
        )?;
    }
    add_invitees(
        tx,
        rng,
        executive,
        &office[..3],
        &Group {
            category: Category::Staff,
            name: "会务组",
            order: 4,
            seat_prefix: None,
        },
    )?;
    Ok(SeedEvent { elections: 4 })
}

/// A delegation of invitees who are not drawn from the register.
struct Group<'a> {
    category: Category,
    name: &'a str,
    order: u32,
    seat_prefix: Option<&'a str>,
}

fn add_invitees(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    meeting: MeetingId,
    people: &[Invitee],
    group: &Group,
) -> rusqlite::Result<()> {
    for (n, person) in people.iter().enumerate() {
        // Guests sit and are listed in protocol order; others by surname strokes.
        let protocol = (group.category == Category::Guest).then_some(n as u32 + 1);
        meetings::add_attendee(
            tx,
            meeting,
            &NewAttendee {
                member: None,
                name: person.name.clone(),
                unit: Some(person.unit.clone()),
                job_title: Some(person.job_title.clone()),
                category: group.category,
                group: Some(group.name.to_owned()),
                group_order: group.order,
                protocol_order: protocol,
                voting: group.category.votes_by_default(),
                seat: group.seat_prefix.map(|p| format!("{p} {}号", n + 1)),
                badge_token: meetings::issue_badge_token(tx, rng)?,
            },
        )?;
    }
    Ok(())
}

/// How a member is invited: credential, the unit on the badge, delegation and seat.
struct Invite {
    category: Category,
    unit: Option<String>,
    job_title: Option<String>,
    group: &'static str,
    group_order: u32,
    seat: Option<String>,
}

fn add_member_attendee(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    meeting: MeetingId,
    member: &DemoMember,
    invite: Invite,
) -> rusqlite::Result<()> {
    meetings::add_attendee(
        tx,
        meeting,
        &NewAttendee {
            member: Some(member.id),
            name: member.name.clone(),
            unit: invite.unit,
            job_title: invite.job_title,
            category: invite.category,
            group: Some(invite.group.to_owned()),
            group_order: invite.group_order,
            protocol_order: None,
            voting: invite.category.votes_by_default(),
            seat: invite.seat,
            badge_token: meetings::issue_badge_token(tx, rng)?,
        },
    )?;
    Ok(())
}

/// The library lecture hall: the guests' front seats (嘉宾席) sized for them, then four sections of
/// 20 seats a row side by side; everyone seated by the app's own rules (guests in front,
/// then the delegates by delegation and surname stroke order, the observers, staff last).
fn seat_the_assembly(tx: &Transaction, assembly: MeetingId) -> rusqlite::Result<()> {
    let guests = seating::sitters(tx, assembly)?
        .iter()
        .filter(|s| s.category == Category::Guest)
        .count() as u32;
    let mut hall = vec![Section {
        name: "嘉宾席".to_owned(),
        rows: 2,
        seats: guests.div_ceil(2).max(1),
    }];
    hall.extend(seating::equal_sections(
        &["A区", "B区", "C区", "D区"],
        6,
        20,
    ));
    seating::set_hall(tx, assembly, &hall).map_err(|e| match e {
        seating::SeatingError::Database(e) => e,
        other => rusqlite::Error::ToSqlConversionFailure(Box::new(other)),
    })?;
    seating::seat_everyone(tx, assembly, &hall)?;
    Ok(())
}
