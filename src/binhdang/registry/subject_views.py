"""Pages of a data-subject request (registry.subject): what is held about one person, its export, its
erasure. For HR officers and administrators whose scope covers the person; others get 403 (no right)
or 404 (a person out of their scope, who must not be confirmed to exist)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from binhdang.accounts import scope
from binhdang.registry import subject
from binhdang.registry.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _person(request: HttpRequest, pk: int) -> Person:
    user = request.user
    scope.require(all(scope.has_right(user, right) for right in ("change_person", "view_sensitive", "view_audit")))
    person = scope.restrict(Person.objects.all(), user, "change").filter(pk=pk).first()
    if person is None or not subject.may_handle(user, person):
        raise Http404(_("No such person in your scope."))
    return person


@login_required
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    data = subject.collect(person)
    return render(request, "registry/subject_detail.html", {"person": person, "data": data})


@login_required
def subject_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    kind = request.GET.get("format", "json")
    if kind not in ("json", "xlsx"):
        raise Http404(_("No such format."))
    data = subject.collect(person)
    if kind == "json":
        response = HttpResponse(subject.to_json(data), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(subject.to_xlsx(data), content_type=XLSX)
    subject.record_export(person, request.user, kind)
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{person.pk}.{kind}"'
    return response


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=gettext_lazy("Type the person's employee code to confirm"),
        max_length=64,
        help_text=gettext_lazy("Erasure cannot be undone."),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        if typed != self.person.employee_code:
            raise forms.ValidationError(
                _("This is not the employee code of %(name)s: nothing was erased.") % {"name": self.person.full_name}
            )
        return typed


@login_required
@require_http_methods(["GET", "POST"])
def subject_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = EraseForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        name = person.full_name
        subject.erase(person, request.user)
        messages.success(
            request, _("The personal data of %(name)s were erased; the audit log records the erasure.") % {"name": name}
        )
        return redirect("registry:staff_list")
    data = subject.collect(person)
    return render(request, "registry/subject_erase.html", {"person": person, "data": data, "form": form})
