from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "binhdang.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from binhdang.activities.models import Activity, ActivityAttachment
        from binhdang.core import audit
        from binhdang.core.uploads import remove_files_with

        audit.register(Activity, unit=lambda x: x.unit_id)
        # Attachments are audited by the views (core.audit cannot snapshot a file field yet).
        remove_files_with(ActivityAttachment)
