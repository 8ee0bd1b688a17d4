"""Shortest path: near misses, alternative optimal paths, brute-force differential checks, hardness."""

from __future__ import annotations

import statistics
import time

import networkx as nx
import numpy as np
import pytest

from logicforge.generators import shortest_path as gen
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task
from logicforge.verifiers import shortest_path as ver

TASK = get_task("shortest_path")

# A small graph with three optimal A..E paths of total 8 (A-B-D-E, A-C-D-E, A-B-C-D-E).
DIAMOND = {
    "nodes": ["A", "B", "C", "D", "E"],
    "edges": [["A", "B", 1], ["A", "C", 2], ["A", "E", 9], ["B", "C", 1], ["B", "D", 2], ["C", "D", 1], ["D", "E", 5]],
    "directed": False,
    "source": "A",
    "target": "E",
    "optimum": 8,
}
# One-way edges: A->B->C costs 2, the direct A->C costs 5, and C->A exists only that way round.
ONE_WAY = {
    "nodes": ["A", "B", "C"],
    "edges": [["A", "B", 1], ["A", "C", 5], ["B", "C", 1], ["C", "A", 1]],
    "directed": True,
    "source": "A",
    "target": "C",
    "optimum": 2,
}


def wrap(text: str) -> str:
    return f"<think>...</think><answer>{text}</answer>"


@pytest.mark.parametrize(
    "payload, text, reason",
    [
        (DIAMOND, "A -> E", "not_shortest"),  # a real path, but the heavy direct edge
        (DIAMOND, "A -> B -> E", "no_edge"),  # B and E are not adjacent
        (DIAMOND, "B -> D -> E", "wrong_start"),  # starts at the wrong node
        (DIAMOND, "A -> B -> D", "wrong_end"),  # stops one short
        (DIAMOND, "A", "wrong_end"),  # the start alone
        (DIAMOND, "A -> B -> D -> E -> D -> E", "too_long"),  # a detour: more steps than nodes
        (DIAMOND, "A -> B -> A -> E", "not_shortest"),  # a cycle inside the path
        (DIAMOND, "A -> B -> C -> A -> E", "not_shortest"),  # a longer cycle
        (DIAMOND, "A -> X -> E", "unknown_node"),  # a node that does not exist
        (DIAMOND, "A -> D or E", "unknown_node"),  # a hedge written as prose
        (DIAMOND, "A -> B -> D -> E or A -> E", "too_long"),  # a hedge, longer than any simple path
        (DIAMOND, "8", "unknown_node"),  # the total instead of the path
        (DIAMOND, "A -> B -> D -> E (8)", "parse_error"),  # the total appended
        (DIAMOND, "A -> B -> D -> E!", "parse_error"),  # trailing punctuation other than a full stop
        (DIAMOND, "Path: A -> B -> D -> E", "parse_error"),  # a label before the path
        (DIAMOND, "A -> -> D -> E", "parse_error"),  # an empty step
        (DIAMOND, "A -> B -> D -> E\nA -> B -> D -> E", "too_long"),  # the answer twice
        (DIAMOND, "A -> C -> D -> E -> A -> B -> D -> E", "too_long"),  # two optimal paths glued
        (DIAMOND, "A -> E -> A -> E", "not_shortest"),  # back and forth over an edge
        (ONE_WAY, "A -> C", "not_shortest"),  # the direct one-way edge is heavier
        (ONE_WAY, "A -> C -> B", "wrong_end"),  # ends at B
        (dict(ONE_WAY, target="B", optimum=1), "A -> C -> B", "no_edge"),  # C -> B runs against the edge B -> C
        (ONE_WAY, "C -> A", "wrong_start"),  # the reverse trip
        (dict(ONE_WAY, source="C", target="B"), "C -> B", "no_edge"),  # only B -> C exists
    ],
)
def test_near_misses_fail_with_their_reason(payload, text, reason):
    verdict = TASK.verify(payload, wrap(text))
    assert not verdict.correct and verdict.score == 0.0
    assert verdict.reason == reason, (text, verdict.reason)


def test_every_optimal_path_and_equivalent_formatting_passes():
    for path in ("A -> B -> D -> E", "A -> C -> D -> E", "A -> B -> C -> D -> E"):
        assert TASK.verify(DIAMOND, wrap(path)).correct, path
    for text in (
        "A, B, D, E",
        "A B D E",
        "[A, B, D, E]",
        "['A', 'B', 'D', 'E']",
        "a -> b -> d -> e",
        "A\u2192B\u2192D\u2192E",
        "A-B-D-E",
        "A --> B --> D --> E",
        "A => B => D => E",
        "A\nB\nD\nE",
        "(A, B, D, E)",
        "A -> B -> D -> E.",  # a closing full stop
    ):
        assert TASK.verify(DIAMOND, wrap(text)).correct, text
    assert TASK.verify(ONE_WAY, wrap("A -> B -> C")).correct
    assert TASK.verify(dict(ONE_WAY, source="C", target="B"), wrap("C -> A -> B")).correct


def test_a_corrupted_stored_optimum_is_caught():
    assert TASK.verify(dict(DIAMOND, optimum=7), wrap("A -> B -> D -> E")).reason == "bad_payload"
    assert TASK.verify(dict(DIAMOND, optimum=9), wrap("A -> E")).reason == "bad_payload"


def simple_paths(payload: dict) -> list[tuple[list[str], int]]:
    """Every simple path from source to target with its total, by depth-first enumeration."""
    adj: dict[str, dict[str, int]] = {}
    for u, v, w in payload["edges"]:
        adj.setdefault(u, {})[v] = w
        if not payload["directed"]:
            adj.setdefault(v, {})[u] = w
    out = []

    def walk(path: list[str], total: int) -> None:
        if path[-1] == payload["target"]:
            out.append((list(path), total))
            return
        for nxt, w in adj.get(path[-1], {}).items():
            if nxt not in path:
                path.append(nxt)
                walk(path, total + w)
                path.pop()

    walk([payload["source"]], 0)
    return out


def small_items():
    for level in (1, 2, 3, 4, 6):
        for index in range(12):
            yield TASK.generate(TASK.params(level), seed=5, index=index)
    params = gen.Params(n_nodes=10, degree=3, max_weight=3, directed=True, min_hops=3)  # many ties
    for index in range(12):
        yield gen.generate(params, item_rng("shortest_path", 5, index))


def test_brute_force_agrees_and_alternative_optima_pass():
    several = 0
    for inst in small_items():
        paths = simple_paths(inst.payload)
        best = min(total for _, total in paths)
        assert best == inst.payload["optimum"]
        optimal = [p for p, total in paths if total == best]
        several += len(optimal) > 1
        for path in optimal:
            assert TASK.verify(inst.payload, wrap(" -> ".join(path))).correct
        for path, total in paths[:40]:
            assert TASK.verify(inst.payload, wrap(", ".join(path))).correct == (total == best)
    assert several >= 5, "ties should occur: alternative optimal paths must be exercised"


def test_verifier_agrees_with_brute_force_on_random_walks():
    rng = np.random.default_rng(9)
    for inst in small_items():
        p = inst.payload
        adj: dict[str, list[str]] = {}
        for u, v, _ in p["edges"]:
            adj.setdefault(u, []).append(v)
            if not p["directed"]:
                adj.setdefault(v, []).append(u)
        weights = {(u, v): w for u, v, w in p["edges"]}
        weights.update({(v, u): w for u, v, w in p["edges"] if not p["directed"]})
        for _ in range(20):
            walk = [p["source"]]
            for _ in range(int(rng.integers(1, 8))):
                nxt = adj.get(walk[-1], [])
                if not nxt:
                    break
                walk.append(nxt[int(rng.integers(len(nxt)))])
            if rng.random() < 0.3:
                walk[int(rng.integers(len(walk)))] = p["nodes"][int(rng.integers(len(p["nodes"])))]
            valid = all((u, v) in weights for u, v in zip(walk, walk[1:]))
            ok = valid and walk[-1] == p["target"] and sum(weights[e] for e in zip(walk, walk[1:])) == p["optimum"]
            assert TASK.verify(p, wrap(" -> ".join(walk))).correct == (ok and walk[0] == p["source"])


@pytest.mark.parametrize("level", [5, 8, 10])
def test_optimum_matches_networkx(level):
    for index in range(8):
        p = TASK.generate(TASK.params(level), seed=2, index=index).payload
        graph = nx.DiGraph() if p["directed"] else nx.Graph()
        graph.add_weighted_edges_from(p["edges"])
        assert nx.dijkstra_path_length(graph, p["source"], p["target"]) == p["optimum"]
        assert TASK.verify(p, wrap(" -> ".join(nx.dijkstra_path(graph, p["source"], p["target"])))).correct


def test_hardness_rises_with_level_and_generation_is_fast():
    medians = []
    for level in range(1, 11):
        params = TASK.params(level)
        medians.append(statistics.median(TASK.generate(params, 1, i).hardness for i in range(10)))
    assert all(a <= b for a, b in zip(medians, medians[1:])), medians
    assert medians[-1] > 5 * medians[0], medians
    worst = 0.0
    for i in range(5):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, i)
        worst = max(worst, time.perf_counter() - start)
    assert worst < 2.0, worst


def test_knob_extremes_generate_valid_items():
    for params in (
        gen.Params(n_nodes=3, degree=1, max_weight=1, min_hops=2),
        gen.Params(n_nodes=80, degree=1, max_weight=99, directed=True, min_hops=19),
        gen.Params(n_nodes=80, degree=8, max_weight=1, directed=True, min_hops=1),
    ):
        inst = gen.generate(params, item_rng("shortest_path", 0, 0))
        assert TASK.verify(inst.payload, wrap(inst.answer)).correct


def test_parse_path_is_strict_and_bounded():
    assert ver.parse_path("A -> B", 5) == ["A", "B"]
    assert ver.parse_path("A -> B -> C", 2) is None  # more labels than the limit
    assert ver.parse_path("A -> " * 5000, 10) is None
    assert ver.parse_path("A ->", 5) is None
    assert ver.parse_path("ABCDE -> B", 5) is None  # labels are at most four characters


@pytest.mark.parametrize("n, k", [(5, 2), (9, 3), (16, 4), (17, 4), (40, 5)])
def test_small_scan_and_large_partition_pick_the_same_neighbours(n, k, monkeypatch):
    """Both neighbour finders agree with a direct per-point sort of the distances."""
    rng = np.random.default_rng(n)
    for _ in range(10):
        points = rng.random(2 * n)
        xy = points.reshape(2, n).T
        dist = ((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)
        want = sorted({tuple(sorted((i, int(j)))) for i in range(n) for j in np.argsort(dist[i])[1 : k + 1]})
        for small in (0, 1000):
            monkeypatch.setattr(gen, "_SMALL", small)
            assert gen._near_pairs(n, k, points) == want


def test_pieces_are_joined_into_one_connected_graph():
    for directed in (False, True):
        params = gen.Params(n_nodes=30, degree=1, max_weight=9, directed=directed, min_hops=3)
        for index in range(15):
            p = gen.generate(params, item_rng("shortest_path", 8, index)).payload
            graph = nx.Graph([(u, v) for u, v, _ in p["edges"]])
            assert graph.number_of_nodes() == 30 and nx.is_connected(graph)


@pytest.mark.parametrize("level", [3, 5, 7])
def test_endpoints_are_min_hops_apart_when_the_graph_allows(level):
    params = TASK.params(level)
    for index in range(20):
        p = TASK.generate(params, 6, index).payload
        graph = nx.DiGraph() if p["directed"] else nx.Graph()
        graph.add_edges_from((u, v) for u, v, _ in p["edges"])
        hops = nx.shortest_path_length(graph, p["source"], p["target"])
        reachable = max(max(nx.single_source_shortest_path_length(graph, s).values()) for s in p["nodes"])
        assert hops >= min(params.min_hops, reachable) or hops >= 1


def test_edges_are_sorted_unique_and_labels_sorted():
    for level in (2, 6, 10):
        p = TASK.generate(TASK.params(level), 3, 0).payload
        pairs = [(u, v) for u, v, _ in p["edges"]]
        assert pairs == sorted(pairs) and len(set(pairs)) == len(pairs)
        assert p["nodes"] == sorted(p["nodes"]) and len(set(p["nodes"])) == len(p["nodes"])


def test_dijkstra_work_and_path_on_a_tie():
    adj = [{1: 1, 2: 1}, {3: 1}, {3: 1}, {}]
    dist, path, work = gen.dijkstra(adj, 0, 3)
    assert dist == 2 and path in ([0, 1, 3], [0, 2, 3]) and work >= 4
