"""Quyết định (Mẫu 1.2, 1.3) and Nghị quyết (Mẫu 1.1): the model's rules, the render read back with
python-docx, the JSON Schema, and the example through LibreOffice (issue 11, items 2 and 3)."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pypdf import PdfReader

import vanban as vb

from .conftest import EXAMPLES, ROOT, problems
from .test_ooxml_order import package_problems
from .test_pdf_layout import SIGNATURE_TITLE, pagination_problems, pdf_pages

QD_YAML = EXAMPLES / "quyet_dinh_phe_duyet_ke_hoach.yaml"
NQ_YAML = EXAMPLES / "nghi_quyet_du_toan_ngan_sach_2023.yaml"
KEM_THEO = (
    "(Kèm theo Quyết định số 18/QĐ-UBND ngày 10 tháng 02 năm 2022 của Chủ tịch Ủy ban nhân dân "
    "xã Gia Lương)"
)


def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(QD_YAML.read_text(encoding="utf-8"))
    return data


def decision(**changes: Any) -> dict[str, Any]:
    """The example's decision without its attached text (Mẫu 1.2), with ``changes``."""
    data = example()
    del data["ban_hanh_kem_theo"]
    data.update(changes)
    return data


def resolution(**changes: Any) -> dict[str, Any]:
    data = decision(loai="nghi_quyet", tham_quyen="Ủy ban nhân dân xã Gia Lương")
    del data["theo_de_nghi"]
    data.update(changes)
    return data


# --- the model's rules -----------------------------------------------------------------------


def test_the_example_is_a_quyet_dinh_with_its_attached_plan() -> None:
    document = vb.load(QD_YAML)
    assert isinstance(document, vb.QuyetDinh)
    assert str(document.so_ky_hieu) == "18/QĐ-UBND"
    assert document.ban_hanh_kem_theo is not None
    assert document.ban_hanh_kem_theo.loai is vb.LoaiVanBan.KE_HOACH
    context = document.context()
    assert context["ten_loai"] == "QUYẾT ĐỊNH"
    assert context["tham_quyen"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"
    assert context["quyet"] == "QUYẾT ĐỊNH:"
    assert context["can_cu"][-1].endswith("năm 2022;")  # "Theo đề nghị" follows (Mẫu 1.2)
    assert context["theo_de_nghi"] == "Theo đề nghị của Công chức Văn phòng - Thống kê xã."
    assert [d["so"] for d in context["noi_dung"] if d["kieu"] == "dieu_van_ban"] == [
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Điều 4.",
    ]
    assert [d["so"] for d in context["noi_dung"] if d["kieu"] == "khoan"] == ["1.", "2."]
    assert context["noi_dung"][-1]["van_ban"].endswith("thi hành Quyết định này./.")
    assert context["noi_nhan"] == [
        "- Như Điều 4;",
        "- Phòng Nội vụ huyện (để báo cáo);",
        "- TT Đảng ủy xã;",
        "- TT HĐND xã;",
        "- Lưu: VT, VP.",
    ]
    assert context["kem_theo"]["dong"] == KEM_THEO
    assert context["kem_theo"]["ten_loai"] == "KẾ HOẠCH"
    assert context["kem_theo"]["noi_dung"][0]["dong"] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert context["kem_theo"]["noi_dung"][-1]["van_ban"].endswith("hội viên./.")


def test_the_executing_article_is_the_last_or_the_one_named() -> None:
    three = decision(dieu=[{"dieu": "A."}, {"dieu": "B."}, {"dieu": "C thi hành."}])
    assert vb.from_dict(three).context()["noi_nhan"][0] == "- Như Điều 3;"
    named = vb.from_dict({**three, "dieu_thi_hanh": 2})
    assert isinstance(named, vb.QuyetDinh) and named.so_dieu_thi_hanh == 2
    assert named.context()["noi_nhan"][0] == "- Như Điều 2;"
    [message] = problems({**three, "dieu_thi_hanh": 4})
    assert message.startswith("dieu_thi_hanh: 4 — the document has 3 article(s), Điều 1 to Điều 3")
    assert "Mẫu 1.1–1.3" in message


def test_nhu_dieu_typed_in_noi_nhan_is_refused() -> None:
    [message] = problems(decision(noi_nhan=["Như Điều 4", "TT HĐND xã"]))
    assert message.startswith("noi_nhan[0]: 'Như Điều 4' — vanban writes '- Như Điều 4;' first")


def test_a_quyet_dinh_without_articles_is_refused() -> None:
    for data in (decision(dieu=[]), {k: v for k, v in decision().items() if k != "dieu"}):
        [message] = problems(data)
        assert message == (
            "dieu: empty — a Quyết định needs at least one article (NĐ 30/2020, Phụ lục III, "
            "Mẫu 1.1–1.3: the content is in articles, 'Điều 1.', 'Điều 2.' …)"
        )


def test_an_article_number_typed_by_hand_is_refused() -> None:
    [message] = problems(decision(dieu=[{"dieu": "Điều 1. Phê duyệt Kế hoạch."}]))
    assert message == (
        "dieu[0]: dieu: 'Điều 1. Phê duyệt Kế hoạch.' — vanban numbers the điều ('Điều 1.', "
        "'Điều 2.' …); write the title alone (NĐ 30/2020, Phụ lục I, mục II.6.đ)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định này có hiệu lực kể từ ngày ký. Điều 3. Văn phòng chịu trách nhiệm thi hành.",
        "Quyết định này có hiệu lực kể từ ngày ký.\nĐiều 3. Văn phòng chịu trách nhiệm thi hành.",
    ],
)
def test_a_second_article_typed_inside_an_article_is_refused(text: str) -> None:
    [message] = problems(decision(dieu=[{"dieu": "Phê duyệt."}, {"dieu": text}]))
    assert message.startswith("dieu[1]: dieu: 'Điều 3.' typed inside the text of a điều")
    assert message.endswith("(NĐ 30/2020, Phụ lục I, mục II.6.đ)")


def test_a_reference_to_an_article_is_text() -> None:
    text = "Giao nhiệm vụ theo quy định tại Điều 2. Văn phòng theo dõi, đôn đốc."
    document = vb.from_dict(decision(dieu=[{"dieu": "Phê duyệt."}, {"dieu": text}]))
    assert document.context()["noi_dung"][1]["van_ban"].startswith("Giao nhiệm vụ")


def test_a_nghi_quyet_without_an_authority_line_is_refused() -> None:
    data = resolution()
    del data["tham_quyen"]
    [message] = problems(data)
    assert message.startswith(
        "tham_quyen: missing — a Nghị quyết names the authority that issues it"
    )
    assert "on its own line in bold capitals" in message
    [message] = problems(decision(tham_quyen=None))
    assert message.startswith("tham_quyen: missing — a Quyết định names")


def test_a_nghi_quyet_has_quyet_nghi_and_no_theo_de_nghi() -> None:
    document = vb.from_dict(resolution())
    assert isinstance(document, vb.NghiQuyet)
    context = document.context()
    assert (context["ten_loai"], context["quyet"]) == ("NGHỊ QUYẾT", "QUYẾT NGHỊ:")
    assert context["tham_quyen"] == "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"
    assert context["can_cu"][-1].endswith(".") and context["theo_de_nghi"] is None
    assert context["so_ky_hieu"] == "18/NQ-UBND"
    [message] = problems(resolution(theo_de_nghi="Văn phòng"))
    assert message.startswith("theo_de_nghi: ")


def test_theo_de_nghi_typed_whole_is_not_doubled() -> None:
    document = vb.from_dict(decision(theo_de_nghi="Theo đề nghị của Trưởng Công an xã."))
    assert document.context()["theo_de_nghi"] == "Theo đề nghị của Trưởng Công an xã."


def test_the_attached_text_needs_the_authority_as_in_a_sentence() -> None:
    [message] = problems({**example(), "tham_quyen": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"})
    assert message.startswith(
        "tham_quyen: 'CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG' — write it as in a sentence"
    )


def test_the_attached_text_is_a_text_with_its_own_ten_loai() -> None:
    data = example()
    data["ban_hanh_kem_theo"]["loai"] = "cong_van"
    [message] = problems(data)
    assert message.startswith("ban_hanh_kem_theo.loai: 'cong_van' — a Quyết định issues")
    data["ban_hanh_kem_theo"]["loai"] = "quy_che"
    data["ban_hanh_kem_theo"]["noi_dung"] = [
        {"chuong": "Quy định chung", "noi_dung": [{"dieu": "Phạm vi điều chỉnh"}]},
        {"chuong": "Tổ chức thực hiện", "noi_dung": [{"dieu": "Hiệu lực thi hành"}]},
    ]
    attached = vb.from_dict(data).context()["kem_theo"]
    assert attached["ten_loai"] == "QUY CHẾ"
    # In the attached text a điều has its title, bold: the body tree's own layout.
    assert [(d["kieu"], d["dong"]) for d in attached["noi_dung"]][2:4] == [
        ("dieu", "Điều 1. Phạm vi điều chỉnh"),
        ("chuong", "Chương II"),
    ]


# --- the render, read back -----------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered() -> Any:
    return docx.Document(io.BytesIO(vb.render(vb.load(QD_YAML)).to_bytes()))


def paragraph(document: Any, text: str) -> Paragraph:
    found = [p for p in document.paragraphs if p.text == text]
    assert len(found) == 1, (text, [p.text for p in document.paragraphs])
    return found[0]


def bold(p: Paragraph) -> bool:
    return all(run.bold or (run.bold is None and p.style.font.bold) for run in p.runs if run.text)


def italic(p: Paragraph) -> bool:
    return all(
        run.italic or (run.italic is None and p.style.font.italic) for run in p.runs if run.text
    )


def test_builtin_templates_of_quyet_dinh_and_nghi_quyet() -> None:
    shipped = ROOT / "src" / "vanban" / "templates" / "mau_1_2.docx"
    for name in ("quyet_dinh", "Quyết định", "QĐ", "nghi_quyet", "NQ", "mau_1_2"):
        assert vb.builtin_template(name) == shipped


def test_the_authority_line_is_bold_capitals_centred(rendered: Any) -> None:
    line = paragraph(rendered, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG")
    assert bold(line) and line.style.name == "Tham quyen"
    assert line.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_can_cu_and_theo_de_nghi_are_italic(rendered: Any) -> None:
    lines = [p for p in rendered.paragraphs if p.style.name == "Can cu" and p.text]
    assert [p.text[:12] for p in lines] == [
        "Căn cứ Luật ",
        "Căn cứ Nghị ",
        "Căn cứ Kế ho",
        "Theo đề nghị",
    ]
    assert [p.text[-1] for p in lines] == [";", ";", ";", "."]
    assert all(italic(p) for p in lines)


def test_quyet_dinh_is_bold_and_centred(rendered: Any) -> None:
    line = paragraph(rendered, "QUYẾT ĐỊNH:")
    assert bold(line) and line.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert line.style.paragraph_format.keep_with_next is True


def test_dieu_is_a_bold_run_then_regular_text(rendered: Any) -> None:
    first = next(p for p in rendered.paragraphs if p.text.startswith("Điều 1."))
    runs = [(run.text, run.bold) for run in first.runs if run.text]
    assert runs[0] == ("Điều 1.", True)
    assert runs[1][0].startswith(" Phê duyệt kèm theo") and not runs[1][1]
    assert first.style.name == "Dieu van ban" and not first.style.font.bold
    last = next(p for p in rendered.paragraphs if p.text.startswith("Điều 4."))
    assert last.style.name == "Dieu van ban cuoi"  # kept with the signature
    assert last.style.paragraph_format.keep_with_next is True
    assert last.text.endswith("thi hành Quyết định này./.")


def test_noi_nhan_begins_nhu_dieu(rendered: Any) -> None:
    signature = next(
        t
        for t in rendered.tables
        if t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    )
    lines = [p.text for p in signature.cell(0, 0).paragraphs if p.text]
    assert lines[:2] == ["Nơi nhận:", "- Như Điều 4;"]
    assert lines[-1] == "- Lưu: VT, VP."


def test_the_attached_text_follows_a_page_break(rendered: Any) -> None:
    body = list(rendered.element.body)
    signature_index = next(
        i
        for i, e in enumerate(body)
        if e.tag == qn("w:tbl") and e.find(".//" + qn("w:cantSplit")) is not None
    )
    after = body[signature_index + 1 :]
    breaks = [
        e
        for e in after
        if e.tag == qn("w:p") and e.find(".//" + qn("w:pageBreakBefore")) is not None
    ]
    assert len(breaks) == 1
    header = breaks[0].getnext()
    assert header.tag == qn("w:tbl")
    texts = ["".join(t.text or "" for t in row.iter(qn("w:t"))) for row in header.iter(qn("w:tr"))]
    assert len(texts) == 1  # no row of Số and date
    assert "ỦY BAN NHÂN DÂN" in texts[0] and "Số:" not in texts[0]
    kem_theo = paragraph(rendered, KEM_THEO)
    assert italic(kem_theo) and kem_theo.style.name == "Kem theo"
    assert kem_theo.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    titles = [p.text for p in rendered.paragraphs if p.style.name == "Ten loai"]
    assert titles == ["QUYẾT ĐỊNH", "KẾ HOẠCH"]
    following = [p.text for p in rendered.paragraphs]
    start = following.index(KEM_THEO)
    assert following[start - 1] == "Tuyên truyền cải cách hành chính năm 2022"
    assert set(following[start + 1]) == {"_"}  # the rule
    assert following[start + 2] == "I. MỤC ĐÍCH, YÊU CẦU"
    # no second signature: Nơi nhận once
    assert (
        sum(p.text == "Nơi nhận:" for t in rendered.tables for c in t._cells for p in c.paragraphs)
        == 1
    )


def test_without_an_attached_text_nothing_follows_the_signature() -> None:
    document = docx.Document(io.BytesIO(vb.render(vb.from_dict(decision())).to_bytes()))
    assert document.element.body[-2].tag == qn("w:tbl")  # the signature, then sectPr
    assert not [p for p in document.paragraphs if p.text.startswith("(Kèm theo")]


def test_a_nghi_quyet_renders_quyet_nghi() -> None:
    document = docx.Document(io.BytesIO(vb.render(vb.from_dict(resolution())).to_bytes()))
    assert bold(paragraph(document, "QUYẾT NGHỊ:"))
    assert bold(paragraph(document, "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"))
    assert paragraph(document, "NGHỊ QUYẾT").style.name == "Ten loai"
    assert not [p for p in document.paragraphs if p.text.startswith("Theo đề nghị")]


# --- JSON Schema -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "data"),
    [(vb.QuyetDinh, example()), (vb.QuyetDinh, decision()), (vb.NghiQuyet, resolution())],
    ids=["quyet_dinh_1_3", "quyet_dinh_1_2", "nghi_quyet"],
)
def test_the_schema_admits_the_example(kind: type[vb.VanBan], data: dict[str, Any]) -> None:
    schema = kind.json_schema()
    Draft202012Validator.check_schema(schema)
    instance = json.loads(json.dumps(data, default=str))
    assert list(Draft202012Validator(schema).iter_errors(instance)) == []
    assert {"tham_quyen", "dieu"} <= set(schema["required"])


@pytest.mark.parametrize(
    ("kind", "change", "path"),
    [
        (vb.QuyetDinh, {"dieu": []}, "dieu"),
        (vb.NghiQuyet, {"tham_quyen": None}, "tham_quyen"),
        (vb.NghiQuyet, {"theo_de_nghi": "Văn phòng"}, "<root>"),
        (vb.QuyetDinh, {"dieu_thi_hanh": 0}, "dieu_thi_hanh"),
    ],
)
def test_the_schema_refuses_what_the_model_refuses(
    kind: type[vb.VanBan], change: dict[str, Any], path: str
) -> None:
    data = copy.deepcopy(decision() if kind is vb.QuyetDinh else resolution())
    data.update(change)
    validator = Draft202012Validator(kind.json_schema())
    paths = ["/".join(map(str, e.absolute_path)) or "<root>" for e in validator.iter_errors(data)]
    assert path in paths
    with pytest.raises(vb.ValidationError):
        vb.from_dict(data)


# --- LibreOffice -----------------------------------------------------------------------------


def test_the_example_through_libreoffice(converter: Any, tmp_path: Path) -> None:
    document = vb.load(QD_YAML)
    pdf = converter.convert(vb.render(document).save(tmp_path / "qd.docx"))
    pages = pdf_pages(pdf)
    assert len(pages) == 2
    first = pages[0]
    assert first[0] != "1" and not first[0].isdigit()  # page 1 has no number
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG" in first and "QUYẾT ĐỊNH:" in first
    assert pagination_problems([first], document) == []
    before = first[: first.index(SIGNATURE_TITLE)]
    assert before[-1].endswith("thi hành Quyết định này./.")
    attached = pages[1]
    assert "KẾ HOẠCH" in attached and SIGNATURE_TITLE not in attached
    assert attached[-1].endswith("hội viên./.")


@pytest.mark.parametrize("articles", [6, 9, 12])
def test_a_long_decision_keeps_its_last_article_with_the_signature(
    converter: Any, tmp_path: Path, articles: int
) -> None:
    text = (
        "Giao Văn phòng - Thống kê xã chủ trì, phối hợp với các công chức chuyên môn tổ chức "
        "thực hiện nội dung được giao; định kỳ báo cáo kết quả, khó khăn, vướng mắc về Ủy ban "
        "nhân dân xã để xem xét, chỉ đạo kịp thời theo quy định ({})."
    )
    data = decision(dieu=[{"dieu": text.format(f"điều số {n}")} for n in range(1, articles + 1)])
    document = vb.from_dict(data)
    pdf = converter.convert(vb.render(document).save(tmp_path / f"qd_{articles}.docx"))
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    assert pagination_problems(pages, document) == []


def test_the_template_carries_the_page_break_rules() -> None:
    """Mẫu 1.2's template keeps the body levels' rules of templates/build.py (``paginate``) and
    its own: the authority line and "QUYẾT ĐỊNH:" kept with what follows, the last article kept
    with the signature, the signature row never split."""
    template = docx.Document(str(vb.builtin_template("quyet_dinh")))
    styles = template.styles
    for heading in (
        "Chuong",
        "Chuong tieu de",
        "Dieu",
        "Muc",
        "Khoan tieu de",
        "Tham quyen",
        "Quyet",
    ):
        fmt = styles[heading].paragraph_format
        assert (fmt.keep_with_next, fmt.keep_together) == (True, True), heading
    assert styles["Dieu van ban"].paragraph_format.keep_with_next is None
    assert styles["Dieu van ban cuoi"].base_style.name == "Dieu van ban"
    assert styles["Dieu van ban cuoi"].paragraph_format.keep_with_next is True
    signatures = [
        t
        for t in template.tables
        if t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    ]
    assert len(signatures) == 1
    spacer = signatures[0]._tbl.getprevious()
    assert spacer.tag == qn("w:p") and spacer.pPr.keepNext is not None


def test_vanban_schema_and_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.cli import main

    for loai in ("quyet_dinh", "nghi_quyet"):
        assert main(["schema", loai]) == 0
        schema = json.loads(capsys.readouterr().out)
        assert schema["properties"]["loai"]["const"] == loai
    assert "theo_de_nghi" not in vb.NghiQuyet.json_schema()["properties"]
    assert "ban_hanh_kem_theo" in vb.QuyetDinh.json_schema()["properties"]


def body_in_order(document: Any) -> list[str]:
    """Every paragraph's text in document order, tables' cells row by row, column by column."""
    texts: list[str] = []
    for element in document.element.body:
        if element.tag == qn("w:p"):
            texts.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
        elif element.tag == qn("w:tbl"):
            for cell in element.iter(qn("w:tc")):
                for p in cell.iter(qn("w:p")):
                    texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return texts


def test_the_example_round_trips_and_renders_every_component_in_order(tmp_path: Path) -> None:
    document = vb.load(QD_YAML)
    again = type(document).from_dict(document.model_dump(mode="json"))
    assert again == document  # the model's data shape is the file's shape
    rendered = docx.Document(str(vb.render(document).save(tmp_path / "qd.docx")))
    text = body_in_order(rendered)
    context = document.context()
    expected = [
        *context["co_quan"]["dong"],
        f"Số: {context['so_ky_hieu']}",
        context["dia_danh_ngay_thang"],
        context["ten_loai"],
        context["trich_yeu"],
        context["tham_quyen"],
        *context["can_cu"],
        context["theo_de_nghi"],
        context["quyet"],
        *[p["dong"] for p in context["noi_dung"]],
        "Nơi nhận:",
        *context["noi_nhan"],
        *context["chu_ky"]["dong"],
        context["chu_ky"]["ho_ten"],
        context["kem_theo"]["ten_loai"],
        context["kem_theo"]["trich_yeu"],
        context["kem_theo"]["dong"],
        *[p["dong"] for p in context["kem_theo"]["noi_dung"]],
    ]
    positions = [text.index(line) for line in expected]
    assert positions == sorted(positions), "components appear in the order of Mẫu 1.2 and 1.3"
    assert text.count("Nơi nhận:") == 1 and text.count("QUYẾT ĐỊNH:") == 1


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=30),
    data=st.data(),
)
def test_articles_are_numbered_in_order_and_nhu_dieu_follows(count: int, data: Any) -> None:
    executing = data.draw(st.one_of(st.none(), st.integers(min_value=1, max_value=count)))
    changes: dict[str, Any] = {"dieu": [{"dieu": f"Nội dung thứ {n}."} for n in range(count)]}
    if executing is not None:
        changes["dieu_thi_hanh"] = executing
    context = vb.from_dict(decision(**changes)).context()
    assert [d["so"] for d in context["noi_dung"]] == [f"Điều {n}." for n in range(1, count + 1)]
    assert context["noi_nhan"][0] == f"- Như Điều {executing or count};"


@settings(max_examples=40, deadline=None)
@given(number=st.integers(min_value=1, max_value=999), space=st.sampled_from(["", " ", "  "]))
def test_any_typed_article_number_is_refused(number: int, space: str) -> None:
    for typed in (f"Điều {number}.{space}Nội dung.", f"điều {number}: Nội dung."):
        [message] = problems(decision(dieu=[{"dieu": typed}]))
        assert "vanban numbers the điều" in message


# --- the Nghị quyết example (Mẫu 1.1) --------------------------------------------------------


def test_the_nghi_quyet_example_is_a_resolution_of_the_peoples_council() -> None:
    document = vb.load(NQ_YAML)
    assert isinstance(document, vb.NghiQuyet)
    context = document.context()
    assert context["so_ky_hieu"] == "25/NQ-HĐND"
    assert context["dia_danh_ngay_thang"] == "Gia Lương, ngày 20 tháng 12 năm 2022"
    assert (context["ten_loai"], context["quyet"]) == ("NGHỊ QUYẾT", "QUYẾT NGHỊ:")
    assert context["tham_quyen"] == "HỘI ĐỒNG NHÂN DÂN XÃ GIA LƯƠNG"
    assert context["theo_de_nghi"] is None and context["kem_theo"] is None
    assert [line[-1] for line in context["can_cu"]] == [";", ";", "."]
    assert [d["so"] for d in context["noi_dung"] if d["kieu"] == "dieu_van_ban"] == [
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
    ]
    assert [d["so"] for d in context["noi_dung"] if d["kieu"] in ("khoan", "diem")] == [
        "1.",
        "2.",
        "3.",
        "a)",
        "b)",
        "c)",
    ]
    assert context["noi_dung"][-1]["van_ban"].endswith("kể từ ngày thông qua./.")
    assert context["noi_nhan"][0] == "- Như Điều 2;"  # dieu_thi_hanh: 2
    assert context["noi_nhan"][-1] == "- Lưu: VT, VP."
    assert context["chu_ky"] == {
        "dong": ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"],
        "ho_ten": "Họ và tên",
    }
    again = type(document).from_dict(document.model_dump(mode="json"))
    assert again == document


def test_the_nghi_quyet_example_renders_every_component_in_order(tmp_path: Path) -> None:
    document = vb.load(NQ_YAML)
    rendered = docx.Document(str(vb.render(document).save(tmp_path / "nq.docx")))
    text = body_in_order(rendered)
    context = document.context()
    expected = [
        *context["co_quan"]["dong"],
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 25/NQ-HĐND",
        context["dia_danh_ngay_thang"],
        "NGHỊ QUYẾT",
        context["trich_yeu"],
        "HỘI ĐỒNG NHÂN DÂN XÃ GIA LƯƠNG",
        *context["can_cu"],
        "QUYẾT NGHỊ:",
        *[p["dong"] for p in context["noi_dung"]],
        "Nơi nhận:",
        *context["noi_nhan"],
        "TM. HỘI ĐỒNG NHÂN DÂN",
        "CHỦ TỊCH",
        "Họ và tên",
    ]
    positions = [text.index(line) for line in expected]
    assert positions == sorted(positions), "components appear in the order of Mẫu 1.1"
    assert bold(paragraph(rendered, "HỘI ĐỒNG NHÂN DÂN XÃ GIA LƯƠNG"))
    assert bold(paragraph(rendered, "QUYẾT NGHỊ:"))
    assert all(italic(p) for p in rendered.paragraphs if p.style.name == "Can cu" and p.text)
    assert not [p for p in rendered.paragraphs if p.text.startswith(("Theo đề nghị", "(Kèm"))]


def test_the_nghi_quyet_example_through_libreoffice(converter: Any, tmp_path: Path) -> None:
    document = vb.load(NQ_YAML)
    pdf = converter.convert(vb.render(document).save(tmp_path / "nq.docx"))
    pages = pdf_pages(pdf)
    first = pages[0]
    assert not first[0].isdigit()  # page 1 has no number
    assert "HỘI ĐỒNG NHÂN DÂN XÃ GIA LƯƠNG" in first and "QUYẾT NGHỊ:" in first
    assert pagination_problems(pages, document) == []
    last = pages[-1]
    assert last[-1] == "Họ và tên"
    before = last[: last.index(SIGNATURE_TITLE)]
    assert before[-1].endswith("kể từ ngày thông qua./.")


# --- Mẫu 1.3's attached text as a file of its own (kem_theo_rieng) ----------------------------


def header_rows(document: Any) -> list[str]:
    """The text of each row of the document's first table (the header), cells joined by "|"."""
    return ["|".join(cell.text for cell in row.cells) for row in document.tables[0].rows]


def test_the_attached_text_as_a_file_of_its_own() -> None:
    document = vb.load(QD_YAML)
    rendered = vb.render(document, kem_theo_rieng=True)
    assert rendered.kem_theo is not None and rendered.kem_theo.kem_theo is None
    assert package_problems(rendered.to_bytes()) == []
    assert package_problems(rendered.kem_theo.to_bytes()) == []
    decision_file = docx.Document(io.BytesIO(rendered.to_bytes()))
    # the decision's file ends with its signature: no page break, no attached text
    assert decision_file.element.body[-2].tag == qn("w:tbl")
    assert [p.text for p in decision_file.paragraphs if p.style.name == "Ten loai"] == [
        "QUYẾT ĐỊNH"
    ]
    assert not [p for p in decision_file.paragraphs if p.text.startswith("(Kèm theo")]
    assert body_in_order(decision_file) == body_in_order(
        docx.Document(io.BytesIO(vb.render(vb.from_dict(decision())).to_bytes()))
    )
    attached = docx.Document(io.BytesIO(rendered.kem_theo.to_bytes()))
    # the header without Số and date: one row, the issuing body and the national title
    assert header_rows(attached) == [
        "ỦY BAN NHÂN DÂN\nXÃ GIA LƯƠNG\n"
        + "_" * len(attached.tables[0].cell(0, 0).paragraphs[-1].text)
        + "|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        + attached.tables[0].cell(0, 1).paragraphs[-1].text
    ]
    assert len(attached.tables) == 1  # no signature table
    context = document.context()
    texts = [p.text for p in attached.paragraphs if p.text]
    assert texts[:3] == ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2022", KEM_THEO]
    assert set(texts[3]) == {"_"}
    assert texts[4:] == [p["dong"] for p in context["kem_theo"]["noi_dung"]]
    kem_theo = paragraph(attached, KEM_THEO)
    assert (
        italic(kem_theo) and kem_theo.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )
    assert not any(p.paragraph_format.page_break_before for p in attached.paragraphs)
    properties = attached.core_properties
    assert (properties.title, properties.keywords, properties.subject) == (
        "Tuyên truyền cải cách hành chính năm 2022",
        "Kế hoạch",
        "18/QĐ-UBND",
    )


def test_the_phu_luc_and_page_1_marks_stay_with_the_decision_s_file() -> None:
    # the attached text is issued with the decision: its Phụ lục, ô 11 and ô 13 are the
    # decision's (Phụ lục III, Mẫu 1.3), so its own file carries none of them
    data = {
        **yaml.safe_load(QD_YAML.read_text(encoding="utf-8")),
        "phu_luc": [{"phu_luc": "Danh mục nhiệm vụ", "noi_dung": ["Nhiệm vụ một."]}],
        "pham_vi_luu_hanh": "luu_hanh_noi_bo",
        "lien_he": {"dien_thoai": "0220 3711 111"},
    }
    rendered = vb.render(vb.from_dict(data), kem_theo_rieng=True)
    assert rendered.kem_theo is not None
    decision_file = docx.Document(io.BytesIO(rendered.to_bytes()))
    attached = docx.Document(io.BytesIO(rendered.kem_theo.to_bytes()))
    assert [p.text for p in decision_file.paragraphs if p.style.name == "Phu luc"] == ["Phụ lục"]
    assert [p.text for p in attached.paragraphs if p.style.name == "Phu luc"] == []
    assert not any("Danh mục" in p.text.title() for p in attached.paragraphs)
    [section] = attached.sections
    for part in (section.first_page_header, section.first_page_footer):
        assert [p.text for p in part.paragraphs if p.text] == []
    own = decision_file.sections[0]
    assert [p.text for p in own.first_page_header.paragraphs if p.text] == ["LƯU HÀNH NỘI BỘ"]
    assert [p.text for p in own.first_page_footer.paragraphs if p.text] == [
        "Điện thoại: 0220 3711 111"
    ]


def test_save_writes_the_decision_and_its_attached_text_beside_it(tmp_path: Path) -> None:
    rendered = vb.render(vb.load(QD_YAML), kem_theo_rieng=True)
    target = tmp_path / "qd-18.docx"
    assert rendered.targets(target) == [target, tmp_path / "qd-18-kem-theo.docx"]
    assert rendered.save(target) == target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qd-18-kem-theo.docx", "qd-18.docx"]
    assert (tmp_path / "qd-18.docx").read_bytes() == rendered.to_bytes()
    assert rendered.kem_theo is not None
    assert (tmp_path / "qd-18-kem-theo.docx").read_bytes() == rendered.kem_theo.to_bytes()


@given(stem=st.text(alphabet="abcQĐđ-_ .0123", min_size=1, max_size=12))
def test_the_attached_file_is_named_beside_the_decision(stem: str) -> None:
    path = Path("out") / f"{stem}.docx"
    attached = vb.kem_theo_path(path)
    assert attached.parent == path.parent and attached.suffix == ".docx"
    assert attached.name == f"{stem}-kem-theo.docx" and attached != path


def test_without_an_attached_text_one_file_either_way(tmp_path: Path) -> None:
    for data in (decision(), resolution()):
        rendered = vb.render(vb.from_dict(data), kem_theo_rieng=True)
        assert rendered.kem_theo is None
        assert rendered.targets(tmp_path / "a.docx") == [tmp_path / "a.docx"]
        assert rendered.to_bytes() == vb.render(vb.from_dict(data)).to_bytes()


def test_the_attached_text_in_the_same_file_by_default() -> None:
    rendered = vb.render(vb.load(QD_YAML))
    assert rendered.kem_theo is None
    document = docx.Document(io.BytesIO(rendered.to_bytes()))
    assert [p.text for p in document.paragraphs if p.style.name == "Ten loai"] == [
        "QUYẾT ĐỊNH",
        "KẾ HOẠCH",
    ]


def test_the_attached_file_of_a_draft_refers_to_the_blank_number() -> None:
    data = example()
    del data["so"], data["ngay"]
    rendered = vb.render(vb.from_dict({**data, "nam": 2026}), kem_theo_rieng=True)
    assert rendered.kem_theo is not None
    attached = docx.Document(io.BytesIO(rendered.kem_theo.to_bytes()))
    line = next(p.text for p in attached.paragraphs if p.text.startswith("(Kèm theo"))
    assert line.startswith("(Kèm theo Quyết định số ") and "/QĐ-UBND" in line
    assert "năm 2026" in line


def test_cli_kem_theo_rieng_writes_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vanban.cli import main

    assert main(["render", str(QD_YAML), "--kem-theo-rieng", "-o", str(tmp_path / "qd.docx")]) == 0
    assert capsys.readouterr().out == (
        f"{tmp_path / 'qd.docx'}  (Quyết định số 18/QĐ-UBND)\n"
        f"{tmp_path / 'qd-kem-theo.docx'}  (Kế hoạch kèm theo Quyết định số 18/QĐ-UBND)\n"
    )
    decision_file = docx.Document(str(tmp_path / "qd.docx"))
    assert not [p for p in decision_file.paragraphs if p.text.startswith("(Kèm theo")]
    attached = docx.Document(str(tmp_path / "qd-kem-theo.docx"))
    assert paragraph(attached, KEM_THEO).style.name == "Kem theo"


def test_cli_refuses_an_attached_file_that_another_input_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vanban.cli import main

    one = tmp_path / "qd.yaml"
    two = tmp_path / "qd-kem-theo.yaml"
    one.write_bytes(QD_YAML.read_bytes())
    two.write_bytes(QD_YAML.read_bytes())
    out = tmp_path / "out"
    assert main(["render", str(one), str(two), "--kem-theo-rieng", "-o", f"{out}/"]) == 2
    assert capsys.readouterr().err == (
        f"vanban: {one} and {two} would both be written to {out / 'qd-kem-theo.docx'}; render "
        "them into different folders, or rename one; nothing was written\n"
    )
    assert not out.exists() or not list(out.iterdir())
    # without the flag the same two inputs write two files, each with its attached text
    assert main(["render", str(one), str(two), "-o", f"{out}/"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["qd-kem-theo.docx", "qd.docx"]


def test_the_attached_file_through_libreoffice(converter: Any, tmp_path: Path) -> None:
    """The attached text's own file: page 1 has no page number, the next pages their own from
    2 (Phụ lục I, mục I.7), the body whole and no signature."""
    data = example()
    body = data["ban_hanh_kem_theo"]["noi_dung"]
    data["ban_hanh_kem_theo"]["noi_dung"] = body + body  # two pages and more
    document = vb.from_dict(data)
    rendered = vb.render(document, kem_theo_rieng=True)
    rendered.save(tmp_path / "qd.docx")
    decision_pages = [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for page in PdfReader(converter.convert(tmp_path / "qd.docx")).pages
    ]
    assert len(decision_pages) == 1 and "KẾ HOẠCH" not in decision_pages[0]
    pages = [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for page in PdfReader(converter.convert(tmp_path / "qd-kem-theo.docx")).pages
    ]
    assert len(pages) >= 2
    assert pages[0][0] == "ỦY BAN NHÂN DÂN"  # no page number above the header
    assert [page[0] for page in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    assert KEM_THEO.split(" của ")[0] in " ".join(pages[0])
    assert SIGNATURE_TITLE not in [line for page in pages for line in page]
    assert pages[-1][-1].endswith("hội viên./.")
