"""`generate --executor ray`: each shard a Ray task on a local 2-CPU instance, merged into `--workers 2`'s bytes."""

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.tasks.build import make_spec, write_dataset

ray = pytest.importorskip("ray", reason="Ray is the optional [ray] extra (in [dev]); pip install -e '.[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (starting one takes several seconds)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_ray_shards_merge_into_the_bytes_of_two_workers(local_ray, tmp_path, fmt):
    spec = make_spec(["word_sorting", "dyck_language"], level=2, seed=3, splits="train=90,test=20")
    local = write_dataset(spec, tmp_path / "local", fmt, workers=2, rows_per_file=16, progress=False, command="c")
    on_ray = write_dataset(spec, tmp_path / "ray", fmt, workers=2, rows_per_file=16, progress=False, command="c",
                           executor="ray")
    assert on_ray == local  # the same manifest: files, hashes, content hash
    assert digests(tmp_path / "ray") == digests(tmp_path / "local")  # and the same bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local", "ray"]  # the shard dirs are gone


def test_cli_executor_ray(local_ray, tmp_path):
    runner = CliRunner()
    args = ["generate", "--task", "word_sorting", "--splits", "train=30,test=5", "--workers", "2"]
    assert runner.invoke(main, [*args, "--out", str(tmp_path / "local")]).exit_code == 0
    result = runner.invoke(main, [*args, "--executor", "ray", "--out", str(tmp_path / "ray")])
    assert result.exit_code == 0, result.output
    read = lambda name: json.loads((tmp_path / name / "manifest.json").read_text())  # noqa: E731
    assert read("ray")["content_hash"] == read("local")["content_hash"]
    bad = runner.invoke(main, [*args, "--executor", "ray", "--shard", "0/2", "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 2 and "drop --shard" in bad.output
