"""The declared dependencies: each one is used, and each one is pinned in requirements.lock.

scripts/setup.sh installs requirements.lock (with --require-hashes) and then the project with
--no-deps, so a dependency that pyproject.toml names but the lock does not pin would simply
be missing; `make lock` regenerates the lock.
"""

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"

# Used, but through another package rather than imported.
USED_INDIRECTLY = {
    "python-multipart": "FastAPI parses form and file uploads with it",
    "httpx": "Starlette's TestClient (fastapi.testclient) sends its requests with it",
}


def declared() -> dict[str, list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {
        "runtime": [Requirement(r) for r in project["dependencies"]],
        "dev": [Requirement(r) for r in project["optional-dependencies"]["dev"]],
    }


def locked() -> dict[str, tuple[Version, list[str]]]:
    """Each pinned package of the lock: its version and hashes."""
    pins: dict[str, tuple[Version, list[str]]] = {}
    # A requirement and its `\`-continued --hash options are one entry.
    for entry in re.split(r"\n(?=\S)", LOCK.read_text()):
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", entry)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
            pins[canonicalize_name(match[1])] = (Version(match[2]), hashes)
    return pins


def test_the_lock_pins_packages_with_hashes() -> None:
    pins = locked()
    assert len(pins) > 20
    assert [name for name, (_, hashes) in pins.items() if not hashes] == []


@pytest.mark.parametrize("group", ["runtime", "dev"])
def test_every_declared_dependency_is_pinned_in_the_lock(group: str) -> None:
    pins = locked()
    problems = []
    for requirement in declared()[group]:
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{name} is not pinned")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            problems.append(f"{name}=={pins[name][0]} is outside {requirement}")
    assert problems == [], "requirements.lock is out of date (run `make lock`)"


def imported_modules() -> set[str]:
    """The top-level modules the project's Python files import."""
    skip = {".venv", ".git", ".data", "node_modules", "frontend"}
    modules: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if skip & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def imported_distributions() -> set[str]:
    by_module = packages_distributions()
    return {
        canonicalize_name(dist)
        for module in imported_modules()
        for dist in by_module.get(module, [])
    }


def commands_run() -> str:
    """The Makefile and the set-up scripts, where the command-line tools are run."""
    return "\n".join(p.read_text() for p in [ROOT / "Makefile", *ROOT.glob("scripts/*.sh")])


def test_every_runtime_dependency_is_imported() -> None:
    imported = imported_distributions()
    unused = [
        r.name
        for r in declared()["runtime"]
        if canonicalize_name(r.name) not in imported and r.name not in USED_INDIRECTLY
    ]
    assert unused == [], f"declared in pyproject.toml but never imported: {unused}"


def test_every_dev_dependency_is_imported_or_run() -> None:
    imported = imported_distributions()
    commands = commands_run()
    unused = [
        r.name
        for r in declared()["dev"]
        if canonicalize_name(r.name) not in imported
        and r.name not in USED_INDIRECTLY
        and not re.search(rf"(bin/|-m ){re.escape(r.name)}\b", commands)
    ]
    assert unused == [], f"declared in the dev extra but neither imported nor run: {unused}"
