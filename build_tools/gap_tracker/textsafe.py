"""Characters that hide, reorder or break text, defined once for every place text comes in or goes out.

Data files (:mod:`gap_tracker.yaml_load`) refuse them; git history (:mod:`gap_tracker.history`)
replaces them; outputs that have their own syntax escape for it: :func:`xml_safe` for XML (the
feeds), :func:`one_line` for line-based outputs (terminal text, workflow commands, table cells).

``LINE_BREAKS`` is every character that some reader treats as the end of a line: Python's
``str.splitlines`` set (``\\n \\r \\v \\f``, the file/group/record separators ``\\x1c-\\x1e``, NEL
``\\x85``, and the Unicode line and paragraph separators ``\\u2028 \\u2029``).
"""

from __future__ import annotations

import re

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
CONTROL_RANGES = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""C0 controls except tab, line feed and carriage return; DEL; every C1 control (NEL included)."""
BIDI_RANGES = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidirectional marks, embeddings, overrides and isolates (the "Trojan Source" characters)."""
INVISIBLE_RANGES = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2065\u206a-\u206f\u3164"
    "\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
)
"""Zero-width and invisible characters: Unicode's default-ignorable code points (which a font draws as
nothing) other than the bidirectional ones above and the variation selectors an emoji or an ideograph
needs: soft hyphen, zero-width space/joiners, word joiner, invisible operators, Hangul and Khmer
fillers, Mongolian variation selectors, deprecated format characters, zero-width no-break space (a
byte-order mark inside text), interlinear annotation marks, shorthand and musical format controls, tag
characters."""
OTHER_RANGES = "\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
"""Line/paragraph separators, lone surrogates and non-characters (U+FDD0-U+FDEF and the last two code
points of every plane)."""

PASTED_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width characters that a copy from a web page brings along: as typed characters in a data file
they are a warning (:mod:`gap_tracker.rules_text`); written as an escape (``"\\u200b"``) they are refused."""

HIDDEN = re.compile(f"[{CONTROL_RANGES}{BIDI_RANGES}{INVISIBLE_RANGES}{OTHER_RANGES}]")
"""What no value may contain: every character above."""
_LINE_BREAK = re.compile(f"\r\n|[{LINE_BREAKS}]")
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def describe_character(char: str) -> str:
    """``control character U+0007`` and the like: what was found, in words, with its code point."""
    code = f"U+{ord(char):04X}"
    if re.fullmatch(f"[{BIDI_RANGES}]", char):
        return f"invisible bidirectional-control character {code}"
    if re.fullmatch(f"[{INVISIBLE_RANGES}]", char):
        return f"invisible (zero-width) character {code}"
    if char in LINE_BREAKS:
        return f"line-break character {code}"
    if re.fullmatch(f"[{CONTROL_RANGES}]", char):
        return f"control character {code}"
    return f"character {code}, which is not text"


def xml_safe(text: str) -> str:
    """Text that XML 1.0 can hold: each character XML forbids (most controls, lone surrogates,
    U+FFFE/U+FFFF) becomes U+FFFD. Use it on every string that goes into an XML document."""
    return _XML_INVALID.sub(REPLACEMENT, text)


def clean(text: str) -> str:
    """Text from outside the data (git subjects, author names) with every hidden character and line
    break replaced by U+FFFD: visible that something was there, unable to act."""
    return HIDDEN.sub(REPLACEMENT, _LINE_BREAK.sub(REPLACEMENT, text))


def one_line(text: str, newline: str = "\\n") -> str:
    """Text on one line: each line break (any of ``LINE_BREAKS``, CRLF as one) becomes ``newline``."""
    return _LINE_BREAK.sub(newline, text)
