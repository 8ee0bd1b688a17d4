"""Turn a linearised trace into chain-of-thought text with ASTRO's fixed reflection and backtrack markers."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
import numpy as np

from logicforge.generators.astro.env import StepEnv
from logicforge.generators.astro.linearise import Trace

# ASTRO's hard-coded phrases (paper §2.4), verbatim; only the tails after BACK and RESTART vary.
REFLECT = "But wait, are we solving the problem correctly so far? Hmm..."
DOUBT = "I'm not sure if we're solving the problem correctly so far."
BACK = "Let's go back to where we"
RESTART = "Let's restart our solution from the beginning"
CONFIRM = "Our solution seems to be correct so far."
MARKERS = {"reflect": REFLECT, "doubt": DOUBT, "back": BACK, "restart": RESTART, "confirm": CONFIRM}
_TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _jinja() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), undefined=jinja2.StrictUndefined,
                             autoescape=False, keep_trailing_newline=False)
    env.filters["then"] = then
    return env


def then(text: str) -> str:
    """`text` with the gap before the next sentence: a newline after a block (a grid), else a space.

    >>> then("It holds."), then("Filled:\\n1 2\\n2 1")
    ('It holds. ', 'Filled:\\n1 2\\n2 1\\n')
    """
    text = str(text)
    return text + ("\n" if _BLOCK_ROW.match(text.rsplit("\n", 1)[-1]) and "\n" in text else " ")


# A line of a block: a grid row or a list of numbers, e.g. `6 1 5 2 3 4` or `1/2 -3 4`.
_BLOCK_ROW = re.compile(r"^(?:-?\d+(?:/\d+)?|\S)(?: +(?:-?\d+(?:/\d+)?|\S))*$")
_ROW_GLUED = re.compile(r"^(?:-?\d+(?:/\d+)? +){2,}[A-Z][a-z]")  # `6 1 5 2 3 4 But wait`
_DEFECTS = {
    "doubled space": re.compile(r"\S  +\S"),
    "space before punctuation": re.compile(r" [.,;!?](?:\s|$)"),
    "empty slot": re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}|\bNone\b|\bUndefined\b|[:,] *[.,;]|(?<!\.)\.\.(?!\.)"),
    "dangling word": re.compile(r"\b(?:is|the|a|an|of|to|from|and|by|as|with) *[.,;:](?:\s|$)"),
    "repeated word": re.compile(r"\b([a-z]{2,}) \1\b"),
    "number agreement": re.compile(r"(?<![\d/.,-])1 (?:\w+ )?(?:cells|words|numbers|steps|equations|unknowns)\b"),
}


def prose_defects(text: str) -> list[str]:
    """Layout and template slips in a rendered trace, each as `kind: the line` (empty when clean).

    Checked: the `<think>...</think>` then `<answer>...</answer>` frame; a grid or list row that runs into the
    next sentence; a line that stops without ending its sentence (blocks aside); doubled spaces, a space
    before punctuation, an empty template slot, a sentence ending on `the`/`of`/..., a repeated word, `1 cells`.

    >>> prose_defects("<think>\\nFilled:\\n1 2\\n2 1 But wait.\\n</think>\\n<answer>1 2\\n2 1</answer>\\n")
    ['block glued to prose: 2 1 But wait.']
    """
    found = []
    head, sep, tail = text.partition("</think>\n<answer>")
    if not head.startswith("<think>\n") or not sep or not tail.endswith("</answer>\n") or "<answer>" in tail:
        found.append("frame: not <think>...</think> then one <answer>...</answer>")
    for line in head.split("\n")[1:]:
        if not line:
            continue
        if _ROW_GLUED.match(line):
            found.append(f"block glued to prose: {line}")
        elif line != line.strip() or not (line.endswith((".", "?", "!", ":")) or _BLOCK_ROW.match(line)):
            found.append(f"unfinished line: {line}")
        found += [f"{kind}: {line}" for kind, pattern in _DEFECTS.items() if pattern.search(line)]
    return found


def families_with_templates() -> list[str]:
    """Families that have a prose template (templates/<family>.j2)."""
    return sorted(p.stem for p in _TEMPLATES.glob("*.j2") if p.stem != "trace")


def events(env: StepEnv, trace: Trace, rng: np.random.Generator) -> list[dict]:
    """The trace as template events: step, wrong (a failed terminal), backtrack, check, each with context."""
    out: list[dict] = []
    prev = trace.nodes[0]
    for node in trace.nodes[1:]:
        parent = node.parent
        if parent is not prev:
            target = {} if parent.parent is None else env.describe(parent.parent.state, parent.step)
            out.append({"kind": "backtrack", "root": parent.parent is None, "d": target, "v": _v(rng)})
        out.append({"kind": "step", "d": env.describe(parent.state, node.step), "v": _v(rng)})
        if node.terminal and not node.outcome.correct:
            out.append({"kind": "wrong", "t": env.terminal(node.state), "dead": node.outcome.answer is None,
                        "v": _v(rng)})
        elif node.ident in trace.checks and node is not trace.final:
            out.append({"kind": "check", "v": _v(rng)})
        prev = node
    return out


def _v(rng: np.random.Generator) -> int:
    """A phrasing variant; templates pick wordings with `v % n`."""
    return int(rng.integers(0, 2**16))


def verbalise(env: StepEnv, trace: Trace, rng: np.random.Generator) -> str:
    """The full assistant turn: `<think>` reasoning `</think>` then `<answer>` with the final answer.

    The final node's answer is exactly what `env.task.verify` accepted, so the emitted text verifies.
    """
    final = trace.final
    if not (final.terminal and final.outcome.correct):
        raise ValueError("a trace must end at a verified terminal")
    template = _jinja().get_template("trace.j2")
    text = template.render(family=env.family, start=env.start(), events=events(env, trace, rng),
                           final=env.terminal(final.state), answer=final.outcome.answer, v=_v(rng), **MARKERS)
    return text.strip() + "\n"


def count_backtracks(text: str) -> int:
    """Backtracks written in a trace: the go-back and restart markers."""
    return text.count(BACK) + text.count(RESTART)
