//! Alumni records: who they are, how to reach them, and how their names are searched.

mod model;
mod store;

pub use model::{name_pinyin, Gender, MemberId, MemberStatus, NewMember};
pub use store::{count, insert};
