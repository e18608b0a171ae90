"""The Python lock files: every package pinned with its hashes, resolved from pyproject.toml.

    python3 tools/lock.py write    # what `make lock` runs (needs uv: .venv/bin/uv)
    python3 tools/lock.py check    # exit 1 when pyproject.toml changed since the locks
    python3 tools/lock.py pinned uv   # uv's entry of requirements-dev.lock, with its hashes

- requirements.lock: the service's dependencies and the build backend (the Dockerfile);
- requirements-dev.lock: those plus the `dev` extra (`make run`, `make test`), resolved
  with requirements.lock as constraints, so tests run the versions the image ships.

Both are universal (any platform, Python 3.11 and later). Each starts with a digest of the
parts of pyproject.toml they were resolved from; `check` compares it, with nothing but the
standard library, so the Makefile can run it before anything is installed. `uv pip compile`
keeps the versions already pinned unless pyproject.toml needs others: after a merge that
touched the dependencies, `make lock` changes only what the merge asks for.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
DIGEST_PREFIX = "# pyproject-dependencies-sha256: "
PYTHON = "3.11"
# What hatchling asks for on top of itself to install a project editable.
EDITABLE_BUILD = ["editables"]


def inputs_digest(pyproject: Path = PYPROJECT) -> str:
    """A digest of what the locks are resolved from: the dependencies, the extras, the
    Python versions and the build backend; not the rest of pyproject.toml (tool settings)."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data["project"]
    inputs = {
        "build": data["build-system"]["requires"],
        "python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "extras": project.get("optional-dependencies", {}),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def recorded_digest(lock: Path) -> str | None:
    if not lock.exists():
        return None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith(DIGEST_PREFIX):
            return line.removeprefix(DIGEST_PREFIX).strip()
    return None


def stale_locks() -> list[str]:
    """The lock files that were not resolved from this pyproject.toml."""
    digest = inputs_digest()
    return [lock.name for lock in (RUNTIME_LOCK, DEV_LOCK) if recorded_digest(lock) != digest]


def _uv() -> str:
    local = ROOT / ".venv" / "bin" / "uv"
    found = str(local) if local.exists() else shutil.which("uv")
    if found is None:
        sys.exit("tools/lock.py: uv is needed (it is in the dev extra: make lock installs it)")
    return found


def _compile(output: Path, build_requirements: str, *extra: str) -> None:
    # The build requirements come on standard input ("-"): no file name that changes from
    # run to run lands in the lock's annotations.
    command = [_uv(), "pip", "compile", "pyproject.toml", "-"]
    command += ["--universal", "--python-version", PYTHON, "--generate-hashes", "--quiet"]
    command += ["--custom-compile-command", "make lock", "-o", output.name]
    subprocess.run([*command, *extra], cwd=ROOT, check=True, input=build_requirements, text=True)
    text = output.read_text(encoding="utf-8")
    output.write_text(f"{DIGEST_PREFIX}{inputs_digest()}\n{text}", encoding="utf-8")


def write() -> None:
    build = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["build-system"]["requires"]
    # The build backend is locked too, with what it needs for an editable install:
    # `pip install --no-build-isolation -e .` then builds the project with the pinned
    # hatchling instead of fetching whatever is newest.
    requirements = "\n".join([*build, *EDITABLE_BUILD]) + "\n"
    _compile(RUNTIME_LOCK, requirements)
    _compile(DEV_LOCK, requirements, "--extra", "dev", "--constraint", RUNTIME_LOCK.name)


def check() -> int:
    stale = stale_locks()
    if stale:
        print(
            f"{', '.join(stale)} not resolved from this pyproject.toml: run `make lock` "
            "and commit the result",
            file=sys.stderr,
        )
        return 1
    return 0


def pinned(name: str, lock: Path = DEV_LOCK) -> str:
    """The entry of package `name` in `lock`: its pin, markers and hashes."""
    entry: list[str] = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if entry and not line.startswith(" "):
            break
        if entry or line.split("==")[0] == name:
            entry.append(line)
    if not entry:
        raise SystemExit(f"{name} is not in {lock.name}")
    return "\n".join(line for line in entry if not line.lstrip().startswith("#")) + "\n"


def main(argv: list[str]) -> int:
    if argv == ["write"]:
        os.chdir(ROOT)
        write()
        return check()
    if argv == ["check"]:
        return check()
    if len(argv) == 2 and argv[0] == "pinned":
        sys.stdout.write(pinned(argv[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
