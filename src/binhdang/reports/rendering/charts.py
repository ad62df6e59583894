"""Charts as PNG pictures for documents (and the web page), drawn with matplotlib's Agg canvas.

No pyplot: a Figure with its own canvas keeps no global state, so it is safe in a threaded server and
imports faster. The text uses Liberation Serif (metrics of Times New Roman, as the document) with
DejaVu as a fallback, both of which have every Vietnamese letter.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from binhdang.reports.rendering.content import Chart, RenderError, clean_text, format_number

CHART_KINDS = ("bar", "line", "barh", "stacked")
# Muted colours that stay apart when printed in grey; the first is the one most reports show alone.
COLOURS = ("#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#d4a017")
TARGET_COLOUR = "#b22222"
ASPECT = 0.56  # height / width of a vertical chart
FONT_PT = 9
# matplotlib's rc settings are process-wide; one chart at a time keeps a thread from drawing with
# another's settings half restored (a chart takes a tenth of a second).
_DRAWING = threading.Lock()


VIETNAMESE_LETTERS = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


@lru_cache(maxsize=1)
def _font_families() -> list[str]:
    """Liberation Serif when it has the Vietnamese letters (version 2 has, 1.07 has not), else DejaVu
    first, so a word is not set in two fonts; the others follow as per-glyph fallbacks."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    wanted = ("Liberation Serif", "DejaVu Serif", "DejaVu Sans")
    letters = [ord(letter) for letter in VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()]
    complete, partial = [], []
    for name in wanted:
        files = [entry.fname for entry in font_manager.fontManager.ttflist if entry.name == name]
        if not files:
            continue
        try:
            # Every file of the family must cover: matplotlib may pick any of them (bold, an old version).
            covers = all(all(code in FT2Font(path).get_charmap() for code in letters) for path in files)
        except (OSError, RuntimeError):
            covers = False
        (complete if covers else partial).append(name)
    return complete + partial or ["DejaVu Sans"]  # matplotlib ships DejaVu Sans


def _label(text: str, width: int, lines: int) -> str:
    wrapped = textwrap.wrap(clean_text(text), width) or [" "]
    if len(wrapped) > lines:
        wrapped = wrapped[: lines - 1] + [textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder="…")]
    return "\n".join(wrapped)


def _number(value: float, unit: str) -> str:
    text = format_number(value, 1)
    return f"{text}{unit}" if unit == "%" else text


def _values(values: list[float | None], count: int) -> list[float]:
    numbers = []
    for value in list(values)[:count] + [None] * (count - len(values)):
        try:
            number = float(value) if value is not None else math.nan
        except (TypeError, ValueError):
            number = math.nan
        numbers.append(number if math.isfinite(number) else math.nan)
    return numbers


def chart_size_px(chart: Chart, width_cm: float = 15, dpi: int = 150) -> tuple[int, int]:
    """The picture's size in pixels: `width_cm` wide; a horizontal bar chart grows with its categories."""
    width_in = width_cm / 2.54
    height_in = width_in * ASPECT
    if chart.kind == "barh":
        rows = 0.9 + 0.22 * len(chart.categories) * max(1, len(chart.series)) ** 0.5
        height_in = min(max(height_in, rows), 22 / 2.54)  # never taller than most of a page
    return round(width_in * dpi), round(height_in * dpi)


def chart_png(chart: Chart, width_cm: float = 15, dpi: int = 150) -> bytes:
    """The chart as a PNG `width_cm` wide at `dpi`; the target, if any, as a dashed line."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    if chart.kind not in CHART_KINDS:
        raise RenderError(
            _("Unknown kind of chart “%(kind)s”; use one of %(kinds)s.")
            % {"kind": clean_text(chart.kind), "kinds": ", ".join(CHART_KINDS)}
        )
    if not (1 <= width_cm <= 60 and 50 <= dpi <= 600):
        raise RenderError(_("A chart must be 1 to 60 cm wide, at 50 to 600 dpi."))
    width_px, height_px = chart_size_px(chart, width_cm, dpi)
    categories = [clean_text(category) for category in chart.categories]
    count = len(categories)
    series = [(clean_text(name), _values(values, count)) for name, values in chart.series]
    unit = clean_text(chart.unit)
    style = {
        "font.family": _font_families(),
        "font.size": FONT_PT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
    }
    with _DRAWING, rc_context(style):
        figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        formatter = FuncFormatter(lambda value, _position: _number(value, unit))
        positions = list(range(count))
        if chart.kind == "line":
            _line(axes, positions, series)
        else:
            _bars(axes, chart.kind, positions, series)
        horizontal = chart.kind == "barh"
        value_axis = axes.xaxis if horizontal else axes.yaxis
        value_axis.set_major_formatter(formatter)
        if horizontal:
            # Labels as large as the rows allow: two lines where there is room, else one, shortened.
            row_pt = height_px / dpi * 72 * 0.8 / max(count, 1)
            size = min(FONT_PT, max(5.0, row_pt * 0.75))
            lines = 2 if row_pt >= 2.3 * size else 1
            labels = [_label(category, 30, lines) for category in categories]
            axes.set_yticks(positions, labels, fontsize=size)
            axes.invert_yaxis()  # the first category on top, as in the table
        else:
            width = max(8, int(90 / max(count, 1)))
            axes.set_xticks(positions, [_label(category, width, 3) for category in categories])
            if count > 8:
                for tick in axes.get_xticklabels():
                    tick.set_rotation(45)
                    tick.set_horizontalalignment("right")
        if chart.target is not None and math.isfinite(float(chart.target)):
            target = float(chart.target)
            label = f"Mục tiêu: {_number(target, unit)}"
            if horizontal:
                axes.axvline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, label=label)
            else:
                axes.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, label=label)
        if unit and unit != "%":
            (axes.set_xlabel if horizontal else axes.set_ylabel)(unit)
        axes.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        if len(series) > 1 or chart.target is not None:
            # Above the plot, where it never hides a bar or the target line.
            handles = len(series) + (chart.target is not None)
            axes.legend(frameon=False, fontsize=FONT_PT - 1, loc="lower left", bbox_to_anchor=(0, 1.0),
                        ncols=min(handles, 4), borderaxespad=0.2)  # fmt: skip
        figure.tight_layout(pad=0.4)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _line(axes: Any, positions: list[int], series: list[tuple[str, list[float]]]) -> None:
    for index, (name, values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        axes.plot(positions, values, marker="o", color=colour, linewidth=1.6, markersize=4, label=name or None)
    axes.set_ylim(bottom=0)


def _bars(axes: Any, kind: str, positions: list[int], series: list[tuple[str, list[float]]]) -> None:
    horizontal = kind == "barh"
    draw = axes.barh if horizontal else axes.bar
    if kind == "stacked":
        bottoms = [0.0] * len(positions)
        for index, (name, values) in enumerate(series):
            heights = [0.0 if math.isnan(value) else value for value in values]
            axes.bar(positions, heights, 0.6, bottom=bottoms, color=COLOURS[index % len(COLOURS)], label=name or None)
            bottoms = [bottom + height for bottom, height in zip(bottoms, heights, strict=True)]
        return
    groups = max(len(series), 1)
    width = 0.8 / groups
    for index, (name, values) in enumerate(series):
        offset = (index - (groups - 1) / 2) * width
        places = [position + offset for position in positions]
        heights = [0.0 if math.isnan(value) else value for value in values]
        bars = draw(places, heights, width, color=COLOURS[index % len(COLOURS)], label=name or None)
        # Value labels only while they stay legible; a missing value is marked "—", not drawn as 0.
        if len(positions) * groups <= 24:
            labels = ["—" if math.isnan(value) else _number(value, "") for value in values]
            axes.bar_label(bars, labels, padding=2, fontsize=FONT_PT - 2)
