"""Compile locale/*/LC_MESSAGES/*.po to .mo with Babel: no GNU gettext needed."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


class Command(BaseCommand):
    help = "Compile the message catalogues in LOCALE_PATHS (pure Python, replaces compilemessages)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in map(Path, settings.LOCALE_PATHS):
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                try:
                    with po_path.open("rb") as po_file:
                        catalog = read_po(po_file, locale=po_path.parts[-3], abort_invalid=True)
                except Exception as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                with mo_path.open("wb") as mo_file:
                    write_mo(mo_file, catalog, use_fuzzy=False)
                compiled += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"Compiled {po_path}")
        self.stdout.write(f"Message catalogues compiled: {compiled} updated.")
