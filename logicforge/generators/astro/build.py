"""Write ASTRO SFT datasets: one row per audited trace, Parquet shards written atomically, and a manifest."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import datasets
import numpy as np

from logicforge.generators.astro.linearise import LineariseConfig
from logicforge.generators.astro.mcts import SearchConfig
from logicforge.generators.astro.solve import AstroConfig, solve, trace_steps
from logicforge.generators.base import item_rng
from logicforge.output import FileDigest, check_replaceable, staged
from logicforge.yaml_files import read_yaml

ROWS_PER_FILE = 10_000
PROBLEMS_PER_ROW = 4  # give up after this many problems per requested row (plus a margin)
_MESSAGES = [{"role": datasets.Value("string"), "content": datasets.Value("string")}]


def features(plain: bool = False) -> datasets.Features:
    """The row schema; `plain` makes `prompt` and `completion` strings instead of chat messages."""
    text_or_chat = datasets.Value("string") if plain else _MESSAGES
    return datasets.Features({
        "id": datasets.Value("string"), "task": datasets.Value("string"), "level": datasets.Value("int32"),
        "params": datasets.Value("string"), "seed": datasets.Value("int64"), "index": datasets.Value("int64"),
        "question": datasets.Value("string"), "lang": datasets.Value("string"),
        "prompt": text_or_chat, "completion": text_or_chat, "messages": _MESSAGES,
        "answer": datasets.Value("string"), "payload": datasets.Value("string"),
        "n_backtracks": datasets.Value("int32"), "n_steps": datasets.Value("int32"),
        "trace_kind": datasets.Value("string"), "steps": datasets.Value("string"), "policy": datasets.Value("string"),
        "policy_share": datasets.Value("float64"),
    })


# -- configuration: YAML mapped onto the dataclasses ------------------------------------------------

def _build(cls, data: dict | None, where: str):
    names = {f.name for f in dataclasses.fields(cls)}
    data = dict(data or {})
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"unknown astro config key {unknown[0]!r} in {where}; known: {', '.join(sorted(names))}")
    return cls(**data)


def config_from_dict(data: dict | None) -> AstroConfig:
    """An AstroConfig from a nested dict (`search:`, `linearise:` and the top-level knobs)."""
    data = dict(data or {})
    search = _build(SearchConfig, data.pop("search", None), "search")
    lin = _build(LineariseConfig, data.pop("linearise", None), "linearise")
    return _build(AstroConfig, {**data, "search": search, "linearise": lin}, "the top level")


def load_config(path: str | Path) -> AstroConfig:
    """Read an ASTRO config YAML (every key optional; see `config_help()` for each knob)."""
    data = read_yaml(path, "astro config")
    if data is not None and not isinstance(data, dict):
        raise ValueError(f"astro config {str(path)!r} must be a mapping")
    return config_from_dict(data)


def config_help() -> dict[str, str]:
    """Every knob's dotted name and help string (one place that documents them)."""
    out = {}
    for prefix, cls in (("", AstroConfig), ("search.", SearchConfig), ("linearise.", LineariseConfig)):
        for f in dataclasses.fields(cls):
            out[prefix + f.name] = f.metadata.get("help", "")
    return out


# -- rows ---------------------------------------------------------------------------------------------

def problem_rng(task: str, seed: int, index: int) -> np.random.Generator:
    """The search's generator for problem `index`: the items' seeding under its own name, never seed + i."""
    return item_rng(f"astro:{task}", seed, index)


def _row(task, level: int, params_json: str, seed: int, index: int, number: int, inst, env, trace, text: str,
         policy: str, share: float, plain: bool) -> dict:
    prompt = task.prompt_for(inst, "default")  # the question in its language; the trace prose is English
    completion = [{"role": "assistant", "content": text}]
    ident = hashlib.blake2b(json.dumps([task.name, params_json, seed, index, number]).encode(), digest_size=8)
    return {
        "id": ident.hexdigest(), "task": task.name, "level": level, "params": params_json, "seed": seed,
        "index": index, "question": inst.question, "lang": inst.lang,
        "prompt": prompt[-1]["content"] if plain else prompt,
        "completion": text if plain else completion, "messages": prompt + completion,
        "answer": trace.final.outcome.answer,
        "payload": json.dumps(inst.payload, sort_keys=True, separators=(",", ":")),
        "n_backtracks": trace.backtracks, "n_steps": len(trace.nodes) - 1, "trace_kind": trace.kind,
        "steps": json.dumps(trace_steps(env, trace)), "policy": policy, "policy_share": share,
    }


def iter_rows(task, params, level: int, n: int, policy, cfg: AstroConfig, seed: int = 0, plain: bool = False,
              stats: dict | None = None, lang: str = "en") -> Iterator[dict]:
    """`n` rows, problem by problem (problem i is `task.generate(params, seed, i, lang=lang)`), with running
    stats. The question is in `lang`; the trace prose is English whatever `lang` is.

    Raises:
        ValueError: when too many problems end without a correct answer to make `n` rows.
    """
    stats = stats if stats is not None else {}
    stats.update(problems=0, no_correct=0, solved_by_search=0, rows=0, direct=0, search=0, backtracks=0, steps=0,
                 policy_steps=0.0)
    params_json, name = params.to_json(), getattr(policy, "name", type(policy).__name__)
    start = time.perf_counter()
    index = 0
    while stats["rows"] < n:
        if index >= PROBLEMS_PER_ROW * n + 20:
            raise ValueError(f"{task.name}: only {stats['rows']} of {n} traces from {index} problems; the search "
                             f"found no correct answer in {stats['no_correct']} of them (try more --iterations, "
                             "an easier --level or --policy scripted)")
        inst = task.generate(params, seed, index, lang=lang)
        getattr(policy, "forget", lambda: None)()
        solved = solve(task, inst.question, inst.payload, policy, cfg, problem_rng(task.name, seed, index))
        stats["problems"] += 1
        stats["no_correct"] += not solved.traces
        stats["solved_by_search"] += solved.solved_by_search
        for number, (trace, text) in enumerate(solved.traces):
            if stats["rows"] == n:
                break
            share = policy_share(policy, trace)
            yield _row(task, level, params_json, seed, index, number, inst, solved.env, trace, text, name, share, plain)
            stats["rows"] += 1
            stats[trace.kind] += 1
            stats["backtracks"] += trace.backtracks
            stats["steps"] += len(trace.nodes) - 1
            stats["policy_steps"] += share * (len(trace.nodes) - 1)
        index += 1
    seconds = time.perf_counter() - start
    stats["seconds"] = round(seconds, 3)
    stats["traces_per_s"] = round(stats["rows"] / seconds, 2) if seconds > 0 else None
    stats.update({f"policy_{k}": v for k, v in getattr(policy, "counts", {}).items()})
    stats["policy_share"] = round(stats.pop("policy_steps") / stats["steps"], 4) if stats["steps"] else 1.0


def policy_share(policy, trace) -> float:
    """The share of a trace's steps that the policy proposed itself (the rest were uniform fallbacks)."""
    share = getattr(policy, "own_share", None)
    return round(share([(n.parent.state, n.step) for n in trace.nodes[1:]]), 4) if share else 1.0


# -- writing --------------------------------------------------------------------------------------------

def _write_file(staging: Path, k: int, n_files: int, rows: list[dict], plain: bool) -> dict:
    name = f"data/train-{k:05d}-of-{n_files:05d}.parquet"
    (staging / "data").mkdir(exist_ok=True)
    datasets.Dataset.from_list(rows, features=features(plain)).to_parquet(str(staging / name))
    digest = FileDigest()
    digest.add_rows(rows)
    return {"path": name, "rows": len(rows), "sha256": digest.hexdigest()}


def write_rows(rows: Iterator[dict], n: int, out: str | Path, overwrite: bool = False, plain: bool = False,
               manifest: dict | None = None, stats: dict | None = None) -> dict:
    """Stream `n` rows into `out` (files `data/train-KKKKK-of-NNNNN.parquet` + manifest.json), atomically.

    Nothing appears at `out` unless every row was produced and written; returns the manifest.
    """
    out = Path(out)
    check_replaceable(out, overwrite)
    datasets.disable_progress_bars()  # the command prints its own one-line summary
    with staged(out, lambda exc: ValueError(f"cannot write to --out {str(out)!r}: {exc.strerror or exc}")) as staging:
        n_files = max(1, -(-n // ROWS_PER_FILE))
        files, chunk = [], []
        for row in rows:
            chunk.append(row)
            if len(chunk) == ROWS_PER_FILE:
                files.append(_write_file(staging, len(files), n_files, chunk, plain))
                chunk = []
        if chunk or not files:
            files.append(_write_file(staging, len(files), n_files, chunk, plain))
        result = dict(manifest or {}, format="parquet", kind="astro-sft", logicforge_version=_version(),
                      splits={"train": {"rows": sum(f["rows"] for f in files), "files": files}},
                      counts=dict(stats or {}),
                      content_hash=hashlib.sha256("".join(f["sha256"] for f in files).encode()).hexdigest())
        (staging / "manifest.json").write_text(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
    return result


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("logicforge")
    except PackageNotFoundError:
        return "unknown"


def load(path: str | Path) -> datasets.Dataset:
    """Load a dataset written by `write_rows` / `logicforge astro`."""
    manifest = json.loads((Path(path) / "manifest.json").read_text())
    files = [str(Path(path) / f["path"]) for f in manifest["splits"]["train"]["files"]]
    return datasets.load_dataset("parquet", data_files={"train": files}, split="train")


def build(task, n: int, out: str | Path, *, level: int | None = None, overrides: dict[str, Any] | None = None,
          policy=None, cfg: AstroConfig | None = None, seed: int = 0, overwrite: bool = False, plain: bool = False,
          command: str = "", progress: bool | None = False, lang: str = "en") -> dict:
    """Search, linearise and write `n` ASTRO traces of `task` (a Task handed in); returns the manifest.

    `progress`: a bar of traces written (None: on a terminal). `lang` (en, zh, mix): the language of the
    questions; the trace prose comes from English templates in every language, which the manifest records
    as `trace_lang` and the card states.
    """
    from logicforge.generators.astro.policies import ScriptedPolicy

    cfg = cfg or AstroConfig()
    policy = policy or ScriptedPolicy(noise=cfg.noise)
    params = task.params(level, overrides)
    stats: dict = {}
    row_level = level if level is not None else (0 if overrides else 1)  # 0: knobs set by hand
    rows = _with_bar(iter_rows(task, params, row_level, n, policy, cfg, seed, plain, stats, lang), n, progress)
    meta = {"command": command, "task": task.name, "level": level, "params": json.loads(params.to_json()),
            "seed": seed, "lang": lang, "trace_lang": "en", "policy": getattr(policy, "name", type(policy).__name__),
            "config": dataclasses.asdict(cfg)}
    return write_rows(rows, n, out, overwrite, plain, meta, stats)


def _with_bar(rows: Iterator[dict], n: int, progress: bool | None) -> Iterator[dict]:
    """`rows`, advancing a tqdm bar of traces (shown on a terminal when `progress` is None)."""
    import sys

    from tqdm.auto import tqdm

    enabled = sys.stderr.isatty() if progress is None else progress
    with tqdm(total=n, unit="trace", disable=not enabled, dynamic_ncols=True, leave=False) as bar:
        for row in rows:
            yield row
            bar.update(1)
