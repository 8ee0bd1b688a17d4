"""The `logicforge` command line: commands only parse arguments and call library functions."""

from __future__ import annotations

import json
import shlex
import sys

import click

from logicforge.astro_cli import astro as astro_cmd
from logicforge.cli_util import WholeHelpGroup, friendly, parse_kv
from logicforge.data_cards.commands import card as card_cmd, push as push_cmd
from logicforge.tasks import get_task, list_tasks
from logicforge.tasks.prompts import LANG_CHOICES, STYLES
from logicforge.train.cli import eval_cmd, tiny_model_cmd, train as train_group
from logicforge.train.mixture_cli import mix as mix_group


@click.group(cls=WholeHelpGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="logicforge")
def main():
    """logicforge: verifiable reasoning data for RL with verifiable rewards."""


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@friendly
def list_cmd(as_json):
    """Every task with its category, verifier kind, answer format, knobs (name, type, range) and levels."""
    tasks = [get_task(n) for n in list_tasks()]
    if as_json:
        click.echo(json.dumps([_task_info(t) for t in tasks], indent=2, default=str))
        return
    for t in tasks:
        click.echo(f"{t.name}  [{t.category}, {t.verifier_kind}]  levels 1..{max(t.levels)}  {t.description}")
        click.echo(f"    answer: {t.answer_format}")
        click.echo(f"    languages: {', '.join(_languages(t))}")
        for k in t.knob_table():
            click.echo(f"    {k['name']:<18} {k['type']:<6} {_range(k):<22} default {k['default']!r:<8} {k['help']}")
        for line in level_lines(t):
            click.echo("    " + line)


def level_lines(t) -> list[str]:
    """What each level sets, one line a level, the knobs that vary across levels; then the ones that do not."""
    levels = {lvl: json.loads(p.to_json()) for lvl, p in sorted(t.levels.items())}
    names = list(next(iter(levels.values())))
    varying = [n for n in names if len({json.dumps(v[n]) for v in levels.values()}) > 1]
    lines = [f"level {lvl:>2}: " + ", ".join(f"{n}={v[n]}" for n in varying) for lvl, v in levels.items()]
    fixed = [f"{n}={levels[min(levels)][n]}" for n in names if n not in varying]
    return lines + ([f"every level: {', '.join(fixed)}"] if fixed else [])


def _range(k: dict) -> str:
    if k.get("choices"):
        return "{" + ", ".join(map(str, k["choices"])) + "}"
    if k["type"] == "bool":
        return "{true, false}"
    return f"[{k.get('lo')}, {k.get('hi')}]"


def _languages(t) -> list[str]:
    """The languages `--lang` may ask of a task (a family without question templates is English only)."""
    from logicforge.tasks.prompts import languages

    return list(languages(t.module) or ("en",))


def _task_info(t) -> dict:
    return {"name": t.name, "category": t.category, "verifier": t.verifier_kind, "description": t.description,
            "answer_format": t.answer_format, "languages": _languages(t), "knobs": t.knob_table(),
            "levels": {lvl: json.loads(p.to_json()) for lvl, p in sorted(t.levels.items())}}


_LANG_HELP = "Language of the questions: en, zh, or mix (a seeded 50/50 choice per item)."
_STYLE_HELP = ("Prompt style: default (one user turn), r1 (DeepSeek-R1-Zero system prompt: <think> then <answer>), "
               "plain (one string, no chat wrapper).")


@main.command()
@click.argument("task")
@click.option("--level", type=int, default=None, help="Difficulty level 1..10 (default 1).")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Set a knob (repeatable).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--index", type=int, default=0, show_default=True, help="Item index under the seed.")
@click.option("--lang", type=click.Choice(LANG_CHOICES), default="en", show_default=True, help=_LANG_HELP)
@click.option("--prompt-style", "style", type=click.Choice(STYLES), default="default", show_default=True,
              help=_STYLE_HELP)
@friendly
def show(task, level, params, seed, index, lang, style):
    """Show one instance: prompt, reference answer, payload, and the task's knobs."""
    from logicforge.tasks.mix import check_lang

    t = get_task(task)
    p = t.params(level, parse_kv(params))
    inst = t.generate(p, seed, index, lang=check_lang(t.name, lang))
    label = f"level {level or 1}" + (" + knobs" if params else "")
    click.echo(f"# {t.name} ({label}, lang {inst.lang}, prompt style {style}) knobs: {p.to_json()}")
    prompt = t.prompt_for(inst, style)
    if isinstance(prompt, str):
        click.echo("\n## prompt\n" + prompt)
    else:
        click.echo("\n## prompt\n" + "\n\n".join(
            m["content"] if m["role"] == "user" else f"[{m['role']}] {m['content']}" for m in prompt))
    click.echo("\n## answer\n" + inst.answer)
    click.echo(f"\n## hardness\n{inst.hardness}")
    click.echo("\n## payload\n" + json.dumps(inst.payload))
    knobs = (f"{k['name']} ({k['type']}, {_range(k)}): {k['help']}" for k in t.knob_table())
    click.echo("\n## knobs\n" + "\n".join(knobs))


@main.command()
@click.option("--task", "tasks", multiple=True, help="Task name (repeatable; equal weights).")
@click.option("--mix", type=click.Path(), default=None, help="Mix YAML: tasks, weights, levels/knobs, splits.")
@click.option("-n", "n", type=click.IntRange(min=1), default=None, help="Rows (single split 'train').")
@click.option("--level", type=click.IntRange(1, 10), default=None, help="Difficulty level for every task.")
@click.option("--param", "params", multiple=True, metavar="K=V", help="Set a knob (repeatable).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Base seed (default 0 or the mix's).")
@click.option("--splits", default=None, help="Split sizes, e.g. train=10000,test=500 (disjoint seeds and items).")
@click.option("--lang", type=click.Choice(LANG_CHOICES), default=None,
              help=_LANG_HELP + " Sets every task's; default: the mix's, else en.")
@click.option("--prompt-style", "style", type=click.Choice(STYLES), default=None,
              help=_STYLE_HELP + " Default: the mix's, else default.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl", "arrow"]), default="parquet", show_default=True)
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes; 0: one per available core.")
@click.option("--shard", default="0/1", show_default=True, help="K/N: write only this machine's share of the files "
              "(join the N shard dirs with `logicforge merge`).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: worker processes here; ray: --workers shards as Ray tasks (RAY_ADDRESS or a local "
                   "instance), then merged.")
@click.option("--out", required=True, type=click.Path(), help="Output directory.")
@click.option("--overwrite", is_flag=True, help="Replace --out if it holds a logicforge dataset (and nothing else).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@friendly
def generate(tasks, mix, n, level, params, seed, splits, lang, style, fmt, workers, shard, executor, out, overwrite,
             progress):
    """Generate a dataset (sharded files, written atomically, plus manifest.json)."""
    from logicforge.tasks.build import cpu_count, make_spec, write_dataset
    from logicforge.tasks.mix import load_mix

    workers = workers or cpu_count()
    if mix and (tasks or level or params or n):
        raise ValueError("--mix already names tasks, levels and sizes; use --splits/--seed/--lang/--prompt-style "
                         "to override")
    spec = make_spec(tasks, n, level, parse_kv(params) or None, seed, splits, load_mix(mix) if mix else None,
                     lang, style)
    command = _command(mix, tasks, n, level, params, spec, fmt, shard, out, lang, style)
    manifest = write_dataset(spec, out, fmt, workers, _parse_shard(shard), overwrite, progress, command=command,
                             executor=executor)
    counts = ", ".join(f"{s}={sum(f['rows'] for f in v['files'])}" for s, v in manifest["splits"].items())
    click.echo(f"wrote {out} ({counts}; shard {manifest['shard']}; content hash {manifest['content_hash'][:16]})")


def _command(mix, tasks, n, level, params, spec, fmt, shard, out, lang=None, style=None) -> str:
    """The exact `logicforge generate` call, with the effective seed and splits spelled out."""
    args = ["logicforge", "generate"]
    args += ["--mix", str(mix)] if mix else [a for t in tasks for a in ("--task", t)]
    args += ["--level", str(level)] if level else []
    args += [a for p in params for a in ("--param", p)]
    args += ["--seed", str(spec.seed), "--splits", ",".join(f"{k}={v}" for k, v in spec.splits.items())]
    args += (["--lang", lang] if lang else []) + (["--prompt-style", style] if style else [])
    args += ["--format", fmt] + (["--shard", shard] if shard != "0/1" else []) + ["--out", str(out)]
    return shlex.join(args)


def _parse_shard(text: str) -> tuple[int, int]:
    k, sep, n = text.partition("/")
    if not sep or not k.isdigit() or not n.isdigit() or int(n) < 1 or int(k) >= int(n):
        raise ValueError(f"bad --shard {text!r}; expected K/N with 0 <= K < N")
    return int(k), int(n)


@main.command()
@click.option("--data", required=True, type=click.Path(), help="A dataset dir written by `generate`.")
@click.option("--responses", required=True, type=click.Path(), help="JSONL with `id` and `response` per line.")
@click.option("--split", default=None, help="Only this split.")
@click.option("--out", default=None, type=click.Path(), help="Per-row verdicts JSONL (default: beside responses).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal, for large files).")
@friendly
def verify(data, responses, split, out, progress):
    """Score model responses with the verifiers: accuracy per task and level, failure reasons."""
    from logicforge.tasks.scoring import score_dataset, write_verdicts

    report = score_dataset(data, responses, split, progress)
    out = out or str(responses).rsplit(".", 1)[0] + ".verdicts.jsonl"
    write_verdicts(report, out)
    summary = report.summary()
    click.echo(f"{'task/level':<28} {'correct':>8} {'total':>6} {'acc':>6}")
    for key, cell in summary["by_task_level"].items():
        click.echo(f"{key:<28} {cell['correct']:>8} {cell['total']:>6} {cell['correct'] / cell['total']:>6.3f}")
    click.echo(f"{'all':<28} {summary['correct']:>8} {summary['scored']:>6} {summary['accuracy']:>6.3f}")
    if summary["missing_responses"]:
        click.echo(f"rows without a response: {summary['missing_responses']}")
    if summary["unscored_splits"]:
        click.echo(f"not scored (no response for any of their rows): split {', '.join(summary['unscored_splits'])}")
    click.echo("failure reasons:")
    for reason, count in summary["failure_reasons"].items():
        click.echo(f"  {reason:<30} {count:>6} {'#' * min(50, count)}")
    click.echo(f"verdicts written to {out}")


@main.command()
@click.argument("shard_dirs", nargs=-1, required=True, type=click.Path())
@click.option("--out", required=True, type=click.Path(), help="Output directory for the merged dataset.")
@click.option("--overwrite", is_flag=True, help="Replace --out if it holds a logicforge dataset.")
@click.option("--no-check", is_flag=True, help="Skip re-hashing every file against its shard's manifest.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@friendly
def merge(shard_dirs, out, overwrite, no_check, progress):
    """Join the N shard dirs of one `generate --shard K/N` job into one dataset (the single-machine bytes)."""
    from logicforge.tasks.build import _progress
    from logicforge.tasks.merge import merge as merge_shards, read_shard

    total = sum(read_shard(shard_dirs[0])["spec"]["splits"].values())  # rows re-hashed by the check
    with _progress(0 if no_check else total, progress) as bar:
        manifest = merge_shards(list(shard_dirs), out, overwrite, check=not no_check, progress=bar.update)
    counts = ", ".join(f"{s}={v['rows']}" for s, v in manifest["splits"].items())
    click.echo(f"merged {len(shard_dirs)} shard(s) into {out} ({counts}; content hash {manifest['content_hash'][:16]})")


MIN_MONOTONE_N = 30


@main.command()
@click.argument("task")
@click.option("-n", "n", type=click.IntRange(min=1), default=30, show_default=True,
              help="Instances per level (hardness medians need about 30 to be stable).")
@click.option("--level", type=click.IntRange(1, 10), multiple=True, help="Only these levels (default all).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@friendly
def check(task, n, level, seed, progress):
    """Run the data-quality invariants on N fresh instances per level; exit 1 on any failure."""
    from logicforge.tasks.check import format_reports, monotone, run_check

    t = get_task(task)
    reports = run_check(t, n, list(level) or None, seed, progress)
    click.echo(format_reports(t, reports))
    if len(reports) > 1 and not monotone(reports) and n < MIN_MONOTONE_N:
        click.echo(f"(with -n {n} the medians are noisy; hardness is judged from -n {MIN_MONOTONE_N} up)")
    elif len(reports) > 1 and not monotone(reports):
        sys.exit(1)
    if any(r.failures for r in reports):
        sys.exit(1)


# -- commands from other areas ---------------------------------------------------------------
for _other in (astro_cmd, mix_group, train_group, eval_cmd, tiny_model_cmd, card_cmd, push_cmd):
    main.add_command(_other)


if __name__ == "__main__":
    main()
