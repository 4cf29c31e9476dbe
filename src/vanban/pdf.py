"""PDF output through a warm LibreOffice, PDF metadata, page counts, merging, PDF/A-2b.

:class:`PdfConverter` starts one headless LibreOffice with its own user profile and keeps it for
many conversions, talking to it through LibreOffice's UNO interface (``pdf_bridge.py``, run by
LibreOffice's own Python). Each file has a timeout: a conversion that exceeds it is killed with
LibreOffice's whole process group, reported, and LibreOffice is started again for the next file.
A LibreOffice that dies (crashes, is killed) is started again and the file it was converting is
tried once more. A file LibreOffice cannot open is reported and the rest go on.

LibreOffice never sees a link to a file outside the package (:mod:`vanban.pdf_links`) and runs
with macros and link updates disabled. Each LibreOffice starts on a copy of a profile built once
and cached (:mod:`vanban.pdf_profile`), which spares it LibreOffice's first-start work.

Closing the converter (``with`` block,
:meth:`PdfConverter.close`, or interpreter exit) leaves no soffice process behind; so does the
owning process dying, even by SIGKILL (the bridge watches a pipe from its owner); a profile
left by an owner that died is removed when the next converter starts. Several converters can run
side by side, each with its own profile.

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
import time
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
from vanban.fonts import installed_font
from vanban.pdf_links import LinkError, Stripped, without_links
from vanban.pdf_profile import ProfileCacheError, instance_profile, profile_key
from vanban.processes import alive

try:  # POSIX: the owner's lock on its LibreOffice profile
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
from vanban.render.package import check_docx, safe_parser

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui python3-uno "
    "fonts-liberation2) or point VANBAN_SOFFICE at its soffice"
)
BRIDGE = Path(__file__).with_name("pdf_bridge.py")
PROFILE_PREFIX = "vanban-lo-profile-"  # + owner pid + "-" + random; the tests look for it
OWNER_LOCK = "owner.lock"  # flock'ed by the owning process while the converter lives


class PdfError(VanBanError):
    """A PDF conversion that failed, or LibreOffice that cannot be found or started."""


class FontWarning(UserWarning):
    """Times New Roman is missing: LibreOffice lays the document out in a substitute."""


class LinkWarning(UserWarning):
    """A link to a file outside the .docx package was left out of the PDF (never fetched)."""


class _OfficeDied(Exception):
    """LibreOffice or its bridge died while (or before) converting a file."""


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
    found = installed_font("Times New Roman")
    if found is None:
        return
    family = found.family
    if family != "Times New Roman":
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
    restarts: int = 0
    """How many times LibreOffice was started again after it died or timed out."""

    @property
    def ok(self) -> bool:
        return not self.failed


class PdfConverter:
    """A warm LibreOffice for many .docx -> PDF conversions.

    >>> with PdfConverter() as converter:                   # doctest: +SKIP
    ...     converter.convert("ke_hoach.docx")              # ke_hoach.pdf beside it

    ``cached_profile`` (default True): start LibreOffice on a copy of the profile built once per
    LibreOffice installation (:mod:`vanban.pdf_profile`); False: on an empty profile, which
    LibreOffice fills on its first start (about a second more).
    """

    def __init__(
        self,
        *,
        timeout: float = 120.0,
        startup_timeout: float = 90.0,
        soffice: str | None = None,
        cached_profile: bool = True,
    ) -> None:
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.soffice = soffice or find_soffice()
        self.python = find_uno_python(self.soffice)
        self.restarts = 0
        """How many times LibreOffice was started again after it died or timed out."""
        remove_stale_profiles()
        self._profile = Path(tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-"))
        self._owner_lock = _lock_profile(self._profile)
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._cached_profile = cached_profile
        self.libreoffice_version: str | None = None
        """The LibreOffice version the cached profile was built with (None without one)."""
        self._finalizer = weakref.finalize(self, _stop, [None], self._profile, self._owner_lock)
        check_fonts()

    # --- process management -------------------------------------------------------------------

    def _start(self) -> None:
        if self._started:
            self.restarts += 1
        elif self._cached_profile:
            self._copy_cached_profile()
        self._started = True
        pipe = f"vanban-{uuid.uuid4().hex}"
        env = {**os.environ, "VANBAN_SOFFICE_START": str(self.startup_timeout)}
        process = subprocess.Popen(
            [self.python, str(BRIDGE), self.soffice, str(self._profile), pipe],
            stdin=subprocess.PIPE,  # the bridge's lifeline: its end kills LibreOffice
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
        self._finalizer = weakref.finalize(self, _stop, [process], self._profile, self._owner_lock)
        try:
            message = self._reply(self.startup_timeout + 5)
        except queue.Empty:
            message = None
        if message is None or not json.loads(message).get("ready"):
            reason = json.loads(message).get("error") if message else "no answer"
            self._kill()
            raise PdfError(f"LibreOffice did not start: {reason}; {INSTALL_HINT}")

    def _copy_cached_profile(self) -> None:
        """Start this instance on a copy of the profile built once (:mod:`vanban.pdf_profile`),
        building it first if needed; on an empty profile when the cache cannot be used."""
        try:
            key = profile_key(self.soffice, BRIDGE)
            self.libreoffice_version = instance_profile(
                self._profile, key, self._build_profile, timeout=self.startup_timeout + 60
            )
        except (ProfileCacheError, OSError):
            self.libreoffice_version = None  # LibreOffice makes its profile on its first start

    def _build_profile(self, folder: Path) -> str:
        """Build the profile to cache in ``folder``: a LibreOffice started on an empty profile
        with vanban's configuration, its version recorded, shut down cleanly; returns the
        version. Raises :class:`PdfError` when LibreOffice does not start."""
        builder = PdfConverter(
            timeout=self.startup_timeout,
            startup_timeout=self.startup_timeout,
            soffice=self.soffice,
            cached_profile=False,
        )
        try:
            with builder._lock:
                builder._start()
                answer = builder._exchange({"seal": True}, folder)
                if not answer.get("ok"):
                    raise ProfileCacheError(f"the version was not recorded: {answer.get('error')}")
                builder._quit()
            shutil.copytree(builder._profile / "user", folder / "user", symlinks=True)
            return str(answer["version"])
        except _OfficeDied as error:
            raise ProfileCacheError(
                f"LibreOffice died while the profile was built: {error}"
            ) from None
        finally:
            builder.close()

    def _quit(self) -> None:
        """Ask the bridge to shut LibreOffice down cleanly (its configuration is written then)
        and wait until it has; killed when it takes longer than the start-up timeout."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            assert process.stdin is not None
            process.stdin.write(json.dumps({"quit": True}) + "\n")
            process.stdin.flush()
            if process.wait(timeout=self.startup_timeout) != 0:
                raise ProfileCacheError("LibreOffice did not shut down cleanly")
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ProfileCacheError(f"LibreOffice did not shut down: {error}") from None
        finally:
            _kill_group(process)

    def _reply(self, timeout: float) -> str | None:
        """The bridge's next line; None when it has ended. Raises queue.Empty on timeout."""
        return self._replies.get(timeout=timeout)

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _kill_group(process)

    def _exchange(self, command: dict[str, Any], src: Path) -> dict[str, Any]:
        """Send one command to a running bridge (starting one if needed) and return its answer.

        Raises :class:`_OfficeDied` when LibreOffice or the bridge died (the caller may retry on
        a fresh one) and :class:`PdfError` when the timeout passed."""
        if self._process is None or self._process.poll() is not None:
            self._kill()
            self._start()
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(command) + "\n")
            self._process.stdin.flush()
            message = self._reply(self.timeout)
        except OSError:
            message = None
        except queue.Empty:
            self._kill()
            raise PdfError(
                f"{src}: LibreOffice took longer than {self.timeout:g} s and was stopped; "
                "it will be restarted for the next file"
            ) from None
        answer: dict[str, Any] = json.loads(message) if message else {"dead": True}
        if answer.get("dead"):
            self._kill()
            raise _OfficeDied(answer.get("error") or "LibreOffice's bridge ended")
        return answer

    def start(self) -> None:
        """Start LibreOffice now rather than at the first file (nothing happens if it runs).

        Raises :class:`PdfError` when it does not start."""
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._kill()
                self._start()

    def close(self) -> None:
        """Shut LibreOffice down (politely, then by force) and remove the profile."""
        with self._lock:
            process, self._process = self._process, None
            self._finalizer.detach()
            _stop([process], self._profile, self._owner_lock)

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

        Links to files outside the package are left out (a :class:`LinkWarning` names each);
        a document that includes another file's content is refused. Raises :class:`PdfError`
        naming the file when LibreOffice cannot convert it, when it dies twice on it (it is
        started again and the file tried once more after the first), or when the timeout passes
        (LibreOffice is then killed and restarted for the next file).
        """
        src = Path(source).resolve()
        dst = Path(target) if target is not None else src.with_suffix(".pdf")
        if not src.is_file():
            raise PdfError(f"{src}: no such file")
        if src.suffix.lower() == ".docx":
            _check_docx(src)
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".vanban-{dst.name}.{uuid.uuid4().hex[:8]}.tmp.pdf")
        workdir = self._profile / "inputs" / uuid.uuid4().hex
        try:
            with self._lock:
                answer = self._convert_locked(src, tmp, workdir, pdfa)
        except PdfError:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if not answer.get("ok"):
            tmp.unlink(missing_ok=True)
            raise PdfError(f"{src}: LibreOffice could not convert it: {answer.get('error')}")
        os.replace(tmp, dst)
        return dst

    def _convert_locked(self, src: Path, tmp: Path, workdir: Path, pdfa: bool) -> dict[str, Any]:
        clean = src
        properties: dict[str, str] = {}
        if src.suffix.lower() == ".docx":
            try:
                clean, stripped = without_links(src, workdir)
                properties = core_properties(src)
            except (LinkError, zipfile.BadZipFile, KeyError, OSError) as error:
                raise PdfError(f"{src}: {error}") from None
            _warn_stripped(src, stripped)
        command = {
            "in": str(clean),
            "out": str(tmp.resolve()),
            "pdfa": pdfa,
            "properties": properties,
        }
        try:
            try:
                return self._exchange(command, src)
            except _OfficeDied:
                return self._exchange(command, src)  # a fresh LibreOffice, once
        except _OfficeDied as error:
            raise PdfError(
                f"{src}: LibreOffice died twice while converting it ({error}); "
                "it will be restarted for the next file"
            ) from None

    def convert_many(
        self,
        sources: Iterable[str | os.PathLike[str]],
        out_dir: str | os.PathLike[str] | None = None,
        *,
        pdfa: bool = False,
    ) -> PdfReport:
        """Convert many files; a file that fails is reported in the result and the rest go on.

        Two sources that would make the same PDF (``a/x.docx`` and ``b/x.docx`` into one
        ``out_dir``) are refused with :class:`PdfError` before anything is converted."""
        paths = [Path(source) for source in sources]
        targets = pdf_targets(paths, out_dir)
        report = PdfReport()
        restarts = self.restarts
        for path, target in zip(paths, targets, strict=True):
            try:
                report.converted.append(self.convert(path, target, pdfa=pdfa))
            except PdfError as error:
                report.failed.append((path, str(error)))
        report.restarts = self.restarts - restarts
        return report


def pdf_targets(
    sources: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str] | None = None
) -> list[Path]:
    """The PDF each source becomes (``out_dir/<stem>.pdf``, else beside the source).

    Raises :class:`PdfError` naming both sources when two would be written to one PDF (compared
    without regard to case: on Windows and macOS ``A.pdf`` and ``a.pdf`` are one file)."""
    targets: list[Path] = []
    seen: dict[str, Path] = {}
    for source in sources:
        path = Path(source)
        target = path.with_suffix(".pdf") if out_dir is None else Path(out_dir) / f"{path.stem}.pdf"
        key = os.path.normcase(str(target.resolve())).casefold()
        if key in seen:
            raise PdfError(
                f"{seen[key]} and {path} would both be written to {target}; rename one of them "
                "or convert them into different folders (nothing was converted)"
            )
        seen[key] = path
        targets.append(target)
    return targets


def _warn_stripped(src: Path, stripped: list[Stripped]) -> None:
    for link in stripped:
        warnings.warn(
            f"{src}: {link} left out of the PDF (vanban never lets LibreOffice read linked files)",
            LinkWarning,
            stacklevel=4,
        )


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


def core_properties(docx_path: Path) -> dict[str, str]:
    """The .docx's title, author, subject and keywords (``docProps/core.xml``), as LibreOffice is
    to write them into the PDF exactly: left to itself it splits keywords at spaces ("Kế hoạch"
    would become "Kế, hoạch"). Empty when the part is missing, unreadable or oversized (then
    LibreOffice's own reading stays)."""
    with zipfile.ZipFile(docx_path) as archive:
        if "docProps/core.xml" not in archive.namelist():
            return {}
        if archive.getinfo("docProps/core.xml").file_size > 1024 * 1024:
            return {}  # not a real document's properties
        try:
            root = etree.fromstring(archive.read("docProps/core.xml"), safe_parser())
        except etree.XMLSyntaxError:
            return {}
    values = {}
    for key, tag in _CORE.items():
        element = root.find(tag)
        if element is not None and element.text:
            values[key] = element.text
    return values


def _pump(stream: IO[str], replies: queue.Queue[str | None]) -> None:
    for line in stream:
        replies.put(line)
    replies.put(None)


def _kill_group(process: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _stop(
    holder: list[subprocess.Popen[str] | None], profile: Path, owner_lock: IO[str] | None
) -> None:
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
    if owner_lock is not None:
        owner_lock.close()


def _lock_profile(profile: Path) -> IO[str] | None:
    """Hold a lock on the profile for as long as this process lives: when it dies, however it
    dies, the kernel releases the lock and the profile can be recognised as stale."""
    if fcntl is None:
        return None
    handle = (profile / OWNER_LOCK).open("a", encoding="utf-8")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def remove_stale_profiles(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove LibreOffice profiles (and any LibreOffice still running on them) whose owning
    process has died; returns the profiles removed. Called when a converter starts.

    A profile is stale when its owner lock can be taken (the owner held it until it died, so
    a reused pid cannot make a live owner look dead), or, without a lock file, when the pid in
    its name is no longer running. Profiles of live owners are left alone."""
    if fcntl is None:
        return []
    removed: list[Path] = []
    for profile in Path(folder or tempfile.gettempdir()).glob(f"{PROFILE_PREFIX}*"):
        if not profile.is_dir() or profile.is_symlink():
            continue
        lock = profile / OWNER_LOCK
        if lock.exists():
            try:
                handle = lock.open("a", encoding="utf-8")
            except OSError:
                continue
            with handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # its owner is alive
                _kill_users(profile)
                shutil.rmtree(profile, ignore_errors=True)
        else:
            owner = re.match(rf"{PROFILE_PREFIX}(\d+)-", profile.name)
            if owner is None or alive(int(owner.group(1))):
                continue  # an older vanban's profile, or an owner still setting up
            _kill_users(profile)
            shutil.rmtree(profile, ignore_errors=True)
        if not profile.exists():
            removed.append(profile)
    return removed


def _kill_users(profile: Path) -> None:
    """SIGKILL every process whose command line names ``profile`` (an orphaned LibreOffice), and
    wait (up to 10 s) until none runs, so that none writes into the profile while it is removed."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    needle = str(profile).encode()
    killed: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
        except OSError:
            continue
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in killed) and time.monotonic() < deadline:
        time.sleep(0.02)


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie only awaits its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    fields = stat.rsplit(b")", 1)[-1].split()
    return bool(fields) and fields[0] != b"Z"


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


# The pool builds on PdfConverter (defined above); it is imported here so that users find both
# in vanban.pdf.
from vanban.pdf_pool import PdfPool as PdfPool  # noqa: E402
