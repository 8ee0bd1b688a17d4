"""The mixture search loop: seed mixtures -> train -> evaluate -> refit -> propose, every trial kept in the store.

`search(cfg, trial_fn)` runs rounds of trials; `trial_fn(trial) -> metrics` is injectable, and the default
(`mixture_trial.GRPOTrial`) trains with `logicforge.train.grpo.run` and scores held-out sets with `evaluate`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from logicforge.train import mixture as mx
from logicforge.train._schema import ConfigError, check, load_config, opt, to_dict
from logicforge.train.mixture_store import Trial, TrialStore

# -- config ------------------------------------------------------------------------------------------


@dataclass
class TrainPart:
    """How each trial trains: a GRPO config whose data, seed and output_dir the search sets per trial."""

    config: str = opt("", "a GRPO run config YAML (model, trainer knobs); data.path, data.task_weights, seed "
                          "and output_dir are set per trial")
    overrides: dict[str, Any] = opt({}, "dotted GRPO config fields set on top, e.g. {trainer.max_steps: 20}")
    resume_trials: bool = opt(False, "a trial interrupted mid-run resumes from its last checkpoint instead of "
                                     "starting over")
    keep_models: bool = opt(False, "keep each trial's model and checkpoints (else only metrics and eval reports)")


@dataclass
class DataPart:
    """The training data and the in-domain held-out sets: one dataset with a train and a test split."""

    mix: str | None = opt(None, "a mix YAML, generated once into <workdir>/data (give this or `path`)")
    path: str | None = opt(None, "a dataset dir written by `logicforge generate`")
    train_split: str = opt("train", "split the trials train on")
    eval_split: str = opt("test", "split evaluated per task (the in-domain sets)")
    tasks: list[str] = opt([], "the tasks whose weights are searched (empty = every task in the data)")


@dataclass
class EvalPart:
    """How each trained model is scored on the held-out sets."""

    k: int = opt(4, "samples per question (pass@1 is their mean correctness)")
    max_new_tokens: int = opt(512, "tokens generated per answer at most")
    temperature: float = opt(1.0, "sampling temperature")
    limit: int | None = opt(None, "score only the first N questions of each eval dataset (None = all)")
    batch_size: int = opt(8, "prompts per generation batch")
    extra_sets: dict[str, str] = opt({}, "out-of-domain sets: name -> dataset dir from `logicforge generate`")
    extra_split: str | None = opt(None, "split of the extra sets (None = test, or their only split)")


@dataclass
class ObjectivePart:
    """The number a trial is judged by."""

    metric: str = opt("mean", "mean over sets, or size_weighted by questions", choices=("mean", "size_weighted"))
    sets: list[str] = opt([], "eval sets that count (task names and extra set names; empty = all)")
    score: str = opt("pass@1", "which per-set number: pass@1, solved, or pass@<k>")


@dataclass
class DesignPart:
    """Round 0: the seed mixtures."""

    seeds: list[int] = opt([0], "training seeds per mixture (several show the seed spread beside any gain)")
    dirichlet: int = opt(0, "random Dirichlet mixtures added to the 2m+1 seed mixtures")
    alpha: float = opt(1.0, "Dirichlet concentration (small = extreme mixtures)")
    min_weight: float = opt(0.0, "every task gets at least this weight, in seeds and proposals")


@dataclass
class SearchPart:
    """Rounds 1..n: refit the surrogate and propose."""

    rounds: int = opt(3, "proposal rounds after the seed round")
    per_round: int = opt(2, "mixtures proposed per round (top-k)")
    surrogate: str = opt("quadratic", "surrogate model", choices=tuple(mx.FEATURES))
    method: str = opt("both", "maximize (on the simplex), sample (rank Gaussian samples around observed "
                              "mixtures) or both", choices=("maximize", "sample", "both"))
    ridge: float | str = opt("auto", "ridge strength of the fit; auto = chosen by marginal likelihood")
    samples: int = opt(4096, "candidates drawn for sample-and-rank")
    min_distance: float = opt(0.02, "skip candidates closer than this (total variation) to a tried mixture")
    seed: int = opt(0, "seed of the candidate sampling (round r uses seed + r)")


@dataclass
class MixSearchConfig:
    """A mixture search: where trials are stored, how each trains and is scored, and how mixtures are chosen."""

    store: str = opt("", "the SQLite trial store (created; a rerun resumes from it)")
    workdir: str = opt("", "trial outputs go to <workdir>/trials/<id>, generated data to <workdir>/data")
    train: TrainPart = opt(None, "training of each trial")
    data: DataPart = opt(None, "training data and in-domain eval sets")
    eval: EvalPart = opt(None, "evaluation of each trial")
    objective: ObjectivePart = opt(None, "what is maximised")
    design: DesignPart = opt(None, "seed mixtures")
    search: SearchPart = opt(None, "proposal rounds")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            if f.name in _PARTS and getattr(self, f.name) is None:
                setattr(self, f.name, _PARTS[f.name]())

    def validate(self) -> None:
        """ConfigError (one line naming the field) for settings that cannot work."""
        check(bool(self.store), "store: required (a path for the SQLite trial store)")
        check(not self.data.mix or not self.data.path, "data: give at most one of data.mix or data.path")
        check(bool(self.design.seeds), "design.seeds: give at least one seed")
        check(self.search.rounds >= 0 and self.search.per_round >= 1, "search: rounds >= 0 and per_round >= 1")
        check(self.search.ridge == "auto" or isinstance(self.search.ridge, float) and self.search.ridge >= 0,
              f"search.ridge must be auto or a non-negative number, got {self.search.ridge!r}")
        if self.data.tasks:
            mx.check_min_weight(len(self.data.tasks), self.design.min_weight)


_PARTS = {"train": TrainPart, "data": DataPart, "eval": EvalPart, "objective": ObjectivePart,
          "design": DesignPart, "search": SearchPart}


def load_search_config(path: str | Path, overrides: dict[str, str] | None = None) -> MixSearchConfig:
    """Read a mixture-search YAML (see examples/mix_opt.yaml); relative paths resolve from the working dir."""
    return load_config(path, MixSearchConfig, overrides)


# -- the loop ----------------------------------------------------------------------------------------


def search(cfg: MixSearchConfig, trial_fn: Callable[[Trial], dict] | None = None, tasks: list[str] | None = None,
           retry_failed: bool = False, log: Callable[[str], None] = print) -> dict:
    """Run (or resume) the search: seed round, then `cfg.search.rounds` rounds of propose -> train -> evaluate.

    Finished trials are never re-run; trials a crash left running are run again. Returns `summary(...)`.
    """
    cfg.validate()
    if trial_fn is None:
        from logicforge.train.mixture_trial import GRPOTrial

        trial_fn = GRPOTrial(cfg)
        tasks = trial_fn.tasks
    tasks = tasks or cfg.data.tasks
    if not tasks:
        raise ConfigError("data.tasks: name the tasks to search over (or give data.mix/data.path)")
    with TrialStore(cfg.store) as store:
        tasks = store.bind_tasks(tasks)
        _bind_config(store, cfg)
        for t in store.recover(retry_failed):
            log(f"trial {t.id} ({t.key}) did not finish before; it will run again")
        if not store.trials(round=0):
            seeds = mx.seed_design(len(tasks), cfg.design.dirichlet, cfg.design.alpha, cfg.search.seed,
                                   cfg.design.min_weight)
            _add_round(store, tasks, seeds, cfg, 0)
        run_pending(store, trial_fn, cfg, log)
        for r in range(1, cfg.search.rounds + 1):
            if not store.trials(round=r):
                prop = propose_from_store(store, cfg, seed=cfg.search.seed + r)
                _, W, y = observations(store, cfg.objective)
                r2 = mx.cross_validate(W, y, cfg.search.surrogate, cfg.search.ridge)["r2"]
                log(f"round {r}: {len(prop.mixtures)} proposal(s); {describe_fit(prop, r2)}")
                if not len(prop.mixtures):
                    log("every candidate is within min_distance of a tried mixture: the search has converged")
                    break
                _add_round(store, tasks, prop.mixtures, cfg, r)
            run_pending(store, trial_fn, cfg, log)
        return summary(store, cfg.objective)


def _bind_config(store: TrialStore, cfg: MixSearchConfig) -> None:
    """Trials are only comparable under one training/eval setup: refuse a store made with another one."""
    setup = json.loads(json.dumps({k: to_dict(cfg)[k] for k in ("train", "data", "eval")}))
    for name in ("resume_trials", "keep_models"):  # housekeeping: results do not depend on them
        setup["train"].pop(name)
    known = store.get_meta("setup")
    if known is not None and known != setup:
        changed = [k for k in setup if known.get(k) != setup[k]]
        raise ConfigError(f"store {cfg.store!r} was filled with different {', '.join(changed)} settings; "
                          "use a new store (search and objective settings may change freely)")
    store.set_meta("setup", setup)
    store.set_meta("objective", to_dict(cfg.objective))


def _add_round(store: TrialStore, tasks: list[str], W: np.ndarray, cfg: MixSearchConfig, r: int) -> None:
    items = [(dict(zip(tasks, w.tolist())), seed) for w in W for seed in cfg.design.seeds]
    store.add_many(items, r, config={"train": to_dict(cfg.train), "eval": to_dict(cfg.eval)})


def run_pending(store: TrialStore, trial_fn: Callable[[Trial], dict], cfg: MixSearchConfig,
                log: Callable[[str], None] = print) -> None:
    """Run every pending trial in id order; a trial that raises is marked failed and the search goes on."""
    for trial in store.trials("pending"):
        trial = store.claim(trial.id)
        log(f"trial {trial.id} (round {trial.round}): {trial.key}")
        try:
            metrics = trial_fn(trial)
        except Exception as exc:  # noqa: BLE001 - one broken run must not lose the others; the reason is stored
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            store.fail(trial.id, reason)
            log(f"trial {trial.id} failed: {reason}")
            continue
        metrics = dict(metrics, objective=mx.objective_value(metrics, **to_dict(cfg.objective)))
        store.finish(trial.id, metrics)
        log(f"trial {trial.id} done: objective {metrics['objective']}")


def observations(store: TrialStore, objective: ObjectivePart | dict | None = None
                 ) -> tuple[list[Trial], np.ndarray, np.ndarray]:
    """Done trials with an objective, as `(trials, W, y)` in the store's task order.

    `objective` defaults to the one the store was run with.
    """
    tasks = store.get_meta("tasks") or []
    if dataclasses.is_dataclass(objective):
        objective = to_dict(objective)
    obj = objective or store.get_meta("objective") or {}
    rows = [(t, mx.objective_value(t.metrics or {}, **obj)) for t in store.trials("done")]
    rows = [(t, y) for t, y in rows if y is not None]
    W = np.array([[t.mixture.get(name, 0.0) for name in tasks] for t, _ in rows], dtype=float).reshape(-1, len(tasks))
    return [t for t, _ in rows], W, np.array([y for _, y in rows], dtype=float)


def propose_from_store(store: TrialStore, cfg: MixSearchConfig, seed: int | None = None,
                       k: int | None = None) -> mx.Proposal:
    """Fit the surrogate on the store's done trials and propose the next mixtures (no training)."""
    _, W, y = observations(store, cfg.objective)
    if len(W) == 0 or len(mx.unique_rows(W)) < 2:
        raise ValueError(f"store {cfg.store!r} has {len(W)} finished trial(s) on fewer than 2 mixtures; nothing to fit")
    s = cfg.search
    return mx.propose(W, y, k if k is not None else s.per_round, s.surrogate, s.method, s.ridge, cfg.design.min_weight,
                      s.samples, s.seed if seed is None else seed, s.min_distance)


def describe_fit(prop: mx.Proposal, r2: float | None = None) -> str:
    """One line on the surrogate: kind, runs vs parameters, ridge (and why), k-fold R^2."""
    m = prop.model
    how = "chosen by marginal likelihood" if m.extra.get("auto_ridge") else "fixed"
    few = "; fewer runs than parameters: the ridge term shapes the fit" if m.n_obs < m.n_params else ""
    fold = "n/a" if r2 is None else f"{r2:.3f}"
    return (f"{m.kind} surrogate, {m.n_params} parameters from {m.n_obs} runs, ridge {m.ridge:.1e} ({how}{few}), "
            f"k-fold R^2 {fold}")


def summary(store: TrialStore, objective: ObjectivePart | dict | None = None) -> dict:
    """Counts by status, the mixtures by mean objective with their seed spread, and the best one."""
    _, W, y = observations(store, objective)
    counts = {s: len(store.trials(s)) for s in ("pending", "running", "done", "failed")}
    groups = mx.seed_spread(W, y) if len(y) else []
    best = groups[0] if groups else None
    return {"tasks": store.get_meta("tasks"), "counts": counts, "mixtures": groups, "best": best}
