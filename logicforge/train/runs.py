"""What every training run shares: the result it returns, checkpoint lookup, and the metrics files."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class RunResult:
    """What a training run (GRPO or SFT) leaves behind: `output_dir` (final model, checkpoints, metrics.json)
    and the `metrics` written there."""

    output_dir: Path
    metrics: dict


def last_checkpoint(out: Path) -> str | None:
    """The newest `checkpoint-N` dir under `out`, or None."""
    from transformers.trainer_utils import get_last_checkpoint

    return get_last_checkpoint(str(out)) if out.is_dir() else None


def finished_run(out: Path, config: dict) -> RunResult | None:
    """The result of a run that already finished in `out` with this very config, else None.

    A finished run leaves `metrics.json` holding its config; running the same command again must change
    nothing (resuming from the last checkpoint would train one more step each time). A changed config,
    such as a raised `trainer.max_steps`, resumes from the last checkpoint as usual.
    """
    path = Path(out) / "metrics.json"
    if not path.exists():
        return None
    try:
        metrics = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if metrics.get("config") != json.loads(json.dumps(config, default=str)):
        return None
    metrics["already_finished"] = True
    return RunResult(Path(out), metrics)


def write_metrics(out: Path, metrics: dict, log_history: list[dict]) -> None:
    """`metrics.json` (final numbers) and `log_history.jsonl` (every logged step) in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True, default=str) + "\n")
    with (out / "log_history.jsonl").open("w", encoding="utf-8") as fh:
        for entry in log_history:
            fh.write(json.dumps(entry, default=str) + "\n")


def trainer_kwargs(knobs, config_cls, skip: tuple[str, ...], reserved: set[str]) -> dict:
    """Keyword arguments for TRL's `config_cls` from a knobs dataclass plus its checked `extra` mapping.

    Fields in `skip` are resolved by the caller; `reserved` ones are set by the recipe itself.
    """
    from logicforge.train._schema import ConfigError

    valid = {f.name for f in dataclasses.fields(config_cls)}
    skip = (*skip, "extra")
    explicit = {f.name: getattr(knobs, f.name) for f in dataclasses.fields(knobs) if f.name not in skip}
    for key in knobs.extra:
        if key not in valid:
            raise ConfigError(f"trainer.extra.{key}: not a {config_cls.__name__} field")
        if key in explicit or key in skip or key in reserved:
            raise ConfigError(f"trainer.extra.{key}: set it as trainer.{key} (or it is managed by logicforge)")
    if "activation_checkpointing" in valid and "gradient_checkpointing" in explicit:
        # transformers 5 renamed the field and warns on the old name; older versions only know the old one.
        explicit["activation_checkpointing"] = explicit.pop("gradient_checkpointing")
    return {**explicit, **knobs.extra}


def device_kwargs(bf16) -> dict:
    """`use_cpu` and `bf16` for this machine: bf16 `auto` means on only where a CUDA GPU supports it."""
    import torch

    from logicforge.train._schema import resolve_auto

    gpu = torch.cuda.is_available()
    return {"use_cpu": not gpu, "bf16": resolve_auto(bf16, gpu and torch.cuda.is_bf16_supported(), "trainer.bf16",
                                                     "no CUDA GPU with bfloat16 is available")}


def resolve_model(model: str) -> str:
    """A local model dir (checked) or a hub id; ConfigError naming the problem in one line.

    Something that can only be a path (absolute, `./`, `~`, or with several slashes) must exist; a bare
    `name` or `namespace/name` that is not a local dir is taken as a hub id.
    """
    from logicforge.train._schema import ConfigError

    path = Path(model).expanduser()
    if path.exists():
        if not (path / "config.json").exists():
            raise ConfigError(f"model: {model!r} has no config.json; point it at a saved model dir")
        return str(path)
    if model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model:
        raise ConfigError(f"model: local dir {model!r} does not exist")
    if "/" in model and Path(model.split("/")[0]).is_dir():
        # `runs/nope` where `runs/` is a local dir is a mistyped path, not a hub id (the hub would be
        # asked, with retries, for a minute before failing)
        raise ConfigError(f"model: local dir {model!r} does not exist (and {model.split('/')[0]!r} is a local dir)")
    return model


def load_tokenizer(model: str, padding_side: str | None = None):
    """The model's tokenizer (pad token defaulting to EOS); a model that cannot be fetched is one ConfigError line."""
    from transformers import AutoTokenizer

    from logicforge.train._schema import ConfigError

    try:
        tokenizer = AutoTokenizer.from_pretrained(model)
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"model {model!r} is not a local dir and could not be loaded from the hub: {first}") from None
    if padding_side is not None:
        tokenizer.padding_side = padding_side
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer
