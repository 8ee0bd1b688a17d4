"""Dataset cards for generated datasets: Jinja2 templates shipped in the wheel, rendered with StrictUndefined."""

from logicforge.data_cards.card import card_context, render_card, validate_card, write_card
from logicforge.data_cards.source import CardError, Stats, collect_stats, read_manifest

__all__ = ["CardError", "Stats", "card_context", "collect_stats", "read_manifest", "render_card", "validate_card",
           "write_card"]
