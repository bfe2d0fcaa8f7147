//! Statistics: the numbers add up on the demo register.

use super::*;
use crate::demo::{self, DemoOptions};
use crate::{staff, storage};

#[test]
fn the_numbers_add_up_on_the_demo() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    let tx = conn.transaction().expect("tx");
    let options = DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 3,
        meeting_date: chrono::NaiveDate::from_ymd_opt(2030, 1, 5).expect("date"),
    };
    demo::populate(&tx, admin, &options).expect("demo");
    tx.commit().expect("commit");
    let stats = compute(&conn).expect("stats");
    assert_eq!(stats.total_members, u64::from(demo::MIN_MEMBERS));
    let sum = |v: &[(String, u64)]| v.iter().map(|(_, n)| n).sum::<u64>();
    assert_eq!(sum(&stats.by_college), stats.total_members);
    assert_eq!(sum(&stats.by_degree), stats.total_members);
    assert_eq!(sum(&stats.by_city), stats.total_members);
    assert_eq!(
        stats.by_decade.iter().map(|(_, n)| n).sum::<u64>(),
        stats.total_members
    );
    assert_eq!(stats.by_decade.first().map(|d| d.0), Some(1980));
    assert_eq!(stats.by_city.len(), 33);
    assert_eq!(stats.by_city[0].0, "上海");
    assert!(
        stats.by_college.windows(2).all(|w| w[0].1 >= w[1].1),
        "largest first"
    );
    assert_eq!(stats.branch_sizes.len(), 43);
    let phone = &stats.contact_coverage[0];
    assert_eq!(phone.0, "phone");
    assert!(phone.1 > phone.2 * 8 / 10 && phone.1 <= phone.2);
}

#[test]
fn branch_sizes_count_nested_branches_members_once() {
    use crate::branches::{self, BranchKind, BranchRole, NewBranch};
    use crate::members::{self, NewMember};
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let branch = |name: &str, parent| {
        branches::insert(
            &tx,
            &NewBranch {
                name: name.into(),
                kind: BranchKind::Regional,
                parent,
                city: None,
                founded_on: None,
            },
        )
        .expect("branch")
    };
    let guangdong = branch("广东校友会", None);
    let shenzhen = branch("深圳校友会", Some(guangdong));
    let guangzhou = branch("广州校友会", Some(guangdong));
    for (i, (at, also)) in [
        (shenzhen, Some(guangdong)),
        (shenzhen, None),
        (guangzhou, None),
    ]
    .into_iter()
    .enumerate()
    {
        let m = members::insert(
            &tx,
            &NewMember {
                name: format!("校友{i}"),
                ..NewMember::default()
            },
        )
        .expect("member");
        branches::add_member(&tx, at, m, BranchRole::Member).expect("membership");
        if let Some(also) = also {
            branches::add_member(&tx, also, m, BranchRole::Contact).expect("membership");
        }
    }
    tx.commit().expect("commit");
    let stats = compute(&conn).expect("stats");
    assert_eq!(
        stats.branch_sizes,
        [
            ("广东校友会".to_owned(), 3),
            ("深圳校友会".to_owned(), 2),
            ("广州校友会".to_owned(), 1),
        ]
    );
}
