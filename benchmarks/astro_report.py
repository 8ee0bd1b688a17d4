"""ASTRO trace generation per family and level: traces/s, steps, backtracks, trees without a correct end."""

# Usage:
#     python benchmarks/astro_report.py                  # every family with an environment, levels 1,3,5
#     python benchmarks/astro_report.py --levels 1,5,8 -n 40 --policy random --json astro.json
#
# share_no_correct_search: trees whose MCTS reached no correct terminal on its own;
# share_no_correct: trees still without one after finishing by rollouts (those problems are
# discarded, as in ASTRO). Timings are wall-clock, single process.

from __future__ import annotations

import argparse
import json
import platform
import sys
import time

from logicforge.generators.astro import supported
from logicforge.generators.astro.build import config_from_dict, iter_rows
from logicforge.generators.astro.policies import make_policy
from logicforge.tasks import REGISTRY


def measure(family: str, level: int, n: int, policy_name: str, search: dict, seed: int) -> dict:
    """Generate `n` traces in memory and summarise them."""
    task = REGISTRY[family]
    cfg = config_from_dict({"search": search})
    policy = make_policy(policy_name, noise=cfg.noise)
    stats: dict = {}
    start = time.perf_counter()
    try:
        rows = list(iter_rows(task, task.params(level), level, n, policy, cfg, seed, stats=stats))
    except ValueError as exc:  # too few problems solved: still report what happened
        rows, stats["error"] = [], str(exc)
    seconds = time.perf_counter() - start
    problems = max(stats.get("problems", 0), 1)
    count = max(len(rows), 1)
    return {
        "family": family, "level": level, "policy": policy_name, "traces": len(rows),
        "traces_per_s": round(len(rows) / seconds, 2) if seconds else None,
        "mean_steps": round(sum(r["n_steps"] for r in rows) / count, 2),
        "mean_backtracks": round(sum(r["n_backtracks"] for r in rows) / count, 2),
        "search_share": round(sum(r["trace_kind"] == "search" for r in rows) / count, 2),
        "problems": stats.get("problems", 0),
        "share_no_correct_search": round(1 - stats.get("solved_by_search", 0) / problems, 3),
        "share_no_correct": round(stats.get("no_correct", 0) / problems, 3),
        "seconds": round(seconds, 2), **({"error": stats["error"]} if "error" in stats else {}),
    }


def table(results: list[dict]) -> str:
    """The results as a markdown table."""
    cols = ["family", "level", "policy", "traces", "traces_per_s", "mean_steps", "mean_backtracks", "search_share",
            "share_no_correct_search", "share_no_correct"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", default=",".join(f for f in supported() if f in REGISTRY))
    parser.add_argument("--levels", default="1,3,5")
    parser.add_argument("-n", type=int, default=40, help="traces per family and level")
    parser.add_argument("--policy", default="scripted", choices=["scripted", "random"])
    parser.add_argument("--iterations", type=int, default=32)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--rollouts", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args(argv)
    search = {"iterations": args.iterations, "k": args.k, "rollouts": args.rollouts}
    results = []
    for family in args.families.split(","):
        for level in (int(x) for x in args.levels.split(",")):
            results.append(measure(family, level, args.n, args.policy, search, args.seed))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(f"# ASTRO traces ({platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"k={args.k}, M={args.rollouts}, iterations={args.iterations})\n")
    print(table(results))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
