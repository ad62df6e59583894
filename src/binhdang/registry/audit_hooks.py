"""Register the registry's models with the audit log, each entry filed under its person and unit."""

from binhdang.core import audit
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

audit.register(Person, person=lambda p: p.pk)
audit.register(ForeignLanguage, person=lambda x: x.person_id)
audit.register(Employment, person=lambda x: x.person_id, unit=lambda x: x.unit_id)
audit.register(Post, person=lambda x: x.person_id, unit=lambda x: x.unit_id)
audit.register(PoolEntry, person=lambda x: x.person_id)
audit.register(TrainingRecord, person=lambda x: x.person_id)
