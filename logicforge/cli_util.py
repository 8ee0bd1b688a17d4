"""Helpers shared by every CLI module: one-line errors with exit code 2, `k=v` parsing."""

from __future__ import annotations

import functools
import sys

import click

EXIT_BAD_INPUT = 2


class WholeHelpGroup(click.Group):
    """A command group whose `--help` lists each command's whole first sentence, wrapped, instead of
    click's cut at the terminal width (`Generate a dataset (sharded files, written atomically, plus...`)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def friendly(fn):
    """Turn expected errors (bad task, knob, file, disk) into one line and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:  # output piped into `head`: not an error worth a message
            sys.exit(0)
        except (ValueError, OSError, KeyError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            if isinstance(exc, OSError) and exc.strerror:
                message = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
            click.echo(f"logicforge: error: {message}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def parse_kv(items: tuple[str, ...]) -> dict[str, str]:
    """`("a=1", "b=x")` -> {"a": "1", "b": "x"}."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"bad --param {item!r}; expected name=value")
        out[key.strip()] = value.strip()
    return out
