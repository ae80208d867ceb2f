"""The demo stands outside the service: `api` and `spatial` import nothing from the
`demo` package, and the `weijian` command offers `demo load` only because the demo
registers it in the `weijian.commands` entry-point group (pyproject.toml)."""

import ast
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from api.cli import COMMANDS_GROUP, build_parser, extra_commands
from demo import cli as demo_cli

ROOT = Path(__file__).resolve().parents[1]
SERVICE = ("api", "spatial")
DEMO = ("demo", "api.demo")
IMPORTERS = {"import_module", "__import__", "find_spec", "run_module"}


def is_demo(name: str) -> bool:
    """Whether `name` is the demo package or in it (or in its old place, api.demo)."""
    return any(name == top or name.startswith((top + ".", top + ":")) for top in DEMO)


def imported(node: ast.AST) -> list[str]:
    """The module names `node` imports: an import statement's, or the string a call
    like importlib.import_module("…") is given."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level or node.module is None:
            return []
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0]
        if name in IMPORTERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [first.value]
    return []


def demo_imports(source: str) -> Iterator[int]:
    """The lines of `source` that import the demo package: import statements anywhere
    (inside functions too), and calls like importlib.import_module("demo…")."""
    for node in ast.walk(ast.parse(source)):
        if any(is_demo(name) for name in imported(node)):
            yield getattr(node, "lineno", 0)


def test_the_scan_finds_imports_of_the_demo() -> None:
    caught = """
import demo
import os, demo.accounts as a
from demo import load_demo
from demo.accounts import DEMO_USERS
def later():
    import importlib
    importlib.import_module("demo.accounts")
    __import__("demo")
    from api.demo.accounts import DEMO_USERS
    from api import demo
"""
    assert sorted(demo_imports(caught)) == [2, 3, 4, 5, 8, 9, 10, 11]
    fine = """
import demography
from api import demo_things
import api.demonstration
from . import demo
if settings.env == "demo":
    print("demo")
"""
    assert list(demo_imports(fine)) == []


def test_the_service_imports_nothing_from_the_demo() -> None:
    files = [path for package in SERVICE for path in sorted((ROOT / package).rglob("*.py"))]
    assert len(files) > 50
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in files
        for line in demo_imports(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
    assert not (ROOT / "api" / "demo").exists()


def declared() -> list[EntryPoint]:
    """The `weijian.commands` entry points pyproject.toml declares."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    group = project["entry-points"][COMMANDS_GROUP]
    return [EntryPoint(name, value, COMMANDS_GROUP) for name, value in group.items()]


def test_pyproject_registers_the_demo_and_ships_its_package() -> None:
    assert [(p.name, p.value) for p in declared()] == [("demo", "demo.cli:register")]
    assert extra_commands(declared()) == [demo_cli.register]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "demo*" in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]


def test_the_cli_offers_demo_load_through_its_entry_point() -> None:
    args = build_parser(declared()).parse_args(
        ["demo", "load", "--scale", "3", "--seed", "7", "--replace", "--no-photos"]
    )
    assert args.run is demo_cli._load
    assert (args.scale, args.seed, args.replace, args.photos) == (3, 7, True, False)
    defaults = build_parser(declared()).parse_args(["demo", "load"])
    assert (defaults.scale, defaults.seed, defaults.replace, defaults.photos) == (
        1,
        2019,
        False,
        True,
    )


def test_without_the_entry_point_there_is_no_demo_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = build_parser([])
    assert parser.parse_args(["db", "upgrade"]).revision == "head"
    with pytest.raises(SystemExit):
        parser.parse_args(["demo", "load"])
    assert "invalid choice: 'demo'" in capsys.readouterr().err


def test_the_installed_command_finds_demo_load(tmp_path: Path) -> None:
    """`weijian`, run as installed, finds `demo load` in the package metadata: here the
    metadata pip would write from this pyproject.toml (its entry_points.txt), put first
    on the path so that it stands for the installed weijian."""
    info = tmp_path / "weijian-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: weijian\nVersion: 0.1.0\n")
    lines = [f"[{COMMANDS_GROUP}]"] + [f"{p.name} = {p.value}" for p in declared()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    run = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "demo", "load", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "--scale" in run.stdout and "--no-photos" in run.stdout
    top = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert "the synthetic demo district" in top.stdout
