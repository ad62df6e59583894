"""Org-tree pages: the tree as of any day with staff counts by sex, unit pages, restructuring."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binhdang.accounts import scope
from binhdang.core.models import AuditEntry, active_on_q
from binhdang.indicators.privacy import Everything, Suppression, Table, sees_everything, small_count
from binhdang.orgs import restructuring
from binhdang.orgs.forms import (
    AsOfForm,
    CreateUnitForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
)
from binhdang.orgs.models import OrgUnit, RestructuringEvent, UnitKind, UnitVersion
from binhdang.orgs.tree import TreeNode, tree_as_of
from binhdang.registry.stats import staff_counts, subtree_staff_by_sex


def _roll_up(node: TreeNode, own: dict[int, Counter[str]], total: dict[int, Counter[str]]) -> Counter[str]:
    result = Counter(own.get(node.id, Counter()))
    for child in node.children:
        result += _roll_up(child, own, total)
    total[node.id] = result
    return result


def staff_suppression(user: Any, day: datetime.date, full: Any = None) -> Suppression:
    """Which staff counts by sex a viewer may see on the tree and the unit pages as of `day`.

    One table over the viewer's whole subtree (whatever part a page shows, the same counts are
    hidden): per unit women ("F", id), men ("M", id) and total ("T", id) with women + men = total,
    and each unit's counts = its own staff (not shown, but a viewer reads them off the unit page: its
    total minus its children's) + its children's counts."""
    if sees_everything(user):
        return Everything()
    path = scope.root_path(user)
    if path is None:
        return Everything()
    full = full or tree_as_of(day, within_path=path[: OrgUnit.steplen])
    if path == "":
        roots = list(full.roots)
    else:
        roots = [full.nodes[user.unit_id]] if user.unit_id in full.nodes else []
    own = staff_counts(path, day)
    totals: dict[int, Counter[str]] = {}
    for root in roots:
        _roll_up(root, own, totals)
    table = Table()
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        count, mine = totals[node.id], own.get(node.id, Counter())
        table.cell(("F", node.id), count["F"])
        table.cell(("M", node.id), count["M"])
        table.cell(("T", node.id), count["F"] + count["M"])
        table.total(("T", node.id), [("F", node.id), ("M", node.id)])
        for sex in ("F", "M"):
            table.cell((f"own{sex}", node.id), mine[sex], shown=False)
            table.total((sex, node.id), [(f"own{sex}", node.id), *[(sex, child.id) for child in node.children]])
        stack.extend(reversed(node.children))
    return table.suppress()


TREE_DEPTH = 3  # levels shown below the root at once; deeper units open from their row


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    form = AsOfForm(request.GET or None)
    day = datetime.date.today()
    if form.is_valid() and form.cleaned_data.get("on"):
        day = form.cleaned_data["on"]
    visible_units = scope.restrict(OrgUnit.objects.all(), request.user)
    root_unit = None
    if request.GET.get("root", "").isdecimal():
        root_unit = visible_units.filter(pk=int(request.GET["root"])).first()
    if root_unit is None and not scope.is_global(request.user):
        root_unit = request.user.unit
    path = root_unit.path if root_unit else ""
    # Units never leave their province, so the province bounds the history we need to load.
    full = tree_as_of(day, within_path=path[: OrgUnit.steplen])
    if root_unit is not None:
        roots = [full.nodes[root_unit.pk]] if root_unit.pk in full.nodes else []
    else:
        roots = list(full.roots)
    own = staff_counts(path, day)
    totals: dict[int, Counter[str]] = {}
    for root in roots:
        _roll_up(root, own, totals)
    hidden = staff_suppression(request.user, day, full)
    rows: list[dict[str, Any]] = []

    def walk(node: TreeNode, depth: int) -> None:
        count = totals.get(node.id, Counter())
        # No row shows two numbers of its three with the third hidden (the difference would give it).
        rows.append(
            {
                "node": node,
                "depth": depth,
                "kind_label": UnitKind(node.kind).label,
                "female": _shown(hidden, ("F", node.id), count["F"], request.user),
                "male": _shown(hidden, ("M", node.id), count["M"], request.user),
                "total": _shown(hidden, ("T", node.id), count["F"] + count["M"], request.user),
                "more": bool(node.children) and depth + 1 >= TREE_DEPTH,
            }
        )
        if depth + 1 < TREE_DEPTH:
            for child in node.children:
                walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    context = {"rows": rows, "form": form, "day": day, "root": root_unit}
    return render(request, "orgs/tree.html", context)


def _shown(hidden: Suppression, key: tuple[str, int], value: int, user: Any) -> int | str:
    """A count of the staff table as `user` sees it (a unit outside the table: its count alone)."""
    if key in hidden.values:
        return hidden.shown(key)  # type: ignore[return-value]
    return small_count(value, user)


def _unit_or_404(request: HttpRequest, pk: int, action: str = "view") -> OrgUnit:
    unit = scope.restrict(OrgUnit.objects.all(), request.user, action).filter(pk=pk).first()
    if unit is None:
        if action != "view" and scope.restrict(OrgUnit.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such unit in your scope."))
    return unit


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    unit = _unit_or_404(request, pk)
    today = datetime.date.today()
    visible_root = scope.root_path(request.user) or ""
    ancestors = [u for u in unit.ancestors_and_self()[:-1] if u.path.startswith(visible_root)]
    children = OrgUnit.objects.get_children(unit).order_by("name")
    # Each unit below with its own units below, as the tree page counts them.
    full = tree_as_of(today, within_path=unit.path[: OrgUnit.steplen])
    counts: dict[int, Counter[str]] = {}
    if unit.pk in full.nodes:
        _roll_up(full.nodes[unit.pk], staff_counts(unit.path, today), counts)
    counts = defaultdict(Counter, counts)
    subtree_count = subtree_staff_by_sex(unit.path, today)
    hidden = staff_suppression(request.user, today, full)
    posts = []
    if scope.has_right(request.user, "view_person"):
        posts = list(unit.posts.filter(active_on_q(today)).select_related("person").order_by("rank", "title"))
    audit = (
        AuditEntry.objects.filter(unit_id=unit.pk).select_related("actor")[:100]
        if scope.has_right(request.user, "view_audit")
        else []
    )
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "children": [
            {
                "unit": c,
                "female": _shown(hidden, ("F", c.pk), counts[c.pk]["F"], request.user),
                "male": _shown(hidden, ("M", c.pk), counts[c.pk]["M"], request.user),
            }
            for c in children
        ],
        "female": _shown(hidden, ("F", unit.pk), subtree_count["F"], request.user),
        "male": _shown(hidden, ("M", unit.pk), subtree_count["M"], request.user),
        "posts": posts,
        "versions": UnitVersion.objects.filter(unit=unit).select_related("parent", "event"),
        "events": RestructuringEvent.objects.filter(Q(sources=unit) | Q(targets=unit)).distinct().order_by("-date"),
        "audit": audit,
        "can_change": scope.can(request.user, "change", unit),
    }
    return render(request, "orgs/unit_detail.html", context)


def _apply(request: HttpRequest, form: Any, action: Any, template: str, context: dict[str, Any]) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            unit = action(form.cleaned_data)
        except ValidationError as error:
            for field, errors in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:unit_detail", pk=unit.pk)
    return render(request, template, {"form": form, **context})


def _common(data: dict[str, Any]) -> dict[str, Any]:
    return {"decision_number": data.get("decision_number", ""), "note": data.get("note", "")}


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_org"))
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = request.GET["parent"]
    form = CreateUnitForm(request.POST or None, user=request.user, initial=initial)

    def action(data: dict[str, Any]) -> OrgUnit:
        spec = restructuring.NewUnit(data["code"], data["name"], data["kind"], data["is_agency"])
        return restructuring.create_unit(spec, data.get("parent"), data["date"], **_common(data))

    return _apply(request, form, action, "orgs/restructure_form.html", {"title": _("New unit")})


RESTRUCTURINGS = {
    "rename": (RenameForm, _("Rename")),
    "move": (MoveForm, _("Move")),
    "merge": (MergeForm, _("Merge units into this one")),
    "split": (SplitForm, _("Split")),
    "dissolve": (DissolveForm, _("Dissolve")),
}


@login_required
@require_http_methods(["GET", "POST"])
def unit_restructure(request: HttpRequest, pk: int, operation: str) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_org"))
    if operation not in RESTRUCTURINGS:
        raise Http404
    unit = _unit_or_404(request, pk, "change")
    form_class, title = RESTRUCTURINGS[operation]
    form = form_class(request.POST or None, user=request.user, unit=unit)

    def action(data: dict[str, Any]) -> OrgUnit:
        day = data["date"]
        if operation == "rename":
            return restructuring.rename(unit, data["name"], day, **_common(data))
        if operation == "move":
            return restructuring.move(unit, data["new_parent"], day, **_common(data))
        if operation == "merge":
            return restructuring.merge(list(data["others"]), unit, day, **_common(data))
        if operation == "split":
            parts = [restructuring.NewUnit(code, name, unit.kind, unit.is_agency) for code, name in data["parts"]]
            return restructuring.split(unit, parts, day, **_common(data))[0]
        return restructuring.dissolve(unit, day, **_common(data))

    return _apply(
        request, form, action, "orgs/restructure_form.html", {"title": title, "unit": unit, "operation": operation}
    )
