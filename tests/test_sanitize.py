"""Feed text is made safe once, in the data layer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui_reader.data.sanitize import (
    clean_block,
    clean_line,
    clean_value,
    display_line,
    display_name,
    display_text,
    fold,
    is_display_safe,
    neutralise_entities,
)

HOSTILE = [
    ("\x1b]52;c;ZXZpbA==\x07Title", "Title"),  # OSC 52: writes the clipboard
    ("\x1b]52;c;ZXZpbA==\x1b\\Title", "Title"),  # OSC 52 with ST
    ("Red \x1b[31mtext\x1b[0m", "Red text"),  # CSI colours
    ("a\x9b31mb", "ab"),  # 8-bit CSI
    ("x\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\y", "xy"),  # DCS passthrough
    ("bell\x07", "bell"),
    ("del\x7f", "del"),
    ("c1\x85x\x90y", "c1 xy"),  # NEL is a line break: a space; other C1 removed
    ("abc\u202edcba", "abcdcba"),  # RLO bidi override
    ("\u2066iso\u2069\u200e\u200f\u061c", "iso"),
    ("\ufeffBOM", "BOM"),
    ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ("tab\tand\nnewline", "tab and newline"),
    ("  many   spaces  ", "many spaces"),
]


@pytest.mark.parametrize(("raw", "clean"), HOSTILE)
def test_clean_line_removes_controls(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


def test_clean_block_keeps_newlines_and_tabs() -> None:
    assert clean_block("a\r\n\tb\x1b[2Jc\rd\u202e") == "a\n\tbc\nd"


def test_clean_value_recurses_into_extra_metadata() -> None:
    value = {"k\x1b": ["x\x07", {"y": "\u202ez"}], "n": 3, "none": None}
    assert clean_value(value) == {"k": ["x", {"y": "z"}], "n": 3, "none": None}


def test_no_control_character_survives_any_input() -> None:
    everything = "".join(chr(code) for code in range(0x00, 0x250)) + "\u202a\u2066\ufeff"
    for result in (clean_line(everything), clean_block(everything)):
        assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in result)
        assert not any(0x7F <= ord(ch) < 0xA0 for ch in result)
        assert "\u202a" not in result and "\u2066" not in result and "\ufeff" not in result


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Ça Marché ÉTÉ") == "ca marche ete"
    assert fold("ASCII Only") == "ascii only"


EVERYTHING = "".join(chr(code) for code in range(0x00, 0x250)) + "\u202a\u2066\ufeff\udce9\ud800"


@pytest.mark.parametrize("sanitise", [display_text, display_line, display_name])
def test_display_sanitisers_are_safe_and_idempotent(sanitise: Callable[[str], str]) -> None:
    shown = sanitise(EVERYTHING)
    assert all(is_display_safe(char) for char in shown)
    assert sanitise(shown) == shown
    assert sanitise("Plain title, ünïcode 字") == "Plain title, ünïcode 字"


def test_display_name_makes_controls_visible() -> None:
    assert display_name("b1\x1b]52;c;QQ==\x07\n\u202e\udce9.md") == (
        "b1\\x1b]52;c;QQ==\\x07\\x0a\\u202e\ufffd.md"
    )
    assert display_line("a\nb\x1b]0;T\x07c") == "a bc"


def test_entities_that_decode_to_controls_are_neutralised() -> None:
    text = "&#x202e; &rlm; &#27; &#x1b; &#13; &#0; &#99999999; &amp; &lt; &eacute; &#x41;"
    assert neutralise_entities(text) == (
        "\ufffd \ufffd \ufffd \ufffd \ufffd \ufffd \ufffd &amp; &lt; &eacute; &#x41;"
    )


def test_clean_line_keeps_every_printable_character() -> None:
    # What makes ordinary text cheap to clean: only unprintable characters change.
    kept = [chr(code) for code in range(0x110000) if chr(code).isprintable()]
    text = "".join(kept)
    assert clean_line(text) == text.strip()
    assert all(clean_line(f"a{char}b") == f"a{char}b" for char in kept[::97])
