//! Check-in at the door. For now: the badge tokens a scanner reads.

pub mod badge;

pub use badge::BadgeToken;
