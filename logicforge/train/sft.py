"""Supervised fine-tuning with TRL's SFTTrainer on ASTRO traces or any prompt/completion (or messages) data.

Run it as `logicforge train sft CONFIG.yaml` or `logicforge.train.sft.run(cfg)`; like GRPO it resumes from
the last checkpoint in `output_dir` and runs on several GPUs under `accelerate launch`.
"""

from __future__ import annotations

from pathlib import Path

from logicforge.train import require
from logicforge.train._schema import to_dict
from logicforge.train.config import SFTRunConfig, load_config
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

_RESERVED = {"output_dir", "seed", "use_cpu", "save_strategy", "completion_only_loss"}


def run(cfg: SFTRunConfig | str | Path) -> RunResult:
    """Fine-tune as `cfg` says (a config object or a YAML path); returns the output dir and final metrics."""
    # -- setup -----------------------------------------------------------------------------------------
    cfg = cfg if isinstance(cfg, SFTRunConfig) else load_config(cfg, SFTRunConfig)
    cfg.validate()
    done = finished_run(Path(cfg.output_dir), to_dict(cfg))
    if done is not None:
        return done  # the same command again: nothing to do (a changed config resumes instead)
    trl = require("trl")
    from logicforge.train.data import load_any, sft_rows

    out, model = Path(cfg.output_dir), resolve_model(cfg.model)
    tokenizer = load_tokenizer(model)
    args = sft_args(cfg)

    # -- data ------------------------------------------------------------------------------------------
    with args.main_process_first(desc="logicforge SFT data"):
        rows = load_any(cfg.data.path, cfg.data.split)
        if cfg.data.max_rows is not None and cfg.data.max_rows < len(rows):
            rows = rows.select(range(cfg.data.max_rows))  # before any mapping: only these rows are prepared
        rows = sft_rows(rows, cfg.data.answers_as_completions)

    # -- train (resuming after an interruption) -----------------------------------------------------------
    trainer = trl.SFTTrainer(model=model, args=args, train_dataset=rows, processing_class=tokenizer,
                             peft_config=cfg.peft.build())
    dropped = len(rows) - len(trainer.train_dataset)  # TRL drops rows whose completion was cut off entirely
    if dropped:
        import sys

        print(f"logicforge: warning: {dropped} of {len(rows)} rows are longer than trainer.max_length "
              f"({cfg.trainer.max_length} tokens) up to their completion and were dropped; raise max_length",
              file=sys.stderr)
    last = last_checkpoint(out) if cfg.resume else None
    trainer.train(resume_from_checkpoint=last)

    # -- save ------------------------------------------------------------------------------------------
    trainer.save_model(str(out))
    history = trainer.state.log_history
    losses = [h["loss"] for h in history if isinstance(h.get("loss"), (int, float))]
    metrics = {"global_step": trainer.state.global_step, "rows": len(rows), "rows_dropped": dropped,
               "first_loss": losses[0] if losses else None,
               "final_loss": losses[-1] if losses else None, "resumed_from": str(last) if last else None,
               "config": to_dict(cfg)}
    if trainer.accelerator.is_main_process:
        write_metrics(out, metrics, history)
    return RunResult(out, metrics)


def sft_args(cfg: SFTRunConfig):
    """TRL `SFTConfig` from the run config: CPU/GPU and bf16 resolved, prompt masking set, `extra` checked."""
    from trl import SFTConfig

    knobs = cfg.trainer
    kwargs = trainer_kwargs(knobs, SFTConfig, ("bf16", "report_to", "loss_on_prompt"), _RESERVED)
    return SFTConfig(**kwargs, **device_kwargs(knobs.bf16), output_dir=cfg.output_dir, seed=cfg.seed,
                     save_strategy="steps", completion_only_loss=not knobs.loss_on_prompt,
                     report_to=knobs.report_to or "none")
