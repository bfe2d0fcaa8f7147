//! The one error shape every door of the shell hands out, `{kind, params, message}`: the
//! core's [`AppError`], re-exported so the doors name it the same way.

pub use alumni_core::error::{AppError, ErrorKind};
