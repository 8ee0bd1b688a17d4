"""Grid puzzles per item, side by side with RLVE-Gym at the same sizes: logicforge with the uniqueness
proof (unique=True) and without it (unique=False).

Run by hand (not a test: these machines are noisy). RLVE-Gym 0.0.1 pins nothing but imports torch to
seed it; keep it out of the project's environment and point this script at it:

    python -m venv /tmp/rlve-venv && /tmp/rlve-venv/bin/pip install rlve-gym torch
    python benchmarks/grid_vs_rlve.py --rlve-path /tmp/rlve-venv/lib/python3.11/site-packages
    python benchmarks/grid_vs_rlve.py --seconds 2 --rounds 3      # without RLVE-Gym: ours only

Every column is items per second on one core, one item at a time, in this process. Ours is
`Task.generate` (question text, reference answer and payload). RLVE-Gym's `rlve api` is its public
`generator()` plus `prompt_generator()` (the generator runs in a fresh thread for its timeout);
`rlve core` calls `_generate()` and `prompt_generator()` directly (seeding included), the stricter
comparison. Measurements alternate between the contenders in short rounds so that load from other
processes falls on all of them alike; the rates are totals over the rounds.

Sizes: sudoku 9x9 with half the cells blank (RLVE-Gym: MAX_N_M=3, sparsity=0.5, timing only the items
that come out 9x9), futoshiki 6x6 and 9x9 (RLVE-Gym: sparsity=0.5; ours without the proof pre-fills
half the cells to match), skyscraper 6x6 with every clue and no pre-filled cell.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time

from logicforge.tasks import get_task

# name -> (task, our knobs at that size, our extra knobs without the proof, RLVE-Gym env, its parameter)
CASES = {
    "sudoku 9x9": ("sudoku", {"size": 9, "blanks": 40}, {}, ("sudoku", "Sudoku_Environment"),
                   {"MAX_N_M": 3, "sparsity": 0.5}),
    "futoshiki 6x6": ("futoshiki", {"n": 6}, {"extra_givens": 18}, ("futoshiki_puzzle", "FutoshikiPuzzle_Environment"),
                      {"N": 6, "sparsity": 0.5}),
    "futoshiki 9x9": ("futoshiki", {"n": 9}, {"extra_givens": 40}, ("futoshiki_puzzle", "FutoshikiPuzzle_Environment"),
                      {"N": 9, "sparsity": 0.5}),
    "skyscraper 6x6": ("skyscraper", {"n": 6}, {}, ("skyscraper_puzzle", "SkyscraperPuzzle_Environment"), {"N": 6}),
}


class Clock:
    """Items and seconds for one contender, accumulated over rounds."""

    def __init__(self) -> None:
        self.items, self.seconds = 0, 0.0

    def rate(self) -> float | None:
        return self.items / self.seconds if self.seconds else None


def ours(task: str, knobs: dict, seconds: float, clock: Clock) -> None:
    """Generate items for about `seconds`; add them to `clock`."""
    t = get_task(task)
    params = t.params_cls(**knobs)
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        begin = time.perf_counter()
        t.generate(params, 1, clock.items)
        clock.seconds += time.perf_counter() - begin
        clock.items += 1


def rlve(env, parameter: dict, seconds: float, clock: Clock, core: bool) -> None:
    """RLVE-Gym items for about `seconds` (for sudoku only the 9x9 ones count); add them to `clock`."""
    from Gym.environment import manual_seed

    start, seed = time.perf_counter(), 1_000_000 * core + clock.items * 7
    while time.perf_counter() - start < seconds:
        seed += 1
        begin = time.perf_counter()
        if core:
            env.seed, env.parameter = seed, copy.deepcopy(parameter)
            manual_seed(seed)
            env._generate()
        elif not env.generator(seed, parameter):
            continue
        env.prompt_generator()
        spent = time.perf_counter() - begin
        if env.parameter.get("NM", 9) == 9:
            clock.seconds += spent
            clock.items += 1


def load_rlve(path: str | None) -> dict | None:
    """RLVE-Gym's environments by case, or None when it cannot be imported."""
    if path:
        sys.path.append(path)  # appended: this environment's packages keep precedence
    try:
        import importlib

        envs = {}
        for name, (*_, (module, cls), _param) in CASES.items():
            envs[name] = getattr(importlib.import_module(f"Gym.environments.{module}"), cls)()
        return envs
    except ImportError as exc:
        print(f"RLVE-Gym not importable ({exc}); ours only", file=sys.stderr)
        return None


def ratio(rates: dict, a: str, b: str) -> str:
    return f"{rates[a] / rates[b]:.2f}" if rates[a] and rates[b] else "-"


def fmt(x: float | None, width: int = 10) -> str:
    return f"{x:>{width}.1f}" if x is not None else f"{'-':>{width}}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="*", default=list(CASES), help="which sizes (default: all)")
    ap.add_argument("--seconds", type=float, default=1.0, help="seconds per contender per round")
    ap.add_argument("--rounds", type=int, default=5, help="rounds, alternating the contenders")
    ap.add_argument("--rlve-path", default=None, help="site-packages holding RLVE-Gym (the Gym package)")
    args = ap.parse_args()
    envs = load_rlve(args.rlve_path)
    head = (f"{'size':<15} {'unique/s':>10} {'no proof/s':>10} {'rlve api/s':>10} {'rlve core/s':>11} "
            f"{'nopf/api':>8} {'nopf/core':>9} {'uniq/core':>9}")
    print(head)
    print("-" * len(head))
    for name in args.cases:
        task, knobs, loose, _, parameter = CASES[name]
        clocks = {k: Clock() for k in ("unique", "loose", "api", "core")}
        for _ in range(args.rounds):
            ours(task, {**knobs, **loose, "unique": False}, args.seconds, clocks["loose"])
            ours(task, knobs, args.seconds, clocks["unique"])
            if envs is not None:
                rlve(envs[name], parameter, args.seconds, clocks["api"], core=False)
                rlve(envs[name], parameter, args.seconds, clocks["core"], core=True)
        r = {k: c.rate() for k, c in clocks.items()}
        ratios = f"{ratio(r, 'loose', 'api'):>8} {ratio(r, 'loose', 'core'):>9} {ratio(r, 'unique', 'core'):>9}"
        rates = f"{fmt(r['unique'])} {fmt(r['loose'])} {fmt(r['api'])} {fmt(r['core'], 11)}"
        print(f"{name:<15} {rates} {ratios}", flush=True)


if __name__ == "__main__":
    main()
