"""logicforge: verifiable reasoning data for RL with verifiable rewards."""

from logicforge.tasks import get_task, list_tasks
from logicforge.verifiers.verdict import Verdict

__version__ = "0.4.0"
__all__ = ["Verdict", "__version__", "generate", "get_task", "list_tasks", "verify"]


def generate(*args, **kwargs):
    """Generate a `datasets.Dataset` (or DatasetDict with splits); see `logicforge.tasks.build.generate`."""
    from logicforge.tasks.build import generate as _generate

    return _generate(*args, **kwargs)


def verify(task: str, payload, response) -> Verdict:
    """Score one response for one instance of `task`; never raises.

    >>> verify("word_sorting", {"alphabet": "abcdefghijklmnopqrstuvwxyz", "words": ["b", "a"],
    ...        "descending": False}, "<answer>a, b</answer>").correct
    True
    """
    return get_task(task).verify(payload, response)
