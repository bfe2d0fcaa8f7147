//! The values the search filters offer: colleges, cities, degrees, branches, offices and the
//! range of graduation years actually on record.

use serde::Serialize;

use crate::branches::BranchId;

pub use super::store::facets;

/// A branch as a filter choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchChoice {
    /// Its id.
    pub id: BranchId,
    /// Its name.
    pub name: String,
}

/// The smallest and largest graduation year on record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearRange {
    /// Earliest.
    pub min: Option<i32>,
    /// Latest.
    pub max: Option<i32>,
}

/// Filter choices for the members view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Colleges, by name.
    pub colleges: Vec<String>,
    /// Cities, most alumni first.
    pub cities: Vec<String>,
    /// Degrees, most alumni first.
    pub degrees: Vec<String>,
    /// Branches on record, by name.
    pub branches: Vec<BranchChoice>,
    /// Council offices, in protocol order.
    pub offices: Vec<&'static str>,
    /// Graduation years.
    pub graduation_years: YearRange,
}
