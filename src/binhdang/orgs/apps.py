from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "binhdang.orgs"
    label = "orgs"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from binhdang.core import audit
        from binhdang.orgs.models import OrgUnit

        audit.register(OrgUnit, unit=lambda u: u.pk)
