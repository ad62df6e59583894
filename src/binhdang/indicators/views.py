"""The dashboard (tiles, child ranking, pipeline, age–sex pyramid, trend), its data as .xlsx, and the
entry of aggregate values per unit and period."""

from __future__ import annotations

import datetime
import functools
import io
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook

from binhdang.accounts import scope
from binhdang.core.cells import text_cells
from binhdang.core.forms import DateField
from binhdang.core.models import active_on_q
from binhdang.indicators import stamp
from binhdang.indicators.catalogue import AGE_BANDS, BY_CODE, CATALOGUE, DATA_ELEMENTS, LEVELS, PROGRAMME_START
from binhdang.indicators.engine import (
    CACHE_SECONDS,
    Evaluation,
    cached_evaluate,
    evaluate,
    families_for,
    years_before,
)
from binhdang.indicators.forms import TargetForm
from binhdang.indicators.models import AggregateValue, Target, period_bounds, period_label, validate_period
from binhdang.indicators.privacy import (
    Everything,
    Suppression,
    combined,
    indicator_keys,
    mark_for,
    measure_key,
    ranking_table,
    sees_everything,
    unit_suppression,
    unknown_key,
)
from binhdang.indicators.targets import applicable_targets, assess, format_value
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.registry.choices import PostLevel
from binhdang.registry.models import Employment, Person, PoolEntry, TrainingRecord

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AGE_LABELS = {
    "under_30": gettext_lazy("under 30"),
    "30_39": "30–39",
    "40_49": "40–49",
    "50_59": "50–59",
    "60_plus": gettext_lazy("60 and over"),
}
ELIGIBLE_LIMIT = 50


class DashboardForm(forms.Form):
    on = DateField(label=gettext_lazy("as of"), required=False)


def _unit_in_scope(request: HttpRequest) -> OrgUnit:
    return scope.requested_unit(request.user, request.GET.get("unit", ""))


def _day(request: HttpRequest) -> tuple[DashboardForm, datetime.date]:
    form = DashboardForm(request.GET or None)
    day = datetime.date.today()
    if form.is_valid() and form.cleaned_data.get("on"):
        day = form.cleaned_data["on"]
    return form, day


def _count(hidden: Suppression, key: Any, value: int | None) -> int | str:
    """A count as the page shows it to the user: "<5" or "×" when hidden (privacy.evaluation_table)."""
    if value is None:
        return "—"
    shown = hidden.shown(key)
    return value if shown is None else shown


def _shown_value(result: Any, indicator: Any, hidden: Suppression, unit_id: int) -> str:
    """The value, or the mark of a count it rests on (a share beside its denominator gives the numerator)."""
    return mark_for(hidden, indicator_keys(indicator, unit_id)) or format_value(result.value, indicator)


def _suppression(evaluation: Evaluation, unit: OrgUnit, selected: Any, user: Any) -> Suppression:
    """What the dashboard of `unit` hides from `user`: one table for its tiles, pipeline and pyramid
    (and their .xlsx), then the ranking of `selected` with the unit's counts as that table left them."""
    if sees_everything(user):
        return Everything()
    own = unit_suppression(evaluation, unit.pk, user)
    return combined(own, ranking_table(evaluation, unit.pk, selected, own).suppress())


def _breadcrumb(unit: OrgUnit, user: Any) -> list[OrgUnit]:
    visible = scope.restrict(OrgUnit.objects.filter(pk__in=[a.pk for a in unit.ancestors_and_self()]), user)
    return list(visible.order_by("depth"))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    unit = _unit_in_scope(request)
    form, day = _day(request)
    user = request.user
    selected = BY_CODE.get(request.GET.get("indicator", ""), BY_CODE["staff_women"])

    # The page's content is kept rendered under the stamp (see _content_key); these run only when the
    # template has to render it again, hence lazy.
    @functools.cache
    def evaluated() -> tuple[Evaluation, Evaluation, Suppression]:
        now = cached_evaluate(unit, day)
        return now, _year_earlier_results(unit, day), _suppression(now, unit, selected, user)

    def tiles() -> list[dict[str, Any]]:
        now, before, hidden = evaluated()
        targets = applicable_targets(unit, day)
        return [
            {
                "assessment": a,
                # Status and gap would give away a hidden count ("2 more women reach 50%" of "<5").
                "hidden": mark_for(hidden, indicator_keys(a.indicator, unit.pk)) is not None,
                "value": _shown_value(a.result, a.indicator, hidden, unit.pk),
                "numerator": _count(hidden, indicator_keys(a.indicator, unit.pk)[0], a.result.numerator),
                "denominator": (
                    _count(hidden, indicator_keys(a.indicator, unit.pk)[1], a.result.denominator)
                    if a.indicator.is_share
                    else None
                ),
                # The people the share leaves out as unknown ("chưa rõ dân tộc: N"), hidden from a viewer like any
                # count.
                "unknown": (
                    _count(hidden, unknown_key(a.indicator, unit.pk), a.result.unknown)
                    if a.result.unknown is not None
                    else None
                ),
                "target": (
                    f"{a.target.get_comparator_display()} {format_value(float(a.target.value), a.indicator)} "
                    f"({a.target.year})"
                    if a.target
                    else ""
                ),
            }
            for a in assess(now, unit, previous=before, targets=targets)  # type: ignore[arg-type]
        ]

    key = _content_key(request, unit, day)
    context = {
        "unit": unit,
        "day": day,
        "form": form,
        "tiles": SimpleLazyObject(tiles),
        "breadcrumb": SimpleLazyObject(lambda: _breadcrumb(unit, user)),
        "selected": selected,
        "catalogue": CATALOGUE,
        "ranking": SimpleLazyObject(lambda: _ranking(evaluated()[0], unit, selected, evaluated()[2])),
        "pipeline": SimpleLazyObject(lambda: _pipeline(evaluated()[0], unit, evaluated()[2])),
        "pyramid": SimpleLazyObject(lambda: _pyramid(evaluated()[0], unit, evaluated()[2])),
        "eligible": (
            SimpleLazyObject(lambda: _eligible_women(unit, day)) if scope.has_right(user, "view_person") else None
        ),
        "query": request.GET.urlencode(),
        "content_key": key or uuid.uuid4().hex,
        "content_seconds": CACHE_SECONDS if key else 0,
    }
    return render(request, "indicators/dashboard.html", context)


def _content_key(request: HttpRequest, unit: OrgUnit, day: datetime.date) -> str | None:
    """What the dashboard's content depends on besides the data: the query, the language, and what the
    user may see (rights come with the role, scope with the unit). None: render it live, keep nothing."""
    current = stamp.current()
    if current is None:
        return None
    user = request.user
    who = f"{user.role}-{int(user.is_superuser)}-{user.unit_id}"  # type: ignore[union-attr]
    return f"{current}-{unit.pk}-{day.isoformat()}-{translation.get_language()}-{who}-{request.GET.urlencode()}"


def _ranking(evaluation: Evaluation, unit: OrgUnit, indicator: Any, hidden: Suppression) -> list[dict[str, Any]]:
    rows = []
    for child_id in evaluation.children(unit.pk):
        node = evaluation.tree.nodes[child_id]
        result = evaluation.result(indicator, child_id)
        numerator, denominator = indicator_keys(indicator, child_id)
        # A hidden value is ranked as no value: its place among the others would tell it.
        concealed = mark_for(hidden, (numerator, denominator)) is not None
        rows.append(
            {
                "id": child_id,
                "name": node.name,
                "value": None if concealed else result.value,
                "shown": _shown_value(result, indicator, hidden, child_id),
                "numerator": _count(hidden, numerator, result.numerator),
                "denominator": _count(hidden, denominator, result.denominator) if indicator.is_share else None,
            }
        )
    reverse_order = indicator.better == "higher"
    return sorted(
        rows, key=lambda row: (row["value"] is None, -(row["value"] or 0) if reverse_order else row["value"] or 0)
    )


def _pipeline(evaluation: Evaluation, unit: OrgUnit, hidden: Suppression) -> list[dict[str, Any]]:
    """Staff → succession pool → trained pool → leaders, women and all, overall and by level."""

    def count(name: str) -> int | str:
        return _count(hidden, measure_key(name, unit.pk), evaluation.measure(name, unit.pk))

    measure = evaluation.measure
    rows = [
        {
            "stage": _("Staff"),
            "women": count("staff_f"),
            "all": count("staff"),
        },
        {
            "stage": _("Succession pool"),
            "women": count("pool_f"),
            "all": count("pool"),
        },
        {
            "stage": _("Trained, in the pool"),
            "women": count("pool_f_trained"),
            "all": None,
        },
        {
            "stage": _("Leadership posts"),
            "women": count("leaders_f"),
            "all": count("leaders"),
        },
    ]
    for level in LEVELS:
        pool, leaders = measure(f"pool__{level}", unit.pk), measure(f"leaders__{level}", unit.pk)
        if not pool and not leaders:
            continue
        label = PostLevel(level).label
        rows.append(
            {
                "stage": _("Pool, %(level)s level") % {"level": label},
                "women": count(f"pool_f__{level}"),
                "all": count(f"pool__{level}"),
                "level": True,
            }
        )
        rows.append(
            {
                "stage": _("Leaders, %(level)s level") % {"level": label},
                "women": count(f"leaders_f__{level}"),
                "all": count(f"leaders__{level}"),
                "level": True,
            }
        )
    return rows


def _pyramid(evaluation: Evaluation, unit: OrgUnit, hidden: Suppression) -> list[dict[str, Any]]:
    counts = evaluation.age_sex(unit.pk)
    return [
        {
            "band": str(AGE_LABELS[band]),
            "women": _count(hidden, ("age", band, "F", unit.pk), counts.get((band, "F"), 0)),
            "men": _count(hidden, ("age", band, "M", unit.pk), counts.get((band, "M"), 0)),
        }
        for band in reversed(AGE_BANDS)
    ]


def _eligible_women(unit: OrgUnit, day: datetime.date) -> list[Person]:
    """Women in the pool, working in the subtree, who completed a training course since 2021: each
    step narrows the one before (the subtree's staff, their pool entries, their training). The ids
    are cached under the stamp of the data, like the evaluations (a province's query takes ~30 ms)."""
    current = stamp.current()
    key = f"indicators-eligible-{unit.pk}-{day.isoformat()}-{current}"
    ids = cache.get(key) if current else None
    if ids is None:
        working = Employment.objects.filter(active_on_q(day), subtree_q(unit.path, "unit__")).values("person_id")
        pooled = PoolEntry.objects.filter(active_on_q(day), person_id__in=working, person__sex="F").values("person_id")
        trained = TrainingRecord.objects.filter(
            person_id__in=pooled, completed=True, start_date__gte=PROGRAMME_START, start_date__lte=day
        ).values("person_id")
        ids = list(
            Person.objects.filter(pk__in=trained)
            .order_by("sort_key", "id")
            .values_list("pk", flat=True)[:ELIGIBLE_LIMIT]
        )
        if current:
            cache.set(key, ids, CACHE_SECONDS)
    return list(Person.objects.filter(pk__in=ids).order_by("sort_key", "id"))


def _registry_stamp() -> str | None:
    """The stamp of the engine's data (indicators.stamp): renewed by every write, so a change
    (even a back-dated one) is seen on the next load; None while it must be computed live."""
    return stamp.current()


def _year_earlier_results(unit: OrgUnit, day: datetime.date) -> Evaluation:
    """The unit's indicators a year before the day, for the trend of the status, from the cache."""
    return cached_evaluate(unit, years_before(day))


# --- Chart data ---------------------------------------------------------------------------------


def _trend(unit: OrgUnit, indicator: Any, day: datetime.date) -> list[dict[str, Any]]:
    """The indicator at the end of each half-year from 2021 to the day."""
    points = []
    for year in range(PROGRAMME_START.year, day.year + 1):
        for point in (datetime.date(year, 6, 30), datetime.date(year, 12, 31)):
            if point > day:
                break
            points.append(point)
    if not points or points[-1] != day:
        points.append(day)
    series = []
    by_year: dict[int, Any] = {}
    for point in points:
        if point.year not in by_year:  # the target line steps from the 2025 target to the 2030 one
            by_year[point.year] = applicable_targets(unit, point).get((indicator.code, ""))
        target = by_year[point.year]
        result = cached_evaluate(unit, point, families_for(indicator)).result(indicator, unit.pk)
        series.append(
            {
                "day": point.strftime("%d/%m/%Y"),
                "value": result.value,
                "numerator": result.numerator,
                "denominator": result.denominator,
                "target": float(target.value) if target else None,
                "target_year": target.year if target else None,
            }
        )
    return series


def _hidden_points(unit: OrgUnit, indicator: Any, points: list[dict[str, Any]], user: Any) -> set[str]:
    """The days whose value the dashboard of that day hides from `user` (a viewer opens the dashboard of
    any day: the trend must not show a value its tile hides)."""
    if sees_everything(user):
        return set()
    hidden = set()
    for point in points:
        day = datetime.datetime.strptime(point["day"], "%d/%m/%Y").date()
        if mark_for(unit_suppression(cached_evaluate(unit, day), unit.pk, user), indicator_keys(indicator, unit.pk)):
            hidden.add(point["day"])
    return hidden


@login_required
def trend(request: HttpRequest) -> JsonResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    unit = _unit_in_scope(request)
    _form, day = _day(request)
    indicator = BY_CODE.get(request.GET.get("indicator", ""), BY_CODE["staff_women"])
    points = _trend(unit, indicator, day)
    hidden = _hidden_points(unit, indicator, points, request.user)
    for point in points:
        del point["numerator"], point["denominator"]
        if point["day"] in hidden:
            point["value"] = None
    return JsonResponse({"indicator": indicator.code, "name": str(indicator.name), "points": points})


@login_required
def chart_data(request: HttpRequest, chart: str) -> HttpResponse:
    """The data behind each chart as an .xlsx file."""
    scope.require(scope.has_right(request.user, "view_aggregate"))
    if chart not in ("indicators", "ranking", "pipeline", "pyramid", "trend"):
        raise Http404(_("No such chart."))
    unit = _unit_in_scope(request)
    _form, day = _day(request)
    user = request.user
    indicator = BY_CODE.get(request.GET.get("indicator", ""), BY_CODE["staff_women"])
    book = Workbook()
    ws = book.active
    ws.title = chart[:31]
    ws.append([unit.name, day.strftime("%d/%m/%Y")])
    if chart == "trend":
        ws.append([_("Day"), str(indicator.name), _("Target")])
        points = _trend(unit, indicator, day)
        hidden_days = _hidden_points(unit, indicator, points, user)
        for point in points:
            ws.append([point["day"], None if point["day"] in hidden_days else point["value"], point["target"]])
    else:
        now = cached_evaluate(unit, day)
        hidden = _suppression(now, unit, indicator, user)
        if chart == "indicators":
            ws.append([_("Indicator"), _("Value"), _("Numerator"), _("Denominator"), _("Target"), _("Status")])
            for a in assess(now, unit, previous=_year_earlier_results(unit, day)):
                numerator, denominator = indicator_keys(a.indicator, unit.pk)
                ws.append(
                    [
                        str(a.indicator.name),
                        _shown_value(a.result, a.indicator, hidden, unit.pk),
                        _count(hidden, numerator, a.result.numerator),
                        _count(hidden, denominator, a.result.denominator) if a.indicator.is_share else None,
                        float(a.target.value) if a.target else None,
                        "" if mark_for(hidden, (numerator, denominator)) else a.status_label,
                    ]
                )
        elif chart == "ranking":
            ws.append([_("Unit"), str(indicator.name), _("Numerator"), _("Denominator")])
            for row in _ranking(now, unit, indicator, hidden):
                ws.append([row["name"], row["shown"], row["numerator"], row["denominator"]])
        elif chart == "pipeline":
            ws.append([_("Stage"), _("Women"), _("All")])
            for row in _pipeline(now, unit, hidden):
                ws.append([row["stage"], row["women"], row["all"]])
        else:
            ws.append([_("Age"), _("Women"), _("Men")])
            for row in _pyramid(now, unit, hidden):
                ws.append([row["band"], row["women"], row["men"]])
    buffer = io.BytesIO()
    text_cells(book).save(buffer)  # unit names are typed by users
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{chart}-{unit.code}-{day:%Y%m%d}.xlsx"'
    return response


# --- Entered values ---------------------------------------------------------------------------


class AggregateForm(forms.Form):
    """One period's values of every data element for one unit."""

    def __init__(self, *args: Any, unit: OrgUnit, period: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit, self.period = unit, period
        existing = {v.element: v for v in AggregateValue.objects.filter(unit=unit, period=period)}
        self.rows: list[tuple[Any, list[str]]] = []
        for element in DATA_ELEMENTS:
            value = existing.get(element.code)
            names = []
            parts = (("female", _("Women")), ("male", _("Men"))) if element.by_sex else (("total", _("Number")),)
            for part, label in parts:
                name = f"{element.code}__{part}"
                self.fields[name] = forms.IntegerField(
                    label=f"{element.name} — {label}",
                    required=False,
                    min_value=0,
                    max_value=10_000_000,
                    initial=getattr(value, part) if value else None,
                )
                names.append(name)
            self.rows.append((element, names))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _first, last = period_bounds(self.period)
        staff = evaluate(self.unit, last)
        for element in DATA_ELEMENTS:
            if not element.at_most:
                continue
            for part in ("female", "male"):
                value = data.get(f"{element.code}__{part}")
                if value is None:
                    continue
                if element.at_most == "staff":
                    women = staff.measure("staff_f", self.unit.pk)
                    limit = women if part == "female" else staff.measure("staff", self.unit.pk) - women
                else:
                    limit = data.get(f"{element.at_most}__{part}") or 0
                if value > limit:
                    self.add_error(f"{element.code}__{part}", str(element.at_most_message) % {"limit": limit})
        return data

    def save(self) -> int:
        changed = 0
        with transaction.atomic():
            for element, names in self.rows:
                values = {name.split("__")[1]: self.cleaned_data.get(name) for name in names}
                current = AggregateValue.objects.filter(
                    unit=self.unit, element=element.code, period=self.period
                ).first()
                if all(value is None for value in values.values()):
                    if current is not None:
                        current.delete()
                        changed += 1
                    continue
                if current is None:
                    AggregateValue.objects.create(unit=self.unit, element=element.code, period=self.period, **values)
                    changed += 1
                elif any(getattr(current, key) != value for key, value in values.items()):
                    for key, value in values.items():
                        setattr(current, key, value)
                    current.version += 1
                    current.save()
                    changed += 1
        return changed


@login_required
def data_entry(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    unit = _unit_in_scope(request)
    scope.require(scope.can_use_unit(request.user, unit))
    period = request.GET.get("period") or str(datetime.date.today().year)
    try:
        validate_period(period)
    except forms.ValidationError:
        messages.error(
            request,
            _("“%(value)s” is not a period: write a year (2026) or a half-year (2026-H1, 2026-H2).")
            % {"value": period[:20]},
        )
        return redirect(f"{reverse('indicators:data_entry')}?unit={unit.pk}")
    form = AggregateForm(request.POST or None, unit=unit, period=period)
    if request.method == "POST" and form.is_valid():
        changed = form.save()
        messages.success(request, _("Saved: %(count)d values changed.") % {"count": changed})
        return redirect(f"{reverse('indicators:data_entry')}?unit={unit.pk}&period={period}")
    years = range(PROGRAMME_START.year, datetime.date.today().year + 1)
    periods = [(p, period_label(p)) for year in reversed(years) for p in (str(year), f"{year}-H2", f"{year}-H1")]
    return render(
        request, "indicators/data_entry.html", {"form": form, "unit": unit, "period": period, "periods": periods}
    )


# --- Targets ------------------------------------------------------------------------------------


def _target_or_404(request: HttpRequest, pk: int) -> Target:
    target = scope.restrict(Target.objects.select_related("plan"), request.user, "change").filter(pk=pk).first()
    if target is None:
        if scope.restrict(Target.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such target in your scope."))
    return target


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    target = _target_or_404(request, pk) if pk else None
    initial = {}
    if target is None and request.GET.get("plan", "").isdecimal() and len(request.GET["plan"]) < 12:
        initial["plan"] = int(request.GET["plan"])
    form = TargetForm(request.POST or None, instance=target, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved."))
        return redirect("plans:plan_detail", pk=saved.plan_id)
    return render(request, "indicators/target_form.html", {"form": form, "target": target})


@login_required
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    target = _target_or_404(request, pk)
    plan_id = target.plan_id
    target.delete()
    messages.success(request, _("Deleted."))
    return redirect("plans:plan_detail", pk=plan_id)
