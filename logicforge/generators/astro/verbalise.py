"""Turn a linearised trace into chain-of-thought text with ASTRO's fixed reflection and backtrack markers."""

from __future__ import annotations

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
    return jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), undefined=jinja2.StrictUndefined,
                              autoescape=False, keep_trailing_newline=False)


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
