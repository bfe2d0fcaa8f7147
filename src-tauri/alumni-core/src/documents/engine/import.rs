//! Pages of another PDF brought into a document as they are — an attached report, a seating
//! plan drawn on a page of its own size — each on a page of this document of its own, numbered
//! by the footer with the rest.
//!
//! How: while laying out, each imported page gets a page of its own here that only the footer
//! draws on (and a hairline frame where the page will be); `finish` saves the document, then
//! (with lopdf) turns each imported page into a form XObject — its content and resources
//! untouched, its fonts and images copied once per source — and draws it on its page, scaled
//! to the frame. Invariants: an imported page is never enlarged, never cropped and never
//! distorted (one scale for both directions); a landscape page on a portrait page is turned a
//! quarter with its top to the left (the usual way a booklet carries a wide page); the page's
//! own /Rotate is honoured; a source that does not read as a PDF with pages is refused when it
//! is imported, before anything is drawn, with [`DocumentError::ImportedPdf`].

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::page::{BoxMm, RULE};
use super::{Document, PageFrame, PT_PER_MM};
use crate::documents::DocumentError;

/// Margin around an imported page, in mm; below it the footer keeps its own band.
const IMPORT_MARGIN_MM: f32 = 10.0;
/// The most an imported page's content may inflate to (a guard against a decompression bomb
/// in an attached file): 64 MiB.
const MAX_CONTENT_BYTES: usize = 64 << 20;

/// A PDF whose pages are imported, read once.
pub(super) struct Source {
    /// What the caller calls it, for errors ("工作报告.pdf").
    name: String,
    doc: lopdf::Document,
}

/// One imported page: where it goes and how it is placed.
pub(super) struct Placed {
    /// The page of this document (0-based) it is drawn on.
    page_index: usize,
    /// Which source, and which of its pages (0-based: object ids change when it moves in).
    source: usize,
    source_page: usize,
    /// The transformation from the source page's space to this page's, in PDF points.
    matrix: [f32; 6],
}

/// A page's box and turn: (x0, y0, x1, y1) of its crop box (else media box) and /Rotate.
struct Geometry {
    bbox: [f32; 4],
    rotate: i64,
}

/// An inheritable entry of a page (`Resources`, `MediaBox`, `CropBox`, `Rotate`): the page's
/// own, else its nearest ancestor's.
fn inherited<'a>(doc: &'a lopdf::Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Follows a reference (a chain of them) to the object itself.
fn resolved<'a>(doc: &'a lopdf::Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

fn rectangle(doc: &lopdf::Document, object: &Object) -> Option<[f32; 4]> {
    let values = resolved(doc, object).as_array().ok()?;
    let mut out = [0.0; 4];
    if values.len() != 4 {
        return None;
    }
    for (slot, v) in out.iter_mut().zip(values) {
        *slot = resolved(doc, v).as_float().ok()?;
    }
    let [x0, y0, x1, y1] = out;
    let normal = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    (normal[2] - normal[0] > 1.0 && normal[3] - normal[1] > 1.0).then_some(normal)
}

fn geometry(doc: &lopdf::Document, page: ObjectId) -> Option<Geometry> {
    let bbox = inherited(doc, page, b"CropBox")
        .and_then(|b| rectangle(doc, b))
        .or_else(|| inherited(doc, page, b"MediaBox").and_then(|b| rectangle(doc, b)))?;
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|r| resolved(doc, r).as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    Some(Geometry { bbox, rotate })
}

/// The matrix placing a page of `geometry` centred in the box (`x`, `y` of its lower-left
/// corner, `w`, `h`, all in points): turned by its /Rotate plus `extra` degrees clockwise
/// (multiples of 90), scaled by one factor no larger than 1. Returns the matrix and where the
/// page lands: its lower-left corner, width and height in points.
fn placement(geometry: &Geometry, extra: i64, area: [f32; 4]) -> ([f32; 6], [f32; 4]) {
    let [x0, y0, x1, y1] = geometry.bbox;
    let (w, h) = (x1 - x0, y1 - y0);
    // Each turn maps the box [x0,x1]×[y0,y1] onto [0,dw]×[0,dh], the page as seen.
    let (m, dw, dh) = match (geometry.rotate + extra).rem_euclid(360) {
        90 => ([0.0, -1.0, 1.0, 0.0, -y0, x0 + w], h, w),
        180 => ([-1.0, 0.0, 0.0, -1.0, x0 + w, y0 + h], w, h),
        270 => ([0.0, 1.0, -1.0, 0.0, y0 + h, -x0], h, w),
        _ => ([1.0, 0.0, 0.0, 1.0, -x0, -y0], w, h),
    };
    let [ax, ay, aw, ah] = area;
    let scale = (aw / dw).min(ah / dh).min(1.0);
    let (pw, ph) = (dw * scale, dh * scale);
    let (tx, ty) = (ax + (aw - pw) / 2.0, ay + (ah - ph) / 2.0);
    let matrix = [
        m[0] * scale,
        m[1] * scale,
        m[2] * scale,
        m[3] * scale,
        m[4] * scale + tx,
        m[5] * scale + ty,
    ];
    (matrix, [tx, ty, pw, ph])
}

impl Document {
    /// Brings in every page of the PDF `pdf` (called `name` in errors), each on a new page of
    /// this document: scaled down to fit within 10 mm of the edges and above the footer (never
    /// enlarged), centred, a landscape page turned a quarter with its top to the left when this
    /// document is portrait (and a portrait one when it is landscape), with a hairline frame.
    /// Those pages carry the footer "第 N 页 共 M 页" only, never the running header. Returns
    /// the pages added. Errors: [`DocumentError::ImportedPdf`] — nothing was added then.
    pub fn import_pages(&mut self, name: &str, pdf: &[u8]) -> Result<usize, DocumentError> {
        let unreadable = |reason: String| DocumentError::ImportedPdf {
            name: name.to_owned(),
            reason,
        };
        let options = lopdf::LoadOptions::with_max_decompressed_size(MAX_CONTENT_BYTES);
        let doc = lopdf::Document::load_mem_with_options(pdf, options)
            .map_err(|e| unreadable(e.to_string()))?;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if pages.is_empty() {
            return Err(unreadable("no pages".to_owned()));
        }
        let geometries = pages
            .iter()
            .map(|p| geometry(&doc, *p))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| unreadable("a page has no size".to_owned()))?;
        let source = self.sources.len();
        let portrait = self.page.height_mm >= self.page.width_mm;
        let area_mm = BoxMm {
            x_mm: IMPORT_MARGIN_MM,
            y_mm: IMPORT_MARGIN_MM,
            width_mm: self.page.width_mm - 2.0 * IMPORT_MARGIN_MM,
            // The footer's line starts 6 mm below the bottom margin's top; stay above it.
            height_mm: self.page.height_mm - self.margins.bottom_mm + 4.0 - IMPORT_MARGIN_MM,
        };
        let area_pt = [
            area_mm.x_mm * PT_PER_MM,
            (self.page.height_mm - area_mm.y_mm - area_mm.height_mm) * PT_PER_MM,
            area_mm.width_mm * PT_PER_MM,
            area_mm.height_mm * PT_PER_MM,
        ];
        for (number, geometry) in geometries.iter().enumerate() {
            let [x0, y0, x1, y1] = geometry.bbox;
            let seen_landscape = if geometry.rotate % 180 == 0 {
                x1 - x0 > y1 - y0
            } else {
                y1 - y0 > x1 - x0
            };
            let extra = if seen_landscape == portrait { 270 } else { 0 };
            let (matrix, [x, y, w, h]) = placement(geometry, extra, area_pt);
            self.flush_heading();
            self.new_page();
            self.set_page_frame(PageFrame::NumberOnly);
            let frame = BoxMm {
                x_mm: x / PT_PER_MM,
                y_mm: self.page.height_mm - (y + h) / PT_PER_MM,
                width_mm: w / PT_PER_MM,
                height_mm: h / PT_PER_MM,
            };
            self.rect(frame, None, Some((RULE, 0.3)));
            self.placed.push(Placed {
                page_index: self.pages.len() - 1,
                source,
                source_page: number,
                matrix,
            });
        }
        // What follows starts on a page of its own.
        self.cursor_mm = self.bottom_mm();
        self.sources.push(Source {
            name: name.to_owned(),
            doc,
        });
        Ok(pages.len())
    }
}

/// Draws the imported pages onto their pages of the saved document `bytes`.
pub(super) fn merge(
    bytes: Vec<u8>,
    sources: Vec<Source>,
    placed: &[Placed],
) -> Result<Vec<u8>, DocumentError> {
    if placed.is_empty() {
        return Ok(bytes);
    }
    let pdf_error = |e: lopdf::Error| DocumentError::Pdf {
        reason: e.to_string(),
    };
    let mut doc = lopdf::Document::load_mem(&bytes).map_err(pdf_error)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (index, mut source) in sources.into_iter().enumerate() {
        // The source's objects get ids above every id of the document, then move in whole:
        // what its pages' resources refer to (fonts, images) comes along unchanged.
        source.doc.renumber_objects_with(doc.max_id + 1);
        let source_pages: Vec<ObjectId> = source.doc.get_pages().into_values().collect();
        let mut forms = Vec::new();
        for (n, item) in placed.iter().enumerate().filter(|(_, p)| p.source == index) {
            let page =
                *source_pages
                    .get(item.source_page)
                    .ok_or_else(|| DocumentError::ImportedPdf {
                        name: source.name.clone(),
                        reason: "a page went missing".to_owned(),
                    })?;
            let form = form_xobject(&source, page)?;
            forms.push((n, item, form));
        }
        doc.max_id = doc.max_id.max(source.doc.max_id);
        doc.objects.append(&mut source.doc.objects);
        for (n, item, form) in forms {
            let form_id = doc.add_object(form);
            let page = *pages
                .get(item.page_index)
                .ok_or_else(|| DocumentError::Pdf {
                    reason: "an imported page's place is missing".to_owned(),
                })?;
            let name = format!("AdbImported{n}");
            add_xobject(&mut doc, page, &name, form_id).map_err(pdf_error)?;
            let m = item.matrix;
            let ops = format!(
                "q {} {} {} {} {} {} cm /{name} Do Q\n",
                m[0], m[1], m[2], m[3], m[4], m[5]
            );
            doc.add_page_contents(page, ops.into_bytes())
                .map_err(pdf_error)?;
        }
    }
    // The sources' own catalogs and page trees are left unreferenced: drop them.
    doc.prune_objects();
    doc.compress();
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|e| DocumentError::Pdf {
        reason: e.to_string(),
    })?;
    Ok(out)
}

/// A source page as a form XObject: its content (decoded, joined, compressed again), its
/// resources and its box.
fn form_xobject(source: &Source, page: ObjectId) -> Result<Stream, DocumentError> {
    let doc = &source.doc;
    let unreadable = |reason: String| DocumentError::ImportedPdf {
        name: source.name.clone(),
        reason,
    };
    let content = doc
        .get_page_content_with_limit(page, MAX_CONTENT_BYTES)
        .map_err(|e| unreadable(e.to_string()))?;
    let geometry = geometry(doc, page).ok_or_else(|| unreadable("a page has no size".into()))?;
    let resources = inherited(doc, page, b"Resources")
        .cloned()
        .unwrap_or_else(|| Object::Dictionary(Dictionary::new()));
    let bbox: Vec<Object> = geometry.bbox.iter().map(|v| Object::Real(*v)).collect();
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Form".to_vec())),
        ("BBox", Object::Array(bbox)),
        ("Resources", resources),
    ]);
    let mut stream = Stream::new(dict, content);
    // Uncompressed content is still valid; compression only saves space.
    let _ = stream.compress();
    Ok(stream)
}

/// Names the form `form` as `name` in the XObject resources of `page` (its own dictionary or
/// the one it refers to).
fn add_xobject(
    doc: &mut lopdf::Document,
    page: ObjectId,
    name: &str,
    form: ObjectId,
) -> lopdf::Result<()> {
    let resources = doc.get_dictionary(page)?.get(b"Resources")?.clone();
    let resources_id = match resources {
        Object::Reference(id) => id,
        Object::Dictionary(dict) => {
            let id = doc.add_object(dict);
            doc.get_dictionary_mut(page)?
                .set("Resources", Object::Reference(id));
            id
        }
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.get_dictionary_mut(page)?
                .set("Resources", Object::Reference(id));
            id
        }
    };
    let xobjects = doc.get_dictionary(resources_id)?.get(b"XObject").cloned();
    match xobjects {
        Ok(Object::Reference(id)) => {
            doc.get_dictionary_mut(id)?
                .set(name, Object::Reference(form));
        }
        Ok(Object::Dictionary(mut dict)) => {
            dict.set(name, Object::Reference(form));
            doc.get_dictionary_mut(resources_id)?
                .set("XObject", Object::Dictionary(dict));
        }
        _ => {
            let dict = Dictionary::from_iter(vec![(name, Object::Reference(form))]);
            doc.get_dictionary_mut(resources_id)?
                .set("XObject", Object::Dictionary(dict));
        }
    }
    Ok(())
}
