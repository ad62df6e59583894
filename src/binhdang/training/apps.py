from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "binhdang.training"
    verbose_name = _("Training classes")

    def ready(self) -> None:
        from binhdang.core import audit
        from binhdang.training.models import Attendance, Nomination, Participant, TrainingClass

        # Entries are filed under the organiser (the class's page) and, for people, under the person.
        audit.register(TrainingClass, unit=lambda x: x.organiser_id)
        audit.register(Nomination, unit=lambda x: x.unit_id)
        audit.register(Participant, person=lambda x: x.person_id, unit=lambda x: x.training_class.organiser_id)
        audit.register(Attendance, person=lambda x: x.participant.person_id)
