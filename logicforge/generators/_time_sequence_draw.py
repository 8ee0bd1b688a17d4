"""Time sequence's drawing: weekdays, working hours, rules, planted free windows, then busy blocks around them."""

from __future__ import annotations

import numpy as np

from logicforge.generators._time_sequence_solver import blocked, free_runs

NAMES = 12  # the templates' people (each language has its own list), drawn by index
LABELS = 12  # the templates' busy-block labels (standup, client call, ...), drawn by index
WINDOWS = ((480, 960), (480, 1020), (510, 1020), (540, 1020), (540, 1050), (540, 1080), (600, 1080))
BUFFERS = (5, 10, 15, 20, 30)
KINDS = ("lunch", "after", "before", "only_days", "hours", "buffer")


def _pick(rng: np.random.Generator, values) -> int:
    values = list(values)
    return int(values[int(rng.integers(len(values)))])


def _weekdays(n: int, rng: np.random.Generator) -> list[int]:
    """A run of n days of Mon-Fri (0-4) at a random place, or Mon-Sat / the whole week for 6 and 7."""
    if n >= 6:
        return list(range(n))
    first = int(rng.integers(0, 6 - n))
    return list(range(first, first + n))


def _rule(kind: str, cal: dict, unit: int, rng: np.random.Generator) -> dict:
    """One rule of `kind`, its times on the calendar's unit (and on the half hour where a person would say so)."""
    w0, w1 = cal["window"]
    days, people = cal["days"], len(cal["busy"])
    if kind == "lunch":
        start, size = _pick(rng, (690, 720, 750)), _pick(rng, [m for m in (30, 45, 60, 90) if m % unit == 0])
        return {"kind": "lunch", "from": start, "to": start + size}
    if kind == "after":  # "no meeting on Friday may run past 13:00"
        return {"kind": "after", "day": _pick(rng, days), "at": _pick(rng, range(w0 + 180, w1 - 30, 30))}
    if kind == "before":  # "no meeting on Monday before 10:30"
        return {"kind": "before", "day": _pick(rng, days), "at": _pick(rng, range(w0 + 30, w0 + 181, 30))}
    p = int(rng.integers(people))
    if kind == "only_days":
        k = int(rng.integers(1, len(days)))
        return {"kind": "only_days", "p": p, "days": sorted(int(d) for d in rng.choice(days, size=k, replace=False))}
    if kind == "hours":
        start, end = w0, w1
        while (start, end) == (w0, w1):
            start = _pick(rng, range(w0, w0 + 151, unit)) if rng.random() < 0.7 else w0
            end = _pick(rng, range(w1 - 150, w1 + 1, unit)) if rng.random() < 0.7 else w1
        return {"kind": "hours", "p": p, "from": start, "to": end}
    return {"kind": "buffer", "p": p if rng.random() < 0.7 else -1, "minutes": _pick(rng, BUFFERS)}


def _fits(rules: list[dict], rule: dict, cal: dict) -> bool:
    """Whether `rule` may join `rules`: one lunch; one rule per (kind, day) or (kind, person); one buffer when
    it is everyone's; and some day keeps two free hours once the rules apply (calendars still empty)."""
    key = (rule["kind"], rule.get("day", rule.get("p")))
    if rule["kind"] == "buffer" and any(r["kind"] == "buffer" and min(r["p"], rule["p"]) < 0 for r in rules):
        return False  # a buffer for everyone is the only buffer
    if any((r["kind"], r.get("day", r.get("p"))) == key or r["kind"] == rule["kind"] == "lunch" for r in rules):
        return False
    trial = {**cal, "rules": [*rules, rule]}
    return any(b - a >= 120 for d in cal["days"] for a, b in free_runs(blocked(trial, d)))


def _rules(n: int, cal: dict, unit: int, rng: np.random.Generator) -> list[dict]:
    rules: list[dict] = []
    kinds = [k for k in KINDS if k != "only_days" or len(cal["days"]) > 1]  # office days need a choice of days
    for _ in range(40 * n):
        if len(rules) == n:
            break
        rule = _rule(kinds[int(rng.integers(len(kinds)))], cal, unit, rng)
        if _fits(rules, rule, cal):
            rules.append(rule)
    return rules


def _buffers(cal: dict) -> list[int]:
    people = len(cal["busy"])
    out = [0] * people
    for r in cal["rules"]:
        if r["kind"] == "buffer":
            for p in range(people) if r["p"] < 0 else [r["p"]]:
                out[p] = max(out[p], r["minutes"])
    return out


def _plant(cal: dict, unit: int, rng: np.random.Generator) -> dict[int, list[tuple[int, int]]]:
    """Windows (per day) no busy block will touch: 0-2 on each day, at least one in the week, each 45-150
    minutes inside a stretch the rules leave open, so that a meeting always fits."""
    step = cal["step"]
    open_: dict[int, list[tuple[int, int]]] = {}
    spans = {d: [(a, b) for a, b in free_runs(blocked(cal, d)) if b - a >= 45] for d in cal["days"]}
    days = [d for d in cal["days"] if spans[d]]
    counts = {d: int(rng.integers(0, 3)) for d in days}
    if not any(counts.values()):
        counts[_pick(rng, days)] = 1
    for d, k in counts.items():
        for _ in range(k):
            a, b = spans[d][int(rng.integers(len(spans[d])))]
            size = min(b - a, unit * int(rng.integers(-(-45 // unit), 150 // unit + 1)))
            # start on the step where one fits, so the window holds a meeting of at least 45 minutes
            starts = range(-(-a // step) * step, b - size + 1, step) or range(a, b - size + 1, unit)
            start = _pick(rng, starts)
            open_.setdefault(d, []).append((start, start + size))
    return open_


def _blocks(cal: dict, blocks: int, unit: int, open_: dict, rng: np.random.Generator) -> None:
    """Fill each calendar: half to all of `blocks` busy blocks per person-day inside working hours, never
    touching each other nor the planted windows (widened by the person's buffer)."""
    w0, w1 = cal["window"]
    buffers = _buffers(cal)
    sizes = [m for m in range(unit, 121, unit) if m >= 15]
    for p, calendar in enumerate(cal["busy"]):
        away = {d for r in cal["rules"] if r["kind"] == "only_days" and r["p"] == p for d in cal["days"]}
        away -= {d for r in cal["rules"] if r["kind"] == "only_days" and r["p"] == p for d in r["days"]}
        for d in cal["days"]:
            if d in away:
                continue  # away that day: the calendar shows nothing
            taken = [(a - buffers[p], b + buffers[p]) for a, b in open_.get(d, [])]
            for _ in range(int(rng.integers(-(-blocks // 2), blocks + 1))):
                for _ in range(25):
                    size = _pick(rng, sizes)
                    a = w0 + unit * int(rng.integers(0, (w1 - w0 - size) // unit + 1))
                    if all(a + size < x or y < a for x, y in taken):
                        taken.append((a, a + size))
                        calendar.append([d, a, a + size, int(rng.integers(LABELS))])
                        break
        calendar.sort()


def draw_calendar(params, rng: np.random.Generator) -> dict:
    """Weekdays, working hours, the people, their rules and their calendars (busy blocks per person)."""
    unit = params.unit
    cal = {
        "days": _weekdays(params.days, rng),
        "window": list(WINDOWS[int(rng.integers(len(WINDOWS)))]),  # all on the half hour: any unit fits
        "busy": [[] for _ in range(params.people)],
        "names": [int(i) for i in rng.choice(NAMES, size=params.people, replace=False)],
        "step": params.step,
        "rules": [],
    }
    cal["rules"] = _rules(params.rules, cal, unit, rng)
    open_ = _plant(cal, unit, rng)
    _blocks(cal, params.blocks, unit, open_, rng)
    return cal
