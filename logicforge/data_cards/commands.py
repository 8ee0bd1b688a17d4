"""The `logicforge card` and `logicforge push` commands: parse arguments, call data_cards and publish."""

from __future__ import annotations

import click

from logicforge.cli_util import friendly

_LICENSE_HELP = "License id written into the card's front matter (a Hub license id)."


@click.command("card")
@click.argument("data_dir", type=click.Path())
@click.option("--repo", default=None, help="Hub repo id user/name to name in the card's snippets and citation.")
@click.option("--license", "license_", default="apache-2.0", show_default=True, help=_LICENSE_HELP)
@friendly
def card(data_dir, repo, license_):
    """(Re)write DATA_DIR/README.md: a dataset card for a dir written by `logicforge generate`."""
    from logicforge.data_cards.card import write_card
    from logicforge.publish import check_repo_id

    if repo is not None:
        check_repo_id(repo)
    path, stats = write_card(data_dir, repo, license_)
    click.echo(f"wrote {path} ({stats.rows()} rows; tasks: {', '.join(stats.tasks)})")


@click.command("push")
@click.argument("data_dir", type=click.Path())
@click.option("--repo", required=True, help="Hub dataset repo id, user/name (created if missing).")
@click.option("--private", is_flag=True, help="Create the repo private (an existing repo keeps its visibility).")
@click.option("--revision", default=None, help="Branch to push to, created if missing (default: main).")
@click.option("--dry-run", is_flag=True, help="Build the folder and list what would be uploaded; no network.")
@click.option("--folder", type=click.Path(), default=None,
              help="Where to build the repo folder (default: DATA_DIR-hub beside DATA_DIR); kept afterwards.")
@click.option("--license", "license_", default="apache-2.0", show_default=True, help=_LICENSE_HELP)
@friendly
def push(data_dir, repo, private, revision, dry_run, folder, license_):
    """Publish DATA_DIR to the Hub: Parquet per task and split, README.md card, manifest.json, mix.yaml.

    The token comes from `hf auth login` or HF_TOKEN. The upload replaces the repo's data/ files.
    """
    from logicforge.publish import push as push_dataset

    result = push_dataset(data_dir, repo, folder, private, revision, dry_run, license_)
    size = sum(n for _, n in result.files)
    click.echo(f"built {result.folder} ({len(result.files)} files, {size / 1e6:.2f} MB; "
               f"{result.stats.rows()} rows; configs: {', '.join(result.stats.configs)})")
    if result.url is not None:
        click.echo(f"pushed to https://huggingface.co/datasets/{repo} ({result.url})")
        return
    visibility = "private" if private else "default visibility"
    click.echo(f"dry run: would create dataset repo {repo} ({visibility}) if missing and upload to "
               f"{revision or 'main'}, replacing its data/ files:")
    for path, nbytes in result.files:
        click.echo(f"  {path}  ({nbytes} bytes)")
