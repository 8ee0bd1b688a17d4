"""Cards for ASTRO trace datasets (`logicforge astro`): trace statistics, the policy, the search knobs."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from logicforge.data_cards.source import CardError, iter_batches, source_files
from logicforge.output import FileDigest

TEMPLATE = "astro_card.md.j2"
KIND = "astro-sft"
MAX_EXAMPLE_CHARS = 6000


def is_astro(manifest: dict) -> bool:
    """The manifest is that of an ASTRO trace dataset (or a repo folder built from one)."""
    return manifest.get("kind") == KIND


def read_astro_manifest(data_dir: str | Path) -> dict:
    """The manifest of an ASTRO dataset dir; CardError when a field the card needs is missing."""
    path = Path(data_dir) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CardError(f"cannot read {str(path)!r}: {exc}") from None
    missing = [k for k in ("task", "splits", "content_hash", "logicforge_version", "policy", "config", "counts")
               if k not in manifest]
    if missing:
        raise CardError(f"{str(path)!r} lacks {', '.join(missing)}; rewrite the traces with `logicforge astro`")
    return manifest


@dataclass
class TraceStats:
    """What the card reports about the traces: kinds, backtracks, steps, lengths, the policy's share."""

    count: int = 0
    task: str = ""
    kinds: dict[str, int] = field(default_factory=dict)
    backtracks: list[int] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)
    levels: set = field(default_factory=set)
    langs: dict[str, int] = field(default_factory=dict)
    example: dict | None = None

    def add(self, rows: list[dict]) -> None:
        for row in rows:
            self.count += 1
            self.task = self.task or row["task"]
            self.kinds[row["trace_kind"]] = self.kinds.get(row["trace_kind"], 0) + 1
            self.backtracks.append(row["n_backtracks"])
            self.steps.append(row["n_steps"])
            self.chars.append(len(_text(row["completion"])))
            if row.get("policy_share") is not None:  # recorded since logicforge 0.2
                self.shares.append(row["policy_share"])
            self.levels.add(row["level"])
            lang = row.get("lang") or "en"  # traces written before the column existed are English
            self.langs[lang] = self.langs.get(lang, 0) + 1
            if self.example is None or (self.example["trace_kind"] == "direct" and row["trace_kind"] == "search"):
                self.example = row  # a search trace shows what ASTRO adds: a wrong branch and a backtrack

    @property
    def tasks(self) -> list[str]:
        return [self.task] if self.task else []

    @property
    def configs(self) -> list[str]:
        return ["default"]

    def rows(self) -> int:
        return self.count

    def summary(self) -> dict:
        def spread(xs):
            return {"mean": round(statistics.fmean(xs), 2), "median": statistics.median(xs), "max": max(xs)}

        return {"rows": self.count, "direct": self.kinds.get("direct", 0), "search": self.kinds.get("search", 0),
                "backtracks": spread(self.backtracks), "steps": spread(self.steps), "chars": spread(self.chars),
                "with_backtrack": round(sum(b > 0 for b in self.backtracks) / self.count, 4),
                "policy_share": round(statistics.fmean(self.shares), 4) if self.shares else None}


def _text(value) -> str:
    """A prompt or completion: a string (`--plain`) or chat messages."""
    return value if isinstance(value, str) else "\n\n".join(m["content"] for m in value)


def collect(data_dir: str | Path, manifest: dict, check: bool = True) -> TraceStats:
    """Read every row once: the trace statistics, and (with `check`) each file against its manifest hash."""
    stats = TraceStats()
    for _, path, entry in source_files(data_dir, manifest):
        digest = FileDigest()
        for batch in iter_batches(path, "parquet"):
            rows = batch.to_pylist()
            stats.add(rows)
            digest.add_rows(rows)
        if check and (digest.rows != entry["rows"] or not digest.matches(entry["sha256"])):
            raise CardError(f"{str(path)!r} does not match its manifest.json hash (edited or corrupted); "
                            "rewrite the traces with `logicforge astro`")
    if not stats.count:
        raise CardError(f"{str(data_dir)!r} holds no traces")
    return stats


def astro_context(manifest: dict, stats: TraceStats, repo_id: str | None, load_path: str,
                  license: str = "apache-2.0") -> dict:
    """Every value the ASTRO card template uses."""
    from huggingface_hub import DatasetCardData

    from logicforge.data_cards.card import install_lines, size_category
    from logicforge.generators.astro.build import config_help
    from logicforge.tasks import get_task, list_tasks

    name = manifest["task"]
    if name not in list_tasks():
        raise CardError(f"task {name!r} is not registered in this logicforge install")
    task = get_task(name)
    pretty = repo_id.split("/")[-1] if repo_id else f"logicforge ASTRO traces: {name}"
    meta = {
        "license": license, "language": sorted({*stats.langs, "en"}), "pretty_name": pretty,
        "size_categories": [size_category(stats.count)], "task_categories": ["text-generation"],
        "annotations_creators": ["machine-generated"], "language_creators": ["machine-generated"],
        "source_datasets": ["original"],
        "tags": ["logicforge", "astro", "sft", "chain-of-thought", "search-traces", "reasoning", "synthetic",
                 task.category, name],
        "configs": [{"config_name": "default", "default": True,
                     "data_files": [{"split": "train", "path": "data/train-*.parquet"}],
                     "description": f"logicforge ASTRO traces, content hash {manifest['content_hash']}"}],
    }
    helps = config_help()
    config = manifest["config"]
    knobs = [{"name": f"search.{k}", "value": json.dumps(v), "help": helps.get(f"search.{k}", "")}
             for k, v in sorted(config.get("search", {}).items())]
    knobs += [{"name": f"linearise.{k}", "value": json.dumps(v), "help": helps.get(f"linearise.{k}", "")}
              for k, v in sorted(config.get("linearise", {}).items())]
    knobs += [{"name": k, "value": json.dumps(v), "help": helps.get(k, "")}
              for k, v in sorted(config.items()) if not isinstance(v, dict)]
    params = manifest.get("params") or {}
    spec = {k["name"]: k.get("help") or "" for k in task.knob_table()}
    counts = manifest["counts"]
    example = stats.example
    prompt, completion = _text(example["prompt"]), _text(example["completion"])
    return {
        "front_matter": DatasetCardData(**meta).to_yaml().strip(), "title": pretty, "repo_id": repo_id,
        "load_path": load_path, "version": manifest["logicforge_version"], "content_hash": manifest["content_hash"],
        "task": {"name": name, "description": task.description, "category": task.category,
                 "answer_format": task.answer_format, "verifier_kind": task.verifier_kind},
        "level": manifest.get("level"), "seed": manifest.get("seed", 0),
        "langs": [{"lang": k, "rows": v} for k, v in sorted(stats.langs.items())],
        "trace_lang": manifest.get("trace_lang", "en"),
        "trace_language": {"en": "English", "zh": "Chinese"}.get(manifest.get("trace_lang", "en"), "English"),
        "params": [{"name": k, "value": json.dumps(v), "help": spec.get(k, "")} for k, v in sorted(params.items())],
        "policy": manifest["policy"], "policy_counts": {k[len("policy_"):]: v for k, v in counts.items()
                                                         if k.startswith("policy_") and k != "policy_share"},
        "problems": counts.get("problems", 0), "no_correct": counts.get("no_correct", 0),
        "knobs": knobs, "stats": stats.summary(),
        "example": {"prompt": _clip(prompt), "completion": _clip(completion), "kind": example["trace_kind"],
                    "backtracks": example["n_backtracks"]},
        "recorded_command": manifest.get("command") or None, "install": install_lines(manifest["logicforge_version"]),
        "citation_key": "".join(c if c.isalnum() else "_" for c in (repo_id or f"logicforge_astro_{name}")).lower(),
        "owner": repo_id.split("/")[0] if repo_id and "/" in repo_id else "logicforge users",
    }


def _clip(text: str) -> str:
    return text if len(text) <= MAX_EXAMPLE_CHARS else text[:MAX_EXAMPLE_CHARS] + "\n..."


def astro_card(data_dir: str | Path, repo_id: str | None, load_path: str, license: str = "apache-2.0",
               ) -> tuple[str, dict, TraceStats]:
    """The rendered card of an ASTRO dataset dir, its manifest and its stats (every file checked against
    its manifest hash on the way)."""
    from logicforge.data_cards.card import render_card

    manifest = read_astro_manifest(data_dir)
    stats = collect(data_dir, manifest)
    return render_card(astro_context(manifest, stats, repo_id, load_path, license), TEMPLATE), manifest, stats
