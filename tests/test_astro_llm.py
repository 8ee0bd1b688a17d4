"""The LLM policy's plumbing with a tiny random model built here (no hub), and one TRL SFT step on ASTRO rows."""

import string

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
torch.set_num_threads(1)

from logicforge.generators.astro import make_env  # noqa: E402
from logicforge.generators.astro.mcts import SearchConfig, search  # noqa: E402
from logicforge.generators.astro.policies import LLMPolicy  # noqa: E402
from logicforge.tasks import REGISTRY  # noqa: E402

CHAT = ("{% for m in messages %}{{ '<' + m['role'] + '>' + m['content'] + '<eos>' }}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<assistant>' }}{% endif %}")


def tiny_model(path):
    """A character-level tokenizer and a 1-layer random Llama, saved with save_pretrained."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    specials = ["<pad>", "<eos>", "<unk>", "<user>", "<assistant>"]
    vocab = {t: i for i, t in enumerate(specials + sorted(set(string.printable)))}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"<[a-z]+>|[\s\S]"), behavior="isolated")
    tok.decoder = decoders.Fuse()
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", eos_token="<eos>",
                                                unk_token="<unk>", additional_special_tokens=specials[3:])
    fast.chat_template = CHAT
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                      num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=8192,
                                      pad_token_id=0, eos_token_id=1, bos_token_id=1)
    transformers.LlamaForCausalLM(config).save_pretrained(path)
    fast.save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tiny_model(tmp_path_factory.mktemp("tiny"))


def word_env():
    task = REGISTRY["word_sorting"]
    inst = task.generate(task.params(1), 0, 0)
    return make_env(task, inst.question, inst.payload)


def test_llm_policy_builds_prompts_generates_parses_and_falls_back(model_dir):
    env = word_env()
    policy = LLMPolicy(model=str(model_dir), max_new_tokens=6)
    cfg = SearchConfig(k=2, rollouts=1, iterations=2, value="rollout")
    tree = search(env, policy, cfg, np.random.default_rng(0))
    engine = policy._engine
    assert engine.calls > 0 and policy.counts["proposed"] > 0
    # A random model writes gibberish: every unparsable proposal is discarded and legal steps are drawn instead.
    assert policy.counts["discarded"] > 0 and policy.counts["fallbacks"] > 0
    assert all(env.check_step(n.parent.state, n.step) for n in tree.nodes[1:])
    # Bounded cost: one generate call per expansion plus one per rollout step, nothing else.
    assert engine.calls <= cfg.iterations + (len(tree.nodes)) * cfg.rollouts * env.max_steps()


def test_llm_proposals_are_parsed_by_the_step_grammar(model_dir, monkeypatch):
    env = word_env()
    root = env.initial()
    legal = env.step_text(root, env.legal_steps(root)[1])
    policy = LLMPolicy(model=str(model_dir))
    policy.propose(env, root, [], 1, np.random.default_rng(0))  # loads the engine
    seen = {}

    def fake_sample(prompt, k, max_new_tokens, temperature, seed):
        seen["prompt"] = prompt
        return [(f" {legal}\nmore text", -0.5), ("next: notaword", -0.1), ("rm -rf /", -0.2)]

    monkeypatch.setattr(policy._engine, "sample", fake_sample)
    props = policy.propose(env, root, [], 3, np.random.default_rng(0))
    assert [p.step for p in props] == [env.legal_steps(root)[1]] and props[0].logprob == -0.5
    assert policy.counts["discarded"] >= 2
    assert env.question in seen["prompt"] and env.grammar in seen["prompt"] and seen["prompt"].endswith("Step 1:")


def test_same_seed_same_llm_samples(model_dir):
    env = word_env()
    runs = []
    for _ in range(2):
        policy = LLMPolicy(model=str(model_dir), max_new_tokens=5)
        policy.propose(env, env.initial(), [], 2, np.random.default_rng(3))
        runs.append(policy._engine.sample("abc", 2, 5, 1.0, 7))
    assert runs[0] == runs[1]


def test_one_sft_step_on_astro_rows(model_dir, tmp_path):
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    from logicforge.generators.astro.build import build, load

    build(REGISTRY["word_sorting"], 4, tmp_path / "d", level=1, seed=0)
    ds = load(tmp_path / "d")
    train = Dataset.from_list([{"prompt": r["prompt"], "completion": r["completion"]} for r in ds])
    model = transformers.AutoModelForCausalLM.from_pretrained(model_dir)
    tok = transformers.AutoTokenizer.from_pretrained(model_dir)
    before = [p.detach().clone() for p in model.parameters()]
    args = SFTConfig(output_dir=str(tmp_path / "o"), max_steps=1, per_device_train_batch_size=2, max_length=1024,
                     learning_rate=1e-2, report_to=[], logging_steps=1, save_strategy="no", use_cpu=True,
                     dataloader_num_workers=0)
    trainer = SFTTrainer(model=model, args=args, train_dataset=train, processing_class=tok)
    trainer.train()
    assert any(not torch.equal(a, b.detach()) for a, b in zip(before, model.parameters()))
    assert any("loss" in entry for entry in trainer.state.log_history)
    # The full ASTRO table (prompt, completion, messages and metadata) is accepted as it is, too.
    full = SFTTrainer(model=model, args=args, train_dataset=ds, processing_class=tok)
    assert {"input_ids", "labels"} <= set(full.train_dataset.column_names) and full.completion_only_loss
