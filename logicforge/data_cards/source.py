"""Read a generated dataset dir batch by batch: its manifest, row counts, knobs and one example per task."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pyarrow is imported where it is used, so `logicforge --help` stays fast
    import pyarrow as pa

BATCH_ROWS = 2048  # rows per Arrow batch; bounds memory at any dataset size
STAT_COLUMNS = ["task", "category", "level", "params", "lang"]
EXAMPLE_COLUMNS = ["task", "level", "prompt", "answer"]


class CardError(ValueError):
    """A dataset dir that cannot be described or published (missing manifest, bad files)."""


def read_manifest(data_dir: str | Path) -> dict:
    """The manifest.json of a dir written by `logicforge generate`; CardError if there is none."""
    path = Path(data_dir) / "manifest.json"
    if not path.is_file():
        raise CardError(f"{str(data_dir)!r} is not a logicforge dataset (no manifest.json)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CardError(f"cannot read {str(path)!r}: {exc}") from None
    missing = [k for k in ("format", "spec", "splits", "content_hash", "logicforge_version") if k not in manifest]
    if missing:
        raise CardError(f"{str(path)!r} lacks {', '.join(missing)}; regenerate the dataset with `logicforge generate`")
    return manifest


def manifest_kind(data_dir: str | Path) -> str | None:
    """The `kind` a dataset's manifest.json records (`astro-sft` for ASTRO traces), None if it names none
    or cannot be read (`read_manifest` then says why)."""
    try:
        manifest = json.loads((Path(data_dir) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return manifest.get("kind") if isinstance(manifest, dict) else None


def source_files(data_dir: str | Path, manifest: dict) -> Iterator[tuple[str, Path, dict]]:
    """(split, path, file entry) for every data file the manifest lists: train, validation, test, then the rest."""
    for split in sorted(manifest["splits"], key=split_rank):
        for entry in manifest["splits"][split]["files"]:
            path = Path(data_dir) / entry["path"]
            if not path.is_file():
                raise CardError(f"{str(path)!r} is listed in manifest.json but missing")
            yield split, path, entry


def split_rank(name: str) -> tuple[int, str]:
    """Sort key that puts the usual splits first (the manifest stores them alphabetically)."""
    usual = ("train", "validation", "test")
    return (usual.index(name) if name in usual else len(usual), name)


def iter_batches(path: Path, fmt: str, columns: list[str] | None = None, style: str = "default",
                 ) -> Iterator[pa.RecordBatch]:
    """Record batches of one data file (parquet, jsonl or arrow), cast to the logicforge schema of prompt `style`."""
    from logicforge.tasks.rows import FORMATS, read_batches

    if fmt not in FORMATS:
        raise CardError(f"unknown dataset format {fmt!r} in manifest.json")
    yield from read_batches(path, fmt, columns, BATCH_ROWS, style)


@dataclass
class Stats:
    """What a card reports: rows per (task, split, level), knobs per (task, level), one example per task."""

    counts: Counter = field(default_factory=Counter)
    langs: Counter = field(default_factory=Counter)  # rows per (language, split)
    categories: dict[str, str] = field(default_factory=dict)
    knobs: dict[tuple[str, int], set] = field(default_factory=lambda: defaultdict(set))
    examples: dict[str, dict] = field(default_factory=dict)
    splits: list[str] = field(default_factory=list)

    def add(self, split: str, batch: pa.RecordBatch) -> None:
        """Count a batch that has at least STAT_COLUMNS."""
        if split not in self.splits:
            self.splits.append(split)
        names = batch.schema.names
        # rows made before the `lang` column existed are English
        cols = {name: batch.column(name).to_pylist() if name in names else [None] * batch.num_rows
                for name in STAT_COLUMNS}
        for task, category, level, params, lang in zip(*(cols[c] for c in STAT_COLUMNS)):
            self.counts[(task, split, level)] += 1
            self.categories.setdefault(task, category)
            self.knobs[(task, level)].add(params)
            self.langs[(lang or "en", split)] += 1

    def add_examples(self, split: str, batch: pa.RecordBatch) -> None:
        """Keep the first row of each task not seen yet (needs EXAMPLE_COLUMNS)."""
        tasks = batch.column("task").to_pylist()
        for i, task in enumerate(tasks):
            if task not in self.examples:
                row = {c: batch.column(c)[i].as_py() for c in EXAMPLE_COLUMNS}
                self.examples[task] = {**row, "split": split}

    @property
    def tasks(self) -> list[str]:
        """Every task with at least one row, sorted by name (a stable order for cards and configs)."""
        return sorted(self.categories)

    @property
    def configs(self) -> list[str]:
        """The Hub configs of a repo folder built from these rows: every task together, then each task."""
        return ["all", *self.tasks]

    def rows(self, task: str | None = None, split: str | None = None, level: int | None = None) -> int:
        """Rows matching every filter given."""
        return sum(n for (t, s, lv), n in self.counts.items()
                   if (task is None or t == task) and (split is None or s == split) and (level is None or lv == level))

    def languages(self) -> list[str]:
        """The languages of the questions, sorted."""
        return sorted({lang for lang, _ in self.langs})

    def lang_rows(self, lang: str, split: str | None = None) -> int:
        """Rows whose question is in `lang` (in `split` when given)."""
        return sum(n for (lg, s), n in self.langs.items() if lg == lang and (split is None or s == split))

    def levels(self, task: str) -> list[int]:
        return sorted({lv for (t, _, lv) in self.counts if t == task})

    def task_splits(self, task: str) -> list[str]:
        """The splits in which `task` has at least one row, in split order."""
        return [s for s in self.splits if self.rows(task, s)]


def collect_stats(data_dir: str | Path, manifest: dict) -> Stats:
    """Stats of a generated dir, reading only the few columns they need (then a little more for examples)."""
    from logicforge.tasks.rows import style_of

    stats, style = Stats(), style_of(manifest)
    files = list(source_files(data_dir, manifest))
    for split, path, _ in files:
        for batch in iter_batches(path, manifest["format"], STAT_COLUMNS, style):
            stats.add(split, batch)
    for split, path, _ in _example_order(files):
        for batch in iter_batches(path, manifest["format"], EXAMPLE_COLUMNS, style):
            stats.add_examples(split, batch)
            if len(stats.examples) == len(stats.categories):
                return stats
    return stats


def _example_order(files: list[tuple[str, Path, dict]]) -> list[tuple[str, Path, dict]]:
    """Files of the train split first, so examples come from the split most readers use."""
    return sorted(files, key=lambda f: f[0] != "train")
