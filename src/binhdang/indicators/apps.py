from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "binhdang.indicators"
    label = "indicators"
    verbose_name = _("Indicators and targets")

    def ready(self) -> None:
        from binhdang.core import audit
        from binhdang.indicators.models import AggregateValue, Target

        audit.register(AggregateValue, unit=lambda x: x.unit_id)
        audit.register(Target, unit=lambda x: x.unit_id)
