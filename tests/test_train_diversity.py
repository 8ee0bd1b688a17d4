"""Diversity options for GRPO: the DPH-RL divergences (forward KL, Jensen-Shannon) estimated on the initial
policy's samples, DAPO dynamic sampling, and LoRA adapters from the config."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("trl")

from logicforge.train.config import (  # noqa: E402
    DataConfig,
    DiversityConfig,
    GRPOKnobs,
    GRPORunConfig,
    PeftSettings,
    RewardConfig,
    SFTData,
    SFTKnobs,
    SFTRunConfig,
)
from logicforge.train.diversity import divergence_terms, flat_groups  # noqa: E402

from train_helpers import make_dataset, pin_threads, warm_model  # noqa: E402

pin_threads()

P = torch.tensor([0.5, 0.3, 0.2])  # the initial policy over three answers
Q = torch.tensor([0.2, 0.2, 0.6])  # the current policy


def _expect_under_p(kind: str) -> float:
    """E_{y ~ P}[term(log P(y) - log Q(y))], summed exactly over the three answers."""
    return float((P * divergence_terms(P.log() - Q.log(), kind)).sum())


def test_forward_kl_term_averages_to_kl_p_q():
    assert _expect_under_p("forward_kl") == pytest.approx(float((P * (P / Q).log()).sum()), abs=1e-6)


def test_js_term_averages_to_jensen_shannon():
    m = (P + Q) / 2
    js = 0.5 * float((P * (P / m).log()).sum()) + 0.5 * float((Q * (Q / m).log()).sum())
    assert _expect_under_p("js") == pytest.approx(js, abs=1e-6)
    assert 0 < js < math.log(2)
    assert float(divergence_terms(torch.zeros(4), "js").abs().max()) == 0.0  # equal policies: no penalty


def test_js_term_stays_finite_when_policies_drift_far():
    terms = divergence_terms(torch.tensor([-1e4, -50.0, 50.0, 1e4]), "js")
    assert torch.isfinite(terms).all()
    with pytest.raises(ValueError, match="unknown divergence"):
        divergence_terms(torch.zeros(1), "reverse")


def test_flat_groups_marks_whole_groups_only():
    adv = torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0, -1.0, 0.0, 0.0, 0.5, 0.0, -0.5, 0.0])
    assert flat_groups(adv, 4).tolist() == [True] * 4 + [False] * 8  # a zero inside a mixed group stays
    assert flat_groups(adv[:5], 4).tolist() == [True, True, True, True, False]  # uneven: judged one by one


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from logicforge.train.tiny import make_tiny_model

    root = tmp_path_factory.mktemp("div")
    data = make_dataset(root / "data", ["word_sorting", "dyck_language"], splits="train=32,test=4")
    tiny = make_tiny_model(root / "tiny")
    return SimpleNamespace(data=data, tiny=tiny, warm=warm_model(tiny, data, root / "warm"))


def _knobs(**kw) -> GRPOKnobs:
    return GRPOKnobs(num_generations=2, per_device_train_batch_size=8, max_completion_length=16, max_steps=2,
                     learning_rate=1e-3, save_steps=2, logging_steps=1, gradient_checkpointing=False, **kw)


@pytest.mark.slow
def test_grpo_with_js_divergence_and_dynamic_sampling_logs_both(env, tmp_path):
    from logicforge.train.grpo import run

    out = tmp_path / "run"
    cfg = GRPORunConfig(model=str(env.warm), output_dir=str(out), data=DataConfig(path=str(env.data)),
                        rewards=RewardConfig(format_weight=0.5), diversity=DiversityConfig(kind="js", pool=4, batch=2),
                        trainer=_knobs(dynamic_sampling=True))
    result = run(cfg)
    history = [json.loads(x) for x in (out / "log_history.jsonl").read_text().splitlines()]
    js = [h["diversity/js"] for h in history if "diversity/js" in h]
    kept = [h["dynamic_sampling/kept_share"] for h in history if "dynamic_sampling/kept_share" in h]
    assert js and all(math.isfinite(v) and v >= -1e-6 for v in js)  # the first step starts at the initial policy
    assert kept and all(0.0 <= v <= 1.0 for v in kept)
    assert result.metrics["global_step"] == 2


@pytest.mark.slow
def test_lora_adapters_from_the_config(env, tmp_path):
    pytest.importorskip("peft")
    from logicforge.train.grpo import run as grpo
    from logicforge.train.sft import run as sft

    out = tmp_path / "sft-lora"
    cfg = SFTRunConfig(model=str(env.tiny), output_dir=str(out), peft=PeftSettings(enabled=True, r=4, alpha=8),
                       data=SFTData(path=str(env.data), answers_as_completions=True, max_rows=8),
                       trainer=SFTKnobs(max_steps=1, per_device_train_batch_size=4, learning_rate=1e-3, max_length=256,
                                        logging_steps=1, save_steps=1, gradient_checkpointing=False))
    sft(cfg)
    assert json.loads((out / "adapter_config.json").read_text())["r"] == 4
    out = tmp_path / "grpo-lora"
    grpo(GRPORunConfig(model=str(env.warm), output_dir=str(out), data=DataConfig(path=str(env.data)),
                       peft=PeftSettings(enabled=True, r=4, alpha=8), trainer=_knobs()))
    assert (out / "adapter_config.json").exists() and (out / "adapter_model.safetensors").exists()
