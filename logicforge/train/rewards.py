"""Verifiers as TRL reward functions: one per task (None for other tasks' rows) plus a format reward.

TRL calls each reward function as `f(prompts=..., completions=..., completion_ids=..., **columns)`, where
the columns are the dataset's (`task`, `payload`, `level`, ...) repeated per completion, plus
`log_extra` / `log_metric` callbacks. Rewards here are callable class instances, not closures, so they
pickle (TRL's async rollout workers run reward functions in a spawned child process) and hold no
mutable state, so they are thread-safe.
"""

from __future__ import annotations

from logicforge.tasks import get_task
from logicforge.verifiers.extract import extract_answer


def completion_text(completion: object) -> str:
    """The text of a completion, plain (`str`) or conversational (`[{"role": "assistant", ...}]`).

    >>> completion_text([{"role": "assistant", "content": "<answer>1</answer>"}])
    '<answer>1</answer>'
    >>> completion_text("plain")
    'plain'
    """
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return str(completion.get("content") or "")
    if isinstance(completion, (list, tuple)):
        # The assistant turn(s) the model produced; tool turns or several messages are joined in order.
        return "".join(completion_text(m) for m in completion if not isinstance(m, dict) or m.get("role") != "user")
    return ""


class TaskReward:
    """The verifier of one task as a reward: its Verdict score on its own rows, None on every other row.

    Logs `task/<name>/reward`, `task/<name>/accuracy` and `task/<name>/level` (means over its rows in
    the batch) with `log_metric`, and the verdict reasons as the completions-table column
    `reason/<name>` with `log_extra`.

    >>> reward = TaskReward("word_sorting")
    >>> payload = '{"alphabet": "abcdefghijklmnopqrstuvwxyz", "words": ["b", "a"], "descending": false}'
    >>> reward(["<answer>a, b</answer>", "<answer>b, a</answer>", "x"], task=["word_sorting"] * 2 + ["other"],
    ...        payload=[payload] * 3)
    [1.0, 0.0, None]
    """

    def __init__(self, task: str):
        get_task(task)  # fail early on an unknown name
        self.task = task
        self.__name__ = task  # TRL names the reward after this: `rewards/<task>/mean`

    def __call__(self, completions, task, payload, **kwargs) -> list[float | None]:
        verifier = get_task(self.task)
        rewards: list[float | None] = []
        reasons: list[str | None] = []
        correct = []
        for completion, row_task, row_payload in zip(completions, task, payload, strict=True):
            if row_task != self.task:
                rewards.append(None)
                reasons.append(None)
                continue
            verdict = verifier.verify(row_payload, completion_text(completion))
            rewards.append(verdict.score)
            reasons.append(verdict.reason)
            correct.append(verdict.correct)
        self._log(kwargs, rewards, reasons, correct)
        return rewards

    def _log(self, kwargs: dict, rewards: list, reasons: list, correct: list) -> None:
        log_extra, log_metric = kwargs.get("log_extra"), kwargs.get("log_metric")
        if log_extra is not None:
            # Logged on every call, even with no rows of this task: TRL keeps each column in a deque
            # as long as one batch, and a skipped step would leave the last batch's reasons in place.
            log_extra(f"reason/{self.task}", reasons)
        if log_metric is not None and correct:  # no rows of this task: no metric rather than a misleading 0
            own = [r for r in rewards if r is not None]
            log_metric(f"task/{self.task}/reward", sum(own) / len(own))
            log_metric(f"task/{self.task}/accuracy", sum(correct) / len(correct))
            levels = [lvl for lvl, r in zip(kwargs.get("level") or [], rewards) if r is not None]
            if levels:
                log_metric(f"task/{self.task}/level", sum(levels) / len(levels))

    def __repr__(self) -> str:
        return f"TaskReward({self.task!r})"


def check_format(text: str, require_think: bool = False) -> tuple[float, str]:
    """Score the layout of a response: (1.0, "ok"), (0.5, reason) for a usable answer laid out badly, or (0.0, reason).

    Full marks need one `<answer>...</answer>` block that the shared extractor accepts, nothing after
    it, and (when `require_think`) one non-empty `<think>...</think>` before it.

    >>> check_format("<answer>1</answer>")
    (1.0, 'ok')
    >>> check_format("<answer>1</answer>", require_think=True)
    (0.5, 'no_think')
    >>> check_format("<think>a</think><answer>1</answer>", require_think=True)
    (1.0, 'ok')
    >>> check_format("<answer>1</answer> more")
    (0.5, 'text_after_answer')
    >>> check_format("<answer>1</answer><answer>1</answer>")
    (0.5, 'repeated_tags')
    >>> check_format("<answer>1</answer></answer>")
    (0.0, 'malformed_answer')
    >>> check_format("<think>a</think>")
    (0.0, 'no_answer')
    """
    answer, reason = extract_answer(text)
    if answer is None:
        return 0.0, reason
    lowered = text.lower()
    if lowered.count("<answer>") != 1 or lowered.count("</answer>") != 1:
        return 0.5, "repeated_tags"
    if lowered[lowered.rfind("</answer>") + len("</answer>"):].strip():
        return 0.5, "text_after_answer"
    if require_think and not _thinks_first(lowered):
        return 0.5, "no_think"
    return 1.0, "ok"


def _thinks_first(lowered: str) -> bool:
    """One non-empty think block opens the response and only whitespace sits between it and the answer.

    Plain string search rather than a regex: linear time on megabytes of hostile text.
    """
    if lowered.count("<think>") != 1 or lowered.count("</think>") != 1:
        return False
    start, end, answer = lowered.find("<think>"), lowered.find("</think>"), lowered.find("<answer>")
    return (not lowered[:start].strip() and start < end < answer and bool(lowered[start + 7 : end].strip())
            and not lowered[end + 8 : answer].strip())


def requires_think(style: str) -> bool:
    """Whether the format reward of data in prompt `style` wants `<think>...</think>` before the answer: the r1
    style's system prompt asks for it; default and plain prompts ask only for an `<answer>` block.

    >>> requires_think("r1"), requires_think("default"), requires_think("plain")
    (True, False, False)
    """
    from logicforge.tasks.prompts import check_style

    return check_style(style) == "r1"


class FormatReward:
    """Reward for the think/answer layout on every row (see `check_format`); logs `format/ok` and reasons.

    >>> FormatReward()(["<think>x</think><answer>1</answer>", [{"role": "assistant", "content": "?"}]])
    [1.0, 0.0]
    """

    __name__ = "format"

    def __init__(self, require_think: bool = False):
        self.require_think = require_think

    def __call__(self, completions, **kwargs) -> list[float | None]:
        checked = [check_format(completion_text(c), self.require_think) for c in completions]
        if kwargs.get("log_extra") is not None:
            kwargs["log_extra"]("reason/format", [reason for _, reason in checked])
        if kwargs.get("log_metric") is not None and checked:
            kwargs["log_metric"]("format/ok", sum(score == 1.0 for score, _ in checked) / len(checked))
        return [score for score, _ in checked]

    def __repr__(self) -> str:
        return f"FormatReward(require_think={self.require_think})"


def reward_functions(tasks, task_weights: dict[str, float] | None = None, format_weight: float = 0.0,
                     require_think: bool = False) -> tuple[list, list[float]]:
    """One `TaskReward` per task (reward weight from `task_weights`, default 1.0) plus the format reward
    when `format_weight` > 0; returns `(reward_funcs, reward_weights)` for `GRPOConfig`/`GRPOTrainer`.

    >>> funcs, weights = reward_functions(["word_sorting"], format_weight=0.2)
    >>> [f.__name__ for f in funcs], weights
    (['word_sorting', 'format'], [1.0, 0.2])
    """
    task_weights = dict(task_weights or {})
    unknown = set(task_weights) - set(tasks)
    if unknown:
        raise ValueError(f"reward weight given for task(s) not in the data: {', '.join(sorted(unknown))}")
    funcs: list = [TaskReward(t) for t in tasks]
    weights = [float(task_weights.get(t, 1.0)) for t in tasks]
    if format_weight > 0:
        funcs.append(FormatReward(require_think))
        weights.append(float(format_weight))
    return funcs, weights
