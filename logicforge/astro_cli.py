"""`logicforge astro`: ASTRO search traces (MCTS -> chain-of-thought with backtracking) as an SFT dataset."""

from __future__ import annotations

import shlex

import click

from logicforge.cli_util import friendly, parse_kv
from logicforge.generators.astro import env_class, supported
from logicforge.tasks.prompts import LANG_CHOICES

_SEARCH_FLAGS = ("k", "rollouts", "iterations", "c_puct", "max_depth", "value")


@click.command("astro")
@click.option("--task", required=True, help="Task with a step environment: " + ", ".join(supported()) + ".")
@click.option("--level", type=click.IntRange(1, 10), default=None, help="Difficulty level 1..10 (default 1).")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Set a knob (repeatable).")
@click.option("-n", "n", type=click.IntRange(min=1), default=100, show_default=True, help="Traces (rows) to write.")
@click.option("--policy", type=click.Choice(["scripted", "random", "llm"]), default="scripted", show_default=True)
@click.option("--model", type=click.Path(), default=None, help="Local model directory for --policy llm.")
@click.option("--config", type=click.Path(), default=None, help="YAML of search/linearise knobs.")
@click.option("--k", type=click.IntRange(min=1), default=None, help="Steps proposed per expansion (8).")
@click.option("--rollouts", type=click.IntRange(min=1), default=None, help="Rollouts per new node, M (16).")
@click.option("--iterations", type=click.IntRange(min=1), default=None, help="MCTS iterations per problem (32).")
@click.option("--c-puct", "c_puct", type=click.FloatRange(min=0), default=None, help="PUCT exploration weight (1.0).")
@click.option("--max-depth", "max_depth", type=click.IntRange(min=1), default=None, help="Deepest node in steps.")
@click.option("--value", type=click.Choice(["auto", "oracle", "rollout"]), default=None, help="Node values (auto).")
@click.option("--noise", type=click.FloatRange(0, 1), default=None, help="Scripted policy mistake rate (0.3).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--lang", type=click.Choice(LANG_CHOICES), default="en", show_default=True,
              help="Language of the questions: en, zh, or mix (a seeded 50/50 choice per problem). The trace prose "
                   "is English in every case (the step templates are English).")
@click.option("--plain", is_flag=True, help="prompt/completion as strings instead of chat messages.")
@click.option("--out", required=True, type=click.Path(), help="Output directory.")
@click.option("--overwrite", is_flag=True, help="Replace --out if it holds a logicforge dataset.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@friendly
def astro(task, level, params, n, policy, model, config, noise, seed, lang, plain, out, overwrite, progress, **search):
    """Search traces that explore, backtrack and end at a verified answer, ready for TRL's SFTTrainer."""
    import dataclasses

    from logicforge.generators.astro.build import build, config_from_dict, load_config
    from logicforge.generators.astro.policies import make_policy
    from logicforge.tasks import get_task
    from logicforge.tasks.mix import check_lang

    t = get_task(task)
    env_class(t.name)  # unsupported family: one clear line before any work
    check_lang(t.name, lang)
    cfg = load_config(config) if config else config_from_dict({})
    changed = {k: v for k, v in search.items() if v is not None}
    cfg = dataclasses.replace(cfg, search=dataclasses.replace(cfg.search, **changed))
    if noise is not None:
        cfg = dataclasses.replace(cfg, noise=noise)
    pol = make_policy(policy, model=model, noise=cfg.noise)
    command = _command(click.get_current_context().params)
    manifest = build(t, n, out, level=level, overrides=parse_kv(params) or None, policy=pol, cfg=cfg, seed=seed,
                     overwrite=overwrite, plain=plain, command=command, progress=progress, lang=lang)
    c = manifest["counts"]
    click.echo(f"wrote {out} ({c['rows']} traces: {c['direct']} direct, {c['search']} search; "
               f"{c['backtracks'] / max(c['rows'], 1):.2f} backtracks and {c['steps'] / max(c['rows'], 1):.1f} steps "
               f"per trace; {c['problems']} problems, {c['no_correct']} without a correct answer; {c['seconds']} s)")
    if policy == "llm":
        click.echo(policy_note(c))
    if lang != "en":
        click.echo(f"note: the questions are in {lang}, the trace prose is English (the card says so too)")


def policy_note(c: dict) -> str:
    """What the model really did: proposals discarded, uniform fallbacks, and its share of the written steps."""
    share = c.get("policy_share", 1.0)
    line = (f"policy llm: {c.get('policy_discarded', 0)} of {c.get('policy_proposed', 0)} proposals discarded "
            f"(unparsable or illegal), {c.get('policy_fallbacks', 0)} uniform random fallbacks; the model proposed "
            f"{share:.0%} of the written steps (column policy_share)")
    if share == 0:
        line += "; WARNING: no written step came from the model, so these are random-policy traces"
    elif share < 0.5:
        line += "; WARNING: most written steps came from random fallbacks"
    return line


def _command(params: dict) -> str:
    """The effective call, every option that was set spelled out (for the manifest)."""
    args = ["logicforge", "astro"]
    for name, value in params.items():
        if name == "progress":  # display only: the rows do not depend on it
            continue
        flag = "-n" if name == "n" else "--" + name.replace("_", "-")
        if isinstance(value, tuple):
            args += [a for v in value for a in ("--param", v)]
        elif value is True:
            args.append(flag)
        elif value not in (None, False):
            args += [flag, str(value)]
    return shlex.join(args)
