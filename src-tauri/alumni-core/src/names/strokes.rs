//! The embedded stroke table, `assets/strokes/strokes.bin`: Unihan 16.0.0 `kTotalStrokes`
//! (zh-Hans value) for every CJK ideograph that has one, built by `assets/build/strokes.py`.
//!
//! Format, little-endian: the magic `STK1`; the Unicode version (three bytes: major, minor,
//! update); the segment count `n` (one byte); `n` × (first code point `u32`, length `u32`); the
//! run count `r` (`u32`); `r` × (stroke count `u8`, run length `u8`). Taken in order, the runs
//! give one count per code point of the first segment, then of the next, and so on; count 0
//! means "no kTotalStrokes". Run lengths are 1..=255. Runs pay off because Unihan numbers
//! ideographs by radical and then by residual strokes, so neighbours often share a count: the
//! 98,682 counts take 48,824 bytes.
//!
//! Invariant: the table is decoded once, on first use, into one byte per code point of every
//! segment, so a lookup is a scan of a handful of segments and an index — no allocation. A
//! table that does not decode exactly (wrong magic, runs that overrun or underfill the segments,
//! trailing bytes) is replaced by an empty one: every lookup then answers "no count" rather
//! than panicking. The tests decode the shipped table fully, so that cannot happen unnoticed.

use std::sync::OnceLock;

/// The table as shipped in the repository.
static TABLE_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/strokes/strokes.bin"
));

const MAGIC: &[u8; 4] = b"STK1";
/// One past the last Unicode code point: no segment may reach beyond it.
const CODE_SPACE: u64 = 0x11_0000;

/// The decoded table: a count (0 = none) for every code point of every segment.
#[derive(Debug, Default)]
pub(super) struct Table {
    version: Option<[u8; 3]>,
    segments: Vec<Segment>,
    counts: Vec<u8>,
}

/// A range of code points and where its counts start in [`Table::counts`].
#[derive(Debug)]
struct Segment {
    first: u32,
    len: u32,
    offset: usize,
}

/// The shipped table, decoded on first use (empty if it does not decode).
pub(super) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::decode(TABLE_BYTES).unwrap_or_default())
}

impl Table {
    /// Decodes a table in the format above; `None` unless every byte is accounted for.
    pub(super) fn decode(bytes: &[u8]) -> Option<Table> {
        let mut input = Reader(bytes);
        if input.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let version = [input.u8()?, input.u8()?, input.u8()?];
        let segment_count = input.u8()?;
        let mut segments = Vec::with_capacity(usize::from(segment_count));
        let mut total = 0usize;
        let mut next_free = 0u64;
        for _ in 0..segment_count {
            let (first, len) = (input.u32()?, input.u32()?);
            // Sorted, disjoint and inside the code space: a lookup may then stop at the first
            // segment that starts past the code point.
            let end = u64::from(first) + u64::from(len);
            if u64::from(first) < next_free || end > CODE_SPACE || len == 0 {
                return None;
            }
            next_free = end;
            segments.push(Segment {
                first,
                len,
                offset: total,
            });
            total += usize::try_from(len).ok()?;
        }
        let run_count = input.u32()?;
        let mut counts = Vec::with_capacity(total);
        for _ in 0..run_count {
            let (count, run) = (input.u8()?, usize::from(input.u8()?));
            if run == 0 || counts.len() + run > total {
                return None;
            }
            counts.resize(counts.len() + run, count);
        }
        if counts.len() != total || !input.0.is_empty() {
            return None;
        }
        Some(Table {
            version: Some(version),
            segments,
            counts,
        })
    }

    /// The stroke count of `c`, if the table has one.
    pub(super) fn get(&self, c: char) -> Option<u8> {
        let cp = u32::from(c);
        let segment = self
            .segments
            .iter()
            .take_while(|s| s.first <= cp)
            .find(|s| cp - s.first < s.len)?;
        let index = segment.offset + usize::try_from(cp - segment.first).ok()?;
        self.counts.get(index).copied().filter(|&n| n != 0)
    }

    /// The Unicode version the table was built from; `None` for an empty table.
    pub(super) fn version(&self) -> Option<[u8; 3]> {
        self.version
    }

    /// Every code point with a count, and its count, in code point order.
    #[cfg(test)]
    pub(super) fn entries(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.segments.iter().flat_map(move |s| {
            (s.first..s.first + s.len)
                .zip(&self.counts[s.offset..])
                .filter(|&(_, &n)| n != 0)
                .map(|(cp, &n)| (cp, n))
        })
    }
}

/// A cursor over the table's bytes; every read is `None` past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    fn u32(&mut self) -> Option<u32> {
        let bytes: [u8; 4] = self.take(4)?.try_into().ok()?;
        Some(u32::from_le_bytes(bytes))
    }
}
