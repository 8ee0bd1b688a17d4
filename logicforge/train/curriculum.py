"""Per-task level curriculum: raise a level when rolling accuracy is high, lower it when low, log the schedule.

A GRPO group whose completions all score the same has zero advantage and teaches nothing; keeping each
task near the level where the model is sometimes right keeps the signal alive. The pieces:
`Curriculum` (pure state machine), `CurriculumSampler` (draws rows by task weight, in TRL's RepeatSampler
order), `Relevel` (swaps each drawn row for one at the task's current level when completions are
generated), and the trainer/callback glue, built lazily.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

STATE_FILE = "curriculum.json"
SCHEDULE_FILE = "curriculum.jsonl"


class Curriculum:
    """Levels per task, moved one available level at a time from the mean of the last `window` accuracies.

    >>> from logicforge.train.config import CurriculumConfig
    >>> cur = Curriculum({"a": [1, 2, 3]}, CurriculumConfig(window=2, raise_above=0.8, lower_below=0.2))
    >>> cur.observe(1, {"a": 1.0}), cur.level("a")
    ([], 1)
    >>> [c["to"] for c in cur.observe(2, {"a": 0.9})], cur.level("a")
    ([2], 2)
    """

    def __init__(self, available: dict[str, list[int]], cfg):
        self.cfg = cfg
        self.available = {}
        for task, levels in sorted(available.items()):
            usable = sorted(lvl for lvl in set(levels) if cfg.min_level <= lvl <= cfg.max_level)
            if not usable:
                raise ValueError(f"curriculum: task {task!r} has no rows with levels in "
                                 f"[{cfg.min_level}, {cfg.max_level}]; it has {sorted(set(levels))}")
            self.available[task] = usable
        self.levels = {t: min(lv, key=lambda x: (abs(x - cfg.start_level), x)) for t, lv in self.available.items()}
        self.windows: dict[str, list[float]] = {t: [] for t in self.available}
        self.schedule: list[dict] = []

    @property
    def tasks(self) -> list[str]:
        return list(self.available)

    def level(self, task: str) -> int:
        return self.levels[task]

    def observe(self, step: int, accuracies: dict[str, float], levels: dict[str, float] | None = None) -> list[dict]:
        """Add one logged accuracy per task; return the level changes this caused (also kept in `schedule`).

        `levels` holds the mean level of the rows each accuracy was measured on (`task/<t>/level`); an
        accuracy measured, even in part, on another level than the task's current one is left out, so the
        old level's results never count towards the new level's window.
        """
        changes = []
        for task, acc in sorted(accuracies.items()):
            if task not in self.windows or acc is None:
                continue
            measured = (levels or {}).get(task)
            if measured is not None and abs(float(measured) - self.levels[task]) > 1e-9:
                continue
            window = self.windows[task]
            window.append(float(acc))
            del window[: -self.cfg.window]
            if len(window) < self.cfg.window:
                continue
            mean = sum(window) / len(window)
            move = 1 if mean >= self.cfg.raise_above else -1 if mean <= self.cfg.lower_below else 0
            target = self._neighbour(task, move)
            if target != self.levels[task]:
                change = {"step": step, "task": task, "from": self.levels[task], "to": target, "accuracy": mean}
                self.levels[task] = target
                window.clear()  # the new level is measured afresh
                self.schedule.append(change)
                changes.append(change)
        return changes

    def _neighbour(self, task: str, move: int) -> int:
        levels, current = self.available[task], self.levels[task]
        i = levels.index(current) + move
        return levels[i] if 0 <= i < len(levels) else current

    def state_dict(self) -> dict:
        return {"levels": self.levels, "windows": self.windows, "schedule": self.schedule}

    def load_state_dict(self, state: dict) -> None:
        """Restore levels, windows and schedule saved by `state_dict` (tasks not in this run are ignored)."""
        for task in self.available:
            if task in state.get("levels", {}) and state["levels"][task] in self.available[task]:
                self.levels[task] = state["levels"][task]
                self.windows[task] = list(state.get("windows", {}).get(task, []))
        self.schedule = list(state.get("schedule", []))


class CurriculumSampler:
    """Row indices for GRPO, grouped like TRL's `RepeatSampler`; the trainer swaps in current-level rows.

    Each generation batch draws `batch_size` prompts (task by `weights`, then the task's next unused row,
    any level), yields each `mini_repeat_count` times in a row, and repeats the whole batch `repeat_count`
    times. The level is not read here: the data loader draws a batch ahead of training, so a level read
    here would lag a change by a batch. `Relevel` maps each drawn row to a row of the task's level at the
    moment its completions are generated.
    """

    def __init__(self, tasks: list[str], weights: dict[str, float], mini_repeat_count: int, batch_size: int,
                 repeat_count: int, seed: int):
        self.weights = weights
        self.rows_of: dict[str, list[int]] = {}
        for i, task in enumerate(tasks):
            self.rows_of.setdefault(task, []).append(i)
        self.mini_repeat_count, self.batch_size, self.repeat_count = mini_repeat_count, batch_size, repeat_count
        self.num_rows = len(tasks)
        self.seed = seed
        self.epoch = 0

    def __len__(self) -> int:
        return (self.num_rows // self.batch_size) * self.batch_size * self.mini_repeat_count * self.repeat_count

    def __iter__(self):
        rng = np.random.default_rng([self.seed, self.epoch])
        self.epoch += 1
        names = list(self.weights)
        probs = np.array([self.weights[t] for t in names])
        cursors: dict[str, int] = {}
        for _ in range(self.num_rows // self.batch_size):
            batch = []
            for task in rng.choice(names, size=self.batch_size, p=probs).tolist():
                rows = self.rows_of[task]
                n = cursors.get(task, 0)
                cursors[task] = n + 1
                batch.append(rows[_permuted(len(rows), n, self.seed, (task, 0), self.epoch)])
            for _ in range(self.repeat_count):
                for index in batch:
                    yield from [index] * self.mini_repeat_count


class Relevel:
    """The row a drawn row stands for at the curriculum's current level, chosen when completions are made.

    A drawn row is the p-th row of its task in a fixed order; it becomes the p-th draw from the task's
    current-level pool (a seeded permutation per pass, so a pool is used up before a row repeats). The map
    depends only on the row and the level, so every process of a distributed run, and every copy of a
    prompt in a GRPO group, gets the same row.
    """

    def __init__(self, tasks: list[str], levels: list[int], curriculum: Curriculum, seed: int):
        self.curriculum, self.seed, self.tasks = curriculum, seed, tasks
        self.position: list[int] = []
        counts: dict[str, int] = {}
        self.pools: dict[tuple[str, int], list[int]] = {}
        for i, key in enumerate(zip(tasks, levels)):
            self.position.append(counts.get(key[0], 0))
            counts[key[0]] = counts.get(key[0], 0) + 1
            self.pools.setdefault(key, []).append(i)

    def index(self, i: int) -> int:
        """The dataset index that takes the place of drawn row `i` now."""
        task = self.tasks[i]
        level = self.curriculum.level(task)
        pool = self.pools[(task, level)]
        return pool[_permuted(len(pool), self.position[i], self.seed, (task, level), 0)]


def _permuted(size: int, n: int, seed: int, key: tuple[str, int], epoch: int) -> int:
    """Position of the n-th draw from a pool of `size`: a fresh seeded permutation for every pass."""
    passes, offset = divmod(n, size)
    from logicforge.generators.base import stable_hash

    rng = np.random.default_rng([seed, stable_hash(key[0]) % 2**32, key[1], epoch, passes])
    return int(rng.permutation(size)[offset])


def save(curriculum: Curriculum, directory: str | Path) -> None:
    """Write the curriculum state into a checkpoint dir."""
    (Path(directory) / STATE_FILE).write_text(json.dumps(curriculum.state_dict(), indent=2, sort_keys=True))


def restore(curriculum: Curriculum, checkpoint: str | Path | None) -> bool:
    """Load the state saved in `checkpoint`, if any; returns whether something was loaded."""
    path = Path(checkpoint) / STATE_FILE if checkpoint else None
    if path is None or not path.exists():
        return False
    curriculum.load_state_dict(json.loads(path.read_text()))
    return True


# -- glue to TRL (built lazily: transformers and trl are imported only when training) ----------------


def trainer_class(base):
    """`base` (TRL's GRPOTrainer) that follows a curriculum when one is given: its sampler draws tasks by
    weight, and each drawn row is replaced by a row of the task's current level when its completions are
    generated (`Relevel`), so a level change applies to the very next generation."""

    class CurriculumGRPOTrainer(base):
        def __init__(self, *args, curriculum: Curriculum | None = None, sample_weights=None, **kwargs):
            self.curriculum, self.sample_weights = curriculum, sample_weights
            super().__init__(*args, **kwargs)
            if curriculum is not None:
                ds = self.train_dataset
                self.relevel = Relevel(ds["task"], ds["level"], curriculum, self.args.seed)
                self.row_of_id = {row_id: i for i, row_id in enumerate(ds["id"])}

        def _get_train_sampler(self, dataset=None):
            if self.curriculum is None:
                return super()._get_train_sampler(dataset)
            dataset = dataset if dataset is not None else self.train_dataset
            return CurriculumSampler(
                dataset["task"], self.sample_weights, mini_repeat_count=self.num_generations,
                batch_size=self.args.generation_batch_size // self.num_generations,
                repeat_count=self.num_iterations * self.args.steps_per_generation, seed=self.args.seed)

        def _generate_and_score_completions(self, inputs):
            if self.curriculum is not None and self.model.training:
                inputs = [self.train_dataset[self.relevel.index(self.row_of_id[x["id"]])] for x in inputs]
            return super()._generate_and_score_completions(inputs)

    return CurriculumGRPOTrainer


def callback(curriculum: Curriculum, output_dir: str | Path):
    """A TrainerCallback feeding logged `task/<t>/accuracy` to the curriculum, appending level changes
    to `<output_dir>/curriculum.jsonl` and saving the state into every checkpoint."""
    from transformers import TrainerCallback

    schedule = Path(output_dir) / SCHEDULE_FILE

    def append(state, record: dict) -> None:
        if state.is_world_process_zero:
            with schedule.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, sort_keys=True) + "\n")

    class CurriculumCallback(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            append(state, {"step": state.global_step, "levels": dict(curriculum.levels)})

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            accuracies = {t: logs.get(f"task/{t}/accuracy") for t in curriculum.tasks}
            levels = {t: logs.get(f"task/{t}/level") for t in curriculum.tasks}
            found = {t: a for t, a in accuracies.items() if a is not None}
            for change in curriculum.observe(state.global_step, found, levels):
                append(state, change)

        def on_save(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                save(curriculum, Path(args.output_dir) / f"checkpoint-{state.global_step}")

    return CurriculumCallback()
