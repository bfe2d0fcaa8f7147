//! Staff profiles: who is at the keyboard, so the audit log always knows who did what, and
//! what each may do.
//!
//! Invariants: there is always at least one admin (the schema seeds "管理员"); only an admin
//! exports unmasked personal data, restores a backup, merges, deletes or manages profiles
//! ([`require`] is the one check). A PIN is stored only as a salted Argon2id hash and never
//! returned; [`Staff::has_pin`] says whether there is one.
//!
//! Trust between profiles (issue 8):
//! - Switching ([`switch_to`]) to a staff profile needs no PIN; to an admin profile it needs
//!   that admin's PIN (`wrong_pin` when it does not match, `pin_required` when none was given).
//!   Every switch is in the audit log (`switch_staff`).
//! - An admin without a PIN cannot be switched to (`pin_required_to_set`) until an admin sets
//!   its PIN ([`set_pin`]: a profile's own PIN, with the old one if it had one, or an admin
//!   setting another's).
//! - Bootstrapping an office: a fresh database's seeded admin has no PIN, and a door may act
//!   as it at start ([`opening_actor`]); acting as it, the office sets its PIN. From then on,
//!   a door starts as a staff profile, and the CLI's `--staff` of an admin with a PIN checks
//!   it with [`verify_pin`].

mod model;
mod pin;
mod store;
#[cfg(test)]
mod tests;

pub use model::{check_pin_format, require, Action, Role, Staff, StaffError, StaffId, PIN_DIGITS};
pub use store::{create, default_actor, get, list, opening_actor, set_pin, switch_to, verify_pin};
