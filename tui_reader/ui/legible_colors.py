"""No text may vanish into its background, whatever the terminal does to the colours.

Themes are designed in truecolor. A terminal with 256 colours, 16 colours
(``TERM=xterm``) or ``NO_COLOR`` (Textual then turns every colour into a grey) rounds
them, and two shades that differed a little (a label colour 233 on a background 234)
can become the same colour: the text is gone. :class:`LegibleColors` is the app's last
line filter: it rounds each colour the way the terminal will (so snapshots show what
the terminal shows), and where the text then lacks contrast against what is under it,
it writes that text in black or white instead, whichever reads better.
"""

from __future__ import annotations

from functools import lru_cache

from rich._palettes import EIGHT_BIT_PALETTE, STANDARD_PALETTE
from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

MIN_CONTRAST = 2.5
"""Below this ratio (WCAG's, 1 to 21) text is rewritten in black or white."""
_BLACK = ColorTriplet(0, 0, 0)
_WHITE = ColorTriplet(255, 255, 255)


def luminance(triplet: ColorTriplet) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = triplet
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: ColorTriplet, second: ColorTriplet) -> float:
    """WCAG contrast ratio of two colours (1: none, 21: black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rounded(color: RichColor, system: ColorSystem | None) -> RichColor:
    """``color`` as a terminal with ``system`` colours shows it, as the truecolor that
    Rich turns back into that very colour number when it writes to the terminal."""
    if system not in (ColorSystem.STANDARD, ColorSystem.EIGHT_BIT):
        return color
    if color.type in (ColorType.DEFAULT, ColorType.STANDARD):
        return color
    reduced = color.downgrade(system)
    if reduced.number is None:
        return color
    palette = STANDARD_PALETTE if system is ColorSystem.STANDARD else EIGHT_BIT_PALETTE
    return RichColor.from_triplet(ColorTriplet(*palette[reduced.number]))


def _blend(color: ColorTriplet, under: ColorTriplet, amount: float) -> ColorTriplet:
    return ColorTriplet(*(round(c + (u - c) * amount) for c, u in zip(color, under, strict=True)))


@lru_cache(4096)
def legible_style(style: Style, background: ColorTriplet, system: ColorSystem | None) -> Style:
    """``style`` with its colours rounded for ``system`` and, when its text would not
    read against its background, a black or white foreground."""
    color = style.color
    bgcolor = style.bgcolor
    if color is not None:
        color = _rounded(color, system)
    if bgcolor is not None:
        bgcolor = _rounded(bgcolor, system)
    rounded = style + Style.from_color(color, bgcolor)
    if color is None or color.type is ColorType.DEFAULT:
        return rounded
    foreground = color.get_truecolor()
    under = (
        bgcolor.get_truecolor()
        if bgcolor is not None and bgcolor.type is not ColorType.DEFAULT
        else background
    )
    if style.reverse:
        foreground, under = under, foreground
    seen = _blend(foreground, under, 0.5) if style.dim else foreground
    if contrast(seen, under) >= MIN_CONTRAST:
        return rounded
    best = max((_BLACK, _WHITE), key=lambda candidate: contrast(candidate, under))
    fixed = RichColor.from_triplet(best)
    if style.reverse:
        return rounded + Style(bgcolor=fixed, dim=False)
    return rounded + Style(color=fixed, dim=False)


class LegibleColors(LineFilter):
    """Round colours as the terminal will, and keep text readable after the rounding."""

    def __init__(self, system: ColorSystem | None) -> None:
        super().__init__()
        self.system = system

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        under = ColorTriplet(background.r, background.g, background.b)
        system = self.system
        result: list[Segment] = []
        for text, style, control in segments:
            if style is not None and not control:
                style = legible_style(style, under, system)
            result.append(Segment(text, style, control))
        return result
