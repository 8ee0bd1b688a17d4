"""Docs made from the registry: the README's task table and ASTRO list, the starter mix, and one English
and one Chinese example per task (docs/examples.md).

Regenerate them after adding or changing a task (tests/test_docs.py fails while they are stale):

    python -m logicforge.docs           # rewrite README.md, examples/starter.yaml, docs/examples.md here
    python -m logicforge.docs --check   # exit 1 naming the stale files, change nothing
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

from logicforge.generators.astro import ENVIRONMENTS
from logicforge.tasks import get_task, list_tasks, prompts
from logicforge.tasks.base import VERIFIER_KINDS, Task

ROOT = Path(__file__).resolve().parents[1]  # the checkout holding this package
STARTER = "examples/starter.yaml"
EXAMPLES = "docs/examples.md"
EXAMPLE_LEVEL = 2  # small enough to read, past the trivial level 1
EXAMPLE_CHARS = 3000  # a longer question is cut (the rest is elided with a note)
STARTER_LEVELS = [1, 3, 5]  # every task at an easy, a middling and a medium level
STARTER_SPLITS = {"train": 600, "test": 60}
_BLOCK = re.compile(r"(<!-- BEGIN (?P<name>[\w-]+)[^>]*-->\n).*?(<!-- END (?P=name) -->)", re.S)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _knobs(task: Task, level: int) -> str:
    """`name=value` for every knob of a level, by name."""
    params = task.levels[level]
    return ", ".join(f"{k['name']}={getattr(params, k['name'])}" for k in sorted(task.knob_table(),
                                                                                 key=lambda k: k["name"]))


def _puzzle(task: Task) -> str:
    """The description without its "Family name: " lead."""
    return task.description.partition(": ")[2] or task.description


def tasks_section() -> str:
    """The README's Tasks section body: what each verifier kind promises, and one table row per task."""
    tasks = [get_task(n) for n in list_tasks()]
    kinds = "; ".join(f"{'an' if kind[0] in 'aeiou' else 'a'} `{kind}` verifier {text}"
                      for kind, text in VERIFIER_KINDS.items())
    intro = (f"All {len(tasks)} tasks have levels 1..10 and knobs that can be set directly (`logicforge list`). "
             f"{kinds[0].upper()}{kinds[1:]}.")
    lines = [*textwrap.wrap(intro, 110), "",
             "| task | category | verifier | examples | puzzle | answer format | level 1 -> level 10 |",
             "|---|---|---|---|---|---|---|"]
    for t in tasks:
        langs = prompts.languages(t.module) or ("en",)
        links = " · ".join(f"[{lang}]({EXAMPLES}#{_anchor(t.name, lang)})" for lang in langs)
        cells = [f"`{t.name}`", t.category, t.verifier_kind, links, _puzzle(t), t.answer_format,
                 f"{_knobs(t, min(t.levels))} -> {_knobs(t, max(t.levels))}"]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def astro_section() -> str:
    """The README's list of ASTRO step environments."""
    envs = ", ".join(f"{name} ({ENVIRONMENTS[name].step})" for name in sorted(ENVIRONMENTS))
    return "\n".join(textwrap.wrap(f"Step environments (what one step does): {envs}.", 108,
                                    initial_indent="- ", subsequent_indent="  ")) + "\n"


def starter_mix() -> str:
    """examples/starter.yaml: every registered task, equal weights, levels STARTER_LEVELS."""
    levels = ", ".join(map(str, STARTER_LEVELS))
    return "\n".join([
        "# The starter mixture: a small multi-task dataset that `logicforge generate --mix` builds in seconds.",
        "# Each entry: task, weight (relative share), level (1..10) or levels (cycled), optional params (knobs).",
        "# Made from the registry by `python -m logicforge.docs` (every task, levels " + levels + "); do not edit.",
        "seed: 0",
        "splits:",
        *(f"  {split}: {n}" for split, n in STARTER_SPLITS.items()),
        "tasks:",
        *(f"  - {{task: {name}, weight: 1, levels: [{levels}]}}" for name in list_tasks()),
    ]) + "\n"


def _anchor(name: str, lang: str) -> str:
    """The GitHub anchor of a task's example heading (`### word_sorting (en)` -> `word_sorting-en`)."""
    return f"{name}-{lang}"


def examples_page() -> str:
    """docs/examples.md: for every task, a level-EXAMPLE_LEVEL question in each of its languages, as the model
    sees it (the default prompt style), with the reference answer."""
    lines = ["# Examples: one question per task and language", "",
             f"Made from the registry by `python -m logicforge.docs` (level {EXAMPLE_LEVEL}, seed 0, item 0, the "
             "default prompt style); do not edit. The reference answer is one valid answer; tasks with a "
             "`constraint` verifier accept every answer that keeps the rules.", ""]
    for name in list_tasks():
        task = get_task(name)
        for lang in prompts.languages(task.module) or ("en",):
            inst = task.generate(task.params(EXAMPLE_LEVEL), 0, 0, lang=lang)
            prompt = task.prompt_for(inst)
            text = prompt[-1]["content"] if isinstance(prompt, list) else prompt
            if len(text) > EXAMPLE_CHARS:
                text = text[:EXAMPLE_CHARS] + f"\n[... {len(text) - EXAMPLE_CHARS} more characters]"
            fence = "````" if "```" in text or "```" in inst.answer else "```"
            lines += [f'<a id="{_anchor(name, lang)}"></a>', "", f"### {name} ({lang})", "",
                      f"{fence}text", text, fence, "", "Reference answer:", "", f"{fence}text", inst.answer, fence, ""]
    return "\n".join(lines)


def render_readme(text: str) -> str:
    """`text` with every generated block (between `<!-- BEGIN name -->` and `<!-- END name -->`) redone."""
    sections = {"tasks": tasks_section, "astro": astro_section}
    found = {m.group("name") for m in _BLOCK.finditer(text)}
    missing = set(sections) - found
    if missing:
        raise ValueError(f"README.md lacks the marker comments of {', '.join(sorted(missing))}")
    return _BLOCK.sub(lambda m: m.group(1) + sections[m.group("name")]() + m.group(3), text)


def outputs(root: Path = ROOT) -> dict[Path, str]:
    """Each generated file with the text it should hold."""
    readme = root / "README.md"
    return {readme: render_readme(readme.read_text(encoding="utf-8")), root / STARTER: starter_mix(),
            root / EXAMPLES: examples_page()}


def stale(root: Path = ROOT) -> list[Path]:
    """The generated files whose text differs from what the registry gives."""
    return [path for path, text in outputs(root).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m logicforge.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale; write nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout (default: the one holding logicforge)")
    args = parser.parse_args(argv)
    if not (args.root / "README.md").is_file():
        print(f"logicforge.docs: error: no README.md in {args.root}; run it in a checkout", file=sys.stderr)
        return 2
    todo = stale(args.root)
    if args.check:
        for path in todo:
            print(f"stale: {path.relative_to(args.root)} (run `python -m logicforge.docs`)")
        return 1 if todo else 0
    for path, text in outputs(args.root).items():
        if path in todo:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
