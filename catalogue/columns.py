"""Spreadsheet columns: how one cell maps to one model field, both ways.

Each catalogue type lists its columns (`catalogue_columns` on the model); the importer
and exporter only talk to these objects. A column parses a raw cell into an internal
value (raising ValueError with a reason a person can act on), reads the internal value
from an object, writes it back, and exports it as a JSON-ready value. Two objects are
"unchanged" when their exported values are equal.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from django_countries import countries

from core.i18n import LANGUAGE_CODES
from core.text import paragraphs_html

from .markdown import html_to_markdown, markdown_to_html

LIST_SEPARATOR = ";"


def as_text(raw):
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def as_list(raw):
    if raw is None or raw == "":
        return []
    if isinstance(raw, (list, tuple)):
        items = [as_text(item) for item in raw]
    else:
        items = [item.strip() for item in as_text(raw).split(LIST_SEPARATOR)]
    return [item for item in items if item]


class ColumnError(ValueError):
    def __init__(self, column, reason):
        super().__init__(reason)
        self.column = column


class Column:
    """One cell <-> one attribute. `name` is the column header."""

    def __init__(self, name, attr=None, required=False):
        self.name = name
        self.attr = attr or name
        self.required = required

    @property
    def headers(self):
        return [self.name]

    def parse(self, raw, context):
        value = as_text(raw)
        if self.required and not value:
            raise ValueError(_("a value is required"))
        return value

    def read(self, obj, attr=None):
        return getattr(obj, attr or self.attr)

    def write(self, obj, value, context, attr=None):
        setattr(obj, attr or self.attr, value)

    def export(self, value):
        return value if value is not None else ""

    # A row is a dict header -> cell; TranslatedColumn spreads one column over three headers.
    def parse_row(self, row, context):
        try:
            return {self.name: self.parse(row.get(self.name), context)}
        except ValueError as exc:
            raise ColumnError(self.name, str(exc)) from exc

    def read_row(self, obj):
        return {self.name: self.export(self.read(obj))}

    def export_row(self, values):
        """Parsed values as an export would write them (to compare with read_row)."""
        return {self.name: self.export(values[self.name])}

    def write_row(self, obj, values, context):
        self.write(obj, values[self.name], context)

    def keep_refs(self, row, exported):
        """Drop from an exported row the references to objects left out of the export."""


class TranslatedColumn(Column):
    """`name_fr`, `name_en`, `name_es`; only French is required, when the column is."""

    def __init__(self, base):
        super().__init__(base.name, base.attr, base.required)
        self.base = base

    @property
    def headers(self):
        return [f"{self.name}_{code}" for code in LANGUAGE_CODES]

    def parse_row(self, row, context):
        values = {}
        for index, code in enumerate(LANGUAGE_CODES):
            header = f"{self.name}_{code}"
            raw = row.get(header)
            if not as_text(raw):
                if index == 0 and self.required:
                    raise ColumnError(header, _("the French text is required"))
                values[header] = ""
                continue
            try:
                values[header] = self.base.parse(raw, context)
            except ValueError as exc:
                raise ColumnError(header, str(exc)) from exc
        return values

    def read_row(self, obj):
        return {
            f"{self.name}_{code}": self.base.export(self.base.read(obj, f"{self.attr}_{code}"))
            for code in LANGUAGE_CODES
        }

    def export_row(self, values):
        return {header: self.base.export(values[header]) for header in self.headers}

    def write_row(self, obj, values, context):
        for code in LANGUAGE_CODES:
            self.base.write(obj, values[f"{self.name}_{code}"], context, f"{self.attr}_{code}")
        # The plain attribute mirrors the default language, as modeltranslation expects.
        default = f"{self.attr}_{LANGUAGE_CODES[0]}"
        setattr(obj, self.attr, getattr(obj, default))


class TextColumn(Column):
    default_max_length = None

    def __init__(self, name, attr=None, required=False, max_length=None):
        super().__init__(name, attr, required)
        self.max_length = max_length or self.default_max_length

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if self.max_length and len(value) > self.max_length:
            raise ValueError(
                _("at most %(max)s characters (got %(length)s)")
                % {"max": self.max_length, "length": len(value)}
            )
        return value


class MarkdownColumn(TextColumn):
    """Markdown in the cell, rich-text HTML on the model."""

    def parse(self, raw, context):
        return markdown_to_html(super().parse(raw, context))

    def export(self, value):
        return html_to_markdown(value)


class StreamMarkdownColumn(MarkdownColumn):
    """Markdown for the paragraph blocks of a StreamField; other blocks stay as they are."""

    def read(self, obj, attr=None):
        return paragraphs_html(getattr(obj, attr or self.attr))

    def write(self, obj, value, context, attr=None):
        attr = attr or self.attr
        current = getattr(obj, attr)
        raw = list(current.raw_data) if current is not None else []
        first = next((i for i, block in enumerate(raw) if block["type"] == "paragraph"), 0)
        before = [block for block in raw[:first] if block["type"] != "paragraph"]
        after = [block for block in raw[first:] if block["type"] != "paragraph"]
        paragraph = [{"type": "paragraph", "value": value}] if value else []
        setattr(obj, attr, before + paragraph + after)


class IntColumn(Column):
    def __init__(self, name, attr=None, required=False, minimum=None, maximum=None):
        super().__init__(name, attr, required)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, raw, context):
        text = super().parse(raw, context)
        if not text:
            return None
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("'%(value)s' is not a whole number") % {"value": text})
        value = int(text)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise ValueError(
                _("%(value)s is outside %(minimum)s-%(maximum)s")
                % {"value": value, "minimum": self.minimum, "maximum": self.maximum}
            )
        return value

    def export(self, value):
        return value


class DateColumn(Column):
    def parse(self, raw, context):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = super().parse(raw, context)
        if not text:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("'%(value)s' is not a date in the form YYYY-MM-DD") % {"value": text}
            ) from None

    def export(self, value):
        return value.isoformat() if value else None


class ChoiceColumn(Column):
    def __init__(self, name, choices, attr=None, required=True):
        super().__init__(name, attr, required)
        self.choices = choices

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if value and value not in self.choices.values:
            expected = ", ".join(self.choices.values)
            raise ValueError(
                _("unknown value '%(value)s' (expected one of: %(expected)s)")
                % {"value": value, "expected": expected}
            )
        return value


class CountryColumn(Column):
    def parse(self, raw, context):
        value = super().parse(raw, context).upper()
        if value and value not in countries:
            raise ValueError(
                _("'%(value)s' is not an ISO 3166 alpha-2 country code") % {"value": value}
            )
        return value

    def read(self, obj, attr=None):
        return getattr(obj, attr or self.attr).code or ""


class CountriesColumn(Column):
    def parse(self, raw, context):
        codes = [code.upper() for code in as_list(raw)]
        unknown = [code for code in codes if code not in countries]
        if unknown:
            raise ValueError(
                _("not ISO 3166 alpha-2 country codes: %(values)s") % {"values": ", ".join(unknown)}
            )
        return sorted(set(codes))

    def read(self, obj, attr=None):
        return sorted(country.code for country in getattr(obj, attr or self.attr))

    def export(self, value):
        return list(value)


class EmailColumn(TextColumn):
    default_max_length = 254  # EmailField's

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if value:
            try:
                EmailValidator()(value)
            except ValidationError:
                raise ValueError(
                    _("'%(value)s' is not a valid email address") % {"value": value}
                ) from None
        return value


class URLColumn(TextColumn):
    default_max_length = 200  # URLField's

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ValueError(
                    _("'%(value)s' is not a valid http(s) address") % {"value": value}
                ) from None
        return value


class RefColumn(Column):
    """The key of another catalogue object (`target` names its sheet)."""

    def __init__(self, name, target, attr=None, required=False):
        super().__init__(name, attr, required)
        self.target = target

    def parse(self, raw, context):
        ref = super().parse(raw, context)
        if ref and not context.knows(self.target, ref):
            raise ValueError(
                _("unknown %(sheet)s reference '%(value)s'") % {"sheet": self.target, "value": ref}
            )
        return ref

    def read(self, obj, attr=None):
        related = getattr(obj, attr or self.attr)
        return related.ref if related is not None else ""

    def write(self, obj, value, context, attr=None):
        setattr(obj, attr or self.attr, context.lookup(self.target, value) if value else None)

    def keep_refs(self, row, exported):
        if row.get(self.name) and row[self.name] not in exported[self.target]:
            row[self.name] = ""


class RefListColumn(RefColumn):
    """Several keys: `;`-separated in a spreadsheet, a list in JSON."""

    def __init__(self, name, target, attr=None, ordered=False, key="ref"):
        super().__init__(name, target, attr)
        self.ordered = ordered
        self.key = key

    def parse(self, raw, context):
        refs = as_list(raw)
        unknown = [ref for ref in refs if not context.knows(self.target, ref)]
        if unknown:
            raise ValueError(
                _("unknown %(sheet)s reference(s): %(values)s")
                % {"sheet": self.target, "values": ", ".join(unknown)}
            )
        if len(set(refs)) != len(refs):
            raise ValueError(_("a reference is listed twice"))
        return refs if self.ordered else sorted(refs)

    def read(self, obj, attr=None):
        refs = [getattr(item, self.key) for item in self.read_objects(obj)]
        return refs if self.ordered else sorted(refs)

    def read_objects(self, obj):
        return list(getattr(obj, self.attr).all())

    def export(self, value):
        return list(value)

    def keep_refs(self, row, exported):
        row[self.name] = [ref for ref in row[self.name] if ref in exported[self.target]]

    def write(self, obj, value, context, attr=None):
        getattr(obj, attr or self.attr).set([context.lookup(self.target, ref) for ref in value])


class SlugColumn(TextColumn):
    """A stable key: lowercase letters, digits, hyphens and underscores."""

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if value and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,79}", value):
            raise ValueError(
                _(
                    "'%(value)s' is not a valid key "
                    "(lowercase letters, digits, '-' or '_', at most 80)"
                )
                % {"value": value}
            )
        return value


class UpdatedAtColumn(Column):
    """When the page was last published (UTC, whole seconds): read-only on import.

    An import compares it with the page's history to find rows exported before someone
    else's newer work (catalogue.io.conflicts); it is never written.
    """

    read_only = True

    def __init__(self, name="updated_at"):
        super().__init__(name, "last_published_at")

    def parse(self, raw, context):
        if isinstance(raw, datetime.datetime):
            moment = raw
        else:
            text = as_text(raw)
            if not text:
                return None
            try:
                moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(
                    _("'%(value)s' is not a time in the form YYYY-MM-DDTHH:MM:SSZ")
                    % {"value": text[:80]}
                ) from None
        return whole_seconds(moment)

    def read(self, obj, attr=None):
        return whole_seconds(getattr(obj, self.attr))

    def export(self, value):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""

    def write(self, obj, value, context, attr=None):
        pass  # read-only


def whole_seconds(moment):
    """A moment in UTC, to the second (a naive one is taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).replace(microsecond=0)
