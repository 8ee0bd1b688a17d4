"""Generation and verification throughput per task, side by side with reasoning-gym.

Run by hand (not a test: these machines are noisy):

    pip install -e ".[bench]"      # reasoning-gym, for the side-by-side columns
    python benchmarks/generate_throughput.py              # every task
    python benchmarks/generate_throughput.py --tasks sudoku futoshiki -n 400

Columns: rows/s on one core (generation, prompt, payload: what a peer's item holds), rows/s with 1
and 2 workers through the full `write_dataset` pipeline (Parquet writing, hashes, process start-up)
on about `--seconds` of one-worker work, the 2-worker speed-up, the slowest single item at level 10,
reasoning-gym's items/s for the same task at its defaults in the same run and our rows/s ratio to it,
and verifier calls/s on the reference answers (one core). For cryptarithm, whose reasoning-gym items
are unique only 3% of the time, `rg unique/s` is reasoning-gym's generator followed by a solution
count (the cost of getting puzzles with ours' guarantee that way).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from logicforge.tasks import REGISTRY, get_task
from logicforge.tasks.build import make_row, make_spec, write_dataset

# logicforge task -> (knob overrides or level matching reasoning-gym's defaults, rg dataset, rg config)
# Comparable difficulty: the same puzzle size / blanks / numbers as reasoning-gym's default config.
PEERS: dict[str, list[tuple[dict, str, dict]]] = {
    "sudoku": [({"level": 7}, "sudoku", {}), ({"level": 3}, "mini_sudoku", {})],  # 9x9 44 blanks / 4x4 10
    "futoshiki": [({"level": 5}, "futoshiki", {})],  # 6x6; rg's default mixes 4x4..9x9
    "mathador": [
        ({"level": 3}, "puzzle24", {}),  # 4 numbers 1-10, target 24, all used (ours also demands min_work)
        ({"level": 5, "params": {"n_numbers": 6, "use_all": True, "min_work": 0}}, "countdown", {}),
    ],
    "web_of_lies": [({"level": 1}, "knights_knaves", {})],  # 3 people vs rg's 2
    "cryptarithm": [  # ours proves uniqueness, rg does not (see rg unique/s)
        ({"level": 4}, "cryptarithm", {}),  # 3 words of 3 letters
        ({"params": {"terms": 3, "min_digits": 3, "max_digits": 5, "max_hints": 2}, "level": 4}, "cryptarithm", {}),
    ],
    "word_sorting": [({"level": 3}, "word_sorting", {})],  # 7 words; rg: 3-10 words
    "shortest_path": [({"level": 3}, "shortest_path", {})],  # rg: unweighted grid maze; ours: weighted graph
}


def ours_rate(task: str, n: int, workers: int, level: int, params: dict | None, repeats: int = 2) -> float:
    """Rows/s through `write_dataset` (best of `repeats`, as the machine is shared)."""
    spec = make_spec([task], n=n, level=level, params=params, seed=1)
    best = float("inf")
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            write_dataset(spec, Path(tmp) / "d", workers=workers, progress=False)
            best = min(best, time.perf_counter() - start)
    return n / best


def row_rate(task: str, n: int, level: int, params: dict | None) -> float:
    """Rows/s on one core without writing: generation + prompt + payload, like a peer's item."""
    spec = make_spec([task], n=n, level=level, params=params, seed=1)
    start = time.perf_counter()
    for i in range(n):
        make_row(spec, "train", 0, i)
    return n / (time.perf_counter() - start)


def slowest_item(task: str, level: int, params: dict | None, n: int) -> float:
    t = get_task(task)
    p = t.params(level, params)
    worst = 0.0
    for i in range(n):
        start = time.perf_counter()
        t.generate(p, 99, i)
        worst = max(worst, time.perf_counter() - start)
    return worst


def rg_rate(name: str, config: dict, n: int) -> float | None:
    try:
        import reasoning_gym
    except ImportError:
        return None
    ds = reasoning_gym.create_dataset(name, size=n, seed=1, **config)
    start = time.perf_counter()
    for i in range(n):
        ds[i]
    return n / (time.perf_counter() - start)


def rg_unique_cryptarithm_rate(n: int) -> float | None:
    """Unique puzzles/s from reasoning-gym's cryptarithm filtered by our solution counter."""
    try:
        import reasoning_gym
    except ImportError:
        return None
    from logicforge.generators._cryptarithm_solver import count_solutions

    ds = reasoning_gym.create_dataset("cryptarithm", size=n, seed=1)
    kept, start = 0, time.perf_counter()
    for i in range(n):
        meta = ds[i]["metadata"]
        terms = meta["words_letters"]
        sols, _ = count_solutions(terms, [1] * len(terms), meta["result_letters"], False, {}, limit=2)
        kept += len(sols) == 1
    return kept / (time.perf_counter() - start)


def verify_rate(task: str, level: int, seconds: float = 1.0) -> float:
    t = get_task(task)
    p = t.params(level)
    items = [t.generate(p, 5, i) for i in range(20)]
    responses = [(inst.payload, f"<think>...</think><answer>{inst.answer}</answer>") for inst in items]
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for payload, text in responses:
            t.verify(payload, text)
        calls += len(responses)
    return calls / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", nargs="*", default=sorted(REGISTRY))
    ap.add_argument("-n", type=int, default=1000, help="instances for the one-core rows/s and reasoning-gym")
    ap.add_argument("--seconds", type=float, default=4.0, help="one-worker work per write measurement")
    ap.add_argument("--level", type=int, default=5, help="level for tasks without a peer")
    args = ap.parse_args()
    head = f"{'task':<14} {'setting':<10} {'rows/s':>8} {'write n':>7} {'1 worker/s':>10} {'2 workers/s':>11} " \
           f"{'x2':>5} {'max item s':>10} {'rg name':<15} {'rg /s':>8} {'ours/rg':>8} {'verify/s':>9}"
    print(head)
    print("-" * len(head))
    for task in args.tasks:
        for setting, rg_name, rg_config in PEERS.get(task) or [({"level": args.level}, "", {})]:
            level, params = setting.get("level", args.level), setting.get("params")
            rows = row_rate(task, args.n, level, params)
            n_write = int(min(100_000, max(1_000, rows * args.seconds)))
            one = ours_rate(task, n_write, 1, level, params)
            two = ours_rate(task, n_write, 2, level, params)
            worst = slowest_item(task, 10, None, 10)
            peer = rg_rate(rg_name, rg_config, args.n) if rg_name else None
            ratio = f"{rows / peer:8.2f}" if peer else f"{'-':>8}"
            peer_txt = f"{peer:8.1f}" if peer else f"{'-':>8}"
            label = "L" + str(level) + ("+knobs" if params else "")
            print(f"{task:<14} {label:<10} {rows:>8.1f} {n_write:>7} {one:>10.1f} {two:>11.1f} {two / one:>5.2f} "
                  f"{worst:>10.3f} {rg_name or '-':<15} {peer_txt} {ratio} {verify_rate(task, level):>9.0f}",
                  flush=True)
    if "cryptarithm" in args.tasks:
        unique = rg_unique_cryptarithm_rate(args.n)
        if unique is not None:
            print(f"\nreasoning-gym cryptarithm + uniqueness filter: {unique:.1f} unique puzzles/s")


if __name__ == "__main__":
    main()
