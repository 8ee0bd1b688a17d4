"""Docs made from the registry: the README and the starter mix never drift from the code."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from logicforge import docs
from logicforge.cli import main
from logicforge.generators.astro import ENVIRONMENTS
from logicforge.tasks import REGISTRY
from logicforge.tasks.mix import find_file, load_mix

ROOT = Path(__file__).resolve().parents[1]


def test_readme_and_starter_match_the_registry():
    stale = [str(p.relative_to(ROOT)) for p in docs.stale(ROOT)]
    assert stale == [], f"{stale} drifted from the registry; run `python -m logicforge.docs`"


def test_readme_table_has_a_row_per_task_with_its_level_10_knobs():
    text = docs.tasks_section()
    for name, task in REGISTRY.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        assert task.answer_format.replace("|", "\\|") in row
        assert row.rstrip(" |").endswith(docs._knobs(task, 10))


def test_render_replaces_only_the_marked_blocks():
    text = "intro\n<!-- BEGIN tasks: note -->\nSTALE table\n<!-- END tasks -->\nmiddle\n" \
           "<!-- BEGIN astro -->\nSTALE\n<!-- END astro -->\nend\n"
    out = docs.render_readme(text)
    assert out.startswith("intro\n<!-- BEGIN tasks: note -->\n") and "STALE" not in out
    assert "middle\n" in out and out.endswith("<!-- END astro -->\nend\n")
    assert docs.render_readme(out) == out
    with pytest.raises(ValueError, match="lacks the marker comments of astro"):
        docs.render_readme("<!-- BEGIN tasks -->\n<!-- END tasks -->\n")


def test_check_reports_stale_files_and_the_script_fixes_them(tmp_path, capsys):
    (tmp_path / "examples").mkdir()
    (tmp_path / "README.md").write_text("# x\n<!-- BEGIN tasks -->\n<!-- END tasks -->\n"
                                        "<!-- BEGIN astro -->\n<!-- END astro -->\n")
    assert docs.main(["--check", "--root", str(tmp_path)]) == 1
    assert "stale: README.md" in capsys.readouterr().out
    assert docs.main(["--root", str(tmp_path)]) == 0
    assert docs.main(["--check", "--root", str(tmp_path)]) == 0
    assert load_mix(tmp_path / docs.STARTER).splits == docs.STARTER_SPLITS
    assert docs.main(["--root", str(tmp_path / "nowhere")]) == 2


def test_examples_page_shows_every_task_in_each_language_with_its_answer():
    page = docs.examples_page()
    from logicforge.tasks import prompts

    for name, task in REGISTRY.items():
        for lang in prompts.languages(task.module) or ("en",):
            anchor = docs._anchor(name, lang)
            assert f'<a id="{anchor}"></a>' in page and f"### {name} ({lang})" in page
            assert f"({docs.EXAMPLES}#{anchor})" in docs.tasks_section()  # linked from the README table
    assert page.count("Reference answer:") == sum(len(prompts.languages(t.module) or ("en",))
                                                  for t in REGISTRY.values())


def test_starter_mix_holds_every_task():
    spec = load_mix(ROOT / docs.STARTER)
    assert [c.task for c in spec.components] == sorted(REGISTRY)


def test_astro_families_are_registered_and_listed_in_help():
    assert set(ENVIRONMENTS) <= set(REGISTRY)
    text = " ".join(CliRunner().invoke(main, ["astro", "--help"]).output.split())
    assert f"Task with a step environment: {', '.join(sorted(ENVIRONMENTS))}." in text


def test_list_shows_each_answer_format():
    text = CliRunner().invoke(main, ["list"]).output
    assert all(task.answer_format in text for task in REGISTRY.values())


def test_examples_ship_in_the_wheel_and_are_found_from_anywhere(tmp_path, monkeypatch):
    # package-data covers every example file (the package's examples/ is a link to the checkout's)
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["logicforge"]
    package = ROOT / "logicforge"
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    examples = {package / p.relative_to(ROOT) for p in (ROOT / "examples").rglob("*") if p.is_file()}
    assert examples and examples <= shipped
    monkeypatch.chdir(tmp_path)  # no examples/ here: the shipped copy is used
    assert find_file("examples/starter.yaml").is_file()
    assert load_mix("examples/train/mix_logic.yaml").components
    assert find_file("examples/missing.yaml") == Path("examples/missing.yaml")
