""".docx packages made safe for LibreOffice: no external link survives into the conversion.

LibreOffice resolves what a package links to: an image a template links with ``file:///…`` (or
``http://…``) is read and embedded into the PDF, so an uploaded template could publish the
server's files. Before a .docx reaches LibreOffice, :func:`without_links` therefore

- **strips** every relationship that points outside the package (``TargetMode="External"``, or a
  target that is a URL, a UNC path or a drive path) together with the attributes that use it:
  linked images (``a:blip r:link``, VML ``r:href``), an attached template, subdocuments, linked
  OLE objects, frames, mail-merge data sources. The document stays convertible; a linked image
  is left out, as if the file were missing. Hyperlinks are kept when a hyperlink uses them: they
  become links in the PDF and are never fetched;
- **refuses** (:class:`~vanban.pdf.PdfError`) fields that pull another file's content into the
  document: ``INCLUDETEXT``, ``INCLUDEPICTURE``, ``INCLUDE``, ``LINK``, ``DDE``, ``DDEAUTO``,
  ``IMPORT``, and alternative-format chunks (``w:altChunk``: HTML or RTF that may link files).
  Their text is part of what the signer approves; dropping or updating it silently would change
  the document. In Word, "unlink" the field (select it, Ctrl+Shift+F9) to keep the text it shows.

Every XML part is parsed without entities, DTDs or network access. The source file is never
changed: a rewritten copy goes into a temporary folder.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from vanban.errors import VanBanError
from vanban.render.package import safe_parser

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = f"{R}/hyperlink"
ALT_CHUNK = f"{R}/aFChunk"

# Fields whose result is another file's content (ECMA-376 Part 1, §17.16.5).
INCLUDE_FIELDS = frozenset({"INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDE", "DDEAUTO",
                            "IMPORT"})  # fmt: skip
# The only places a hyperlink relationship may be used from.
HYPERLINK_USERS = frozenset({(W, "hyperlink"), (A, "hlinkClick"), (A, "hlinkHover")})

# The largest XML part read for checking (inflated); real documents stay far below it.
MAX_PART = 256 * 1024 * 1024

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class LinkError(VanBanError):
    """A .docx whose content would come from another file (an include field, an altChunk)."""


@dataclass(frozen=True)
class Stripped:
    """One external link left out: the part that used it, the relationship type and target."""

    part: str
    kind: str
    target: str

    def __str__(self) -> str:
        return f"{self.part}: {self.kind} link to {self.target!r}"


def without_links(source: Path, workdir: Path) -> tuple[Path, list[Stripped]]:
    """``source`` itself when it links nothing outside the package, else a copy in ``workdir``
    without those links; and what was left out. Raises :class:`LinkError` naming the part and
    the field for a document that includes another file's content."""
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        changed: dict[str, bytes] = {}
        stripped: list[Stripped] = []
        for name in names:
            if _is_rels(name):
                _strip_rels(archive, name, names, changed, stripped)
        for name in names:
            if name.endswith(".xml") and name not in changed:
                _refuse_includes(name, _read(archive, name))
            elif name in changed:
                _refuse_includes(name, changed[name])
        if not changed:
            return source, []
        target = workdir / source.name
        workdir.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                if info.filename in changed:
                    out.writestr(info, changed[info.filename], zipfile.ZIP_DEFLATED)
                else:
                    with archive.open(info) as src, out.open(info, "w") as dst:
                        shutil.copyfileobj(src, dst, 1024 * 1024)
    return target, stripped


def _is_rels(name: str) -> bool:
    path = PurePosixPath(name)
    return path.suffix == ".rels" and path.parent.name == "_rels"


def _source_part(rels: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``; the package's own -> ``""``."""
    path = PurePosixPath(rels)
    folder = path.parent.parent
    name = path.name[: -len(".rels")]
    return str(folder / name) if str(folder) != "." else name


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART:
        raise LinkError(f"{name}: {info.file_size} bytes inflated, more than {MAX_PART} to check")
    return archive.read(info)


def _parse(name: str, data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise LinkError(f"{name}: not well-formed XML ({error})") from None


def _points_outside(relationship: etree._Element) -> bool:
    target = relationship.get("Target", "")
    return (
        relationship.get("TargetMode") == "External"
        or bool(_SCHEME.match(target))  # file:, http:, smb:, C: ...
        or target.startswith(("\\\\", "//"))  # UNC
    )


def _strip_rels(
    archive: zipfile.ZipFile,
    rels_name: str,
    names: list[str],
    changed: dict[str, bytes],
    stripped: list[Stripped],
) -> None:
    rels = _parse(rels_name, _read(archive, rels_name))
    part = _source_part(rels_name)
    removed: set[str] = set()
    hyperlinks: set[str] = set()
    for relationship in list(rels.iter(f"{{{PACKAGE_RELS}}}Relationship")):
        kind = relationship.get("Type", "")
        if kind == ALT_CHUNK:
            raise LinkError(
                f"{part}: an alternative-format chunk (w:altChunk, {relationship.get('Target')!r})"
                " brings in content LibreOffice would import with its own links; save the "
                "document in Word as .docx to merge it, then convert"
            )
        if not _points_outside(relationship):
            continue
        if kind == HYPERLINK:
            hyperlinks.add(relationship.get("Id", ""))
            continue
        removed.add(relationship.get("Id", ""))
        stripped.append(Stripped(part, kind.rsplit("/", 1)[-1], relationship.get("Target", "")))
        parent = relationship.getparent()
        assert parent is not None
        parent.remove(relationship)
    if part in names and part.endswith(".xml") and (removed or hyperlinks):
        root = _parse(part, _read(archive, part))
        if _drop_uses(root, removed, hyperlinks, part, stripped):
            changed[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                           standalone=True)  # fmt: skip
    if removed:
        changed[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                            standalone=True)  # fmt: skip


def _drop_uses(
    root: etree._Element,
    removed: set[str],
    hyperlinks: set[str],
    part: str,
    stripped: list[Stripped],
) -> bool:
    """Remove the attributes that refer to a removed relationship, and uses of a hyperlink
    relationship from anywhere but a hyperlink (an image must not load a hyperlink's target)."""
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element)
        for attribute, value in list(element.attrib.items()):
            if not str(attribute).startswith(f"{{{R}}}"):
                continue
            misused = value in hyperlinks and (tag.namespace, tag.localname) not in HYPERLINK_USERS
            if value in removed or misused:
                del element.attrib[attribute]
                changed = True
                if misused:
                    stripped.append(Stripped(part, tag.localname, value))
    return changed


def _refuse_includes(name: str, data: bytes) -> None:
    """Raise for a field that brings in another file's content. Word splits a field's
    instruction over several ``w:instrText`` runs, so the runs of each field are joined first."""
    if b"instrText" not in data and b"fldSimple" not in data:
        return
    root = _parse(name, data)
    fields: list[list[str]] = []  # the instructions of the open (possibly nested) fields
    for element in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText", f"{{{W}}}delInstrText",
                             f"{{{W}}}fldSimple"):  # fmt: skip
        local = etree.QName(element).localname
        if local == "fldSimple":
            _check_field(name, element.get(f"{{{W}}}instr", ""))
        elif local in ("instrText", "delInstrText"):
            if fields:
                fields[-1].append(element.text or "")
        else:
            kind = element.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                fields.append([])
            elif kind in ("separate", "end") and fields:
                _check_field(name, "".join(fields[-1]))
                if kind == "end":
                    fields.pop()


def _check_field(name: str, instruction: str) -> None:
    words = instruction.split()
    if words and words[0].upper() in INCLUDE_FIELDS:
        raise LinkError(
            f"{name}: field {instruction.strip()!r} brings in another file's content; vanban "
            "does not convert documents that include files. In Word, select the field and "
            "unlink it (Ctrl+Shift+F9) to keep the text it shows"
        )
