"""pass@k evaluation: sample k answers per question, score them with the verifiers, report by task and level.

`evaluate(model, data_dir, k=8)` samples with a model; `evaluate_responses(data_dir, file)` scores
pre-computed generations. Both return the same report dict and, given `out`, write `report.json`,
`samples.jsonl` and `accuracy_by_level.png` there.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from logicforge.tasks import get_task
from logicforge.verifiers.extract import extract_answer


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from n samples with c correct: 1 - C(n-c, k) / C(n, k) (Chen et al., 2021).

    Computed as a running product, which stays exact where the binomials overflow a float.

    >>> pass_at_k(4, 1, 1), pass_at_k(4, 1, 2), pass_at_k(4, 0, 2), pass_at_k(4, 3, 2)
    (0.25, 0.5, 0.0, 1.0)
    """
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
    if n - c < k:
        return 1.0
    miss = 1.0
    for i in range(n - c + 1, n + 1):
        miss *= 1.0 - k / i
    return 1.0 - miss


def load_rows(data_dir: str | Path, split: str | None = None, limit: int | None = None,
              seed: int = 0) -> tuple[list[dict], str]:
    """Rows (id, task, level, payload, prompt) of one split: `split`, else `test`, else the only split.

    `limit`: at most that many questions per task, a seeded sample kept in dataset order (the first rows
    of a mixture would over-represent whichever task comes first).
    """
    from logicforge.train.data import load_split

    manifest_path = Path(data_dir) / "manifest.json"
    if not manifest_path.exists():
        raise ValueError(f"--data {str(data_dir)!r} is not a logicforge dataset (no manifest.json)")
    splits = list(json.loads(manifest_path.read_text())["splits"])
    if split is None:
        if "test" not in splits and len(splits) > 1:
            raise ValueError(f"--data has splits {', '.join(splits)}; choose one with --split")
        split = "test" if "test" in splits else splits[0]
    ds = load_split(data_dir, split).select_columns(["id", "task", "level", "payload", "prompt"])
    if limit is not None:
        ds = ds.select(per_task_sample(ds["task"], limit, seed))
    return list(ds), split


def per_task_sample(tasks: list[str], limit: int, seed: int = 0) -> list[int]:
    """Row indices: at most `limit` rows of each task, drawn with a seeded generator, in their original order.

    >>> per_task_sample(["a", "a", "a", "b"], 2, seed=0)
    [1, 2, 3]
    """
    import numpy as np

    by_task: dict[str, list[int]] = defaultdict(list)
    for i, task in enumerate(tasks):
        by_task[task].append(i)
    rng = np.random.default_rng(seed)
    keep: list[int] = []
    for task in sorted(by_task):
        rows = by_task[task]
        keep += rows if len(rows) <= limit else [rows[j] for j in rng.choice(len(rows), size=limit, replace=False)]
    return sorted(keep)


def score(rows: list[dict], samples: dict[str, list[str]], progress: bool | None = False) -> list[dict]:
    """Verify every sample of every row; one record per question with n, c, distinct correct answers, reasons.

    `progress`: a bar of rows scored (None: on a terminal when there are many).
    """
    from logicforge.tasks.scoring import progress_rows

    known = {row["id"] for row in rows}
    unknown = set(samples) - known
    if unknown:
        raise ValueError(f"{len(unknown)} response id(s) are not in the dataset, e.g. {sorted(unknown)[0]!r}")
    records = []
    for row in progress_rows(rows, "score", progress):
        texts = samples.get(row["id"]) or []
        if not texts:
            continue
        task = get_task(row["task"])
        verdicts = [task.verify(row["payload"], text) for text in texts]
        # Distinct correct answers, compared after whitespace folding, measure how varied the solutions are.
        answers = {" ".join((extract_answer(t)[0] or "").split()) for t, v in zip(texts, verdicts) if v.correct}
        records.append({"id": row["id"], "task": row["task"], "level": row["level"], "n": len(texts),
                        "c": sum(v.correct for v in verdicts), "distinct_correct": len(answers),
                        "reasons": [v.reason for v in verdicts], "responses": texts})
    return records


def curve_ks(n: int) -> list[int]:
    """The k of a pass@k curve from n samples: 1, 2, 4, ... up to n, and n itself.

    >>> curve_ks(8), curve_ks(6), curve_ks(1)
    ([1, 2, 4, 8], [1, 2, 4, 6], [1])
    """
    ks, k = [], 1
    while k < n:
        ks.append(k)
        k *= 2
    return ks + [n]


def summarize(records: list[dict], k: int) -> dict:
    """pass@1, pass@k (questions with at least k samples), the pass@k curve (k = 1, 2, 4, ..., the fewest
    samples any question has), solved share and diversity for a group of questions."""
    eligible = [r for r in records if r["n"] >= k]
    mean = _mean
    fewest = min((r["n"] for r in records), default=0)
    return {
        "questions": len(records),
        "samples": sum(r["n"] for r in records),
        "pass@1": mean([r["c"] / r["n"] for r in records]),
        f"pass@{k}": mean([pass_at_k(r["n"], r["c"], k) for r in eligible]),
        f"questions_with_{k}_samples": len(eligible),
        "pass_at_k": {str(j): mean([pass_at_k(r["n"], r["c"], j) for r in records]) for j in curve_ks(fewest)}
        if fewest else {},
        "solved": mean([float(r["c"] > 0) for r in records]),
        "distinct_correct": mean([r["distinct_correct"] for r in records]),
    }


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def report(records: list[dict], k: int, missing: int = 0, **settings) -> dict:
    """The full report: overall, by task, by task and level, failure reasons and the settings used."""
    by_task, by_level = defaultdict(list), defaultdict(list)
    for r in records:
        by_task[r["task"]].append(r)
        by_level[(r["task"], r["level"])].append(r)
    levels: dict[str, dict] = defaultdict(dict)
    for (task, level), group in sorted(by_level.items()):
        levels[task][str(level)] = summarize(group, k)
    reasons = Counter(reason for r in records for reason in r["reasons"] if reason != "ok")
    return {"k": k, "overall": summarize(records, k),
            "by_task": {t: summarize(g, k) for t, g in sorted(by_task.items())},
            "by_task_level": dict(levels), "failure_reasons": dict(reasons.most_common()),
            "questions_without_samples": missing, "settings": settings}


def evaluate(model_path: str | Path, data_dir: str | Path, k: int = 8, split: str | None = None,
             max_new_tokens: int = 512, temperature: float = 1.0, top_p: float = 1.0, limit: int | None = None,
             batch_size: int = 8, seed: int = 0, backend: str = "auto", out: str | Path | None = None,
             samples: int | None = None, baseline: str | Path | None = None) -> dict:
    """Sample `samples` (default `k`) answers per question of `data_dir` with the model and report pass@1,
    pass@k and the pass@k curve per task and level. `limit`: at most that many questions per task.

    Example:
        >>> rep = evaluate("runs/grpo/", "data/starter", k=8, samples=16, split="test")  # doctest: +SKIP
        >>> rep["by_task"]["word_sorting"]["pass@8"], rep["overall"]["pass_at_k"]["16"]  # doctest: +SKIP
    """
    from logicforge.train.runs import resolve_model
    from logicforge.train.sampling import pick_backend, sample

    n = k if samples is None else samples
    if n < k:
        raise ValueError(f"pass@{k} needs at least {k} samples per question, got --samples {n}")
    model_path = resolve_model(str(model_path))  # a mistyped path fails here, before data and hub lookups
    rows, split = load_rows(data_dir, split, limit, seed)
    chosen = pick_backend(backend)
    with _bar(len(rows), "sample", "question") as bar:
        texts = sample(str(model_path), [r["prompt"] for r in rows], n, max_new_tokens, temperature, top_p,
                       batch_size, seed, chosen, progress=bar.update)
    records = score(rows, {r["id"]: t for r, t in zip(rows, texts)})
    result = report(records, k, model=str(model_path), data=str(data_dir), split=split, backend=chosen,
                    max_new_tokens=max_new_tokens, temperature=temperature, top_p=top_p, seed=seed, samples=n,
                    limit_per_task=limit)
    if baseline is not None:
        result["comparison"] = compare(result, records, baseline)
    if out is not None:
        write(result, records, out)
    return result


def _bar(total: int, desc: str, unit: str):
    """Progress over questions: a tqdm bar on a terminal, else a line on stderr every 30 s (in logs)."""
    import sys

    from tqdm.auto import tqdm

    if sys.stderr.isatty():
        return tqdm(total=total, desc=desc, unit=unit, dynamic_ncols=True, leave=False)
    return _LogLines(total, desc, unit)


class _LogLines:
    """A progress 'bar' for logs and pipes: `desc: done/total unit(s), elapsed` at most every `every` s."""

    def __init__(self, total: int, desc: str, unit: str, every: float = 30.0):
        import time

        self.total, self.desc, self.unit, self.every, self.done = total, desc, unit, every, 0
        self.start = self.last = time.monotonic()

    def update(self, n: int = 1) -> None:
        import sys
        import time

        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every or self.done >= self.total:
            self.last = now
            print(f"{self.desc}: {self.done}/{self.total} {self.unit}s, {now - self.start:.0f} s",
                  file=sys.stderr, flush=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


def evaluate_responses(data_dir: str | Path, responses: str | Path, k: int | None = None, split: str | None = None,
                       out: str | Path | None = None, baseline: str | Path | None = None) -> dict:
    """Score a JSONL of pre-computed generations (`id` + `response`, one or many per id) without a model.

    `k` defaults to the fewest samples any answered question has.
    """
    from logicforge.tasks.scoring import read_responses

    samples = read_responses(responses)  # an empty file is an error there, never accuracy 0
    rows, split = load_rows(data_dir, split)
    records = score(rows, samples, progress=None)
    if not records:
        raise ValueError(f"no response in {str(responses)!r} matches a row of split {split!r}")
    k = k if k is not None else min(r["n"] for r in records)
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    result = report(records, k, missing=len(rows) - len(records), data=str(data_dir), split=split,
                    responses=str(responses))
    if baseline is not None:
        result["comparison"] = compare(result, records, baseline)
    if out is not None:
        write(result, records, out)
    return result


def compare(result: dict, records: list[dict], baseline: str | Path) -> dict:
    """`result` against an earlier report (its `report.json` or dir, with `samples.jsonl` beside it), paired
    by question: the mean change of pass@1 and pass@k per task and overall, each with its paired standard
    error (the standard deviation of the per-question changes over the root of the pairs).

    Only questions present in both reports count; `pairs` says how many. A change larger than twice its
    standard error is the bar for "it learned" that benchmarks/README.md uses.
    """
    base_dir = Path(baseline)
    base_dir = base_dir.parent if base_dir.suffix == ".json" else base_dir
    path = base_dir / "samples.jsonl"
    if not path.exists():
        raise ValueError(f"--baseline {str(baseline)!r}: no samples.jsonl there (give an eval report dir)")
    before = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            before[r["id"]] = r
    k = result["k"]
    groups: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for r in records:
        if r["id"] in before and before[r["id"]]["n"] >= 1:
            groups[r["task"]].append((before[r["id"]], r))
            groups["all"].append((before[r["id"]], r))
    out = {"baseline": str(base_dir), "k": k, "by_task": {}}
    for name, pairs in sorted(groups.items()):
        cell = {"pairs": len(pairs)}
        for label, fn in (("pass@1", lambda r: r["c"] / r["n"]),
                          (f"pass@{k}", lambda r: pass_at_k(r["n"], r["c"], min(k, r["n"])))):
            a = [fn(b) for b, _ in pairs]
            b = [fn(n) for _, n in pairs]
            diffs = [y - x for x, y in zip(a, b)]
            cell[label] = {"before": _mean(a), "after": _mean(b), "change": _mean(diffs), "se": _paired_se(diffs)}
        if name == "all":
            out["overall"] = cell
        else:
            out["by_task"][name] = cell
    if "overall" not in out:
        raise ValueError(f"--baseline {str(baseline)!r} shares no question with this evaluation")
    return out


def _paired_se(diffs: list[float]) -> float | None:
    """The standard error of the mean of paired differences (None below two pairs)."""
    m = len(diffs)
    if m < 2:
        return None
    mean = sum(diffs) / m
    return (sum((d - mean) ** 2 for d in diffs) / (m - 1) / m) ** 0.5


def write(result: dict, records: list[dict], out: str | Path) -> dict[str, Path]:
    """Write `report.json`, `samples.jsonl` and (with matplotlib) `accuracy_by_level.png` into `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"report": out / "report.json", "samples": out / "samples.jsonl", "plot": out / "accuracy_by_level.png",
             "curve": out / "pass_at_k.png"}
    with paths["samples"].open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    if not plot(result, paths["plot"]):
        paths.pop("plot")
    if not plot_curve(result, paths["curve"]):
        paths.pop("curve")
    result["files"] = {name: str(path) for name, path in paths.items()}
    paths["report"].write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    return paths


def plot(result: dict, path: Path) -> bool:
    """Line plot of pass@1 and pass@k against level, one colour per task; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display on training hosts
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        return False
    k = result["k"]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for i, (task, levels) in enumerate(sorted(result["by_task_level"].items())):
        xs = sorted(levels, key=int)
        colour = f"C{i % 10}"
        ax.plot([int(x) for x in xs], [levels[x]["pass@1"] for x in xs], "o-", color=colour, label=f"{task} pass@1")
        at_k = [(int(x), levels[x][f"pass@{k}"]) for x in xs if levels[x][f"pass@{k}"] is not None]
        if k > 1 and at_k:
            ax.plot(*zip(*at_k), "s--", color=colour, alpha=0.6, label=f"{task} pass@{k}")
    ax.set(xlabel="level", ylabel="accuracy", ylim=(-0.02, 1.02), title="accuracy by level")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def plot_curve(result: dict, path: Path) -> bool:
    """pass@k against k (log scale), one line per task and one for all; False without matplotlib or with
    one sample per question (no curve to draw)."""
    curves = {t: cell.get("pass_at_k") or {} for t, cell in result["by_task"].items()}
    curves["all"] = result["overall"].get("pass_at_k") or {}
    if max((len(c) for c in curves.values()), default=0) < 2:
        return False
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(6, 4.2))
    for i, (name, curve) in enumerate(sorted(curves.items(), key=lambda kv: (kv[0] == "all", kv[0]))):
        ks = sorted(curve, key=int)
        style = {"color": "black", "linewidth": 2.2} if name == "all" else {"color": f"C{i % 10}"}
        ax.plot([int(x) for x in ks], [curve[x] for x in ks], "o-", label=name, **style)
    ax.set_xscale("log", base=2)
    ax.set(xlabel="k (samples)", ylabel="pass@k", ylim=(-0.02, 1.02), title="pass@k by task")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
