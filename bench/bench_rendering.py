"""Document rendering benchmark: a province's consolidated annual report of 40 agencies as .docx.

The document: the NĐ 30 header and signature through the built-in docxtpl template, a body of 4 sections
with 24 paragraphs, an indicator table (19 rows × 6 columns), 3 charts (a horizontal bar chart of the 40
agencies, a grouped bar chart, a line of five years) and an annex of 40 rows × 10 columns in a landscape
section. Aim: well under 2 s.

Baseline, measured in the same run: a plain python-docx document with the same text and tables, no
template, no charts, no styles (the floor for writing that much Word). Each figure is the median of
several runs after a warm-up (the first run pays for importing matplotlib and loading fonts).

    .venv/bin/python bench/bench_rendering.py [--json] [--repeat N]
    DATABASE_URL=sqlite:////tmp/binhdang-bench-2-1.0.sqlite3 .venv/bin/python bench/bench_rendering.py --province
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

AIM_S = 2.0
UNITS = 40


def consolidated_report(units: int = UNITS):
    from binhdang.reports.rendering import (
        Annex,
        Chart,
        Heading,
        OfficialDocument,
        Paragraph,
        Signer,
        Table,
    )

    names = [f"Sở {name}" for name in (
        "Nội vụ", "Y tế", "Tài chính", "Xây dựng", "Công Thương", "Giáo dục và Đào tạo", "Tư pháp",
        "Khoa học và Công nghệ", "Nông nghiệp và Môi trường", "Văn hóa, Thể thao và Du lịch",
    )]  # fmt: skip
    agencies = [f"{names[i % len(names)]} ({i + 1})" for i in range(units)]
    shares = [round(25 + (i * 7.3) % 30, 1) for i in range(units)]
    paragraph = (
        "Trong năm, các cơ quan, đơn vị đã quán triệt, triển khai đầy đủ các văn bản chỉ đạo của Trung ương và "
        "của tỉnh về công tác bình đẳng giới và vì sự tiến bộ của phụ nữ; tỷ lệ nữ trong quy hoạch các chức danh "
        "lãnh đạo, quản lý tiếp tục tăng so với cùng kỳ năm trước."
    )
    body = []
    for section in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ", "III. NGUYÊN NHÂN", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ"):
        body.append(Heading(section))
        for index in range(1, 4):
            body.append(Heading(f"{index}. Nội dung {index}", level=2))
            body.extend([Paragraph(paragraph), Paragraph(paragraph)])
    indicators = Table(
        "Kết quả thực hiện các chỉ tiêu",
        ["STT", "Chỉ tiêu", "Tử số", "Mẫu số", "Kết quả (%)", "Mục tiêu (%)"],
        [[i + 1, f"Chỉ tiêu số {i + 1} về tỷ lệ nữ", 120 + i, 1234 + 10 * i, 40.5 + i / 3, 40] for i in range(19)],
    )
    body.insert(1, indicators)
    body.insert(2, Chart("Tỷ lệ nữ trong quy hoạch theo cơ quan", "barh", agencies, [("2026", shares)], target=40))
    body.insert(3, Chart("Tỷ lệ nữ lãnh đạo theo cấp", "bar", ["Cấp Sở", "Cấp phòng", "Đơn vị trực thuộc"],
                         [("2025", [22.0, 31.5, 35.0]), ("2026", [25.0, 33.0, 38.5])], target=35))  # fmt: skip
    body.insert(4, Chart("Tỷ lệ nữ cán bộ qua các năm", "line", ["2022", "2023", "2024", "2025", "2026"],
                         [("Toàn tỉnh", [38.0, 39.5, 41.0, 42.2, 43.0])], target=45))  # fmt: skip
    annex = Table(
        "Số liệu theo cơ quan",
        ["STT", "Cơ quan", "Tổng số", "Nữ", "Tỷ lệ nữ (%)", "Quy hoạch", "Nữ quy hoạch", "Lãnh đạo", "Nữ lãnh đạo",
         "Ghi chú"],
        [[i + 1, agencies[i], 1000 + 37 * i, 400 + 11 * i, shares[i], 30 + i, 12 + i % 9, 15, 5 + i % 4, None]
         for i in range(units)],
        total_row=False,
    )  # fmt: skip
    return OfficialDocument(
        parent_agency="UBND TỈNH LẠNG SƠN",
        agency="SỞ NỘI VỤ",
        number="215/BC-SNV",
        place="Lạng Sơn",
        date=datetime.date(2026, 12, 5),
        kind="BÁO CÁO",
        title="Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2026",
        body=body,
        annexes=[Annex("Số liệu chỉ tiêu theo cơ quan", [annex])],
        recipients=["Ủy ban nhân dân tỉnh (b/c);", "Ban VSTBPN tỉnh (b/c);", "Các sở, ban, ngành;"],
        signer=Signer("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Hà"),
        year=2026,
    )


def plain_docx(document) -> bytes:
    """The same text and tables with bare python-docx: the baseline."""
    from docx import Document

    from binhdang.reports.rendering import Chart, Heading, Paragraph, Table, format_number

    out = Document()
    for text in (document.parent_agency, document.agency, f"Số: {document.number}", document.kind, document.title):
        out.add_paragraph(text)

    def blocks(items: list) -> None:
        for block in items:
            if isinstance(block, Heading | Paragraph):
                out.add_paragraph(block.text)
            elif isinstance(block, Table):
                out.add_paragraph(block.caption)
                table = out.add_table(rows=len(block.rows) + 1, cols=len(block.columns))
                for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
                    cell.text = name
                for row, values in zip(table.rows[1:], block.rows, strict=True):
                    for cell, value in zip(row.cells, values, strict=True):
                        cell.text = format_number(value)
            elif isinstance(block, Chart):
                out.add_paragraph(block.title)

    blocks(document.body)
    for annex in document.annexes:
        out.add_paragraph(annex.title)
        blocks(annex.blocks)
    for recipient in document.recipients:
        out.add_paragraph(recipient)
    out.add_paragraph(document.signer.name)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` calls after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(repeat: int = 5) -> dict[str, float]:
    import django

    django.setup()
    from binhdang.reports.rendering import render_docx

    document = consolidated_report()
    started = time.perf_counter()
    render_docx(document)
    cold = time.perf_counter() - started
    rendered = timed(lambda: render_docx(document), repeat)
    baseline = timed(lambda: plain_docx(document), repeat)
    return {
        "render_docx_cold_s": round(cold, 3),
        "render_docx_s": round(rendered, 3),
        "plain_python_docx_s": round(baseline, 3),
        "ratio": round(rendered / baseline, 2),
        "aim_s": AIM_S,
    }


def run_province(repeat: int = 3) -> dict[str, float | int | str]:
    """The real pipeline on the national-shaped data bench/run.py builds: the consolidated annual report of
    the province with the most agencies, as `binhdang report --format docx` makes it (figures assembled from
    the registry, activities, tasks, classes and entered values of its whole subtree; document built; .docx
    with annex and chart rendered). Baseline: the plain python-docx writing of the same document."""
    import datetime

    import django

    django.setup()

    from binhdang.orgs.models import OrgUnit
    from binhdang.plans.models import ReportKind
    from binhdang.reports.assembly import assemble
    from binhdang.reports.document import build_document, template_for
    from binhdang.reports.models import Report
    from binhdang.reports.narrative import suggest
    from binhdang.reports.rendering import render_docx

    provinces = OrgUnit.objects.filter(depth=1)
    province = max(provinces, key=lambda unit: OrgUnit.objects.filter(path__startswith=unit.path).count())
    agencies = OrgUnit.objects.filter(path__startswith=province.path, is_agency=True).count()
    year = datetime.date.today().year - 1
    report = Report(unit=province, kind=ReportKind.ANNUAL, period=str(year), consolidated=True)
    report.as_of = datetime.date(year, 12, 31)
    figures = assemble(report)
    for name, text in suggest(figures).items():
        setattr(report, name, text)
    template = template_for(province)

    def whole() -> bytes:
        return render_docx(build_document(report, assemble(report)), template)

    document = build_document(report, figures)
    rendered = timed(lambda: render_docx(build_document(report, figures), template), repeat)
    total = timed(whole, repeat)
    baseline = timed(lambda: plain_docx(document), repeat)
    return {
        "province": province.name,
        "agencies": agencies,
        "assemble_and_render_s": round(total, 3),
        "render_only_s": round(rendered, 3),
        "plain_python_docx_s": round(baseline, 3),
        "ratio": round(total / baseline, 2),
        "aim_s": AIM_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--province", action="store_true", help="the real pipeline on the database of DATABASE_URL (see bench/run.py)"
    )
    args = parser.parse_args()
    if args.province:
        print(json.dumps(run_province(args.repeat), ensure_ascii=False))
        return
    result = run(args.repeat)
    if args.json:
        print(json.dumps(result))
        return
    print(f"consolidated annual report, {UNITS} agencies, 3 charts, annex {UNITS}×10 (.docx)")
    print(f"  render_docx (first call, imports included) {result['render_docx_cold_s']:8.3f} s")
    print(f"  render_docx (median of {args.repeat})              {result['render_docx_s']:8.3f} s"
          f"   aim < {AIM_S:.1f} s {'ok' if result['render_docx_s'] < AIM_S else 'MISSED'}")  # fmt: skip
    print(f"  plain python-docx, same text (baseline)  {result['plain_python_docx_s']:8.3f} s")
    print(f"  ratio                                    {result['ratio']:8.2f}")


if __name__ == "__main__":
    main()
