"""Training configs: every example YAML loads and validates; bad configs fail with one line naming the field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.tasks.mix import load_mix
from logicforge.train.config import (
    ConfigError,
    CurriculumConfig,
    GRPOKnobs,
    GRPORunConfig,
    SFTRunConfig,
    describe,
    load_config,
)

from train_helpers import ROOT

EXAMPLES = sorted((ROOT / "examples" / "train").rglob("*.yaml"))  # the lab's configs too


def test_examples_exist():
    names = {p.name for p in EXAMPLES}
    assert {"grpo_tiny.yaml", "sft_tiny.yaml", "sft_astro.yaml", "grpo_qwen.yaml"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(ROOT / "examples" / "train")) for p in EXAMPLES])
def test_every_example_config_loads(path):
    if path.name.startswith("mix"):
        assert load_mix(path).components
        return
    cls = GRPORunConfig if path.name.startswith("grpo") else SFTRunConfig
    cfg = load_config(path, cls)
    assert cfg.model and cfg.output_dir
    if isinstance(cfg, GRPORunConfig) and cfg.data.mix:
        assert load_mix(ROOT / cfg.data.mix).components  # the mix it points at is valid too


def test_every_field_has_help():
    for cls in (GRPORunConfig, SFTRunConfig):
        text = describe(cls)
        assert "# \n" not in text + "\n"
        for f in dataclasses.fields(cls):
            assert f.metadata.get("help"), f"{cls.__name__}.{f.name} has no help"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    return path


BASE = "model: m\noutput_dir: o\ndata: {path: d}\n"

BAD = [
    # (yaml appended to BASE, words the error must contain)
    ("modle: x\n", "modle: unknown key; did you mean 'model'?"),
    ("trainer: {num_generations: 1}\n", "trainer.num_generations must be at least 2"),
    ("trainer: {num_generations: '4'}\n", "trainer.num_generations: expected int"),
    ("trainer: {num_generations: 3, per_device_train_batch_size: 8}\n", "must be a multiple of num_generations"),
    ("trainer: {loss_type: ppo}\n", "trainer.loss_type: 'ppo' is not one of"),
    ("trainer: {bf16: maybe}\n", "trainer.bf16 must be auto, true or false"),
    ("rewards: {format_weight: -1}\n", "rewards.format_weight must be >= 0"),
    ("rewards: {task_weights: {a: -1}}\n", "rewards.task_weights.a: weight must be a non-negative number"),
    ("curriculum: {enabled: true, lower_below: 0.9, raise_above: 0.5}\n", "lower_below < raise_above"),
    ("curriculum: {enabled: true}\ndata: {path: d, max_rows: 5}\n", "data.max_rows does not apply with a curriculum"),
]


@pytest.mark.parametrize("extra,message", BAD, ids=[m for _, m in BAD])
def test_bad_configs_fail_with_one_line(tmp_path, extra, message):
    text = BASE + extra if not extra.startswith("curriculum: {enabled: true}\ndata") else "model: m\noutput_dir: o\n" + extra
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text), GRPORunConfig)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert str(info.value).startswith(str(tmp_path))  # the file is named


def test_data_needs_exactly_one_source(tmp_path):
    with pytest.raises(ConfigError, match="exactly one of data.path or data.mix"):
        load_config(write(tmp_path, "model: m\noutput_dir: o\ndata: {path: a, mix: b}\n"), GRPORunConfig)
    with pytest.raises(ConfigError, match="model: required"):
        load_config(write(tmp_path, "output_dir: o\ndata: {path: a}\n"), GRPORunConfig)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml", GRPORunConfig)
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(write(tmp_path, "model: [unclosed\n"), GRPORunConfig)


def test_overrides_apply_on_top(tmp_path):
    cfg = load_config(write(tmp_path, BASE), GRPORunConfig,
                      {"trainer.max_steps": "7", "curriculum.enabled": "true", "data.task_weights": "{a: 2}"})
    assert cfg.trainer.max_steps == 7 and cfg.curriculum.enabled and cfg.data.task_weights == {"a": 2.0}
    assert cfg.trainer.num_generations == GRPOKnobs().num_generations  # untouched fields keep defaults


def test_defaults_are_not_shared_between_instances():
    a, b = GRPORunConfig(), GRPORunConfig()
    a.data.task_weights["x"] = 1.0
    a.trainer.report_to.append("wandb")
    assert b.data.task_weights == {} and b.trainer.report_to == []
    assert CurriculumConfig().enabled is False  # the curriculum is off unless asked for


def test_cli_print_defaults_and_bad_config(tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["train", "grpo", "--print-defaults"])
    assert out.exit_code == 0 and "num_generations: 8" in out.output and "# completions per prompt" in out.output
    bad = runner.invoke(main, ["train", "grpo", str(write(tmp_path, BASE + "trainer: {loss_type: ppo}\n"))])
    assert bad.exit_code == 2 and bad.output.count("\n") == 1 and "trainer.loss_type" in bad.output
    assert runner.invoke(main, ["train", "sft"]).exit_code == 2
    unknown = runner.invoke(main, ["train", "sft", str(write(tmp_path, "model: m\n")), "--set", "oops"])
    assert unknown.exit_code == 2 and "bad --set" in unknown.output


def test_extra_is_checked_against_grpo_config(tmp_path):
    pytest.importorskip("trl")
    from logicforge.train.grpo import grpo_args

    cfg = load_config(write(tmp_path, BASE + "trainer: {extra: {top_k: 5, beta: 0.1}}\n"), GRPORunConfig)
    with pytest.raises(ConfigError, match="trainer.extra.beta: set it as trainer.beta"):
        grpo_args(cfg)
    cfg.trainer.extra = {"no_such_field": 1}
    with pytest.raises(ConfigError, match="not a GRPOConfig field"):
        grpo_args(cfg)
    cfg.trainer.extra = {"top_k": 5}
    cfg.output_dir = str(tmp_path / "out")
    args = grpo_args(cfg)
    assert args.top_k == 5 and args.num_generations == 8 and args.learning_rate == 1e-6
    import torch

    if not torch.cuda.is_available():  # CPU: no vLLM, no bf16, whatever the defaults say
        assert args.use_vllm is False and args.bf16 is False and args.use_cpu is True


@pytest.mark.parametrize("module", ["_schema", "rewards", "curriculum", "evaluate", "grpo"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    mod = importlib.import_module(f"logicforge.train.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
