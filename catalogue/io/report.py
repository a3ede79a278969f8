"""What an import did, or would do: per type the rows created, updated (field by field)
and unchanged, the conflicts with newer work and the workflows an override cancelled.

Plain data (`as_dict` / `from_dict`), so the admin's task can store it and the page can
show it later; `write_xlsx` gives the same as a spreadsheet.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Font

from core.i18n import LANGUAGE_CODES

from .errors import sheet_names

LINE_LENGTH = 80
# A row is named by its first title, in the languages' fallback order: a page may have
# no French title.
LABEL_FIELDS = (
    *(f"title_{code}" for code in LANGUAGE_CODES),
    *(f"name_{code}" for code in LANGUAGE_CODES),
    "name",
)


def one_line(value):
    """A value as one line of at most LINE_LENGTH characters ('…' when cut)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    text = str(value).strip()
    lines = text.splitlines()
    cut = len(lines) > 1
    text = re.sub(r"\s+", " ", lines[0]) if lines else ""
    if len(text) > LINE_LENGTH:
        text, cut = text[: LINE_LENGTH - 1].rstrip(), True
    return text + "…" if cut else text


def _flat(value):
    """A value as one line of text (list items joined by '; ', spaces collapsed)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    return re.sub(r"\s+", " ", str(value)).strip()


# Characters kept before the first difference, so the change is read in its context.
CONTEXT = 20


def changed_parts(old, new):
    """`old` and `new` as one line each, at most LINE_LENGTH characters (and '…' where
    cut): from the start when both fit, otherwise a window around their first
    difference, so an edit at the end of a long text shows on both sides."""
    old, new = _flat(old), _flat(new)
    if len(old) <= LINE_LENGTH and len(new) <= LINE_LENGTH:
        return old, new
    same = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    begin = max(0, same - CONTEXT)
    return _window(old, begin), _window(new, begin)


def _window(text, begin):
    part = text[begin : begin + LINE_LENGTH - 2]
    return ("…" if begin else "") + part + ("…" if begin + len(part) < len(text) else "")


def row_label(values):
    for name in LABEL_FIELDS:
        if values.get(name):
            return one_line(values[name])
    return ""


def field_changes(current, incoming):
    """[{column, old, new}] for the columns whose value the row changes."""
    changes = []
    for header, new in incoming.items():
        if current.get(header) != new:
            old, new = changed_parts(current.get(header), new)
            changes.append({"column": header, "old": old, "new": new})
    return changes


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: {sheet: Counter() for sheet in sheet_names()})
    # {sheet: {"created": [entry], "updated": [entry], "unchanged": [key]}}; an entry is
    # {key, label, fields: [{column, old, new}], notes: [text]} (notes: a draft replaced).
    changes: dict = field(
        default_factory=lambda: {
            sheet: {"created": [], "updated": [], "unchanged": []} for sheet in sheet_names()
        }
    )
    # [{sheet, key, label, reasons: [text], fields, state}]: rows exported before newer
    # work; `state` identifies that work (conflicts.work_state).
    conflicts: list = field(default_factory=list)
    # True when the import went ahead over the conflicts (the editor said so).
    overwrote: bool = False
    # [{sheet, key, label, workflow}]: moderation the override cancelled.
    cancelled_workflows: list = field(default_factory=list)

    def add(self, sheet, outcome, key, label="", fields=(), notes=()):
        self.counts[sheet][outcome] += 1
        if outcome == "unchanged":
            self.changes[sheet]["unchanged"].append(key)
        else:
            self.changes[sheet][outcome].append(
                {"key": key, "label": label, "fields": list(fields), "notes": list(notes)}
            )

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "counts": {sheet: dict(counts) for sheet, counts in self.counts.items()},
            "changes": self.changes,
            "conflicts": self.conflicts,
            "overwrote": self.overwrote,
            "cancelled_workflows": self.cancelled_workflows,
        }

    @classmethod
    def from_dict(cls, data):
        report = cls(
            dry_run=bool(data.get("dry_run")),
            conflicts=list(data.get("conflicts") or []),
            overwrote=bool(data.get("overwrote")),
            cancelled_workflows=list(data.get("cancelled_workflows") or []),
        )
        for sheet, counts in (data.get("counts") or {}).items():
            report.counts[sheet] = Counter(counts)
        for sheet, changes in (data.get("changes") or {}).items():
            report.changes[sheet] = changes
        return report

    def summary_lines(self):
        return [
            _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {
                "sheet": sheet,
                "created": c["created"],
                "updated": c["updated"],
                "unchanged": c["unchanged"],
            }
            for sheet, c in self.counts.items()
        ]

    def detail_lines(self):
        """Every change, conflict and cancelled workflow, for the command's output."""
        lines = []
        for summary, changes in zip(self.summary_lines(), self.changes.values(), strict=True):
            lines.append(summary)
            for entry in changes["created"]:
                lines.append(f"  + {_entry_title(entry)}")
            for entry in changes["updated"]:
                lines.append(f"  ~ {_entry_title(entry)}")
                lines += [f"      ! {note}" for note in entry.get("notes", ())]
                lines += [f"      {_field_line(change)}" for change in entry["fields"]]
            if changes["unchanged"]:
                lines.append(
                    "  = " + _("unchanged: %(keys)s") % {"keys": ", ".join(changes["unchanged"])}
                )
        if self.conflicts:
            lines.append(
                _("Replaced newer changes:")
                if self.overwrote
                else _("Conflicts with newer changes:")
            )
            for conflict in self.conflicts:
                lines.append(f"  ! {conflict['sheet']} {_entry_title(conflict)}")
                lines += [f"      {reason}" for reason in conflict["reasons"]]
                lines += [f"      {_field_line(change)}" for change in conflict["fields"]]
        if self.cancelled_workflows:
            lines.append(_("Moderation cancelled by this import:"))
            lines += [
                "  ! "
                + _("%(sheet)s %(title)s: workflow “%(workflow)s” cancelled")
                % {
                    "sheet": item["sheet"],
                    "title": _entry_title(item),
                    "workflow": item["workflow"],
                }
                for item in self.cancelled_workflows
            ]
        return lines

    def write_xlsx(self, path_or_file):
        """The report as a workbook: one row per change, then conflicts and workflows."""
        workbook = Workbook()
        changes = workbook.active
        changes.title = _("changes")
        changes.append(
            [
                _("sheet"),
                _("key"),
                _("title"),
                _("action"),
                _("column"),
                _("old"),
                _("new"),
                _("note"),
            ]
        )
        actions = {"created": _("created"), "updated": _("updated"), "unchanged": _("unchanged")}
        for sheet, sheet_changes in self.changes.items():
            for entry in sheet_changes["created"]:
                changes.append([sheet, entry["key"], entry["label"], actions["created"]])
            for entry in sheet_changes["updated"]:
                # On each of the entry's rows, as the conflicts' reasons are: a row read
                # alone (filtered, sorted) still says the page's draft is replaced.
                note = " / ".join(entry.get("notes", ())) or None
                for change in entry["fields"] or [{}]:
                    changes.append(
                        [
                            sheet,
                            entry["key"],
                            entry["label"],
                            actions["updated"],
                            change.get("column"),
                            change.get("old"),
                            change.get("new"),
                            note,
                        ]
                    )
            for key in sheet_changes["unchanged"]:
                changes.append([sheet, key, "", actions["unchanged"]])
        conflicts = workbook.create_sheet(_("conflicts"))
        conflicts.append(
            [_("sheet"), _("key"), _("title"), _("newer work"), _("column"), _("old"), _("new")]
        )
        for conflict in self.conflicts:
            reasons = " / ".join(conflict["reasons"])
            for change in conflict["fields"] or [{}]:
                conflicts.append(
                    [
                        conflict["sheet"],
                        conflict["key"],
                        conflict["label"],
                        reasons,
                        change.get("column"),
                        change.get("old"),
                        change.get("new"),
                    ]
                )
        for item in self.cancelled_workflows:
            conflicts.append(
                [
                    item["sheet"],
                    item["key"],
                    item["label"],
                    _("workflow “%(workflow)s” cancelled") % item,
                ]
            )
        for worksheet in (changes, conflicts):
            for cell in worksheet[1]:
                cell.font = Font(bold=True)
            worksheet.freeze_panes = "A2"
            for row in worksheet.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # text, never a formula
            for letter, width in zip("ABCDEFGH", (12, 24, 40, 16, 20, 50, 50, 50), strict=True):
                worksheet.column_dimensions[letter].width = width
        workbook.save(path_or_file)


def _entry_title(entry):
    key = f"'{entry['key']}'"
    return f"{key} “{entry['label']}”" if entry.get("label") else key


def _field_line(change):
    return f"{change['column']}: {change['old'] or '∅'} → {change['new'] or '∅'}"
