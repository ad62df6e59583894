"""Plans: list, page with the status of every target, create and edit."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binhdang.accounts import scope
from binhdang.plans.forms import PlanForm
from binhdang.plans.models import Plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    plans = scope.restrict(Plan.objects.select_related("issuer"), request.user)
    return render(request, "plans/plan_list.html", {"plans": plans})


def _plan_or_404(request: HttpRequest, pk: int, action: str = "view") -> Plan:
    plan = scope.restrict(Plan.objects.select_related("issuer"), request.user, action).filter(pk=pk).first()
    if plan is None:
        if action != "view" and scope.restrict(Plan.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such plan in your scope."))
    return plan


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's targets, each with its status today for the unit it applies to."""
    from binhdang.indicators.catalogue import BY_CODE
    from binhdang.indicators.engine import evaluate
    from binhdang.indicators.targets import assess, format_value

    scope.require(scope.has_right(request.user, "view_aggregate"))
    plan = _plan_or_404(request, pk)
    today = datetime.date.today()
    rows = []
    evaluations: dict[int, object] = {}
    for target in plan.targets.select_related("unit").order_by("indicator", "year"):
        indicator = BY_CODE.get(target.indicator)
        if indicator is None:
            continue
        if target.unit_id not in evaluations:
            evaluations[target.unit_id] = evaluate(target.unit, today)
        [assessment] = assess(
            evaluations[target.unit_id],  # type: ignore[arg-type]
            target.unit,
            targets={(target.indicator, ""): target},
            indicators=(indicator,),
        )
        rows.append(
            {
                "target": target,
                "indicator": indicator,
                "goal": format_value(float(target.value), indicator),
                "value": format_value(assessment.result.value, indicator),
                "assessment": assessment,
            }
        )
    can_change = scope.restrict(Plan.objects.filter(pk=plan.pk), request.user, "change").exists()
    return render(request, "plans/plan_detail.html", {"plan": plan, "rows": rows, "can_change": can_change})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    plan = _plan_or_404(request, pk, "change") if pk else None
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved."))
        return redirect("plans:plan_detail", pk=saved.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})
