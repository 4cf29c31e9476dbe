"""Rendering: a document (or a plain context) into a .docx through a docxtpl-style template.

Templates are compiled once and cached (:class:`vanban.Template`); :func:`render` looks them up by
path (and modification time), built-in name or bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import threading
from collections.abc import Mapping
from datetime import datetime, time
from pathlib import Path
from typing import Any

from vanban.errors import TemplateError
from vanban.loai import LoaiVanBan
from vanban.models.van_ban import VanBan
from vanban.render.builtin import builtin_template
from vanban.render.context import build_context
from vanban.render.package import PackageLimits
from vanban.render.template import Template, locate

__all__ = [
    "PackageLimits",
    "Rendered",
    "Template",
    "atomic_write",
    "builtin_template",
    "get_template",
    "kem_theo_path",
    "render",
]

TemplateSource = str | os.PathLike[str] | bytes | Template


TEMP_PREFIX = ".vanban-"
"""Temporary files of atomic writes start with this; nothing else of vanban's does."""
_TEMP_NUMBERS = itertools.count()  # next() on a count is atomic in CPython: safe from threads
_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def atomic_write(target: str | os.PathLike[str], data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to ``target`` atomically: a temporary file beside it, fsync, then a rename.

    A crash or a full disk never leaves a half-written file at ``target``; the temporary file is
    removed on any error or interruption. ``durable=False`` skips the fsync, for outputs that
    can be made again: the write is still all-or-nothing for other processes (the rename), but
    after a power cut the file may be empty or missing (docs/performance.md: what fsync costs).
    The folder is made when it is missing. The file gets the mode a new file gets (0666 less the
    umask).
    """
    path = Path(target)
    fd, tmp = _temp_beside(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new file beside ``path``, open for writing, and its name: ``TEMP_PREFIX``, the name,
    the process id and a number of this process (unique among the writers of one folder; a
    name left by a crashed run is refused by ``O_EXCL`` and the next number taken)."""
    folder = os.fspath(path.parent)
    for _ in range(1000):
        tmp = os.path.join(
            folder, f"{TEMP_PREFIX}{path.name}.{os.getpid()}-{next(_TEMP_NUMBERS)}.tmp"
        )
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o666), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if path.parent.is_dir():
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
    raise FileExistsError(f"{path}: no free name for a temporary file beside it")


KEM_THEO_SUFFIX = "-kem-theo"
"""Added to the decision's file name for its attached text's own file (Mẫu 1.3)."""


def kem_theo_path(path: str | os.PathLike[str]) -> Path:
    """The file of a decision's attached text saved on its own, beside the decision's file:
    ``kem_theo_path("out/qd-18.docx") == Path("out/qd-18-kem-theo.docx")``."""
    target = Path(path)
    return target.with_name(f"{target.stem}{KEM_THEO_SUFFIX}{target.suffix}")


class Rendered:
    """A rendered .docx, in memory until saved.

    ``kem_theo`` is the attached text of a Quyết định (Mẫu 1.3) rendered as a file of its own,
    when it was asked for (``render(..., kem_theo_rieng=True)``); else None.
    """

    def __init__(self, data: bytes, kem_theo: Rendered | None = None) -> None:
        self._data = data
        self.kem_theo = kem_theo

    def to_bytes(self) -> bytes:
        """The .docx file's bytes."""
        return self._data

    def targets(self, path: str | os.PathLike[str]) -> list[Path]:
        """The files :meth:`save` writes for ``path``: ``path``, and :func:`kem_theo_path` of it
        when the attached text is a file of its own."""
        paths = [Path(path)]
        if self.kem_theo is not None:
            paths.append(kem_theo_path(path))
        return paths

    def save(self, path: str | os.PathLike[str], *, durable: bool = True) -> Path:
        """Write the .docx atomically (see :func:`atomic_write`, and ``durable`` there); returns
        the path.

        With an attached text of its own (``kem_theo``), write it too, to
        :func:`kem_theo_path` of ``path`` ("qd.docx" -> "qd-kem-theo.docx"), the same way.
        """
        saved = atomic_write(path, self._data, durable=durable)
        if self.kem_theo is not None:
            self.kem_theo.save(kem_theo_path(saved), durable=durable)
        return saved

    def __repr__(self) -> str:
        attached = "" if self.kem_theo is None else ", and its attached text's file"
        return f"<Rendered .docx, {len(self._data)} bytes{attached}>"


_cache: dict[tuple[Any, ...], Template] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 32


def get_template(source: TemplateSource) -> Template:
    """The compiled :class:`Template` of ``source``, from a cache keyed by path and modification
    time (a changed file is compiled again), built-in name, or the bytes' digest."""
    if isinstance(source, Template):
        return source
    if isinstance(source, bytes):
        key: tuple[Any, ...] = ("bytes", hashlib.sha256(source).hexdigest())
    else:
        path = locate(source)
        source = path
        stat = path.stat()
        key = ("file", str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    template = Template(source)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = template
    return template


def render(
    document: VanBan | Mapping[str, Any],
    template: TemplateSource | None = None,
    *,
    kem_theo_rieng: bool = False,
    kem_theo_template: TemplateSource | None = None,
) -> Rendered:
    """Render ``document`` into a .docx.

    ``template`` is a path to a .docx template (docxtpl syntax), a built-in template's name
    ("ke_hoach"), the template's bytes or a :class:`Template`; by default the built-in template of
    the document's kind. A plain mapping is rendered as the context itself and needs a template.

    A Quyết định's attached text (Mẫu 1.3, ``ban_hanh_kem_theo``) follows the decision in the same
    file, after a page break. With ``kem_theo_rieng`` it is a file of its own instead
    (``Rendered.kem_theo``, saved beside the decision by :meth:`Rendered.save`), laid out by
    ``kem_theo_template`` (default: the built-in "mau_1_3_kem_theo"), and the decision's file
    ends with its signature. A document without an attached text gives one file either way.

    Values are XML-escaped. Every variable the template uses and the context lacks is reported at
    once by :class:`vanban.MissingVariablesError`; a value with a character XML cannot store raises
    :class:`vanban.UnstorableCharacterError` naming it. The template renders in Jinja's sandbox
    and is read within the default :class:`PackageLimits` (docs/security.md).
    """
    if template is None:
        if not isinstance(document, VanBan):
            raise TemplateError("a plain context has no kind: pass template=")
        template = str(builtin_template(document.loai))
    compiled = get_template(template)
    context = build_context(document)
    if not isinstance(document, VanBan):
        return Rendered(compiled.render(context))
    # a model's context holds plain values only: no search for docxtpl-bound values
    properties = document_properties(document)
    attached: Rendered | None = None
    if kem_theo_rieng and context.get("kem_theo"):
        attached_template = get_template(
            str(builtin_template("mau_1_3_kem_theo"))
            if kem_theo_template is None
            else kem_theo_template
        )
        attached_properties = kem_theo_properties(properties, context)
        attached = Rendered(attached_template._render(context, attached_properties, search=False))
        context = {**context, "kem_theo": None}  # the decision's file ends with its signature
    return Rendered(compiled._render(context, properties, search=False), kem_theo=attached)


def kem_theo_properties(decision: dict[str, Any], context: Mapping[str, Any]) -> dict[str, Any]:
    """Core properties of an attached text's own file: its trích yếu and kind, the decision's
    number (the "Kèm theo" line refers to it), issuer and date."""
    kind = LoaiVanBan.parse(context["kem_theo"]["loai"]).ten
    return {
        **decision,
        "title": context["kem_theo"]["trich_yeu"],
        "keywords": kind,
        "category": kind,
    }


def document_properties(document: VanBan) -> dict[str, Any]:
    """Core properties from the document, so no file says "python-docx" made it."""
    return {
        "title": document.trich_yeu,
        "author": document.co_quan.ten,
        "subject": document.ten_so_ky_hieu,
        "keywords": document.loai.ten,
        "category": document.loai.ten,
        "last_modified_by": document.co_quan.ten,
        # a draft has no date of issue yet (NĐ 30/2020, Điều 15.2-15.3): the template's fixed
        # time stays, never the clock's, so the same data gives the same file
        **(
            {}
            if document.ngay is None
            else {
                "created": datetime.combine(document.ngay, time()),
                "modified": datetime.combine(document.ngay, time()),
            }
        ),
    }
