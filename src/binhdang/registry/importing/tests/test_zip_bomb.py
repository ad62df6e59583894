"""A staff workbook that unpacks to hundreds of megabytes is refused before calamine reads it."""

from __future__ import annotations

import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from binhdang.core.tests.bombs import MB, xlsx_bomb
from binhdang.registry.importing import jobs
from binhdang.registry.models import ImportJob, Person


def test_import_refuses_a_zip_bomb_writes_nothing_and_stays_small(tree, hr_officer, people):
    # given a 64 MB sheet of one repeated row, packed into a few hundred KB
    bomb = xlsx_bomb(64 * MB)
    assert len(bomb) < MB
    before = Person.objects.count()
    # when it is checked for import
    tracemalloc.start()
    try:
        with translation.override("vi"):
            try:
                jobs.check_file(bomb, "danh-sach.xlsx", tree.snv, hr_officer)
            except jobs.ReadError as error:
                message = error.message
            else:
                message = ""
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # then it is refused in Vietnamese, nothing is recorded, and memory stayed low
    assert "xl/worksheets/sheet1.xml" in message and "lần" in message
    assert not ImportJob.objects.exists() and Person.objects.count() == before
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB"


def test_import_page_shows_the_refusal_next_to_the_file(client, tree, snv_admin):
    client.force_login(snv_admin)
    response = client.post(
        reverse("registry:import_list"),
        {"file": SimpleUploadedFile("danh-sach.xlsx", xlsx_bomb(16 * MB)), "unit": tree.snv.pk},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    assert "xl/worksheets/sheet1.xml" in response.content.decode()
    assert not ImportJob.objects.exists()
