"""Behaviour of the demo data generator (binhdang.registry.demo) and the `binhdang demo` command.

The default-size province is built once for the read-only checks in TestDefaultProvince (a
class-scoped build inside a transaction rolled back after the class); every other test starts
from an empty database and builds something small.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import unicodedata
from collections import Counter, defaultdict

import pytest
from django.conf import global_settings
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db import transaction

from binhdang.accounts.models import User
from binhdang.core.models import active_on_q
from binhdang.core.vietnamese import ethnic_group_code, fold, name_sort_key
from binhdang.orgs.models import OrgUnit, UnitVersion
from binhdang.orgs.tree import tree_as_of
from binhdang.registry import demo
from binhdang.registry.choices import LEVEL_BY_UNIT_KIND, POST_TITLES, TrainingKind
from binhdang.registry.demo import (
    DEPARTMENT_REFORM,
    REFERENCE_DATE,
    TWO_LEVEL_GOVERNMENT,
    DemoDataExists,
    DemoLogin,
    DemoSummary,
    build_national,
    build_province,
)
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

EVE = DEPARTMENT_REFORM - datetime.timedelta(days=1)


def registry_digest() -> str:
    """Everything the generator decides, without database ids (which differ between runs)."""
    h = hashlib.sha256()

    def feed(rows) -> None:
        for row in rows:
            h.update(repr(row).encode())

    feed(
        OrgUnit.objects.order_by("path").values_list(
            "code", "name", "kind", "is_agency", "path", "depth", "numchild", "valid_from", "valid_to"
        )
    )
    feed(
        UnitVersion.objects.order_by("unit__code", "valid_from").values_list(
            "unit__code", "name", "parent__code", "valid_from", "valid_to"
        )
    )
    fields = [f.attname for f in Person._meta.concrete_fields if f.attname not in ("id", "province_id")]
    feed(Person.objects.order_by("employee_code").values_list(*fields))
    code = "person__employee_code"
    feed(
        Employment.objects.order_by(code, "start_date", "unit__code").values_list(
            code, "unit__code", "start_date", "end_date"
        )
    )
    feed(
        Post.objects.order_by(code, "start_date", "unit__code", "title").values_list(
            code, "unit__code", "title", "level", "rank", "is_key_leader", "decision_number", "start_date", "end_date"
        )
    )
    feed(
        PoolEntry.objects.order_by(code, "start_date", "title").values_list(
            code, "title", "level", "period_start", "period_end", "decision_number", "start_date", "end_date"
        )
    )
    feed(
        TrainingRecord.objects.order_by(code, "start_date", "kind", "course").values_list(
            code, "kind", "course", "start_date", "end_date", "completed", "certificate"
        )
    )
    feed(ForeignLanguage.objects.order_by(code, "language").values_list(code, "language", "level"))
    feed(User.objects.order_by("username").values_list("username", "full_name", "role", "unit__code", "password"))
    return h.hexdigest()


def build_and_forget(build, *args, **kwargs) -> tuple[DemoSummary, str]:
    """Run a build in its own transaction, take the digest, and roll it all back."""
    with transaction.atomic():
        summary = build(*args, **kwargs)
        digest = registry_digest()
        transaction.set_rollback(True)
    return summary, digest


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# --- Determinism and the command ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_province():
    first, digest_a = build_and_forget(build_province, seed=7, staff_per_unit=2, communes=3)
    _, digest_b = build_and_forget(build_province, seed=7, staff_per_unit=2, communes=3)
    assert first.counts["staff"] > 300
    assert digest_a == digest_b


@pytest.mark.django_db
def test_a_small_province_still_gives_every_unit_its_posts():
    summary = build_province(seed=2, staff_per_unit=1, communes=2)
    assert summary.counts["units"]["commune"] == 2
    heads = Post.objects.filter(active_on_q(REFERENCE_DATE), rank="head")
    assert heads.count() == OrgUnit.objects.filter(valid_to__isnull=True).count()


@pytest.mark.django_db
def test_building_the_province_twice_is_refused():
    build_province(seed=1, staff_per_unit=1, communes=1)
    with pytest.raises(DemoDataExists):
        build_province(seed=1, staff_per_unit=1, communes=1)


@pytest.fixture
def fake_build(monkeypatch):
    """Stand in for the (slow) full build, recording the calls."""
    calls = []

    def build(seed: int = 1, **kwargs) -> DemoSummary:
        calls.append(seed)
        counts = {
            "province": {"code": "LS", "name": "Tỉnh Lạng Sơn"},
            "units": {"province": 1},
            "units_total": 1,
            "units_ended": 0,
            "staff": 0,
            "women_percent": 0.0,
            "posts": 0,
            "posts_current": 0,
            "leaders_women_percent": 0.0,
            "heads_women_percent": 0.0,
            "pool_entries": 0,
            "training_records": 0,
        }
        logins = [DemoLogin("snv.thuky", "binhdang", "secretary", "LS-SNV", "Sở Nội vụ", "Hoàng Thị Thư")]
        return DemoSummary("province", seed, 0.1, counts, logins)

    monkeypatch.setattr(demo, "build_province", build)
    return calls


@pytest.mark.django_db
def test_if_empty_builds_on_an_empty_database_and_prints_the_logins(fake_build):
    out = io.StringIO()
    call_command("demo", "--if-empty", "--seed", "5", stdout=out)
    assert fake_build == [5]
    assert "snv.thuky / binhdang / secretary / Sở Nội vụ" in out.getvalue()


@pytest.mark.django_db
def test_json_output_is_parseable_and_keeps_vietnamese_text(fake_build):
    out = io.StringIO()
    call_command("demo", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["scale"] == "province"
    assert data["logins"][0]["unit_name"] == "Sở Nội vụ"
    assert "Sở Nội vụ" in out.getvalue()  # not \\u-escaped


@pytest.mark.django_db
def test_if_empty_does_nothing_once_any_unit_exists(fake_build):
    build_province(seed=1, staff_per_unit=1, communes=1)
    people = Person.objects.count()
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    call_command("demo", "--if-empty", "--json", stdout=out)
    assert fake_build == []
    assert Person.objects.count() == people
    assert '"skipped": true' in out.getvalue()


# --- National shape ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_tiny_national_build_is_a_sound_treebeard_tree():
    summary = build_national(seed=1, provinces=3, factor=0.01)
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    roots = list(OrgUnit.objects.filter(depth=1).order_by("path"))
    assert [r.code for r in roots] == [code for code, *_ in demo.NATIONAL_PROVINCES[:3]]
    assert summary.counts["units_total"] == OrgUnit.objects.count() == UnitVersion.objects.count()
    for root in roots:
        # A subtree is one prefix query; it holds exactly the units whose code starts with the province's.
        in_subtree = OrgUnit.objects.filter(path__startswith=root.path)
        assert in_subtree.count() == OrgUnit.objects.filter(code__startswith=f"{root.code}-").count() + 1
        assert in_subtree.count() == OrgUnit.objects.get_descendant_count(root) + 1
        assert OrgUnit.objects.get_children(root).filter(kind="department").count() == len(demo.DEPARTMENTS)
    health = OrgUnit.objects.get(code=f"{roots[0].code}-SYT")
    assert {u.code for u in OrgUnit.objects.get_children(health)} == set(
        OrgUnit.objects.filter(code__startswith=f"{health.code}-").values_list("code", flat=True)
    )
    # Versions name the parent the path says.
    for version in UnitVersion.objects.select_related("unit", "parent")[:200]:
        assert (version.parent.path if version.parent else "") == version.unit.path[: -OrgUnit.steplen]


@pytest.mark.django_db
def test_a_tiny_national_build_gives_everyone_one_current_job_and_a_code_unique_in_its_province():
    build_national(seed=1, provinces=2, factor=0.01)
    current = Counter(Employment.objects.filter(active_on_q(REFERENCE_DATE)).values_list("person_id", flat=True))
    assert set(current.values()) == {1}
    assert len(current) == Person.objects.count() > 300
    codes = Person.objects.values_list("province_id", "employee_code")
    assert len(set(codes)) == len(codes)


@pytest.mark.django_db
def test_national_builds_are_deterministic_in_one_process_or_two_and_the_seed_matters():
    _, forked = build_and_forget(build_national, seed=3, provinces=2, factor=0.01, parallel=True)
    _, in_process = build_and_forget(build_national, seed=3, provinces=2, factor=0.01, parallel=False)
    _, other = build_and_forget(build_national, seed=4, provinces=2, factor=0.01, parallel=False)
    assert forked == in_process != other


@pytest.mark.django_db
def test_a_national_build_stacks_after_existing_provinces_and_refuses_taken_codes():
    build_province(seed=1, staff_per_unit=1, communes=1)
    build_national(seed=3, provinces=1, factor=0.01)
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    assert list(OrgUnit.objects.filter(depth=1).order_by("path").values_list("code", flat=True)) == ["LS", "HNI"]
    with pytest.raises(DemoDataExists):
        build_national(seed=3, provinces=1, factor=0.01)


# --- The default-size province -----------------------------------------------------------------


@pytest.fixture(scope="class")
def province(django_db_setup, django_db_blocker):
    """The default build, made once for the class and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_province(seed=1)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.usefixtures("province")
class TestDefaultProvince:
    def test_it_has_the_fourteen_post_2025_departments_and_the_communes(self, province):
        units = province.counts["units"]
        assert units["province"] == 1
        assert units["department"] == 14
        assert units["commune"] >= 60
        assert 3000 <= province.counts["staff"] <= 4000
        names = dict(
            OrgUnit.objects.filter(code__in=["LS", "LS-SNV", "LS-SYT", "LS-SKHCN"]).values_list("code", "name")
        )
        assert names == {
            "LS": "Tỉnh Lạng Sơn",
            "LS-SNV": "Sở Nội vụ",
            "LS-SYT": "Sở Y tế",
            "LS-SKHCN": "Sở Khoa học và Công nghệ",
        }
        assert OrgUnit.objects.get(code="LS-SYT-BVDK").name == "Bệnh viện Đa khoa tỉnh"
        assert OrgUnit.objects.get(code="LS-DONGKINH").name == "Phường Đông Kinh"

    def test_every_unit_has_a_dated_version_and_the_tree_is_sound(self, province):
        assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
        assert not OrgUnit.objects.filter(versions__isnull=True).exists()
        communes = OrgUnit.objects.filter(kind="commune")
        assert set(communes.values_list("valid_from", flat=True)) == {TWO_LEVEL_GOVERNMENT}

    def test_every_person_has_exactly_one_current_employment_and_a_unique_code(self, province):
        current = Counter(Employment.objects.filter(active_on_q(REFERENCE_DATE)).values_list("person_id", flat=True))
        assert len(current) == Person.objects.count() == province.counts["staff"]
        assert set(current.values()) == {1}
        codes = list(Person.objects.values_list("employee_code", flat=True))
        assert len(set(codes)) == len(codes)
        assert all(code.startswith("LS") and len(code) == 8 for code in codes)
        by_person = defaultdict(list)
        for e in Employment.objects.all():
            by_person[e.person_id].append(e)
        for spells in by_person.values():
            spells.sort(key=lambda e: e.start_date)
            assert all(not a.overlaps(b) for a, b in zip(spells, spells[1:], strict=False))

    def test_women_are_a_plausible_share_of_staff_leaders_and_heads(self, province):
        counts = province.counts
        assert 40 <= counts["women_percent"] <= 60
        assert 25 <= counts["leaders_women_percent"] <= 35
        assert 15 <= counts["heads_women_percent"] < counts["leaders_women_percent"]
        health = Person.objects.filter(employments__unit__path__startswith=OrgUnit.objects.get(code="LS-SYT").path)
        assert share(health.filter(sex="F").distinct().count(), health.distinct().count()) > 0.55

    def test_names_are_vietnamese_with_diacritics_and_ready_for_search_and_sorting(self, province):
        people = list(Person.objects.all())
        full_names = [p.full_name for p in people]
        assert sum("Nguyễn" in n for n in full_names) > 100
        assert sum(" Thị " in f" {n} " for n in full_names) > 300
        assert all(n == unicodedata.normalize("NFC", n) for n in full_names)
        assert all(p.search_text == fold(p.full_name) for p in people)
        assert all(p.sort_key == name_sort_key(p.family_name, p.given_name) for p in people)
        for person in people[::97]:
            person.full_clean(validate_unique=False)  # names, ages, party dates pass the model's checks

    def test_tay_and_nung_are_most_of_the_staff_as_in_lang_son(self, province):
        total = Person.objects.count()
        tay_nung = Person.objects.filter(ethnicity__in=[ethnic_group_code("Tày"), ethnic_group_code("Nùng")]).count()
        kinh = Person.objects.filter(ethnicity=ethnic_group_code("Kinh")).count()
        assert share(tay_nung, total) > 0.6
        assert 0.08 < share(kinh, total) < 0.25

    def test_ages_respect_retirement_and_party_admission_follows_the_eighteenth_birthday(self, province):
        for person in Person.objects.all():
            age = person.age(REFERENCE_DATE)
            assert 22 <= age <= (61 if person.sex == "M" else 56)
            if person.party_member_since:
                assert person.age(person.party_member_since) >= 18
                assert person.party_member_since <= REFERENCE_DATE
        civil_servants = Person.objects.filter(employment_type="civil_servant")
        members = civil_servants.filter(party_member_since__isnull=False).count()
        assert 0.35 <= share(members, civil_servants.count()) <= 0.55

    def test_the_2024_tree_has_the_labour_department_and_todays_does_not(self, province):
        labour = OrgUnit.objects.get(code="LS-SLDTBXH")
        then, now = tree_as_of(datetime.date(2024, 12, 31)), tree_as_of(REFERENCE_DATE)
        assert labour.pk in then.nodes and labour.pk not in now.nodes
        assert then.nodes[labour.pk].name == "Sở Lao động – Thương binh và Xã hội"
        agriculture = OrgUnit.objects.get(code="LS-SNNMT").pk
        assert then.nodes[agriculture].name == "Sở Nông nghiệp và Phát triển nông thôn"
        assert now.nodes[agriculture].name == "Sở Nông nghiệp và Môi trường"
        # Its employment division now hangs under Sở Nội vụ, renamed for its new remit.
        division = OrgUnit.objects.get(code="LS-SLDTBXH-LDVL").pk
        snv = OrgUnit.objects.get(code="LS-SNV").pk
        assert then.nodes[division].parent_id == labour.pk and now.nodes[division].parent_id == snv
        assert now.nodes[division].name == "Phòng Lao động, Việc làm và Bình đẳng giới"

    def test_the_labour_departments_staff_moved_to_home_affairs_with_dated_history(self, province):
        for old, new in (("LS-SLDTBXH", "LS-SNV"), ("LS-SLDTBXH-VP", "LS-SNV-VP")):
            assert not Employment.objects.filter(unit__code=old, end_date__isnull=True).exists()
            left = Employment.objects.filter(unit__code=old, end_date=EVE)
            assert left.exists()
            for person_id in left.values_list("person_id", flat=True):
                assert Employment.objects.filter(
                    person_id=person_id, unit__code=new, start_date=DEPARTMENT_REFORM, end_date__isnull=True
                ).exists()
        # The former director became a deputy director of the merged department.
        director = Post.objects.get(unit__code="LS-SLDTBXH", rank="head", end_date=EVE)
        assert Post.objects.filter(
            person=director.person, unit__code="LS-SNV", rank="deputy", start_date=DEPARTMENT_REFORM
        ).exists()

    def test_posts_follow_the_registry_rules(self, province):
        posts = list(Post.objects.select_related("unit"))
        by_unit = defaultdict(list)
        for post in posts:
            by_unit[post.unit_id].append(post)
            assert post.level == LEVEL_BY_UNIT_KIND[post.unit.kind]
        for unit_posts in by_unit.values():
            for i, a in enumerate(unit_posts):
                for b in unit_posts[i + 1 :]:
                    if a.overlaps(b):
                        assert a.person_id != b.person_id
                        assert not (a.rank == b.rank == "head" and a.title == b.title)
        # Every unit in force has one head now; agencies' heads are key leaders.
        current = Post.objects.filter(active_on_q(REFERENCE_DATE))
        heads = Counter(current.filter(rank="head").values_list("unit_id", flat=True))
        in_force = OrgUnit.objects.filter(valid_to__isnull=True)
        assert set(heads) == set(in_force.values_list("id", flat=True)) and set(heads.values()) == {1}
        assert not current.filter(rank="head", unit__is_agency=True, is_key_leader=False).exists()
        known = {title for titles in POST_TITLES.values() for title, _ in titles}
        titles = Counter(current.values_list("title", flat=True))
        assert share(sum(n for t, n in titles.items() if t in known), sum(titles.values())) > 0.99
        assert all("/QĐ-" in p.decision_number for p in posts)

    def test_posts_fall_within_the_holders_employment_in_the_unit(self, province):
        spells = defaultdict(list)
        for e in Employment.objects.all():
            spells[(e.person_id, e.unit_id)].append(e)

        def covers(e: Employment, post: Post) -> bool:
            return e.start_date <= post.start_date and (
                e.end_date is None or (post.end_date is not None and post.end_date <= e.end_date)
            )

        for post in Post.objects.all():
            assert any(covers(e, post) for e in spells[(post.person_id, post.unit_id)])

    def test_the_succession_pool_is_two_to_three_times_the_posts_with_about_forty_percent_women(self, province):
        current_posts = Post.objects.filter(active_on_q(REFERENCE_DATE)).count()
        pool = PoolEntry.objects.filter(period_start=2025, period_end=2030)
        assert 2 * current_posts <= pool.count() <= 3 * current_posts
        assert 0.35 <= share(pool.filter(person__sex="F").count(), pool.count()) <= 0.45
        assert PoolEntry.objects.filter(period_start=2020, period_end=2025, end_date__isnull=False).count() > 500
        planned = Counter(pool.values_list("person_id", flat=True))
        assert max(planned.values()) <= 3  # nobody is planned for more than three titles in a period

    def test_training_covers_every_kind_and_favours_the_pool(self, province):
        records = TrainingRecord.objects.all()
        assert set(records.values_list("kind", flat=True)) == set(TrainingKind.values)
        completed = records.filter(completed=True)
        assert not completed.filter(certificate="").exists()
        assert not completed.filter(end_date__gt=REFERENCE_DATE).exists()
        in_pool = set(PoolEntry.objects.values_list("person_id", flat=True))
        per_person = Counter(records.values_list("person_id", flat=True))
        pool_mean = sum(per_person[p] for p in in_pool) / len(in_pool)
        others = [per_person[p] for p in Person.objects.exclude(id__in=in_pool).values_list("id", flat=True)]
        assert pool_mean > 1.5 * sum(others) / len(others)

    def test_the_demo_logins_exist_with_their_roles_and_units(self, province, settings):
        # The class-wide build hashed with the default hasher, before conftest's fast one applied.
        settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
        expected = {
            "admin": ("system_admin", None),
            "tinh.admin": ("agency_admin", "LS"),
            "snv.thuky": ("secretary", "LS-SNV"),
            "snv.tccb": ("hr_officer", "LS-SNV-VP"),
            "snv.lanhdao": ("leader", "LS-SNV"),
            "tinh.xem": ("viewer", "LS"),
            "syt.thuky": ("secretary", "LS-SYT"),
            "syt.lanhdao": ("leader", "LS-SYT"),
        }
        assert {login.username for login in province.logins} == set(expected)
        for username, (role, code) in expected.items():
            user = User.objects.get(username=username)
            assert (user.role, user.unit.code if user.unit else None) == (role, code)
            assert user.full_name
        hashes = set(User.objects.values_list("password", flat=True))
        assert len(hashes) == 1 and check_password(demo.DEMO_PASSWORD, hashes.pop())  # one slow hash for all
        director = Post.objects.get(active_on_q(REFERENCE_DATE), unit__code="LS-SNV", rank="head").person
        assert User.objects.get(username="snv.lanhdao").full_name == director.full_name

    def test_if_empty_leaves_the_existing_demo_alone(self, province):
        before = (Person.objects.count(), OrgUnit.objects.count())
        out = io.StringIO()
        call_command("demo", "--if-empty", stdout=out)
        assert (Person.objects.count(), OrgUnit.objects.count()) == before
        assert out.getvalue().strip()


@pytest.mark.django_db
def test_make_run_prints_the_demo_logins_again_when_the_data_exists():
    import io

    from django.core.management import call_command

    demo.build_province(seed=1, staff_per_unit=1, communes=1)
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    text = out.getvalue()
    assert f"snv.thuky / {demo.DEMO_PASSWORD} / secretary / Sở Nội vụ" in text
    assert f"tinh.xem / {demo.DEMO_PASSWORD} / viewer / Tỉnh Lạng Sơn" in text
    # the roles that must sign in with a code are told so
    hr_line = next(line for line in text.splitlines() if "snv.tccb /" in line)
    assert "(+ two-factor" in hr_line and "(+ two-factor" not in next(x for x in text.splitlines() if "tinh.xem /" in x)
