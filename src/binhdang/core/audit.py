"""The audit log: every create, change and delete of a registered model, with who and what changed.

Models register once (`register(Model, person=..., unit=...)`); saving or deleting through the ORM
records an entry. The actor comes from a context variable set by the middleware, the API and the
management commands, so service code does not pass the user around.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import functools
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import get_language, gettext

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_actor", default=None)
_batch: contextvars.ContextVar[str] = contextvars.ContextVar("audit_batch", default="")
_registry: dict[type[models.Model], tuple[Callable[[Any], int | None], Callable[[Any], int | None]]] = {}


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    return _actor.get()


@contextlib.contextmanager
def batch(label: str = "") -> Iterator[str]:
    """Group the entries written inside the block (an import, a restructuring) under one id."""
    key = label or uuid.uuid4().hex
    token = _batch.set(key)
    try:
        yield key
    finally:
        _batch.reset(token)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


# Bookkeeping columns nobody needs to read in a change history.
_SKIPPED = {"id", "path", "depth", "numchild", "search_text", "sort_key", "version", "password", "last_login"}


@functools.lru_cache(maxsize=1024)
def _choice_labels(field: models.Field, language: str) -> dict[Any, str]:
    # Per field and language: bulk imports snapshot hundreds of thousands of rows.
    return {key: str(label) for key, label in field.flatchoices}


def _readable(instance: models.Model, field: models.Field) -> Any:
    """What a person reads: the label of a choice, the name of a related record, yes / no."""
    value = field.value_from_object(instance)
    if value is None:
        return None
    if field.is_relation:
        related = getattr(instance, field.name, None)
        return str(related) if related is not None else value
    if field.choices:
        return _choice_labels(field, get_language() or "").get(value, value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return _plain(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    return {
        field.name: _readable(instance, field) for field in instance._meta.concrete_fields if field.name not in _SKIPPED
    }


def _labels(instance: models.Model) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in instance._meta.concrete_fields}


def record(
    action: str,
    instance: models.Model,
    changes: dict[str, Any] | None = None,
    *,
    person_id: int | None = None,
    unit_id: int | None = None,
) -> None:
    from binhdang.core.models import AuditEntry

    actor = current_actor()
    if person_id is None and unit_id is None and type(instance) in _registry:
        person_of, unit_of = _registry[type(instance)]
        person_id, unit_id = person_of(instance), unit_of(instance)
    AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        model=instance._meta.label_lower,
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        changes=changes or {},
        person_id=person_id,
        unit_id=unit_id,
        batch=_batch.get(),
    )


def record_created(instances: list[models.Model]) -> None:
    """One "create" entry per instance saved with bulk_create (which sends no signals)."""
    from binhdang.core.models import AuditEntry

    if not instances:
        return
    actor = current_actor()
    actor = actor if getattr(actor, "pk", None) else None
    labels = _labels(instances[0])
    person_of, unit_of = _registry.get(type(instances[0]), (lambda obj: None, lambda obj: None))
    entries = []
    for instance in instances:
        after = snapshot(instance)
        changes = {k: {"label": labels[k], "new": v} for k, v in after.items() if v not in (None, "", False)}
        entries.append(
            AuditEntry(
                actor=actor,
                action="create",
                model=instance._meta.label_lower,
                object_id=instance.pk,
                object_repr=str(instance)[:300],
                changes=changes,
                person_id=person_of(instance),
                unit_id=unit_of(instance),
                batch=_batch.get(),
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old else None  # type: ignore[attr-defined]


def _on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    after = snapshot(instance)
    labels = _labels(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {k: {"label": labels[k], "new": v} for k, v in after.items() if v not in (None, "", False)}
        record("create", instance, changes)
        return
    changes = {k: {"label": labels[k], "old": before.get(k), "new": v} for k, v in after.items() if before.get(k) != v}
    if changes:
        record("update", instance, changes)


def _on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    record("delete", instance, {})


def register(
    model: type[models.Model],
    *,
    person: Callable[[Any], int | None] = lambda obj: None,
    unit: Callable[[Any], int | None] = lambda obj: None,
) -> None:
    _registry[model] = (person, unit)
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_on_pre_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_on_post_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_on_post_delete, sender=model, dispatch_uid=uid + "-del")
