"""Languages and prompt styles: paraphrases per family and language, Chinese answers, the `lang` column,
r1/plain prompts, the format reward per style, and the same bytes for any worker count.

The families come from the templates that exist (`prompts.languages`), so the tests cover each family as
it is converted.
"""

import json
import re
from collections import Counter

import datasets
import pytest
from click.testing import CliRunner

from logicforge.cli import main
from logicforge.tasks import get_task, list_tasks, prompts
from logicforge.tasks.build import features, load, make_spec, write_dataset
from logicforge.tasks.mix import load_mix
from logicforge.tasks.rows import keyed_row
from logicforge.train.data import prompt_style
from logicforge.train.rewards import FormatReward, requires_think

N_ITEMS = 200
LEVELS = (1, 2, 3)  # easy levels: 200 items per family and language stay fast
PAIRS = [(name, lang) for name in list_tasks() for lang in prompts.languages(get_task(name).module)]
ZH = [name for name, lang in PAIRS if lang == "zh"]
BOTH = [name for name in ZH if (name, "en") in PAIRS]
BASE = "word_sorting"  # the worked example: always has en and zh templates

# Chinese answer words per family where they differ from the English ones (the zh answer_format asks for them).
ZH_WORDS = {"web_of_lies": {"yes": "是", "no": "否"}}
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def chinese(task: str, answer: str, comma: str = "，") -> str:
    """`answer` as a Chinese writer puts it: the family's Chinese answer words, full-width digits, Chinese
    commas (`，` or the list comma `、`), semicolons and colons, and a closing 。."""
    words = ZH_WORDS.get(task, {})
    if words:
        answer = re.sub(r"[A-Za-z]+", lambda m: words.get(m[0].lower(), m[0]), answer)
    answer = answer.translate(_FULL_WIDTH).replace(", ", comma).replace("; ", "；").replace(": ", "：")
    return answer + "。"


def items(name: str, lang: str, n: int = N_ITEMS, seed: int = 7):
    task = get_task(name)
    return [task.generate(task.params(LEVELS[i % len(LEVELS)]), seed, i, lang=lang) for i in range(n)]


def test_every_family_has_english_where_it_has_chinese():
    assert (BASE, "en") in PAIRS and (BASE, "zh") in PAIRS
    assert all((name, "en") in PAIRS for name in ZH)  # mix needs both


@pytest.mark.parametrize("name, lang", PAIRS)
def test_200_items_use_at_least_3_templates_and_the_reference_verifies(name, lang):
    task, module = get_task(name), get_task(name).module
    names = prompts.paraphrases(module, lang)
    assert len(names) >= 3, f"{name} has {len(names)} {lang} paraphrases"
    used = Counter()
    for inst in items(name, lang):
        assert inst.lang == lang and inst.question
        renders = {m: prompts.render(module, lang, m, inst.fields) for m in names}
        matches = [m for m, text in renders.items() if text == inst.question]
        assert len(matches) == 1, f"{name}/{lang}: the question is not exactly one paraphrase ({matches})"
        assert len(set(renders.values())) == len(names), f"{name}/{lang}: two paraphrases give the same text"
        used[matches[0]] += 1
        assert task.verify(inst.payload, f"<answer>{inst.answer}</answer>").correct
    assert len(used) >= 3, f"{name}/{lang}: only {dict(used)}"


@pytest.mark.parametrize("name", ZH)
def test_an_answer_written_the_chinese_way_verifies(name):
    task = get_task(name)
    for i, inst in enumerate(items(name, "zh", 40, seed=3)):
        text = chinese(name, inst.answer, "，、"[i % 2])
        verdict = task.verify(inst.payload, f"<answer>{text}</answer>")
        assert verdict.correct, (text, verdict.reason)
        assert prompts.answer_format(task.module, "zh", inst.fields)  # stated in Chinese, non-empty


@pytest.mark.parametrize("name", BOTH)
def test_the_puzzle_is_the_same_in_every_language(name):
    task = get_task(name)
    for i in range(20):
        en, zh = (task.generate(task.params(2), 11, i, lang=lang) for lang in ("en", "zh"))
        assert (en.payload, en.fields) == (zh.payload, zh.fields)
        assert en.question != zh.question
        # the reference is written as each language's answer format asks (web_of_lies: 是/否), and both verify
        assert task.verify(zh.payload, f"<answer>{en.answer}</answer>").correct
        assert task.verify(en.payload, f"<answer>{zh.answer}</answer>").correct


@pytest.mark.skipif("web_of_lies" not in ZH, reason="web_of_lies has no Chinese questions yet")
def test_web_of_lies_accepts_shi_fou_and_nothing_more():
    task = get_task("web_of_lies")
    inst = next(i for i in items("web_of_lies", "zh", 20) if "是" in i.answer and "否" in i.answer)
    assert "是" in prompts.answer_format(task.module, "zh", inst.fields)
    right = inst.answer.replace("，", ", ")  # the zh reference: "是，否" (its test below uses both commas)
    flipped = right.replace("是", "Y").replace("否", "是").replace("Y", "否")

    def reason(text):
        return task.verify(inst.payload, f"<answer>{text}</answer>").reason

    assert reason(right) == reason(right.replace(", ", "，")) == reason(right.replace(", ", "、") + "。") == "ok"
    names = [inst.payload["names"][t] for t in inst.payload["targets"]]
    labelled = "，".join(f"{n}：{v}" for n, v in zip(names, right.split(", ")))
    assert reason(labelled) == "ok"  # "Elena：否，Dmitri：是", as "Elena: no, Dmitri: yes" is accepted
    assert reason(flipped) == "wrong_answer"
    for wrong in (right.replace("是", "对").replace("否", "错"),  # not what the prompt asks for
                  right.replace("是", "是的"), right.replace(", ", "")):  # colloquial yes; answers run together
        assert reason(wrong) == "parse_error", wrong


@pytest.mark.parametrize("lang", ["en", "zh", "mix"])
def test_lang_column(lang):
    ds = _in_memory(lang, "default", n=60)
    values = Counter(ds["lang"])
    if lang == "mix":
        assert set(values) == {"en", "zh"} and min(values.values()) >= 15  # a seeded 50/50 choice per item
    else:
        assert values == {lang: 60}
    for row in ds:
        assert get_task(row["task"]).verify(row["payload"], f"<answer>{row['answer']}</answer>").correct


def _in_memory(lang, style, n=20, tasks=None):
    import logicforge

    return logicforge.generate(tasks or [BASE] + [t for t in BOTH if t != BASE][:1], n=n, level=2, seed=4,
                               lang=lang, prompt_style=style)


def test_prompt_shapes_per_style():
    chat, r1, plain = (_in_memory("mix", style) for style in ("default", "r1", "plain"))
    assert chat.features == r1.features == features("default") and plain.features == features("plain")
    assert chat["question"] == r1["question"] == plain["question"]  # the style wraps the same question
    for a, b, c in zip(chat, r1, plain):
        assert [m["role"] for m in a["prompt"]] == ["user"]
        assert [m["role"] for m in b["prompt"]] == ["system", "user"]
        assert b["prompt"][0]["content"] == prompts.R1_SYSTEM[b["lang"]]
        assert isinstance(c["prompt"], str) and c["prompt"] == a["prompt"][0]["content"]
        assert a["question"] in b["prompt"][1]["content"] and "<answer>" in b["prompt"][0]["content"]
        if a["lang"] == "zh":
            assert "答案格式" in c["prompt"]


@pytest.mark.parametrize("style, think", [("default", False), ("r1", True), ("plain", False)])
def test_the_format_reward_follows_the_style_of_the_data(style, think):
    ds = _in_memory("en", style, n=4)
    assert prompt_style(ds) == style and requires_think(style) is think
    reward = FormatReward(requires_think(prompt_style(ds)))
    both, bare = "<think>sort</think><answer>a, b</answer>", "<answer>a, b</answer>"
    assert reward([both, bare]) == ([1.0, 0.5] if think else [1.0, 1.0])
    assert reward([[{"role": "assistant", "content": "no tags"}]]) == [0.0]


@pytest.mark.parametrize("lang, style", [("zh", "r1"), ("mix", "plain")])
@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_same_bytes_for_any_worker_count_and_run(tmp_path, lang, style, fmt):
    spec = make_spec([BASE] + BOTH[:1], level=2, seed=5, splits="train=60,test=12", lang=lang, style=style)
    runs = {}
    for name, workers, per_file in [("a", 1, 10), ("b", 2, 10), ("c", 3, 25), ("d", 1, 25), ("e", 2, 10)]:
        manifest = write_dataset(spec, tmp_path / name, fmt=fmt, workers=workers, rows_per_file=per_file,
                                 progress=False)
        files = {p.name: p.read_bytes() for p in sorted((tmp_path / name / "data").iterdir())}
        runs.setdefault(per_file, []).append((manifest["content_hash"], files))
    for results in runs.values():
        assert all(r == results[0] for r in results)
    loaded = load(tmp_path / "a")
    assert loaded["train"].features == features(style)
    assert set(loaded["train"]["lang"]) <= {"en", "zh"}


def test_same_bytes_in_processes_with_different_hash_seeds(tmp_path):
    import os
    import subprocess
    import sys

    outs = []
    for hash_seed in ("0", "4321"):
        out = tmp_path / hash_seed
        cmd = [sys.executable, "-c", "from logicforge.cli import main; main()", "generate", "--task", BASE,
               *(a for t in BOTH[:1] if t != BASE for a in ("--task", t)), "--lang", "mix", "--prompt-style", "r1",
               "--splits", "train=40,test=8", "--out", str(out)]
        subprocess.run(cmd, check=True, env={**os.environ, "PYTHONHASHSEED": hash_seed}, capture_output=True)
        outs.append({p.name: p.read_bytes() for p in sorted((out / "data").iterdir())})
    assert outs[0] == outs[1]


def test_splits_share_no_puzzle_in_any_language(tmp_path):
    spec = make_spec([BASE], level=1, seed=2, splits="train=300,test=100", lang="mix")
    write_dataset(spec, tmp_path / "d", progress=False)
    dd = load(tmp_path / "d")
    assert not set(dd["train"]["question"]) & set(dd["test"]["question"])
    assert not set(dd["train"]["payload"]) & set(dd["test"]["payload"])  # the same puzzle, asked in zh or en


def test_a_puzzle_reserved_in_english_is_redrawn_in_chinese():
    en = make_spec([BASE], level=1, seed=0, splits={"train": 1}, lang="en")
    zh = make_spec([BASE], level=1, seed=0, splits={"train": 1}, lang="zh")
    row_en, keys = keyed_row(en, "train", 0, 0)
    row_zh = keyed_row(zh, "train", 0, 0)[0]
    assert row_zh["payload"] == row_en["payload"] and row_zh["question"] != row_en["question"]
    again = keyed_row(zh, "train", 0, 0, reserved=frozenset(keys))[0]
    assert again["payload"] != row_en["payload"] and again["lang"] == "zh"


def test_mix_file_lang_and_prompt_style(tmp_path):
    no_zh = next((n for n in list_tasks() if "zh" not in prompts.languages(get_task(n).module)), None)
    path = tmp_path / "mix.yaml"
    extra = f"  - {{task: {no_zh}, lang: en}}\n" if no_zh else ""
    tasks = f"  - {{task: {BASE}}}\n  - {{task: {BASE}, lang: zh, level: 2}}\n{extra}"
    path.write_text(f"lang: mix\nprompt_style: r1\ntasks:\n{tasks}")
    spec = load_mix(path)
    assert [c.lang for c in spec.components] == ["mix", "zh"] + (["en"] if no_zh else []) and spec.style == "r1"
    assert spec.to_dict()["style"] == "r1" and spec.to_dict()["tasks"][1]["lang"] == "zh"
    bad = {"lang: fr\ntasks: [{task: word_sorting}]": "unknown language 'fr'",
           "prompt_style: chat\ntasks: [{task: word_sorting}]": "prompt_style must be one of",
           "tasks: [{task: word_sorting, lang: [zh]}]": "lang must be one of"}
    if no_zh:
        bad[f"lang: zh\ntasks: [{{task: {no_zh}}}]"] = f"task '{no_zh}' has questions in en only"
    for text, message in bad.items():
        path.write_text(text)
        with pytest.raises(ValueError, match=re.escape(message)):
            load_mix(path)


def test_cli_lang_and_style_are_recorded_and_the_card_counts_languages(tmp_path):
    runner = CliRunner()
    out = tmp_path / "d"
    args = ["generate", "--task", BASE, "--lang", "mix", "--prompt-style", "plain", "--splits", "train=40,test=8",
            "--seed", "3", "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["spec"]["style"] == "plain" and manifest["spec"]["tasks"][0]["lang"] == "mix"
    assert "--lang mix --prompt-style plain" in manifest["command"]
    assert runner.invoke(main, ["card", str(out)]).exit_code == 0
    card = (out / "README.md").read_text()
    rows = load(out)
    counts = Counter(list(rows["train"]["lang"]) + list(rows["test"]["lang"]))
    assert f"English (`en`): {counts['en']}, Chinese (`zh`): {counts['zh']} rows" in card
    assert "- en\n- zh" in card.split("---")[1]  # the Hub front matter lists both languages
    assert "one string (no chat wrapper)" in card
    # the card's self-contained recipe carries the language and style: it regenerates the same rows
    recipe = re.search(r"```yaml\n(.*?)```", card, re.S)[1]
    assert "lang: mix" in recipe and "prompt_style: plain" in recipe
    (tmp_path / "mix.yaml").write_text(recipe)
    again = runner.invoke(main, ["generate", "--mix", str(tmp_path / "mix.yaml"), "--out", str(tmp_path / "again")])
    assert again.exit_code == 0, again.output
    assert json.loads((tmp_path / "again" / "manifest.json").read_text())["content_hash"] == manifest["content_hash"]


def test_cli_refuses_a_language_a_task_lacks_in_one_line(tmp_path):
    no_zh = next((n for n in list_tasks() if "zh" not in prompts.languages(get_task(n).module)), None)
    if no_zh is None:
        pytest.skip("every family has Chinese questions")
    for args in (["show", no_zh, "--lang", "zh"], ["generate", "--task", no_zh, "--lang", "mix", "-n", "3",
                                                    "--out", str(tmp_path / "x")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
        assert "has questions in en only" in result.output
    assert not (tmp_path / "x").exists()


def test_show_in_chinese_with_the_r1_style():
    name = "web_of_lies" if "web_of_lies" in ZH else BASE
    result = CliRunner().invoke(main, ["show", name, "--lang", "zh", "--prompt-style", "r1", "--index", "2"])
    assert result.exit_code == 0, result.output
    assert "lang zh" in result.output and "[system] " + prompts.R1_SYSTEM["zh"] in result.output
    assert "答案格式" in result.output


def test_astro_in_chinese_keeps_english_trace_prose_and_says_so(tmp_path):
    from logicforge.data_cards.card import write_card
    from logicforge.generators.astro.build import load as load_traces

    args = ["astro", "--task", BASE, "-n", "3", "--lang", "zh", "--out", str(tmp_path / "t")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "trace prose is English" in result.output
    rows = load_traces(tmp_path / "t")
    assert set(rows["lang"]) == {"zh"} and all("答案格式" in r["prompt"][0]["content"] for r in rows)
    manifest = json.loads((tmp_path / "t" / "manifest.json").read_text())
    assert (manifest["lang"], manifest["trace_lang"]) == ("zh", "en")
    card = write_card(tmp_path / "t")[0].read_text()
    assert "the trace prose (the completion) is English in every row" in card
    assert "- en\n- zh" in card.split("---")[1]


def test_merge_and_push_keep_a_plain_dataset(tmp_path):
    from logicforge.publish import build_repo_folder
    from logicforge.tasks.merge import merge

    spec = make_spec([BASE], level=2, seed=1, splits="train=50", lang="mix", style="plain")
    whole = write_dataset(spec, tmp_path / "whole", fmt="jsonl", rows_per_file=20, progress=False)
    for k in range(2):
        write_dataset(spec, tmp_path / f"s{k}", fmt="jsonl", shard=(k, 2), rows_per_file=20, progress=False)
    merged = merge([tmp_path / "s0", tmp_path / "s1"], tmp_path / "merged")
    assert merged["content_hash"] == whole["content_hash"]
    build_repo_folder(tmp_path / "merged", tmp_path / "hub")
    hub = datasets.load_dataset(str(tmp_path / "hub"), "all", split="train")
    assert hub.features == features("plain") and sorted(hub["id"]) == sorted(load(tmp_path / "whole")["id"])


@pytest.mark.slow
@pytest.mark.parametrize("style", ["r1", "plain"])
def test_grpo_trains_on_each_style_with_the_matching_format_reward(tmp_path, style):
    pytest.importorskip("trl")
    from logicforge.train.config import DataConfig, GRPOKnobs, GRPORunConfig, RewardConfig
    from logicforge.train.grpo import run
    from logicforge.train.tiny import make_tiny_model

    from train_helpers import pin_threads

    pin_threads()
    write_dataset(make_spec([BASE], level=1, seed=7, splits="train=16", lang="mix", style=style), tmp_path / "d",
                  progress=False)
    cfg = GRPORunConfig(model=str(make_tiny_model(tmp_path / "tiny")), output_dir=str(tmp_path / "run"),
                        data=DataConfig(path=str(tmp_path / "d")), rewards=RewardConfig(format_weight=0.5),
                        trainer=GRPOKnobs(num_generations=2, per_device_train_batch_size=4, max_completion_length=8,
                                          max_steps=1, save_steps=1, logging_steps=1, gradient_checkpointing=False))
    metrics = run(cfg).metrics
    assert metrics["prompt_style"] == style and metrics["require_think"] is (style == "r1")
    assert "rewards/format/mean" in metrics["final"]
