"""Score model responses against a generated dataset: per-row verdicts, accuracy by task and level."""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from logicforge.tasks import get_task

RESPONSE_KEYS = ("response", "completion", "text", "output")


@dataclass
class Report:
    """Accuracy per (task, level), failure-reason histogram and the per-row verdicts."""

    verdicts: list[dict] = field(default_factory=list)
    missing: int = 0  # rows without a response, in the splits that have at least one
    unscored: list[str] = field(default_factory=list)  # splits without any response (not counted as missing)

    def accuracy(self) -> dict[tuple[str, int], tuple[int, int]]:
        """(task, level) -> (correct, total)."""
        table: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        for v in self.verdicts:
            cell = table[(v["task"], v["level"])]
            cell[0] += int(v["correct"])
            cell[1] += 1
        return {k: (c, t) for k, (c, t) in sorted(table.items())}

    def reasons(self) -> Counter:
        return Counter(v["reason"] for v in self.verdicts if not v["correct"])

    def summary(self) -> dict:
        correct = sum(int(v["correct"]) for v in self.verdicts)
        return {
            "scored": len(self.verdicts),
            "correct": correct,
            "accuracy": correct / len(self.verdicts) if self.verdicts else 0.0,
            "missing_responses": self.missing,
            "unscored_splits": list(self.unscored),
            "by_task_level": {f"{t}/L{lvl}": {"correct": c, "total": n}
                              for (t, lvl), (c, n) in self.accuracy().items()},
            "failure_reasons": dict(self.reasons().most_common()),
        }


def read_responses(path: str | Path) -> dict[str, list[str]]:
    """`id` -> responses from a JSONL file (one object per line with `id` and `response`)."""
    path = Path(path)
    out: dict[str, list[str]] = defaultdict(list)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ValueError(f"responses file {str(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read responses file {str(path)!r}: {exc}") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            raise ValueError(f"responses file {str(path)!r} line {lineno}: not valid JSON") from None
        key = next((k for k in RESPONSE_KEYS if isinstance(obj, dict) and k in obj), None)
        if not isinstance(obj, dict) or "id" not in obj or key is None:
            raise ValueError(f"responses file {str(path)!r} line {lineno}: needs 'id' and one of {RESPONSE_KEYS}")
        value = obj[key]
        out[str(obj["id"])].extend(value if isinstance(value, list) else [value])
    if not out:
        raise ValueError(f"responses file {str(path)!r} holds no responses (expected one JSON object per line "
                         "with 'id' and 'response')")
    return dict(out)


def score_rows(rows, responses: dict[str, list], report: Report | None = None, known: set | None = None,
               check_unknown: bool = True) -> Report:
    """Verify every response of every row that has one (rows: dicts with id, task, level, payload)."""
    report = report if report is not None else Report()
    known = known if known is not None else set()
    for row in rows:
        known.add(row["id"])
        task = get_task(row["task"])
        texts = responses.get(row["id"])
        if not texts:
            report.missing += 1
            continue
        for k, text in enumerate(texts):
            v = task.verify(row["payload"], text)
            report.verdicts.append({"id": row["id"], "sample": k, "task": row["task"], "level": row["level"],
                                    "score": v.score, "correct": v.correct, "reason": v.reason})
    unknown = set(responses) - known
    if unknown and check_unknown:
        raise ValueError(f"{len(unknown)} response id(s) are not in the dataset, e.g. {sorted(unknown)[0]!r}")
    return report


def score_dataset(data_dir: str | Path, responses_path: str | Path, split: str | None = None,
                  progress: bool | None = False) -> Report:
    """Score a responses JSONL against a dataset written by `logicforge generate`."""
    from logicforge.tasks.build import load

    if not (Path(data_dir) / "manifest.json").exists():
        raise ValueError(f"--data {str(data_dir)!r} is not a logicforge dataset (no manifest.json)")
    responses = read_responses(responses_path)
    data = load(data_dir)
    if not hasattr(data, "keys"):
        data = {next(iter(json.loads((Path(data_dir) / "manifest.json").read_text())["splits"])): data}
    if split is not None and split not in data:
        raise ValueError(f"split {split!r} not in dataset; have {', '.join(data)}")
    report, known = Report(), set()
    for name in [split] if split else list(data):
        part = data[name].select_columns(["id", "task", "level", "payload"])
        if split is None and not any(i in responses for i in part["id"]):
            report.unscored.append(name)  # a split nobody answered is not "rows without a response"
            known.update(part["id"])
            continue
        rows = progress_rows(part, f"verify {name}", progress)
        score_rows(rows, responses, report, known, check_unknown=False)
    unknown = set(responses) - known
    if unknown:
        raise ValueError(f"{len(unknown)} response id(s) are not in the dataset, e.g. {sorted(unknown)[0]!r}")
    return report


PROGRESS_FROM = 5_000  # rows; smaller files score in a blink


def progress_rows(rows, desc: str, progress: bool | None = None):
    """`rows` with a tqdm bar: shown when `progress` is True, or when None on a terminal for many rows."""
    from tqdm.auto import tqdm

    show = progress if progress is not None else len(rows) >= PROGRESS_FROM and sys.stderr.isatty()
    return tqdm(rows, desc=desc, unit="row", disable=not show, dynamic_ncols=True, leave=False)


def write_verdicts(report: Report, path: str | Path) -> None:
    """Write one JSON object per verdict."""
    with open(path, "w", encoding="utf-8") as fh:
        for v in report.verdicts:
            fh.write(json.dumps(v) + "\n")
