"""The import arrows of DESIGN.md, read from the source with `ast`, and a light `import logicforge`."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "logicforge"
HEAVY = ("torch", "transformers", "trl", "vllm")
# Top-level modules of the package that sit above tasks/ (commands and publishing).
COMMANDS = ("logicforge.cli", "logicforge.cli_util", "logicforge.astro_cli", "logicforge.docs", "logicforge.publish",
            "logicforge.data_cards")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, top_level_only: bool = False) -> list[tuple[str, int]]:
    """(imported module, line) for every import in `path`; relative imports resolved; lazy ones included
    unless `top_level_only`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found.append((module, node.lineno))
    return found


def _sources(area: str) -> list[Path]:
    root = PACKAGE / area
    return sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]


def _violations(areas: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for area in areas:
        for path in _sources(area):
            for module, line in _imports(path):
                if any(module == f or module.startswith(f + ".") for f in forbidden):
                    out.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    return out


def test_verifiers_never_import_generators():
    # a verifier re-checks the rules on its own, so a solver bug cannot hide in the check
    assert _violations(("verifiers",), ("logicforge.generators",)) == []


def test_generators_and_verifiers_never_import_tasks_train_or_commands():
    forbidden = ("logicforge.tasks", "logicforge.train", *COMMANDS)
    assert _violations(("generators", "verifiers"), forbidden) == []


def test_tasks_never_import_train_or_commands():
    assert _violations(("tasks",), ("logicforge.train", *COMMANDS)) == []


def test_train_never_imports_the_cli():
    assert _violations(("train",), ("logicforge.cli", "logicforge.astro_cli", "logicforge.docs")) == []


def test_output_is_a_standard_library_leaf():
    # generators/astro, tasks and publish all write datasets with it, so it may import nothing of theirs
    third_party = [m for m, _ in _imports(PACKAGE / "output.py") if m.split(".")[0] not in sys.stdlib_module_names]
    assert third_party == []


def test_heavy_libraries_are_imported_only_inside_functions():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
             for path in sorted(PACKAGE.rglob("*.py")) for module, line in _imports(path, top_level_only=True)
             if module.split(".")[0] in HEAVY]
    assert found == []


def test_the_scanner_sees_imports():
    """Guards the tests above against passing because the scan found nothing."""
    arrows = {m for path in _sources("tasks") for m, _ in _imports(path)}
    assert {"logicforge.generators.base", "logicforge.verifiers.extract", "logicforge.output"} <= arrows


def test_import_and_help_load_no_heavy_library():
    code = (
        "import sys, json\n"
        "import logicforge, logicforge.tasks\n"
        "from logicforge.cli import main\n"
        "for args in (['--help'], ['train', '--help'], ['astro', '--help'], ['list']):\n"
        "    try:\n"
        "        main(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.splitlines()[-1]) == []
