#!/usr/bin/env python3
"""The meeting badges of `alumni-core/src/documents/badges.rs`, drawn by ReportLab.

The comparison run of `cargo bench -p alumni-desk --bench documents`: the same badges (four
90 x 125 mm badges per A4 sheet with cutting marks, "第 N 页 共 M 页" at the foot), the same
font (WenQuanYi Micro Hei, face 0 of the shipped .ttc, subset by ReportLab), the same
geometry, text fitting (wrap or shrink, then centred in its box; bold as a fill-and-stroke
outline of 0.035 em), the same logo and a QR code of each badge token (level Q, four-module
quiet zone, 26 mm across). Written the way a ticketing system uses ReportLab: the font
registered once, the logo read once, the canvas drawn on directly, QR codes from ReportLab's
own QrCodeWidget in a Drawing.

    python reportlab_badges.py INPUT.json OUT.pdf [--qr widget|path]

`--qr path` (for comparison only) skips ReportLab's graphics layer for the QR codes: the
symbol from ReportLab's own encoder, its dark runs filled as one canvas path — faster, and
what someone would write after profiling (the widget's shapes are most of the time).

INPUT.json: {"association_name": str, "meeting_title": str, "attendees": [...]} with the
attendees as `alumni-desk --json attendees` prints them, in the order to print. Prints one
line of JSON: pages, bytes and where the time went.
"""

import itertools
import json
import os
import struct
import sys
import time

T0 = time.perf_counter()

from reportlab.graphics import renderPDF  # noqa: E402
from reportlab.graphics.barcode import qrencoder  # noqa: E402
from reportlab.graphics.barcode.qr import QrCodeWidget  # noqa: E402
from reportlab.graphics.shapes import Drawing  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.join(HERE, "..", "..", "assets")
FONT_PATH = os.path.join(ASSETS, "fonts", "wqy-microhei.ttc")
LOGO_PATH = os.path.join(ASSETS, "logo", "association-logo.png")
FONT = "WenQuanYiMicroHei"

PT_PER_MM = 72.0 / 25.4
LINE_HEIGHT_EM = 1.35
BOLD_STROKE_EM = 0.035
MIN_SHRINK_PT = 6.0

A4 = (210.0, 297.0)
BADGE = (90.0, 125.0)
GAP_MM = 8.0
MARK_OFFSET_MM = 1.5
MARK_LENGTH_MM = 4.0
QR_MM = 26.0
FOOTER_MARGIN_MM = 20.0  # the engine's bottom and side margins; page numbers sit 6 mm below

BLACK = (0.0, 0.0, 0.0)
WHITE = (1.0, 1.0, 1.0)
INK = (0.12, 0.25, 0.48)
GREY = (0.35, 0.35, 0.35)
MARK = (0.3, 0.3, 0.3)
BAND = {
    "delegate": (0.78, 0.11, 0.13),
    "observer": (0.12, 0.36, 0.68),
    "guest": (0.80, 0.52, 0.05),
    "staff": (0.10, 0.52, 0.30),
}
CREDENTIAL = {"delegate": "出席证", "observer": "列席证", "guest": "嘉宾证", "staff": "工作证"}

NO_LINE_START = "，。、；：？！）》」』】〕〉〗〙〛］｝’”…—～·・％‰℃°．,.;:?!)]}%"
NO_LINE_END = "（《「『【〔〈〖〘〚［｛‘“([{"


def hhea_metrics(path, face_index):
    """Ascent and descent (em) from the face's hhea table, as the Rust engine places lines."""
    with open(path, "rb") as f:
        head = f.read(12 + 4 * (face_index + 1))
        (offset,) = struct.unpack(">I", head[12 + 4 * face_index : 16 + 4 * face_index])
        f.seek(offset)
        (tables,) = struct.unpack(">H", f.read(6)[4:6])
        f.seek(offset + 12)
        directory = f.read(16 * tables)
        where = {}
        for i in range(tables):
            tag, _, table_offset, _ = struct.unpack(">4sIII", directory[16 * i : 16 * i + 16])
            where[tag] = table_offset
        f.seek(where[b"head"] + 18)
        (upem,) = struct.unpack(">H", f.read(2))
        f.seek(where[b"hhea"] + 4)
        ascender, descender = struct.unpack(">hh", f.read(4))
    return ascender / upem, -descender / upem


def width_pt(text, size):
    return pdfmetrics.stringWidth(text, FONT, size)


# ---- line breaking: the same rules as wrap.rs ----


def breaks_anywhere(c):
    o = ord(c)
    return (
        0x1100 <= o <= 0x11FF
        or 0x2014 <= o <= 0x2027
        or 0x2460 <= o <= 0x24FF
        or 0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
        or c in NO_LINE_START
        or c in NO_LINE_END
    )


def units(text):
    """(kind, text): 'w' word, 'c' one breakable character, ' ' space, '\\n' break."""
    out, word = [], []
    for c in text:
        if c == "\n":
            unit = ("\n", "")
        elif c.isspace():
            unit = (" ", " ")
        elif breaks_anywhere(c):
            unit = ("c", c)
        else:
            word.append(c)
            continue
        if word:
            out.append(("w", "".join(word)))
            word = []
        out.append(unit)
    if word:
        out.append(("w", "".join(word)))
    return out


def no_start(unit):
    return bool(unit[1]) and unit[0] in "wc" and unit[1][0] in NO_LINE_START


def no_end(unit):
    return bool(unit[1]) and unit[0] in "wc" and unit[1][-1] in NO_LINE_END


def wrap(text, size, limit):
    done, current, cur_w = [], [], 0.0

    def push(unit, w):
        nonlocal cur_w
        if unit[0] == " " and not current:
            return
        cur_w += w
        current.append((unit, w))

    def end_line():
        nonlocal cur_w
        while current and current[-1][0][0] == " ":
            current.pop()
        done.append("".join(u[1] for u, _ in current))
        current.clear()
        cur_w = 0.0

    for unit in units(text):
        if unit[0] == "\n":
            end_line()
            continue
        w = width_pt(unit[1], size)
        if cur_w + w <= limit or unit[0] == " ":
            push(unit, w)
            continue
        if any(u[0] != " " for u, _ in current):
            # Kinsoku: carry the last unit along rather than start a line with closing
            # punctuation or end one with opening punctuation.
            content = sum(1 for u, _ in current if u[0] != " ")
            carried = None
            if (no_start(unit) or (current and no_end(current[-1][0]))) and content >= 2:
                last, last_w = current.pop()
                if last[0] != " " and last_w + w <= limit:
                    cur_w -= last_w
                    carried = (last, last_w)
                else:
                    current.append((last, last_w))
            end_line()
            if carried:
                push(*carried)
        if unit[0] == "w" and cur_w + w > limit:
            piece = ""
            for c in unit[1]:
                if piece and width_pt(piece + c, size) > limit:
                    push(("w", piece), width_pt(piece, size))
                    end_line()
                    piece = c
                else:
                    piece += c
            if piece:
                push(("w", piece), width_pt(piece, size))
        else:
            push(unit, w)
    end_line()
    return done


# ---- text boxes: the same fitting as engine.rs ----


def stroke_pt(size, bold):
    return BOLD_STROKE_EM * size if bold else 0.0


def width_mm(text, size, bold):
    return (width_pt(text, size) + stroke_pt(size, bold)) / PT_PER_MM


def wrap_mm(text, size, bold, limit_mm):
    return wrap(text, size, max(limit_mm * PT_PER_MM - stroke_pt(size, bold), 0.0))


def line_height_mm(size):
    return size * LINE_HEIGHT_EM / PT_PER_MM


def balanced(text, size, bold, limit_mm, lines):
    """As many lines, as even as the words allow (bisection on the width)."""
    if len(lines) < 2 or "\n" in text:
        return lines
    count = len(lines)
    low, high, best = limit_mm / count, limit_mm, lines
    for _ in range(12):
        mid = (low + high) / 2.0
        candidate = wrap_mm(text, size, bold, mid)
        if len(candidate) <= count:
            high, best = mid, candidate
        else:
            low = mid
    return best


class Badges:
    def __init__(self, out, title, qr_as_path=False):
        self.qr_as_path = qr_as_path
        self.ascent, self.descent = hhea_metrics(FONT_PATH, 0)
        self.c = Canvas(out, pagesize=(A4[0] * PT_PER_MM, A4[1] * PT_PER_MM), pageCompression=1)
        self.c.setTitle(title)
        self.logo = ImageReader(LOGO_PATH)
        lw, lh = self.logo.getSize()
        self.logo_aspect = lh / lw

    def baseline_offset_mm(self, size):
        glyph = (self.ascent + self.descent) * size
        return ((size * LINE_HEIGHT_EM - glyph) / 2.0 + self.ascent * size) / PT_PER_MM

    def put_line(self, x_mm, top_mm, text, size, bold, colour):
        if not text:
            return
        c = self.c
        baseline = top_mm + self.baseline_offset_mm(size)
        c.setFont(FONT, size)
        c.setFillColorRGB(*colour)
        if bold:
            c.setStrokeColorRGB(*colour)
            c.setLineWidth(BOLD_STROKE_EM * size)
            c.drawString(x_mm * PT_PER_MM, (A4[1] - baseline) * PT_PER_MM, text, mode=2)
        else:
            c.drawString(x_mm * PT_PER_MM, (A4[1] - baseline) * PT_PER_MM, text)

    def text_box(self, text, box, size, bold=False, align="left", colour=BLACK, shrink=False):
        x, y, w, h = box
        if shrink:
            natural = max(width_mm(line, size, bold) for line in text.split("\n"))
            if natural > w and natural > 0.0:
                size = max(int(size * w / natural * 10.0) / 10.0, MIN_SHRINK_PT)
        lines = wrap_mm(text, size, bold, w)
        while len(lines) * line_height_mm(size) > h and size > MIN_SHRINK_PT:
            size = max(size - 0.5, MIN_SHRINK_PT)
            lines = wrap_mm(text, size, bold, w)
        lines = balanced(text, size, bold, w, lines)
        lh = line_height_mm(size)
        top = y + max(h - len(lines) * lh, 0.0) / 2.0
        for line in lines:
            lw = width_mm(line, size, bold)
            left = {"left": x, "center": x + (w - lw) / 2.0, "right": x + w - lw}[align]
            self.put_line(left, top, line, size, bold, colour)
            top += lh

    def line(self, x1, y1, x2, y2, width, colour):
        c = self.c
        c.setStrokeColorRGB(*colour)
        c.setLineWidth(width)
        c.line(x1 * PT_PER_MM, (A4[1] - y1) * PT_PER_MM, x2 * PT_PER_MM, (A4[1] - y2) * PT_PER_MM)

    def cutting_marks(self, x, y):
        r, b = x + BADGE[0], y + BADGE[1]
        near, far = MARK_OFFSET_MM, MARK_OFFSET_MM + MARK_LENGTH_MM
        for cx, cy, sx, sy in ((x, y, -1, -1), (r, y, 1, -1), (x, b, -1, 1), (r, b, 1, 1)):
            self.line(cx + sx * near, cy, cx + sx * far, cy, 0.4, MARK)
            self.line(cx, cy + sy * near, cx, cy + sy * far, 0.4, MARK)

    def qr(self, token, x_mm, y_mm, size_mm):
        size = size_mm * PT_PER_MM
        if self.qr_as_path:
            self.qr_path(token, x_mm * PT_PER_MM, (A4[1] - y_mm) * PT_PER_MM, size)
            return
        widget = QrCodeWidget(token, barLevel="Q", barBorder=4, barWidth=size, barHeight=size)
        drawing = Drawing(size, size)
        drawing.add(widget)
        renderPDF.draw(drawing, self.c, x_mm * PT_PER_MM, (A4[1] - y_mm - size_mm) * PT_PER_MM)

    def qr_path(self, token, left, top, size):
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.Q)
        code.addData(token)
        code.make()
        count = code.getModuleCount()
        module = size / (count + 8)
        path = self.c.beginPath()
        for r, row in enumerate(code.modules):
            col = 0
            for dark, run in itertools.groupby(row):
                n = len(list(run))
                if dark:
                    path.rect(left + (col + 4) * module, top - (r + 5) * module,
                              n * module, module)
                col += n
        self.c.setFillColorRGB(0, 0, 0)
        self.c.drawPath(path, stroke=0, fill=1)

    def badge(self, x, y, a, association, meeting_title):
        c = self.c
        w = BADGE[0]

        def area(left, top, width, height):
            return (x + left, y + top, width, height)

        logo_h = 10.0 * self.logo_aspect
        c.drawImage(
            self.logo,
            (x + 5.0) * PT_PER_MM,
            (A4[1] - y - 4.5 - logo_h) * PT_PER_MM,
            10.0 * PT_PER_MM,
            logo_h * PT_PER_MM,
            mask="auto",
        )
        name_left = 17.0
        self.text_box(
            association, area(name_left, 4.5, w - name_left - 5.0, 10.0), 11.0,
            bold=True, colour=INK, shrink=True,
        )
        self.text_box(meeting_title, area(6.0, 17.0, w - 12.0, 12.0), 10.5, align="center")
        c.setFillColorRGB(*BAND[a["category"]])
        c.rect(x * PT_PER_MM, (A4[1] - y - 31.0 - 17.0) * PT_PER_MM, w * PT_PER_MM,
               17.0 * PT_PER_MM, stroke=0, fill=1)
        self.text_box(
            " ".join(CREDENTIAL[a["category"]]), area(4.0, 31.0, w - 8.0, 17.0), 26.0,
            bold=True, align="center", colour=WHITE, shrink=True,
        )
        self.text_box(a["name"], area(5.0, 52.0, w - 10.0, 18.0), 34.0,
                      bold=True, align="center", shrink=True)
        unit = (a.get("unit") or "").strip()
        if unit:
            self.text_box(a["unit"], area(6.0, 71.0, w - 12.0, 11.5), 11.0, align="center")
        seat = (a.get("seat") or "").strip()
        if seat:
            self.text_box("座位：" + a["seat"], area(6.0, 83.5, w - 12.0, 6.0), 10.5,
                          align="center", colour=GREY, shrink=True)
        token = a["badge_token"]
        self.qr(token, x + (w - QR_MM) / 2.0, y + 91.5, QR_MM)
        spaced = " ".join(token[i : i + 4] for i in range(0, len(token), 4))
        self.text_box(spaced, area(6.0, 117.5, w - 12.0, 4.5), 8.0,
                      align="center", colour=GREY, shrink=True)

    def page_number(self, page, total):
        text = "第 %d 页 共 %d 页" % (page, total)
        left, right = FOOTER_MARGIN_MM, A4[0] - FOOTER_MARGIN_MM
        x = (left + right - width_mm(text, 9.0, False)) / 2.0
        self.put_line(x, A4[1] - FOOTER_MARGIN_MM + 6.0, text, 9.0, False, GREY)


def sheet_origins():
    left = (A4[0] - 2.0 * BADGE[0] - GAP_MM) / 2.0
    top = (A4[1] - 2.0 * BADGE[1] - GAP_MM) / 2.0 - 4.0
    dx, dy = BADGE[0] + GAP_MM, BADGE[1] + GAP_MM
    return [(left, top), (left + dx, top), (left, top + dy), (left + dx, top + dy)]


def main():
    source, out = sys.argv[1], sys.argv[2]
    qr_as_path = sys.argv[3:5] == ["--qr", "path"]
    t_import = time.perf_counter()
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    t_font = time.perf_counter()
    with open(source, encoding="utf-8") as f:
        data = json.load(f)
    association, title = data["association_name"], data["meeting_title"]
    attendees = data["attendees"]
    doc = Badges(out, title + " 胸卡", qr_as_path)
    origins = sheet_origins()
    total = (len(attendees) + len(origins) - 1) // len(origins)
    for index, attendee in enumerate(attendees):
        slot = index % len(origins)
        x, y = origins[slot]
        doc.cutting_marks(x, y)
        doc.badge(x, y, attendee, association, title)
        if slot == len(origins) - 1 or index == len(attendees) - 1:
            doc.page_number(index // len(origins) + 1, total)
            doc.c.showPage()
    t_layout = time.perf_counter()
    doc.c.save()
    t_save = time.perf_counter()
    print(json.dumps({
        "path": out,
        "qr": "path" if qr_as_path else "widget",
        "pages": total,
        "bytes": os.path.getsize(out),
        "import_s": round(t_import - T0, 4),
        "font_s": round(t_font - t_import, 4),
        "draw_s": round(t_layout - t_font, 4),
        "save_s": round(t_save - t_layout, 4),
    }))


if __name__ == "__main__":
    main()
