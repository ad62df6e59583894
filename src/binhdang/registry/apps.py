from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "binhdang.registry"
    label = "registry"
    verbose_name = _("Staff registry")

    def ready(self) -> None:
        from binhdang.registry import audit_hooks, restructuring  # noqa: F401  (connect signals)
