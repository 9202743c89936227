"""Checks Django runs at start-up (`manage.py check`): the erasure register must outlive a
restore."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def erasure_register_outside_the_media(app_configs, **kwargs):
    """The register may not lie in the media: a back-up would take an old copy of it along,
    and a restore only goes into an empty media directory, so the register would be gone just
    when it is needed."""
    register_path = Path(settings.ERASURE_REGISTER).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if register_path.is_relative_to(media):
        return [
            Error(
                f"ERASURE_REGISTER ({register_path}) ligt in MEDIA_ROOT ({media}).",
                hint="Zet het wisregister buiten de media, op opslag die een herstel overleeft.",
                id="discussions.E001",
            )
        ]
    return []
