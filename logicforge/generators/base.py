"""The generator side of the Task contract: knobs, instances and per-item seeding."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.random.bit_generator import ISeedSequence


@dataclass(frozen=True)
class Instance:
    """One generated puzzle.

    Attributes:
        question: the puzzle text shown to the model (without the answer-format instruction).
        answer: the canonical reference, exactly as a model should write it inside the answer tags.
        payload: JSON-serialisable data the verifier needs (puzzle, clues, and the solution only
            where it is provably unique).
        hardness: a number from the generator's own solver (search nodes, deduction steps).
        fields: the puzzle's structured data the question templates render (`tasks/templates/<family>/`):
            numbers, lists, names, never sentences; a family with templates leaves `question` empty and
            `Task.generate` renders it in the asked language.
        lang: the language `question` is written in.
    """

    question: str
    answer: str
    payload: dict
    hardness: float
    fields: dict = field(default_factory=dict)
    lang: str = "en"


def knob(default: Any, lo: Any = None, hi: Any = None, *, choices: tuple | None = None, help: str = ""):
    """A difficulty knob: a dataclass field with its allowed range (inclusive) or choices.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class P(Knobs):
    ...     n: int = knob(3, 1, 9, help="items")
    >>> P(n=4).n
    4
    """
    meta = {"lo": lo, "hi": hi, "choices": choices, "help": help}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Knobs:
    """Base of every family's frozen `Params`; validates each knob against its declared range."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            _check_knob(f, getattr(self, f.name))
        self.check()

    def check(self) -> None:
        """Cross-knob rules; families override and raise ValueError naming the knobs."""

    @classmethod
    def spec(cls) -> list[dict]:
        """The knobs as dicts: name, type, default, lo, hi, choices, help."""
        out = []
        for f in dataclasses.fields(cls):
            out.append({"name": f.name, "type": _type_name(f.type), "default": f.default, **f.metadata})
        return out

    @classmethod
    def from_strings(cls, base: Knobs | None, items: dict[str, str]) -> Knobs:
        """Build Params from `k=v` strings (CLI), on top of `base` or the defaults."""
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values = dataclasses.asdict(base) if base is not None else {}
        for key, raw in items.items():
            if key not in fields:
                raise ValueError(f"unknown knob {key!r}; known: {', '.join(fields)}")
            values[key] = coerce(fields[key], raw)
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)


def _type_name(t: Any) -> str:
    return t if isinstance(t, str) else getattr(t, "__name__", str(t))


def coerce(f: dataclasses.Field, raw: Any) -> Any:
    """Turn a CLI or YAML value into the knob's type, with a clear error."""
    kind = _type_name(f.type)
    if not isinstance(raw, str):
        return raw
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            if raw.lower() in ("1", "true", "yes"):
                return True
            if raw.lower() in ("0", "false", "no"):
                return False
            raise ValueError(raw)
        if kind.startswith("tuple"):
            return tuple(x.strip() for x in raw.split(",") if x.strip())
    except ValueError:
        raise ValueError(f"knob {f.name}={raw!r} is not a valid {kind}") from None
    return raw


def _check_knob(f: dataclasses.Field, value: Any) -> None:
    meta = f.metadata
    kind = _type_name(f.type)
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, (int, np.integer))):
        raise ValueError(f"knob {f.name}={value!r} must be an int")
    if kind == "float" and (isinstance(value, bool) or not isinstance(value, (int, float, np.number))):
        raise ValueError(f"knob {f.name}={value!r} must be a number")
    if kind == "bool" and not isinstance(value, bool):
        raise ValueError(f"knob {f.name}={value!r} must be true or false")
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        raise ValueError(f"knob {f.name}={value!r} is not one of {list(choices)}")
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and value < lo or hi is not None and value > hi:
        raise ValueError(f"knob {f.name}={value!r} is out of range [{lo}, {hi}]")


def stable_hash(text: str) -> int:
    """A 64-bit hash of a string that is the same in every process (unlike `hash`).

    >>> stable_hash("sudoku") == stable_hash("sudoku")
    True
    """
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


class HashSeedSequence(ISeedSequence):
    """numpy's `ISeedSequence` over a tuple of ints, mixed with BLAKE2b (keyed by the task name).

    It plays the part of `numpy.random.SeedSequence` (hash the whole entropy tuple, so neighbouring
    seeds or indices share nothing: never `seed + i`) at a tenth of the cost: `SeedSequence` plus
    `PCG64` take ~9 us, which was a third of a fast task's whole row. The words are read little-endian,
    so a seed gives the same stream on every platform.

    >>> a = HashSeedSequence("sudoku", (1, 2)).generate_state(4, np.uint64)
    >>> b = HashSeedSequence("sudoku", (1, 3)).generate_state(4, np.uint64)
    >>> a.dtype == np.uint64, len(a), bool((a != b).all())
    (True, 4, True)
    """

    __slots__ = ("_key", "_data")

    def __init__(self, task: str, entropy: tuple[int, ...]):
        self._key = _task_key(task)
        self._data = (("%d," * len(entropy)) % entropy).encode()

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        dtype = np.dtype(dtype)
        if dtype not in (np.dtype(np.uint32), np.dtype(np.uint64)):
            raise ValueError("only support uint32 or uint64")
        size = n_words * dtype.itemsize
        if size <= 64:
            raw = hashlib.blake2b(self._data, digest_size=size, key=self._key).digest()
        else:
            raw = hashlib.shake_256(self._key + b"\x00" + self._data).digest(size)
        words = np.frombuffer(raw, dtype=dtype.newbyteorder("<"))
        return words if _LITTLE else words.astype(dtype)


_LITTLE = sys.byteorder == "little"


@functools.lru_cache(maxsize=1024)
def _task_key(task: str) -> bytes:
    return hashlib.blake2b(task.encode(), digest_size=32).digest()


def item_rng(task: str, seed: int, index: int, *extra: int) -> np.random.Generator:
    """The generator of item `index` under `seed`: PCG64 seeded by a hash of (task, seed, index, ...).

    >>> int(item_rng("sudoku", 1, 2).integers(1000)) == int(item_rng("sudoku", 1, 2).integers(1000))
    True
    """
    return np.random.Generator(np.random.PCG64(HashSeedSequence(task, (seed, index, *extra))))
