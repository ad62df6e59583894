"""One FilterSet for the staff list page and the API."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.core.models import active_on_q
from binhdang.core.vietnamese import fold
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.registry.choices import ETHNICITY_CHOICES, EmploymentType, PostLevel, Sex
from binhdang.registry.models import Employment, Person, PoolEntry, Post

AGE_BANDS = [
    ("under30", _("under 30")),
    ("30-39", _("30–39")),
    ("40-49", _("40–49")),
    ("50-59", _("50–59")),
    ("60plus", _("60 and over")),
]
_AGE_LIMITS = {"under30": (0, 29), "30-39": (30, 39), "40-49": (40, 49), "50-59": (50, 59), "60plus": (60, 200)}


def birth_range(band: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Birth dates giving an age within the band on `day`."""
    low, high = _AGE_LIMITS[band]

    def years_before(years: int) -> datetime.date:
        try:
            return day.replace(year=day.year - years)
        except ValueError:  # 29 February
            return day.replace(year=day.year - years, day=28)

    earliest = years_before(high + 1) + datetime.timedelta(days=1)
    latest = years_before(low)
    return earliest, latest


class YesNoAll(forms.Select):
    """A yes / no filter whose empty choice means "everyone" (Django's default says "Unknown")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, choices=[("", pgettext_lazy("filter", "All")), ("true", _("yes")), ("false", _("no"))])

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | None:
        return {"true": True, "false": False, "True": True, "False": False}.get(data.get(name))

    def format_value(self, value: Any) -> list[str]:
        return [{True: "true", False: "false"}.get(value, "")]


class StaffFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search by name or code"), method="filter_search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Org unit (with units below)"), queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    sex = django_filters.ChoiceFilter(label=_("sex"), choices=Sex.choices)
    ethnicity = django_filters.ChoiceFilter(label=_("ethnicity"), choices=ETHNICITY_CHOICES)
    minority = django_filters.BooleanFilter(label=_("ethnic minority"), method="filter_minority", widget=YesNoAll)
    employment_type = django_filters.ChoiceFilter(label=_("employment type"), choices=EmploymentType.choices)
    post_level = django_filters.ChoiceFilter(
        label=_("holds a post at level"), choices=PostLevel.choices, method="filter_post_level"
    )
    in_pool = django_filters.BooleanFilter(label=_("in the succession pool"), method="filter_in_pool", widget=YesNoAll)
    age_band = django_filters.ChoiceFilter(label=_("age"), choices=AGE_BANDS, method="filter_age_band")

    class Meta:
        model = Person
        fields = ["q", "unit", "sex", "ethnicity", "minority", "employment_type", "post_level", "in_pool", "age_band"]

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit] | None = None, sensitive: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = datetime.date.today()
        if units is not None:
            self.filters["unit"].queryset = units
        if not sensitive:
            self.filters.pop("ethnicity")
            self.filters.pop("minority")

    @property
    def qs(self) -> QuerySet[Person]:
        return super().qs

    def filter_search(self, qs: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        folded = fold(value)
        if not folded:
            return qs
        return qs.filter(Q(search_text__contains=folded) | Q(employee_code__iexact=value.strip()))

    def filter_unit(self, qs: QuerySet[Person], name: str, value: OrgUnit | None) -> QuerySet[Person]:
        if value is None:
            return qs
        working = Employment.objects.filter(active_on_q(self.today), subtree_q(value.path, "unit__"))
        return qs.filter(pk__in=working.values("person_id"))

    def filter_minority(self, qs: QuerySet[Person], name: str, value: bool | None) -> QuerySet[Person]:
        if value is None:
            return qs
        # People whose ethnicity is unknown are neither: they are not counted as minority nor as Kinh.
        known = qs.filter(ethnicity__isnull=False)
        return known.exclude(ethnicity="01") if value else known.filter(ethnicity="01")

    def filter_post_level(self, qs: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        if not value:
            return qs
        return qs.filter(Exists(Post.objects.filter(active_on_q(self.today), person=OuterRef("pk"), level=value)))

    def filter_in_pool(self, qs: QuerySet[Person], name: str, value: bool | None) -> QuerySet[Person]:
        if value is None:
            return qs
        in_pool = Exists(PoolEntry.objects.filter(active_on_q(self.today), person=OuterRef("pk")))
        return qs.filter(in_pool) if value else qs.exclude(in_pool)

    def filter_age_band(self, qs: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        if value not in _AGE_LIMITS:
            return qs
        earliest, latest = birth_range(value, self.today)
        return qs.filter(birth_date__gte=earliest, birth_date__lte=latest)
