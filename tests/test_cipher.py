"""cipher: an oracle that simulates each cipher by hand and decrypts by trying every letter, textbook
examples, generation (knobs, redraws, no universal answer), the question text in both languages, a table of
adversarial answers, and hostile input."""

from __future__ import annotations

import json
import string
import time
from collections import Counter

import numpy as np
import pytest

from logicforge.generators import cipher as gen
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import _cipher_ops as ops

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("cipher")
ABC = string.ascii_uppercase


# -- the oracle: each cipher simulated as a person does it, decryption by search ----------------------------


def _letter(stage: dict, c: str, i: int) -> str:
    """Letter `c` at position `i` through a substitution stage, by alphabet index arithmetic."""
    k = ABC.index(c)
    if stage["kind"] == "caesar":
        return ABC[(k + stage["shift"]) % 26]
    if stage["kind"] == "atbash":
        return ABC[25 - k]
    if stage["kind"] == "vigenere":
        key = stage["key"]
        return ABC[(k + ABC.index(key[i % len(key)])) % 26]
    alphabet = []  # keyword: the keyword's letters, then every letter not used yet
    for x in stage["key"] + ABC:
        if x not in alphabet:
            alphabet.append(x)
    return alphabet[k]


def _shuffle(stage: dict, seq: list) -> list:
    """A transposition simulated on any sequence: blocks turned round, a grid read by columns, a zigzag."""
    n, kind = len(seq), stage["kind"]
    if kind == "reverse":
        b = stage["block"]
        return [x for start in range(0, n, b) for x in seq[start : start + b][::-1]]
    if kind == "columnar":
        key = stage["key"]
        grid = [seq[r : r + len(key)] for r in range(0, n, len(key))]
        out = []
        for label in sorted(key):
            col = key.index(label)
            out += [row[col] for row in grid if col < len(row)]
        return out
    rails, row, step = [[] for _ in range(stage["rails"])], 0, 1
    for x in seq:
        rails[row].append(x)
        if row + step < 0 or row + step >= len(rails):
            step = -step
        row += step
    return [x for rail in rails for x in rail]


def _encrypt(stage: dict, text: str) -> str:
    if stage["kind"] in ("reverse", "columnar", "railfence"):
        return "".join(_shuffle(stage, list(text)))
    return "".join(_letter(stage, c, i) for i, c in enumerate(text))


def _decrypt(stage: dict, text: str) -> str:
    """Undo one stage: a transposition by shuffling the positions 0..n-1 and putting each letter back where its
    position came from; a substitution by trying all 26 letters at every position (exactly one fits)."""
    if stage["kind"] in ("reverse", "columnar", "railfence"):
        came_from = _shuffle(stage, list(range(len(text))))
        out = [""] * len(text)
        for c, j in zip(text, came_from):
            out[j] = c
        return "".join(out)
    out = []
    for i, c in enumerate(text):
        fits = [p for p in ABC if _letter(stage, p, i) == c]
        assert len(fits) == 1, (stage, i, c, fits)  # the substitution is a bijection at every position
        out.append(fits[0])
    return "".join(out)


def ORACLE(payload: dict) -> list[str]:
    """The one answer: the stages simulated in order (encrypt), or each undone from the last (decrypt)."""
    text, stages = payload["message"], payload["stages"]
    if payload["direction"] == "encrypt":
        for stage in stages:
            text = _encrypt(stage, text)
    else:
        for stage in reversed(stages):
            text = _decrypt(stage, text)
    return [text]


def items(params, n: int = 30, seed: int = 3):
    return [gen.generate(params, item_rng("cipher", seed, i)) for i in range(n)]


# -- 1. the ciphers themselves: textbook examples, the oracle, bijections --------------------------------------

TEXTBOOK = [
    ({"kind": "caesar", "shift": 3}, "HELLOXYZ", "KHOORABC"),
    ({"kind": "atbash"}, "HELLO", "SVOOL"),
    ({"kind": "vigenere", "key": "LEMON"}, "ATTACKATDAWN", "LXFOPVEFRNHR"),
    ({"kind": "keyword", "key": "ZEBRAS"}, "FLEEATONCE", "SIAAZQLKBA"),
    ({"kind": "railfence", "rails": 3}, "WEAREDISCOVEREDFLEEATONCE", "WECRLTEERDSOEEFEAOCAIVDEN"),
    ({"kind": "columnar", "key": "ZEBRAS"}, "WEAREDISCOVEREDFLEEATONCE", "EVLNACDTESEAROFODEECWIREE"),
    ({"kind": "reverse", "block": 4}, "ABCDEFGHIJ", "DCBAHGFEJI"),
]  # fmt: skip


@pytest.mark.parametrize("stage, plain, cipher", TEXTBOOK)
def test_textbook_examples(stage, plain, cipher):
    assert ops.apply(stage, plain) == _encrypt(stage, plain) == cipher
    assert ops.apply(stage, cipher, decrypt=True) == _decrypt(stage, cipher) == plain


def _random_stage(rng: np.random.Generator, n: int) -> dict:
    kind = ops.KINDS[int(rng.integers(len(ops.KINDS)))]
    params = gen.Params(length=n, key_length=int(rng.integers(2, 11)))
    return gen._stage(kind, params, n, rng)


def test_every_stage_is_a_bijection_and_matches_the_oracle_both_ways():
    rng = np.random.default_rng(0)
    for _ in range(600):
        n = int(rng.integers(3, 60))
        stage = _random_stage(rng, n)
        text = "".join(ABC[int(i)] for i in rng.integers(0, 26, n))
        assert ops.valid_stage(stage, n)
        out = ops.apply(stage, text)
        assert out == _encrypt(stage, text) and ops.apply(stage, out, decrypt=True) == text
        assert _decrypt(stage, out) == text
        if stage["kind"] in ("reverse", "columnar", "railfence"):
            assert sorted(ops.positions(stage, n)) == list(range(n))  # a permutation of the positions


def test_oracle_agrees_with_the_reference_at_every_level():
    for level in range(1, 11):
        for inst in items(TASK.params(level), n=25, seed=level):
            assert ORACLE(inst.payload) == [inst.answer]
            back = {**inst.payload, "message": inst.answer, "answer": inst.payload["message"]}
            back["direction"] = "encrypt" if inst.payload["direction"] == "decrypt" else "decrypt"
            assert ORACLE(back) == [inst.payload["message"]]  # the other direction gives the message back


# -- 2. generation: knobs, levels, redraws, hardness -----------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 11))
def test_items_follow_their_knobs(level):
    params = TASK.params(level)
    for inst in items(params, n=20, seed=level):
        p = inst.payload
        kinds = [s["kind"] for s in p["stages"]]
        assert len(p["message"]) == len(inst.answer) == params.length
        assert len(kinds) == params.stages == len(set(kinds)) and set(kinds) <= set(gen.POOLS[params.kinds])
        plain = inst.answer if p["direction"] == "decrypt" else p["message"]
        assert plain.isalpha() and plain.isupper()
        text = plain
        for stage in p["stages"]:  # no stage leaves its text unchanged
            out = ops.apply(stage, text)
            assert out != text and ops.valid_stage(stage, len(text))
            text = out
        for s in p["stages"]:
            assert len(s.get("key", "x" * params.key_length)) == params.key_length
            assert 2 <= s.get("rails", 2) <= max(2, min(params.key_length, params.length - 1))
            assert 2 <= s.get("block", 2) <= params.key_length
        assert inst.hardness == sum(gen.work(s, params.length, p["direction"] == "decrypt") for s in p["stages"])


def test_plaintexts_are_words_and_vary():
    words = set(gen.WORDS)
    plains = []
    for inst in items(gen.Params(length=40, stages=1, kinds="all", decrypt_share=0.5), n=40):
        plain = inst.answer if inst.payload["direction"] == "decrypt" else inst.payload["message"]
        plains.append(plain)
        # word break: whole words up to some point, then the start of a word (the last one may be cut)
        whole = [True] + [False] * len(plain)
        for i in range(1, len(plain) + 1):
            whole[i] = any(whole[i - len(w)] for w in words if plain[:i].endswith(w))
        assert any(whole[i] and any(w.startswith(plain[i:]) for w in words) for i in range(len(plain) + 1)), plain
    assert len(set(plains)) == 40


def test_stage_kinds_and_directions_spread():
    params = gen.Params(length=20, stages=2, kinds="all", key_length=5, decrypt_share=0.5)
    insts = items(params, n=300)
    kinds = Counter(s["kind"] for inst in insts for s in inst.payload["stages"])
    assert set(kinds) == set(ops.KINDS) and min(kinds.values()) > 40  # about 86 each
    decrypts = sum(inst.payload["direction"] == "decrypt" for inst in insts)
    assert 110 < decrypts < 190
    assert all(i.payload["direction"] == "encrypt" for i in items(gen.Params(decrypt_share=0.0), n=30))
    assert all(i.payload["direction"] == "decrypt" for i in items(gen.Params(decrypt_share=1.0), n=30))


def test_redraws_are_rare():
    """TRIES is far above what a draw needs: the first draw is usable almost always."""
    for level in (1, 3, 5, 8, 10):
        params = TASK.params(level)
        ok = sum(gen._draw(params, item_rng("cipher", 9, i)) is not None for i in range(200))
        assert ok >= 190, (level, ok)


def test_knob_rules():
    with pytest.raises(ValueError, match="stages=2"):
        gen.Params(stages=2, kinds="caesar")
    with pytest.raises(ValueError, match="length=2"):
        gen.Params(length=2)
    gen.Params(stages=3, kinds="transposition")


def test_short_messages_with_long_keys_still_verify():
    for kinds in ("transposition", "all", "classic"):
        params = gen.Params(length=3, stages=2, kinds=kinds, key_length=10, decrypt_share=0.5)
        for inst in items(params, n=40):
            assert TASK.verify(inst.payload, wrap(inst.answer)).correct
            assert ORACLE(inst.payload) == [inst.answer]


def test_levels_grow():
    lv = [gen.LEVELS[k] for k in range(1, 11)]
    for a, b in zip(lv, lv[1:]):
        assert a.length < b.length and a.stages <= b.stages and a.key_length <= b.key_length
    assert (lv[0].length, lv[0].stages, lv[0].kinds) == (5, 1, "caesar")
    assert (lv[9].length, lv[9].stages, lv[9].kinds) == (48, 3, "all")


def test_level_ten_is_fast_to_generate():
    params = TASK.params(10)
    start = time.perf_counter()
    for i in range(100):
        TASK.generate(params, 0, i)
    assert time.perf_counter() - start < 5.0


# -- 3. no universal answer -----------------------------------------------------------------------------------


def test_no_universal_answer_scores():
    for level in range(1, 11):
        for inst in items(TASK.params(level), n=30, seed=20 + level):
            p, n = inst.payload, len(inst.answer)
            guesses = [p["message"], p["message"][::-1] * (len(p["stages"]) > 1), inst.question, ""]
            guesses += [s["key"] for s in p["stages"] if "key" in s]
            guesses += [c * n for c in ABC]
            for text in guesses:
                assert not TASK.verify(p, wrap(text)).correct, (level, text)


def test_a_partial_or_misordered_composition_fails():
    for inst in items(TASK.params(9), n=30):
        p = inst.payload
        plain = inst.answer if p["direction"] == "decrypt" else p["message"]
        near = [ops.run(p["stages"][:-1], plain, False), ops.run(p["stages"][1:], plain, False)]
        if p["direction"] == "decrypt":
            near = [ops.run(p["stages"], p["message"], False)]  # encrypting the ciphertext once more
            text = p["message"]
            for stage in p["stages"]:  # undoing the stages in the order they were applied
                text = ops.apply(stage, text, decrypt=True)
            near.append(text)
        for text in near:
            if text != inst.answer:
                assert TASK.verify(p, wrap(text)).reason == "wrong_answer"


# -- 4. the question text --------------------------------------------------------------------------------------

WORDINGS = [(lang, m) for lang in ("en", "zh") for m in prompts.paraphrases("cipher", "en" if lang == "en" else "zh")]


@pytest.mark.parametrize("lang, macro", WORDINGS)
def test_every_wording_states_the_message_and_every_key(lang, macro):
    for level in (1, 3, 6, 10):
        for inst in items(TASK.params(level), n=12, seed=level):
            text = prompts.render("cipher", lang, macro, inst.fields)
            f = inst.fields
            assert f["message"] in text and str(f["length"]) in text
            assert inst.answer not in text
            assert ("decrypt" in text.lower() or "解密" in text or "还原" in text) == (f["direction"] == "decrypt")
            for s in f["stages"]:
                for value in (s.get("key"), s.get("shift"), s.get("rails"), s.get("block")):
                    if value is not None:
                        assert str(value) in text
            assert text.count("\n") >= len(f["stages"])  # one line per stage at least


def test_stage_order_in_the_text_follows_the_payload():
    for inst in items(TASK.params(10), n=20):
        for lang in ("en", "zh"):
            for macro in prompts.paraphrases("cipher", lang):
                text = prompts.render("cipher", lang, macro, inst.fields)
                names = [prompts._module("cipher", lang).name(s) for s in inst.fields["stages"]]
                where = [text.lower().find(str(n).strip().lower()) for n in names]
                assert -1 not in where and where == sorted(where), (lang, macro, names)


def test_answer_format_names_the_direction():
    for inst in items(gen.Params(decrypt_share=0.5), n=20):
        en = prompts.answer_format("cipher", "en", inst.fields)
        zh = prompts.answer_format("cipher", "zh", inst.fields)
        decrypt = inst.fields["direction"] == "decrypt"
        assert ("plaintext" in en) == decrypt and ("明文" in zh) == decrypt


# -- 5. adversarial answers on fixed payloads ------------------------------------------------------------------

VIG = {"message": "ATTACKATDAWN", "direction": "encrypt", "stages": [{"kind": "vigenere", "key": "LEMON"}],
       "answer": "LXFOPVEFRNHR"}  # fmt: skip
STAGES = [{"kind": "columnar", "key": "ZEBRAS"}, {"kind": "vigenere", "key": "KEY"}, {"kind": "reverse", "block": 4}]
DEC = {"message": "XJZOXNAEYICCYDSBGOCHCVSUO", "direction": "decrypt", "stages": STAGES,
       "answer": "WEAREDISCOVEREDFLEEATONCE"}  # fmt: skip

CASES = [
    (VIG, "LXFOPVEFRNHR", "ok"),
    (VIG, "lxfopvefrnhr", "ok"),  # case carries no meaning
    (VIG, "LXFOP VEFRN HR", "ok"),  # neither do spaces
    (VIG, "LXFO\nPVEF\nRNHR", "ok"),
    (VIG, "ＬＸＦＯＰＶＥＦＲＮＨＲ", "ok"),  # full-width capitals, folded by extraction
    (VIG, "LXFOPVEFRNHR.", "ok"),  # one closing full stop is dropped by extraction
    (VIG, "LXFOPVEFRNHS", "wrong_answer"),  # one letter off
    (VIG, "ATTACKATDAWN", "wrong_answer"),  # the plaintext echoed
    (VIG, "LEMON", "wrong_length"),  # the key
    (VIG, "LEMONLEMONLE", "wrong_answer"),  # the key repeated to the length
    (VIG, "PPHMPZWHPNLJ", "wrong_answer"),  # decrypted instead of encrypted
    (VIG, "LXFOPVEFRNH", "wrong_length"),
    (VIG, "LXFOPVEFRNHRLXFOPVEFRNHR", "wrong_length"),  # the answer twice
    (VIG, "AAAAAAAAAAAA", "wrong_answer"),
    (VIG, "L-X-F-O-P-V-E-F-R-N-H-R", "parse_error"),  # separators other than spaces
    (VIG, "LXFOPVEFRNHR!", "parse_error"),
    (VIG, '"LXFOPVEFRNHR"', "parse_error"),
    (VIG, "Ciphertext: LXFOPVEFRNHR", "parse_error"),
    (VIG, "LXFOPVEFRNHR or LXFOPVEFRNHS", "wrong_length"),  # a hedge is just more letters
    (VIG, "LXFОPVEFRNHR", "parse_error"),  # a Cyrillic O
    (VIG, "LXFOPVEFRNHß", "parse_error"),  # upper() would make two letters of it
    (VIG, "LXFOPVEFRNH4", "parse_error"),
    (VIG, "0", "parse_error"),
    (VIG, "yes", "wrong_length"),
    (VIG, "L" * 60, "wrong_length"),
    (VIG, "L" * 200, "too_long"),  # refused before anything is read
    (DEC, "WEAREDISCOVEREDFLEEATONCE", "ok"),
    (DEC, "we are discovered flee at once", "ok"),
    (DEC, "XJZOXNAEYICCYDSBGOCHCVSUO", "wrong_answer"),  # the ciphertext echoed
    (DEC, "OZUSELITQFTPICYIYKEVJKRGE", "wrong_answer"),  # the stages undone in the order they were applied
    (DEC, "EVLNACDTESEAROFODEECWIREE", "wrong_answer"),  # the columnar stage left in place
    (DEC, "CEGHGCWDFHOHFZMYYYARACKVY", "wrong_answer"),  # encrypted once more instead of decrypted
    (DEC, "ZEBRAS", "wrong_length"),
    (DEC, "KEY", "wrong_length"),
    (DEC, "WEAREDISCOVEREDFLEEATONC", "wrong_length"),
    ({**DEC, "answer": "WEAREDISCOVEREDFLEEATONCF"}, "WEAREDISCOVEREDFLEEATONCF", "bad_payload"),
    ({**DEC, "stages": [{"kind": "columnar", "key": "ZEBRAZ"}]}, "WEAREDISCOVEREDFLEEATONCE", "bad_payload"),
    ({**DEC, "stages": [{"kind": "enigma"}]}, "WEAREDISCOVEREDFLEEATONCE", "bad_payload"),
    ({**DEC, "stages": [{"kind": "caesar", "shift": True}]}, "WEAREDISCOVEREDFLEEATONCE", "bad_payload"),
    ({**DEC, "direction": "both"}, "WEAREDISCOVEREDFLEEATONCE", "bad_payload"),
    ({**DEC, "message": "xjzoxnaeyiccydsbgochcvsuo"}, "WEAREDISCOVEREDFLEEATONCE", "bad_payload"),
]  # fmt: skip


@pytest.mark.parametrize("payload, answer, reason", CASES)
def test_adversarial(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_the_fixed_payloads_match_the_oracle():
    assert ORACLE(VIG) == [VIG["answer"]] and ORACLE(DEC) == [DEC["answer"]]


def test_verify_is_fast():
    insts = items(TASK.params(10), n=20)
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for inst in insts:
            TASK.verify(inst.payload, wrap(inst.answer))
            calls += 1
    assert calls / (time.perf_counter() - start) > 10_000 / 4  # >= 10k/s on an idle core; this box is shared


def test_hostile_answers_are_refused_fast():
    payload = items(TASK.params(10), n=1)[0].payload
    texts = ["A" * 7000, "A " * 3000, "ß" * 1900, "\ufdfa" * 1900, "Z\n" * 3000, "-" * 5000 + "A"]
    assert_refused_fast(TASK, [payload, json.dumps(payload), VIG], texts + HOSTILE_MIXED)
