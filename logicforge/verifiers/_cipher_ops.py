"""The cipher stages as code: letter substitutions as translation tables, transpositions as position maps.

A stage is a dict: {"kind": "caesar", "shift": k}, {"kind": "atbash"}, {"kind": "keyword", "key": K},
{"kind": "vigenere", "key": K}, {"kind": "columnar", "key": K}, {"kind": "reverse", "block": b} or
{"kind": "railfence", "rails": r}. Texts are strings of the letters A-Z. Every stage is a bijection on the
strings of one length, so decryption (the stages undone in reverse order) is unique. The generator computes
its answers here and the verifier re-checks the stored answer with the same code; the tests compare both with
an oracle written another way (a simulation, and decryption by trying every letter).
"""

from __future__ import annotations

import string
from functools import lru_cache

ABC = string.ascii_uppercase
KINDS = ("caesar", "atbash", "keyword", "vigenere", "columnar", "reverse", "railfence")
SUBSTITUTIONS = ("caesar", "atbash", "keyword", "vigenere")
MAX_LETTERS = 400  # a payload longer than this is not one the generator makes
_ROTATED = [ABC[k:] + ABC[:k] for k in range(26)]  # _ROTATED[k][i]: letter i shifted forward by k


def valid_stage(stage: object, n: int) -> bool:
    """Whether `stage` is a well-formed stage for a text of `n` letters (the payload is checked, never trusted).

    >>> valid_stage({"kind": "columnar", "key": "BCA"}, 9), valid_stage({"kind": "columnar", "key": "BAB"}, 9)
    (True, False)
    """
    if not isinstance(stage, dict):
        return False
    kind, key = stage.get("kind"), stage.get("key")
    if kind in ("keyword", "vigenere", "columnar"):
        if not (isinstance(key, str) and 1 <= len(key) <= 26 and key.isascii() and key.isalpha() and key.isupper()):
            return False
        return kind == "vigenere" or len(set(key)) == len(key)  # keyword and column labels: distinct letters
    number = {"caesar": "shift", "reverse": "block", "railfence": "rails"}.get(kind)
    if number is None:
        return kind == "atbash"
    value = stage.get(number)
    return type(value) is int and (1 <= value <= 25 if kind == "caesar" else 2 <= value <= max(2, n))


def cipher_alphabet(key: str) -> str:
    """The keyword substitution's cipher alphabet: the keyword's letters, then the rest in order.

    >>> cipher_alphabet("ZEBRA")
    'ZEBRACDFGHIJKLMNOPQSTUVWXY'
    """
    return "".join(dict.fromkeys(key + ABC))


def _table(stage: dict) -> str:
    """The image of A..Z under a one-letter substitution stage (not Vigenere)."""
    kind = stage["kind"]
    if kind == "caesar":
        return _ROTATED[stage["shift"]]
    if kind == "atbash":
        return ABC[::-1]
    return cipher_alphabet(stage["key"])


@lru_cache(maxsize=4096)
def _translation(table: str, decrypt: bool) -> dict:
    return str.maketrans(table, ABC) if decrypt else str.maketrans(ABC, table)


def _vigenere(text: str, key: str, sign: int) -> str:
    rows = [_ROTATED[sign * (ord(c) - 65) % 26] for c in key]
    m = len(rows)
    return "".join([rows[i % m][ord(c) - 65] for i, c in enumerate(text)])


def positions(stage: dict, n: int) -> list[int]:
    """The transposition as a source map: letter i of the output is letter `positions[i]` of the input.

    >>> positions({"kind": "railfence", "rails": 3}, 7), positions({"kind": "columnar", "key": "CAB"}, 7)
    ([0, 4, 1, 3, 5, 2, 6], [1, 4, 2, 5, 0, 3, 6])
    >>> positions({"kind": "reverse", "block": 3}, 7)
    [2, 1, 0, 5, 4, 3, 6]
    """
    kind = stage["kind"]
    if kind == "reverse":
        b = stage["block"]
        order = list(range(n))
        return [j for start in range(0, n, b) for j in order[start : start + b][::-1]]
    if kind == "columnar":
        key = stage["key"]
        m = len(key)
        return [i for col in sorted(range(m), key=key.__getitem__) for i in range(col, n, m)]
    rails = stage["rails"]
    cycle = 2 * rails - 2  # rail fence: the zigzag repeats every 2r - 2 letters; row r holds, in each
    out = []  # repeat starting at `base`, letter base + r going down and letter base + cycle - r going up
    for r in range(rails):
        for base in range(0, n, cycle):
            if base + r < n:
                out.append(base + r)
            if 0 < r < rails - 1 and base + cycle - r < n:
                out.append(base + cycle - r)
    return out


def apply(stage: dict, text: str, decrypt: bool = False) -> str:
    """One stage, forwards (encryption) or backwards (decryption).

    >>> apply({"kind": "caesar", "shift": 3}, "XYZABC"), apply({"kind": "vigenere", "key": "BC"}, "AAAA")
    ('ABCDEF', 'BCBC')
    >>> apply({"kind": "railfence", "rails": 3}, "AEBDFCG", decrypt=True)
    'ABCDEFG'
    """
    kind = stage["kind"]
    if kind == "vigenere":
        return _vigenere(text, stage["key"], -1 if decrypt else 1)
    if kind in SUBSTITUTIONS:
        return text.translate(_translation(_table(stage), decrypt))
    source = positions(stage, len(text))
    if not decrypt:
        return "".join([text[j] for j in source])
    out = [""] * len(text)
    for i, j in enumerate(source):
        out[j] = text[i]
    return "".join(out)


def run(stages: list[dict], text: str, decrypt: bool) -> str:
    """Encrypt with the stages in order, or decrypt by undoing them in reverse order.

    >>> stages = [{"kind": "atbash"}, {"kind": "reverse", "block": 2}]
    >>> run(stages, "ABCD", False), run(stages, "YZWX", True)
    ('YZWX', 'ABCD')
    """
    for stage in reversed(stages) if decrypt else stages:
        text = apply(stage, text, decrypt)
    return text
