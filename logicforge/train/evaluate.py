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


def load_rows(data_dir: str | Path, split: str | None = None, limit: int | None = None) -> tuple[list[dict], str]:
    """Rows (id, task, level, payload, prompt) of one split: `split`, else `test`, else the only split."""
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
        ds = ds.select(range(min(limit, len(ds))))
    return list(ds), split


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


def summarize(records: list[dict], k: int) -> dict:
    """pass@1, pass@k (questions with at least k samples), solved share and diversity for a group of questions."""
    eligible = [r for r in records if r["n"] >= k]
    mean = _mean
    return {
        "questions": len(records),
        "samples": sum(r["n"] for r in records),
        "pass@1": mean([r["c"] / r["n"] for r in records]),
        f"pass@{k}": mean([pass_at_k(r["n"], r["c"], k) for r in eligible]),
        f"questions_with_{k}_samples": len(eligible),
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
             batch_size: int = 8, seed: int = 0, backend: str = "auto", out: str | Path | None = None) -> dict:
    """Sample `k` answers per question of `data_dir` with the model and report pass@1/pass@k per task and level.

    Example:
        >>> rep = evaluate("runs/grpo/", "data/starter", k=8, split="test")  # doctest: +SKIP
        >>> rep["by_task"]["word_sorting"]["pass@1"], rep["by_task"]["word_sorting"]["pass@8"]  # doctest: +SKIP
    """
    from logicforge.train.sampling import pick_backend, sample

    rows, split = load_rows(data_dir, split, limit)
    chosen = pick_backend(backend)
    with _bar(len(rows), "sample", "question") as bar:
        texts = sample(str(model_path), [r["prompt"] for r in rows], k, max_new_tokens, temperature, top_p,
                       batch_size, seed, chosen, progress=bar.update)
    records = score(rows, {r["id"]: t for r, t in zip(rows, texts)})
    result = report(records, k, model=str(model_path), data=str(data_dir), split=split, backend=chosen,
                    max_new_tokens=max_new_tokens, temperature=temperature, top_p=top_p, seed=seed)
    if out is not None:
        write(result, records, out)
    return result


def _bar(total: int, desc: str, unit: str):
    """A tqdm bar on a terminal (sampling is the long part of an evaluation)."""
    import sys

    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not sys.stderr.isatty(), dynamic_ncols=True, leave=False)


def evaluate_responses(data_dir: str | Path, responses: str | Path, k: int | None = None, split: str | None = None,
                       out: str | Path | None = None) -> dict:
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
    if out is not None:
        write(result, records, out)
    return result


def write(result: dict, records: list[dict], out: str | Path) -> dict[str, Path]:
    """Write `report.json`, `samples.jsonl` and (with matplotlib) `accuracy_by_level.png` into `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"report": out / "report.json", "samples": out / "samples.jsonl", "plot": out / "accuracy_by_level.png"}
    with paths["samples"].open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    if not plot(result, paths["plot"]):
        paths.pop("plot")
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
