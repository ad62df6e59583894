"""What of a report's figures a role that sees counts only may see (the page, the API and the documents
it downloads alike): the figures go through one table of indicators.privacy, so no count under 5 is
shown and none can be worked out from those shown (a column's total and its rows, women and men of
the training classes and their participants, a share and the counts it rests on)."""

from __future__ import annotations

from typing import Any

from binhdang.indicators.privacy import (
    HIDDEN_MARK,
    PRIMARY,
    SMALL_MARK,
    Suppression,
    Table,
    protects,
    sees_everything,
)
from binhdang.reports.models import Report

# Raw counts in the figures: a role that sees counts only is shown none of them (only the indicators, with
# those resting on fewer than 5 people hidden), on the page, in the API and in the documents it downloads.
RAW_COUNTS = ("counts", "own_counts", "entered")
# Of each agency's part of a consolidated report a viewer sees who reported and when, not its numbers
# (they would add up to the totals shown beside them).
PART_KEYS = ("unit_id", "unit", "code", "source", "report_id", "status", "submitted_at")
ACTIVITY_PEOPLE = ("female", "male", "minority")
TRAINING_PEOPLE = ("participants", "participants_female", "participants_male", "trained", "staff_sent",
                   "staff_trained")  # fmt: skip
CLASS_PEOPLE = ("participants", "female", "trained")


def _measures(row: dict[str, Any]) -> tuple[Any, Any]:
    """The keys of a row's numerator and denominator cells: the measures, so that women staff (the
    numerator of one indicator and the denominator of others) are one cell."""
    from binhdang.indicators.catalogue import BY_CODE

    indicator = BY_CODE.get(row["code"])
    if indicator is None or not protects(indicator):
        return None, None
    return ("measure", indicator.numerator), (("measure", indicator.denominator) if indicator.is_share else None)


def _share_cells(table: Table, row: dict[str, Any]) -> None:
    """A row's numerator and denominator, and the rest of the denominator (the men beside the women:
    printed nowhere, but the difference of the two is a count too)."""
    numerator, denominator = _measures(row)
    if numerator is not None:
        table.cell(numerator, row.get("numerator"))
    if denominator is not None and row.get("denominator") is not None and row.get("numerator") is not None:
        table.cell(denominator, row["denominator"])
        rest = ("rest", numerator, denominator)
        table.cell(rest, row["denominator"] - row["numerator"])
        table.total(denominator, [numerator, rest])


def _unknown_cell(table: Table, row: dict[str, Any]) -> Any:
    """The unknowns beside a share (ethnicity not recorded), with whole = the share's denominator + them."""
    from binhdang.indicators.catalogue import BY_CODE

    indicator = BY_CODE.get(row["code"])
    if indicator is None or not indicator.unknown or row.get("unknown") is None:
        return None
    key = table.cell(("measure", indicator.unknown), row["unknown"])
    if indicator.whole and row.get("denominator") is not None:
        table.total(("measure", indicator.whole), [("measure", indicator.denominator), key])
    return key


def figures_table(figures: dict[str, Any]) -> Table:
    """The counts of people in a report's figures and the relations between them."""
    table = Table()
    for row in figures.get("indicators") or []:
        _share_cells(table, row)
    for row in figures.get("indicators") or []:
        _unknown_cell(table, row)
    activities = figures.get("activities") or []
    for index, row in enumerate(activities):
        for key in ACTIVITY_PEOPLE:
            table.cell(("activity", index, key), row.get(key))
    for key in ACTIVITY_PEOPLE:  # the documents print a total row under the activities
        table.cell(("activity", "total", key), sum(row.get(key) or 0 for row in activities))
        table.total(("activity", "total", key), [("activity", index, key) for index in range(len(activities))])
    training = figures.get("training") or {}
    for key in TRAINING_PEOPLE:
        table.cell(("training", key), training.get(key))
    if training.get("participants") == (training.get("participants_female") or 0) + (
        training.get("participants_male") or 0
    ):
        table.total(
            ("training", "participants"), [("training", "participants_female"), ("training", "participants_male")]
        )
    classes = training.get("class_list") or []
    for index, row in enumerate(classes):
        for key in CLASS_PEOPLE:
            table.cell(("class", index, key), row.get(key))
    for key, total in (("participants", "participants"), ("female", "participants_female"), ("trained", "trained")):
        if classes and sum(row.get(key) or 0 for row in classes) == training.get(total):
            table.total(("training", total), [("class", index, key) for index in range(len(classes))])
    return table


def _indicator_row(row: dict[str, Any], hidden: Suppression) -> dict[str, Any]:
    numerator, denominator = _measures(row)
    keys = [key for key in (numerator, denominator) if key is not None]
    shown = {**row}
    for name, key in (("numerator", numerator), ("denominator", denominator)):
        if key is not None and hidden.is_hidden(key):
            shown[name] = None
    unknown = _unknown_cell(Table(), row)
    if unknown is not None and hidden.is_hidden(unknown):
        shown["unknown"] = None
    if hidden.all_shown(*keys):
        return shown
    # The share, its status and the gap in people rest on a hidden count: none of them is shown.
    mark = SMALL_MARK if any(hidden.hidden.get(key) == PRIMARY for key in keys) else HIDDEN_MARK
    return {**shown, "value": None, "previous_value": None, "gap_people": None, "status": "no_data",
            "hidden": True, "hidden_mark": mark}  # fmt: skip


def hide_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as a role that sees counts only may see them: hidden counts of the indicators are
    None (the API's integers), those of activities and training "<5" or "×" as the documents print them."""
    hidden = figures_table(figures).suppress()
    visible = {key: value for key, value in figures.items() if key not in RAW_COUNTS}
    visible["indicators"] = [_indicator_row(row, hidden) for row in figures.get("indicators") or []]
    visible["parts"] = [{key: part.get(key) for key in PART_KEYS} for part in figures.get("parts") or []]
    if figures.get("activities") is not None:
        activities = figures["activities"]
        visible["activities"] = [
            {**row, **{key: hidden.shown(("activity", index, key), row.get(key)) for key in ACTIVITY_PEOPLE}}
            for index, row in enumerate(activities)
        ]
        visible["activity_totals"] = {key: hidden.shown(("activity", "total", key)) for key in ACTIVITY_PEOPLE}
    if figures.get("training") is not None:
        training = figures["training"]
        visible["training"] = {
            **training,
            **{key: hidden.shown(("training", key), training.get(key)) for key in TRAINING_PEOPLE},
            "class_list": [
                {**row, **{key: hidden.shown(("class", index, key), row.get(key)) for key in CLASS_PEOPLE}}
                for index, row in enumerate(training.get("class_list") or [])
            ],
        }
    return visible


def visible_figures(report: Report, user: Any) -> dict[str, Any]:
    """The report's figures (frozen once submitted, live while a draft) as `user` may see them."""
    from binhdang.reports.document import figures_of

    figures = figures_of(report)
    if sees_everything(user):
        return figures
    return hide_figures(figures)
