"""The signed and issued page as an image (poppler's pdftoppm at 72 dpi: one pixel per point):
the blue signature sits between the title lines and the name, the red seal at its real size
covers the left third of the signature (NĐ 30/2020, Phụ lục I, mục II.7.d, II.8.a). And a change
to the page after signing is reported as one the signature does not allow."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.stamp import TextStamp, TextStampStyle
from pypdf import PdfReader

from vanban.ky_so.ky import SIGNER_FIELD, Key, issue, sign, signer_field
from vanban.ky_so.verify import verify
from vanban.ky_so.vi_tri import signature_place, signature_places
from vanban.models.mau_1_9 import BienBan
from vanban.typeset.page import mm_to_pt

from .conftest import CONG_VAN, PASSWORD, QUYET_DINH, Chain
from .images import seal_png, signature_png

DIAMETER_MM = 36.0


def _page_image(pdf: bytes, folder: Path, page: int = 1) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not found: the page is not rendered to an image")
    source = folder / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-f",
            str(page),
            "-l",
            str(page),
            "-png",
            str(source),
            str(folder / "page"),
        ],
        check=True,
        timeout=120,
    )
    (made,) = folder.glob("page*.png")
    return Image.open(made).convert("RGB")


def _bbox(
    image: Image.Image, wanted: str, within: tuple[int, int, int, int] | None = None
) -> tuple[int, int, int, int]:
    """The bounding box (left, top, right, bottom; pixels from the top left) of the blue or red
    pixels, of those ``within`` a box when given."""
    mask = Image.new("1", image.size)
    pixels, marks = image.load(), mask.load()
    assert pixels is not None and marks is not None
    for y in range(image.height):
        for x in range(image.width):
            r, g, b = pixels[x, y]  # type: ignore[misc]
            blue = b > 120 and r < 90 and g < 90
            red = r > 150 and g < 90 and b < 90
            inside = within is None or (within[0] <= x < within[2] and within[1] <= y < within[3])
            marks[x, y] = inside and (blue if wanted == "blue" else red)
    box = mask.getbbox()
    assert box is not None, f"no {wanted} pixels on the page"
    return box


@pytest.mark.parametrize("name", [QUYET_DINH, CONG_VAN])
def test_images_sit_where_the_decree_says(
    drafts: dict[str, bytes], chain: Chain, tmp_path: Path, name: str
) -> None:
    place = signature_place(drafts[name])
    signed = sign(drafts[name], Key.pkcs12(chain.signer.p12, PASSWORD), hinh_chu_ky=signature_png())
    issued = issue(
        signed,
        Key.pkcs12(chain.body.p12, PASSWORD),
        so=7,
        ngay=date(2022, 2, 10),
        hinh_dau=seal_png(),
        duong_kinh_mm=DIAMETER_MM,
    )
    image = _page_image(issued, tmp_path)
    height = image.height
    left, top, right, bottom = _bbox(image, "blue")
    # Between the last title line and the name, within the signature's room.
    assert place.rect.y0 - 1 <= height - bottom and height - top <= place.rect.y1 + 1
    assert place.rect.x0 - 1 <= left < right <= place.rect.x1 + 1
    assert (left + right) / 2 == pytest.approx((place.rect.x0 + place.rect.x1) / 2, abs=3)

    field = next(
        annot.get_object()
        for annot in PdfReader(io.BytesIO(issued)).pages[0]["/Annots"]
        if annot.get_object().get("/T") == SIGNER_FIELD
    )
    sx0, _, sx1, _ = (float(v) for v in field["/Rect"])
    red_left, red_top, red_right, red_bottom = _bbox(image, "red")
    # The seal's ring is 392/400 of its image (tests/ky_so/images.py): its real diameter.
    drawn = mm_to_pt(DIAMETER_MM) * 392 / 400
    assert red_right - red_left == pytest.approx(drawn, abs=2)
    assert red_bottom - red_top == pytest.approx(drawn, abs=2)
    # Its right edge a third into the signature image, over its left third.
    edge = sx0 + (sx1 - sx0) / 3 - mm_to_pt(DIAMETER_MM) * 4 / 400
    assert red_right == pytest.approx(edge, abs=2)
    assert red_left < sx0 < red_right


def test_new_page_content_after_signing_is_not_allowed(
    drafts: dict[str, bytes], chain: Chain
) -> None:
    signed = sign(drafts[CONG_VAN], Key.pkcs12(chain.signer.p12, PASSWORD))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    TextStamp(writer, style=TextStampStyle(stamp_text="ĐÃ SỬA")).apply(0, 100, 100)
    out = io.BytesIO()
    writer.write(out)
    (report,) = verify(out.getvalue(), trust=[chain.root_pem])
    assert report.intact and report.valid and report.trusted  # the signed bytes are unchanged
    assert report.modification == "OTHER" and not report.changes_allowed and not report.ok


def test_a_bien_ban_signed_in_its_columns(
    bien_ban: dict[str, tuple[BienBan, bytes]], chain: Chain, tmp_path: Path
) -> None:
    """Each signature between its column's title and name, the seal over the left third of the
    chair's (Mẫu 1.9, note 5)."""
    pdf = bien_ban["hai"][1]
    places = signature_places(pdf)
    signed = pdf
    for column in ("THƯ KÝ", "CHỦ TỌA"):
        key = Key.pkcs12(chain.signer.p12, PASSWORD)
        signed = sign(signed, key, hinh_chu_ky=signature_png(), cot=column)
    issued = issue(
        signed,
        Key.pkcs12(chain.body.p12, PASSWORD),
        so=21,
        hinh_dau=seal_png(),
        duong_kinh_mm=DIAMETER_MM,
    )
    assert {place.page for place in places} == {1}  # the example's signatures: on page 2
    image = _page_image(issued, tmp_path, page=2)
    height = image.height
    for place in places:
        room = place.rect
        # The blue pixels within the column's band (left of the table's middle or right of it).
        band = (
            int(room.x0) - 30,
            int(height - room.y1) - 30,
            int(room.x1) + 30,
            int(height - room.y0) + 30,
        )
        left, top, right, bottom = _bbox(image, "blue", band)
        assert room.y0 - 1 <= height - bottom and height - top <= room.y1 + 1
        assert room.x0 - 1 <= left < right <= room.x1 + 1
        assert (left + right) / 2 == pytest.approx((room.x0 + room.x1) / 2, abs=3)
    field = next(
        annot.get_object()
        for annot in PdfReader(io.BytesIO(issued)).pages[1]["/Annots"]
        if annot.get_object().get("/T") == signer_field(1)
    )
    sx0, _, sx1, _ = (float(v) for v in field["/Rect"])
    red_left, _, red_right, _ = _bbox(image, "red")
    edge = sx0 + (sx1 - sx0) / 3 - mm_to_pt(DIAMETER_MM) * 4 / 400
    assert red_right == pytest.approx(edge, abs=2)  # over the chair's left third
    assert red_left < sx0 < red_right
    assert red_left > places[0].rect.x1  # not over the Thư ký's signature
