"""PDF output through a warm LibreOffice, PDF metadata, page counts, merging, PDF/A-2b.

:class:`PdfConverter` starts one headless LibreOffice with its own user profile and keeps it for
many conversions, talking to it through LibreOffice's UNO interface (``pdf_bridge.py``, run by
LibreOffice's own Python). Each file has a timeout: a conversion that exceeds it, or a LibreOffice
that crashes, is killed with its whole process group and restarted for the next file. A file
LibreOffice cannot open is reported and the rest go on. Closing the converter (``with`` block,
:meth:`PdfConverter.close`, or interpreter exit) leaves no soffice process behind; several
converters can run side by side, each with its own profile.

LibreOffice is found through ``VANBAN_SOFFICE`` or on PATH (``soffice``, ``libreoffice``); its
Python bridge through ``VANBAN_UNO_PYTHON``, LibreOffice's bundled ``python``, or a system
``python3`` that can ``import uno`` (Debian: ``apt-get install libreoffice-writer-nogui
python3-uno fonts-liberation2``).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import uuid
import warnings
import weakref
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from lxml import etree
from pypdf import PdfReader, PdfWriter

from vanban.errors import PackageError, VanBanError
from vanban.render.package import check_docx

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui python3-uno "
    "fonts-liberation2) or point VANBAN_SOFFICE at its soffice"
)
BRIDGE = Path(__file__).with_name("pdf_bridge.py")


class PdfError(VanBanError):
    """A PDF conversion that failed, or LibreOffice that cannot be found or started."""


class FontWarning(UserWarning):
    """Times New Roman is missing: LibreOffice lays the document out in a substitute."""


def find_soffice() -> str:
    """The LibreOffice executable: ``VANBAN_SOFFICE``, else ``soffice`` or ``libreoffice`` on PATH."""
    configured = os.environ.get("VANBAN_SOFFICE")
    if configured:
        if not Path(configured).exists() and shutil.which(configured) is None:
            raise PdfError(f"VANBAN_SOFFICE={configured!r} does not exist; {INSTALL_HINT}")
        return configured
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PdfError(f"LibreOffice (soffice) was not found on PATH; {INSTALL_HINT}")
    return found


@cache
def find_uno_python(soffice: str) -> str:
    """A Python that can ``import uno`` for this LibreOffice."""
    program = Path(os.path.realpath(shutil.which(soffice) or soffice)).parent
    candidates = [
        os.environ.get("VANBAN_UNO_PYTHON"),
        str(program / "python"),
        str(program / "python.exe"),
        "/usr/bin/python3",
        shutil.which("python3"),
    ]
    for candidate in candidates:
        if not candidate or not Path(candidate).exists():
            continue
        probe = subprocess.run(
            [candidate, "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return candidate
    raise PdfError(
        "LibreOffice's Python bridge (uno) was not found: install python3-uno, or set "
        f"VANBAN_UNO_PYTHON to a Python that can import uno; {INSTALL_HINT}"
    )


_font_checked = False


def check_fonts() -> None:
    """Warn once when Times New Roman is missing (LibreOffice then uses Liberation Serif, which has
    the same metrics, so the layout holds; install ttf-mscorefonts-installer for the real font)."""
    global _font_checked
    if _font_checked:
        return
    _font_checked = True
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return
    result = subprocess.run(
        [fc_match, "-f", "%{family}", "Times New Roman"],
        capture_output=True,
        text=True,
        check=False,
    )
    family = result.stdout.split(",")[0].strip()
    if result.returncode == 0 and family != "Times New Roman":
        warnings.warn(
            f"Times New Roman is not installed; LibreOffice lays documents out in {family or 'a substitute'}"
            " (Liberation Serif has the same metrics). For the real font: apt-get install "
            "ttf-mscorefonts-installer, or copy the Windows fonts to ~/.fonts",
            FontWarning,
            stacklevel=3,
        )


@dataclass
class PdfReport:
    """What :meth:`PdfConverter.convert_many` did: PDFs written and files that failed (with why)."""

    converted: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


class PdfConverter:
    """A warm LibreOffice for many .docx -> PDF conversions.

    >>> with PdfConverter() as converter:                   # doctest: +SKIP
    ...     converter.convert("ke_hoach.docx")              # ke_hoach.pdf beside it
    """

    def __init__(
        self, *, timeout: float = 120.0, startup_timeout: float = 90.0, soffice: str | None = None
    ) -> None:
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.soffice = soffice or find_soffice()
        self.python = find_uno_python(self.soffice)
        self._profile = Path(tempfile.mkdtemp(prefix="vanban-lo-profile-"))
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _stop, [None], self._profile)
        check_fonts()

    # --- process management -------------------------------------------------------------------

    def _start(self) -> None:
        pipe = f"vanban-{uuid.uuid4().hex}"
        env = {**os.environ, "VANBAN_SOFFICE_START": str(self.startup_timeout)}
        process = subprocess.Popen(
            [self.python, str(BRIDGE), self.soffice, str(self._profile), pipe],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            start_new_session=True,  # its own process group: killed as a whole
            env=env,
        )
        self._process = process
        self._replies = queue.Queue()
        assert process.stdout is not None
        threading.Thread(target=_pump, args=(process.stdout, self._replies), daemon=True).start()
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, _stop, [process], self._profile)
        message = self._reply(self.startup_timeout + 5)
        if message is None or not json.loads(message).get("ready"):
            reason = json.loads(message).get("error") if message else "no answer"
            self._kill()
            raise PdfError(f"LibreOffice did not start: {reason}; {INSTALL_HINT}")

    def _reply(self, timeout: float) -> str | None:
        try:
            return self._replies.get(timeout=timeout)
        except queue.Empty:
            return None

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _kill_group(process)

    def close(self) -> None:
        """Shut LibreOffice down (politely, then by force) and remove the profile."""
        with self._lock:
            process, self._process = self._process, None
            self._finalizer.detach()
            _stop([process], self._profile)

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- conversion ---------------------------------------------------------------------------

    def convert(
        self,
        source: str | os.PathLike[str],
        target: str | os.PathLike[str] | None = None,
        *,
        pdfa: bool = False,
    ) -> Path:
        """Convert one .docx to PDF (``target`` defaults to the same name with .pdf); returns the PDF.

        Raises :class:`PdfError` naming the file when LibreOffice cannot convert it or the timeout
        passes (LibreOffice is then killed and restarted for the next file).
        """
        src = Path(source).resolve()
        dst = Path(target) if target is not None else src.with_suffix(".pdf")
        if not src.is_file():
            raise PdfError(f"{src}: no such file")
        if src.suffix.lower() == ".docx":
            _check_docx(src)
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".vanban-{dst.name}.{uuid.uuid4().hex[:8]}.tmp.pdf")
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()
            assert self._process is not None and self._process.stdin is not None
            try:
                self._process.stdin.write(
                    json.dumps({"in": str(src), "out": str(tmp.resolve()), "pdfa": pdfa}) + "\n"
                )
                self._process.stdin.flush()
            except OSError:
                self._kill()
                raise PdfError(
                    f"{src}: LibreOffice stopped; it will be restarted for the next file"
                ) from None
            message = self._reply(self.timeout)
            if message is None:
                self._kill()
                tmp.unlink(missing_ok=True)
                raise PdfError(
                    f"{src}: LibreOffice took longer than {self.timeout:g} s and was stopped; "
                    "it will be restarted for the next file"
                )
        answer = json.loads(message)
        if not answer.get("ok"):
            tmp.unlink(missing_ok=True)
            raise PdfError(f"{src}: LibreOffice could not convert it: {answer.get('error')}")
        if not pdfa and src.suffix.lower() == ".docx":
            _copy_properties(src, tmp)
        os.replace(tmp, dst)
        return dst

    def convert_many(
        self,
        sources: Iterable[str | os.PathLike[str]],
        out_dir: str | os.PathLike[str] | None = None,
        *,
        pdfa: bool = False,
    ) -> PdfReport:
        """Convert many files; a file that fails is reported in the result and the rest go on."""
        report = PdfReport()
        for source in sources:
            path = Path(source)
            target = None if out_dir is None else Path(out_dir) / f"{path.stem}.pdf"
            try:
                report.converted.append(self.convert(path, target, pdfa=pdfa))
            except PdfError as error:
                report.failed.append((path, str(error)))
        return report


def _check_docx(path: Path) -> None:
    """Refuse a .docx LibreOffice should not be given: damaged, or hostile (a zip bomb, bad
    member names, a DOCTYPE in a part), checked within the default :class:`PackageLimits`."""
    try:
        check_docx(path, name=str(path))
    except PackageError as error:
        raise PdfError(f"{error} (not a readable .docx)") from None
    except OSError as error:
        raise PdfError(f"{path}: cannot be read: {error.strerror}") from None


_CORE = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "author": "{http://purl.org/dc/elements/1.1/}creator",
    "subject": "{http://purl.org/dc/elements/1.1/}subject",
    "keywords": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords",
}


def _copy_properties(docx_path: Path, pdf: Path) -> None:
    """Give the PDF the .docx's title, author, subject and keywords exactly (LibreOffice splits
    keywords at spaces: "Kế hoạch" would become "Kế, hoạch")."""
    with zipfile.ZipFile(docx_path) as archive:
        if "docProps/core.xml" not in archive.namelist():
            return
        root = etree.fromstring(archive.read("docProps/core.xml"))
    values = {}
    for key, tag in _CORE.items():
        element = root.find(tag)
        if element is not None and element.text:
            values[f"/{key.capitalize()}"] = element.text
    if not values:
        return
    writer = PdfWriter(clone_from=str(pdf))
    writer.add_metadata(values)
    with pdf.open("wb") as handle:
        writer.write(handle)


def _pump(stream: IO[str], replies: queue.Queue[str | None]) -> None:
    for line in stream:
        replies.put(line)
    replies.put(None)


def _kill_group(process: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _stop(holder: list[subprocess.Popen[str] | None], profile: Path) -> None:
    """Ask the bridge to quit, then kill its process group, then remove the profile."""
    process = holder[0]
    if process is not None and process.poll() is None:
        try:
            assert process.stdin is not None
            process.stdin.write(json.dumps({"quit": True}) + "\n")
            process.stdin.flush()
            process.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired, AssertionError):
            pass
    if process is not None:
        _kill_group(process)  # soffice.bin may outlive its bridge: end the whole group
    shutil.rmtree(profile, ignore_errors=True)


# --- reading and merging PDFs with pypdf -------------------------------------------------------


def so_trang(pdf: str | os.PathLike[str]) -> int:
    """The number of pages of a PDF (for the registers' "số trang")."""
    return len(PdfReader(str(pdf)).pages)


def metadata(pdf: str | os.PathLike[str]) -> dict[str, str]:
    """A PDF's document information: title, author, subject, keywords, creator, producer."""
    info: Any = PdfReader(str(pdf)).metadata or {}
    keys = {"/Title": "title", "/Author": "author", "/Subject": "subject", "/Keywords": "keywords",
            "/Creator": "creator", "/Producer": "producer"}  # fmt: skip
    return {name: str(info[key]) for key, name in keys.items() if key in info}


def pdfa_part(pdf: str | os.PathLike[str]) -> tuple[int, str] | None:
    """The PDF/A identification in the XMP metadata: (2, "B") for PDF/A-2b, None when absent."""
    reader = PdfReader(str(pdf))
    root: Any = reader.trailer["/Root"]
    if "/Metadata" not in root:
        return None
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    part = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xmp)
    level = re.search(r"pdfaid:conformance(?:>|=\")\s*([A-Za-z])", xmp)
    if part is None:
        return None
    return int(part.group(1)), (level.group(1).upper() if level else "")


def gop_pdf(
    sources: Sequence[str | os.PathLike[str]],
    target: str | os.PathLike[str],
    *,
    title: str | None = None,
    author: str | None = None,
) -> Path:
    """Merge PDFs into one for printing. Each document becomes a top-level bookmark named from its
    own metadata ("49/KH-UBND — Cải cách hành chính …", else the file name), with its own bookmarks
    kept beneath; the merged file's metadata is ``title``/``author`` (default: the first's)."""
    if not sources:
        raise PdfError("nothing to merge: no PDF given")
    writer = PdfWriter()
    first: dict[str, str] = {}
    for index, source in enumerate(sources):
        info = metadata(source)
        if index == 0:
            first = info
        label = (
            " — ".join(v for v in (info.get("subject"), info.get("title")) if v)
            or Path(source).stem
        )
        writer.append(str(source), outline_item=label, import_outline=True)
    writer.add_metadata(
        {
            "/Title": title or first.get("title", ""),
            "/Author": author or first.get("author", ""),
            "/Creator": "vanban",
        }
    )
    out = Path(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".vanban-{out.name}.{uuid.uuid4().hex[:8]}.tmp.pdf")
    try:
        with tmp.open("wb") as handle:
            writer.write(handle)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
