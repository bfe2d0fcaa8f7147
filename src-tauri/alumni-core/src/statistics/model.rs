//! What the statistics of the register hold.

use serde::Serialize;

/// The register in numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statistics {
    /// Members on record.
    pub total_members: u64,
    /// (first year of the decade, alumni who graduated in it), oldest first; unknown years left out.
    pub by_decade: Vec<(i32, u64)>,
    /// (college, alumni), largest first.
    pub by_college: Vec<(String, u64)>,
    /// (degree, alumni), largest first.
    pub by_degree: Vec<(String, u64)>,
    /// (city, alumni), largest first; charts show the first few.
    pub by_city: Vec<(String, u64)>,
    /// (branch, members), largest first; a branch counts the members of the branches nested
    /// under it, each once.
    pub branch_sizes: Vec<(String, u64)>,
    /// (field: `phone`, `email`, `wechat`, `employer`; records that have it; all records).
    pub contact_coverage: Vec<(String, u64, u64)>,
}
