"""Dates, tone marks, sorting and citations (vanban.text), and the same as template filters."""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from datetime import date, datetime, time
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.batching import batch
from vanban.text.dau import TONES

# --- dates ----------------------------------------------------------------------------------------


def test_date_phrasings() -> None:
    d = date(2022, 1, 29)
    assert vb.ngay_ngan(d) == "29/01/2022"
    assert vb.ngay_ngan(d, chu_ngay=True) == "ngày 29/01/2022"
    assert vb.ngay_ngan(date(2022, 3, 4)) == "04/3/2022"
    assert (
        vb.khoang_ngay(date(2021, 12, 15), date(2022, 3, 14))
        == "từ ngày 15/12/2021 đến ngày 14/3/2022"
    )
    assert vb.khoang_ngay(date(2021, 12, 15), date(2022, 3, 14), dai=True) == (
        "từ ngày 15 tháng 12 năm 2021 đến ngày 14 tháng 3 năm 2022"
    )
    assert vb.thang_nam(d) == "tháng 01 năm 2022"
    assert vb.thang_nam(date(2022, 6, 1), ngan=True) == "tháng 6/2022"
    assert vb.gio_phut(time(14, 30)) == "14 giờ 30 phút"
    assert vb.gio_phut(datetime(2022, 1, 29, 8, 5)) == "8 giờ 05 phút"
    assert (
        vb.dia_danh_ngay_thang("Phường 12", date(2019, 6, 29))
        == "Phường 12, ngày 29 tháng 6 năm 2019"
    )


def test_weekdays() -> None:
    week = [
        vb.thu(date(2026, 11, 23) + (date(2026, 1, 2) - date(2026, 1, 1)) * i) for i in range(7)
    ]
    assert week == ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
    assert vb.thu(date(2022, 1, 29), viet_hoa_dau=True) == "Thứ Bảy"
    assert vb.thu(datetime(2026, 11, 26, 23, 59)) == "thứ Năm"


def test_date_errors() -> None:
    with pytest.raises(ValueError, match="starts on 2022-03-14, after it ends on 2021-12-15"):
        vb.khoang_ngay(date(2022, 3, 14), date(2021, 12, 15))
    with pytest.raises(TypeError, match="ngay_ngan expects a date"):
        vb.ngay_ngan(29012022)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="gio_phut expects a time"):
        vb.gio_phut(1430)  # type: ignore[arg-type]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_short_date_follows_the_zero_rule(d: date) -> None:
    day, month, year = vb.ngay_ngan(d).split("/")
    assert (day, month, year) == (
        f"{d.day:02d}",
        f"{d.month:02d}" if d.month <= 2 else str(d.month),
        str(d.year),
    )


# --- tone marks ------------------------------------------------------------------------------------

# Every rhyme (vần) of Vietnamese, the vowel that takes the tone in capitals (placement "moi").
RHYMES = """
A E Ê I O Ô Ơ U Ư Y Ai Ao Au Ay Âu Ây Eo Êu Ia Iu Oi Ôi Ơi Ua Ui Ưa Ưi Ưu Oa Oe Uy uÊ uƠ
iÊu yÊu oAi oAy oEo uÂy uÔi ƯƠi ƯƠu uYa uYu
Ac Ach Am An Ang Anh Ap At Ăc Ăm Ăn Ăng Ăp Ăt Âc Âm Ân Âng Âp Ât Ec Em En Eng Ep Et
Êch Êm Ên Ênh Êp Êt Ich Im In Inh Ip It Oc Om On Ong Op Ot Ôc Ôm Ôn Ông Ôp Ôt Ơm Ơn Ơp Ơt
Uc Um Un Ung Up Ut Ưc Ưng Ưt iÊc iÊm iÊn iÊng iÊp iÊt yÊm yÊn yÊt oAc oAch oAm oAn oAng
oAnh oAp oAt oĂc oĂm oĂn oĂng oĂt oEn oEt uÂn uÂng uÂt uÊch uÊnh uÔc uÔm uÔn uÔng uÔt
ưƠc ưƠm ưƠn ưƠng ưƠp ưƠt uYch uYnh uYt uyÊn uyÊt
""".replace("ưƠ", "ƯƠ").split()
INITIALS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
            "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
OPEN_DIFFERING = {"oa", "oe", "uy"}


def _syllables() -> list[tuple[str, int, int]]:
    """(toneless syllable, index of the tone vowel in "moi", in "cu") for every initial x rhyme."""
    out = []
    for marked in RHYMES:
        rhyme = marked.lower()
        capitals = [i for i, ch in enumerate(marked) if ch.isupper()]
        new = capitals[-1] if "ƯƠ" in marked else capitals[0]
        old = new + 1 if rhyme in OPEN_DIFFERING else new
        for initial in INITIALS:
            if initial == "qu" and rhyme[0] in "uo":
                continue  # qu + u/o glide is written without it (quy, qua)
            if initial == "gi" and rhyme[0] in "iy":
                continue  # gi + i is written "gi" (gì is g + i)
            if initial == "g" and rhyme[0] in "ieê" and len(rhyme) > 1:
                continue  # g before i, e, ê is written gh; "gia" is gi + a
            out.append((initial + rhyme, len(initial) + new, len(initial) + old))
    return out


SYLLABLES = _syllables()


def _tone_at(syllable: str) -> list[int]:
    return [
        i for i, ch in enumerate(syllable) if set(unicodedata.normalize("NFD", ch)) & set(TONES)
    ]


def _with_tone(bare: str, index: int, tone: str) -> str:
    return unicodedata.normalize(
        "NFC", bare[:index] + unicodedata.normalize("NFD", bare[index]) + tone + bare[index + 1 :]
    )


def test_every_syllable_and_tone() -> None:
    assert len(SYLLABLES) > 3000
    for bare, new, old in SYLLABLES:
        for tone in TONES:
            for wrong in range(len(bare)):  # wherever the tone was typed on the syllable
                if unicodedata.normalize("NFD", bare[wrong])[0] not in "aăâeêioôơuưy":
                    continue
                typed = _with_tone(bare, wrong, tone)
                moi, cu = vb.chuan_dau(typed), vb.chuan_dau(typed, "cu")
                assert _tone_at(moi) == [new], (typed, moi)
                assert _tone_at(cu) == [old], (typed, cu)
                assert vb.bo_dau(moi) == bare == vb.bo_dau(cu)
                assert vb.chuan_dau(vb.viet_hoa(typed)) == vb.viet_hoa(moi)


@pytest.mark.parametrize(
    ("typed", "moi", "cu"),
    [
        ("Huyện uỷ", "Huyện ủy", "Huyện uỷ"),
        ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"),
        ("CỘNG HOÀ", "CỘNG HÒA", "CỘNG HOÀ"),
        ("hòan thành", "hoàn thành", "hoàn thành"),
        ("qúy", "quý", "quý"),
        ("gía", "giá", "giá"),
        ("gì", "gì", "gì"),
        ("người", "người", "người"),
        ("khoẻ mạnh", "khỏe mạnh", "khoẻ mạnh"),
        ("Thuỵ Điển", "Thụy Điển", "Thuỵ Điển"),
        ("TCVN ISO 9001:2015", "TCVN ISO 9001:2015", "TCVN ISO 9001:2015"),
    ],
)
def test_chuan_dau_golden(typed: str, moi: str, cu: str) -> None:
    assert vb.chuan_dau(typed) == moi
    assert vb.chuan_dau(typed, "cu") == cu


def test_chuan_dau_nfd_and_stray_marks() -> None:
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Hòa Bình")
    assert vb.chuan_dau(nfd) == "Ủy ban nhân dân xã Hòa Bình"
    assert unicodedata.is_normalized("NFC", vb.chuan_dau(nfd))
    twice = "ha\u0300\u0301"  # two tones on one syllable: left as typed (NFC), nothing dropped
    assert vb.chuan_dau(twice) == unicodedata.normalize("NFC", twice)
    with pytest.raises(ValueError, match="valid styles"):
        vb.chuan_dau("hoà", "khac")  # type: ignore[arg-type]


VIETNAMESE_TEXT = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐƠƯ ,.") + list(TONES)),
    max_size=40,
)


@given(VIETNAMESE_TEXT)
def test_chuan_dau_is_idempotent_and_keeps_letters(text: str) -> None:
    once = vb.chuan_dau(text)
    assert vb.chuan_dau(once) == once
    assert vb.chuan_dau(vb.chuan_dau(text, "cu")) == once
    assert unicodedata.is_normalized("NFC", once)
    letters = sorted(unicodedata.normalize("NFD", text))
    assert sorted(unicodedata.normalize("NFD", once)) == letters


# --- sorting ----------------------------------------------------------------------------------------


def test_vietnamese_order() -> None:
    names = [
        "Đào",
        "Dũng",
        "Ánh",
        "An",
        "ăn",
        "ân",
        "Bình",
        "Ưng",
        "Uy",
        "Ơn",
        "Ông",
        "Ong",
        "a",
        "à",
        "á",
        "ả",
        "ã",
        "ạ",
    ]
    assert sorted(names, key=vb.khoa_sap_xep) == [
        "a", "à", "ả", "ã", "á", "ạ", "An", "Ánh", "ăn", "ân", "Bình", "Dũng", "Đào",
        "Ong", "Ông", "Ơn", "Uy", "Ưng",
    ]  # fmt: skip
    recipients = ["UBND huyện", "Phòng Nội vụ huyện", "Đài Truyền thanh xã", "Công chức UBND xã"]
    assert sorted(recipients, key=vb.khoa_sap_xep) == [
        "Công chức UBND xã", "Đài Truyền thanh xã", "Phòng Nội vụ huyện", "UBND huyện",
    ]  # fmt: skip


# --- citations --------------------------------------------------------------------------------------

PLAN_CITATIONS = [
    ("Kế hoạch", "154/KH-UBND", date(2021, 12, 28), "UBND huyện Gia Lộc"),
    ("Nghị quyết", "18-NQ/TW", None, None),
    ("Nghị quyết", "19-NQ/TW", date(2017, 10, 25), "Ban Chấp hành Trung ương"),
    ("Nghị định", "108/2020/NĐ-CP", date(2020, 9, 14), "Chính phủ"),
    ("Nghị định", "62/2020/NĐ-CP", date(2020, 6, 1), "Chính phủ"),
    ("Nghị định", "106/2020/NĐ-CP", date(2020, 9, 15), "Chính phủ"),
    ("Nghị định", "143/2020/NĐ-CP", date(2020, 12, 10), "Chính phủ"),
    ("Nghị định", "62/2020/NĐ-CP", None, None),
    ("Nghị định", "106/2020/NĐ-CP", None, "Chính phủ"),
    ("Quyết định", "1847/QĐ-TTg", date(2018, 12, 27), "Thủ tướng Chính phủ"),
    ("Nghị định", "16/2015/NĐ-CP", date(2015, 2, 14), "Chính phủ"),
    ("Nghị định", "130/2005/NĐ-CP", date(2005, 10, 17), None),
    ("Nghị định", "117/2013/NĐ-CP", date(2013, 10, 7), "Chính phủ"),
    ("Nghị định", "130/2005/NĐ-CP", None, "Chính phủ"),
    ("Nghị định", "60/2021/NĐ-CP", date(2021, 6, 21), "Chính phủ"),
    ("Nghị định", "43/2011/NĐ-CP", date(2011, 6, 13), "Chính phủ"),
    ("Thông tư", "32/2017/TT-BTTTT", date(2017, 11, 15), "Bộ Thông tin và Truyền thông"),
]


def test_every_citation_of_the_reference_plan(ke_hoach: vb.KeHoach) -> None:
    text = "\n".join(p["dong"] for p in ke_hoach.context()["noi_dung"])
    found = vb.tim_trich_dan(text)
    assert [(c.loai, c.so_ky_hieu, c.ngay, c.co_quan) for c in found] == PLAN_CITATIONS
    assert len({c.so_ky_hieu for c in found}) == 14
    law = found[3]
    assert (law.so, law.nam, law.ky_hieu) == (108, 2020, "NĐ-CP")
    assert (found[0].so, found[0].nam, found[0].ky_hieu) == (154, None, "KH-UBND")
    assert (found[1].so, found[1].ky_hieu) == (18, "NQ/TW")


def test_citation_format_and_round_trip() -> None:
    plan = vb.TrichDan(
        "Kế hoạch", "154/KH-UBND", date(2021, 12, 28), "Ủy ban nhân dân huyện Gia Lộc"
    )
    assert str(plan) == "Kế hoạch số 154/KH-UBND ngày 28/12/2021 của Ủy ban nhân dân huyện Gia Lộc"
    decree = vb.TrichDan("Nghị định", "108/2020/NĐ-CP", date(2020, 9, 14), "Chính phủ")
    assert str(decree) == "Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ"
    assert (
        decree.viet(ngay_dai=True)
        == "Nghị định số 108/2020/NĐ-CP ngày 14 tháng 9 năm 2020 của Chính phủ"
    )
    assert decree.viet(lan_dau=False) == "Nghị định số 108/2020/NĐ-CP"
    for citation in (plan, decree):
        assert vb.tim_trich_dan(f"Thực hiện {citation} về cải cách hành chính;") == [citation]
        assert vb.tim_trich_dan(f"Căn cứ {citation.viet(ngay_dai=True)}.") == [citation]


def test_citation_leniency_and_errors() -> None:
    typed = "theo Nghị định số 108/2020/NĐ- CP, ngày 14/9/2020 của Chính phủ"
    assert vb.tim_trich_dan(typed)[0].so_ky_hieu == "108/2020/NĐ-CP"
    assert vb.tim_trich_dan("thông tư liên tịch số 5/2015/TTLT-BNV")[0].loai == "Thông tư liên tịch"
    with pytest.raises(
        ValueError,
        match=r"^'Kế hoạch số 1/KH-UBND ngày 31/02/2022': '31/02/2022': the day does not exist: "
        r"February 2022 has 28 days$",
    ):
        vb.tim_trich_dan("Kế hoạch số 1/KH-UBND ngày 31/02/2022")
    with pytest.raises(ValueError, match=r"'30/2/2021': the day does not exist"):
        vb.tim_trich_dan("Kế hoạch số 1/KH-UBND ngày 30 tháng 2 năm 2021")
    with pytest.raises(ValueError, match="not a number and code"):
        vb.TrichDan("Kế hoạch", "KH-UBND")
    assert vb.tim_trich_dan("Luật Ngân sách nhà nước năm 2015") == []


def test_two_citations_in_one_sentence_are_two() -> None:
    # issue 9, item 20: the first issuer's name swallowed the second citation.
    text = (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ và Kế hoạch số "
        "154/KH-UBND ngày 28/12/2021 của Ủy ban nhân dân huyện Gia Lộc về cải cách hành chính"
    )
    assert vb.tim_trich_dan(text) == [
        vb.TrichDan("Nghị định", "30/2020/NĐ-CP", date(2020, 3, 5), "Chính phủ"),
        vb.TrichDan("Kế hoạch", "154/KH-UBND", date(2021, 12, 28), "Ủy ban nhân dân huyện Gia Lộc"),
    ]


CITED = [
    vb.TrichDan("Nghị định", "30/2020/NĐ-CP", date(2020, 3, 5), "Chính phủ"),
    vb.TrichDan("Thông tư", "32/2017/TT-BTTTT", date(2017, 11, 15), "Bộ Thông tin và Truyền thông"),
    vb.TrichDan("Kế hoạch", "154/KH-UBND", date(2021, 12, 28), "UBND huyện Gia Lộc"),
    vb.TrichDan("Nghị quyết", "19-NQ/TW", None, "Ban Chấp hành Trung ương"),
    vb.TrichDan("Quyết định", "1847/QĐ-TTg", date(2018, 12, 27), None),
    vb.TrichDan("Công văn", "12/UBND-VP", None, None),
]


@pytest.mark.parametrize("joiner", [" và ", ", ", "; ", " hoặc ", " và các ", " "])
@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(CITED, 2)))
def test_citations_joined_are_each_found(
    joiner: str, first: vb.TrichDan, second: vb.TrichDan
) -> None:
    text = f"Căn cứ {first}{joiner}{second} về việc triển khai;"
    assert vb.tim_trich_dan(text) == [first, second]
    lower = f"theo {first.viet(ngay_dai=True)}{joiner}{second.loai.lower()} số {second.so_ky_hieu}."
    assert vb.tim_trich_dan(lower) == [first, vb.TrichDan(second.loai, second.so_ky_hieu)]


# --- filters -----------------------------------------------------------------------------------------


def test_every_helper_is_a_template_filter(tmp_path: Path) -> None:
    template = docx.Document()
    lines = [
        "{{ ngay | ngay_thang }}|{{ ngay | ngay_ngan }}|{{ ngay | thu }}|{{ ngay | thang_nam }}",
        "{{ tu | khoang_ngay(ngay) }}|{{ luc | gio_phut }}|{{ 'Gia Lương' | dia_danh_ngay_thang(ngay) }}",
        "{{ so_tien | bang_chu }}|{{ so_tien | tien_bang_chu }}|{{ so_tien | dinh_dang_so }}|{{ so_tien | dinh_dang_tien }}",
        "{{ 4 | so_la_ma }}|{{ 5 | chu_cai }}|{{ 'Ủy ban' | viet_hoa }}|{{ 'Huyện uỷ' | chuan_dau }}|{{ 'Hòa' | bo_dau }}",
        "{{ ten | sap_xep | join(', ') }}|{{ don_vi | sap_xep('ten') | map(attribute='ten') | join(', ') }}|{{ ngay | am_lich }}",
    ]
    for line in lines:
        template.add_paragraph(line)
    path = tmp_path / "filters.docx"
    template.save(str(path))
    context = {
        "ngay": date(2022, 1, 29),
        "tu": date(2021, 12, 15),
        "luc": time(14, 30),
        "so_tien": 1_250_000,
        "ten": ["Đào", "Dũng", "Ánh", "An"],
        "don_vi": [{"ten": "Đài Truyền thanh xã"}, {"ten": "Dân quân xã"}, {"ten": "Công an xã"}],
    }
    out = docx.Document(io.BytesIO(vb.render(context, template=path).to_bytes()))
    assert [p.text for p in out.paragraphs] == [
        "ngày 29 tháng 01 năm 2022|29/01/2022|thứ Bảy|tháng 01 năm 2022",
        "từ ngày 15/12/2021 đến ngày 29/01/2022|14 giờ 30 phút|Gia Lương, ngày 29 tháng 01 năm 2022",
        "một triệu hai trăm năm mươi nghìn|Một triệu hai trăm năm mươi nghìn đồng|1.250.000|1.250.000 đồng",
        "IV|đ|ỦY BAN|Huyện ủy|Hoa",
        "An, Ánh, Dũng, Đào|Công an xã, Dân quân xã, Đài Truyền thanh xã|ngày 27 tháng 12 năm Tân Sửu",
    ]


def test_every_filter_takes_the_text_forms_of_numbers_and_dates(tmp_path: Path) -> None:
    # issue 9, item 9: CSV cells are text; the filters read "1.250.000" and "29/01/2022".
    template = docx.Document()
    lines = [
        "{{ ngay | ngay_thang }}|{{ ngay | ngay_ngan }}|{{ ngay | thu }}|{{ ngay | thang_nam }}",
        "{{ tu | khoang_ngay(ngay) }}|{{ luc | gio_phut }}|{{ 'Gia Lương' | dia_danh_ngay_thang(ngay) }}",
        "{{ so_tien | bang_chu }}|{{ so_tien | tien_bang_chu }}|{{ so_tien | dinh_dang_so }}|{{ so_tien | dinh_dang_tien }}",
        "{{ '4' | so_la_ma }}|{{ '5' | chu_cai }}|{{ ngay | am_lich }}|{{ tien | tien_bang_chu }}",
    ]
    for line in lines:
        template.add_paragraph(line)
    path = tmp_path / "filters.docx"
    template.save(str(path))
    context = {
        "ngay": "29/01/2022",
        "tu": "2021-12-15",
        "luc": "14:30",
        "so_tien": "1.250.000",
        "tien": "300000",
    }
    out = docx.Document(io.BytesIO(vb.render(context, template=path).to_bytes()))
    assert [p.text for p in out.paragraphs] == [
        "ngày 29 tháng 01 năm 2022|29/01/2022|thứ Bảy|tháng 01 năm 2022",
        "từ ngày 15/12/2021 đến ngày 29/01/2022|14 giờ 30 phút|Gia Lương, ngày 29 tháng 01 năm 2022",
        "một triệu hai trăm năm mươi nghìn|Một triệu hai trăm năm mươi nghìn đồng|1.250.000|1.250.000 đồng",
        "IV|đ|ngày 27 tháng 12 năm Tân Sửu|Ba trăm nghìn đồng",
    ]


def _template(tmp_path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    path = tmp_path / "t.docx"
    document.save(str(path))
    return path


def test_a_refused_value_names_the_filter_the_value_and_its_field(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "{% for r in nhan_vien %}{{ r.ho_ten }}: {{ r.luong | tien_bang_chu }}{% endfor %}",
    )
    rows = [{"ho_ten": "A", "luong": "5.000.000"}, {"ho_ten": "B", "luong": "1,250"}]
    with pytest.raises(vb.TemplateError) as caught:
        vb.render({"nhan_vien": rows}, template=path)
    refused = caught.value if isinstance(caught.value, vb.FilterError) else caught.value.__cause__
    assert isinstance(refused, vb.FilterError)
    assert (refused.filter, refused.value, refused.field) == (
        "tien_bang_chu",
        "1,250",
        "nhan_vien[1].luong",
    )
    assert str(refused) == (
        "tien_bang_chu: '1,250' is ambiguous: ',' marks decimals in Vietnamese (1 + 250/1000) but "
        "thousands in English (1250); write 1.250 or 1250 for the whole number, 1,25 for the "
        "fraction (field nhan_vien[1].luong)"
    )
    assert "(field nhan_vien[1].luong)" in str(caught.value)
    # The second argument of a filter is named when it is the one refused.
    path = _template(tmp_path, "{{ tu | khoang_ngay(den) }}")
    with pytest.raises(vb.TemplateError) as caught:
        vb.render({"tu": "01/11/2022", "den": "31/11/2022"}, template=path)
    assert str(caught.value).endswith(
        "khoang_ngay: '31/11/2022': the day does not exist: November 2022 has 30 days (field den)"
    )
    # A missing value is a missing variable, not a refused one; every one is named.
    path = _template(tmp_path, "{{ so_tien | tien_bang_chu }} {{ ngay | ngay_ngan }} {{ ten }}")
    with pytest.raises(vb.MissingVariablesError) as missing:
        vb.render({"khac": 1}, template=path)
    assert missing.value.names == ("so_tien", "ngay", "ten")


def test_a_csv_batch_with_money_and_dates_names_the_bad_cells(tmp_path: Path) -> None:
    # issue 9, item 9: every row failed because CSV cells are text; now each bad cell is named.
    template = _template(
        tmp_path,
        "{{ ho_ten }}, sinh {{ ngay_sinh | ngay_ngan }}",
        "Số tiền: {{ so_tien | dinh_dang_tien }} ({{ so_tien | tien_bang_chu }})",
    )
    data = tmp_path / "rows.csv"
    data.write_text(
        "ho_ten,ngay_sinh,so_tien\n"
        "Nguyễn Văn An,1990-02-11,300000\n"
        "Trần Thị Bình,11/02/1990,1.250.000\n"
        'Lê Văn Cường,05/3/1985,"1,250"\n'
        "Phạm Thị Dung,30/02/1990,1.500.000.000.000\n"
        "Hoàng Văn Em,01/01/2000,12 triệu\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = batch(template, data, out, name="{_stt}.docx", workers=1)
    assert report.written == 2
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        errors = list(csv.reader(handle))
    assert [row[:2] for row in errors] == [
        ["row", "field"],
        ["3", "so_tien"],
        ["4", "ngay_sinh"],
        ["5", "so_tien"],
    ]
    assert "dinh_dang_tien: '1,250' is ambiguous" in errors[1][2]
    assert "'30/02/1990': the day does not exist: February 1990 has 28 days" in errors[2][2]
    assert "'12 triệu' is not a number" in errors[3][2]
    assert [p.text for p in docx.Document(str(out / "1.docx")).paragraphs] == [
        "Nguyễn Văn An, sinh 11/02/1990",
        "Số tiền: 300.000 đồng (Ba trăm nghìn đồng)",
    ]
    assert [p.text for p in docx.Document(str(out / "2.docx")).paragraphs] == [
        "Trần Thị Bình, sinh 11/02/1990",
        "Số tiền: 1.250.000 đồng (Một triệu hai trăm năm mươi nghìn đồng)",
    ]
