"""Shortest path: generation and the question text, a verifier table of adversarial cases, agreement with
brute-force path enumeration and networkx (every optimal path passes, not only the reference), hostile input."""

from __future__ import annotations

import heapq
import itertools
import json
import random
import re

import networkx as nx
import numpy as np
import pytest

from logicforge.generators import shortest_path as gen
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import shortest_path as ver

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("shortest_path")
# Every wording of the question: (language, question macro).
WORDINGS = [(lang, m) for lang in prompts.LANGS for m in prompts.paraphrases(TASK.module, lang)]
_L = r"([A-Z]{1,2})"
# The edge layouts of the wordings: one edge a line ("A -> B: 3", "- A – B, 3 km", "A — B　3 千米"), adjacency
# lists ("A: B (3), C (5)"), (u, v, w) triples.
_EDGE_LINE = re.compile(rf"^(?:- )?{_L} (->|→|-|–|—) {_L}(?:: |：|, |　)(\d+)(?: km| 千米)?$", re.M)
_ADJ_LINE = re.compile(rf"^{_L}[:：] ?(.+)$", re.M)
_ADJ_ITEM = re.compile(rf"{_L} ?[(（](\d+)[)）](?:, |，|$)")
_TRIPLE = re.compile(rf"\({_L}, {_L}, (\d+)\)")
_DIRECTED = ("directed (", "one-way", "a directed graph", "only from the first", "有向图", "单行道", "只能从前一台")
_UNDIRECTED = ("undirected", "both directions", "either direction", "both ways", "无向图", "双向通行", "两个方向都能")
_ENDS = (rf"from (?:town )?{_L}\b.*?\bto (?:town )?{_L}\b", rf"starts at {_L} and ends at {_L}",
         rf"从(?:村庄)? ?{_L} ?.*?到(?:村庄)? ?{_L}")  # fmt: skip


def parse_question(question: str):
    """(nodes, adjacency, source, target) from the question text alone, in any wording."""
    directed = any(m in question for m in _DIRECTED)
    assert directed != any(m in question for m in _UNDIRECTED), "the graph kind is not stated exactly once"
    edges = [(u, v, w, arrow) for u, arrow, v, w in _EDGE_LINE.findall(question)]
    for u, rest in _ADJ_LINE.findall(question):
        items = _ADJ_ITEM.findall(rest)
        if items and "".join(_ADJ_ITEM.sub("", rest).split()) == "":
            edges += [(u, v, w, "") for v, w in items]
    edges += [(u, v, w, "") for u, v, w in _TRIPLE.findall(question)]
    assert edges, question
    last = question.rsplit("\n\n", 1)[1]  # the task comes after the edges
    source, target = next(m.groups() for pat in _ENDS if (m := re.search(pat, last)))
    nodes = sorted({x for u, v, _, _ in edges for x in (u, v)} | {source, target})
    adj: dict[str, dict[str, int]] = {n: {} for n in nodes}
    for u, v, w, arrow in edges:
        assert not arrow or (arrow in ("->", "→")) == directed, "edge arrows disagree with the graph kind"
        assert v not in adj[u], "an edge is listed twice"
        adj[u][v] = int(w)
        if not directed:
            assert u not in adj[v]
            adj[v][u] = int(w)
    return nodes, adj, source, target


def test_every_wording_shows_the_whole_graph():
    for level in (1, 5, 6, 10):
        for index in range(3):
            inst = TASK.generate(TASK.params(level), 4, index)
            p = inst.payload
            want = {(u, v): w for u, v, w in p["edges"]}
            if not p["directed"]:
                want.update({(v, u): w for u, v, w in p["edges"]})
            for lang, macro in WORDINGS:
                question = prompts.render(TASK.module, lang, macro, inst.fields)
                nodes, adj, source, target = parse_question(question)
                assert {(u, v): w for u in adj for v, w in adj[u].items()} == want, (lang, macro)
                assert (source, target) == (p["source"], p["target"]), (lang, macro)
                assert all(n in question for n in p["nodes"])


def test_first_english_wording_is_the_original_question():
    inst = TASK.generate(TASK.params(1), 0, 0)
    text = prompts.render(TASK.module, "en", "q1", inst.fields)
    edges = "\n".join(f"{u} - {v}: {w}" for u, v, w in inst.payload["edges"])
    assert text == (
        f"A weighted undirected graph has the nodes {', '.join(inst.payload['nodes'])}.\nIts edges, with their "
        f"weights, are:\n{edges}\n\nFind a path from {inst.payload['source']} to {inst.payload['target']} whose "
        "total edge weight is as small as possible. Any path with the minimum total is accepted."
    )


def _dist(adj, source):
    dist = {source: 0}
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, w in adj[u].items():
            if d + w < dist.get(v, float("inf")):
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return dist


def optimal_paths(question: str, cap: int = 20):
    """(optimum, up to `cap` distinct optimal paths) from the question text alone."""
    nodes, adj, source, target = parse_question(question)
    dist = _dist(adj, source)
    paths: list[list[str]] = []

    def walk(u, path):
        if len(paths) >= cap:
            return
        if u == target:
            paths.append(path)
            return
        for v, w in sorted(adj[u].items()):
            if dist[u] + w == dist.get(v):
                walk(v, path + [v])

    walk(source, [source])
    return dist[target], paths


def _one_path(adj, source, target):
    dist = _dist(adj, source)
    path = [target]
    while path[-1] != source:
        v = path[-1]
        path.append(next(u for u in adj if v in adj[u] and dist.get(u, -99) + adj[u][v] == dist[v]))
    return path[::-1]


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


# -- 1. generation and the question text ----------------------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 11))
def test_independent_solver_and_every_optimal_path_is_accepted(level):
    """From the question text alone: the optimum is the payload's, and every optimal path (alternatives
    to the reference included) passes in every layout."""
    assert "joined by ' -> '" in TASK.prompt("Q")[0]["content"]
    for seed in range(10):
        inst = TASK.generate(TASK.params(level), seed, 0, lang="mix")
        best, paths = optimal_paths(inst.question)
        assert best == inst.payload["optimum"]
        assert inst.answer.split(" -> ") in paths
        for path in paths:
            for form in (" -> ".join(path), "->".join(path), " → ".join(path), ", ".join(path), " ".join(path),
                         " - ".join(path), " -- ".join(path), " — ".join(path), " => ".join(path),
                         str(path), " -> ".join(path).lower()):  # fmt: skip
                verdict = TASK.verify(inst.payload, wrap(form))
                assert verdict.correct, (level, seed, form, verdict)


def test_directed_question_names_no_node_in_its_arrow_rule():
    inst = TASK.generate(TASK.params(7), 0, 0)  # 25 single-letter nodes: X and Y may be nodes
    assert "direction of its arrow" in prompts.render(TASK.module, "en", "q1", inst.fields)
    for lang, macro in WORDINGS:
        prose = _EDGE_LINE.sub("", prompts.render(TASK.module, lang, macro, inst.fields))
        assert not re.search(r"\b[A-Z]{1,2} ?(?:->|→) ?[A-Z]{1,2}\b", prose), (lang, macro)


def test_knob_extremes_generate_valid_items():
    for params in (
        gen.Params(n_nodes=3, degree=1, max_weight=1, min_hops=2),
        gen.Params(n_nodes=80, degree=1, max_weight=99, directed=True, min_hops=19),
        gen.Params(n_nodes=80, degree=8, max_weight=1, directed=True, min_hops=1),
    ):
        inst = gen.generate(params, item_rng("shortest_path", 0, 0))
        assert TASK.verify(inst.payload, wrap(inst.answer)).correct


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


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# Three optimal A..E paths of total 8 (A-B-D-E, A-C-D-E, A-B-C-D-E).
DIAMOND = {"nodes": ["A", "B", "C", "D", "E"], "directed": False, "source": "A", "target": "E", "optimum": 8,
           "edges": [["A", "B", 1], ["A", "C", 2], ["A", "E", 9], ["B", "C", 1], ["B", "D", 2], ["C", "D", 1],
                     ["D", "E", 5]]}  # fmt: skip
# One-way edges: A->B->C costs 2, the direct A->C costs 5, and C->A exists only that way round.
ONE_WAY = {"nodes": ["A", "B", "C"], "edges": [["A", "B", 1], ["A", "C", 5], ["B", "C", 1], ["C", "A", 1]],
           "directed": True, "source": "A", "target": "C", "optimum": 2}  # fmt: skip
# One-way A -> B <- C: the only way from A to C is the direct edge.
ARROWS = {"nodes": ["A", "B", "C"], "edges": [["A", "B", 1], ["C", "B", 1], ["A", "C", 5]],
          "directed": True, "source": "A", "target": "C", "optimum": 5}  # fmt: skip
VOWELS = {"nodes": ["E", "I", "O", "U", "Z"], "directed": False, "source": "E", "target": "U", "optimum": 4,
          "edges": [["E", "I", 5], ["E", "Z", 2], ["I", "Z", 3], ["O", "U", 4], ["O", "Z", 2],
                    ["U", "Z", 2]]}  # fmt: skip
ZERO = {"nodes": list("ABCDE"), "edges": [["A", "B", 0], ["B", "C", 1], ["D", "E", 1]], "directed": False,
        "source": "A", "target": "C", "optimum": 1}  # fmt: skip

CASES = [
    # (payload, answer, expected reason)
    (DIAMOND, "A -> E", "not_optimal"),  # a real path, but the heavy direct edge
    (DIAMOND, "A -> B -> E", "violates:edge"),  # B and E are not adjacent
    (DIAMOND, "B -> D -> E", "violates:start"),  # starts at the wrong node
    (DIAMOND, "A -> B -> D", "violates:end"),  # stops one short
    (DIAMOND, "A", "violates:end"),  # the start alone
    (DIAMOND, "A -> B -> D -> E -> D -> E", "too_long"),  # a detour: more steps than nodes
    (DIAMOND, "A -> B -> A -> E", "not_optimal"),  # a cycle inside the path
    (DIAMOND, "A -> B -> C -> A -> E", "not_optimal"),  # a longer cycle
    (DIAMOND, "A -> X -> E", "unknown_item"),  # a node that does not exist
    (DIAMOND, "A -> D or E", "unknown_item"),  # a hedge written as prose
    (DIAMOND, "A -> B -> D -> E or A -> E", "too_long"),  # a hedge, longer than any simple path
    (DIAMOND, "8", "unknown_item"),  # the total instead of the path
    (DIAMOND, "A -> B -> D -> E (8)", "parse_error"),  # the total appended
    (DIAMOND, "A -> B -> D -> E!", "parse_error"),  # trailing punctuation other than a full stop
    (DIAMOND, "Path: A -> B -> D -> E", "parse_error"),  # a label before the path
    (DIAMOND, "A -> -> D -> E", "parse_error"),  # an empty step
    (DIAMOND, "A -> B -> D -> E\nA -> B -> D -> E", "too_long"),  # the answer twice
    (DIAMOND, "A -> C -> D -> E -> A -> B -> D -> E", "too_long"),  # two optimal paths glued
    (DIAMOND, "A -> E -> A -> E", "not_optimal"),  # back and forth over an edge
    (DIAMOND, "A -> B -> D -> E", "ok"),  # every optimal path passes
    (DIAMOND, "A -> C -> D -> E", "ok"),
    (DIAMOND, "A -> B -> C -> D -> E", "ok"),
    (DIAMOND, "A, B, D, E", "ok"),
    (DIAMOND, "A B D E", "ok"),
    (DIAMOND, "[A, B, D, E]", "ok"),
    (DIAMOND, "['A', 'B', 'D', 'E']", "ok"),
    (DIAMOND, "a -> b -> d -> e", "ok"),
    (DIAMOND, "A\u2192B\u2192D\u2192E", "ok"),
    (DIAMOND, "A-B-D-E", "ok"),
    (DIAMOND, "A --> B --> D --> E", "ok"),
    (DIAMOND, "A => B => D => E", "ok"),
    (DIAMOND, "A\nB\nD\nE", "ok"),
    (DIAMOND, "(A, B, D, E)", "ok"),
    (DIAMOND, "A -> B -> D -> E.", "ok"),  # a closing full stop
    (dict(DIAMOND, optimum=7), "A -> B -> D -> E", "bad_payload"),  # a corrupted stored optimum is caught
    (dict(DIAMOND, optimum=9), "A -> E", "bad_payload"),
    (ONE_WAY, "A -> B -> C", "ok"),
    (ONE_WAY, "A -> C", "not_optimal"),  # the direct one-way edge is heavier
    (ONE_WAY, "A -> C -> B", "violates:end"),  # ends at B
    (dict(ONE_WAY, target="B", optimum=1), "A -> C -> B", "violates:edge"),  # C -> B runs against the edge B -> C
    (ONE_WAY, "C -> A", "violates:start"),  # the reverse trip
    (dict(ONE_WAY, source="C", target="B"), "C -> B", "violates:edge"),  # only B -> C exists
    (dict(ONE_WAY, source="C", target="B"), "C -> A -> B", "ok"),
    (ARROWS, "A -> C", "ok"),
    (ARROWS, "A -> B -> C", "violates:edge"),  # B -> C does not exist
    (ZERO, "A -> B -> A -> B -> C", "duplicate_item"),  # regression: a walk over a 0-weight edge passed
    (ZERO, "A -> B -> C", "ok"),
    (VOWELS, "`E -> Z -> U`", "ok"),  # inline code
    (VOWELS, "**E → Z → U**", "ok"),
    (VOWELS, "\\boxed{E \\to Z \\to U}", "ok"),  # LaTeX arrows: \to, \rightarrow, \longrightarrow
    (VOWELS, "E→Z→U", "ok"),
    (VOWELS, "e, z, u", "ok"),
    (VOWELS, "E \\toZ \\to U", "parse_error"),  # \toZ is no arrow
    (VOWELS, "E \\top Z \\to U", "parse_error"),  # nor is \top
    (VOWELS, "E -> Z -> O -> Z -> U", "not_optimal"),  # a detour through a repeated node
    (VOWELS, "E -> Z -> E -> Z -> U", "not_optimal"),  # a revisit costs weight
    (VOWELS, "E -> Z -> O -> Z -> U -> Z -> U", "too_long"),  # more steps than there are nodes
    (VOWELS, "E -> Z -> Z -> U", "violates:edge"),  # a node twice in a row is no edge
    (VOWELS, "E -> U", "violates:edge"),
    (VOWELS, "E <- Z <- U", "parse_error"),
    (VOWELS, "U -> Z -> E", "violates:start"),
    (VOWELS, "EZU", "unknown_item"),
    (VOWELS, "E -> \u0417 -> U", "parse_error"),  # Cyrillic Ze looks like Z
    (VOWELS, "E -> Z -> U (4)", "parse_error"),  # the total is not part of the path
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


# Latin capitals -> Cyrillic/Greek look-alikes.
_LOOKALIKES = str.maketrans("ABCEHKMOPTXZ", "\u0410\u0412\u0421\u0415\u041d\u041a\u041c\u041e\u0420\u0422\u0425\u0396")


@pytest.mark.parametrize("level", [1, 4, 8])
def test_near_misses_fail(level):
    for seed in range(6):
        inst = TASK.generate(TASK.params(level), seed, 0, lang="mix")
        best, paths = optimal_paths(inst.question)
        nodes, adj, source, target = parse_question(inst.question)
        path = paths[0]
        bads = [
            " -> ".join(path[:-1]),  # stops early
            " -> ".join(path[1:]),  # starts late
            " -> ".join(path[::-1]),  # reversed
            " -> ".join([path[0]] + path),  # source twice (self loop)
            " -> ".join(path + [path[-2], path[-1]]),  # detour back and forth
            " -> ".join([path[0], path[-1]]),  # jump
            " -> ".join(path) + f" (total {best})",  # prose
            " -> ".join(path) + "\n" + " -> ".join(path),  # the path twice
            "".join(path),  # no separators
            " -> ".join(path) + " ->",
            " -> ".join(p.translate(_LOOKALIKES) for p in path),
            inst.question,
            " -> ".join(path) + " or " + " -> ".join(path[::-1]),
        ]
        # a walk to the target that is not optimal, when the graph has one
        for v in adj[path[0]]:
            if v != path[1]:
                dist = _dist(adj, v)
                if target in dist and adj[path[0]][v] + dist[target] > best:
                    bads.append(" -> ".join([path[0], v, *_one_path(adj, v, target)[1:]]))
                    break
        for bad in bads:
            if bad == " -> ".join(path):
                continue  # the look-alike swap found no letter to replace
            verdict = TASK.verify(inst.payload, wrap(bad))
            assert not verdict.correct, (level, seed, bad, verdict)


def test_parse_path_is_strict_and_bounded():
    assert ver.parse_path("A -> B", 5) == ["A", "B"]
    assert ver.parse_path("A -> B -> C", 2) is None  # more labels than the limit
    assert ver.parse_path("A -> " * 5000, 10) is None
    assert ver.parse_path("A ->", 5) is None
    assert ver.parse_path("ABCDE -> B", 5) is None  # labels are at most four characters
    assert ver.parse_path("A -> -> B", 5) is None and ver.parse_path("A ->> B", 5) is None


def test_hostile_input_is_refused_fast():
    payload = TASK.generate(TASK.params(10), 0, 0).payload
    hostile = ["A -> " * 4000 + "B", "\u2014" * 19_000, "-" * 19_000, "AB " * 6000, "[" * 19_000, "\ufdfa" * 19_000]
    assert_refused_fast(TASK, [json.dumps(payload)], hostile, limit=0.2)
    assert_refused_fast(TASK, [ZERO], HOSTILE_MIXED)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


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


def test_fuzz_paths_walks_and_edits_match_networkx():
    """The k shortest simple paths, random walks from the source and edits of the reference (a detour out
    and back, a node replaced, reversed, a node dropped), in many layouts, against networkx."""
    rng = random.Random(13)
    layouts = [" -> ".join, "->".join, ", ".join, " \u2192 ".join, lambda p: str(list(p)), " ".join,
               lambda p: " - ".join(p).lower()]  # fmt: skip
    for level in (1, 4, 7, 10):
        for seed in range(3):
            p = TASK.generate(TASK.params(level), seed, 0).payload
            graph = nx.DiGraph() if p["directed"] else nx.Graph()
            graph.add_weighted_edges_from(p["edges"])
            best = nx.shortest_path_length(graph, p["source"], p["target"], weight="weight")
            assert best == p["optimum"]
            paths = list(itertools.islice(nx.shortest_simple_paths(graph, p["source"], p["target"], "weight"), 8))
            for _ in range(10):  # random walks from the source
                walk = [p["source"]]
                for _ in range(rng.randrange(1, 8)):
                    nxt = list(graph.successors(walk[-1]) if p["directed"] else graph.neighbors(walk[-1]))
                    walk += [rng.choice(nxt)] if nxt else []
                paths.append(walk)
            ref = paths[0]
            for _ in range(20):  # edits of a shortest path
                path, k = list(ref), rng.randrange(5)
                if k == 0:
                    i = rng.randrange(len(path))
                    if nbrs := list(graph.successors(path[i]) if p["directed"] else graph.neighbors(path[i])):
                        path[i + 1 : i + 1] = [rng.choice(nbrs), path[i]]
                elif k == 1:
                    path[rng.randrange(len(path))] = rng.choice(p["nodes"])
                elif k == 2:
                    path = path[::-1]
                elif k == 3:
                    path.pop(rng.randrange(1, len(path) - 1))
                paths.append(path)
            for path in paths:
                is_walk = all(graph.has_edge(u, v) for u, v in zip(path, path[1:]))
                ok = (is_walk and len(set(path)) == len(path) and path[0] == p["source"]
                      and path[-1] == p["target"] and nx.path_weight(graph, path, "weight") == best)  # fmt: skip
                for layout in rng.sample(layouts, 3):
                    verdict = TASK.verify(p, wrap(layout(path)))
                    assert verdict.correct == ok, (level, seed, layout(path), verdict)
