"""Object properties: the vocabulary, the collection, and the drawing of one operation or query clause.

Objects are dicts: "type" plus the features in play ("colour", "material", "size", "shape", "price"); every value
is a language-neutral id (sizes ordered tiny < ... < huge, prices whole dollars). Descriptions used by the operations
("attrs") are dicts feature -> value that an object matches when it has every one of those values.
"""

from __future__ import annotations

import numpy as np

SIZES = ("tiny", "small", "medium", "large", "huge")
VALUES = {
    "colour": ("red", "blue", "green", "yellow", "black", "white", "purple", "orange", "pink", "grey", "brown"),
    "material": ("wood", "metal", "glass", "plastic", "ceramic", "leather", "stone"),
    "size": SIZES,
    "shape": ("round", "square", "triangular", "oval", "star", "heart"),
}
TYPES = ("vase", "cup", "ball", "box", "book", "lamp", "clock", "hat", "bowl", "pen", "key", "spoon", "bottle",
         "candle", "plate", "umbrella")  # fmt: skip
OPTIONAL = ("material", "size", "shape", "price")  # colour is always in play
PRICES = (25, 99)  # whole dollars; far above most counts, so a copied price rarely equals the answer
SETTABLE = ("colour", "size")  # repaint, resize
DESCRIBE = ("type", "colour", "material", "size", "shape")  # price never describes an object in an operation


def pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(len(seq)))]


def matches(obj: dict, attrs: dict) -> bool:
    return all(obj[f] == v for f, v in attrs.items())


class World:
    """The collection as the story goes on, and the draws that build each operation from it."""

    def __init__(self, rng: np.random.Generator, features: list[str], types: list[str]):
        self.rng, self.features, self.types = rng, features, types
        self.objs: list[dict] = []
        self.start: list[dict] = []

    def new(self) -> dict:
        obj = {"type": pick(self.rng, self.types)}
        for f in self.features:
            obj[f] = int(self.rng.integers(PRICES[0], PRICES[1] + 1)) if f == "price" else pick(self.rng, VALUES[f])
        return obj

    def keys(self) -> list[str]:
        return [k for k in DESCRIBE if k == "type" or k in self.features]

    def present(self, k: int) -> dict:
        """A description by k values of one object present (it matches at least that object)."""
        obj, keys = pick(self.rng, self.objs), self.keys()
        chosen = [keys[int(i)] for i in sorted(self.rng.choice(len(keys), min(k, len(keys)), replace=False))]
        return {f: obj[f] for f in chosen}

    def absent(self) -> dict | None:
        """A description of one or two values that no object present matches (a step that changes nothing)."""
        for _ in range(30):
            f = pick(self.rng, self.keys())
            attrs = {f: pick(self.rng, self.types if f == "type" else VALUES[f])}
            if self.rng.random() < 0.5:
                g = pick(self.rng, self.keys())
                attrs[g] = pick(self.rng, self.types if g == "type" else VALUES[g])
            if not any(matches(o, attrs) for o in self.objs):
                return attrs
        return None

    def unique(self, obj: dict) -> dict | None:
        """The shortest description (its type, then one or two more values) that fits `obj` alone."""
        extra = [f for f in self.keys() if f != "type"]
        order = [int(i) for i in self.rng.permutation(len(extra))]
        tries = [[]] + [[extra[i]] for i in order] + [[extra[i], extra[j]] for i in order for j in order if i < j]
        for more in tries:
            attrs = {f: obj[f] for f in ["type", *more]}
            if sum(matches(o, attrs) for o in self.objs) == 1:
                return attrs
        return None

    def most(self) -> int:
        """The most objects one step may take away: a quarter of the collection, and at least one."""
        return max(1, len(self.objs) // 4)

    def count(self, attrs: dict) -> int:
        return sum(matches(o, attrs) for o in self.objs)

    def remove(self, attrs: dict) -> None:
        self.objs = [o for o in self.objs if not matches(o, attrs)]

    def set(self, attrs: dict, f: str, value) -> None:
        for o in self.objs:
            if matches(o, attrs):
                o[f] = value

    def swap(self, a: dict, b: dict, f: str) -> None:
        (x,), (y,) = [o for o in self.objs if matches(o, a)], [o for o in self.objs if matches(o, b)]
        x[f], y[f] = y[f], x[f]

    # -- one operation that changes the collection: (fields event, payload op), or None to draw another kind --

    def op_add(self) -> tuple[dict, list]:
        objs = [self.new() for _ in range(1 + int(self.rng.random() < 0.4))]
        self.objs += [dict(o) for o in objs]
        return {"op": "add", "objs": objs}, ["add", objs]

    def op_remove(self) -> tuple[dict, list] | None:
        attrs = self.present(1 + int(self.rng.random() < 0.5))
        if self.count(attrs) > self.most():
            return None  # keep a collection to count
        self.remove(attrs)
        return {"op": "remove", "cond": attrs}, ["remove", attrs]

    def op_set(self) -> tuple[dict, list] | None:
        f = pick(self.rng, [g for g in SETTABLE if g in self.features])
        attrs = self.present(1 + int(self.rng.random() < 0.4))
        value = pick(self.rng, VALUES[f])
        if all(o[f] == value for o in self.objs if matches(o, attrs)):
            return None  # a repaint that changes nothing is a distractor, drawn as one
        self.set(attrs, f, value)
        return {"op": "set", "cond": attrs, "f": f, "val": value}, ["set", attrs, f, value]

    def op_swap(self) -> tuple[dict, list] | None:
        if len(self.objs) < 2:
            return None
        i, j = (int(k) for k in self.rng.choice(len(self.objs), 2, replace=False))
        x, y = self.objs[i], self.objs[j]
        diff = [f for f in self.features if x[f] != y[f]]
        a, b = self.unique(x), self.unique(y)
        if not diff or a is None or b is None:
            return None
        f = pick(self.rng, diff)
        self.swap(a, b, f)
        return {"op": "swap", "a": a, "b": b, "f": f}, ["swap", a, b, f]

    def op_trade(self, person: int) -> tuple[dict, list] | None:
        attrs = self.present(1 + int(self.rng.random() < 0.5))
        if self.count(attrs) > self.most():
            return None
        self.remove(attrs)
        objs = [self.new() for _ in range(1 + int(self.rng.random() < 0.5))]
        self.objs += [dict(o) for o in objs]
        return {"op": "trade", "cond": attrs, "objs": objs, "p": person}, ["trade", attrs, objs]

    # -- sentences that change nothing ------------------------------------------------------------------------

    def quiet(self, person: int) -> tuple[dict, list | None]:
        """A distractor: a step whose description fits nothing I own (a real step: listed), something I only
        thought about doing, or something a friend does with their own things (not listed)."""
        r = self.rng.random()
        attrs = self.absent() if r < 0.35 else None
        if attrs is not None:
            if self.rng.random() < 0.5:
                return {"op": "remove", "cond": attrs}, ["remove", attrs]
            value = pick(self.rng, VALUES["colour"])
            return {"op": "set", "cond": attrs, "f": "colour", "val": value}, ["set", attrs, "colour", value]
        if r < 0.7:
            attrs = self.present(1 + int(self.rng.random() < 0.5))
            kind = pick(self.rng, ("remove", "set"))
            value = pick(self.rng, VALUES["colour"])
            return {"op": "consider", "kind": kind, "cond": attrs, "f": "colour", "val": value, "p": person}, None
        return {"op": "other", "p": person, "objs": [self.new()]}, None
