"""Space reasoning verifier: one thing's name (English or Chinese) or the label unknown, compared with the payload's.

Payload: `size` (the lattice side), `start` and `face` (the thing where the walk starts, the facing stated there),
`moves` (the walk: {"k": "abs", "d", "n", "at"}, {"k": "rel", "t": L/R/B/F, "n", "at"}, {"k": "from", "w", "d",
"n", "at"}: back to the named thing first, {"k": "until", "d", "at"}), `query` ({"from", "face", "legs"}), `items`
(the ids of every thing the puzzle names) and `answer` (an id of `items`, or "unknown" for a spot never
described: computed at generation by walking the lattice and re-computed by an independent simulator in
tests/test_space_reasoning.py, its ORACLE; the verifier compares with it).

An answer is the whole text of the answer block: a thing's name in English or Chinese (`_space_words`), in any
case, with or without a leading article ("the bench"), spaces and hyphens optional ("lamppost", "lamp-post"); or
exactly the label `unknown` / `未知`. A sentence around a name ("it is unknown", "the bench is there") is a
parse error, as is anything with digits or punctuation; a name the puzzle does not have is an unknown item.
"""

from __future__ import annotations

import re

from logicforge.verifiers._space_words import ITEMS, KEYS, UNKNOWN, key, lookup
from logicforge.verifiers.verdict import Verdict

MAX_CHARS = 60  # the longest name is 16 characters; a sentence of several names is far shorter than this
_NAME = re.compile(r"[A-Za-z\u00e9\u4e00-\u9fff' _\-]+")  # letters, CJK ideographs, and the joiners of a name
_WORD = re.compile(r"[a-z\u00e9']+|[\u4e00-\u9fff]+")


_CJK = sorted({k for k in KEYS if k[0] >= "\u4e00"}, key=len)  # the Chinese names and labels


def _mentions(text: str) -> bool:
    """Whether a known name or the label appears inside `text` (one to three English words, or Chinese characters).

    >>> _mentions("it is unknown"), _mentions("the oak tree is there"), _mentions("在长椅那里"), _mentions("sofa")
    (True, True, True, False)
    """
    words = _WORD.findall(text.lower())
    for i, word in enumerate(words):
        if word[0] >= "\u4e00":
            if any(name in word for name in _CJK):
                return True
            continue
        if any(key(" ".join(words[i : i + n]), False) in KEYS for n in (1, 2, 3)):
            return True
    return False


def _payload_ok(payload: dict) -> bool:
    items, stored = payload.get("items"), payload.get("answer")
    return (isinstance(items, list) and len(items) >= 2 and all(isinstance(x, str) and x in ITEMS for x in items)
            and (stored == UNKNOWN or stored in items))  # fmt: skip


def verify(payload: dict, answer: str) -> Verdict:
    """Accept exactly the asked thing's name (either language) or, where the spot was never described, `unknown`.

    >>> p = {"items": ["bench", "well", "oak_tree"], "answer": "oak_tree"}
    >>> verify(p, "The oak tree").correct, verify(p, "橡树").correct, verify(p, "well").reason
    (True, True, 'wrong_answer')
    >>> verify(p, "unknown").reason, verify(p, "sofa").reason, verify(p, "statue").reason
    ('wrong_answer', 'unknown_item', 'unknown_item')
    >>> verify(p, "it is the oak tree").reason, verify(p, "oak tree, well").reason
    ('parse_error', 'parse_error')
    """
    if not _payload_ok(payload):
        return Verdict.fail("bad_payload")
    text = answer.strip()
    if len(text) > MAX_CHARS or not _NAME.fullmatch(text):
        return Verdict.fail("parse_error")  # digits, punctuation, lists, several lines, or far too long
    found = lookup(text)
    if found is None:
        return Verdict.fail("parse_error" if _mentions(text) else "unknown_item")
    if found != UNKNOWN and found not in payload["items"]:
        return Verdict.fail("unknown_item")  # a thing of the vocabulary this puzzle never names
    return Verdict.ok() if found == payload["answer"] else Verdict.fail("wrong_answer")
