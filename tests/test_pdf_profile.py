"""The cached LibreOffice profile (vanban.pdf_profile): built once per LibreOffice and vanban
configuration, copied per instance and checked file by file, rebuilt when damaged, built once
when processes race for it; and what it saves: no graphics self-test on an instance's start."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import vanban as vb
from vanban.pdf import BRIDGE, PdfConverter, PdfPool, so_trang
from vanban.pdf_profile import (
    MANIFEST,
    ProfileCacheError,
    copy_profile,
    instance_profile,
    profile_key,
    seal,
)

from .conftest import KE_HOACH_YAML
from .test_pdf_faults import start_bridge

XCU = "user/registrymodifications.xcu"
LOCKED_DOWN = (
    '<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop '
    'oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>'
)


def built_profile(folder: Path) -> str:
    """What a build leaves: a small profile (two files) in ``folder / "user"``."""
    (folder / "user" / "config").mkdir(parents=True)
    (folder / "user" / "registrymodifications.xcu").write_text("<oor:items/>", encoding="utf-8")
    (folder / "user" / "config" / "autotbl.fmt").write_bytes(b"\x00\x01table formats")
    (folder / "user" / "GraphicsRenderTests.log").write_text("log", encoding="utf-8")
    return "7.4.7.2"


def template(root: Path, key: str = "libreoffice-test") -> Path:
    folder = root / "libreoffice-profile" / key
    folder.mkdir(parents=True)
    seal(folder, key, built_profile(folder))
    return folder


# --- the cache without LibreOffice -------------------------------------------------------------


def test_a_sealed_profile_is_copied_whole_without_logs(tmp_path: Path) -> None:
    cached = template(tmp_path)
    manifest = json.loads((cached / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["libreoffice"] == "7.4.7.2" and manifest["key"] == "libreoffice-test"
    assert sorted(manifest["files"]) == ["user/config/autotbl.fmt", XCU]
    instance = tmp_path / "instance"
    assert copy_profile(cached, instance) == "7.4.7.2"
    copied = sorted(p.relative_to(instance).as_posix() for p in instance.rglob("*") if p.is_file())
    assert copied == ["user/config/autotbl.fmt", XCU]
    assert (instance / "user/config/autotbl.fmt").read_bytes() == b"\x00\x01table formats"


@pytest.mark.parametrize(
    "damage",
    ["changed", "truncated", "missing", "no manifest", "bad manifest", "outside", "other key"],
)
def test_a_damaged_profile_is_refused_and_nothing_is_copied(tmp_path: Path, damage: str) -> None:
    cached = template(tmp_path)
    fmt = cached / "user/config/autotbl.fmt"
    manifest = json.loads((cached / MANIFEST).read_text(encoding="utf-8"))
    if damage == "changed":
        fmt.write_bytes(b"\x00\x01table formatz")
    elif damage == "truncated":
        fmt.write_bytes(b"\x00")
    elif damage == "missing":
        fmt.unlink()
    elif damage == "no manifest":
        (cached / MANIFEST).unlink()
    elif damage == "bad manifest":
        (cached / MANIFEST).write_text('{"format": 1, "files": ', encoding="utf-8")
    elif damage == "outside":
        secret = tmp_path / "secret"
        secret.write_text("s", encoding="utf-8")
        manifest["files"]["user/../../../secret"] = hashlib.sha256(b"s").hexdigest()
        (cached / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    else:
        manifest["key"] = "libreoffice-another"
        (cached / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    instance = tmp_path / "instance"
    instance.mkdir()
    with pytest.raises(ProfileCacheError):
        copy_profile(cached, instance)
    assert list(instance.iterdir()) == []


def test_a_damaged_cached_profile_is_built_again(tmp_path: Path) -> None:
    cached = template(tmp_path)
    (cached / "user/config/autotbl.fmt").write_bytes(b"damaged")
    builds: list[Path] = []

    def build(folder: Path) -> str:
        builds.append(folder)
        return built_profile(folder)

    instance = tmp_path / "instance"
    version = instance_profile(instance, "libreoffice-test", build, timeout=30, root=tmp_path)
    assert version == "7.4.7.2" and len(builds) == 1
    assert (cached / "user/config/autotbl.fmt").read_bytes() == b"\x00\x01table formats"
    assert (instance / "user/config/autotbl.fmt").read_bytes() == b"\x00\x01table formats"
    assert sorted(p.name for p in cached.parent.iterdir()) == [
        "libreoffice-test",
        "libreoffice-test.lock",
    ]  # the damaged copy and the build folder are gone


def test_racing_processes_build_the_profile_once(tmp_path: Path) -> None:
    """Eight instances need the profile at once: one builds it, the others wait and copy."""
    builds: list[Path] = []
    started = threading.Barrier(8)

    def build(folder: Path) -> str:
        builds.append(folder)
        return built_profile(folder)

    def instance(n: int) -> None:
        started.wait()
        instance_profile(tmp_path / f"i{n}", "libreoffice-race", build, timeout=30, root=tmp_path)

    threads = [threading.Thread(target=instance, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    for n in range(8):
        assert (tmp_path / f"i{n}" / XCU).read_text(encoding="utf-8") == "<oor:items/>"


def test_the_key_follows_the_libreoffice_installation(tmp_path: Path) -> None:
    """Another version (its versionrc, its program) or another place gets another profile; the
    same installation, the same one."""
    program = tmp_path / "lo" / "program"
    program.mkdir(parents=True)
    launcher = program / "soffice"
    launcher.write_text("#!/bin/sh\n", encoding="utf-8")
    (program / "soffice.bin").write_bytes(b"program 7.4")
    versionrc = program / "versionrc"
    versionrc.write_text("[Version]\nbuildid=40(Build:2)\n", encoding="utf-8")
    first = profile_key(str(launcher), BRIDGE)
    assert profile_key(str(launcher), BRIDGE) == first
    versionrc.write_text("[Version]\nbuildid=41(Build:1)\n", encoding="utf-8")
    upgraded = profile_key(str(launcher), BRIDGE)
    (program / "soffice.bin").write_bytes(b"program 7.5.0")
    replaced = profile_key(str(launcher), BRIDGE)
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "lo", moved)
    elsewhere = profile_key(str(moved / "program" / "soffice"), BRIDGE)
    assert len({first, upgraded, replaced, elsewhere}) == 4
    assert first.startswith("libreoffice-")


# --- with LibreOffice ---------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(folder))
    return folder


def cached_profiles(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "libreoffice-profile").iterdir() if p.is_dir())


@pytest.mark.soffice
def test_an_instance_on_the_cached_profile_skips_the_first_start(soffice: str, cache: Path) -> None:
    """An empty profile makes LibreOffice run its graphics self-test (it writes
    GraphicsRenderTests.log); the cached one records the version, so the test is not run."""
    with PdfConverter(cached_profile=False) as fresh:
        fresh.start()
        assert (fresh._profile / "user" / "GraphicsRenderTests.log").exists()
        assert fresh.libreoffice_version is None
    with PdfConverter() as warm:
        warm.start()
        assert warm.libreoffice_version is not None
        assert not (warm._profile / "user" / "GraphicsRenderTests.log").exists()
        version = warm.libreoffice_version
    [built] = cached_profiles(cache)
    xcu = (built / XCU).read_text(encoding="utf-8")
    assert LOCKED_DOWN in xcu
    assert '<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>' in xcu
    assert json.loads((built / MANIFEST).read_text(encoding="utf-8"))["libreoffice"] == version
    assert soffice_version(soffice) == version


def soffice_version(soffice: str) -> str | None:
    """What ``soffice --version`` says ("LibreOffice 7.4.7.2 40(Build:2)" -> "7.4.7.2")."""
    done = subprocess.run([soffice, "--version"], capture_output=True, text=True, check=False)
    words = done.stdout.split()
    return words[1] if len(words) > 1 else None


@pytest.mark.soffice
def test_a_damaged_cache_is_rebuilt_and_converts(soffice: str, cache: Path, tmp_path: Path) -> None:
    plan = vb.render(vb.load(KE_HOACH_YAML)).save(tmp_path / "ke_hoach.docx")
    with PdfConverter() as first:
        first.start()
    [built] = cached_profiles(cache)
    (built / XCU).write_text(
        (built / XCU).read_text(encoding="utf-8").replace("<value>3</value>", "<value>0</value>"),
        encoding="utf-8",
    )  # a lowered macro security level: must never reach an instance
    with PdfConverter() as second:
        pdf = second.convert(plan, tmp_path / "ke_hoach.pdf")
        instance_xcu = (second._profile / XCU).read_text(encoding="utf-8")
    assert so_trang(pdf) == 9
    assert LOCKED_DOWN in instance_xcu and "<value>0</value>" not in instance_xcu
    [rebuilt] = cached_profiles(cache)
    assert LOCKED_DOWN in (rebuilt / XCU).read_text(encoding="utf-8")


@pytest.mark.soffice
def test_another_libreoffice_gets_a_profile_of_its_own(
    soffice: str, cache: Path, tmp_path: Path
) -> None:
    """The same LibreOffice through a launcher elsewhere, with a versionrc of another build (as
    after an upgrade): a second profile, built by that LibreOffice."""
    real = Path(shutil.which(soffice) or soffice).resolve()
    program = tmp_path / "lo" / "program"
    program.mkdir(parents=True)
    launcher = program / "soffice"
    launcher.write_text(f'#!/bin/sh\nexec "{real}" "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    versionrc = program / "versionrc"
    versionrc.write_text("[Version]\nbuildid=1(Build:1)\n", encoding="utf-8")
    with PdfConverter() as system, PdfConverter(soffice=str(launcher)) as other:
        system.start()
        other.start()
    versionrc.write_text("[Version]\nbuildid=2(Build:1)\n", encoding="utf-8")
    with PdfConverter(soffice=str(launcher)) as upgraded:
        upgraded.start()
        assert upgraded.libreoffice_version == system.libreoffice_version
    names = [p.name for p in cached_profiles(cache)]
    assert len(names) == 3
    assert profile_key(soffice, BRIDGE) in names
    assert profile_key(str(launcher), BRIDGE) in names


@pytest.mark.soffice
def test_two_pools_racing_on_an_empty_cache_share_one_profile(
    soffice: str, cache: Path, tmp_path: Path
) -> None:
    """Two processes, each with a pool of two, start at once on an empty cache: one profile is
    built, all four instances start on copies of it and convert."""
    plan = vb.render(vb.load(KE_HOACH_YAML)).save(tmp_path / "ke_hoach.docx")
    script = (
        "import sys, warnings; warnings.simplefilter('ignore')\n"
        "from vanban.pdf import PdfPool\n"
        "with PdfPool(2) as pool:\n"
        "    report = pool.convert_many([sys.argv[1]] * 1, sys.argv[2])\n"
        "    print(sorted({c.libreoffice_version for c in pool._converters}))\n"
        "    print(len(report.converted), len(report.failed))\n"
    )
    owners = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(plan), str(tmp_path / f"out{n}")],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    outputs = [owner.communicate(timeout=300)[0].splitlines() for owner in owners]
    [built] = cached_profiles(cache)
    version = json.loads((built / MANIFEST).read_text(encoding="utf-8"))["libreoffice"]
    assert outputs == [[f"[{version!r}]", "1 0"]] * 2
    assert sorted(p.name for p in (cache / "libreoffice-profile").iterdir()) == [
        built.name,
        f"{built.name}.lock",
    ]  # no build folder left
    assert so_trang(tmp_path / "out0" / "ke_hoach.pdf") == 9


@pytest.mark.soffice
def test_the_locked_down_configuration_wins_over_a_copied_one(soffice: str, tmp_path: Path) -> None:
    """The bridge keeps a copied profile's settings but puts vanban's own over them."""
    profile = tmp_path / "vanban-lo-profile-copied"
    (profile / "user").mkdir(parents=True)
    (profile / XCU).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/'
        '2001/registry">\n<item oor:path="/org.openoffice.Office.Common/Security/Scripting">'
        '<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" '
        'oor:op="fuse"><value>false</value></prop></item>\n</oor:items>\n',
        encoding="utf-8",
    )
    bridge = start_bridge(profile, "vb-copied")
    assert bridge.stdin is not None and bridge.stdout is not None
    try:
        assert json.loads(bridge.stdout.readline()) == {"ready": True}
        bridge.stdin.write(json.dumps({"quit": True}) + "\n")
        bridge.stdin.flush()
        assert bridge.wait(timeout=60) == 0
    finally:
        bridge.stdin.close()
    xcu = (profile / XCU).read_text(encoding="utf-8")
    assert LOCKED_DOWN in xcu and "<value>0</value>" not in xcu
    assert '<prop oor:name="FirstRun" oor:op="fuse"><value>false</value>' in xcu


@pytest.mark.soffice
def test_a_pool_on_fresh_profiles_still_converts(soffice: str, tmp_path: Path) -> None:
    plan = vb.render(vb.load(KE_HOACH_YAML)).save(tmp_path / "ke_hoach.docx")
    with PdfPool(1, cached_profile=False) as pool:
        assert so_trang(pool.convert(plan, tmp_path / "ke_hoach.pdf")) == 9
