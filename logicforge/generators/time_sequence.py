"""Time sequence: from several people's weekly calendars and scheduling rules, find the longest meeting they can
all attend and count the start times for a meeting of a given length."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._time_sequence_draw import draw_calendar
from logicforge.generators._time_sequence_solver import count_starts, solve
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "two integers separated by a comma: the length in minutes of the longest meeting, then the number of "
    "possible start times for the meeting of the stated length, e.g. 95, 6"
)
EXAMPLE = (95, 6)  # the answer-format example's numbers (an answer never equals them)
QUESTION_MARKS = (1, 2)  # the templates number the two questions
LENGTHS = (15, 20, 25, 30, 40, 45, 50, 60, 75, 90, 105, 120, 135, 150, 180, 210, 240)
TRIES = 60  # whole redraws while an answer copies a number the question shows


@dataclass(frozen=True)
class Params(Knobs):
    people: int = knob(2, 2, 6, help="people who must all attend the meeting, each with a calendar")
    days: int = knob(1, 1, 7, help="weekdays the meeting may fall on (up to 5: a run of Mon-Fri; 6: Mon-Sat; 7: all)")
    blocks: int = knob(1, 1, 6, help="most busy blocks per person and day (each person-day has half to all of them)")
    rules: int = knob(0, 0, 6, help="rules: lunch, no meetings before/after, office days, hours, buffers")
    step: int = knob(30, choices=(5, 10, 15, 20, 30, 60), help="meetings start on multiples of this many minutes")
    unit: int = knob(30, choices=(5, 10, 15, 30), help="calendar times are multiples of this many minutes")
    max_length: int = knob(60, 15, 240, help="longest meeting length question 2 may ask about (minutes)")


LEVELS = {
    1: Params(people=2, days=1, blocks=1, rules=0, step=30, unit=30, max_length=60),
    2: Params(people=2, days=1, blocks=2, rules=0, step=30, unit=30, max_length=60),
    3: Params(people=3, days=2, blocks=2, rules=1, step=30, unit=15, max_length=60),
    4: Params(people=3, days=2, blocks=2, rules=1, step=15, unit=15, max_length=90),
    5: Params(people=4, days=3, blocks=2, rules=2, step=15, unit=15, max_length=90),
    6: Params(people=4, days=3, blocks=3, rules=2, step=15, unit=5, max_length=90),
    7: Params(people=5, days=4, blocks=3, rules=3, step=10, unit=5, max_length=120),
    8: Params(people=5, days=5, blocks=3, rules=3, step=10, unit=5, max_length=120),
    9: Params(people=6, days=5, blocks=3, rules=4, step=5, unit=5, max_length=120),
    10: Params(people=6, days=5, blocks=4, rules=5, step=5, unit=5, max_length=150),
}


def shown_numbers(cal: dict, people: int) -> set[int]:
    """Every number the question can show: the hours and minutes of each time, the lengths, the step and its
    minute marks, the buffers, the head and day counts, the questions' numbers and the answer-format example."""
    times = [*cal["window"], *(t for blocks in cal["busy"] for _, a, b, *_ in blocks for t in (a, b))]
    numbers = {cal["length"], cal["step"], people, len(cal["days"]), *EXAMPLE, *QUESTION_MARKS}
    numbers |= set(range(0, 60, cal["step"]))
    for rule in cal["rules"]:
        times += [rule[k] for k in ("from", "to", "at") if k in rule]
        numbers |= {rule["minutes"]} if "minutes" in rule else set()
    return numbers | {t // 60 for t in times} | {t % 60 for t in times}


def _attempt(params: Params, rng: np.random.Generator) -> tuple[dict, list[int], float] | None:
    """One calendar with its question length and answer [longest, starts], or None if it leaves no meeting."""
    cal = draw_calendar(params, rng)
    longest, runs, work = solve(cal)
    fifteen = params.unit >= 15  # coarse calendars ask for quarter-hour lengths
    lengths = [m for m in LENGTHS if m < longest and m <= params.max_length and (m % 15 == 0 or not fifteen)]
    if not lengths:
        return None
    cal["length"] = lengths[int(rng.integers(len(lengths)))]
    return cal, [longest, count_starts(runs, cal["length"], cal["step"])], work


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw calendars and rules (with free windows planted so a meeting fits), solve by interval sweeps, and
    redraw (a bounded number of times) while an answer number is one the question shows."""
    found = None
    for _ in range(TRIES):
        drawn = _attempt(params, rng)
        if drawn is None:
            continue
        found = drawn
        if not set(drawn[1]) & shown_numbers(drawn[0], params.people):
            break
    if found is None:  # the planted windows make this unreachable; fail loudly rather than emit a broken item
        raise RuntimeError("time_sequence: no calendar with a meeting in reach")
    cal, answer, work = found
    payload = {k: cal[k] for k in ("days", "window", "busy", "rules", "step", "length")}
    payload["answer"] = answer
    fields = {**{k: cal[k] for k in ("days", "window", "busy", "rules", "step", "length")}, "names": cal["names"]}
    return Instance("", f"{answer[0]}, {answer[1]}", payload, work, fields)
