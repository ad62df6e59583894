"""The statistical annex (.xlsx), charts (PNG) and Vietnamese number formatting."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from PIL import Image

from binhdang.reports.rendering import Chart, RenderError, Table, chart_png, format_number, render_xlsx
from binhdang.reports.rendering.charts import TARGET_COLOUR

# --- Numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (45.5, "45,5"),
        (45.25, "45,25"),
        (12.0, "12"),
        (0.333333, "0,33"),
        (1234567.891, "1.234.567,89"),
        (-1234.5, "-1.234,5"),
        (Decimal("45.50"), "45,5"),
        (0, "0"),
        (None, "—"),
        (float("nan"), "—"),
        ("<5", "<5"),
        ("Văn phòng Sở", "Văn phòng Sở"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, expected):
    assert format_number(value) == expected


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_any_whole_number_reads_back_from_its_vietnamese_form(number):
    text = format_number(number)
    assert "," not in text
    assert int(text.replace(".", "")) == number


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_any_decimal_reads_back_to_two_places(value):
    text = format_number(value)
    assert float(text.replace(".", "").replace(",", ".")) == pytest.approx(round(value, 2), abs=1e-9)


def test_decimals_can_be_limited():
    assert format_number(45.456, 1) == "45,5"
    assert format_number(2 / 3, 0) == "1"


# --- The statistical annex -------------------------------------------------------------------------


def _tables() -> list[Table]:
    return [
        Table(
            "Số liệu theo cơ quan",
            ["STT", "Cơ quan", "Tổng số", "Nữ", "Tỷ lệ nữ (%)"],
            [[1, "Sở Nội vụ", 1234, 500, 40.5], [2, "Sở Y tế", 85, None, None], [None, "Tổng", 1319, 500, 37.9]],
            total_row=True,
            notes="Nguồn: cơ sở dữ liệu cán bộ.",
        ),
        Table("Công thức?", ["A", "B"], [["=1+1", "@SUM(A1)"]]),
        Table("Rộng", [f"Cột {i}" for i in range(1, 11)], [list(range(1, 11))]),
    ]


@pytest.fixture(scope="module")
def workbook():
    return load_workbook(io.BytesIO(render_xlsx(_tables(), "Phụ lục I: Số liệu năm 2026")))


def test_each_table_is_a_sheet_named_after_its_caption(workbook):
    assert workbook.sheetnames == ["Số liệu theo cơ quan", "Công thức", "Rộng"]


def test_the_sheet_has_the_title_the_caption_and_a_bold_frozen_header(workbook):
    sheet = workbook["Số liệu theo cơ quan"]
    assert sheet["A1"].value == "Phụ lục I: Số liệu năm 2026"
    assert sheet["A2"].value == "Số liệu theo cơ quan"
    header = [cell.value for cell in sheet[4]]
    assert header == ["STT", "Cơ quan", "Tổng số", "Nữ", "Tỷ lệ nữ (%)"]
    assert all(cell.font.b for cell in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"


def test_numbers_stay_numbers_and_missing_values_are_dashes(workbook):
    sheet = workbook["Số liệu theo cơ quan"]
    assert [cell.value for cell in sheet[5]] == [1, "Sở Nội vụ", 1234, 500, 40.5]
    assert sheet["C5"].number_format == "#,##0"
    assert sheet["E5"].number_format == "#,##0.0#"
    assert sheet["C5"].alignment.horizontal == "right"
    assert [cell.value for cell in sheet[6]] == [2, "Sở Y tế", 85, "—", "—"]
    assert all(cell.font.b for cell in sheet[7])  # the total row
    assert not any(cell.font.b for cell in sheet[5])
    assert sheet["A9"].value == "Nguồn: cơ sở dữ liệu cán bộ."


def test_text_that_looks_like_a_formula_stays_text(workbook):
    sheet = workbook["Công thức"]
    assert sheet["A5"].value == "=1+1"
    assert sheet["A5"].data_type == "s"


def test_wide_tables_print_in_landscape(workbook):
    assert workbook["Rộng"].page_setup.orientation == "landscape"
    assert workbook["Số liệu theo cơ quan"].page_setup.orientation == "portrait"


def test_sheet_names_can_be_given_and_are_made_valid_and_unique():
    tables = [Table("a", ["x"], [[1]]), Table("b", ["x"], [[2]]), Table("c", ["x"], [[3]])]
    names = load_workbook(io.BytesIO(render_xlsx(tables, "T", ["Sở Y tế: 2026/H1", "Sở Y tế: 2026/H1", ""]))).sheetnames
    assert names == ["Sở Y tế  2026 H1", "Sở Y tế  2026 H1 (2)", "c"]


def test_an_empty_annex_is_still_a_workbook():
    assert load_workbook(io.BytesIO(render_xlsx([], "Không có số liệu"))).sheetnames == ["Bảng 1"]


# --- Charts ----------------------------------------------------------------------------------------


def _image(png: bytes) -> Image.Image:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(png)).convert("RGB")


def _share(image: Image.Image, test) -> float:
    data = image.tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3], strict=True))
    return sum(1 for pixel in pixels if test(pixel)) / len(pixels)


def _not_white(pixel) -> bool:
    return min(pixel) < 235


def _target_red(pixel) -> bool:
    red, green, blue = (int(TARGET_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    return abs(pixel[0] - red) < 30 and abs(pixel[1] - green) < 30 and abs(pixel[2] - blue) < 30


CHART = Chart("Tỷ lệ nữ trong quy hoạch", "bar", ["Sở Nội vụ", "Sở Y tế", "Xã Hữu Lũng"],
              [("2025", [38.0, 41.5, None]), ("2026", [45.5, 39.0, 50.0])], target=40)  # fmt: skip


@pytest.mark.parametrize("kind", ["bar", "line", "barh", "stacked"])
def test_every_kind_of_chart_is_a_png_of_the_asked_width_with_something_drawn(kind):
    image = _image(chart_png(Chart(CHART.title, kind, CHART.categories, CHART.series, target=40), 15, 150))
    assert image.width == round(15 / 2.54 * 150)
    assert image.height >= image.width * 0.5
    assert _share(image, _not_white) > 0.03


def test_the_target_is_drawn_as_a_dashed_red_line_only_when_there_is_one():
    with_target = _image(chart_png(CHART, 15, 100))
    without = _image(chart_png(Chart(CHART.title, "bar", CHART.categories, CHART.series), 15, 100))
    assert _share(with_target, _target_red) > 0.001
    assert _share(without, _target_red) == 0
    # Dashed: along the target row the red comes and goes.
    rows = [y for y in range(with_target.height) if sum(_target_red(with_target.getpixel((x, y))) for x in
            range(with_target.width)) > with_target.width * 0.2]  # fmt: skip
    assert rows
    line = [_target_red(with_target.getpixel((x, rows[0]))) for x in range(with_target.width)]
    changes = sum(1 for a, b in zip(line, line[1:], strict=False) if a != b)
    assert changes > 10


def test_a_horizontal_chart_of_many_agencies_grows_taller_but_not_past_a_page():
    agencies = [f"Cơ quan số {i}" for i in range(40)]
    image = _image(chart_png(Chart("Tỷ lệ", "barh", agencies, [("2026", [float(i) for i in range(40)])]), 15, 100))
    assert image.height > image.width
    assert image.height <= round(22 / 2.54 * 100) + 1


def test_a_chart_without_data_is_still_a_picture():
    image = _image(chart_png(Chart("Trống", "line", [], []), 10, 100))
    assert image.width == round(10 / 2.54 * 100)


def test_an_unknown_kind_of_chart_is_refused():
    with pytest.raises(RenderError):
        chart_png(Chart("Tỷ lệ", "pie", ["a"], [("x", [1.0])]))
