"""Issue 5 in a real browser: a plan read from its document, an activity carrying out one of its tasks, and a
training class whose completion writes training records into the registry.

The committee secretary of Sở Nội vụ uploads Sở Ngoại vụ's plan 662/KH-SNgV (a seed of the plan reader),
checks what was read on the review page, corrects one target (35% -> 40% of women among the appointments of
2025) and confirms; the plan page shows the corrected target and the tasks. She records a seminar that carries
out one of the new tasks, then organises a two-day class in the past, enrols Hà and Bình found by name,
ticks the attendance grid (Hà both days, Bình one), completes the class and finds its training record on
Hà's page in the registry.

Elements are found by ids, names and hrefs, never by text typed here in English or Vietnamese, so the test
holds whether or not the strings are translated yet; the text it looks for is data (the document's, or
what the test typed into the forms).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SEED = Path(__file__).resolve().parents[2] / "src/binhdang/plans/fixtures/seeds/001_383a6f7f604cc505.txt"
SHOT = "/tmp/e2e-plan-journey.png"

NUMBER = "662/KH-SNgV"
# The first target read: 35% of women among the leaders appointed, by 2025. The secretary makes it 40%.
TARGET_INDICATOR, TARGET_YEAR, READ_VALUE, CORRECTED_VALUE = "appointments_women", 2025, "35", 40

SEMINAR = {
    "title": "Tọa đàm lồng ghép giới trong công tác cán bộ",
    "date": datetime.date(2025, 4, 15),
    "venue": "Hội trường Sở Nội vụ",
    "female": 14,
    "male": 9,
    "minority": 5,
}
CLASS_TITLE = "Lớp tập huấn kỹ năng lồng ghép giới 2025"
CLASS_DAYS = (datetime.date(2025, 3, 10), datetime.date(2025, 3, 11))  # in the past: the class can be completed


def _dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _submit(page: Any, form: Any, url: str) -> None:
    """Click the form's submit button and wait for the page the server sends back (after its redirect)."""
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(url))


def test_secretary_uploads_a_plan_corrects_it_records_an_activity_and_a_class(
    transactional_db: None, page: Any, login_as: Any, e2e_people: Any, tree: Any, secretary: Any
):
    from binhdang.activities.models import Activity
    from binhdang.indicators.catalogue import BY_CODE
    from binhdang.indicators.models import Target
    from binhdang.indicators.targets import format_value
    from binhdang.plans.models import Plan, PlanDraft, Task
    from binhdang.registry.models import TrainingRecord
    from binhdang.training.models import Participant, TrainingClass

    people = e2e_people
    login_as(secretary)

    # --- 1. The plans list, its upload link, the seed uploaded for Sở Nội vụ ------------------------------------
    page.locator("header nav a[href='/plans/']").click()
    expect(page).to_have_url(re.compile(r"/plans/$"))
    expect(page.locator("table#plans tbody tr")).to_have_count(1)  # the "no plans yet" row
    page.locator(f"main a[href='{reverse('plans:draft_upload')}']").click()
    expect(page).to_have_url(re.compile(r"/plans/import/$"))
    upload = page.locator("form#upload-form")
    upload.locator("input[type=file][name=file]").set_input_files(str(SEED))
    upload.locator("select[name=unit]").select_option(str(tree.snv.pk))
    _submit(page, upload, r"/plans/drafts/\d+/$")

    # --- 2. The review page: what was read, one target corrected, confirmed --------------------------------------
    draft = PlanDraft.objects.get()
    assert (draft.unit_id, draft.user_id, draft.extracted["number"]) == (tree.snv.pk, secretary.pk, NUMBER)
    read_targets, read_tasks = draft.extracted["targets"], draft.extracted["tasks"]
    assert read_targets and read_tasks
    review = page.locator("form#review-form")
    expect(review.locator("input[name='plan-number']")).to_have_value(NUMBER)
    expect(review.locator("input[name='plan-issued']")).to_have_value("06/09/2021")
    expect(review.locator("input[name='plan-place']")).to_have_value("Hà Tĩnh")
    expect(review.locator("input[name='plan-period_start']")).to_have_value("2021")
    expect(review.locator("input[name='plan-period_end']")).to_have_value("2030")
    # One row per target and per task read, and an empty row at the end of each section to add one.
    target_rows = review.locator("table[data-section=targets] tbody tr[data-row]")
    expect(target_rows).to_have_count(len(read_targets) + 1)
    expect(review.locator("table[data-section=tasks] tbody tr[data-row]")).to_have_count(len(read_tasks) + 1)
    # The first target: the indicator it was mapped to, its year, and the value the document states.
    expect(review.locator("select[name='target-0-indicator']")).to_have_value(TARGET_INDICATOR)
    expect(review.locator("input[name='target-0-year']")).to_have_value(str(TARGET_YEAR))
    value = review.locator("input[name='target-0-value']")
    expect(value).to_have_value(re.compile(rf"^{READ_VALUE}([.,]0+)?$"))
    expect(review.locator("input[name='target-0-include']")).to_be_checked()
    expect(review.locator("textarea[name='task-0-text']")).to_have_value(read_tasks[0]["text"])
    assert not Plan.objects.exists()  # nothing is created before the secretary confirms

    value.fill(str(CORRECTED_VALUE))
    review.locator("button#confirm").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.locator("dl#plan-facts")).to_contain_text(NUMBER)

    plan = Plan.objects.get()
    assert (plan.number, plan.issuer_id, plan.period_start, plan.period_end) == (NUMBER, tree.snv.pk, 2021, 2030)
    assert plan.issued_on == datetime.date(2021, 9, 6)
    draft.refresh_from_db()
    assert draft.status == PlanDraft.Status.CONFIRMED and draft.plan_id == plan.pk
    corrected = Target.objects.get(plan=plan, indicator=TARGET_INDICATOR, year=TARGET_YEAR)
    assert corrected.value == CORRECTED_VALUE and corrected.unit_id == tree.snv.pk
    # The target of 2030 on the same line of the document keeps the value read.
    assert Target.objects.get(plan=plan, indicator=TARGET_INDICATOR, year=2030).value == int(READ_VALUE)
    assert Target.objects.filter(plan=plan).count() == len(read_targets)
    tasks = list(Task.objects.filter(plan=plan).order_by("order", "pk"))
    assert len(tasks) == len(read_tasks)
    assert tasks[0].text == read_tasks[0]["text"]

    # The plan page: the corrected goal on the target's row, every task in the table.
    target_row = page.locator(
        f"table#targets tbody tr:has(a[href='{reverse('indicators:target_edit', args=[corrected.pk])}'])"
    )
    expect(target_row).to_have_count(1)
    expect(target_row.locator("td").nth(2)).to_contain_text(format_value(CORRECTED_VALUE, BY_CODE[TARGET_INDICATOR]))
    expect(target_row.locator("td").nth(2)).to_contain_text(str(TARGET_YEAR))
    expect(target_row.locator("td").nth(1)).to_have_text(tree.snv.name)
    expect(page.locator("table#tasks tr[id^='task-']")).to_have_count(len(tasks))
    task = tasks[0]
    expect(page.locator(f"table#tasks tr#task-{task.pk}")).to_contain_text(task.text[:60])

    # --- 3. A seminar that carries out the plan's first task ------------------------------------------------------
    page.locator("header nav a[href='/activities/']").click()
    expect(page).to_have_url(re.compile(r"/activities/$"))
    page.locator("a#add-activity").click()
    expect(page).to_have_url(re.compile(r"/activities/new/$"))
    form = page.locator("form#activity-form")
    expect(form.locator("select[name=unit]")).to_have_value(str(tree.snv.pk))
    form.locator("select[name=kind]").select_option("seminar")
    expect(page.locator("fieldset#inspection-fields")).to_be_hidden()
    form.locator("input[name=title]").fill(SEMINAR["title"])
    form.locator("input[name=start_date]").fill(_dmy(SEMINAR["date"]))
    form.locator("input[name=venue]").fill(SEMINAR["venue"])
    task_select = form.locator("select[name=task]")
    expect(task_select.locator(f"option[value='{task.pk}']")).to_have_count(1)  # the new plan's tasks are offered
    task_select.select_option(str(task.pk))
    form.locator("input[name=participants_female]").fill(str(SEMINAR["female"]))
    form.locator("input[name=participants_male]").fill(str(SEMINAR["male"]))
    form.locator("input[name=participants_minority]").fill(str(SEMINAR["minority"]))
    _submit(page, form, r"/activities/\d+/$")
    expect(page.locator("form#activity-form")).to_have_count(0)  # saved, not sent back with errors
    facts = page.locator("dl#activity-facts")
    expect(facts).to_contain_text(SEMINAR["venue"])
    expect(facts.locator(f"a[href='{reverse('plans:plan_detail', args=[plan.pk])}#task-{task.pk}']")).to_have_count(1)
    expect(page.locator("dd#participants")).to_contain_text(str(SEMINAR["female"] + SEMINAR["male"]))

    activity = Activity.objects.get()
    assert (activity.unit_id, activity.kind, activity.title, activity.start_date, activity.venue) == (
        tree.snv.pk,
        "seminar",
        SEMINAR["title"],
        SEMINAR["date"],
        SEMINAR["venue"],
    )
    assert activity.task_id == task.pk and activity.created_by_id == secretary.pk
    assert (activity.participants_female, activity.participants_male, activity.participants_minority) == (
        SEMINAR["female"],
        SEMINAR["male"],
        SEMINAR["minority"],
    )

    # The list shows it with its participants by sex.
    page.locator(f"nav.breadcrumbs a[href='{reverse('activities:activity_list')}']").click()
    expect(page).to_have_url(re.compile(r"/activities/$"))
    row = page.locator(f"table#activities tbody tr[data-pk='{activity.pk}']")
    expect(row).to_have_count(1)
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text(_dmy(SEMINAR["date"]))
    expect(cells.nth(1)).to_have_text(tree.snv.name)
    expect(cells.nth(3)).to_have_text(SEMINAR["title"])
    expect(cells.nth(4)).to_have_text(str(SEMINAR["female"]))
    expect(cells.nth(5)).to_have_text(str(SEMINAR["male"]))
    expect(cells.nth(6)).to_have_text(str(SEMINAR["minority"]))
    expect(page.locator("table#activity-totals tbody tr[data-kind=seminar] td").nth(1)).to_have_text("1")

    # --- 4. A two-day class of Sở Nội vụ under the plan, Hà and Bình enrolled, attendance, completion ---------------
    page.locator("header nav a[href='/training/']").click()
    expect(page).to_have_url(re.compile(r"/training/$"))
    page.locator(f"main a[href='{reverse('training:class_create')}']").click()
    expect(page).to_have_url(re.compile(r"/training/new/$"))
    form = page.locator("main form[method=post]")
    form.locator("input[name=title]").fill(CLASS_TITLE)
    expect(form.locator("select[name=organiser]")).to_have_value(str(tree.snv.pk))
    form.locator("select[name=plan]").select_option(str(plan.pk))
    form.locator("select[name=task]").select_option(str(task.pk))
    form.locator("input[name=start_date]").fill(_dmy(CLASS_DAYS[0]))
    form.locator("input[name=end_date]").fill(_dmy(CLASS_DAYS[-1]))
    form.locator("input[name=venue]").fill(SEMINAR["venue"])
    _submit(page, form, r"/training/\d+/$")
    course = TrainingClass.objects.get()
    assert (course.organiser_id, course.plan_id, course.task_id, course.title) == (
        tree.snv.pk,
        plan.pk,
        task.pk,
        CLASS_TITLE,
    )
    assert (course.start_date, course.end_date, course.days) == (CLASS_DAYS[0], CLASS_DAYS[-1], list(CLASS_DAYS))
    threshold = course.completion_threshold
    expect(page.locator("dl#class-facts")).to_contain_text(tree.snv.name)

    # Enrolment: the organiser's own staff, searched by name; each found person enrolled.
    page.locator(f"#class-actions a[href='{reverse('training:class_enrol', args=[course.pk])}']").click()
    expect(page).to_have_url(re.compile(r"/training/\d+/enrol/"))
    for enrolled, person in enumerate((people.ha, people.binh), start=1):
        search = page.locator("form#search-form")
        search.locator("input[name=q]").fill(f"{person.family_name} {person.given_name}")
        _submit(page, search, r"[?&]q=")
        candidates = page.locator("table#candidates tbody tr")
        expect(candidates).to_have_count(1)
        expect(candidates.locator("td").nth(1)).to_have_text(person.employee_code)
        enrol = candidates.locator(f"form:has(input[name=person][value='{person.pk}'])")
        _submit(page, enrol, r"/training/\d+/enrol/")
        expect(page.locator("table#enrolled tbody tr form input[name=participant]")).to_have_count(enrolled)
        assert Participant.objects.filter(training_class=course, person=person).exists()
    ha, binh = (Participant.objects.get(training_class=course, person=p) for p in (people.ha, people.binh))

    # Attendance: Hà both days, Bình the first day only.
    page.goto(reverse("training:class_attendance", args=[course.pk]))
    grid = page.locator("form#attendance-form")
    boxes = grid.locator("table#attendance tbody input[type=checkbox]")
    expect(boxes).to_have_count(4)
    for participant, days in ((ha, CLASS_DAYS), (binh, CLASS_DAYS[:1])):
        for day in days:
            grid.locator(f"input[name='present-{participant.pk}-{day:%Y%m%d}']").check()
    _submit(page, grid, r"/training/\d+/attendance/$")
    expect(grid.locator("input[type=checkbox]:checked")).to_have_count(3)
    expect(grid.locator(f"tr:has(input[name=row][value='{ha.pk}']) td.num")).to_have_text("2")
    expect(grid.locator(f"tr:has(input[name=row][value='{binh.pk}']) td.num")).to_have_text("1")

    # Completion, from the class page (the class has ended, so the button is enabled).
    page.locator(f"div.breadcrumbs a[href='{reverse('training:class_detail', args=[course.pk])}']").click()
    expect(page).to_have_url(re.compile(r"/training/\d+/$"))
    complete = page.locator("form#complete-form button[type=submit]")
    expect(complete).to_be_enabled()
    complete.click()
    expect(page.locator("form#complete-form")).to_have_count(0)
    expect(page.locator("#figures b#completed")).to_be_visible()
    course.refresh_from_db()
    assert course.status == TrainingClass.Status.COMPLETED
    participants = page.locator("table#participants tbody tr")
    expect(participants).to_have_count(2)
    expect(participants.locator("td span.badge.active")).to_have_count(2)  # both completed (see Bình below)

    record = TrainingRecord.objects.get(person=people.ha)
    assert (record.course, record.completed, record.start_date, record.end_date, record.kind) == (
        CLASS_TITLE,
        True,
        CLASS_DAYS[0],
        CLASS_DAYS[-1],
        course.kind,
    )
    # Bình came one day of two: 50% of the days, which reaches the default threshold of 50% ("at least").
    binh_record = TrainingRecord.objects.get(person=people.binh)
    assert threshold == 50
    assert (binh_record.course, binh_record.completed) == (CLASS_TITLE, True)
    expect(page.locator("b#completed")).to_have_text("2")
    ha.refresh_from_db()
    assert ha.training_record_id == record.pk

    # Hà's page in the registry, through the link on the class page, lists the class's training record.
    page.locator(f"table#participants a[href='{reverse('registry:person_detail', args=[people.ha.pk])}']").click()
    expect(page).to_have_url(re.compile(rf"/staff/{people.ha.pk}/$"))
    training = page.locator("table[data-kind=training] tbody tr")
    expect(training).to_have_count(1)
    expect(training.locator("td").nth(1)).to_have_text(CLASS_TITLE)
    expect(training.locator("td").nth(3)).to_have_text(_dmy(CLASS_DAYS[0]))
    expect(training.locator("td").nth(4)).to_have_text(_dmy(CLASS_DAYS[-1]))
    page.screenshot(path=SHOT, full_page=True)
