"""One dataset row: the schema every task and mixture shares, and the row of item i of a component."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import datasets

from logicforge.generators.base import stable_hash
from logicforge.tasks import get_task
from logicforge.tasks.mix import MixSpec

MAX_ATTEMPTS = 64  # resamples of one item whose question already appears in a smaller split

FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "task": datasets.Value("string"),
        "category": datasets.Value("string"),
        "level": datasets.Value("int32"),
        "params": datasets.Value("string"),
        "seed": datasets.Value("int64"),
        "index": datasets.Value("int64"),
        "question": datasets.Value("string"),
        "prompt": [{"role": datasets.Value("string"), "content": datasets.Value("string")}],
        "answer": datasets.Value("string"),
        "payload": datasets.Value("string"),
        "hardness": datasets.Value("float64"),
    }
)


SCHEMA = FEATURES.arrow_schema  # with the "huggingface" metadata; the property rebuilds it on every call

class BuildError(ValueError):
    """A generation request that cannot be carried out (bad output dir, exhausted item space)."""


def question_key(question: str) -> int:
    """The 64-bit key used to keep a question out of two splits."""
    return stable_hash(question)


def make_row(spec: MixSpec, split: str, comp_index: int, local: int, reserved: frozenset | set = frozenset()) -> dict:
    """Row for item `local` of component `comp_index` in `split`, avoiding `reserved` questions."""
    comp = spec.components[comp_index]
    task = get_task(comp.task)
    level, params = comp.params_for(local)
    split_key = _split_key(split)
    for attempt in range(MAX_ATTEMPTS):
        inst = task.generate(params, spec.seed, local, split_key, comp_index, attempt)
        if not reserved or question_key(inst.question) not in reserved:
            break
    else:
        raise BuildError(f"{comp.task}: cannot find a question for split {split!r} that no smaller split has; "
                         "the item space at these knobs is too small for the requested sizes")
    params_json, id_head = _row_constants(comp.task, params, spec.seed, split, comp_index)
    # json.dumps([task, params, seed, split, comp, local]) with the constant head dumped once
    ident = hashlib.blake2b(id_head + b"%d]" % local, digest_size=8).hexdigest()
    return {
        "id": ident,
        "task": task.name,
        "category": task.category,
        "level": level,
        "params": params_json,
        "seed": spec.seed,
        "index": local,
        "question": inst.question,
        "prompt": task.prompt(inst.question),
        "answer": inst.answer,
        "payload": _PAYLOAD_JSON.encode(inst.payload),
        "hardness": float(inst.hardness),
    }


_PAYLOAD_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))  # json.dumps would build one per row


@lru_cache(maxsize=64)
def _split_key(split: str) -> int:
    return stable_hash(split) % 2**32


@lru_cache(maxsize=1024)
def _row_constants(task: str, params, seed: int, split: str, comp_index: int) -> tuple[str, bytes]:
    """The params JSON and the id's JSON head of every row of one component (dumped once, not per row)."""
    params_json = params.to_json()
    head = json.dumps([task, params_json, seed, split, comp_index, 0])
    return params_json, head[: -len("0]")].encode()
