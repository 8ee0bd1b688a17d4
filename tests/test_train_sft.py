"""SFT with TRL's SFTTrainer: one step on ASTRO-style traces, chat `messages` rows, and direct answers."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("trl")

import datasets  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from logicforge.cli import main  # noqa: E402
from logicforge.train.config import SFTData, SFTKnobs, SFTRunConfig  # noqa: E402
from logicforge.train.sft import run, sft_args  # noqa: E402
from logicforge.train.tiny import make_tiny_model  # noqa: E402

from train_helpers import make_dataset, pin_threads  # noqa: E402

pin_threads()

# ASTRO traces: search with a wrong branch, the fixed reflection markers, a backtrack, then the verified answer.
TRACE = ("Let me place the smallest word first: ba. But wait, are we solving the problem correctly so far? Hmm... "
         "I'm not sure if we're solving the problem correctly so far. Let's go back to where we chose the first word. "
         "The alphabet puts c first, so ca comes first. But wait, are we solving the problem correctly so far? Hmm... "
         "Our solution seems to be correct so far.\n<answer>ca, ba</answer>")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return make_tiny_model(tmp_path_factory.mktemp("sft") / "tiny")


def one_step(model, data: SFTData, out, **knobs) -> SFTRunConfig:
    return SFTRunConfig(model=str(model), output_dir=str(out), data=data,
                        trainer=SFTKnobs(max_steps=1, per_device_train_batch_size=2, learning_rate=1e-3, max_length=256,
                                         logging_steps=1, save_steps=1, gradient_checkpointing=False, **knobs))


def test_one_step_on_astro_traces_via_cli(tiny, tmp_path):
    rows = [{"prompt": [{"role": "user", "content": f"Sort these words: ba, ca (item {i})"}], "completion": TRACE,
             "backtracks": 1} for i in range(4)]
    traces = tmp_path / "astro.jsonl"
    traces.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out"
    config = tmp_path / "sft.yaml"
    config.write_text(json.dumps({"model": str(tiny), "output_dir": str(out), "data": {"path": str(traces)},
                                  "trainer": {"max_steps": 1, "per_device_train_batch_size": 2, "max_length": 256,
                                              "learning_rate": 1e-3, "logging_steps": 1, "save_steps": 1,
                                              "gradient_checkpointing": False, "loss_on_prompt": True}}))
    result = CliRunner().invoke(main, ["train", "sft", str(config)])
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["global_step"] == 1 and metrics["rows"] == 4 and metrics["final_loss"] > 0
    assert (out / "checkpoint-1").is_dir() and (out / "model.safetensors").exists()
    from safetensors.torch import load_file

    before, after = load_file(str(tiny / "model.safetensors")), load_file(str(out / "model.safetensors"))
    assert max((before[k] - after[k]).abs().max().item() for k in before) > 0


def test_messages_rows_from_a_saved_dataset(tiny, tmp_path):
    rows = [{"messages": [{"role": "user", "content": "2 + 2?"}, {"role": "assistant", "content": "<answer>4</answer>"}]}
            for _ in range(4)]
    datasets.Dataset.from_list(rows).save_to_disk(str(tmp_path / "msgs"))
    result = run(one_step(tiny, SFTData(path=str(tmp_path / "msgs")), tmp_path / "out"))
    assert result.metrics["global_step"] == 1 and result.metrics["rows"] == 4


def test_direct_answers_from_a_generated_dataset_and_resume(tiny, tmp_path):
    data = make_dataset(tmp_path / "data", ["word_sorting"], splits="train=6")
    first = run(one_step(tiny, SFTData(path=str(data), answers_as_completions=True, max_rows=4), tmp_path / "out"))
    assert first.metrics["rows"] == 4 and first.metrics["first_loss"] is not None
    cfg = one_step(tiny, SFTData(path=str(data), answers_as_completions=True, max_rows=4), tmp_path / "out")
    cfg.trainer.max_steps = 2
    second = run(cfg)
    assert second.metrics["global_step"] == 2 and second.metrics["resumed_from"].endswith("checkpoint-1")


def test_prompt_masking_follows_loss_on_prompt(tiny, tmp_path):
    masked = sft_args(one_step(tiny, SFTData(path="x"), tmp_path / "a"))
    full = sft_args(one_step(tiny, SFTData(path="x"), tmp_path / "b", loss_on_prompt=True))
    assert masked.completion_only_loss is True and full.completion_only_loss is False


def test_data_without_completions_fails_with_a_hint(tiny, tmp_path):
    data = make_dataset(tmp_path / "data", ["word_sorting"], splits="train=2")
    with pytest.raises(ValueError, match="set data.answers_as_completions"):
        run(one_step(tiny, SFTData(path=str(data)), tmp_path / "out"))
