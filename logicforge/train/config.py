"""Training configs (GRPO, SFT, curriculum) as dataclasses with a help string per field; load with `load_config`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from logicforge.train._schema import ConfigError, check, check_weights, describe, load_config, opt, to_dict

__all__ = ["ConfigError", "CurriculumConfig", "DataConfig", "GRPOKnobs", "GRPORunConfig", "RewardConfig", "SFTData",
           "SFTKnobs", "SFTRunConfig", "describe", "load_config", "to_dict"]

LOSS_TYPES = ("grpo", "dr_grpo", "dapo", "bnpo", "cispo", "sapo", "luspo", "vespo")


@dataclass
class DataConfig:
    """Where the GRPO prompts come from and how the tasks are mixed."""

    path: str | None = opt(None, "a dataset dir written by `logicforge generate` (give this or `mix`)")
    mix: str | None = opt(None, "a mix YAML (see examples/starter.yaml), generated into <output_dir>/data on first run")
    split: str = opt("train", "the split to train on")
    task_weights: dict[str, float] = opt({}, "sampling probability per task (normalised; tasks left out are dropped); "
                                             "empty = the data's own proportions")
    max_rows: int | None = opt(None, "use at most this many rows after mixing (None = all)")
    eval_split: str = opt("test", "held-out split evaluated every trainer.eval_steps steps")
    eval_rows: int = opt(32, "held-out questions per task evaluated during training (a seeded sample)")

    def validate(self) -> None:
        check((self.path is None) != (self.mix is None), "data: give exactly one of data.path or data.mix")
        check(self.eval_rows >= 1, f"data.eval_rows must be at least 1, got {self.eval_rows}")
        check_weights(self.task_weights, "data.task_weights")
        check(self.max_rows is None or self.max_rows > 0, f"data.max_rows must be positive, got {self.max_rows}")


@dataclass
class RewardConfig:
    """How verifier and format rewards are weighted."""

    task_weights: dict[str, float] = opt({}, "reward weight per task verifier (tasks left out get 1.0)")
    format_weight: float = opt(0.1, "weight of the format reward (think/answer tags); 0 turns it off")
    require_think: str | bool = opt("auto", "the format reward wants <think>...</think> before the answer; auto = "
                                            "as the data's prompt style asks (r1: yes; default, plain: an <answer> "
                                            "block only)")

    def validate(self) -> None:
        check_weights(self.task_weights, "rewards.task_weights")
        check(self.format_weight >= 0, f"rewards.format_weight must be >= 0, got {self.format_weight}")
        check(self.require_think in ("auto", True, False), "rewards.require_think must be auto, true or false")


@dataclass
class CurriculumConfig:
    """Optional per-task level schedule driven by rolling training accuracy."""

    enabled: bool = opt(False, "raise/lower each task's level from its rolling accuracy")
    start_level: int = opt(1, "level every task starts at (clamped to the levels in the data)")
    min_level: int = opt(1, "lowest level the schedule may use")
    max_level: int = opt(10, "highest level the schedule may use")
    raise_above: float = opt(0.8, "raise a task's level when its rolling accuracy is at least this")
    lower_below: float = opt(0.2, "lower a task's level when its rolling accuracy is at most this")
    window: int = opt(8, "logged steps averaged into the rolling accuracy (the window restarts after a change)")
    pool_size: int = opt(64, "rows per task and level generated for the pool when data.mix is used")

    def validate(self) -> None:
        check(1 <= self.min_level <= self.max_level <= 10, "curriculum: need 1 <= min_level <= max_level <= 10")
        check(self.min_level <= self.start_level <= self.max_level,
              "curriculum.start_level must be in [min_level, max_level]")
        check(0 <= self.lower_below < self.raise_above <= 1, "curriculum: need 0 <= lower_below < raise_above <= 1")
        check(self.window >= 1 and self.pool_size >= 1, "curriculum: window and pool_size must be at least 1")


@dataclass
class DiversityConfig:
    """A divergence to the initial policy that keeps pass@k up (DPH-RL); see logicforge/train/diversity.py."""

    kind: str = opt("none", "none, forward_kl or js (Jensen-Shannon), estimated on the initial policy's samples",
                    choices=("none", "forward_kl", "js"))
    coef: float = opt(0.05, "weight of the divergence term in the loss")
    pool: int = opt(64, "training prompts the initial policy answers once, before training (the samples used)")
    batch: int = opt(4, "stored samples the divergence is computed on per loss call")

    def validate(self) -> None:
        check(self.coef >= 0, f"diversity.coef must be non-negative, got {self.coef}")
        check(self.pool >= 1 and self.batch >= 1, "diversity.pool and diversity.batch must be at least 1")


@dataclass
class PeftSettings:
    """LoRA adapters instead of full fine-tuning (PEFT's LoraConfig, passed to TRL as `peft_config`)."""

    enabled: bool = opt(False, "train LoRA adapters instead of every weight (needs the `peft` package)")
    r: int = opt(16, "LoRA rank")
    alpha: int = opt(32, "LoRA scaling numerator (lora_alpha)")
    dropout: float = opt(0.05, "dropout on the LoRA path")
    target_modules: str | list[str] = opt("all-linear", "modules that get adapters: all-linear or a list of names")

    def validate(self) -> None:
        check(self.r >= 1 and self.alpha >= 1, "peft.r and peft.alpha must be at least 1")
        check(0 <= self.dropout < 1, f"peft.dropout must be in [0, 1), got {self.dropout}")

    def build(self):
        """PEFT's LoraConfig, or None when off."""
        if not self.enabled:
            return None
        from logicforge.train import require

        peft = require("peft")
        return peft.LoraConfig(r=self.r, lora_alpha=self.alpha, lora_dropout=self.dropout,
                               target_modules=self.target_modules, task_type="CAUSAL_LM")


@dataclass
class GRPOKnobs:
    """The GRPOConfig fields people tune most; anything else goes in `extra`."""

    num_generations: int = opt(8, "completions per prompt (the GRPO group size, >= 2)")
    per_device_train_batch_size: int = opt(8, "completions (not prompts) per device per step")
    gradient_accumulation_steps: int = opt(1, "micro-batches per optimizer step")
    max_completion_length: int = opt(512, "tokens generated per completion at most")
    max_steps: int = opt(500, "optimizer steps to train for (a resumed run continues up to this)")
    learning_rate: float = opt(1e-6, "AdamW learning rate (TRL's default)")
    beta: float = opt(0.0, "KL coefficient; 0 loads no reference model")
    loss_type: str = opt("dapo", "loss normalisation", choices=LOSS_TYPES)
    scale_rewards: str = opt("group", "reward scaling for advantages", choices=("group", "batch", "none"))
    temperature: float = opt(1.0, "sampling temperature for rollouts")
    epsilon: float = opt(0.2, "PPO clip range")
    num_iterations: int = opt(1, "optimisation passes per generation batch")
    mask_truncated_completions: bool = opt(False, "drop completions that hit max_completion_length from the loss")
    save_steps: int = opt(50, "write a checkpoint every this many steps")
    save_total_limit: int | None = opt(3, "checkpoints to keep (None = all)")
    logging_steps: int = opt(1, "log metrics every this many steps")
    eval_steps: int = opt(0, "score data.eval_rows held-out questions per task every this many steps, logged as "
                             "eval_task/<t>/accuracy (0 = never)")
    log_completions: bool = opt(False, "print a table of sampled completions with rewards and reasons")
    dynamic_sampling: bool = opt(False, "DAPO-style: groups whose completions all got the same reward leave the loss "
                                        "and its token count (dropped, not refilled)")
    gradient_checkpointing: bool = opt(True, "recompute activations to save memory")
    bf16: str | bool = opt("auto", "bfloat16 training; auto = on when a CUDA GPU supports it")
    use_vllm: str | bool = opt("auto", "generate with vLLM; auto = only when vllm is installed and a GPU is present")
    vllm_mode: str = opt("colocate", "vLLM in the training process or a separate `trl vllm-serve`",
                         choices=("colocate", "server"))
    report_to: list[str] = opt([], "trackers: wandb, trackio, tensorboard, ... (empty = none)")
    extra: dict[str, Any] = opt({}, "any other GRPOConfig field, passed through verbatim")

    def validate(self) -> None:
        check(self.num_generations >= 2, f"trainer.num_generations must be at least 2, got {self.num_generations}")
        batch = self.per_device_train_batch_size * self.gradient_accumulation_steps
        check(batch % self.num_generations == 0,
              f"trainer: per_device_train_batch_size x gradient_accumulation_steps ({batch}) must be a multiple of "
              f"num_generations ({self.num_generations})")
        for name in ("max_completion_length", "max_steps", "save_steps", "logging_steps", "num_iterations"):
            check(getattr(self, name) >= 1, f"trainer.{name} must be at least 1, got {getattr(self, name)}")
        check(self.learning_rate > 0, f"trainer.learning_rate must be positive, got {self.learning_rate}")
        check(self.eval_steps >= 0, f"trainer.eval_steps must be 0 (never) or positive, got {self.eval_steps}")
        for name in ("bf16", "use_vllm"):
            check(getattr(self, name) in ("auto", True, False), f"trainer.{name} must be auto, true or false")


@dataclass
class GRPORunConfig:
    """A full GRPO run: model, data, rewards, curriculum and trainer knobs."""

    model: str = opt("", "a local model dir (e.g. from `logicforge tiny-model`) or a hub id")
    output_dir: str = opt("", "checkpoints, final model, metrics.json and the generated data go here")
    seed: int = opt(0, "seed for data mixing, sampling and initialisation")
    resume: bool = opt(True, "continue from the last checkpoint in output_dir when there is one")
    data: DataConfig = opt(None, "training prompts")
    rewards: RewardConfig = opt(None, "reward functions and weights")
    curriculum: CurriculumConfig = opt(None, "optional level schedule (off by default)")
    diversity: DiversityConfig = opt(None, "optional divergence to the initial policy (off by default)")
    peft: PeftSettings = opt(None, "optional LoRA adapters (off by default)")
    trainer: GRPOKnobs = opt(None, "GRPO knobs passed to TRL's GRPOConfig")

    def __post_init__(self) -> None:
        for name, cls in (("data", DataConfig), ("rewards", RewardConfig), ("curriculum", CurriculumConfig),
                          ("diversity", DiversityConfig), ("peft", PeftSettings), ("trainer", GRPOKnobs)):
            if getattr(self, name) is None:
                setattr(self, name, cls())

    def validate(self) -> None:
        check(bool(self.model), "model: required (a local dir or a hub id)")
        check(bool(self.output_dir), "output_dir: required")
        for part in (self.data, self.rewards, self.curriculum, self.diversity, self.peft, self.trainer):
            part.validate()
        check(not (self.curriculum.enabled and self.data.max_rows),
              "data.max_rows does not apply with a curriculum (the sampler draws from the level pools); drop one")


@dataclass
class SFTData:
    """Where the SFT rows come from."""

    path: str = opt("", "a dataset: a dir from `logicforge generate`, a `save_to_disk` dir, or .jsonl/.json/.parquet "
                        "file(s) with prompt/completion or messages columns (ASTRO traces)")
    split: str = opt("train", "the split to train on")
    answers_as_completions: bool = opt(False, "rows without a completion (a `logicforge generate` dataset) "
                                              "train on `<answer>{answer}</answer>` (direct solutions)")
    max_rows: int | None = opt(None, "use at most this many rows (None = all)")

    def validate(self) -> None:
        check(bool(self.path), "data.path: required")
        check(self.max_rows is None or self.max_rows > 0, f"data.max_rows must be positive, got {self.max_rows}")


@dataclass
class SFTKnobs:
    """The SFTConfig fields people tune most; anything else goes in `extra`."""

    max_steps: int = opt(-1, "optimizer steps (-1 = use num_train_epochs)")
    num_train_epochs: float = opt(1.0, "passes over the data (ASTRO: 1 epoch)")
    per_device_train_batch_size: int = opt(8, "rows per device per micro-batch")
    gradient_accumulation_steps: int = opt(1, "micro-batches per optimizer step")
    learning_rate: float = opt(3e-6, "AdamW learning rate (ASTRO: 3e-6, cosine)")
    lr_scheduler_type: str = opt("cosine", "learning-rate schedule")
    max_length: int | None = opt(8192, "truncate rows to this many tokens (ASTRO: 8192)")
    loss_on_prompt: bool = opt(False, "train on prompt tokens too (ASTRO used no prompt masking)")
    save_steps: int = opt(500, "write a checkpoint every this many steps")
    save_total_limit: int | None = opt(3, "checkpoints to keep (None = all)")
    logging_steps: int = opt(10, "log metrics every this many steps")
    gradient_checkpointing: bool = opt(True, "recompute activations to save memory")
    bf16: str | bool = opt("auto", "bfloat16 training; auto = on when a CUDA GPU supports it")
    report_to: list[str] = opt([], "trackers: wandb, trackio, tensorboard, ... (empty = none)")
    extra: dict[str, Any] = opt({}, "any other SFTConfig field, passed through verbatim")

    def validate(self) -> None:
        check(self.max_steps == -1 or self.max_steps >= 1,
              f"trainer.max_steps must be -1 or >= 1, got {self.max_steps}")
        check(self.learning_rate > 0, f"trainer.learning_rate must be positive, got {self.learning_rate}")
        check(self.bf16 in ("auto", True, False), "trainer.bf16 must be auto, true or false")


@dataclass
class SFTRunConfig:
    """A full SFT run: model, data and trainer knobs."""

    model: str = opt("", "a local model dir or a hub id")
    output_dir: str = opt("", "checkpoints, the final model and metrics.json go here")
    seed: int = opt(0, "seed for shuffling and initialisation")
    resume: bool = opt(True, "continue from the last checkpoint in output_dir when there is one")
    data: SFTData = opt(None, "training rows")
    peft: PeftSettings = opt(None, "optional LoRA adapters (off by default)")
    trainer: SFTKnobs = opt(None, "SFT knobs passed to TRL's SFTConfig")

    def __post_init__(self) -> None:
        self.data = self.data if self.data is not None else SFTData()
        self.peft = self.peft if self.peft is not None else PeftSettings()
        self.trainer = self.trainer if self.trainer is not None else SFTKnobs()

    def validate(self) -> None:
        check(bool(self.model), "model: required (a local dir or a hub id)")
        check(bool(self.output_dir), "output_dir: required")
        self.data.validate()
        self.peft.validate()
        self.trainer.validate()
