"""Signing a Biên bản (Mẫu 1.9), whose signatures stand in columns under the text: THƯ KÝ left,
CHỦ TỌA right, further signers two per row, Nơi nhận under the Thư ký. Each signer signs in
their own column's field; every later signature keeps the earlier ones valid (pyHanko's
difference analysis); issuing fills the number (the layout has no date line) and the seal
covers the chair's signature (Phụ lục III, Mẫu 1.9, note 5)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import vanban as vb
from vanban.errors import SigningError
from vanban.ky_so.ky import SEAL_FIELD, Key, issuable, issue, prepare, sign, signer_field
from vanban.ky_so.verify import verify
from vanban.ky_so.vi_tri import blanks, signature_place, signature_places
from vanban.models.mau_1_9 import BienBan
from vanban.pdf import PdfConverter

from ..conftest import EXAMPLES
from .conftest import BIEN_BAN, BODY, PASSWORD, SIGNER_NAME, Chain
from .images import seal_png, signature_png


def _keys(chain: Chain) -> tuple[Key, Key]:
    return Key.pkcs12(chain.signer.p12, PASSWORD), Key.pkcs12(chain.body.p12, PASSWORD)


def test_every_column_has_its_place(bien_ban: dict[str, tuple[BienBan, bytes]]) -> None:
    for document, pdf in bien_ban.values():
        places = signature_places(pdf)
        assert [
            ([line.text.strip() for line in p.titles], p.name.text.strip()) for p in places
        ] == [(column["dong"], column["ho_ten"]) for column in document.cot_chu_ky()]
        assert all(place.rect.height > 40 for place in places)
    thu_ky, chu_toa, third = signature_places(bien_ban["ba"][1])
    # THƯ KÝ on the left, CHỦ TỌA on the right, level; the third centred under them.
    assert thu_ky.rect.x1 < chu_toa.rect.x0 and thu_ky.rect.y0 == chu_toa.rect.y0
    assert third.rect.y1 < thu_ky.rect.y0
    table_centre = (thu_ky.rect.x0 + chu_toa.rect.x1) / 2
    assert (third.rect.x0 + third.rect.x1) / 2 == pytest.approx(table_centre, abs=40)
    # The number's blank only: Mẫu 1.9 prints no date line.
    assert [blank.kind for blank in blanks(bien_ban["ba"][1])] == ["so"]


def test_a_column_is_chosen_by_index_or_title(bien_ban: dict[str, tuple[BienBan, bytes]]) -> None:
    pdf = bien_ban["ba"][1]
    assert signature_place(pdf, "thư ký").title == "THƯ KÝ"
    assert signature_place(pdf, 1).title == "CHỦ TỌA"
    assert signature_place(pdf, "Đại diện Hội Nông dân xã").name.text.strip() == "Người ký thứ ba"
    with pytest.raises(
        SigningError,
        match=r"the PDF has 3 signature columns \('THƯ KÝ', 'CHỦ TỌA', 'ĐẠI DIỆN HỘI NÔNG DÂN "
        r"XÃ CHỦ TỊCH'\); say which one signs",
    ):
        signature_place(pdf)
    with pytest.raises(SigningError, match=r"cot: 3 — the PDF has 3 signature column"):
        signature_place(pdf, 3)
    with pytest.raises(SigningError, match=r"cot: 'KẾ TOÁN' — no signature column has that title"):
        signature_place(pdf, "KẾ TOÁN")


def test_both_columns_signed_then_issued(
    bien_ban: dict[str, tuple[BienBan, bytes]], chain: Chain
) -> None:
    signer, body = _keys(chain)
    pdf = bien_ban["hai"][1]
    with pytest.raises(SigningError, match="say which one signs"):
        sign(pdf, signer)
    first = sign(pdf, signer, hinh_chu_ky=signature_png(), cot="THƯ KÝ")
    with pytest.raises(SigningError, match=r"'vb_chu_ky_2': not every signer has signed yet"):
        issue(first, body, so=21)
    with pytest.raises(SigningError, match="signed already in the column 'THƯ KÝ'"):
        sign(first, signer, cot=0)
    both = sign(first, signer, hinh_chu_ky=signature_png(), cot="CHỦ TỌA")
    assert both.startswith(first)  # incremental
    reports = verify(both, trust=[chain.root_pem])
    assert [(r.field, r.certifying, r.modification, r.ok) for r in reports] == [
        (signer_field(0), True, "FORM_FILLING", True),  # the second signature: allowed
        (signer_field(1), False, "NONE", True),
    ]
    assert issuable(both) == frozenset({"so"})
    with pytest.raises(SigningError, match="ngay: 2022-12-28 — the PDF has no date line to fill"):
        issue(both, body, so=21, ngay=date(2022, 12, 28))
    with pytest.raises(SigningError, match="so: the PDF is a draft with a blank for its number"):
        issue(both, body)
    issued = issue(both, body, so=21, hinh_dau=seal_png(), duong_kinh_mm=36)
    reports = verify(issued, trust=[chain.root_pem])
    assert [(r.field, r.signer, r.modification, r.ok) for r in reports] == [
        ("vb_chu_ky", SIGNER_NAME, "FORM_FILLING", True),
        ("vb_chu_ky_2", SIGNER_NAME, "FORM_FILLING", True),
        (SEAL_FIELD, BODY, "NONE", True),
    ]
    fields = PdfReader(io.BytesIO(issued)).get_fields() or {}
    assert {name: field.get("/V") for name, field in fields.items() if "so" in name} == {
        "vb_so": "21"
    }
    with pytest.raises(SigningError, match="issued already"):
        sign(issued, signer, cot="THƯ KÝ")


def test_the_seal_covers_the_chairs_signature(bien_ban: dict[str, tuple[BienBan, bytes]]) -> None:
    pdf = bien_ban["hai"][1]
    prepared = prepare(pdf)
    page = PdfReader(io.BytesIO(prepared)).pages[signature_place(pdf, "CHỦ TỌA").page]
    rects = {
        str(annot.get_object()["/T"]): [float(v) for v in annot.get_object()["/Rect"]]
        for annot in page["/Annots"]
    }
    chair, seal = rects[signer_field(1)], rects[SEAL_FIELD]
    # The seal's field ends a third into the chair's signature (Phụ lục I, mục II.8.a).
    assert seal[2] == pytest.approx(chair[0] + (chair[2] - chair[0]) / 3, abs=1)
    assert seal[1] < chair[1] and chair[3] < seal[3]


def test_three_signers_in_any_order(
    bien_ban: dict[str, tuple[BienBan, bytes]], chain: Chain
) -> None:
    signer, body = _keys(chain)
    signed = bien_ban["ba"][1]
    for column in ("CHỦ TỌA", 0, "đại diện hội nông dân xã"):  # the chair first, certifying
        signed = sign(signed, signer, hinh_chu_ky=signature_png(), cot=column)
    issued = issue(signed, body, so=3)
    reports = verify(issued, trust=[chain.root_pem])
    assert [(r.field, r.certifying, r.modification, r.ok) for r in reports] == [
        ("vb_chu_ky_2", True, "FORM_FILLING", True),
        ("vb_chu_ky", False, "FORM_FILLING", True),
        ("vb_chu_ky_3", False, "FORM_FILLING", True),
        (SEAL_FIELD, False, "NONE", True),
    ]
    values = {k: v.get("/V") for k, v in (PdfReader(io.BytesIO(issued)).get_fields() or {}).items()}
    assert values["vb_so"] == "03"  # two digits below 10 (Phụ lục I, mục II.3.a)


def test_columns_that_run_over_a_page(converter: PdfConverter, tmp_path: Path) -> None:
    """Rows of signatures are never split, but the table of them may run over a page: the
    columns are found on both pages, in reading order."""
    data = yaml.safe_load((EXAMPLES / f"{BIEN_BAN}.yaml").read_text(encoding="utf-8"))
    draft = {k: v for k, v in data.items() if k not in ("so", "ngay")}
    extra = [{"tieu_de": f"Đại diện thôn {n}", "ho_ten": f"Người ký {n}"} for n in range(1, 13)]
    document = vb.from_dict({**draft, "cot_ky": extra})
    assert isinstance(document, BienBan)
    pdf = converter.convert(vb.render(document).save(tmp_path / "bb.docx")).read_bytes()
    places = signature_places(pdf)
    assert [(p.title, p.name.text.strip()) for p in places] == [
        (column["dong"][0], column["ho_ten"]) for column in document.cot_chu_ky()
    ]
    pages = [place.page for place in places]
    assert len(set(pages)) == 2 and pages == sorted(pages)
