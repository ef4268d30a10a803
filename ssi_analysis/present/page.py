"""The page's building blocks: sections, blocks (text, note, list, table, figure), numbers as text.

:mod:`ssi_analysis.present.report` and :mod:`ssi_analysis.present.team` both build pages from
these; neither imports the other for them.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.words.format import p_cell

__all__ = [
    "Block",
    "Figure",
    "Section",
    "bullet_list",
    "display_frame",
    "figure",
    "note",
    "number",
    "p_value",
    "table",
    "text",
]


# ---------------------------------------------------------------- the report object


@dataclass
class Block:
    """One piece of a section, of a ``kind``: heading, text, note, list, table or figure.

    ``content`` is a string (heading, text, note), a list of strings (list), a DataFrame of display
    strings (table) or a :class:`Figure` (figure). ``caption`` titles a table.
    """

    kind: str
    content: object
    caption: str = ""


#: The report's matplotlib settings: "small" text is 9.2 points.
REPORT_STYLE = {"font.size": 11.0}
#: A picture's width (inches) on the page: at it, "small" text (9.2 points) is 11 CSS px or
#: more when the picture fills a 360 px phone's column (340 px), so no picture needs to
#: scroll sideways; on a wide screen it is shown at its own width, :data:`DPI` px an inch.
PICTURE_IN = 3.9
#: Pixels an inch of the saved PNG (one CSS px a pixel on a wide screen).
DPI = 120
#: The smallest text a picture may show on screen, in CSS pixels: below it the page gives the
#: picture this much width and lets it scroll sideways in its own box, marked as such.
LEGIBLE_PX = 11.0


@dataclass(frozen=True)
class Figure:
    """An embedded picture: base64 PNG, its alt text (what it shows) and a caption.

    ``width`` is the PNG's width in pixels and ``font_px`` the size of its smallest text in
    those pixels: the page never shows the picture narrower than ``min_width`` (text of
    :data:`LEGIBLE_PX` CSS pixels or more).
    """

    png: str
    alt: str
    caption: str = ""
    width: int = 0
    font_px: float = 0.0

    @property
    def min_width(self) -> int:
        """The narrowest the picture may be shown with its text legible (CSS pixels)."""
        if not self.font_px or not self.width:
            return 0
        return math.ceil(self.width * LEGIBLE_PX / self.font_px)

    @property
    def hint(self) -> int:
        """The widest screen (CSS px) on which the picture scrolls sideways in its box (0: none).

        The page's column is the screen less its padding (0.6 rem a side up to 600 px wide,
        1.2 rem above); on that screen and narrower the picture says it scrolls.
        """
        if not self.min_width:
            return 0
        narrow = self.min_width + 2 * 9.6
        return math.ceil(narrow if narrow <= 600 else self.min_width + 2 * 19.2) - 1


@dataclass
class Section:
    """A titled part of the page; ``key`` identifies it for :meth:`Report.insert`."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def text(content: str) -> Block:
    """Make a paragraph of plain text (escaped when shown)."""
    return Block("text", content)


def note(content: str) -> Block:
    """Make a highlighted paragraph."""
    return Block("note", content)


def bullet_list(items: Iterable[str]) -> Block:
    """Make a bulleted list of plain sentences."""
    return Block("list", list(items))


def table(frame: pd.DataFrame, *, caption: str = "", digits: int = 2) -> Block:
    """Make a table; numbers become display text (no ``nan``, no scientific notation)."""
    return Block("table", display_frame(frame, digits=digits), caption)


def figure(fig, *, alt: str, caption: str = "", tight: bool | None = None) -> Block:
    """Embed a matplotlib figure as PNG with its alt text; the figure is closed."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    # A figure made with layout="constrained" keeps legends outside its axes inside the
    # picture without the second draw "tight" needs (0.2 s a figure).
    engine = fig.get_layout_engine()
    if tight is None:
        tight = engine is None
    dpi = DPI
    fit_text(fig)
    if engine is not None and not tight:
        # Laid out here, once, at the PNG's dpi, then drawn once: savefig would lay the
        # figure out inside a whole draw that renders nothing, then draw it again (the same
        # picture, byte for byte, for about a third less of a figure's time).
        fig.set_dpi(dpi)
        engine.execute(fig)
        if _titles_inside(fig):  # a title pushed off the edge by the layout: wrapped, again
            engine.execute(fig)
        with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    fig.savefig(
        buffer,
        format="png",
        dpi=dpi,
        # zlib's level 3: the same pixels, a third less time than the default 6 to pack
        # them, and for these flat-coloured pictures a file 2-3 % smaller
        pil_kwargs={"compress_level": 3},
        **({"bbox_inches": "tight"} if tight else {}),
    )
    font_px = smallest_text(fig) * dpi / 72
    plt.close(fig)
    png = buffer.getvalue()
    width = int.from_bytes(png[16:20], "big")  # the PNG header's width
    return Block(
        "figure",
        Figure(base64.b64encode(png).decode("ascii"), alt, caption, width, font_px),
    )


def fit_text(fig) -> None:
    """Wrap every title, legend entry and label wider than the figure onto more lines.

    Pictures are drawn phone-narrow (:data:`PICTURE_IN`): a sentence-long title or legend
    entry would otherwise run past the picture's edge (or widen it, with a tight box).
    """
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    # one walk over the figure's artists (each walk asks every axis for its ticks)
    found = fig.findobj(lambda a: isinstance(a, Legend | Text))
    entries = {id(t) for legend in found if isinstance(legend, Legend) for t in legend.get_texts()}
    for t in found:
        if not isinstance(t, Text):
            continue
        said = t.get_text()
        if not said.strip() or not t.get_visible() or not _shown(t):
            continue
        # a legend entry shares its line with the entry's marker; a title is centred on
        # its axes, not on the picture
        room = fig.bbox.width * (0.8 if id(t) in entries else 0.86)
        wide = t.get_window_extent(renderer).width
        if wide <= room:
            continue
        _rewrap(t, room / wide)


def _rewrap(text_, shrink: float) -> None:
    """Wrap each line of a text at ``shrink`` times its longest line's characters (>= 8)."""
    lines = text_.get_text().split("\n")
    chars = max(8, int(max(len(line) for line in lines) * shrink))
    text_.set_text("\n".join(textwrap.fill(line, chars) for line in lines))


def _titles_inside(fig) -> bool:
    """Wrap each axes title the layout left running off the picture; say whether any was.

    A title is centred on its axes: wide tick labels on the left (money: "USD 140,000")
    push the axes, and the title with it, to the right, so a title narrower than the picture
    (:func:`fit_text`) can still run past its right edge. It may be as wide as twice the
    room from its centre to the nearer edge.
    """
    renderer = fig.canvas.get_renderer()
    width, changed = fig.bbox.width, False
    for ax in fig.axes:
        title = ax.title
        said = title.get_text()
        if not said.strip() or not title.get_visible():
            continue
        box = title.get_window_extent(renderer)
        if box.x0 >= 0 and box.x1 <= width:
            continue
        centre = (box.x0 + box.x1) / 2
        room = 1.96 * min(centre, width - centre)
        if room <= 0:
            continue
        _rewrap(title, room / box.width)
        changed = True
    return changed


def smallest_text(fig) -> float:
    """Return the size (points) of the smallest text a figure shows (0 when it shows none)."""
    from matplotlib.text import Text

    sizes = [
        t.get_fontsize()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and _shown(t)
    ]
    return float(min(sizes)) if sizes else 0.0


def _shown(text_) -> bool:
    """Whether a text is drawn: its own axes (and the axis it labels) are visible."""
    axes = text_.axes
    if axes is not None and not axes.get_visible():
        return False
    return text_.get_figure() is not None


# ---------------------------------------------------------------- numbers as display text


def number(value: object, digits: int = 2) -> str:
    """Show a number without scientific notation; missing values are empty.

    Examples
    --------
    >>> number(7.89e-07, 3), number(float("nan")), number(12345.6), number(0.4567)
    ('0.000', '', '12,346', '0.46')
    >>> number(3), number(True)
    ('3', 'yes')
    """
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            return ""
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.{digits}f}"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return "" if pd.isna(value) else str(value)


def p_value(value: float) -> str:
    """Show a p-value in a table cell by the kit's one rule (``words.format.p_cell``).

    Examples
    --------
    >>> p_value(7.89e-07), p_value(0.0312), p_value(0.0496), p_value(float("nan"))
    ('< 0.001', '0.03', '0.0496', '')
    """
    return p_cell(value)


def display_frame(frame: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
    """Return the frame as text cells: p-values as ``< 0.001``, no ``nan``, dates as days.

    Counting columns (lags, windows, people; :data:`~ssi_analysis.present.export.INTEGER_COLUMNS`)
    show as whole numbers, as in the CSV: a lag of 4 is "4", never "4.00".

    Examples
    --------
    >>> display_frame(pd.DataFrame({"window": [4.0, None], "r": [0.5, 0.25]})).values.tolist()
    [['4', '0.50'], ['', '0.25']]
    """
    from ssi_analysis.present.export import whole_numbers

    frame = whole_numbers(frame)
    shown = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        values = frame[column].tolist()
        is_p = str(column).startswith("p") and str(column).split("_")[0] in ("p", "p adj")
        is_p = is_p or str(column) in (
            "p_adj", "p_tost", "between_p", "between_p_adj", "adjusted p", "differ_p",
            "differ_p_adj",
        )  # fmt: skip
        if is_p:
            shown[str(column)] = [
                p_value(v) if isinstance(v, int | float | np.number) else number(v) for v in values
            ]
        else:
            shown[str(column)] = [number(v, digits) for v in values]
    return shown


def template(path: Path):
    """Return the Jinja2 template at ``path``, loaded as every page of the kit loads its own.

    Autoescape on (a name or a note is text, never markup), a missing value an error (not an
    empty string on the page), and block tags that leave no blank lines.
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(path.parent)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(path.name)
