"""Space reasoning tree verifier: the set of names asked for, in any order, compared with the proved answer.

Payload: `people` (the ids of everyone in the tree: English names in lower case), `facts` (["parent", p, c] or
["sibling", a, b]: b has a's parent), `query` ({kind, x, and y for lca, k for descendants}) and `answer` (the ids
of the people in the relation, computed at generation from the tree and re-computed by an independent evaluation
in tests/test_space_reasoning_tree.py, its ORACLE; the relation is a function of the tree, so the set is unique).

An answer is a list of names separated by commas, Chinese list commas, semicolons or newlines (or spaces, names
being single words), each in English (any letter case) or Chinese. `none` (or 无) is the empty set. The checks
run in this order: unknown_item (a word that names no one in this tree), duplicate_item, then for the one-name
lca question wrong_count and wrong_answer, for the others extra_item (someone outside the set) and missing_item.
"""

from __future__ import annotations

from logicforge.verifiers._space_reasoning_tree_words import ASCII_LOWER, EMPTY, IDS, WORDS
from logicforge.verifiers.parse import parse_list
from logicforge.verifiers.verdict import Verdict

MAX_PEOPLE = 200  # far above any tree the knobs allow (60); a payload beyond it is malformed
_IDS = frozenset(IDS)


def _stored(payload: dict) -> tuple[frozenset[str], frozenset[str], bool] | None:
    """(people, answer ids, whether one name is asked for), or None when the payload is malformed."""
    people, answer, query = payload.get("people"), payload.get("answer"), payload.get("query")
    if not isinstance(people, list) or not isinstance(answer, list) or not isinstance(query, dict):
        return None
    try:  # set operations in C: a per-name Python check would cost more than the rest of the verdict
        group, want = frozenset(people), frozenset(answer)
    except TypeError:  # a list inside the list
        return None
    if not 0 < len(people) <= MAX_PEOPLE or len(group) != len(people) or not group <= _IDS:
        return None
    single = query.get("kind") == "lca"
    if not want <= group or len(want) != len(answer) or single and len(want) != 1:
        return None
    return group, want, single


def verify(payload: dict, answer: str) -> Verdict:
    """Accept exactly the answer set, names in either language, in any order.

    >>> p = {"people": ["anna", "ben", "carl", "dora"], "query": {"kind": "siblings", "x": "carl"},
    ...      "facts": [["parent", "anna", "ben"], ["parent", "anna", "carl"], ["sibling", "ben", "dora"]],
    ...      "answer": ["ben", "dora"]}
    >>> verify(p, "Dora, ben").correct, verify(p, "Ben").reason, verify(p, "Ben, Dora, Anna").reason
    (True, 'missing_item', 'extra_item')
    >>> verify(p, "皓轩、dora").correct, verify(p, "Ben, Zoe").reason, verify(p, "none").reason
    (True, 'unknown_item', 'missing_item')
    """
    stored = _stored(payload)
    if stored is None:
        return Verdict.fail("bad_payload")
    people, want, single = stored
    if len(answer) < 12 and " ".join(answer.split()).translate(ASCII_LOWER) in EMPTY:
        items = []  # "none", "no one", 无: the empty set
    else:
        items = parse_list(answer, limit=len(people) + 5, spaces=True)
        if isinstance(items, str):
            return Verdict.fail(items)  # too_long
    ids = [WORDS.get(item.translate(ASCII_LOWER)) for item in items]
    got = set(ids)
    if not got <= people:  # also a word that names no one (None)
        return Verdict.fail("unknown_item")
    if len(got) != len(ids):
        return Verdict.fail("duplicate_item")
    if single:
        if len(ids) != 1:
            return Verdict.fail("wrong_count")
        return Verdict.ok() if got == want else Verdict.fail("wrong_answer")
    if got - want:
        return Verdict.fail("extra_item")
    if want - got:
        return Verdict.fail("missing_item")
    return Verdict.ok()
