"""A report as an official document (NĐ 30/2020/NĐ-CP): the text, the tables and the charts made from
its figures, handed to the one renderer (`reports.rendering`) for .docx, .pdf and the .xlsx annex.

The document's own words are Vietnamese whatever the language of the screen: an official document of
a Vietnamese agency is written in Vietnamese (NĐ 30/2020, Điều 8), so they are not translated."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation

from binhdang.orgs.models import OrgUnit
from binhdang.reports.models import SECTIONS, Report
from binhdang.reports.narrative import number
from binhdang.reports.rendering import (
    Annex,
    Chart,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    render_docx,
    render_pdf,
    render_xlsx,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
STATUS_TEXT = {
    "achieved": "Đạt",
    "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ không đạt",
    "off_track": "Chậm tiến độ",
    "no_target": "Chưa đặt chỉ tiêu",
    "no_data": "Chưa có số liệu",
}


def figures_of(report: Report) -> dict[str, Any]:
    """Frozen figures once submitted; live ones while a draft."""
    if report.figures:
        return report.figures
    from binhdang.reports.assembly import assemble

    return assemble(report, live_day(report))


def live_day(report: Report) -> datetime.date:
    """The day a draft's live figures are as of: today, or the report's day once it has passed (a late
    half-year report does not count the second half)."""
    return min(timezone.localdate(), report.as_of)


def _symbol(unit: OrgUnit) -> str:
    if unit.depth == 1:
        return "BC-UBND"
    code = unit.code.split("-")[-1] if "-" in unit.code else unit.code
    return f"BC-{code}"


def agency_name(unit: OrgUnit) -> str:
    """The issuing agency as the header prints it: a province reports as its People's Committee."""
    if unit.depth == 1:
        return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
    return unit.name.upper()


def parent_agency_name(unit: OrgUnit) -> str:
    parent = OrgUnit.objects.get_parent(unit)
    if parent is None:
        return ""
    if parent.depth == 1:
        return f"UBND {parent.name.upper()}"
    return parent.name.upper()


def _value(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return "—"
    return f"{number(value)}%" if row.get("is_share") else number(value)


def indicator_table(figures: dict[str, Any]) -> Table:
    rows = []
    for index, row in enumerate(figures.get("indicators", []), start=1):
        goal = _value({**row, "value": row.get("target")}, "value")
        target = "—" if row.get("target") is None else f"{goal} ({row['target_year']})"
        rows.append(
            [
                index,
                _indicator_name(row),
                _value(row, "value"),
                _value(row, "previous_value"),
                target,
                STATUS_TEXT.get(row.get("status", ""), row.get("status", "")),
                "—" if row.get("gap_people") in (None, 0) else row["gap_people"],
            ]
        )
    return Table(
        caption="Bảng 1. Các chỉ tiêu bình đẳng giới",
        columns=["TT", "Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "Chỉ tiêu kế hoạch", "Đánh giá", "Cần thêm (người)"],
        rows=rows,
        widths_cm=[1.0, 6.0, 2.0, 2.2, 2.4, 2.4, 1.8],
    )


def period_text(period: str) -> str:
    """The period as an official document writes it, mid-sentence: "6 tháng đầu năm 2026", "năm 2026"."""
    year = period[:4]
    if period.endswith("-H1"):
        return f"6 tháng đầu năm {year}"
    if period.endswith("-H2"):
        return f"6 tháng cuối năm {year}"
    return f"năm {year}"


def _speaker(unit: OrgUnit) -> str:
    """Who speaks in the first sentence: "Sở Nội vụ", "Ủy ban nhân dân tỉnh Lạng Sơn"."""
    if unit.depth == 1:
        return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"
    return unit.name


def _indicator_name(row: dict[str, Any]) -> str:
    from binhdang.indicators.catalogue import BY_CODE

    indicator = BY_CODE.get(row.get("code", ""))
    name = str(indicator.name) if indicator else row.get("name", "")
    if row.get("unknown"):  # a minority share is over the people whose ethnicity is known: say how many are not
        name += f" (chưa rõ dân tộc: {row['unknown']} người)"
    return name


def _activity_label(row: dict[str, Any]) -> str:
    from binhdang.activities.models import ActivityKind

    kind = row.get("kind", "")
    return str(ActivityKind(kind).label) if kind in ActivityKind.values else row.get("label", kind)


def activity_table(figures: dict[str, Any]) -> Table:
    rows = []
    totals = [0, 0, 0, 0]
    for index, row in enumerate(figures.get("activities") or [], start=1):
        values = [row.get("count", 0), row.get("female", 0), row.get("male", 0), row.get("minority", 0)]
        totals = [a + (b if isinstance(b, int) else 0) for a, b in zip(totals, values, strict=True)]
        rows.append([index, _activity_label(row), *values])
    if figures.get("activity_totals"):  # as a viewer may see them: hidden counts do not add up
        shown = figures["activity_totals"]
        totals = [totals[0], *[shown.get(key) for key in ("female", "male", "minority")]]
    rows.append(["", "Tổng cộng", *totals])
    return Table(
        caption="Bảng 2. Hoạt động tuyên truyền, kỷ niệm, kiểm tra",
        columns=["TT", "Loại hoạt động", "Số hoạt động", "Nữ tham gia", "Nam tham gia", "Người dân tộc thiểu số"],
        rows=rows,
        total_row=True,
    )


def part_table(figures: dict[str, Any]) -> Table:
    rows = []
    for index, part in enumerate(figures.get("parts") or [], start=1):
        submitted = part.get("submitted_at")
        zone = timezone.get_current_timezone()
        when = datetime.datetime.fromisoformat(submitted).astimezone(zone) if submitted else None
        rows.append(
            [
                index,
                part["unit"],
                {"submitted": "Đã gửi", "live": "Chưa gửi (số liệu hệ thống)"}.get(part["source"], part["source"]),
                when.strftime("%d/%m/%Y") if when else "—",
            ]
        )
    return Table(
        caption="Bảng 3. Các cơ quan, đơn vị báo cáo",
        columns=["TT", "Cơ quan, đơn vị", "Tình trạng", "Ngày gửi"],
        rows=rows,
    )


TASK_STATUS_TEXT = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "cancelled": "Không thực hiện",
}
OUTREACH_KINDS = ("discussion", "seminar", "rally", "conference", "commemoration", "action_month")


def _hidden_codes(figures: dict[str, Any]) -> set[str]:
    """Indicators the reader may not see the value of (fewer than 5 people): their targets' values are hidden
    in the plan tables too, so no table gives away what another hides."""
    return {row["code"] for row in figures.get("indicators") or [] if row.get("hidden")}


def _goal(row: dict[str, Any]) -> str:
    comparator = {"at_least": "≥", "at_most": "≤", "exactly": "="}.get(row.get("comparator") or "", "")
    return f"{comparator} {number(row['goal'])}{'%' if row.get('is_share') else ''} ({row['year']})".strip()


def plan_tables(figures: dict[str, Any]) -> list[Any]:
    """For each plan the unit works to: its tasks with status, last progress and evidence; its targets with
    value, status and gap (the status the dashboard gives)."""
    blocks: list[Any] = []
    hidden = _hidden_codes(figures)
    for index, plan in enumerate(figures.get("plans") or [], start=1):
        name = f"{plan['number']} — {plan['title']}" if plan.get("number") else plan["title"]
        blocks.append(Paragraph(f"{index}. {name} ({plan['issuer']})"))
        if plan.get("targets"):
            rows = []
            for number_, row in enumerate(plan["targets"], start=1):
                secret = row["code"] in hidden
                value = "—" if secret or row.get("value") is None else f"{number(row['value'])}"
                if value != "—" and row.get("is_share"):
                    value += "%"
                gap = row.get("gap_people")
                rows.append(
                    [
                        number_,
                        row["name"],
                        _goal(row),
                        value,
                        "—" if secret else STATUS_TEXT.get(row.get("status") or "", row.get("status") or ""),
                        "—" if secret or not gap else f"còn thiếu {gap} người",
                    ]
                )
            blocks.append(
                Table(
                    caption=f"Chỉ tiêu của kế hoạch {plan.get('number') or ''}".strip(),
                    columns=["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá", "Khoảng cách"],
                    rows=rows,
                )
            )
        if plan.get("tasks"):
            rows = []
            for number_, task in enumerate(plan["tasks"], start=1):
                progress = task.get("progress") or "—"
                if task.get("progress_on"):
                    progress = f"{progress} ({datetime.date.fromisoformat(task['progress_on']):%d/%m/%Y})"
                status = TASK_STATUS_TEXT.get(task.get("status") or "", task.get("status") or "")
                if task.get("overdue"):
                    status += " (quá hạn)"
                rows.append(
                    [
                        number_,
                        f"{task['label']} {task['text']}".strip(),
                        task.get("unit") or "—",
                        status,
                        progress,
                        task.get("evidence") or 0,
                    ]
                )
            blocks.append(
                Table(
                    caption=f"Nhiệm vụ của kế hoạch {plan.get('number') or ''}".strip(),
                    columns=["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Tình trạng", "Tiến độ", "Minh chứng"],
                    rows=rows,
                )
            )
    return blocks


def outreach_table(figures: dict[str, Any]) -> Table | None:
    """Outreach as entered (aggregate values) beside what the recorded activities add up to, each with its
    source: the two are different counts and the report says which is which."""
    recorded = [row for row in figures.get("activities") or [] if row.get("kind") in OUTREACH_KINDS]
    entered = {row["element"]: row for row in figures.get("entered") or []} if "entered" in figures else None
    if not recorded and not entered:
        return None

    def entered_total(code: str) -> str:
        if entered is None or code not in entered:
            return "—"
        return str(entered[code].get("total") or 0)

    events = sum(row.get("count") or 0 for row in recorded)
    people = sum((row.get("female") or 0) + (row.get("male") or 0) for row in recorded)
    return Table(
        caption="Bảng 4. Tuyên truyền: số liệu đơn vị nhập và hoạt động ghi nhận trên hệ thống",
        columns=["Nội dung", "Số liệu nhập (tổng hợp)", "Hoạt động ghi nhận (chi tiết)"],
        rows=[
            ["Số cuộc tuyên truyền, tọa đàm, hội nghị, mít tinh", entered_total("outreach_events"), events],
            ["Số lượt người tham gia", entered_total("outreach_participants"), people],
        ],
    )


def indicator_chart(figures: dict[str, Any]) -> Chart | None:
    shares = [row for row in figures.get("indicators", []) if row.get("is_share") and row.get("value") is not None]
    if not shares:
        return None
    shares = shares[:8]
    return Chart(
        title="Tỷ lệ đạt được so với chỉ tiêu (%)",
        kind="barh",
        categories=[_indicator_name(row) for row in shares],
        series=[
            ("Kỳ này", [row["value"] for row in shares]),
            ("Chỉ tiêu", [row.get("target") for row in shares]),
        ],
        unit="%",
    )


def build_document(report: Report, figures: dict[str, Any] | None = None) -> OfficialDocument:
    with translation.override("vi"):
        return _build_document(report, figures if figures is not None else figures_of(report))


def _build_document(report: Report, figures: dict[str, Any]) -> OfficialDocument:
    unit = report.unit
    body: list[Any] = []
    title = report.title or (
        f"Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ {period_text(report.period)}"
    )
    body.append(Paragraph(_intro(report, figures)))
    numbered = 0
    for name, label in SECTIONS:
        paragraphs = [p.strip() for p in getattr(report, name).splitlines() if p.strip()]
        # A section with nothing written is left out (a lone "—" says nothing); results keep their table.
        if not paragraphs and name != "results":
            continue
        body.append(Heading(f"{ROMAN[numbered]}. {str(label).upper()}", level=1))
        numbered += 1
        body.extend(Paragraph(paragraph) for paragraph in paragraphs)
        if name == "results":
            body.append(indicator_table(figures))
            chart = indicator_chart(figures)
            if chart is not None:
                body.append(chart)
            if figures.get("plans"):
                body.append(Heading("Kết quả thực hiện kế hoạch", level=2))
                body.extend(plan_tables(figures))
            outreach = outreach_table(figures)
            if outreach is not None:
                body.append(outreach)
    # Table 1 is in the body, where the results are told: the annex holds only what the body does not.
    annex_blocks: list[Any] = []
    if figures.get("activities") is not None:
        annex_blocks.append(activity_table(figures))
    if figures.get("parts"):
        annex_blocks.append(part_table(figures))
    number_text = report.number or f"/{_symbol(unit)}"
    return OfficialDocument(
        parent_agency=parent_agency_name(unit),
        agency=agency_name(unit),
        number=number_text,
        place=_place(unit),
        date=timezone.localtime(report.submitted_at).date() if report.submitted_at else None,
        kind="BÁO CÁO",
        title=title,
        body=body,
        annexes=[Annex(title="Số liệu thống kê kèm theo báo cáo", blocks=annex_blocks)] if annex_blocks else [],
        recipients=list(report.recipients or []) or _default_recipients(unit),
        signer=Signer(
            authority_form=report.signer_authority_form,
            authority=report.signer_authority,
            title=report.signer_title,
            name=report.signer_name,
        ),
        year=report.bounds[0].year,
        draft_mark=not report.is_frozen,
    )


def _intro(report: Report, figures: dict[str, Any]) -> str:
    as_of = datetime.date.fromisoformat(figures.get("as_of", report.as_of.isoformat()))
    return (
        f"{_speaker(report.unit)} báo cáo kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ "
        f"{period_text(report.period)} (số liệu tính đến ngày {as_of:%d/%m/%Y}) như sau:"
    )


def _place(unit: OrgUnit) -> str:
    province = OrgUnit.objects.get_ancestors(unit).filter(depth=1).first() if unit.depth > 1 else unit
    name = province.name if province else unit.name
    return name.removeprefix("Tỉnh ").removeprefix("Thành phố ")


def _default_recipients(unit: OrgUnit) -> list[str]:
    parent = OrgUnit.objects.get_parent(unit)
    recipients = [f"{parent.name} (b/c);"] if parent else []
    return [*recipients, "Lưu: VT."]


def template_for(unit: OrgUnit) -> bytes | None:
    """The nearest active template up the tree, None for the built-in one."""
    from binhdang.reports.models import DocumentTemplate

    paths = [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    found = (
        DocumentTemplate.objects.filter(active=True, unit__path__in=paths)
        .order_by("-unit__depth", "-uploaded_at")
        .values_list("data", flat=True)
        .first()
    )
    return bytes(found) if found is not None else None


# `figures`: what the reader may see (reports.privacy.visible_figures); all of them when not given.
def report_docx(report: Report, figures: dict[str, Any] | None = None) -> bytes:
    return render_docx(build_document(report, figures), template_for(report.unit))


def report_pdf(report: Report, figures: dict[str, Any] | None = None) -> bytes:
    return render_pdf(report_docx(report, figures))


def report_xlsx(report: Report, figures: dict[str, Any] | None = None) -> bytes:
    with translation.override("vi"):
        return _report_xlsx(report, figures if figures is not None else figures_of(report))


def _report_xlsx(report: Report, figures: dict[str, Any]) -> bytes:
    tables = [indicator_table(figures)]
    if figures.get("activities") is not None:
        tables.append(activity_table(figures))
    if figures.get("parts"):
        tables.append(part_table(figures))
    return render_xlsx(tables, title=f"{report.unit.name} — {period_text(report.period)}")


__all__ = ["build_document", "report_docx", "report_pdf", "report_xlsx", "template_for"]
