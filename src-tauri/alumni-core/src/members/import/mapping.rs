//! Which column holds which field: detected from the header, shown to the user, corrected by
//! them, and checked before it is used.
//!
//! Invariants: a usable mapping has a name column and gives each imported field at most one column;
//! columns mapped to nothing are ignored entirely (never length-checked, never stored).

use serde::{Deserialize, Serialize};

use super::ImportError;
use crate::members::MemberField;

/// One entry per column, left to right: the field it holds, or `None` to ignore the column.
pub type ColumnMapping = Vec<Option<MemberField>>;

/// The header row and what each column holds; the mapping screen edits `fields`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The header's row number in the spreadsheet; data starts below it.
    pub header_row: u32,
    /// The header cells as written, one per column.
    pub headers: Vec<String>,
    /// The field of each column.
    pub fields: ColumnMapping,
    /// The first data rows, for the mapping screen only.
    #[serde(default)]
    pub samples: Vec<Vec<String>>,
}

/// What is wrong with a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MappingProblem {
    /// No column holds the name.
    NoNameColumn,
    /// Two columns hold the same field.
    FieldTwice,
    /// More fields than the header has columns.
    TooManyColumns,
    /// A field an import does not read (the status).
    NotImported,
}

impl MappingProblem {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            MappingProblem::NoNameColumn => "no_name_column",
            MappingProblem::FieldTwice => "field_twice",
            MappingProblem::TooManyColumns => "too_many_columns",
            MappingProblem::NotImported => "not_imported",
        }
    }
}

impl Mapping {
    /// The same header with the user's choice of fields.
    pub fn with_fields(mut self, fields: ColumnMapping) -> Self {
        self.fields = fields;
        self
    }

    /// The column that holds `field`, if any.
    pub fn column_of(&self, field: MemberField) -> Option<usize> {
        self.fields.iter().position(|f| *f == Some(field))
    }

    /// Checks that the mapping can drive an import.
    pub fn validate(&self) -> Result<(), ImportError> {
        let invalid = |problem, field| ImportError::InvalidMapping { problem, field };
        if self.fields.len() > self.headers.len().max(1) {
            return Err(invalid(MappingProblem::TooManyColumns, None));
        }
        for (i, field) in self.fields.iter().enumerate() {
            if let Some(field) = field {
                if !field.is_imported() {
                    return Err(invalid(MappingProblem::NotImported, Some(*field)));
                }
                if self.fields[..i].contains(&Some(*field)) {
                    return Err(invalid(MappingProblem::FieldTwice, Some(*field)));
                }
            }
        }
        if self.column_of(MemberField::Name).is_none() {
            return Err(invalid(
                MappingProblem::NoNameColumn,
                Some(MemberField::Name),
            ));
        }
        Ok(())
    }
}
