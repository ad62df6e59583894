"""`binhdang restructure` does what the pages do, and refuses bad input with a message."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from binhdang.core.models import active_on_q
from binhdang.orgs.models import OrgUnit
from binhdang.registry.models import Employment


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("restructure", *args, stdout=out)
    return out.getvalue()


def test_merge_into_a_new_unit_moves_the_staff(tree, people):
    result = json.loads(
        run(
            "merge",
            "--units",
            "TN-SNV-VP,TN-SNV-CC",
            "--new-code",
            "TN-SNV-VPCC",
            "--new-name",
            "Văn phòng – Công chức",
            "--date",
            "01/03/2025",
            "--json",
        )
    )
    assert result[0]["code"] == "TN-SNV-VPCC"
    merged = OrgUnit.objects.get(code="TN-SNV-VPCC")
    assert Employment.objects.filter(active_on_q(datetime.date(2025, 3, 1)), unit=merged).count() == 3


def test_rename_and_move(tree):
    run("rename", "--unit", "TN-SYT", "--name", "Sở Y tế mới", "--date", "2025-07-01")
    run("move", "--unit", "TN-HL", "--parent", "TN-SYT", "--date", "01/08/2025")
    assert OrgUnit.objects.get(code="TN-SYT").name == "Sở Y tế mới"
    assert OrgUnit.objects.get(code="TN-HL").path.startswith(OrgUnit.objects.get(code="TN-SYT").path)


@pytest.mark.parametrize(
    "args",
    [
        ("rename", "--unit", "KHONG-CO", "--name", "X", "--date", "01/01/2025"),
        ("rename", "--unit", "TN-SYT", "--name", "X", "--date", "31/02/2025"),
        ("move", "--unit", "TN-SNV", "--parent", "TN-SNV-VP", "--date", "01/01/2025"),
        ("split", "--unit", "TN-SNV-VP", "--part", "A;Một", "--date", "01/01/2025"),
        ("merge", "--units", "TN-SNV-VP", "--date", "01/01/2025"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(tree, args):
    before = sorted(OrgUnit.objects.values_list("code", "name", "path", "valid_to"))
    with pytest.raises(CommandError):
        run(*args)
    assert sorted(OrgUnit.objects.values_list("code", "name", "path", "valid_to")) == before
