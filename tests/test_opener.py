"""The decision for ``o``: browser on a desktop, copy over SSH or without a display."""

from __future__ import annotations

import webbrowser

import pytest

from tui_reader.terminal.opener import (
    OpenAction,
    decide_open,
    is_text_browser,
    open_in_background,
)

URL = "https://example.org/story"


def gui_browser() -> webbrowser.BaseBrowser:
    return webbrowser.BackgroundBrowser("firefox")


def no_browser() -> webbrowser.BaseBrowser:
    raise webbrowser.Error("could not locate runnable browser")


@pytest.mark.parametrize(
    ("env", "platform", "action"),
    [
        ({"DISPLAY": ":0"}, "linux", OpenAction.BROWSER),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", OpenAction.BROWSER),
        ({}, "darwin", OpenAction.BROWSER),
        ({}, "win32", OpenAction.BROWSER),
        ({}, "linux", OpenAction.COPY),
        ({"DISPLAY": ""}, "freebsd14", OpenAction.COPY),
        (
            {"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.2 5022 10.0.0.1 22"},
            "linux",
            OpenAction.COPY,
        ),
        ({"DISPLAY": "localhost:10.0", "SSH_TTY": "/dev/pts/3"}, "linux", OpenAction.COPY),
        ({"SSH_CONNECTION": "10.0.0.2 5022 10.0.0.1 22"}, "darwin", OpenAction.COPY),
    ],
)
def test_decision_by_environment(env: dict[str, str], platform: str, action: OpenAction) -> None:
    decision = decide_open(URL, env, platform=platform, find_browser=gui_browser)
    assert decision.action is action and decision.url == URL


def test_ssh_decision_never_looks_for_a_browser() -> None:
    decision = decide_open(
        URL, {"SSH_TTY": "/dev/pts/1"}, platform="linux", find_browser=no_browser
    )
    assert decision.action is OpenAction.COPY and "SSH" in decision.reason


def test_no_browser_found_copies() -> None:
    decision = decide_open(URL, {"DISPLAY": ":0"}, platform="linux", find_browser=no_browser)
    assert decision.action is OpenAction.COPY


@pytest.mark.parametrize(
    "browser",
    [
        webbrowser.GenericBrowser("lynx"),
        webbrowser.GenericBrowser("/usr/bin/w3m"),
        webbrowser.GenericBrowser("www-browser"),
        webbrowser.GenericBrowser("links2 -g"),
        webbrowser.Elinks("elinks"),
    ],
)
def test_console_browsers_are_never_launched(browser: webbrowser.BaseBrowser) -> None:
    assert is_text_browser(browser)
    decision = decide_open(URL, {"DISPLAY": ":0"}, platform="linux", find_browser=lambda: browser)
    assert decision.action is OpenAction.COPY


def test_a_gui_browser_is_not_a_text_browser() -> None:
    assert not is_text_browser(webbrowser.BackgroundBrowser("/usr/bin/firefox"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "mailto:a@b"])
def test_non_http_is_refused_everywhere(url: str) -> None:
    decision = decide_open(url, {"DISPLAY": ":0"}, platform="linux", find_browser=gui_browser)
    assert decision.action is OpenAction.REFUSE


def test_open_in_background_refuses_non_http_before_starting_anything() -> None:
    with pytest.raises(ValueError, match="only http"):
        open_in_background("file:///etc/passwd")
