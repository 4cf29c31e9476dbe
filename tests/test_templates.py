"""Templates as code: the committed templates are exactly what templates/build.py builds."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Pt

import vanban as vb
from vanban import builtin_template

from .conftest import KE_HOACH_YAML, ROOT


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "template_builder", ROOT / "templates" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_templates_match_the_builder(tmp_path: Path) -> None:
    builder = load_builder()
    builder.main(tmp_path)
    built = sorted(path.name for path in tmp_path.iterdir())
    shipped_dir = ROOT / "src" / "vanban" / "templates"
    # One template per layout, and nothing else shipped (ke_hoach.docx, bao_cao.docx are gone).
    assert (
        built
        == sorted(path.name for path in shipped_dir.glob("*.docx"))
        == [
            "mau_1_10.docx",
            "mau_1_2.docx",
            "mau_1_3_kem_theo.docx",
            "mau_1_4.docx",
            "mau_1_5.docx",
            "mau_1_6.docx",
            "mau_1_7.docx",
            "mau_1_8.docx",
            "mau_1_9.docx",
        ]
    )
    for name in built:
        shipped = builtin_template(name.removesuffix(".docx")).read_bytes()
        message = f"run `make templates`: src/vanban/templates/{name} is stale"
        assert (tmp_path / name).read_bytes() == shipped, message


@pytest.mark.parametrize(
    "name", ["mau_1_4", "ke_hoach", "bao_cao", "to_trinh", "Tờ trình", "TTr", "phieu_bao"]
)
def test_every_kind_of_a_layout_resolves_to_its_template(name: str) -> None:
    assert builtin_template(name) == ROOT / "src" / "vanban" / "templates" / "mau_1_4.docx"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "hop_dong",
            "vanban has no built-in template for Hợp đồng (hop_dong): NĐ 30/2020, Phụ lục III "
            "has no sample layout for it",
        ),
        ("mau_1_11", "vanban has no built-in template for layout 'mau_1_11' yet"),
    ],
)
def test_a_kind_without_a_template_names_its_layout(name: str, message: str) -> None:
    with pytest.raises(vb.TemplateError) as caught:
        builtin_template(name)
    assert str(caught.value) == message


@pytest.mark.parametrize("name", ["mau_/../../../tmp/x", "mau_1_4/../mau_1_4", "mau_x"])
def test_a_layout_name_is_never_a_path(name: str) -> None:
    with pytest.raises(ValueError, match="unknown document kind"):
        builtin_template(name)


def test_builder_is_reproducible(tmp_path: Path) -> None:
    builder = load_builder()
    assert builder.build("mau_1_4") == builder.build("mau_1_4")
    data = builder.build("mau_1_4")
    (tmp_path / "t.docx").write_bytes(data)
    with zipfile.ZipFile(tmp_path / "t.docx") as archive:
        assert archive.testzip() is None
        core = archive.read("docProps/core.xml").decode()
    assert "python-docx" not in core


# --- pagination properties (the PDF checks are in test_pdf_layout.py) ----------------------------

LEVELS = {"Khoan": "Khoan cuoi", "Diem": "Diem cuoi", "Y": "Y cuoi", "Doan": "Doan cuoi"}


@pytest.mark.parametrize("name", ["mau_1_4", "mau_1_5"])
def test_styles_carry_the_page_break_rules(name: str) -> None:
    document = docx.Document(str(builtin_template(name)))
    styles = document.styles
    assert styles["Normal"].paragraph_format.widow_control is True
    for heading in ("Chuong", "Chuong tieu de", "Dieu", "Muc", "Khoan tieu de"):
        fmt = styles[heading].paragraph_format
        assert (fmt.keep_with_next, fmt.keep_together) == (True, True), heading
    for level, last in LEVELS.items():
        assert styles[level].paragraph_format.keep_with_next is None, level
        assert styles[last].base_style.name == level
        assert styles[last].paragraph_format.keep_with_next is True
    for title in ("Noi nhan tieu de", "Chuc vu ky", "Cho ky"):
        assert styles[title].paragraph_format.keep_with_next is True, title
    for line in ("Noi nhan", "Ho ten ky"):
        assert styles[line].paragraph_format.keep_with_next is None, line
    signature = document.tables[-1]
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    spacer = signature._tbl.getprevious()
    assert spacer.tag == qn("w:p") and spacer.pPr.keepNext is not None
    # The body opens with a 1 pt paragraph, not the header table (see lead_in in build.py).
    lead_in = document.element.body[0]
    assert lead_in.tag == qn("w:p") and lead_in.pPr.spacing.line == Pt(1)
    assert lead_in.getnext() is document.tables[0]._tbl


def last_kind_document(kind: str) -> vb.KeHoach:
    closing = "Trên đây là nội dung cuối cùng."
    last: dict[str, object] = {
        "doan": {"muc": "Tổ chức", "noi_dung": ["Đoạn.", closing]},
        "y": {"muc": "Tổ chức", "noi_dung": [{"y": "Ý."}, {"y": closing}]},
        "diem": {"muc": "Tổ chức", "noi_dung": [{"khoan": "K", "noi_dung": [{"diem": closing}]}]},
        "khoan": {"muc": "Tổ chức", "noi_dung": [{"van_ban": "Khoản."}, {"van_ban": closing}]},
        "khoan_tieu_de": {"muc": "Tổ chức", "noi_dung": [{"khoan": closing}]},
        "muc": {"muc": closing},
    }
    data = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    data["noi_dung"] = [{"muc": "Mục đích", "noi_dung": [{"y": "Ý đầu."}]}, last[kind]]
    data.pop("phu_luc", None)  # the body's end, then the signature: nothing after it
    document = vb.from_dict(data)
    assert isinstance(document, vb.KeHoach)
    return document


@pytest.mark.parametrize(
    ("kind", "style"),
    [
        ("doan", "Doan cuoi"),
        ("y", "Y cuoi"),
        ("diem", "Diem cuoi"),
        ("khoan", "Khoan cuoi"),
        ("khoan_tieu_de", "Khoan tieu de"),
        ("muc", "Muc"),
    ],
)
def test_the_last_body_paragraph_is_kept_with_the_signature(kind: str, style: str) -> None:
    document = last_kind_document(kind)
    body = document.context()["noi_dung"]
    assert body[-1]["kieu"] == kind
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    paragraphs = [(p.style.name, p.text) for p in rendered.paragraphs if p.text]
    end = [text for _, text in paragraphs].index(body[-1]["dong"])
    assert paragraphs[end][0] == style
    # Only the last one: the same level earlier in the body keeps its own style.
    assert end == len(paragraphs) - 1  # the signature table follows
    assert all(not name.endswith(" cuoi") for name, _ in paragraphs[:end])
    assert ("Y", "- Ý đầu.") in paragraphs[:end]
