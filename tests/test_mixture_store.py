"""Trial store: keys, status changes, recovery after a crash (a real kill -9 of a running search), imports."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from logicforge.train.mixture_store import TrialStore, import_results, trial_key

ROOT = Path(__file__).resolve().parents[1]


def test_key_is_canonical_mixture_plus_seed():
    assert trial_key({"a": 1, "b": 1}, 0) == trial_key({"b": 0.5, "a": 0.5}, 0) == "a=0.5,b=0.5@seed=0"
    assert trial_key({"a": 1, "b": 1}, 1) != trial_key({"a": 1, "b": 1}, 0)
    assert trial_key({"a": 0.50001, "b": 0.49999}, 0) == "a=0.5,b=0.5@seed=0"  # equal to 4 decimals


def test_lifecycle_and_idempotent_add(tmp_path):
    with TrialStore(tmp_path / "s.db") as store:
        t = store.add({"a": 1, "b": 3}, seed=0, round=0, config={"steps": 2})
        assert (t.status, t.mixture, t.config) == ("pending", {"a": 0.25, "b": 0.75}, {"steps": 2})
        assert store.add({"a": 0.25, "b": 0.75}, seed=0, round=5).id == t.id  # same key: the same trial
        assert store.add({"a": 0.25, "b": 0.75}, seed=1, round=0).id != t.id
        running = store.claim(t.id)
        assert running.status == "running" and running.started is not None
        with pytest.raises(ValueError, match="not pending"):
            store.claim(t.id)
        done = store.finish(t.id, {"objective": 0.4})
        assert (done.status, done.metrics) == ("done", {"objective": 0.4})
        failed = store.fail(store.claim(store.trials("pending")[0].id).id, "RuntimeError: boom")
        assert (failed.status, failed.error) == ("failed", "RuntimeError: boom")
    with TrialStore(tmp_path / "s.db") as again:  # everything was committed
        assert [t.status for t in again.trials()] == ["done", "failed"]
        assert again.get_meta("tasks") is None
        with pytest.raises(KeyError, match="no trial"):
            again.get(99)


def test_recover_resets_only_trials_of_dead_processes(tmp_path):
    with TrialStore(tmp_path / "s.db") as store:
        mine = store.claim(store.add({"a": 1.0}, 0, 0).id)
        dead = store.claim(store.add({"a": 1.0}, 1, 0).id)
        store.conn.execute("UPDATE trials SET owner = 'no-such-host:1' WHERE id = ?", (dead.id,))
        failed = store.fail(store.claim(store.add({"a": 1.0}, 2, 0).id).id, "x")
        assert [t.id for t in store.recover()] == [dead.id]
        assert store.get(mine.id).status == "running"  # this process is alive: not a crash
        assert store.get(dead.id).status == "pending"
        assert store.get(failed.id).status == "failed"
        assert [t.id for t in store.recover(retry_failed=True)] == [failed.id]
        assert store.get(failed.id).status == "pending"


def test_add_many_is_all_or_nothing(tmp_path):
    with TrialStore(tmp_path / "s.db") as store:
        with pytest.raises(ValueError, match="positive sum"):
            store.add_many([({"a": 0.5, "b": 0.5}, 0), ({"a": 0.0, "b": 0.0}, 0)], round=1)
        assert store.trials() == []
        assert len(store.add_many([({"a": 0.5, "b": 0.5}, 0), ({"a": 1.0, "b": 0.0}, 0)], round=1)) == 2


def test_bind_tasks_refuses_another_search(tmp_path):
    with TrialStore(tmp_path / "s.db") as store:
        assert store.bind_tasks(["b", "a"]) == ["a", "b"]
        assert store.bind_tasks(["a", "b"]) == ["a", "b"]
        with pytest.raises(ValueError, match="holds a search over a, b, not a, c"):
            store.bind_tasks(["a", "c"])


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(ValueError, match="not a usable trial store"):
        TrialStore(bad)


def test_import_results(tmp_path):
    db = tmp_path / "s.db"
    sets = {"sets": {"a": {"pass@1": 0.5, "questions": 10}}}
    items = [{"mixture": {"a": 1, "b": 1}, "seed": 0, "metrics": {"objective": 0.3}},
             {"mixture": {"a": 1}, "seed": 0, "metrics": sets, "round": 2}]
    assert import_results(db, items) == (2, 0)
    with TrialStore(db) as store:
        trials = store.trials("done")
        assert store.get_meta("tasks") == ["a", "b"]
        assert trials[1].mixture == {"a": 1.0, "b": 0.0} and trials[1].round == 2 and trials[1].source == "import"
    assert import_results(db, items[:1]) == (0, 1)  # already done: kept
    replaced = [{"mixture": {"a": 1, "b": 1}, "seed": 0, "metrics": {"objective": 0.9}}]
    assert import_results(db, replaced, replace=True) == (1, 0)
    with TrialStore(db) as store:
        assert store.trials("done")[0].metrics == {"objective": 0.9}


@pytest.mark.parametrize("item, message", [
    ({"mixture": {"a": 1, "c": 1}, "metrics": {"objective": 1}}, "task(s) c are not in this search"),
    ({"mixture": {"a": -1}, "metrics": {"objective": 1}}, "non-negative numbers"),
    ({"mixture": {"a": 1}, "metrics": {}}, "metrics need per-set results"),
    ({"mixture": {"a": 1}, "seed": "0", "metrics": {"objective": 1}}, "seed must be an integer"),
    ({"seed": 0}, "non-empty 'mixture' mapping"),
])
def test_import_rejects_bad_results_and_imports_none(tmp_path, item, message):
    db = tmp_path / "s.db"
    import_results(db, [{"mixture": {"a": 1, "b": 0}, "seed": 9, "metrics": {"objective": 0.1}}])
    good = {"mixture": {"a": 0.5, "b": 0.5}, "seed": 0, "metrics": {"objective": 0.2}}
    with pytest.raises(ValueError, match=re.escape(message)):
        import_results(db, [good, item])
    with TrialStore(db) as store:
        assert len(store.trials()) == 1  # the good line before the bad one was not imported either


# -- a real crash: kill -9 a search mid-trial, restart it --------------------------------------------

CRASHING_SEARCH = textwrap.dedent("""
    import json, os, sys, time
    from pathlib import Path
    from logicforge.train.mixture_run import MixSearchConfig, search

    work = Path(sys.argv[1])
    cfg = MixSearchConfig(store=str(work / "trials.db"))
    cfg.data.tasks = ["a", "b", "c"]
    cfg.search.rounds, cfg.search.per_round = 1, 1

    def trial(t):
        with open(work / "calls.jsonl", "a") as fh:
            fh.write(json.dumps({"id": t.id, "pid": os.getpid()}) + "\\n")
        if t.id == 4 and (work / "hang").exists():
            (work / "started").write_text(str(t.id))
            time.sleep(120)  # killed here, mid-trial
        w = t.mixture
        return {"objective": 1 - (w["a"] - 0.2) ** 2 - (w["b"] - 0.5) ** 2 - (w["c"] - 0.3) ** 2}

    search(cfg, trial, log=lambda line: print(line, flush=True))
""")


def _start(work: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, str(work / "search.py"), str(work)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_killed_search_keeps_finished_trials_and_reruns_the_unfinished_one(tmp_path):
    (tmp_path / "search.py").write_text(CRASHING_SEARCH)
    (tmp_path / "hang").write_text("")
    proc = _start(tmp_path)
    deadline = time.time() + 90
    while not (tmp_path / "started").exists():
        assert proc.poll() is None, proc.stdout.read()
        assert time.time() < deadline, "the search never reached trial 4"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    with TrialStore(tmp_path / "trials.db") as store:
        before = {t.id: t for t in store.trials()}
    assert [before[i].status for i in (1, 2, 3)] == ["done"] * 3
    assert before[4].status == "running" and len(before) == 7  # 2m+1 seed mixtures, no proposal yet

    (tmp_path / "hang").unlink()
    out, _ = _start(tmp_path).communicate(timeout=120)
    assert "trial 4 (" in out and "will run again" in out
    with TrialStore(tmp_path / "trials.db") as store:
        after = {t.id: t for t in store.trials()}
    assert all(t.status == "done" for t in after.values()) and len(after) == 8  # + one proposal
    for i in (1, 2, 3):  # finished trials are untouched: same metrics, same finish time
        assert (after[i].metrics, after[i].finished) == (before[i].metrics, before[i].finished)
    calls = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    runs = {i: sum(c["id"] == i for c in calls) for i in after}
    assert runs == {1: 1, 2: 1, 3: 1, 4: 2, 5: 1, 6: 1, 7: 1, 8: 1}  # only the killed trial ran twice
    assert len({c["pid"] for c in calls}) == 2


# -- the loop around the store ------------------------------------------------------------------------


def _cfg(tmp_path, rounds=1):
    from logicforge.train.mixture_run import MixSearchConfig

    cfg = MixSearchConfig(store=str(tmp_path / "loop.db"))
    cfg.data.tasks = ["a", "b"]
    cfg.search.rounds, cfg.search.per_round, cfg.design.seeds = rounds, 1, [0, 1]
    return cfg


def test_a_failing_trial_is_recorded_and_the_search_goes_on(tmp_path):
    from logicforge.train.mixture_run import search

    lines = []

    def trial(t):
        if t.mixture == {"a": 1.0, "b": 0.0} and t.seed == 1:
            raise RuntimeError("out of memory\nlong traceback text")
        return {"objective": t.mixture["a"] * (1 - t.mixture["a"]) + 0.01 * t.seed}

    result = search(_cfg(tmp_path), trial, log=lines.append)
    # 3 seed mixtures + 1 proposal, 2 seeds each
    assert result["counts"] == {"pending": 0, "running": 0, "done": 7, "failed": 1}
    with TrialStore(tmp_path / "loop.db") as store:
        (failed,) = store.trials("failed")
    assert failed.error == "RuntimeError: out of memory"
    assert any(line.startswith(f"trial {failed.id} failed: RuntimeError") for line in lines)
    calls = []
    search(_cfg(tmp_path), lambda t: calls.append(t.id) or {"objective": 0.0}, retry_failed=True, log=lines.append)
    assert calls == [failed.id]  # only the failed trial ran again


def test_store_refuses_a_different_training_setup_but_takes_more_rounds(tmp_path):
    from logicforge.train._schema import ConfigError
    from logicforge.train.mixture_run import search

    def trial(t):
        return {"objective": t.mixture["a"] * (1 - t.mixture["a"])}

    search(_cfg(tmp_path, rounds=0), trial, log=lambda _: None)
    more = search(_cfg(tmp_path, rounds=1), trial, log=lambda _: None)
    assert more["counts"]["done"] == 8  # the proposal round was added to the same store
    changed = _cfg(tmp_path)
    changed.eval.k = 16
    with pytest.raises(ConfigError, match="different eval settings; use a new store"):
        search(changed, trial, log=lambda _: None)
    other = _cfg(tmp_path)
    other.data.tasks = ["a", "c"]
    with pytest.raises(ValueError, match="holds a search over a, b, not a, c"):
        search(other, trial, log=lambda _: None)
