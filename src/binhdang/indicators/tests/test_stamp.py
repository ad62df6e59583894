"""The dashboard's evaluations come from the cache, and every way of writing the registry renews them.

These tests commit for real (transaction=True): the stamp is renewed when a write commits, so a test
inside one rolled-back transaction would never see the cache in use.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.urls import reverse

from binhdang.indicators import engine, stamp
from binhdang.registry.models import Employment, Person

pytestmark = pytest.mark.django_db(transaction=True)


def staff_women_tile(client, unit) -> str:
    page = client.get(reverse("indicators:dashboard") + f"?unit={unit.pk}").content.decode()
    return page.split('data-indicator="staff_women"')[1].split("</div>\n")[0]


@pytest.fixture
def evaluations(monkeypatch) -> list[int]:
    """Counts the engine's live evaluations (the cache's misses)."""
    calls: list[int] = []
    real = engine.evaluate

    def counting(root, day, families=engine.FAMILIES):
        calls.append(root.pk)
        return real(root, day, families)

    monkeypatch.setattr(engine, "evaluate", counting)
    return calls


@pytest.fixture
def dashboard(client, tree, people, leader, evaluations):
    """The leader of Sở Nội vụ has loaded the dashboard once: Hà and Ánh of three staff are women."""
    client.force_login(leader)
    assert "66,7%" in staff_women_tile(client, tree.snv)
    return client


def test_a_second_load_without_changes_is_served_from_the_cache(dashboard, tree, evaluations):
    # given: the first load evaluated the day and the year before
    assert len(evaluations) == 2
    # when
    tile = staff_women_tile(dashboard, tree.snv)
    # then
    assert "66,7%" in tile and len(evaluations) == 2


def test_a_save_shows_on_the_next_load(dashboard, tree, people):
    people.binh.sex = "F"
    people.binh.save()
    assert "100%" in staff_women_tile(dashboard, tree.snv)


def test_a_queryset_update_shows_on_the_next_load(dashboard, tree, people):
    Person.objects.filter(pk=people.binh.pk).update(sex="F")
    assert "100%" in staff_women_tile(dashboard, tree.snv)


def test_bulk_create_shows_on_the_next_load(dashboard, tree, people):
    [lan] = Person.objects.bulk_create(
        [
            Person(
                family_name="Vũ Thị",
                given_name="Lan",
                sex="F",
                birth_date=datetime.date(1990, 1, 2),
                ethnicity="01",
                province=tree.province,
            )
        ]
    )
    Employment.objects.bulk_create([Employment(person=lan, unit=tree.snv_civil, start_date=datetime.date(2020, 1, 1))])
    assert "75%" in staff_women_tile(dashboard, tree.snv)


def test_raw_sql_through_django_shows_on_the_next_load(dashboard, tree, people):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_person SET sex = 'F' WHERE id = %s", [people.binh.pk])
    assert "100%" in staff_women_tile(dashboard, tree.snv)


def test_a_delete_shows_on_the_next_load(dashboard, tree, people):
    people.binh.employments.all().delete()  # Bình, the one man, no longer works there
    assert "100%" in staff_women_tile(dashboard, tree.snv)


def test_a_staff_import_shows_on_the_next_load(dashboard, tree, people, snv_admin):
    from binhdang.registry.importing import jobs
    from binhdang.registry.importing.tests.corpus import good, staff

    data = staff(good(code="SNV301", family="Đỗ Thị", given="Mai", sex="Nữ", unit="TN-SNV-CC"))
    job, plan = jobs.check_file(data, "ds.xlsx", tree.snv, snv_admin)
    assert not plan.has_errors
    assert jobs.execute(job).status == job.Status.DONE
    assert "75%" in staff_women_tile(dashboard, tree.snv)  # three women of four


def test_a_restructuring_shows_on_the_next_load(dashboard, tree, people):
    from binhdang.orgs.restructuring import merge

    # Sở Y tế (Yến, a woman) merges into Sở Nội vụ from today: its staff move with it.
    merge([tree.syt], tree.snv, datetime.date.today())
    assert "75%" in staff_women_tile(dashboard, tree.snv)


def test_uncommitted_writes_are_read_live_and_renew_on_commit(tree, people):
    day = datetime.date.today()
    before = stamp.current()
    with transaction.atomic():
        Person.objects.filter(pk=people.binh.pk).update(sex="F")
        assert stamp.current() is None  # this connection sees rows no one else does yet
        assert engine.cached_evaluate(tree.snv, day).measure("staff_f", tree.snv.pk) == 3
        assert stamp.current() is None
    assert stamp.current() not in (None, before)


def test_a_rolled_back_write_leaves_the_stamp(tree, people):
    before = stamp.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Person.objects.filter(pk=people.binh.pk).update(sex="F")
        raise RuntimeError
    assert stamp.current() == before


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('INSERT INTO "registry_person" ("id") VALUES (%s)', True),
        ('UPDATE "orgs_orgunit" SET "path" = %s', True),
        ("  delete from indicators_aggregatevalue where id = 1", True),
        ('TRUNCATE "registry_employment", "registry_post"', True),
        ('UPDATE "registry_importjob" SET "status" = %s', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('SELECT * FROM "registry_person"', False),
        ('SAVEPOINT "s1"', False),
    ],
)
def test_which_statements_renew_the_stamp(sql, watched):
    assert stamp.writes_watched_table(sql) is watched


def test_the_kept_page_of_one_role_is_never_shown_to_another(client, tree, people, leader, viewer):
    # given: the leader's page of Sở Nội vụ is kept (two women of three, shown in full)
    client.force_login(leader)
    assert "66,7%" in staff_women_tile(client, tree.snv)
    # when: a viewer opens the same page
    client.force_login(viewer)
    tile = staff_women_tile(client, tree.snv)
    # then: the viewer's own page, with the small counts hidden
    assert "&lt;5" in tile and "66,7%" not in tile


def test_a_second_load_renders_nothing_again(dashboard, tree, monkeypatch):
    from binhdang.indicators import views

    calls = []
    real = views._ranking
    monkeypatch.setattr(views, "_ranking", lambda *args: calls.append(1) or real(*args))
    assert "66,7%" in staff_women_tile(dashboard, tree.snv)
    assert calls == []  # the content came rendered from the cache
    Person.objects.filter(sex="M").update(sex="F")
    assert "100%" in staff_women_tile(dashboard, tree.snv) and calls == [1]
