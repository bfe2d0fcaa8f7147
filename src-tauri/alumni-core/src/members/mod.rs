//! Alumni records: who they are, how to reach them, and how their names are searched.

pub mod export;
pub mod facets;
pub mod fields;
pub mod import;
mod model;
pub mod privacy;
pub mod record;
pub mod review;
pub mod search;
mod store;

pub use model::{
    name_pinyin, FieldValue, Gender, IdentityKeys, MemberField, MemberId, MemberStatus, NewMember,
    NewReview, Reassigned, Review, ReviewStatus, StoredMember,
};
pub use store::{count, fill_empty, for_each_identity, insert, insert_review, reviews, stored};
