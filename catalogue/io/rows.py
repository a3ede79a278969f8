from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Row:
    sheet: str
    number: int  # spreadsheet row (header = 1) or position in the JSON list (from 1)
    cells: dict
    values: dict = field(default_factory=dict)

    def where(self, is_json):
        if is_json:
            return _("%(sheet)s, item %(number)s") % {"sheet": self.sheet, "number": self.number}
        return _("%(sheet)s, row %(number)s") % {"sheet": self.sheet, "number": self.number}
