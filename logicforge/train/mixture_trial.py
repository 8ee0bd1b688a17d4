"""The default trial of a mixture search: a GRPO run on the trial's mixture, then pass@1 on held-out sets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from logicforge.train import mixture as mx
from logicforge.train._schema import ConfigError, apply_overrides, check, from_dict
from logicforge.train.mixture_run import MixSearchConfig
from logicforge.train.mixture_store import Trial


class GRPOTrial:
    """`trial_fn` that trains with `logicforge.train.grpo.run` on the trial's mixture and scores held-out sets.

    Metrics: `{"sets": {name: {"pass@1", "solved", "questions", ...}}, "train": per-task training numbers,
    "global_step", "train_runtime", "output_dir"}`; each in-domain task and each extra set is one set.
    """

    def __init__(self, cfg: MixSearchConfig):
        check(bool(cfg.workdir), "workdir: required (trial outputs go there)")
        check(bool(cfg.train.config), "train.config: required (a GRPO run config YAML)")
        check(bool(cfg.data.mix or cfg.data.path), "data: give data.mix or data.path")
        self.cfg = cfg
        self.data_dir = _prepare_data(cfg)
        self.tasks = _resolve_tasks(cfg, self.data_dir)
        self.base = _read_yaml(cfg.train.config)
        # Build one trial's config now: a bad GRPO config fails here with one line, not in every trial.
        uniform = {t: 1.0 / len(self.tasks) for t in self.tasks}
        probe = Trial(0, "", 0, uniform, 0, {}, "pending", None, None, "", None, None)
        self.run_config(probe, Path(cfg.workdir) / "trials" / "probe")

    def run_config(self, trial: Trial, out: Path):
        """The GRPO run config of `trial`: the base config with this trial's data, weights, seed and output."""
        from logicforge.train.config import GRPORunConfig

        data = apply_overrides(self.base, {k: json.dumps(v) for k, v in self.cfg.train.overrides.items()})
        section = dict(data.get("data") or {}, mix=None, path=str(self.data_dir), split=self.cfg.data.train_split,
                       task_weights={t: w for t, w in trial.mixture.items() if w > 0})
        data.update(data=section, output_dir=str(out), seed=trial.seed, resume=self.cfg.train.resume_trials)
        try:
            run_cfg = from_dict(GRPORunConfig, data)
            run_cfg.validate()
        except ConfigError as exc:
            raise ConfigError(f"{self.cfg.train.config}: {exc}") from None
        return run_cfg

    def __call__(self, trial: Trial) -> dict:
        from logicforge.train.grpo import run

        out = Path(self.cfg.workdir) / "trials" / f"{trial.id:04d}"
        if out.exists() and not self.cfg.train.resume_trials:
            shutil.rmtree(out)  # a crashed attempt starts over: equal compute for every trial
        result = run(self.run_config(trial, out))
        sets = self.evaluate(out, trial.seed)
        if not self.cfg.train.keep_models:
            _prune(out)
        m = result.metrics
        return {"sets": sets, "train": m.get("per_task"), "global_step": m.get("global_step"),
                "train_runtime": m.get("train_runtime"), "output_dir": str(out)}

    def evaluate(self, model: Path, seed: int) -> dict[str, dict]:
        """pass@1 (and friends) of `model` on each in-domain task and each extra set."""
        from logicforge.train.evaluate import evaluate

        e = self.cfg.eval
        kw = {"k": e.k, "max_new_tokens": e.max_new_tokens, "temperature": e.temperature, "limit": e.limit,
              "batch_size": e.batch_size, "seed": seed}
        report = evaluate(model, self.data_dir, split=self.cfg.data.eval_split, out=model / "eval-in", **kw)
        sets = dict(report["by_task"])
        for name, path in e.extra_sets.items():
            sets[name] = evaluate(model, path, split=e.extra_split, out=model / f"eval-{name}", **kw)["overall"]
        return sets


def _read_yaml(path: str) -> dict:
    import yaml

    from logicforge.tasks.mix import find_file

    try:
        data = yaml.safe_load(find_file(path).read_text())
    except FileNotFoundError:
        raise ConfigError(f"train.config {path!r} does not exist") from None
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"train.config {path!r} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"train.config {path!r} must be a mapping")
    return data


def _prepare_data(cfg: MixSearchConfig) -> Path:
    """The dataset dir every trial shares: `data.path`, or `data.mix` generated once into <workdir>/data."""
    from logicforge.tasks.mix import load_mix
    from logicforge.train.data import load_split, materialize_mix

    path = Path(cfg.data.path) if cfg.data.path else materialize_mix(load_mix(cfg.data.mix), Path(cfg.workdir) / "data")
    for split in (cfg.data.train_split, cfg.data.eval_split):
        load_split(path, split)  # a missing split fails here, before any training
    return path


def _resolve_tasks(cfg: MixSearchConfig, data_dir: Path) -> list[str]:
    from logicforge.train.data import load_split, task_counts

    present = list(task_counts(load_split(data_dir, cfg.data.train_split)))
    missing = sorted(set(cfg.data.tasks) - set(present))
    check(not missing, f"data.tasks: {', '.join(missing)} not in the training data ({', '.join(present)})")
    tasks = sorted(cfg.data.tasks or present)
    check(len(tasks) >= 2, f"a mixture search needs at least 2 tasks, the data has {', '.join(tasks)}")
    mx.check_min_weight(len(tasks), cfg.design.min_weight)
    return tasks


def _prune(out: Path) -> None:
    """Drop a trial's weights and checkpoints; metrics, logs and eval reports stay."""
    for p in out.iterdir():
        if p.is_dir() and p.name.startswith("checkpoint-"):
            shutil.rmtree(p)
        elif p.suffix in (".safetensors", ".bin", ".pt"):
            p.unlink()
