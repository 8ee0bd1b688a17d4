"""Time sequence's solver: interval sweeps over each day of the week (all times are minutes after midnight)."""

from __future__ import annotations

DAY = 1440  # minutes in a day


def blocked(cal: dict, day: int) -> list[tuple[int, int]]:
    """Every interval [a, b) of `day` that no meeting may overlap: outside working hours, the rules' blocked
    times, whole days or hours someone is away, and each busy block widened by its owner's buffer."""
    people = len(cal["busy"])
    w0, w1 = cal["window"]
    out, buffer = [(0, w0), (w1, DAY)], [0] * people
    for rule in cal["rules"]:
        kind = rule["kind"]
        if kind == "lunch":
            out.append((rule["from"], rule["to"]))
        elif kind == "after" and rule["day"] == day:
            out.append((rule["at"], DAY))
        elif kind == "before" and rule["day"] == day:
            out.append((0, rule["at"]))
        elif kind == "only_days" and day not in rule["days"]:
            out.append((0, DAY))
        elif kind == "hours":
            out += [(0, rule["from"]), (rule["to"], DAY)]
        elif kind == "buffer":
            for p in range(people) if rule["p"] < 0 else [rule["p"]]:
                buffer[p] = max(buffer[p], rule["minutes"])
    for p, blocks in enumerate(cal["busy"]):
        out += [(a - buffer[p], b + buffer[p]) for d, a, b, *_ in blocks if d == day]
    return out


def free_runs(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The gaps [a, b) of one day that no interval covers, by a sweep over the intervals sorted by start."""
    runs, reach = [], 0
    for a, b in sorted(intervals):
        if a > reach:
            runs.append((reach, a))
        reach = max(reach, b)
    return runs + ([(reach, DAY)] if reach < DAY else [])


def solve(cal: dict) -> tuple[int, list[tuple[int, int]], float]:
    """(longest meeting starting on the step, every free run of the week, work: intervals swept + rule checks)."""
    step, runs, work = cal["step"], [], 0
    for day in cal["days"]:
        intervals = blocked(cal, day)
        work += len(intervals) + len(cal["rules"])
        runs += free_runs(intervals)
    longest = max((b - -(-a // step) * step for a, b in runs), default=0)
    return max(longest, 0), runs, float(work + len(runs))


def count_starts(runs: list[tuple[int, int]], length: int, step: int) -> int:
    """Start times on the step at which a meeting of `length` minutes fits inside one free run."""
    total = 0
    for a, b in runs:
        first = -(-a // step) * step
        if first + length <= b:
            total += (b - length - first) // step + 1
    return total
