"""The one zip-bomb check for uploaded Office files (.xlsx, .docx, .pptx, OpenDocument): how many parts,
how large each unpacks to, how large all of them together, and how many times a part grows when
unpacked — read from the archive's directory, before any reader (calamine, openpyxl, python-docx)
unpacks a single byte.

A staff list of 100,000 rows unpacks to about 17 times its size and under 100 MB; a 743 KB bomb that
unpacks to 600 MB grows 800 times. Every upload path calls check_archive() (core.uploads.check_upload
for attachments and plan documents, the staff import's reader, the report template check).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

__all__ = ["DOCUMENT_LIMITS", "IMPORT_LIMITS", "ArchiveError", "ArchiveLimits", "check_archive"]

MB = 1024 * 1024


class ArchiveError(Exception):
    """The archive is refused; `message` says why, for the user, already translated."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ArchiveLimits:
    member_bytes: int  # one part, unpacked
    total_bytes: int  # all parts together, unpacked
    members: int  # number of parts
    ratio: int  # unpacked / packed size of one part ...
    ratio_floor: int = 1 * MB  # ... for parts that unpack to more than this (tiny parts may shrink a lot)


# Documents (plans, attachments, templates): a 20 MB Word file with pictures unpacks to barely more.
DOCUMENT_LIMITS = ArchiveLimits(member_bytes=80 * MB, total_bytes=160 * MB, members=2_000, ratio=100)
# Staff workbooks: up to 25 MB packed; 100,000 rows of the template are one sheet of about 90 MB.
IMPORT_LIMITS = ArchiveLimits(member_bytes=200 * MB, total_bytes=250 * MB, members=2_000, ratio=100)


def check_archive(data: bytes | IO[bytes], limits: ArchiveLimits = DOCUMENT_LIMITS) -> None:
    """Raise ArchiveError if the zip archive would unpack to more than `limits` allow.

    Only the central directory is read (a few KB), so refusing a bomb costs neither time nor memory.
    An archive that is not a zip at all is left to the caller's own reader (it has the right message).
    """
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    position = source.tell()
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return
    finally:
        source.seek(position)
    if len(members) > limits.members:
        raise ArchiveError(
            _("The file is made of %(count)d parts; an ordinary office file has far fewer (at most %(limit)d).")
            % {"count": len(members), "limit": limits.members},
            "members",
        )
    total = 0
    for member in members:
        if member.file_size > limits.member_bytes:
            raise ArchiveError(
                _(
                    "A part of the file (%(name)s) unpacks to %(size)s; at most %(limit)s is accepted: "
                    "split the file into smaller files."
                )
                % {
                    "name": member.filename[:80],
                    "size": filesizeformat(member.file_size),
                    "limit": filesizeformat(limits.member_bytes),
                },
                "member_size",
            )
        if member.file_size > limits.ratio_floor and member.file_size > limits.ratio * max(member.compress_size, 1):
            raise ArchiveError(
                _(
                    "A part of the file (%(name)s) unpacks to %(ratio)d times its packed size (%(size)s): "
                    "an ordinary office file does not; this file is refused."
                )
                % {
                    "name": member.filename[:80],
                    "ratio": member.file_size // max(member.compress_size, 1),
                    "size": filesizeformat(member.file_size),
                },
                "ratio",
            )
        total += member.file_size
    if total > limits.total_bytes:
        raise ArchiveError(
            _("The file unpacks to %(size)s; at most %(limit)s is accepted: split it into smaller files.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limits.total_bytes)},
            "total_size",
        )
