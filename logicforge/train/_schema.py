"""YAML mapped onto dataclasses: a help string per field, type and key checks, one-line errors."""

from __future__ import annotations

import copy
import dataclasses
import difflib
import re
import types
import typing
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class ConfigError(ValueError):
    """A config that cannot be used; the message is one line naming the field."""


def opt(default: Any, help: str, choices: tuple | None = None):
    """A config field with its help string (and allowed values); mutable defaults are copied per instance."""
    meta = {"help": help, "choices": choices}
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


def from_dict(cls, data: Any, where: str = ""):
    """Build dataclass `cls` from a mapping, checking keys, types and choices; ConfigError otherwise."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where or 'config'}: expected a mapping, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; allowed: {', '.join(names)}"
            raise ConfigError(f"{_join(where, key)}: unknown key{hint}")
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            values[f.name] = _coerce(data[f.name], hints[f.name], _join(where, f.name))
            choices = f.metadata.get("choices")
            if choices and values[f.name] not in choices:
                raise ConfigError(f"{_join(where, f.name)}: {values[f.name]!r} is not one of {list(choices)}")
    return cls(**values)


def _join(where: str, key: object) -> str:
    return f"{where}.{key}" if where else str(key)


def _coerce(value: Any, tp: Any, where: str) -> Any:
    """`value` checked against annotation `tp` (dataclass, X | None, dict/list, scalars, Any)."""
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value, where)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        for arg in (a for a in args if a is not type(None)):
            try:
                return _coerce(value, arg, where)
            except ConfigError:
                continue
        raise ConfigError(f"{where}: expected {_type_name(tp)}, got {value!r}")
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        return {_coerce(k, args[0], where): _coerce(v, args[1], _join(where, k)) for k, v in value.items()}
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        return [_coerce(v, args[0], f"{where}[{i}]") for i, v in enumerate(value)]
    return _scalar(value, tp, where)


def _scalar(value: Any, tp: Any, where: str) -> Any:
    if tp is Any:
        return value
    if tp is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if tp is float and isinstance(value, str) and _FLOAT.fullmatch(value.strip()):
        return float(value)  # YAML 1.1 reads `1e-5` (no point) as a string; every user means the number
    if tp is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if tp in (str, bool) and isinstance(value, tp):
        return value
    raise ConfigError(f"{where}: expected {_type_name(tp)}, got {value!r}")


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def load_config(path: str | Path, cls, overrides: dict[str, str] | None = None):
    """Read YAML `path` into dataclass `cls` and run its `validate()`; errors name the file and field.

    `overrides` maps dotted keys to YAML values applied on top, e.g. `{"trainer.max_steps": "10"}`.
    """
    from logicforge.tasks.mix import find_file

    path = find_file(path)
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"config file {str(path)!r} does not exist") from None
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"config file {str(path)!r} is not valid YAML: {str(exc).splitlines()[0]}") from None
    try:
        data = apply_overrides(data if data is not None else {}, overrides or {})
        cfg = from_dict(cls, data)
        cfg.validate()
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return cfg


def apply_overrides(data: dict, overrides: dict[str, str]) -> dict:
    """Set dotted `key: yaml-value` pairs in a nested mapping (a copy).

    >>> apply_overrides({"trainer": {"max_steps": 5}}, {"trainer.max_steps": "10", "seed": "1"})
    {'trainer': {'max_steps': 10}, 'seed': 1}
    """
    data = copy.deepcopy(data)
    if not isinstance(data, dict):
        raise ConfigError(f"expected a mapping at the top level, got {type(data).__name__}")
    for dotted, text in overrides.items():
        node = data
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"--set {dotted}: {part!r} is not a section")
        try:
            node[leaf] = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ConfigError(f"--set {dotted}: {text!r} is not a YAML value") from None
    return data


def describe(cls, indent: int = 0) -> str:
    """The config as commented YAML with every default (what `--print-config` shows)."""
    lines = []
    for f in dataclasses.fields(cls):
        pad = " " * indent
        lines.append(f"{pad}# {f.metadata.get('help', '')}")
        hints = typing.get_type_hints(cls)
        if dataclasses.is_dataclass(hints[f.name]):
            lines.append(f"{pad}{f.name}:")
            lines.append(describe(hints[f.name], indent + 2))
            continue
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        shown = yaml.safe_dump(default, default_flow_style=True).strip().removesuffix("...").strip()
        lines.append(f"{pad}{f.name}: {shown}")
    return "\n".join(lines)


def to_dict(cfg) -> dict:
    """A plain dict of a config (for metrics files and checkpoints)."""
    return dataclasses.asdict(cfg)


def check(condition: bool, message: str) -> None:
    """Raise ConfigError(message) unless `condition`."""
    if not condition:
        raise ConfigError(message)


def check_weights(weights: dict[str, float], where: str) -> None:
    """Weights must be finite and non-negative, and not all zero."""
    for name, w in weights.items():
        check(w >= 0 and w != float("inf"), f"{where}.{name}: weight must be a non-negative number, got {w}")
    check(not weights or sum(weights.values()) > 0, f"{where}: at least one weight must be positive")


def resolve_auto(value: str | bool, available: bool, where: str, what: str) -> bool:
    """`"auto"` -> `available`; True where not available -> ConfigError naming `what` is missing."""
    if value == "auto":
        return available
    if value is True and not available:
        raise ConfigError(f"{where} is true but {what}")
    return bool(value)
