"""Shortest path red team, round 2: every optimal path (not only the reference) and random walks, in
many layouts, are judged against an independent Dijkstra over the payload's edges (networkx)."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

TASK = get_task("shortest_path")
EDGES = [["E", "I", 5], ["E", "Z", 2], ["I", "Z", 3], ["O", "U", 4], ["O", "Z", 2], ["U", "Z", 2]]
PAYLOAD = {"nodes": ["E", "I", "O", "U", "Z"], "edges": EDGES, "directed": False, "source": "E", "target": "U",
           "optimum": 4}  # fmt: skip



CASES = [
    # (answer, expected reason)
    ("`E -> Z -> U`", "ok"),  # inline code
    ("**E → Z → U**", "ok"),
    ("\\boxed{E \\to Z \\to U}", "ok"),  # LaTeX arrows: \to, \rightarrow, \longrightarrow
    ("E \\toZ \\to U", "parse_error"),  # \toZ is no arrow
    ("E \\top Z \\to U", "parse_error"),  # nor is \top
    ("E -> Z -> O -> Z -> U", "not_shortest"),  # a detour through a repeated node
    ("E -> Z -> O -> Z -> U -> Z -> U", "too_long"),  # more steps than there are nodes
    ("E -> U", "no_edge"),
    ("E -> \u0417 -> U", "parse_error"),  # Cyrillic Ze looks like Z
    ("E -> Z -> U (4)", "parse_error"),  # the total is not part of the path
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def test_fuzz_paths_and_walks_match_networkx():
    rng = random.Random(13)
    layouts = [" -> ".join, "->".join, ", ".join, " \u2192 ".join, lambda p: str(list(p)), " ".join]
    for level in (1, 4, 7, 10):
        for seed in range(3):
            p = TASK.generate(TASK.params(level), seed, 0).payload
            graph = nx.DiGraph() if p["directed"] else nx.Graph()
            graph.add_weighted_edges_from(p["edges"])
            best = nx.shortest_path_length(graph, p["source"], p["target"], weight="weight")
            paths = list(itertools.islice(nx.shortest_simple_paths(graph, p["source"], p["target"], "weight"), 8))
            for _ in range(10):  # random walks from the source
                walk = [p["source"]]
                for _ in range(rng.randrange(1, 8)):
                    nxt = list(graph.successors(walk[-1]) if p["directed"] else graph.neighbors(walk[-1]))
                    walk += [rng.choice(nxt)] if nxt else []
                paths.append(walk)
            for path in paths:
                ok = path[-1] == p["target"] and nx.path_weight(graph, path, "weight") == best
                for layout in layouts:
                    verdict = TASK.verify(p, wrap(layout(path)))
                    assert verdict.correct == ok, (level, seed, layout(path), verdict)
