//! Images and QR codes placed on a page: PNGs decoded to raw pixels and embedded lossless,
//! each distinct image stored in the PDF once however often it is placed.
//!
//! Invariant: an image is never recompressed lossily (a QR code or a logo must not pick up
//! JPEG artefacts), and a PNG that cannot be decoded is refused with
//! [`DocumentError::Image`] before anything is placed.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use printpdf::{Op, Pt, RawImage, RawImageData, RawImageFormat, XObjectId, XObjectTransform};

use super::{Document, PT_PER_MM};
use crate::documents::{qr, DocumentError};

/// An image added to the PDF once and placed any number of times.
#[derive(Clone)]
pub(super) struct StoredImage {
    id: XObjectId,
    /// Its size in pixels, for its aspect ratio.
    pub(super) width_px: usize,
    pub(super) height_px: usize,
}

/// A PNG as raw 8-bit pixels printpdf can embed (Flate, lossless; alpha as a soft mask).
fn decode_png(png: &[u8]) -> Result<RawImage, DocumentError> {
    let bad = |e: png::DecodingError| DocumentError::Image {
        reason: e.to_string(),
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(bad)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| DocumentError::Image {
            reason: "image too large".to_string(),
        })?;
    let mut pixels = vec![0; size];
    let info = reader.next_frame(&mut pixels).map_err(bad)?;
    pixels.truncate(info.buffer_size());
    let data_format = match info.color_type {
        png::ColorType::Grayscale => RawImageFormat::R8,
        png::ColorType::GrayscaleAlpha => RawImageFormat::RG8,
        png::ColorType::Rgb => RawImageFormat::RGB8,
        png::ColorType::Rgba => RawImageFormat::RGBA8,
        png::ColorType::Indexed => {
            return Err(DocumentError::Image {
                reason: "palette image was not expanded".to_string(),
            })
        }
    };
    if info.width == 0 || info.height == 0 {
        return Err(DocumentError::Image {
            reason: "empty image".to_string(),
        });
    }
    Ok(RawImage {
        pixels: RawImageData::U8(pixels),
        width: info.width as usize,
        height: info.height as usize,
        data_format,
        tag: Vec::new(),
    })
}

impl Document {
    /// A QR code of `data` with its top-left corner at `x_mm`, `y_mm`; `size_mm` includes the
    /// quiet zone (a 12-digit token is 29 modules across, so 20 mm gives 0.69 mm modules).
    pub fn qr(
        &mut self,
        data: &str,
        x_mm: f32,
        y_mm: f32,
        size_mm: f32,
    ) -> Result<(), DocumentError> {
        let ops = qr::ops(
            data,
            x_mm * PT_PER_MM,
            (self.page.height_mm - y_mm) * PT_PER_MM,
            size_mm * PT_PER_MM,
        )?;
        self.current_ops().extend(ops);
        Ok(())
    }

    /// A PNG image (e.g. the association's logo) with its top-left corner at `x_mm`, `y_mm`,
    /// `width_mm` wide; returns its height in mm. Kept lossless; the same bytes placed again
    /// are stored in the PDF once.
    pub fn image(
        &mut self,
        png: &[u8],
        x_mm: f32,
        y_mm: f32,
        width_mm: f32,
    ) -> Result<f32, DocumentError> {
        let image = self.store_png(png)?;
        let height_mm = width_mm * image.height_px as f32 / image.width_px as f32;
        self.ensure_page();
        let op = self.image_op(&image, x_mm, y_mm, width_mm, height_mm);
        self.current_ops().push(op);
        Ok(height_mm)
    }

    /// Decodes a PNG and adds it to the PDF, once per distinct content.
    pub(super) fn store_png(&mut self, png: &[u8]) -> Result<StoredImage, DocumentError> {
        let mut hasher = DefaultHasher::new();
        png.hash(&mut hasher);
        let key = hasher.finish();
        if let Some((_, stored)) = self.images.iter().find(|(k, _)| *k == key) {
            return Ok(stored.clone());
        }
        let raw = decode_png(png)?;
        let stored = StoredImage {
            width_px: raw.width,
            height_px: raw.height,
            id: self.pdf.add_image(&raw),
        };
        self.images.push((key, stored.clone()));
        Ok(stored)
    }

    /// The operation that places a stored image in the box `x_mm`, `y_mm`, `w_mm` × `h_mm`.
    pub(super) fn image_op(
        &self,
        image: &StoredImage,
        x_mm: f32,
        y_mm: f32,
        w_mm: f32,
        h_mm: f32,
    ) -> Op {
        // At 72 dpi one pixel is one point; scale from there to the wanted size.
        Op::UseXobject {
            id: image.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x_mm * PT_PER_MM)),
                translate_y: Some(Pt((self.page.height_mm - y_mm - h_mm) * PT_PER_MM)),
                rotate: None,
                scale_x: Some(w_mm * PT_PER_MM / image.width_px as f32),
                scale_y: Some(h_mm * PT_PER_MM / image.height_px as f32),
                dpi: Some(72.0),
                no_auto_scale: false,
            },
        }
    }
}
