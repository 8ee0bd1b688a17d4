"""space_reasoning_tree: an oracle that rebuilds the tree from the facts its own way, a reader of every fact wording
in both languages, universal and near-miss answers on every instance, the adversarial table, and hostile input."""

from __future__ import annotations

import re
import time

import pytest

from logicforge.generators import space_reasoning_tree as gen
from logicforge.generators._space_reasoning_tree_family import KINDS
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import _space_reasoning_tree_words as words

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("space_reasoning_tree")
EN, ZH = prompts._module("space_reasoning_tree", "en"), prompts._module("space_reasoning_tree", "zh")


# -- the oracle: parents by sibling groups, generations by walking up, relations as set comprehensions ------------


class Tree:
    """The tree the facts describe: sibling facts join people into groups (union-find), a group takes the parent
    that a parent fact gives any of its members, and a generation is the length of the walk up to the founder."""

    def __init__(self, payload: dict):
        self.people = list(payload["people"])
        group = {p: p for p in self.people}

        def find(p):
            while group[p] != p:
                p = group[p]
            return p

        for kind, a, b in payload["facts"]:
            if kind == "sibling" and find(a) != find(b):
                group[find(a)] = find(b)
        parent_of_group = {}
        for kind, a, b in payload["facts"]:
            if kind == "parent":
                assert parent_of_group.setdefault(find(b), a) == a, "two parents for one group of siblings"
        self.parent = {p: parent_of_group.get(find(p)) for p in self.people}
        (self.founder,) = [p for p in self.people if self.parent[p] is None]
        self.gen = {p: len(self.ancestors(p)) for p in self.people}

    def ancestors(self, p) -> list[str]:
        out = []
        while self.parent[p] is not None:
            p = self.parent[p]
            out.append(p)
            assert len(out) <= len(self.people), "a cycle"
        return out

    def up(self, p, k):
        chain = [p, *self.ancestors(p)]
        return chain[k] if k < len(chain) else None

    def sibs(self, x):
        return {q for q in self.people if q != x and self.parent[q] is not None and self.parent[q] == self.parent[x]}

    def kids(self, x):
        return {q for q in self.people if self.parent[q] == x}

    def relation(self, q: dict) -> set[str]:
        x, kind, people = q["x"], q["kind"], self.people
        if kind == "siblings":
            return self.sibs(x)
        if kind == "grandchildren":
            return {p for p in people if self.up(p, 2) == x}
        if kind == "aunts_uncles":
            return self.sibs(self.parent[x]) if self.parent[x] else set()
        if kind == "nephews":
            return {p for p in people if self.parent[p] in self.sibs(x)}
        if kind == "cousins":
            aunts = self.relation({"kind": "aunts_uncles", "x": x})
            return {p for p in people if self.parent[p] in aunts}
        if kind == "generation":
            return {p for p in people if p != x and self.gen[p] == self.gen[x]}
        if kind == "descendants":
            return {p for p in people if self.gen[p] == self.gen[x] + q["k"] and self.up(p, q["k"]) == x}
        common = set(self.ancestors(x)) & set(self.ancestors(q["y"]))
        return {max(common, key=lambda p: self.gen[p])}


def _text(names) -> str:
    return ", ".join(sorted(n.capitalize() for n in names)) or "none"


def ORACLE(payload: dict) -> list[str]:
    """The one answer: the relation evaluated on the tree rebuilt from the facts (a relation of a tree is one set)."""
    return [_text(Tree(payload).relation(payload["query"]))]


def instances(levels=range(1, 11), n=12, seed=5, lang="en"):
    return [(level, TASK.generate(TASK.params(level), seed, i, lang=lang)) for level in levels for i in range(n)]


def test_oracle_agrees_with_the_reference_at_every_level():
    for level, inst in instances(n=15, seed=3):
        assert ORACLE(inst.payload) == [inst.answer], level
        assert sorted(inst.payload["answer"]) == inst.payload["answer"] and inst.payload["answer"]


def test_the_tree_has_its_knobs_shape():
    for level, inst in instances(n=6, seed=8):
        p, tree = TASK.params(level), Tree(inst.payload)
        assert len(tree.people) == p.nodes == len(inst.payload["facts"]) + 1  # one fact per person but the founder
        assert max(tree.gen.values()) == p.depth
        assert max(len(tree.kids(v)) for v in tree.people) <= p.branching
        assert inst.payload["query"]["kind"] in p.kinds()


# -- universal answers and near misses fail on every instance -----------------------------------------------------


def _near_misses(tree: Tree, q: dict) -> list[set[str]]:
    """What a one-step misreading gives, from the oracle's tree (the generator keeps none of them as the answer)."""
    x, kind, people = q["x"], q["kind"], tree.people
    layer = lambda d: {p for p in people if tree.gen[p] == d}  # noqa: E731
    d, sibs = tree.gen[x], tree.sibs(x)
    rel = lambda k: tree.relation({"kind": k, "x": x})  # noqa: E731
    return {
        "siblings": [layer(d) - {x}],
        "grandchildren": [layer(d + 2), rel("nephews")],
        "aunts_uncles": [layer(d - 1) - {tree.parent[x]}, sibs],
        "nephews": [layer(d + 1) - tree.kids(x), rel("cousins"), tree.kids(x)],
        "cousins": [layer(d) - {x}, sibs | rel("cousins"), sibs, rel("aunts_uncles"), rel("nephews")],
        "generation": [sibs, sibs | rel("cousins")],
        "descendants": [layer(d + q.get("k", 0)), rel("grandchildren")] if q.get("k", 0) != 2 else [layer(d + 2)],
        "lca": [{tree.founder}, {tree.parent[x]}, {tree.parent.get(q.get("y"))}],
    }[kind]


def _universal(tree: Tree, q: dict) -> list[set[str]]:
    everyone = set(tree.people)
    named = {q["x"], q.get("y", q["x"])}
    return [
        everyone,
        set(),
        {tree.founder},
        named,
        {q["x"]},
        tree.kids(q["x"]),
        {tree.parent[q["x"]]} - {None},
        everyone - {q["x"]},
        everyone - named - {tree.founder},
    ]


def test_universal_answers_and_near_misses_fail_on_every_instance():
    for level, inst in instances(n=25, seed=11):
        tree, q = Tree(inst.payload), inst.payload["query"]
        want = set(inst.payload["answer"])
        for guess in _universal(tree, q) + _near_misses(tree, q):
            if guess == want:
                raise AssertionError((level, q, sorted(guess)))
            text = _text(guess)
            assert not TASK.verify(inst.payload, wrap(text)).correct, (level, q, text)


def test_the_closest_common_ancestor_is_never_the_founder_nor_a_parent():
    for _, inst in instances(levels=(7, 10), n=30, seed=2):
        tree, q = Tree(inst.payload), inst.payload["query"]
        if q["kind"] == "lca":
            (top,) = inst.payload["answer"]
            assert top != tree.founder and tree.gen[q["x"]] - tree.gen[top] >= 2 <= tree.gen[q["y"]] - tree.gen[top]


def test_the_levels_find_a_fair_question_of_the_drawn_kind_in_the_first_stage(monkeypatch):
    searches = []
    real = gen._questions

    def counted(fam, kind, rng):
        searches[-1] += 1
        return real(fam, kind, rng)

    monkeypatch.setattr(gen, "_questions", counted)
    for level in range(1, 11):
        for i in range(40):
            searches.append(0)
            TASK.generate(TASK.params(level), 21, i)
    assert max(searches) <= gen.TREE_TRIES / 2, max(searches)  # measured: at most 25 trees in 1,000 items


def test_every_kind_is_asked():
    seen = {inst.payload["query"]["kind"] for _, inst in instances(n=30, seed=4)}
    assert seen == set(KINDS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_copying_a_number_or_the_question_fails(lang):
    for level, inst in instances(levels=(1, 6, 10), n=6, seed=13, lang=lang):
        for d in set(re.findall(r"[0-9]+", inst.question)):
            assert TASK.verify(inst.payload, wrap(d)).reason in ("unknown_item", "too_long"), (level, d)
        assert not TASK.verify(inst.payload, wrap(inst.question)).correct


# -- the text says what the payload holds, in both languages ------------------------------------------------------

_N = r"([A-Z][a-z]+)"
EN_FACTS = [
    (rf"{_N} is the parent of {_N}\.", "parent", 1, 2), (rf"{_N} is a child of {_N}\.", "parent", 2, 1),
    (rf"{_N}'s parent is {_N}\.", "parent", 2, 1), (rf"{_N} has a child named {_N}\.", "parent", 1, 2),
    (rf"{_N} and {_N} are siblings\.", "sibling", 1, 2), (rf"{_N}'s parent is also {_N}'s parent\.", "sibling", 1, 2),
    (rf"{_N} has the same parent as {_N}\.", "sibling", 2, 1), (rf"{_N} is a brother or sister of {_N}\.", "sibling", 2, 1),
]  # fmt: skip
_Z = r"(\w\w)"
ZH_FACTS = [
    (rf"{_Z}是{_Z}的儿子。", "parent", 2, 1), (rf"{_Z}是{_Z}的父亲。", "parent", 1, 2),
    (rf"{_Z}有个儿子叫{_Z}。", "parent", 1, 2), (rf"{_Z}的父亲是{_Z}。", "parent", 2, 1),
    (rf"{_Z}和{_Z}是亲兄弟。", "sibling", 1, 2), (rf"{_Z}的父亲也是{_Z}的父亲。", "sibling", 1, 2),
    (rf"{_Z}和{_Z}是同一个父亲的儿子。", "sibling", 2, 1), (rf"{_Z}与{_Z}是兄弟。", "sibling", 2, 1),
]  # fmt: skip


def _read(text: str, lang: str) -> tuple:
    """(kind, a, b) of one rendered fact, ids recovered from the names: exactly one wording must match."""
    back = {v: k for k, v in words.ZH.items()}
    found = []
    for pattern, kind, i, j in EN_FACTS if lang == "en" else ZH_FACTS:
        m = re.fullmatch(pattern, text)
        if m:
            a, b = (m[i].lower(), m[j].lower()) if lang == "en" else (back[m[i]], back[m[j]])
            found.append((kind, a, b))
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_wording_of_every_fact_reads_back_to_the_payload(lang):
    module = EN if lang == "en" else ZH
    for _, inst in instances(levels=(4, 10), n=4, seed=9):
        for e, fact in zip(inst.fields["facts"], inst.payload["facts"]):
            for shift in range(4):
                kind, a, b = _read(str(module.fact(e, shift)).strip(), lang)
                assert kind == fact[0]
                assert (a, b) == (fact[1], fact[2]) or kind == "sibling" and {a, b} == {fact[1], fact[2]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_paraphrase_shows_everyone_every_fact_and_the_question(lang):
    module = EN if lang == "en" else ZH
    name = (lambda i: i.capitalize()) if lang == "en" else words.ZH.__getitem__
    for _, inst in instances(levels=(1, 5, 8), n=4, seed=6):
        f, q = inst.fields, inst.fields["query"]
        for shift, macro in enumerate(prompts.paraphrases("space_reasoning_tree", lang)):
            text = prompts.render("space_reasoning_tree", lang, macro, f)
            assert all(name(p) in text for p in f["people"])
            assert all(str(module.fact(e, shift)).strip() in text for e in f["facts"]), macro
            assert str(module.define(q)).strip() in text and name(q["x"]) in text
            if q["kind"] == "lca":
                assert name(q["y"]) in text
            if q["kind"] == "descendants":
                assert str(q["k"]) in text


def test_the_template_names_are_the_vocabulary():
    assert dict(ZH.ZH) == words.ZH
    assert len(words.IDS) == len(set(words.IDS)) == len(set(words.ZH.values())) >= 60
    assert all(re.fullmatch(r"[a-z]{2,8}", i) for i in words.IDS)
    assert all(re.fullmatch(r"\w\w", z) and not z.isascii() for z in words.ZH.values())
    assert not (set(words.IDS) | set(words.ZH.values())) & words.EMPTY


def test_the_chinese_reference_names_the_same_people():
    for _, inst in instances(levels=(2, 9), n=5, seed=1, lang="zh"):
        back = {v: k for k, v in words.ZH.items()}
        assert [back[z] for z in inst.answer.split("、")] == inst.payload["answer"]


# -- knobs, levels, speed -----------------------------------------------------------------------------------------


def test_knob_ranges_and_cross_rules():
    for knobs, match in [
        ({"nodes": "61"}, "nodes"),
        ({"relations": "siblings,aunts"}, "relations"),
        ({"relations": ""}, "relations"),
        ({"relations": "siblings,siblings"}, "relations"),
        ({"nodes": "5", "depth": "3"}, "depth \\+ 3"),
        ({"nodes": "60", "branching": "2"}, "fit"),
        ({"relations": "lca"}, "depth >= 3"),
        ({"indirect_share": "0.7"}, "indirect_share"),
    ]:
        with pytest.raises(ValueError, match=match):
            TASK.params(1, knobs)
    for kind in KINDS:  # every kind alone, on a small tree, still gives a fair question
        params = TASK.params(1, {"nodes": "14", "depth": "4", "relations": kind, "indirect_share": "0.6"})
        for i in range(5):
            inst = TASK.generate(params, 0, i)
            assert ORACLE(inst.payload) == [inst.answer] and inst.payload["query"]["kind"] == kind


def test_indirect_facts_grow_with_the_share():
    counts = []
    for level in (3, 7, 10):
        facts = [f for _, inst in instances([level], n=10) for f in inst.payload["facts"]]
        counts.append(sum(f[0] == "sibling" for f in facts) / len(facts))
    assert counts[0] == 0 < counts[1] < counts[2]


def test_generation_and_verification_are_fast():
    start = time.perf_counter()
    items = [inst for _, inst in instances([10], n=20)]
    assert (time.perf_counter() - start) / len(items) < 0.25  # measured: about 2 ms an item
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for inst in items:
            TASK.verify(inst.payload, wrap(inst.answer))
            calls += 1
    assert calls / (time.perf_counter() - start) > 10_000 / 4  # >= 10k/s on an idle core; this box is shared


# -- adversarial answers on fixed payloads ------------------------------------------------------------------------

# anna -> ben, carl, dora (dora is ben's sibling); ben -> eli, emma; carl -> felix, gina; dora -> hugo; eli -> ivan
FACTS = [["parent", "anna", "ben"], ["parent", "anna", "carl"], ["sibling", "ben", "dora"], ["parent", "ben", "eli"],
         ["sibling", "eli", "emma"], ["parent", "carl", "felix"], ["parent", "carl", "gina"],
         ["parent", "dora", "hugo"], ["parent", "eli", "ivan"]]  # fmt: skip
PEOPLE = sorted({x for f in FACTS for x in f[1:]})
P = {"people": PEOPLE, "facts": FACTS, "query": {"kind": "cousins", "x": "eli"}, "answer": ["felix", "gina", "hugo"]}
LCA = {**P, "query": {"kind": "lca", "x": "ivan", "y": "felix"}, "answer": ["anna"]}
EMPTY = {**P, "query": {"kind": "nephews", "x": "felix"}, "answer": []}
Z = words.ZH

CASES = [
    (P, "Felix, Gina, Hugo", "ok"),
    (P, "hugo, FELIX, gina", "ok"),  # any order, any letter case
    (P, "Felix Gina Hugo", "ok"),  # names are single words: spaces separate them too
    (P, "Felix\nGina\nHugo", "ok"),
    (P, "Felix; Gina; Hugo", "ok"),
    (P, "[Felix, Gina, Hugo]", "ok"),
    (P, "1. Felix\n2. Gina\n3. Hugo", "ok"),
    (P, "- Felix\n- Gina\n- Hugo", "ok"),
    (P, "'Felix', 'Gina', 'Hugo'", "ok"),
    (P, "Felix, Gina, Hugo.", "ok"),  # one closing full stop
    (P, f"{Z['felix']}、{Z['gina']}、{Z['hugo']}", "ok"),  # the Chinese names, with the list comma
    (P, f"{Z['felix']}，{Z['gina']}，{Z['hugo']}。", "ok"),
    (P, f"Felix, {Z['gina']}, Hugo", "ok"),  # each name in either language
    (P, "\\boxed{Felix, Gina, Hugo}", "ok"),
    (P, "Felix, Gina", "missing_item"),
    (P, "Felix, Gina, Hugo, Emma", "extra_item"),  # Emma is Eli's sibling, not a cousin
    (P, "Emma, Felix, Gina, Hugo", "extra_item"),
    (P, "Felix, Gina, Hugo, Eli", "extra_item"),  # Eli himself
    (P, "Felix, Gina, Hugo, Ivan", "extra_item"),  # Eli's own child
    (P, "Ivan", "extra_item"),
    (P, "Ben, Carl, Dora", "extra_item"),  # the parent's generation
    (P, ", ".join(PEOPLE), "extra_item"),  # everyone
    (P, "none", "missing_item"),
    (P, "无", "missing_item"),
    (P, "Felix, Gina, Hugo, Zoe", "unknown_item"),  # a name of the vocabulary who is not in this family
    (P, "Felix, Gina, Hugo, Xavier", "unknown_item"),
    (P, "Felix, Gina, Hugo, none", "unknown_item"),
    (P, "Felix, Gina and Hugo", "unknown_item"),  # "and" is not a separator
    (P, "Felix Gina, Hugo", "unknown_item"),  # a comma list whose item holds two names
    (P, "The cousins are Felix, Gina, Hugo", "unknown_item"),
    (P, "Felix (cousin), Gina, Hugo", "unknown_item"),
    (P, "Felix, Felix, Gina, Hugo", "duplicate_item"),
    (P, f"Felix, {Z['felix']}, Gina, Hugo", "duplicate_item"),  # the same person in both languages
    (P, "3", "unknown_item"),  # a count is not the names
    (P, "Felix, " * 30 + "Gina", "too_long"),
    (LCA, "Anna", "ok"),
    (LCA, "anna", "ok"),
    (LCA, Z["anna"], "ok"),
    (LCA, "Ben", "wrong_answer"),  # Ivan's grandparent, not Felix's ancestor
    (LCA, "Carl", "wrong_answer"),
    (LCA, "Anna, Ben", "wrong_count"),
    (LCA, "none", "wrong_count"),
    (LCA, "Zoe", "unknown_item"),
    (EMPTY, "none", "ok"),  # no generated question has an empty answer; the verifier still reads the label
    (EMPTY, "None", "ok"),
    (EMPTY, "no one", "ok"),
    (EMPTY, "无", "ok"),
    (EMPTY, "Ivan", "extra_item"),
]


@pytest.mark.parametrize("payload, answer, reason", CASES)
def test_adversarial(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_the_fixed_payloads_are_what_the_oracle_says():
    assert ORACLE(P) == ["Felix, Gina, Hugo"] and ORACLE(LCA) == ["Anna"] and ORACLE(EMPTY) == ["none"]


def test_a_malformed_payload_is_refused():
    for payload in [
        {**P, "answer": ["zoe"]},
        {**P, "answer": "felix"},
        {**P, "people": []},
        {**P, "people": ["x"]},
        {**P, "answer": ["felix", "felix"]},
        {**LCA, "answer": ["anna", "ben"]},
        {**P, "query": None},
        {**P, "people": PEOPLE * 30},
        {},
    ]:
        assert TASK.verify(payload, wrap("Felix, Gina, Hugo")).reason == "bad_payload", payload


def test_hostile_answers_are_refused_fast():
    texts = [
        "Felix, " * 1500,
        "Felix " * 1500,
        "none " * 1500,
        Z["felix"] * 1500,
        "、" * 1900,
        "\n" * 5000 + "x",
        *HOSTILE_MIXED,
    ]
    assert_refused_fast(TASK, [P, LCA], texts)
