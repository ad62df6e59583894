from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "binhdang.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from binhdang.core.uploads import remove_files_with
        from binhdang.reports.models import ReportAttachment

        remove_files_with(ReportAttachment)
