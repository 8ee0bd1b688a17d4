"""pass@k evaluation: the unbiased estimator, scoring a fixed responses file, the report, plot and CLI."""

from __future__ import annotations

import itertools
import json
import math

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.tasks.build import load
from logicforge.train.evaluate import evaluate_responses, load_rows, pass_at_k

from train_helpers import make_dataset

HAND = [
    # (n, c, k, pass@k worked out by hand from 1 - C(n-c, k) / C(n, k))
    (1, 1, 1, 1.0),
    (1, 0, 1, 0.0),
    (4, 1, 1, 0.25),
    (4, 2, 1, 0.5),
    (4, 2, 2, 1 - 1 / 6),  # C(2,2)/C(4,2) = 1/6
    (4, 1, 2, 0.5),  # C(3,2)/C(4,2) = 3/6
    (5, 2, 3, 1 - 1 / 10),  # C(3,3)/C(5,3) = 1/10
    (8, 1, 4, 0.5),  # C(7,4)/C(8,4) = 35/70
    (8, 3, 8, 1.0),
    (10, 0, 5, 0.0),
    (10, 6, 5, 1.0),  # fewer than k wrong samples: any k include a right one
]


@pytest.mark.parametrize("n,c,k,expected", HAND)
def test_pass_at_k_hand_computed(n, c, k, expected):
    assert pass_at_k(n, c, k) == pytest.approx(expected, abs=1e-12)


def test_pass_at_k_matches_enumeration_of_k_subsets():
    for n in range(1, 8):
        for c in range(n + 1):
            samples = [True] * c + [False] * (n - c)
            for k in range(1, n + 1):
                subsets = list(itertools.combinations(samples, k))
                assert pass_at_k(n, c, k) == pytest.approx(sum(any(s) for s in subsets) / len(subsets), abs=1e-12)


def test_pass_at_k_large_n_stays_finite():
    assert pass_at_k(2000, 1, 1000) == pytest.approx(0.5)
    assert 0 < pass_at_k(1000, 3, 10) < 1 and not math.isnan(pass_at_k(1000, 3, 10))


@pytest.mark.parametrize("n,c,k", [(3, 4, 1), (3, 1, 0), (3, 1, 4), (0, 0, 1)])
def test_pass_at_k_rejects_impossible_counts(n, c, k):
    with pytest.raises(ValueError, match="pass@k needs"):
        pass_at_k(n, c, k)


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    """A word_sorting dataset and a responses file whose verdicts are known in advance."""
    root = tmp_path_factory.mktemp("eval")
    data = make_dataset(root / "data", ["word_sorting"], splits="train=4,test=3", seed=3, level=2)
    q = list(load(data)["test"])
    right = [f"<answer>{r['answer']}</answer>" for r in q]
    spaced = [f"<think>sorted</think> <answer>  {r['answer']} </answer>" for r in q]  # same answer, other layout
    lines = [(q[0], [right[0], "<answer>b, a</answer>", right[0], "no tags"]),  # 2 of 4
             (q[1], ["<answer>x</answer>"] * 4),  # 0 of 4
             (q[2], [right[2], spaced[2], right[2], spaced[2]])]  # 4 of 4, one distinct answer
    responses = root / "responses.jsonl"
    responses.write_text("\n".join(json.dumps({"id": row["id"], "response": r}) for row, rs in lines for r in rs) + "\n")
    return data, responses


def test_scoring_a_fixed_responses_file(fixed, tmp_path):
    data, responses = fixed
    report = evaluate_responses(data, responses, k=2, out=tmp_path / "rep")
    overall = report["overall"]
    assert overall["questions"] == 3 and overall["samples"] == 12
    assert overall["pass@1"] == pytest.approx((0.5 + 0 + 1) / 3)
    assert overall["pass@2"] == pytest.approx((1 - 1 / 6 + 0 + 1) / 3)
    assert overall["solved"] == pytest.approx(2 / 3)
    assert overall["distinct_correct"] == pytest.approx((1 + 0 + 1) / 3)
    assert report["by_task_level"]["word_sorting"]["2"]["pass@1"] == pytest.approx(0.5)
    assert report["failure_reasons"]["no_answer"] == 1 and sum(report["failure_reasons"].values()) == 6
    assert json.loads((tmp_path / "rep" / "report.json").read_text())["overall"] == overall
    assert (tmp_path / "rep" / "accuracy_by_level.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    records = [json.loads(x) for x in (tmp_path / "rep" / "samples.jsonl").read_text().splitlines()]
    assert [r["c"] for r in records] == [2, 0, 4] and all(len(r["responses"]) == 4 for r in records)


def test_k_defaults_to_fewest_samples_and_unknown_ids_fail(fixed, tmp_path):
    data, responses = fixed
    assert evaluate_responses(data, responses)["k"] == 4
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "nope", "response": "<answer>a</answer>"}) + "\n")
    with pytest.raises(ValueError, match="not in the dataset"):
        evaluate_responses(data, bad)


def test_split_choice(fixed, tmp_path):
    data, _ = fixed
    assert load_rows(data)[1] == "test"  # test is the default split
    two = make_dataset(tmp_path / "two", ["word_sorting"], splits="train=2,dev=2")
    with pytest.raises(ValueError, match="choose one with --split"):
        load_rows(two)
    assert len(load_rows(two, "dev")[0]) == 2


def test_cli_eval_responses_and_errors(fixed, tmp_path):
    data, responses = fixed
    runner = CliRunner()
    result = runner.invoke(main, ["eval", "--data", str(data), "--responses", str(responses), "-k", "2",
                                  "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert "word_sorting/L2" in result.output and "pass@2" in result.output
    assert (tmp_path / "cli" / "report.json").exists()
    both = runner.invoke(main, ["eval", "--data", str(data), "--responses", str(responses), "--model", "m"])
    assert both.exit_code == 2 and "exactly one of --model" in both.output
    missing = runner.invoke(main, ["eval", "--data", str(tmp_path / "none"), "--responses", str(responses)])
    assert missing.exit_code == 2 and "not a logicforge dataset" in missing.output


def test_evaluate_samples_k_answers_with_the_tiny_model(fixed, tmp_path):
    pytest.importorskip("torch")
    from logicforge.train.evaluate import evaluate
    from logicforge.train.tiny import make_tiny_model

    from train_helpers import pin_threads

    pin_threads()
    data, _ = fixed
    model = make_tiny_model(tmp_path / "tiny")
    kwargs = dict(k=3, max_new_tokens=6, limit=2, batch_size=2, seed=5, backend="transformers")
    a = evaluate(model, data, out=tmp_path / "a", **kwargs)
    evaluate(model, data, out=tmp_path / "b", **kwargs)
    assert a["overall"]["questions"] == 2 and a["overall"]["samples"] == 6 and a["settings"]["backend"] == "transformers"
    records = [json.loads(x) for x in (tmp_path / "a" / "samples.jsonl").read_text().splitlines()]
    assert [len(r["responses"]) for r in records] == [3, 3]
    assert sum(len(r["reasons"]) for r in records) == 6
    # Seeded sampling: the same seed gives the same completions.
    assert (tmp_path / "a" / "samples.jsonl").read_bytes() == (tmp_path / "b" / "samples.jsonl").read_bytes()
