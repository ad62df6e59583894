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

        # Every write to the engine's tables renews the stamp its cached evaluations are keyed by.
        from django.db import connections
        from django.db.backends.signals import connection_created

        from binhdang.indicators import stamp

        connection_created.connect(stamp.on_connection_created, dispatch_uid="indicators-stamp")
        for connection in connections.all(initialized_only=True):
            stamp.watch(connection)
