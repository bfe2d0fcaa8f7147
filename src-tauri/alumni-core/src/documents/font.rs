//! Fonts: which face draws each character, and text measured with that face's real advances.
//!
//! The main face is WenQuanYi Micro Hei (`assets/fonts/`, Apache-2.0), compiled into the
//! binary: it covers every name character, symbol and punctuation mark tried (喆珺昇堃镕赟淼燊
//! 彧祎玥昱晞 ①②③ — · full-width forms) but no CJK Extension A or B and later (䶮 𠮷 𫖯 …),
//! which real names do hold. Those come from fallback faces — HanaMin A and B (花園明朝, from
//! Debian's `fonts-hanazono`, Hanazono Font License or OFL) — which are 53 MB together: too big
//! to compile into every binary, so they are found at run time ([`fallback_files`]: the
//! `ALUMNI_DESK_FALLBACK_FONTS` path list, else a `fonts/` folder beside the executable, else
//! the Debian path) and read and parsed once per process, on first need: a document the main
//! face covers never reads them.
//!
//! Invariants: each character is drawn by the first face that has it — the main face, then the
//! fallbacks in order — and [`Fonts::width_pt`] measures it with that same face's advance (no
//! kerning, no shaping: Chinese needs none), so a line measured to fit does fit;
//! [`Fonts::missing`] is the one coverage check, run on every string before it reaches a page.
//! A character no face has is never substituted silently: the document is refused, or — when
//! the staff ask for it — drawn as an empty square one em wide (the 缺字 mark of Chinese
//! typesetting, extracted as [`MARK_GLYPH`]) in a red box for hand correction, because a wrong
//! character in a person's name is worse than a clear gap the office can see.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The font collection as shipped; face 0 is the proportional "WenQuanYi Micro Hei".
static MAIN_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/fonts/wqy-microhei.ttc"
));

/// Face 0 of the collection; face 1 is the monospaced variant.
const MAIN_INDEX: u32 = 0;

/// The environment variable naming fallback font files (or folders of them), separated like
/// `PATH` (`:` on Linux and macOS, `;` on Windows). When set, only these are used.
pub const FALLBACK_FONTS_ENV: &str = "ALUMNI_DESK_FALLBACK_FONTS";

/// Where Debian's and Ubuntu's `fonts-hanazono` puts HanaMin: A (the BMP with Extension A),
/// then B (Extensions B to F).
const SYSTEM_FALLBACKS: [&str; 2] = [
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
];

/// What a character no face has reads as when the staff print anyway: the white square of
/// Chinese typesetting for a missing character (虚缺号), in messages, notes and the PDF's text.
pub const MARK_GLYPH: char = '□';

/// Stands in the text for a character no face has once it is to be marked (a Unicode
/// noncharacter, so it never comes from real text as anything but a missing glyph itself):
/// one em wide like the ideograph it stands for, drawn as a square outline — the main face's
/// own □ is a small geometric shape, too small to write the character into — with an
/// invisible [`MARK_GLYPH`] under it for text extraction, and its line boxed.
pub(crate) const MISSING_MARK: char = '\u{FDD0}';

/// One parsed face: for measuring and coverage (ttf-parser, which reads tables in place) and,
/// once a document draws with it, printpdf's view for embedding.
pub(crate) struct Face {
    /// Where it came from, for logs: the shipped font's name or a file path.
    origin: String,
    bytes: &'static [u8],
    index: u32,
    ttf: ttf_parser::Face<'static>,
    pdf: OnceLock<Result<printpdf::ParsedFont, String>>,
}

impl Face {
    fn parse(origin: String, bytes: &'static [u8], index: u32) -> Result<Face, String> {
        let ttf = ttf_parser::Face::parse(bytes, index)
            .map_err(|e| format!("{origin} (face {index}): {e}"))?;
        Ok(Face {
            origin,
            bytes,
            index,
            ttf,
            pdf: OnceLock::new(),
        })
    }

    fn has(&self, c: char) -> bool {
        self.ttf.glyph_index(c).is_some()
    }

    /// The advance of `c` in em; one em for a character the face lacks (never drawn).
    fn advance_em(&self, c: char) -> f32 {
        let upem = f32::from(self.ttf.units_per_em());
        self.ttf
            .glyph_index(c)
            .and_then(|g| self.ttf.glyph_hor_advance(g))
            .map_or(1.0, |a| f32::from(a) / upem)
    }

    /// printpdf's view of the face, parsed on first use (it copies the font and reads its
    /// tables; subsetting happens per document when the PDF is written).
    pub(crate) fn pdf_font(&self) -> Result<&printpdf::ParsedFont, String> {
        self.pdf
            .get_or_init(|| {
                let mut warnings = Vec::new();
                printpdf::ParsedFont::from_bytes(self.bytes, self.index as usize, &mut warnings)
                    .ok_or_else(|| format!("cannot parse the font {}: {warnings:?}", self.origin))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The shipped face, parsed on first use.
fn main_face() -> &'static Face {
    static MAIN: OnceLock<Face> = OnceLock::new();
    MAIN.get_or_init(|| {
        // The bytes are compiled in, not read from a file or the user; `shipped_font_parses`
        // in the tests guards them, so a failure here is a broken build, not bad input.
        Face::parse("WenQuanYi Micro Hei".to_string(), MAIN_BYTES, MAIN_INDEX)
            .expect("the shipped font parses")
    })
}

/// The fallback faces of this computer, found, read and parsed on first need; empty when none
/// are installed (documents then refuse what the main face lacks, as before).
fn installed_fallbacks() -> &'static [Face] {
    static FALLBACKS: OnceLock<Vec<Face>> = OnceLock::new();
    FALLBACKS.get_or_init(|| {
        let exe_dir = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf));
        let env = std::env::var_os(FALLBACK_FONTS_ENV);
        let faces: Vec<Face> = fallback_files(env.as_deref(), exe_dir.as_deref())
            .iter()
            .flat_map(|path| read_faces(path))
            .collect();
        if faces.is_empty() {
            log::info!("no fallback fonts: CJK Extension A/B characters cannot be printed");
        }
        faces
    })
}

/// Every face in the font file at `path`; none (logged) when it cannot be read or parsed.
fn read_faces(path: &Path) -> Vec<Face> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            log::warn!("fallback font {} cannot be read: {e}", path.display());
            return Vec::new();
        }
    };
    // Read once per process and used until it ends: leaking gives the `'static` bytes the
    // parsed faces borrow, without copying 30 MB into a self-referential struct.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let count = ttf_parser::fonts_in_collection(bytes).unwrap_or(1);
    (0..count)
        .filter_map(
            |index| match Face::parse(path.display().to_string(), bytes, index) {
                Ok(face) => {
                    log::info!(
                        "fallback font {} (face {index}, {} glyphs)",
                        path.display(),
                        face.ttf.number_of_glyphs()
                    );
                    Some(face)
                }
                Err(e) => {
                    log::warn!("fallback font skipped: {e}");
                    None
                }
            },
        )
        .collect()
}

/// The fallback font files to use, in order: the paths in `env` (the value of
/// [`FALLBACK_FONTS_ENV`]) when it is set, even if none exists — so an office, or a test, can
/// choose exactly; else the font files in the `fonts/` folder beside the executable (where an
/// installer puts them); else HanaMin where Debian installs it. A folder in the list stands for
/// the font files in it, in name order.
pub(crate) fn fallback_files(env: Option<&OsStr>, exe_dir: Option<&Path>) -> Vec<PathBuf> {
    if let Some(list) = env.filter(|v| !v.is_empty()) {
        return std::env::split_paths(list)
            .flat_map(|path| {
                if path.is_dir() {
                    font_files_in(&path)
                } else if path.is_file() {
                    vec![path]
                } else {
                    log::warn!("{FALLBACK_FONTS_ENV}: {} does not exist", path.display());
                    Vec::new()
                }
            })
            .collect();
    }
    if let Some(beside) = exe_dir.map(|dir| dir.join("fonts")) {
        let found = font_files_in(&beside);
        if !found.is_empty() {
            return found;
        }
    }
    SYSTEM_FALLBACKS
        .iter()
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .collect()
}

/// The `.ttf`, `.otf`, `.ttc` and `.otc` files in `dir`, in name order (HanaMinA before B).
fn font_files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path.extension().and_then(OsStr::to_str).is_some_and(|ext| {
                    ["ttf", "otf", "ttc", "otc"].contains(&ext.to_ascii_lowercase().as_str())
                })
        })
        .collect();
    files.sort();
    files
}

/// The faces a document is set in: the shipped face, then the fallbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fonts {
    /// The shipped face and the fallback faces installed on this computer (if any).
    #[default]
    Installed,
    /// The shipped face alone, as on a computer without fallback fonts.
    MainOnly,
}

impl Fonts {
    /// The faces in the order they are tried; index 0 is the shipped face. Fallbacks are only
    /// looked up (and on the first call, read) for a character the shipped face lacks.
    fn fallbacks(self) -> &'static [Face] {
        match self {
            Fonts::Installed => installed_fallbacks(),
            Fonts::MainOnly => &[],
        }
    }

    /// Face `index` as [`Fonts::face_index`] numbers them.
    pub(crate) fn face(self, index: usize) -> &'static Face {
        match index.checked_sub(1) {
            None => main_face(),
            Some(i) => &self.fallbacks()[i],
        }
    }

    /// The index of the face that draws `c` (0 the shipped face), or `None` if none has it.
    /// [`MISSING_MARK`] counts as the shipped face's (its invisible [`MARK_GLYPH`] is).
    pub(crate) fn face_index(self, c: char) -> Option<usize> {
        if c == MISSING_MARK || main_face().has(c) {
            return Some(0);
        }
        self.fallbacks()
            .iter()
            .position(|f| f.has(c))
            .map(|i| i + 1)
    }

    /// Width in points of `text` set at `size_pt`: the sum of the advances of the faces that
    /// draw its characters. A character no face has, and the mark, count as one em.
    pub fn width_pt(self, text: &str, size_pt: f32) -> f32 {
        let em: f32 = text
            .chars()
            .map(|c| match self.face_index(c) {
                Some(index) if c != MISSING_MARK => self.face(index).advance_em(c),
                _ => 1.0,
            })
            .sum();
        em * size_pt
    }

    /// Characters in `text` no face can draw, each once, in order of appearance. Invisible
    /// characters that [`printable`] drops (variation selectors, zero-width spaces, control
    /// characters) are not reported: they never reach the page.
    pub fn missing(self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for c in printable(text).chars() {
            if c != '\n' && self.face_index(c).is_none() && !missing.contains(&c) {
                missing.push(c);
            }
        }
        missing
    }

    /// `text` as far as it can be printed, for naming it in a message or a note: as set, with
    /// each character no face has shown as [`MARK_GLYPH`].
    pub fn with_marks(self, text: &str) -> String {
        printable(text)
            .chars()
            .map(|c| match self.face_index(c) {
                Some(_) => c,
                None if c == '\n' => c,
                None => MARK_GLYPH,
            })
            .collect()
    }

    /// `text` cut into runs each drawn by one face: (face index, the run's text), with each
    /// [`MISSING_MARK`] a run of its own (face `None`) holding [`MARK_GLYPH`]. A character no
    /// face has stays with the shipped face (callers check coverage first: never drawn).
    pub(crate) fn runs(self, text: &str) -> Vec<(Option<usize>, String)> {
        let mut runs: Vec<(Option<usize>, String)> = Vec::new();
        for c in text.chars() {
            if c == MISSING_MARK {
                runs.push((None, MARK_GLYPH.to_string()));
                continue;
            }
            let index = Some(self.face_index(c).unwrap_or(0));
            match runs.last_mut() {
                Some((last, run)) if *last == index => run.push(c),
                _ => runs.push((index, c.to_string())),
            }
        }
        runs
    }
}

/// Font-wide vertical metrics as fractions of the font size (em).
pub(crate) struct VerticalMetrics {
    /// Height above the baseline.
    pub ascent_em: f32,
    /// Depth below the baseline, positive.
    pub descent_em: f32,
}

/// Ascent and descent of the shipped face, in em: every line is placed by these, whichever
/// faces draw it, so a name with one fallback character sits on the same baseline.
pub(crate) fn vertical_metrics() -> VerticalMetrics {
    let f = &main_face().ttf;
    let upem = f32::from(f.units_per_em());
    VerticalMetrics {
        ascent_em: f32::from(f.ascender()) / upem,
        descent_em: -f32::from(f.descender()) / upem,
    }
}

/// Width in points of `text` set at `size_pt` in the faces installed on this computer.
pub fn text_width_pt(text: &str, size_pt: f32) -> f32 {
    Fonts::Installed.width_pt(text, size_pt)
}

/// Characters in `text` that no face installed on this computer can draw (see
/// [`Fonts::missing`]): a form can warn while a name is typed.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    Fonts::Installed.missing(text)
}

/// `text` as it will be set: tabs become spaces; control characters other than `\n`,
/// zero-width characters, soft hyphens and variation selectors (which imported names
/// sometimes carry) are dropped, since they have no glyph and draw nothing anyway.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    let drop = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c,
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
                | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
    };
    if !text.chars().any(|c| drop(c) || c == '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|c| !drop(*c))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect(),
    )
}

/// `text` as printed with every character in `missing` replaced by [`MISSING_MARK`].
pub(crate) fn marked(text: &str, missing: &[char]) -> String {
    printable(text)
        .chars()
        .map(|c| {
            if missing.contains(&c) {
                MISSING_MARK
            } else {
                c
            }
        })
        .collect()
}
