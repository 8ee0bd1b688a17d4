"""`logicforge astro`: SFT datasets whose every trace verifies, replays legally and counts its backtracks."""

import json

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.generators.astro import make_env, supported
from logicforge.generators.astro.build import config_from_dict, config_help, load, load_config
from logicforge.generators.astro.solve import audit
from logicforge.generators.astro.verbalise import count_backtracks
from logicforge.tasks import REGISTRY

# word_sorting is always registered; the others join when their family has landed.
FAMILIES = ["word_sorting"] + [f for f in ("mathador", "web_of_lies") if f in REGISTRY]


@pytest.fixture()
def runner():
    return CliRunner()


def run_astro(runner, out, *args):
    result = runner.invoke(main, ["astro", *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result


def check_rows(ds):
    """Every invariant the issue asks for, on every row."""
    for row in ds:
        task = REGISTRY[row["task"]]
        payload = json.loads(row["payload"])
        text = row["completion"] if isinstance(row["completion"], str) else row["completion"][0]["content"]
        assert task.verify(payload, text).correct, row["id"]
        env = make_env(task, row["question"], payload)
        audit(env, json.loads(row["steps"]), text, row["answer"], row["n_backtracks"])  # legal replay
        assert row["n_backtracks"] == count_backtracks(text)
        assert (row["trace_kind"] == "search") == (row["n_backtracks"] > 0)
        assert row["n_steps"] == len(json.loads(row["steps"]))
        assert row["messages"][-1]["role"] == "assistant" and row["messages"][-1]["content"] == text


@pytest.mark.parametrize("name", FAMILIES)
def test_cli_writes_verified_sft_rows(runner, tmp_path, name):
    out = tmp_path / name
    result = run_astro(runner, out, "--task", name, "--level", "3", "-n", "24", "--seed", "5")
    assert "24 traces" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["rows"] == 24 == counts["direct"] + counts["search"] and counts["search"] >= counts["direct"]
    assert manifest["command"].startswith("logicforge astro --task " + name) and manifest["policy"] == "scripted"
    ds = load(out)
    assert len(ds) == 24
    assert {"prompt", "completion", "messages", "task", "payload", "n_backtracks", "n_steps", "trace_kind"} <= set(
        ds.column_names)
    assert ds[0]["prompt"][0]["role"] == "user" and ds[0]["completion"][0]["role"] == "assistant"
    check_rows(ds)
    assert not list(tmp_path.glob(".*partial*"))  # the staging dir is gone


def test_same_command_same_bytes_and_plain_strings(runner, tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    args = ["--task", "word_sorting", "--level", "2", "-n", "10", "--seed", "3"]
    run_astro(runner, a, *args)
    run_astro(runner, b, *args)
    hashes = [json.loads((p / "manifest.json").read_text())["content_hash"] for p in (a, b)]
    assert hashes[0] == hashes[1]
    run_astro(runner, c, *args, "--plain", "--policy", "random", "--iterations", "8", "--k", "3")
    ds = load(c)
    assert isinstance(ds[0]["prompt"], str) and isinstance(ds[0]["completion"], str)
    assert json.loads((c / "manifest.json").read_text())["config"]["search"]["iterations"] == 8
    check_rows(ds)


def test_one_line_errors_exit_2(runner, tmp_path):
    out = tmp_path / "full"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    cases = [
        ["--task", "word_sorting", "-n", "2"],  # non-empty --out without --overwrite
        ["--task", "no_such_task", "-n", "2"],
        ["--task", "dyck_language", "-n", "2"] if "dyck_language" in REGISTRY else ["--task", "nope", "-n", "2"],
        ["--task", "word_sorting", "--param", "n_words=999", "-n", "2"],
        ["--task", "word_sorting", "--policy", "llm", "-n", "2"],  # no --model
        ["--task", "word_sorting", "--policy", "llm", "--model", str(tmp_path / "missing"), "-n", "2"],
    ]
    for args in cases:
        result = runner.invoke(main, ["astro", *args, "--out", str(out)])
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("logicforge: error:") and result.output.count("\n") == 1, result.output
    assert (out / "keep.txt").read_text() == "precious"  # nothing was half-written over it
    shallow = runner.invoke(main, ["astro", "--task", "word_sorting", "--max-depth", "1", "-n", "2",
                                   "--out", str(tmp_path / "never")])
    assert shallow.exit_code == 2 and "only 0 of 2 traces" in shallow.output  # no tree reached an answer
    assert not (tmp_path / "never").exists() and not list(tmp_path.glob(".never*"))
    refused = runner.invoke(main, ["astro", "--task", "word_sorting", "-n", "2", "--overwrite", "--out", str(out)])
    assert refused.exit_code == 2 and "not a logicforge dataset" in refused.output  # --overwrite never deletes it
    assert (out / "keep.txt").read_text() == "precious"
    (out / "keep.txt").unlink()
    assert run_astro(runner, out, "--task", "word_sorting", "-n", "2")
    assert run_astro(runner, out, "--task", "word_sorting", "-n", "3", "--overwrite")  # replaces its own output
    assert len(load(out)) == 3


def test_config_yaml_maps_onto_dataclasses(tmp_path):
    path = tmp_path / "astro.yaml"
    path.write_text("search:\n  k: 4\n  iterations: 10\nlinearise:\n  search: 2\nnoise: 0.1\n")
    cfg = load_config(path)
    assert (cfg.search.k, cfg.search.iterations, cfg.linearise.search, cfg.noise) == (4, 10, 2, 0.1)
    assert cfg.search.rollouts == 16  # untouched knobs keep the paper's defaults
    with pytest.raises(ValueError, match="unknown astro config key 'kk' in search"):
        config_from_dict({"search": {"kk": 1}})
    path.write_text("- not a mapping\n")
    with pytest.raises(ValueError, match="mapping"):
        load_config(path)
    assert all(config_help().values()) and "search.c_puct" in config_help()  # a help string per knob


def test_every_environment_family_builds_rows(tmp_path):
    from logicforge.generators.astro.build import build

    for name in [f for f in supported() if f in REGISTRY]:
        manifest = build(REGISTRY[name], 6, tmp_path / name, level=2, seed=1)
        assert manifest["counts"]["rows"] == 6, name
        check_rows(load(tmp_path / name))
