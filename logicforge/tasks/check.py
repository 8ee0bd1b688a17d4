"""`logicforge check`: DESIGN's data-quality invariants on fresh instances, with hardness per level."""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass, field

from logicforge.tasks.base import Task

# Corruptions every verifier must reject; each returns None where it does not apply.
_CONSTANT_ANSWERS = ("0", "yes", "none")


def _changed(answer: str) -> str | None:
    """The reference with one digit or letter changed (the last one)."""
    for i in range(len(answer) - 1, -1, -1):
        c = answer[i]
        if c.isdigit():
            return answer[:i] + str((int(c) + 1) % 10) + answer[i + 1 :]
        if c.isascii() and c.isalpha():
            return answer[:i] + ("a" if c.lower() == "z" else chr(ord(c.lower()) + 1)) + answer[i + 1 :]
    return None


@dataclass
class LevelReport:
    level: int
    n: int = 0
    hardness: list[float] = field(default_factory=list)
    gen_seconds: list[float] = field(default_factory=list)
    verify_seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def median_hardness(self) -> float:
        return statistics.median(self.hardness) if self.hardness else float("nan")


def _wrap(text: str) -> str:
    return f"<answer>{text}</answer>"


def _check_one(task: Task, level: int, seed: int, index: int, report: LevelReport, previous) -> object:
    params = task.params(level)
    start = time.perf_counter()
    inst = task.generate(params, seed, index)
    report.gen_seconds.append(time.perf_counter() - start)
    report.hardness.append(inst.hardness)
    report.n += 1
    tag = f"L{level} seed={seed} index={index}"
    if task.generate(params, seed, index) != inst:
        report.failures.append(f"{tag}: not deterministic")
    start = time.perf_counter()
    verdict = task.verify(inst.payload, _wrap(inst.answer))
    report.verify_seconds.append(time.perf_counter() - start)
    if not verdict.correct:
        report.failures.append(f"{tag}: reference rejected ({verdict.reason})")
    wrong = [*_CONSTANT_ANSWERS, "", inst.question, _changed(inst.answer), f"{inst.answer}\n{inst.answer}"]
    if previous is not None and previous.answer != inst.answer:
        wrong.append(previous.answer)
    reference = " ".join(inst.answer.split()).lower()
    for text in wrong:
        if text is None or " ".join(text.split()).lower() == reference:
            continue  # a constant that is this item's answer ("none" where no step is wrong) is no corruption
        if task.verify(inst.payload, _wrap(text)).correct:
            report.failures.append(f"{tag}: accepted a corrupted answer {text[:40]!r}")
    if task.generate(params, seed + 1, index).question == inst.question:
        report.failures.append(f"{tag}: neighbouring seed gives the same item")
    return inst


def run_check(task: Task, n: int, levels: list[int] | None = None, seed: int = 0,
              progress: bool | None = False) -> list[LevelReport]:
    """Check `n` fresh instances per level; returns one report per level.

    `progress`: a bar of instances checked (None: on a terminal).
    """
    from tqdm.auto import tqdm

    levels = levels or sorted(task.levels)
    enabled = sys.stderr.isatty() if progress is None else progress
    reports = []
    with tqdm(total=n * len(levels), unit="instance", disable=not enabled, dynamic_ncols=True, leave=False) as bar:
        for level in levels:
            report = LevelReport(level)
            previous = None
            bar.set_description(f"{task.name} L{level}")
            for i in range(n):
                previous = _check_one(task, level, seed, i, report, previous)
                bar.update(1)
            reports.append(report)
    return reports


def monotone(reports: list[LevelReport]) -> bool:
    """Median hardness never falls from one level to the next."""
    medians = [r.median_hardness for r in reports]
    return all(a <= b for a, b in zip(medians, medians[1:]))


def format_reports(task: Task, reports: list[LevelReport]) -> str:
    lines = [f"{task.name}: {task.description}",
             f"{'level':>5} {'n':>5} {'hardness(median)':>17} {'gen ms p50':>11} {'gen ms max':>11} "
             f"{'verify us':>10} {'failures':>9}"]
    for r in reports:
        lines.append(f"{r.level:>5} {r.n:>5} {r.median_hardness:>17.1f} "
                     f"{statistics.median(r.gen_seconds) * 1e3:>11.2f} {max(r.gen_seconds) * 1e3:>11.2f} "
                     f"{statistics.median(r.verify_seconds) * 1e6:>10.1f} {len(r.failures):>9}")
    if len(reports) > 1:
        drops = [f"L{a.level}>L{b.level}" for a, b in zip(reports, reports[1:])
                 if a.median_hardness > b.median_hardness]
        lines.append(f"hardness monotone in level: {'yes' if not drops else 'NO (' + ', '.join(drops) + ')'}")
    for r in reports:
        lines.extend(f"FAIL {msg}" for msg in r.failures[:10])
    return "\n".join(lines)
