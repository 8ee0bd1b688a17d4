"""Object properties: objects are added, removed, repainted, swapped and traded; count those meeting a condition."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._object_properties_draw import OPTIONAL, SIZES, TYPES, VALUES, World, pick
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "one whole number written in digits (how many objects meet the condition), and nothing else"
N_NAMES = 12  # the templates' lists of friends (an event's "p" is an index into them)
QUERY_TRIES = 60  # conditions drawn per story before the story is drawn again
STORY_TRIES = 25  # stories drawn before settling for an answer that is a number shown
KINDS = ("add", "remove", "set", "swap", "trade")


@dataclass(frozen=True)
class Params(Knobs):
    objects: int = knob(4, 3, 30, help="objects in the collection at the start")
    features: int = knob(
        2, 2, 5, help="features of each object besides its kind (colour, material, size, shape, price)"
    )
    operations: int = knob(2, 2, 25, help="sentences of the story (operations, distractors included)")
    clauses: int = knob(1, 1, 3, help="clauses in the final condition (joined by and / or)")
    distractor_share: float = knob(0.0, 0.0, 0.6, help="share of the sentences that change nothing")
    comparisons: bool = knob(False, help="conditions may compare sizes or prices (with a value or another object)")
    negation_share: float = knob(0.0, 0.0, 1.0, help="share of the condition's clauses that are negated")


LEVELS = {
    1: Params(objects=4, features=2, operations=2, clauses=1),
    2: Params(objects=5, features=2, operations=3, clauses=1),
    3: Params(objects=6, features=3, operations=4, clauses=2, distractor_share=0.1, negation_share=0.2),
    4: Params(objects=8, features=3, operations=6, clauses=2, distractor_share=0.15, comparisons=True,
              negation_share=0.25),
    5: Params(objects=10, features=3, operations=8, clauses=2, distractor_share=0.2, comparisons=True,
              negation_share=0.3),
    6: Params(objects=12, features=4, operations=11, clauses=2, distractor_share=0.2, comparisons=True,
              negation_share=0.3),
    7: Params(objects=15, features=4, operations=14, clauses=3, distractor_share=0.25, comparisons=True,
              negation_share=0.3),
    8: Params(objects=18, features=4, operations=17, clauses=3, distractor_share=0.25, comparisons=True,
              negation_share=0.35),
    9: Params(objects=22, features=5, operations=20, clauses=3, distractor_share=0.3, comparisons=True,
              negation_share=0.35),
    10: Params(objects=26, features=5, operations=24, clauses=3, distractor_share=0.3, comparisons=True,
               negation_share=0.4),
}  # fmt: skip


def _features(params: Params, rng: np.random.Generator) -> list[str]:
    """Colour and features - 1 of the others; with comparisons, size or price among them."""
    chosen = [OPTIONAL[int(i)] for i in sorted(rng.choice(len(OPTIONAL), params.features - 1, replace=False))]
    if params.comparisons and "size" not in chosen and "price" not in chosen:
        chosen[-1] = "size"
    return ["colour"] + [f for f in OPTIONAL if f in chosen]


def _story(params: Params, rng: np.random.Generator) -> tuple[World, list[dict], list[list], int]:
    """The starting collection and the operations: (world at the end, events, payload ops, work), where the
    work counts the objects a reader looks at: every object present at each step (twice for a swap, which
    finds two), each object added, and one per sentence that changes nothing."""
    features = _features(params, rng)
    n_types = min(len(TYPES), max(3, 2 * params.objects // 3))
    types = [TYPES[int(i)] for i in rng.choice(len(TYPES), n_types, replace=False)]
    world = World(rng, features, types)
    world.objs = [world.new() for _ in range(params.objects)]
    start = [dict(o) for o in world.objs]
    quiet = int(params.operations * params.distractor_share)
    flags = [True] * (params.operations - quiet) + [False] * quiet
    events, ops, work = [], [], 0
    for real in (flags[int(i)] for i in rng.permutation(len(flags))):
        person = int(rng.integers(N_NAMES))
        drawn, size = None, len(world.objs)
        while real and drawn is None:
            kind = pick(rng, KINDS) if len(world.objs) > 3 else pick(rng, ("add", "set", "swap"))
            drawn = getattr(world, f"op_{kind}")(*([person] if kind == "trade" else []))
        event, op = drawn if real else world.quiet(person)
        work += 1 if op is None else len(op[1]) if op[0] == "add" else size * (2 if op[0] == "swap" else 1)
        events.append({**event, "v": int(rng.integers(12))})
        if op is not None:
            ops.append(op)
    world.start = start
    return world, events, ops, work


def _clause(world: World, params: Params) -> dict:
    """One clause about the collection at the end: {rel, f, v, neg}."""
    rng, objs = world.rng, world.objs
    ordered = [f for f in ("size", "price") if f in world.features]
    uniq = [t for t in world.types if sum(o["type"] == t for o in objs) == 1]
    kinds = ["is", "is"] + (["cmp"] * bool(ordered) + ["ref"] * bool(ordered and uniq) if params.comparisons else [])
    kind, neg = pick(rng, kinds), bool(rng.random() < params.negation_share)
    if kind == "is":
        f = pick(rng, world.keys())
        v = pick(rng, objs)[f] if rng.random() < 0.85 else pick(rng, world.types if f == "type" else VALUES[f])
        return {"rel": "is", "f": f, "v": v, "neg": neg}
    f, rel = pick(rng, ordered), pick(rng, ("lt", "gt"))
    if kind == "ref":
        return {"rel": rel + "_ref", "f": f, "v": pick(rng, uniq), "neg": neg}
    v = pick(rng, SIZES[1:4]) if f == "size" else 5 * int(rng.integers(7, 20))
    return {"rel": rel, "f": f, "v": v, "neg": neg}


def holds(clause: dict, obj: dict, objs: list[dict]) -> bool:
    """Whether one clause holds for `obj` (a member of `objs`, the collection it is compared within)."""
    f, v, rel = clause["f"], clause["v"], clause["rel"]
    if rel == "is":
        out = obj[f] == v
    else:
        if rel.endswith("_ref"):
            v = next(o[f] for o in objs if o["type"] == v)
        key = SIZES.index if f == "size" else int
        out = key(obj[f]) < key(v) if rel.startswith("lt") else key(obj[f]) > key(v)
    return out != clause["neg"]


def satisfied(query: dict, obj: dict, objs: list[dict]) -> bool:
    t = [holds(c, obj, objs) for c in query["clauses"]]
    return all(t) if query["join"] == "all" else any(t) if query["join"] == "any" else t[0] and (t[1] or t[2])


def _query(world: World, params: Params) -> dict:
    joins = ("all",) if params.clauses == 1 else ("all", "any") if params.clauses == 2 else ("all", "any", "mix")
    return {"join": pick(world.rng, joins), "clauses": [_clause(world, params) for _ in range(params.clauses)]}


def cond(query: dict) -> list:
    """The query as the payload's condition tree: ["and"/"or", ...] over atoms, ["not", atom] for negations."""
    atoms = [[c["rel"], c["f"], c["v"]] for c in query["clauses"]]
    atoms = [["not", a] if c["neg"] else a for a, c in zip(atoms, query["clauses"])]
    if query["join"] == "mix":
        return ["and", atoms[0], ["or", atoms[1], atoms[2]]]
    return ["and" if query["join"] == "all" else "or", *atoms]


def shown(world: World, events: list[dict], query: dict) -> set[int]:
    """Every number the question shows: prices of objects and price thresholds (nothing else is a number)."""
    objs = world.start + [o for e in events for o in e.get("objs", ())]
    limits = {c["v"] for c in query["clauses"] if c["f"] == "price" and c["rel"] in ("lt", "gt")}
    return {o["price"] for o in objs if "price" in o} | limits


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a story, then conditions until the count is between 1 and all-but-one of the objects left, differs
    from the same count on the starting collection, and is no number the question shows."""
    fallback = None
    for _ in range(STORY_TRIES):
        world, events, ops, work = _story(params, rng)
        for _ in range(QUERY_TRIES):
            query = _query(world, params)
            answer = sum(satisfied(query, o, world.objs) for o in world.objs)
            if not 1 <= answer < len(world.objs):
                continue
            before = sum(satisfied(query, o, world.start) for o in world.start) if _refs_ok(query, world) else -1
            good = answer not in shown(world, events, query) and answer != before
            good = good and world.rng.random() < answer / 3  # fewer answers of 1 and 2, the easy guesses
            fallback = fallback or (world, events, ops, query, answer, work)
            if good:
                fallback = (world, events, ops, query, answer, work)
                break
        else:
            continue
        break
    fallback = fallback or (world, events, ops, query, answer, work)  # never seen: a count of 0 or of everything
    world, events, ops, query, answer, work = fallback  # measured in tests/test_object_properties.py
    evals = len(world.objs) * params.clauses  # the clause evaluations of the final count
    payload = {"features": world.features, "start": world.start, "ops": ops, "query": cond(query), "answer": answer}
    fields = {"features": world.features, "start": world.start, "events": events, "query": query}
    return Instance("", str(answer), payload, float(work + evals), fields)


def _refs_ok(query: dict, world: World) -> bool:
    """Whether every object a clause compares with is also alone of its type at the start."""
    refs = [c["v"] for c in query["clauses"] if c["rel"].endswith("_ref")]
    return all(sum(o["type"] == t for o in world.start) == 1 for t in refs)
