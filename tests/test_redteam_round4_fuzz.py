"""Red team, round 4 (continued): seeded fuzz of cryptarithm, dyck_language, shortest_path, word_sorting
and minesweeper, whose verdicts must match a check written here from the payload alone."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx

from redteam_util import wrap

from logicforge.tasks import get_task

CRYPT = get_task("cryptarithm")
DYCK, PATH, MINES, WORDS = (get_task(n) for n in ("dyck_language", "shortest_path", "minesweeper", "word_sorting"))


# -- cryptarithm: three answer forms, also every solution that ignores the hints, against a re-check ----


def _crypt_valid(p: dict, digit: dict[str, int]) -> bool:
    """Distinct digits, no leading zero, the hints kept, the arithmetic exact."""
    words = [*p["terms"], p["result"]]
    if len(set(digit.values())) != len(digit) or any(digit[w[0]] == 0 for w in words):
        return False
    *terms, result = (int("".join(str(digit[c]) for c in w)) for w in words)
    value = {"+": sum(terms), "-": terms[0] - sum(terms[1:]), "*": math.prod(terms)}[p["op"]]
    return value == result and all(digit[c] == d for c, d in p["given"])


def _unhinted(p: dict) -> list[dict[str, int]]:
    """Every assignment that makes the equation true, hints ignored (terms' letters brute-forced)."""
    out, term_letters = [], sorted({c for w in p["terms"] for c in w})
    for perm in itertools.permutations(range(10), len(term_letters)):
        digit = dict(zip(term_letters, perm))
        *terms, result = ("".join(str(digit.get(c, "?")) for c in w) for w in [*p["terms"], p["result"]])
        value = str({"+": sum, "*": math.prod}.get(p["op"], lambda t: t[0] - sum(t[1:]))([int(t) for t in terms]))
        if len(value) != len(p["result"]):
            continue
        for c, d in zip(p["result"], value):
            if digit.setdefault(c, int(d)) != int(d):
                break
        else:
            if len(set(digit.values())) == len(digit) and all(digit[w[0]] for w in [*p["terms"], p["result"]]):
                out.append(digit)
    return out


def _crypt_text(p: dict, digit: dict[str, int], rng: random.Random) -> tuple[str, bool]:
    """One answer form for `digit` and whether the form itself is complete (a partial or doubled mapping
    is not, whatever the digits)."""
    words = [*p["terms"], p["result"]]
    nums = ["".join(str(digit[c]) for c in w) for w in words]
    form = rng.randrange(3)
    if form == 0:
        op = rng.choice({"+": ["+"], "-": ["-", "−", "–"], "*": ["*", "×", "x", "·", "∗", "\\times"]}[p["op"]])
        if rng.random() < 0.3:  # column layout
            return "\n".join([nums[0], *(f"{op} {n}" for n in nums[1:-1]), "-" * 8, nums[-1]]), True
        return f"{rng.choice([' ', ''])}{op}{rng.choice([' ', ''])}".join(nums[:-1]) + " = " + nums[-1], True
    if form == 1:
        return rng.choice([", ", "\n"]).join(f"{w} = {n}" for w, n in zip(words, nums)), True
    pairs, complete = sorted(digit.items()), True
    if rng.random() < 0.15:
        pairs.pop(rng.randrange(len(pairs)))  # a partial mapping
        complete = False
    elif rng.random() < 0.15:
        pairs.append(rng.choice(pairs))  # a letter twice, with its digit
        complete = False
    arrow, sep = rng.choice(["=", " = ", ": ", " -> ", " → "]), rng.choice([", ", "; ", " ", "\n"])
    case = str.lower if rng.random() < 0.2 else str
    return sep.join(f"{case(c)}{arrow}{d}" for c, d in pairs), complete


def test_fuzz_cryptarithm_matches_a_recheck():
    rng = random.Random(47)
    for level in (1, 2, 4, 7, 10):
        for seed in range(3):
            inst = CRYPT.generate(CRYPT.params(level), seed, 0)
            p, words = inst.payload, [*inst.payload["terms"], inst.payload["result"]]
            numbers = [t for t in inst.answer.split() if t.isdigit()]
            sol = {c: int(d) for w, n in zip(words, numbers) for c, d in zip(w, n)}
            cases = _unhinted(p) if level <= 2 else []  # true arithmetic that may break the hints
            for _ in range(25):
                digit, k = dict(sol), rng.randrange(3)
                if k == 0:
                    a, b = rng.sample(sorted(sol), 2)
                    digit[a], digit[b] = digit[b], digit[a]
                elif k == 1:
                    digit[rng.choice(sorted(sol))] = rng.randrange(10)
                cases.append(digit)
            for digit in cases:
                text, complete = _crypt_text(p, digit, rng)
                verdict = CRYPT.verify(p, wrap(text))
                assert verdict.correct == (complete and _crypt_valid(p, digit)), (level, seed, text, verdict)


# -- dyck_language, shortest_path, word_sorting, minesweeper: layouts and edits against own checks ---------

_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def test_fuzz_dyck_matches_a_replay():
    rng = random.Random(53)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            prefix = DYCK.generate(DYCK.params(level), seed, 0).payload["prefix"]
            stack = []
            for ch in prefix:
                stack.append(_PAIRS[ch]) if ch in _PAIRS else stack.pop()
            owed = stack[::-1]
            for _ in range(30):
                c, k = owed[:], rng.randrange(5)
                if k == 0:
                    c.insert(rng.randrange(len(c) + 1), rng.choice(")]}>([{<"))
                elif k == 1:
                    c.pop(rng.randrange(len(c)))
                elif k == 2:
                    c[rng.randrange(len(c))] = rng.choice(")]}>")
                want = c == owed  # the minimal completion is unique
                full = rng.random() < 0.3
                body = ([*prefix, *c] if full else c)
                text = rng.choice([" ", "", ", ", "\n"]).join(body)
                verdict = DYCK.verify({"prefix": prefix}, wrap(text))
                assert verdict.correct == want, (level, seed, text, verdict)


def test_fuzz_shortest_path_matches_networkx():
    rng = random.Random(59)
    layouts = [" -> ".join, " → ".join, ", ".join, lambda p: str(list(p)), lambda p: " - ".join(p).lower()]
    for level in (1, 4, 7, 10):
        for seed in range(3):
            p = PATH.generate(PATH.params(level), seed, 0).payload
            graph = nx.DiGraph() if p["directed"] else nx.Graph()
            graph.add_weighted_edges_from(p["edges"])
            best = nx.shortest_path_length(graph, p["source"], p["target"], weight="weight")
            ref = nx.shortest_path(graph, p["source"], p["target"], weight="weight")
            for _ in range(20):
                path, k = list(ref), rng.randrange(5)
                if k == 0:  # a detour out and back
                    i = rng.randrange(len(path))
                    if nbrs := list(graph.successors(path[i]) if p["directed"] else graph.neighbors(path[i])):
                        path[i + 1 : i + 1] = [rng.choice(nbrs), path[i]]
                elif k == 1:
                    path[rng.randrange(len(path))] = rng.choice(p["nodes"])
                elif k == 2:
                    path = path[::-1]
                elif k == 3:
                    path.pop(rng.randrange(1, len(path) - 1))
                is_walk = all(graph.has_edge(u, v) for u, v in zip(path, path[1:]))
                want = (is_walk and len(set(path)) == len(path) and path[0] == p["source"]
                        and path[-1] == p["target"] and nx.path_weight(graph, path, "weight") == best)  # fmt: skip
                verdict = PATH.verify(p, wrap(rng.choice(layouts)(path)))
                assert verdict.correct == want, (level, seed, path, verdict)


def test_fuzz_word_sorting_matches_a_sort():
    rng = random.Random(61)
    layouts = [", ".join, "\n".join, " ".join, "\t".join, lambda w: str(list(w)), lambda w: "; ".join(w).upper(),
               lambda w: "\n".join(f"{i + 1}. {x}" for i, x in enumerate(w))]  # fmt: skip
    for level in (1, 4, 7, 10):
        for seed in range(3):
            p = WORDS.generate(WORDS.params(level), seed, 0).payload
            rank = {c: i for i, c in enumerate(p["alphabet"])}
            want = sorted(p["words"], key=lambda w: [rank[c] for c in w], reverse=p["descending"])
            for _ in range(20):
                words, k = want[:], rng.randrange(5)
                if k == 0:
                    i = rng.randrange(len(words) - 1)
                    words[i], words[i + 1] = words[i + 1], words[i]
                elif k == 1:
                    words[rng.randrange(len(words))] = rng.choice(words)  # a duplicate in place of a word
                elif k == 2:
                    words.append(rng.choice(words))
                verdict = WORDS.verify(p, wrap(rng.choice(layouts)(words)))
                assert verdict.correct == (words == want), (level, seed, words, verdict)


def _forced(p: dict) -> set[tuple[int, int]]:
    """Hidden cells that are mines in every arrangement fitting the numbers (and the total), by brute force."""
    rows, cols, grid = p["rows"], p["cols"], p["grid"]
    hidden = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "?"]
    always = set(hidden)
    for bits in itertools.product((0, 1), repeat=len(hidden)):
        mines = {cell for cell, b in zip(hidden, bits) if b}
        if p["total"] is not None and len(mines) != p["total"]:
            continue
        if all(int(grid[r][c]) == sum((r + dr, c + dc) in mines for dr in (-1, 0, 1) for dc in (-1, 0, 1))
               for r in range(rows) for c in range(cols) if grid[r][c] != "?"):  # fmt: skip
            always &= mines
    return always


def test_fuzz_minesweeper_matches_brute_force():
    rng = random.Random(67)
    layouts = [lambda cs: ", ".join(f"({r}, {c})" for r, c in cs), lambda cs: str([list(x) for x in cs]),
               lambda cs: "\n".join(f"({r},{c})" for r, c in cs)]  # fmt: skip
    done = 0
    for seed in range(12):
        p = MINES.generate(MINES.params(rng.choice([1, 2])), seed, 0).payload
        if sum(row.count("?") for row in p["grid"]) > 14:
            continue  # keep the brute force to 2**14 arrangements
        done += 1
        truth = _forced(p)
        hidden = [(r, c) for r, row in enumerate(p["grid"]) for c, ch in enumerate(row) if ch == "?"]
        for _ in range(15):
            cells, k = sorted(truth), rng.randrange(5)
            if k == 0:
                cells.pop(rng.randrange(len(cells)))
            elif k == 1:
                cells.append(rng.choice(hidden))
            elif k == 2:
                cells = [(c, r) for r, c in cells]  # (col, row)
            elif k == 3:
                cells = [(r + 1, c + 1) for r, c in cells]  # 1-based
            rng.shuffle(cells)
            want = len(set(cells)) == len(cells) and set(cells) == truth
            verdict = MINES.verify(p, wrap(rng.choice(layouts)(cells)))
            assert verdict.correct == want, (seed, cells, sorted(truth), verdict)
    assert done >= 4
