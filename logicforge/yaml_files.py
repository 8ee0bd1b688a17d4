"""Reading the YAML files people write (mix files, ASTRO configs): errors name the file, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error as `line L, column C: problem` (PyYAML's first line names neither).

    >>> try:
    ...     yaml.safe_load("tasks: [oops")
    ... except yaml.YAMLError as exc:
    ...     yaml_problem(exc)
    "line 1, column 13: expected ',' or ']', but got '<stream end>'"
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" if mark is not None else problem


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML silently keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def read_yaml(path: str | Path, what: str) -> Any:
    """The parsed content of `path`; ValueError naming `what`, the file and the problem (missing, unreadable,
    not UTF-8, or not YAML with its line and column)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{what} {str(path)!r} does not exist") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{what} {str(path)!r} is not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except OSError as exc:
        raise ValueError(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}") from None
    try:
        return yaml.load(text, _StrictLoader)  # a SafeLoader: no Python objects
    except yaml.YAMLError as exc:
        raise ValueError(f"{what} {str(path)!r} is not valid YAML: {yaml_problem(exc)}") from None
