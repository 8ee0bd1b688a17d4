"""Training and evaluation: verifier rewards, a TRL GRPO recipe, SFT, pass@k eval, a local tiny model.

Heavy dependencies (torch, trl, transformers) are imported lazily inside each module's functions, so
`import logicforge.train` works without the `[train]` extra.
"""

INSTALL_HINT = "this needs the training extra: pip install 'logicforge[train]'"


def require(module: str):
    """Import `module` or raise ImportError with the install hint (one line for people)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{module} is not installed; {INSTALL_HINT}") from exc
