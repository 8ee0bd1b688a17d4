"""ASTRO traces read cleanly in every family: blocks end their line, no template slips; the LLM policy's share."""

import json

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.generators.astro import supported
from logicforge.generators.astro.build import config_from_dict, iter_rows, load
from logicforge.generators.astro.policies import make_policy
from logicforge.generators.astro.verbalise import prose_defects
from logicforge.tasks import REGISTRY

FAMILIES = [f for f in supported() if f in REGISTRY]
CFG = config_from_dict({"search": {"iterations": 12, "rollouts": 4}})


def rendered(family, level, policy, n=10, seed=2):
    task = REGISTRY[family]
    rows = iter_rows(task, task.params(level), level, n, make_policy(policy), CFG, seed=seed, plain=True)
    return [r["completion"] for r in rows]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("level", [1, 3, 5])
def test_every_family_renders_clean_traces(family, level):
    texts = rendered(family, level, "scripted")
    if level < 5:  # a random policy rarely solves harder problems within this budget
        texts += rendered(family, level, "random", n=4, seed=7)
    defects = [d for text in texts for d in prose_defects(text)]
    assert not defects, defects[:3]
    if family == "sudoku":  # the multi-line answer is shown as whole lines, then the prose goes on
        for text in texts:
            grid = text.split("<answer>")[1].split("</answer>")[0].splitlines()
            lines = text.split("</think>")[0].splitlines()
            assert lines[lines.index(grid[-1]) + 1].startswith("But wait"), text


@pytest.mark.parametrize("text, kind", [
    ("Every cell is filled:\n6 1 5\n2 3 4 But wait, are we solving the problem correctly so far?", "block glued"),
    ("Then  comes go.", "doubled space"),
    ("So the answer is .", "space before punctuation"),
    ("The route is () now.", "empty slot"),
    ("Only 1 blank cells remain.", "number agreement"),
    ("We need to reach the the target.", "repeated word"),
    ("Try the next pair", "unfinished line"),
])
def test_prose_defects_catch_each_slip(text, kind):
    whole = f"<think>\n{text}\n</think>\n<answer>1</answer>\n"
    assert any(d.startswith(kind) for d in prose_defects(whole)), prose_defects(whole)


class _Garbage:
    """An engine whose every sample fails to parse, as an untrained model's would."""

    def sample(self, prompt, k, max_new_tokens, temperature, seed):
        return [("lorem ipsum", -1.0)] * k


def test_llm_policy_that_never_proposes_a_legal_step_is_reported(tmp_path, monkeypatch):
    from logicforge.generators.astro import policies

    monkeypatch.setattr(policies, "_load_engine", lambda path, backend: _Garbage())
    out = tmp_path / "wol"
    result = CliRunner().invoke(main, ["astro", "--task", "word_sorting", "-n", "3", "--policy", "llm", "--model",
                                       str(tmp_path), "--iterations", "4", "--rollouts", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "proposals discarded" in result.output and "0% of the written steps" in result.output
    assert "random-policy traces" in result.output
    ds = load(out)
    assert set(ds["policy"]) == {"llm"} and set(ds["policy_share"]) == {0.0}
    assert json.loads((out / "manifest.json").read_text())["counts"]["policy_share"] == 0.0


def test_scripted_rows_record_a_full_policy_share(tmp_path):
    out = tmp_path / "ws"
    result = CliRunner().invoke(main, ["astro", "--task", "word_sorting", "-n", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "policy llm" not in result.output
    assert set(load(out)["policy_share"]) == {1.0}
