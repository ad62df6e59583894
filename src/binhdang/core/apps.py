from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "binhdang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core import signals
        from django_tasks.signals import task_finished

        from binhdang.core import metrics, outage, requestid  # noqa: F401  (outage connects its signal on import)

        task_finished.connect(metrics.observe_job, dispatch_uid="binhdang-job-metrics")
        signals.request_started.connect(requestid.request_started, dispatch_uid="binhdang-request-id")
        signals.request_finished.connect(requestid.request_finished, dispatch_uid="binhdang-request-id-end")
