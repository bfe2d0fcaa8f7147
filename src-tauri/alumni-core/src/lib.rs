//! Alumni Desk's domain: the register, meetings, check-in, elections and documents.
//!
//! Plain Rust values in, plain values or a typed error out; no Tauri, no HTTP, no UI. The
//! CLI, the window's commands and the door server only translate to and from this crate.

pub mod agenda;
pub mod audit;
pub mod branches;
pub mod checkin;
pub mod council;
pub mod demo;
pub mod desk;
pub mod documents;
pub mod elections;
pub mod error;
pub mod invitations;
pub mod jobs;
pub mod meetings;
pub mod members;
pub mod motions;
pub mod names;
pub mod overview;
pub mod seating;
pub mod settings;
pub mod staff;
pub mod statistics;
pub mod storage;
pub mod timestamps;

#[cfg(test)]
mod sql_boundary_tests;

pub use error::DomainError;
