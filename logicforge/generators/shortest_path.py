"""Shortest path: find a minimum-total-weight path between two nodes of a weighted graph."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

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
    6: Params(n_nodes=20, degree=4, max_weight=15, directed=True, min_hops=4),
    7: Params(n_nodes=25, degree=4, max_weight=20, directed=True, min_hops=5),
    8: Params(n_nodes=30, degree=4, max_weight=25, directed=True, min_hops=5),
    9: Params(n_nodes=40, degree=4, max_weight=30, directed=True, min_hops=6),
    10: Params(n_nodes=56, degree=5, max_weight=40, directed=True, min_hops=8),
}

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Share of directed edges that are two-way (each direction with its own weight).
_TWO_WAY = 0.3


def _labels(n: int, rng: np.random.Generator) -> list[str]:
    """n distinct short labels (letters, or two-letter codes past 26) in sorted order.

    Node indices stand for random points, so giving them sorted labels leaks nothing and lets
    the edge list come out sorted without a sort.
    """
    if n <= 26:
        return [_LETTERS[i] for i in sorted(rng.permutation(26)[:n].tolist())]
    return [_LETTERS[i // 26] + _LETTERS[i % 26] for i in sorted(rng.permutation(26 * 26)[:n].tolist())]


def _skeleton(params: Params, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Undirected edges (u < v) of a connected near-neighbour graph over random points.

    Linking each point to its nearest neighbours makes routes long (many hops) with many
    competing detours, unlike a random graph whose diameter is tiny.
    """
    n, k = params.n_nodes, params.degree
    x, y = rng.random((2, n))
    dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
    dist = dx * dx + dy * dy
    near = np.argsort(dist, axis=1, kind="stable")[:, 1 : k + 1].tolist()
    pairs = {(i, j) if i < j else (j, i) for i in range(n) for j in near[i]}
    comp = _components(n, pairs)
    while max(comp):  # join a piece to the rest by their closest pair of points
        lab = np.array(comp)
        i, j = divmod(int(np.argmin(np.where(lab[:, None] != lab[None, :], dist, np.inf))), n)
        pairs.add((min(i, j), max(i, j)))
        comp = _components(n, pairs)
    return sorted(pairs)


def _components(n: int, pairs: set[tuple[int, int]]) -> list[int]:
    """Component index per node, numbered in order of their smallest node (node 0's is 0)."""
    nbrs: list[list[int]] = [[] for _ in range(n)]
    for u, v in pairs:
        nbrs[u].append(v)
        nbrs[v].append(u)
    comp = [-1] * n
    count = 0
    for root in range(n):
        if comp[root] >= 0:
            continue
        comp[root], stack = count, [root]
        while stack:
            for v in nbrs[stack.pop()]:
                if comp[v] < 0:
                    comp[v] = count
                    stack.append(v)
        count += 1
    return comp


def _weighted(
    params: Params, pairs: list[tuple[int, int]], rng: np.random.Generator
) -> tuple[list[dict[int, int]], list[tuple[int, int, int]]]:
    """Out-adjacency and sorted edge list (u, v, w), weights in 1..max_weight.

    Undirected edges are listed once with u < v; directed ones get a random direction, and a
    share of them a reverse edge with its own weight.
    """
    adj: list[dict[int, int]] = [{} for _ in range(params.n_nodes)]
    draws = rng.random((len(pairs), 4)).tolist()
    top = params.max_weight
    if not params.directed:
        edges = [(u, v, 1 + int(r[0] * top)) for (u, v), r in zip(pairs, draws)]
        for u, v, w in edges:
            adj[u][v] = adj[v][u] = w
        return adj, edges
    edges = []
    for (u, v), (w1, w2, flip, both) in zip(pairs, draws):
        if flip < 0.5:
            u, v = v, u
        edges.append((u, v, 1 + int(w1 * top)))
        if both < _TWO_WAY:
            edges.append((v, u, 1 + int(w2 * top)))
    edges.sort()
    for u, v, w in edges:
        adj[u][v] = w
    return adj, edges


def _hops(adj: list[dict[int, int]], source: int) -> list[int]:
    """Fewest edges from `source` to every node (-1 where unreachable), by breadth-first search."""
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


def _endpoints(params: Params, adj: list[dict[int, int]], rng: np.random.Generator) -> tuple[int, int]:
    """A start and an end reachable from it, min_hops edges away where possible (else farthest)."""
    best = (0, 0, 0)
    for s in rng.permutation(params.n_nodes)[:6].tolist():
        hops = _hops(adj, s)
        far = [v for v, h in enumerate(hops) if h >= params.min_hops]
        if far:
            return s, far[int(rng.integers(len(far)))]
        deepest = max(hops)
        if deepest > best[0]:
            best = (deepest, s, hops.index(deepest))
    if best[0] == 0:  # no probed start had an out-edge: any edge will do (there is one)
        u = next(i for i, row in enumerate(adj) if row)
        return u, min(adj[u])
    return best[1], best[2]


def dijkstra(adj: list[dict[int, int]], source: int, target: int) -> tuple[int, list[int], int]:
    """(distance, one shortest path, work) where work = heap pops + edge relaxations until settled.

    >>> dijkstra([{1: 4, 2: 1}, {}, {1: 2}], 0, 1)
    (3, [0, 2, 1], 6)
    """
    dist, prev = {source: 0}, {source: source}
    heap = [(0, source)]
    work = 0
    while heap:
        d, u = heapq.heappop(heap)
        work += 1
        if u == target:
            break
        if d > dist[u]:
            continue
        for v, w in adj[u].items():
            work += 1
            if d + w < dist.get(v, d + w + 1):
                dist[v], prev[v] = d + w, u
                heapq.heappush(heap, (d + w, v))
    path = [target]
    while path[-1] != source:
        path.append(prev[path[-1]])
    return dist[target], path[::-1], work


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Build a near-neighbour graph, pick far-apart endpoints, solve with Dijkstra."""
    labels = _labels(params.n_nodes, rng)
    adj, edges = _weighted(params, _skeleton(params, rng), rng)
    s, t = _endpoints(params, adj, rng)
    optimum, path, work = dijkstra(adj, s, t)
    if params.directed:
        kind, arrow = "directed (each edge may only be used in the direction of its arrow)", "->"
    else:
        kind, arrow = "undirected", "-"
    named = [[labels[u], labels[v], w] for u, v, w in edges]
    question = (
        f"A weighted {kind} graph has the nodes {', '.join(labels)}.\n"
        "Its edges, with their weights, are:\n"
        + "\n".join([f"{u} {arrow} {v}: {w}" for u, v, w in named])
        + f"\n\nFind a path from {labels[s]} to {labels[t]} whose total edge weight is as small as "
        "possible. Any path with the minimum total is accepted."
    )
    payload = {
        "nodes": labels,
        "edges": named,
        "directed": params.directed,
        "source": labels[s],
        "target": labels[t],
        "optimum": optimum,
    }
    return Instance(question, " -> ".join([labels[v] for v in path]), payload, float(work))
