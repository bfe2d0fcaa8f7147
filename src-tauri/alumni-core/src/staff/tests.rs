use super::*;
use crate::{audit, storage, DomainError};

#[test]
fn the_schema_seeds_an_admin_and_new_profiles_are_audited() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = default_actor(&conn, None).expect("admin");
    assert!(admin.is_admin());
    assert!(!admin.has_pin, "a fresh database's admin has no PIN");
    let tx = conn.transaction().expect("tx");
    let clerk = create(&tx, admin.id, " 王芳 ", Role::Staff).expect("create");
    tx.commit().expect("commit");
    assert_eq!(clerk.name, "王芳");
    assert_eq!(list(&conn).expect("list").len(), 2);
    assert_eq!(
        default_actor(&conn, Some("王芳")).expect("by name").id,
        clerk.id
    );

    let log = audit::recent(&conn, &audit::Filter::default()).expect("log");
    assert_eq!(log[0].action, "create");
    assert_eq!(log[0].staff_name.as_deref(), Some("管理员"));
    assert_eq!(log[0].subject.as_deref(), Some("王芳"));
}

#[test]
fn names_are_checked() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = default_actor(&conn, None).expect("admin");
    let tx = conn.transaction().expect("tx");
    let cases = [("", "invalid_input"), ("管理员", "invalid_input")];
    for (name, kind) in cases {
        let err = create(&tx, admin.id, name, Role::Staff).expect_err(name);
        assert_eq!(err.kind(), kind);
    }
    let long = "长".repeat(41);
    assert!(create(&tx, admin.id, &long, Role::Staff).is_err());
    assert_eq!(
        default_actor(&tx, Some("nobody"))
            .expect_err("missing")
            .kind(),
        "not_found"
    );
}

/// The seeded admin, a second admin "李明" and a staff profile "王芳".
fn office(conn: &mut storage::Connection) -> (Staff, Staff, Staff) {
    let admin = default_actor(conn, None).expect("admin");
    let tx = conn.transaction().expect("tx");
    let second = create(&tx, admin.id, "李明", Role::Admin).expect("admin");
    let clerk = create(&tx, admin.id, "王芳", Role::Staff).expect("staff");
    tx.commit().expect("commit");
    (admin, second, clerk)
}

#[test]
fn require_lets_admins_do_every_guarded_action_and_staff_none() {
    let mut conn = storage::open_in_memory().expect("db");
    let (admin, _, clerk) = office(&mut conn);
    let retired = Staff {
        active: false,
        ..admin.clone()
    };
    for action in Action::ALL {
        // (profile, allowed)
        for (who, allowed) in [(&admin, true), (&clerk, false), (&retired, false)] {
            let result = require(who, action);
            assert_eq!(result.is_ok(), allowed, "{} {action:?}", who.name);
            if let Err(err) = result {
                assert!(matches!(err, StaffError::Forbidden { action: a } if a == action));
                assert_eq!(err.kind(), "forbidden");
                assert_eq!(err.params()["action"], action.as_str());
            }
        }
    }
    // The codes the UI already phrases.
    assert_eq!(Action::Restore.as_str(), "restore_database");
    assert_eq!(Action::ExportUnmasked.as_str(), "export_unmasked");
    assert_eq!(Action::Merge.as_str(), "merge_members");
}

/// (from, to, pin, Ok(name) or Err(kind))
type SwitchCase<'a> = (
    &'a Staff,
    &'a Staff,
    Option<&'a str>,
    Result<&'a str, &'a str>,
);

#[test]
fn switching_to_an_admin_needs_its_pin_and_to_staff_none() {
    let mut conn = storage::open_in_memory().expect("db");
    let (admin, second, clerk) = office(&mut conn);

    // The seeded admin, acting at start, sets the second admin's PIN.
    let tx = conn.transaction().expect("tx");
    set_pin(&tx, &admin, second.id, "246810", None).expect("admin sets another's PIN");
    tx.commit().expect("commit");
    let second = get(&conn, second.id).expect("second");
    assert!(second.has_pin && second.needs_pin());

    let cases: [SwitchCase; 8] = [
        (&admin, &clerk, None, Ok("王芳")),
        (&clerk, &clerk, None, Ok("王芳")),
        (&clerk, &second, None, Err("pin_required")),
        (&clerk, &second, Some("000000"), Err("wrong_pin")),
        (&clerk, &second, Some(""), Err("wrong_pin")),
        (&clerk, &second, Some("246810"), Ok("李明")),
        (&clerk, &admin, Some("246810"), Err("pin_required_to_set")),
        (&second, &admin, None, Err("pin_required_to_set")),
    ];
    for (from, to, pin, expected) in cases {
        let tx = conn.transaction().expect("tx");
        let result = switch_to(&tx, from, to.id, pin).map(|s| s.name);
        tx.commit().expect("commit");
        match (result, expected) {
            (Ok(name), Ok(want)) => assert_eq!(name, want),
            (Err(err), Err(kind)) => assert_eq!(err.kind(), kind, "{} → {}", from.name, to.name),
            (got, want) => panic!(
                "{} → {} {pin:?}: {got:?}, expected {want:?}",
                from.name, to.name
            ),
        }
    }
}

#[test]
fn a_switch_is_in_the_audit_log_and_a_refused_one_changes_nothing() {
    let mut conn = storage::open_in_memory().expect("db");
    let (admin, _, clerk) = office(&mut conn);
    let tx = conn.transaction().expect("tx");
    switch_to(&tx, &admin, clerk.id, None).expect("to staff");
    tx.commit().expect("commit");
    let tx = conn.transaction().expect("tx");
    assert!(switch_to(&tx, &clerk, admin.id, Some("1234")).is_err());
    drop(tx);

    let log = audit::recent(
        &conn,
        &audit::Filter {
            action: Some("switch_staff".to_owned()),
            ..audit::Filter::default()
        },
    )
    .expect("log");
    assert_eq!(log.len(), 1, "only the switch that happened");
    let entry = &log[0];
    assert_eq!(entry.staff_name.as_deref(), Some("管理员"));
    assert_eq!(entry.entity, "staff");
    assert_eq!(entry.entity_id, Some(clerk.id.0));
    assert_eq!(entry.subject.as_deref(), Some("王芳"));
    assert_eq!(
        entry.changes,
        vec![audit::FieldChange {
            field: "staff".to_owned(),
            before: "管理员".into(),
            after: "王芳".into(),
        }]
    );
}

#[test]
fn the_pin_is_stored_only_as_a_salted_hash_and_never_listed() {
    let mut conn = storage::open_in_memory().expect("db");
    let (admin, second, _) = office(&mut conn);
    let tx = conn.transaction().expect("tx");
    set_pin(&tx, &admin, admin.id, "135790", None).expect("own PIN");
    set_pin(&tx, &admin, second.id, "135790", None).expect("same PIN, other profile");
    tx.commit().expect("commit");

    let stored: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT pin_hash FROM staff WHERE pin_hash IS NOT NULL ORDER BY id")
            .expect("prepare");
        let rows = stmt.query_map([], |r| r.get(0)).expect("query");
        rows.collect::<Result<_, _>>().expect("rows")
    };
    assert_eq!(stored.len(), 2);
    for hash in &stored {
        assert!(!hash.contains("135790"), "the PIN is not in the hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
    }
    assert_ne!(stored[0], stored[1], "each PIN has its own salt");

    let listed = serde_json::to_string(&list(&conn).expect("list")).expect("json");
    assert!(!listed.contains("argon2") && !listed.contains("135790"));
    assert!(listed.contains("\"has_pin\":true"));
    let log = serde_json::to_string(&audit::recent(&conn, &audit::Filter::default()).expect("log"))
        .expect("json");
    assert!(!log.contains("argon2") && !log.contains("135790"));

    let admin = get(&conn, admin.id).expect("admin");
    assert!(verify_pin(&conn, &admin, "135790").is_ok());
    assert_eq!(
        verify_pin(&conn, &admin, "135791")
            .expect_err("wrong")
            .kind(),
        "wrong_pin"
    );
}

/// (actor, whose PIN, new, old, Ok or Err(kind))
type PinCase<'a> = (
    &'a Staff,
    &'a Staff,
    &'a str,
    Option<&'a str>,
    Result<(), &'a str>,
);

#[test]
fn setting_a_pin_follows_who_may_and_what_a_pin_is() {
    let mut conn = storage::open_in_memory().expect("db");
    let (admin, second, clerk) = office(&mut conn);
    let tx = conn.transaction().expect("tx");
    set_pin(&tx, &clerk, clerk.id, "1111", None).expect("own first PIN needs no old one");
    tx.commit().expect("commit");

    let cases: [PinCase; 9] = [
        (&clerk, &clerk, "2222", None, Err("pin_required")),
        (&clerk, &clerk, "2222", Some("9999"), Err("wrong_pin")),
        (&clerk, &clerk, "2222", Some("1111"), Ok(())),
        (&clerk, &second, "3333", None, Err("forbidden")),
        (&admin, &clerk, "12", None, Err("invalid_input")),
        (&admin, &clerk, "1234567890123", None, Err("invalid_input")),
        (&admin, &clerk, "12ab", None, Err("invalid_input")),
        (&admin, &clerk, "４５６７", None, Err("invalid_input")),
        (&admin, &clerk, "4567", None, Ok(())),
    ];
    for (actor, whose, new, old, expected) in cases {
        let tx = conn.transaction().expect("tx");
        let result = set_pin(&tx, actor, whose.id, new, old).map_err(|e| e.kind().as_str());
        tx.commit().expect("commit");
        assert_eq!(
            result, expected,
            "{} sets {}'s PIN {new}",
            actor.name, whose.name
        );
    }
    let clerk = get(&conn, clerk.id).expect("clerk");
    assert!(
        verify_pin(&conn, &clerk, "4567").is_ok(),
        "the admin's reset holds"
    );
    let admin = get(&conn, admin.id).expect("admin");
    assert_eq!(
        verify_pin(&conn, &admin, "0000").expect_err("none").kind(),
        "pin_required_to_set"
    );
    let set = audit::recent(
        &conn,
        &audit::Filter {
            action: Some("set_pin".to_owned()),
            ..audit::Filter::default()
        },
    )
    .expect("log");
    assert_eq!(set.len(), 3, "every PIN set, none refused");
}

#[test]
fn a_door_opens_as_the_admin_until_it_has_a_pin_then_as_staff() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = default_actor(&conn, None).expect("admin");
    assert_eq!(opening_actor(&conn).expect("fresh").id, admin.id);

    let tx = conn.transaction().expect("tx");
    set_pin(&tx, &admin, admin.id, "8642", None).expect("PIN");
    tx.commit().expect("commit");
    assert_eq!(
        opening_actor(&conn)
            .expect_err("only an admin with a PIN")
            .kind(),
        "pin_required"
    );

    let tx = conn.transaction().expect("tx");
    let clerk = create(&tx, admin.id, "王芳", Role::Staff).expect("staff");
    tx.commit().expect("commit");
    assert_eq!(opening_actor(&conn).expect("staff").id, clerk.id);
}
