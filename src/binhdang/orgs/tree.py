"""Reading the org tree: the current subtree by path, and the tree as of any day from unit versions."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from binhdang.core.vietnamese import name_sort_key
from binhdang.orgs.models import OrgUnit, UnitVersion, subtree_q


def subtree(unit: OrgUnit, *, active_on: datetime.date | None = None) -> QuerySet[OrgUnit]:
    """The unit and everything under it now: one indexed prefix query."""
    qs = OrgUnit.objects.filter(subtree_q(unit.path))
    if active_on is not None:
        qs = qs.filter(valid_from__lte=active_on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=active_on))
    return qs


@dataclass
class TreeNode:
    id: int
    code: str
    name: str
    kind: str
    is_agency: bool
    parent_id: int | None
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class Tree:
    day: datetime.date
    nodes: dict[int, TreeNode]
    roots: list[TreeNode]

    def descendants(self, unit_id: int) -> set[int]:
        """The unit and all units under it on this tree's day (the unit itself included)."""
        found: set[int] = set()
        stack = [self.nodes[unit_id]] if unit_id in self.nodes else []
        while stack:
            node = stack.pop()
            found.add(node.id)
            stack.extend(node.children)
        return found


# Within a parent: departments and their divisions before affiliated units, communes last.
_KIND_ORDER = {"province": 0, "department": 1, "division": 2, "affiliated": 3, "commune": 4}


@functools.lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    # Unit names repeat on every page load; the Vietnamese key is the costly part of building a tree.
    return name_sort_key("", name)


def _by_name(node: TreeNode) -> tuple[int, str]:
    return _KIND_ORDER.get(node.kind, 9), _name_key(node.name)


def tree_as_of(day: datetime.date, within: OrgUnit | None = None, within_path: str = "") -> Tree:
    """The tree as it stood on `day`: units in force then, with the names and parents they had.

    Two queries and an in-memory build; `within` limits it to units whose current path lies under
    that unit or that once hung under it (a moved unit is found through its versions).
    `within_path` bounds what is loaded to units whose current path starts with it (a province).
    """
    versions = UnitVersion.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    units = OrgUnit.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    if within_path:
        versions = versions.filter(subtree_q(within_path, "unit__"))
        units = units.filter(subtree_q(within_path))
    # Plain tuples, not model instances: a province has a thousand units and this runs per page.
    version_by_unit = {
        unit_id: (name, parent) for unit_id, name, parent in versions.values_list("unit_id", "name", "parent_id")
    }
    nodes: dict[int, TreeNode] = {}
    for pk, code, name, kind, is_agency in units.values_list("id", "code", "name", "kind", "is_agency"):
        version_name, parent_id = version_by_unit.get(pk, (name, None))
        nodes[pk] = TreeNode(id=pk, code=code, name=version_name, kind=kind, is_agency=is_agency, parent_id=parent_id)
    children: dict[int | None, list[TreeNode]] = defaultdict(list)
    for node in nodes.values():
        parent = node.parent_id if node.parent_id in nodes else None
        children[parent].append(node)
    for node in nodes.values():
        node.children = sorted(children.get(node.id, []), key=_by_name)
    roots = sorted(children[None], key=_by_name)
    tree = Tree(day=day, nodes=nodes, roots=roots)
    if within is not None and within.pk in nodes:
        keep = tree.descendants(within.pk)
        tree = Tree(day=day, nodes={k: v for k, v in nodes.items() if k in keep}, roots=[nodes[within.pk]])
    return tree
