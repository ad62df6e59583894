"""A first draft of a report's narrative, written from its figures, for the secretary to correct.

Like the document, the draft is Vietnamese (it becomes part of an official document). It states
only what the figures hold: achieved and missed targets with the gap in people, activities and
participants by sex, training, tasks done and overdue, and the agencies that have not reported.
"""

from __future__ import annotations

from typing import Any


def number(value: float | int | None) -> str:
    """1234.5 -> "1.234,5" (Vietnamese: dot for thousands, comma for decimals)."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(round(value)):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _kind_label(row: dict[str, Any]) -> str:
    from binhdang.activities.models import ActivityKind

    kind = row.get("kind", "")
    return str(ActivityKind(kind).label) if kind in ActivityKind.values else str(row.get("label", kind))


def _name(row: dict[str, Any]) -> str:
    from binhdang.indicators.catalogue import BY_CODE

    indicator = BY_CODE.get(row.get("code", ""))
    return str(indicator.name) if indicator else str(row.get("name", ""))


def _unknown(row: dict[str, Any]) -> str:
    """Said beside a minority share: how many people's ethnicity is unknown (they are not in the share)."""
    if not row.get("unknown"):
        return ""
    return f" (trên số người đã rõ dân tộc; chưa rõ dân tộc: {number(row['unknown'])} người)"


def _share(row: dict[str, Any], key: str = "value") -> str:
    value = row.get(key)
    return f"{number(value)}%" if row.get("is_share") else number(value)


def suggest(figures: dict[str, Any]) -> dict[str, str]:
    """{"results": ..., "shortcomings": ..., "next_steps": ..., "recommendations": ...}"""
    from django.utils import translation

    with translation.override("vi"):
        return _suggest(figures)


def _suggest(figures: dict[str, Any]) -> dict[str, str]:
    rows = [row for row in figures.get("indicators", []) if row.get("value") is not None]
    achieved = [row for row in rows if row.get("status") == "achieved"]
    behind = [row for row in rows if row.get("status") in ("at_risk", "off_track")]
    results: list[str] = []
    for row in achieved:
        results.append(
            f"- {_name(row)}: {_share(row)}{_unknown(row)}, đạt chỉ tiêu {_share(row, 'target')} "
            f"đến năm {row['target_year']}."
        )
    for row in rows:
        if row in achieved or row.get("target") is not None or not row.get("is_share"):
            continue
        if row.get("previous_value") is not None:
            results.append(
                f"- {_name(row)}: {_share(row)}{_unknown(row)} (cùng kỳ năm trước {_share(row, 'previous_value')})."
            )
    activities = figures.get("activities") or []
    if activities:
        count = sum(row.get("count", 0) for row in activities)
        female = sum(row.get("female", 0) or 0 for row in activities)
        male = sum(row.get("male", 0) or 0 for row in activities)
        kinds = ", ".join(f"{row.get('count', 0)} {_kind_label(row).lower()}" for row in activities[:6])
        results.append(
            f"- Tổ chức {number(count)} hoạt động ({kinds}) với {number(female + male)} lượt người tham gia, "
            f"trong đó {number(female)} nữ."
        )
    training = figures.get("training") or {}
    if training.get("classes"):
        results.append(
            f"- Tổ chức {number(training['classes'])} lớp tập huấn, {number(training.get('participants', 0))} "
            f"lượt học viên (nữ {number(training.get('participants_female', 0))}); "
            f"{number(training.get('trained', 0))} người được ghi nhận hoàn thành."
        )
    tasks = figures.get("tasks") or {}
    if tasks.get("total"):
        results.append(
            f"- Nhiệm vụ theo kế hoạch: {number(tasks.get('done', 0))}/{number(tasks['total'])} đã hoàn thành, "
            f"{number(tasks.get('in_progress', 0))} đang thực hiện."
        )
    shortcomings: list[str] = []
    for row in behind:
        gap = row.get("gap_people")
        need = f"; cần thêm {number(gap)} người để đạt chỉ tiêu" if gap else ""
        shortcomings.append(
            f"- {_name(row)} mới đạt {_share(row)}{_unknown(row)}, chỉ tiêu {_share(row, 'target')} "
            f"đến năm {row['target_year']}{need}."
        )
    if tasks.get("overdue"):
        shortcomings.append(f"- {number(tasks['overdue'])} nhiệm vụ quá hạn chưa hoàn thành.")
    missing = [part["unit"] for part in figures.get("parts") or [] if part.get("source") != "submitted"]
    if missing:
        shortcomings.append(f"- Chưa nhận được báo cáo của: {', '.join(missing)}.")
    next_steps = [
        f"- Tập trung các giải pháp để đạt chỉ tiêu: {_name(row).lower()} ({_share(row, 'target')} "
        f"đến năm {row['target_year']})."
        for row in behind
    ]
    if tasks.get("overdue"):
        next_steps.append("- Đôn đốc hoàn thành các nhiệm vụ quá hạn.")
    return {
        "results": "\n".join(results),
        "shortcomings": "\n".join(shortcomings),
        "next_steps": "\n".join(next_steps),
        "recommendations": "",
    }
