"""How derived values read wherever they are shown (screens, report, command line).

Light (no pydantic), since Home shows scores before the data models are loaded.
"""

from __future__ import annotations


def score_text(score: float | None) -> str:
    """A score as every screen and the report print it."""
    return "—" if score is None else f"{score:.1f} %"
