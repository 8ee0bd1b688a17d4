"""Space reasoning tree: a family tree told as parent and sibling facts; name everyone in one kinship relation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._space_reasoning_tree_family import KINDS, Family, draw_parents
from logicforge.generators.base import Instance, Knobs, knob
from logicforge.verifiers._space_reasoning_tree_words import IDS

ANSWER_FORMAT = "the names asked for, separated by commas, in any order (write none if no one qualifies)"
TREE_TRIES = 40  # trees drawn in each stage of the search for a fair question (see _pick)
QUERY_TRIES = 120  # questions tried on one tree
WORDINGS = 4  # wordings of each kind of fact in the templates ("v" picks one)


@dataclass(frozen=True)
class Params(Knobs):
    nodes: int = knob(6, 5, 60, help="people in the family tree, the founder included")
    depth: int = knob(2, 2, 8, help="generations below the founder (the deepest person's distance from the founder)")
    branching: int = knob(3, 2, 6, help="the most children one person may have")
    relations: str = knob("siblings", help="question kinds, comma-separated, drawn evenly: " + ", ".join(KINDS))
    indirect_share: float = knob(
        0.0, 0.0, 0.6, help="chance of 'X's parent is also Y's parent' in place of a person's parent fact"
    )

    def kinds(self) -> tuple[str, ...]:
        return tuple(k.strip() for k in self.relations.split(",") if k.strip())

    def check(self) -> None:
        kinds = self.kinds()
        bad = [k for k in kinds if k not in KINDS]
        if not kinds or bad or len(set(kinds)) != len(kinds):
            raise ValueError(f"relations={self.relations!r} must list distinct kinds from {', '.join(KINDS)}")
        if self.nodes < self.depth + 3:
            raise ValueError(f"nodes={self.nodes} must be at least depth + 3 = {self.depth + 3}")
        if self.nodes > sum(self.branching**i for i in range(self.depth + 1)):
            raise ValueError(f"nodes={self.nodes} do not fit {self.depth} generations of branching={self.branching}")
        if self.depth < 3 and {"generation", "lca"} & set(kinds):
            raise ValueError(f"depth={self.depth}: generation and lca questions need depth >= 3")


_EASY = "siblings,grandchildren,aunts_uncles,nephews"
_HARD = "cousins,generation,descendants,lca"
LEVELS = {
    1: Params(nodes=6, depth=2, branching=3, relations="siblings"),
    2: Params(nodes=10, depth=3, branching=3, relations="siblings,grandchildren"),
    3: Params(nodes=13, depth=3, branching=3, relations=_EASY),
    4: Params(nodes=15, depth=3, branching=4, relations="grandchildren,aunts_uncles,nephews,cousins",
              indirect_share=0.1),
    5: Params(nodes=20, depth=4, branching=4, relations="aunts_uncles,nephews,cousins,generation",
              indirect_share=0.15),
    6: Params(nodes=26, depth=4, branching=4, relations="nephews,cousins,generation,descendants",
              indirect_share=0.2),
    7: Params(nodes=32, depth=5, branching=4, relations=_HARD, indirect_share=0.25),
    8: Params(nodes=38, depth=6, branching=5, relations=_HARD, indirect_share=0.3),
    9: Params(nodes=44, depth=7, branching=5, relations=_HARD, indirect_share=0.35),
    10: Params(nodes=50, depth=8, branching=5, relations=_HARD, indirect_share=0.4),
}  # fmt: skip


def _facts(fam: Family, share: float, rng: np.random.Generator) -> list[list]:
    """One fact per person but the founder, shuffled: ["parent", p, c], or ["sibling", a, b] (b's parent is a's)
    for a child whose sibling `a` came earlier in a random order of the family, so every group of siblings holds
    a parent fact and the tree is determined."""
    facts = []
    for p, kids in enumerate(fam.kids):
        order = [kids[int(i)] for i in rng.permutation(len(kids))]
        for j, c in enumerate(order):
            if j and rng.random() < share:
                a = order[int(rng.integers(j))]
                facts.append(["sibling", a, c] if rng.random() < 0.5 else ["sibling", c, a])
            else:
                facts.append(["parent", p, c])
    return [facts[int(i)] for i in rng.permutation(len(facts))]


def _questions(fam: Family, kind: str, rng: np.random.Generator):
    """Candidate questions (x, y, k) of one kind, in a random order; y is -1 and k 0 where the kind has none."""
    n = len(fam.parent)
    for _ in range(QUERY_TRIES):
        x = int(rng.integers(n))
        if kind == "lca":
            yield x, int(rng.integers(n)), 0
        elif kind == "descendants":
            yield x, -1, int(rng.integers(2, 5))
        else:
            yield x, -1, 0


def _good(fam: Family, kind: str, q: tuple[int, int, int], strict: bool) -> list[int] | None:
    """The answer to question q when it is a fair one: non-empty, no universal answer and (strict) no near miss."""
    x, y, k = q
    if kind == "lca":
        if y == x or fam.level[x] < 3 or fam.level[y] < 3:
            return None
        top = fam.lca(x, y)
        if top == 0 or min(fam.level[x], fam.level[y]) - fam.level[top] < 2:
            return None  # never the founder, never a parent of x or y (which also keeps x and y apart)
    answer = fam.relation(kind, x, y, k)
    got = set(answer)
    if not got or got in fam.universal(x, y) or strict and got in fam.near_misses(kind, x, y, k):
        return None
    return sorted(answer)


def _pick(fam_of, kinds: tuple[str, ...], rng: np.random.Generator):
    """(family, kind, question, answer): a kind drawn evenly, then trees until one has a fair question of it; if
    none does in TREE_TRIES trees, trees with a question of any allowed kind that is no near miss, then of any
    allowed kind at all; last, a siblings question (always there: a tree of depth + 3 people has a parent of two).
    Measured in tests/test_space_reasoning_tree.py: the levels never get past the first stage."""
    first = kinds[int(rng.integers(len(kinds)))]
    for stage in range(3):
        for _ in range(TREE_TRIES):
            fam = fam_of()
            order = [first] if stage == 0 else [kinds[int(i)] for i in rng.permutation(len(kinds))]
            for kind in order:
                for q in _questions(fam, kind, rng):
                    answer = _good(fam, kind, q, strict=stage < 2)
                    if answer is not None:
                        return fam, kind, q, answer
    for x in range(len(fam.parent)):
        answer = _good(fam, "siblings", (x, -1, 0), strict=False)
        if answer is not None:
            return fam, "siblings", (x, -1, 0), answer
    raise AssertionError("a tree of depth + 3 people always has two siblings")  # unreachable by Params.check


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a tree and a fair question; the answer is the relation evaluated on the tree, names sorted."""

    def fam_of() -> Family:
        return Family(draw_parents(params.nodes, params.depth, params.branching, rng))

    fam, kind, (x, y, k), answer = _pick(fam_of, params.kinds(), rng)
    fam.visits = 0
    fam.relation(kind, x, y, k)  # the work of the question alone, on a fresh count
    facts = _facts(fam, params.indirect_share, rng)
    names = [IDS[int(i)] for i in rng.choice(len(IDS), len(fam.parent), replace=False)]
    shown = [names[int(i)] for i in rng.permutation(len(names))]
    named = [[f[0], names[f[1]], names[f[2]]] for f in facts]
    query = (
        {"kind": kind, "x": names[x]}
        | ({"y": names[y]} if kind == "lca" else {})
        | ({"k": k} if kind == "descendants" else {})
    )
    ids = sorted(names[v] for v in answer)
    payload = {"people": sorted(names), "facts": named, "query": query, "answer": ids}
    fields = {
        "people": shown,
        "facts": [{"k": f[0], "a": f[1], "b": f[2], "v": int(rng.integers(WORDINGS))} for f in named],
        "query": query,
    }
    indirect = sum(f[0] == "sibling" for f in facts)
    hardness = float(len(facts) + 2 * indirect + fam.visits)
    return Instance("", ", ".join(i.capitalize() for i in ids), payload, hardness, fields)
