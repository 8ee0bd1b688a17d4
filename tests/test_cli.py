"""The `logicforge` CLI: every command, and one clear line with exit code 2 on bad input."""

import json

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.tasks import REGISTRY


@pytest.fixture()
def runner():
    return CliRunner()


def test_list_shows_every_task_with_knobs(runner):
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0
    for name in REGISTRY:
        assert name in result.output
    info = json.loads(runner.invoke(main, ["list", "--json"]).output)
    assert {t["name"] for t in info} == set(REGISTRY)
    assert all(t["knobs"] and len(t["levels"]) == 10 for t in info)


def test_show_prints_prompt_answer_payload(runner):
    result = runner.invoke(main, ["show", "word_sorting", "--level", "3", "--seed", "2"])
    assert result.exit_code == 0
    for section in ("## prompt", "## answer", "## payload", "## knobs", "<answer>"):
        assert section in result.output
    custom = runner.invoke(main, ["show", "word_sorting", "--param", "n_words=3"])
    assert custom.exit_code == 0 and '"n_words": 3' in custom.output


def test_generate_then_verify(runner, tmp_path):
    out = tmp_path / "d"
    result = runner.invoke(main, ["generate", "--task", "word_sorting", "--level", "2", "--splits",
                                  "train=20,test=5", "--out", str(out), "--seed", "4"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["splits"]["train"]["rows"] == 20 and "logicforge generate" in manifest["command"]
    from logicforge.tasks.build import load

    rows = list(load(out)["test"])
    responses = tmp_path / "r.jsonl"
    lines = [{"id": r["id"], "response": f"<answer>{r['answer']}</answer>"} for r in rows[:3]]
    lines += [{"id": r["id"], "response": "<answer>nope</answer>"} for r in rows[3:]]
    responses.write_text("\n".join(json.dumps(x) for x in lines))
    result = runner.invoke(main, ["verify", "--data", str(out), "--responses", str(responses), "--split", "test"])
    assert result.exit_code == 0, result.output
    assert "word_sorting/L2" in result.output and "wrong_count" in result.output
    verdicts = [json.loads(x) for x in (tmp_path / "r.verdicts.jsonl").read_text().splitlines()]
    assert sum(v["correct"] for v in verdicts) == 3 and len(verdicts) == 5


def test_generate_with_a_worker_per_core_gives_the_same_bytes(runner, tmp_path):
    args = ["generate", "--task", "dyck_language", "-n", "150", "--seed", "2"]
    for name, workers in (("one", "1"), ("all", "0")):
        result = runner.invoke(main, [*args, "--workers", workers, "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    read = lambda name: json.loads((tmp_path / name / "manifest.json").read_text())["content_hash"]  # noqa: E731
    assert read("one") == read("all")
    bad = runner.invoke(main, [*args, "--workers", "-1", "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 2 and not (tmp_path / "bad").exists()


def test_check_reports_levels(runner):
    result = runner.invoke(main, ["check", "word_sorting", "-n", "3"])
    assert result.exit_code == 0, result.output
    assert "hardness monotone in level: yes" in result.output


BAD = [
    (["generate", "--task", "nope", "-n", "3"], "unknown task"),
    (["generate", "--task", "word_sorting", "--param", "n_words=999", "-n", "2"], "n_words"),
    (["generate", "--task", "word_sorting", "--param", "bogus=1", "-n", "2"], "unknown knob"),
    (["generate", "--task", "word_sorting", "--param", "n_words=abc", "-n", "2"], "n_words"),
    (["generate", "--task", "word_sorting", "--splits", "train=x"], "--splits"),
    (["generate", "--task", "word_sorting", "--shard", "3/2"], "--shard"),
    (["generate", "--mix", "/nonexistent/mix.yaml"], "does not exist"),
    (["generate", "-n", "3"], "no task"),
    (["show", "nope"], "unknown task"),
    (["show", "word_sorting", "--level", "11"], "level 11"),
    (["check", "nope"], "unknown task"),
]


@pytest.mark.parametrize("args,message", BAD)
def test_bad_input_is_one_line_and_exit_2(runner, tmp_path, args, message):
    if args[0] == "generate":
        args = [*args, "--out", str(tmp_path / "o")]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and message in lines[0], result.output
    assert not (tmp_path / "o").exists()


def test_existing_output_needs_overwrite(runner, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = runner.invoke(main, ["generate", "--task", "word_sorting", "-n", "2", "--out", str(out)])
    assert result.exit_code == 2 and "--overwrite" in result.output
    assert (out / "keep.txt").read_text() == "mine"


def test_unwritable_output(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(main, ["generate", "--task", "word_sorting", "-n", "2", "--out", str(blocker / "sub")])
    assert result.exit_code == 2 and "cannot write" in result.output


def test_bad_responses_files(runner, tmp_path):
    out = tmp_path / "d"
    assert runner.invoke(main, ["generate", "--task", "word_sorting", "-n", "3", "--out", str(out)]).exit_code == 0
    cases = {"bad.jsonl": "{not json", "noid.jsonl": '{"response": "x"}', "unknown.jsonl": '{"id": "zz", "response": "x"}'}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        result = runner.invoke(main, ["verify", "--data", str(out), "--responses", str(path)])
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, (name, result.output)
    result = runner.invoke(main, ["verify", "--data", str(tmp_path), "--responses", str(path)])
    assert result.exit_code == 2 and "manifest" in result.output
