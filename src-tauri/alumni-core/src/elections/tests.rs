//! Elections: set up in ballot order, listed per meeting, candidacies following a merge.

use super::*;
use crate::meetings::{self, MeetingKind, NewMeeting};
use crate::members::{self, MemberId, NewMember};
use crate::storage;

fn meeting(tx: &rusqlite::Transaction) -> crate::meetings::MeetingId {
    meetings::insert(
        tx,
        &NewMeeting {
            title: "第二次会员代表大会".into(),
            kind: MeetingKind::GeneralAssembly,
            expanded: false,
            term: None,
            starts_at: "2030-01-05T01:30:00Z".into(),
            ends_at: None,
            venue: None,
        },
    )
    .expect("meeting")
}

#[test]
fn elections_list_with_candidate_counts_and_follow_a_merge() {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let at = meeting(&tx);
    let add = |name: &str| {
        members::insert(
            &tx,
            &NewMember {
                name: name.into(),
                ..NewMember::default()
            },
        )
        .expect("member")
    };
    let (keep, other) = (add("王芳"), add("王芳"));
    let candidate = |member: Option<MemberId>, name: &str| NewCandidate {
        member,
        name: name.into(),
        unit: None,
    };
    let council = insert(
        &tx,
        at,
        &NewElection::new(Body::Council, "理事会选举", 2, 1),
        &[
            candidate(Some(other), "王芳"),
            candidate(None, "李明"),
            candidate(None, "张伟"),
        ],
    )
    .expect("election");
    let listed = list(&tx, at).expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].id, listed[0].seats, listed[0].candidates),
        (council, 2, 3)
    );
    assert_eq!(
        serde_json::to_value(&listed[0]).expect("json")["id"],
        council.0,
        "the id is a plain integer in JSON"
    );

    assert_eq!(reassign_member(&tx, other, keep).expect("reassign"), 1);
    let standing: i64 = tx
        .query_row(
            "SELECT count(*) FROM candidates WHERE member_id = ?1",
            [keep.0],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(standing, 1);
}
