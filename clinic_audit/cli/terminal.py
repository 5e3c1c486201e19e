"""Text from files and the store, made safe to print on a terminal.

A portable file comes from someone else: a facility name or an id holding ESC or a
newline could recolour, move or rewrite what the inspector's terminal shows. ``safe``
shows such characters escaped instead (``\\x1b``, ``\\n``). Letters of any script, emoji and
their joiners are left alone: only characters that control the display are escaped.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (C1 holds CSI, U+009B, an escape sequence on its own), the
# line and paragraph separators, and the bidirectional embeddings, overrides and
# isolates, which reorder how the rest of a line reads.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe(text: object) -> str:
    """``text`` with every control character shown as its escape, e.g. ESC as ``\\x1b``."""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
