"""What reading each seed plan must give, written by hand from the text (conventions: docs/ingestion.md).

How to read EXPECTED (``mismatches()`` below applies it):
- a key "X_starts" stands for the key "X" of the parser's output and means that value starts with the one
  given (for a list of strings: same length, element by element); every other key must be equal;
- lists have the document's order and must have the same length; keys the parser adds are not checked.
  Long texts therefore appear as "general_objective_starts", "text_starts", "content_starts", ...

Judgement calls, where the conventions leave room (each also marked "# why" at its item):
1. A paragraph beginning with a lower-case letter continues the one before it (a page break of the
   source): 000 general objective, 001 II.2.1, 004 II.3 and the heading of 004 VI.2 are each ONE item.
2. A lettered item with one paragraph below it is treated like a numbered heading with one paragraph:
   one task, heading " — " paragraph (004 II.1.c).
3. A numbered line with body paragraphs below it is a group even when it is a full sentence (001 IV.1):
   its paragraphs are the tasks and take its organisation as unit in charge (rule 2).
4. For a heading joined with its only paragraph, rule (1) looks at the paragraph's subject (000 III.5,
   001 II.2.2); a subject after an opening adverbial ("Định kỳ hàng năm, Ban ...") still counts (001 II.5).
5. Cooperating units: a comma splits the list only where what follows is a name of its own; "các X, Y
   <qualifier>" under one determiner ("các phòng chuyên môn, đơn vị thuộc Sở", "các tổ chức, đoàn thể")
   is one unit, as the recipient lines and the conventions' own example treat it.
6. A report deadline's "text" runs from the words naming the report to its date (or the closing
   parenthesis of the date), without the addressee that may follow.
7. 003's period is 2019–2019: its "giai đoạn" phrases belong to other programmes (the 2011–2020
   strategy, the 2016–2020 funding programme); its bases and classes are all dated 2019.
8. Section labels use the roman numeral as printed (004 prints "VI. TỔ CHỨC THỰC HIỆN" after II).
9. The basis of 000 cites the Kế hoạch and, inside it, Quyết định 2282/QĐ-TTg: two entries.
"""

from __future__ import annotations

import os
from pathlib import Path

SEEDS_DIR = Path(
    # The seeds travel with the code (plans/fixtures/seeds, copies of ../shared/seeds).
    os.environ.get("BINHDANG_SEEDS_DIR") or (Path(__file__).resolve().parents[1] / "fixtures" / "seeds")
).resolve()

MISSING_FIELDS = ("number", "date", "issuer", "title", "targets", "tasks", "signer")


def _task(label: str, text_starts: str, unit: str | None = None, cooperating: list[str] | tuple = ()) -> dict:
    return {"label": label, "text_starts": text_starts, "unit_in_charge": unit, "cooperating_units": list(cooperating)}


def _target(
    text: str, indicator: str | None, value: float, year: int, comparator: str = "at_least", starts: bool = True
) -> dict:
    return {
        ("text_starts" if starts else "text"): text,
        "indicator": indicator,
        "value": value,
        "comparator": comparator,
        "year": year,
    }


# fmt: off
EXPECTED: dict[str, dict] = {
    # ------------------------------------------------------------------ Sở KH&CN Lạng Sơn, 2022
    "000_e7bc9f945b31054a.txt": {
        "number": "/KH-SKHCN",
        "number_as_printed": "/KH-SKHCN",
        "date": "2022-05",
        "place": "Lạng Sơn",
        "issuer": "Sở Khoa học và Công nghệ",
        "title": (
            "Tổ chức triển khai thực hiện Quyết định số 2282/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ về phê "
            "duyệt Chương trình “Tăng cường sự tham gia bình đẳng của phụ nữ trong các vị trí lãnh đạo và quản lý ở "
            "các cấp hoạch định chính sách giai đoạn 2021 - 2030” của Sở Khoa học và Công nghệ"
        ),
        "legal_bases": [
            {
                "text_starts": "Kế hoạch số 01/KH-UBND ngày 05/01/2022 của UBND tỉnh Lạng Sơn",
                "number": "01/KH-UBND",
                "date": "2022-01-05",
            },
            # why: cited inside the Kế hoạch's description, still a distinct document of the basis paragraph
            {
                "text_starts": "Quyết định số 2282/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ",
                "number": "2282/QĐ-TTg",
                "date": "2020-12-31",
            },
        ],
        "period": {"start": 2021, "end": 2030},
        # why: the paragraph is cut by a blank line after "cam kết"; the prefix stays before the cut
        "general_objective_starts": "Đảm bảo sự tham gia bình đẳng của phụ nữ vào các vị trí lãnh đạo quản lý",
        "objectives": [
            {"label": "a)", "text_starts": "Đến năm 2025 đạt 60% và đến năm 2030 đạt 75% tại Sở và các đơn vị"},
            {"label": "b)", "text_starts": "Tỷ lệ cán bộ nữ trong diện quy hoạch các chức danh lãnh đạo quản lý"},
            {"label": "c)", "text_starts": "Tỷ lệ công chức, viên chức nữ được quy hoạch các chức danh lãnh đạo"},
            {"label": "d)", "text_starts": "Bố trí tỷ lệ phù hợp công chức, viên chức lãnh đạo, quản lý là người"},
        ],
        "targets": [
            # "thấp dưới 30%" in a) is a condition, not a target
            _target("Đến năm 2025 đạt 60% và đến năm 2030 đạt 75% tại Sở và các đơn vị trực thuộc",
                    "agencies_woman_key_leader", 60, 2025),
            _target("Đến năm 2025 đạt 60% và đến năm 2030 đạt 75% tại Sở và các đơn vị trực thuộc",
                    "agencies_woman_key_leader", 75, 2030),
            _target("Tỷ lệ cán bộ nữ trong diện quy hoạch các chức danh lãnh đạo quản lý cấp Sở",
                    "pool_women", 40, 2025),
            _target("Tỷ lệ cán bộ nữ trong diện quy hoạch các chức danh lãnh đạo quản lý cấp Sở",
                    "pool_women", 50, 2030),
            _target("Tỷ lệ công chức, viên chức nữ được quy hoạch các chức danh lãnh đạo, quản lý",
                    "pool_women_trained", 75, 2025),
            _target("Tỷ lệ công chức, viên chức nữ được quy hoạch các chức danh lãnh đạo, quản lý",
                    "pool_women_trained", 90, 2030),
        ],
        "report_deadlines": [],
        "tasks": [
            _task("III.1.a", "Hàng năm tổ chức triển khai, đổi mới nội dung, hình thức, phương pháp"),
            _task("III.1.b", "Tổ chức tọa đàm, hội thảo về tầm quan trọng và hiệu quả khi có tỷ lệ"),
            _task("III.1.c", "Xây dựng mạng lưới, nhóm phụ nữ trong các vị trí lãnh đạo quản lý"),
            _task("III.1.d", "Tổ chức các hoạt động nhằm tôn vinh các tấm gương, điển hình về lãnh đạo"),
            _task("III.1.đ", "Hàng năm thực hiện rà soát, tiếp tục triển khai và nâng cao chất lượng"),
            _task("III.2.a", "Hàng năm thực hiện rà soát đánh giá thực trạng đội ngũ công chức"),
            _task("III.2.b", "Thường xuyên đổi mới phương pháp đào tạo, bồi dưỡng nữ công chức"),
            _task("III.2.c", "Xây dựng mô hình vườn ươm lãnh đạo nữ trẻ cho công chức, viên chức"),
            _task("III.2.d", "Quan tâm cử công chức, viên chức nữ tham gia các lớp tập huấn, bồi dưỡng"),
            _task("III.3.a", "Tạo điều kiện cho các công chức, viên chức nữ trẻ của Sở tham gia hội nghị"),
            _task("III.3.b", "Tăng cường công tác bình đẳng của phụ nữ và hoạt động vì sự tiến bộ"),
            # heading " — " its only paragraph; "các cấp, các ngành liên quan" each has its own "các"
            _task("III.4", "Triển khai, nghiên cứu, xây dựng cơ sở dữ liệu của tỉnh Lạng Sơn về cán bộ",
                  None, ["các cấp", "các ngành liên quan"]),
            # why: the subject of the paragraph (the heading has none); the conventions cite this very sentence
            _task("III.5", "Tăng cường công tác thanh tra, kiểm tra việc thực hiện pháp luật",
                  "Ban Vì sự tiến bộ của phụ nữ thuộc Sở", ["Ban thanh tra nhân dân", "Công đoàn Sở"]),
            _task("IV.1", "Các phòng, đơn vị trực thuộc phối với với các Tổ Công đoàn, Ban Vì sự",
                  "Các phòng, đơn vị trực thuộc", ["các Tổ Công đoàn", "Ban Vì sự tiến bộ của Phụ nữ thuộc Sở"]),
            # why: "đồng chí" (comrade) is a form of address, the post is "Thư ký Ban ..."
            _task("IV.2", "Giao đồng chí Thư ký Ban vì sự tiến bộ của Phụ nữ Sở KH&CN phối hợp",
                  "Thư ký Ban vì sự tiến bộ của Phụ nữ Sở KH&CN", ["Công đoàn cơ quan"]),
        ],
        "classes": [],
        "recipients": [
            "Sở Nội vụ (b/c)",
            "Lãnh đạo Sở",
            "Các phòng chuyên môn, đơn vị trực thuộc Sở",
            "Công đoàn; Ban TTra nhân dân",  # why: one printed line, so one recipient entry
        ],
        "signer": {"name": "Nguyễn Thị Hà", "title": "GIÁM ĐỐC"},
        "missing": [],
    },
    # ------------------------------------------------------------------ Sở Ngoại vụ Hà Tĩnh, 2021–2030
    "001_383a6f7f604cc505.txt": {
        "number": "662/KH-SNgV",
        "number_as_printed": "662/KH-SNgV",
        "date": "2021-09-06",
        "place": "Hà Tĩnh",
        "issuer": "Sở Ngoại vụ",
        "title": "Thực hiện Chiến lược quốc gia về bình đẳng giới của Sở Ngoại vụ giai đoạn 2021 – 2030",
        "legal_bases": [
            # "căn cứ tình hình thực tế ..." cites no document
            {
                "text_starts": "Kế hoạch số 298/KH-UBND ngày 19/8/2021 của Ủy ban nhân dân tỉnh Hà Tĩnh",
                "number": "298/KH-UBND",
                "date": "2021-08-19",
            },
        ],
        "period": {"start": 2021, "end": 2030},
        "general_objective_starts": "Giảm khoảng cách giới và nâng cao vị thế của phụ nữ ngành đối ngoại Hà Tĩnh",
        "objectives": [
            {"label": "a)", "text_starts": "Mục tiêu 1: Trong lĩnh vực chính trị"},
            {"label": "b)", "text_starts": "Mục tiêu 2: Trong lĩnh vực kinh tế, lao động"},
            {"label": "c)", "text_starts": "Mục tiêu 3: Trong đời sống gia đình và phòng ngừa, ứng phó với bạo lực"},
            {"label": "d)", "text_starts": "Mục tiêu 4: Trong lĩnh vực y tế"},
            {"label": "đ)", "text_starts": "Mục tiêu 5: Trong lĩnh vực giáo dục, đào tạo"},
            {"label": "e)", "text_starts": "Mục tiêu 6: Trong lĩnh vực thông tin, truyền thông"},
        ],
        "targets": [
            # why: share of women among those appointed to leadership posts -> appointments
            _target("Phân đầu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở lên tỷ lệ cán bộ nữ",
                    "appointments_women", 35, 2025),
            _target("Phân đầu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở lên tỷ lệ cán bộ nữ",
                    "appointments_women", 35, 2030),
            # why: women's share of the succession pool for division-level posts (2282's pool target)
            _target("Phân đầu tỷ lệ nữ trong diện quy hoạch được bổ nhiệm cán bộ lãnh đạo, quản lý",
                    "pool_women", 40, 2025),
            _target("Phân đầu tỷ lệ nữ trong diện quy hoạch được bổ nhiệm cán bộ lãnh đạo, quản lý",
                    "pool_women", 40, 2030),
            _target("Phân đầu duy trì tỷ lệ nữ CBCCVC tham gia cấp ủy đến năm 2030 đạt 80% trở lên",
                    "party_committee_women", 80, 2030, starts=False),
            _target("100% nữ CBCCVC được kết nạp Đảng", "party_women", 100, 2030, starts=False),
            _target("100% tỷ lệ nữ CBCCVC được bố trí việc làm phù hợp với trình độ chuyên môn và năng lực công tác",
                    None, 100, 2030, starts=False),
            # "Phân đầu CBCCVC Sở không có hành vi bạo lực gia đình" states no number: not a target
            _target("Thực hiện 100% nữ CBCCVC được kiểm tra sức khỏe định kỳ, khám phụ khoa",
                    "health_check_women", 100, 2030, starts=False),
            # why: prefix, whether the text is the clause or the whole item ("; giảm tỷ lệ nạo, phá thai ...")
            _target("Thực hiện 100% nữ CBCCVC mang thai được nghỉ khám thai 5 lần", "prenatal_leave", 100, 2030),
            # why: women among all staff trained; no catalogue indicator measures training of all staff
            _target("Bảo đảm tỷ lệ nữ trong tổng số CBCCVC được bồi dưỡng nâng cao trình độ", None, 100, 2030),
            _target("Đến năm 2030 phấn đấu 80% nữ CBCCVC của Sở Ngoại vụ giao tiếp được ít nhất 1 ngoại ngữ",
                    "language_women", 80, 2030, starts=False),
        ],
        "report_deadlines": [],
        "tasks": [
            _task("II.1", "Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà Tĩnh có trách nhiệm nghiên cứu",
                  "Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà Tĩnh"),
            # why: the first comma is inside the team's name ("tuyên truyền, phổ biến văn bản pháp luật")
            _task("II.1", "Phối hợp với Tổ công tác tuyên truyền, phổ biến văn bản pháp luật",
                  None, ["Tổ công tác tuyên truyền, phổ biến văn bản pháp luật", "Văn phòng - Thanh tra Sở"]),
            _task("II.1", "Đẩy mạnh việc tuyên truyền, giới thiệu về truyền thống ngành"),
            _task("II.2.1", "Văn phòng - Thanh tra Sở phối hợp với Ban Vì sự tiến bộ phụ nữ Sở tham mưu",
                  "Văn phòng - Thanh tra Sở", ["Ban Vì sự tiến bộ phụ nữ Sở"]),
            # why: "... công chức, viên" / "chức nữ giữ ngạch ..." is one paragraph cut by a page break
            _task("II.2.1", "Xây dựng Kế hoạch luân chuyển cán bộ quản lý của Sở theo giai đoạn"),
            # heading " — " its only paragraph, whose subject is the unit in charge
            _task("II.2.2", "Đào tạo, bồi dưỡng nâng cao trình độ chuyên môn, năng lực công tác",
                  "Văn phòng - Thanh tra Sở"),
            _task("II.2.3", "Có kế hoạch bố trí, sử dụng hợp lý đội ngũ công chức, viên chức nữ"),
            _task("II.2.3", "Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với các phòng chuyên môn, đơn vị",
                  "Ban Vì sự tiến bộ phụ nữ của Sở", ["các phòng chuyên môn, đơn vị thuộc Sở", "các tổ chức đoàn thể"]),
            _task("II.2.4", "Quan tâm bồi dưỡng, giúp đỡ để công chức, viên chức nữ trẻ tích cực"),
            _task("II.2.4", "Tổ chức Công đoàn và Nữ công của cơ quan chú ý phát hiện, động viên",
                  "Tổ chức Công đoàn và Nữ công của cơ quan"),
            _task("II.2.5", "Văn phòng - Thanh tra Sở thực hiện đầy đủ, kịp thời các chế độ, chính sách",
                  "Văn phòng - Thanh tra Sở"),
            _task("II.2.5", "Ban Vì sự tiến bộ phụ nữ của Sở giám sát việc thực hiện chế độ, chính sách",
                  "Ban Vì sự tiến bộ phụ nữ của Sở"),
            # why: one unit — "tổ chức" heads both names (line 85 says "Tổ chức Công đoàn và Nữ công")
            _task("II.2.5", "Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với tổ chức Công đoàn, Nữ công",
                  "Ban Vì sự tiến bộ phụ nữ của Sở", ["tổ chức Công đoàn, Nữ công"]),
            _task("II.3", "Các phòng chuyên môn, đơn vị trực thuộc quan tâm phân công công chức",
                  "Các phòng chuyên môn, đơn vị trực thuộc"),
            _task("II.3", "Tổ nữ công phối hợp với các tổ chức đoàn thể của cơ quan động viên",
                  "Tổ nữ công", ["các tổ chức đoàn thể của cơ quan"]),
            _task("II.4", "Công đoàn Sở phối hợp với Văn phòng-Thanh tra Sở tham mưu, đề xuất",
                  "Công đoàn Sở", ["Văn phòng-Thanh tra Sở"]),
            _task("II.4", "Thực hiện tốt chính sách bảo vệ phụ nữ, trẻ em; chính sách ưu đãi"),
            _task("II.5", "Thường xuyên củng cố, kiện toàn tổ chức, cán bộ làm công tác Vì sự tiến bộ"),
            # why: "phối hợp chặt chẽ với" is "phối hợp với" with an adverb between
            _task("II.5", "Cấp uỷ Đảng và Lãnh đạo Sở phối hợp chặt chẽ với các Tổ chức đoàn thể",
                  "Cấp uỷ Đảng và Lãnh đạo Sở", ["các Tổ chức đoàn thể"]),
            # why: the subject follows an opening adverbial ("Định kỳ hàng năm,"); it is still the subject
            _task("II.5", "Định kỳ hàng năm, Ban Vì sự tiến bộ phụ nữ Sở tổ chức sơ kết hoạt động",
                  "Ban Vì sự tiến bộ phụ nữ Sở"),
            _task("III.1", "Tăng cường sự lãnh đạo của cấp uỷ Đảng, Chi bộ và Ban Giám đốc Sở"),
            _task("III.2", "Thực hiện quyền bình đẳng về giới; nâng cao vị thế của của đội ngũ"),
            _task("III.3", "Đẩy mạnh hoạt động hợp tác quốc tế nhằm vận động nguồn lực hỗ trợ"),
            _task("III.4", "Tạo điều kiện cho nữ cán bộ, công chức, viên chức Sở tham gia các lớp"),
            _task("III.5", "Tổ chức và tham gia các cuộc hội thảo, các buổi tọa đàm nhằm nâng cao"),
            _task("III.6", "Phát huy vai trò nòng cốt của Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ"),
            _task("III.7", "Kiện toàn Ban Vì sự tiến bộ phụ nữ Sở (nếu có thay đổi); nâng cao năng lực"),
            _task("III.8", "Tổ chức các hoạt động theo hướng dẫn của Ban Vì sự tiến bộ phụ nữ tỉnh"),
            # why: "1. Ban ... triển khai kế hoạch ..." has two paragraphs below, so it is a group (rule 2)
            _task("IV.1", "Chỉ đạo Công đoàn, tổ nữ công và các tổ chức đoàn thể khác thực hiện",
                  "Ban Vì sự tiến bộ phụ nữ Sở"),
            _task("IV.1", "Hàng năm, tiến hành sơ kết, tổng kết báo cáo kết quả thực hiện cho Ban",
                  "Ban Vì sự tiến bộ phụ nữ Sở"),
            _task("IV.2", "Văn phòng - Thanh tra Sở căn cứ vào chế độ hiện hành lập dự toán kinh phí",
                  "Văn phòng - Thanh tra Sở"),
            _task("IV.3", "Các phòng chuyên môn, đơn vị thuộc Sở căn cứ Kế hoạch này để lồng ghép",
                  "Các phòng chuyên môn, đơn vị thuộc Sở"),
        ],
        "classes": [],
        "recipients": [
            "Ban VSTBPN tỉnh (Sở LĐTBXH)",
            "Chi bộ Sở",
            "Ban Giám đốc Sở",
            "Công đoàn, Đoàn thanh niên",
            "Các phòng chuyên môn, đơn vị thuộc Sở",
        ],
        "signer": {"name": "Thái Phúc Sơn", "title": "GIÁM ĐỐC"},
        "missing": [],
    },
    # ------------------------------------------------------------------ Sở GD&ĐT Lào Cai, 2021
    "002_1a05a40473795db5.txt": {
        "number": "/KH-SGD&ĐT",
        "number_as_printed": "/KH-SGD&ĐT",
        "date": "2021",
        "place": "Lào Cai",
        "issuer": "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
        "title": (
            "Triển khai công tác Vì sự tiến bộ của phụ nữ và Bình đẳng giới Ngành giáo dục và đào tạo tỉnh Lào Cai "
            "năm 2021"
        ),
        "legal_bases": [
            {
                "text_starts": "Chương trình số 06/CTr-BVSTBCPN ngày 05/3/2021 của Ban Vì sự tiến bộ của phụ nữ",
                "number": "06/CTr-BVSTBCPN",
                "date": "2021-03-05",
            },
        ],
        "period": {"start": 2021, "end": 2021},
        "general_objective": None,
        "objectives": [],
        # no objectives section and no "phấn đấu ... đạt X%" sentence ("độ tuổi 15 - 35" is no goal)
        "targets": [],
        "report_deadlines": [
            {"kind": "half_year", "due": "--06-05", "text": "định kỳ 6 tháng (trước ngày 5/6)"},
            {"kind": "annual", "due": "--11-30", "text": "cả năm (trước ngày 30/11)"},
            # "các báo cáo đột xuất khác khi có yêu cầu" has no date
            {"kind": "half_year", "due": "--06-01", "text": "định kỳ 6 tháng (trước ngày 1/6)"},
            {"kind": "annual", "due": "--11-25", "text": "cả năm (trước ngày 25/11)"},
        ],
        "tasks": [
            _task("II.1", "Tham mưu cấp uỷ, lãnh đạo Sở triển khai thực hiện hiệu quả các mục tiêu"),
            _task("II.1", "Tham mưu cấp uỷ, chính quyền rà soát quy hoạch, bồi dưỡng tạo nguồn",
                  None, ["các tổ chức liên quan"]),
            # "- Nhiệm vụ:" is a lead-in; "- Hình thức:" / "- Đối tượng:" are attributes, not tasks
            _task("II.2", "Tăng cường công tác thông tin, tuyên truyền, phổ biến, giáo dục pháp luật"),
            _task("II.2", "Xác định hình thức tuyên truyền về nội dung, các hoạt động VSTBCPN, BĐG"),
            _task("II.2", "Nâng cao hiệu quả công tác vận động các địa phương, đơn vị, cơ sở giáo dục"),
            _task("II.2", "Chỉ đạo rà soát, kiện toàn và bồi dưỡng kịp thời về năng lực tham mưu"),
            # why: "phối hợp giữa các cơ sở giáo dục với ...": the schools act, the partners are after "với"
            _task("II.2", "Chủ động thực hiện phối hợp giữa các cơ sở giáo dục với các tổ chức",
                  None, ["các tổ chức, đoàn thể tại địa phương"]),
            _task("II.2", "Tổ chức các hoạt động tuyên truyền các ngày kỷ niệm, sự kiện lớn của Đảng"),
            _task("II.3", "Phát huy tốt vai trò lãnh đạo của các cấp ủy Đảng, chính quyền, các ngành"),
            _task("II.3", "Khuyến khích, tạo điều kiện cho cán bộ quản lý, công chức, viên chức"),
            _task("II.3", "Chủ động phát hiện, xây dựng nguồn quy hoạch, đào tạo, bồi dưỡng đối với"),
            _task("II.3", "Phấn đấu tăng tỷ lệ nữ cán bộ, giáo viên trong việc đào tạo trình độ",
                  None, ["các cơ quan liên quan"]),
            _task("II.3", "Gắn trách nhiệm của người đứng đầu đơn vị, của cấp ủy, chính quyền"),
            _task("II.4", "Củng cố, kiện toàn kịp thời đầu mối phụ trách công tác VSTBCPN và BDG"),
            _task("II.4", "Chú trọng công tác bồi dưỡng nâng cao năng lực, kỹ năng công tác"),
            _task("II.4", "Nâng cao năng lực tham mưu, huy động, sử dụng các nguồn lực để phục vụ"),
            _task("II.4", "Tăng cường chỉ đạo các đơn vị, cơ sở giáo dục nâng cao chất lượng giáo dục"),
            _task("II.5", "Tạo mọi điều kiện thuận lợi để đội ngũ cán bộ quản lý, giáo viên"),
            _task("II.5", "Nâng cao chất lượng thực hiện BDG qua việc tiếp cận, thụ hưởng các dịch vụ"),
            _task("II.5", "Thực hiện tốt tháng hành động vì BĐG và phòng chống bạo lực trên cơ sở giới"),
            _task("II.5", "Gắn kết hoạt động kiểm tra, giám sát về công tác VSTBCPN&BĐG với công tác"),
            # why: rule (1) — the leaders (posts) are the subject, before the heading's "Sở Giáo dục và Đào tạo"
            _task("IV.1", "Lãnh đạo Sở, lãnh đạo Phòng ban có trách nhiệm quán triệt đầy đủ",
                  "Lãnh đạo Sở, lãnh đạo Phòng ban"),
            _task("IV.1", "Phòng Tổ chức cán bộ là bộ phận thường trực, chủ trì tham mưu cho lãnh đạo",
                  "Phòng Tổ chức cán bộ", ["các tổ chức, đoàn thể"]),
            _task("IV.1", "Văn Phòng Sở GD&ĐT chủ trì thực hiện công tác tuyên truyền về các hoạt động",
                  "Văn Phòng Sở GD&ĐT"),
            _task("IV.1", "Phòng Kế hoạch - Tổng hợp bố trí đảm bảo kinh phí thực hiện kế hoạch này",
                  "Phòng Kế hoạch - Tổng hợp"),
            _task("IV.1", "Phòng Thanh tra lồng ghép nội dung kiểm tra công tác BĐG&VSTBCPN",
                  "Phòng Thanh tra"),
            _task("IV.1", "Các phòng chuyên môn, chức năng cơ quan triển khai, thực hiện kế hoạch này",
                  "Các phòng chuyên môn, chức năng cơ quan"),
            # why: the heading names several organisations; rule (2) takes what it names, as printed
            _task("IV.2", "Căn cứ nhiệm vụ công tác của cơ quan, đơn vị, ngành, địa phương để xây dựng",
                  "Phòng GD&ĐT huyện/thị xã/thành phố; Trung tâm GDNN - GDTX, các đơn vị trực thuộc Sở GD&ĐT"),
            _task("IV.2", "Tăng cường tổ chức các hoạt động truyền thông nhằm nâng cao nhận thức",
                  "Phòng GD&ĐT huyện/thị xã/thành phố; Trung tâm GDNN - GDTX, các đơn vị trực thuộc Sở GD&ĐT"),
            _task("IV.2", "Lồng ghép hiệu quả các hoạt động công tác VSTBCPN và BDG với triển khai",
                  "Phòng GD&ĐT huyện/thị xã/thành phố; Trung tâm GDNN - GDTX, các đơn vị trực thuộc Sở GD&ĐT"),
            _task("IV.2", "Báo cáo kết quả thực hiện công tác VSTBCPN, BDG về Ban VSTBCPN&BDG Sở GD&ĐT",
                  "Phòng GD&ĐT huyện/thị xã/thành phố; Trung tâm GDNN - GDTX, các đơn vị trực thuộc Sở GD&ĐT"),
        ],
        "classes": [],
        "recipients": [
            "Ban VSTBCPN tỉnh Lào Cai",
            "Sở LĐ TB&XH",
            "Ban VSTBPN&BDG Sở GD&ĐT",
            "Lãnh đạo Sở GD&ĐT",
            "Phòng GD&ĐT huyện/Thị xã/TP",
            "Trung tâm GDNN - GDTX",
            "Đơn vị trực thuộc Sở GD&ĐT",
            "Các phòng cơ quan Sở GD&ĐT",
        ],
        "signer": {"name": "Đỗ Minh Tâm", "title": "TRƯỞNG BAN\nPHÓ GIÁM ĐỐC SỞ GD&ĐT"},
        "missing": ["targets"],
    },
    # ------------------------------------------------------------------ UBND tỉnh Hà Tĩnh, training classes 2019
    "003_ee6d00a429945420.txt": {
        "number": None,
        "number_as_printed": None,
        "date": None,
        "place": None,
        "issuer": "Ủy ban nhân dân tỉnh",
        "title": (
            "Tổ chức tập huấn nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới và tăng cường sự tham "
            "gia của phụ nữ vào các vị trí quản lý, lãnh đạo và cơ quan dân cử"
        ),
        "legal_bases": [
            # why: prefix — the shared issuer ("của Ủy ban quốc gia ...") follows the second document only
            {
                "text_starts": "Chương trình công tác số 08/CTr-UBQG ngày 12/03/2019",
                "number": "08/CTr-UBQG",
                "date": "2019-03-12",
            },
            {
                "text_starts": (
                    "Hướng dẫn số 09/UBQG-VP ngày 12/3/2019 của Ủy ban quốc gia Vì sự tiến bộ phụ nữ Việt Nam"
                ),
                "number": "09/UBQG-VP",
                "date": "2019-03-12",
            },
        ],
        # why: the body's "giai đoạn 2011-2020 / 2016-2020" are other programmes'; everything planned is in 2019
        "period": {"start": 2019, "end": 2019},
        "general_objective": None,
        "objectives": [],
        "targets": [],
        "report_deadlines": [],  # "báo cáo theo quy định" only
        # the venue and trainers stated for all classes apply to each
        "classes": [
            {
                "name": "Lớp tập huấn 1",
                "content_starts": "Chương trình mục tiêu Quốc gia về bình đẳng giới; thông tin, giáo dục",
                "participants_starts": "Giám đốc, thủ trưởng các sở, ban, ngành, đoàn thể đơn vị cấp tỉnh",
                "dates": ["2019-07-10"],
                # why: prefix — the venue line goes on with "(địa điểm tổ chức cụ thể giao ... bố trí)"
                "venue_starts": "Thành phố Hà Tĩnh",
                # why: both items of "4. Giảng viên tập huấn" (the second invites provincial leaders to teach)
                "trainers_starts": ["Tiến sĩ Đặng Ngọc Toàn", "Mời một số đồng chí lãnh đạo tỉnh tham gia tập huấn"],
            },
            {
                "name": "Lớp tập huấn 2",
                "content_starts": "Tổng quan về bình đẳng giới và công tác quản lý nhà nước về bình đẳng giới",
                "participants_starts": "Thành viên Ban Vì sự tiến bộ của phụ nữ tỉnh; trưởng ban, phó ban",
                "dates": ["2019-07-11", "2019-07-12"],
                "venue_starts": "Thành phố Hà Tĩnh",
                "trainers_starts": ["Tiến sĩ Đặng Ngọc Toàn", "Mời một số đồng chí lãnh đạo tỉnh tham gia tập huấn"],
            },
            {
                "name": "Lớp tập huấn 3",
                "content_starts": "Tổng quan về bình đẳng giới; các biện pháp thúc đẩy bình đẳng giới",
                "participants_starts": "Cán bộ nữ dự kiến dự nguồn tham gia cấp ủy Đảng cấp tỉnh, cấp huyện",
                "dates": ["2019-07-15", "2019-07-16"],
                "venue_starts": "Thành phố Hà Tĩnh",
                "trainers_starts": ["Tiến sĩ Đặng Ngọc Toàn", "Mời một số đồng chí lãnh đạo tỉnh tham gia tập huấn"],
            },
            {
                "name": "Lớp tập huấn 4",
                "content_starts": "Tổng quan về bình đẳng giới; thông tin, giáo dục, truyền thông về bình đẳng",
                "participants_starts": "Bí thư Đảng ủy, Chủ tịch UBND xã, phường, thị trấn",
                "dates": ["2019-07-17", "2019-07-18", "2019-07-19"],
                "venue_starts": "Thành phố Hà Tĩnh",
                "trainers_starts": ["Tiến sĩ Đặng Ngọc Toàn", "Mời một số đồng chí lãnh đạo tỉnh tham gia tập huấn"],
            },
        ],
        # II. NỘI DUNG holds only the classes, venue, materials and trainers: no task there
        "tasks": [
            _task("III.1", "Tham mưu UBND tỉnh ban hành các văn bản chỉ đạo, đôn đốc các sở, ngành",
                  "Sở Lao động - Thương binh và Xã hội"),
            _task("III.1", "Chịu trách nhiệm khâu nối, liên lạc mời giảng viên và báo cáo viên",
                  "Sở Lao động - Thương binh và Xã hội"),
            _task("III.1", "Chuẩn bị hội trường, loa máy, âm thanh, ánh sáng, market và các điều kiện",
                  "Sở Lao động - Thương binh và Xã hội"),
            _task("III.1", "Tổng hợp, báo cáo kết quả thực hiện Kế hoạch theo quy định",
                  "Sở Lao động - Thương binh và Xã hội"),
            _task("III.2", "Chủ trì, phối hợp với Hội Liên hiệp phụ nữ tỉnh cung cấp danh sách",
                  "Sở Nội vụ", ["Hội Liên hiệp phụ nữ tỉnh"]),
            _task("III.2", "Chỉ đạo các huyện, thành phố, thị xã chuẩn bị kịp thời về công tác",
                  "Sở Nội vụ"),
            _task("III.3", "Phối hợp với Sở Nội vụ cung cấp danh sách cán bộ nữ dự kiến tham gia cấp ủy",
                  "Hội Liên hiệp Phụ nữ tỉnh", ["Sở Nội vụ"]),
            _task("III.3", "Phối hợp với Sở Lao động - Thương binh và Xã hội theo dõi, giám sát",
                  "Hội Liên hiệp Phụ nữ tỉnh", ["Sở Lao động - Thương binh và Xã hội"]),
            # heading " — " its only paragraph
            _task("III.4", "UBND các huyện, thành phố, thị xã — Căn cứ kế hoạch của UBND tỉnh chỉ đạo",
                  "UBND các huyện, thành phố, thị xã"),
        ],
        "recipients": [
            "Ủy ban quốc gia VSTBCPN Việt Nam",
            "TTr: Tỉnh ủy, HĐND tỉnh",
            "Chủ tịch, các PCT UBND tỉnh",
            "Các Ban của Tỉnh ủy",
            "Các Ban của HĐND tỉnh",
            "Các sở, ban, ngành, đoàn thể cấp tỉnh",
            "Thành ủy, Thị ủy, Huyện ủy",
            "UBND huyện, thành phố, thị xã",
            "Chánh VP, PVP Trần Tuấn Nghĩa",
            "Trung tâm TT-CB-TH",
        ],
        "signer": {"name": "Đặng Quốc Vinh", "title": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"},
        "missing": ["number", "date", "targets"],
    },
    # ------------------------------------------------------------------ Sở TT&TT Lạng Sơn, 2021 (markdown)
    "004_0cb6f3bd0139f806.txt": {
        "number": "/KH-STTTT",
        "number_as_printed": "/KH-STTTT",
        "date": "2021-04",
        "place": "Lạng Sơn",
        "issuer": "Sở Thông tin và Truyền thông",
        "title": "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2021",
        "legal_bases": [
            # why: only spaces around "/" and "-" go; the spaces inside "SLĐT BXH", "PCTNXH BĐG" stay
            {
                "text_starts": (
                    "Công văn số 507/SLĐT BXH-PCTNXH BĐG ngày 09/4/2021 của Sở Lao động-Thương binh và Xã hội"
                ),
                "number": "507/SLĐT BXH-PCTNXH BĐG",
                "date": "2021-04-09",
            },
        ],
        "period": {"start": 2021, "end": 2021},
        "general_objective": None,
        "objectives": [],
        "targets": [],
        "report_deadlines": [
            {
                "kind": "half_year",
                "due": "2021-06-15",
                "text": "Báo cáo kết quả thực hiện 06 tháng đầu năm 2021 trước ngày 15/6/2021",
            },
            {
                "kind": "annual",
                "due": "2021-12-15",
                "text": (
                    "Báo cáo đánh giá kết quả công tác bình đẳng giới và vì sự tiến bộ phụ nữ năm 2021 trước ngày "
                    "15/12/2021"
                ),
            },
        ],
        "tasks": [
            _task("II.1.a", "Tiếp tục thực hiện Kế hoạch truyền thông về bình đẳng giới trong lĩnh vực"),
            # b) has dash items below it: a group; its dashes take its label
            _task("II.1.b", "Tuyên truyền, nâng cao nhận thức về BDG nhằm ngăn chặn, giảm thiểu"),
            _task("II.1.b", "Thực hiện tốt các nhiệm vụ được giao tại Kế hoạch số 48/KH-UBND"),
            _task("II.1.b", "Xây dựng kế hoạch, triển khai thực hiện Tháng hành động vì bình đẳng giới"),
            # why: a lettered heading with one paragraph is joined like a numbered one (heading " — " paragraph)
            _task("II.1.c", "Tiếp tục tuyên truyền và triển khai thực hiện những nội dung mới về bình"),
            _task("II.2", "Rà soát, đánh giá các mô hình, hoạt động thúc đẩy bình đẳng giới"),
            _task("II.2", "Chủ động bố trí kinh phí để duy trì và nhân rộng các mô hình"),
            _task("II.3", "Tiếp tục kiện toàn công tác tổ chức và cán bộ làm công tác bình đẳng giới"),
            # why: "... kiến thức về" / "giới và kỹ năng ..." is one item cut by a page break
            _task("II.3", "Bồi dưỡng, nâng cao năng lực, kỹ năng cho đội ngũ cán bộ làm công tác"),
            _task("II.3", "Thực hiện lồng ghép vấn đề bình đẳng giới trong xây dựng, thực hiện văn bản"),
            # "để phối hợp giải quyết" names no unit
            _task("II.3", "Thực hiện nghiêm túc chế độ thông tin, báo cáo về công tác bình đẳng giới"),
            _task("II.3", "Tổ chức khen thưởng, biểu dương kịp thời các cá nhân có thành tích xuất sắc"),
            _task("II.4", "Tham mưu xây dựng kế hoạch, chương trình công tác, văn bản hướng dẫn"),
            _task("II.4", "Tích cực, chủ động triển khai công tác vì sự tiến bộ của phụ nữ"),
            _task("II.4", "Kịp thời kiện toàn Ban Vì sự tiến bộ của phụ nữ phù hợp với điều kiện"),  # a plain paragraph
            _task("II.4", "Đảm bảo thực hiện tốt các quy định trong Quy chế làm việc của Ban vì sự"),
            _task("VI.1", "Tham mưu giúp Giám đốc Sở đôn đốc, kiểm tra, giám sát việc thực hiện",
                  "Văn phòng"),
            _task("VI.1", "Tham mưu giúp Giám đốc Sở trong việc xây dựng, rà soát, thực hiện công tác",
                  "Văn phòng"),
            _task("VI.1", "Tham mưu giúp Giám đốc Sở Thực hiện chế độ thông tin, báo cáo về công tác",
                  "Văn phòng"),
            # why: "... Ban Nữ công Công" / "đoàn cơ sở ..." is the heading cut by a page break: one task
            _task("VI.2", "Ban Vì sự tiến bộ phụ nữ cơ quan phối hợp với Ban Nữ công Công đoàn",
                  "Ban Vì sự tiến bộ phụ nữ cơ quan", ["Ban Nữ công Công đoàn cơ sở"]),
            # heading " — " its only paragraph; "phối hợp trong việc ..." names no unit
            _task("VI.3", "Các phòng, đơn vị thuộc Sở — Phối hợp với Văn phòng thực hiện có hiệu quả",
                  "Các phòng, đơn vị thuộc Sở", ["Văn phòng"]),
        ],
        "classes": [],
        "recipients": [
            "UBND tỉnh (bc)",
            "Sở Lao động - Thương binh và Xã hội",
            "Lãnh đạo Sở",
            "Các phòng chuyên môn, đơn vị thuộc Sở",
            "Website Sở TTTT",
        ],
        "signer": {"name": "Nguyễn Quang Huy", "title": "GIÁM ĐỐC"},
        "missing": ["targets"],
    },
}
# fmt: on


def mismatches(expected: object, actual: object, where: str = "") -> list[str]:
    """The differences between an expected value (as above) and the parser's output; [] when it matches."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key.endswith("_starts"):
                name = key.removesuffix("_starts")
                found += _prefix_mismatches(value, actual.get(name), f"{where}.{name}")
            elif key not in actual:
                found.append(f"{where}.{key}: missing")
            else:
                found += mismatches(value, actual[key], f"{where}.{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {actual!r}"]
        found = [f"{where}: {len(actual)} items, expected {len(expected)}"] if len(actual) != len(expected) else []
        for index, (value, got) in enumerate(zip(expected, actual, strict=False)):
            found += mismatches(value, got, f"{where}[{index}]")
        return found
    return [] if expected == actual else [f"{where}: {actual!r}, expected {expected!r}"]


def _prefix_mismatches(expected: str | list[str], actual: object, where: str) -> list[str]:
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: {actual!r}, expected {len(expected)} items starting {expected!r}"]
        found = []
        for index, (value, got) in enumerate(zip(expected, actual, strict=True)):
            found += _prefix_mismatches(value, got, f"{where}[{index}]")
        return found
    if isinstance(actual, str) and actual.startswith(expected):
        return []
    return [f"{where}: {actual!r}, expected a text starting {expected!r}"]
