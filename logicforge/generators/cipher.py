"""Cipher: encrypt or decrypt a message with stated rules (shifts, substitutions, transpositions, compositions)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob
from logicforge.verifiers import _cipher_ops as ops

ANSWER_FORMAT = "the resulting letters only, in capitals, with no spaces or punctuation, e.g. KHOOR"

# The plaintexts are runs of everyday English words with the spaces removed, so a decrypted answer reads as
# words and a model can check its own work; the last word may be cut to reach the exact length.
WORDS = """
able about above across act add after again age ago air all almost alone along also always among and animal
answer any apple area arm army around art ask away baby back bad ball bank base bear beat bed before begin
behind bell best better big bird black blue boat body bone book both box boy bread break bring brother brown
build busy buy call calm came camp can car card care carry case cat catch cause cell center chair change check
child city class clean clear clock close cloud coast cold color come cook cool corn cost could count country
cover cross crowd cup cut dance dark day deep desk did dinner dog door down draw dream dress drink drive drop
dry during each early earth east easy eat edge egg end enough even evening ever every eye face fact fair fall
family far farm fast father field fill find fine fire first fish five floor flower fly follow food foot forest
form found four free fresh friend from front fruit full game garden gate gave gift girl give glad glass gold
good grass great green ground group grow half hand happy hard hat have head hear heart heavy help here high
hill hold home hope horse hot hour house hunt idea inside iron island just keep kind king kitchen knife know
lake land large last late laugh lead learn leave left letter light line lion list little live long look love
low lunch make man many map mark market meet milk mind minute moon morning mother mountain move much music
name near never new next night noon north note now ocean offer old only open orange order other out over page
paint paper park part pass path people pick picture piece place plan plant play point pool poor power quiet
quick rain read ready red rest rich ride right ring river road rock roof room rope round run safe sail salt
same sand save school sea season seat second see seed send seven shape share ship shoe shop short show side
sign silver simple sing sister sit six sky sleep slow small smile snow soft song soon sound south space speak
spring stand star start station stay step still stone stop story street strong summer sun supper sure swim
table tail take talk tall team tell ten test thank thing think three time today together tomorrow tooth top
touch town train travel tree trip true turn under until upon valley very village visit voice wait walk wall
warm wash watch water wave way weather week well west wheel white wide wild wind window winter wise wish with
wood word work world write yard year yellow young
""".upper().split()

# Named sets of cipher kinds the stages are drawn from (each stage of one message is a different kind).
POOLS = {
    "caesar": ("caesar",),
    "simple": ("caesar", "atbash", "reverse"),
    "substitution": ("caesar", "atbash", "keyword", "vigenere"),
    "transposition": ("reverse", "railfence", "columnar"),
    "classic": ("caesar", "atbash", "keyword", "reverse", "railfence"),
    "all": ops.KINDS,
}
KINDS_HELP = (
    "the kinds stages are drawn from: caesar; simple (+ atbash, reverse); substitution (caesar, atbash, keyword,"
    " vigenere); transposition (reverse, railfence, columnar); classic (simple + keyword, railfence); all seven"
)
TRIES = 100  # draws until no stage leaves its text unchanged; one or two suffice (see the tests)


@dataclass(frozen=True)
class Params(Knobs):
    length: int = knob(5, 3, 200, help="letters in the message")
    stages: int = knob(1, 1, 3, help="cipher stages applied one after another, each of a different kind")
    kinds: str = knob("caesar", choices=tuple(POOLS), help=KINDS_HELP)
    key_length: int = knob(3, 2, 10, help="letters in a keyword or key; also the most rails and the longest block")
    decrypt_share: float = knob(0.0, 0.0, 1.0, help="share of the items that ask to decrypt rather than encrypt")

    def check(self) -> None:
        if self.stages > len(POOLS[self.kinds]):
            raise ValueError(f"knob stages={self.stages} exceeds the {len(POOLS[self.kinds])} kinds of {self.kinds!r}")


LEVELS = {
    1: Params(length=5, stages=1, kinds="caesar"),
    2: Params(length=8, stages=1, kinds="simple", decrypt_share=0.5),
    3: Params(length=12, stages=1, kinds="classic", key_length=4, decrypt_share=0.5),
    4: Params(length=16, stages=2, kinds="simple", key_length=4, decrypt_share=0.5),
    5: Params(length=20, stages=2, kinds="classic", key_length=4, decrypt_share=0.5),
    6: Params(length=25, stages=2, kinds="all", key_length=5, decrypt_share=0.5),
    7: Params(length=30, stages=2, kinds="all", key_length=5, decrypt_share=0.6),
    8: Params(length=36, stages=3, kinds="all", key_length=6, decrypt_share=0.6),
    9: Params(length=42, stages=3, kinds="all", key_length=6, decrypt_share=0.7),
    10: Params(length=48, stages=3, kinds="all", key_length=7, decrypt_share=0.7),
}


def _letters(rng: np.random.Generator, k: int, distinct: bool) -> str:
    picks = rng.choice(26, size=k, replace=False) if distinct else rng.integers(0, 26, size=k)
    return "".join(ops.ABC[int(i)] for i in picks)


def _stage(kind: str, params: Params, n: int, rng: np.random.Generator) -> dict:
    """One stage of `kind` with its key drawn: shifts 1..25, blocks 2..key_length (<= n), rails 2..key_length (< n)."""
    if kind == "caesar":
        return {"kind": kind, "shift": int(rng.integers(1, 26))}
    if kind == "atbash":
        return {"kind": kind}
    if kind in ("keyword", "vigenere", "columnar"):
        return {"kind": kind, "key": _letters(rng, params.key_length, distinct=kind != "vigenere")}
    if kind == "reverse":
        return {"kind": kind, "block": int(rng.integers(2, max(2, min(params.key_length, n)) + 1))}
    return {"kind": kind, "rails": int(rng.integers(2, max(2, min(params.key_length, n - 1)) + 1))}


def work(stage: dict, n: int, decrypt: bool) -> int:
    """Letter operations a careful solver spends on one stage: a read and a write per letter, one more per
    letter for a table or key look-up or a zigzag/column position, the alphabet or the column order built
    once, and one more per letter to lay out a transposition's rows or columns before undoing it.

    >>> work({"kind": "caesar", "shift": 3}, 10, False), work({"kind": "columnar", "key": "BCA"}, 10, True)
    (20, 33)
    """
    kind = stage["kind"]
    cost = {"caesar": 2, "atbash": 2, "keyword": 2, "vigenere": 3, "reverse": 1, "railfence": 2, "columnar": 2}[kind]
    setup = {"keyword": 26, "columnar": len(stage.get("key", ""))}.get(kind, 0)
    undo = n if decrypt and kind not in ops.SUBSTITUTIONS else 0
    return cost * n + setup + undo


def _draw(params: Params, rng: np.random.Generator) -> tuple[str, list[dict]] | None:
    """A plaintext and stages, or None where some stage leaves its text unchanged (then it says nothing)."""
    n, words = params.length, []
    while sum(map(len, words)) < n:
        words.append(WORDS[int(rng.integers(len(WORDS)))])
    plain = "".join(words)[:n]
    kinds = [POOLS[params.kinds][int(i)] for i in rng.permutation(len(POOLS[params.kinds]))[: params.stages]]
    stages = [_stage(kind, params, n, rng) for kind in kinds]
    text = plain
    for stage in stages:
        out = ops.apply(stage, text)
        if out == text:
            return None
        text = out
    return plain, stages


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a plaintext and distinct-kind stages; the answer is unique since every stage is a bijection.

    Redraws while a stage changes nothing, or the answer equals the message, a key, or is one repeated
    letter, so no universal answer (the message echoed, a key, one letter) can be right.
    """
    decrypt = bool(rng.random() < params.decrypt_share)
    for _ in range(TRIES):
        drawn = _draw(params, rng)
        if drawn is None:
            continue
        plain, stages = drawn
        cipher = ops.run(stages, plain, decrypt=False)
        message, answer = (cipher, plain) if decrypt else (plain, cipher)
        keys = {s.get("key") for s in stages}
        if answer != message and answer not in keys and len(set(answer)) > 1:
            break
    else:  # pragma: no cover - a stage changes a text of 3+ word letters nearly always
        raise RuntimeError(f"cipher: no usable draw in {TRIES} tries for {params}")
    direction = "decrypt" if decrypt else "encrypt"
    payload = {"message": message, "direction": direction, "stages": stages, "answer": answer}
    fields = {"message": message, "length": len(message), "direction": direction, "stages": stages}
    hardness = sum(work(stage, params.length, decrypt) for stage in stages)
    return Instance("", answer, payload, float(hardness), fields)
