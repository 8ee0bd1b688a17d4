"""Training data: load or generate a task mixture, reweight it by task, and load SFT rows (ASTRO traces)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import datasets

from logicforge.train._schema import ConfigError


def load_split(path: str | Path, split: str) -> datasets.Dataset:
    """One split of a dataset dir written by `logicforge generate`; ConfigError when missing."""
    from logicforge.tasks.build import load

    if not (Path(path) / "manifest.json").exists():
        raise ConfigError(f"{str(path)!r} is not a logicforge dataset (no manifest.json); run `logicforge generate`")
    data = load(path)
    if isinstance(data, datasets.DatasetDict):
        if split not in data:
            raise ConfigError(f"split {split!r} not in {str(path)!r}; it has {', '.join(data)}")
        return data[split]
    manifest = json.loads((Path(path) / "manifest.json").read_text())
    only = next(iter(manifest["splits"]))
    if split != only:
        raise ConfigError(f"split {split!r} not in {str(path)!r}; it has {only}")
    return data


def materialize_mix(spec, out: str | Path) -> Path:
    """Write MixSpec `spec` to `out` unless it is already there (a resumed run reuses the same rows)."""
    from logicforge.tasks.build import write_dataset

    out = Path(out)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        if json.loads(manifest_path.read_text())["spec"] != spec.to_dict():
            raise ConfigError(f"{str(out)!r} holds data generated from a different mix; use a new output_dir")
        return out
    write_dataset(spec, out, progress=False, command="logicforge train grpo (data.mix)")
    return out


def curriculum_spec(spec, min_level: int, max_level: int, pool_size: int, train_split: str = "train"):
    """The mix `spec` re-levelled for a curriculum: every task at every level in range, equal shares.

    The training split gets `pool_size` rows per task and level; other splits keep their size ratio to
    the training split (at least one row per task and level).
    """
    from logicforge.tasks.mix import Component, MixSpec

    levels = tuple(range(min_level, max_level + 1))
    comps = tuple(Component(c.task, 1.0, levels, c.overrides, c.lang) for c in spec.components)
    for comp in comps:
        comp.check()  # a knob override that is invalid at some level fails here, before generation
    cells = len(levels) * len(comps)
    ratio = {name: n / spec.splits[train_split] for name, n in spec.splits.items()}
    return MixSpec(comps, spec.seed, {name: cells * max(1, round(pool_size * r)) for name, r in ratio.items()},
                   spec.style)


def prompt_style(ds: datasets.Dataset) -> str:
    """The prompt style of training rows, read from their shape: `plain` when `prompt` is a string, `r1`
    when it opens with the DeepSeek-R1-Zero system prompt (in any language), else `default`. A dataset has
    one style (its manifest's `spec.style`), so the first row tells.

    >>> prompt_style(datasets.Dataset.from_list([{"prompt": "Q?"}]))
    'plain'
    >>> prompt_style(datasets.Dataset.from_list([{"prompt": [{"role": "user", "content": "Q?"}]}]))
    'default'
    """
    from logicforge.tasks.prompts import R1_SYSTEM

    if "prompt" not in ds.column_names or len(ds) == 0:
        return "default"
    first = ds[0]["prompt"]
    if isinstance(first, str):
        return "plain"
    opening = first[0] if first else {}
    if opening.get("role") == "system" and opening.get("content") in R1_SYSTEM.values():
        return "r1"
    return "default"


def task_counts(ds: datasets.Dataset) -> dict[str, int]:
    """Rows per task, sorted by task name."""
    return dict(sorted(Counter(ds["task"]).items()))


def sampling_weights(ds: datasets.Dataset, weights: dict[str, float]) -> dict[str, float]:
    """Normalised per-task sampling weights: `weights` (tasks left out dropped) or the data's own proportions."""
    counts = task_counts(ds)
    missing = set(weights) - set(counts)
    if missing:
        raise ConfigError(f"data.task_weights names task(s) not in the data: {', '.join(sorted(missing))}; "
                          f"the data has {', '.join(counts)}")
    raw = {t: float(w) for t, w in weights.items() if w > 0} if weights else {t: float(n) for t, n in counts.items()}
    total = sum(raw.values())
    return {t: w / total for t, w in sorted(raw.items())}


def reweight(ds: datasets.Dataset, weights: dict[str, float], seed: int) -> datasets.Dataset:
    """Mix the tasks of `ds` with sampling probabilities `weights` (a dict from `sampling_weights`).

    Uses `interleave_datasets(probabilities=..., stopping_strategy="first_exhausted")`: each draw picks a
    task by weight and takes its next unseen row, stopping when one task runs out, so no row repeats
    within an epoch (the MoDoMoDo recipe).
    """
    tasks = ds["task"]
    parts = [ds.select([i for i, t in enumerate(tasks) if t == name]) for name in weights]
    if len(parts) == 1:
        return parts[0]
    return datasets.interleave_datasets(parts, probabilities=list(weights.values()), seed=seed,
                                        stopping_strategy="first_exhausted")


def build_train_set(cfg, out: Path):
    """The GRPO training rows for run config `cfg`: `(dataset, sampling weights, Curriculum or None)`.

    A `data.mix` is generated into `<out>/data` (with every level of the curriculum range when the
    curriculum is on); a `data.path` is read as it is. Without a curriculum the tasks are reweighted by
    `data.task_weights`; with one, the curriculum sampler applies the weights step by step.
    """
    from logicforge.train.curriculum import Curriculum

    path = cfg.data.path
    if cfg.data.mix is not None:
        spec = _train_spec(cfg)
        path = materialize_mix(spec, Path(out) / "data")
    ds = load_split(path, cfg.data.split)
    weights = sampling_weights(ds, cfg.data.task_weights)
    if cfg.curriculum.enabled:
        tasks, levels = ds["task"], ds["level"]
        available: dict[str, list[int]] = {}
        for task, level in zip(tasks, levels):
            if task in weights:
                available.setdefault(task, []).append(level)
        return ds, weights, Curriculum(available, cfg.curriculum)
    if cfg.data.task_weights:
        ds = reweight(ds, weights, cfg.seed)
    if cfg.data.max_rows is not None and cfg.data.max_rows < len(ds):
        ds = ds.select(range(cfg.data.max_rows))
    return ds, weights, None


def build_eval_set(cfg, out: Path, tasks: list[str]) -> datasets.Dataset:
    """Held-out rows scored during training: `data.eval_rows` per training task from `data.eval_split`."""
    from logicforge.train.evaluate import per_task_sample

    path = Path(out) / "data" if cfg.data.mix is not None else Path(cfg.data.path)
    try:
        ds = load_split(path, cfg.data.eval_split)
    except ConfigError as exc:
        raise ConfigError(f"trainer.eval_steps needs held-out rows: {exc}") from None
    keep = [i for i, t in enumerate(ds["task"]) if t in set(tasks)]
    ds = ds.select(keep)
    if len(ds) == 0:
        raise ConfigError(f"trainer.eval_steps: split {cfg.data.eval_split!r} has no rows of the training tasks")
    return ds.select(per_task_sample(ds["task"], cfg.data.eval_rows, cfg.seed))


def _train_spec(cfg):
    """The MixSpec to generate for `cfg.data.mix` (re-levelled for a curriculum).

    Every split of the mix is generated, as `logicforge generate --mix` would, so the training split
    keeps out the questions of the smaller (test) splits and those splits can be evaluated on later.
    """
    from logicforge.tasks.mix import load_mix

    spec = load_mix(cfg.data.mix)
    if cfg.data.split not in spec.splits:
        raise ConfigError(f"data.split {cfg.data.split!r} is not a split of {cfg.data.mix!r} "
                          f"({', '.join(spec.splits)})")
    if cfg.curriculum.enabled:
        c = cfg.curriculum
        spec = curriculum_spec(spec, c.min_level, c.max_level, c.pool_size, cfg.data.split)
    return spec


# -- SFT rows ----------------------------------------------------------------------------------------


def load_any(path: str | Path, split: str) -> datasets.Dataset:
    """A split from a logicforge dataset dir, a `save_to_disk` dir, or .jsonl/.json/.parquet file(s)."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"data.path {str(path)!r} does not exist")
    if (path / "manifest.json").exists():
        return _manifest_split(path, split)
    if path.is_dir() and ((path / "dataset_info.json").exists() or (path / "dataset_dict.json").exists()):
        data = datasets.load_from_disk(str(path))
        return data[split] if isinstance(data, datasets.DatasetDict) else data
    files = sorted(p for p in ([path] if path.is_file() else path.rglob("*")) if p.suffix in _BUILDERS)
    if not files:
        raise ConfigError(f"data.path {str(path)!r} has no .jsonl, .json or .parquet files")
    builder = _BUILDERS[files[0].suffix]
    return datasets.load_dataset(builder, data_files=[str(f) for f in files], split="train")


_BUILDERS = {".jsonl": "json", ".json": "json", ".parquet": "parquet"}


def _manifest_split(path: Path, split: str) -> datasets.Dataset:
    """One split of any dataset dir with a logicforge `manifest.json`, read with the schema its files carry
    (task datasets and ASTRO trace datasets share the layout but not the columns)."""
    manifest = json.loads((path / "manifest.json").read_text())
    splits = manifest.get("splits", {})
    if split not in splits or not splits[split].get("files"):
        raise ConfigError(f"split {split!r} not in {str(path)!r}; it has {', '.join(splits) or 'no splits'}")
    builder = {"parquet": "parquet", "jsonl": "json", "arrow": "arrow"}.get(manifest.get("format", "parquet"))
    if builder is None:
        raise ConfigError(f"{str(path)!r}: unknown format {manifest.get('format')!r} in manifest.json")
    files = [str(path / f["path"]) for f in splits[split]["files"]]
    return datasets.load_dataset(builder, data_files=files, split="train")


def sft_rows(ds: datasets.Dataset, answers_as_completions: bool) -> datasets.Dataset:
    """Keep only what SFT trains on: `prompt` + `completion` in the same (chat or plain) form.

    Rows with both (ASTRO traces carry `messages` as well) train on their prompt/completion columns, so
    `trainer.loss_on_prompt: false` masks the prompt; rows with only `messages` are split before their last
    assistant turn into a prompt and a one-message completion, for the same reason.
    """
    cols = set(ds.column_names)
    if "messages" in cols and not {"prompt", "completion"} <= cols:
        return _split_messages(ds.select_columns(["messages"]))
    if "prompt" in cols and "completion" not in cols and answers_as_completions and "answer" in cols:
        ds = ds.map(lambda row: {"completion": f"<answer>{row['answer']}</answer>"})
        cols.add("completion")
    if not {"prompt", "completion"} <= cols:
        hint = " (or set data.answers_as_completions)" if "answer" in cols else ""
        raise ConfigError(f"SFT data needs a `messages` column or `prompt` and `completion` columns{hint}; "
                          f"it has {', '.join(sorted(cols))}")
    ds = ds.select_columns(["prompt", "completion"])
    if isinstance(ds[0]["prompt"], list) and isinstance(ds[0]["completion"], str):
        # TRL wants both sides in the same form: a chat prompt takes an assistant-message completion.
        ds = ds.map(lambda row: {"completion": [{"role": "assistant", "content": row["completion"]}]})
    return ds


def _split_messages(ds: datasets.Dataset) -> datasets.Dataset:
    """`messages` rows as conversational prompt/completion: the last assistant turn is the completion."""

    def split(row):
        messages = row["messages"]
        last = max((i for i, m in enumerate(messages) if m.get("role") == "assistant"), default=None)
        if last is None or last == 0:
            raise ConfigError("SFT data: a `messages` row needs a turn before its last assistant turn")
        return {"prompt": messages[:last], "completion": [messages[last]]}

    return ds.map(split, remove_columns=["messages"])
