"""[keys] checked against the command table: ids, key names, clashes within a pane."""

from __future__ import annotations

import pytest

from tui_reader.ui.command_table import COMMANDS, all_ids
from tui_reader.ui.user_config import config_spelling, normal_key, resolve_keys


def test_every_default_key_is_a_valid_key_and_spelled_back_the_same() -> None:
    for commands in COMMANDS.values():
        for command in commands:
            for key in command.keys.split(","):
                assert normal_key(key) == key, (command.id, key)
                assert normal_key(config_spelling(key)) == key, (command.id, key)


def test_giving_every_command_its_own_keys_is_no_problem() -> None:
    wanted = {
        command.id: tuple(config_spelling(k) for k in command.keys.split(","))
        for commands in COMMANDS.values()
        for command in commands
    }
    accepted, problems = resolve_keys(wanted)
    assert problems == [] and set(accepted) == set(all_ids())


@pytest.mark.parametrize(
    ("key", "normal"),
    [
        ("?", "question_mark"),
        ("/", "slash"),
        (",", "comma"),
        (" ", "space"),
        ("F", "F"),
        ("ctrl+f", "ctrl+f"),
        ("f5", "f5"),
        ("é", "é"),
        ("alt+left", "alt+left"),
    ],
)
def test_key_spellings(key: str, normal: str) -> None:
    assert normal_key(key) == normal


@pytest.mark.parametrize("key", ["Ctrl+f", "foo", "ctrl+", "", "hyper+nothing", "a,b"])
def test_not_keys(key: str) -> None:
    assert normal_key(key) is None


def test_swapping_two_keys_is_no_clash() -> None:
    accepted, problems = resolve_keys({"star": ("m",), "mark_read": ("s",)})
    assert problems == [] and accepted == {"star": ("m",), "mark_read": ("s",)}


def test_a_refused_entry_gives_its_default_back_which_may_clash_in_turn() -> None:
    # star = "j" clashes with cursor_down; star then keeps "s", which mark_read took.
    accepted, problems = resolve_keys({"mark_read": ("s",), "star": ("j",)})
    assert [p.key for p in problems] == ["keys.star", "keys.mark_read"]
    assert accepted == {}


def test_a_key_in_another_pane_is_no_clash() -> None:
    # "t" is the article's raw text; the list is another pane, so it may open with "t".
    accepted, problems = resolve_keys({"open": ("t",)})
    assert problems == [] and accepted == {"open": ("t",)}


def test_a_shadowed_key_in_one_pane_is_a_clash_named_with_the_pane() -> None:
    _, problems = resolve_keys({"copy_link": ("t",)})
    (problem,) = problems
    assert problem.key == "keys.copy_link"
    assert "raw_text" in problem.message and "the article" in problem.message


def test_default_keys_shared_within_a_pane_are_only_the_known_shadowing() -> None:
    """A new default key (E, P, ...) must not take another command's key in a pane."""
    from tui_reader.ui.command_table import PANE_GROUPS

    shared: set[tuple[str, str, tuple[str, ...]]] = set()
    for pane, groups in PANE_GROUPS.items():
        holders: dict[str, list[str]] = {}
        for group in groups:
            for command in COMMANDS[group]:
                for key in command.keys.split(","):
                    holders.setdefault(key, []).append(command.id)
        shared |= {(pane, key, tuple(ids)) for key, ids in holders.items() if len(ids) > 1}
    # Deliberate layers, innermost first: in the article its own "o" (a link in the
    # body) before the panes' "o", and space scrolls it (as in less) before selecting;
    # Escape leaves the article, then clears the selection, then the filter.
    layered_escape = ("to_list", "clear_selection", "clear_filter")
    assert shared == {
        ("the article", "o", ("open_body_link", "open_link")),
        ("the article", "space", ("scroll_page_down", "select")),
        ("the article", "escape", layered_escape),
        ("the article list", "escape", layered_escape),
        ("the related pane", "escape", layered_escape),
        ("the filter", "escape", ("filter_done", "clear_filter")),
    }
