"""Space reasoning: follow a walk described on a lattice of spots and name the thing at an asked spot, or unknown."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob
from logicforge.verifiers._space_words import ITEMS, UNKNOWN, english

ANSWER_FORMAT = (
    "the name of the thing at the asked spot as the puzzle writes it (e.g. bench), or the single word unknown if "
    "that spot was never described; nothing else"
)
DIRS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")  # clockwise: a right turn adds 2, a left turn takes 2 away
VEC = ((0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1))  # (east, north) per step
TURNS = {"F": 0, "R": 2, "B": 4, "L": 6}  # straight on, right, around, left: added to the facing
TURN_NAMES, TURN_WEIGHTS = ("L", "R", "F", "B"), (0.3, 0.3, 0.2, 0.2)
IDS = tuple(ITEMS)
STORY_TRIES = 40  # walks drawn before giving up (never seen: every checked knob setting has room to walk)
TARGET_TRIES = 40  # asked spots drawn per walk before the walk is drawn again


@dataclass(frozen=True)
class Params(Knobs):
    size: int = knob(4, 3, 20, help="side of the square lattice of spots (size x size)")
    items: int = knob(4, 3, 40, help="spots whose thing is named (the start included), each a different thing")
    moves: int = knob(3, 2, 60, help="moves of the described walk (the rest of them return to named spots)")
    max_step: int = knob(2, 1, 9, help="most steps in one move or one leg of the question's path")
    relative_share: float = knob(0.0, 0.0, 1.0, help="share of moves given as turns (left, right, around, ahead)")
    diagonal_share: float = knob(0.0, 0.0, 0.5, help="share of moves that go diagonally (north-east, ...)")
    waypoint_share: float = knob(0.0, 0.0, 0.5, help="share of moves that first go back to a named spot")
    unknown_share: float = knob(0.1, 0.0, 0.3, help="chance that the asked spot was never described (answer unknown)")
    query_legs: int = knob(1, 1, 6, help="legs of the path that leads from a named thing to the asked spot")

    def check(self) -> None:
        if self.items > self.moves + 1:
            raise ValueError(f"items={self.items} needs moves >= {self.items - 1} (one new spot per move at most)")
        if 2 * self.items > self.size * self.size:
            raise ValueError(f"items={self.items} needs size >= {int(np.ceil(np.sqrt(2 * self.items)))}")
        if self.max_step >= self.size:
            raise ValueError(f"max_step={self.max_step} must be below size={self.size}")


LEVELS = {
    1: Params(size=4, items=4, moves=3, max_step=2, unknown_share=0.1),
    2: Params(size=5, items=5, moves=5, max_step=2, unknown_share=0.12),
    3: Params(size=6, items=6, moves=7, max_step=3, relative_share=0.2, unknown_share=0.15, query_legs=2),
    4: Params(size=7, items=8, moves=9, max_step=3, relative_share=0.3, diagonal_share=0.1, waypoint_share=0.1,
              unknown_share=0.15, query_legs=2),
    5: Params(size=8, items=9, moves=11, max_step=3, relative_share=0.35, diagonal_share=0.15, waypoint_share=0.1,
              unknown_share=0.15, query_legs=2),
    6: Params(size=9, items=11, moves=14, max_step=4, relative_share=0.4, diagonal_share=0.15, waypoint_share=0.15,
              unknown_share=0.18, query_legs=3),
    7: Params(size=10, items=12, moves=16, max_step=4, relative_share=0.45, diagonal_share=0.2, waypoint_share=0.15,
              unknown_share=0.18, query_legs=3),
    8: Params(size=10, items=14, moves=19, max_step=4, relative_share=0.5, diagonal_share=0.2, waypoint_share=0.2,
              unknown_share=0.18, query_legs=3),
    9: Params(size=11, items=16, moves=22, max_step=4, relative_share=0.55, diagonal_share=0.25, waypoint_share=0.2,
              unknown_share=0.18, query_legs=4),
    10: Params(size=12, items=18, moves=25, max_step=5, relative_share=0.6, diagonal_share=0.25, waypoint_share=0.2,
               unknown_share=0.18, query_legs=4),
}  # fmt: skip

Pos = tuple[int, int]


def _step(p: Pos, d: int, n: int) -> Pos:
    return p[0] + n * VEC[d][0], p[1] + n * VEC[d][1]


@dataclass
class _Walk:
    """The walk so far: where I stand and face, the named spots (in the order named), the spots passed over."""

    params: Params
    rng: np.random.Generator
    pos: Pos
    face: int
    face0: int = 0  # the facing stated at the start
    came: Pos | None = None  # where the last move began
    place: dict[Pos, str] = field(default_factory=dict)
    passed: set[Pos] = field(default_factory=set)
    moves: list[dict] = field(default_factory=list)

    def inside(self, p: Pos) -> bool:
        return 0 <= p[0] < self.params.size and 0 <= p[1] < self.params.size

    def dirs(self) -> list[int]:
        """Directions for one free choice: diagonal ones with the knob's chance (when it allows any)."""
        diagonal = self.rng.random() < self.params.diagonal_share
        return [d for d in range(8) if d % 2 == diagonal]

    def reach(self, start: Pos, d: int, new: bool) -> list[int]:
        """Step counts from `start` along `d` that end inside on a spot not yet named (`new`) or on a named one."""
        ends = [(n, _step(start, d, n)) for n in range(1, self.params.max_step + 1)]
        return [n for n, e in ends if self.inside(e) and (e in self.place) != new]

    def go(self, move: dict, start: Pos, d: int, n: int) -> None:
        end = _step(start, d, n)
        self.passed.update(_step(start, d, k) for k in range(1, n))
        move["seen"] = end in self.place
        self.place.setdefault(end, IDS[0])  # named by the caller
        self.pos, self.face, self.came = end, d, start
        self.moves.append(move)


def _new_move(w: _Walk, item: str) -> bool:
    """A move to a spot not yet named, where `item` stands; False when none is in reach."""
    rng, p = w.rng, w.params
    kinds = ["from"] if w.moves and rng.random() < p.waypoint_share else []
    kinds += ["rel"] if rng.random() < p.relative_share else []
    for kind in [*kinds, "abs", "from"]:  # "from" last: any named spot next to a free one gives a way out
        if kind == "rel":
            turns = [TURN_NAMES[i] for i in rng.choice(4, 4, replace=False, p=TURN_WEIGHTS)]
            options = [(t, (w.face + TURNS[t]) % 8) for t in turns]
            options = [(t, d, w.reach(w.pos, d, True)) for t, d in options]
            options = [(t, d, ns) for t, d, ns in options if ns]
            if options:
                t, d, ns = options[0]
                n = int(rng.choice(ns))
                w.go({"k": "rel", "t": t, "n": n, "at": item}, w.pos, d, n)
                break
        elif kind == "abs":
            options = [(d, ns) for d in w.dirs() if (ns := w.reach(w.pos, d, True))]
            if options:
                d, ns = options[int(rng.integers(len(options)))]
                n = int(rng.choice(ns))
                w.go({"k": "abs", "d": DIRS[d], "n": n, "at": item}, w.pos, d, n)
                break
        else:
            dirs = w.dirs() if kind in kinds[:1] else list(range(0, 8, 1 if p.diagonal_share else 2))
            spots = [s for s in w.place if s != w.pos]
            options = [(s, d, ns) for s in spots for d in dirs if (ns := w.reach(s, d, True))]
            if options:
                s, d, ns = options[int(rng.integers(len(options)))]
                n = int(rng.choice(ns))
                w.go({"k": "from", "w": w.place[s], "d": DIRS[d], "n": n, "at": item}, s, d, n)
                break
    else:
        return False
    w.place[w.pos] = item
    return True


def _old_move(w: _Walk) -> bool:
    """A move back to a named spot: "walk east until you reach X", or a stated distance; False if none."""
    rng, p = w.rng, w.params
    dirs = range(0, 8, 1 if p.diagonal_share else 2)
    if rng.random() < 0.5:
        ends = []
        for d in dirs:
            e = _step(w.pos, d, 1)
            while w.inside(e) and e not in w.place:
                e = _step(e, d, 1)
            if w.inside(e):
                ends.append((d, max(abs(e[0] - w.pos[0]), abs(e[1] - w.pos[1]))))
        ends = [o for o in ends if _step(w.pos, *o) != w.came] or ends  # straight back only if nothing else
        if ends:
            d, n = ends[int(rng.integers(len(ends)))]
            w.go({"k": "until", "d": DIRS[d], "at": w.place[_step(w.pos, d, n)]}, w.pos, d, n)
            return True
    options = [(d, n) for d in dirs for n in w.reach(w.pos, d, False)]
    options = [o for o in options if _step(w.pos, *o) != w.came] or options  # straight back only if nothing else
    if not options:
        return False
    d, n = options[int(rng.integers(len(options)))]
    turn = (d - w.face) % 8
    move = {"k": "abs", "d": DIRS[d], "n": n, "at": w.place[_step(w.pos, d, n)]}
    if turn % 2 == 0 and rng.random() < p.relative_share:
        move = {"k": "rel", "t": next(t for t, v in TURNS.items() if v == turn), "n": n, "at": move["at"]}
    w.go(move, w.pos, d, n)
    return True


def _walk(params: Params, rng: np.random.Generator) -> _Walk | None:
    """The described walk: `items` - 1 moves to new spots, the others back to named ones, in a random order."""
    size = params.size
    things = [IDS[int(i)] for i in rng.choice(len(IDS), params.items, replace=False)]
    face = 2 * int(rng.integers(4))
    w = _Walk(params, rng, (int(rng.integers(size)), int(rng.integers(size))), face, face)
    w.place[w.pos] = things[0]
    fresh = things[1:]
    for i in range(params.moves):
        left = params.moves - i
        want_new = bool(fresh) and (i == 0 or len(fresh) == left or rng.random() < len(fresh) / left)
        if not (want_new and _new_move(w, fresh[0]) or not want_new and _old_move(w)):
            return None
        if want_new:
            fresh.pop(0)
    return w


def _targets(w: _Walk, start: Pos, unknown: bool) -> tuple[list[Pos], np.ndarray]:
    """Spots to ask about, with weights: unnamed spots near named ones (thrice as likely if passed over), or
    named spots (the start and the last one named half as likely: always answering either must not pay)."""
    if unknown:
        near = {(x + dx, y + dy) for x, y in w.place for dx in range(-2, 3) for dy in range(-2, 3)}
        spots = sorted(s for s in near if w.inside(s) and s not in w.place)
        weights = np.array([3.0 if s in w.passed else 1.0 for s in spots])
    else:
        spots = list(w.place)
        weights = np.array([0.5 if s in (start, w.pos) else 1.0 for s in spots])
    return spots, weights / weights.sum() if len(spots) else weights


def _legs_to(w: _Walk, target: Pos) -> list[tuple[Pos, int, int]] | None:
    """The question's path, drawn backwards from the target: (spot, direction, steps) per leg, starting from
    a named spot other than the target; None when the last leg finds no named spot to start from."""
    rng, p = w.rng, w.params
    points, legs = [target], []
    for k in range(p.query_legs):
        first = k == p.query_legs - 1
        options = []
        for dirs in (w.dirs(), list(range(0, 8, 1 if p.diagonal_share else 2))):
            for d in dirs:
                for n in range(1, p.max_step + 1):
                    s = _step(points[-1], d, -n)
                    ok = w.inside(s) and (s in w.place and s != target if first else len(points) < 2 or s != points[-2])
                    if ok:
                        options.append((s, d, n))
            if options:
                break
        if not options:
            return None
        s, d, n = options[int(rng.integers(len(options)))]
        points.append(s)
        legs.append((s, d, n))
    return legs[::-1]


def _query(w: _Walk, legs: list[tuple[Pos, int, int]]) -> dict:
    """The question's path as fields: relative legs (with a stated facing at the start) where the knob says."""
    rng, p = w.rng, w.params
    face0 = (legs[0][1] - TURNS[TURN_NAMES[int(rng.integers(4))]]) % 8
    face, out = face0, []
    for _, d, n in legs:
        turn = (d - face) % 8
        if turn % 2 == 0 and rng.random() < p.relative_share:
            out.append({"k": "rel", "t": next(t for t, v in TURNS.items() if v == turn), "n": n})
        else:
            out.append({"k": "abs", "d": DIRS[d], "n": n})
        face = d
    relative = any(leg["k"] == "rel" for leg in out)
    return {"from": w.place[legs[0][0]], "face": DIRS[face0] if relative else None, "legs": out}


def work(moves: list[dict], legs: list[dict]) -> int:
    """Simulation steps: one per move or leg, one more per turn to track and per named spot to recall."""
    return sum(1 + (m["k"] != "abs") for m in moves) + sum(1 + (leg["k"] == "rel") for leg in legs)


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a walk, then an asked spot (unnamed with the knob's chance) and a path to it from a named spot."""
    for _ in range(STORY_TRIES):
        w = _walk(params, rng)
        if w is None:
            continue
        start = next(iter(w.place))
        for _ in range(TARGET_TRIES):
            spots, weights = _targets(w, start, bool(rng.random() < params.unknown_share))
            if not spots:
                continue
            target = spots[int(rng.choice(len(spots), p=weights))]
            legs = _legs_to(w, target)
            if legs is not None:
                return _instance(w, start, _query(w, legs), w.place.get(target, UNKNOWN))
    raise RuntimeError(f"space_reasoning: no walk fits {params}")  # never seen: check() keeps room to walk


def _instance(w: _Walk, start: Pos, query: dict, answer: str) -> Instance:
    """The payload (the walk and the question as data, the answer's id) and the fields the templates render."""
    moves = [{k: v for k, v in m.items() if k != "seen"} for m in w.moves]
    face = DIRS[w.face0]
    payload = {
        "size": w.params.size,
        "start": w.place[start],
        "face": face,
        "moves": moves,
        "query": query,
        "items": sorted(w.place.values()),
        "answer": answer,
    }
    fields = {
        "size": w.params.size,
        "start": w.place[start],
        "face": face,
        "query": query,
        "moves": [{**m, "v": int(w.rng.integers(12))} for m in w.moves],
    }
    return Instance("", english(answer), payload, float(work(moves, query["legs"])), fields)
