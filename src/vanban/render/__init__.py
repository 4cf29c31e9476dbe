"""Rendering: a document (or a plain context) into a .docx through a docxtpl template."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime, time
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from vanban.errors import MissingVariablesError, TemplateError
from vanban.loai import LoaiVanBan
from vanban.models.van_ban import VanBan
from vanban.render.context import build_context
from vanban.render.environment import MissingRecorder, make_environment

__all__ = ["Rendered", "builtin_template", "render"]

TemplateSource = str | os.PathLike[str] | bytes


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once, at import: os.umask can only be read by setting it


class Rendered:
    """A rendered .docx, in memory until saved."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def to_bytes(self) -> bytes:
        """The .docx file's bytes."""
        return self._data

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the .docx atomically: a temporary file beside ``path``, then a rename.

        A crash or a full disk never leaves a half-written document at ``path``. Returns the path.
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self._data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file a normal mode
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def __repr__(self) -> str:
        return f"<Rendered .docx, {len(self._data)} bytes>"


def builtin_template(loai: LoaiVanBan | str) -> Path:
    """The path of vanban's built-in template for a kind: ``builtin_template("ke_hoach")``."""
    kind = LoaiVanBan.parse(loai)
    path = Path(str(resources.files("vanban") / "templates" / f"{kind.value}.docx"))
    if not path.is_file():
        raise TemplateError(f"vanban has no built-in template for {kind.ten} ({kind.value}) yet")
    return path


def render(
    document: VanBan | Mapping[str, Any], template: TemplateSource | None = None
) -> Rendered:
    """Render ``document`` into a .docx.

    ``template`` is a path to a .docx template (docxtpl syntax), a built-in template's name
    ("ke_hoach"), or the template's bytes; by default the built-in template of the document's kind.
    A plain mapping is rendered as the context itself and needs a template.

    Values are XML-escaped. Every variable the template uses and the context lacks is reported at
    once by :class:`vanban.MissingVariablesError`; a value with a character XML cannot store raises
    :class:`vanban.UnstorableCharacterError` naming it.
    """
    source, name = _resolve(document, template)
    context = build_context(document)
    tpl = DocxTemplate(source)
    recorder = MissingRecorder()
    try:
        with recorder:
            tpl.render(context, jinja_env=make_environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"{name}: template syntax error near line {error.lineno} of the part's XML: "
            f"{error.message}"
        ) from None
    except jinja2.UndefinedError:
        pass  # recorded; reported below with every other missing name
    except (ValueError, TypeError) as error:
        if recorder.unique():
            raise MissingVariablesError(recorder.unique(), name) from error
        # a filter refusing its input: {{ 0 | chu_cai }}, {{ "x" | ngay_thang }}
        raise TemplateError(f"{name}: a value the template filters was refused: {error}") from error
    missing = recorder.unique()
    if missing:
        raise MissingVariablesError(missing, name)
    if isinstance(document, VanBan):
        _set_properties(tpl, document)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return Rendered(buffer.getvalue())


def _resolve(
    document: VanBan | Mapping[str, Any], template: TemplateSource | None
) -> tuple[Any, str]:
    if template is None:
        if not isinstance(document, VanBan):
            raise TemplateError("a plain context has no kind: pass template=")
        path = builtin_template(document.loai)
        return str(path), path.name
    if isinstance(template, bytes):
        return io.BytesIO(template), "<template bytes>"
    path = Path(template)
    if not path.suffix and not path.exists():
        with contextlib.suppress(ValueError, TemplateError):
            path = builtin_template(str(template))
    if not path.is_file():
        raise TemplateError(f"template {str(template)!r} is not a file nor a built-in template")
    return str(path), path.name


def _set_properties(tpl: DocxTemplate, document: VanBan) -> None:
    """Core properties from the document, so no file says "python-docx" made it."""
    props = tpl.docx.core_properties
    props.title = document.trich_yeu
    props.author = document.co_quan.ten
    props.subject = str(document.so_ky_hieu)
    props.keywords = document.loai.ten
    props.category = document.loai.ten
    props.last_modified_by = document.co_quan.ten
    props.created = props.modified = datetime.combine(document.ngay, time())
