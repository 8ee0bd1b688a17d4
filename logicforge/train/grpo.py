"""GRPO on a task mixture with TRL: config -> mixture dataset -> verifier rewards -> trainer -> train -> save.

Run it as `logicforge train grpo CONFIG.yaml`, as `logicforge.train.grpo.run(cfg)`, or on several GPUs
with `accelerate launch $(which logicforge) train grpo CONFIG.yaml` (the same config).
"""

from __future__ import annotations

from pathlib import Path

from logicforge.train import require
from logicforge.train._schema import resolve_auto, to_dict
from logicforge.train.config import GRPORunConfig, load_config
from logicforge.train.runs import (
    RunResult,
    device_kwargs,
    finished_run,
    last_checkpoint,
    load_tokenizer,
    resolve_model,
    trainer_kwargs,
    write_metrics,
)

# GRPOConfig fields this recipe sets itself; `trainer.extra` may not override them.
_RESERVED = {"output_dir", "seed", "use_cpu", "reward_weights", "save_strategy", "eval_strategy"}
FINAL_WINDOW = 10  # logged steps averaged into the final metrics (one step is too noisy for a mixture search)


def run(cfg: GRPORunConfig | str | Path) -> RunResult:
    """Train with GRPO as `cfg` says (a config object or a YAML path); resumes from the last checkpoint.

    Returns a `RunResult`: `output_dir` holds the final model (loadable by `evaluate`), checkpoints and
    metrics.json; `metrics["per_task"][task]` has each task's training accuracy, reward and level averaged
    over the last logged steps. Held-out accuracy comes from `logicforge.train.evaluate.evaluate`.
    """
    # -- setup: config, then trainer arguments, which set up the (possibly distributed) process state
    #    that `main_process_first` needs so that only one process generates the data ---------------------
    cfg = cfg if isinstance(cfg, GRPORunConfig) else load_config(cfg, GRPORunConfig)
    cfg.validate()
    done = finished_run(Path(cfg.output_dir), to_dict(cfg))
    if done is not None:
        return done  # the same command again: nothing to do (a changed config resumes instead)
    trl = require("trl")
    out, model = Path(cfg.output_dir), resolve_model(cfg.model)
    tokenizer = load_tokenizer(model, padding_side="left")  # TRL generates from left-padded batches
    args = grpo_args(cfg)

    # -- data: the mixture ----------------------------------------------------------------------------
    from logicforge.train.data import build_eval_set, build_train_set

    with args.main_process_first(desc="logicforge training data"):
        train, weights, curriculum = build_train_set(cfg, out)
        held_out = build_eval_set(cfg, out, sorted(weights)) if cfg.trainer.eval_steps else None
    tasks = sorted(set(train["task"]))

    # -- rewards: one verifier per task, plus the format reward, which follows the data's prompt style -------
    from logicforge.train.data import prompt_style
    from logicforge.train.rewards import requires_think, reward_functions

    style = prompt_style(train)
    think = requires_think(style) if cfg.rewards.require_think == "auto" else bool(cfg.rewards.require_think)
    funcs, args.reward_weights = reward_functions(tasks, cfg.rewards.task_weights, cfg.rewards.format_weight, think)

    # -- trainer (its sampler follows the curriculum when there is one) ------------------------------------
    from logicforge.train import curriculum as cur, diversity as div

    trainer = cur.trainer_class(div.trainer_class(trl.GRPOTrainer))(
        model=model, reward_funcs=funcs, args=args, train_dataset=train, eval_dataset=held_out,
        processing_class=tokenizer, callbacks=[cur.callback(curriculum, out)] if curriculum else [],
        curriculum=curriculum, sample_weights=weights, diversity=cfg.diversity,
        dynamic_sampling=cfg.trainer.dynamic_sampling, peft_config=cfg.peft.build())

    # -- train (resuming after an interruption); one compact line per logged step, the full log on disk ----
    compact_logging(trainer, out / "train_log.jsonl")
    last = last_checkpoint(out) if cfg.resume else None
    if curriculum is not None:
        cur.restore(curriculum, last)
    trainer.train(resume_from_checkpoint=last)

    # -- save ---------------------------------------------------------------------------------------------
    trainer.save_model(str(out))
    metrics = final_metrics(trainer.state.log_history, tasks, trainer.state.global_step)
    metrics.update(sampling_weights=weights, reward_weights=dict(zip([f.__name__ for f in funcs], args.reward_weights)),
                   prompt_style=style, require_think=think,
                   resumed_from=last, config=to_dict(cfg), curriculum=curriculum.state_dict() if curriculum else None)
    if trainer.accelerator.is_main_process:
        write_metrics(out, metrics, trainer.state.log_history)
    return RunResult(out, metrics)


def grpo_args(cfg: GRPORunConfig):
    """TRL `GRPOConfig` from the run config: CPU/GPU, bf16 and vLLM resolved, `trainer.extra` checked."""
    from trl import GRPOConfig

    from logicforge.train.sampling import vllm_usable

    knobs = cfg.trainer
    kwargs = trainer_kwargs(knobs, GRPOConfig, ("bf16", "use_vllm", "report_to", "eval_steps", "dynamic_sampling"),
                            _RESERVED)
    use_vllm = resolve_auto(knobs.use_vllm, vllm_usable(), "trainer.use_vllm",
                            "vLLM needs `pip install 'logicforge[vllm]'` and a CUDA GPU")
    if knobs.eval_steps:  # held-out scoring during training (the eval batch holds whole GRPO groups)
        kwargs.update(eval_strategy="steps", eval_steps=knobs.eval_steps,
                      per_device_eval_batch_size=kwargs.get("per_device_eval_batch_size", knobs.num_generations))
    return GRPOConfig(**kwargs, **device_kwargs(knobs.bf16), output_dir=cfg.output_dir, seed=cfg.seed,
                      save_strategy="steps", use_vllm=use_vllm, report_to=knobs.report_to or "none")


def final_metrics(log_history: list[dict], tasks: list[str], global_step: int, window: int = FINAL_WINDOW) -> dict:
    """Means of every reward/accuracy metric over the last `window` logged steps, overall and per task.

    >>> h = [{"step": 1, "reward": 0.0, "task/a/accuracy": 0.0}, {"step": 2, "reward": 1.0, "task/a/accuracy": 0.5}]
    >>> m = final_metrics(h, ["a"], 2)
    >>> m["final"]["reward"], m["per_task"]["a"]["accuracy"]
    (0.5, 0.25)
    """
    prefixes = ("task/", "rewards/", "format/")
    scalars = ("reward", "reward_std", "frac_reward_zero_std", "loss", "entropy", "kl")
    keys = sorted({k for h in log_history for k in h if k.startswith(prefixes) or k in scalars})
    final = {}
    for key in keys:
        values = [h[key] for h in log_history if isinstance(h.get(key), (int, float))][-window:]
        if values:
            final[key] = sum(values) / len(values)
    per_task = {t: {m: final.get(f"task/{t}/{m}") for m in ("accuracy", "reward", "level")} for t in tasks}
    summary = next((h for h in reversed(log_history) if "train_runtime" in h), {})
    return {"global_step": global_step, "tasks": tasks, "final_window": window, "final": final,
            "per_task": per_task, "train_runtime": summary.get("train_runtime")}


def compact_line(logs: dict, step: int, max_steps: int) -> str:
    """One short line for a logged step instead of transformers' dict of about 40 keys.

    >>> compact_line({"loss": 0.0123, "reward": 0.5, "reward_std": 0.25, "kl": 0.001, "learning_rate": 1e-05,
    ...               "task/word_sorting/accuracy": 0.5, "completions/mean_length": 12.0}, 3, 10)
    'step 3/10  loss 0.0123  reward 0.500 (std 0.250)  kl 0.001  lr 1.0e-05  accuracy word_sorting 0.50'
    """
    parts = [f"step {step}/{max_steps}"]
    if isinstance(logs.get("train_runtime"), (int, float)):
        return f"step {step}/{max_steps}  done in {logs['train_runtime']:.0f} s"
    for key, label, fmt in (("loss", "loss", ".4g"), ("reward", "reward", ".3f"), ("kl", "kl", ".3g"),
                            ("learning_rate", "lr", ".1e")):
        value = logs.get(key)
        if isinstance(value, (int, float)):
            text = f"{label} {value:{fmt}}"
            if key == "reward" and isinstance(logs.get("reward_std"), (int, float)):
                text += f" (std {logs['reward_std']:.3f})"
            parts.append(text)
    accuracy = [f"{k.split('/')[1]} {v:.2f}" for k, v in sorted(logs.items())
                if k.startswith("task/") and k.endswith("/accuracy") and isinstance(v, (int, float))]
    if accuracy:
        parts.append("accuracy " + ", ".join(accuracy))
    return "  ".join(parts)


def compact_logging(trainer, log_path: Path) -> None:
    """Swap the console logger of `trainer` for one compact line per logged step; every logged value goes
    to `log_path` (JSON lines, appended as it is logged, so an interrupted run keeps it)."""
    import json

    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    def write(state, logs) -> None:
        if state.is_world_process_zero and logs:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with log_path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"step": state.global_step, **logs}, default=str) + "\n")

    class CompactProgress(ProgressCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            write(state, logs)
            if state.is_world_process_zero and self.training_bar is not None and logs:
                self.training_bar.write(compact_line(logs, state.global_step, state.max_steps))

    class CompactPrinter(PrinterCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            write(state, logs)
            if state.is_local_process_zero and logs:
                print(compact_line(logs, state.global_step, state.max_steps))

    for old, new in ((ProgressCallback, CompactProgress), (PrinterCallback, CompactPrinter)):
        if trainer.pop_callback(old) is not None:
            trainer.add_callback(new)
