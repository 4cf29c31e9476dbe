"""``vanban check FILE.docx --fix OUT.docx``: apply the edits a check's findings carry
(:mod:`vanban.kiem_tra.edits`) and write a new .docx (docs/kiem-tra.md, "Sửa lỗi").

- **Grades** (:data:`vanban.kiem_tra.report.Fix`): the edits of ``safe`` rules are always
  applied, those of ``guarded`` rules only with ``guarded=True`` (``--guarded``), those of
  ``suggest`` and ``none`` rules never.
- **Places.** An edit names a paragraph by its index in reading order and a span of its text;
  the fixer finds the paragraph's ``w:p`` and runs by the very walk the checker reads them with
  (:func:`vanban.kiem_tra.docx.open_docx`, :func:`~vanban.kiem_tra.docx.paragraph_runs`). A span
  that cuts a run splits it in two, each half keeping the run's properties (``w:rPr``); a
  replacement takes the formatting of the run where its span starts.
- **Only what changes is written again.** The main document part is serialised once at the end,
  every other member of the package is copied as it was (the same compressed bytes, the same
  order, the same names); in the document part, every element and attribute an edit does not
  touch stays (namespaces, ``mc:Ignorable``, elements vanban does not know).
- **Passes.** Two edits of one paragraph may overlap (the Số line's own fix and a double space
  inside it): the first is applied, the document is checked again and the next pass applies
  what is still to do, at most :data:`MAX_PASSES` times.
- **Refused:** a digitally signed package (a change breaks the signature) or one holding tracked
  changes (a fix would mix with changes a person has not accepted) raises
  :class:`vanban.errors.FixError`; the document can still be checked.
- **Text boxes** are fixed in the copy Word reads (``mc:Choice``); an older reader's copy
  (``mc:Fallback``) is left as it was.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from vanban.errors import FixError
from vanban.kiem_tra.core import Found, evaluate
from vanban.kiem_tra.docx import (
    TEXT_TAGS,
    Opened,
    W,
    child_text,
    open_docx,
    paragraph_runs,
    run_text,
)
from vanban.kiem_tra.edits import Edit, ReplaceText, SetAlignment, SetPage, SetRun
from vanban.kiem_tra.report import Finding, Fix, Report
from vanban.render import atomic_write
from vanban.render.package import DEFAULT_LIMITS, Package, PackageLimits, read_file
from vanban.render.zipparts import Member, write_package

MAX_PASSES = 4
"""How many times the document is checked and fixed again at most (see the module's docstring)."""

_W = f"{{{W}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SIGNATURE_ORIGIN = "/digital-signature/origin"  # ECMA-376 Part 2, §13.2.4
_REVISIONS = tuple(
    f"{_W}{tag}"
    for tag in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "moveFromRangeStart",
        "moveToRangeStart",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
        "customXmlInsRangeStart",
        "customXmlDelRangeStart",
        "customXmlMoveFromRangeStart",
        "customXmlMoveToRangeStart",
    )
)
"""Tracked changes (ECMA-376 Part 1, §17.13.5): a document holding any is not fixed."""

# The order of the children of w:rPr and w:pPr (ECMA-376 Part 1, §17.3.2.28, §17.3.1.26): Word
# refuses a document whose properties come in another order.
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath", "rPrChange",
)  # fmt: skip
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)  # fmt: skip
_FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
_PAGE_ATTRIBUTES = {
    "width": ("pgSz", "w"),
    "height": ("pgSz", "h"),
    "top": ("pgMar", "top"),
    "bottom": ("pgMar", "bottom"),
    "left": ("pgMar", "left"),
    "right": ("pgMar", "right"),
}

REASONS: dict[Fix, str] = {
    "safe": "",
    "guarded": "sửa có kiểm soát: chỉ sửa khi chạy với --guarded",
    "suggest": "chỉ gợi ý: người viết quyết định",
    "none": "không có cách sửa tự động",
}
"""Why a finding of each grade was left (``safe``: never left for its grade)."""


@dataclass(frozen=True)
class Skipped:
    """A finding the fixed file still has, and why it was not fixed."""

    finding: Finding
    reason: str


@dataclass(frozen=True)
class FixResult:
    """What :func:`fix` did: the findings it mended, those it left and why, and the check of the
    file it wrote."""

    source: str
    out: Path
    applied: tuple[Finding, ...]
    """The findings whose edits were applied, as the check that found them reported them."""
    skipped: tuple[Skipped, ...]
    """Every finding of the fixed file (:attr:`after`), with the reason it is still there."""
    before: Report
    """The check of the source."""
    after: Report
    """The check of the fixed file."""
    changed: tuple[str, ...]
    """The package's parts that were written again (none when nothing was fixed)."""


def fix(
    source: str | os.PathLike[str] | bytes,
    out: str | os.PathLike[str],
    *,
    guarded: bool = False,
    force: bool = False,
    limits: PackageLimits = DEFAULT_LIMITS,
    name: str | None = None,
) -> FixResult:
    """Check ``source`` (a path or the bytes of a .docx), apply the edits of its findings the
    grade allows (``safe``; ``guarded`` too with ``guarded=True``) and write the result to
    ``out`` atomically (a temporary file, then a rename).

    >>> result = fix("go-tay.docx", "go-tay-da-sua.docx")  # doctest: +SKIP
    >>> [f.rule for f in result.applied], result.after.compliant  # doctest: +SKIP

    Raises :class:`vanban.errors.FixError` for a signed document, one with tracked changes, an
    ``out`` that is the source, or one that exists (unless ``force``); a file that is not a
    safe, readable .docx raises :class:`vanban.PackageError`.
    """
    target = Path(out)
    if isinstance(source, bytes):
        data, label = source, name or "(bytes)"
    else:
        path = Path(source)
        label = name or str(path)
        if _same_file(path, target):
            raise FixError(f"{target}: is the file being fixed; write the fixed copy elsewhere")
        data = read_file(path, limits, name=label)
    if target.exists() and not force:
        raise FixError(f"{target}: exists already; choose another name, or replace it (--force)")
    fixed, applied, skipped, before, after, changed = _fix(data, label, guarded, limits)
    atomic_write(target, fixed)
    after = dataclasses.replace(after, source=str(target))
    return FixResult(label, target, applied, skipped, before, after, changed)


def refuse_reason(opened: Opened) -> str | None:
    """Why the document must not be changed (signed, tracked changes), or None."""
    package = opened.package
    signed = [m.name for m in package.members if m.name.casefold().startswith("_xmlsignatures/")]
    if not signed and "_rels/.rels" in package:
        signed = [
            str(rel.get("Target"))
            for rel in package.xml("_rels/.rels")
            if str(rel.get("Type", "")).endswith(_SIGNATURE_ORIGIN)
        ]
    if signed:
        return (
            f"is digitally signed ({signed[0]}); a fix would break the signature — it is "
            "checked, not fixed: fix the unsigned original and sign it again"
        )
    count = sum(1 for _ in opened.root.iter(*_REVISIONS))
    if count:
        return (
            f"holds {count} tracked change(s) (insertions, deletions, moves or formatting "
            "changes); it is checked, not fixed: accept or reject the changes in Word first"
        )
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _fix(
    data: bytes, name: str, guarded: bool, limits: PackageLimits
) -> tuple[bytes, tuple[Finding, ...], tuple[Skipped, ...], Report, Report, tuple[str, ...]]:
    """The fixed package's bytes, the findings mended, those left, the reports before and
    after, the parts written again."""
    opened = open_docx(data, limits, name=name)
    why = refuse_reason(opened)
    if why is not None:  # checked, never fixed: the error carries the check
        raise FixError(f"{name}: {why}", evaluate(opened.docx)[0])
    original: Package = opened.package
    before: Report | None = None
    applied: list[Finding] = []
    xml: bytes | None = None
    for number in range(MAX_PASSES + 1):
        report, found = evaluate(opened.docx)
        if before is None:
            before = report
        plan, left = _plan(opened, found, guarded=guarded, last=number == MAX_PASSES)
        if not plan:
            break
        done = _apply(opened, plan)
        earlier = {_key(f) for f in applied}  # a finding a later pass applies again: listed once
        applied += [f for f in done if _key(f) not in earlier]
        xml = _serialise(opened.root)
        opened = open_docx(_package(original, opened.part, xml), limits, name=name)
    assert before is not None
    if xml is None:
        return data, (), tuple(left), before, report, ()
    # applied, and gone from the fixed file (an edit that did not mend its finding is left)
    remaining = {_key(f) for f in report.findings}
    mended = tuple(f for f in applied if _key(f) not in remaining)
    fixed = _package(original, opened.part, xml)
    return fixed, mended, tuple(left), before, report, (opened.part,)


def package_bytes(opened: Opened) -> bytes:
    """The package of ``opened`` with its document part as edited (:func:`apply`); every other
    member as it was read."""
    return _package(opened.package, opened.part, _serialise(opened.root))


def _key(finding: Finding) -> tuple[str, int | None, str, str]:
    return finding.rule, finding.paragraph, finding.found, finding.expected


def _serialise(root: etree._Element) -> bytes:
    standalone = root.getroottree().docinfo.standalone
    if standalone is None:
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return bytes(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)
    )


def _package(original: Package, part: str, xml: bytes) -> bytes:
    """The original package with ``part`` replaced by ``xml``; every other member as it was."""
    return write_package(
        [
            Member.from_bytes(m.name, xml, m.date_time, 6) if m.name == part else m
            for m in original.members
        ]
    )


# Choosing the edits ------------------------------------------------------------------------------


def _plan(
    opened: Opened, found: list[Found], *, guarded: bool, last: bool
) -> tuple[list[tuple[Finding, tuple[Edit, ...]]], list[Skipped]]:
    """The findings whose edits this pass applies, and the others with the reason."""
    allowed: set[Fix] = {"safe", "guarded"} if guarded else {"safe"}
    plan: list[tuple[Finding, tuple[Edit, ...]]] = []
    left: list[Skipped] = []
    for rule, hit, finding in found:
        if rule.fix not in allowed:
            left.append(Skipped(finding, REASONS[rule.fix]))
            continue
        if not hit.edits:
            left.append(Skipped(finding, "quy tắc không tính được cách sửa ở chỗ này"))
            continue
        why = next((p for e in hit.edits if (p := problem(opened, e)) is not None), None)
        if why is not None:
            left.append(Skipped(finding, why))
        elif last:
            left.append(Skipped(finding, f"còn lại sau {MAX_PASSES} lượt sửa"))
        else:
            plan.append((finding, hit.edits))
    return plan, left


def problem(opened: Opened, edit: Edit) -> str | None:
    """Why ``edit`` cannot be applied to this document, or None."""
    if isinstance(edit, SetPage):
        if not 0 <= edit.section < len(opened.sections):
            return f"không có phần (section) {edit.section}"
        tag, _ = _PAGE_ATTRIBUTES[edit.property]
        if opened.sections[edit.section].find(f"{_W}{tag}") is None:
            return f"phần {edit.section + 1} không có w:{tag}"
        return None
    if not 0 <= edit.paragraph < len(opened.elements):
        return f"không có đoạn {edit.paragraph + 1}"
    if isinstance(edit, SetAlignment):
        return None
    p = opened.elements[edit.paragraph]
    runs = _runs(p)
    length = runs[-1][2] if runs else 0
    if length != len(opened.docx.paragraphs[edit.paragraph].text):
        return "chữ hoa định dạng (w:caps) đổi độ dài chữ của đoạn"
    if not 0 <= edit.start <= edit.end <= length:
        return f"khoảng {edit.start}-{edit.end} ra ngoài đoạn ({length} ký tự)"
    if isinstance(edit, ReplaceText):
        for r, start, end in runs:
            if end <= edit.start or start >= edit.end:
                continue
            position = start
            for child in r:
                size = len(child_text(child))
                inside = position < edit.end and position + size > edit.start
                if (
                    inside
                    and child.tag == f"{_W}br"
                    and child.get(f"{_W}type")
                    in (
                        "page",
                        "column",
                    )
                ):
                    return "khoảng chữ chứa ngắt trang hoặc ngắt cột"
                position += size
        if not runs and edit.text:
            return "đoạn không có run nào để ghi chữ vào"
    return None


# Applying them -----------------------------------------------------------------------------------


def _apply(opened: Opened, plan: list[tuple[Finding, tuple[Edit, ...]]]) -> list[Finding]:
    """Apply the plan's edits; the findings whose edits all were applied. Edits that do not move
    text come first; then the replacements, each paragraph's from its end, a replacement that
    overlaps one already taken being left to the next pass."""
    taken: dict[int, list[tuple[int, int]]] = {}
    chosen: list[tuple[Finding, tuple[Edit, ...]]] = []
    for finding, edits in plan:
        spans = [(e.paragraph, e.start, e.end) for e in edits if isinstance(e, ReplaceText)]
        if any(_overlaps(s, taken.get(p, [])) for p, *s in spans) or _self_overlap(spans):
            continue
        for p, start, end in spans:
            taken.setdefault(p, []).append((start, end))
        chosen.append((finding, edits))
    apply(opened, [e for _, es in chosen for e in es])
    return [finding for finding, _ in chosen]


def apply(opened: Opened, edits: Sequence[Edit]) -> None:
    """Apply ``edits`` to the XML of ``opened`` in place: first those that move no text (page,
    alignment, run properties), then the replacements, each paragraph's from its end, so that
    every span names the text as read. The replacements must not overlap; every edit must be
    possible (:func:`problem` says None)."""
    for edit in edits:
        if isinstance(edit, SetPage):
            tag, attribute = _PAGE_ATTRIBUTES[edit.property]
            element = opened.sections[edit.section].find(f"{_W}{tag}")
            assert element is not None
            element.set(f"{_W}{attribute}", str(edit.twips))
        elif isinstance(edit, SetAlignment):
            _set_alignment(opened.elements[edit.paragraph], edit.value)
        elif isinstance(edit, SetRun):
            p = opened.elements[edit.paragraph]
            for r in _cover(p, edit.start, edit.end):
                _set_run(r, edit)
    replacements = sorted(
        (e for e in edits if isinstance(e, ReplaceText)),
        key=lambda e: (e.paragraph, -e.start, -e.end),
    )
    for edit in replacements:
        _replace(opened.elements[edit.paragraph], edit)


def _overlaps(span: Iterable[int], taken: list[tuple[int, int]]) -> bool:
    start, end = span
    return any((start < b and a < end) or start == a or (a < start < b) for a, b in taken)


def _self_overlap(spans: list[tuple[int, int, int]]) -> bool:
    ordered = sorted(spans)
    return any(p == q and (b > c or a == c) for (p, a, b), (q, c, _) in itertools.pairwise(ordered))


def _runs(p: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """The paragraph's runs with the span of its text each holds."""
    out: list[tuple[etree._Element, int, int]] = []
    position = 0
    for r in paragraph_runs(p)[0]:
        size = len(run_text(r))
        out.append((r, position, position + size))
        position += size
    return out


def _cut(p: etree._Element, at: int) -> None:
    """Make ``at`` a run boundary of ``p``: split the run across it in two."""
    for r, start, end in _runs(p):
        if start < at < end:
            second = copy.deepcopy(r)
            second.tail = None
            _keep(r, 0, at - start)
            _keep(second, at - start, end - start)
            r.addnext(second)
            return


def _keep(r: etree._Element, low: int, high: int) -> None:
    """Keep only the characters ``low``-``high`` of run ``r`` (and what holds no text where it
    falls in that span; ``w:rPr`` always)."""
    position = 0
    total = len(run_text(r))
    for child in list(r):
        if child.tag == f"{_W}rPr":
            continue
        size = len(child_text(child))
        if size == 0:
            inside = low <= position < high or position == high == total
            if not inside:
                r.remove(child)
            continue
        a, b = max(low, position), min(high, position + size)
        if a >= b:
            r.remove(child)
        elif child.tag == f"{_W}t" and (a, b) != (position, position + size):
            child.text = (child.text or "")[a - position : b - position]
            child.set(_XML_SPACE, "preserve")
        position += size


def _cover(p: etree._Element, start: int, end: int) -> list[etree._Element]:
    """The runs holding exactly ``start``-``end`` of the paragraph's text (split as needed)."""
    _cut(p, start)
    _cut(p, end)
    return [r for r, a, b in _runs(p) if start <= a and b <= end and a < b]


def _replace(p: etree._Element, edit: ReplaceText) -> None:
    covered = _cover(p, edit.start, edit.end)
    new = _text_elements(edit.text)
    if covered:
        anchor = covered[0]
        old = [(r, [c for c in r if c.tag in TEXT_TAGS]) for r in covered]
        for element in new:
            old[0][1][0].addprevious(element)
        for r, children in old:
            for child in children:
                r.remove(child)
            if r is not anchor and all(c.tag == f"{_W}rPr" for c in r):
                r.getparent().remove(r)
        if not new and all(c.tag == f"{_W}rPr" for c in anchor):
            anchor.getparent().remove(anchor)
        return
    if not new:
        return
    runs = [(r, a, b) for r, a, b in _runs(p) if a < b]
    before = [r for r, _, b in runs if b == edit.start]
    if before:  # an insertion: into the run that ends there, else the one that starts there
        texts = [c for c in before[0] if c.tag in TEXT_TAGS]
        for element in reversed(new):
            texts[-1].addnext(element)
        return
    after = next((r for r, a, _ in runs if a == edit.start), None)
    anchor = after if after is not None else _runs(p)[0][0]
    texts = [c for c in anchor if c.tag in TEXT_TAGS]
    if texts:
        for element in new:
            texts[0].addprevious(element)
    else:
        anchor.extend(new)


def _text_elements(text: str) -> list[etree._Element]:
    """``text`` as a run's children: ``w:t`` pieces, ``w:tab`` for "\\t", ``w:br`` for "\\n"."""
    out: list[etree._Element] = []
    piece = ""
    for ch in text + "\0":
        if ch in "\t\n\0":
            if piece:
                t = etree.Element(f"{_W}t")
                t.text = piece
                t.set(_XML_SPACE, "preserve")
                out.append(t)
                piece = ""
            if ch == "\t":
                out.append(etree.Element(f"{_W}tab"))
            elif ch == "\n":
                out.append(etree.Element(f"{_W}br"))
        else:
            piece += ch
    return out


def _child(parent: etree._Element, tag: str, order: tuple[str, ...]) -> etree._Element:
    """``parent``'s child ``w:<tag>``, made in its place in ``order`` when missing."""
    found = parent.find(f"{_W}{tag}")
    if found is not None:
        return found
    made = etree.Element(f"{_W}{tag}")
    rank = order.index(tag)
    for child in parent:
        name = etree.QName(child)
        if name.namespace == W and name.localname in order and order.index(name.localname) > rank:
            child.addprevious(made)
            return made
    parent.append(made)
    return made


def _properties(element: etree._Element, tag: str) -> etree._Element:
    """``w:rPr`` of a run or ``w:pPr`` of a paragraph: always its first child."""
    found = element.find(f"{_W}{tag}")
    if found is None:
        found = etree.Element(f"{_W}{tag}")
        element.insert(0, found)
    return found


def _set_run(r: etree._Element, edit: SetRun) -> None:
    rpr = _properties(r, "rPr")
    if edit.property == "font":
        fonts = _child(rpr, "rFonts", _RPR_ORDER)
        for slot in _FONT_SLOTS:  # a theme font would win over the name (§17.3.2.26)
            fonts.set(f"{_W}{slot}", str(edit.value))
            fonts.attrib.pop(f"{_W}{slot}Theme", None)
        fonts.attrib.pop(f"{_W}cstheme", None)
    elif edit.property == "size":
        half_points = str(round(float(edit.value) * 2))
        for tag in ("sz", "szCs"):
            _child(rpr, tag, _RPR_ORDER).set(f"{_W}val", half_points)
    else:
        tag = "b" if edit.property == "bold" else "i"
        toggle = _child(rpr, tag, _RPR_ORDER)
        toggle.attrib.pop(f"{_W}val", None)
        if not edit.value:
            toggle.set(f"{_W}val", "0")


def _set_alignment(p: etree._Element, value: str) -> None:
    _child(_properties(p, "pPr"), "jc", _PPR_ORDER).set(f"{_W}val", value)
