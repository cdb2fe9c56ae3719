"""Compile the project's .po files to .mo with polib, so no system gettext is needed.

Two kinds of catalogue are compiled: the project's shared one (`settings.LOCALE_PATHS`,
`samverkan/locale/`) and each app's own (`samverkan/<app>/locale/`, which Django finds by
itself for every installed app). A new app keeps its strings in its own catalogue, so that
apps written side by side do not edit one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_roots() -> list[Path]:
    """Every locale directory whose catalogues Django reads: LOCALE_PATHS, then each installed
    app's own `locale/` (only the project's apps have .po files to compile)."""
    roots = [Path(root) for root in settings.LOCALE_PATHS]
    base = (Path(settings.BASE_DIR) / "samverkan").resolve()
    for config in apps.get_app_configs():
        root = Path(config.path) / "locale"
        if root.is_dir() and base in root.resolve().parents and root not in roots:
            roots.append(root)
    return roots


class Command(BaseCommand):
    help = "Compile the translation catalogues (locale/*/LC_MESSAGES/*.po, the project's and each app's) to .mo files."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for root in catalogue_roots():
            for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {po_path}")
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} catalogue(s) compiled.")
