//! The station page's files: the same `ui/` the window shows, as embedded in the binary at
//! build time (`frontendDist`), served by the door server with their content types.

use std::borrow::Cow;
use std::sync::Arc;

use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{Assets, Wry};

/// The embedded `ui/` files, shared by the server's handlers.
#[derive(Clone)]
pub struct UiAssets(Arc<dyn Assets<Wry>>);

impl UiAssets {
    /// The files embedded in this binary.
    pub fn embedded() -> UiAssets {
        let mut context = crate::app::context::<Wry>();
        UiAssets(Arc::from(context.set_assets(Box::new(NoAssets))))
    }

    /// The file at `path` (relative to `ui/`, e.g. `views/door.js`) and its content type.
    pub fn get(&self, path: &str) -> Option<(Cow<'_, [u8]>, &'static str)> {
        let path = path.trim_start_matches('/');
        if path.split('/').any(|part| part == ".." || part.is_empty()) {
            return None;
        }
        let bytes = self.0.get(&AssetKey::from(path))?;
        Some((bytes, content_type(path)))
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// What the context holds after its assets were taken: nothing.
struct NoAssets;

impl Assets<Wry> for NoAssets {
    fn get(&self, _key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(&self, _html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}
