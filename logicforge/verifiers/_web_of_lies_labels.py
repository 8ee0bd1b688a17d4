"""Web of lies answers labelled with the villagers' names: "Elena: no, Dmitri: yes", "Elena is a liar"."""

from __future__ import annotations

import re
import string

from logicforge.verifiers.parse import unlist

# Phrase -> (value, part of speech): any follows a punctuation separator ("Elena: no"), kinds also follow
# "is" ("Elena is a liar"), verbs also a bare name ("Elena lies"), which keeps "Elena yes" and "Elena is
# lies" out. Longest first, so "a liar" is read whole.
_PHRASES = sorted(
    {"yes": (1, "word"), "true": (1, "word"), "no": (0, "word"), "false": (0, "word"),
     "是": (1, "word"), "否": (0, "word"),  # the yes/no a Chinese prompt asks for ("Elena：否")
     "truthful": (1, "kind"), "truth-teller": (1, "kind"), "truth teller": (1, "kind"),
     "truthteller": (1, "kind"), "a truth-teller": (1, "kind"), "a truth teller": (1, "kind"),
     "a truthteller": (1, "kind"), "liar": (0, "kind"), "a liar": (0, "kind"),
     "tells the truth": (1, "verb"), "lies": (0, "verb")}.items(),
    key=lambda item: -len(item[0]),
)  # fmt: skip
_ANY = {"word", "kind", "verb"}
_MARKS = re.compile(r"[*`'\"_]*")  # bold, code and quote marks around a name or a value carry no meaning
_GAPS = re.compile(r"[ \n,;]*")  # between two answers
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # keeps every position
_LABEL_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"[^\S\n]+")  # tabs, "\r" and runs become one space: "truth  teller" is "truth teller"
UNKNOWN = -1  # the person `parse_labelled` gives a label that names no villager


def _word_at(text: str, pos: int, word: str, joiners: str = "_") -> int:
    """End of `word` at `pos` when no letter, digit or joiner follows it (so "no" never matches "nora"), else -1."""
    end = pos + len(word)
    if not text.startswith(word, pos) or end < len(text) and (text[end].isalnum() or text[end] in joiners):
        return -1
    return end


def _label(text: str, pos: int, names: list[tuple[int, str]]) -> tuple[int | None, set[str], int]:
    """(person, parts of speech its value may take, where the value starts) for the label at `pos`: the
    longest villager name ("Anna" before "Ann"), UNKNOWN for another word; person None for a bare value."""
    found = next(((i, end) for i, name in names if (end := _word_at(text, pos, name)) >= 0), None)
    if found is None and all(_word_at(text, pos, phrase, "-_") < 0 for phrase, _ in _PHRASES):
        word = _LABEL_WORD.match(text, pos)
        found = (UNKNOWN, word.end()) if word else None
    if found is None:
        return None, _ANY, pos
    person, marked = found[0], _MARKS.match(text, found[1]).end()
    start = marked + text.startswith(" ", marked)  # spaces are collapsed: at most one
    if text[start : start + 1] in (":", "=", "-", "\u2013", "\u2014"):  # colon, equals, hyphen, en/em dash
        return person, _ANY, start + 1 + text.startswith(" ", start + 1)
    after_is = _word_at(text, start, "is")
    if start > marked and after_is >= 0 and text.startswith(" ", after_is):
        return person, {"kind"}, after_is + 1
    return person, ({"verb"} if start > marked else set()), start  # no space: "Elena's", "Elena."


def _value(text: str, pos: int, allowed: set[str]) -> tuple[int, int, str] | None:
    """(value, end, part of speech) of the answer phrase at `pos`, with its marks and a full stop; a gap
    or the end of the text must follow."""
    pos = _MARKS.match(text, pos).end()
    for phrase, (value, part) in _PHRASES:
        end = _word_at(text, pos, phrase, "-_") if part in allowed else -1
        if end >= 0:
            end = _MARKS.match(text, end).end()
            end += text.startswith(".", end)
            return (value, end, part) if end == len(text) or text[end] in " \n,;" else None
    return None


def parse_labelled(text: str, names: list[str], count: int) -> list[tuple[int | None, int]] | None:
    """(person, value) for each `name <sep> value` answer (sep `:`, `=`, `-`, an en or em dash, `is`
    before a kind, a space before a verb), (None, value) for a bare one and (UNKNOWN, value) for a label
    naming no villager. Case-insensitive ASCII; None for anything else.

    >>> parse_labelled("**Elena**: no; Dmitri is a truth-teller", ["Dmitri", "Elena"], 2)
    [(1, 0), (0, 1)]
    >>> parse_labelled("Elena: 否,Dmitri: 是", ["Dmitri", "Elena"], 2), parse_labelled("Elena 是", ["Elena"], 1)
    ([(1, 0), (0, 1)], None)
    >>> parse_labelled("liar, tells the truth", ["Dmitri"], 2), parse_labelled("Bob = true", ["Bo"], 1)
    ([(None, 0), (None, 1)], [(-1, 1)])
    >>> parse_labelled("Elena: yes or no", ["Elena"], 1), parse_labelled("no: Elena", ["Elena"], 1)
    (None, None)
    >>> parse_labelled("no liar, yes", [], 3), parse_labelled("- liar liar\\n- liar", [], 3)  # "not a liar"; one item
    (None, None)
    """
    longest = max((len(name) for name in names), default=0)
    if len(text) > count * (longest + 40) + 40 or longest > 60:  # bounds the scan below
        return None
    text = _SPACES.sub(" ", text.translate(_ASCII_LOWER))
    items: list[str] = []  # the items of a numbered or bulleted list, one answer each
    if "\n" in text:  # one answer per line, numbered or bulleted
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        unlisted = unlist(lines)
        text, items = "\n".join(unlisted), (unlisted if unlisted != lines else [])
    if len(text) > 1 and text[0] + text[-1] in ("[]", "()", "{}"):
        text = text[1:-1]
    known = sorted(((i, name.translate(_ASCII_LOWER)) for i, name in enumerate(names)), key=lambda x: -len(x[1]))
    out = _scan(text, known)
    if out and items and len(out) != len(items) and all(person is None for person, _ in out):
        return None  # "1. no yes" gives one listed person both values
    return out or None


def _scan(text: str, known: list[tuple[int, str]]) -> list[tuple[int | None, int]] | None:
    """The (person, value) answers of the prepared `text`, or None when anything else appears."""
    out: list[tuple[int | None, int]] = []
    pos, end, last = _GAPS.match(text).end(), 0, ""
    while pos < len(text):
        joined = out and out[-1][0] is None and not any(ch in text[end - 1 : pos] for ch in ".\n,;")
        person, allowed, pos = _label(text, _MARKS.match(text, pos).end(), known)
        found = _value(text, pos, allowed)
        if found is None:
            return None
        # Bare values apart by a space alone are one phrase when their kinds differ: "no truth-teller"
        # and "no liar" negate a kind, they are not two answers.
        if joined and person is None and last != found[2]:
            return None
        out.append((person, found[0]))
        end, last = found[1], found[2]
        pos = _GAPS.match(text, end).end()
    return out


def by_name(payload: dict, answer: str) -> tuple[list[int] | None, str]:
    """The answers in the asked order from `name: value` labels (each asked person once, in any order)
    or from bare kind words ("liar, truth-teller"); else None and the reason."""
    names, targets = payload["names"], list(payload["targets"])
    if not isinstance(names, list) or len(names) != payload["n"] or not all(isinstance(x, str) and x for x in names):
        return None, "bad_payload"
    pairs = parse_labelled(answer, names, len(targets)) or []
    if pairs and all(person is None for person, _ in pairs):
        return [value for _, value in pairs], "ok"
    labels = dict(pairs)
    for failed, reason in (
        (not pairs or None in labels, "parse_error"),  # nothing read, or labelled and bare answers mixed
        (UNKNOWN in labels, "unknown_item"),
        (not labels.keys() <= set(targets), "extra_item"),  # a villager who was not asked
        (len(labels) < len(pairs), "duplicate_item"),
        (len(labels) < len(set(targets)), "missing_item"),
    ):
        if failed:
            return None, reason
    return [labels[t] for t in targets], "ok"
