"""Step proposers for the search: a noisy scripted solver, uniform random legal steps, and an LLM."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from logicforge.generators.astro.env import State, Step, StepEnv, log_uniform

POLICIES = ("scripted", "random", "llm")


@dataclass(frozen=True)
class Proposal:
    """A legal step the policy proposed, with its (length-normalised) log-probability."""

    step: Step
    logprob: float


@dataclass
class Policy:
    """Base policy: `propose` returns only legal steps, falling back to uniform legal steps.

    A proposal that does not parse or is illegal in the state is discarded and counted. When none is
    left, `propose` falls back to steps drawn uniformly from the legal ones (counted in `fallbacks`),
    so a weak model slows the search down but never breaks it.
    """

    name = "policy"
    needs_history = False
    tracks_own = False  # remember which steps the policy proposed itself (where fallbacks are likely)
    counts: dict[str, int] = field(default_factory=lambda: {"proposed": 0, "discarded": 0, "fallbacks": 0})
    own: set = field(default_factory=set, repr=False)  # (state, step) pairs proposed by the policy itself

    def propose(self, env: StepEnv, state: State, history: list[str], k: int,
                rng: np.random.Generator) -> list[Proposal]:
        """Up to `k` legal proposals (duplicates allowed; the search merges them)."""
        got = self._propose(env, state, history, k, rng)
        self.counts["proposed"] += k
        if got and self.tracks_own:
            self.own.update((state, p.step) for p in got)
        if not got:
            self.counts["fallbacks"] += 1
            got = RandomPolicy._sample(env, state, k, rng)
        return got

    def forget(self) -> None:
        """Start a new problem: drop the steps remembered for the last one."""
        self.own.clear()

    def own_share(self, pairs: list[tuple[State, Step]]) -> float:
        """The share of `(state, step)` pairs that this policy proposed itself rather than a uniform fallback
        (1.0 for the scripted and random policies, whose proposals are never replaced)."""
        if not self.tracks_own or not pairs:
            return 1.0
        return sum((state, step) in self.own for state, step in pairs) / len(pairs)

    def _propose(self, env, state, history, k, rng) -> list[Proposal]:
        raise NotImplementedError

    def finisher(self) -> Policy | None:
        """A steadier policy that may finish a tree the search left without a correct answer (None: none)."""
        return None


@dataclass
class RandomPolicy(Policy):
    """Uniform over the legal steps."""

    name = "random"

    def _propose(self, env, state, history, k, rng) -> list[Proposal]:
        return self._sample(env, state, k, rng)

    @staticmethod
    def _sample(env: StepEnv, state: State, k: int, rng: np.random.Generator) -> list[Proposal]:
        legal = env.legal_steps(state)
        if not legal:
            return []
        picks = rng.integers(len(legal), size=k)
        return [Proposal(legal[int(i)], log_uniform(len(legal))) for i in picks]


@dataclass
class ScriptedPolicy(Policy):
    """A noisy solver: a step that keeps the puzzle solvable with probability 1 - `noise`, otherwise a
    realistic mistake drawn from the family's `tempting` weights over the other legal steps."""

    noise: float = 0.3
    name = "scripted"

    def __post_init__(self) -> None:
        if not 0.0 <= self.noise <= 1.0:
            raise ValueError(f"policy noise={self.noise!r} must be in [0, 1]")

    def _propose(self, env, state, history, k, rng) -> list[Proposal]:
        good, bad, bad_p = self._split(env, state)
        if not good and not bad:
            return []
        p_good = 0.0 if not good else (1.0 if not bad else 1.0 - self.noise * env.slip(state))
        out = []
        for _ in range(k):
            if rng.random() < p_good:
                out.append(Proposal(good[int(rng.integers(len(good)))], math.log(p_good / len(good))))
            else:
                i = int(rng.choice(len(bad), p=bad_p))
                out.append(Proposal(bad[i], math.log((1.0 - p_good) * bad_p[i])))
        return out

    def finisher(self) -> Policy | None:
        # The same solver without slips: it completes a correct line the search ran out of budget on.
        return ScriptedPolicy(noise=0.0) if self.noise > 0 else None

    def _split(self, env: StepEnv, state: State) -> tuple[list, list, np.ndarray]:
        """(good steps, other steps, mistake probabilities), cached per state on the env."""
        memo = env.__dict__.setdefault("_policy_memo", {})
        got = memo.get(state)
        if got is None:
            legal = env.legal_steps(state)
            good = env.good_steps(state) or env.habit_steps(state)
            chosen = set(good)
            bad = [s for s in legal if s not in chosen]
            weights = np.asarray(env.tempting(state, bad), dtype=float) if bad else np.zeros(0)
            got = (good, bad, weights / weights.sum() if bad else weights)
            memo[state] = got
        return got


@dataclass
class LLMPolicy(Policy):
    """Steps sampled as text from a causal LM and parsed by the family's step grammar.

    transformers `generate` by default; vLLM when it is installed and a GPU is present. The prompt is
    `env.state_prompt(history)` (the puzzle, the grammar, the steps so far); the first line of each
    sample is the proposed step. Sampling is seeded from the search's generator.
    """

    model: str = ""
    max_new_tokens: int = 48
    temperature: float = 1.0
    backend: str = "auto"
    name = "llm"
    needs_history = True
    tracks_own = True
    _engine: Any = field(default=None, repr=False)

    def _propose(self, env, state, history, k, rng) -> list[Proposal]:
        if self._engine is None:
            self._engine = _load_engine(self.model, self.backend)
        prompt = env.state_prompt(history)
        samples = self._engine.sample(prompt, k, self.max_new_tokens, self.temperature, int(rng.integers(2**31)))
        out = []
        for text, logprob in samples:
            line = text.strip().split("\n", 1)[0].strip() if text.strip() else ""
            step = env.parse_step(state, line)
            if step is None:
                self.counts["discarded"] += 1
            else:
                out.append(Proposal(step, logprob))
        return out


def _load_engine(path: str, backend: str):
    """The sampling engine: vLLM on a GPU when installed (or asked for), else transformers."""
    from logicforge.generators.astro import _llm

    if backend not in ("auto", "transformers", "vllm"):
        raise ValueError(f"unknown LLM backend {backend!r}; use auto, transformers or vllm")
    if backend == "vllm" or (backend == "auto" and _llm.vllm_usable()):
        return _llm.VLLMEngine(path)
    return _llm.TransformersEngine(path)


def make_policy(name: str, model: str | None = None, noise: float = 0.3, **llm_kwargs) -> Policy:
    """A policy by name: scripted, random or llm (which needs `model`, a local directory)."""
    if name == "scripted":
        return ScriptedPolicy(noise=noise)
    if name == "random":
        return RandomPolicy()
    if name == "llm":
        if not model:
            raise ValueError("--policy llm needs --model PATH (a local model directory)")
        from logicforge.generators.astro._llm import check_dir

        check_dir(model)
        return LLMPolicy(model=model, **llm_kwargs)
    raise ValueError(f"unknown policy {name!r}; use one of {', '.join(POLICIES)}")
