"""Commands for training and evaluation: `train grpo`, `train sft`, `eval`, `tiny-model` (parse, call the library)."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from logicforge.cli_util import friendly


def friendly_train(fn):
    """`friendly` (one-line errors, exit 2), with a missing `[train]` dependency as one of them."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        def body():
            try:
                return fn(*args, **kwargs)
            except ImportError as exc:
                raise ValueError(str(exc).splitlines()[0]) from None

        return friendly(body)()

    return wrapper


def parse_sets(items: tuple[str, ...]) -> dict[str, str]:
    """`("trainer.max_steps=10",)` -> {"trainer.max_steps": "10"}."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"bad --set {item!r}; expected section.field=value, e.g. trainer.max_steps=10")
        out[key.strip()] = value.strip()
    return out


def _config_command(kind: str):
    """Shared body of `train grpo` and `train sft`: print defaults, or load the config and run."""

    def command(config, overrides, print_defaults):
        from logicforge.train import config as cfgmod

        cls = cfgmod.GRPORunConfig if kind == "grpo" else cfgmod.SFTRunConfig
        if print_defaults:
            click.echo(cfgmod.describe(cls))
            return
        if config is None:
            raise ValueError(f"give a CONFIG.yaml (see examples/train/; `logicforge train {kind} --print-defaults`)")
        cfg = cfgmod.load_config(config, cls, parse_sets(overrides))
        if kind == "grpo":
            from logicforge.train.grpo import run
        else:
            from logicforge.train.sft import run
        result = run(cfg)
        _echo_result(result)

    return command


def _echo_result(result) -> None:
    metrics = result.metrics
    if metrics.get("already_finished"):
        click.echo(f"already finished: {result.output_dir} (step {metrics['global_step']}) was trained with this "
                   f"config; nothing to do (raise trainer.max_steps to go on, or use a new output_dir)")
    click.echo(f"done: {result.output_dir} (step {metrics['global_step']}); "
               f"metrics in {result.output_dir}/metrics.json")
    for task, cell in (metrics.get("per_task") or {}).items():
        acc, reward = cell.get("accuracy"), cell.get("reward")
        click.echo(f"  {task:<24} accuracy {_fmt(acc)}  reward {_fmt(reward)}  level {_fmt(cell.get('level'))}")


def _fmt(value) -> str:
    return "  -  " if value is None else f"{value:.3f}"


_config_arg = click.argument("config", required=False, type=click.Path())
_set_opt = click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
                        help="Override a config field, e.g. --set trainer.max_steps=10 (repeatable).")
_defaults_opt = click.option("--print-defaults", is_flag=True, help="Print every field with its default and help.")


@click.group("train")
def train():
    """Train on generated tasks: GRPO with the verifiers as rewards, or SFT on traces."""


@train.command("grpo")
@_config_arg
@_set_opt
@_defaults_opt
@friendly_train
def grpo_cmd(config, overrides, print_defaults):
    """GRPO (TRL) on a task mixture; resumes from the last checkpoint in output_dir.

    Several GPUs: accelerate launch $(which logicforge) train grpo CONFIG.yaml
    """
    _config_command("grpo")(config, overrides, print_defaults)


@train.command("sft")
@_config_arg
@_set_opt
@_defaults_opt
@friendly_train
def sft_cmd(config, overrides, print_defaults):
    """Supervised fine-tuning (TRL SFTTrainer) on ASTRO traces or any prompt/completion data."""
    _config_command("sft")(config, overrides, print_defaults)


@click.command("eval")
@click.option("--model", default=None, help="Model dir or hub id to sample from (not with --responses).")
@click.option("--data", required=True, type=click.Path(), help="A dataset dir written by `logicforge generate`.")
@click.option("-k", "k", type=click.IntRange(min=1), default=None, help="Samples per question [8; with --responses: "
              "the fewest any question has].")
@click.option("--split", default=None, help="Split to evaluate [test, or the only split].")
@click.option("--responses", default=None, type=click.Path(),
              help="Score this JSONL (id + response) instead of sampling.")
@click.option("--max-new-tokens", type=click.IntRange(min=1), default=512, show_default=True)
@click.option("--temperature", type=click.FloatRange(min=0), default=1.0, show_default=True)
@click.option("--top-p", type=click.FloatRange(0, 1, min_open=True), default=1.0, show_default=True)
@click.option("--samples", "-n", "samples", type=click.IntRange(min=1), default=None,
              help="Samples per question for the pass@k curve (k = 1, 2, 4, ..., n) [k].")
@click.option("--baseline", default=None, type=click.Path(),
              help="An earlier eval report dir: report the change per task with paired standard errors.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most N questions per task (a seeded sample).")
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True, help="Prompts per batch.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--backend", type=click.Choice(["auto", "transformers", "vllm"]), default="auto", show_default=True,
              help="auto = vLLM when installed and a GPU is present.")
@click.option("--out", default=None, type=click.Path(), help="Report dir [<model>/eval-<split> or beside --responses].")
@friendly_train
def eval_cmd(model, data, k, split, responses, max_new_tokens, temperature, top_p, samples, baseline, limit,
             batch_size, seed, backend, out):
    """pass@1 and unbiased pass@k per task and level, diversity, a JSON report and a PNG plot."""
    from logicforge.train import evaluate as ev

    if (model is None) == (responses is None):
        raise ValueError("give exactly one of --model (sample) or --responses (score a file)")
    if responses is not None:
        out = out or str(Path(responses).with_suffix("")) + "-eval"
        report = ev.evaluate_responses(data, responses, k, split, out, baseline=baseline)
    else:
        out = out or str(Path(model) / f"eval-{split or 'test'}" if Path(model).is_dir() else f"eval-{split or 'test'}")
        k = k or min(8, samples or 8)
        report = ev.evaluate(model, data, k, split, max_new_tokens, temperature, top_p, limit, batch_size, seed,
                             backend, out, samples=samples, baseline=baseline)
    _echo_report(report)


def _echo_report(report: dict) -> None:
    k = report["k"]
    click.echo(f"{'task/level':<28} {'questions':>9} {'pass@1':>7} {f'pass@{k}':>7} {'solved':>7} {'distinct':>8}")
    rows = [(f"{t}/L{lvl}", cell) for t, levels in report["by_task_level"].items() for lvl, cell in levels.items()]
    rows += [(t, cell) for t, cell in report["by_task"].items()] + [("all", report["overall"])]
    for name, c in rows:
        click.echo(f"{name:<28} {c['questions']:>9} {_fmt(c['pass@1']):>7} {_fmt(c[f'pass@{k}']):>7} "
                   f"{_fmt(c['solved']):>7} {_fmt(c['distinct_correct']):>8}")
    curve = report["overall"].get("pass_at_k") or {}
    if len(curve) > 1:
        click.echo("pass@k curve (all): " + "  ".join(f"k={j} {_fmt(v)}" for j, v in curve.items()))
    if "comparison" in report:
        _echo_comparison(report["comparison"])
    for name, path in report.get("files", {}).items():
        click.echo(f"{name}: {path}")


def _echo_comparison(cmp: dict) -> None:
    """One line per task: before -> after (change +- paired s.e., pairs), pass@1 and pass@k."""
    k = cmp["k"]
    click.echo(f"against {cmp['baseline']} (paired by question; +- is the paired standard error):")
    cells = [*cmp["by_task"].items(), ("all", cmp["overall"])]
    for name, cell in cells:
        parts = []
        for label in ("pass@1", f"pass@{k}"):
            c = cell[label]
            se = "n/a" if c["se"] is None else f"{c['se']:.3f}"
            parts.append(f"{label} {c['before']:.3f} -> {c['after']:.3f} ({c['change']:+.3f} +- {se})")
        click.echo(f"  {name:<24} " + "  ".join(parts) + f"  n={cell['pairs']}")


@click.command("tiny-model")
@click.argument("out", type=click.Path())
@click.option("--hidden-size", type=click.IntRange(min=8), default=64, show_default=True)
@click.option("--layers", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--vocab-size", type=click.IntRange(min=300), default=512, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@friendly_train
def tiny_model_cmd(out, hidden_size, layers, vocab_size, seed):
    """Build a tiny random model + BPE tokenizer with a chat template in OUT (local, no hub), for smoke runs."""
    from logicforge.train.tiny import make_tiny_model

    path = make_tiny_model(out, hidden_size, layers, vocab_size, seed)
    click.echo(f"wrote a tiny model ({hidden_size} hidden, {layers} layers) to {path}")
