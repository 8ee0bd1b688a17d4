"""`logicforge mix` commands (add, fit, report, run) and an end-to-end CPU search with the tiny model and real GRPO."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.train._schema import describe
from logicforge.train.mixture_run import _PARTS, MixSearchConfig, load_search_config
from logicforge.train.mixture_store import TrialStore

from train_helpers import ROOT, make_dataset, pick_tasks, pin_threads

EXAMPLES = sorted((ROOT / "examples").glob("mix_opt*.yaml"))
A, B, C = "dyck_language", "web_of_lies", "word_sorting"  # registered tasks (mix add refuses others), sorted


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def assert_one_line_error(result, words):
    assert result.exit_code == 2, result.output
    assert result.output.startswith("logicforge: error: ") and result.output.count("\n") == 1, result.output
    assert words in result.output


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_configs_load(path):
    cfg = load_search_config(path)
    assert cfg.store and cfg.workdir and Path(ROOT / cfg.train.config).is_file() and Path(ROOT / cfg.data.mix).is_file()


def test_every_config_field_has_help():
    assert len(EXAMPLES) == 2
    assert "# \n" not in describe(MixSearchConfig) + "\n"
    for cls in (MixSearchConfig, *_PARTS.values()):
        for f in dataclasses.fields(cls):
            assert f.metadata.get("help"), f"{cls.__name__}.{f.name} has no help"


def fill_store(db: Path, seeds=(0, 1)) -> None:
    """Results of a 3-task search as if run on a cluster: a concave objective with seed noise."""
    rng = np.random.default_rng(0)
    opt = np.array([0.2, 0.5, 0.3])
    W = np.vstack([np.eye(3), (1 - np.eye(3)) / 2, np.full((1, 3), 1 / 3), rng.dirichlet(np.ones(3), 4)])
    lines = []
    for w in W:
        for seed in seeds:
            score = 0.6 - ((w - opt) ** 2).sum() + rng.normal(0, 0.01)
            metrics = {"sets": {"ood": {"pass@1": score, "questions": 100}, "a": {"pass@1": 0.5, "questions": 10}}}
            lines.append(json.dumps({"mixture": dict(zip((A, B, C), w.tolist())), "seed": seed, "metrics": metrics}))
    results = db.parent / "results.jsonl"
    results.write_text("\n".join(lines) + "\n")
    out = invoke("mix", "add", "--store", db, "--file", results)
    assert out.exit_code == 0 and f"imported {len(lines)} result(s)" in out.output


def test_add_single_results_and_errors(tmp_path):
    db = tmp_path / "s.db"
    ok = invoke("mix", "add", "--store", db, "--mixture", f"{A}=1,{B}=1", "--seed", 3, "--objective", 0.25)
    assert ok.exit_code == 0 and "imported 1 result(s)" in ok.output
    metrics = tmp_path / "m.json"
    metrics.write_text(json.dumps({"objective": 0.5}))
    again = invoke("mix", "add", "--store", db, "--mixture", f"{A}=0.5,{B}=0.5", "--seed", 3, "--metrics", metrics)
    assert "imported 0 result(s); kept 1 finished trial(s)" in again.output
    with TrialStore(db) as store:
        (trial,) = store.trials("done")
        assert (trial.mixture, trial.seed, trial.metrics) == ({A: 0.5, B: 0.5}, 3, {"objective": 0.25})
    assert_one_line_error(invoke("mix", "add", "--store", db, "--mixture", "a=x", "--objective", 1), "bad --mixture")
    assert_one_line_error(invoke("mix", "add", "--store", db, "--mixture", "a=1"), "exactly one of --metrics")
    assert_one_line_error(invoke("mix", "add", "--store", db), "give either --file")
    assert_one_line_error(invoke("mix", "add", "--store", db, "--mixture", f"{A}=1,{C}=1", "--objective", 1),
                          f"task(s) {C} are not in this search")
    assert_one_line_error(invoke("mix", "add", "--store", db, "--mixture", f"{A}=1,z=1", "--objective", 1),
                          "unknown task(s) 'z'")


def test_fit_proposes_without_training(tmp_path):
    db = tmp_path / "s.db"
    fill_store(db)
    text = invoke("mix", "fit", "--store", db, "--objective-set", "ood", "-k", 3)
    assert text.exit_code == 0, text.output
    assert "quadratic surrogate: 10 parameters, 22 runs" in text.output and "k-fold R^2" in text.output
    assert text.output.count("proposal (") == 3
    fit = json.loads(invoke("mix", "fit", "--store", db, "--objective-set", "ood", "--json").output)
    assert np.abs(np.array(fit["recommended"]) - [0.2, 0.5, 0.3]).max() < 0.1
    assert fit["cv_r2"] > 0.8 and len(fit["proposals"]) == 2
    linear = json.loads(invoke("mix", "fit", "--store", db, "--objective-set", "ood", "--surrogate", "linear",
                               "--json").output)
    assert linear["params"] == 4 and linear["cv_r2"] < fit["cv_r2"]
    assert_one_line_error(invoke("mix", "fit", "--store", tmp_path / "none.db"), "does not exist")


def test_report_table_spread_and_plots(tmp_path):
    db = tmp_path / "s.db"
    fill_store(db)
    out = tmp_path / "rep"
    result = invoke("mix", "report", "--store", db, "--out", out, "--objective-set", "ood")
    assert result.exit_code == 0, result.output
    assert "trials: 22 done, 0 pending" in result.output
    assert "best vs uniform: +" in result.output and "(s.e. from seeds)" in result.output
    for name in ("report.json", "predicted_vs_observed.png", "best_mixtures.png"):
        assert (out / name).stat().st_size > 1000
    rep = json.loads((out / "report.json").read_text())
    assert rep["mixtures"][0]["n"] == 2 and rep["mixtures"][0]["std"] is not None
    assert len(rep["trials"]) == 22 and rep["gain_over_uniform"]["se"] > 0
    # The default objective (mean over both sets) differs from the OOD-only one.
    default = json.loads((Path(invoke("mix", "report", "--store", db, "--out", tmp_path / "r2").output.split(
        "report: ")[1].split("\n")[0])).read_text())
    assert default["mixtures"][0]["mean"] != rep["mixtures"][0]["mean"]


def test_run_rejects_bad_configs(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("store: s.db\nsearch: {rounds: 1, per_rnd: 2}\n")
    assert_one_line_error(invoke("mix", "run", bad), "search.per_rnd: unknown key; did you mean 'per_round'?")
    bad.write_text(f"store: {tmp_path}/s.db\nworkdir: {tmp_path}\ntrain: {{config: {tmp_path}/missing.yaml}}\n"
                   f"data: {{path: {tmp_path}}}\n")
    assert_one_line_error(invoke("mix", "run", bad), "is not a logicforge dataset")


# -- end to end: tiny model, 2 tasks, 3 seed mixtures of 2 GRPO steps each, one refit, one proposal ----


@pytest.mark.slow
def test_end_to_end_search_with_the_tiny_model(tmp_path):
    pin_threads()
    from logicforge.train.tiny import make_tiny_model

    tasks = pick_tasks(2)
    if len(tasks) < 2:
        pytest.skip("needs a second registered task that generates")
    data = make_dataset(tmp_path / "data", tasks, splits="train=32,test=8")
    model = make_tiny_model(tmp_path / "tiny")
    base = {"model": str(model), "output_dir": "set-per-trial", "data": {"path": "set-per-trial"},
            "rewards": {"format_weight": 0.5},
            "trainer": {"num_generations": 2, "per_device_train_batch_size": 4, "max_completion_length": 8,
                        "max_steps": 2, "learning_rate": 1e-4, "save_steps": 100, "gradient_checkpointing": False}}
    (tmp_path / "grpo.yaml").write_text(yaml.safe_dump(base))
    cfg = {"store": str(tmp_path / "trials.db"), "workdir": str(tmp_path / "work"),
           "train": {"config": str(tmp_path / "grpo.yaml")}, "data": {"path": str(data)},
           "eval": {"k": 2, "max_new_tokens": 8}, "search": {"rounds": 1, "per_round": 1}}
    (tmp_path / "mix.yaml").write_text(yaml.safe_dump(cfg))

    first = invoke("mix", "run", tmp_path / "mix.yaml")
    assert first.exit_code == 0, first.output
    assert "round 1: 1 proposal(s); quadratic surrogate" in first.output
    with TrialStore(tmp_path / "trials.db") as store:
        trials = store.trials()
    assert [t.status for t in trials] == ["done"] * 4 and [t.round for t in trials] == [0, 0, 0, 1]
    assert sorted(tuple(t.mixture.values()) for t in trials[:3]) == [(0.0, 1.0), (0.5, 0.5), (1.0, 0.0)]
    for t in trials:
        m = t.metrics
        assert m["global_step"] == 2 and set(m["sets"]) == set(tasks)
        assert all(s["questions"] == 4 and 0 <= s["pass@1"] <= 1 for s in m["sets"].values())
        assert m["objective"] == pytest.approx(np.mean([s["pass@1"] for s in m["sets"].values()]))
        out = Path(m["output_dir"])
        assert (out / "metrics.json").is_file() and (out / "eval-in" / "report.json").is_file()
        assert not list(out.glob("*.safetensors"))  # weights pruned (keep_models is off)
        trained = json.loads((out / "metrics.json").read_text())["sampling_weights"]
        assert trained == {k: v for k, v in t.mixture.items() if v > 0}  # the run trained on the trial's mixture

    again = invoke("mix", "run", tmp_path / "mix.yaml")
    assert again.exit_code == 0 and "trial " not in again.output.split("trials:")[0]  # nothing re-ran
    with TrialStore(tmp_path / "trials.db") as store:
        assert [t.finished for t in store.trials()] == [t.finished for t in trials]
    report = invoke("mix", "report", "--store", tmp_path / "trials.db")
    assert report.exit_code == 0 and "trials: 4 done" in report.output


def test_run_rejects_a_bad_grpo_config_before_training(tmp_path):
    tasks = pick_tasks(2)
    if len(tasks) < 2:
        pytest.skip("needs a second registered task that generates")
    data = make_dataset(tmp_path / "data", tasks, splits="train=8,test=4")
    (tmp_path / "grpo.yaml").write_text("model: m\ntrainer: {num_generations: 1}\n")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(yaml.safe_dump({"store": str(tmp_path / "s.db"), "workdir": str(tmp_path / "w"),
                                   "train": {"config": str(tmp_path / "grpo.yaml")}, "data": {"path": str(data)}}))
    assert_one_line_error(invoke("mix", "run", cfg), "trainer.num_generations must be at least 2")
    assert not (tmp_path / "s.db").exists()  # nothing was stored, nothing trained
