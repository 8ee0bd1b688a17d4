"""Nothing lost, nothing silent: --overwrite deletes only what logicforge wrote, and every doubtful input is one
line with exit code 2 (or a stated rule) instead of a silent guess."""

import json
import os
import sys

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.tasks.build import load

GEN = ["generate", "--task", "word_sorting", "-n", "4"]


@pytest.fixture()
def runner():
    return CliRunner()


def one_line_error(result, *fragments):
    """Exit code 2, a single `logicforge: error:` line holding every fragment, no traceback."""
    assert result.exit_code == 2, result.output
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("logicforge: error:"), result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# -- --overwrite replaces only a logicforge dataset, and only if nothing else lives in it ---------------------

def test_overwrite_keeps_files_logicforge_did_not_write(runner, tmp_path):
    out = tmp_path / "d"
    assert runner.invoke(main, [*GEN, "--out", str(out)]).exit_code == 0
    (out / "precious.txt").write_text("mine")
    (out / "sub").mkdir()
    (out / "sub" / "notes.md").write_text("mine too")
    result = runner.invoke(main, [*GEN, "--seed", "1", "--out", str(out), "--overwrite"])
    one_line_error(result, "precious.txt", "sub/", "logicforge did not write")
    assert (out / "precious.txt").read_text() == "mine" and (out / "sub" / "notes.md").read_text() == "mine too"
    (out / "sub").joinpath("notes.md").unlink()
    (out / "sub").rmdir()
    one_line_error(runner.invoke(main, [*GEN, "--out", str(out), "--overwrite"]), "precious.txt")


def test_overwrite_replaces_a_logicforge_dataset_with_its_card(runner, tmp_path):
    out = tmp_path / "d"
    assert runner.invoke(main, [*GEN, "--out", str(out)]).exit_code == 0
    assert runner.invoke(main, ["card", str(out)]).exit_code == 0  # README.md is logicforge's too
    first = json.loads((out / "manifest.json").read_text())["content_hash"]
    result = runner.invoke(main, [*GEN, "--seed", "5", "--out", str(out), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "manifest.json").read_text())["content_hash"] != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]  # no staging or old dir left behind


def test_overwrite_refuses_a_directory_that_is_not_a_dataset(runner, tmp_path):
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    one_line_error(runner.invoke(main, [*GEN, "--out", str(out), "--overwrite"]), "not a logicforge dataset")
    (out / "manifest.json").write_text('{"splits": {}}')  # someone else's manifest.json
    one_line_error(runner.invoke(main, [*GEN, "--out", str(out), "--overwrite"]), "not a logicforge dataset")
    assert (out / "thesis.tex").read_text() == "years of work"


def test_out_dot_says_what_is_wrong(runner, tmp_path, monkeypatch):
    work = tmp_path / "w"
    work.mkdir()
    monkeypatch.chdir(work)
    for out in (".", "..", str(work)):
        one_line_error(runner.invoke(main, [*GEN, "--out", out, "--overwrite"]), "current directory")
    one_line_error(runner.invoke(main, ["astro", "--task", "word_sorting", "-n", "2", "--out", ".", "--overwrite"]),
                   "current directory")
    assert os.listdir(work) == [] and os.listdir(tmp_path) == ["w"]


def test_astro_overwrite_keeps_foreign_files(runner, tmp_path):
    out = tmp_path / "a"
    args = ["astro", "--task", "word_sorting", "-n", "2", "--out", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    (out / "precious.txt").write_text("mine")
    one_line_error(runner.invoke(main, [*args, "--overwrite"]), "precious.txt")
    (out / "precious.txt").unlink()
    assert runner.invoke(main, [*args, "--overwrite"]).exit_code == 0


def test_push_folder_with_foreign_files_is_refused(runner, tmp_path):
    data, folder = tmp_path / "d", tmp_path / "hub"
    assert runner.invoke(main, [*GEN, "--out", str(data)]).exit_code == 0
    push = ["push", str(data), "--repo", "alice/x", "--dry-run", "--folder", str(folder)]
    assert runner.invoke(main, push).exit_code == 0
    (folder / "notes.txt").write_text("mine")
    one_line_error(runner.invoke(main, push), "notes.txt")
    assert (folder / "notes.txt").read_text() == "mine"


# -- silent acceptance becomes one line -----------------------------------------------------------------------

@pytest.mark.parametrize("args, fragments", [
    (["generate", "--task", "word_sorting", "-n", "5", "--splits", "train=10"], ["-n", "--splits", "not both"]),
    (["generate", "--task", "word_sorting", "--splits", "train=10,train=5"], ["'train' twice"]),
    (["generate", "--task", "word_sorting", "-n", "5", "--shard", "1/2"], ["--shard 1/2", "no file", "at most 1"]),
    (["generate", "--task", "sudoku", "--task", "mathador", "--param", "blanks=5"],
     ["'blanks'", "of sudoku", "not of mathador"]),
    (["generate", "--task", "sudoku", "--task", "mathador", "--param", "bogus=5"],
     ["unknown knob 'bogus'", "sudoku:", "mathador:"]),
    (["generate", "--task", "sudoku", "--param", "bogus=5"], ["unknown knob 'bogus' for sudoku", "blanks"]),
])
def test_ambiguous_generate_requests_are_refused(runner, tmp_path, args, fragments):
    one_line_error(runner.invoke(main, [*args, "--out", str(tmp_path / "o")]), *fragments)
    assert not (tmp_path / "o").exists()


def test_shard_rule_still_allows_shards_that_get_files(runner, tmp_path):
    result = runner.invoke(main, ["generate", "--task", "word_sorting", "--splits", "train=30,test=5", "--shard",
                                  "1/2", "--out", str(tmp_path / "s")])
    assert result.exit_code != 0  # one file per split at 10,000 rows a file: shard 1 would be empty
    from logicforge.tasks.build import make_spec, write_dataset

    manifest = write_dataset(make_spec(["word_sorting"], splits="train=30,test=5"), tmp_path / "s", shard=(1, 2),
                             rows_per_file=10, progress=False)
    assert [f["path"] for f in manifest["splits"]["train"]["files"]] == ["data/train-00001-of-00003.parquet"]
    assert manifest["splits"]["test"]["files"] == []  # a split with fewer files than shards: the stated rule


@pytest.fixture()
def two_splits(runner, tmp_path):
    out = tmp_path / "d"
    result = runner.invoke(main, ["generate", "--task", "word_sorting", "--splits", "train=12,test=4", "--out",
                                  str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_empty_responses_file_is_an_error(runner, tmp_path, two_splits):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    one_line_error(runner.invoke(main, ["verify", "--data", str(two_splits), "--responses", str(empty)]),
                   "holds no responses", "empty.jsonl")
    one_line_error(runner.invoke(main, ["eval", "--data", str(two_splits), "--responses", str(empty)]),
                   "holds no responses")


def test_verify_does_not_count_other_splits_as_missing(runner, tmp_path, two_splits):
    rows = list(load(two_splits)["test"])
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps({"id": r["id"], "response": f"<answer>{r['answer']}</answer>"})
                              for r in rows[:3]))
    result = runner.invoke(main, ["verify", "--data", str(two_splits), "--responses", str(path)])
    assert result.exit_code == 0, result.output
    assert "rows without a response: 1" in result.output  # the one test row, not the 12 train rows
    assert "not scored (no response for any of their rows): split train" in result.output


def test_mix_add_refuses_unknown_tasks_and_creates_no_store(runner, tmp_path):
    db = tmp_path / "t.db"
    one_line_error(runner.invoke(main, ["mix", "add", "--store", str(db), "--mixture", "a=1", "--objective", "0.4"]),
                   "unknown task(s) 'a'")
    results = tmp_path / "r.jsonl"
    results.write_text(json.dumps({"mixture": {"word_sorting": 1, "nope": 0}, "metrics": {"objective": 1}}) + "\n")
    one_line_error(runner.invoke(main, ["mix", "add", "--store", str(db), "--file", str(results)]),
                   "result 1", "'nope'")
    results.write_text("{oops\n")
    one_line_error(runner.invoke(main, ["mix", "add", "--store", str(db), "--file", str(results)]), "line 1")
    assert not db.exists()


def test_mix_report_without_scipy_gives_the_install_hint(runner, tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m.startswith("logicforge.train.mixture")]:
        monkeypatch.delitem(sys.modules, name)
    for name in ["scipy", *(m for m in sys.modules if m.startswith("scipy."))]:
        monkeypatch.setitem(sys.modules, name, None)  # as if the train extra were not installed
    db = tmp_path / "t.db"
    db.write_bytes(b"")
    one_line_error(runner.invoke(main, ["mix", "report", "--store", str(db)]), "scipy", "pip install", "[train]")


@pytest.mark.parametrize("text, fragments", [
    ("tasks:\n  - task: word_sorting\n  - [oops\n", ["mix.yaml", "line 4"]),
    ("tasks:\n  - task: word_sorting\nsplits: {train: 10, train: 5}\n", ["line 3", "'train' is given twice"]),
    (b"tasks: \xff\xfe\n", ["mix.yaml", "not UTF-8"]),
])
def test_mix_file_errors_name_the_file_and_line(runner, tmp_path, text, fragments):
    path = tmp_path / "mix.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    one_line_error(runner.invoke(main, ["generate", "--mix", str(path), "--out", str(tmp_path / "o")]), *fragments)


def test_astro_config_errors_name_the_line(runner, tmp_path):
    path = tmp_path / "astro.yaml"
    path.write_text("search:\n  k: 4\n  iterations: [10\n")
    result = runner.invoke(main, ["astro", "--task", "word_sorting", "--config", str(path), "--out",
                                  str(tmp_path / "o")])
    one_line_error(result, "astro.yaml", "line 4")


# -- ASTRO datasets get their own card and can be pushed ------------------------------------------------------

def test_astro_output_gets_an_astro_card_and_pushes(runner, tmp_path):
    from huggingface_hub import DatasetCard

    out = tmp_path / "traces"
    args = ["astro", "--task", "word_sorting", "--level", "2", "-n", "6", "--seed", "1", "--out", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    result = runner.invoke(main, ["card", str(out), "--repo", "alice/astro"])
    assert result.exit_code == 0, result.output
    text = (out / "README.md").read_text()
    for needle in ("Trace statistics", "backtracks per trace", "`search.iterations`", "Policy:** `scripted`",
                   "logicforge astro --task word_sorting", "not on PyPI yet"):
        assert needle in text, needle
    assert "regenerate the dataset with" not in text and "pip install logicforge==" not in text
    assert DatasetCard(text).data.configs[0]["data_files"][0]["path"] == "data/train-*.parquet"
    folder = tmp_path / "hub"
    result = runner.invoke(main, ["push", str(out), "--repo", "alice/astro", "--dry-run", "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    assert "configs: default" in result.output
    import datasets

    pushed = datasets.load_dataset(str(folder), split="train")
    from logicforge.generators.astro.build import load as load_traces

    assert pushed["id"] == load_traces(out)["id"]
    (out / "data" / "train-00000-of-00001.parquet").write_bytes(b"edited")
    one_line_error(runner.invoke(main, ["card", str(out)]))


def test_generate_card_shows_an_install_that_works(runner, tmp_path):
    out = tmp_path / "d"
    assert runner.invoke(main, [*GEN, "--out", str(out)]).exit_code == 0
    assert runner.invoke(main, ["card", str(out)]).exit_code == 0
    text = (out / "README.md").read_text()
    assert "pip install logicforge==" not in text and "pip install -e ." in text


# -- progress and output ---------------------------------------------------------------------------------------

def test_list_text_shows_what_each_level_sets(runner):
    from logicforge.tasks import REGISTRY

    out = runner.invoke(main, ["list"]).output
    assert out.count("level 10:") == len(REGISTRY) and "level  1: blanks=4" in out


def test_top_level_help_shows_whole_descriptions(runner):
    out = runner.invoke(main, ["--help"]).output
    commands = out.split("Commands:")[1]
    assert "..." not in commands  # click cuts at the terminal width with "..."
    assert "written atomically, plus manifest.json)" in " ".join(out.split())  # generate's whole first sentence
    assert "merge" in out


@pytest.mark.parametrize("args", [
    ["astro", "--task", "word_sorting", "-n", "3", "--progress"],
    ["check", "word_sorting", "-n", "2", "--level", "1", "--progress"],
    ["generate", "--task", "word_sorting", "-n", "3", "--progress"],
])
def test_long_jobs_show_a_progress_bar(runner, tmp_path, args):
    if args[0] in ("astro", "generate"):
        args = [*args, "--out", str(tmp_path / "o")]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "100%" in result.stderr or "it/s" in result.stderr or "/s]" in result.stderr, result.stderr


def test_verify_and_merge_show_a_progress_bar(runner, tmp_path, two_splits):
    rows = list(load(two_splits)["test"])
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps({"id": r["id"], "response": "x"}) for r in rows))
    result = runner.invoke(main, ["verify", "--data", str(two_splits), "--responses", str(path), "--progress"])
    assert result.exit_code == 0 and "verify test" in result.stderr, result.stderr
    from logicforge.train.evaluate import score

    texts = {r["id"]: ["<answer>x</answer>"] for r in rows}
    import io
    from contextlib import redirect_stderr

    buffer = io.StringIO()
    with redirect_stderr(buffer):
        records = score(rows, texts, progress=True)
    assert len(records) == len(rows) and "score" in buffer.getvalue()


def test_mix_run_trials_advance_a_bar(capsys):
    from logicforge.train.mixture_cli import TrialBar

    with TrialBar(progress=True) as log:
        for line in ["round 0: 3 seed mixture(s)", "trial 1 (round 0): a=1", "trial 1 done: objective 0.5",
                     "trial 2 (round 0): b=1", "trial 2 failed: boom"]:
            log(line)
        assert log.bar.n == 2  # finished trials, done or failed
    assert "trial 2 failed: boom" in capsys.readouterr().out


def test_grpo_prints_a_compact_line_and_keeps_the_full_log(tmp_path, capsys):
    pytest.importorskip("transformers", reason="the GRPO console logger is transformers'")
    from types import SimpleNamespace

    from transformers.trainer_callback import CallbackHandler, PrinterCallback

    from logicforge.train.grpo import compact_logging

    class Trainer:  # the two methods compact_logging uses, as transformers.Trainer has them
        def __init__(self):
            self.callback_handler = CallbackHandler([PrinterCallback()], None, None, None, None)

        def pop_callback(self, cls):
            return self.callback_handler.pop_callback(cls)

        def add_callback(self, cb):
            self.callback_handler.add_callback(cb)

    trainer = Trainer()
    compact_logging(trainer, tmp_path / "train_log.jsonl")
    logs = {"loss": 0.01, "reward": 0.5, "reward_std": 0.1, "kl": 0.002, "learning_rate": 1e-5,
            "task/word_sorting/accuracy": 0.25, **{f"completions/x{i}": float(i) for i in range(40)}}
    state = SimpleNamespace(global_step=3, max_steps=10, is_local_process_zero=True, is_world_process_zero=True)
    (callback,) = trainer.callback_handler.callbacks
    callback.on_log(None, state, None, logs=dict(logs))
    line = capsys.readouterr().out.strip()
    assert line.startswith("step 3/10  loss 0.01") and "word_sorting 0.25" in line and "completions" not in line
    logged = json.loads((tmp_path / "train_log.jsonl").read_text())
    assert logged["step"] == 3 and logged["completions/x39"] == 39.0  # every key kept on disk


def test_eval_sampling_reports_progress(tmp_path, two_splits, monkeypatch):
    from logicforge.train import evaluate, sampling

    seen = []

    def fake_sample(model, prompts, k, *args, progress=None):
        for start in range(0, len(prompts), 2):  # two prompts a batch
            progress(len(prompts[start:start + 2]))
            seen.append(start)
        return [["<answer>x</answer>"] * k for _ in prompts]

    monkeypatch.setattr(sampling, "sample", fake_sample)
    monkeypatch.setattr(sampling, "pick_backend", lambda backend: "transformers")
    report = evaluate.evaluate("m", two_splits, k=2, split="test")
    assert report["overall"]["questions"] == 4 and seen == [0, 2]
