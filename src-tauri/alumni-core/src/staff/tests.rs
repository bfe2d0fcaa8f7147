use super::*;
use crate::{audit, storage};

#[test]
fn the_schema_seeds_an_admin_and_new_profiles_are_audited() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = default_actor(&conn, None).expect("admin");
    assert!(admin.is_admin());
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
