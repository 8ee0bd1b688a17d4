"""Verifier rewards for TRL: routing by task (score / 0 / None), plain and chat completions, format cases,
logging hooks, pickling and thread safety. Pure Python: no torch needed."""

from __future__ import annotations

import json
import pickle
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from logicforge.tasks import get_task
from logicforge.train.rewards import FormatReward, TaskReward, check_format, completion_text, reward_functions

from train_helpers import pick_tasks


def instance(task: str, index: int = 0) -> tuple[str, str]:
    """(payload JSON, reference answer) of one level-1 item."""
    t = get_task(task)
    inst = t.generate(t.params(1), 11, index)
    return json.dumps(inst.payload), inst.answer


def chat(text: str) -> list[dict]:
    return [{"role": "assistant", "content": text}]


@pytest.mark.parametrize("as_chat", [False, True], ids=["plain", "chat"])
def test_task_reward_routes_rows_by_task(as_chat):
    tasks = pick_tasks(2)
    other = tasks[1] if len(tasks) > 1 else "some_other_task"
    payload, answer = instance("word_sorting")
    wrap = chat if as_chat else (lambda x: x)
    completions = [wrap(f"<think>sorting</think><answer>{answer}</answer>"),  # right
                   wrap("<answer>zzz, aaa</answer>"),  # wrong
                   wrap("no tags at all"),  # unanswered
                   wrap(f"<answer>{answer}</answer>")]  # another task's row: not ours to score
    rows_task = ["word_sorting"] * 3 + [other]
    rewards = TaskReward("word_sorting")(completions, task=rows_task, payload=[payload] * 4)
    assert rewards == [1.0, 0.0, 0.0, None]


def test_each_task_scores_only_its_own_rows():
    tasks = pick_tasks(3)
    if len(tasks) < 2:
        pytest.skip("needs a second registered task")
    items = [(t, *instance(t)) for t in tasks]
    completions = [f"<answer>{answer}</answer>" for _, _, answer in items]
    for i, (name, _, _) in enumerate(items):
        rewards = TaskReward(name)(completions, task=[t for t, _, _ in items], payload=[p for _, p, _ in items])
        assert rewards[i] == 1.0
        assert all(r is None for j, r in enumerate(rewards) if j != i)


def test_reward_logs_reasons_and_per_task_metrics():
    payload, answer = instance("word_sorting")
    extra, metrics = {}, {}
    rewards = TaskReward("word_sorting")(
        [f"<answer>{answer}</answer>", "<answer>x</answer>", "nothing", "?"],
        task=["word_sorting"] * 3 + ["elsewhere"], payload=[payload] * 4, level=[2, 2, 4, 9],
        log_extra=lambda col, vals: extra.setdefault(col, vals), log_metric=lambda k, v: metrics.setdefault(k, v))
    assert rewards[:3] == [1.0, 0.0, 0.0] and rewards[3] is None
    reasons = extra["reason/word_sorting"]
    assert len(reasons) == 4 and reasons[0] == "ok" and reasons[2] == "no_answer" and reasons[3] is None
    assert metrics == {"task/word_sorting/reward": pytest.approx(1 / 3), "task/word_sorting/accuracy": pytest.approx(1 / 3),
                       "task/word_sorting/level": pytest.approx(8 / 3)}


def test_no_metric_but_an_aligned_reason_column_when_the_task_has_no_rows():
    metrics, extra = [], []
    rewards = TaskReward("word_sorting")(["a", "b"], task=["other"] * 2, payload=["{}"] * 2,
                                         log_metric=lambda *a: metrics.append(a), log_extra=lambda *a: extra.append(a))
    assert rewards == [None, None] and metrics == []
    assert extra == [("reason/word_sorting", [None, None])]  # one value per row keeps TRL's table aligned


def test_reward_never_raises_on_bad_payload_or_completion():
    rewards = TaskReward("word_sorting")([None, 42, [{"role": "assistant"}], "<answer>a</answer>"],
                                         task=["word_sorting"] * 4, payload=["{not json", "{}", "{}", "{}"])
    assert rewards == [0.0, 0.0, 0.0, 0.0]


FORMAT_CASES = [
    # (response, require_think, expected score, expected reason)
    ("<answer>a, b</answer>", False, 1.0, "ok"),
    ("  <answer>a</answer>\n", False, 1.0, "ok"),  # surrounding whitespace is fine
    ("<think>plan</think>\n<answer>a</answer>", True, 1.0, "ok"),
    ("<answer>a</answer>", True, 0.5, "no_think"),  # think block required but missing
    ("<think> </think><answer>a</answer>", True, 0.5, "no_think"),  # an empty think is no thinking
    ("<think>a</think><think>b</think><answer>c</answer>", True, 0.5, "no_think"),  # two think blocks
    ("preamble <think>a</think><answer>c</answer>", True, 0.5, "no_think"),  # think must come first
    ("<answer>a</answer> and more", False, 0.5, "text_after_answer"),
    ("<answer>a</answer></answer>", False, 0.0, "malformed_answer"),  # a stray closing tag
    ("<answer>a</answer><answer>a</answer>", False, 0.5, "repeated_tags"),  # the same answer twice
    ("<answer>a</answer><answer>b</answer>", False, 0.0, "multiple_answers"),  # a hedge
    ("<answer>a", False, 0.0, "no_answer"),  # truncated before the close tag
    ("<answer></answer>", False, 0.0, "empty_answer"),
    ("<think>only thinking</think>", True, 0.0, "no_answer"),
    ("", False, 0.0, "no_answer"),
]


@pytest.mark.parametrize("text,think,score,reason", FORMAT_CASES)
def test_format_cases(text, think, score, reason):
    assert check_format(text, require_think=think) == (score, reason)


def test_format_reward_on_plain_and_chat_completions_logs_reasons():
    extra, metrics = {}, {}
    reward = FormatReward()
    out = reward(["<answer>1</answer>", chat("<answer>1</answer> tail"), chat("none")],
                 log_extra=lambda c, v: extra.setdefault(c, v), log_metric=lambda k, v: metrics.setdefault(k, v))
    assert out == [1.0, 0.5, 0.0]
    assert extra["reason/format"] == ["ok", "text_after_answer", "no_answer"]
    assert metrics["format/ok"] == pytest.approx(1 / 3)


def test_format_reward_is_linear_on_hostile_input():
    text = "<think>" + "a" * 2_000_000 + "</think>x<answer>1</answer>"
    start = time.perf_counter()
    assert check_format(text, require_think=True) == (0.5, "no_think")
    assert time.perf_counter() - start < 1.0


def test_completion_text_forms():
    assert completion_text("plain") == "plain"
    assert completion_text(chat("x")) == "x"
    assert completion_text([{"role": "assistant", "content": "a"}, {"role": "assistant", "content": "b"}]) == "ab"
    assert completion_text(None) == ""


def test_rewards_pickle_and_keep_their_names():
    funcs, weights = reward_functions(["word_sorting"], {"word_sorting": 2.0}, format_weight=0.3, require_think=True)
    assert [f.__name__ for f in funcs] == ["word_sorting", "format"] and weights == [2.0, 0.3]
    payload, answer = instance("word_sorting")
    for f in funcs:
        clone = pickle.loads(pickle.dumps(f))
        assert clone.__name__ == f.__name__
        args = dict(task=["word_sorting"], payload=[payload])
        assert clone([f"<think>t</think><answer>{answer}</answer>"], **args) == [1.0]
    assert pickle.loads(pickle.dumps(funcs[1])).require_think is True


def test_reward_functions_reject_weights_for_absent_tasks_and_unknown_tasks():
    with pytest.raises(ValueError, match="not in the data"):
        reward_functions(["word_sorting"], {"sudoku_x": 1.0})
    with pytest.raises(ValueError, match="unknown task"):
        TaskReward("no_such_task")
    funcs, _ = reward_functions(["word_sorting"], format_weight=0.0)
    assert len(funcs) == 1


def test_thread_safe_under_concurrent_calls():
    items = [instance("word_sorting", i) for i in range(16)]
    completions = [f"<answer>{a}</answer>" if i % 2 else "<answer>x</answer>" for i, (_, a) in enumerate(items)]
    payloads = [p for p, _ in items]
    reward = TaskReward("word_sorting")
    expected = reward(completions, task=["word_sorting"] * 16, payload=payloads)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: reward(completions, task=["word_sorting"] * 16, payload=payloads), range(16)))
    assert all(r == expected for r in results) and expected == [float(i % 2) for i in range(16)]
