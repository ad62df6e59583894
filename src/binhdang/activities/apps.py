from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "binhdang.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from binhdang.activities.models import Activity, ActivityAttachment, delete_stored_file
        from binhdang.core import audit

        audit.register(Activity, unit=lambda x: x.unit_id)
        # Attachments are audited by the views (core.audit cannot snapshot a file field yet).
        post_delete.connect(delete_stored_file, sender=ActivityAttachment, dispatch_uid="activities-delete-file")
