//! The native file dialogs, behind one small seam so the IPC tests can answer them.
//!
//! Invariant: a command that reads or writes a user's file gets its path only from a dialog
//! the user answered (never from the webview), so the webview can never name a file itself.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

/// A question for a file dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileQuestion {
    /// Save (`true`) or open.
    pub save: bool,
    /// The dialog's title, in the UI's language.
    pub title: String,
    /// The file name offered when saving.
    pub file_name: Option<String>,
    /// Filters: a label and its extensions.
    pub filters: Vec<(String, Vec<String>)>,
}

impl FileQuestion {
    /// A save dialog offering `file_name`.
    pub fn save(title: &str, file_name: &str) -> Self {
        FileQuestion {
            save: true,
            title: title.to_owned(),
            file_name: Some(file_name.to_owned()),
            filters: Vec::new(),
        }
    }

    /// An open dialog.
    pub fn open(title: &str) -> Self {
        FileQuestion {
            save: false,
            title: title.to_owned(),
            file_name: None,
            filters: Vec::new(),
        }
    }

    /// Adds a filter.
    pub fn filter(mut self, label: &str, extensions: &[&str]) -> Self {
        self.filters.push((
            label.to_owned(),
            extensions.iter().map(|e| (*e).to_owned()).collect(),
        ));
        self
    }
}

/// The answer: a path, or `None` when the user cancelled.
pub type Answer = Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;

/// Asks the user for a file.
pub trait FilePicker: Send + Sync {
    /// Shows the dialog and waits for the answer.
    fn ask(&self, question: FileQuestion) -> Answer;
}

/// The platform's own dialogs (rfd: GTK on Linux, native on Windows and macOS).
pub struct NativeDialogs;

impl FilePicker for NativeDialogs {
    fn ask(&self, question: FileQuestion) -> Answer {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(&question.title);
        if let Some(name) = &question.file_name {
            dialog = dialog.set_file_name(name);
        }
        for (label, extensions) in &question.filters {
            dialog = dialog.add_filter(label, extensions);
        }
        Box::pin(async move {
            let picked = if question.save {
                dialog.save_file().await
            } else {
                dialog.pick_file().await
            };
            picked.map(|file| file.path().to_owned())
        })
    }
}
