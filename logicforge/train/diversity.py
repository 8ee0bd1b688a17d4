"""Keeping diversity in GRPO: a divergence to the initial policy estimated from its own samples (DPH-RL),
and DAPO-style dynamic sampling (groups whose rewards are all equal carry no signal and are dropped).

TRL's `beta` adds the reverse KL, KL(pi_theta || pi_ref), estimated on the policy's own rollouts with an
online reference model. Reverse KL is mode-seeking: it lets the policy collapse onto one answer, and
pass@k falls while pass@1 rises. DPH-RL (Diversity-Preserving Hybrid RL) uses mass-covering
divergences instead, forward KL(pi_ref || pi_theta) and Jensen-Shannon, estimated on samples drawn
from the initial policy once, before training, with their log-probabilities under it stored; no
reference model is kept in memory. With r = log pi_ref(y_t) - log pi_theta(y_t) per completion token
of a stored sample, the per-token terms are

- forward KL: r (its gradient raises the current policy's probability of what the initial one said);
- Jensen-Shannon: (r - (1 + e^-r) (softplus(r) - log 2)) / 2, the generator form of JS(P || Q) written as
  an expectation under P = pi_ref (zero where the policies agree).

Both are averaged over tokens and added to the GRPO loss with weight `diversity.coef`.
"""

from __future__ import annotations

import math

import numpy as np

KINDS = ("none", "forward_kl", "js")
_CLAMP = 10.0  # |log-ratio| bound per token: e^10 keeps the JS weight finite when the policies drift far


def divergence_terms(r, kind: str):
    """Per-token divergence terms from log-ratios `r` = log pi_ref - log pi_theta (a torch tensor).

    >>> import torch
    >>> divergence_terms(torch.zeros(3), "js").tolist(), divergence_terms(torch.tensor([0.5]), "forward_kl").tolist()
    ([0.0, 0.0, 0.0], [0.5])
    """
    import torch
    import torch.nn.functional as F

    r = r.clamp(-_CLAMP, _CLAMP)
    if kind == "forward_kl":
        return r
    if kind == "js":
        return 0.5 * (r - (1.0 + torch.exp(-r)) * (F.softplus(r) - math.log(2.0)))
    raise ValueError(f"unknown divergence {kind!r}; choose one of {', '.join(KINDS)}")


def flat_groups(advantages, group: int):
    """A boolean per completion: True where its whole GRPO group has zero advantage (all rewards equal).

    The rows of a generation batch hold whole groups in order (`num_generations` copies of a prompt in a
    row); where they do not divide evenly, a completion is judged alone.

    >>> import torch
    >>> flat_groups(torch.tensor([0.0, 0.0, 1.0, -1.0]), 2).tolist()
    [True, True, False, False]
    """
    zero = advantages.abs() < 1e-8
    if group < 2 or advantages.numel() % group:
        return zero
    return zero.view(-1, group).all(dim=1).repeat_interleave(group)


def trainer_class(base):
    """`base` (a GRPOTrainer class) with the two options: `diversity` (a `DiversityConfig`) and
    `dynamic_sampling` (bool). With both off it behaves exactly as `base`."""
    import torch

    class DiversityGRPOTrainer(base):
        def __init__(self, *args, diversity=None, dynamic_sampling: bool = False, **kwargs):
            super().__init__(*args, **kwargs)
            self.diversity = diversity if diversity is not None and diversity.kind != "none" else None
            self.dynamic_sampling = dynamic_sampling
            self._reference_pool: list[dict] = []
            self._pool_cursor = 0
            if self.diversity is not None:
                self._reference_pool = sample_reference_pool(self)

        # -- DAPO dynamic sampling: groups with equal rewards leave the loss (and its token count) ----------

        def _generate_and_score_completions(self, inputs):
            output = super()._generate_and_score_completions(inputs)
            if self.dynamic_sampling and self.model.training:
                flat = flat_groups(output["advantages"], self.num_generations)
                mask = output["completion_mask"]
                output["completion_mask"] = mask * (~flat).to(mask.dtype).unsqueeze(1)
                output["num_items_in_batch"] = self.accelerator.gather(output["completion_mask"].sum()).sum()
                kept = 1.0 - flat.float().mean().item()
                self._metrics["train"]["dynamic_sampling/kept_share"].append(kept)
            return output

        # -- the divergence to the initial policy, on its stored samples --------------------------------

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            loss = super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            if self.diversity is None or not self._reference_pool or not model.training:
                return loss
            term = self._divergence(model)
            self._metrics["train"][f"diversity/{self.diversity.kind}"].append(term.item())
            return loss + self.diversity.coef * term

        def _divergence(self, model):
            pool, size = self._reference_pool, self.diversity.batch
            picked = [pool[(self._pool_cursor + i) % len(pool)] for i in range(min(size, len(pool)))]
            self._pool_cursor = (self._pool_cursor + size) % len(pool)
            ids, attention, targets, ref, mask = _pad(picked, self.processing_class.pad_token_id, model.device)
            logits = model(input_ids=ids, attention_mask=attention).logits[:, :-1].float()
            logps = torch.log_softmax(logits, dim=-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
            terms = divergence_terms(ref - logps, self.diversity.kind)
            return (terms * mask).sum() / mask.sum().clamp(min=1.0)

    return DiversityGRPOTrainer


def sample_reference_pool(trainer) -> list[dict]:
    """Completions of the initial policy for `diversity.pool` training prompts (seeded), each with the
    per-token log-probabilities the initial policy gave it: the samples the divergence is estimated on."""
    import torch

    cfg, tokenizer, model = trainer.diversity, trainer.processing_class, trainer.model
    data = trainer.train_dataset
    rng = np.random.default_rng(trainer.args.seed)
    picks = rng.choice(len(data), size=min(cfg.pool, len(data)), replace=False).tolist()
    pool = []
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for start in range(0, len(picks), 8):
            prompts = [data[i]["prompt"] for i in picks[start : start + 8]]
            texts = [p if isinstance(p, str) else tokenizer.apply_chat_template(p, tokenize=False,
                                                                                add_generation_prompt=True)
                     for p in prompts]
            side, tokenizer.padding_side = tokenizer.padding_side, "left"
            enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
            tokenizer.padding_side = side
            torch.manual_seed(trainer.args.seed + start)
            out = model.generate(**enc, do_sample=True, temperature=trainer.args.temperature,
                                 max_new_tokens=trainer.args.max_completion_length,
                                 pad_token_id=tokenizer.pad_token_id)
            width = enc["input_ids"].shape[1]
            for row in range(out.shape[0]):
                prompt_ids = enc["input_ids"][row][enc["attention_mask"][row].bool()].tolist()
                completion = out[row, width:].tolist()
                if tokenizer.eos_token_id in completion:
                    completion = completion[: completion.index(tokenizer.eos_token_id) + 1]
                if completion:
                    pool.append({"ids": prompt_ids + completion, "start": len(prompt_ids)})
        for start in range(0, len(pool), 8):  # the initial policy's log-probabilities of its own tokens
            chunk = pool[start : start + 8]
            ids, attention, targets, _, mask = _pad(chunk, tokenizer.pad_token_id, model.device)
            logits = model(input_ids=ids, attention_mask=attention).logits[:, :-1].float()
            logps = torch.log_softmax(logits, dim=-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
            for item, row, m in zip(chunk, logps, mask):
                item["ref"] = row[m.bool()].cpu()
    if was_training:
        model.train()
    return pool


def _pad(items: list[dict], pad_id: int, device):
    """Right-padded ids, attention, next-token targets, stored reference log-probs and the completion mask
    (1 on the positions that predict a completion token)."""
    import torch

    width = max(len(it["ids"]) for it in items)
    ids = torch.full((len(items), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(items), width), dtype=torch.long)
    mask = torch.zeros((len(items), width - 1))
    ref = torch.zeros((len(items), width - 1))
    for i, it in enumerate(items):
        n = len(it["ids"])
        ids[i, :n] = torch.tensor(it["ids"])
        attention[i, :n] = 1
        mask[i, it["start"] - 1 : n - 1] = 1.0
        if "ref" in it:
            ref[i, it["start"] - 1 : n - 1] = it["ref"]
    return ids.to(device), attention.to(device), ids[:, 1:].to(device), ref.to(device), mask.to(device)
