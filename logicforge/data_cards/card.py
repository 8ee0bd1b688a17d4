"""Dataset cards: Hub front matter, a body rendered from Jinja2 templates (StrictUndefined), offline checks."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from logicforge.data_cards.astro import KIND as ASTRO_KIND, astro_card
from logicforge.data_cards.source import CardError, Stats, collect_stats, manifest_kind, read_manifest

TEMPLATE = "dataset_card.md.j2"
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
# What the `prompt` column holds in each prompt style, for the card's column table.
STYLE_TEXT = {
    "default": "chat messages: one user turn with the question and the answer-format instruction",
    "r1": "chat messages: the DeepSeek-R1-Zero system prompt (reason inside `<think>`, answer inside `<answer>`), "
          "then a user turn with the question and the answer format",
    "plain": "one string (no chat wrapper): the question and the answer-format instruction",
}
ALL_CONFIG = "all"
MAX_EXAMPLE_CHARS = 4000  # a level-10 grid prompt can be long; the card shows its start
SIZE_CATEGORIES = ["n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M", "100M<n<1B",
                   "1B<n<10B", "10B<n<100B", "100B<n<1T", "n>1T"]
_SPLIT_NAME = re.compile(r"^\w+(\.\w+)*$")  # what `datasets` accepts as a split name
_EXTENSIONS = {"parquet": "parquet", "jsonl": "jsonl", "arrow": "arrow"}


def size_category(n_rows: int) -> str:
    """The Hub's size bucket for a row count.

    >>> size_category(999), size_category(1000), size_category(250_000)
    ('n<1K', '1K<n<10K', '100K<n<1M')
    """
    bucket = 0
    while bucket < len(SIZE_CATEGORIES) - 1 and n_rows >= 1000 * 10**bucket:
        bucket += 1
    return SIZE_CATEGORIES[bucket]


def data_configs(stats: Stats, layout: str, fmt: str = "parquet", style: str = "default") -> list[dict]:
    """The `configs` front matter: `all` (default) plus, in the by-task layout, one config per task.

    Layout "mixed" is a generated dir (tasks share `data/{split}-*` files); "by_task" is a repo folder
    with `data/{task}/{split}-*.parquet`.
    """
    bad = [s for s in stats.splits if not _SPLIT_NAME.match(s)]
    if bad:
        raise CardError(f"split name {bad[0]!r} cannot be published; use letters, digits and underscores")
    if ALL_CONFIG in stats.tasks:
        raise CardError(f"a task named {ALL_CONFIG!r} would clash with the config of every task")
    ext = _EXTENSIONS[fmt]
    if layout == "mixed":
        files = [{"split": s, "path": f"data/{s}-*.{ext}"} for s in stats.splits]
        config = {"config_name": ALL_CONFIG, "default": True, "data_files": files}
        if fmt != "parquet":  # JSON lines carry no schema; without this `datasets` would guess the types
            from logicforge.tasks.build import features

            config["features"] = features(style)._to_yaml_list()
        return [config]
    every = [{"split": s, "path": f"data/*/{s}-*.parquet"} for s in stats.splits]
    configs = [{"config_name": ALL_CONFIG, "default": True, "data_files": every}]
    for task in stats.tasks:
        files = [{"split": s, "path": f"data/{task}/{s}-*.parquet"} for s in stats.task_splits(task)]
        configs.append({"config_name": task, "data_files": files})
    return configs


def card_metadata(stats: Stats, layout: str, fmt: str, license: str, pretty_name: str,
                  style: str = "default") -> dict:
    """Front matter the Hub understands: license, languages, task categories, tags, size and configs."""
    categories = sorted(set(stats.categories.values()))
    return {
        "license": license,
        "language": stats.languages() or ["en"],
        "pretty_name": pretty_name,
        "size_categories": [size_category(stats.rows())],
        "task_categories": ["text-generation", "question-answering"],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["machine-generated"],
        "source_datasets": ["original"],
        "tags": ["logicforge", "reasoning", "rlvr", "synthetic", "procedurally-generated", *categories, *stats.tasks],
        "configs": data_configs(stats, layout, fmt, style),
    }


def mix_yaml(manifest: dict) -> str:
    """The mixture of a manifest as a `--mix` YAML file that regenerates the same rows."""
    spec = manifest["spec"]
    body = {"seed": spec["seed"], "splits": dict(spec["splits"]),
            "tasks": [{"task": c["task"], "weight": c["weight"], "levels": list(c["levels"]), "params": c["params"],
                       **({"lang": c["lang"]} if c.get("lang", "en") != "en" else {})}
                      for c in spec["tasks"]]}
    if spec.get("style", "default") != "default":
        body["prompt_style"] = spec["style"]
    head = f"# Regenerates the dataset with logicforge {manifest['logicforge_version']}: `logicforge generate --mix`.\n"
    return head + yaml.safe_dump(body, sort_keys=False, default_flow_style=None)


ON_PYPI = False  # until logicforge is published, a card must not promise `pip install logicforge==X`


def install_lines(version: str) -> str:
    """The shell lines that install logicforge `version` (from a checkout of the repository while the
    package is not on PyPI).

    >>> install_lines("0.2.0").splitlines()[-1]
    'pip install -e .              # then `logicforge --version` prints 0.2.0'
    """
    if ON_PYPI:
        return f"pip install logicforge=={version}"
    return ("# logicforge is not on PyPI yet: install it from a checkout of its repository at this version\n"
            f"cd logicforge                 # your clone of the logicforge repository\n"
            f"pip install -e .              # then `logicforge --version` prints {version}")


def regen_command(manifest: dict, mix_file: str = "mix.yaml", out: str = "OUT") -> str:
    """A self-contained `logicforge generate` call (the mix file carries tasks, knobs, seed and splits)."""
    shard = manifest.get("shard", "0/1")
    fmt = manifest.get("source_format", manifest["format"])  # a repo folder is Parquet whatever was generated
    return (f"logicforge generate --mix {mix_file} --format {fmt}"
            + (f" --shard {shard}" if shard != "0/1" else "") + f" --out {out}")


def _knob_table(task, stats: Stats) -> dict:
    """Knob names, their help, and the values used at each level present in the data."""
    spec = task.knob_table()
    names = [k["name"] for k in spec]
    rows = []
    for level in stats.levels(task.name):
        for params in sorted(stats.knobs[(task.name, level)]):
            values = json.loads(params)
            rows.append({"level": level, "values": [json.dumps(values.get(n)) for n in names]})
    help_rows = [{"name": k["name"], "help": k.get("help") or "", "range": _range(k)} for k in spec]
    return {"names": names, "rows": rows, "help": help_rows}


def _range(knob: dict) -> str:
    if knob.get("choices"):
        return "one of " + ", ".join(map(str, knob["choices"]))
    if knob["type"] == "bool":
        return "true or false"
    if knob.get("lo") is None and knob.get("hi") is None:
        return knob["type"]
    return f"{knob['type']} in [{knob.get('lo')}, {knob.get('hi')}]"


def _task_context(name: str, stats: Stats) -> dict:
    from logicforge.tasks import get_task, list_tasks
    from logicforge.tasks.base import VERIFIER_KINDS

    if name not in list_tasks():
        raise CardError(f"task {name!r} is not registered in this logicforge install; install the version "
                        "that generated the dataset")
    task = get_task(name)
    example = stats.examples[name]
    prompt = example["prompt"]  # one string in the plain style, chat messages otherwise
    if not isinstance(prompt, str):
        prompt = "\n\n".join(m["content"] for m in prompt)
    return {
        "name": name, "category": task.category, "description": task.description,
        "answer_format": task.answer_format, "verifier_kind": task.verifier_kind,
        "verifier_text": VERIFIER_KINDS[task.verifier_kind],
        "partial_credit": task.partial_credit,
        "by_split": [stats.rows(name, s) for s in stats.splits], "total": stats.rows(name),
        "levels": [{"level": lv, "by_split": [stats.rows(name, s, lv) for s in stats.splits],
                    "total": stats.rows(name, level=lv)} for lv in stats.levels(name)],
        "knobs": _knob_table(task, stats),
        "example": {"split": example["split"], "level": example["level"], "answer": example["answer"],
                    "prompt": _clip(prompt), "clipped": len(prompt) > MAX_EXAMPLE_CHARS},
    }


def _clip(text: str) -> str:
    return text if len(text) <= MAX_EXAMPLE_CHARS else text[:MAX_EXAMPLE_CHARS] + "\n..."


def card_context(manifest: dict, stats: Stats, layout: str, repo_id: str | None, load_path: str,
                 license: str = "apache-2.0") -> dict:
    """Every value the card template uses (the template gets nothing else)."""
    from huggingface_hub import DatasetCardData

    from logicforge.tasks.rows import style_of

    pretty = repo_id.split("/")[-1] if repo_id else "logicforge: " + ", ".join(stats.tasks)
    style = style_of(manifest)
    meta = card_metadata(stats, layout, manifest["format"], license, pretty, style)
    for config in meta["configs"]:
        # `datasets` caches a local folder's README configs by their text alone: without the content hash
        # in them, a regenerated folder of the same name would load the previous data from the cache.
        config["description"] = f"logicforge data, content hash {manifest['content_hash']}"
    recorded = manifest.get("command") or None
    version = manifest["logicforge_version"]
    return {
        "front_matter": DatasetCardData(**meta).to_yaml().strip(),
        "title": pretty, "repo_id": repo_id, "load_path": load_path, "layout": layout,
        "version": version, "seed": manifest["spec"]["seed"], "shard": manifest.get("shard", "0/1"),
        "content_hash": manifest["content_hash"],
        "splits": [{"name": s, "rows": stats.rows(split=s)} for s in stats.splits], "total": stats.rows(),
        "languages": [{"lang": lang, "name": LANGUAGE_NAMES.get(lang, lang),
                       "by_split": [stats.lang_rows(lang, s) for s in stats.splits], "total": stats.lang_rows(lang)}
                      for lang in stats.languages()],
        "style": style, "style_text": STYLE_TEXT[style],
        "tasks": [_task_context(t, stats) for t in stats.tasks],
        "recorded_command": recorded, "mix_yaml": mix_yaml(manifest), "regen_command": regen_command(manifest),
        "install": install_lines(version),
        "citation_key": re.sub(r"\W+", "_", repo_id or "logicforge_dataset").strip("_").lower(),
        "owner": repo_id.split("/")[0] if repo_id and "/" in repo_id else "logicforge users",
    }


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["cell"] = lambda v: str(v).replace("|", "\\|").replace("\n", " ")
    env.filters["fence"] = fence
    return env


def fence(text: str, lang: str = "text") -> str:
    """`text` in a Markdown code fence longer than any run of backticks inside it.

    >>> fence("a ``` b")
    '````text\\na ``` b\\n````'
    """
    text = str(text)  # a missing value (StrictUndefined) raises UndefinedError here
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{text}\n{ticks}"


def render_card(context: dict, template: str = TEMPLATE) -> str:
    """Render the card; a value missing from `context` raises `jinja2.UndefinedError`, never a blank."""
    return _environment().get_template(template).render(**context)


def validate_card(text: str, folder: str | Path | None = None):
    """Parse the card with `huggingface_hub.DatasetCard` and check its metadata offline.

    Checks the fields the Hub needs, config names and split names, and (given `folder`) that every
    config's data files exist there. Returns the parsed `DatasetCard`; raises CardError on a problem.
    """
    from huggingface_hub import DatasetCard

    try:
        card = DatasetCard(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise CardError(f"dataset card metadata does not parse: {str(exc).splitlines()[0]}") from None
    data = card.data
    for key in ("license", "task_categories", "size_categories", "configs"):
        if not getattr(data, key, None) and not data.get(key):
            raise CardError(f"dataset card lacks {key!r} in its front matter")
    unknown = set(data.size_categories) - set(SIZE_CATEGORIES)
    if unknown:
        raise CardError(f"dataset card size_categories {sorted(unknown)} is not a Hub size category")
    _check_configs(data.get("configs"), Path(folder) if folder else None)
    return card


def _check_configs(configs, folder: Path | None) -> None:
    if not isinstance(configs, list) or not configs:
        raise CardError("dataset card `configs` must be a non-empty list")
    names = [c.get("config_name") for c in configs]
    if len(set(names)) != len(names) or not all(isinstance(n, str) and n for n in names):
        raise CardError(f"dataset card config names must be unique strings, got {names}")
    if sum(bool(c.get("default")) for c in configs) != 1:
        raise CardError("dataset card must mark exactly one config as default")
    for config in configs:
        for entry in config.get("data_files") or []:
            if not _SPLIT_NAME.match(str(entry.get("split"))):
                raise CardError(f"config {config['config_name']!r}: bad split name {entry.get('split')!r}")
            if folder is not None and not list(folder.glob(entry["path"])):
                raise CardError(f"config {config['config_name']!r}: no file matches {entry['path']!r} in {folder}")


def write_card(data_dir: str | Path, repo_id: str | None = None, license: str = "apache-2.0") -> tuple[Path, Stats]:
    """(Re)write DATA_DIR/README.md for a dir written by `logicforge generate`; returns its path and stats."""
    data_dir = Path(data_dir)
    if manifest_kind(data_dir) == ASTRO_KIND:
        text, _, stats = astro_card(data_dir, repo_id, repo_id or str(data_dir), license)
    else:
        manifest = read_manifest(data_dir)
        stats = collect_stats(data_dir, manifest)
        if not stats.tasks:
            raise CardError(f"{str(data_dir)!r} holds no rows")
        layout = "by_task" if manifest.get("layout") == "by_task" else "mixed"  # a downloaded repo folder
        context = card_context(manifest, stats, layout, repo_id, repo_id or str(data_dir), license)
        text = render_card(context)
    validate_card(text, data_dir)
    path = data_dir / "README.md"
    tmp = data_dir / ".README.md.partial"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # a reader never sees half a card
    return path, stats
