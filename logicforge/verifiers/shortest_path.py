"""Shortest path verifier: a walk from source to target over existing edges with the optimal total.

Any optimal path is accepted. The optimum is recomputed here with a plain heapq Dijkstra over the
payload's edge list (no networkx, nothing from generators/), and must agree with the stored one.
"""

from __future__ import annotations

import heapq
import re
from functools import lru_cache

from logicforge.verifiers.verdict import Verdict

# Between labels: an arrow (->, -->, —>, =>, unicode arrows), dashes (-, --, en/em dash), a comma,
# a semicolon or spaces. Labels are letters and digits only, so no separator can hide a label.
_SEP = re.compile(r"\s*(?:[-\u2013\u2014]+>?|=+>|[\u2192\u27f6\u2794\u21d2\u27f9\u21a6\u279d\u279e]|[,;])\s*|\s+")
_LABEL = re.compile(r"[A-Za-z0-9]{1,4}")
_LATEX_ARROW = re.compile(r"\\(?:to|(?:long)?rightarrow)(?![A-Za-z])")  # \to, \rightarrow, \longrightarrow


def parse_path(text: str, limit: int) -> list[str] | None:
    """Node labels in order (upper-cased), or None if anything but labels and separators appears.

    >>> parse_path("a -> C→F", 10), parse_path("[A, B]", 10), parse_path("A -> B (7)", 10)
    (['A', 'C', 'F'], ['A', 'B'], None)
    >>> parse_path("A \\\\to B \\\\rightarrow C", 10), parse_path("A \\\\top B", 10)
    (['A', 'B', 'C'], None)
    """
    text = _LATEX_ARROW.sub(" -> ", text).strip() if "\\" in text else text.strip()
    if len(text) > 1 and text[0] + text[-1] in ("[]", "()"):
        text = text[1:-1].strip()
    if not text or len(text) > 12 * limit:
        return None
    tokens = _SEP.split(text)
    if len(tokens) > limit:
        return None
    out = []
    for tok in tokens:
        tok = tok.strip("'\"`")
        if not _LABEL.fullmatch(tok):
            return None
        out.append(tok.upper())
    return out


def _graph(edges: tuple[tuple, ...], directed: bool) -> dict[str, dict[str, int]]:
    """Adjacency with the lightest weight per ordered pair (the payload has no parallel edges)."""
    adj: dict[str, dict[str, int]] = {}
    for u, v, w in ((str(u), str(v), int(w)) for u, v, w in edges):
        pairs = ((u, v),) if directed else ((u, v), (v, u))
        for a, b in pairs:
            row = adj.setdefault(a, {})
            row[b] = min(w, row.get(b, w))
    return adj


@lru_cache(maxsize=4096)
def _solve(edges: tuple[tuple, ...], directed: bool, source: str, target: str):
    """(adjacency, Dijkstra distance from source to target or None if unreachable), cached per
    graph since a trainer scores many answers to the same question."""
    adj = _graph(edges, directed)
    dist = {source: 0}
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == target:
            return adj, d
        if d > dist[u]:
            continue
        for v, w in adj.get(u, {}).items():
            if d + w < dist.get(v, d + w + 1):
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return adj, None


def verify(payload: dict, answer: str) -> Verdict:
    """Check the path's endpoints, that every step is an edge, and that its total is optimal.

    >>> p = {"nodes": ["A", "B", "C"], "edges": [["A", "B", 1], ["A", "C", 4], ["B", "C", 2]],
    ...      "directed": False, "source": "A", "target": "C", "optimum": 3}
    >>> [verify(p, a).reason for a in ("A, B, C", "A -> C", "A -> B", "C -> A", "A -> B -> A -> C")]
    ['ok', 'not_optimal', 'violates:end', 'violates:start', 'too_long']
    """
    nodes = payload["nodes"]
    path = parse_path(answer, limit=4 * len(nodes) + 4)
    if path is None:
        return Verdict.fail("parse_error")
    if len(path) > len(nodes):  # weights are positive, so an optimal path never repeats a node
        return Verdict.fail("too_long")
    known = set(nodes)
    if any(label not in known for label in path):
        return Verdict.fail("unknown_item")
    if path[0] != payload["source"]:
        return Verdict.fail("violates:start")
    if path[-1] != payload["target"]:
        return Verdict.fail("violates:end")
    key = tuple(map(tuple, payload["edges"]))  # _graph converts the values
    adj, best = _solve(key, bool(payload["directed"]), payload["source"], payload["target"])
    total = 0
    for u, v in zip(path, path[1:]):
        w = adj.get(u, {}).get(v)
        if w is None:
            return Verdict.fail("violates:edge")
        total += w
    if best is None or best != payload["optimum"]:
        return Verdict.fail("bad_payload")  # the stored optimum disagrees with a fresh Dijkstra
    if total != best:
        return Verdict.fail("not_optimal")
    if len(set(path)) != len(path):  # only reachable over a zero-weight edge (a hand-written payload)
        return Verdict.fail("duplicate_item")
    return Verdict.ok()
