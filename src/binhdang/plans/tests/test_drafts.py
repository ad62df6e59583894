"""Upload → review → confirm: a plan document becomes a plan only after the user checked what was read, and a
wrong field writes nothing."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from binhdang.indicators.models import Target
from binhdang.plans import drafts
from binhdang.plans.models import (
    BudgetLine,
    LegalBasis,
    Objective,
    Plan,
    PlanDraft,
    ReportDeadline,
    Task,
)
from binhdang.plans.tests.access import EXTRACTED

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(client):
    """Messages are checked by their English text: it does not depend on the state of the Vietnamese catalogue."""
    client.cookies["django_language"] = "en"


class FormReader(HTMLParser):
    """What a browser sends when the user submits the form with id `form_id` without changing anything."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._textarea = self._select = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind == "checkbox":
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "file"):
                self.data.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            self.data.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected] or [self._options[0][0]]
            self.data.extend((self._select, value) for value in chosen)
            self._select = None


def form_data(html: str, form_id: str = "review-form") -> dict[str, object]:
    reader = FormReader(form_id)
    reader.feed(html)
    data: dict[str, object] = {}
    for name, value in reader.data:
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    return data


def make_draft(tree, user=None, extracted=None, name="ke-hoach.txt") -> PlanDraft:
    return PlanDraft.objects.create(
        user=user,
        unit=tree.snv,
        file_name=name,
        file_hash="a" * 64,
        file_size=8,
        data=b"KE HOACH",
        extracted=copy.deepcopy(extracted if extracted is not None else EXTRACTED),
    )


def review_page(client, draft):
    response = client.get(reverse("plans:draft_review", args=[draft.pk]))
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, draft, **changes):
    data = form_data(review_page(client, draft))
    data.update(changes)
    data["action"] = "confirm"
    return client.post(reverse("plans:draft_review", args=[draft.pk]), data)


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Plan, LegalBasis, Objective, Target, ReportDeadline, Task, BudgetLine)
    }


# --- Upload ---------------------------------------------------------------------------------------------


def test_secretary_uploads_a_seed_plan_and_sees_every_field_read(client, tree, secretary):
    client.force_login(secretary)
    seed = SEEDS / "001_383a6f7f604cc505.txt"
    upload = SimpleUploadedFile("ke-hoach-so-ngoai-vu.txt", seed.read_bytes(), content_type="text/plain")
    response = client.post(reverse("plans:draft_upload"), {"file": upload, "unit": tree.snv.pk})
    draft = PlanDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:draft_review", args=[draft.pk])
    assert draft.unit == tree.snv and draft.user == secretary and draft.file_size == len(seed.read_bytes())
    assert draft.extracted["number"] == "662/KH-SNgV" and bytes(draft.data) == seed.read_bytes()
    page = review_page(client, draft)
    assert 'value="662/KH-SNgV"' in page and 'value="06/09/2021"' in page and 'value="Hà Tĩnh"' in page
    assert "Thái Phúc Sơn" in page and "Ban VSTBPN tỉnh (Sở LĐTBXH)" in page
    assert "Văn phòng - Thanh tra Sở phối hợp với Ban Vì sự tiến bộ phụ nữ Sở tham mưu" in page
    assert 'name="target-0-year"' in page and 'name="task-0-unit_in_charge"' in page
    assert not Plan.objects.exists()  # nothing is created before the user confirms


def test_every_seed_can_be_confirmed_as_read(client, tree, secretary):
    client.force_login(secretary)
    for seed in sorted(SEEDS.glob("*.txt")):
        upload = SimpleUploadedFile(seed.name, seed.read_bytes(), content_type="text/plain")
        assert client.post(reverse("plans:draft_upload"), {"file": upload, "unit": tree.snv.pk}).status_code == 302
        draft = PlanDraft.objects.latest("pk")
        data = form_data(review_page(client, draft))
        if not data.get("plan-period_start"):
            data["plan-period_start"] = data["plan-period_end"] = "2021"
        response = client.post(reverse("plans:draft_review", args=[draft.pk]), {**data, "action": "confirm"})
        if response.status_code == 200:  # two targets on one indicator and year are for the user to settle
            assert "keep one of them" in response.content.decode(), seed.name
            continue
        assert response.status_code == 302, (seed.name, response.content.decode()[:3000])
        draft.refresh_from_db()
        plan = draft.plan
        assert plan.tasks.count() == len(draft.extracted["tasks"]), seed.name
        assert plan.targets.count() == len(draft.extracted["targets"]), seed.name
        assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200
        plan.delete()  # the seeds share indicators and years: the next one is issued by Sở Nội vụ too


def test_a_file_that_is_not_a_document_is_refused(client, tree, secretary):
    client.force_login(secretary)
    exe = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    response = client.post(reverse("plans:draft_upload"), {"file": exe, "unit": tree.snv.pk})
    assert response.status_code == 200 and "Word (.docx)" in response.content.decode()
    assert not PlanDraft.objects.exists()


def test_a_plan_cannot_be_uploaded_for_another_agency(client, tree, secretary):
    client.force_login(secretary)
    upload = SimpleUploadedFile("kh.txt", "KẾ HOẠCH\nThử nghiệm".encode())
    response = client.post(reverse("plans:draft_upload"), {"file": upload, "unit": tree.syt.pk})
    assert response.status_code == 200 and not PlanDraft.objects.exists()


def test_a_document_the_reader_cannot_read_gets_its_message(client, tree, secretary, monkeypatch):
    from binhdang.plans import ingest

    def refuse(data, filename):
        raise ingest.IngestError("Tài liệu PDF này là ảnh quét, không có chữ.")

    monkeypatch.setattr(ingest, "read_plan", refuse)
    client.force_login(secretary)
    upload = SimpleUploadedFile("kh.pdf", b"%PDF-1.4\n%...")
    response = client.post(reverse("plans:draft_upload"), {"file": upload, "unit": tree.snv.pk})
    assert response.status_code == 200 and "ảnh quét, không có chữ" in response.content.decode()
    assert not PlanDraft.objects.exists()


def test_a_reader_that_trips_gives_a_message_not_a_500(client, tree, secretary, monkeypatch):
    from binhdang.plans import ingest

    def trip(data, filename):
        raise IndexError("list index out of range")

    monkeypatch.setattr(ingest, "read_plan", trip)
    client.force_login(secretary)
    response = client.post(
        reverse("plans:draft_upload"), {"file": SimpleUploadedFile("kh.txt", b"KE HOACH"), "unit": tree.snv.pk}
    )
    assert response.status_code == 200 and not PlanDraft.objects.exists()


# --- Review -------------------------------------------------------------------------------------------------


def test_review_shows_what_was_not_found_and_matches_units_to_the_tree(client, tree, secretary):
    extracted = {**copy.deepcopy(EXTRACTED), "number": None, "date": None, "missing": ["number", "date"]}
    extracted["tasks"][0]["unit_in_charge"] = "Văn phòng"  # "Văn phòng Sở" in the tree
    extracted["tasks"][0]["cooperating_units"] = ["Phòng Công chức - viên chức", "Công đoàn Sở"]
    draft = make_draft(tree, secretary, extracted)
    client.force_login(secretary)
    page = review_page(client, draft)
    assert "Not found in the document: document number, date signed" in page
    data = form_data(page)
    assert data["task-0-unit_in_charge"] == "Văn phòng Sở"
    assert data["task-0-cooperating"] == "Phòng Công chức, viên chức; Công đoàn Sở"
    assert data["plan-number"] == "" and data["plan-issued"] == ""


def test_review_preselects_the_plan_a_legal_basis_names(client, tree, secretary):
    province_plan = Plan.objects.create(
        number="01/KH-UBND", title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030
    )
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    assert form_data(review_page(client, draft))["plan-implements"] == str(province_plan.pk)


def test_confirm_creates_exactly_the_plan_and_its_parts(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    response = confirm(client, draft)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    assert (plan.number, plan.issuer, plan.issued_display) == ("15/KH-SNV", tree.snv, "05/2022")
    assert (plan.place, plan.period_start, plan.period_end) == ("Thử Nghiệm", 2021, 2030)
    assert (plan.signer_name, plan.signer_title) == ("Nguyễn Thị Hà", "GIÁM ĐỐC")
    assert plan.recipients == ["Sở Nội vụ (b/c)", "Lãnh đạo Sở"]
    assert plan.general_objective == "Giảm khoảng cách giới trong cơ quan."
    assert plan.number_as_printed == "15/KH-SNV" and plan.document_name == "ke-hoach.txt"
    assert plan.document.read() == b"KE HOACH"
    assert [(b.number, b.issued_on) for b in plan.legal_bases.all()] == [("01/KH-UBND", datetime.date(2022, 1, 5))]
    assert [(o.label, o.text[:10]) for o in plan.objectives.all()] == [("a)", "Đến năm 20")]
    targets = list(plan.targets.order_by("year"))
    assert [(t.indicator, t.value, t.year, t.unit) for t in targets] == [
        ("pool_women", Decimal(40), 2025, tree.snv),
        ("", Decimal(100), 2030, tree.snv),  # kept with its wording, not yet mapped
    ]
    [task] = plan.tasks.all()
    assert task.label == "II.1" and task.unit_in_charge == tree.snv_office and task.unit_in_charge_text == ""
    assert list(task.cooperating_units.all()) == [] and task.cooperating_text == "Công đoàn Sở"
    [deadline] = plan.report_deadlines.all()
    assert deadline.kind == "half_year" and deadline.recurring and deadline.due_display == "05/06"
    draft.refresh_from_db()
    assert draft.status == PlanDraft.Status.CONFIRMED and draft.plan == plan
    assert row_counts() == {"Plan": 1, "LegalBasis": 1, "Objective": 1, "Target": 2, "ReportDeadline": 1,
                            "Task": 1, "BudgetLine": 0}  # fmt: skip


def test_confirming_twice_creates_nothing_more(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    data = {**form_data(review_page(client, draft)), "action": "confirm"}
    assert client.post(reverse("plans:draft_review", args=[draft.pk]), data).status_code == 302
    before = row_counts()
    draft.refresh_from_db()
    second = client.post(reverse("plans:draft_review", args=[draft.pk]), data)
    assert second.status_code == 302 and second["Location"] == reverse("plans:plan_detail", args=[draft.plan_id])
    assert row_counts() == before
    draft.refresh_from_db()
    assert drafts.confirm(draft, {}, secretary) == draft.plan and row_counts() == before


def test_a_confirmed_draft_shows_its_plan_and_cannot_be_edited(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    confirm(client, draft)
    draft.refresh_from_db()
    page = review_page(client, draft)
    assert 'id="review-form"' not in page and reverse("plans:plan_detail", args=[draft.plan_id]) in page


def test_target_year_outside_the_period_is_named_by_row_and_writes_nothing(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    response = confirm(client, draft, **{"target-1-year": "2040"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Target 2: the year 2040 lies outside the period 2021–2030." in page
    assert row_counts()["Plan"] == 0 and not Target.objects.exists()
    draft.refresh_from_db()
    assert draft.status == PlanDraft.Status.DRAFT


def test_field_errors_name_their_row_and_write_nothing(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    response = confirm(
        client, draft, **{"plan-title": "", "target-0-value": "abc", "deadline-0-due": "31/02", "task-0-text": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="review-errors"' in page
    for error in (
        "Plan title: This field is required.",
        "Target 1, value: Enter a number.",
        "Report deadline 1, due: Write",
        "Task 1, task: This field is required.",
    ):
        assert error in page, error
    assert not Plan.objects.exists() and not Target.objects.exists() and not Task.objects.exists()


def test_two_targets_on_one_indicator_and_year_are_an_error_on_the_page(client, tree, secretary):
    extracted = copy.deepcopy(EXTRACTED)
    extracted["targets"].append({**extracted["targets"][0], "value": 45})
    draft = make_draft(tree, secretary, extracted)
    client.force_login(secretary)
    response = confirm(client, draft)
    page = response.content.decode()
    assert response.status_code == 200 and "Target 3: Target 1 already sets this indicator for 2025" in page
    assert not Plan.objects.exists()
    # leaving one of them out settles it
    data = {**form_data(review_page(client, draft)), "action": "confirm"}
    del data["target-2-include"]
    assert client.post(reverse("plans:draft_review", args=[draft.pk]), data).status_code == 302
    assert Target.objects.filter(indicator="pool_women").count() == 1


def test_a_target_the_agency_already_has_in_another_plan_is_an_error(client, tree, secretary):
    other = Plan.objects.create(title="Kế hoạch cũ", issuer=tree.snv, period_start=2021, period_end=2025)
    Target.objects.create(plan=other, unit=tree.snv, indicator="pool_women", year=2025, value=30)
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    response = confirm(client, draft)
    assert response.status_code == 200 and "Kế hoạch cũ" in response.content.decode()
    assert Plan.objects.count() == 1


def test_unticked_and_added_rows(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    data = form_data(review_page(client, draft))
    del data["task-0-include"]  # left out
    data.update({"task-1-text": "Tổ chức hội nghị sơ kết", "task-1-unit_in_charge": "Phòng Công chức, viên chức"})
    data.update({"budget-0-text": "Kinh phí chi thường xuyên", "budget-0-source": "state_budget", "action": "confirm"})
    assert client.post(reverse("plans:draft_review", args=[draft.pk]), data).status_code == 302
    [task] = Task.objects.all()
    assert task.text == "Tổ chức hội nghị sơ kết" and task.unit_in_charge == tree.snv_civil
    assert BudgetLine.objects.get().text == "Kinh phí chi thường xuyên"


def test_check_shows_problems_without_creating_anything(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    data = {**form_data(review_page(client, draft)), "action": "check", "plan-period_end": "2020"}
    response = client.post(reverse("plans:draft_review", args=[draft.pk]), data)
    assert response.status_code == 200 and not Plan.objects.exists()
    assert 'id="review-errors"' in response.content.decode()


def test_discarded_draft_cannot_be_confirmed(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    data = {**form_data(review_page(client, draft)), "action": "confirm"}
    assert client.post(reverse("plans:draft_discard", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanDraft.Status.DISCARDED
    client.post(reverse("plans:draft_review", args=[draft.pk]), data)
    assert not Plan.objects.exists()
    with pytest.raises(drafts.DraftClosed):
        drafts.confirm(draft, {}, secretary)


def test_another_agency_and_other_roles_cannot_reach_a_draft(client, tree, secretary, other_secretary, leader, viewer):
    draft = make_draft(tree, secretary)
    client.force_login(other_secretary)
    assert client.get(reverse("plans:draft_review", args=[draft.pk])).status_code == 404
    assert client.post(reverse("plans:draft_discard", args=[draft.pk])).status_code == 404
    for user in (leader, viewer):
        client.force_login(user)
        assert client.get(reverse("plans:draft_review", args=[draft.pk])).status_code == 403
        assert client.get(reverse("plans:draft_upload")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == PlanDraft.Status.DRAFT


# --- drafts.py alone ----------------------------------------------------------------------------------------


def test_partial_dates_and_due_dates():
    assert drafts.parse_partial_date("06/09/2021") == (datetime.date(2021, 9, 6), "day")
    assert drafts.parse_partial_date("5/2022") == (datetime.date(2022, 5, 1), "month")
    assert drafts.parse_partial_date("2021") == (datetime.date(2021, 1, 1), "year")
    assert drafts.parse_partial_date("2022-05") == (datetime.date(2022, 5, 1), "month")
    assert drafts.parse_partial_date("") == (None, "day")
    for wrong in ("31/02/2021", "13/2021", "0001", "hôm qua"):
        with pytest.raises(ValueError):
            drafts.parse_partial_date(wrong)
    assert drafts.parse_due("5/6") == (datetime.date(2000, 6, 5), True)
    assert drafts.parse_due("--11-30") == (datetime.date(2000, 11, 30), True)
    assert drafts.parse_due("15/06/2021") == (datetime.date(2021, 6, 15), False)
    assert drafts.parse_due("29/02") == (datetime.date(2000, 2, 29), True)


def test_units_are_matched_by_folded_name_only_when_one_fits(tree):
    units = drafts.current_units(tree.snv)
    assert drafts.match_unit("VĂN PHÒNG SỞ", units) == tree.snv_office
    assert drafts.match_unit("van phong", units) == tree.snv_office
    assert drafts.match_unit("Phòng Công chức - viên chức", units) == tree.snv_civil
    assert drafts.match_unit("Sở Y tế", units) is None  # another agency's unit is not in the subtree
    assert drafts.match_unit("Công đoàn Sở", units) is None


def test_confirm_alone_refuses_a_unit_outside_the_issuer_and_writes_nothing(tree, secretary):
    draft = make_draft(tree, secretary)
    cleaned = {
        "plan": {"number": "1/KH", "number_as_printed": "", "issued_on": None, "issued_precision": "day", "place": "",
                 "title": "Kế hoạch", "period_start": 2021, "period_end": 2025, "implements": None,
                 "general_objective": "", "recipients": [], "signer_name": "", "signer_title": ""},
        "tasks": [{"row": 1, "label": "", "text": "Việc", "unit_in_charge": tree.syt, "unit_in_charge_text": "",
                   "cooperating_units": [], "cooperating_text": ""}],
    }  # fmt: skip
    with pytest.raises(drafts.DraftInvalid) as error:
        drafts.confirm(draft, cleaned, secretary)
    assert error.value.problems[0].section == "tasks" and error.value.problems[0].row == 1
    assert not Plan.objects.exists()
    cleaned["tasks"][0]["unit_in_charge"] = tree.snv_civil
    plan = drafts.confirm(draft, cleaned, secretary)
    assert plan.tasks.get().unit_in_charge == tree.snv_civil


NASTY = ["", "\x00", "<b>x</b>", "x" * 10_000, "31/02/2024", "9" * 30, "-1", "1e999", "NaN", "²", "💩", "\u200b"]


def test_nasty_values_in_every_field_of_the_review_never_give_a_500(client, tree, secretary):
    draft = make_draft(tree, secretary)
    client.force_login(secretary)
    data = form_data(review_page(client, draft))
    for seed in range(len(NASTY)):
        nasty = {
            name: NASTY[(seed + index) % len(NASTY)]
            for index, name in enumerate(sorted(data))
            if name != "csrfmiddlewaretoken"
        }
        response = client.post(reverse("plans:draft_review", args=[draft.pk]), {**nasty, "action": "confirm"})
        assert response.status_code < 500
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "extracted",
    [
        {},
        {"number": 5, "date": "năm ngoái", "period": "2021", "targets": "many", "tasks": [None, 3, "x"]},
        {"targets": [{"value": "abc", "year": "2030", "indicator": 7, "comparator": None}], "signer": ["x"]},
        {"tasks": [{"unit_in_charge": ["a"], "cooperating_units": "Văn phòng Sở"}], "report_deadlines": [{"due": 5}]},
        {"legal_bases": [{"text": None, "number": {"a": 1}, "date": "2021-13-45"}], "missing": ["x", 1, None]},
    ],
)
def test_whatever_the_reader_returned_the_review_page_opens(client, tree, secretary, extracted):
    draft = make_draft(tree, secretary, extracted)
    client.force_login(secretary)
    review_page(client, draft)
    response = client.post(reverse("plans:draft_review", args=[draft.pk]), {"action": "confirm"})
    assert response.status_code == 200 and not Plan.objects.exists()
