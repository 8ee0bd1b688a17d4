"""The tiny local model: a chat template, single-token format tags, stop tokens, and a working CLI."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from click.testing import CliRunner  # noqa: E402

from logicforge.cli import main  # noqa: E402

from train_helpers import pin_threads  # noqa: E402

pin_threads()


def test_tiny_model_cli_builds_a_loadable_chat_model(tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    result = CliRunner().invoke(main, ["tiny-model", str(tmp_path / "m"), "--hidden-size", "32", "--layers", "1"])
    assert result.exit_code == 0, result.output
    tok = AutoTokenizer.from_pretrained(tmp_path / "m")
    model = AutoModelForCausalLM.from_pretrained(tmp_path / "m")
    assert model.config.hidden_size == 32 and model.config.num_hidden_layers == 1
    assert sum(p.numel() for p in model.parameters()) < 100_000
    text = tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True)
    assert text == "<|user|>hi<|end|><|assistant|>"
    for tag in ("<answer>", "</answer>", "<think>", "</think>"):
        assert len(tok(tag, add_special_tokens=False)["input_ids"]) == 1
    ids = tok("<answer> a, b </answer>", add_special_tokens=False)["input_ids"]
    assert tok.decode(ids, skip_special_tokens=True) == "<answer> a, b </answer>"  # tags survive TRL's decoding
    assert tok.convert_tokens_to_ids("<|end|>") in model.generation_config.eos_token_id
    assert tok.padding_side == "left" and tok.pad_token == "<pad>"


def test_tiny_model_is_deterministic_and_rejects_bad_sizes(tmp_path):
    from logicforge.train.tiny import make_tiny_model

    a = make_tiny_model(tmp_path / "a", hidden_size=16, layers=1, seed=3)
    b = make_tiny_model(tmp_path / "b", hidden_size=16, layers=1, seed=3)
    assert (a / "model.safetensors").read_bytes() == (b / "model.safetensors").read_bytes()
    assert (a / "tokenizer.json").read_bytes() == (b / "tokenizer.json").read_bytes()
    with pytest.raises(ValueError, match="multiple of 4"):
        make_tiny_model(tmp_path / "c", hidden_size=10)
    bad = CliRunner().invoke(main, ["tiny-model", str(tmp_path / "d"), "--layers", "0"])
    assert bad.exit_code == 2
