"""Untrusted templates: the sandbox, hostile packages, safe XML, concurrent docxtpl renders, and
data that must come back exactly as given (issue 10, items 1-4, 10 and 11).

Every hostile input is built here, in memory or in tmp_path, and bounded in size.
"""

from __future__ import annotations

import io
import random
import re
import threading
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import jinja2
import pytest
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import vanban as vb
from vanban.batching import batch
from vanban.pdf import PdfConverter, PdfError
from vanban.render.zipparts import Member, write_package

from .test_template import build, canonical_parts, one_pixel_png

MIB = 1024 * 1024


def parts_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def member(name: str, content: bytes, method: int = zipfile.ZIP_DEFLATED) -> Member:
    if method == zipfile.ZIP_STORED:
        return Member(name, method, zlib.crc32(content), len(content), content, (0, 0x21))
    return Member.from_bytes(name, content, (0, 0x21), 6)


def zip_of(parts: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``parts`` in order, names exactly as given (duplicates and odd names included)."""
    return write_package([member(name, data, method) for name, data in parts])


def paragraph_docx(*texts: str) -> bytes:
    def make(d: Any) -> None:
        for text in texts:
            d.add_paragraph(text)

    return build(make)


def with_parts(template: bytes, changes: dict[str, bytes | None]) -> bytes:
    """``template`` with some parts replaced; None removes one."""
    parts = parts_of(template)
    for name, value in changes.items():
        if value is None:
            parts.pop(name)
        else:
            parts[name] = value
    return zip_of(list(parts.items()))


def body_texts(package: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(package)).paragraphs]


# --- 1. the sandbox ------------------------------------------------------------------------------


class Secretive:
    """A value from the context with a private attribute and a method that changes it."""

    def __init__(self) -> None:
        self._secret = "s3cr3t"
        self.ten = "công khai"


ESCAPES = [
    # dunder access, on a value and on a filter's result
    "{{ ngay.__class__ }}",
    "{{ (ten|viet_hoa).__class__.__mro__ }}",
    "{{ ten['__class__'] }}",
    "{{ ten|attr('__class__') }}",
    # __globals__ through Jinja's own globals
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('id').read() }}",
    "{{ range.__self__ }}",
    # the template's own internals
    "{{ self._TemplateReference__context }}",
    # format-string attacks
    "{{ '{0.__class__.__mro__}'.format(ten) }}",
    "{% set f = '{0.__class__}'.format %}{{ f(ten) }}",
    "{{ '{a.__class__}'.format_map({'a': ten}) }}",
    "{{ '%s'|format(ten.__class__) }}",
    # attributes of what filters return, and of functions and generators
    "{{ (ds|map('upper')).gi_frame.f_globals }}",
    "{{ ds|map(attribute='__class__')|list }}",
    "{{ ds|sort(attribute='__class__')|list }}",
    "{{ ds|sap_xep('__class__') }}",
    "{{ ten.upper.__self__ }}",
    "{{ dict.fromkeys }}",
    # private attributes of the caller's objects, and mutation of the context
    "{{ obj._secret }}",
    "{{ ds.append('x') }}",
]


def context() -> dict[str, Any]:
    from datetime import date

    return {"ngay": date(2022, 1, 29), "ten": "Gia Lương", "ds": ["a", "b"], "obj": Secretive()}


@pytest.mark.parametrize("expression", ESCAPES)
def test_sandbox_refuses_every_escape_family(expression: str) -> None:
    template = vb.Template(paragraph_docx("Trước", f"Xem: {expression}"), name="attack.docx")
    with pytest.raises(vb.UnsafeTemplateError) as caught:
        template.render(context())
    message = str(caught.value)
    assert message.startswith("attack.docx: word/document.xml: the sandbox refused {")
    assert "refused" in message
    assert isinstance(caught.value, vb.TemplateError)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("{{ ten * 10000000 }}", "'*' would build 90000000 items, over 1000000"),
        ("{{ ds * 2000000 }}", "'*' would build 4000000 items, over 1000000"),
        ("{{ 2 ** 100000 }}", "'**' with the exponent 100000, over 1000"),
    ],
)
def test_one_expression_bombs_are_refused(expression: str, reason: str) -> None:
    template = vb.Template(paragraph_docx(expression), name="bomb.docx")
    with pytest.raises(vb.UnsafeTemplateError) as caught:
        template.render(context())
    assert str(caught.value) == (
        f"bomb.docx: word/document.xml: the sandbox refused {expression}: {reason}"
    )


def test_the_reported_expression_is_the_one_that_tried() -> None:
    template = vb.Template(
        paragraph_docx("{{ ten }} và {{ cycler.__init__.__globals__.os }}"), name="a.docx"
    )
    with pytest.raises(vb.UnsafeTemplateError) as caught:
        template.render(context())
    assert str(caught.value) == (
        "a.docx: word/document.xml: the sandbox refused {{ cycler.__init__.__globals__.os }}: "
        "access to attribute '__init__' of a 'type' object is refused"
    )


def test_a_shell_command_in_body_header_or_title_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    attack = f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"

    def in_header(d: Any) -> None:
        d.add_paragraph("{{ ten }}")
        d.sections[0].header.paragraphs[0].text = attack

    def in_title(d: Any) -> None:
        d.add_paragraph("{{ ten }}")
        d.core_properties.title = attack

    for make, part in [
        (lambda d: d.add_paragraph(attack), "word/document.xml"),
        (in_header, "word/header1.xml"),
        (in_title, "docProps/core.xml (dc:title)"),
    ]:
        template = build(make)
        with pytest.raises(vb.UnsafeTemplateError, match=re.escape(f": {part}: ")):
            vb.Template(template).render(context())
        with pytest.raises(vb.UnsafeTemplateError):
            vb.render(context(), template=template)
        path = tmp_path / "attack.docx"
        path.write_bytes(template)
        report = batch(path, [{"ten": "x"}], tmp_path / "out", workers=1)
        assert [f.row for f in report.failed] == [1]
        assert f"attack.docx: {part}: the sandbox refused" in report.failed[0].reason
    assert not marker.exists()


def test_the_inline_image_path_is_sandboxed_too(tmp_path: Path) -> None:
    png = tmp_path / "dau.png"
    png.write_bytes(one_pixel_png())
    template = vb.Template(paragraph_docx("{{ anh }}", "{{ cycler.__init__.__globals__ }}"))
    tpl = template.docxtpl()
    with pytest.raises(vb.UnsafeTemplateError, match=r"word/document\.xml: the sandbox refused"):
        template.render({"anh": InlineImage(tpl, str(png), width=Mm(5))})


def test_what_a_template_may_still_do() -> None:
    template = vb.Template(
        paragraph_docx(
            "{{ ngay|ngay_thang }}; {{ ten|viet_hoa }}; {{ ds|join(', ') }}; {{ d._an }}",
            "{{ '{0}-{1}'.format(ten, ds|length) }}; {{ ngay.year }}; {{ obj.ten }}",
            "{% for x in ds %}{{ loop.index }}{{ x }}{% endfor %}; {{ range(3)|list|length }}",
            "{% set ns = namespace(n=0) %}{% for x in ds %}{% set ns.n = ns.n + 1 %}"
            "{% endfor %}{{ ns.n }}; {{ ['b', 'a']|sap_xep|join }}",
        )
    )
    assert body_texts(template.render({**context(), "d": {"_an": "khóa riêng"}})) == [
        "ngày 29 tháng 01 năm 2022; GIA LƯƠNG; a, b; khóa riêng",
        "Gia Lương-2; 2022; công khai",
        "1a2b; 3",
        "2; ab",
    ]


def test_missing_variables_are_still_all_reported() -> None:
    template = vb.Template(paragraph_docx("{{ a }} {{ b.c }} {% for x in d %}{% endfor %}"))
    with pytest.raises(vb.MissingVariablesError) as caught:
        template.render({"b": {}})
    assert caught.value.names == ("a", "c (attribute of dict)", "d")


def test_own_filters_and_globals_are_passed_explicitly() -> None:
    source = paragraph_docx("{{ ten|dau }} {{ don_vi }}")
    with pytest.raises(vb.TemplateError, match="No filter named 'dau'"):
        vb.Template(source)
    template = vb.Template(
        source, filters={"dau": lambda s: f"«{s}»"}, globals={"don_vi": "xã Gia Lương"}
    )
    assert body_texts(template.render({"ten": "A"})) == ["«A» xã Gia Lương"]
    with pytest.raises(vb.UnsafeTemplateError):  # own globals are still behind the sandbox
        vb.Template(paragraph_docx("{{ f.__globals__ }}"), globals={"f": lambda: None}).render({})


def test_docxtpl_custom_jinja_filters_script_runs_through_template() -> None:
    """docxtpl's tests/custom_jinja_filters.py, its template rebuilt here (same paragraphs,
    including the curly quotes Word typed), rendered by vanban.Template and by docxtpl."""

    def my_filter_a(value: str, my_string_arg: str) -> str:
        return value + " " + my_string_arg

    def my_filter_b(value: float, my_float_arg: float) -> float:
        return value + my_float_arg

    filters = {"my_filterA": my_filter_a, "my_filterB": my_filter_b}
    source = paragraph_docx(
        "The float value is {{ base_value_float }}",
        "The string value is {{ base_value_string }}",
        "The filter modified float value is {{ base_value_float | my_filterB(2)}}",
        "The filter modified string value is {{ base_value_string | my_filterA(‘Deric’)}}",
    )
    context_ = {"base_value_string": " Hello", "base_value_float": 1.5}
    ours = vb.Template(source, filters=filters).render(context_)
    jinja_env = jinja2.Environment()
    jinja_env.filters.update(filters)
    tpl = DocxTemplate(io.BytesIO(source))
    tpl.render(context_, jinja_env)
    buffer = io.BytesIO()
    tpl.save(buffer)
    mine, theirs = canonical_parts(ours), canonical_parts(buffer.getvalue())
    assert mine["word/document.xml"] == theirs["word/document.xml"]
    assert body_texts(ours)[2:] == [
        "The filter modified float value is 3.5",
        "The filter modified string value is  Hello Deric",
    ]


# --- 2. zip bombs and limits ---------------------------------------------------------------------


def deflated_zeros(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MIB)
    out = [compressor.compress(chunk) for _ in range(size // MIB)]
    return b"".join(out) + compressor.flush()


def bomb(template: bytes, inflated: int) -> bytes:
    """``template`` plus a member ``word/media/bomb.bin`` of ``inflated`` zero bytes, written by
    hand so its data never exist inflated in this process."""
    crc = 0
    for _ in range(inflated // MIB):
        crc = zlib.crc32(bytes(MIB), crc)
    raw = deflated_zeros(inflated)
    members = [member(name, data) for name, data in parts_of(template).items()]
    members.append(
        Member("word/media/bomb.bin", zipfile.ZIP_DEFLATED, crc, inflated, raw, (0, 0x21))
    )
    return write_package(members)


def test_a_zip_bomb_is_refused_naming_the_member_within_bounded_memory() -> None:
    hostile = bomb(paragraph_docx("{{ ten }}"), 256 * MIB)
    assert len(hostile) < 2 * MIB
    tracemalloc.start()
    try:
        with pytest.raises(vb.PackageError) as caught:
            vb.Template(hostile, name="bomb.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value).startswith("bomb.docx: member 'word/media/bomb.bin' inflates more")
    assert "PackageLimits.max_ratio" in str(caught.value)
    assert peak < 64 * MIB


def test_each_limit_is_settable_and_named() -> None:
    noise = random.Random(0).randbytes(2 * MIB)  # 2 MiB that do not compress
    template = with_parts(paragraph_docx("x"), {"word/media/anh.bin": noise})
    vb.Template(template)  # within the defaults
    cases = [
        (vb.PackageLimits(max_part_bytes=MIB), "word/media/anh.bin' inflates to more than"),
        (vb.PackageLimits(max_total_bytes=MIB), "max_total_bytes"),
        (vb.PackageLimits(max_members=5), "max_members"),
        (vb.PackageLimits(max_ratio=1), "max_ratio"),
    ]
    for limits, expected in cases:
        hostile = bomb(template, 2 * MIB) if expected == "max_ratio" else template
        with pytest.raises(vb.PackageError, match=re.escape(expected)):
            vb.Template(hostile, limits=limits)
    with pytest.raises(ValueError, match="max_ratio must be a positive integer"):
        vb.PackageLimits(max_ratio=0)


def test_a_header_that_lies_about_the_size_is_caught() -> None:
    hostile = bytearray(paragraph_docx("{{ ten }}"))
    name = hostile.find(b"word/document.xml", hostile.find(b"PK\x01\x02"))
    entry = name - 46  # its central directory entry: the uncompressed size is at offset 24
    assert hostile[entry : entry + 4] == b"PK\x01\x02"
    hostile[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    with pytest.raises(vb.PackageError, match=r"word/document.xml'.*does not match its header"):
        vb.Template(bytes(hostile), name="liar.docx")


def test_every_real_template_passes_the_default_limits() -> None:
    for name in ("ke_hoach", "bao_cao"):
        vb.Template(name)


def test_vanban_pdf_checks_its_inputs_the_same_way(soffice: str, tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb(paragraph_docx("x"), 256 * MIB))
    with (
        PdfConverter() as converter,
        pytest.raises(PdfError, match=r"bomb\.docx: member 'word/media/bomb\.bin' inflates"),
    ):
        converter.convert(path, tmp_path / "bomb.pdf")
    assert not (tmp_path / "bomb.pdf").exists()


# --- 3. XML entities -----------------------------------------------------------------------------


def with_doctype(xml: bytes, doctype: str) -> bytes:
    declaration, _, rest = xml.partition(b"?>")
    return declaration + b"?>" + doctype.encode() + rest


def test_an_external_entity_never_reads_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "hostname"
    secret.write_text("may-chu-bi-mat")
    template = paragraph_docx("Máy: &xxe; {{ ten }}")
    document = parts_of(template)["word/document.xml"].replace(b"&amp;xxe;", b"&xxe;")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    hostile = with_parts(template, {"word/document.xml": with_doctype(document, doctype)})
    with pytest.raises(vb.PackageError, match=r"word/document.xml: declares a DOCTYPE"):
        vb.Template(hostile, name="xxe.docx")


def test_internal_entities_and_doctypes_in_any_part_are_refused() -> None:
    template = paragraph_docx("{{ ten }}")
    laughs = (
        '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    for part in ("word/document.xml", "word/styles.xml", "_rels/.rels", "docProps/core.xml"):
        parts = parts_of(template)
        parts[part] = with_doctype(parts[part], laughs)
        with pytest.raises(vb.PackageError, match=re.escape(f"{part}: declares a DOCTYPE")):
            vb.Template(zip_of(list(parts.items())))


def test_the_parser_is_explicit() -> None:
    from vanban.render.package import safe_parser

    parser = safe_parser()
    root = etree.fromstring(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', parser)
    assert root.text is None  # the entity is kept as a reference, not expanded
    assert [type(c).__name__ for c in root] == ["_Entity"]


# --- 4. package structure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil.txt", "'..' segment"),
        ("word/../../evil.txt", "'..' segment"),
        ("/etc/evil.txt", "an absolute path"),
        ("word\\evil.txt", "a backslash"),
        ("C:/evil.txt", "a drive letter"),
        ("word//evil.txt", "an empty"),
        ("word/evil\x01.txt", "a control character"),
    ],
)
def test_bad_member_names_are_refused(name: str, problem: str) -> None:
    hostile = zip_of([*parts_of(paragraph_docx("x")).items(), (name, b"evil")])
    with pytest.raises(vb.PackageError, match=re.escape(problem)) as caught:
        vb.Template(hostile, name="t.docx")
    assert str(caught.value).startswith(f"t.docx: member {name!r}")


def test_duplicate_members_are_refused() -> None:
    parts = list(parts_of(paragraph_docx("{{ ten }}")).items())
    for duplicate in ("word/document.xml", "WORD/Document.xml"):
        hostile = zip_of([*parts, (duplicate, b"<w:document/>")])
        with pytest.raises(vb.PackageError, match="appears twice"):
            vb.Template(hostile)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"_rels/.rels": None}, "the package has no _rels/.rels: not a Word document"),
        ({"word/document.xml": None}, "the main part 'word/document.xml' that _rels/.rels names"),
        ({"word/document.xml": b"not xml at all"}, "word/document.xml: not well-formed XML"),
        ({"word/styles.xml": b"<a><b></a>"}, "word/styles.xml: not well-formed XML"),
        ({"word/document.xml": b"<?xml version='1.0'?><x/>"}, "has no w:body"),
    ],
)
def test_broken_packages_say_what_is_wrong(change: dict[str, bytes | None], message: str) -> None:
    hostile = with_parts(paragraph_docx("{{ ten }}"), change)
    with pytest.raises(vb.PackageError, match=re.escape(message)):
        vb.Template(hostile)


def test_damaged_zips_say_what_is_wrong() -> None:
    template = paragraph_docx("{{ ten }}")
    with pytest.raises(vb.PackageError, match=r"not a \.docx \(zip\) file"):
        vb.Template(template[: len(template) // 2])
    stored = zip_of(list(parts_of(template).items()), zipfile.ZIP_STORED)
    start = stored.find(b"<w:body>")
    damaged = stored[:start] + b"X" + stored[start + 1 :]
    with pytest.raises(vb.PackageError, match="does not match its header"):
        vb.Template(damaged)


def test_a_comment_in_the_package_relationships_is_fine() -> None:
    template = paragraph_docx("{{ ten }}")
    rels = parts_of(template)["_rels/.rels"]
    with_comment = rels.replace(b"<Relationship ", b"<!-- a comment --><Relationship ", 1)
    out = vb.Template(with_parts(template, {"_rels/.rels": with_comment})).render({"ten": "A"})
    assert body_texts(out) == ["A"]


def test_folder_entries_are_not_parts() -> None:
    parts = list(parts_of(paragraph_docx("{{ ten }}")).items())
    out = vb.Template(zip_of([("word/", b""), *parts])).render({"ten": "A"})
    assert "word/" not in parts_of(out)


def test_the_number_of_tags_is_bounded() -> None:
    template = paragraph_docx(" ".join("{{ a }}" for _ in range(30)), "{% if a %}x{% endif %}")
    vb.Template(template, limits=vb.PackageLimits(max_tags=32))
    with pytest.raises(vb.TemplateError, match=r"holds 32 tags, over the limit of 31"):
        vb.Template(template, limits=vb.PackageLimits(max_tags=31))
    assert vb.PackageLimits().max_tags == 10_000


def test_tags_nested_too_deeply_are_a_template_error() -> None:
    depth = 3000
    template = paragraph_docx("{% if a %}" * depth + "x" + "{% endif %}" * depth)
    with pytest.raises(vb.TemplateError, match="too deeply"):
        vb.Template(template)


# --- 10. one bound tpl shared by many threads ----------------------------------------------------


def test_inline_images_on_one_shared_tpl_from_many_threads(tmp_path: Path) -> None:
    template = vb.Template(paragraph_docx("Số {{ so }}: {{ anh }}"))
    tpl = template.docxtpl()
    images = []
    for i in range(8):
        png = one_pixel_png().replace(b"\x00\xff\x00\x00\xff", bytes([0, i, 0, 0, 255]))
        path = tmp_path / f"anh{i}.png"
        path.write_bytes(png)
        images.append(path)
    results: dict[tuple[int, int], bytes] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work(i: int) -> None:
        try:
            barrier.wait()
            for j in range(6):
                context_ = {"so": f"{i}-{j}", "anh": InlineImage(tpl, str(images[i]))}
                results[i, j] = template.render(context_)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 48
    for (i, j), data in results.items():
        assert body_texts(data) == [f"Số {i}-{j}: "]
        media = [v for k, v in parts_of(data).items() if k.startswith("word/media/")]
        assert media == [images[i].read_bytes()], (i, j)


def test_a_tpl_of_another_template_is_refused(tmp_path: Path) -> None:
    png = tmp_path / "a.png"
    png.write_bytes(one_pixel_png())
    source = paragraph_docx("{{ anh }}")
    one = vb.Template(source)
    other = vb.Template(paragraph_docx("Khác {{ anh }}"))
    with pytest.raises(vb.TemplateError, match=r"not this template's.*template\.docxtpl\(\)"):
        one.render({"anh": InlineImage(other.docxtpl(), str(png))})
    same = vb.Template(source)  # the same bytes, loaded again: fine
    assert body_texts(one.render({"anh": InlineImage(same.docxtpl(), str(png))})) == [""]
    plain = DocxTemplate(io.BytesIO(paragraph_docx("{{ anh }}")))
    with pytest.raises(vb.TemplateError, match="not this template's"):
        one.render({"anh": InlineImage(plain, str(png))})


# --- 11. data come back exactly as given ---------------------------------------------------------

LOOKS_LIKE_TAGS = "{_{ a }_} {_% b %_} {{ c }} {% d %} {# e #} }_} %_}"


def test_text_that_looks_like_tags_comes_back_exactly(tmp_path: Path) -> None:
    template = vb.Template(paragraph_docx("{{ x }}", "Literal: {_{ y }_} {_% z %_}"))
    out = template.render({"x": LOOKS_LIKE_TAGS})
    assert body_texts(out) == [LOOKS_LIKE_TAGS, "Literal: {{ y }} {% z %}"]
    png = tmp_path / "a.png"
    png.write_bytes(one_pixel_png())
    tpl = template.docxtpl()
    through_docxtpl = template.render({"x": LOOKS_LIKE_TAGS, "anh": InlineImage(tpl, str(png))})
    assert body_texts(through_docxtpl) == [LOOKS_LIKE_TAGS, "Literal: {{ y }} {% z %}"]


def test_literal_tags_in_the_template_match_docxtpl() -> None:
    source = paragraph_docx("{_{ y }_} and {_% z %_} around {{ x }}")
    ours = canonical_parts(vb.Template(source).render({"x": "v"}))
    tpl = DocxTemplate(io.BytesIO(source))
    from vanban.render.environment import make_environment

    tpl.render({"x": "v"}, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    assert ours["word/document.xml"] == canonical_parts(buffer.getvalue())["word/document.xml"]


def test_line_ends_are_defined() -> None:
    template = vb.Template(paragraph_docx("{{ x }}"))
    expected = template.render({"x": "một\nhai\nba\nbốn"})
    for text in ("một\r\nhai\rba\nbốn", "một\r\nhai\r\nba\r\nbốn", "một\rhai\rba\rbốn"):
        out = template.render({"x": text})
        assert parts_of(out)["word/document.xml"] == parts_of(expected)["word/document.xml"]
        assert b"\r" not in parts_of(out)["word/document.xml"]
        assert b"&#13;" not in parts_of(out)["word/document.xml"]
    assert body_texts(expected) == ["một\nhai\nba\nbốn"]
    assert parts_of(expected)["word/document.xml"].count(b"<w:br/>") == 3


def test_core_properties_are_escaped_once(tmp_path: Path) -> None:
    def make(d: Any) -> None:
        d.add_paragraph("{{ anh|default('') }}")
        d.core_properties.title = "{{ t }}"
        d.core_properties.subject = "{{ t }} & co"

    template = vb.Template(build(make))
    for extra in ({}, {"anh": InlineImage(template.docxtpl(), str(_png(tmp_path)))}):
        out = template.render({"t": "A & B <C>", **extra})
        properties = docx.Document(io.BytesIO(out)).core_properties
        assert properties.title == "A & B <C>"
        assert properties.subject == "A & B <C> & co"


def _png(folder: Path) -> Path:
    path = folder / "p.png"
    path.write_bytes(one_pixel_png())
    return path


def test_template_render_refuses_unstorable_characters_like_render() -> None:
    template = vb.Template(paragraph_docx("{{ a.b[0] }}"))
    with pytest.raises(vb.UnstorableCharacterError, match=r"^a\.b\[0\]: holds U\+0002"):
        template.render({"a": {"b": ["x\x02"]}})
    with pytest.raises(vb.UnstorableCharacterError, match=r"^a: holds U\+FFFE"):
        vb.Template(paragraph_docx("{{ a }}")).render({"a": "\ufffe"})
    with pytest.raises(vb.UnstorableCharacterError, match=r"^a: holds U\+D800"):
        vb.Template(paragraph_docx("{{ a }}")).render({"a": "\ud800"})

    def title_only(d: Any) -> None:
        d.add_paragraph("không có thẻ")
        d.core_properties.title = "{{ t }}"

    with pytest.raises(vb.UnstorableCharacterError, match=r"^t: holds U\+0001"):
        vb.Template(build(title_only)).render({"t": "\x01"})


FIDELITY_TEMPLATE = vb.Template(paragraph_docx("«{{ x }}»"))


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="{}_%#\n\r\t&<>\"' aàẢđ\\;", max_size=40))
def test_any_text_comes_back_as_given(value: str) -> None:
    out = FIDELITY_TEMPLATE.render({"x": value})
    expected = value.replace("\r\n", "\n").replace("\r", "\n")
    assert body_texts(out) == [f"«{expected}»"]
