"""Dataset building: determinism, shards, splits, formats, atomic writes, round trips."""

import json
import os
import subprocess
import sys
from pathlib import Path

import datasets
import pytest

from logicforge.tasks import REGISTRY, build, get_task, rows as row_module, workers as worker_pool
from logicforge.tasks.build import BuildError, load, make_row, make_spec, question_key, write_dataset
from logicforge.tasks.mix import MixSpec, component, load_mix, parse_splits

ROOT = Path(__file__).resolve().parents[1]


def data_files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((path / "data").iterdir())}


def two_task_spec(splits="train=60,test=12"):
    names = [n for n in ("word_sorting", "dyck_language", "mathador", "sudoku") if n in REGISTRY][:2]
    return make_spec(names, level=1, seed=5, splits=splits)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "arrow"])
def test_same_arguments_identical_bytes_any_workers(tmp_path, fmt):
    # 25 rows a file: 3 train files, so 2 workers make chunks that this process writes; 10 rows a file:
    # 6 train files, so 2 or 3 workers write whole files themselves. Both paths must give the same bytes.
    spec = two_task_spec()
    runs = [(1, 25), (2, 25), (1, 10), (2, 10), (3, 10)]
    got = {}
    for workers, per_file in runs:
        out = tmp_path / f"w{workers}-{per_file}"
        manifest = write_dataset(spec, out, fmt=fmt, workers=workers, rows_per_file=per_file, progress=False)
        got.setdefault(per_file, []).append((manifest["content_hash"], data_files(out)))
    for per_file, results in got.items():
        assert all(r == results[0] for r in results), per_file


def test_whole_file_workers_that_fail_leave_nothing(tmp_path, monkeypatch):
    spec = two_task_spec("train=60")
    original = worker_pool._FileSink.add
    calls = {"n": 0}

    def failing(self, part):
        calls["n"] += 1  # counted per process: every worker fails on its second chunk
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return original(self, part)

    monkeypatch.setattr(worker_pool._FileSink, "add", failing)
    with pytest.raises(OSError, match="No space"):
        write_dataset(spec, tmp_path / "out", workers=2, rows_per_file=5, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_identical_across_processes_with_different_hash_seeds(tmp_path):
    outs = []
    for i, hash_seed in enumerate(["0", "12345"]):
        out = tmp_path / f"p{i}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        cmd = [sys.executable, "-c", "from logicforge.cli import main; main()", "generate", "--mix", str(ROOT / "examples/starter.yaml"),
               "--splits", "train=30,test=5", "--out", str(out)]
        subprocess.run(cmd, check=True, env=env, capture_output=True)
        outs.append(out)
    assert data_files(outs[0]) == data_files(outs[1])


def test_shards_union_is_the_full_dataset(tmp_path):
    spec = two_task_spec("train=70,test=9")
    full = write_dataset(spec, tmp_path / "full", rows_per_file=20, progress=False)
    parts = [write_dataset(spec, tmp_path / f"s{k}", shard=(k, 3), rows_per_file=20, progress=False) for k in range(3)]
    merged = {}
    for k in range(3):
        files = data_files(tmp_path / f"s{k}")
        assert not set(files) & set(merged), "shards overlap"
        merged.update(files)
    assert merged == data_files(tmp_path / "full")
    hashes = {f["path"]: f["sha256"] for p in parts for s in p["splits"].values() for f in s["files"]}
    assert hashes == {f["path"]: f["sha256"] for s in full["splits"].values() for f in s["files"]}


def test_splits_have_disjoint_questions_and_unique_ids(tmp_path):
    spec = two_task_spec("train=80,test=20,val=10")
    write_dataset(spec, tmp_path / "d", progress=False)
    dd = load(tmp_path / "d")
    questions = {s: set(dd[s]["question"]) for s in dd}
    assert not questions["train"] & questions["test"]
    assert not questions["train"] & questions["val"] and not questions["test"] & questions["val"]
    ids = [i for s in dd for i in dd[s]["id"]]
    assert len(ids) == len(set(ids))


def test_reserved_question_is_resampled():
    spec = make_spec(["word_sorting"], level=1, seed=0, splits={"train": 1})
    first = make_row(spec, "train", 0, 0)
    again = make_row(spec, "train", 0, 0, reserved={question_key(first["question"])})
    assert again["question"] != first["question"]


def test_exhausted_item_space_is_a_clear_error(monkeypatch):
    spec = make_spec(["word_sorting"], level=1, seed=0, splits={"train": 1})
    monkeypatch.setattr(row_module, "question_key", lambda q: 1)
    with pytest.raises(BuildError, match="too small"):
        make_row(spec, "train", 0, 0, reserved={1})


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_reference_verifies_after_parquet_round_trip(tmp_path, name):
    task = get_task(name)
    spec = MixSpec((component(name, levels=[1, 4, 7]),), 3, {"train": 6})
    write_dataset(spec, tmp_path / name, progress=False)
    ds = datasets.load_dataset(str(tmp_path / name), split="train")
    assert ds.features == build.FEATURES
    for row in ds:
        assert task.verify(row["payload"], f"<answer>{row['answer']}</answer>").correct
    again = datasets.Dataset.from_list(list(ds), features=build.FEATURES)
    assert again[0] == ds[0]


def test_mixture_has_one_schema_and_weighted_counts(tmp_path):
    names = sorted(REGISTRY)[:3]
    spec = MixSpec(tuple(component(n, weight=w) for n, w in zip(names, [3, 1, 1])), 0, {"train": 50})
    counts = spec.counts("train")
    assert sum(counts) == 50 and counts[0] == max(counts)
    write_dataset(spec, tmp_path / "m", progress=False)
    ds = load(tmp_path / "m")
    assert sorted(set(ds["task"])) == sorted(names)
    assert [ds["task"].count(n) for n in names] == counts


@pytest.mark.parametrize("fmt", ["jsonl", "arrow"])
def test_other_formats_load(tmp_path, fmt):
    spec = two_task_spec("train=10")
    write_dataset(spec, tmp_path / fmt, fmt=fmt, progress=False)
    ds = load(tmp_path / fmt)
    assert len(ds) == 10 and ds.features == build.FEATURES


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "arrow"])
def test_interrupted_write_leaves_nothing(tmp_path, monkeypatch, fmt):
    spec = two_task_spec("train=60")
    calls = {"n": 0}
    original = worker_pool._FileSink.add

    def failing(self, part):
        calls["n"] += 1
        if calls["n"] == 2:  # the disk fills up in the middle of the first file
            raise OSError(28, "No space left on device")
        return original(self, part)

    monkeypatch.setattr(worker_pool._FileSink, "add", failing)
    with pytest.raises(OSError):
        write_dataset(spec, tmp_path / "out", fmt=fmt, rows_per_file=20, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_overwrite_rules(tmp_path):
    spec = two_task_spec("train=5")
    out = tmp_path / "o"
    write_dataset(spec, out, progress=False)
    with pytest.raises(BuildError, match="not empty"):
        write_dataset(spec, out, progress=False)
    old = json.loads((out / "manifest.json").read_text())
    write_dataset(make_spec(["word_sorting"], n=7, seed=1), out, overwrite=True, progress=False)
    assert json.loads((out / "manifest.json").read_text())["content_hash"] != old["content_hash"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o"]


def test_in_memory_generate_matches_task_api():
    import logicforge

    ds = logicforge.generate("word_sorting", n=4, level=2, seed=9)
    assert len(ds) == 4 and set(ds["level"]) == {2}
    dd = logicforge.generate(["word_sorting"], splits="train=4,test=2", seed=9)
    assert set(dd) == {"train", "test"}


@pytest.mark.parametrize("text,message", [
    ("tasks: []", "non-empty"),
    ("tasks: [{task: nope}]", "unknown task"),
    ("tasks: [{task: word_sorting, wieght: 2}]", "unknown key"),
    ("tasks: [{task: word_sorting, level: 11}]", "level 11"),
    ("tasks: [{task: word_sorting, params: {n_words: 999}}]", "n_words"),
    ("tasks: [{task: word_sorting}]\nsplits: {train: 0}", "positive"),
    ("tasks: [{task: word_sorting, weight: -1}]", "weight"),
    ("tasks: [oops", "not valid YAML"),
])
def test_bad_mix_files(tmp_path, text, message):
    path = tmp_path / "mix.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_mix(path)


def test_parse_splits_errors():
    assert parse_splits("train=3, test=1") == {"train": 3, "test": 1}
    for bad in ["train", "train=x", "=3", "train=-1"]:
        with pytest.raises(ValueError):
            parse_splits(bad)


def test_starter_mix_loads():
    spec = load_mix(ROOT / "examples/starter.yaml")
    assert spec.components and sum(spec.splits.values()) > 0


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "arrow"])
@pytest.mark.parametrize("workers", [1, 2])
def test_manifest_hash_is_the_block_hash_of_the_rows_read_back(tmp_path, fmt, workers):
    # sha256 over the sha256 of each 64-row block of canonical JSON lines, independent of format and
    # of who hashed the blocks (this process or the workers)
    import hashlib

    spec = two_task_spec("train=300")
    manifest = write_dataset(spec, tmp_path / "d", fmt=fmt, workers=workers, rows_per_file=150, progress=False)
    files = manifest["splits"]["train"]["files"]
    assert [f["rows"] for f in files] == [150, 150]
    for entry, (_, rows) in zip(files, _rows_per_file(tmp_path / "d", files)):
        lines = [json.dumps(r, sort_keys=True, ensure_ascii=False).encode() + b"\n" for r in rows]
        blocks = [hashlib.sha256(b"".join(lines[i:i + 64])).digest() for i in range(0, len(lines), 64)]
        assert entry["sha256"] == hashlib.sha256(b"".join(blocks)).hexdigest()


def _rows_per_file(root: Path, files: list[dict]):
    for entry in files:
        builder = {"parquet": "parquet", "jsonl": "json", "arrow": "arrow"}[entry["path"].rsplit(".", 1)[1]]
        ds = datasets.load_dataset(builder, data_files=str(root / entry["path"]), features=build.FEATURES)["train"]
        yield entry["path"], ds.to_list()


def test_progress_counts_every_row_once_in_both_modes(tmp_path, monkeypatch):
    counted = []

    class Bar:
        def __init__(self, total, enabled):
            self.total = total

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            counted.append(self.total)

        def update(self, n):
            counted.append(n)

    monkeypatch.setattr(build, "_progress", Bar)
    spec = two_task_spec("train=130,test=20")
    write_dataset(spec, tmp_path / "d", workers=2, rows_per_file=30, progress=True)  # 4 whole files + chunks
    assert sum(counted[:-1]) == counted[-1] == 150
