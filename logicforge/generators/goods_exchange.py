"""Goods exchange: people each hold one item and trade them in a long series of swaps; say who ends up with what."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "every person once as `name: item` (what they hold at the end), comma-separated, e.g. Zoe: violin, Max: teapot"
)

# People and items, each an (English, Chinese) pair; the prompt shows the pair's word in its own language and
# the verifier accepts either. No word is both a name and an item, and none is in the answer-format example.
NAMES = (
    ("Alice", "小明"), ("Bruno", "小红"), ("Carmen", "小刚"), ("Diego", "小丽"), ("Elsa", "小华"), ("Farid", "小芳"),
    ("Greta", "阿强"), ("Hamid", "阿美"), ("Irene", "大伟"), ("Jonas", "晓东"), ("Kiran", "婷婷"), ("Lena", "浩然"),
    ("Marco", "佳佳"), ("Nadia", "子涵"), ("Oscar", "雨轩"), ("Priya", "思琪"),
)  # fmt: skip
ITEMS = (
    ("kite", "风筝"), ("lantern", "灯笼"), ("compass", "指南针"), ("drum", "鼓"), ("flute", "笛子"), ("scarf", "围巾"),
    ("kettle", "水壶"), ("globe", "地球仪"), ("jigsaw", "拼图"), ("telescope", "望远镜"), ("candle", "蜡烛"),
    ("mirror", "镜子"), ("whistle", "哨子"), ("basket", "篮子"), ("clock", "闹钟"), ("umbrella", "雨伞"),
)  # fmt: skip
# Each step's `v` picks its sentence in the templates (v % the number of wordings of its kind): a multiple of
# every such count (5 swap wordings, 3 rotation and refusal wordings, 2 of the others), so each is as likely.
WORDINGS = 30
NO_OPS = ("refuse", "show", "balk")  # declined offer, item shown and taken back, trade called off


@dataclass(frozen=True)
class Params(Knobs):
    people: int = knob(3, 3, 8, help="people, each holding one distinct item at the start")
    swaps: int = knob(3, 3, 40, help="exchanges that move items (two-person swaps and three-way rotations)")
    distractor_share: float = knob(0.0, 0.0, 0.5, help="share of sentences that change nothing (declined offers, ...)")
    item_share: float = knob(0.0, 0.0, 1.0, help="share of swaps and offers described by the items, not the people")
    rotations: bool = knob(False, help="also three-way rotations (A gives to B, B to C, C to A at once)")


LEVELS = {
    1: Params(people=3, swaps=3),
    2: Params(people=4, swaps=5),
    3: Params(people=4, swaps=8, distractor_share=0.2),
    4: Params(people=5, swaps=10, distractor_share=0.2, item_share=0.2),
    5: Params(people=5, swaps=14, distractor_share=0.25, item_share=0.25, rotations=True),
    6: Params(people=6, swaps=18, distractor_share=0.3, item_share=0.3, rotations=True),
    7: Params(people=6, swaps=24, distractor_share=0.3, item_share=0.35, rotations=True),
    8: Params(people=7, swaps=28, distractor_share=0.35, item_share=0.4, rotations=True),
    9: Params(people=8, swaps=34, distractor_share=0.4, item_share=0.45, rotations=True),
    10: Params(people=8, swaps=40, distractor_share=0.4, item_share=0.5, rotations=True),
}


def apply(hold: list[int], step: list) -> None:
    """Apply one payload step to `hold` (person -> item) in place: ["swap", a, b] people trade,
    ["swap_items", x, y] the holders of items x and y trade, ["rotate", a, b, c] a's item to b, b's to c, c's to a."""
    if step[0] == "swap_items":
        a, b = hold.index(step[1]), hold.index(step[2])
        hold[a], hold[b] = hold[b], hold[a]
    elif step[0] == "swap":
        hold[step[1]], hold[step[2]] = hold[step[2]], hold[step[1]]
    else:
        a, b, c = step[1:]
        hold[a], hold[b], hold[c] = hold[c], hold[a], hold[b]


def _people(n: int, k: int, rng: np.random.Generator) -> list[int]:
    return [int(p) for p in rng.choice(n, size=k, replace=False)]


def _exchange(params: Params, hold: list[int], last: set[int], rng: np.random.Generator) -> tuple[list, dict]:
    """(payload step, template step) of one exchange; never the very pair of the previous exchange again."""
    v = int(rng.integers(WORDINGS))
    if params.rotations and rng.random() < 0.25:
        a, b, c = _people(params.people, 3, rng)
        return ["rotate", a, b, c], {"op": "rotate", "a": a, "b": b, "c": c, "v": v}
    a, b = _people(params.people, 2, rng)
    while {a, b} == last:
        a, b = _people(params.people, 2, rng)
    if rng.random() < params.item_share:
        x, y = hold[a], hold[b]
        return ["swap_items", x, y], {"op": "swap_items", "x": x, "y": y, "v": v}
    return ["swap", a, b], {"op": "swap", "a": a, "b": b, "v": v}


def _no_op(params: Params, hold: list[int], rng: np.random.Generator) -> dict:
    """A sentence that moves nothing: a declined offer (by people or by items), a shown item, a called-off trade."""
    v = int(rng.integers(WORDINGS))
    a, b = _people(params.people, 2, rng)
    op = NO_OPS[int(rng.integers(len(NO_OPS)))]
    if op == "refuse" and rng.random() < params.item_share:
        return {"op": "refuse_items", "x": hold[a], "y": hold[b], "v": v}
    return {"op": op, "a": a, "b": b, "v": v}


def _schedule(params: Params, rng: np.random.Generator) -> list[bool]:
    """Which sentences are exchanges (True) and which change nothing, in order; the last is an exchange."""
    share = params.distractor_share
    quiet = int(round(params.swaps * share / (1 - share)))
    kinds = [True] * (params.swaps - 1) + [False] * quiet
    return [kinds[int(i)] for i in rng.permutation(len(kinds))] + [True]


def _draw(params: Params, rng: np.random.Generator) -> tuple[list, list[dict], list[int]]:
    """(payload steps, template steps, final holdings), the final holdings never the starting ones."""
    hold, steps, lines, last = list(range(params.people)), [], [], set()
    for moves in _schedule(params, rng):
        if not moves:
            lines.append(_no_op(params, hold, rng))
            continue
        before = list(hold)
        step, line = _exchange(params, hold, last, rng)
        apply(hold, step)
        steps.append(step)
        lines.append(line)
        last = {hold.index(x) for x in step[1:]} if step[0] == "swap_items" else set(step[1:])
    if hold == list(range(params.people)):
        # Everyone holds their own item again: the last sentence (an exchange) becomes another swap. The
        # state before it is the inverse of that exchange (a swap or a 3-cycle), never the start, so a swap
        # of a pair it did not swap (or, after a rotation, any swap) cannot lead back to the start.
        kind, args = steps[-1][0], steps[-1][1:]
        pair = args if kind == "swap" else [before.index(x) for x in args] if kind == "swap_items" else [1]
        a, b = pair[0], next(p for p in range(params.people) if p not in pair)
        steps[-1], lines[-1] = ["swap", a, b], {"op": "swap", "a": a, "b": b, "v": lines[-1]["v"]}
        hold = before
        apply(hold, steps[-1])
    return steps, lines, hold


def hardness(steps: list, lines: list[dict]) -> float:
    """Simulation work: each holding that changes (2 per swap, 3 per rotation), one lookup per swap described
    by items, and one per sentence that changes nothing (it has to be read and set aside)."""
    moved = sum(3 if s[0] == "rotate" else 2 for s in steps) + sum(s[0] == "swap_items" for s in steps)
    return float(moved + len(lines) - len(steps))


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Person i starts with item i; draw the exchanges and the no-op sentences, then simulate."""
    n = params.people
    names = [NAMES[int(i)] for i in rng.choice(len(NAMES), size=n, replace=False)]
    items = [ITEMS[int(i)] for i in rng.choice(len(ITEMS), size=n, replace=False)]
    steps, lines, hold = _draw(params, rng)
    words = {
        "names": {"en": [w[0] for w in names], "zh": [w[1] for w in names]},
        "goods": {"en": [w[0] for w in items], "zh": [w[1] for w in items]},
    }
    payload = {**words, "steps": steps, "answer": hold}
    # The templates word each step (tasks/templates/goods_exchange/); people and items are indices.
    fields = {**words, "steps": lines}
    answer = ", ".join(f"{words['names']['en'][p]}: {words['goods']['en'][hold[p]]}" for p in range(n))
    return Instance("", answer, payload, hardness(steps, lines), fields)
