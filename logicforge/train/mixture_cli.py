"""The `logicforge mix` commands: `run` a mixture search, `fit` and propose, `report`, `add` outside results."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import click

from logicforge.cli_util import WholeHelpGroup
from logicforge.train.cli import friendly_train, parse_sets

_TRAIN_EXTRA = ("scipy", "matplotlib", "torch", "trl", "transformers", "accelerate")


def needs_train_extra(fn):
    """A library of the train extra that is missing becomes one line with the install that brings it."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] not in _TRAIN_EXTRA:
                raise
            raise ValueError(f"this command needs {exc.name.split('.')[0]}, which comes with the train extra: "
                             "pip install -e '.[train]' (in a logicforge checkout)") from None

    return wrapper


@click.group("mix", cls=WholeHelpGroup)
def mix():
    """Find the task mixture that trains best (MoDoMoDo): seed runs, a surrogate, proposals."""


def _objective_options(fn):
    fn = click.option("--score", default=None, help="Per-set number: pass@1, solved or pass@<k> [the store's].")(fn)
    fn = click.option("--objective-set", "sets", multiple=True,
                      help="Eval set that counts (repeatable) [the store's objective].")(fn)
    fn = click.option("--metric", type=click.Choice(["mean", "size_weighted"]), default=None,
                      help="Average sets plainly or by size [the store's objective].")(fn)
    return click.option("--store", "db", required=True, type=click.Path(), help="The SQLite trial store.")(fn)


def _search_options(fn):
    fn = click.option("--surrogate", type=click.Choice(["quadratic", "linear"]), default="quadratic",
                      show_default=True)(fn)
    fn = click.option("--method", type=click.Choice(["maximize", "sample", "both"]), default="both",
                      show_default=True, help="Proposal method.")(fn)
    fn = click.option("-k", "k", type=click.IntRange(min=1), default=2, show_default=True, help="Proposals.")(fn)
    fn = click.option("--ridge", default="auto", show_default=True, help="Ridge strength, or auto.")(fn)
    return click.option("--min-weight", type=click.FloatRange(min=0), default=0.0, show_default=True,
                        help="Smallest weight any task may get.")(fn)


def _open(db: str, metric, sets, score, surrogate="quadratic", method="both", k=2, ridge="auto", min_weight=0.0):
    """The existing store, a config carrying the search options, and the objective to report."""
    from logicforge.train.mixture_run import MixSearchConfig
    from logicforge.train.mixture_store import TrialStore

    if not Path(db).is_file():
        raise ValueError(f"trial store {db!r} does not exist")
    store = TrialStore(db)
    cfg = MixSearchConfig(store=db)
    cfg.search.surrogate, cfg.search.method, cfg.search.per_round = surrogate, method, k
    try:
        cfg.search.ridge = ridge if ridge == "auto" else float(ridge)
    except ValueError:
        raise ValueError(f"--ridge must be a non-negative number or auto, got {ridge!r}") from None
    cfg.design.min_weight = min_weight
    objective = dict(store.get_meta("objective") or {})
    objective.update({name: v for name, v in (("metric", metric), ("sets", list(sets)), ("score", score)) if v})
    cfg.objective.metric = objective.get("metric", "mean")
    cfg.objective.sets = objective.get("sets", [])
    cfg.objective.score = objective.get("score", "pass@1")
    return store, cfg


@mix.command("run")
@click.argument("config", type=click.Path())
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a config field, e.g. --set search.rounds=5 (repeatable).")
@click.option("--retry-failed", is_flag=True, help="Run failed trials again.")
@click.option("--progress/--no-progress", default=None, help="A bar of finished trials (default: on a terminal).")
@friendly_train
@needs_train_extra
def run_cmd(config, overrides, retry_failed, progress):
    """Rounds of propose -> train (GRPO) -> evaluate -> refit; resumes the store, never re-runs a finished trial."""
    from logicforge.train.mixture_report import build_report, format_report
    from logicforge.train.mixture_run import load_search_config, search
    from logicforge.train.mixture_store import TrialStore

    cfg = load_search_config(config, parse_sets(overrides))
    with TrialBar(progress) as log:
        search(cfg, retry_failed=retry_failed, log=log)
    with TrialStore(cfg.store) as store:
        click.echo(format_report(build_report(store, cfg)))


class TrialBar:
    """The search's log lines, printed above a tqdm bar that counts finished trials (done or failed)."""

    _FINISHED = re.compile(r"^trial \S+ (done|failed):")

    def __init__(self, progress: bool | None = None):
        import sys

        from tqdm.auto import tqdm

        enabled = sys.stderr.isatty() if progress is None else progress
        self.bar = tqdm(desc="trials finished", unit="trial", disable=not enabled, dynamic_ncols=True)

    def __call__(self, message: str) -> None:
        if self.bar.disable:
            click.echo(message)
        else:
            self.bar.write(message)
        if self._FINISHED.match(message):
            self.bar.update(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()


@mix.command("fit")
@_objective_options
@_search_options
@click.option("--json", "as_json", is_flag=True, help="Print the fit as JSON.")
@friendly_train
@needs_train_extra
def fit_cmd(db, metric, sets, score, surrogate, method, k, ridge, min_weight, as_json):
    """Fit the surrogate on the store's finished trials and propose the next mixtures (no training)."""
    from logicforge.train.mixture_report import build_report, format_report

    store, cfg = _open(db, metric, sets, score, surrogate, method, k, ridge, min_weight)
    with store:
        rep = build_report(store, cfg, _objective(cfg))
    if rep["fit"] is None:
        raise ValueError(f"store {db!r} has finished trials on fewer than 2 mixtures; nothing to fit")
    click.echo(json.dumps(rep["fit"], indent=2) if as_json else format_report(rep).split("\n\n")[-1])


@mix.command("report")
@_objective_options
@_search_options
@click.option("--out", default=None, type=click.Path(), help="Report dir [<store>-report].")
@friendly_train
@needs_train_extra
def report_cmd(db, metric, sets, score, surrogate, method, k, ridge, min_weight, out):
    """A table of trials and mixtures (seed spread beside any gain), report.json and PNG plots."""
    from logicforge.train.mixture_report import build_report, format_report, write_report

    store, cfg = _open(db, metric, sets, score, surrogate, method, k, ridge, min_weight)
    with store:
        rep = build_report(store, cfg, _objective(cfg))
    files = write_report(rep, out or str(Path(db).with_suffix("")) + "-report")
    click.echo(format_report(rep))
    click.echo("\n" + "\n".join(f"{name}: {path}" for name, path in files.items()))


def _objective(cfg) -> dict:
    from logicforge.train._schema import to_dict

    return to_dict(cfg.objective)


@mix.command("add")
@click.option("--store", "db", required=True, type=click.Path(), help="The SQLite trial store (created if new).")
@click.option("--mixture", default=None, help="task=weight,... of one result (normalised).")
@click.option("--seed", type=int, default=0, show_default=True, help="Training seed of that result.")
@click.option("--metrics", "metrics_file", default=None, type=click.Path(), help="Its metrics JSON "
              "({\"sets\": {name: {\"pass@1\": x, \"questions\": n}}} or {\"objective\": y}).")
@click.option("--objective", type=float, default=None, help="Its objective, instead of --metrics.")
@click.option("--file", "jsonl", default=None, type=click.Path(), help="JSONL of results: one "
              "{\"mixture\": {...}, \"seed\": s, \"metrics\": {...}} per line, instead of the options above.")
@click.option("--replace", is_flag=True, help="Overwrite a finished trial with the same mixture and seed.")
@friendly_train
@needs_train_extra
def add_cmd(db, mixture, seed, metrics_file, objective, jsonl, replace):
    """Import results obtained elsewhere (e.g. on a cluster) as finished trials."""
    from logicforge.train.mixture_store import import_results

    if (jsonl is None) == (mixture is None):
        raise ValueError("give either --file RESULTS.jsonl or --mixture with --metrics/--objective")
    if jsonl is not None:
        items = [item for _, item in _read_json(jsonl, "--file", lines=True)]
        where = f"--file {jsonl!r} result {{}}"
    else:
        if (metrics_file is None) == (objective is None):
            raise ValueError("give exactly one of --metrics FILE.json or --objective VALUE with --mixture")
        metrics = _read_json(metrics_file, "--metrics")[0][1] if metrics_file else {"objective": objective}
        items = [{"mixture": _parse_mixture(mixture), "seed": seed, "metrics": metrics}]
        where = "--mixture"
    _check_tasks(items, where)
    added, kept = import_results(db, items, replace)
    kept_note = f"; kept {kept} finished trial(s) (use --replace)" if kept else ""
    click.echo(f"{db}: imported {added} result(s){kept_note}")


def _parse_mixture(text: str) -> dict[str, float]:
    out = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise ValueError(f"bad --mixture entry {part!r}; expected task=weight, e.g. word_sorting=0.5")
    return out


def _read_json(path: str, flag: str, lines: bool = False) -> list[tuple[int, object]]:
    """(line number, value) of a JSON file (one value) or JSON lines file; errors name the file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{flag} {path!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {flag} {path!r}: {getattr(exc, 'strerror', None) or exc}") from None
    chunks = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()] if lines else [(1, text)]
    out = []
    for lineno, chunk in chunks:
        try:
            out.append((lineno, json.loads(chunk)))
        except json.JSONDecodeError as exc:
            line = lineno if lines else exc.lineno
            raise ValueError(f"{flag} {path!r} line {line}: not valid JSON ({exc.msg})") from None
    return out


def _check_tasks(items: list, where: str) -> None:
    """Every task a result names must be a registered task (a typo would become a task of the search)."""
    from logicforge.tasks import list_tasks

    known = set(list_tasks())
    for i, item in enumerate(items):
        mixture = item.get("mixture") if isinstance(item, dict) else None
        unknown = sorted(str(t) for t in mixture if t not in known) if isinstance(mixture, dict) else []
        if unknown:
            raise ValueError(f"{where.format(i + 1)}: unknown task(s) {', '.join(map(repr, unknown))}; "
                             "run `logicforge list` to see the tasks")
