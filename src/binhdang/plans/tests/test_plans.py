"""Plans and their targets, as the committee secretary and others see them."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from binhdang.indicators.models import Target
from binhdang.plans.models import BudgetLine, LegalBasis, Objective, Plan, ReportDeadline, Task


def _docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = _docx_bytes()


def test_secretary_writes_a_plan_and_its_target_and_sees_its_status(client, tree, people, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("plans:plan_create"),
        {"number": "12/KH-SNV", "title": "Kế hoạch bình đẳng giới", "issuer": tree.snv.pk, "issued_on": "05/01/2022",
         "period_start": 2021, "period_end": 2030},
    )  # fmt: skip
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.issuer == tree.snv
    response = client.post(
        reverse("indicators:target_create"),
        {"plan": plan.pk, "indicator": "staff_women", "unit": tree.snv.pk, "year": 2030, "value": "80",
         "comparator": "at_least", "text": "Đạt 80% nữ"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "66,7%" in page and 'data-status="' in page  # 2 of Sở Nội vụ's 3 staff are women


def test_target_outside_the_plan_period_or_another_agency_is_refused(client, tree, secretary):
    plan = Plan.objects.create(title="Kế hoạch", issuer=tree.snv, period_start=2021, period_end=2025)
    client.force_login(secretary)
    data = {"plan": plan.pk, "indicator": "pool_women", "unit": tree.snv.pk, "year": 2030, "value": "50",
            "comparator": "at_least"}  # fmt: skip
    assert client.post(reverse("indicators:target_create"), data).status_code == 200
    assert (
        client.post(reverse("indicators:target_create"), {**data, "year": 2025, "unit": tree.syt.pk}).status_code == 200
    )
    assert client.post(reverse("indicators:target_create"), {**data, "year": 2025, "value": "150"}).status_code == 200
    assert not Target.objects.exists()


def test_the_province_plan_binds_the_agencies_below(client, tree, secretary, other_secretary):
    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    Target.objects.create(plan=plan, unit=tree.province, indicator="pool_women", year=2030, value=Decimal(50))
    own = Plan.objects.create(title="Kế hoạch riêng của Sở Y tế", issuer=tree.syt, period_start=2021, period_end=2030)
    client.force_login(secretary)
    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert "Kế hoạch của tỉnh" in listing and "Sở Y tế" not in listing
    assert client.get(reverse("plans:plan_detail", args=[own.pk])).status_code == 404
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 403  # sees it, may not change it
    client.force_login(other_secretary)
    assert client.get(reverse("plans:plan_detail", args=[own.pk])).status_code == 200


# --- The plan page ------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english(client):
    """Texts new to the catalogue are checked in English: the check does not wait for their translation."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def snv_plan(tree):
    today = datetime.date.today()
    province = Plan.objects.create(
        number="01/KH-UBND", title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030
    )
    plan = Plan.objects.create(
        number="12/KH-SNV", number_as_printed="12 /KH-SNV", title="Kế hoạch bình đẳng giới của Sở Nội vụ",
        issuer=tree.snv, issued_on=datetime.date(2022, 5, 1), issued_precision="month", place="Thử Nghiệm",
        period_start=2021, period_end=2030, implements=province, general_objective="Giảm khoảng cách giới.",
        signer_name="Nguyễn Văn Ký", signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        recipients=["Sở Nội vụ (b/c)", "Lãnh đạo Sở"],
    )  # fmt: skip
    LegalBasis.objects.create(
        plan=plan, text="Kế hoạch số 01/KH-UBND ngày 05/01/2022 của UBND tỉnh", number="01/KH-UBND"
    )
    Objective.objects.create(plan=plan, label="a)", text="Đến năm 2030 đạt 50% nữ trong quy hoạch")
    Target.objects.create(
        plan=plan, unit=tree.snv, indicator="", year=2030, value=100, text="100% nữ được khám sức khỏe"
    )
    tasks = [
        Task.objects.create(plan=plan, order=1, label="III.1.a", text="Tổ chức tọa đàm", unit_in_charge=tree.snv_office,
                            due_date=today - datetime.timedelta(days=3)),
        Task.objects.create(plan=plan, order=2, label="III.1.b", text="Rà soát quy hoạch", status="done",
                            unit_in_charge=tree.snv_civil, due_date=today - datetime.timedelta(days=3)),
        Task.objects.create(plan=plan, order=3, label="IV.1", text="Báo cáo sơ kết", unit_in_charge_text="Công đoàn Sở",
                            due_date=today + datetime.timedelta(days=30)),
    ]  # fmt: skip
    tasks[2].cooperating_units.set([tree.snv_office])
    ReportDeadline.objects.create(plan=plan, kind="half_year", due_date=datetime.date(2000, 6, 5), recurring=True)
    BudgetLine.objects.create(plan=plan, text="Ngân sách chi thường xuyên", amount=15000000)
    return plan


def test_plan_page_shows_the_document_and_how_far_it_has_come(client, english, snv_plan, secretary):
    client.force_login(secretary)
    page = client.get(reverse("plans:plan_detail", args=[snv_plan.pk])).content.decode()
    for text in ("12/KH-SNV", "05/2022", "Thử Nghiệm", "Kế hoạch của tỉnh", "Giảm khoảng cách giới.",
                 "a)", "Đến năm 2030 đạt 50% nữ", "Tổ chức tọa đàm", "Văn phòng Sở", "Công đoàn Sở",
                 "Ngân sách chi thường xuyên", "Lãnh đạo Sở", "Nguyễn Văn Ký", "PHÓ GIÁM ĐỐC", "05/06"):  # fmt: skip
        assert text in page, text
    assert "1 of 3 tasks done, 1 overdue" in page
    assert page.count('class="badge overdue"') == 1 and 'id="task-' in page
    assert "not yet mapped" in page and reverse("indicators:target_edit", args=[snv_plan.targets.get().pk]) in page
    assert 'id="tasks-progress" max="100" value="33"' in page
    # the legal basis that names a plan in scope links to it
    assert reverse("plans:plan_detail", args=[snv_plan.implements_id]) in page


def test_the_province_plan_lists_the_plans_that_implement_it(client, snv_plan, secretary):
    client.force_login(secretary)
    page = client.get(reverse("plans:plan_detail", args=[snv_plan.implements_id])).content.decode()
    assert reverse("plans:plan_detail", args=[snv_plan.pk]) in page


def test_viewer_sees_the_plan_but_no_edit_and_no_names(client, snv_plan, viewer):
    client.force_login(viewer)
    response = client.get(reverse("plans:plan_detail", args=[snv_plan.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "Tổ chức tọa đàm" in page
    assert reverse("plans:plan_edit", args=[snv_plan.pk]) not in page
    assert reverse("plans:task_create", args=[snv_plan.pk]) not in page
    assert "Nguyễn Văn Ký" not in page  # the signer's name: viewers see no names
    assert client.get(reverse("plans:plan_edit", args=[snv_plan.pk])).status_code == 403


def test_another_agency_gets_404_on_the_plan_and_its_document(client, snv_plan, other_secretary):
    client.force_login(other_secretary)
    for name in ("plans:plan_detail", "plans:plan_edit", "plans:plan_document", "plans:task_create"):
        assert client.get(reverse(name, args=[snv_plan.pk])).status_code == 404, name


def _edit_data(plan, **changes):
    data = {
        "number": plan.number, "title": plan.title, "issuer": plan.issuer_id, "issued_on": plan.issued_display,
        "place": plan.place, "period_start": plan.period_start, "period_end": plan.period_end,
        "implements": plan.implements_id or "", "general_objective": plan.general_objective,
        "signer_name": plan.signer_name, "signer_title": plan.signer_title, "recipients": "\n".join(plan.recipients),
        "version": plan.version,
    }  # fmt: skip
    data.update(changes)
    return data


def _part(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_secretary_edits_the_plan_its_parts_and_its_document(client, snv_plan, secretary):
    client.force_login(secretary)
    basis = snv_plan.legal_bases.get()
    deadline = snv_plan.report_deadlines.get()
    document = SimpleUploadedFile("ke-hoach.docx", DOCX)
    data = _edit_data(
        snv_plan, issued_on="2022", recipients="- Sở Nội vụ (b/c);\nVăn phòng Sở", document=document,
        **_part("bases", [{"id": basis.pk, "text": basis.text, "number": "01/KH-UBND", "issued_on": "05/01/2022"},
                          {"text": "Quyết định số 2282/QĐ-TTg", "number": "2282/QĐ-TTg", "issued_on": ""}], initial=1),
        **_part("deadlines", [{"id": deadline.pk, "kind": "annual", "reporter": "issuer", "due": "30/11",
                               "recipient": "Sở Nội vụ", "text": ""}], initial=1),
    )  # fmt: skip
    response = client.post(reverse("plans:plan_edit", args=[snv_plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    snv_plan.refresh_from_db()
    assert snv_plan.issued_display == "2022" and snv_plan.issued_precision == "year"
    assert snv_plan.recipients == ["Sở Nội vụ (b/c);", "Văn phòng Sở"]
    assert [b.number for b in snv_plan.legal_bases.all()] == ["01/KH-UBND", "2282/QĐ-TTg"]
    assert snv_plan.legal_bases.get(number="01/KH-UBND").issued_on == datetime.date(2022, 1, 5)
    deadline.refresh_from_db()
    assert (deadline.kind, deadline.due_display, deadline.recipient) == ("annual", "30/11", "Sở Nội vụ")
    assert snv_plan.objectives.count() == 1  # not sent: left as it was
    assert snv_plan.document_name == "ke-hoach.docx" and snv_plan.version == 2
    download = client.get(reverse("plans:plan_document", args=[snv_plan.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == DOCX
    assert 'attachment; filename="ke-hoach.docx"' in download["Content-Disposition"]


def test_a_stale_plan_form_is_refused(client, english, snv_plan, secretary):
    client.force_login(secretary)
    url = reverse("plans:plan_edit", args=[snv_plan.pk])
    stale = _edit_data(snv_plan, title="Tên cũ")
    assert client.post(url, _edit_data(snv_plan, title="Tên mới")).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 200 and "Someone else saved this record" in response.content.decode()
    snv_plan.refresh_from_db()
    assert snv_plan.title == "Tên mới"


def test_a_document_of_the_wrong_kind_is_refused(client, snv_plan, secretary):
    client.force_login(secretary)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(reverse("plans:plan_edit", args=[snv_plan.pk]), _edit_data(snv_plan, document=fake))
    assert response.status_code == 200
    snv_plan.refresh_from_db()
    assert not snv_plan.document and snv_plan.version == 1


def test_the_document_is_downloaded_only_within_scope(client, snv_plan, secretary, viewer, other_secretary):
    from binhdang.plans.models import store_file

    store_file(snv_plan, "document", b"KE HOACH", "kh.txt")
    client.force_login(secretary)
    assert client.get(reverse("plans:plan_document", args=[snv_plan.pk])).status_code == 200
    client.force_login(viewer)  # counts only: the document names people
    assert client.get(reverse("plans:plan_document", args=[snv_plan.pk])).status_code == 403
    client.force_login(other_secretary)
    assert client.get(reverse("plans:plan_document", args=[snv_plan.pk])).status_code == 404


def test_changes_to_a_plan_and_its_parts_are_audited(client, snv_plan, secretary):
    from binhdang.core.models import AuditEntry

    client.force_login(secretary)
    client.post(reverse("plans:plan_edit", args=[snv_plan.pk]), _edit_data(snv_plan, place="Hà Nội"))
    entry = AuditEntry.objects.filter(model="plans.plan", object_id=snv_plan.pk, action="update").get()
    assert entry.unit_id == snv_plan.issuer_id and entry.actor == secretary and "place" in entry.changes
    assert AuditEntry.objects.filter(model="plans.task", unit_id=snv_plan.issuer_id).count() == 3


def test_the_plan_page_does_not_query_per_task(client, tree, secretary, django_assert_max_num_queries):
    plan = Plan.objects.create(title="Kế hoạch", issuer=tree.snv, period_start=2021, period_end=2030)
    for number in range(25):
        task = Task.objects.create(plan=plan, text=f"Nhiệm vụ {number}", recurrence="yearly",
                                   due_date=datetime.date(2021, 3, 1), unit_in_charge=tree.snv_office)  # fmt: skip
        task.cooperating_units.set([tree.snv_civil])
    client.force_login(secretary)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("plans:task_list")).status_code == 200
