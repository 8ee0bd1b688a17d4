"""Shortest path: find a minimum-total-weight path between two nodes of a weighted graph."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from functools import cache

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "the path as node labels from start to end joined by ' -> ', e.g. A -> C -> F"


@dataclass(frozen=True)
class Params(Knobs):
    n_nodes: int = knob(6, 3, 80, help="number of nodes in the graph")
    degree: int = knob(2, 1, 8, help="each node is linked to this many of its nearest neighbours")
    max_weight: int = knob(5, 1, 99, help="edge weights are drawn uniformly from 1..max_weight")
    directed: bool = knob(False, help="edges are one-way (a share of them both ways)")
    min_hops: int = knob(2, 1, 20, help="wanted edges on a fewest-edge route from start to end (best effort)")

    def check(self) -> None:
        if self.min_hops >= self.n_nodes:
            raise ValueError(f"knob min_hops={self.min_hops} must be below n_nodes={self.n_nodes}")
        if self.degree >= self.n_nodes:
            raise ValueError(f"knob degree={self.degree} must be below n_nodes={self.n_nodes}")


LEVELS = {
    1: Params(n_nodes=5, degree=2, max_weight=5, min_hops=2),
    2: Params(n_nodes=7, degree=2, max_weight=6, min_hops=2),
    3: Params(n_nodes=9, degree=3, max_weight=9, min_hops=3),
    4: Params(n_nodes=12, degree=3, max_weight=9, min_hops=3),
    5: Params(n_nodes=15, degree=3, max_weight=12, min_hops=4),
    6: Params(n_nodes=20, degree=4, max_weight=15, directed=True, min_hops=5),
    7: Params(n_nodes=25, degree=4, max_weight=20, directed=True, min_hops=5),
    8: Params(n_nodes=30, degree=4, max_weight=25, directed=True, min_hops=5),
    9: Params(n_nodes=40, degree=4, max_weight=30, directed=True, min_hops=6),
    10: Params(n_nodes=56, degree=5, max_weight=40, directed=True, min_hops=8),
}

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Share of directed edges that are two-way (each direction with its own weight).
_TWO_WAY = 0.3
_PROBES = 6  # start nodes tried when looking for far-apart endpoints
_FAR = float("inf")
_SMALL = 16  # up to this many nodes the pure-Python neighbour scan is the faster one


@cache
def _pairs(n: int) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, np.ndarray]:
    """All node pairs (u < v), their flat indices into an n x n matrix, and their u and v arrays.

    A per-n constant, built once rather than on every call.
    """
    upper = np.flatnonzero(np.triu(np.ones((n, n), dtype=bool), 1))
    us, vs = np.divmod(upper, n)
    return list(zip(us.tolist(), vs.tolist())), upper, us, vs


def _labels(n: int, keys: np.ndarray) -> list[str]:
    """n distinct short labels (letters, or two-letter codes past 26) in sorted order.

    `keys` holds a random float per possible label; the n smallest win. Node indices stand for
    random points, so giving them sorted labels leaks nothing and lets the edge list come out
    sorted without a sort.
    """
    chosen = sorted(keys.argsort()[:n].tolist())
    if n <= 26:
        return [_LETTERS[i] for i in chosen]
    return [_LETTERS[i // 26] + _LETTERS[i % 26] for i in chosen]


def _near_pairs(n: int, k: int, points: np.ndarray) -> list[tuple[int, int]]:
    """Sorted pairs (u < v) linking each of n random points to its k nearest neighbours.

    Linking each point to its nearest neighbours makes routes long (many hops) with many
    competing detours, unlike a random graph whose diameter is tiny.
    """
    pairs, upper, us, vs = _pairs(n)
    x, y = points[:n], points[n:]
    if n > _SMALL:  # a partition per row in C beats any Python loop over the n*n/2 pairs
        dx, dy = x[:, None] - x, y[:, None] - y
        near = (dx * dx + dy * dy).argpartition(k, axis=1)[:, : k + 1]  # k nearest and self (at 0)
        linked = np.zeros((n, n), dtype=bool)
        linked[np.arange(n)[:, None], near] = True
        return [pairs[p] for p in np.flatnonzero((linked | linked.T).ravel()[upper]).tolist()]
    # Few points: one sort of the pairs by distance serves every node, whose k nearest are
    # its first k pairs in that order; the scan stops once every node has them.
    dx, dy = x[us] - x[vs], y[us] - y[vs]
    need, left, chosen = [k] * n, n * k, []
    for p in (dx * dx + dy * dy).argsort().tolist():
        u, v = pairs[p]
        a, b = need[u], need[v]
        if a or b:
            chosen.append(pairs[p])
            if a:
                need[u], left = a - 1, left - 1
            if b:
                need[v], left = b - 1, left - 1
            if not left:
                break
    chosen.sort()
    return chosen


def _graph(
    params: Params, points: np.ndarray, draws: list[float], labels: list[str], root: int
) -> tuple[list[dict[int, int]], list[list], list[int]]:
    """(out-adjacency, sorted labelled edges, hops from `root`) of a connected near-neighbour graph.

    A piece cut off from `root` is joined to it by their closest pair of points (rare: the
    weights are then redrawn for the enlarged edge list, still from `draws`). The hops are
    the connectivity check's BFS, which doubles as the first endpoint probe when undirected.
    """
    n = params.n_nodes
    chosen = _near_pairs(n, params.degree, points)
    while True:
        adj, edges = _weighted(params, chosen, draws, labels)
        reached = _hops(_undirected(n, chosen) if params.directed else adj, root)
        if min(reached) >= 0:
            return adj, edges, reached
        x, y, out = points[:n], points[n:], np.array(reached) < 0
        gap = np.where(out[:, None] != out, (x[:, None] - x) ** 2 + (y[:, None] - y) ** 2, np.inf)
        u, v = sorted(divmod(int(gap.argmin()), n))
        chosen = sorted(chosen + [(u, v)])


def _undirected(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Neighbour lists of the skeleton: connectivity is judged ignoring edge directions."""
    nbrs: list[list[int]] = [[] for _ in range(n)]
    for u, v in pairs:
        nbrs[u].append(v)
        nbrs[v].append(u)
    return nbrs


def _weighted(
    params: Params, pairs: list[tuple[int, int]], draws: list[float], labels: list[str]
) -> tuple[list[dict[int, int]], list[list]]:
    """Out-adjacency and the sorted edge list [u, v, w] by label, weights in 1..max_weight.

    Undirected edges are listed once with u < v; directed ones get a random direction, and a
    share of them a reverse edge with its own weight. Labels sort as their nodes do, so the
    list comes out in node order.
    """
    adj: list[dict[int, int]] = [{} for _ in range(params.n_nodes)]
    top, named = params.max_weight, []
    if not params.directed:
        for (u, v), r in zip(pairs, draws):
            w = adj[u][v] = adj[v][u] = 1 + int(r * top)
            named.append([labels[u], labels[v], w])
        return adj, named
    it = iter(draws)
    for (u, v), w1, w2, flip, both in zip(pairs, it, it, it, it):
        if flip < 0.5:
            u, v = v, u
        w = adj[u][v] = 1 + int(w1 * top)
        named.append([labels[u], labels[v], w])
        if both < _TWO_WAY:
            w = adj[v][u] = 1 + int(w2 * top)
            named.append([labels[v], labels[u], w])
    named.sort()  # pairs are distinct, so the weights never decide
    return adj, named


def _hops(adj: list, source: int) -> list[int]:
    """Fewest edges from `source` to every node (-1 where unreachable), by breadth-first search.

    `adj[u]` is any container of u's out-neighbours (the weighted dicts or plain lists).
    """
    hops = [-1] * len(adj)
    hops[source] = 0
    frontier = [source]
    while frontier:
        nxt = []
        for u in frontier:
            for v in adj[u]:
                if hops[v] < 0:
                    hops[v] = hops[u] + 1
                    nxt.append(v)
        frontier = nxt
    return hops


def _endpoints(
    params: Params, adj: list[dict[int, int]], draws: list[float], s: int, hops: list[int]
) -> tuple[int, int]:
    """A start and an end reachable from it, min_hops edges away where possible (else farthest).

    `hops` are the distances from the first start `s`. Each next start is the node farthest
    from the last (a double sweep): it lies on the rim, so far-away nodes are likeliest there.
    The sweep stops when it no longer reaches farther; a start with no way out jumps at random.
    """
    best = (0, s, s)
    for r, q in zip(draws[::2], draws[1::2]):
        far = [v for v, h in enumerate(hops) if h >= params.min_hops]
        if far:
            return s, far[int(r * len(far))]
        deepest = max(hops)
        if deepest == 0:
            s = int(q * params.n_nodes)
        elif deepest > best[0]:
            best = (deepest, s, hops.index(deepest))
            s = best[2]
        else:
            break
        hops = _hops(adj, s)
    if best[0] == 0:  # no probed start had an out-edge: any edge will do (there is one)
        u = next(i for i, row in enumerate(adj) if row)
        return u, min(adj[u])
    return best[1], best[2]


def dijkstra(adj: list[dict[int, int]], source: int, target: int) -> tuple[int, list[int], int]:
    """(distance, one shortest path, work) where work = heap pops + edge relaxations until settled.

    >>> dijkstra([{1: 4, 2: 1}, {}, {1: 2}], 0, 1)
    (3, [0, 2, 1], 6)
    """
    n = len(adj)
    dist, prev = [_FAR] * n, [source] * n
    dist[source] = 0
    # Heap entries are d * n + v: ordered exactly as (d, v) tuples, but cheaper to build and compare.
    heap = [source]
    pop, push = heapq.heappop, heapq.heappush
    work = 0
    while heap:
        d, u = divmod(pop(heap), n)
        work += 1
        if u == target:
            break
        if d > dist[u]:
            continue
        row = adj[u]
        work += len(row)  # every out-edge of a settled node is relaxed
        for v, w in row.items():
            w += d
            if w < dist[v]:
                dist[v], prev[v] = w, u
                push(heap, w * n + v)
    path = [target]
    while path[-1] != source:
        path.append(prev[path[-1]])
    return dist[target], path[::-1], work


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Build a near-neighbour graph, pick far-apart endpoints, solve with Dijkstra."""
    n, k = params.n_nodes, params.degree
    pool = 26 if n <= 26 else 26 * 26
    # One draw serves the item: a key per possible label, the points, the endpoint probes, then
    # weights for the most edges the graph can have (k per node, plus joins between pieces).
    arr = rng.random(pool + 2 * n + 2 * _PROBES + 1 + (4 if params.directed else 1) * (k + 1) * n)
    labels = _labels(n, arr[:pool])
    draws = arr[pool + 2 * n :].tolist()
    root = int(draws[0] * n)  # the first endpoint probe, a random node
    adj, named, hops = _graph(params, arr[pool : pool + 2 * n], draws[2 * _PROBES + 1 :], labels, root)
    if params.directed:  # the connectivity check ignored directions: probe with them
        hops = _hops(adj, root)
    s, t = _endpoints(params, adj, draws[1 : 2 * _PROBES + 1], root, hops)
    optimum, path, work = dijkstra(adj, s, t)
    payload = {
        "nodes": labels,
        "edges": named,
        "directed": params.directed,
        "source": labels[s],
        "target": labels[t],
        "optimum": optimum,
    }
    answer = " -> ".join([labels[v] for v in path])
    # The question lists the nodes, one line per edge and the endpoints (tasks/templates/shortest_path/).
    fields = {"directed": params.directed, "nodes": labels, "edges": named, "source": labels[s], "target": labels[t]}
    return Instance("", answer, payload, float(work), fields)
