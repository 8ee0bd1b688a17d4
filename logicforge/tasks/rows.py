"""One dataset row: the schema every task and mixture shares, and the row of item i of a component."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import datasets

from logicforge.generators.base import Instance, stable_hash
from logicforge.tasks import get_task, prompts
from logicforge.tasks.mix import MixSpec

MAX_ATTEMPTS = 64  # resamples of one item whose question already appears in a smaller split

_CHAT = [{"role": datasets.Value("string"), "content": datasets.Value("string")}]


@lru_cache(maxsize=8)
def features(style: str = "default") -> datasets.Features:
    """The row schema of a dataset in prompt `style`: `prompt` is chat messages (default, r1) or, for
    `plain`, one string; every other column is the same for every style, task and mixture.

    >>> features("plain")["prompt"].dtype, features("r1") == features("default")
    ('string', True)
    """
    prompts.check_style(style)
    return datasets.Features(
        {
            "id": datasets.Value("string"),
            "task": datasets.Value("string"),
            "category": datasets.Value("string"),
            "level": datasets.Value("int32"),
            "params": datasets.Value("string"),
            "seed": datasets.Value("int64"),
            "index": datasets.Value("int64"),
            "question": datasets.Value("string"),
            "lang": datasets.Value("string"),
            "prompt": datasets.Value("string") if style == "plain" else _CHAT,
            "answer": datasets.Value("string"),
            "payload": datasets.Value("string"),
            "hardness": datasets.Value("float64"),
        }
    )


@lru_cache(maxsize=8)
def schema(style: str = "default"):
    """The Arrow schema of `features(style)`, with its "huggingface" metadata (built once: the property
    rebuilds it on every call)."""
    return features(style).arrow_schema


FEATURES = features("default")  # the schema of the default (and r1) prompt style
SCHEMA = schema("default")

FORMATS = ("parquet", "jsonl", "arrow")


def style_of(manifest: dict) -> str:
    """The prompt style a dataset's manifest records (datasets made before styles existed are `default`)."""
    return (manifest.get("spec") or {}).get("style", "default")


def read_batches(path, fmt: str, columns: list[str] | None = None, batch_rows: int = 2048, style: str = "default"):
    """Record batches of one data file written by `generate` (parquet, jsonl or arrow) in the row schema of
    prompt `style`; ValueError for an unknown format. Memory stays within one file's rows (a file is at most
    ROWS_PER_FILE). A column the file lacks (`lang`, in files made before it existed) is left out."""
    import pyarrow as pa

    if fmt not in FORMATS:
        raise ValueError(f"unknown dataset format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        source = pq.ParquetFile(path)
        have = source.schema_arrow.names
        yield from source.iter_batches(batch_rows, columns=[c for c in columns if c in have] if columns else None)
        return
    full = schema(style)
    if fmt == "jsonl":
        import pyarrow.json as pajson

        table = pajson.read_json(path, parse_options=pajson.ParseOptions(explicit_schema=full))
    else:
        with pa.OSFile(str(path), "rb") as src:
            table = pa.ipc.open_stream(src).read_all()
    present = pa.schema([f for f in full if f.name in table.column_names], metadata=full.metadata)
    table = table.select(present.names).cast(present)
    for batch in table.to_batches(batch_rows):
        yield batch.select([c for c in columns if c in present.names]) if columns else batch


class BuildError(ValueError):
    """A generation request that cannot be carried out (bad output dir, exhausted item space)."""


def question_key(question: str) -> int:
    """The 64-bit key used to keep a question text out of two splits."""
    return stable_hash(question)


def item_keys(task: str, inst: Instance) -> tuple[int, ...]:
    """The keys that keep an item of `task` out of two splits: its question text and, for a family with
    templates, the task's name with its fields (what every wording and language renders), so the same puzzle
    asked in Chinese in one split and in English, or in another wording, in the other is caught too."""
    if not inst.fields:
        return (question_key(inst.question),)
    return question_key(inst.question), question_key(f"fields:{task}:" + _FIELDS_JSON.encode(inst.fields))


def make_row(spec: MixSpec, split: str, comp_index: int, local: int, reserved: frozenset | set = frozenset()) -> dict:
    """Row for item `local` of component `comp_index` in `split`, avoiding `reserved` questions."""
    return keyed_row(spec, split, comp_index, local, reserved)[0]


def keyed_row(spec: MixSpec, split: str, comp_index: int, local: int,
              reserved: frozenset | set = frozenset()) -> tuple[dict, tuple[int, ...]]:
    """(`make_row`'s row, its `item_keys`): a larger split reserves the keys of the smaller ones."""
    comp = spec.components[comp_index]
    task = get_task(comp.task)
    level, params = comp.params_for(local)
    split_key = _split_key(split)
    for attempt in range(MAX_ATTEMPTS):
        inst = task.generate(params, spec.seed, local, split_key, comp_index, attempt, lang=comp.lang)
        keys = item_keys(task.name, inst)
        if not reserved or not any(k in reserved for k in keys):
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
        "lang": inst.lang,
        "prompt": task.prompt_for(inst, spec.style),
        "answer": inst.answer,
        "payload": _PAYLOAD_JSON.encode(inst.payload),
        "hardness": float(inst.hardness),
    }, keys


_PAYLOAD_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))  # json.dumps would build one per row
_FIELDS_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


@lru_cache(maxsize=64)
def _split_key(split: str) -> int:
    return stable_hash(split) % 2**32


@lru_cache(maxsize=1024)
def _row_constants(task: str, params, seed: int, split: str, comp_index: int) -> tuple[str, bytes]:
    """The params JSON and the id's JSON head of every row of one component (dumped once, not per row)."""
    params_json = params.to_json()
    head = json.dumps([task, params_json, seed, split, comp_index, 0])
    return params_json, head[: -len("0]")].encode()
