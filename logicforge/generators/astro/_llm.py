"""Sampling engines for the LLM policy: transformers `generate` on any device, vLLM on a GPU (lazy imports)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_HINT = "the llm policy needs torch and transformers: pip install 'logicforge[train]'"


def vllm_usable() -> bool:
    """vLLM is installed and a CUDA GPU is visible."""
    if importlib.util.find_spec("vllm") is None or importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())


def check_dir(path: str) -> None:
    """ValueError unless `path` is an existing directory (models are never downloaded)."""
    if not path or not Path(path).is_dir():
        raise ValueError(f"model directory {path!r} not found (the llm policy loads local models only)")


def _chat_text(tokenizer, prompt: str) -> str:
    """The prompt as the model's chat turn when it has a chat template, else the raw text."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template([{"role": "user", "content": prompt}], tokenize=False,
                                             add_generation_prompt=True)
    return prompt


class TransformersEngine:
    """`model.generate` with sampling; log-probs from `compute_transition_scores`, length-normalised."""

    def __init__(self, path: str):
        check_dir(path)
        try:
            import torch
            import transformers
        except ImportError:
            raise ValueError(_HINT) from None
        self.torch = torch
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = transformers.AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
        self.model.eval()
        self.calls = 0

    def sample(self, prompt: str, k: int, max_new_tokens: int, temperature: float,
               seed: int) -> list[tuple[str, float]]:
        """`k` sampled continuations of `prompt` as (text, mean token log-prob)."""
        torch, tok = self.torch, self.tokenizer
        self.calls += 1
        torch.manual_seed(seed)
        inputs = tok(_chat_text(tok, prompt), return_tensors="pt", add_special_tokens=False)
        pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
        with torch.no_grad():
            out = self.model.generate(
                **inputs, do_sample=True, temperature=max(temperature, 1e-4), max_new_tokens=max_new_tokens,
                num_return_sequences=k, return_dict_in_generate=True, output_scores=True, pad_token_id=pad,
                stop_strings=["\n"], tokenizer=tok)
        scores = self.model.compute_transition_scores(out.sequences, out.scores, normalize_logits=True)
        generated = out.sequences[:, inputs["input_ids"].shape[1]:]
        samples = []
        for ids, logps in zip(generated, scores):
            keep = ids != pad if pad is not None else torch.ones_like(ids, dtype=torch.bool)
            kept = logps[keep]
            finite = kept[torch.isfinite(kept)]
            mean = float(finite.mean()) if finite.numel() else -1e9
            samples.append((tok.decode(ids[keep], skip_special_tokens=True), mean))
        return samples


class VLLMEngine:
    """vLLM offline sampling (GPU only); stops each sample at the end of its first line."""

    def __init__(self, path: str):
        check_dir(path)
        try:
            import vllm
        except ImportError:
            raise ValueError("the vllm backend needs vllm on a GPU machine: pip install 'logicforge[vllm]'") from None
        self.vllm = vllm
        self.llm = vllm.LLM(model=path, seed=0)
        self.calls = 0

    def sample(self, prompt: str, k: int, max_new_tokens: int, temperature: float,
               seed: int) -> list[tuple[str, float]]:
        """`k` sampled continuations of `prompt` as (text, mean token log-prob)."""
        self.calls += 1
        params = self.vllm.SamplingParams(n=k, temperature=temperature, max_tokens=max_new_tokens, stop=["\n"],
                                          seed=seed, logprobs=0)
        text = _chat_text(self.llm.get_tokenizer(), prompt)
        outputs = self.llm.generate([text], params, use_tqdm=False)[0].outputs
        return [(o.text, (o.cumulative_logprob or 0.0) / max(1, len(o.token_ids))) for o in outputs]
