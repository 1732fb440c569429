"""packaging/linux/install.sh into a scratch root: layout, idempotence, config never clobbered,
a build that fails its self-test never replaces the installed one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "packaging" / "linux" / "install.sh"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _build(dist: Path, app: str, *, self_test_exit: int, marker: str) -> None:
    """A frozen-build folder whose executable only answers --self-test (the real build is
    exercised by scripts/build_and_selftest.sh; this tests the install logic)."""
    folder = dist / f"pulse-{app}"
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / f"pulse-{app}"
    exe.write_text(f"#!/bin/sh\necho self-test {marker}\nexit {self_test_exit}\n")
    exe.chmod(0o755)
    (folder / "pulse").write_text("#!/bin/sh\nexit 0\n")
    (folder / "pulse").chmod(0o755)
    (folder / "VERSION").write_text(marker)


def _install(app: str, dist: Path, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), app, "--dist", str(dist), "--root", str(root)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PATH": os.environ.get("PATH", "/usr/bin:/bin")})


def test_install_upgrade_and_refused_build(tmp_path: Path) -> None:
    dist, root = tmp_path / "dist", tmp_path / "root"
    _build(dist, "kiosk", self_test_exit=0, marker="v1")
    first = _install("kiosk", dist, root)
    assert first.returncode == 0, first.stderr
    opt = root / "opt" / "supplier-pulse"
    assert (opt / "pulse-kiosk" / "VERSION").read_text() == "v1"
    unit = root / "etc" / "systemd" / "system" / "pulse-kiosk.service"
    assert unit.read_text() == (ROOT / "packaging" / "linux" / "pulse-kiosk.service").read_text()
    assert (root / "etc" / "pam.d" / "pulse-kiosk").exists()
    config = root / "etc" / "supplier-pulse" / "pulse.toml"
    assert config.read_text() == (ROOT / "packaging" / "linux" / "pulse.toml").read_text()
    wrapper = (root / "usr" / "local" / "bin" / "pulse").read_text()
    assert "exec /opt/supplier-pulse/pulse-kiosk/pulse" in wrapper
    assert (root / "var" / "lib" / "supplier-pulse").is_dir()

    config.write_text('[kiosk]\nid = "hall-7"\n')  # the plant's own settings
    _build(dist, "kiosk", self_test_exit=0, marker="v2")
    second = _install("kiosk", dist, root)
    assert second.returncode == 0, second.stderr
    assert config.read_text() == '[kiosk]\nid = "hall-7"\n'
    assert (root / "etc" / "supplier-pulse" / "pulse.toml.dist").exists()
    assert (opt / "pulse-kiosk" / "VERSION").read_text() == "v2"
    assert (opt / "pulse-kiosk.previous" / "VERSION").read_text() == "v1"
    assert not (opt / "pulse-kiosk.new").exists()

    _build(dist, "kiosk", self_test_exit=1, marker="broken")
    third = _install("kiosk", dist, root)
    assert third.returncode == 1
    assert "failed its self-test" in third.stderr
    assert (opt / "pulse-kiosk" / "VERSION").read_text() == "v2"


def test_missing_build_is_one_clear_line(tmp_path: Path) -> None:
    result = _install("wallboard", tmp_path / "nothing", tmp_path / "root")
    assert result.returncode == 1
    assert "no frozen build" in result.stderr
