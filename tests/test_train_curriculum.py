"""The level curriculum: when levels move, where they stop, and the sampler's RepeatSampler-shaped order."""

from __future__ import annotations

import pytest

from logicforge.train.config import CurriculumConfig
from logicforge.train.curriculum import Curriculum, CurriculumSampler, Relevel, restore, save


def cfg(**kw) -> CurriculumConfig:
    base = dict(enabled=True, window=2, raise_above=0.8, lower_below=0.2)
    return CurriculumConfig(**{**base, **kw})


def test_levels_move_one_step_after_a_full_window():
    cur = Curriculum({"a": [1, 2, 3], "b": [1, 2, 3]}, cfg())
    assert cur.observe(1, {"a": 0.9, "b": 0.5}) == []  # the window is not full yet
    changes = cur.observe(2, {"a": 1.0, "b": 0.5})
    assert changes == [{"step": 2, "task": "a", "from": 1, "to": 2, "accuracy": pytest.approx(0.95)}]
    assert cur.levels == {"a": 2, "b": 1}
    assert cur.observe(3, {"a": 1.0}) == []  # the window restarted at the new level
    cur.observe(4, {"a": 0.1})
    assert cur.levels["a"] == 2  # mean 0.55: stay
    cur.observe(5, {"a": 0.0})
    cur.observe(6, {"a": 0.1})
    assert cur.levels["a"] == 1 and [c["to"] for c in cur.schedule] == [2, 1]


def test_levels_stop_at_the_ends_and_skip_missing_levels():
    cur = Curriculum({"a": [1, 3, 7, 9]}, cfg(window=1, max_level=7))
    for step in range(1, 6):
        cur.observe(step, {"a": 1.0})
    assert cur.levels["a"] == 7 and [c["to"] for c in cur.schedule] == [3, 7]  # 9 is above max_level
    for step in range(6, 10):
        cur.observe(step, {"a": 0.0})
    assert cur.levels["a"] == 1


def test_start_level_is_the_closest_available_and_bad_ranges_fail():
    assert Curriculum({"a": [1, 4, 6]}, cfg(start_level=5)).levels == {"a": 4}  # ties go down
    with pytest.raises(ValueError, match="no rows with levels in"):
        Curriculum({"a": [9]}, cfg(max_level=5))


def test_unknown_tasks_and_missing_values_are_ignored():
    cur = Curriculum({"a": [1, 2]}, cfg(window=1))
    assert cur.observe(1, {"zzz": 1.0, "a": None}) == [] and cur.levels == {"a": 1}


def test_state_round_trips_through_a_checkpoint(tmp_path):
    cur = Curriculum({"a": [1, 2, 3]}, cfg(window=1))
    cur.observe(1, {"a": 1.0})
    save(cur, tmp_path)
    fresh = Curriculum({"a": [1, 2, 3]}, cfg(window=1))
    assert restore(fresh, tmp_path) and fresh.levels == {"a": 2} and fresh.schedule == cur.schedule
    assert not restore(fresh, tmp_path / "none") and not restore(fresh, None)


def rows():
    """Two tasks x two levels, 4 rows each: index -> (task, level)."""
    tasks, levels = [], []
    for task in ("a", "b"):
        for level in (1, 2):
            tasks += [task] * 4
            levels += [level] * 4
    return tasks, levels


def test_sampler_yields_groups_like_repeat_sampler():
    tasks, levels = rows()
    sampler = CurriculumSampler(tasks, {"a": 0.5, "b": 0.5}, mini_repeat_count=3, batch_size=2, repeat_count=2, seed=0)
    out = list(sampler)
    assert len(out) == len(sampler) == (16 // 2) * 2 * 3 * 2
    for start in range(0, len(out), 12):  # one generation batch: 2 prompts x 3 repeats, the whole batch twice
        block = out[start : start + 12]
        assert block[:6] == block[6:]
        assert block[0] == block[1] == block[2] and block[3] == block[4] == block[5]


def test_sampler_respects_weights_and_uses_a_task_up_before_repeating():
    tasks, _ = rows()
    sampler = CurriculumSampler(tasks, {"a": 1.0}, mini_repeat_count=1, batch_size=2, repeat_count=1, seed=3)
    out = list(sampler)
    assert all(tasks[i] == "a" for i in out) and sorted(out[:8]) == list(range(8)) == sorted(out[8:])


def test_a_level_change_applies_to_the_next_generation_not_a_batch_later():
    """Regression: the sampler read the level when the data loader prefetched a batch, so a change logged at
    step 2 took effect at step 4. Rows are now placed at the current level when completions are generated."""
    tasks, levels = rows()
    cur = Curriculum({"a": [1, 2], "b": [1, 2]}, cfg(window=1))
    sampler = CurriculumSampler(tasks, {"a": 1.0}, mini_repeat_count=1, batch_size=2, repeat_count=1, seed=3)
    relevel = Relevel(tasks, levels, cur, seed=3)
    drawn = iter(sampler)
    prefetched = [next(drawn) for _ in range(4)]  # the loader is a batch ahead of training
    assert [levels[relevel.index(i)] for i in prefetched[:2]] == [1, 1]
    cur.observe(1, {"a": 1.0})  # logged after the first generation: level 2 from now on
    assert cur.level("a") == 2
    placed = [relevel.index(i) for i in prefetched[2:] + list(drawn)]
    assert all(levels[j] == 2 and tasks[j] == "a" for j in placed)
    first_pass = [relevel.index(i) for i in range(4)]  # the rows of task a in their fixed order: positions 0..3
    assert sorted(first_pass) == [4, 5, 6, 7]  # a pool is used up before any row repeats


def test_relevel_gives_every_copy_of_a_row_the_same_row():
    tasks, levels = rows()
    cur = Curriculum({"a": [1, 2], "b": [1, 2]}, cfg())
    cur.levels["b"] = 2
    relevel = Relevel(tasks, levels, cur, seed=0)
    assert all(relevel.index(i) == Relevel(tasks, levels, cur, seed=0).index(i) for i in range(16))
    assert {tasks[relevel.index(i)] for i in range(8)} == {"a"} and {levels[relevel.index(i)] for i in range(8, 16)} == {2}


def test_accuracy_measured_on_the_old_level_stays_out_of_the_new_window():
    """Regression: completions generated before a level change were logged after it and counted for the new level."""
    cur = Curriculum({"a": [1, 2, 3]}, cfg(window=2))
    cur.observe(1, {"a": 1.0}, {"a": 1.0})
    cur.observe(2, {"a": 1.0}, {"a": 1.0})
    assert cur.level("a") == 2
    assert cur.observe(3, {"a": 1.0}, {"a": 1.5}) == [] and cur.windows["a"] == []  # mixed levels: left out
    assert cur.observe(4, {"a": 1.0}, {"a": 1.0}) == [] and cur.windows["a"] == []  # the old level: left out
    cur.observe(5, {"a": 1.0}, {"a": 2.0})
    assert cur.windows["a"] == [1.0]
