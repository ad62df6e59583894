"""The conventions of docs/ingestion.md, one rule at a time, on small made-up plans."""

from __future__ import annotations

import pytest

from binhdang.plans.ingest import indicator_for, parse_plan
from binhdang.plans.ingest.schedule import class_dates

HEAD = "Số: 12/KH-SNV\nHà Giang, ngày 02 tháng 3 năm 2022\nKẾ HOẠCH\nCông tác bình đẳng giới giai đoạn 2021 - 2030\n"


def plan(body: str, head: str = HEAD) -> dict:
    return parse_plan(head + body)


def objectives(*items: str) -> dict:
    return plan("I. MỤC TIÊU\n2. Mục tiêu cụ thể\n" + "\n".join(items) + "\nII. NHIỆM VỤ\n1. Tuyên truyền\n")


def targets(*items: str) -> list[tuple]:
    return [(t["value"], t["comparator"], t["year"]) for t in objectives(*items)["targets"]]


# --- Header -------------------------------------------------------------------------------------------------


def test_number_loses_the_spaces_around_slash_and_dash_but_keeps_them_as_printed():
    draft = plan("", head="Số: 822 / QĐ - BYT\nHà Nội, ngày 5 tháng 3 năm 2021\nKẾ HOẠCH\nVề việc\n")

    assert (draft["number"], draft["number_as_printed"]) == ("822/QĐ-BYT", "822 / QĐ - BYT")


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Hà Giang, ngày 06 tháng 9 năm 2021", "2021-09-06"),
        ("Hà Giang, ngày tháng 5 năm 2022", "2022-05"),
        ("Hà Giang, ngày tháng năm 2021", "2021"),
        ("Hà Giang, ngày ... tháng ... năm 2021", "2021"),
        ("Hà Giang, ngày 31 tháng 2 năm 2021", None),
    ],
)
def test_date_as_far_as_it_is_filled_in(line, date):
    draft = parse_plan(f"Số: 1/KH-X\n{line}\nKẾ HOẠCH\nVề việc\n")

    assert draft["date"] == date
    assert draft["place"] == "Hà Giang"


def test_header_block_names_the_issuer_in_the_preambles_spelling():
    draft = parse_plan(
        "UBND TỈNH HÀ GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-SNV Hà Giang, ngày 02 tháng 3 năm 2022\nKẾ HOẠCH\nCông tác năm 2022\n"
        "Căn cứ Kế hoạch số 5/KH-UBND ngày 01/02/2022 của UBND tỉnh, Sở Nội vụ ban hành Kế hoạch như sau:\n"
    )

    assert draft["issuer"] == "Sở Nội vụ"
    assert (draft["number"], draft["date"], draft["place"]) == ("12/KH-SNV", "2022-03-02", "Hà Giang")


def test_header_block_not_in_the_preamble_is_kept_as_printed():
    draft = parse_plan("SỞ NỘI VỤ\nSố: 12/KH-SNV\nHà Giang, ngày 02 tháng 3 năm 2022\nKẾ HOẠCH\nCông tác\n")

    assert draft["issuer"] == "SỞ NỘI VỤ"


def test_without_a_number_line_the_number_is_null_and_missing():
    draft = parse_plan("KẾ HOẠCH\nCông tác năm 2021\nThực hiện Kế hoạch số 5/KH-UBND, Sở Y tế xây dựng kế hoạch:\n")

    assert draft["number"] is None and draft["number_as_printed"] is None
    assert draft["issuer"] == "Sở Y tế"
    assert draft["missing"][:2] == ["number", "date"]


def test_issuer_is_the_agency_not_its_committee_and_without_abbreviations():
    draft = parse_plan(
        "KẾ HOẠCH\nCông tác năm 2021\nThực hiện Chương trình số 6/CTr-X ngày 05/3/2021 của Ban X, Ban BĐG Sở "
        "Giáo dục và Đào tạo (GD&ĐT) tỉnh Lào Cai xây dựng kế hoạch như sau:\n"
    )

    assert draft["issuer"] == "Sở Giáo dục và Đào tạo tỉnh Lào Cai"


# --- Legal bases and period ------------------------------------------------------------------------------


def test_a_document_cited_twice_is_one_legal_basis_and_context_phrases_are_none():
    draft = plan(
        "Căn cứ Quyết định số 2282/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ; căn cứ tình hình thực tế;\n"
        "Thực hiện Quyết định số 2282 / QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ, Sở Nội vụ ban hành kế "
        "hoạch:\nI. MỤC TIÊU\n"
    )

    assert draft["legal_bases"] == [
        {
            "text": "Quyết định số 2282/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ",
            "number": "2282/QĐ-TTg",
            "date": "2020-12-31",
        }
    ]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Công tác giai đoạn 2021 – 2030", {"start": 2021, "end": 2030}),
        ("Công tác năm 2021", {"start": 2021, "end": 2021}),
        ("Công tác bình đẳng giới", {"start": 2022, "end": 2022}),  # the year of the date
    ],
)
def test_period_from_the_title_else_the_date(title, period):
    draft = parse_plan(f"Số: 1/KH-X\nHà Giang, ngày 02 tháng 3 năm 2022\nKẾ HOẠCH\n{title}\n")

    assert draft["period"] == period


def test_no_year_anywhere_gives_no_period():
    assert parse_plan("KẾ HOẠCH\nCông tác bình đẳng giới\n")["period"] is None


# --- Targets -------------------------------------------------------------------------------------------------


def test_two_years_two_values_one_wording():
    draft = objectives("a) Đến năm 2025 đạt 60% và đến năm 2030 đạt 75% cơ quan có lãnh đạo chủ chốt là nữ;")

    assert [(t["value"], t["year"]) for t in draft["targets"]] == [(60, 2025), (75, 2030)]
    assert {t["text"] for t in draft["targets"]} == {
        "Đến năm 2025 đạt 60% và đến năm 2030 đạt 75% cơ quan có lãnh đạo chủ chốt là nữ"
    }
    assert {t["indicator"] for t in draft["targets"]} == {"agencies_woman_key_leader"}


def test_value_kept_for_two_years():
    assert targets("- Phấn đấu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở lên tỷ lệ nữ.") == [
        (35, "at_least", 2025),
        (35, "at_least", 2030),
    ]


def test_one_item_with_two_clauses_gives_each_its_own_wording():
    draft = objectives("- Tỷ lệ nữ tham gia cấp ủy đến năm 2030 đạt 80% trở lên; 100% nữ được kết nạp Đảng.")

    assert [(t["text"], t["indicator"], t["value"], t["year"]) for t in draft["targets"]] == [
        ("Tỷ lệ nữ tham gia cấp ủy đến năm 2030 đạt 80% trở lên", "party_committee_women", 80, 2030),
        ("100% nữ được kết nạp Đảng", "party_women", 100, 2030),
    ]


@pytest.mark.parametrize(
    ("item", "comparator", "value"),
    [
        ("- Tỷ lệ nữ đạt 40% vào năm 2025.", "at_least", 40),
        ("- Tỷ lệ nữ đạt ít nhất 40% vào năm 2025.", "at_least", 40),
        ("- Tỷ lệ nữ tối thiểu 40% vào năm 2025.", "at_least", 40),
        ("- Tỷ lệ nữ từ 40% trở lên vào năm 2025.", "at_least", 40),
        ("- Tỷ lệ nữ nghỉ việc không quá 5% vào năm 2025.", "at_most", 5),
        ("- Tỷ lệ nữ nghỉ việc tối đa 5% vào năm 2025.", "at_most", 5),
        ("- Giảm tỷ lệ nữ nghỉ việc xuống dưới 5% vào năm 2025.", "at_most", 5),
        ("- Tỷ lệ nữ nghỉ việc giảm xuống còn 5% vào năm 2025.", "at_most", 5),
        ("- Tỷ lệ nữ đạt 35,5% vào năm 2025.", "at_least", 35.5),
    ],
)
def test_comparators(item, comparator, value):
    assert targets(item) == [(value, comparator, 2025)]


def test_a_percentage_without_a_year_takes_the_end_of_the_period():
    assert targets("- 100% nữ CBCCVC được kiểm tra sức khỏe định kỳ.") == [(100, "at_least", 2030)]


@pytest.mark.parametrize(
    "item",
    [
        "- Các đơn vị có tỷ lệ nữ thấp dưới 30% có thể điều chỉnh mục tiêu.",
        "- Nữ CBCCVC mang thai được nghỉ khám thai 5 lần.",
        "- Nữ CBCCVC giao tiếp được ít nhất 1 ngoại ngữ.",
        "- Xóa mù chữ cho phụ nữ trong độ tuổi 15 - 35.",
        "- Đại biểu HĐND nhiệm kỳ 2021-2026.",
        "- Bố trí tỷ lệ phù hợp cán bộ nữ.",
    ],
)
def test_what_is_not_a_target(item):
    assert targets(item) == []


def test_without_an_objectives_section_a_sentence_setting_a_percentage_is_a_target():
    draft = plan(
        "I. NỘI DUNG\n1. Tuyên truyền\nPhấn đấu đến năm 2025 đạt 50% cán bộ nữ được bồi dưỡng. Hội nghị có 30% nữ."
    )

    assert [(t["value"], t["year"]) for t in draft["targets"]] == [(50, 2025)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tỷ lệ nữ được quy hoạch được đào tạo, bồi dưỡng đạt 75%", "pool_women_trained"),
        ("Tỷ lệ cán bộ nữ trong diện quy hoạch đạt 40%", "pool_women"),
        ("Cơ quan có lãnh đạo chủ chốt là nữ đạt 60%", "agencies_woman_key_leader"),
        ("Tỷ lệ nữ tham gia cấp ủy đạt 80%", "party_committee_women"),
        ("100% nữ CBCCVC được kết nạp Đảng", "party_women"),
        ("100% nữ CBCCVC được kiểm tra sức khỏe định kỳ", "health_check_women"),
        ("100% nữ mang thai được nghỉ khám thai", "prenatal_leave"),
        ("80% nữ CBCCVC giao tiếp được ngoại ngữ", "language_women"),
        ("35% cán bộ nữ được bổ nhiệm chức vụ lãnh đạo", "appointments_women"),
        ("100% nữ được bố trí việc làm phù hợp", None),
        ("Tỷ lệ nữ được bồi dưỡng tin học và ngoại ngữ đạt 100%", None),
    ],
)
def test_indicator_phrases(text, code):
    assert indicator_for(text) == code


# --- Report deadlines and classes -------------------------------------------------------------------------


def test_report_deadlines_with_a_date_only():
    draft = plan(
        "I. TỔ CHỨC THỰC HIỆN\n1. Văn phòng\n- Báo cáo định kỳ 6 tháng (trước ngày 5/6) và cả năm (trước ngày "
        "30/11); báo cáo đột xuất trước ngày 15 tháng 8 năm 2022; báo cáo tổng kết theo quy định.\n"
    )

    assert [(d["kind"], d["due"], d["text"]) for d in draft["report_deadlines"]] == [
        ("half_year", "--06-05", "định kỳ 6 tháng (trước ngày 5/6)"),
        ("annual", "--11-30", "cả năm (trước ngày 30/11)"),
        ("ad_hoc", "2022-08-15", "báo cáo đột xuất trước ngày 15 tháng 8 năm 2022"),
    ]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Dự kiến ngày 10/7/2019.", ["2019-07-10"]),
        ("Dự kiến ngày 11-12/7/2019.", ["2019-07-11", "2019-07-12"]),
        ("từ ngày 30/6 đến ngày 2/7/2019", ["2019-06-30", "2019-07-01", "2019-07-02"]),
        ("ngày 31/2/2019", []),
    ],
)
def test_every_planned_day_of_a_class(text, days):
    assert class_dates(text) == days


# --- Tasks and units --------------------------------------------------------------------------------------


def test_task_granularity_and_units():
    draft = plan(
        "I. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Tuyên truyền\n"
        "a) Phòng Tổ chức cán bộ là bộ phận thường trực, chủ trì tham mưu;\n"
        "b) Tổ chức tọa đàm phối hợp với Công đoàn Sở, Đoàn thanh niên thực hiện.\n"
        "2. Kiểm tra việc thực hiện\n"
        "Ban Vì sự tiến bộ của phụ nữ phối hợp Ban thanh tra nhân dân tiến hành kiểm tra.\n"
        "3. Tổng kết năm\n"
        "- Hình thức: hội nghị.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Lao động - Thương binh và Xã hội (Cơ quan thường trực)\n"
        "- Tổng hợp, báo cáo kết quả.\n"
        "Trên đây là Kế hoạch công tác năm 2022./.\n"
    )

    assert [(t["label"], t["text"], t["unit_in_charge"], t["cooperating_units"]) for t in draft["tasks"]] == [
        ("I.1.a", "Phòng Tổ chức cán bộ là bộ phận thường trực, chủ trì tham mưu;", "Phòng Tổ chức cán bộ", []),
        ("I.1.b", "Tổ chức tọa đàm phối hợp với Công đoàn Sở, Đoàn thanh niên thực hiện.", None,
         ["Công đoàn Sở", "Đoàn thanh niên"]),
        ("I.2", "Kiểm tra việc thực hiện — Ban Vì sự tiến bộ của phụ nữ phối hợp Ban thanh tra nhân dân tiến hành "
         "kiểm tra.", "Ban Vì sự tiến bộ của phụ nữ", ["Ban thanh tra nhân dân"]),
        ("II.1", "Tổng hợp, báo cáo kết quả.", "Sở Lao động - Thương binh và Xã hội", []),
    ]  # fmt: skip


# --- Documents that are not plans ---------------------------------------------------------------------------

NEWS = """Tin tức - Sự kiện
Hội nghị tổng kết công tác bình đẳng giới năm 2021
Ngày 15/12/2021, Sở Lao động - Thương binh và Xã hội tổ chức Hội nghị tổng kết.
Năm 2021, tỷ lệ nữ tham gia cấp ủy đạt 25%, tăng 3% so với năm 2020.
Chia sẻ
Tin liên quan
"""
STAFF_LIST = """DANH SÁCH CÁN BỘ NỮ TRONG DIỆN QUY HOẠCH
STT Họ và tên Ngày sinh Chức vụ Đơn vị
1 Nguyễn Thị Hà 08/03/1985 Phó Chánh Văn phòng Văn phòng Sở
2 Lê Thị Ánh 12/05/1990 Chuyên viên Phòng Công chức
Người lập biểu
Trần Văn Bình
"""


@pytest.mark.parametrize("text", [NEWS, STAFF_LIST], ids=["news article", "staff list"])
def test_a_document_that_is_not_a_plan_gives_a_draft_saying_what_is_missing(text):
    draft = parse_plan(text)

    assert draft["missing"] == ["number", "date", "issuer", "title", "targets", "tasks", "signer"]
    assert draft["targets"] == [] and draft["tasks"] == []
