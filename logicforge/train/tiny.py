"""A tiny random causal LM and a local BPE tokenizer with a chat template, for smoke runs and tests (no hub)."""

from __future__ import annotations

from pathlib import Path

from logicforge.train import require

SPECIAL = ["<pad>", "<s>", "</s>", "<unk>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"]
# Format tags are ordinary (non-special) single tokens: they survive decoding with
# skip_special_tokens=True, which is how TRL decodes completions before the reward functions see them.
TAGS = ["<think>", "</think>", "<answer>", "</answer>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>' + message['content'] + '<|end|>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}"
)


def corpus(n_per_task: int = 8, seed: int = 0) -> list[str]:
    """Prompts and tagged answers of every registered task at levels 1-3: the tokenizer's training text."""
    from logicforge.tasks import get_task, list_tasks

    texts = ["<think> let me check </think> <answer> 1, 2, 3 </answer>", "0123456789 +-*/=()[]{},.;:!?'\""]
    for name in list_tasks():
        task = get_task(name)
        for i in range(n_per_task):
            try:
                inst = task.generate(task.params(1 + i % 3), seed, i)
            except Exception:  # noqa: BLE001 - a family still in progress must not break the tiny model
                break
            texts.append(task.prompt_for(inst)[0]["content"])
            texts.append(f"<think>{inst.question[:200]}</think><answer>{inst.answer}</answer>")
    return texts


def build_tokenizer(texts: list[str], vocab_size: int = 512):
    """A byte-level BPE `PreTrainedTokenizerFast` trained on `texts`, left-padded, with a chat template."""
    tokenizers = require("tokenizers")
    transformers = require("transformers")
    from tokenizers import decoders, models, pre_tokenizers, trainers

    tok = tokenizers.Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="<|end|>", pad_token="<pad>", unk_token="<unk>",
        padding_side="left", additional_special_tokens=["<|system|>", "<|user|>", "<|assistant|>", "</s>"])
    fast.add_tokens(TAGS)
    fast.chat_template = CHAT_TEMPLATE
    return fast


def build_model(tokenizer, hidden_size: int = 64, layers: int = 2, seed: int = 0):
    """A randomly initialised `Qwen2ForCausalLM` sized for CPU tests, stopping at `<|end|>` or `</s>`."""
    torch = require("torch")
    transformers = require("transformers")

    torch.manual_seed(seed)
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in ("<pad>", "<s>", "</s>", "<|end|>")}
    config = transformers.Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=2 * hidden_size,
        num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
        tie_word_embeddings=True, bos_token_id=ids["<s>"], eos_token_id=ids["<|end|>"], pad_token_id=ids["<pad>"])
    model = transformers.Qwen2ForCausalLM(config)
    model.generation_config = transformers.GenerationConfig(
        eos_token_id=[ids["<|end|>"], ids["</s>"]], pad_token_id=ids["<pad>"], bos_token_id=ids["<s>"])
    return model


def make_tiny_model(out: str | Path, hidden_size: int = 64, layers: int = 2, vocab_size: int = 512,
                    seed: int = 0) -> Path:
    """Build and save a tiny model + tokenizer to `out` (loadable with `from_pretrained`); returns `out`.

    Example:
        >>> path = make_tiny_model("/tmp/tiny")  # doctest: +SKIP
        >>> AutoModelForCausalLM.from_pretrained(path)  # doctest: +SKIP
    """
    if hidden_size % 4 or hidden_size < 8:
        raise ValueError(f"hidden_size must be a multiple of 4 and at least 8, got {hidden_size}")
    if layers < 1:
        raise ValueError(f"layers must be at least 1, got {layers}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{str(out)!r} exists and is not a directory")
    tokenizer = build_tokenizer(corpus(seed=seed), vocab_size)
    model = build_model(tokenizer, hidden_size, layers, seed)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out
