"""The one check for uploaded files (plan documents, evidence, attachments): size, then what the bytes
are — never the name or the browser's content type, which anyone can set."""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from binhdang.core.archives import ArchiveError, check_archive

# What each kind is called for the user, and the file name endings it may carry.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("PDF", (".pdf",)),
    "docx": ("Word (.docx)", (".docx",)),
    "xlsx": ("Excel (.xlsx)", (".xlsx",)),
    "pptx": ("PowerPoint (.pptx)", (".pptx",)),
    "odt": ("OpenDocument", (".odt", ".ods", ".odp")),
    "jpeg": ("JPEG", (".jpg", ".jpeg")),
    "png": ("PNG", (".png",)),
    "text": (_("plain text"), (".txt", ".md", ".csv")),
    "doc": ("Word 97–2003 (.doc)", (".doc", ".xls", ".ppt")),
}
DOCUMENTS = frozenset({"pdf", "docx", "xlsx", "pptx", "odt", "jpeg", "png"})
ZIPPED = frozenset({"docx", "xlsx", "pptx", "odt"})  # zip containers: checked against zip bombs


def sniff(head: bytes, whole: IO[bytes] | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for zip containers, its member names)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            with zipfile.ZipFile(whole) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        if "mimetype" in names and "content.xml" in names:
            return "odt"
        return None
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The first block may end inside a multi-byte character.
        if error.start < len(head) - 3:
            return None
    return "text"


def check_upload(upload: IO[bytes], allowed: frozenset[str] | set[str], max_bytes: int | None = None) -> str:
    """The kind of an uploaded file, or a ValidationError that says what is wrong with it."""
    limit = max_bytes or settings.ATTACHMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s can be uploaded.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    kind = sniff(head, upload)
    upload.seek(0)
    if kind in ZIPPED and kind in allowed:
        try:
            check_archive(upload)
        except ArchiveError as error:
            raise ValidationError(error.message, code=error.code) from None
    if kind not in allowed:
        accepted = ", ".join(str(KINDS[k][0]) for k in sorted(allowed))
        raise ValidationError(
            _("This file is not of a kind that can be attached here. Accepted: %(kinds)s.") % {"kinds": accepted},
            code="kind",
        )
    return kind


def _delete_stored_files(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    # After the commit, so that a rolled-back delete keeps its files.
    for field in instance._meta.get_fields():
        stored = getattr(instance, field.name, None) if isinstance(field, models.FileField) else None
        if stored:
            name, storage = stored.name, stored.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def remove_files_with(*kinds: type[models.Model]) -> None:
    """Remove a row's stored files once the row is gone for good (also when a cascade takes it): the one
    place that does it, connected in each app's ready()."""
    for kind in kinds:
        post_delete.connect(_delete_stored_files, sender=kind, dispatch_uid=f"delete-files-{kind._meta.label}")
