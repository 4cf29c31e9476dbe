"""The metadata record of an outgoing document (NĐ 30/2020, Phụ lục VI, phần II, mục I): the field
table, the record of the demo plan, lengths refused never cut, JSON and XML read back, the .docx
and the PDF read back, and ``vanban metadata``."""

from __future__ import annotations

import ast
import json
import subprocess
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

import vanban as vb
from vanban.cli import main
from vanban.metadata import (
    FIELDS,
    PRIORITY,
    SPEC,
    Metadata,
    MetadataError,
    from_document,
    from_docx,
    from_pdf,
    from_xml,
)
from vanban.pdf import PdfConverter

from .conftest import EXAMPLES, KE_HOACH_YAML, ROOT
from .test_architecture import imported

CONG_VAN_YAML = EXAMPLES / "cong_van_3722_vpcp_cn.yaml"

# The decree's table (NĐ 30/2020, Phụ lục VI, phần II, mục I) as its Word file prints it, with
# "Organld" and "Signerlnfo" written as every other name of the table is: OrganId, SignerInfo.
DECREE_TABLE = [
    ("1.1", "FileCode.OrganId", "String", 13),
    ("1.2", "FileCode.FileCatalog", "Number", 4),
    ("1.3", "FileCode.FileNotation", "String", 20),
    ("2", "DocOrdinal", "Number", 3),
    ("3", "TypeName", "String", 100),
    ("4", "CodeNumber", "String", 11),
    ("5", "CodeNotation", "String", 30),
    ("6", "IssuedDate", "Date", 10),
    ("7", "OrganName", "String", 200),
    ("8", "Subject", "String", 500),
    ("9", "Language", "String", 30),
    ("10", "PageAmount", "Number", 3),
    ("11", "Description", "String", 500),
    ("12.1", "SignerInfo.Position", "String", 100),
    ("12.2", "SignerInfo.FullName", "String", 50),
    ("13.1", "To.OrganId", "String", 13),
    ("13.2", "To.OrganName", "String", 200),
    ("14", "Priority", "Number", 1),
    ("15", "IssuedAmount", "Number", 3),
    ("16", "DueDate", "Date", 10),
]

PLAN_RECORD: dict[str, Any] = {
    "FileCode": None,
    "DocOrdinal": None,
    "TypeName": "Kế hoạch",
    "CodeNumber": "49",
    "CodeNotation": "KH-UBND",
    "IssuedDate": "2022-01-29",
    "OrganName": "Ủy ban nhân dân xã Gia Lương",
    "Subject": "Cải cách hành chính nhà nước năm 2022",
    "Language": "vi",
    "PageAmount": None,
    "Description": None,
    "SignerInfo": {"Position": "Chủ tịch", "FullName": "Đoàn Thanh Bình"},
    "To": [
        {"OrganId": None, "OrganName": name}
        for name in (
            "UBND huyện",
            "Phòng Nội vụ huyện",
            "TT HĐND xã",
            "Lãnh đạo UBND xã",
            "Công chức UBND xã",
            "Đài Truyền thanh xã",
        )
    ],
    "Priority": 0,
    "IssuedAmount": None,
    "DueDate": None,
}


def conforms(name: str, value: Any) -> bool:
    """Whether ``value`` has the type and fits the length of field ``name`` in the table."""
    spec = SPEC[name]
    if spec.kieu == "String":
        return isinstance(value, str) and 0 < len(value) <= spec.do_dai
    if spec.kieu == "Number":
        return type(value) is int and value >= 0 and len(str(value)) <= spec.do_dai
    return isinstance(value, date) and len(value.isoformat()) == spec.do_dai


def test_the_field_table_is_the_decrees() -> None:
    assert [(f.stt, f.name, f.kieu, f.do_dai) for f in FIELDS] == DECREE_TABLE


def test_the_docs_page_shows_the_field_table() -> None:
    page = (ROOT / "docs" / "sieu-du-lieu.md").read_text(encoding="utf-8")
    rows = [
        [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        for line in page.splitlines()
        if line.startswith("| ") and line.split("|")[1].strip()[:1].isdigit()
    ]
    assert [(r[0], r[2], r[3], int(r[4])) for r in rows] == DECREE_TABLE
    assert [r[1] for r in rows] == [f.ten for f in FIELDS]


def test_the_demo_plans_record(ke_hoach: vb.KeHoach) -> None:
    record = ke_hoach.metadata()
    assert record.to_dict() == PLAN_RECORD
    assert record.code_number == "49" and record.issued_date == date(2022, 1, 29)
    known = [(name, value) for name, value in record.flat() if value is not None]
    assert len(known) == 16  # 7 fields, SignerInfo's 2, 6 recipients' names, Priority: 0
    assert [(name, value) for name, value in known if not conforms(name, value)] == []
    assert record.unknown() == [
        "FileCode.OrganId",
        "FileCode.FileCatalog",
        "FileCode.FileNotation",
        "DocOrdinal",
        "PageAmount",
        "Description",
        "To.OrganId",
        "IssuedAmount",
        "DueDate",
    ]


def test_what_only_the_system_knows_is_given(ke_hoach: vb.KeHoach) -> None:
    record = ke_hoach.metadata(
        page_amount=9,
        organ_id="000.00.00.H26",
        file_catalog=2022,
        file_notation="CCHC-01",
        doc_ordinal=3,
        description="Bản điện tử",
        due_date=date(2022, 2, 15),
        to_organ_ids={"ubnd  HUYỆN": "000.00.13.H26"},
    )
    assert record.to_dict()["FileCode"] == {
        "OrganId": "000.00.00.H26",
        "FileCatalog": 2022,
        "FileNotation": "CCHC-01",
    }
    assert record.to_dict()["To"][0] == {"OrganId": "000.00.13.H26", "OrganName": "UBND huyện"}
    assert (record.doc_ordinal, record.page_amount, record.due_date) == (3, 9, date(2022, 2, 15))
    assert record.unknown() == ["To.OrganId", "IssuedAmount"]  # 1 of the 6 recipients has one


def test_an_identifier_for_no_recipient_is_refused(ke_hoach: vb.KeHoach) -> None:
    with pytest.raises(MetadataError, match="'UBND tỉnh', not a recipient of 49/KH-UBND"):
        ke_hoach.metadata(to_organ_ids={"UBND tỉnh": "000.00.00.H26"})


def test_code_number_keeps_its_leading_zero(ke_hoach: vb.KeHoach) -> None:
    record = ke_hoach.model_copy(update={"so": 5}).metadata()
    assert (record.code_number, record.code_notation) == ("05", "KH-UBND")
    assert json.loads(record.to_json())["CodeNumber"] == "05"
    with pytest.raises(vb.ValidationError, match="CodeNumber: '5' — written 05"):
        Metadata.model_validate({"CodeNumber": "5"})
    with pytest.raises(vb.ValidationError, match="CodeNumber: '4a' — the number is written in"):
        Metadata.model_validate({"CodeNumber": "4a"})


def test_an_acting_head_s_position_is_quyen() -> None:
    plan = vb.load(KE_HOACH_YAML)
    acting = plan.model_copy(
        update={"chu_ky": vb.ChuKy(quyen_han="Q", chuc_vu="Chủ tịch", ho_ten="Họ và tên")}
    )
    assert acting.chu_ky.dong == ["Q. CHỦ TỊCH"]
    record = acting.metadata()
    assert record.signer_info is not None and record.signer_info.position == "Quyền Chủ tịch"


def test_a_cong_van_sends_to_kinh_gui_then_noi_nhan() -> None:
    record = vb.load(CONG_VAN_YAML).metadata()
    assert (record.type_name, record.code_number, record.code_notation) == (
        "Công văn",
        "3722",
        "VPCP-CN",
    )
    assert record.signer_info is not None and record.signer_info.position == "Phó Chủ nhiệm"
    assert [to.organ_name for to in record.to] == [
        "Bộ Công Thương",
        "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp",
        "Tập đoàn Điện lực Việt Nam",
        "Thủ tướng, các Phó Thủ tướng Chính phủ",
        "Bộ Tài nguyên và Môi trường",
        "VPCP - BTCN, các PCN, Trợ lý TTg, các Vụ - KTTH, NN, TGĐ Cổng TTĐT",
    ]  # "Như trên" stands for Kính gửi; the archive line is no recipient


def test_a_draft_has_no_number_unless_a_partial_record_is_asked(ke_hoach: vb.KeHoach) -> None:
    draft = ke_hoach.model_copy(update={"so": None, "ngay": None})
    with pytest.raises(MetadataError, match="du-thao-KH-UBND: a draft has no CodeNumber and Iss"):
        draft.metadata()
    record = draft.metadata(partial=True)
    assert (record.code_number, record.code_notation, record.issued_date) == (None, "KH-UBND", None)
    assert "CodeNumber" in record.unknown() and "IssuedDate" in record.unknown()


@pytest.mark.parametrize(
    ("do_khan", "code"), [(None, 0), ("khan", 1), ("thuong_khan", 2), ("hoa_toc", 3)]
)
def test_priority_codes_the_urgency(ke_hoach: vb.KeHoach, do_khan: str | None, code: int) -> None:
    document = vb.KeHoach.model_validate(
        {**ke_hoach.model_dump(exclude_none=True), "do_khan": do_khan}
    )
    assert document.metadata().priority == code
    assert PRIORITY[document.do_khan] == code


def test_a_secret_document_takes_its_priority_code_from_the_caller(ke_hoach: vb.KeHoach) -> None:
    secret = vb.KeHoach.model_validate({**ke_hoach.model_dump(exclude_none=True), "do_mat": "mat"})
    with pytest.raises(MetadataError, match="do_mat 'mat' — Phụ lục VI gives Priority"):
        secret.metadata()
    assert secret.metadata(priority=7).priority == 7
    with pytest.raises(MetadataError, match="priority=2, but 49/KH-UBND has no urgency mark"):
        ke_hoach.metadata(priority=2)


def test_an_over_long_value_is_refused_never_cut(ke_hoach: vb.KeHoach) -> None:
    subject = "Cải cách " * 56  # 504 characters once stripped of its last space
    long = vb.KeHoach.model_validate(
        {**ke_hoach.model_dump(exclude_none=True), "trich_yeu": subject}
    )
    with pytest.raises(vb.ValidationError) as caught:
        long.metadata()
    assert [p.path for p in caught.value.problems] == ["Subject"]
    assert "has 503 characters, over the 500 of Subject (Trích yếu nội dung" in str(caught.value)
    with pytest.raises(vb.ValidationError, match="PageAmount: 1000 has 4 digits, over the 3"):
        ke_hoach.metadata(page_amount=1000)
    with pytest.raises(vb.ValidationError, match=r"FileCode\.OrganId: '000\.00\.00\.H260' has 14"):
        ke_hoach.metadata(organ_id="000.00.00.H260")


# Vietnamese letters, precomposed and decomposed (NFD: a letter and its marks), and spaces inside.
LETTERS = st.sampled_from(["a", "ă", "ệ", "Đ", "ữ", "e\u0302\u0301", "o\u031b\u0300", "1", "-"])


@settings(max_examples=60, deadline=None)
@given(spec=st.sampled_from([f for f in FIELDS if f.kieu == "String" and f.name != "CodeNumber"]),
       extra=st.integers(-3, 3), letter=LETTERS)  # fmt: skip
def test_a_string_fits_up_to_its_length_in_nfc(spec: Any, extra: int, letter: str) -> None:
    size = spec.do_dai + extra  # characters as the reader sees them (NFC), at the limit and past it
    text = letter * size
    data = _nested(spec.name, text)
    nfc = unicodedata.normalize("NFC", text)
    assert len(nfc) == size
    if size <= spec.do_dai:
        record = Metadata.model_validate(data)
        assert dict(record.flat())[spec.name] == nfc  # kept whole, in NFC
    else:
        with pytest.raises(vb.ValidationError) as caught:
            Metadata.model_validate(data)
        assert [p.path.replace("[0]", "") for p in caught.value.problems] == [spec.name]
        assert f"has {size} characters, over the {spec.do_dai} of {spec.name}" in str(caught.value)


@settings(max_examples=60, deadline=None)
@given(spec=st.sampled_from([f for f in FIELDS if f.kieu == "Number"]), digits=st.integers(1, 6))
def test_a_number_fits_up_to_its_digits(spec: Any, digits: int) -> None:
    value = 10**digits - 1  # the largest number of that many digits
    data = _nested(spec.name, value)
    if digits <= spec.do_dai:
        assert dict(Metadata.model_validate(data).flat())[spec.name] == value
    else:
        with pytest.raises(
            vb.ValidationError, match=f"has {digits} digits, over the {spec.do_dai}"
        ):
            Metadata.model_validate(data)


def _nested(name: str, value: Any) -> dict[str, Any]:
    head, _, leaf = name.partition(".")
    if not leaf:
        return {head: value}
    return {head: [{leaf: value}] if head == "To" else {leaf: value}}


def test_wrong_types_are_refused_not_converted() -> None:
    with pytest.raises(vb.ValidationError) as caught:
        Metadata.model_validate(
            {"PageAmount": "9", "Priority": True, "CodeNotation": 5, "DueDate": "15/02/2022"}
        )
    assert [p.path for p in caught.value.problems] == [
        "CodeNotation",
        "PageAmount",
        "Priority",
        "DueDate",
    ]
    assert "'15/02/2022' is not a date written YYYY-MM-DD" in str(caught.value)


# --- JSON and XML ---------------------------------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1
).map(lambda t: unicodedata.normalize("NFC", t).strip())


def _text(length: int) -> st.SearchStrategy[str | None]:
    return st.none() | TEXT.filter(lambda t: 0 < len(t) <= length)


def _number(digits: int) -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(0, 10**digits - 1)


DATES = st.none() | st.dates(date(1000, 1, 1), date(9999, 12, 31))
RECORDS = st.builds(
    Metadata.model_validate,
    st.fixed_dictionaries(
        {
            "FileCode": st.none()
            | st.fixed_dictionaries(
                {"OrganId": _text(13), "FileCatalog": _number(4), "FileNotation": _text(20)}
            ),
            "DocOrdinal": _number(3),
            "TypeName": _text(100),
            "CodeNumber": st.none() | st.integers(1, 10**11 - 1).map(lambda n: f"{n:02d}"),
            "CodeNotation": _text(30),
            "IssuedDate": DATES,
            "OrganName": _text(200),
            "Subject": _text(500),
            "Language": _text(30),
            "PageAmount": _number(3),
            "Description": _text(500),
            "SignerInfo": st.none()
            | st.fixed_dictionaries({"Position": _text(100), "FullName": _text(50)}),
            "To": st.lists(
                st.fixed_dictionaries({"OrganId": _text(13), "OrganName": _text(200)}), max_size=3
            ),
            "Priority": _number(1),
            "IssuedAmount": _number(3),
            "DueDate": DATES,
        }
    ),
)


@settings(max_examples=80, deadline=None)
@given(record=RECORDS)
def test_json_reads_back_the_same_record(record: Metadata) -> None:
    assert Metadata.from_json(record.to_json()) == record


@settings(max_examples=80, deadline=None)
@given(record=RECORDS)
def test_xml_reads_back_the_same_record(record: Metadata) -> None:
    written = record.to_xml()
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<Metadata")
    assert from_xml(written) == record


def test_the_plans_xml(ke_hoach: vb.KeHoach) -> None:
    written = ke_hoach.metadata(organ_id="000.00.00.H26").to_xml().decode("utf-8")
    assert written.splitlines()[:12] == [
        "<?xml version='1.0' encoding='UTF-8'?>",
        "<Metadata>",
        "  <FileCode>",
        "    <OrganId>000.00.00.H26</OrganId>",
        "  </FileCode>",
        "  <TypeName>Kế hoạch</TypeName>",
        "  <CodeNumber>49</CodeNumber>",
        "  <CodeNotation>KH-UBND</CodeNotation>",
        "  <IssuedDate>2022-01-29</IssuedDate>",
        "  <OrganName>Ủy ban nhân dân xã Gia Lương</OrganName>",
        "  <Subject>Cải cách hành chính nhà nước năm 2022</Subject>",
        "  <Language>vi</Language>",
    ]
    assert written.count("<To>") == 6 and "<Priority>0</Priority>" in written


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        ("<Metadata><Pages>3</Pages></Metadata>", "Pages: not a field of Metadata"),
        (
            "<Metadata><SignerInfo><Title>x</Title></SignerInfo></Metadata>",
            "SignerInfo.Title: not a field of SignerInfo",
        ),
        (
            "<Metadata><Subject>a</Subject><Subject>b</Subject></Metadata>",
            "Subject: given twice",
        ),
        ("<Metadata><Subject><b>a</b></Subject></Metadata>", "Subject: holds elements"),
        ("<Record/>", "the root element is <Record>, not <Metadata>"),
        (
            '<!DOCTYPE Metadata [<!ENTITY x "y">]><Metadata><Subject>&x;</Subject></Metadata>',
            "declares a DOCTYPE",
        ),
        ("<Metadata><PageAmount>nine</PageAmount></Metadata>", "PageAmount: 'nine'"),
        ("<Metadata><Subject>a</Metadata>", "not well-formed XML"),
    ],
)
def test_xml_that_is_not_a_record_is_refused(xml: str, problem: str) -> None:
    with pytest.raises(vb.ValidationError, match=problem.replace("[", r"\[").replace(".", r"\.")):
        from_xml(xml, source="m.xml")


# --- files read back ------------------------------------------------------------------------------


def test_a_rendered_docx_says_what_its_properties_carry(
    ke_hoach: vb.KeHoach, tmp_path: Path
) -> None:
    path = vb.render(ke_hoach).save(tmp_path / "kh.docx")
    record = from_docx(path)
    assert record.to_dict() == {
        **{key: None for key in PLAN_RECORD},
        "To": [],
        "TypeName": "Kế hoạch",
        "CodeNumber": "49",
        "CodeNotation": "KH-UBND",
        "IssuedDate": "2022-01-29",
        "OrganName": "Ủy ban nhân dân xã Gia Lương",
        "Subject": "Cải cách hành chính nhà nước năm 2022",
    }
    assert "PageAmount" in record.unknown() and "SignerInfo.FullName" in record.unknown()


def test_a_rendered_drafts_docx_has_its_notation_only(ke_hoach: vb.KeHoach, tmp_path: Path) -> None:
    draft = ke_hoach.model_copy(update={"so": None, "ngay": None})
    record = from_docx(vb.render(draft).save(tmp_path / "du-thao.docx"))
    assert (record.code_number, record.code_notation, record.issued_date) == (None, "KH-UBND", None)


def test_a_docx_vanban_did_not_make_says_nothing(tmp_path: Path) -> None:
    other = docx.Document()
    other.core_properties.title = "Biên bản họp"
    other.core_properties.subject = "12/KH-UBND"  # a code, but no kind in its keywords
    other.save(str(tmp_path / "other.docx"))
    assert from_docx(tmp_path / "other.docx") == Metadata()


def test_a_damaged_docx_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    with pytest.raises(MetadataError, match=r"bad\.docx.*not a readable \.docx"):
        from_docx(tmp_path / "bad.docx")
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("docProps/core.xml", "<a>" + " " * 2_000_000 + "</a>")  # ratio > 100
    with pytest.raises(MetadataError, match=r"bomb\.docx"):
        from_docx(tmp_path / "bomb.docx")


def test_a_pdf_without_vanbans_properties_gives_its_page_count(tmp_path: Path) -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Biên bản", "/Subject": "49/KH-UBND"})
    with (tmp_path / "scan.pdf").open("wb") as handle:
        writer.write(handle)
    assert from_pdf(tmp_path / "scan.pdf") == Metadata(page_amount=3)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 nothing")
    with pytest.raises(MetadataError, match=r"bad\.pdf: not a readable PDF"):
        from_pdf(tmp_path / "bad.pdf")


@pytest.fixture(scope="module")
def plan_pdf(converter: PdfConverter, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plan")
    plan = vb.load(KE_HOACH_YAML)
    return converter.convert(vb.render(plan).save(folder / "ke_hoach_cchc_2022.docx"))


def pdfinfo_pages(pdf: Path) -> int:
    """The page count as poppler's pdfinfo reads it (another reader than pypdf)."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in out.splitlines() if line.startswith("Pages:")).split()[1])


def test_page_amount_is_the_rendered_pdfs_page_count(ke_hoach: vb.KeHoach, plan_pdf: Path) -> None:
    pages = pdfinfo_pages(plan_pdf)
    assert pages > 1  # the plan and its Phụ lục take several pages
    assert ke_hoach.metadata().page_amount is None  # a model alone does not know
    record = ke_hoach.metadata(pdf=plan_pdf)
    assert record.to_dict() == {**PLAN_RECORD, "PageAmount": pages}
    assert from_pdf(plan_pdf, ke_hoach) == record


def test_a_pdf_says_what_vanban_wrote_into_it(plan_pdf: Path) -> None:
    assert from_pdf(plan_pdf).to_dict() == {
        **{key: None for key in PLAN_RECORD},
        "To": [],
        "TypeName": "Kế hoạch",
        "CodeNumber": "49",
        "CodeNotation": "KH-UBND",
        "OrganName": "Ủy ban nhân dân xã Gia Lương",
        "Subject": "Cải cách hành chính nhà nước năm 2022",
        "PageAmount": pdfinfo_pages(plan_pdf),
    }  # its creation date is the conversion's, not the date of issue: IssuedDate unknown


def test_the_pdf_of_another_document_is_refused(plan_pdf: Path) -> None:
    with pytest.raises(MetadataError, match="the PDF is of 49/KH-UBND, not of 3722/VPCP-CN"):
        vb.load(CONG_VAN_YAML).metadata(pdf=plan_pdf)
    with pytest.raises(MetadataError, match="give page_amount or pdf, not both"):
        from_document(vb.load(KE_HOACH_YAML), page_amount=3, pdf=plan_pdf)


# --- vanban metadata ------------------------------------------------------------------------------


def test_cli_prints_the_record_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metadata", str(KE_HOACH_YAML)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == PLAN_RECORD
    assert err == (
        f"vanban: {KE_HOACH_YAML}: no value for FileCode.OrganId, FileCode.FileCatalog, "
        "FileCode.FileNotation, DocOrdinal, PageAmount, Description, To.OrganId, IssuedAmount, "
        "DueDate\n"
    )


def test_cli_prints_the_record_as_xml(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metadata", str(KE_HOACH_YAML), "--xml", "--organ-id", "000.00.00.H26"]) == 0
    out = capsys.readouterr().out
    assert from_xml(out.encode("utf-8")) == vb.load(KE_HOACH_YAML).metadata(
        organ_id="000.00.00.H26"
    )


def test_cli_reads_a_rendered_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = vb.render(vb.load(CONG_VAN_YAML)).save(tmp_path / "cv.docx")
    assert main(["metadata", str(path)]) == 0
    out, err = capsys.readouterr()
    assert (json.loads(out)["CodeNumber"], json.loads(out)["CodeNotation"]) == ("3722", "VPCP-CN")
    assert err.startswith(f"vanban: {path}: no value for FileCode.OrganId,")
    assert "SignerInfo.Position, SignerInfo.FullName, To, Priority" in err


def test_cli_pdf_of_a_data_file(plan_pdf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metadata", str(KE_HOACH_YAML), "--pdf", str(plan_pdf)]) == 0
    assert json.loads(capsys.readouterr().out)["PageAmount"] == pdfinfo_pages(plan_pdf)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notes.txt"], "notes.txt: not a data file (.yaml, .json), a .docx or a .pdf"),
        (["missing.yaml"], "missing.yaml"),
        (["draft.yaml"], "du-thao-KH-UBND: a draft has no CodeNumber and IssuedDate yet"),
        (["plan.docx", "--organ-id", "X"], "--organ-id goes with a data file"),
        (["bad.pdf"], "bad.pdf: not a readable PDF (PDF starts with '{} ', but '%PDF-' expected)"),
    ],
)
def test_cli_bad_input_is_a_message_not_a_traceback(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = vb.load(KE_HOACH_YAML).model_dump(mode="json", exclude_none=True)
    (tmp_path / "draft.yaml").write_text(
        json.dumps({key: value for key, value in data.items() if key not in ("so", "ngay")}),
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "bad.pdf").write_text("{}\n", encoding="utf-8")
    vb.render(vb.load(KE_HOACH_YAML)).save(tmp_path / "plan.docx")
    assert main(["metadata", *(str(tmp_path / args[0]), *args[1:])]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("vanban: ") and message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_cli_partial_record_of_a_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = vb.load(KE_HOACH_YAML).model_dump(mode="json", exclude_none=True)
    del data["so"], data["ngay"]
    (tmp_path / "draft.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["metadata", str(tmp_path / "draft.json"), "--partial"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["CodeNumber"], record["CodeNotation"], record["IssuedDate"]) == (
        None,
        "KH-UBND",
        None,
    )


# --- layers ---------------------------------------------------------------------------------------


def test_the_models_reach_the_metadata_only_from_the_method() -> None:
    """The metadata layer sits above the models (it imports them); the models reach it only
    through VanBan.metadata's import inside the method."""
    package = ROOT / "src" / "vanban"
    users = sorted(
        path.name
        for path in (package / "models").glob("*.py")
        if any(name.startswith("vanban.metadata") for name in imported(path))
    )
    assert users == ["van_ban.py"]
    tree = ast.parse((package / "models" / "van_ban.py").read_text(encoding="utf-8"))
    top = [
        node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vanban.metadata")
    ]
    assert top == []  # (under TYPE_CHECKING only, for the return type)
    for layer in ("text", "typeset", "render"):
        for path in (package / layer).glob("*.py"):
            assert not any(n.startswith("vanban.metadata") for n in imported(path)), path
