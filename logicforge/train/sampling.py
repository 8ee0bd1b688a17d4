"""Sample k completions per chat prompt with transformers (CPU or GPU), or with vLLM when it is usable."""

from __future__ import annotations

import importlib.util

from logicforge.train import require

BACKENDS = ("auto", "transformers", "vllm")


def vllm_usable() -> bool:
    """vLLM is used only when it is installed and a CUDA GPU is present (it is never imported to find out)."""
    torch = require("torch")
    return importlib.util.find_spec("vllm") is not None and torch.cuda.is_available()


def pick_backend(backend: str) -> str:
    """`auto` -> vllm when it is installed and a CUDA GPU is present, else transformers."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    usable = vllm_usable()
    if backend == "vllm" and not usable:
        raise ValueError("backend vllm needs `pip install 'logicforge[vllm]'` and a CUDA GPU")
    if backend == "auto":
        return "vllm" if usable else "transformers"
    return backend


def sample(model_path: str, prompts: list[list[dict]] | list[str], k: int, max_new_tokens: int = 512,
           temperature: float = 1.0, top_p: float = 1.0, batch_size: int = 8, seed: int = 0, backend: str = "auto",
           progress=None) -> list[list[str]]:
    """`k` sampled completions (text, special tokens dropped) for each chat prompt (or plain string), in order.

    `progress(n)` is called after each batch of n prompts (transformers; vLLM shows its own bar).
    """
    if k < 1 or max_new_tokens < 1 or batch_size < 1:
        raise ValueError("k, max_new_tokens and batch_size must be at least 1")
    from logicforge.train.runs import resolve_model

    model_path = resolve_model(model_path)
    if pick_backend(backend) == "vllm":
        return _sample_vllm(model_path, prompts, k, max_new_tokens, temperature, top_p, seed)
    return _sample_transformers(model_path, prompts, k, max_new_tokens, temperature, top_p, batch_size, seed, progress)


def _sample_transformers(model_path, prompts, k, max_new_tokens, temperature, top_p, batch_size, seed, progress=None):
    torch = require("torch")
    from transformers import AutoModelForCausalLM

    from logicforge.train.runs import load_tokenizer

    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.bfloat16 if device == "cuda" and torch.cuda.is_bf16_supported() else torch.float32
    tokenizer = load_tokenizer(model_path, padding_side="left")  # generation continues from the right edge
    model = AutoModelForCausalLM.from_pretrained(model_path, dtype=dtype).to(device).eval()
    torch.manual_seed(seed)
    sampling = {"do_sample": False}
    if temperature > 0:
        sampling = {"do_sample": True, "temperature": temperature, "top_p": top_p}
    out: list[list[str]] = []
    for start in range(0, len(prompts), batch_size):
        # a string is a plain-style prompt: it goes to the model as it is, without the chat template
        texts = [p if isinstance(p, str) else tokenizer.apply_chat_template(p, tokenize=False,
                                                                            add_generation_prompt=True)
                 for p in prompts[start : start + batch_size]]
        enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(device)
        # Greedy decoding gives one answer per prompt (transformers refuses num_return_sequences > 1
        # without sampling): decode once and repeat it k times, so pass@k at temperature 0 is pass@1.
        copies = k if temperature > 0 else 1
        with torch.no_grad():
            ids = model.generate(**enc, max_new_tokens=max_new_tokens, num_return_sequences=copies,
                                 pad_token_id=tokenizer.pad_token_id, **sampling)
        decoded = tokenizer.batch_decode(ids[:, enc["input_ids"].shape[1]:], skip_special_tokens=True)
        out.extend(decoded[i : i + copies] * (k // copies) for i in range(0, len(decoded), copies))
        if progress is not None:
            progress(len(texts))
    return out


def _sample_vllm(model_path, prompts, k, max_new_tokens, temperature, top_p, seed):
    from vllm import LLM, SamplingParams  # only reached when vllm is installed and a GPU is present

    llm = LLM(model=model_path, seed=seed)  # the engine seed; a per-request seed is left out so the n samples differ
    try:
        params = SamplingParams(n=k, temperature=temperature, top_p=top_p, max_tokens=max_new_tokens)
        if prompts and isinstance(prompts[0], str):  # plain-style prompts: no chat template
            results = llm.generate(prompts, params)
        else:
            results = llm.chat(prompts, params, add_generation_prompt=True)
        return [[o.text for o in r.outputs] for r in results]
    finally:
        shutdown = getattr(getattr(llm, "llm_engine", None), "shutdown", None)
        if callable(shutdown):
            shutdown()
        del llm
        _release_gpu_memory()


def _release_gpu_memory() -> None:
    """Free a dropped vLLM engine's GPU memory, so that evaluations in one process (the trials of a mixture
    search) do not stack engines until the GPU is full."""
    import gc

    gc.collect()
    torch = require("torch")
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
