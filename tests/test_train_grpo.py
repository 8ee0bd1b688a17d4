"""GRPO with TRL on a generated mixture and the tiny local model: reward columns, per-task metrics,
parameters that move, checkpoints, resume, and the level curriculum."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("trl")

from click.testing import CliRunner  # noqa: E402

from logicforge.cli import main  # noqa: E402
from logicforge.train.config import CurriculumConfig, DataConfig, GRPOKnobs, GRPORunConfig, RewardConfig  # noqa: E402
from logicforge.train.grpo import run  # noqa: E402
from logicforge.train.rewards import TaskReward  # noqa: E402
from logicforge.train.tiny import make_tiny_model  # noqa: E402

from train_helpers import make_dataset, pick_tasks, pin_threads, warm_model  # noqa: E402

pin_threads()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """Two or three level-1 tasks, a small dataset, and the tiny model warmed up by a short SFT."""
    root = tmp_path_factory.mktemp("grpo")
    tasks = pick_tasks(3)
    data = make_dataset(root / "data", tasks, splits="train=48,test=6")
    tiny = make_tiny_model(root / "tiny")
    return SimpleNamespace(root=root, tasks=tasks, data=data, warm=warm_model(tiny, data, root / "warm"))


def knobs(steps: int) -> GRPOKnobs:
    return GRPOKnobs(num_generations=2, per_device_train_batch_size=8, max_completion_length=24, max_steps=steps,
                     learning_rate=1e-3, save_steps=1, logging_steps=1, gradient_checkpointing=False)


def weights(path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(path / "model.safetensors"))


@pytest.fixture()
def reward_calls(monkeypatch):
    """Record every TaskReward call (its task, batch size and keyword columns), then score as usual."""
    calls = []
    original = TaskReward.__call__

    def spy(self, completions, task, payload, **kwargs):
        calls.append(SimpleNamespace(task=self.task, n=len(completions), columns=set(kwargs), rows=list(task)))
        return original(self, completions, task, payload, **kwargs)

    monkeypatch.setattr(TaskReward, "__call__", spy)
    return calls


@pytest.mark.slow
def test_grpo_on_a_mixture_logs_per_task_checkpoints_and_resumes(env, tmp_path, reward_calls):
    if len(env.tasks) < 2:
        pytest.skip("needs a second registered task for a mixture")
    out = tmp_path / "run"
    config = tmp_path / "grpo.yaml"
    config.write_text(json.dumps({  # JSON is YAML
        "model": str(env.warm), "output_dir": str(out), "seed": 1,
        "data": {"path": str(env.data), "task_weights": {t: 1.0 for t in env.tasks}},
        "rewards": {"format_weight": 0.5},
        "trainer": {**knobs(2).__dict__, "report_to": []}}))
    result = CliRunner().invoke(main, ["train", "grpo", str(config)])
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.output and (out / "checkpoint-2").is_dir() and (out / "metrics.json").exists()

    # Rewards see the dataset columns beside the completions, and TRL's logging hooks.
    assert {c.task for c in reward_calls} == set(env.tasks)
    assert all(c.n == 8 for c in reward_calls)
    assert {"level", "answer", "question", "id", "prompts", "trainer_state", "log_extra", "log_metric"} <= reward_calls[0].columns

    # Per-task reward and accuracy are logged, not only the mean.
    history = [json.loads(line) for line in (out / "log_history.jsonl").read_text().splitlines()]
    logged = {k for h in history for k in h}
    for task in set().union(*(c.rows for c in reward_calls)):
        assert {f"task/{task}/accuracy", f"task/{task}/reward", f"rewards/{task}/mean"} <= logged
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["global_step"] == 2 and set(metrics["per_task"]) == set(env.tasks)
    assert any(isinstance(h.get("loss"), float) for h in history)

    # The policy moved.
    before, after = weights(env.warm), weights(out)
    assert max((before[k] - after[k]).abs().max().item() for k in before) > 0

    # An interrupted run continues from the last checkpoint: one more step, not three.
    reward_calls.clear()
    cfg = GRPORunConfig(model=str(env.warm), output_dir=str(out), seed=1, data=DataConfig(path=str(env.data)),
                        rewards=RewardConfig(format_weight=0.5), trainer=knobs(3))
    resumed = run(cfg)
    assert resumed.metrics["global_step"] == 3
    assert resumed.metrics["resumed_from"].endswith("checkpoint-2")
    assert len(reward_calls) == len(env.tasks)  # one generation batch, scored once per task
    steps = [json.loads(line).get("step") for line in (out / "log_history.jsonl").read_text().splitlines()]
    assert steps[:3] == [1, 2, 3]  # steps 1-2 were restored from the checkpoint's state
    assert (out / "checkpoint-3").is_dir()

    # Regression: the same command again trained one more step each time (3 -> 4 -> 5); it is now a no-op.
    model_bytes = (out / "model.safetensors").read_bytes()
    again = run(cfg)
    assert again.metrics["global_step"] == 3 and again.metrics["already_finished"]
    assert not (out / "checkpoint-4").exists() and (out / "model.safetensors").read_bytes() == model_bytes
    echoed = CliRunner().invoke(main, ["train", "grpo", str(config)])  # the first config, changed since: resumes
    assert echoed.exit_code == 0, echoed.output


@pytest.mark.slow
def test_held_out_accuracy_is_logged_during_training(env, tmp_path):
    """Regression: `eval_strategy` failed because no eval dataset was passed; `trainer.eval_steps` scores the
    data's test split (data.eval_rows per task) and logs eval_task/<t>/accuracy."""
    out = tmp_path / "eval"
    trainer = knobs(2)
    trainer.eval_steps = 1
    cfg = GRPORunConfig(model=str(env.warm), output_dir=str(out), data=DataConfig(path=str(env.data), eval_rows=2),
                        rewards=RewardConfig(format_weight=0.5), trainer=trainer)
    run(cfg)
    history = [json.loads(line) for line in (out / "log_history.jsonl").read_text().splitlines()]
    logged = {k for h in history for k in h}
    assert any(k.startswith("eval_task/") and k.endswith("/accuracy") for k in logged), sorted(logged)


@pytest.mark.slow
def test_curriculum_lowers_a_failing_task_and_logs_the_schedule(env, tmp_path):
    mix = tmp_path / "mix.yaml"
    mix.write_text(json.dumps({"seed": 2, "splits": {"train": 16}, "tasks": [{"task": t} for t in env.tasks[:2]]}))
    out = tmp_path / "cur"
    cfg = GRPORunConfig(
        model=str(env.warm), output_dir=str(out), data=DataConfig(mix=str(mix)), rewards=RewardConfig(format_weight=0.5),
        curriculum=CurriculumConfig(enabled=True, start_level=2, min_level=1, max_level=2, window=1, lower_below=0.5,
                                    raise_above=1.0, pool_size=4),
        trainer=knobs(4))
    result = run(cfg)
    assert (out / "data" / "manifest.json").exists()  # the mix was generated into the run dir
    pool = json.loads((out / "data" / "manifest.json").read_text())["splits"]["train"]["rows"]
    assert pool == 4 * 2 * len(env.tasks[:2])  # pool_size rows per task and level
    lines = [json.loads(x) for x in (out / "curriculum.jsonl").read_text().splitlines()]
    assert lines[0] == {"step": 0, "levels": {t: 2 for t in env.tasks[:2]}}
    changes = [x for x in lines[1:] if "task" in x]
    assert changes and all(c["from"] == 2 and c["to"] == 1 and c["accuracy"] <= 0.5 for c in changes)
    assert result.metrics["curriculum"]["levels"] == {t: (1 if t in {c["task"] for c in changes} else 2)
                                                      for t in env.tasks[:2]}
    saved = json.loads((out / "checkpoint-4" / "curriculum.json").read_text())
    assert saved["levels"] == result.metrics["curriculum"]["levels"]
    # Sampled rows follow the schedule from the very next step (regression: the data loader's prefetch made a
    # change logged at step 2 take effect at step 4).
    history = [json.loads(x) for x in (out / "log_history.jsonl").read_text().splitlines()]
    first = changes[0]
    later = [h[f"task/{first['task']}/level"] for h in history
             if h.get("step", 0) > first["step"] and f"task/{first['task']}/level" in h]
    assert later and all(level == 1.0 for level in later)
