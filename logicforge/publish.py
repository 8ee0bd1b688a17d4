"""Publish a generated dataset to the Hugging Face Hub: a repo folder (Parquet per task and split, card, manifest)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from logicforge.data_cards.astro import KIND as ASTRO_KIND, astro_card
from logicforge.data_cards.card import card_context, mix_yaml, render_card, validate_card
from logicforge.data_cards.source import CardError, Stats, iter_batches, manifest_kind, read_manifest, source_files
from logicforge.output import FileDigest, foreign_files, staged

ROWS_PER_FILE = 10_000  # the same file size `logicforge generate` writes
FLUSH_ROWS = 4096  # rows buffered per (task, split) before a Parquet row group is written
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")
_MARKER = "by_task"  # manifest["layout"] of a folder this module built (safe to replace)
_ASTRO_MARKER = "astro"  # the same for the folder of an ASTRO trace dataset


class PublishError(CardError):
    """A push that cannot be carried out: bad repo id, no token, a network or Hub error."""


@dataclass
class _PartWriter:
    """Writes one (task, split) as `data/<task>/<split>-KKKKK-of-NNNNN.parquet`, streaming."""

    root: Path
    task: str
    split: str
    rows_per_file: int = ROWS_PER_FILE
    style: str = "default"  # the prompt style, which sets the `prompt` column's type
    files: list[dict] = field(default_factory=list)
    _pending: list = field(default_factory=list)
    _buffered: int = 0
    _writer: object = None
    _in_file: int = 0
    _digest: object = None

    def add(self, batch) -> None:
        """Append an Arrow record batch with the logicforge schema, rolling files at the size limit."""
        while batch.num_rows:
            room = self.rows_per_file - self._in_file - self._buffered  # > 0: a full file is closed at once
            head, batch = batch.slice(0, room), batch.slice(room)
            self._pending.append(head)
            self._buffered += head.num_rows
            if self._buffered >= FLUSH_ROWS or self._in_file + self._buffered >= self.rows_per_file:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from logicforge.tasks.rows import schema

        if not self._pending:
            return
        table = pa.Table.from_batches(self._pending).cast(schema(self.style))
        self._pending, self._buffered = [], 0
        if self._writer is None:
            path = self.root / f"data/{self.task}/{self.split}-{len(self.files):05d}.partial"
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer, self._digest = pq.ParquetWriter(path, schema(self.style)), FileDigest()
            self.files.append({"path": str(path.relative_to(self.root)), "rows": 0})
        self._writer.write_table(table)
        self._digest.add_rows(table.to_pylist())
        self._in_file += table.num_rows
        self.files[-1]["rows"] = self._in_file
        if self._in_file >= self.rows_per_file:
            self._close_file()

    def _close_file(self) -> None:
        self._writer.close()
        self.files[-1]["sha256"] = self._digest.hexdigest()
        self._writer, self._in_file = None, 0

    def close(self) -> list[dict]:
        """Finish the last file and give every file its final `-of-NNNNN` name; returns the file entries."""
        self._flush()
        if self._writer is not None:
            self._close_file()
        for k, entry in enumerate(self.files):
            final = f"data/{self.task}/{self.split}-{k:05d}-of-{len(self.files):05d}.parquet"
            (self.root / entry["path"]).rename(self.root / final)
            entry["path"] = final
        return self.files


def repartition(data_dir: str | Path, manifest: dict, root: Path, rows_per_file: int = ROWS_PER_FILE):
    """Stream every row of a generated dir into `root/data/<task>/<split>-*.parquet`.

    Each source file is checked against its manifest hash on the way, so a published card never vouches
    for edited data. Returns (Stats, {split: {"rows", "files"}}); tasks keep their generation order.
    """
    import pyarrow.compute as pc

    from logicforge.tasks.rows import style_of

    stats, writers, style = Stats(), {}, style_of(manifest)
    for split, path, entry in source_files(data_dir, manifest):
        digest, rows = FileDigest(flat=True), 0
        for batch in iter_batches(path, manifest["format"], style=style):
            stats.add(split, batch)
            stats.add_examples(split, batch)
            digest.add_rows(batch.to_pylist())
            rows += batch.num_rows
            for task in pc.unique(batch.column("task")).to_pylist():
                key = (task, split)
                if key not in writers:
                    writers[key] = _PartWriter(root, task, split, rows_per_file, style)
                writers[key].add(batch.filter(pc.equal(batch.column("task"), task)))
        if rows != entry["rows"] or not digest.matches(entry["sha256"]):
            raise PublishError(f"{str(path)!r} does not match its manifest.json hash (edited or corrupted); "
                               "regenerate the dataset")
    splits: dict[str, dict] = {s: {"rows": 0, "files": []} for s in stats.splits}
    for (task, split) in sorted(writers):
        files = writers[(task, split)].close()
        splits[split]["files"] += files
        splits[split]["rows"] += sum(f["rows"] for f in files)
    return stats, splits


def default_folder(data_dir: str | Path) -> Path:
    """Where `push` builds the repo folder unless told: `<DATA_DIR>-hub` beside the dataset."""
    data_dir = Path(data_dir).resolve()
    return data_dir.parent / f"{data_dir.name}-hub"


def _check_folder(folder: Path) -> None:
    """Refuse to later replace a non-empty folder that `logicforge push` did not build."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        marker = folder / "manifest.json"
        try:
            ours = json.loads(marker.read_text()).get("layout") in (_MARKER, _ASTRO_MARKER)
        except (OSError, ValueError, AttributeError):
            ours = False
        if not ours:
            raise PublishError(f"--folder {str(folder)!r} is not empty and was not built by `logicforge push`; "
                               "choose another folder")
        foreign = foreign_files(folder) or []
        if foreign:
            raise PublishError(f"--folder {str(folder)!r} holds {foreign[0]!r}, which logicforge did not write; "
                               "replacing the folder would delete it, so move it away or choose another --folder")


def _cannot_write(folder: Path):
    return lambda exc: PublishError(f"cannot write the repo folder {str(folder)!r}: {exc.strerror or exc}; "
                                    "pass --folder")


def build_repo_folder(data_dir: str | Path, folder: str | Path, repo_id: str | None = None,
                      license: str = "apache-2.0", rows_per_file: int = ROWS_PER_FILE) -> Stats:
    """Build the folder that is uploaded: data per task and split, README.md, manifest.json and mix.yaml.

    The folder appears whole or not at all. Returns the stats the card was rendered from.
    """
    data_dir, folder = Path(data_dir), Path(folder)
    if manifest_kind(data_dir) == ASTRO_KIND:
        return _build_astro_folder(data_dir, folder, repo_id, license)
    manifest = read_manifest(data_dir)
    _check_folder(folder)
    with staged(folder, _cannot_write(folder)) as staging:
        stats, splits = repartition(data_dir, manifest, staging, rows_per_file)
        if not stats.tasks:
            raise PublishError(f"{str(data_dir)!r} holds no rows")
        # a repo folder pushed again keeps pointing at the files as first generated
        repo_manifest = {**manifest, "format": "parquet", "layout": _MARKER, "splits": splits,
                         "source_format": manifest.get("source_format", manifest["format"]),
                         "source_splits": manifest.get("source_splits", manifest["splits"])}
        (staging / "manifest.json").write_text(json.dumps(repo_manifest, indent=2, sort_keys=True) + "\n")
        (staging / "mix.yaml").write_text(mix_yaml(manifest))
        context = card_context(manifest, stats, "by_task", repo_id, repo_id or str(folder), license)
        text = render_card(context)
        validate_card(text, staging)
        (staging / "README.md").write_text(text, encoding="utf-8")
    return stats


def _build_astro_folder(data_dir: Path, folder: Path, repo_id: str | None, license: str):
    """The repo folder of an ASTRO trace dataset: its files as written (each checked against its hash), an
    ASTRO card and the manifest. Returns the trace stats."""
    _check_folder(folder)
    with staged(folder, _cannot_write(folder)) as staging:
        text, manifest, stats = astro_card(data_dir, repo_id, repo_id or str(folder), license)
        for _, path, entry in source_files(data_dir, manifest):
            (staging / entry["path"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staging / entry["path"])
        (staging / "manifest.json").write_text(json.dumps({**manifest, "layout": _ASTRO_MARKER}, indent=2,
                                                          sort_keys=True, default=str) + "\n")
        validate_card(text, staging)
        (staging / "README.md").write_text(text, encoding="utf-8")
    return stats


def folder_files(folder: str | Path) -> list[tuple[str, int]]:
    """(path relative to `folder`, size in bytes) of every file in it, sorted."""
    folder = Path(folder)
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*") if p.is_file())


# -- upload -------------------------------------------------------------------------------------


def make_api():
    """The Hub client `push` uploads with; tests replace this function with a fake."""
    from huggingface_hub import HfApi

    return HfApi()


def _network_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean the Hub or the network failed (the HTTP library differs across versions)."""
    from huggingface_hub import errors

    found: list = [errors.HfHubHTTPError, OSError, TimeoutError]
    found += [errors.HTTPError] if hasattr(errors, "HTTPError") else []
    for module, name in (("requests", "RequestException"), ("httpx", "HTTPError"), ("httpx2", "HTTPError")):
        try:
            found.append(getattr(__import__(module), name))
        except (ImportError, AttributeError):
            pass
    return tuple(found)


def _one_line(exc: BaseException) -> str:
    """The first line of an error, with a hint for the two failures people can fix themselves."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if status in (401, 403):
        return f"{text}; check your token and its write access (`hf auth login`)"
    return text if status else f"cannot reach the Hub ({text})"


@dataclass
class PushResult:
    """What `push` built and, unless it was a dry run, where it went."""

    folder: Path
    files: list[tuple[str, int]]
    stats: Stats
    url: str | None = None


def check_repo_id(repo_id: str) -> str:
    """`user/name` or ValueError with the expected shape."""
    if not isinstance(repo_id, str) or not _REPO_ID.match(repo_id) or ".." in repo_id or "--" in repo_id:
        raise PublishError(f"--repo {repo_id!r} must look like user/name (letters, digits, '-', '_', '.')")
    return repo_id


def push(data_dir: str | Path, repo_id: str, folder: str | Path | None = None, private: bool = False,
         revision: str | None = None, dry_run: bool = False, license: str = "apache-2.0",
         api=None, token: str | None = None) -> PushResult:
    """Build the repo folder of a generated dataset and upload it as Hub dataset `repo_id`.

    The token comes from `token`, the client, or the usual environment/login (`huggingface_hub.get_token`).
    The upload replaces the repo's `data/` files, so a re-push never leaves stale tasks behind.
    With `dry_run` nothing leaves the machine. PublishError (one line) on any expected failure.
    """
    check_repo_id(repo_id)
    folder = Path(folder) if folder is not None else default_folder(data_dir)
    if not dry_run:
        from huggingface_hub import get_token

        api = api or make_api()
        token = token or getattr(api, "token", None) or get_token()
        if not token:
            raise PublishError("no Hugging Face token found; run `hf auth login` or set HF_TOKEN "
                               "(or use --dry-run to only build the folder)")
    stats = build_repo_folder(data_dir, folder, repo_id, license)
    result = PushResult(folder, folder_files(folder), stats)
    if not dry_run:
        result.url = upload(folder, repo_id, stats, private, revision, api, token)
    return result


def upload(folder: Path, repo_id: str, stats: Stats, private: bool, revision: str | None, api, token) -> str:
    """create_repo (exist_ok) + create_branch where asked + upload_folder; returns the commit or repo URL."""
    message = f"logicforge push: {stats.rows()} rows of {', '.join(stats.tasks)}"
    try:
        api.create_repo(repo_id, repo_type="dataset", private=True if private else None, exist_ok=True, token=token)
        if revision and revision != "main":
            api.create_branch(repo_id, branch=revision, repo_type="dataset", exist_ok=True, token=token)
        info = api.upload_folder(repo_id=repo_id, folder_path=str(folder), repo_type="dataset", revision=revision,
                                 commit_message=message, delete_patterns=["data/**"], token=token)
    except _network_errors() as exc:
        raise PublishError(f"upload to {repo_id} failed: {_one_line(exc)}") from None
    return getattr(info, "commit_url", None) or f"https://huggingface.co/datasets/{repo_id}"
