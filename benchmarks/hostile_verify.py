"""Worst verify time per task on multi-megabyte hostile responses, against the 50 ms target.

Run by hand (not a test: these machines are noisy):

    python benchmarks/hostile_verify.py              # every task, level 10
    python benchmarks/hostile_verify.py --tasks minesweeper sudoku --level 5

Each task verifies, after one warm call on the reference (the first call on a minesweeper or web_of_lies
position derives and caches its proof; that cost is reported apart as `first ms`), the responses an
outside probe sends: the reference answer block repeated to 3.3 MB, one 3.3 MB block, a megabyte of
non-ASCII reasoning before the answer, 20,000 blocks differing in whitespace, a 3.3 MB hedge, deep
brackets. Each is timed as the best of `--repeat` calls; `worst ms` is the slowest response.
"""

from __future__ import annotations

import argparse
import time

from logicforge.tasks import REGISTRY, get_task

TARGET_MS = 50.0


def responses(answer: str) -> dict[str, str]:
    """The hostile responses for one reference answer, by name."""
    block = f"<answer>{answer}</answer>\n"
    return {
        "repeated block 3.3MB": block * (3_300_000 // len(block)),
        "one block 3.3MB": "<answer>" + "1 " * 1_650_000 + "</answer>",
        "non-ASCII think 1MB": "<think>" + "\u00e9\u4e00" * 500_000 + "</think>" + block,
        "whitespace variants": "".join(f"<answer>{answer}{' ' * (i % 3)}</answer>" for i in range(20_000)),
        "hedge 3.3MB": block * (1_650_000 // len(block)) + "<answer>0</answer>" + block * (1_650_000 // len(block)),
        "deep brackets": "<answer>" + "(" * 500_000 + ")" * 500_000 + "</answer>",
        "digits 1MB": "<answer>" + "9" * 1_000_000 + "</answer>",
    }


def best_ms(task, payload: dict, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task.verify(payload, text)
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="*", default=sorted(REGISTRY))
    parser.add_argument("--level", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'task':16s} {'first ms':>9s} {'worst ms':>9s}  {'worst response':22s} {'x target':>8s}")
    for name in args.tasks:
        task = get_task(name)
        inst = task.generate(task.params(args.level), 0, 0)
        start = time.perf_counter()
        task.verify(inst.payload, f"<answer>{inst.answer}</answer>")
        first = (time.perf_counter() - start) * 1000
        timed = {k: best_ms(task, inst.payload, text, args.repeat) for k, text in responses(inst.answer).items()}
        worst = max(timed, key=timed.get)
        print(f"{name:16s} {first:9.1f} {timed[worst]:9.1f}  {worst:22s} {timed[worst] / TARGET_MS:8.2f}")


if __name__ == "__main__":
    main()
