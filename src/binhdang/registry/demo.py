"""Demo data: a realistic post-2025 province, or a national-sized load for benchmarks.

`build_province()` makes a Lạng Sơn-like province as it stands after the two reforms of 2025
(departments merged on 01/03/2025, districts abolished and communes merged on 01/07/2025), with
the history that led there, a few thousand staff, their posts, succession pool and training,
and a handful of logins. `build_national()` makes 34 provinces of the same shape, about
35,000 units and 2.5 million staff, streamed batch by batch, to load-test the indicator engine.

Determinism: everything is drawn from `random.Random` streams seeded from `seed`, and every
"now" is REFERENCE_DATE, never today, so a seed always gives byte-identical data (only the
timestamps the database fills in itself, such as audit times, differ).

Speed: staff and their facts are inserted in bulk with ids chosen here, so facts can point at
their person before anything is written. Bulk inserts skip `Person.save()` and the audit
signals on purpose (demo data is not a user's change), so the fields `Person.save()` derives —
normalised names, `search_text`, `sort_key` — are computed here with the same functions.
Province scale uses `bulk_create`; national scale inserts the same rows with `executemany`,
which is several times faster for millions of rows and has the same effect, and (where the OS
can fork) generates them in a child process while the parent writes, with identical results.

Stable codes other code and tests may rely on: the province is "LS"; departments are
"LS-<abbr>" ("LS-SNV" Sở Nội vụ, "LS-SYT" Sở Y tế, "LS-SKHCN" Sở Khoa học và Công nghệ,
"LS-VP" Văn phòng UBND tỉnh, "LS-TTR" Thanh tra tỉnh ...; the list is `DEPARTMENTS`); their
divisions and affiliated units are "<department>-<abbr>" ("LS-SNV-VP" Văn phòng Sở Nội vụ);
communes are "LS-<name without diacritics>" ("LS-DONGKINH") with sub-units "<commune>-VP",
"-KT", "-VHXH", "-TTHCC". Units that came into a department by a merge keep their old code
("LS-SLDTBXH-LDVL" is now under LS-SNV). The pre-2025 departments are LS-SLDTBXH (labour,
merged into LS-SNV), LS-SKHDT, LS-STTTT, LS-SGTVT and LS-STNMT.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import functools
import math
import multiprocessing
import operator
import random
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count, Max, Q

from binhdang.core import audit
from binhdang.core.models import active_on_q
from binhdang.core.vietnamese import ethnic_group_code, fold, name_sort_key, normalise
from binhdang.orgs import restructuring
from binhdang.orgs.models import OrgUnit, RestructuringEvent, UnitKind, UnitVersion
from binhdang.orgs.restructuring import NewUnit
from binhdang.registry.choices import (
    LEVEL_BY_UNIT_KIND,
    CivilServiceRank,
    Degree,
    EmploymentType,
    ITLevel,
    LanguageLevel,
    PostRank,
    Sex,
    StateManagementLevel,
    TheoryLevel,
    TrainingKind,
)
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

date = datetime.date
_T = TypeVar("_T")
DAY = datetime.timedelta(days=1)

# "Today" for the demo: ages, current posts and open facts are as of this day, whatever the clock says.
REFERENCE_DATE = date(2026, 11, 1)
# Long enough for the password policy (accounts.passwords) and like no demo user's name.
DEMO_PASSWORD = "binhdang-demo-2026"
PROVINCE_CODE = "LS"
PROVINCE_NAME = "Tỉnh Lạng Sơn"
# Lạng Sơn was re-established (split from Cao Lạng) on 29/12/1978.
PROVINCE_SINCE = date(1978, 12, 29)
DEPARTMENT_REFORM = date(2025, 3, 1)  # provincial departments merged (Nghị định 45/2025/NĐ-CP)
TWO_LEVEL_GOVERNMENT = date(2025, 7, 1)  # districts abolished, communes merged
POOL_PERIODS = ((2020, 2025), (2025, 2030))


class DemoDataExists(Exception):
    """The demo cannot be built because its units are already in the database."""


# --- Results -------------------------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    unit_code: str
    unit_name: str
    full_name: str
    created: bool = True  # False: a user of that name existed and was left unchanged


@dataclass
class DemoSummary:
    scale: str
    seed: int
    seconds: float
    counts: dict[str, Any]
    logins: list[DemoLogin] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "seed": self.seed,
            "seconds": round(self.seconds, 1),
            **self.counts,
            "logins": [vars(login) for login in self.logins],
        }


def demo_data_exists() -> bool:
    """Whether the org tree holds anything at all (then `binhdang demo --if-empty` does nothing)."""
    return OrgUnit.objects.exists()


# --- The shape of a province -------------------------------------------------------------------


@dataclass(frozen=True)
class _SubSpec:
    """A division or affiliated unit of a department. `size` is its staff at province scale."""

    suffix: str
    name: str  # "{tinh}" becomes "tỉnh" (or "tỉnh Lai Châu" nationally), "{ten}" the bare name
    kind: str
    size: int
    since: date | None = None  # created on (default: with its department)
    renamed: tuple[date, str] | None = None  # (day, new name) after 01/03/2025
    fate: str = ""  # "merge:VP": merged into that unit of the new department; "move:SYT": moved there
    admin: bool = False  # an administrative body (civil servants) although affiliated


@dataclass(frozen=True)
class _DeptSpec:
    suffix: str
    name: str
    abbr: str  # used in decision numbers: 45/QĐ-SYT
    sector: str
    since: date
    subs: tuple[_SubSpec, ...]
    titles: tuple[str, str] = ("Giám đốc", "Phó Giám đốc")
    # (name, titles) in force until DEPARTMENT_REFORM, when the unit was renamed
    former: tuple[str, tuple[str, str]] | None = None
    merged_into: str = ""  # a pre-2025 department merged into this one on DEPARTMENT_REFORM


def _div(suffix: str, name: str, size: int, **kw: Any) -> _SubSpec:
    return _SubSpec(suffix, name, UnitKind.DIVISION, size, **kw)


def _aff(suffix: str, name: str, size: int, **kw: Any) -> _SubSpec:
    return _SubSpec(suffix, name, UnitKind.AFFILIATED, size, **kw)


_Y1979 = date(1979, 1, 1)
_Y2008 = date(2008, 4, 1)  # departments re-organised under Nghị định 13/2008/NĐ-CP


def _office(size: int = 10, **kw: Any) -> _SubSpec:
    return _div("VP", "Văn phòng Sở", size, **kw)


def _inspectorate(size: int = 5, **kw: Any) -> _SubSpec:
    return _div("TTR", "Thanh tra Sở", size, **kw)


# The 14 departments in force today (Lạng Sơn kept Sở Ngoại vụ as a border province), then the
# five that 01/03/2025 merged away. Names are the official post-2025 ones.
DEPARTMENTS: tuple[_DeptSpec, ...] = (
    _DeptSpec(
        "VP",
        "Văn phòng UBND {tinh}",
        "VPUBND",
        "admin",
        _Y1979,
        (
            _div("TH", "Phòng Tổng hợp", 8),
            _div("KT", "Phòng Kinh tế", 7),
            _div("KGVX", "Phòng Khoa giáo – Văn xã", 6),
            _div("NC", "Phòng Nội chính", 6),
            _div("HCTC", "Phòng Hành chính – Tổ chức", 12),
            _div("QTTV", "Phòng Quản trị – Tài vụ", 8),
            _aff("TTPVHCC", "Trung tâm Phục vụ hành chính công {tinh}", 20, since=date(2019, 1, 1), admin=True),
            _aff("TTTT", "Trung tâm Thông tin – Công báo", 10),
        ),
        titles=("Chánh Văn phòng", "Phó Chánh Văn phòng"),
    ),
    _DeptSpec(
        "TTR",
        "Thanh tra {tinh}",
        "TTr",
        "inspection",
        _Y1979,
        (
            _div("VP", "Văn phòng", 7),
            _div("NV1", "Phòng Nghiệp vụ 1", 7),
            _div("NV2", "Phòng Nghiệp vụ 2", 7),
            _div("NV3", "Phòng Nghiệp vụ 3", 6),
            _div("TCD", "Phòng Tiếp công dân và Xử lý đơn thư", 6),
            _div("PCTN", "Phòng Phòng, chống tham nhũng", 6),
        ),
        titles=("Chánh Thanh tra", "Phó Chánh Thanh tra"),
    ),
    _DeptSpec(
        "SNV",
        "Sở Nội vụ",
        "SNV",
        "home",
        _Y1979,
        (
            _office(12),
            _inspectorate(6),
            _div("TCBC", "Phòng Tổ chức, biên chế và Tổ chức phi chính phủ", 7),
            _div("CCVC", "Phòng Công chức, viên chức", 7),
            _div("XDCQ", "Phòng Xây dựng chính quyền và Công tác thanh niên", 6),
            _aff("LTLS", "Trung tâm Lưu trữ lịch sử", 12, since=date(2016, 1, 1)),
            _aff("TDKT", "Ban Thi đua – Khen thưởng", 9, admin=True),
            _aff("BTG", "Ban Tôn giáo", 8, admin=True, fate="move:SDTTG"),
        ),
    ),
    _DeptSpec(
        "STC",
        "Sở Tài chính",
        "STC",
        "finance",
        _Y1979,
        (
            _office(10),
            _inspectorate(6),
            _div("NS", "Phòng Quản lý ngân sách", 8),
            _div("GCS", "Phòng Quản lý giá và Công sản", 7),
            _div("HCSN", "Phòng Tài chính hành chính sự nghiệp", 7),
            _div("DT", "Phòng Tài chính đầu tư", 7),
        ),
    ),
    _DeptSpec(
        "STP",
        "Sở Tư pháp",
        "STP",
        "justice",
        date(1982, 1, 1),
        (
            _office(8),
            _inspectorate(4),
            _div("XDVB", "Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật", 6),
            _div("PBGD", "Phòng Phổ biến, giáo dục pháp luật", 6),
            _div("HCTP", "Phòng Hành chính tư pháp", 6),
            _div("BTTP", "Phòng Bổ trợ tư pháp", 5),
            _aff("TGPL", "Trung tâm Trợ giúp pháp lý nhà nước", 14),
            _aff("DGTS", "Trung tâm Dịch vụ đấu giá tài sản", 7),
        ),
    ),
    _DeptSpec(
        "SCT",
        "Sở Công Thương",
        "SCT",
        "industry",
        _Y2008,
        (
            _office(9),
            _inspectorate(5),
            _div("KHTC", "Phòng Kế hoạch – Tài chính", 5),
            _div("QLCN", "Phòng Quản lý công nghiệp", 7),
            _div("QLTM", "Phòng Quản lý thương mại", 7),
            _div("QLNL", "Phòng Quản lý năng lượng", 6),
            _div("KTAT", "Phòng Kỹ thuật an toàn – Môi trường", 5),
            _aff("KCXT", "Trung tâm Khuyến công và Xúc tiến thương mại", 16),
        ),
    ),
    _DeptSpec(
        "SGDDT",
        "Sở Giáo dục và Đào tạo",
        "SGDĐT",
        "education",
        _Y1979,
        (
            _office(10),
            _inspectorate(6),
            _div("TCCB", "Phòng Tổ chức cán bộ", 6),
            _div("KHTC", "Phòng Kế hoạch – Tài chính", 6),
            _div("GDMNTH", "Phòng Giáo dục Mầm non và Tiểu học", 7),
            _div("GDTH", "Phòng Giáo dục Trung học", 7),
            _div("KTCL", "Phòng Khảo thí và Quản lý chất lượng giáo dục", 6),
            _div("GDNN", "Phòng Giáo dục thường xuyên và Giáo dục nghề nghiệp", 6, since=DEPARTMENT_REFORM),
            _aff("CVA", "Trường THPT Chuyên Chu Văn An", 70),
            _aff("VB", "Trường THPT Việt Bắc", 62),
            _aff("DTNT", "Trường Phổ thông Dân tộc nội trú {tinh}", 50),
        ),
    ),
    _DeptSpec(
        "SYT",
        "Sở Y tế",
        "SYT",
        "health",
        _Y1979,
        (
            _office(10),
            _inspectorate(6),
            _div("TCCB", "Phòng Tổ chức cán bộ", 6),
            _div("KHTC", "Phòng Kế hoạch – Tài chính", 6),
            _div("NVY", "Phòng Nghiệp vụ Y", 7),
            _div("NVD", "Phòng Nghiệp vụ Dược", 6),
            _div("DS", "Chi cục Dân số", 9),
            _div("ATTP", "Chi cục An toàn vệ sinh thực phẩm", 9),
            _aff("BVDK", "Bệnh viện Đa khoa {tinh}", 120),
            _aff("BVYHCT", "Bệnh viện Y dược cổ truyền", 45),
            _aff("BVP", "Bệnh viện Phổi", 38),
            _aff("CDC", "Trung tâm Kiểm soát bệnh tật", 55),
            _aff("KN", "Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm", 16),
            _aff("GDYK", "Trung tâm Giám định y khoa – Pháp y", 12),
        ),
    ),
    _DeptSpec(
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        "SKHCN",
        "science",
        date(1993, 1, 1),
        (
            _office(8),
            _inspectorate(5),
            _div("KHTC", "Phòng Kế hoạch – Tài chính", 5),
            _div("QLKH", "Phòng Quản lý khoa học", 6),
            _div("QLCN", "Phòng Quản lý công nghệ và Đổi mới sáng tạo", 6),
            _div("TDC", "Phòng Tiêu chuẩn – Đo lường – Chất lượng", 7),
            _aff("TTTK", "Trung tâm Thông tin và Thống kê khoa học và công nghệ", 12),
            _aff("UDTB", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", 14),
        ),
    ),
    _DeptSpec(
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        "agriculture",
        _Y1979,
        (
            _office(10),
            _inspectorate(6),
            _div("KHTC", "Phòng Kế hoạch – Tài chính", 6),
            _div("TCCB", "Phòng Tổ chức cán bộ", 5),
            _div("KL", "Chi cục Kiểm lâm", 24),
            _div("TTBVTV", "Chi cục Trồng trọt và Bảo vệ thực vật", 11),
            _div("CNTY", "Chi cục Chăn nuôi và Thú y", 11),
            _div("TL", "Chi cục Thủy lợi", 8),
            _aff("KNG", "Trung tâm Khuyến nông", 13),
            _aff("NSVS", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", 11),
        ),
        former=("Sở Nông nghiệp và Phát triển nông thôn", ("Giám đốc", "Phó Giám đốc")),
    ),
    _DeptSpec(
        "SXD",
        "Sở Xây dựng",
        "SXD",
        "construction",
        _Y1979,
        (
            _office(9),
            _inspectorate(6),
            _div("QLXD", "Phòng Quản lý xây dựng", 7),
            _div("QHKT", "Phòng Quy hoạch – Kiến trúc", 6),
            _div("PTDT", "Phòng Phát triển đô thị và Hạ tầng kỹ thuật", 6),
            _div("NBDS", "Phòng Quản lý nhà và Thị trường bất động sản", 5),
            _aff("GDCL", "Trung tâm Giám định chất lượng xây dựng", 13),
        ),
    ),
    _DeptSpec(
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
        "culture",
        _Y2008,
        (
            _office(10),
            _inspectorate(5),
            _div("QLVH", "Phòng Quản lý văn hóa", 6),
            _div("QLTT", "Phòng Quản lý thể dục thể thao", 5),
            _div("QLDL", "Phòng Quản lý du lịch", 5),
            _div("XDNS", "Phòng Xây dựng nếp sống văn hóa và Gia đình", 5),
            _aff("BT", "Bảo tàng {tinh}", 16),
            _aff("TV", "Thư viện {tinh}", 13),
            _aff("TDTT", "Trung tâm Huấn luyện và Thi đấu thể dục thể thao", 18),
        ),
    ),
    _DeptSpec(
        "SNGV",
        "Sở Ngoại vụ",
        "SNgV",
        "foreign",
        date(2004, 7, 1),
        (
            _office(7),
            _inspectorate(4),
            _div("LSU", "Phòng Lãnh sự", 5),
            _div("HTQT", "Phòng Hợp tác quốc tế", 5),
            _div("QLBG", "Phòng Quản lý biên giới", 6),
            _aff("DVDN", "Trung tâm Dịch vụ đối ngoại", 8),
        ),
    ),
    _DeptSpec(
        "SDTTG",
        "Sở Dân tộc và Tôn giáo",
        "SDTTG",
        "ethnic",
        _Y2008,
        (
            _office(8),
            _inspectorate(4),
            _div("CSDT", "Phòng Chính sách dân tộc", 6),
            _div("KHTH", "Phòng Kế hoạch – Tổng hợp", 5),
        ),
        former=("Ban Dân tộc", ("Trưởng ban", "Phó Trưởng ban")),
    ),
)

FORMER_DEPARTMENTS: tuple[_DeptSpec, ...] = (
    _DeptSpec(
        "SLDTBXH",
        "Sở Lao động – Thương binh và Xã hội",
        "SLĐTBXH",
        "social",
        _Y2008,
        (
            _office(10, fate="merge:VP"),
            _inspectorate(5, fate="merge:TTR"),
            _div(
                "LDVL",
                "Phòng Lao động – Việc làm – Giáo dục nghề nghiệp",
                7,
                renamed=(TWO_LEVEL_GOVERNMENT, "Phòng Lao động, Việc làm và Bình đẳng giới"),
            ),
            _div("NCC", "Phòng Người có công", 6),
            _div(
                "BTXH",
                "Phòng Bảo trợ xã hội, Trẻ em và Bình đẳng giới",
                6,
                fate="move:SYT",
                renamed=(TWO_LEVEL_GOVERNMENT, "Phòng Bảo trợ xã hội và Trẻ em"),
            ),
            _aff("DVVL", "Trung tâm Dịch vụ việc làm", 16),
            _aff("TTBTXH", "Trung tâm Bảo trợ xã hội tổng hợp", 22, fate="move:SYT"),
            _aff("CDN", "Trường Cao đẳng Nghề {ten}", 40, fate="move:SGDDT"),
        ),
        merged_into="SNV",
    ),
    _DeptSpec(
        "SKHDT",
        "Sở Kế hoạch và Đầu tư",
        "SKHĐT",
        "planning",
        _Y1979,
        (
            _office(8, fate="merge:VP"),
            _inspectorate(4, fate="merge:TTR"),
            _div("THQH", "Phòng Tổng hợp, Quy hoạch", 7),
            _div("DKKD", "Phòng Đăng ký kinh doanh và Phát triển doanh nghiệp", 6),
            _aff("XTDT", "Trung tâm Xúc tiến đầu tư", 9),
        ),
        merged_into="STC",
    ),
    _DeptSpec(
        "STTTT",
        "Sở Thông tin và Truyền thông",
        "STTTT",
        "ict",
        _Y2008,
        (
            _office(7, fate="merge:VP"),
            _inspectorate(4, fate="merge:TTR"),
            _div("BCVT", "Phòng Bưu chính, Viễn thông và Chuyển đổi số", 6),
            _div("BCXB", "Phòng Báo chí – Xuất bản", 5, fate="move:SVHTTDL"),
            _aff("CNTT", "Trung tâm Công nghệ thông tin và Truyền thông", 13),
        ),
        merged_into="SKHCN",
    ),
    _DeptSpec(
        "SGTVT",
        "Sở Giao thông vận tải",
        "SGTVT",
        "transport",
        _Y1979,
        (
            _office(8, fate="merge:VP"),
            _inspectorate(6, fate="merge:TTR"),
            _div("QLVT", "Phòng Quản lý vận tải, phương tiện và người lái", 7),
            _div("KCHT", "Phòng Quản lý kết cấu hạ tầng giao thông", 7),
            _aff("DK", "Trung tâm Đăng kiểm xe cơ giới", 14),
        ),
        merged_into="SXD",
    ),
    _DeptSpec(
        "STNMT",
        "Sở Tài nguyên và Môi trường",
        "STNMT",
        "environment",
        date(2003, 1, 1),
        (
            _office(8, fate="merge:VP"),
            _inspectorate(5, fate="merge:TTR"),
            _div("QLDD", "Phòng Quản lý đất đai", 7),
            _div("TNN", "Phòng Tài nguyên nước – Khoáng sản", 6),
            _div("BVMT", "Chi cục Bảo vệ môi trường", 8),
            _aff("VPDKDD", "Văn phòng Đăng ký đất đai", 30),
            _aff("QTMT", "Trung tâm Quan trắc tài nguyên và môi trường", 9),
        ),
        merged_into="SNNMT",
    ),
)

# The communes and wards of Lạng Sơn from 01/07/2025 (4 wards, 61 communes), grouped by the
# former district most of each came from.
LANG_SON_WARDS = ("Đông Kinh", "Lương Văn Tri", "Tam Thanh", "Kỳ Lừa")
LANG_SON_COMMUNES = (
    "Cao Lộc", "Đồng Đăng", "Ba Sơn", "Công Sơn",
    "Na Sầm", "Hoàng Văn Thụ", "Hội Hoan", "Văn Lãng", "Thụy Hùng",
    "Tràng Định", "Thất Khê", "Đoàn Kết", "Quốc Khánh", "Tân Tiến", "Kháng Chiến", "Quốc Việt",
    "Bình Gia", "Hoa Thám", "Quý Hòa", "Hồng Phong", "Thiện Hòa", "Thiện Thuật", "Thiện Long", "Tân Văn",
    "Bắc Sơn", "Hưng Vũ", "Vũ Lăng", "Nhất Hòa", "Vũ Lễ", "Tân Tri",
    "Văn Quan", "Điềm He", "Tri Lễ", "Yên Phúc", "Tân Đoàn", "Khánh Khê",
    "Chi Lăng", "Quan Sơn", "Chiến Thắng", "Nhân Lý", "Bằng Mạc", "Vạn Linh",
    "Hữu Lũng", "Tuấn Sơn", "Tân Thành", "Vân Nham", "Thiện Tân", "Yên Bình", "Hữu Liên", "Cai Kinh",
    "Lộc Bình", "Mẫu Sơn", "Na Dương", "Lợi Bác", "Thống Nhất", "Xuân Dương", "Khuất Xá",
    "Đình Lập", "Thái Bình", "Châu Sơn", "Kiên Mộc",
)  # fmt: skip
# Border communes, where more staff speak Chinese.
_BORDER_COMMUNES = frozenset(
    {
        "Đồng Đăng",
        "Na Sầm",
        "Thụy Hùng",
        "Mẫu Sơn",
        "Quốc Khánh",
        "Đình Lập",
        "Công Sơn",
        "Tân Tiến",
        "Xuân Dương",
        "Kỳ Lừa",
    }
)


@dataclass(frozen=True)
class _CommuneSub:
    suffix: str
    name: str  # "{xa}" becomes "xã Cao Lộc" / "phường Đông Kinh"
    kind: str
    sector: str
    size: int
    admin: bool = True


# Every commune's own offices from 01/07/2025; national scale adds its schools and health station.
COMMUNE_SUBS: tuple[_CommuneSub, ...] = (
    _CommuneSub("VP", "Văn phòng HĐND và UBND {xa}", UnitKind.DIVISION, "commune_office", 8),
    _CommuneSub("KT", "Phòng Kinh tế {xa}", UnitKind.DIVISION, "commune_economy", 7),
    _CommuneSub("VHXH", "Phòng Văn hóa – Xã hội {xa}", UnitKind.DIVISION, "commune_social", 7),
    _CommuneSub("TTHCC", "Trung tâm Phục vụ hành chính công {xa}", UnitKind.AFFILIATED, "commune_service", 5),
)
NATIONAL_COMMUNE_SUBS: tuple[_CommuneSub, ...] = (
    *COMMUNE_SUBS,
    _CommuneSub("TYT", "Trạm Y tế {xa}", UnitKind.AFFILIATED, "station", 12, admin=False),
    # One school per level stands for all of the commune's schools of that level, so that about
    # 35,000 units carry about 2.5 million staff.
    _CommuneSub("MN", "Trường Mầm non {xa}", UnitKind.AFFILIATED, "school", 176, admin=False),
    _CommuneSub("TH", "Trường Tiểu học {xa}", UnitKind.AFFILIATED, "school", 258, admin=False),
    _CommuneSub("THCS", "Trường THCS {xa}", UnitKind.AFFILIATED, "school", 220, admin=False),
)

# The 34 provinces and cities from 12/06/2025: code, name, city?, population profile, communes.
NATIONAL_PROVINCES: tuple[tuple[str, str, bool, str, int], ...] = (
    ("HNI", "Hà Nội", True, "delta", 126),
    ("HUE", "Huế", True, "central_north", 40),
    ("LCU", "Lai Châu", False, "northwest", 38),
    ("DBN", "Điện Biên", False, "northwest", 45),
    ("SLA", "Sơn La", False, "northwest", 75),
    ("LSN", "Lạng Sơn", False, "tay_nung", 65),
    ("QNH", "Quảng Ninh", False, "delta", 54),
    ("THA", "Thanh Hóa", False, "central_north", 166),
    ("NAN", "Nghệ An", False, "central_north", 130),
    ("HTH", "Hà Tĩnh", False, "central_north", 69),
    ("CBG", "Cao Bằng", False, "tay_nung", 56),
    ("TQG", "Tuyên Quang", False, "northeast", 124),
    ("LCI", "Lào Cai", False, "northwest", 99),
    ("TNN", "Thái Nguyên", False, "northeast", 92),
    ("PTO", "Phú Thọ", False, "northeast", 148),
    ("BNH", "Bắc Ninh", False, "delta", 99),
    ("HYN", "Hưng Yên", False, "delta", 104),
    ("HPG", "Hải Phòng", True, "delta", 114),
    ("NBH", "Ninh Bình", False, "delta", 129),
    ("QTI", "Quảng Trị", False, "central_north", 78),
    ("DNG", "Đà Nẵng", True, "central", 94),
    ("QNI", "Quảng Ngãi", False, "central", 96),
    ("GLI", "Gia Lai", False, "highlands", 135),
    ("KHA", "Khánh Hòa", False, "central", 65),
    ("LDG", "Lâm Đồng", False, "highlands", 124),
    ("DLK", "Đắk Lắk", False, "highlands", 102),
    ("HCM", "Hồ Chí Minh", True, "south", 168),
    ("DNI", "Đồng Nai", False, "south", 95),
    ("TNH", "Tây Ninh", False, "south", 96),
    ("CTO", "Cần Thơ", True, "mekong", 103),
    ("VLG", "Vĩnh Long", False, "mekong", 124),
    ("DTP", "Đồng Tháp", False, "mekong", 102),
    ("CMU", "Cà Mau", False, "mekong", 64),
    ("AGG", "An Giang", False, "mekong", 102),
)

# --- People: names, ethnicity, sex shares -------------------------------------------------------

# Kinh family names with their approximate national frequencies (per cent); the northern spellings
# Hoàng and Vũ are the southern Huỳnh and Võ.
_KINH_FAMILY_NORTH = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4.5), ("Vũ", 3.9),
    ("Trương", 3.2), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Ngô", 1.3), ("Hồ", 1.3), ("Dương", 1),
    ("Đinh", 0.8), ("Đào", 0.8), ("Trịnh", 0.6), ("Lý", 0.5), ("Mai", 0.5), ("Lương", 0.5), ("Đoàn", 0.5),
    ("Hà", 0.5), ("Cao", 0.4), ("Tạ", 0.3), ("Lưu", 0.3), ("Tô", 0.3), ("Lâm", 0.3), ("Phùng", 0.3),
    ("Chu", 0.2), ("Kiều", 0.2), ("Thái", 0.2), ("Vương", 0.2), ("Triệu", 0.2), ("Nghiêm", 0.1),
    ("Quách", 0.1), ("Khúc", 0.05),
)  # fmt: skip
_KINH_FAMILY_SOUTH = tuple(
    (("Huỳnh" if n == "Hoàng" else "Võ" if n == "Vũ" else n), w) for n, w in _KINH_FAMILY_NORTH
) + (("Hoàng", 0.6), ("Vũ", 0.5), ("Châu", 0.3), ("Lâm", 0.3))
_TAY_NUNG_FAMILY = (
    ("Hoàng", 14), ("Nông", 10), ("Nguyễn", 9), ("Lương", 6), ("Vi", 6), ("Hà", 4), ("Chu", 3.5),
    ("Lộc", 3), ("Triệu", 3), ("Lý", 3), ("Lục", 3), ("Bế", 3), ("Lăng", 3), ("Mã", 2.5), ("Hứa", 2.5),
    ("Đinh", 2.5), ("Dương", 2.5), ("Tô", 2), ("Đàm", 2), ("Trần", 2), ("La", 1.5), ("Vy", 1.5),
    ("Phùng", 1.5), ("Ma", 1), ("Sầm", 1), ("Nịnh", 1), ("Lành", 1), ("Lê", 1), ("Phạm", 1), ("Ngô", 1),
)  # fmt: skip
_FAMILY_BY_ETHNICITY: dict[str, tuple[tuple[str, float], ...]] = {
    "Tày": _TAY_NUNG_FAMILY,
    "Nùng": _TAY_NUNG_FAMILY,
    "Thái": (
        ("Lò", 15),
        ("Lường", 12),
        ("Cầm", 10),
        ("Hà", 10),
        ("Quàng", 8),
        ("Tòng", 8),
        ("Vì", 6),
        ("Điêu", 5),
        ("Lù", 3),
        ("Bạc", 3),
        ("Lê", 3),
        ("Nguyễn", 3),
        ("Khằm", 2),
        ("Mè", 2),
    ),
    "Hoa": (
        ("Trương", 15),
        ("Lý", 15),
        ("Hoàng", 12),
        ("Lưu", 10),
        ("Lâm", 10),
        ("Tăng", 8),
        ("Diệp", 8),
        ("Vương", 8),
        ("Quách", 6),
        ("Mạc", 5),
        ("Trần", 3),
    ),
    "Khơ-me": (("Thạch", 25), ("Sơn", 20), ("Kim", 15), ("Danh", 15), ("Lâm", 8), ("Châu", 7), ("Lý", 5)),
    "Mường": (("Bùi", 30), ("Đinh", 25), ("Quách", 15), ("Hà", 10), ("Nguyễn", 10), ("Xa", 5), ("Cao", 5)),
    "HMông": (
        ("Vàng", 20),
        ("Giàng", 18),
        ("Lý", 12),
        ("Sùng", 12),
        ("Thào", 12),
        ("Hầu", 6),
        ("Lầu", 6),
        ("Mùa", 5),
        ("Hờ", 4),
        ("Cứ", 3),
    ),
    "Dao": (("Triệu", 35), ("Bàn", 20), ("Lý", 15), ("Đặng", 12), ("Phùng", 8), ("Chu", 5), ("Hoàng", 5)),
    "Sán Chay": (
        ("Lý", 20),
        ("Hoàng", 15),
        ("Trần", 10),
        ("Lâm", 10),
        ("Đặng", 10),
        ("Lục", 10),
        ("Nịnh", 9),
        ("Hà", 8),
        ("La", 8),
    ),
}
_FEMALE_MIDDLE = (
    "Thu",
    "Thanh",
    "Ngọc",
    "Minh",
    "Thúy",
    "Hồng",
    "Phương",
    "Thùy",
    "Kim",
    "Mai",
    "Diệu",
    "Bích",
    "Hải",
    "Khánh",
    "Lan",
    "Hoài",
    "Quỳnh",
    "Bảo",
    "Tuyết",
    "Vân",
    "Hà",
    "Mỹ",
)
_MALE_MIDDLE = (
    "Minh",
    "Đức",
    "Quang",
    "Hữu",
    "Ngọc",
    "Xuân",
    "Thanh",
    "Tuấn",
    "Mạnh",
    "Hoàng",
    "Anh",
    "Trung",
    "Thế",
    "Công",
    "Đình",
    "Duy",
    "Tiến",
    "Việt",
    "Quốc",
    "Trọng",
    "Bá",
    "Hải",
    "Huy",
    "Đăng",
    "Gia",
    "Nhật",
    "Thành",
    "Chí",
    "Khắc",
    "Hồng",
)
_FEMALE_GIVEN = (
    "Anh", "Ánh", "Bích", "Chi", "Châm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hoài", "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Khánh", "Lan", "Liên", "Liễu", "Linh", "Loan",
    "Lụa", "Lý", "Mai", "Mến", "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhàn", "Nhung", "Oanh", "Phượng",
    "Phương", "Quế", "Quyên", "Quỳnh", "Sen", "Tâm", "Thắm", "Thanh", "Thảo", "Thơm", "Thu", "Thủy",
    "Thúy", "Thư", "Thương", "Trà", "Trang", "Tuyết", "Uyên", "Vân", "Vui", "Xuân", "Yến", "Hậu",
    "Diệp", "Đào", "Lệ", "Nhi", "Hòa", "Mỹ", "Nhài", "Chinh",
)  # fmt: skip
_MALE_GIVEN = (
    "An", "Anh", "Bảo", "Bằng", "Bình", "Chiến", "Chung", "Công", "Cường", "Đạt", "Định", "Đông", "Đức",
    "Dũng", "Dương", "Duy", "Giang", "Hà", "Hải", "Hậu", "Hiệp", "Hiếu", "Hòa", "Hoàng", "Hùng", "Hưng",
    "Huy", "Khải", "Khánh", "Khoa", "Kiên", "Lâm", "Linh", "Lộc", "Long", "Lợi", "Luân", "Lực", "Mạnh",
    "Minh", "Nam", "Nghĩa", "Ngọc", "Nhật", "Phong", "Phú", "Phúc", "Quân", "Quang", "Quý", "Sơn", "Tài",
    "Tâm", "Tân", "Thái", "Thắng", "Thành", "Thịnh", "Thuận", "Tiến", "Toàn", "Trọng", "Trung", "Trường",
    "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Lự", "Khiêm", "Cảnh", "Chính", "Hoan", "Huấn", "Quyết",
)  # fmt: skip
# Mông and Dao names have their own middle and given names.
_MONG_NAMES = {
    "M": (("A", "Seo", "Mí", "Văn"), ("Pao", "Sử", "Chứ", "Dế", "Páo", "Chớ", "Lử", "Tủa", "Chơ")),
    "F": (("Thị",), ("Mỷ", "Súa", "Dợ", "Dúa", "Pà", "Chở", "Mai", "Sua", "Mây")),
}
_DAO_GIVEN = {
    "M": ("Kiềm", "Phu", "Sinh", "Tài", "Quẩy", "Chòi", "Vòng", "Sành", "Phin", "Lìn"),
    "F": ("Mùi", "Nhất", "Mai", "Sểnh", "Xuân", "Chạn", "Dếnh", "Sinh", "Liên"),
}

# Ethnic mixes by group name (translated to codes through core.vietnamese, whose numbering is
# not ours to assume): Lạng Sơn is about 42 % Nùng, 35 % Tày, 16 % Kinh, 3.5 % Dao, then Hoa,
# Sán Chay, Mông.
_ETHNIC_PROFILES: dict[str, tuple[tuple[str, float], ...]] = {
    "tay_nung": (
        ("Nùng", 42),
        ("Tày", 35),
        ("Kinh", 16),
        ("Dao", 3.5),
        ("Hoa", 1),
        ("Sán Chay", 1),
        ("HMông", 0.5),
        ("Mường", 0.4),
        ("Thái", 0.3),
        ("Sán Dìu", 0.3),
    ),
    "northwest": (
        ("Thái", 35),
        ("Kinh", 30),
        ("HMông", 20),
        ("Dao", 5),
        ("Tày", 4),
        ("Khơ-mú", 2),
        ("Mường", 2),
        ("Hà Nhì", 1),
        ("Giáy", 1),
    ),
    "northeast": (
        ("Kinh", 58),
        ("Tày", 18),
        ("Dao", 8),
        ("Mường", 6),
        ("Nùng", 4),
        ("Sán Chay", 3),
        ("HMông", 2),
        ("Sán Dìu", 1),
    ),
    "delta": (("Kinh", 96.5), ("Mường", 1.5), ("Tày", 0.8), ("Dao", 0.5), ("Sán Dìu", 0.7)),
    "central_north": (("Kinh", 88), ("Thái", 5), ("Mường", 4), ("Khơ-mú", 1), ("Bru-Vân Kiều", 1), ("Tà-ôi", 1)),
    "central": (("Kinh", 92), ("Hrê", 3), ("Cơ-tu", 2), ("Ra-glai", 2), ("Chăm", 1)),
    "highlands": (
        ("Kinh", 70),
        ("Gia-rai", 10),
        ("Ê-đê", 8),
        ("Ba-na", 5),
        ("Cơ-ho", 3),
        ("Mnông", 2),
        ("Tày", 1),
        ("Nùng", 1),
    ),
    "south": (("Kinh", 93), ("Hoa", 5), ("Khơ-me", 1), ("Chăm", 0.5), ("Xtiêng", 0.5)),
    "mekong": (("Kinh", 90), ("Khơ-me", 8), ("Hoa", 1.5), ("Chăm", 0.5)),
}


def _ethnic_code(name: str) -> str:
    code = ethnic_group_code(name)
    if code is None:
        raise LookupError(f"unknown ethnic group {name}")
    return code


_MONG, _DAO = _ethnic_code("HMông"), _ethnic_code("Dao")
_SOUTHERN_PROFILES = frozenset({"central", "highlands", "south", "mekong"})

# Share of women among staff by sector; health and education employ mostly women.
_WOMEN_SHARE = {
    "province": 0.3, "admin": 0.45, "inspection": 0.35, "home": 0.55, "finance": 0.6, "justice": 0.5,
    "industry": 0.42, "education": 0.68, "health": 0.66, "science": 0.45, "agriculture": 0.38,
    "construction": 0.3, "culture": 0.52, "foreign": 0.5, "ethnic": 0.45, "social": 0.6, "planning": 0.5,
    "ict": 0.4, "transport": 0.25, "environment": 0.4, "commune": 0.4, "commune_office": 0.55,
    "commune_economy": 0.35, "commune_social": 0.6, "commune_service": 0.6, "school": 0.78, "station": 0.62,
}  # fmt: skip

# (share of women among heads, among deputies) by the kind of unit led; women hold roughly a
# quarter to a third of leadership posts, fewer of the heads.
_WOMEN_LEADERS = {
    "province": (0.1, 0.25),
    "department": (0.14, 0.3),
    "division": (0.3, 0.4),
    "affiliated": (0.24, 0.36),
    "commune": (0.12, 0.28),
}
# Youngest age for an appointment, and the age band (on REFERENCE_DATE) of current holders.
_LEADER_AGE = {
    ("province", "head"): (45, 50, 60), ("province", "deputy"): (40, 44, 60),
    ("department", "head"): (40, 44, 60), ("department", "deputy"): (35, 39, 60),
    ("division", "head"): (30, 34, 60), ("division", "deputy"): (28, 30, 60),
    ("affiliated", "head"): (33, 37, 60), ("affiliated", "deputy"): (30, 32, 60),
    ("commune", "head"): (30, 34, 58), ("commune", "deputy"): (27, 30, 58),
}  # fmt: skip

_LANGUAGES_OLD = (("Tiếng Pháp", 0.04), ("Tiếng Nga", 0.04))

# --- Training catalogue -------------------------------------------------------------------------

_THEORY_COURSES = {
    TheoryLevel.ELEMENTARY: ("Sơ cấp lý luận chính trị", 3, "SC"),
    TheoryLevel.INTERMEDIATE: ("Trung cấp lý luận chính trị – hành chính", 9, "TC"),
    TheoryLevel.ADVANCED: ("Cao cấp lý luận chính trị", 15, "CC"),
}
_STATE_COURSES = {
    StateManagementLevel.SPECIALIST: "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên",
    StateManagementLevel.PRINCIPAL: "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên chính",
    StateManagementLevel.SENIOR: "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên cao cấp",
}
_PROFESSIONAL = {
    "health": (
        "Cập nhật kiến thức y khoa liên tục",
        "Kiểm soát nhiễm khuẩn trong cơ sở y tế",
        "Quản lý chất lượng bệnh viện",
        "Sơ cấp cứu và cấp cứu ban đầu",
    ),
    "education": (
        "Bồi dưỡng thường xuyên giáo viên",
        "Chương trình giáo dục phổ thông 2018",
        "Quản trị nhà trường",
        "Giáo dục hòa nhập cho trẻ khuyết tật",
    ),
    "school": (
        "Bồi dưỡng thường xuyên giáo viên",
        "Chương trình giáo dục phổ thông 2018",
        "Giáo dục kỹ năng sống cho học sinh",
    ),
    "finance": ("Nghiệp vụ quản lý ngân sách nhà nước", "Kế toán hành chính sự nghiệp", "Quản lý tài sản công"),
    "inspection": ("Nghiệp vụ thanh tra viên", "Tiếp công dân, giải quyết khiếu nại, tố cáo"),
    "justice": ("Kỹ năng xây dựng văn bản quy phạm pháp luật", "Nghiệp vụ hộ tịch"),
    "agriculture": ("Quản lý đất đai và bảo vệ môi trường", "Nghiệp vụ kiểm lâm", "Phòng, chống thiên tai"),
    "commune": (
        "Bồi dưỡng nghiệp vụ cho công chức cấp xã sau sắp xếp",
        "Nghiệp vụ địa chính – xây dựng",
        "Chính quyền địa phương hai cấp",
    ),
    "": (
        "Kỹ năng soạn thảo văn bản hành chính",
        "Nghiệp vụ văn thư, lưu trữ",
        "Cải cách hành chính",
        "Chính quyền địa phương hai cấp",
        "Kỹ năng giao tiếp và ứng xử trong công vụ",
    ),
}
# Courses that only exist from some day (the two-level local government began on 01/07/2025).
_COURSE_SINCE = {
    "Chính quyền địa phương hai cấp": date(2025, 6, 1),
    "Bồi dưỡng nghiệp vụ cho công chức cấp xã sau sắp xếp": TWO_LEVEL_GOVERNMENT,
    "Chương trình giáo dục phổ thông 2018": date(2019, 1, 1),
    "Kỹ năng số cho cán bộ, công chức": date(2022, 1, 1),
    "Chuyển đổi số trong cơ quan nhà nước": date(2020, 6, 1),
}
_IT_COURSES = (
    "Ứng dụng công nghệ thông tin cơ bản",
    "Kỹ năng số cho cán bộ, công chức",
    "Chuyển đổi số trong cơ quan nhà nước",
    "An toàn thông tin cho người dùng cuối",
)
_GENDER_COURSES = (
    "Lồng ghép vấn đề bình đẳng giới trong xây dựng văn bản quy phạm pháp luật",
    "Bồi dưỡng kiến thức, kỹ năng về bình đẳng giới",
    "Phòng, chống bạo lực trên cơ sở giới",
    "Lồng ghép giới trong xây dựng và thực hiện kế hoạch, chính sách",
)
_WOMEN_LEADERSHIP_COURSE = "Nâng cao năng lực cho nữ cán bộ lãnh đạo, quản lý trong quy hoạch"
_LEADERSHIP_COURSES = {
    "province": "Bồi dưỡng cán bộ lãnh đạo, quản lý cấp sở và tương đương",
    "department": "Bồi dưỡng cán bộ lãnh đạo, quản lý cấp sở và tương đương",
    "division": "Bồi dưỡng lãnh đạo, quản lý cấp phòng và tương đương",
    "affiliated": "Bồi dưỡng lãnh đạo, quản lý cấp phòng và tương đương",
    "commune": "Kỹ năng lãnh đạo, quản lý cho cán bộ chủ chốt cấp xã",
}


# --- Small helpers ------------------------------------------------------------------------------


def _rng(seed: int, *labels: object) -> random.Random:
    # One independent stream per part (structure, a province, ...): a change in one part does not
    # shift the draws of the others. String seeds are hashed with SHA-512 by `random`, so they do
    # not depend on PYTHONHASHSEED.
    return random.Random(":".join(str(x) for x in (seed, *labels)))


def _add_years(day: date, years: float) -> date:
    whole = math.floor(years)
    try:
        shifted = day.replace(year=day.year + whole)
    except ValueError:  # 29 February
        shifted = day.replace(year=day.year + whole, day=28)
    return shifted + datetime.timedelta(days=round((years - whole) * 365.25))


def _between(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    # int(random() * n) rather than randint: several times cheaper, and called millions of times.
    return lo + datetime.timedelta(days=int(rng.random() * ((hi - lo).days + 1)))


def _recent(rng: random.Random, lo: date, hi: date, skew: float = 2.0) -> date:
    """A day in [lo, hi], more often near hi (appointments, transfers)."""
    if hi <= lo:
        return lo
    return hi - datetime.timedelta(days=int((hi - lo).days * rng.betavariate(1, skew)))


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _retirement_age_months(sex: str, day: date) -> int:
    """Retirement age in months in `day`'s year: from 60y3m (men) and 55y4m (women) in 2021 it rises by
    3 and 4 months a year to 62 and 60 (Bộ luật Lao động 2019, Nghị định 135/2020/NĐ-CP)."""
    years = max(0, day.year - 2021)
    if sex == Sex.MALE:
        return min(62 * 12, 60 * 12 + 3 + 3 * years)
    return min(60 * 12, 55 * 12 + 4 + 4 * years)


@functools.lru_cache(maxsize=64)
def _earliest_birth(sex: str, day: date) -> date:
    """The earliest birth date of someone still below retirement age on `day`."""
    months = _retirement_age_months(sex, day)
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, 1) + DAY * 31


@functools.lru_cache(maxsize=1024)
def _birth_bounds(sex: str, last_day: date, lo_age: float, hi_age: float) -> tuple[date, date]:
    """Earliest and latest birth dates for someone aged lo_age to hi_age on `last_day` and still
    below retirement age on REFERENCE_DATE."""
    oldest = max(_earliest_birth(sex, REFERENCE_DATE), _add_years(last_day, -hi_age))
    youngest = _add_years(last_day, -lo_age)
    return oldest, max(youngest, oldest + DAY * 365)


def _weighted(pairs: Sequence[tuple[str, float]]) -> tuple[tuple[str, ...], list[float]]:
    names = tuple(normalise(n) for n, _ in pairs)
    cumulative, total = [], 0.0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return names, cumulative


def _pick(rng: random.Random, table: tuple[tuple[str, ...], list[float]]) -> str:
    names, cumulative = table
    # What rng.choices(names, cum_weights=cumulative)[0] does, minus its generality.
    return names[min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(names) - 1)]


def _one(rng: random.Random, items: Sequence[_T]) -> _T:
    """rng.choice without its generality (the hot loops call it millions of times)."""
    return items[int(rng.random() * len(items))]


@functools.lru_cache(maxsize=1024)
def _cumulative(weights: tuple[float, ...]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _choose(rng: random.Random, population: Sequence[_T], weights: tuple[float, ...]) -> _T:
    """rng.choices(population, weights)[0] with the running totals computed once per weight list
    (the same few lists are drawn from millions of times)."""
    cumulative = _cumulative(weights)
    return population[min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(population) - 1)]


@functools.lru_cache(maxsize=400_000)  # about 200 MB when full; the national build hits it ~9 times in 10
def _derived_name_fields(family: str, given: str) -> tuple[str, str]:
    # Exactly what Person.save() stores; cached because names repeat a lot across millions of rows.
    return fold(f"{family} {given}".strip())[:160], name_sort_key(family, given)[:400]


def _code_part(name: str) -> str:
    """ASCII upper-case code from a Vietnamese name: "Đông Kinh" -> "DONGKINH"."""
    return "".join(ch for ch in fold(name).upper() if ch.isalnum())


def _head_titles(name: str, kind: str) -> tuple[str, str]:
    """The usual head and deputy titles (registry.choices.POST_TITLES) for a unit of this name."""
    if kind == UnitKind.AFFILIATED:
        if name.startswith("Trường"):
            return "Hiệu trưởng", "Phó Hiệu trưởng"
        if name.startswith("Viện"):
            return "Viện trưởng", "Phó Viện trưởng"
        if name.startswith("Ban"):
            return "Trưởng ban", "Phó Trưởng ban"
        if name.startswith("Trạm"):
            return "Trạm trưởng", "Phó Trạm trưởng"
        return "Giám đốc", "Phó Giám đốc"
    if name.startswith("Văn phòng"):
        return "Chánh Văn phòng", "Phó Chánh Văn phòng"
    if name.startswith("Thanh tra"):
        return "Chánh Thanh tra", "Phó Chánh Thanh tra"
    if name.startswith("Chi cục"):
        return "Chi cục trưởng", "Phó Chi cục trưởng"
    return "Trưởng phòng", "Phó Trưởng phòng"


# --- Units as the generator sees them ----------------------------------------------------------


@dataclass
class _Unit:
    code: str
    name: str
    kind: str
    sector: str
    since: date
    until: date | None  # last day in force (the old departments: 28/02/2025)
    titles: tuple[str, str] | None  # head and deputy title, None for a unit without posts
    size: int
    group: str  # code of the department / commune / province whose staff it counts with
    final_group: str  # the same after the 2025 restructuring
    abbr: str  # issuer in decision numbers
    admin: bool = True
    parent: _Unit | None = None
    id: int = 0
    deputies: int = 1
    level_kind: str = ""  # the unit kind that decides the post level and leader profile
    old_titles: tuple[str, str] | None = None  # titles in force until DEPARTMENT_REFORM
    merge_target: _Unit | None = None  # merged into this unit on DEPARTMENT_REFORM
    border: bool = False
    in_commune: bool = False  # a commune or one of its units
    head_free_from: date = date(1900, 1, 1)  # a former head left the day before

    @property
    def alive_to(self) -> date:
        return self.until or REFERENCE_DATE

    def __post_init__(self) -> None:
        self.level_kind = self.level_kind or self.kind


@dataclass
class _Staff:
    """What the pool generator needs to know about a person (kept per group, then dropped)."""

    id: int
    sex: str
    birth: date
    rank: str
    unit: _Unit  # unit on the reference date
    role: str  # "head", "deputy" or "" on the reference date
    entered: date  # first day in its group
    group: str  # group on the reference date
    first_unit: _Unit  # unit before the 2025 restructuring (same as unit when not restructured)
    first_role: str
    appointed: list[tuple[str, str, date]] = field(default_factory=list)  # (unit code, title, start)
    titles_planned: dict[int, int] = field(default_factory=dict)  # pool entries per period start


# --- Writing rows in bulk -----------------------------------------------------------------------

_BULK_MODELS: tuple[type[models.Model], ...] = (
    OrgUnit,
    UnitVersion,
    Person,
    ForeignLanguage,
    Employment,
    Post,
    PoolEntry,
    TrainingRecord,
)


# A batch of rows on its way to the database: (index in _BULK_MODELS, attribute names, value tuples).
_Batch = tuple[int, tuple[str, ...], list[tuple[Any, ...]]]
# What the national generator streams to the process writing the database: ("rows", [batches]),
# ("done", {"units": n, "staff": n}) after each province, or ("error", traceback).
_Message = tuple[Any, ...]


class _Writer:
    """Buffers rows (dicts of attribute values, with ids chosen here) and writes them in bulk.

    Ids continue from the table's maximum (or from `start_ids`), so facts can name their person
    before anything is written. With `outbox=False` a flush writes with bulk_create; with
    `outbox=True` (national scale) it turns the rows into batches of tuples for `_insert_batch`,
    which another process may do, and never touches the database itself.
    """

    def __init__(
        self, *, outbox: bool = False, batch_rows: int = 20_000, start_ids: dict[int, int] | None = None
    ) -> None:
        self.batch_rows = batch_rows
        self.rows: dict[type[models.Model], list[dict[str, Any]]] = {m: [] for m in _BULK_MODELS}
        self.outbox: list[_Batch] | None = [] if outbox else None
        self._next: dict[type[models.Model], int] = {_BULK_MODELS[i]: value for i, value in (start_ids or {}).items()}
        self.pending = 0

    def new_id(self, model: type[models.Model]) -> int:
        if model not in self._next:
            self._next[model] = _next_id(model)
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        self.rows[model].append(row)
        self.pending += 1

    def flush_if_full(self) -> None:
        if self.pending >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        for index, model in enumerate(_BULK_MODELS):  # parents before the rows that point at them
            rows = self.rows[model]
            if not rows:
                continue
            if self.outbox is not None:
                names = tuple(rows[0])
                values = operator.itemgetter(*names)
                self.outbox.append((index, names, [values(row) for row in rows]))
            else:
                model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
            self.rows[model] = []
        self.pending = 0

    def drain(self) -> Iterator[_Message]:
        """The flushed batches as one message: sent as one, the generator is free to go on as
        soon as the writer has taken it, instead of waiting for each table's insert in turn."""
        assert self.outbox is not None
        if self.outbox:
            yield ("rows", self.outbox)
            self.outbox = []

    def reset_sequences(self) -> None:
        """Hand the ids back to the database: move its sequences past ours (PostgreSQL; SQLite's
        AUTOINCREMENT follows by itself), and read the maxima afresh next time, since ordinary
        inserts (the restructuring moving staff) may come in between."""
        _reset_sequences()
        self._next.clear()


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(_BULK_MODELS))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _insert_batch(batch: _Batch) -> int:
    """INSERT a batch with executemany: what bulk_create does, without building model instances
    (several times faster for millions of rows). Returns the number of rows."""
    index, names, values = batch
    model = _BULK_MODELS[index]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    # Fields the rows leave out get their model default, as bulk_create would give them.
    missing = [f for name, f in fields.items() if name not in names]
    defaults = tuple(f.get_default() for f in missing)
    columns = [fields[name].column for name in names] + [f.column for f in missing]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [row + defaults for row in values] if defaults else values)
    return len(values)


# --- People -------------------------------------------------------------------------------------


class _People:
    """Draws people and the facts about them, and writes them through a _Writer."""

    def __init__(
        self,
        rng: random.Random,
        writer: _Writer,
        *,
        province_id: int,
        code_prefix: str,
        profile: str,
        chinese: float,
        history_units: list[_Unit],
    ) -> None:
        self.rng = rng
        self.writer = writer
        self.province_id = province_id
        self.code_prefix = code_prefix
        self.next_code = 1
        self.ethnic = _weighted([(_ethnic_code(name), w) for name, w in _ETHNIC_PROFILES[profile]])
        kinh = _KINH_FAMILY_SOUTH if profile in _SOUTHERN_PROFILES else _KINH_FAMILY_NORTH
        self.families = {_ethnic_code(name): _weighted(pairs) for name, pairs in _FAMILY_BY_ETHNICITY.items()}
        self.kinh = _weighted(kinh)
        self.chinese = chinese
        self.history_units = history_units  # units an earlier employment may have been in
        self.certificate = 1000

    # -- the person row ------------------------------------------------------------------------

    def _name(self, sex: str, ethnicity: str, birth: date) -> tuple[str, str]:
        rng = self.rng
        family = _pick(rng, self.families.get(ethnicity, self.kinh))
        if ethnicity == _MONG:
            middles, givens = _MONG_NAMES[sex]
            return f"{family} {_one(rng, middles)}", _one(rng, givens)
        # Thị and Văn were near universal before 1975 and are much rarer among the young.
        plain_share = 0.75 if birth.year < 1975 else 0.55 if birth.year < 1990 else 0.25
        if sex == Sex.FEMALE:
            middle = "Thị" if rng.random() < plain_share else _one(rng, _FEMALE_MIDDLE)
            if middle == "Thị" and rng.random() < 0.1:
                middle = f"Thị {_one(rng, _FEMALE_MIDDLE)}"
        else:
            middle = "Văn" if rng.random() < plain_share * 0.8 else _one(rng, _MALE_MIDDLE)
        if ethnicity == _DAO and rng.random() < 0.5:
            given = _one(rng, _DAO_GIVEN[sex])
        else:
            given = _one(rng, _FEMALE_GIVEN if sex == Sex.FEMALE else _MALE_GIVEN)
        return f"{family} {middle}", given

    def person(
        self,
        unit: _Unit,
        *,
        sex: str,
        age: tuple[float, float] | None = None,
        role: str = "",
        employment_type: str | None = None,
    ) -> tuple[dict[str, Any], date]:
        """A person working in `unit`; `age` bounds the age on the unit's last day (default 22 to
        retirement). Returns the Person row and the day the person joined the public service."""
        rng = self.rng
        last_day = unit.alive_to
        oldest, youngest = _birth_bounds(sex, last_day, *(age or (22.0, 62.0)))
        if role:
            birth = youngest - datetime.timedelta(days=int((youngest - oldest).days * rng.betavariate(2.2, 2.0)))
        else:
            # Staff ages bunch between 30 and 50: a triangular draw (mean of two uniforms) is
            # shaped like a beta(2, 2) and far cheaper for millions of people.
            spread = (rng.random() + rng.random()) * 0.5
            birth = youngest - datetime.timedelta(days=int((youngest - oldest).days * spread))
        if employment_type is None:
            employment_type = self._employment_type(unit)
        ethnicity = _pick(rng, self.ethnic)
        family, given = self._name(sex, ethnicity, birth)
        joined = birth + DAY * int(
            365.25 * (21.5 + rng.random() * (6 if employment_type != EmploymentType.WORKER else 8.5))
        )
        joined = min(joined, last_day - DAY * (30 + int(rng.random() * 370)))
        age_now = _age_on(birth, REFERENCE_DATE)
        rank = self._rank(employment_type, role, unit.level_kind, age_now)
        degree = self._degree(employment_type, role, unit.sector)
        theory = self._theory(role, unit.level_kind, age_now)
        state = self._state_management(employment_type, role, unit.level_kind, rank)
        party = self._party_since(birth, employment_type, role, joined)
        it_level = _choose(
            rng,
            (ITLevel.NONE, ITLevel.BASIC, ITLevel.ADVANCED, ITLevel.DEGREE),
            (40, 60, 0, 0) if employment_type == EmploymentType.WORKER else (3, 78, 13, 6 if age_now < 40 else 2),
        )
        person_id = self.writer.new_id(Person)
        search_text, sort_key = _derived_name_fields(family, given)
        row = {
            "id": person_id,
            "family_name": family,
            "given_name": given,
            "sex": sex,
            "birth_date": birth,
            "ethnicity": ethnicity,
            "employment_type": employment_type,
            "civil_service_rank": rank,
            "degree": degree,
            "political_theory": theory,
            "state_management": state,
            "it_level": it_level,
            "party_member_since": party,
            "employee_code": f"{self.code_prefix}{self.next_code:06d}",
            "province_id": self.province_id,
            "search_text": search_text,
            "sort_key": sort_key,
            "version": 1,
        }
        self.next_code += 1
        self.writer.add(Person, row)
        self._languages(person_id, birth, unit)
        self._training(row, joined, unit, role)
        return row, joined

    def _employment_type(self, unit: _Unit) -> str:
        roll = self.rng.random()
        if unit.level_kind in (UnitKind.PROVINCE, UnitKind.COMMUNE):
            return EmploymentType.CADRE  # people's committee chairs and vice-chairs are elected cadres
        if unit.level_kind in (UnitKind.DIVISION, UnitKind.DEPARTMENT) or unit.admin:
            # Drivers, guards and cleaners (người lao động) sit mostly in the offices.
            worker = 0.15 if unit.name.startswith("Văn phòng") else 0.05
            if roll < worker:
                return EmploymentType.WORKER
            return EmploymentType.CIVIL_SERVANT if roll < 0.97 else EmploymentType.PUBLIC_EMPLOYEE
        return EmploymentType.WORKER if roll < 0.1 else EmploymentType.PUBLIC_EMPLOYEE

    def _rank(self, employment_type: str, role: str, level_kind: str, age: int) -> str:
        rng = self.rng
        R = CivilServiceRank
        if employment_type == EmploymentType.WORKER:
            return R.NONE
        if role == "head" and level_kind in ("province", "department"):
            return _choose(rng, (R.SENIOR_PRINCIPAL, R.PRINCIPAL), (35, 65))
        if role and level_kind in ("province", "department"):
            return _choose(rng, (R.SENIOR_PRINCIPAL, R.PRINCIPAL, R.SPECIALIST), (8, 80, 12))
        if role == "head":
            return _choose(rng, (R.PRINCIPAL, R.SPECIALIST), (60, 40))
        if role:
            return _choose(rng, (R.PRINCIPAL, R.SPECIALIST), (33, 67))
        if age < 30:
            return _choose(rng, (R.SPECIALIST, R.OFFICER, R.STAFF), (75, 18, 7))
        if level_kind == UnitKind.COMMUNE:
            return _choose(rng, (R.PRINCIPAL, R.SPECIALIST, R.OFFICER, R.NONE), (6, 72, 15, 7))
        return _choose(
            rng, (R.SENIOR_PRINCIPAL, R.PRINCIPAL, R.SPECIALIST, R.OFFICER, R.STAFF, R.NONE), (0.3, 17, 64, 10, 5, 3.7)
        )

    def _degree(self, employment_type: str, role: str, sector: str) -> str:
        rng = self.rng
        D = Degree
        if employment_type == EmploymentType.WORKER:
            return _choose(rng, (D.SECONDARY, D.VOCATIONAL, D.COLLEGE), (55, 32, 13))
        if role:
            return _choose(rng, (D.DOCTORATE, D.MASTER, D.BACHELOR), (4 if sector == "health" else 2, 48, 50))
        if sector in ("health", "station"):  # nurses and midwives hold college or vocational degrees
            return _choose(rng, (D.DOCTORATE, D.MASTER, D.BACHELOR, D.COLLEGE, D.VOCATIONAL), (1, 9, 50, 28, 12))
        if sector == "school":
            return _choose(rng, (D.MASTER, D.BACHELOR, D.COLLEGE), (6, 80, 14))
        return _choose(rng, (D.DOCTORATE, D.MASTER, D.BACHELOR, D.COLLEGE, D.VOCATIONAL), (0.5, 14, 77, 6, 2.5))

    def _theory(self, role: str, level_kind: str, age: int) -> str:
        rng = self.rng
        T = TheoryLevel
        if role and level_kind in ("province", "department"):
            return _choose(rng, (T.ADVANCED, T.INTERMEDIATE), (85, 15))
        if role == "head":
            return _choose(rng, (T.ADVANCED, T.INTERMEDIATE, T.ELEMENTARY), (30, 62, 8))
        if role:
            return _choose(rng, (T.ADVANCED, T.INTERMEDIATE, T.ELEMENTARY), (8, 70, 22))
        if age < 28:
            return _choose(rng, (T.NONE, T.ELEMENTARY), (80, 20))
        return _choose(rng, (T.NONE, T.ELEMENTARY, T.INTERMEDIATE, T.ADVANCED), (40, 38, 20, 2))

    def _state_management(self, employment_type: str, role: str, level_kind: str, rank: str) -> str:
        rng = self.rng
        S = StateManagementLevel
        if employment_type == EmploymentType.WORKER:
            return S.NONE
        if role and level_kind in ("province", "department"):
            return _choose(rng, (S.SENIOR, S.PRINCIPAL), (40, 60))
        if role:
            return _choose(rng, (S.PRINCIPAL, S.SPECIALIST), (60, 40))
        if rank in (CivilServiceRank.SENIOR_PRINCIPAL, CivilServiceRank.PRINCIPAL):
            return _choose(rng, (S.PRINCIPAL, S.SPECIALIST), (80, 20))
        share = 0.55 if employment_type in (EmploymentType.CIVIL_SERVANT, EmploymentType.CADRE) else 0.25
        return S.SPECIALIST if rng.random() < share else S.NONE

    def _party_since(self, birth: date, employment_type: str, role: str, joined: date) -> date | None:
        rng = self.rng
        # Leaders are nearly all party members, so the rest of the civil servants are drawn lower
        # for about 45 % of all civil servants.
        share = {
            EmploymentType.CADRE: 0.95,
            EmploymentType.CIVIL_SERVANT: 0.24,
            EmploymentType.PUBLIC_EMPLOYEE: 0.28,
            EmploymentType.WORKER: 0.08,
        }[employment_type]
        if role:
            share = 1.0 if role == "head" else 0.97
        age = _age_on(birth, REFERENCE_DATE)
        if age < 26:
            share *= 0.3
        if rng.random() >= share:
            return None
        # Admitted at 20 at the earliest (18 is the legal minimum), mostly in the first years of work.
        lo = _add_years(birth, 20)
        hi = min(REFERENCE_DATE - DAY * 60, _add_years(max(joined, lo), 12))
        return _between(rng, lo, hi)

    def _languages(self, person_id: int, birth: date, unit: _Unit) -> None:
        rng = self.rng
        age = _age_on(birth, REFERENCE_DATE)
        english = 0.85 if age < 35 else 0.7 if age < 50 else 0.45
        chinese = self.chinese * (3 if unit.border or unit.sector in ("foreign", "industry") else 1)
        spoken: list[tuple[str, str]] = []
        if rng.random() < english:
            spoken.append(
                (
                    "Tiếng Anh",
                    _choose(
                        rng,
                        (
                            LanguageLevel.A1,
                            LanguageLevel.A2,
                            LanguageLevel.B1,
                            LanguageLevel.B2,
                            LanguageLevel.C1,
                            LanguageLevel.DEGREE,
                        ),
                        (8, 30, 40, 14, 3, 5) if age < 40 else (20, 40, 30, 6, 1, 3),
                    ),
                )
            )
        if rng.random() < chinese:
            spoken.append(
                (
                    "Tiếng Trung",
                    _choose(
                        rng,
                        (LanguageLevel.A2, LanguageLevel.B1, LanguageLevel.B2, LanguageLevel.C1, LanguageLevel.DEGREE),
                        (25, 35, 20, 8, 12),
                    ),
                )
            )
        if age > 50:
            for language, share in _LANGUAGES_OLD:
                if rng.random() < share:
                    spoken.append((language, _one(rng, (LanguageLevel.A2, LanguageLevel.B1, LanguageLevel.DEGREE))))
        elif age < 35 and rng.random() < 0.015:
            spoken.append((_one(rng, ("Tiếng Hàn", "Tiếng Nhật")), _one(rng, (LanguageLevel.A2, LanguageLevel.B1))))
        for language, level in spoken:
            self.writer.add(
                ForeignLanguage,
                {
                    "id": self.writer.new_id(ForeignLanguage),
                    "person_id": person_id,
                    "language": language,
                    "level": level,
                },
            )

    # -- training ------------------------------------------------------------------------------

    def _certificate(self, prefix: str) -> str:
        self.certificate += 1 + int(self.rng.random() * 40)
        return f"{prefix}{self.certificate:06d}"

    def add_training(self, person_id: int, kind: str, course: str, start: date, months: int, prefix: str) -> None:
        if course in _COURSE_SINCE and start < _COURSE_SINCE[course]:
            start = _between(self.rng, _COURSE_SINCE[course], REFERENCE_DATE - DAY * 30)
        end = start + datetime.timedelta(days=max(3, int(months * 30.4)) - 1)
        completed = end <= REFERENCE_DATE
        self.writer.add(
            TrainingRecord,
            {
                "id": self.writer.new_id(TrainingRecord),
                "person_id": person_id,
                "kind": kind,
                "course": course,
                "start_date": start,
                "end_date": end,
                "completed": completed,
                "certificate": self._certificate(prefix) if completed else "",
            },
        )

    def _training(self, row: dict[str, Any], joined: date, unit: _Unit, role: str) -> None:
        rng = self.rng
        pid = row["id"]
        last = REFERENCE_DATE - DAY * 20
        theory = row["political_theory"]
        if theory in _THEORY_COURSES and rng.random() < 0.9:
            course, months, prefix = _THEORY_COURSES[theory]
            self.add_training(
                pid,
                TrainingKind.POLITICAL_THEORY,
                course,
                _between(rng, joined, last - DAY * months * 31),
                months,
                f"{prefix}-",
            )
        state = row["state_management"]
        if state in _STATE_COURSES and rng.random() < 0.8:
            self.add_training(
                pid,
                TrainingKind.STATE_MANAGEMENT,
                _STATE_COURSES[state],
                _between(rng, joined, last - DAY * 100),
                2,
                "QLNN-",
            )
        sector = (
            unit.sector if unit.sector in _PROFESSIONAL else ("commune" if unit.sector.startswith("commune") else "")
        )
        if rng.random() < (0.55 if sector in ("health", "education", "school") else 0.3):
            self.add_training(
                pid,
                TrainingKind.PROFESSIONAL,
                _one(rng, _PROFESSIONAL[sector]),
                _between(rng, max(joined, date(2015, 1, 1)), last),
                _one(rng, (1, 1, 2, 3)),
                "CM-",
            )
        if rng.random() < 0.1:
            self.add_training(
                pid,
                TrainingKind.FOREIGN_LANGUAGE,
                _one(
                    rng,
                    (
                        "Tiếng Anh trình độ B1 (Khung năng lực ngoại ngữ 6 bậc)",
                        "Tiếng Anh giao tiếp",
                        "Tiếng Trung giao tiếp",
                    ),
                ),
                _between(rng, joined, last),
                _one(rng, (2, 3, 4)),
                "NN-",
            )
        if rng.random() < 0.16:
            self.add_training(
                pid,
                TrainingKind.IT,
                _one(rng, _IT_COURSES),
                _between(rng, max(joined, date(2018, 1, 1)), last),
                1,
                "CNTT-",
            )
        if rng.random() < (0.35 if role else 0.07):
            self.add_gender_training(pid, joined)
        if role and rng.random() < 0.8:
            self.add_training(
                pid,
                TrainingKind.LEADERSHIP,
                _LEADERSHIP_COURSES[unit.level_kind],
                _between(rng, max(joined, date(2012, 1, 1)), last),
                2,
                "LĐQL-",
            )

    def add_gender_training(self, person_id: int, since: date) -> None:
        rng = self.rng
        # A few classes are running now, to show training in progress.
        start = _between(rng, max(since, date(2016, 1, 1)), REFERENCE_DATE + DAY * 20)
        self.add_training(
            person_id, TrainingKind.GENDER_MAINSTREAMING, _one(rng, _GENDER_COURSES), start, _one(rng, (0, 1)), "BĐG-"
        )

    # -- dated facts ---------------------------------------------------------------------------

    def employ(self, person_id: int, unit: _Unit, start: date, end: date | None = None) -> None:
        self.writer.add(
            Employment,
            {
                "id": self.writer.new_id(Employment),
                "person_id": person_id,
                "unit_id": unit.id,
                "start_date": start,
                "end_date": end,
            },
        )

    def post(
        self,
        person_id: int,
        unit: _Unit,
        title: str,
        rank: str,
        start: date,
        end: date | None,
        decision: str,
        *,
        level_kind: str | None = None,
    ) -> None:
        level = LEVEL_BY_UNIT_KIND[level_kind or unit.level_kind]
        key = rank == PostRank.HEAD and (level_kind or unit.level_kind) in ("province", "department", "commune")
        if unit.kind == UnitKind.AFFILIATED and rank == PostRank.HEAD:
            key = True  # the head of an affiliated agency is its own key leader
        self.writer.add(
            Post,
            {
                "id": self.writer.new_id(Post),
                "person_id": person_id,
                "unit_id": unit.id,
                "title": title,
                "level": level,
                "rank": rank,
                "is_key_leader": key,
                "decision_number": decision,
                "start_date": start,
                "end_date": end,
                "version": 1,
            },
        )

    def earlier_unit(self, current: _Unit, lo: date, hi: date) -> tuple[_Unit, date] | None:
        """Another unit the person may have worked in from some day after `lo` until `hi`."""
        for _ in range(6):
            other = _one(self.rng, self.history_units) if self.history_units else None
            if other is None or other is current or other.until and other.until < hi:
                continue
            start = max(lo, other.since)
            if start <= hi - DAY * 180:
                return other, start
        return None

    def decision(self, issuer: str) -> str:
        return f"{self.rng.randint(12, 2890)}/QĐ-{issuer}"


# --- Building one group (a department, a commune or the province's own leadership) -------------


class _GroupBuilder:
    """Staff, posts and histories for the units of one group; pool entries for groups of units."""

    def __init__(self, people: _People) -> None:
        self.people = people
        self.rng = people.rng

    # -- leaders ------------------------------------------------------------------------------

    def _leader_sex(self, unit: _Unit, rank: str) -> str:
        head, deputy = _WOMEN_LEADERS[unit.level_kind]
        share = (head if rank == PostRank.HEAD else deputy) + (_WOMEN_SHARE[unit.sector] - 0.5) * 0.5
        return Sex.FEMALE if self.rng.random() < share else Sex.MALE

    def leader(self, unit: _Unit, rank: str, title: str, siblings: list[_Unit]) -> _Staff:
        rng, people = self.rng, self.people
        sex = self._leader_sex(unit, rank)
        min_age, lo_age, hi_age = _LEADER_AGE[(unit.level_kind, rank)]
        row, joined = people.person(unit, sex=sex, age=(lo_age, hi_age), role=rank)
        pid, birth = row["id"], row["birth_date"]
        last = unit.alive_to - DAY * 15
        lo = max(unit.since, _add_years(birth, min_age), _add_years(last, -12), joined + DAY * 365)
        if rank == PostRank.HEAD:
            lo = max(lo, unit.head_free_from)
        if unit.since >= TWO_LEVEL_GOVERNMENT and rng.random() < 0.85:
            start = unit.since  # the new communes' leaders were all appointed on their first day
        else:
            start = _recent(rng, lo, last)
        issuer = "UBND" if unit.level_kind in ("province", "department", "commune") else unit.abbr
        staff = _Staff(pid, sex, birth, row["civil_service_rank"], unit, rank, joined, unit.final_group, unit, rank)
        employment_start = start
        came_from: _Unit | None = None
        # A department leader often headed one of the department's divisions before.
        if unit.level_kind in ("department", "province") and siblings and rng.random() < 0.4:
            came_from = rng.choice(siblings)
            if came_from.since > start - DAY * 730 or came_from.head_free_from > start:
                came_from = None
        if came_from is not None and came_from.titles is not None:
            was_head = rng.random() < 0.6
            before = came_from.titles[0 if was_head else 1]
            p_start = _recent(rng, max(came_from.since, joined + DAY * 365, start - DAY * 365 * 6), start - DAY * 400)
            people.post(
                pid,
                came_from,
                before,
                PostRank.HEAD if was_head else PostRank.DEPUTY,
                p_start,
                start - DAY,
                people.decision(came_from.abbr),
            )
            staff.appointed.append((came_from.code, before, p_start))
            if was_head:
                # Its next head takes over only when this one leaves.
                came_from.head_free_from = max(came_from.head_free_from, start)
            e_start = max(came_from.since, joined, p_start - DAY * 365 * rng.randint(0, 8))
            people.employ(pid, came_from, e_start, start - DAY)
            staff.entered = e_start
        elif rank == PostRank.HEAD and rng.random() < 0.45 and unit.titles is not None:
            # Promoted from deputy of the same unit.
            d_start = _recent(rng, max(lo - DAY * 365 * 5, unit.since, joined + DAY * 365), start - DAY * 365)
            if d_start < start - DAY * 200:
                self._titled_post(pid, unit, PostRank.DEPUTY, d_start, start - DAY, issuer)
                employment_start = d_start
        self._current_post(staff, unit, rank, title, start, issuer)
        if came_from is None:
            employment_start = min(employment_start, start)
            self._employ_with_history(staff, unit, joined, employment_start)
        else:
            people.employ(pid, unit, start)
        return staff

    def _titled_post(self, pid: int, unit: _Unit, rank: str, start: date, end: date | None, issuer: str) -> None:
        """A post under the unit's title of the day: a renamed department's leaders held the old
        title until the reform and the new one from then, by a new decision."""
        assert unit.titles is not None
        index = 0 if rank == PostRank.HEAD else 1
        people = self.people
        if unit.old_titles and start < DEPARTMENT_REFORM:
            old_end = DEPARTMENT_REFORM - DAY if end is None or end >= DEPARTMENT_REFORM else end
            people.post(pid, unit, unit.old_titles[index], rank, start, old_end, people.decision(issuer))
            if old_end == end:
                return
            start, issuer = DEPARTMENT_REFORM, "UBND"
        people.post(pid, unit, unit.titles[index], rank, start, end, people.decision(issuer))

    def _current_post(self, staff: _Staff, unit: _Unit, rank: str, title: str, start: date, issuer: str) -> None:
        people = self.people
        pid = staff.id
        if unit.old_titles and start < DEPARTMENT_REFORM:
            self._titled_post(pid, unit, rank, start, None, issuer)
            staff.appointed.append((unit.code, unit.old_titles[0 if rank == PostRank.HEAD else 1], start))
        elif unit.merge_target is not None and rank == PostRank.HEAD:
            # Merged away: two heads cannot share the new unit, so this one becomes a deputy there.
            target = unit.merge_target
            people.post(pid, unit, title, rank, start, unit.alive_to, people.decision(issuer))
            assert target.titles is not None
            people.post(
                pid,
                target,
                target.titles[1],
                PostRank.DEPUTY,
                DEPARTMENT_REFORM,
                None,
                people.decision("UBND" if target.level_kind == "department" else target.abbr),
            )
            staff.unit, staff.role = target, PostRank.DEPUTY
        else:
            # Deputies of a merged unit keep their post; the restructuring moves it.
            people.post(
                pid,
                unit,
                title,
                rank,
                start,
                None if unit.until is None or unit.merge_target else unit.alive_to,
                people.decision(issuer),
            )
            if unit.merge_target is not None:
                staff.unit = unit.merge_target
        staff.appointed.append((unit.code, title, start))

    def _employ_with_history(self, staff: _Staff, unit: _Unit, joined: date, latest_start: date) -> None:
        """Employment in `unit` from some day up to `latest_start`, sometimes after another unit."""
        rng, people = self.rng, self.people
        start = max(joined, unit.since)
        earlier: tuple[_Unit, date] | None = None
        if joined < unit.since:
            # The unit is newer than the person's career: they came from elsewhere (the new communes
            # took over the former districts' and communes' staff, which are not modelled).
            share = 0.12 if unit.since >= TWO_LEVEL_GOVERNMENT else 0.5
            if rng.random() < share:
                earlier = people.earlier_unit(unit, joined, unit.since - DAY)
        elif latest_start - joined > datetime.timedelta(days=365 * 4) and rng.random() < 0.2:
            switch = _between(rng, joined + DAY * 730, latest_start)
            earlier = people.earlier_unit(unit, joined, switch - DAY)
            if earlier is not None:
                start = switch
        if earlier is not None:
            other, other_start = earlier
            people.employ(staff.id, other, other_start, start - DAY)
            staff.entered = start
        else:
            staff.entered = start
        start = min(start, latest_start)
        people.employ(staff.id, unit, start)
        staff.entered = min(staff.entered, start)
        if unit.merge_target is not None:
            staff.unit = unit.merge_target  # moved by the restructuring on DEPARTMENT_REFORM

    def ordinary(self, unit: _Unit) -> _Staff:
        sex = Sex.FEMALE if self.rng.random() < _WOMEN_SHARE[unit.sector] else Sex.MALE
        row, joined = self.people.person(unit, sex=sex)
        staff = _Staff(
            row["id"], sex, row["birth_date"], row["civil_service_rank"], unit, "", joined, unit.final_group, unit, ""
        )
        self._employ_with_history(staff, unit, joined, unit.alive_to - DAY * 10)
        return staff

    def unit_staff(self, unit: _Unit, siblings: list[_Unit]) -> list[_Staff]:
        staff: list[_Staff] = []
        if unit.titles is not None:
            head, deputy = unit.titles
            staff.append(self.leader(unit, PostRank.HEAD, head, siblings))
            for _ in range(unit.deputies):
                staff.append(self.leader(unit, PostRank.DEPUTY, deputy, siblings))
        while len(staff) < unit.size:
            staff.append(self.ordinary(unit))
        return staff

    # -- succession pool ----------------------------------------------------------------------

    def pool(
        self,
        units: list[_Unit],
        staff: list[_Staff],
        period: tuple[int, int],
        *,
        final: bool,
        leaders_from: list[_Staff] | None = None,
    ) -> None:
        """Pool entries for the titles of `units` over `period`; candidates come from `staff`
        (and, for the group's own head unit, from `leaders_from`)."""
        rng, people = self.rng, self.people
        first_year, last_year = period
        if final:
            decided_lo, decided_hi, ends = date(2025, 8, 1), date(2025, 12, 20), None
        else:
            decided_lo, decided_hi, ends = date(2020, 3, 1), date(2020, 12, 20), date(2025, 6, 30)
        # The people of each unit, leaders and others, then (at the period's date) or now.
        unit_leaders: dict[int, list[_Staff]] = defaultdict(list)
        unit_plain: dict[int, list[_Staff]] = defaultdict(list)
        for s in staff:
            where, role = (s.unit, s.role) if final else (s.first_unit, s.first_role)
            (unit_leaders if role else unit_plain)[id(where)].append(s)
        for unit in units:
            if unit.titles is None or unit.since > decided_hi or (unit.until and unit.until < decided_lo):
                continue
            decided = _between(rng, decided_lo, decided_hi)
            until = min(ends, unit.alive_to) if ends else None
            titles = unit.old_titles if unit.old_titles and not final else unit.titles
            women_share = 0.4 + (_WOMEN_SHARE[unit.sector] - 0.5) * 0.4
            if leaders_from is not None:
                below = leaders_from
            elif unit.level_kind in ("department", "province", "commune"):
                # A group's own leadership is planned from the leaders of the units below it.
                below = [s for u in units if u is not unit for s in unit_leaders[id(u)]]
            else:
                below = []
            # When the unit itself is too small, the rest of the group is planned for its posts too.
            tiers = (unit_leaders[id(unit)] + below, unit_plain[id(unit)], staff)
            level = LEVEL_BY_UNIT_KIND[unit.level_kind]
            # Who approves the plan: the provincial party standing committee for department-level
            # titles, the commune's party committee in a commune, the department for its divisions.
            if unit.level_kind in ("department", "province"):
                issuer = f"{rng.randint(100, 1890)}-QĐ/TU"
            elif unit.in_commune:
                issuer = f"{rng.randint(5, 320)}-QĐ/ĐU"
            else:
                issuer = f"{rng.randint(12, 980)}/QĐ-{unit.abbr}"
            for rank, title, slots in ((PostRank.HEAD, titles[0], 1), (PostRank.DEPUTY, titles[1], unit.deputies)):
                wanted = sum(rng.choice((2, 2, 3)) for _ in range(slots))
                chosen: set[int] = set()
                for _ in range(wanted):
                    candidate = self._candidate(
                        unit,
                        rank,
                        title,
                        tiers,
                        decided,
                        first_year,
                        final,
                        Sex.FEMALE if rng.random() < women_share else Sex.MALE,
                        chosen,
                    )
                    if candidate is None:
                        break
                    chosen.add(candidate.id)
                    candidate.titles_planned[first_year] = candidate.titles_planned.get(first_year, 0) + 1
                    end = until
                    appointed = next(
                        (d for code, t, d in candidate.appointed if code == unit.code and t == title and d > decided),
                        None,
                    )
                    if appointed is not None:
                        end = appointed - DAY  # appointed to the planned post: out of the pool
                    elif end is None and rng.random() < 0.04:
                        end = date(2026, 6, 30)  # taken out of the pool at the mid-term review
                    people.writer.add(
                        PoolEntry,
                        {
                            "id": people.writer.new_id(PoolEntry),
                            "person_id": candidate.id,
                            "title": title,
                            "level": level,
                            "period_start": first_year,
                            "period_end": last_year,
                            "decision_number": issuer,
                            "start_date": decided,
                            "end_date": end,
                        },
                    )
                    if rng.random() < 0.35:
                        # Those planned for a post are sent to the courses it requires.
                        course = (
                            _WOMEN_LEADERSHIP_COURSE
                            if candidate.sex == Sex.FEMALE and rng.random() < 0.4
                            else _LEADERSHIP_COURSES[unit.level_kind]
                        )
                        people.add_training(
                            candidate.id,
                            TrainingKind.LEADERSHIP,
                            course,
                            _between(rng, decided, min(REFERENCE_DATE, _add_years(decided, 3))),
                            2,
                            "LĐQL-",
                        )
                    if rng.random() < 0.25:
                        people.add_gender_training(candidate.id, decided)

    def _candidate(
        self,
        unit: _Unit,
        rank: str,
        title: str,
        tiers: tuple[list[_Staff], list[_Staff], list[_Staff]],
        decided: date,
        first_year: int,
        final: bool,
        sex: str,
        chosen: set[int],
    ) -> _Staff | None:
        """One pool candidate for `title` in `unit`. `tiers` are the leaders of the unit and of the
        units below it, the unit's other staff, and the rest of the group."""
        rng = self.rng
        wanted_standing = _standing(unit, rank)
        leaders, plain, elsewhere = tiers

        def planned_for_it(s: _Staff) -> bool:
            return any(code == unit.code and t == title and d > decided for code, t, d in s.appointed)

        def eligible(s: _Staff) -> bool:
            if s.id in chosen or s.titles_planned.get(first_year, 0) >= 3 or s.entered > decided:
                return False
            age = _age_on(s.birth, decided)
            # Old enough, and young enough to serve a whole term before retiring.
            if age < 28 or age > (55 if s.sex == Sex.MALE else 51):
                return False
            role = s.role if final else s.first_role
            if (s.unit if final else s.first_unit) is unit and role == rank:
                # Holds the post already, unless appointed after the decision (then was planned for it).
                return planned_for_it(s)
            if role and _standing(s.unit if final else s.first_unit, role) >= wanted_standing:
                return False  # planned only for a step up, never sideways or down
            if not role and s.rank not in (
                CivilServiceRank.PRINCIPAL,
                CivilServiceRank.SPECIALIST,
                CivilServiceRank.SENIOR_PRINCIPAL,
            ):
                return False
            return not (rank == PostRank.HEAD and not role and s.rank == CivilServiceRank.SPECIALIST)

        # Those later appointed to the title first: they were in the pool for it.
        for s in leaders:
            if s.appointed and planned_for_it(s) and eligible(s):
                return s
        order = (leaders, plain) if rank == PostRank.HEAD or rng.random() < 0.5 else (plain, leaders)
        for want_sex in (sex, None):
            for group in order:
                found = _sample(rng, group, lambda s, w=want_sex: (w is None or s.sex == w) and eligible(s))
                if found is not None:
                    return found
        # Nobody suitable in the unit: someone from elsewhere in the group.
        return _sample(rng, elsewhere, lambda s: s.sex == sex and eligible(s), tries=12)


def _sample(
    rng: random.Random, group: list[_Staff], accept: Callable[[_Staff], bool], tries: int = 40
) -> _Staff | None:
    """A random member of `group` that `accept`s: the whole list when short, else random tries
    (a school or hospital has hundreds of staff and the pool needs a handful)."""
    if len(group) <= tries:
        fitting = [s for s in group if accept(s)]
        return rng.choice(fitting) if fitting else None
    for _ in range(tries):
        s = rng.choice(group)
        if accept(s):
            return s
    return None


# --- Province scale ----------------------------------------------------------------------------


def _standing(unit: _Unit, rank: str) -> int:
    """How senior a post is: province above department and commune above division and
    affiliated unit; a head above the deputies of the same level."""
    level = {"province": 3, "department": 2, "commune": 2}.get(unit.level_kind, 1)
    return level * 2 + (1 if rank == PostRank.HEAD else 0)


def _fill(name: str, tinh: str, ten: str) -> str:
    return name.replace("{tinh}", tinh).replace("{ten}", ten)


def _deputies(rng: random.Random, kind: str, size: int) -> int:
    if kind == "province":
        return 3
    if kind == UnitKind.DEPARTMENT:
        return _choose(rng, (1, 2, 3), (20, 50, 30))
    if kind == UnitKind.COMMUNE:
        return _choose(rng, (1, 2), (25, 75))
    return 2 if size >= 9 and rng.random() < 0.6 else 1


class _ProvinceBuilder:
    def __init__(self, seed: int, staff_per_unit: float | None) -> None:
        self.seed = seed
        self.staff_per_unit = staff_per_unit
        self.rng = _rng(seed, "structure")
        self.writer = _Writer()
        self.units: dict[str, _Unit] = {}
        self.orgunits: dict[str, OrgUnit] = {}
        self.decisions = _rng(seed, "decisions")

    def _size(self, size: int) -> int:
        if self.staff_per_unit is not None:
            return max(1, round(self.staff_per_unit))
        return max(1, round(size * self.rng.uniform(0.8, 1.2)))

    def _decision(self) -> str:
        return f"{self.decisions.randint(120, 2950)}/QĐ-UBND"

    def _create(self, unit: _Unit, parent_code: str | None, *, name: str | None = None) -> None:
        parent = self.orgunits[parent_code] if parent_code else None
        spec = NewUnit(unit.code, name or unit.name, unit.kind, is_agency=unit.kind != UnitKind.DIVISION)
        created = restructuring.create_unit(spec, parent, unit.since, decision_number=self._decision())
        unit.id = created.pk
        self.units[unit.code] = unit
        self.orgunits[unit.code] = created

    # -- structure ----------------------------------------------------------------------------

    def structure(self) -> None:
        rng = self.rng
        root = _Unit(
            PROVINCE_CODE,
            PROVINCE_NAME,
            UnitKind.PROVINCE,
            "province",
            PROVINCE_SINCE,
            None,
            ("Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh"),
            0,
            PROVINCE_CODE,
            PROVINCE_CODE,
            "UBND",
        )
        root.deputies = 3
        self._create(root, None)
        # Merge targets: which unit each merged-away unit goes into (for titles and pool grouping).
        current_codes = {d.suffix for d in DEPARTMENTS}
        for dept in sorted((*DEPARTMENTS, *FORMER_DEPARTMENTS), key=lambda d: d.since):
            code = f"{PROVINCE_CODE}-{dept.suffix}"
            final_group = code if dept.suffix in current_codes else f"{PROVINCE_CODE}-{dept.merged_into}"
            name = _fill(dept.name, "tỉnh", "Lạng Sơn")
            unit = _Unit(
                code,
                name,
                UnitKind.DEPARTMENT,
                dept.sector,
                dept.since,
                DEPARTMENT_REFORM - DAY if dept.merged_into else None,
                dept.titles,
                0,
                code,
                final_group,
                dept.abbr,
            )
            unit.parent = root
            unit.size = 0
            unit.deputies = _deputies(rng, "department", 0)
            if dept.former:
                unit.old_titles = dept.former[1]
            self._create(unit, PROVINCE_CODE, name=dept.former[0] if dept.former else None)
            for sub in dept.subs:
                self._sub(unit, dept, sub)
        # Merge targets are known once every department exists.
        for dept in FORMER_DEPARTMENTS:
            old = self.units[f"{PROVINCE_CODE}-{dept.suffix}"]
            old.merge_target = self.units[f"{PROVINCE_CODE}-{dept.merged_into}"]
            for sub in dept.subs:
                if sub.fate.startswith("merge:"):
                    self.units[f"{old.code}-{sub.suffix}"].merge_target = self.units[
                        f"{old.merge_target.code}-{sub.fate[6:]}"
                    ]

    def _sub(self, dept: _Unit, spec: _DeptSpec, sub: _SubSpec) -> None:
        name = _fill(sub.name, "tỉnh", "Lạng Sơn")
        final_group = dept.final_group
        if sub.fate.startswith("move:"):
            final_group = f"{PROVINCE_CODE}-{sub.fate[5:]}"
        size = self._size(sub.size)
        unit = _Unit(
            f"{dept.code}-{sub.suffix}",
            name,
            sub.kind,
            spec.sector,
            sub.since or spec.since,
            DEPARTMENT_REFORM - DAY if sub.fate.startswith("merge:") else None,
            _head_titles(name, sub.kind),
            size,
            dept.code,
            final_group,
            spec.abbr,
            admin=sub.admin or sub.kind == UnitKind.DIVISION,
        )
        unit.parent = dept
        unit.deputies = _deputies(self.rng, sub.kind, sub.size)
        self._create(unit, dept.code)

    # -- restructuring ------------------------------------------------------------------------

    def restructure(self) -> None:
        """01/03/2025: units moved between departments, two renamed, five departments merged away;
        01/07/2025: divisions renamed for their new remit."""
        day = DEPARTMENT_REFORM
        ou = self.orgunits
        for dept in (*DEPARTMENTS, *FORMER_DEPARTMENTS):
            for sub in dept.subs:
                if sub.fate.startswith("move:"):
                    unit = ou[f"{PROVINCE_CODE}-{dept.suffix}-{sub.suffix}"]
                    restructuring.move(
                        unit,
                        self._fresh(f"{PROVINCE_CODE}-{sub.fate[5:]}"),
                        day,
                        decision_number=self._decision(),
                        note="Chuyển chức năng, nhiệm vụ",
                    )
        for dept in DEPARTMENTS:
            if dept.former:
                restructuring.rename(
                    self._fresh(f"{PROVINCE_CODE}-{dept.suffix}"),
                    _fill(dept.name, "tỉnh", ""),
                    day,
                    decision_number=self._decision(),
                )
        for dept in FORMER_DEPARTMENTS:
            target_code = f"{PROVINCE_CODE}-{dept.merged_into}"
            decision = self._decision()
            for sub in dept.subs:
                if sub.fate.startswith("merge:"):
                    restructuring.merge(
                        [self._fresh(f"{PROVINCE_CODE}-{dept.suffix}-{sub.suffix}")],
                        self._fresh(f"{target_code}-{sub.fate[6:]}"),
                        day,
                        decision_number=decision,
                    )
            restructuring.merge(
                [self._fresh(f"{PROVINCE_CODE}-{dept.suffix}")],
                self._fresh(target_code),
                day,
                decision_number=decision,
                note="Hợp nhất theo Nghị định 45/2025/NĐ-CP",
            )
        for dept in (*DEPARTMENTS, *FORMER_DEPARTMENTS):
            for sub in dept.subs:
                if sub.renamed:
                    when, new_name = sub.renamed
                    restructuring.rename(
                        self._fresh(f"{PROVINCE_CODE}-{dept.suffix}-{sub.suffix}"),
                        new_name,
                        when,
                        decision_number=self._decision(),
                    )
                    self.units[f"{PROVINCE_CODE}-{dept.suffix}-{sub.suffix}"].name = new_name

    def _fresh(self, code: str) -> OrgUnit:
        return OrgUnit.objects.get(code=code)

    def communes(self, limit: int | None) -> list[_Unit]:
        rng = self.rng
        communes: list[_Unit] = []
        root = self.units[PROVINCE_CODE]
        names = [("Phường", n) for n in LANG_SON_WARDS] + [("Xã", n) for n in LANG_SON_COMMUNES]
        names = names[:limit] if limit is not None else names
        # The National Assembly Standing Committee's resolution arranging the province's communes.
        decision = f"{self.decisions.randint(1600, 1690)}/NQ-UBTVQH15"
        event = RestructuringEvent.objects.create(
            kind=RestructuringEvent.Kind.CREATE,
            date=TWO_LEVEL_GOVERNMENT,
            decision_number=decision,
            note="Sắp xếp đơn vị hành chính cấp xã",
        )
        for prefix, short in names:
            code = f"{PROVINCE_CODE}-{_code_part(short)}"
            head = (
                ("Chủ tịch UBND phường", "Phó Chủ tịch UBND phường")
                if prefix == "Phường"
                else ("Chủ tịch UBND xã", "Phó Chủ tịch UBND xã")
            )
            commune = _Unit(
                code,
                f"{prefix} {short}",
                UnitKind.COMMUNE,
                "commune",
                TWO_LEVEL_GOVERNMENT,
                None,
                head,
                self._size(2),
                code,
                code,
                "UBND",
                border=short in _BORDER_COMMUNES,
            )
            commune.parent = root
            commune.in_commune = True
            commune.deputies = _deputies(rng, "commune", 0)
            created = restructuring.create_unit(
                NewUnit(code, commune.name, UnitKind.COMMUNE, True),
                self.orgunits[PROVINCE_CODE],
                TWO_LEVEL_GOVERNMENT,
                event=event,
            )
            commune.id = created.pk
            self.units[code], self.orgunits[code] = commune, created
            communes.append(commune)
            for sub in COMMUNE_SUBS:
                xa = f"{prefix.lower()} {short}"
                name = sub.name.replace("{xa}", xa)
                unit = _Unit(
                    f"{code}-{sub.suffix}",
                    name,
                    sub.kind,
                    sub.sector,
                    TWO_LEVEL_GOVERNMENT,
                    None,
                    _head_titles(name, sub.kind),
                    self._size(sub.size),
                    code,
                    code,
                    "UBND",
                    admin=sub.admin,
                    border=commune.border,
                )
                unit.parent = commune
                unit.in_commune = True
                unit.deputies = 1
                created = restructuring.create_unit(
                    NewUnit(unit.code, name, sub.kind, sub.kind != UnitKind.DIVISION),
                    self.orgunits[code],
                    TWO_LEVEL_GOVERNMENT,
                    event=event,
                )
                unit.id = created.pk
                self.units[unit.code], self.orgunits[unit.code] = unit, created
        return communes

    # -- staff --------------------------------------------------------------------------------

    def people(self) -> _People:
        history = [
            u
            for u in self.units.values()
            if u.kind not in (UnitKind.PROVINCE, UnitKind.COMMUNE)
            and u.parent is not None
            and u.parent.kind != UnitKind.COMMUNE
        ]
        return _People(
            _rng(self.seed, "people"),
            self.writer,
            province_id=self.units[PROVINCE_CODE].id,
            code_prefix=PROVINCE_CODE,
            profile="tay_nung",
            chinese=0.08,
            history_units=history,
        )

    def staff_before_reform(self, people: _People) -> list[_Staff]:
        """Everyone in the province's and departments' units, created before the communes."""
        builder = _GroupBuilder(people)
        root = self.units[PROVINCE_CODE]
        all_staff: list[_Staff] = []
        by_group: dict[str, list[_Unit]] = defaultdict(list)
        for unit in self.units.values():
            if unit.kind != UnitKind.PROVINCE:
                by_group[unit.group].append(unit)
        province_staff = builder.unit_staff(root, [])
        for units in by_group.values():
            head_unit, subs = units[0], units[1:]
            for unit in units:
                all_staff.extend(builder.unit_staff(unit, subs if unit is head_unit else []))
        all_staff.extend(province_staff)
        # The 2020–2025 pool as planned then (old departments and titles), the 2025–2030 pool for
        # the departments as they are now.
        old_groups: dict[str, list[_Staff]] = defaultdict(list)
        new_groups: dict[str, list[_Staff]] = defaultdict(list)
        for s in all_staff:
            old_groups[s.first_unit.group].append(s)
            new_groups[s.group].append(s)
        department_leaders = [s for s in all_staff if s.role and s.unit.level_kind == "department"]
        builder.pool([root], province_staff, POOL_PERIODS[0], final=False, leaders_from=department_leaders)
        builder.pool([root], province_staff, POOL_PERIODS[1], final=True, leaders_from=department_leaders)
        for group_code, units in by_group.items():
            builder.pool(units, old_groups[group_code], POOL_PERIODS[0], final=False)
        final_units: dict[str, list[_Unit]] = defaultdict(list)
        for unit in self.units.values():
            if unit.kind != UnitKind.PROVINCE and unit.until is None:
                final_units[unit.final_group].append(unit)
        for group_code, units in final_units.items():
            units.sort(key=lambda u: (u.kind != UnitKind.DEPARTMENT, u.code))
            builder.pool(units, new_groups[group_code], POOL_PERIODS[1], final=True)
        return all_staff

    def staff_of_communes(self, people: _People, communes: list[_Unit]) -> None:
        builder = _GroupBuilder(people)
        for commune in communes:
            units = [commune, *(self.units[f"{commune.code}-{s.suffix}"] for s in COMMUNE_SUBS)]
            staff: list[_Staff] = []
            for unit in units:
                staff.extend(builder.unit_staff(unit, []))
            builder.pool(units, staff, POOL_PERIODS[1], final=True)

    # -- logins -------------------------------------------------------------------------------

    def logins(self) -> list[DemoLogin]:
        from binhdang.accounts.models import Role, User

        def name_in(code: str, *, head: bool = False, woman: bool = False) -> str:
            unit = OrgUnit.objects.get(code=code)
            if head:
                post = (
                    Post.objects.filter(active_on_q(REFERENCE_DATE), unit=unit, rank=PostRank.HEAD)
                    .select_related("person")
                    .order_by("id")
                    .first()
                )
                if post:
                    return post.person.full_name
            people = Person.objects.filter(
                active_on_q(REFERENCE_DATE, "employments__"), employments__unit=unit, posts__isnull=True
            )
            if woman:
                people = people.filter(sex=Sex.FEMALE)
            person = people.order_by("employee_code").first()
            return person.full_name if person else ""

        p = PROVINCE_CODE
        wanted = [
            ("admin", Role.SYSTEM_ADMIN, None, "Quản trị hệ thống"),
            ("tinh.admin", Role.AGENCY_ADMIN, p, name_in(f"{p}-VP-HCTC")),
            ("snv.thuky", Role.SECRETARY, f"{p}-SNV", name_in(f"{p}-SLDTBXH-LDVL", woman=True)),
            ("snv.tccb", Role.HR_OFFICER, f"{p}-SNV-VP", name_in(f"{p}-SNV-VP")),
            ("snv.lanhdao", Role.LEADER, f"{p}-SNV", name_in(f"{p}-SNV", head=True)),
            ("tinh.xem", Role.VIEWER, p, name_in(f"{p}-VP-TH")),
            ("syt.thuky", Role.SECRETARY, f"{p}-SYT", name_in(f"{p}-SYT-TCCB", woman=True)),
            ("syt.lanhdao", Role.LEADER, f"{p}-SYT", name_in(f"{p}-SYT", head=True)),
        ]
        # One hash for all (hashing is deliberately slow); a salt from the seed keeps runs identical.
        password = make_password(DEMO_PASSWORD, salt=f"binhdangdemo{self.seed:014d}"[-22:])
        logins = []
        for username, role, code, full_name in wanted:
            unit = OrgUnit.objects.get(code=code) if code else None
            created = not User.objects.filter(username=username).exists()
            if created:
                User.objects.create(username=username, password=password, role=role, unit=unit, full_name=full_name)
            logins.append(
                DemoLogin(username, DEMO_PASSWORD, str(role), code or "", unit.name if unit else "", full_name, created)
            )
        return logins


def build_province(seed: int = 1, *, staff_per_unit: float | None = None, communes: int | None = None) -> DemoSummary:
    """Build the Lạng Sơn-like province with its history, staff and logins; one transaction.

    For quick tests, `staff_per_unit` replaces the realistic unit sizes (3,000–4,000 staff in
    all) by about that many people per unit (never fewer than the unit's posts), and `communes`
    keeps only the first N of the 65 communes.
    Raises DemoDataExists if the province's code is taken.
    """
    started = time.monotonic()
    if OrgUnit.objects.filter(code=PROVINCE_CODE).exists():
        raise DemoDataExists(f"A unit with code {PROVINCE_CODE} already exists.")
    builder = _ProvinceBuilder(seed, staff_per_unit)
    with transaction.atomic(), audit.batch(f"demo-{seed}"):
        builder.structure()
        people = builder.people()
        builder.staff_before_reform(people)
        builder.writer.flush()
        builder.writer.reset_sequences()  # the restructuring below inserts rows the ordinary way
        builder.restructure()
        new_communes = builder.communes(communes)
        builder.staff_of_communes(people, new_communes)
        builder.writer.flush()
        builder.writer.reset_sequences()
        logins = builder.logins()
    root = OrgUnit.objects.get(code=PROVINCE_CODE)
    return DemoSummary("province", seed, time.monotonic() - started, province_counts(root), logins)


def province_counts(root: OrgUnit, day: date = REFERENCE_DATE) -> dict[str, Any]:
    """Figures about one province's demo data (a handful of grouped queries)."""
    units = OrgUnit.objects.filter(path__startswith=root.path)
    current = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
    by_kind = dict(current.values_list("kind").annotate(n=Count("id")).order_by("kind"))
    people = Person.objects.filter(province=root)
    staff = people.count()
    women = people.filter(sex=Sex.FEMALE).count()
    posts = Post.objects.filter(person__province=root)
    current_posts = posts.filter(active_on_q(day))
    heads = current_posts.filter(rank=PostRank.HEAD)
    pool = PoolEntry.objects.filter(person__province=root)

    def percent(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 0.0

    leaders = current_posts.values("person_id").distinct().count()
    women_leaders = current_posts.filter(person__sex=Sex.FEMALE).values("person_id").distinct().count()
    pool_by_period = {}
    for first, last in POOL_PERIODS:
        entries = pool.filter(period_start=first, period_end=last)
        total = entries.count()
        pool_by_period[f"{first}-{last}"] = {
            "entries": total,
            "women_percent": percent(entries.filter(person__sex=Sex.FEMALE).count(), total),
        }
    return {
        "province": {"code": root.code, "name": root.name},
        "reference_date": day.isoformat(),
        "units": {kind: by_kind.get(kind, 0) for kind in UnitKind.values},
        "units_total": current.count(),
        "units_ended": units.exclude(pk__in=current.values("pk")).count(),
        "restructurings": RestructuringEvent.objects.filter(
            Q(targets__path__startswith=root.path) | Q(sources__path__startswith=root.path)
        )
        .distinct()
        .count(),
        "staff": staff,
        "women_percent": percent(women, staff),
        "employments": Employment.objects.filter(person__province=root).count(),
        "posts": posts.count(),
        "posts_current": current_posts.count(),
        "leaders_women_percent": percent(women_leaders, leaders),
        "heads_women_percent": percent(heads.filter(person__sex=Sex.FEMALE).count(), heads.count()),
        "pool": pool_by_period,
        "pool_entries": pool.count(),
        "training_records": TrainingRecord.objects.filter(person__province=root).count(),
        "foreign_languages": ForeignLanguage.objects.filter(person__province=root).count(),
    }


# --- National scale -----------------------------------------------------------------------------

_ALPHABET = OrgUnit.alphabet
_STEP = OrgUnit.steplen

_PLACE_FIRST = (
    "Tân",
    "Hòa",
    "Phú",
    "An",
    "Bình",
    "Thanh",
    "Xuân",
    "Hưng",
    "Long",
    "Thạnh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Vĩnh",
    "Quảng",
    "Đại",
    "Minh",
    "Thuận",
    "Phước",
    "Hồng",
    "Kim",
    "Yên",
    "Mỹ",
    "Lộc",
    "Phong",
    "Thái",
    "Gia",
    "Hải",
    "Sơn",
    "Đức",
    "Cẩm",
    "Hương",
    "Tam",
    "Quang",
    "Nghĩa",
    "Hiệp",
    "Lâm",
    "Thịnh",
)
_PLACE_SECOND = (
    "Phú",
    "Hòa",
    "Bình",
    "An",
    "Lợi",
    "Thành",
    "Sơn",
    "Lộc",
    "Hưng",
    "Thịnh",
    "Phong",
    "Hiệp",
    "Long",
    "Tiến",
    "Thủy",
    "Lâm",
    "Mỹ",
    "Quý",
    "Trung",
    "Xuân",
    "Đông",
    "Hải",
    "Minh",
    "Tân",
    "Khánh",
    "Phước",
    "Hà",
    "Giang",
    "Định",
    "Nghĩa",
)


def _step(n: int) -> str:
    """The n-th (1-based) path step, as treebeard writes it: base 36, left-padded with "0"."""
    digits = ""
    while n:
        n, r = divmod(n, len(_ALPHABET))
        digits = _ALPHABET[r] + digits
    if len(digits) > _STEP:
        raise ValueError("path step overflow")
    return digits.rjust(_STEP, _ALPHABET[0])


class _NationalBuilder:
    """Generates the provinces one after the other as a stream of row batches; never reads or
    writes the database, so it can run in a process of its own."""

    def __init__(self, seed: int, factor: float, writer: _Writer) -> None:
        self.seed = seed
        self.factor = factor
        self.writer = writer
        self.structure = self._current_structure()

    @staticmethod
    def _current_structure() -> list[tuple[_DeptSpec, list[_SubSpec]]]:
        """The departments as they are today, with the units that moved or merged into them."""
        subs: dict[str, list[_SubSpec]] = {d.suffix: [] for d in DEPARTMENTS}
        for dept in (*DEPARTMENTS, *FORMER_DEPARTMENTS):
            home = dept.merged_into or dept.suffix
            for sub in dept.subs:
                if sub.fate.startswith("merge:"):
                    continue
                target = sub.fate[5:] if sub.fate.startswith("move:") else home
                renamed = sub.renamed[1] if sub.renamed else sub.name
                since = sub.since or dept.since
                subs[target].append(_SubSpec(sub.suffix, renamed, sub.kind, sub.size, since, admin=sub.admin))
        return [(d, subs[d.suffix]) for d in DEPARTMENTS]

    def _size(self, rng: random.Random, size: float) -> int:
        return max(1, round(size * self.factor * rng.uniform(0.75, 1.25)))

    def province(self, root_step: int, spec: tuple[str, str, bool, str, int]) -> Iterator[_Message]:
        code, short, is_city, profile, commune_count = spec
        rng = _rng(self.seed, "national", code)
        writer = self.writer
        label = f"thành phố {short}" if is_city else f"tỉnh {short}"
        title_label = "thành phố" if is_city else "tỉnh"
        units: list[_Unit] = []
        children: dict[str, list[_Unit]] = defaultdict(list)
        paths: dict[str, str] = {}

        def add(unit: _Unit, parent: _Unit | None) -> _Unit:
            unit.id = writer.new_id(OrgUnit)
            unit.parent = parent
            if parent is None:
                paths[unit.code] = _step(root_step)
            else:
                children[parent.code].append(unit)
                paths[unit.code] = paths[parent.code] + _step(len(children[parent.code]))
            units.append(unit)
            return unit

        root = add(
            _Unit(
                code,
                f"{'Thành phố' if is_city else 'Tỉnh'} {short}",
                UnitKind.PROVINCE,
                "province",
                PROVINCE_SINCE,
                None,
                (f"Chủ tịch UBND {title_label}", f"Phó Chủ tịch UBND {title_label}"),
                0,
                code,
                code,
                "UBND",
            ),
            None,
        )
        root.deputies = 3
        departments: list[tuple[_Unit, list[_Unit]]] = []
        thpt = max(1, round(commune_count / 5 * min(1.0, self.factor * 3)))
        for dept, subs in self.structure:
            dept_code = f"{code}-{dept.suffix}"
            name = _fill(dept.name, label, short)
            if "{tinh}" not in dept.name:
                name = f"{name} {label}"
            unit = add(
                _Unit(
                    dept_code,
                    name,
                    UnitKind.DEPARTMENT,
                    dept.sector,
                    dept.since,
                    None,
                    dept.titles,
                    0,
                    dept_code,
                    dept_code,
                    dept.abbr,
                ),
                root,
            )
            unit.deputies = _deputies(rng, "department", 0)
            own: list[_Unit] = []
            extra = (
                [
                    (f"THPT{n}", f"Trường THPT số {n} {short}", UnitKind.AFFILIATED, 85, dept.since, False)
                    for n in range(1, thpt + 1)
                ]
                if dept.suffix == "SGDDT"
                else []
            )
            for sub_suffix, sub_name, kind, size, since, admin in [
                (
                    s.suffix,
                    _fill(s.name, label, short),
                    s.kind,
                    s.size * 1.8,
                    s.since or dept.since,
                    s.admin or s.kind == UnitKind.DIVISION,
                )
                for s in subs
            ] + extra:
                sub = add(
                    _Unit(
                        f"{dept_code}-{sub_suffix}",
                        sub_name,
                        kind,
                        dept.sector,
                        since,
                        None,
                        _head_titles(sub_name, kind),
                        self._size(rng, size),
                        dept_code,
                        dept_code,
                        dept.abbr,
                        admin=admin,
                    ),
                    unit,
                )
                sub.deputies = _deputies(rng, kind, sub.size)
                own.append(sub)
            departments.append((unit, own))
        communes: list[tuple[_Unit, list[_Unit]]] = []
        count = max(2, round(commune_count * self.factor)) if self.factor < 1 else commune_count
        names = [f"{a} {b}" for a in _PLACE_FIRST for b in _PLACE_SECOND if a != b]
        rng.shuffle(names)
        used: set[str] = set()
        for short_name in names:
            if len(communes) == count:
                break
            commune_code = f"{code}-{_code_part(short_name)}"
            if commune_code in used:  # "Thanh Hà" and "Thạnh Hà" fold alike
                continue
            used.add(commune_code)
            ward = rng.random() < (0.4 if is_city else 0.12)
            prefix = "Phường" if ward else "Xã"
            head = (
                ("Chủ tịch UBND phường", "Phó Chủ tịch UBND phường")
                if ward
                else ("Chủ tịch UBND xã", "Phó Chủ tịch UBND xã")
            )
            commune = add(
                _Unit(
                    commune_code,
                    f"{prefix} {short_name}",
                    UnitKind.COMMUNE,
                    "commune",
                    TWO_LEVEL_GOVERNMENT,
                    None,
                    head,
                    0,
                    commune_code,
                    commune_code,
                    "UBND",
                ),
                root,
            )
            commune.deputies = _deputies(rng, "commune", 0)
            commune.in_commune = True
            own = []
            for sub_spec in NATIONAL_COMMUNE_SUBS:
                sub_name = sub_spec.name.replace("{xa}", f"{prefix.lower()} {short_name}")
                sub = add(
                    _Unit(
                        f"{commune_code}-{sub_spec.suffix}",
                        sub_name,
                        sub_spec.kind,
                        sub_spec.sector,
                        TWO_LEVEL_GOVERNMENT,
                        None,
                        _head_titles(sub_name, sub_spec.kind),
                        self._size(rng, sub_spec.size),
                        commune_code,
                        commune_code,
                        "UBND",
                        admin=sub_spec.admin,
                    ),
                    commune,
                )
                sub.deputies = 1 if sub.size < 60 else 2
                sub.in_commune = True
                own.append(sub)
            communes.append((commune, own))
        # The tree rows: materialised paths computed above, numchild from the children lists.
        for unit in units:
            path = paths[unit.code]
            writer.add(
                OrgUnit,
                {
                    "id": unit.id,
                    "path": path,
                    "depth": len(path) // _STEP,
                    "numchild": len(children[unit.code]),
                    "code": unit.code,
                    "name": unit.name,
                    "kind": unit.kind,
                    "is_agency": unit.kind != UnitKind.DIVISION,
                    "valid_from": unit.since,
                    "valid_to": None,
                },
            )
            writer.add(
                UnitVersion,
                {
                    "id": writer.new_id(UnitVersion),
                    "unit_id": unit.id,
                    "name": unit.name,
                    "parent_id": unit.parent.id if unit.parent else None,
                    "valid_from": unit.since,
                    "valid_to": None,
                    "event_id": None,
                },
            )
        writer.flush()
        yield from writer.drain()
        history = [u for _, subs in departments for u in subs]
        people = _People(
            rng,
            writer,
            province_id=root.id,
            code_prefix=code,
            profile=profile,
            chinese=0.08 if profile == "tay_nung" else 0.02,
            history_units=history,
        )
        builder = _GroupBuilder(people)
        department_leaders: list[_Staff] = []
        province_staff = builder.unit_staff(root, [])
        for head_unit, subs in departments:
            group = builder.unit_staff(head_unit, subs)
            department_leaders.extend(group)
            for sub in subs:
                group.extend(builder.unit_staff(sub, []))
            for period in POOL_PERIODS:
                builder.pool([head_unit, *subs], group, period, final=period == POOL_PERIODS[1])
            writer.flush_if_full()
            yield from writer.drain()
        for period in POOL_PERIODS:
            builder.pool(
                [root], province_staff, period, final=period == POOL_PERIODS[1], leaders_from=department_leaders
            )
        for commune, subs in communes:
            group = []
            for unit in (commune, *subs):
                group.extend(builder.unit_staff(unit, []))
            builder.pool([commune, *subs], group, POOL_PERIODS[1], final=True)
            writer.flush_if_full()
            yield from writer.drain()
        writer.flush()
        yield from writer.drain()
        yield ("done", {"units": len(units), "staff": people.next_code - 1})


@contextlib.contextmanager
def _bulk_load_settings() -> Iterator[None]:
    """A large SQLite page cache while millions of rows go in: with the default 2 MB, inserting
    into the random-order name indexes of a table of gigabytes gets slower with every batch."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -524288")  # in KiB: 512 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def _national_stream(
    seed: int,
    factor: float,
    chosen: Sequence[tuple[str, str, bool, str, int]],
    first_root: int,
    start_ids: dict[int, int],
    batch_rows: int,
) -> Iterator[_Message]:
    writer = _Writer(outbox=True, batch_rows=batch_rows, start_ids=start_ids)
    builder = _NationalBuilder(seed, factor, writer)
    for index, spec in enumerate(chosen):
        yield from builder.province(first_root + index, spec)


def _produce(sender: Any, args: tuple[Any, ...]) -> None:
    """The forked generator process: send every message of the stream down the pipe."""
    try:
        for message in _national_stream(*args):
            sender.send(message)
    except BaseException:  # the parent must hear of any failure, or it would wait forever
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()


def _received(receiver: Any) -> Iterator[_Message]:
    while True:
        try:
            message = receiver.recv()
        except EOFError:
            raise RuntimeError("The demo data generator process stopped unexpectedly.") from None
        if message[0] == "error":
            raise RuntimeError(f"The demo data generator process failed:\n{message[1]}")
        yield message


def build_national(
    seed: int = 1,
    *,
    provinces: int = 34,
    factor: float = 1.0,
    progress: Callable[[str], None] | None = None,
    batch_rows: int = 40_000,
    parallel: bool | None = None,
) -> DemoSummary:
    """Build up to 34 provinces of the current shape: about 35,000 units and 2.5 million staff.

    No restructuring history, no logins. Rows are generated and inserted in batches of about
    `batch_rows`, one transaction per province, so memory stays flat whatever the size. With
    `parallel` (the default where processes can fork) a child process generates while this one
    writes; the data are the same either way. `factor` scales the number of communes and staff
    (tests use 0.01 for a tiny national-shaped build); `provinces` takes the first N of
    NATIONAL_PROVINCES. Raises DemoDataExists if a province code is taken.
    """
    started = time.monotonic()
    chosen = NATIONAL_PROVINCES[:provinces]
    taken = list(OrgUnit.objects.filter(code__in=[p[0] for p in chosen]).values_list("code", flat=True))
    if taken:
        raise DemoDataExists(f"Units with codes {', '.join(sorted(taken))} already exist.")
    last_root = OrgUnit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    first_root = OrgUnit._str2int(last_root) + 1 if last_root else 1
    # The generator numbers rows itself, from the tables' maxima now.
    start_ids = {index: _next_id(model) for index, model in enumerate(_BULK_MODELS)}
    args = (seed, factor, chosen, first_root, start_ids, batch_rows)
    if parallel is None:
        parallel = "fork" in multiprocessing.get_all_start_methods()
    child = None
    if parallel:
        # Fork, so the child needs no Django setup of its own; it never touches the database
        # connection it inherits, and multiprocessing ends it with os._exit (no cleanup that
        # could close or checkpoint the parent's database).
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_produce, args=(sender, args), daemon=True)
        child.start()
        sender.close()
        stream = _received(receiver)
    else:
        stream = _national_stream(*args)
    totals: Counter[str] = Counter()
    try:
        with _bulk_load_settings():
            for index, spec in enumerate(chosen):
                province_started = time.monotonic()
                with transaction.atomic():
                    for message in stream:
                        if message[0] == "done":
                            break
                        for batch in message[1]:
                            totals[_BULK_MODELS[batch[0]]._meta.model_name] += _insert_batch(batch)
                    _reset_sequences()
                if progress:
                    done = message[1]
                    progress(
                        f"{index + 1}/{len(chosen)} {spec[1]}: {done['units']:,} units, "
                        f"{done['staff']:,} staff ({time.monotonic() - province_started:.0f} s)"
                    )
    finally:
        if child is not None:
            child.join(timeout=5)
            if child.is_alive():  # we failed first: stop the generator
                child.terminate()
                child.join()
    counts: dict[str, Any] = {
        "provinces": len(chosen),
        "units_total": totals["orgunit"],
        "staff": totals["person"],
        "employments": totals["employment"],
        "posts": totals["post"],
        "pool_entries": totals["poolentry"],
        "training_records": totals["trainingrecord"],
        "foreign_languages": totals["foreignlanguage"],
        "unit_versions": totals["unitversion"],
        "rows": sum(totals.values()),
    }
    # A bulk load leaves the planner without statistics until autovacuum comes by, minutes later: on
    # PostgreSQL the staff list's first page took 361 ms instead of 1.5 ms right after a build.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return DemoSummary("national", seed, time.monotonic() - started, counts)


DEMO_USERNAMES = (
    "admin", "tinh.admin", "snv.thuky", "snv.tccb", "snv.lanhdao", "tinh.xem", "syt.thuky", "syt.lanhdao",
)  # fmt: skip


def existing_logins() -> list[DemoLogin]:
    """The demo accounts present in the database, for `make run` to print again on every start.
    The password is shown only while it is still the demo one."""
    from binhdang.accounts.models import User

    logins = []
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related("unit")}
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "—"
        unit_code, unit_name = (user.unit.code, user.unit.name) if user.unit else ("", "")
        logins.append(DemoLogin(username, password, user.role, unit_code, unit_name, user.full_name))
    return logins


def login_lines(logins: Iterable[DemoLogin]) -> list[str]:
    """One line per login: "username / password / role / unit", and which roles sign in with a code."""
    from django.conf import settings

    two_factor = " (+ two-factor: set up an authenticator app at the first sign-in)"
    return [
        f"{x.username} / {x.password} / {x.role} / {x.unit_name or '—'}"
        + (two_factor if x.role in settings.TWO_FACTOR_REQUIRED_ROLES else "")
        + ("" if x.created else " (existed, unchanged)")
        for x in logins
    ]
