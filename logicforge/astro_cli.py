"""`logicforge astro`: ASTRO search traces (MCTS -> chain-of-thought with backtracking) as an SFT dataset."""

from __future__ import annotations

import shlex

import click

from logicforge.cli_util import friendly, parse_kv

_SEARCH_FLAGS = ("k", "rollouts", "iterations", "c_puct", "max_depth", "value")


@click.command("astro")
@click.option("--task", required=True,
              help="Task family with a step environment: mathador, sudoku, linear_system, shortest_path, "
                   "web_of_lies, word_sorting.")
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
@click.option("--plain", is_flag=True, help="prompt/completion as strings instead of chat messages.")
@click.option("--out", required=True, type=click.Path(), help="Output directory.")
@click.option("--overwrite", is_flag=True, help="Replace a non-empty --out.")
@friendly
def astro(task, level, params, n, policy, model, config, noise, seed, plain, out, overwrite, **search):
    """Search traces that explore, backtrack and end at a verified answer, ready for TRL's SFTTrainer."""
    import dataclasses

    from logicforge.generators.astro import env_class
    from logicforge.generators.astro.build import build, config_from_dict, load_config
    from logicforge.generators.astro.policies import make_policy
    from logicforge.tasks import get_task

    t = get_task(task)
    env_class(t.name)  # unsupported family: one clear line before any work
    cfg = load_config(config) if config else config_from_dict({})
    changed = {k: v for k, v in search.items() if v is not None}
    cfg = dataclasses.replace(cfg, search=dataclasses.replace(cfg.search, **changed))
    if noise is not None:
        cfg = dataclasses.replace(cfg, noise=noise)
    pol = make_policy(policy, model=model, noise=cfg.noise)
    command = _command(click.get_current_context().params)
    manifest = build(t, n, out, level=level, overrides=parse_kv(params) or None, policy=pol, cfg=cfg, seed=seed,
                     overwrite=overwrite, plain=plain, command=command)
    c = manifest["counts"]
    click.echo(f"wrote {out} ({c['rows']} traces: {c['direct']} direct, {c['search']} search; "
               f"{c['backtracks'] / max(c['rows'], 1):.2f} backtracks and {c['steps'] / max(c['rows'], 1):.1f} steps "
               f"per trace; {c['problems']} problems, {c['no_correct']} without a correct answer; {c['seconds']} s)")


def _command(params: dict) -> str:
    """The effective call, every option that was set spelled out (for the manifest)."""
    args = ["logicforge", "astro"]
    for name, value in params.items():
        flag = "-n" if name == "n" else "--" + name.replace("_", "-")
        if isinstance(value, tuple):
            args += [a for v in value for a in ("--param", v)]
        elif value is True:
            args.append(flag)
        elif value not in (None, False):
            args += [flag, str(value)]
    return shlex.join(args)
