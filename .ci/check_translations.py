"""Fail on untranslated UI strings: fuzzy entries, or fr/es msgstr empty or equal to msgid.

Run with the project venv: .venv/bin/python .ci/check_translations.py
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

# Strings that really are the same in that language (names, codes, loanwords).
SAME_IN = {
    "fr": {
        "Co-actions",
        "Erasmus+",
        "Interreg",
        "Contact",
        "Type",
        "Page",
        "Email",
        "Suggestions",
        "Licence",
        "Date",
        "Dates",
        "Parameter",
        "Image",
        "Document",
        "logo",
        "description",
        "Organisation",
        "Classification",
        "Total",
        "Pagination",
        "Catalogue",
        "latitude",
        "longitude",
    },
    "es": {
        "Co-actions",
        "Erasmus+",
        "Interreg",
        "Email",
        "Total",
        "%(language)s: %(status)s",
        "%(file)s: %(reason)s",
        # Wagtail's (locale_wagtail/es): "error" is Spanish too.
        "%(range_start)s - %(range_end)s",
        "%(field_label)s:",
        "%(related_model_name)s %(field_label)s",
        "%(num)s error",
        "%(num)s min",
        "%(time_zone_option)s: %(localized_time_zone_label)s",
    },
}


def problems(po_path, language):
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for message in catalog:
        if not message.id:
            continue
        where = f"{po_path}:{message.lineno}"
        if message.fuzzy:
            yield f"{where}: fuzzy entry {message.id!r}"
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if any(not s for s in strings):
            yield f"{where}: untranslated {ids[0]!r}"
        elif strings[0] == ids[0] and ids[0] not in SAME_IN[language]:
            yield f"{where}: same as the English {ids[0]!r} (add it to SAME_IN if intended)"


def main():
    base = Path(__file__).resolve().parent.parent
    root = base / "locale"
    found = []
    for language in ("fr", "es"):
        path = root / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            found.append(f"{path}: missing")
            continue
        found.extend(problems(path, language))
    # Wagtail's strings its Spanish catalogues lack, and corrections to its French ones
    # (coactions/settings/base.py).
    for language in ("es", "fr"):
        for path in sorted((base / "locale_wagtail" / language / "LC_MESSAGES").glob("*.po")):
            found.extend(problems(path, language))
    for line in found:
        print(line)
    print(f"Translations: {len(found)} problem(s).")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
