"""vanban.Template against docxtpl: same output for the same template and context, many times faster.

Outputs are compared part by part after XML canonicalisation (C14N), which ignores where namespace
declarations sit and the order of attributes: what is left is the text and structure.
"""

from __future__ import annotations

import io
import struct
import threading
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing, RichText, RichTextParagraph
from lxml import etree

import vanban as vb
from vanban.render.context import build_context
from vanban.render.environment import make_environment

TRICKY = "A & B <tag> \"quoted\" 'single' </w:t> ]]> {{ not_a_var }}"


def docxtpl_render(template: bytes, context: dict[str, Any]) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(context, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def canonical_parts(package: bytes) -> dict[str, bytes]:
    out = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith((".xml", ".rels")) and name != "docProps/core.xml":
                out[name] = etree.tostring(etree.fromstring(data), method="c14n")
            elif name == "docProps/core.xml":  # the values; docxtpl also writes empty elements
                root = etree.fromstring(data)
                skip = ("created", "modified", "revision", "lastModifiedBy")
                values = sorted(
                    (e.tag, e.text) for e in root if e.text and not e.tag.endswith(skip)
                )
                out[name] = repr(values).encode()
            else:
                out[name] = data
    return out


def assert_same_as_docxtpl(template: bytes, context: dict[str, Any]) -> bytes:
    ours = vb.Template(template).render(context)
    theirs = docxtpl_render(template, context)
    mine, reference = canonical_parts(ours), canonical_parts(theirs)
    assert sorted(mine) == sorted(reference)
    for name in reference:
        assert mine[name] == reference[name], name
    docx.Document(io.BytesIO(ours))  # reads back
    return ours


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def build(make: Any) -> bytes:
    document = docx.Document()
    make(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def loops_and_conditions(d: Any) -> None:
    d.add_paragraph("Kính gửi: {{ ten }} — {{ tricky }}")
    d.add_paragraph("{%p for muc in cac_muc %}")
    d.add_paragraph("{{ loop.index }}. {{ muc.ten }}")
    d.add_paragraph("{%p for y in muc.y %}")
    d.add_paragraph("- {{ y }}{% if loop.last %}.{% else %};{% endif %}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p if co_ghi_chu %}")
    d.add_paragraph("Ghi chú: {{ ghi_chu }}")
    d.add_paragraph("{%p else %}")
    d.add_paragraph("Không có ghi chú.")
    d.add_paragraph("{%p endif %}")
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Họ tên", "Số tiền"
    table.cell(1, 0).text = "{%tr for r in dong %}"
    table.cell(2, 0).text, table.cell(2, 1).text = "{{ r.ho_ten }}", "{{ r.so_tien }}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    d.sections[0].header.paragraphs[0].text = "Đầu trang {{ ten }}"
    d.sections[0].footer.paragraphs[0].text = "Chân trang {{ tricky }}"
    d.core_properties.title = "{{ ten }}"


CONTEXT = {
    "ten": "Ủy ban nhân dân xã Gia Lương",
    "tricky": TRICKY,
    "cac_muc": [{"ten": "Mục đích", "y": ["một", "hai & ba"]}, {"ten": "Yêu cầu", "y": []}],
    "co_ghi_chu": True,
    "ghi_chu": "dòng một\ndòng hai\tcó tab",
    "dong": [{"ho_ten": "Nguyễn Văn A", "so_tien": "1.000"}, {"ho_ten": "<b>", "so_tien": "&"}],
}


def test_loops_conditions_tables_headers_footers_properties() -> None:
    template = build(loops_and_conditions)
    out = assert_same_as_docxtpl(template, CONTEXT)
    document = docx.Document(io.BytesIO(out))
    texts = [p.text for p in document.paragraphs]
    assert f"Kính gửi: Ủy ban nhân dân xã Gia Lương — {TRICKY}" in texts
    assert "- hai & ba." in texts
    assert document.tables[0].cell(2, 0).text == "<b>"
    assert document.sections[0].footer.paragraphs[0].text == f"Chân trang {TRICKY}"
    assert document.core_properties.title == "Ủy ban nhân dân xã Gia Lương"
    assert assert_same_as_docxtpl(template, {**CONTEXT, "co_ghi_chu": False, "dong": []})


def test_rich_text_listing_and_paragraphs() -> None:
    def make(d: Any) -> None:
        d.add_paragraph("Trước {{r rich }} sau")
        d.add_paragraph("{{ listing }}")
        d.add_paragraph("{{p para }}")

    rich = RichText("đậm", bold=True)
    rich.add(" và nghiêng <&>", italic=True, color="#FF0000")
    para = RichTextParagraph()
    para.add("Đoạn riêng", parastyle="Title")
    context = {"rich": rich, "listing": Listing("a\nb\tc & <d>"), "para": para}
    assert_same_as_docxtpl(build(make), context)


def test_column_loops_fix_the_grid() -> None:
    def make(d: Any) -> None:
        table = d.add_table(rows=2, cols=3)
        for i, text in enumerate(["{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"]):
            table.cell(0, i).text = text
        table.cell(1, 0).text = "x"

    assert_same_as_docxtpl(build(make), {"cot": ["A", "B", "C"]})


@pytest.mark.parametrize("name", ["ke_hoach_cchc_2022.yaml", "bao_cao_cchc_quy_1_2022.yaml"])
def test_builtin_templates_same_as_docxtpl(name: str) -> None:
    from .conftest import EXAMPLES

    document = vb.load(EXAMPLES / name)
    template = vb.builtin_template(document.loai).read_bytes()
    assert_same_as_docxtpl(template, build_context(document))


def test_unchanged_parts_are_copied_as_they_are() -> None:
    template = vb.builtin_template("ke_hoach").read_bytes()
    out = vb.render(
        vb.load(Path(__file__).parent.parent / "examples" / "ke_hoach_cchc_2022.yaml")
    ).to_bytes()
    with zipfile.ZipFile(io.BytesIO(template)) as a, zipfile.ZipFile(io.BytesIO(out)) as b:
        assert a.namelist() == b.namelist()
        # the parts with template tags: the body, page 1's headers (ô 11, phạm vi lưu hành) and
        # footers (ô 13), each twice: the document's own section's and the final section's
        templated = [n for n in a.namelist() if b"{%" in a.read(n) or b"{{" in a.read(n)]
        assert templated == [
            "word/document.xml",
            "word/footer1.xml",
            "word/footer2.xml",
            "word/header2.xml",
            "word/header3.xml",
        ]
        for name in a.namelist():
            if name not in (*templated, "docProps/core.xml"):
                assert a.getinfo(name).CRC == b.getinfo(name).CRC, name
                assert a.getinfo(name).compress_size == b.getinfo(name).compress_size, name


def test_variables() -> None:
    assert vb.Template(build(loops_and_conditions)).variables == [
        "cac_muc",
        "co_ghi_chu",
        "dong",
        "ghi_chu",
        "ten",
        "tricky",
    ]
    assert "noi_dung" in vb.Template("ke_hoach").variables
    # One template per layout: every Mẫu 1.4 kind's places Kính gửi (empty for a Kế hoạch).
    assert "kinh_gui" in vb.Template("ke_hoach").variables
    assert vb.Template("bao_cao").name == vb.Template("to_trinh").name == "mau_1_4.docx"


def test_strictness() -> None:
    template = vb.Template(build(loops_and_conditions))
    with pytest.raises(vb.MissingVariablesError) as caught:
        template.render({"cac_muc": []})
    assert set(caught.value.names) >= {"ten", "tricky", "co_ghi_chu", "dong"}
    with pytest.raises(vb.UnstorableCharacterError, match=r"cac_muc\[0\]\.ten: holds U\+0002"):
        vb.render({**CONTEXT, "cac_muc": [{"ten": "a\x02", "y": []}]}, template=template)
    raw = vb.Template(build(lambda d: d.add_paragraph("{{ x | safe }}")))
    with pytest.raises(vb.TemplateError, match="not well-formed"):
        raw.render({"x": "<w:r>"})
    with pytest.raises(vb.TemplateError, match=r"not a \.docx"):
        vb.Template(b"not a zip")


def test_many_threads_on_one_template() -> None:
    template = vb.Template("ke_hoach")
    document = vb.load(Path(__file__).parent.parent / "examples" / "ke_hoach_cchc_2022.yaml")
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(5):
                changed = document.model_copy(update={"so": i * 10 + j + 1})
                results[i * 10 + j] = template.render(build_context(changed))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 40
    for key, data in results.items():
        header = docx.Document(io.BytesIO(data)).tables[0].cell(1, 0).text
        assert header == f"Số: {key + 1:02d}/KH-UBND"


def test_inline_images_go_through_docxtpl(tmp_path: Path) -> None:
    png = tmp_path / "dau.png"
    png.write_bytes(one_pixel_png())
    template = vb.Template(build(lambda d: d.add_paragraph("Dấu: {{ anh }}")))
    tpl = template.docxtpl()
    out = template.render(
        {"anh": InlineImage(tpl, str(png), width=Mm(10))}, properties={"title": "Ảnh"}
    )
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())
    assert docx.Document(io.BytesIO(out)).core_properties.title == "Ảnh"
