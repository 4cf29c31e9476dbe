"""vanban.ky_so.font: Times New Roman (or Liberation Serif) embedded as a subset, its widths in
the PDF's thousandths of an em, and a clear error where neither font is installed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from vanban.ky_so.hop import FONT_NAME, stamp


def _blank() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595.28, 841.89)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_widths_are_in_thousandths_of_an_em(times: Path) -> None:
    """The /W table gives each glyph's advance in 1/1000 em (ISO 32000-1, 9.7.4.3): a space and a
    digit of Times New Roman are 250 and 500 wide, whatever the font file's units per em (2048)."""
    pdf = stamp(_blank(), "0 1")
    font = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"][FONT_NAME].get_object()
    cid = font["/DescendantFonts"][0].get_object()
    widths = [float(w) for group in cid["/W"][1::2] for w in group]
    assert sorted(widths) == [250, 500, 500]
    descriptor = cid["/FontDescriptor"].get_object()
    assert 850 <= float(descriptor["/Ascent"]) <= 900  # Times: 891 of 1000


def test_the_text_reads_back(times: Path) -> None:
    text = "Số: 12/QĐ-UBND; 29/01/2022; 09:15:02 +07:00 — Ủy ban nhân dân xã Gia Lương"
    pdf = stamp(_blank(), text)
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text() == text


def test_no_font_is_a_clear_error(tmp_path: Path) -> None:
    """Where fontconfig has neither Times New Roman nor Liberation Serif, the error says what to
    install; the command shows it in one line, no traceback."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    pdf = tmp_path / "blank.pdf"
    pdf.write_bytes(_blank())
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    done = subprocess.run(
        [sys.executable, "-m", "vanban", "sign", str(pdf), "-o", str(tmp_path / "out.pdf"),
         "--key", str(tmp_path / "none.p12"), "--copy", "sao-y", "--copier", "UBND xã"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    message = (
        "no Times New Roman to embed (fontconfig gives ''); the text vanban writes on a PDF is "
        "set in it (NĐ 30/2020, Phụ lục I): install Times New Roman (Debian/Ubuntu: apt-get "
        "install ttf-mscorefonts-installer, or copy the Windows fonts to ~/.fonts) or its "
        "metric twin Liberation Serif (apt-get install fonts-liberation2)"
    )
    assert (done.returncode, done.stderr) == (2, f"vanban: {message}\n")
    assert not (tmp_path / "out.pdf").exists()
    code = "from vanban.ky_so.font import font_file; font_file()"
    checked = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert checked.returncode == 1
    assert checked.stderr.strip().splitlines()[-1] == f"vanban.errors.SigningError: {message}"
