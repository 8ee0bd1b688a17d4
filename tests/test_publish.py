"""`logicforge push`: the repo folder loads per task and as `all` with the source rows; a fake HfApi uploads."""

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import datasets
import huggingface_hub
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from huggingface_hub import DatasetCard
from huggingface_hub.errors import HfHubHTTPError

from logicforge import publish
from logicforge.cli import main
from logicforge.publish import PublishError, build_repo_folder
from logicforge.tasks import get_task, list_tasks
from logicforge.tasks.build import load, make_spec, write_dataset
from logicforge.tasks.mix import load_mix

try:  # the suite's one-thread rule; publishing itself needs no torch
    import torch

    torch.set_num_threads(1)
except ImportError:
    pass
REPO = "alice/puzzles"


def second_task() -> str | None:
    """A registered task besides word_sorting that generates at level 1 (families land concurrently)."""
    preferred = ["web_of_lies", "dyck_language", "shortest_path", "sudoku"]
    for name in preferred + [n for n in list_tasks() if n not in preferred]:
        if name == "word_sorting" or name not in list_tasks():
            continue
        try:
            task = get_task(name)
            task.generate(task.params(1), 0, 0)
        except Exception:  # a family still in progress; try the next one
            continue
        return name
    return None


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """Two tasks mixed in the same files, several files per split (rows_per_file=16)."""
    names = ["word_sorting"] + ([second_task()] if second_task() else [])
    out = tmp_path_factory.mktemp("pub") / "data"
    write_dataset(make_spec(names, level=2, seed=11, splits="train=40,test=10"), out, rows_per_file=16,
                  progress=False, command="logicforge generate --task ... (test)")
    return out


@pytest.fixture(scope="module")
def folder(source, tmp_path_factory):
    """The repo folder, with files of at most 7 rows so every (task, split) spans several files."""
    path = tmp_path_factory.mktemp("repo") / "hub"
    build_repo_folder(source, path, REPO, rows_per_file=7)
    return path


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_repo_folder_loads_each_task_and_all_with_the_source_rows(source, folder):
    src = load(source)
    tasks = sorted(set(src["train"]["task"]))
    for split in ("train", "test"):
        every = datasets.load_dataset(str(folder), "all", split=split)
        assert sorted(every.to_list(), key=lambda r: r["id"]) == sorted(src[split].to_list(), key=lambda r: r["id"])
        assert every.features == src[split].features
        for task in tasks:
            part = datasets.load_dataset(str(folder), task, split=split)
            assert part.to_list() == [r for r in src[split].to_list() if r["task"] == task]  # order kept
    assert len(datasets.load_dataset(str(folder))["train"]) == len(src["train"])  # `all` is the default


def test_repo_folder_files_manifest_and_mix(source, folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    source_manifest = json.loads((source / "manifest.json").read_text())
    assert manifest["content_hash"] == source_manifest["content_hash"]
    assert manifest["source_splits"] == source_manifest["splits"]
    for split, info in manifest["splits"].items():
        assert info["rows"] == source_manifest["splits"][split]["rows"]
        for entry in info["files"]:
            rows = pq.read_table(folder / entry["path"]).to_pylist()
            # sha256 over the sha256 of each 64-row block of canonical JSON lines (files here hold <= 7 rows)
            block = hashlib.sha256(b"".join(json.dumps(r, sort_keys=True, ensure_ascii=False).encode() + b"\n"
                                            for r in rows)).digest()
            assert entry["rows"] == len(rows) <= 7 and entry["sha256"] == hashlib.sha256(block).hexdigest()
            task, name = entry["path"].split("/")[1:]
            assert {r["task"] for r in rows} == {task} and re.fullmatch(rf"{split}-\d{{5}}-of-\d{{5}}\.parquet", name)
    assert sum(len(v["files"]) for v in manifest["splits"].values()) == len(list(folder.glob("data/*/*.parquet")))
    assert {s: len(d) for s, d in load(folder).items()} == {"train": 40, "test": 10}
    assert load_mix(folder / "mix.yaml").to_dict() == source_manifest["spec"]  # tasks, knobs, seed, splits


def test_logicforge_verify_scores_a_downloaded_repo_folder(folder, tmp_path):
    rows = load(folder)["test"].to_list()
    lines = [{"id": r["id"], "response": f"<answer>{r['answer']}</answer>"} for r in rows[:4]]
    lines += [{"id": r["id"], "response": "<answer>wrong</answer>"} for r in rows[4:]]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(x) for x in lines))
    args = ["verify", "--data", str(folder), "--responses", str(tmp_path / "r.jsonl"), "--split", "test"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    verdicts = [json.loads(x) for x in (tmp_path / "r.verdicts.jsonl").read_text().splitlines()]
    assert len(verdicts) == 10 and sum(v["correct"] for v in verdicts) == 4


def test_repo_card_has_a_config_per_task_and_the_right_counts(source, folder):
    card = DatasetCard.load(folder / "README.md")
    src = load(source)
    truth = Counter((r["task"], s) for s in src for r in src[s].select_columns(["task"]))
    tasks = sorted({t for t, _ in truth})
    configs = {c["config_name"]: c for c in card.data.configs}
    assert list(configs) == ["all", *tasks] and configs["all"]["default"] is True
    for task in tasks:
        matched = {p for f in configs[task]["data_files"] for p in folder.glob(f["path"])}
        assert matched == set(folder.glob(f"data/{task}/*.parquet"))
        row = next(x for x in card.text.splitlines() if x.startswith(f"| `{task}` | {get_task(task).category}"))
        assert row.split("|")[4:7] == [f" {truth[(task, 'train')]} ", f" {truth[(task, 'test')]} ",
                                       f" {truth[(task, 'train')] + truth[(task, 'test')]} "]
    assert f'load_dataset("{REPO}", "all")' in card.text and "huggingface.co/datasets/alice/puzzles" in card.text


class FakeHfApi:
    """Records what `push` asks of the Hub; reads the folder at upload time, as the real client would."""

    def __init__(self, token="hf_fake", fail=None):
        self.token, self.fail, self.calls, self.uploaded = token, fail, [], None

    def create_repo(self, repo_id, **kwargs):
        self.calls.append(("create_repo", repo_id, kwargs))
        if self.fail is not None:
            raise self.fail

    def create_branch(self, repo_id, **kwargs):
        self.calls.append(("create_branch", repo_id, kwargs))

    def upload_folder(self, *, folder_path, **kwargs):
        self.calls.append(("upload_folder", kwargs["repo_id"], kwargs))
        self.uploaded = digests(Path(folder_path))
        return SimpleNamespace(commit_url=f"https://huggingface.co/datasets/{kwargs['repo_id']}/commit/abc")


def test_dry_run_lists_the_folder_and_the_fake_upload_gets_exactly_it(source, tmp_path, monkeypatch):
    runner = CliRunner()
    dry = runner.invoke(main, ["push", str(source), "--repo", REPO, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    dry_folder = source.parent / f"{source.name}-hub"
    expected = digests(dry_folder)
    assert {"README.md", "manifest.json", "mix.yaml"} <= set(expected)
    assert all(path in dry.output for path in expected) and "would create dataset repo" in dry.output
    again = runner.invoke(main, ["push", str(source), "--repo", REPO, "--dry-run"])
    assert again.exit_code == 0 and digests(dry_folder) == expected  # rebuilt byte for byte

    fake = FakeHfApi()
    monkeypatch.setattr(publish, "make_api", lambda: fake)
    args = ["push", str(source), "--repo", REPO, "--private", "--revision", "dev", "--folder", str(tmp_path / "up")]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert fake.uploaded == expected
    (_, repo, create), (_, _, branch), (_, _, upload) = fake.calls
    assert repo == REPO and create == {"repo_type": "dataset", "private": True, "exist_ok": True, "token": "hf_fake"}
    assert branch["branch"] == "dev" and branch["repo_type"] == "dataset"
    assert upload["revision"] == "dev" and upload["repo_type"] == "dataset" and upload["delete_patterns"] == ["data/**"]
    assert "pushed to https://huggingface.co/datasets/alice/puzzles" in result.output


def test_push_to_main_creates_no_branch(source, tmp_path):
    fake = FakeHfApi()
    result = publish.push(source, REPO, tmp_path / "f", api=fake)
    assert [c[0] for c in fake.calls] == ["create_repo", "upload_folder"]
    assert fake.calls[0][2]["private"] is None and result.url.endswith("/commit/abc")


def one_line_error(result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert message in result.output


def test_missing_token_is_one_line_and_builds_nothing(source, tmp_path, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub, "get_token", lambda: None)
    fake = FakeHfApi(token=None)
    monkeypatch.setattr(publish, "make_api", lambda: fake)
    result = CliRunner().invoke(main, ["push", str(source), "--repo", REPO, "--folder", str(tmp_path / "f")])
    one_line_error(result, "no Hugging Face token found")
    assert fake.calls == [] and not (tmp_path / "f").exists()


def _http_error(status: int, text: str) -> HfHubHTTPError:
    return HfHubHTTPError(text, response=SimpleNamespace(status_code=status, headers={}, request=None))


NETWORK_ERRORS = [
    (ConnectionError("[Errno -2] Name or service not known"), "cannot reach the Hub"),
    (TimeoutError("timed out"), "cannot reach the Hub"),
    (_http_error(401, "401 Client Error: Unauthorized for url: x\nsecond line"), "check your token"),
    (_http_error(500, "500 Server Error: Internal Server Error\ndetails"), "500 Server Error"),
]


@pytest.mark.parametrize("error,message", NETWORK_ERRORS)
def test_network_and_hub_errors_are_one_line(source, tmp_path, monkeypatch, error, message):
    monkeypatch.setattr(publish, "make_api", lambda: FakeHfApi(fail=error))
    result = CliRunner().invoke(main, ["push", str(source), "--repo", REPO, "--folder", str(tmp_path / "f")])
    one_line_error(result, f"upload to {REPO} failed")
    assert message in result.output


def test_bad_input_is_refused_in_one_line(source, tmp_path):
    runner = CliRunner()
    one_line_error(runner.invoke(main, ["push", str(source), "--repo", "no-slash", "--dry-run"]), "user/name")
    one_line_error(runner.invoke(main, ["push", str(tmp_path), "--repo", REPO, "--dry-run"]), "no manifest.json")
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    one_line_error(runner.invoke(main, ["push", str(source), "--repo", REPO, "--dry-run", "--folder", str(foreign)]),
                   "not built by `logicforge push`")
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_edited_source_data_is_refused(source, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(source, copy)
    victim = copy / json.loads((copy / "manifest.json").read_text())["splits"]["train"]["files"][0]["path"]
    table = pq.read_table(victim)
    answers = table.column("answer").to_pylist()
    table = table.set_column(table.schema.get_field_index("answer"), "answer", [[a + "x" for a in answers]])
    pq.write_table(table, victim)
    with pytest.raises(PublishError, match="does not match its manifest"):
        build_repo_folder(copy, tmp_path / "out", REPO)
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.partial-*"))


def test_datasets_from_before_block_hashes_still_publish(source, tmp_path):
    # logicforge 0.1 wrote a file's hash as sha256 over all its canonical JSON lines; such a manifest
    # is still recognised (and an edited file under it still refused)
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(source, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    for entry in [f for split in manifest["splits"].values() for f in split["files"]]:
        rows = pq.read_table(copy / entry["path"]).to_pylist()
        entry["sha256"] = hashlib.sha256(b"".join(json.dumps(r, sort_keys=True, ensure_ascii=False).encode() + b"\n"
                                                  for r in rows)).hexdigest()
    (copy / "manifest.json").write_text(json.dumps(manifest))
    build_repo_folder(copy, tmp_path / "out", REPO)
    assert (tmp_path / "out" / "manifest.json").exists()
    manifest["splits"]["train"]["files"][0]["sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(PublishError, match="does not match its manifest"):
        build_repo_folder(copy, tmp_path / "out2", REPO)
