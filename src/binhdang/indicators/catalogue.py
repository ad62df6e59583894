"""The built-in indicators: declarative specs over the engine's measures.

A measure is a count per unit that adds up over a subtree (staff, women in the pool, agencies with a
woman among their key leaders ...); engine.py computes every measure for every unit of a subtree
as of a day. An indicator is numerator / denominator of two measures, or one measure counted.
Targets in the seeds map to these codes (Quyết định 2282/QĐ-TTg; the plans of Sở Ngoại vụ ...).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from binhdang.registry.choices import PostLevel

# Training and appointments count from the start of the national programme on gender equality
# 2021–2030 (Nghị quyết 28/NQ-CP), the period of the seeds' targets for 2025 and 2030.
PROGRAMME_START = datetime.date(2021, 1, 1)
LEVELS = [level.value for level in PostLevel]
AGE_BANDS = ("under_30", "30_39", "40_49", "50_59", "60_plus")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    definition: Promise
    numerator: str
    denominator: str | None = None  # None: the numerator is counted (cases, events)
    better: str = "higher"  # "higher" or "lower"
    # The gap in people: "add" — each person added joins numerator and denominator (a woman added
    # to the pool); "convert" — people already counted in the denominator join the numerator (women
    # staff who get trained). gap says it, with %(count)d and %(target)s.
    gap_mode: str = "add"
    gap: Promise | str = ""
    by_level: bool = False  # measures exist per post level: "<measure>__<level>"
    source: str = "registry"  # or "aggregate": uses values entered per unit and period
    counts_people: bool = False  # a count (not a share) of people: small values are hidden from viewers
    # A share over people whose sensitive fact is known: `unknown` counts those left out, and
    # denominator + unknown = `whole` (all the staff or posts). Unknowns are never guessed into the share.
    unknown: str | None = None
    whole: str | None = None

    @property
    def is_share(self) -> bool:
        return self.denominator is not None


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "agencies_woman_key_leader",
        _("Agencies with a woman among their key leaders"),
        _("Share of agencies (org units marked as agencies) where a woman holds a key leader post of the agency."),
        "agencies_woman_key_leader",
        "agencies",
        gap_mode="convert",
        gap=_("%(count)d more agencies with a woman key leader to reach %(target)s"),
    ),
    Indicator(
        "pool_women",
        _("Women in the succession pool"),
        _("Women's share of the people in the succession pool on the day (by level of the planned title)."),
        "pool_f",
        "pool",
        gap=_("%(count)d more women in the succession pool to reach %(target)s"),
        by_level=True,
    ),
    Indicator(
        "pool_women_trained",
        _("Women in the pool who were trained"),
        _("Share of the women in the succession pool who completed a training course since 01/01/2021."),
        "pool_f_trained",
        "pool_f",
        gap_mode="convert",
        gap=_("%(count)d more women of the pool trained to reach %(target)s"),
    ),
    Indicator(
        "leaders_women",
        _("Women in leadership posts"),
        _("Women's share of leadership posts held on the day, by level; heads and deputies apart."),
        "leaders_f",
        "leaders",
        gap=_("%(count)d more women in leadership posts to reach %(target)s"),
        by_level=True,
    ),
    Indicator(
        "heads_women",
        _("Women among heads"),
        _("Women's share of head posts (directors, heads of division, chairpersons) held on the day."),
        "heads_f",
        "heads",
        gap=_("%(count)d more women heads to reach %(target)s"),
        by_level=True,
    ),
    Indicator(
        "appointments_women",
        _("Women among leadership appointments"),
        _("Women's share of leadership posts that started between 01/01/2021 and the day."),
        "appointments_f",
        "appointments",
        gap=_("%(count)d more appointments of women to reach %(target)s"),
    ),
    Indicator(
        "women_units_woman_leader",
        _("Units with 50% women or more that have a woman leader"),
        _("Among units whose staff are at least half women, the share where a woman holds a post of the unit."),
        "women_units_woman_leader",
        "women_units",
        gap_mode="convert",
        gap=_("%(count)d more units with a woman leader to reach %(target)s"),
    ),
    Indicator(
        "minority_leaders",
        _("Ethnic minorities in leadership posts"),
        _(
            "Share of leadership posts held by people of ethnic minorities, over the posts whose holder's "
            "ethnicity is known (compare with their share of staff)."
        ),
        "leaders_minority",
        "leaders_ethnicity_known",
        gap=_("%(count)d more leaders from ethnic minorities to reach %(target)s"),
        unknown="leaders_ethnicity_unknown",
        whole="leaders",
    ),
    Indicator(
        "minority_staff",
        _("Ethnic minorities among staff"),
        _("Share of staff who belong to an ethnic minority, over the staff whose ethnicity is known."),
        "staff_minority",
        "staff_ethnicity_known",
        gap=_("%(count)d more staff from ethnic minorities to reach %(target)s"),
        unknown="staff_ethnicity_unknown",
        whole="staff",
    ),
    Indicator(
        "senior_women",
        _("Women in senior ranks"),
        _("Women's share of staff in the rank of principal specialist or above (or equivalent)."),
        "senior_f",
        "senior",
        gap=_("%(count)d more women in senior ranks to reach %(target)s"),
    ),
    Indicator(
        "party_women",
        _("Women staff who are party members"),
        _("Share of women staff admitted to the Party on or before the day."),
        "staff_f_party",
        "staff_f",
        gap_mode="convert",
        gap=_("%(count)d more women party members to reach %(target)s"),
    ),
    Indicator(
        "party_committee_women",
        _("Women in party committees"),
        _("Women's share of the members of party committees (entered per unit and period)."),
        "party_committee_f",
        "party_committee",
        gap=_("%(count)d more women committee members to reach %(target)s"),
        source="aggregate",
    ),
    Indicator(
        "language_women",
        _("Women staff with a foreign language"),
        _("Share of women staff with at least one foreign language recorded."),
        "staff_f_language",
        "staff_f",
        gap_mode="convert",
        gap=_("%(count)d more women with a foreign language to reach %(target)s"),
    ),
    Indicator(
        "theory_women",
        _("Women staff with intermediate or higher political theory"),
        _("Share of women staff whose political theory level is intermediate or advanced."),
        "staff_f_theory",
        "staff_f",
        gap_mode="convert",
        gap=_("%(count)d more women with intermediate political theory to reach %(target)s"),
    ),
    Indicator(
        "staff_women",
        _("Women among staff"),
        _("Women's share of all staff employed on the day."),
        "staff_f",
        "staff",
        gap=_("%(count)d more women staff to reach %(target)s"),
    ),
    Indicator(
        "health_check_women",
        _("Women staff with a periodic health check"),
        _("Women staff who had a periodic health check in the period (entered as a count), over women staff."),
        "health_check_f",
        "staff_f",
        gap_mode="convert",
        gap=_("%(count)d more women with a health check to reach %(target)s"),
        source="aggregate",
    ),
    Indicator(
        "prenatal_leave",
        _("Pregnant staff given prenatal leave"),
        _("Pregnant women staff given leave for prenatal visits, over pregnant women staff (entered as counts)."),
        "prenatal_leave_f",
        "pregnant_f",
        gap_mode="convert",
        gap=_("%(count)d more pregnant women given leave to reach %(target)s"),
        source="aggregate",
    ),
    Indicator(
        "domestic_violence_cases",
        _("Domestic violence cases among staff"),
        _("Cases of domestic violence involving staff in the period (entered as a count); the target is 0."),
        "domestic_violence_cases",
        better="lower",
        counts_people=True,
        gap=_("%(count)d more cases to reach %(target)s"),
        source="aggregate",
    ),
    Indicator(
        "outreach_events",
        _("Outreach events held"),
        _("Communication and outreach events on gender equality held in the period (entered as a count)."),
        "outreach_events",
        gap=_("%(count)d more events to reach %(target)s"),
        source="aggregate",
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}


@dataclass(frozen=True)
class DataElement:
    """A value entered per unit and period, by sex where it makes sense (DHIS2's data element)."""

    code: str
    name: Promise
    by_sex: bool
    # A rule: the value (women's, when by sex) may not exceed this registry measure or element;
    # at_most_message says so, with %(limit)d.
    at_most: str | None = None
    at_most_message: Promise | str = ""


DATA_ELEMENTS: tuple[DataElement, ...] = (
    DataElement(
        "health_check",
        _("Staff who had a periodic health check"),
        True,
        "staff",
        _("At most %(limit)d, the number of staff on the period's last day."),
    ),
    DataElement(
        "pregnant",
        _("Pregnant staff"),
        True,
        "staff",
        _("At most %(limit)d, the number of staff on the period's last day."),
    ),
    DataElement(
        "prenatal_leave",
        _("Pregnant staff given prenatal leave"),
        True,
        "pregnant",
        _("At most %(limit)d, the number of pregnant staff."),
    ),
    DataElement("domestic_violence_cases", _("Domestic violence cases among staff"), False),
    DataElement("outreach_events", _("Outreach events held"), False),
    DataElement("outreach_participants", _("Participants in outreach events"), True),
    DataElement("party_committee", _("Members of party committees"), True),
)
ELEMENTS: dict[str, DataElement] = {element.code: element for element in DATA_ELEMENTS}


def element_measures(code: str, female: int | None, male: int | None, total: int | None) -> dict[str, int]:
    """The engine measures an entered value adds to: "<code>_f" and "<code>" (women + men), or
    "<code>" alone for an element not kept by sex."""
    element = ELEMENTS.get(code)
    if element is None:
        return {}
    if not element.by_sex:
        return {code: total or 0}
    return {f"{code}_f": female or 0, code: (female or 0) + (male or 0)}
