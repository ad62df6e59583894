"""Pages of the staff registry: list, person page, create and edit forms for every dated fact."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from binhdang.accounts import scope
from binhdang.core.models import AuditEntry, active_on_q
from binhdang.core.views import paginate
from binhdang.orgs.models import OrgUnit
from binhdang.registry.filtersets import StaffFilterSet
from binhdang.registry.forms import (
    EmploymentForm,
    ForeignLanguageForm,
    PersonForm,
    PoolEntryForm,
    PostForm,
    TrainingRecordForm,
)
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

# The unit filter lists three levels below the user's unit (a province down to its divisions);
# a national administrator would otherwise get 35,000 options in one select.
FILTER_UNIT_LEVELS = 3


def _visible_units(user: Any) -> QuerySet[OrgUnit]:
    today = datetime.date.today()
    top = user.unit.depth if getattr(user, "unit", None) is not None and not scope.is_global(user) else 0
    return (
        scope.restrict(OrgUnit.objects.all(), user)
        .filter(depth__lte=top + FILTER_UNIT_LEVELS)
        .filter(valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .order_by("path")
    )


def staff_queryset(user: Any, day: datetime.date | None = None) -> QuerySet[Person]:
    """People employed in the user's subtree on `day` (today by default)."""
    return Person.objects.filter(scope.working_persons_q(user, day or datetime.date.today()))


def filtered_staff(request: HttpRequest) -> tuple[StaffFilterSet, QuerySet[Person]]:
    """The staff list's filters from the query string, and the people they select (all of the
    user's staff when the filters are absent or invalid): the list page and the export share it."""
    filterset = StaffFilterSet(
        request.GET or None,
        queryset=staff_queryset(request.user),
        units=_visible_units(request.user),
        sensitive=scope.has_right(request.user, "view_sensitive"),
    )
    people = filterset.qs if filterset.is_bound and filterset.is_valid() else staff_queryset(request.user)
    return filterset, people


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_person"))
    sensitive = scope.has_right(request.user, "view_sensitive")
    filterset, people = filtered_staff(request)
    today = datetime.date.today()
    people = people.order_by("sort_key", "id").prefetch_related(
        Prefetch(
            "employments",
            queryset=Employment.objects.filter(active_on_q(today)).select_related("unit"),
            to_attr="current_employments",
        ),
        Prefetch("posts", queryset=Post.objects.filter(active_on_q(today)), to_attr="current_posts"),
    )
    page = paginate(request, people)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "sensitive": sensitive,
        "total": page.paginator.count,
    }
    template = "registry/_staff_table.html" if request.headers.get("HX-Request") else "registry/staff_list.html"
    return render(request, template, context)


def _person_or_404(request: HttpRequest, pk: int, action: str = "view") -> Person:
    person = scope.restrict(Person.objects.all(), request.user, action).filter(pk=pk).first()
    if person is None:
        if scope.restrict(Person.objects.all(), request.user, "view").filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such person in your scope."))
    return person


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_person"))
    user = request.user
    person = _person_or_404(request, pk)
    # A former employee (who now works in another agency) shows only their history here, read only.
    former = not scope.can(user, "record", person)

    def facts(qs: QuerySet[Any]) -> QuerySet[Any]:
        return scope.restrict(qs, user) if former else qs

    audit = (
        scope.restrict(AuditEntry.objects.filter(person_id=person.pk), user).select_related("actor")[:100]
        if scope.has_right(user, "view_audit")
        else []
    )
    context = {
        "person": person,
        "former": former,
        "employments": facts(person.employments.select_related("unit")),
        "posts": facts(person.posts.select_related("unit")),
        "pool_entries": facts(person.pool_entries.all()),
        "training_records": facts(person.training_records.all()),
        "languages": facts(person.languages.all()),
        "sensitive": not former and scope.has_right(user, "view_sensitive"),
        "can_change": not former and scope.can(user, "change", person),
        "audit": audit,
        "today": datetime.date.today(),
    }
    return render(request, "registry/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    person = _person_or_404(request, pk, "change") if pk else None
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": saved.full_name})
        return redirect("registry:person_detail", pk=saved.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


# Dated facts edited on their own pages: (model, form, label).
FACTS: dict[str, tuple[type, type[forms.ModelForm], str]] = {
    "employment": (Employment, EmploymentForm, "employment"),
    "post": (Post, PostForm, "post"),
    "pool": (PoolEntry, PoolEntryForm, "pool"),
    "training": (TrainingRecord, TrainingRecordForm, "training"),
    "language": (ForeignLanguage, ForeignLanguageForm, "language"),
}


def _fact_or_404(request: HttpRequest, kind: str, pk: int) -> Any:
    if kind not in FACTS:
        raise Http404
    model = FACTS[kind][0]
    obj = scope.restrict(model.objects.all(), request.user, "change").filter(pk=pk).first()
    if obj is None:
        raise Http404(_("No such record in your scope."))
    return obj


@login_required
@require_http_methods(["GET", "POST"])
def fact_edit(request: HttpRequest, kind: str, person_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    if kind not in FACTS:
        raise Http404
    model, form_class, _label = FACTS[kind]
    if pk is not None:
        obj = _fact_or_404(request, kind, pk)
        person = obj.person
    else:
        person = _person_or_404(request, person_pk, "change")
        obj = model(person=person)
    form = form_class(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Saved."))
        return redirect("registry:person_detail", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "kind": kind,
        "object": obj if pk else None,
        "model_name": model._meta.verbose_name,
    }
    if kind == "post":
        context["title_suggestions"] = form.title_suggestions
    return render(request, "registry/fact_form.html", context)


@login_required
@require_POST
def fact_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    obj = _fact_or_404(request, kind, pk)
    person = obj.person
    if kind == "employment" and person.employments.count() == 1:
        messages.error(request, _("A person needs at least one employment record; end it instead of deleting it."))
        return redirect("registry:person_detail", pk=person.pk)
    if kind in {"employment", "post"} and not scope.can_use_unit(request.user, obj.unit):
        scope.require(False)
    obj.delete()
    messages.success(request, _("Deleted."))
    return redirect("registry:person_detail", pk=person.pk)
