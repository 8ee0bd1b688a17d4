"""Questions and prompts in several languages: Jinja2 paraphrases per family and language, prompt styles.

A family's questions live in `tasks/templates/<module>/<lang>.j2`, one file per language, each holding
macros `q1(f)`, `q2(f)`, ... (genuinely different wordings of the whole question: rules, coordinate
conventions, the puzzle) and `answer_format(f)`, all rendered from the instance's structured `fields`
(`f`), never from an English text. The paraphrase (and, for `mix`, the language) is drawn from the
item's own seeded stream, separate from the puzzle's, so the puzzle is the same in every language.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2

LANGS = ("en", "zh")
LANG_CHOICES = (*LANGS, "mix")  # mix: a seeded 50/50 choice per item
STYLES = ("default", "r1", "plain")
_TEMPLATES = Path(__file__).parent / "templates"

# DeepSeek-R1-Zero's system prompt: think inside <think>, answer inside <answer>.
R1_SYSTEM = {
    "en": "A conversation between User and Assistant. The user asks a question, and the Assistant solves it. "
    "The Assistant first thinks about the reasoning process in the mind and then provides the user with the "
    "answer. The reasoning process and answer are enclosed within <think> </think> and <answer> </answer> "
    "tags, respectively, i.e., <think> reasoning process here </think> <answer> answer here </answer>.",
    "zh": "这是用户与助手之间的对话。用户提出问题，由助手来解答。助手先在心里想清楚推理过程，再把答案告诉用户。"
    "推理过程写在 <think> </think> 标签内，答案写在 <answer> </answer> 标签内，即：<think> 推理过程 </think> "
    "<answer> 答案 </answer>。",
}


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False, autoescape=False,
    )
    env.filters["rc"] = lambda cell, base=1: f"({cell[0] + base},{cell[1] + base})"
    env.filters["rows"] = lambda grid, sep=" ": "\n".join(sep.join(str(v) for v in row) for row in grid)
    return env


@lru_cache(maxsize=256)
def _module(family: str, lang: str):
    """The compiled macros of one family's template file for `lang` (None when the file does not exist)."""
    try:
        return _env().get_template(f"{family}/{lang}.j2").module
    except jinja2.TemplateNotFound:
        return None


@lru_cache(maxsize=256)
def paraphrases(family: str, lang: str) -> tuple[str, ...]:
    """The names of the question macros (`q1`, `q2`, ...) a family has in `lang`, in order; () if none.

    >>> paraphrases("word_sorting", "en")[:2]
    ('q1', 'q2')
    """
    module = _module(family, lang)
    if module is None:
        return ()
    names = [n for n in dir(module) if n[:1] == "q" and n[1:].isdigit()]
    return tuple(sorted(names, key=lambda n: int(n[1:])))


def languages(family: str) -> tuple[str, ...]:
    """The languages a family's questions are written in."""
    return tuple(lang for lang in LANGS if paraphrases(family, lang))


def pick(family: str, lang: str, draw: int) -> tuple[str, str]:
    """(language, question macro) for one item from a 64-bit `draw`: `mix` takes the language from its
    lowest bit, the paraphrase from the rest (uniform up to 2**-50)."""
    if lang == "mix":
        lang, draw = LANGS[draw & 1], draw >> 1
    names = paraphrases(family, lang)
    if not names:
        raise ValueError(f"task family {family!r} has no questions in {lang!r}; it has {', '.join(languages(family))}")
    return lang, names[draw % len(names)]


def draw(task: str, seed: int, index: int, *extra: int) -> int:
    """The item's 64-bit prompt draw: a stream of its own (BLAKE2b of task, seed, index, ...), so the
    language and wording never change the puzzle, which comes from `item_rng`.

    >>> draw("word_sorting", 0, 1) == draw("word_sorting", 0, 1) != draw("word_sorting", 0, 2)
    True
    """
    data = (("prompt," + "%d," * (2 + len(extra))) % (seed, index, *extra)).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8, key=_key(task)).digest(), "little")


@lru_cache(maxsize=1024)
def _key(task: str) -> bytes:
    return hashlib.blake2b(task.encode(), digest_size=32).digest()


def render(family: str, lang: str, macro: str, fields: dict) -> str:
    """One question: the macro `macro` of the family's `lang` file applied to the instance's fields."""
    return str(getattr(_module(family, lang), macro)(fields)).strip()


def answer_text(family: str, lang: str, fields: dict, answer: str) -> str:
    """The reference answer as the `lang` answer format asks for it: the family's optional
    `answer(f, answer)` macro rewrites the canonical answer (web_of_lies: "yes, no" -> "是，否");
    without one the answer is language-neutral (digits, labels, brackets) and stays as it is."""
    macro = getattr(_module(family, lang), "answer", None)
    return answer if macro is None else str(macro(fields, answer)).strip()


def answer_format(family: str, lang: str, fields: dict) -> str:
    """How the answer must be written, in `lang` (the family's `answer_format` macro)."""
    return " ".join(str(_module(family, lang).answer_format(fields)).split())


def check_lang(lang: str) -> str:
    """`lang` when it is one of en, zh, mix; ValueError naming the choices otherwise."""
    if lang not in LANG_CHOICES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANG_CHOICES)}")
    return lang


def check_style(style: str) -> str:
    """`style` when it is one of default, r1, plain; ValueError naming the choices otherwise."""
    if style not in STYLES:
        raise ValueError(f"unknown prompt style {style!r}; one of {', '.join(STYLES)}")
    return style


@lru_cache(maxsize=1024)
def _instruction(lang: str, style: str, fmt: str) -> tuple[str, str]:
    """The text before and after the question for a language and style (rendered once, not per row)."""
    slot = "\x00question\x00"
    text = _env().get_template(f"prompt/{lang}.j2").render(question=slot, answer_format=fmt, style=style)
    if text.count(slot) != 1:
        raise ValueError(f"prompt/{lang}.j2 must insert {{{{ question }}}} exactly once")
    head, tail = text.split(slot)
    return head, tail


def prompt(question: str, fmt: str, lang: str = "en", style: str = "default") -> list[dict] | str:
    """The prompt for one question: chat messages (`default`: one user turn; `r1`: the R1-Zero system
    prompt, then the user turn) or, for `plain`, one string with no chat wrapper.

    >>> prompt("Q?", "a number", "en", "r1")[0]["role"], type(prompt("Q?", "a number", "en", "plain")).__name__
    ('system', 'str')
    """
    head, tail = _instruction(lang, style, fmt)
    text = head + question + tail
    if style == "plain":
        return text
    user = {"role": "user", "content": text}
    return [{"role": "system", "content": R1_SYSTEM[lang]}, user] if style == "r1" else [user]
