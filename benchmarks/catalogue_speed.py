"""Per-task generation and verification speed at level 10: the catalogue issues' targets, on one core.

Run by hand (not a test: these machines are noisy):

    python benchmarks/catalogue_speed.py                      # every task
    python benchmarks/catalogue_speed.py --tasks zebra_puzzle arc_grid -n 50

Columns: the mean and slowest time of one level-10 item (generation, question in English, reference
answer), the projected time of `logicforge generate --task T --level 10 -n 100` without start-up and
writing (100 x the mean), and `Task.verify` calls per second on the reference answers (extraction, parse
and rule check; each payload verified once first, as a reward function sees it again in a GRPO group).
Targets: slowest item under 1 s, -n 100 well under a minute, verification at least 10,000 per second.
"""

from __future__ import annotations

import argparse
import time

from logicforge.tasks import REGISTRY, get_task


def measure(name: str, n: int, level: int = 10) -> dict:
    task = get_task(name)
    params = task.params(level)
    times, items = [], []
    for i in range(n):
        start = time.perf_counter()
        items.append(task.generate(params, 0, i))
        times.append(time.perf_counter() - start)
    answers = [(inst.payload, f"<answer>{inst.answer}</answer>") for inst in items]
    for payload, text in answers:  # first calls (caches, lazy imports) are not what a trainer pays per call
        task.verify(payload, text)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for payload, text in answers * 5:
            verdict = task.verify(payload, text)
            assert verdict.correct, (name, verdict)
        best = min(best, (time.perf_counter() - start) / (5 * len(answers)))
    return {"task": name, "mean_s": sum(times) / n, "max_s": max(times), "n100_s": 100 * sum(times) / n,
            "verify_per_s": 1.0 / best}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", nargs="*", default=sorted(REGISTRY))
    ap.add_argument("-n", type=int, default=30, help="level-10 items per task")
    args = ap.parse_args()
    print(f"{'task':<32} {'mean item s':>11} {'max item s':>10} {'-n 100 s':>8} {'verify/s':>9}")
    for name in args.tasks:
        r = measure(name, args.n)
        print(f"{r['task']:<32} {r['mean_s']:>11.4f} {r['max_s']:>10.3f} {r['n100_s']:>8.1f} {r['verify_per_s']:>9.0f}")


if __name__ == "__main__":
    main()
