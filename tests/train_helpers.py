"""Shared helpers for the tests/test_train_*.py modules: task choice, small datasets, tiny models."""

from __future__ import annotations

import json
import os
from pathlib import Path

# Never reach for the hub from a test: every model here is built locally.
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
# Tasks known to generate level-1 items quickly; whichever of them are registered are used.
PREFERRED = ("dyck_language", "web_of_lies", "mathador", "shortest_path", "sudoku", "futoshiki")


def pick_tasks(n: int = 3) -> list[str]:
    """`word_sorting` plus up to n-1 other registered tasks that generate a level-1 item without error."""
    from logicforge.tasks import REGISTRY

    chosen = ["word_sorting"]
    for name in PREFERRED:
        if len(chosen) == n:
            break
        if name not in REGISTRY:
            continue
        task = REGISTRY[name]
        try:
            inst = task.generate(task.params(1), 0, 0)
            ok = task.verify(json.dumps(inst.payload), f"<answer>{inst.answer}</answer>").correct
        except Exception:  # noqa: BLE001 - a family still in progress is skipped, not failed here
            continue
        if ok:
            chosen.append(name)
    return chosen


def make_dataset(out: Path, tasks: list[str], splits: str = "train=24,test=6", seed: int = 7, level: int = 1) -> Path:
    """A small written dataset of `tasks` at `level`."""
    from logicforge.tasks.build import make_spec, write_dataset

    write_dataset(make_spec(tasks, level=level, seed=seed, splits=splits), out, progress=False)
    return out


def pin_threads() -> None:
    """One torch thread: tests share a loaded 2-core machine, and more threads make steps 10-100x slower."""
    import torch

    torch.set_num_threads(1)


def warm_model(base: Path, data: Path, out: Path, steps: int = 40) -> Path:
    """The tiny model after a short SFT on `<answer>{answer}</answer>`: it now writes answer tags often
    enough that GRPO groups have reward variance (a random model scores 0 everywhere, so nothing moves)."""
    from logicforge.train.config import SFTData, SFTKnobs, SFTRunConfig
    from logicforge.train.sft import run

    cfg = SFTRunConfig(model=str(base), output_dir=str(out), data=SFTData(path=str(data), answers_as_completions=True),
                       trainer=SFTKnobs(max_steps=steps, per_device_train_batch_size=8, learning_rate=3e-3,
                                        lr_scheduler_type="constant", max_length=256, logging_steps=10,
                                        save_steps=steps, gradient_checkpointing=False))
    run(cfg)
    return out
