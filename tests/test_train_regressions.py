"""Regression tests for the training bugs found by trying the README's sequence as a new user (issue 15).

Each test names the symptom it guards against. The GRPO ones (a rerun that trained one more step, no
held-out eval, the curriculum lagging a batch) live in tests/test_train_grpo.py and
tests/test_train_curriculum.py beside the runs they need.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.train import mixture as mx
from logicforge.train._schema import ConfigError
from logicforge.train.config import GRPORunConfig, SFTData, SFTKnobs, SFTRunConfig, load_config
from logicforge.train.evaluate import _paired_se, compare, evaluate_responses, load_rows, summarize
from logicforge.train.runs import resolve_model

from train_helpers import make_dataset

# -- config -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1e-5", "1E-5", "-2.5e+3", ".5", "3."])
def test_a_float_without_a_point_reads_as_a_number(tmp_path, text):
    """`learning_rate: 1e-6` failed with "expected float, got '1e-6'": YAML 1.1 reads it as a string."""
    path = tmp_path / "grpo.yaml"
    path.write_text(f"model: m\noutput_dir: o\ndata: {{path: d}}\ntrainer: {{learning_rate: {text}}}\n")
    if text.startswith("-"):
        with pytest.raises(ConfigError, match="learning_rate must be positive"):
            load_config(path, GRPORunConfig)
        return
    assert load_config(path, GRPORunConfig).trainer.learning_rate == float(text)


def test_set_override_with_an_exponent(tmp_path):
    path = tmp_path / "grpo.yaml"
    path.write_text("model: m\noutput_dir: o\ndata: {path: d}\n")
    cfg = load_config(path, GRPORunConfig, {"trainer.learning_rate": "1e-5"})
    assert cfg.trainer.learning_rate == 1e-5
    for bad in ("1e", "e5", "1e-5x", "nan?"):
        with pytest.raises(ConfigError, match="expected float"):
            load_config(path, GRPORunConfig, {"trainer.learning_rate": bad})


def test_a_mistyped_local_model_path_fails_at_once(tmp_path, monkeypatch):
    """`eval --model runs/nope` spent 52 s on hub retries: `runs/` is a local dir, so it is a path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="local dir 'runs/nope' does not exist"):
        resolve_model("runs/nope")
    assert time.perf_counter() - start < 1.0
    assert resolve_model("Qwen/Qwen2.5-0.5B") == "Qwen/Qwen2.5-0.5B"  # no such local dir: a hub id
    data = make_dataset(tmp_path / "data", ["word_sorting"], splits="test=2")
    result = CliRunner().invoke(main, ["eval", "--model", "runs/nope", "--data", str(data)])
    assert result.exit_code == 2 and "does not exist" in result.output and len(result.output.splitlines()) == 1


# -- SFT ----------------------------------------------------------------------------------------------


def test_sft_rows_prefer_prompt_and_completion_over_messages():
    """ASTRO trace rows carry prompt, completion and messages; only `messages` was kept, so
    `loss_on_prompt: false` masked nothing (0 of 733 label tokens)."""
    import datasets

    from logicforge.train.data import sft_rows

    prompt = [{"role": "user", "content": "Q"}]
    completion = [{"role": "assistant", "content": "A <answer>1</answer>"}]
    rows = datasets.Dataset.from_list([{"prompt": prompt, "completion": completion, "messages": prompt + completion}])
    out = sft_rows(rows, answers_as_completions=False)
    assert out.column_names == ["prompt", "completion"] and out[0]["completion"] == completion
    only = datasets.Dataset.from_list([{"messages": prompt + completion}])
    split = sft_rows(only, answers_as_completions=False)
    assert split[0]["prompt"] == prompt and split[0]["completion"] == completion


@pytest.mark.slow
def test_astro_sft_masks_the_prompt_and_a_finished_run_is_a_no_op(tmp_path):
    pytest.importorskip("trl")
    import datasets
    import trl

    from logicforge.train.data import sft_rows
    from logicforge.train.runs import load_tokenizer
    from logicforge.train.sft import run, sft_args
    from logicforge.train.tiny import make_tiny_model

    from train_helpers import pin_threads

    pin_threads()
    tiny = make_tiny_model(tmp_path / "tiny")
    prompt = [{"role": "user", "content": "Sort these words: ba, ca. " * 4}]
    completion = [{"role": "assistant", "content": "Let me try ba first. But wait... <answer>ba, ca</answer>"}]
    rows = [{"prompt": prompt, "completion": completion, "messages": prompt + completion}] * 4
    datasets.Dataset.from_list(rows).save_to_disk(str(tmp_path / "traces"))
    cfg = SFTRunConfig(model=str(tiny), output_dir=str(tmp_path / "out"), data=SFTData(path=str(tmp_path / "traces")),
                       trainer=SFTKnobs(max_steps=1, per_device_train_batch_size=2, learning_rate=1e-3,
                                        max_length=256, logging_steps=1, save_steps=1, gradient_checkpointing=False))
    trainer = trl.SFTTrainer(model=str(tiny), args=sft_args(cfg), processing_class=load_tokenizer(str(tiny)),
                             train_dataset=sft_rows(datasets.load_from_disk(str(tmp_path / "traces")), False))
    labels = trainer.data_collator([trainer.train_dataset[0]])["labels"][0].tolist()
    assert labels[0] == -100 and 0 < sum(x != -100 for x in labels) < len(labels)  # the prompt carries no loss

    first = run(cfg)
    saved = (tmp_path / "out" / "model.safetensors").read_bytes()
    again = run(cfg)  # rerunning a finished run trained one more step (1 -> 2) and changed the model
    assert first.metrics["global_step"] == again.metrics["global_step"] == 1 and again.metrics["already_finished"]
    assert (tmp_path / "out" / "model.safetensors").read_bytes() == saved
    assert not (tmp_path / "out" / "checkpoint-2").exists()


# -- eval ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_tasks(tmp_path_factory):
    root = tmp_path_factory.mktemp("evalreg")
    return make_dataset(root / "data", ["word_sorting", "dyck_language"], splits="test=40", seed=5)


def test_limit_samples_every_task_not_the_first_rows(two_tasks):
    """`limit` took the first rows of the mix, so a mixture eval could see one task only."""
    rows, _ = load_rows(two_tasks, limit=5)
    counts = {t: sum(r["task"] == t for r in rows) for t in ("word_sorting", "dyck_language")}
    assert counts == {"word_sorting": 5, "dyck_language": 5}
    again, _ = load_rows(two_tasks, limit=5)
    assert [r["id"] for r in again] == [r["id"] for r in rows]  # seeded


@pytest.mark.slow
def test_greedy_eval_with_k_above_one(two_tasks, tmp_path):
    """`eval --temperature 0 -k 4` exited 2 ("Greedy methods ... do not support num_return_sequences")."""
    pytest.importorskip("torch")
    from logicforge.train.tiny import make_tiny_model

    from train_helpers import pin_threads

    pin_threads()
    tiny = make_tiny_model(tmp_path / "tiny")
    result = CliRunner().invoke(main, ["eval", "--model", str(tiny), "--data", str(two_tasks), "-k", "4",
                                       "--temperature", "0", "--limit", "1", "--max-new-tokens", "4",
                                       "--backend", "transformers", "--out", str(tmp_path / "ev")])
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in (tmp_path / "ev" / "samples.jsonl").read_text().splitlines()]
    assert len(records) == 2 and all(len(r["responses"]) == 4 and len(set(r["responses"])) == 1 for r in records)
    assert "sample: 2/2 questions" in result.output  # progress lines when stderr is not a terminal


def _responses(path, data, right_share: dict[str, list[bool]]):
    """A responses file: for each question id, one response per flag (right answer or a wrong one)."""
    from logicforge.train.data import load_split

    rows, _ = load_rows(data)
    answers = {r["id"]: r for r in load_split(data, "test")}
    lines = []
    for row in rows:
        for ok in right_share.get(row["id"], []):
            text = f"<answer>{answers[row['id']]['answer']}</answer>" if ok else "<answer>zzz</answer>"
            lines.append(json.dumps({"id": row["id"], "response": text}))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_pass_at_k_curve_and_paired_comparison(two_tasks, tmp_path):
    """`eval` reports a pass@k curve from n samples per question, and `--baseline` the paired change with its s.e."""
    rows, _ = load_rows(two_tasks)
    ids = [r["id"] for r in rows][:4]
    before = {ids[0]: [True, False, False, False], ids[1]: [False] * 4, ids[2]: [True] * 4, ids[3]: [False] * 4}
    after = {ids[0]: [True, True, False, False], ids[1]: [True, False, False, False], ids[2]: [True] * 4,
             ids[3]: [False] * 4}
    evaluate_responses(two_tasks, _responses(tmp_path / "a.jsonl", two_tasks, before), out=tmp_path / "a")
    rep = evaluate_responses(two_tasks, _responses(tmp_path / "b.jsonl", two_tasks, after), out=tmp_path / "b",
                             baseline=tmp_path / "a")
    curve = rep["overall"]["pass_at_k"]
    assert list(curve) == ["1", "2", "4"]
    # pass@1 per question: 0.5, 0.25, 1, 0 -> 0.4375; pass@4: 1, 1, 1, 0 -> 0.75
    assert curve["1"] == pytest.approx(0.4375) and curve["4"] == pytest.approx(0.75)
    cmp = rep["comparison"]["overall"]
    assert cmp["pairs"] == 4
    diffs = [0.25, 0.25, 0.0, 0.0]
    assert cmp["pass@1"]["change"] == pytest.approx(np.mean(diffs))
    assert cmp["pass@1"]["se"] == pytest.approx(np.std(diffs, ddof=1) / 2)
    assert (tmp_path / "b" / "pass_at_k.png").exists() or "curve" not in rep["files"]
    text = CliRunner().invoke(main, ["eval", "--data", str(two_tasks), "--responses", str(tmp_path / "b.jsonl"),
                                     "--baseline", str(tmp_path / "a"), "--out", str(tmp_path / "c")])
    assert text.exit_code == 0, text.output
    assert "pass@k curve (all): k=1 0.438  k=2" in text.output and "paired standard error" in text.output
    assert "pass@1 0.188 -> 0.438 (+0.125" not in text.output  # the change is per question, paired
    assert "(+0.125 +- 0.072)" in text.output
    missing = CliRunner().invoke(main, ["eval", "--data", str(two_tasks), "--responses", str(tmp_path / "b.jsonl"),
                                        "--baseline", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no samples.jsonl" in missing.output


def test_paired_se_and_curve_edges():
    assert _paired_se([0.5]) is None and _paired_se([1.0, 1.0]) == 0.0
    records = [{"n": 3, "c": 1, "distinct_correct": 1}, {"n": 5, "c": 0, "distinct_correct": 0}]
    assert list(summarize(records, 2)["pass_at_k"]) == ["1", "2", "3"]  # up to the fewest samples any question has
    with pytest.raises(ValueError, match="shares no question"):
        compare({"k": 1}, [{"id": "x", "task": "t", "n": 1, "c": 1}], _empty_baseline())


def _empty_baseline():
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp())
    (d / "samples.jsonl").write_text(json.dumps({"id": "other", "task": "t", "n": 1, "c": 0}) + "\n")
    return d


# -- mixture search -----------------------------------------------------------------------------------


def test_equal_objectives_have_no_r2():
    """`mix run` printed "k-fold R^2 -0.667" when every objective was equal (rounding noise over rounding noise)."""
    rng = np.random.default_rng(0)
    W = rng.dirichlet(np.ones(3), size=8)
    y = np.full(8, 0.1) + np.array([0, 1e-17, -1e-17, 0, 0, 2e-17, 0, 0])
    assert mx.cross_validate(W, y)["r2"] is None
    assert mx.cross_validate(W, W[:, 0])["r2"] is not None


@pytest.mark.parametrize("metrics, message", [
    ({"sets": {"test": 0.3}}, "metrics.sets.test is 0.3, not a mapping"),
    ({"sets": ["test"]}, "metrics.sets is a list"),
    ({"sets": {"test": {"pass@1": "x", "questions": 10}}}, "metrics.sets.test.pass@1 must be a number"),
    ({"objective": "high"}, "metrics.objective must be a number"),
])  # fmt: skip
def test_mix_add_file_with_malformed_metrics_is_one_line(tmp_path, metrics, message):
    """`mix add --file` with `"metrics": {"sets": {...}}` of the wrong shape crashed with a 30-line AttributeError."""
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps({"mixture": {"word_sorting": 1}, "seed": 0, "metrics": metrics}) + "\n")
    result = CliRunner().invoke(main, ["mix", "add", "--store", str(tmp_path / "s.db"), "--file", str(path)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.slow
def test_sft_says_when_rows_are_dropped_for_length(tmp_path, capsys):
    """Rows longer than trainer.max_length up to their completion were dropped by TRL without a word (the lab
    trained on a quarter of its rows until max_length was raised); now a warning and `rows_dropped` say so."""
    pytest.importorskip("trl")
    import datasets

    from logicforge.train.sft import run
    from logicforge.train.tiny import make_tiny_model

    from train_helpers import pin_threads

    pin_threads()
    tiny = make_tiny_model(tmp_path / "tiny")
    short = [{"role": "user", "content": "2 + 2?"}]
    long = [{"role": "user", "content": "Sort these words please: " + "ba ca da " * 40}]
    done = [{"role": "assistant", "content": "<answer>4</answer>"}]
    rows = [{"prompt": p, "completion": done} for p in (short, long, short, long)]
    datasets.Dataset.from_list(rows).save_to_disk(str(tmp_path / "rows"))
    cfg = SFTRunConfig(model=str(tiny), output_dir=str(tmp_path / "out"), data=SFTData(path=str(tmp_path / "rows")),
                       trainer=SFTKnobs(max_steps=1, per_device_train_batch_size=2, learning_rate=1e-3, max_length=48,
                                        logging_steps=1, save_steps=1, gradient_checkpointing=False))
    result = run(cfg)
    assert result.metrics["rows_dropped"] == 2
    assert "2 of 4 rows are longer than trainer.max_length (48 tokens)" in capsys.readouterr().err
