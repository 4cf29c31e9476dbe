"""Every part of every built-in template and of every rendered document keeps the OOXML schema order.

WordprocessingML declares the children of the property elements as an ``xsd:sequence``: each child
may appear at most once and only in the schema's order. Word refuses (or "repairs") a file whose
``w:tblPr``, ``w:pPr``, ``w:rPr`` or ``w:sectPr`` children are out of that order, even where
LibreOffice and python-docx read it without complaint. The lists below are the schema's sequences,
copied from ECMA-376 Part 1 (5th edition, 2016; = ISO/IEC 29500-1), section by section; a child that
is not in its list, out of order, or repeated fails the test.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

import vanban as vb

from .conftest import BAO_CAO_YAML, EXAMPLES, KE_HOACH_YAML
from .test_templates import load_builder

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# ECMA-376 Part 1, §17.3.1.26 pPr (Paragraph Properties): CT_PPr = CT_PPrBase's sequence, then
# rPr, sectPr, pPrChange. The pPr of a style or of a numbering level (CT_PPrGeneral, §17.7.5.2,
# §17.9.23) and of a pPrChange (CT_PPrBase) are prefixes of it, so one list serves all three.
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)

# ECMA-376 Part 1, §17.3.2.28 rPr (Run Properties): CT_RPr = EG_RPrBase, then rPrChange.
RPR_BASE = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)
RPR_ORDER = (*RPR_BASE, "rPrChange")

# ECMA-376 Part 1, §17.3.1.29 rPr (Run Properties for the Paragraph Mark): CT_ParaRPr = the
# revision marks ins, del, moveFrom, moveTo, then EG_RPrBase, then rPrChange.
PARA_RPR_ORDER = ("ins", "del", "moveFrom", "moveTo", *RPR_BASE, "rPrChange")

# ECMA-376 Part 1, §17.4.60 tblPr (Table Properties): CT_TblPr = CT_TblPrBase's sequence, then
# tblPrChange. The tblPr of a table style (§17.7.6.4) is CT_TblPrBase, a prefix of it.
TBL_PR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
)

# ECMA-376 Part 1, §17.6.17 sectPr (Document Final Section Properties) and §17.6.18 sectPr (Section
# Properties): CT_SectPr = EG_HdrFtrReferences (headerReference and footerReference, in any order,
# up to six), then EG_SectPrContents, then sectPrChange.
SECT_PR_REFERENCES = ("headerReference", "footerReference")
SECT_PR_ORDER = (
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def local(element: etree._Element) -> str:
    """The child's name as the schema writes it, namespace-qualified when it is not WordprocessingML."""
    name = etree.QName(element)
    return name.localname if name.namespace == W else f"{{{name.namespace}}}{name.localname}"


def order_problems(part: str, xml: bytes) -> Iterator[str]:
    """Every property element of ``xml`` whose children break the schema's sequence, described."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(xml, parser)
    for tag in ("pPr", "rPr", "tblPr", "sectPr"):
        for element in root.iter(f"{{{W}}}{tag}"):
            children = [local(c) for c in element if isinstance(c.tag, str)]
            if tag == "sectPr":
                head = 0
                while head < len(children) and children[head] in SECT_PR_REFERENCES:
                    head += 1
                if head > 6:
                    yield f"{part}: w:sectPr has {head} header/footer references, at most 6"
                children, order = children[head:], SECT_PR_ORDER
            elif tag == "rPr":
                parent = element.getparent()
                in_ppr = parent is not None and parent.tag == f"{{{W}}}pPr"
                order = PARA_RPR_ORDER if in_ppr else RPR_ORDER
            else:
                order = {"pPr": PPR_ORDER, "tblPr": TBL_PR_ORDER}[tag]
            problem = sequence_problem(children, order)
            if problem:
                path = root.getroottree().getpath(element)
                yield f"{part}: {path}: {problem} (children: {', '.join(children)})"


def sequence_problem(children: list[str], order: tuple[str, ...]) -> str | None:
    """Why ``children`` is not a subsequence of ``order`` (unknown, repeated, out of order)."""
    last = -1
    for name in children:
        if name not in order:
            return f"w:{name} is not a child the schema allows here"
        position = order.index(name)
        if position == last:
            return f"w:{name} appears twice"
        if position < last:
            return f"w:{name} comes after w:{order[last]}, the schema puts it before"
        last = position
    return None


def package_problems(docx: bytes | Path) -> list[str]:
    """The order problems of every XML part of a .docx package."""
    source = docx if isinstance(docx, Path) else io.BytesIO(docx)
    problems: list[str] = []
    with zipfile.ZipFile(source) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                problems.extend(order_problems(name, archive.read(name)))
    return problems


def test_the_checker_catches_each_kind_of_problem() -> None:
    def doc(body: str) -> bytes:
        return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()

    good = doc(
        "<w:tbl><w:tblPr><w:tblW/><w:jc/><w:tblBorders/><w:tblLayout/><w:tblLook/></w:tblPr>"
        "</w:tbl><w:p><w:pPr><w:pStyle/><w:keepNext/><w:widowControl/><w:rPr><w:b/></w:rPr>"
        "</w:pPr><w:r><w:rPr><w:rFonts/><w:b/><w:sz/><w:lang/></w:rPr></w:r></w:p>"
        "<w:sectPr><w:headerReference/><w:footerReference/><w:headerReference/><w:pgSz/>"
        "<w:titlePg/></w:sectPr>"
    )
    assert list(order_problems("good", good)) == []
    cases = {
        "<w:tbl><w:tblPr><w:tblW/><w:tblLayout/><w:tblBorders/></w:tblPr></w:tbl>": (
            "w:tblBorders comes after w:tblLayout, the schema puts it before"
        ),
        "<w:tbl><w:tblPr><w:tblLayout/><w:tblLayout/></w:tblPr></w:tbl>": (
            "w:tblLayout appears twice"
        ),
        "<w:p><w:pPr><w:jc/><w:keepNext/></w:pPr></w:p>": (
            "w:keepNext comes after w:jc, the schema puts it before"
        ),
        "<w:p><w:pPr><w:keepTogether/></w:pPr></w:p>": (
            "w:keepTogether is not a child the schema allows here"
        ),
        "<w:p><w:r><w:rPr><w:sz/><w:b/></w:rPr></w:r></w:p>": (
            "w:b comes after w:sz, the schema puts it before"
        ),
        "<w:p><w:r><w:rPr><w:ins/></w:rPr></w:r></w:p>": (
            "w:ins is not a child the schema allows here"
        ),
        "<w:sectPr><w:pgMar/><w:pgSz/></w:sectPr>": (
            "w:pgSz comes after w:pgMar, the schema puts it before"
        ),
        "<w:sectPr><w:pgSz/><w:headerReference/></w:sectPr>": (
            "w:headerReference is not a child the schema allows here"
        ),
    }
    for body, expected in cases.items():
        problems = list(order_problems("bad", doc(body)))
        assert len(problems) == 1 and expected in problems[0], (body, problems)
    seven = "<w:headerReference/>" * 7
    assert list(order_problems("bad", doc(f"<w:sectPr>{seven}</w:sectPr>"))) == [
        "bad: w:sectPr has 7 header/footer references, at most 6"
    ]


@pytest.mark.parametrize("name", ["mau_1_2", "mau_1_3_kem_theo", "mau_1_4", "mau_1_5"])
def test_shipped_templates_keep_the_schema_order(name: str) -> None:
    assert package_problems(vb.builtin_template(name)) == []


def test_a_freshly_built_template_keeps_the_schema_order() -> None:
    builder = load_builder()
    for layout in builder.LAYOUTS:
        assert package_problems(builder.build(layout)) == []


@pytest.mark.parametrize(
    "source",
    [KE_HOACH_YAML, BAO_CAO_YAML, EXAMPLES / "quyet_dinh_phe_duyet_ke_hoach.yaml"],
    ids=lambda p: p.stem,
)
def test_rendered_documents_keep_the_schema_order(source: Path) -> None:
    assert package_problems(vb.render(vb.load(source)).to_bytes()) == []
