"""Training data: per-task sampling weights, interleaved mixtures, mixes generated into the run dir, SFT rows."""

from __future__ import annotations

import json
from collections import Counter

import datasets
import pytest

from logicforge.train.config import ConfigError, CurriculumConfig, DataConfig, GRPORunConfig
from logicforge.train.data import build_train_set, load_any, reweight, sampling_weights, sft_rows

from train_helpers import make_dataset, pick_tasks


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    tasks = pick_tasks(2)
    if len(tasks) < 2:
        pytest.skip("needs a second registered task")
    path = make_dataset(tmp_path_factory.mktemp("data") / "d", tasks, splits="train=200,test=10")
    from logicforge.tasks.build import load

    return tasks, path, load(path)["train"]


def test_sampling_weights_normalise_and_drop(mixed):
    tasks, _, ds = mixed
    a, b = tasks
    assert sampling_weights(ds, {a: 3, b: 1}) == {a: 0.75, b: 0.25}
    assert sampling_weights(ds, {a: 1, b: 0}) == {a: 1.0}  # weight 0 drops the task
    assert sampling_weights(ds, {}) == pytest.approx({a: 0.5, b: 0.5})  # the data's own proportions
    with pytest.raises(ConfigError, match="not in the data"):
        sampling_weights(ds, {"no_such_task": 1})


def test_reweight_follows_the_weights_without_repeating_rows(mixed):
    tasks, _, ds = mixed
    a, b = tasks
    out = reweight(ds, sampling_weights(ds, {a: 4, b: 1}), seed=0)
    counts = Counter(out["task"])
    assert counts[a] == 100 and 15 <= counts[b] <= 40  # stops when the heavy task runs out (first_exhausted)
    assert len(set(out["id"])) == len(out)
    only_a = reweight(ds, {a: 1.0}, seed=0)
    assert set(only_a["task"]) == {a} and len(only_a) == 100


def test_build_train_set_from_a_dir_applies_weights_and_max_rows(mixed, tmp_path):
    tasks, path, _ = mixed
    cfg = GRPORunConfig(model="m", output_dir=str(tmp_path), data=DataConfig(path=str(path), task_weights={tasks[0]: 1},
                                                                              max_rows=30))
    ds, weights, curriculum = build_train_set(cfg, tmp_path)
    assert len(ds) == 30 and set(ds["task"]) == {tasks[0]} and weights == {tasks[0]: 1.0} and curriculum is None


def test_a_mix_is_generated_once_into_the_run_dir(tmp_path):
    mix = tmp_path / "mix.yaml"
    mix.write_text(json.dumps({"seed": 4, "splits": {"train": 12, "test": 3}, "tasks": [{"task": "word_sorting"}]}))
    cfg = GRPORunConfig(model="m", output_dir=str(tmp_path / "run"), data=DataConfig(mix=str(mix)))
    first, _, _ = build_train_set(cfg, tmp_path / "run")
    manifest = json.loads((tmp_path / "run" / "data" / "manifest.json").read_text())
    assert set(manifest["splits"]) == {"train", "test"} and len(first) == 12  # test kept apart, as generate does
    again, _, _ = build_train_set(cfg, tmp_path / "run")
    assert again["id"] == first["id"]
    mix.write_text(json.dumps({"seed": 5, "splits": {"train": 12}, "tasks": [{"task": "word_sorting"}]}))
    with pytest.raises(ConfigError, match="different mix"):
        build_train_set(cfg, tmp_path / "run")


def test_curriculum_pool_has_every_level(tmp_path):
    mix = tmp_path / "mix.yaml"
    mix.write_text(json.dumps({"seed": 4, "splits": {"train": 12, "test": 4}, "tasks": [{"task": "word_sorting"}]}))
    cfg = GRPORunConfig(model="m", output_dir=str(tmp_path / "run"), data=DataConfig(mix=str(mix)),
                        curriculum=CurriculumConfig(enabled=True, min_level=2, max_level=4, start_level=3, pool_size=5))
    ds, weights, curriculum = build_train_set(cfg, tmp_path / "run")
    assert Counter(ds["level"]) == {2: 5, 3: 5, 4: 5}
    assert curriculum.levels == {"word_sorting": 3} and weights == {"word_sorting": 1.0}
    manifest = json.loads((tmp_path / "run" / "data" / "manifest.json").read_text())
    assert manifest["splits"]["test"]["rows"] == 3 * round(5 * 4 / 12)  # other splits keep their ratio


def test_load_any_and_sft_rows(tmp_path):
    rows = [{"prompt": "Q?", "completion": "<answer>A</answer>", "extra": 1}] * 3
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    plain = sft_rows(load_any(tmp_path / "a.jsonl", "train"), False)
    assert plain.column_names == ["prompt", "completion"] and plain[0]["completion"] == "<answer>A</answer>"
    chat = datasets.Dataset.from_list([{"prompt": [{"role": "user", "content": "Q?"}], "completion": "A"}] * 2)
    chat.to_parquet(str(tmp_path / "c.parquet"))
    converted = sft_rows(load_any(tmp_path / "c.parquet", "train"), False)
    assert converted[0]["completion"] == [{"role": "assistant", "content": "A"}]  # same form as the prompt
    with pytest.raises(ConfigError, match="does not exist"):
        load_any(tmp_path / "missing", "train")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="no .jsonl, .json or .parquet"):
        load_any(tmp_path / "empty", "train")
    with pytest.raises(ConfigError, match="needs a `messages` column"):
        sft_rows(datasets.Dataset.from_list([{"text": "x"}]), False)


def test_sft_reads_a_manifest_dir_whose_rows_carry_completions(tmp_path):
    """ASTRO trace datasets share the manifest layout of task datasets but add columns such as `completion`."""
    (tmp_path / "astro" / "data").mkdir(parents=True)
    rows = [{"id": str(i), "prompt": [{"role": "user", "content": "Q"}], "completion": "<answer>A</answer>",
             "backtracks": i} for i in range(3)]
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "astro" / "data" / "train-00000-of-00001.parquet"))
    manifest = {"format": "parquet", "splits": {"train": {"rows": 3, "files": [
        {"path": "data/train-00000-of-00001.parquet", "rows": 3, "sha256": "-"}]}}}
    (tmp_path / "astro" / "manifest.json").write_text(json.dumps(manifest))
    ds = sft_rows(load_any(tmp_path / "astro", "train"), False)
    assert len(ds) == 3 and ds[0]["completion"] == [{"role": "assistant", "content": "<answer>A</answer>"}]
    with pytest.raises(ConfigError, match="split 'test' not in"):
        load_any(tmp_path / "astro", "test")
