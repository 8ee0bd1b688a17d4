"""`logicforge merge`: the shard dirs of one job become the single-machine dataset; anything else is refused."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.tasks.build import make_spec, write_dataset
from logicforge.tasks.merge import merge, single_command

ROOT = Path(__file__).resolve().parents[1]
SPEC = make_spec(["word_sorting", "dyck_language"], level=2, seed=5, splits="train=70,test=9")


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("data/*")) if p.is_file()}


def one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("logicforge: error:"), result.output
    assert all(f in lines[0] for f in fragments), (fragments, lines[0])


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    """A single-machine run and the 3 shards of the same job (4 train files, 1 test file)."""
    root = tmp_path_factory.mktemp("merge")
    cmd = "logicforge generate --task ... --out {}"
    full = write_dataset(SPEC, root / "full", rows_per_file=20, progress=False, command=cmd.format(root / "full"))
    for k in range(3):
        write_dataset(SPEC, root / f"s{k}", shard=(k, 3), rows_per_file=20, progress=False,
                      command=cmd.format(root / f"s{k}") + f" --shard {k}/3")
    return root, full


def copy_shards(root: Path, tmp_path: Path) -> list[Path]:
    for k in range(3):
        shutil.copytree(root / f"s{k}", tmp_path / f"s{k}")
    return [tmp_path / f"s{k}" for k in range(3)]


def test_merge_gives_the_single_machine_dataset(job, tmp_path):
    root, full = job
    shards = [str(root / f"s{k}") for k in (2, 0, 1)]  # in any order
    result = CliRunner().invoke(main, ["merge", *shards, "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert f"content hash {full['content_hash'][:16]}" in result.output
    merged = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert merged["content_hash"] == full["content_hash"] and merged["splits"] == full["splits"]
    assert {k: v for k, v in merged.items() if k != "command"} == {k: v for k, v in full.items() if k != "command"}
    assert "--shard" not in merged["command"] and merged["command"].endswith(str(tmp_path / "m"))
    assert digests(tmp_path / "m") == digests(root / "full")
    assert all((root / f"s{k}" / "manifest.json").is_file() for k in range(3))  # the shards are left as they were


def test_merged_dataset_pushes_like_any_other(job, tmp_path):
    root, _ = job
    merge([root / f"s{k}" for k in range(3)], tmp_path / "m")
    runner = CliRunner()
    for name in ("m", "full"):
        src = tmp_path / "m" if name == "m" else root / "full"
        result = runner.invoke(main, ["push", str(src), "--repo", "alice/x", "--dry-run", "--folder",
                                      str(tmp_path / f"{name}-hub")])
        assert result.exit_code == 0, result.output
    assert digests(tmp_path / "m-hub") == digests(tmp_path / "full-hub")
    assert runner.invoke(main, ["card", str(tmp_path / "m")]).exit_code == 0


def test_a_missing_shard_or_file_is_refused(job, tmp_path):
    root, _ = job
    runner = CliRunner()
    one_line_error(runner.invoke(main, ["merge", str(root / "s0"), str(root / "s2"), "--out", str(tmp_path / "m")]),
                   "shard(s) 1/3 missing")
    dirs = copy_shards(root, tmp_path)
    (dirs[1] / "data" / "train-00001-of-00004.parquet").unlink()
    one_line_error(runner.invoke(main, ["merge", *map(str, dirs), "--out", str(tmp_path / "m")]),
                   "train-00001-of-00004.parquet", "missing")
    assert not (tmp_path / "m").exists() and not list(tmp_path.glob(".m*"))


@pytest.mark.parametrize("change, fragments", [
    (lambda m: m["spec"].update(seed=6), ["different spec", "seed: 6 vs 5"]),
    (lambda m: m.update(logicforge_version="0.1.0"), ["different logicforge version"]),
    (lambda m: m.update(format="jsonl"), ["different --format"]),
    (lambda m: m.update(shard="0/3"), ["shard 0/3 is given twice"]),
])
def test_shards_of_different_jobs_are_refused(job, tmp_path, change, fragments):
    root, _ = job
    dirs = copy_shards(root, tmp_path)
    manifest = json.loads((dirs[2] / "manifest.json").read_text())
    change(manifest)
    (dirs[2] / "manifest.json").write_text(json.dumps(manifest))
    one_line_error(CliRunner().invoke(main, ["merge", *map(str, dirs), "--out", str(tmp_path / "m")]), *fragments)


def test_an_edited_file_is_refused_unless_checks_are_skipped(job, tmp_path):
    root, _ = job
    dirs = copy_shards(root, tmp_path)
    victim = dirs[0] / "data" / "train-00000-of-00004.parquet"
    shutil.copyfile(dirs[1] / "data" / "train-00001-of-00004.parquet", victim)  # valid Parquet, other rows
    one_line_error(CliRunner().invoke(main, ["merge", *map(str, dirs), "--out", str(tmp_path / "m")]),
                   "does not match its manifest.json hash")
    skipped = CliRunner().invoke(main, ["merge", *map(str, dirs), "--out", str(tmp_path / "m"), "--no-check"])
    assert skipped.exit_code == 0, skipped.output  # asked to trust the shards: only names and counts are checked


def test_other_dirs_are_refused(job, tmp_path):
    root, _ = job
    runner = CliRunner()
    one_line_error(runner.invoke(main, ["merge", str(tmp_path), "--out", str(tmp_path / "m")]), "no manifest.json")
    astro = tmp_path / "astro"
    assert runner.invoke(main, ["astro", "--task", "word_sorting", "-n", "2", "--out", str(astro)]).exit_code == 0
    one_line_error(runner.invoke(main, ["merge", str(astro), "--out", str(tmp_path / "m")]), "not a shard")
    one_line_error(runner.invoke(main, ["merge", str(root / "s0"), "--out", str(root / "s0")]), "one of the shard")


def test_single_command_drops_the_shard():
    assert single_command("logicforge generate --mix m.yaml --shard 3/16 --out shards/3", "data/big") == \
        "logicforge generate --mix m.yaml --out data/big"


def test_without_ray_the_executor_hint_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the [ray] extra were not installed
    result = CliRunner().invoke(main, ["generate", "--task", "word_sorting", "-n", "5", "--executor", "ray",
                                       "--out", str(tmp_path / "o")])
    one_line_error(result, "pip install -e '.[ray]'")
    assert list(tmp_path.iterdir()) == []


def test_slurm_example_runs_as_an_array_job(tmp_path):
    """The example's scripts, run with the variables Slurm sets, give the single-machine content hash."""
    mix = tmp_path / "mix.yaml"
    mix.write_text("seed: 2\ntasks:\n  - task: word_sorting\n    level: 1\n")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "MIX": str(mix),
           "SPLITS": "train=10100,test=5", "SHARDS_DIR": str(tmp_path / "shards"), "OUT": str(tmp_path / "merged"),
           "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_CPUS_PER_TASK": "1"}
    for k in range(2):
        subprocess.run(["bash", "examples/slurm/generate.sbatch"], cwd=ROOT, env={**env, "SLURM_ARRAY_TASK_ID": str(k)},
                       check=True, capture_output=True)
    subprocess.run(["bash", "examples/slurm/merge.sbatch"], cwd=ROOT, env=env, check=True, capture_output=True)
    single = CliRunner().invoke(main, ["generate", "--mix", str(mix), "--splits", "train=10100,test=5", "--out",
                                       str(tmp_path / "single")])
    assert single.exit_code == 0, single.output
    read = lambda name: json.loads((tmp_path / name / "manifest.json").read_text())["content_hash"]  # noqa: E731
    assert read("merged") == read("single")
