"""Units named in a plan matched to the org tree: the tolerant matcher on its own, and seeds 001 and 002 read
for the demo departments they belong to (Sở Ngoại vụ, Sở Giáo dục và Đào tạo as `registry.demo` builds them).

The expectations below are read by hand from the seeds: for each task, the unit of the demo tree its unit in
charge names (the department itself for its committee and its leadership), or None when the named unit is not
in the tree (a trade union, "các phòng chuyên môn", "Phòng Kế hoạch - Tổng hợp", which the demo department
does not have). The share of tasks naming a unit of the tree whose unit is matched is printed and must reach 90%.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from binhdang.plans import drafts
from binhdang.plans.ingest import parse_plan

SEEDS = Path(__file__).resolve().parents[1] / "fixtures/seeds"
DAY = datetime.date(2000, 1, 1)


def demo_department(suffix: str) -> Any:
    """The department of the demo province with its divisions and affiliated units (no staff)."""
    from binhdang.orgs.restructuring import NewUnit, create_unit
    from binhdang.registry.demo import DEPARTMENTS

    spec = next(dept for dept in DEPARTMENTS if dept.suffix == suffix)
    province = create_unit(NewUnit("LS", "Tỉnh Lạng Sơn", "province"), None, DAY)
    department = create_unit(NewUnit(f"LS-{suffix}", spec.name, "department", True), province, DAY)
    for sub in spec.subs:
        name = sub.name.replace("{tinh}", "tỉnh").replace("{ten}", "Lạng Sơn")
        create_unit(NewUnit(f"LS-{suffix}-{sub.suffix}", name, sub.kind), department, DAY)
    return department


# Seed 001 (Sở Ngoại vụ): (label, first words of the task, code suffix of the unit in charge or "" for the
# department itself, None when the unit named is not in the tree or no unit is named).
SEED_001 = [
    ("Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà Tĩnh có", ""),
    ("Văn phòng - Thanh tra Sở phối hợp", "VP"),
    ("Đào tạo, bồi dưỡng nâng cao trình độ", "VP"),
    ("Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với các phòng", ""),
    ("Tổ chức Công đoàn và Nữ công", None),
    ("Văn phòng - Thanh tra Sở thực hiện", "VP"),
    ("Ban Vì sự tiến bộ phụ nữ của Sở giám sát", ""),
    ("Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với tổ chức Công đoàn", ""),
    ("Các phòng chuyên môn, đơn vị trực thuộc quan tâm", None),
    ("Tổ nữ công", None),
    ("Công đoàn Sở", None),
    ("Cấp uỷ Đảng và Lãnh đạo Sở", None),
    ("Định kỳ hàng năm, Ban Vì sự tiến bộ phụ nữ Sở", ""),
    ("Chỉ đạo Công đoàn, tổ nữ công", ""),
    ("Hàng năm, tiến hành sơ kết", ""),
    ("Văn phòng - Thanh tra Sở căn cứ", "VP"),
    ("Các phòng chuyên môn, đơn vị thuộc Sở căn cứ", None),
]
SEED_002 = [
    ("Lãnh đạo Sở, lãnh đạo Phòng ban", None),
    ("Phòng Tổ chức cán bộ là bộ phận thường trực", "TCCB"),
    ("Văn Phòng Sở GD&ĐT chủ trì", "VP"),
    ("Phòng Kế hoạch - Tổng hợp", None),
    ("Phòng Thanh tra lồng ghép", "TTR"),
    ("Các phòng chuyên môn, chức năng", None),
]


def _read(seed: str) -> dict:
    return parse_plan(next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8"))


def _expected(tasks: list[dict], labelled: list[tuple[str, str | None]]) -> list[tuple[dict, str | None]]:
    """Each task read paired with the hand label of the task it starts like; tasks with no unit read and no
    label expect none."""
    pairs = []
    for task in tasks:
        label = next((code for start, code in labelled if task["text"].startswith(start)), None)
        pairs.append((task, label))
    return pairs


def _share_matched(department: Any, seed: str, labelled: list[tuple[str, str | None]]) -> tuple[int, int, list]:
    units = drafts.current_units(department)
    initial = drafts.review_initial(_read(seed), department, [])
    matched = total = 0
    wrong = []
    for row, (task, code) in zip(initial["tasks"], _expected(_read(seed)["tasks"], labelled), strict=True):
        unit = drafts.match_unit(row["unit_in_charge"], units)
        if code is None:
            if unit is not None:
                wrong.append((task["text"][:50], unit.name))
            continue
        total += 1
        want = department.code if code == "" else f"{department.code}-{code}"
        if unit is not None and unit.code == want:
            matched += 1
        elif unit is not None:
            wrong.append((task["text"][:50], unit.name))
    return matched, total, wrong


@pytest.mark.django_db
def test_seed_001_tasks_name_units_of_the_foreign_affairs_department(capsys: Any):
    # given the demo's Sở Ngoại vụ; when seed 001 is read for it
    matched, total, wrong = _share_matched(demo_department("SNGV"), "001", SEED_001)
    with capsys.disabled():
        print(f"\nseed 001 / Sở Ngoại vụ: {matched}/{total} tasks naming a unit of the tree matched")
    # then
    assert total >= 10 and matched / total >= 0.9
    assert wrong == []


@pytest.mark.django_db
def test_seed_002_tasks_name_units_of_the_education_department(capsys: Any):
    matched, total, wrong = _share_matched(demo_department("SGDDT"), "002", SEED_002)
    with capsys.disabled():
        print(f"\nseed 002 / Sở Giáo dục và Đào tạo: {matched}/{total} tasks naming a unit of the tree matched")
    assert total >= 3 and matched / total >= 0.9
    assert wrong == []


@pytest.mark.django_db
def test_matcher_reads_abbreviations_case_and_the_agencys_own_name():
    department = demo_department("SGDDT")
    units = drafts.current_units(department)

    def code(name: str) -> str | None:
        unit = drafts.match_unit(name, units)
        return unit.code if unit else None

    assert code("Văn Phòng Sở GD&ĐT") == "LS-SGDDT-VP"
    assert code("VP Sở") == "LS-SGDDT-VP"
    assert code("van phong so") == "LS-SGDDT-VP"
    assert code("Phòng Thanh tra") == "LS-SGDDT-TTR"
    assert code("Thanh tra Sở Giáo dục và Đào tạo tỉnh Lào Cai") == "LS-SGDDT-TTR"
    assert code("Phòng TCCB") == "LS-SGDDT-TCCB"
    assert code("phòng Tổ chức cán bộ") == "LS-SGDDT-TCCB"
    assert code("Ban BDG và VSTBCPN Sở GD&ĐT") == "LS-SGDDT"
    assert code("Ban VSTBCPN&BDG Sở GD&ĐT") == "LS-SGDDT"
    assert code("Lãnh đạo Sở") == "LS-SGDDT"
    # not units of the tree: nothing is guessed
    assert code("Phòng Kế hoạch - Tổng hợp") is None
    assert code("Công đoàn Sở") is None
    assert code("Phòng GD&ĐT huyện") is None
    assert code("Sở Y tế") is None
    # a joined name gives each of its units
    names = [unit.code for unit in drafts.match_units("Văn phòng-Thanh tra Sở", units)]
    assert names == ["LS-SGDDT-VP", "LS-SGDDT-TTR"]


@pytest.mark.django_db
def test_review_puts_the_second_unit_of_a_joined_name_with_the_cooperating_units():
    department = demo_department("SNGV")
    extracted = {
        "tasks": [
            {
                "label": "1",
                "text": "x",
                "unit_in_charge": "Văn phòng - Thanh tra Sở",
                "cooperating_units": ["Ban Vì sự tiến bộ phụ nữ Sở"],
            }
        ]
    }
    [row] = drafts.review_initial(extracted, department, [])["tasks"]
    assert row["unit_in_charge"] == "Văn phòng Sở"
    assert row["cooperating"] == "Thanh tra Sở; Sở Ngoại vụ"
