"""Files kept with an activity: the kinds and size accepted, at most ten, downloaded only within scope."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from binhdang.activities.models import ActivityAttachment
from binhdang.activities.tests.helpers import make_activity
from binhdang.core.models import AuditEntry

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def upload(client, activity, name: str, content: bytes):
    return client.post(
        reverse("activities:attachment_upload", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_secretary_attaches_a_pdf_a_word_file_and_a_photo(client, secretary, tree, settings):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    for name, content in (("Biên bản tọa đàm.pdf", PDF), ("Bài phát biểu.docx", docx_bytes()), ("Ảnh.png", PNG)):
        assert upload(client, activity, name, content).status_code == 200
    files = list(activity.attachments.order_by("pk"))
    assert [(f.name, f.kind) for f in files] == [
        ("Biên bản tọa đàm.pdf", "pdf"),
        ("Bài phát biểu.docx", "docx"),
        ("Ảnh.png", "png"),
    ]
    assert files[0].size == len(PDF) and files[0].uploaded_by == secretary
    assert (Path(settings.MEDIA_ROOT) / files[0].file.name).read_bytes() == PDF
    assert files[0].file.name.startswith("activities/")
    page = client.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    assert "Biên bản tọa đàm.pdf" in page and reverse("activities:attachment_download", args=[files[0].pk]) in page
    assert AuditEntry.objects.filter(model="activities.activityattachment", action="create").count() == 3


def test_a_file_of_another_kind_is_refused_whatever_its_name(client, secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    for name, content in (("virus.exe", b"MZ\x90\x00" + b"\x00" * 100), ("ghi-chu.pdf", b"just text, not a pdf")):
        page = upload(client, activity, name, content).content.decode()
        assert name in page
    assert not ActivityAttachment.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused(client, secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    page = upload(client, activity, "lon.pdf", PDF + b"x" * 200).content.decode()
    assert "lon.pdf" in page and "100" in page
    assert not ActivityAttachment.objects.exists()


def test_an_empty_request_and_an_empty_file_are_refused(client, secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    client.post(reverse("activities:attachment_upload", args=[activity.pk]))
    upload(client, activity, "rong.pdf", b"")
    assert not ActivityAttachment.objects.exists()


def test_at_most_ten_files_per_activity(client, secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    for index in range(11):
        upload(client, activity, f"anh-{index}.png", PNG)
    assert activity.attachments.count() == 10


def test_download_gives_the_original_name_as_an_attachment(client, secretary, viewer, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    upload(client, activity, "Biên bản.pdf", PDF)
    attachment = activity.attachments.get()
    response = client.get(reverse("activities:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Bi%C3%AAn%20b%E1%BA%A3n.pdf" in response["Content-Disposition"]
    # A file can name people (an attendance list): a viewer, who sees counts only, cannot open it.
    client.force_login(viewer)
    assert client.get(reverse("activities:attachment_download", args=[attachment.pk])).status_code == 404


def test_another_agency_cannot_download_or_remove_the_file(client, secretary, other_secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    upload(client, activity, "Biên bản.pdf", PDF)
    attachment = activity.attachments.get()
    client.force_login(other_secretary)
    assert client.get(reverse("activities:attachment_download", args=[attachment.pk])).status_code == 404
    assert client.post(reverse("activities:attachment_delete", args=[attachment.pk])).status_code == 404
    assert client.post(reverse("activities:attachment_upload", args=[activity.pk])).status_code == 404
    assert ActivityAttachment.objects.count() == 1


def test_viewer_may_download_but_not_remove_or_attach(client, secretary, viewer, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    upload(client, activity, "Biên bản.pdf", PDF)
    attachment = activity.attachments.get()
    client.force_login(viewer)
    assert client.post(reverse("activities:attachment_delete", args=[attachment.pk])).status_code == 403
    assert upload(client, activity, "khac.pdf", PDF).status_code == 403
    assert ActivityAttachment.objects.count() == 1


def test_removing_a_file_deletes_it_from_storage(
    client, secretary, tree, settings, django_capture_on_commit_callbacks
):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    upload(client, activity, "Biên bản.pdf", PDF)
    attachment = activity.attachments.get()
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not ActivityAttachment.objects.exists() and not stored.exists()
    assert AuditEntry.objects.filter(model="activities.activityattachment", action="delete").exists()


def test_a_file_gone_from_storage_is_a_404_not_an_error(client, secretary, tree):
    activity = make_activity(tree.snv)
    missing = ActivityAttachment.objects.create(
        activity=activity, file="activities/2026/khong-con.pdf", name="Không còn.pdf", size=10, kind="pdf"
    )
    client.force_login(secretary)
    assert client.get(reverse("activities:attachment_download", args=[missing.pk])).status_code == 404
