"""LibreOffice user profiles built once and copied: the PDF converter's fast start.

LibreOffice's first start on an empty profile costs about a second that later starts do not: it
fills the profile from its presets, synchronises the bundled extensions and then starts itself a
second time, and it runs its graphics self-test (``GraphicsRenderTests``) whenever the profile
has no record of the version it last ran (``/org.openoffice.Setup/Product/ooSetupLastVersion``,
which a headless LibreOffice never writes). So the converter builds one profile, once: a
LibreOffice started on vanban's locked-down configuration, the version recorded, shut down
cleanly; and every instance starts on a copy of it (about 35 small files).

The built profile is kept in the user's cache folder (``VANBAN_CACHE_DIR``, else
``$XDG_CACHE_HOME/vanban``, else ``~/.cache/vanban``; ``%LOCALAPPDATA%\\vanban`` on Windows)
under a name made from the LibreOffice installation (its program's path, size and modification
time, its ``versionrc``/``version.ini``) and from the bridge that configures it, so another
LibreOffice version, or another vanban configuration, gets a profile of its own. A manifest
(``vanban-profile.json``) lists every file with its SHA-256; a copy checks each file against it,
and a profile that does not match (damaged, cut short, altered) is thrown away and built again.
A profile is built in a folder of its own and renamed into place, under a lock, so processes
that need it at once build it once and never see half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

try:  # POSIX: one builder at a time
    import fcntl
except ImportError:  # pragma: no cover - Windows: the atomic rename alone
    fcntl = None  # type: ignore[assignment]

MANIFEST = "vanban-profile.json"
FORMAT = 1
"""The manifest's format; a change makes every cached profile be built again."""
LEFT_OUT = frozenset({"GraphicsRenderTests.log"})
"""Files of a built profile that are not copied (LibreOffice's own logs)."""


class ProfileCacheError(Exception):
    """A cached profile that cannot be used as it is (missing, damaged, altered)."""


def cache_dir() -> Path:
    """The folder vanban caches into: ``VANBAN_CACHE_DIR``, else the platform's cache folder."""
    configured = os.environ.get("VANBAN_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform == "win32":  # pragma: no cover - Windows
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "vanban" / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "vanban"


def installation_files(soffice: str) -> list[Path]:
    """The files that identify a LibreOffice installation: its launcher and program, and the
    version files LibreOffice keeps beside them (``versionrc``; ``version.ini`` on Windows;
    ``Resources/versionrc`` on macOS)."""
    launcher = Path(os.path.realpath(shutil.which(soffice) or soffice))
    program = launcher.parent
    candidates = [
        launcher,
        program / "soffice.bin",
        program / "versionrc",
        program / "version.ini",
        program.parent / "Resources" / "versionrc",
    ]
    return [path for path in candidates if path.is_file()]


def profile_key(soffice: str, bridge: Path) -> str:
    """The cached profile's name for this LibreOffice and this bridge (its configuration): it
    changes when LibreOffice is upgraded or moved, or when vanban's configuration changes."""
    digest = hashlib.sha256(f"vanban-profile {FORMAT}\n".encode())
    for path in installation_files(soffice):
        status = path.stat()
        digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
        if path.name in {"versionrc", "version.ini"}:
            digest.update(path.read_bytes())
    digest.update(bridge.read_bytes())
    return f"libreoffice-{digest.hexdigest()[:24]}"


def _safe_relative(name: str) -> PurePosixPath:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or relative.parts[:1] != ("user",):
        raise ProfileCacheError(f"the manifest names a file outside the profile: {name!r}")
    return relative


def copy_profile(template: Path, destination: Path) -> str:
    """Copy the cached profile ``template`` into ``destination`` (a new instance's profile
    folder), checking every file against the manifest; returns the LibreOffice version the
    manifest records. Raises :class:`ProfileCacheError` when the template is missing or does not
    match its manifest (nothing is left in ``destination`` then), OSError when ``destination``
    cannot be written."""
    try:
        manifest = json.loads((template / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        version = str(manifest["libreoffice"])
        if manifest.get("format") != FORMAT or manifest.get("key") != template.name:
            raise ProfileCacheError(f"{template}: made for another profile")
        if not isinstance(files, dict) or not files:
            raise ProfileCacheError(f"{template}: the manifest lists no file")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ProfileCacheError(f"{template}: no readable manifest ({error})") from None
    try:
        for name, expected in files.items():
            relative = _safe_relative(name)
            source = template.joinpath(*relative.parts)
            if source.is_symlink():
                raise ProfileCacheError(f"{source}: a link in a cached profile")
            try:
                data = source.read_bytes()
            except OSError as error:
                raise ProfileCacheError(f"{source}: {error.strerror}") from None
            if hashlib.sha256(data).hexdigest() != expected:
                raise ProfileCacheError(f"{source}: differs from the manifest")
            target = destination.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except BaseException:
        shutil.rmtree(destination / "user", ignore_errors=True)
        raise
    return version


def seal(folder: Path, key: str, version: str) -> None:
    """Write the manifest of the profile built in ``folder`` (its ``user`` tree), leaving out
    LibreOffice's logs and anything that is not a plain file."""
    files: dict[str, str] = {}
    user = folder / "user"
    for path in sorted(user.rglob("*")):
        if path.is_symlink() or path.name in LEFT_OUT:
            if path.is_symlink() or path.is_file():
                path.unlink()
            continue
        if path.is_file():
            files[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    if not any(name.endswith("/registrymodifications.xcu") for name in files):
        raise ProfileCacheError(f"{folder}: LibreOffice wrote no configuration")
    manifest = {"format": FORMAT, "key": key, "libreoffice": version, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def discard(template: Path) -> None:
    """Remove a cached profile that cannot be used; renamed first, so that nobody copies from
    it half removed and a rebuild can take its name at once."""
    trash = template.with_name(f".{template.name}.discarded-{uuid.uuid4().hex[:8]}")
    try:
        template.rename(trash)
    except OSError:
        return  # gone already (another process discarded it)
    shutil.rmtree(trash, ignore_errors=True)


@contextlib.contextmanager
def _build_lock(path: Path, timeout: float) -> Iterator[IO[str] | None]:
    """Hold ``path``'s lock (POSIX), waiting up to ``timeout`` s for another builder."""
    if fcntl is None:  # pragma: no cover - Windows
        yield None
        return
    handle = path.open("a", encoding="utf-8")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ProfileCacheError(f"{path}: another process builds too long") from None
                time.sleep(0.05)
        yield handle
    finally:
        handle.close()


def instance_profile(
    destination: Path,
    key: str,
    build: Callable[[Path], str],
    *,
    timeout: float,
    root: Path | None = None,
) -> str:
    """Fill ``destination`` (an instance's new profile folder) with a copy of the cached profile
    ``key``, building it first with ``build`` when there is none or the one there is damaged.

    ``build(folder)`` must leave a LibreOffice profile in ``folder / "user"`` and return the
    LibreOffice version; it runs under a lock, in a folder of its own that is renamed into the
    cache when complete. Returns the version. Raises :class:`ProfileCacheError` or OSError when
    the cache cannot be used (the caller then starts on an empty profile); errors of ``build``
    itself propagate."""
    folder = (root or cache_dir()) / "libreoffice-profile"
    template = folder / key
    for _attempt in range(3):
        try:
            return copy_profile(template, destination)
        except ProfileCacheError:
            if template.exists():
                discard(template)
        folder.mkdir(parents=True, exist_ok=True)
        with _build_lock(folder / f"{key}.lock", timeout):
            if (template / MANIFEST).exists():
                continue  # another process built it while this one waited
            for stale in folder.glob(f".{key}.building-*"):
                shutil.rmtree(stale, ignore_errors=True)  # a builder that died (we hold the lock)
            staging = folder / f".{key}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            staging.mkdir()
            try:
                version = build(staging)
                seal(staging, key, version)
                with contextlib.suppress(OSError):  # published meanwhile (Windows: no lock)
                    staging.rename(template)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    raise ProfileCacheError(f"{template}: could not be built and copied")
