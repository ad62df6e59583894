"""Demo training classes for the demo province: the four classes of seed 003 (a provincial plan that is
nothing but training classes on gender equality and women in leadership), moved to the demo's year.

The standing agency (since the 2025 merger of the labour department, Sở Nội vụ) organises them for the
province. Classes 1 and 2 (July) are over: departments sent their heads (class 1) and three staff each
(class 2, with two guests of the Women's Union), attendance and evaluation are recorded and both are
completed, so their participants have training records. Class 3 (December) is open for enrolment and the
departments have started to enrol women of their succession pool; class 4 asks communes and is planned.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from binhdang.core import audit
from binhdang.core.models import active_on_q
from binhdang.orgs.models import OrgUnit, UnitKind, subtree_q
from binhdang.registry.choices import PostRank, Sex
from binhdang.registry.models import Employment, Person, PoolEntry, Post
from binhdang.training import services
from binhdang.training.models import Nomination, Participant, TrainingClass

PLAN_TITLE = (
    "Kế hoạch tổ chức tập huấn nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới và tăng cường "
    "sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo và cơ quan dân cử"
)
TRAINERS = (
    "Tiến sĩ Đặng Ngọc Toàn, Chuyên gia tư vấn phát triển về giới\n"
    "Một số đồng chí lãnh đạo tỉnh"
)
# (title, content, participants expected, first day (month, day), days)
CLASSES = (
    (
        "Lớp tập huấn 1",
        "Chương trình mục tiêu Quốc gia về bình đẳng giới; thông tin, giáo dục, truyền thông về bình đẳng giới trong "
        "lĩnh vực chính trị; giải pháp góp phần đảm bảo tỷ lệ nữ tham gia cấp ủy đảng và đại biểu HĐND các cấp.",
        "Giám đốc, thủ trưởng các sở, ban, ngành, đoàn thể đơn vị cấp tỉnh. Bí thư, Chủ tịch UBND các xã, phường.",
        (7, 10),
        1,
    ),
    (
        "Lớp tập huấn 2",
        "Tổng quan về bình đẳng giới và công tác quản lý nhà nước về bình đẳng giới, lồng ghép giới trong xây dựng "
        "các văn bản quy phạm pháp luật, các biện pháp thúc đẩy bình đẳng giới.",
        "Thành viên Ban Vì sự tiến bộ của phụ nữ tỉnh; trưởng ban, phó ban, thư ký Ban Vì sự tiến bộ của phụ nữ "
        "của các sở, ban, ngành, đoàn thể, đơn vị cấp tỉnh và các xã, phường.",
        (7, 11),
        2,
    ),
    (
        "Lớp tập huấn 3",
        "Tổng quan về bình đẳng giới; các biện pháp thúc đẩy bình đẳng giới; thông tin, giáo dục, truyền thông về "
        "bình đẳng giới trong lĩnh vực chính trị cho phụ nữ tham gia ứng cử.",
        "Cán bộ nữ trong quy hoạch, dự kiến dự nguồn tham gia cấp ủy Đảng và ứng cử đại biểu HĐND các cấp.",
        (12, 15),
        2,
    ),
    (
        "Lớp tập huấn 4",
        "Tổng quan về bình đẳng giới; thông tin, giáo dục, truyền thông về bình đẳng giới trong lĩnh vực chính trị; "
        "giải pháp góp phần đảm bảo tỷ lệ nữ tham gia cấp ủy đảng các cấp và đại biểu hội đồng nhân dân các cấp; "
        "vai trò, trách nhiệm của các cơ quan, tổ chức, gia đình và cá nhân trong việc thực hiện và bảo đảm cho "
        "bình đẳng giới.",
        "Bí thư Đảng ủy, Chủ tịch UBND xã, phường.",
        (12, 17),
        3,
    ),
)
GUESTS = (("Hoàng Thị Mai", "F", True), ("Lý Thị Hồng", "F", False))


def add_training_classes(province: OrgUnit, seed: int = 1, day: datetime.date | None = None) -> dict[str, int]:
    """The four classes of seed 003 in the year of `day` (the demo's reference date by default)."""
    from binhdang.accounts.models import User
    from binhdang.plans.models import Plan
    from binhdang.registry.demo import REFERENCE_DATE

    day = day or REFERENCE_DATE
    year = day.year
    rng = random.Random(f"{seed}:training")
    organiser = OrgUnit.objects.filter(code=f"{province.code}-SNV").first() or province
    departments = list(_current(province, day).filter(kind=UnitKind.DEPARTMENT, depth=province.depth + 1))
    communes = list(_current(province, day).filter(kind=UnitKind.COMMUNE, depth=province.depth + 1))
    author = User.objects.filter(username="snv.thuky").first()
    with transaction.atomic(), audit.batch(f"demo-training-{seed}"):
        plan = Plan.objects.create(
            title=PLAN_TITLE,
            issuer=province,
            issued_on=datetime.date(year, 6, 5),
            period_start=year,
            period_end=year,
        )
        courses = []
        for number, (title, content, groups, (month, first), days) in enumerate(CLASSES, start=1):
            start = datetime.date(year, month, first)
            courses.append(
                TrainingClass.objects.create(
                    organiser=organiser,
                    plan=plan,
                    title=title,
                    content=content,
                    target_groups=groups,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=days - 1),
                    venue=f"Hội trường {organiser.name}, {province.name}",
                    trainers=TRAINERS,
                    status=TrainingClass.Status.OPEN if number == 3 else TrainingClass.Status.PLANNED,
                    created_by=author,
                )
            )
        first, second, third, fourth = courses
        for unit in departments:
            _enrol(first, unit, 1, _heads(unit, first.start_date))
            _enrol(second, unit, 3, _staff(unit, second.start_date, rng, 3))
            # Enrolment in class 3 has just opened: two departments have sent names so far.
            early = unit.code.endswith(("-SNV", "-SYT"))
            _enrol(third, unit, 2, _pool_women(unit, third.start_date, rng) if early else [])
        for unit in communes[:10]:
            Nomination.objects.create(training_class=fourth, unit=unit, quota=2)
        for name, sex, minority in GUESTS:
            Participant.objects.create(
                training_class=second,
                guest_name=name,
                guest_sex=sex,
                guest_unit_text="Hội Liên hiệp Phụ nữ tỉnh",
                guest_is_minority=minority,
            )
        records = 0
        for course in (first, second):
            _attend(course, rng)
            _evaluate(course, rng)
            records += services.complete(course, author, today=course.end_date).records
    return {
        "training_classes": len(courses),
        "training_participants": Participant.objects.filter(training_class__in=courses).count(),
        "training_records_from_classes": records,
    }


def _current(province: OrgUnit, day: datetime.date) -> Any:
    return (
        OrgUnit.objects.filter(subtree_q(province.path), valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("path")
    )


def _enrol(course: TrainingClass, unit: OrgUnit, quota: int, people: list[Person]) -> None:
    nomination = Nomination.objects.create(training_class=course, unit=unit, quota=quota)
    Participant.objects.bulk_create(
        [Participant(training_class=course, person=person, nominated_by=nomination) for person in people[:quota]]
    )


def _working(unit: OrgUnit, day: datetime.date) -> Any:
    return Employment.objects.filter(active_on_q(day), subtree_q(unit.path, "unit__")).values("person_id")


def _heads(unit: OrgUnit, day: datetime.date) -> list[Person]:
    post = (
        Post.objects.filter(active_on_q(day), unit=unit, rank=PostRank.HEAD).select_related("person").order_by("pk")
    ).first()
    return [post.person] if post and Employment.objects.filter(active_on_q(day), person=post.person).exists() else []


def _staff(unit: OrgUnit, day: datetime.date, rng: random.Random, count: int) -> list[Person]:
    people = list(Person.objects.filter(pk__in=_working(unit, day)).order_by("sort_key", "pk")[:60])
    return rng.sample(people, min(count, len(people)))


def _pool_women(unit: OrgUnit, day: datetime.date, rng: random.Random) -> list[Person]:
    pooled = PoolEntry.objects.filter(active_on_q(day)).values("person_id")
    women = Person.objects.filter(pk__in=_working(unit, day), sex=Sex.FEMALE).filter(pk__in=pooled)
    people = list(women.order_by("sort_key", "pk")[:20])
    return rng.sample(people, min(2, len(people)))


def _attend(course: TrainingClass, rng: random.Random) -> None:
    """Most attend every day; some miss a day; one in twenty-five does not come (no completion for them)."""
    marks = []
    for participant in course.participants.order_by("pk"):
        absent = rng.random() < 0.04
        for on in course.days:
            marks.append(services.Mark(participant.pk, on, not absent and rng.random() > 0.08))
    services.save_attendance(course, marks)


def _evaluate(course: TrainingClass, rng: random.Random) -> None:
    rows = []
    for participant in course.participants.order_by("pk"):
        before = Decimal(rng.randint(40, 70)) / 10
        after = min(Decimal(10), before + Decimal(rng.randint(10, 30)) / 10)
        rows.append(services.Scores(participant.pk, str(before), str(after), str(rng.choice((3, 4, 4, 5, 5)))))
    services.save_evaluation(course, rows)
