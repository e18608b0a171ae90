"""The lock files pin everything pyproject.toml asks for, with hashes, and say when they are
stale (tools/lock.py; `make lock` writes them, the Makefile installs from them)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools import lock

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def test_the_locks_were_resolved_from_this_pyproject() -> None:
    assert lock.stale_locks() == [], "run `make lock` and commit requirements*.lock"
    assert subprocess.run([sys.executable, "tools/lock.py", "check"], cwd=lock.ROOT).returncode == 0


def test_every_requirement_is_pinned_at_a_version_it_accepts() -> None:
    import tomllib

    project = tomllib.loads(lock.PYPROJECT.read_text(encoding="utf-8"))["project"]
    for path, requirements in (
        (lock.RUNTIME_LOCK, project["dependencies"]),
        (lock.DEV_LOCK, project["dependencies"] + project["optional-dependencies"]["dev"]),
    ):
        pinned = pins(path)
        for text in requirements:
            requirement = Requirement(text)
            name = canonicalize_name(requirement.name)
            assert name in pinned, f"{name} is not in {path.name}"
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"{path.name} pins {name}=={pinned[name]}, outside {requirement.specifier}"
            )


def test_the_image_and_the_tests_get_the_same_versions() -> None:
    runtime, dev = pins(lock.RUNTIME_LOCK), pins(lock.DEV_LOCK)
    assert {name: dev.get(name) for name in runtime} == runtime


def test_every_pin_carries_hashes() -> None:
    for path in (lock.RUNTIME_LOCK, lock.DEV_LOCK):
        entries = re.split(r"\n(?=[A-Za-z0-9])", path.read_text(encoding="utf-8"))
        for entry in entries:
            if PIN.match(entry):
                assert "--hash=sha256:" in entry, f"{entry.splitlines()[0]} has no hash"


def test_a_dependency_change_makes_the_locks_stale_and_tool_settings_do_not(
    tmp_path: Path,
) -> None:
    text = lock.PYPROJECT.read_text(encoding="utf-8")
    digest = lock.inputs_digest()
    retuned = tmp_path / "retuned.toml"
    retuned.write_text(text.replace("line-length = 100", "line-length = 99"), encoding="utf-8")
    assert lock.inputs_digest(retuned) == digest
    added = tmp_path / "added.toml"
    added.write_text(text.replace('  "pytest>=8",', '  "pytest>=8",\n  "openlineage-python>=1",'))
    assert lock.inputs_digest(added) != digest


def test_the_command_says_its_version() -> None:
    import tomllib

    version = tomllib.loads(lock.PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    shown = subprocess.run(
        [sys.executable, "-m", "api.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == f"rightsgraph {version}"
