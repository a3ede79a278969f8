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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.i18n import LANGUAGE_CODES
from core.text import paragraphs_html

from .markdown import html_to_markdown, markdown_to_html
from .values import choice_names, country_code, normalize, parse_date, quote

# The export joins a list's items with ';'. The import reads line breaks (Alt+Enter in a
# spreadsheet cell) as separators too, and in a list of refs a comma: no ref holds one
# (REF_PATTERN), and the parts of a name that does are read together (RefListColumn.items).
LIST_SEPARATOR = ";"
LINE_BREAKS = "\r\n"
ITEM_SEPARATORS = LIST_SEPARATOR + LINE_BREAKS
# A host name and what follows it, as an address is written without its scheme.
WEB_HOST = re.compile(r"[^\W_][\w-]*(\.[\w-]+)+(?=[/:?#]|$)")


def as_text(raw):
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def check_text(value):
    """ValueError for text no database can store (a lone surrogate such as "\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            _("'%(value)s' contains a character that is not valid Unicode")
            % {"value": quote(value)}
        ) from None
    if "\x00" in value:
        raise ValueError(_("'%(value)s' contains a NUL character") % {"value": quote(value)})
    return value


def as_list(raw, separators=ITEM_SEPARATORS):
    """A cell's items: a JSON list's, or a text's split at any of `separators` (';' and
    line breaks by default); blank items are dropped."""
    if raw is None or raw == "":
        return []
    if isinstance(raw, (list, tuple)):
        items = [as_text(item) for item in raw]
    else:
        items = [item.strip() for item in re.split(f"[{re.escape(separators)}]", as_text(raw))]
    return [item for item in items if item]


class ColumnError(ValueError):
    def __init__(self, column, reason):
        super().__init__(reason)
        self.column = column


class Column:
    """One cell <-> one attribute. `name` is the column header."""

    # Whether the open-data export (the public download) holds this column; the staff
    # export and the importer know every column.
    public = True

    def __init__(self, name, attr=None, required=False):
        self.name = name
        self.attr = attr or name
        self.required = required

    @property
    def headers(self):
        return [self.name]

    def describe(self):
        """What a cell holds, for the README sheet (in the active language)."""
        return _("Text.")

    def descriptions(self):
        """[(header, required, description)] for the README sheet."""
        return [(self.name, self.required, self.describe())]

    def parse(self, raw, context):
        value = check_text(as_text(raw))
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
    # A header the row does not hold (a column left out of the sheet, a key left out of a
    # JSON item) is no value at all: the object keeps what it has. An empty cell is one.
    def parse_row(self, row, context):
        if self.name not in row:
            return {}
        try:
            return {self.name: self.parse(row[self.name], context)}
        except ValueError as exc:
            raise ColumnError(self.name, str(exc)) from exc

    def read_row(self, obj):
        return {self.name: self.export(self.read(obj))}

    def export_row(self, values):
        """Parsed values as an export would write them (to compare with read_row)."""
        if self.name not in values:
            return {}
        return {self.name: self.export(values[self.name])}

    def write_row(self, obj, values, context):
        if self.name in values:
            self.write(obj, values[self.name], context)

    def keep_refs(self, row, exported):
        """Drop from an exported row the references to objects left out of the export."""


class TranslatedColumn(Column):
    """`name_fr`, `name_en`, `name_es`. A required column needs its French text, or with
    `any_language` text in one language at least, whichever: a page may be written in
    Spanish first (core.forms)."""

    def __init__(self, base, any_language=False):
        super().__init__(base.name, base.attr, base.required)
        self.base = base
        self.any_language = any_language

    @property
    def headers(self):
        return [f"{self.name}_{code}" for code in LANGUAGE_CODES]

    def descriptions(self):
        if self.any_language:
            notes = {"fr": _("In French."), "en": _("In English."), "es": _("In Spanish.")}
            required = _("Required in one language at least.") if self.required else ""
        else:
            notes = {
                "fr": _("In French."),
                "en": _("In English (optional)."),
                "es": _("In Spanish (optional)."),
            }
            required = ""
        return [
            (
                f"{self.name}_{code}",
                self.required and not self.any_language and index == 0,
                f"{self.base.describe()} {notes.get(code, '')} {required}".strip(),
            )
            for index, code in enumerate(LANGUAGE_CODES)
        ]

    def parse_row(self, row, context):
        values = {}
        for index, code in enumerate(LANGUAGE_CODES):
            header = f"{self.name}_{code}"
            if header not in row:
                continue
            raw = row[header]
            if not as_text(raw):
                if index == 0 and self.required and not self.any_language:
                    raise ColumnError(header, _("the French text is required"))
                values[header] = ""
                continue
            try:
                values[header] = self.base.parse(raw, context)
            except ValueError as exc:
                raise ColumnError(header, str(exc)) from exc
        # A row creating a page has every header (absent ones read as empty cells).
        complete = len(values) == len(self.headers)
        if self.any_language and self.required and complete and not any(values.values()):
            raise ColumnError(self.headers[0], _("required in one language at least"))
        return values

    def read_row(self, obj):
        return {
            f"{self.name}_{code}": self.base.export(self.base.read(obj, f"{self.attr}_{code}"))
            for code in LANGUAGE_CODES
        }

    def export_row(self, values):
        return {
            header: self.base.export(values[header]) for header in self.headers if header in values
        }

    def write_row(self, obj, values, context):
        for code in LANGUAGE_CODES:
            if f"{self.name}_{code}" in values:
                self.base.write(obj, values[f"{self.name}_{code}"], context, f"{self.attr}_{code}")
        # The plain attribute mirrors the default language, as modeltranslation expects.
        default = f"{self.attr}_{LANGUAGE_CODES[0]}"
        setattr(obj, self.attr, getattr(obj, default))


class TextColumn(Column):
    default_max_length = None

    def __init__(self, name, attr=None, required=False, max_length=None):
        super().__init__(name, attr, required)
        self.max_length = max_length or self.default_max_length

    def describe(self):
        if self.max_length:
            return _("Text, at most %(max)s characters.") % {"max": self.max_length}
        return _("Text.")

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

    def describe(self):
        return _("Text with Markdown formatting: **bold**, *italic*, [link](https://…), lists.")

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

    def describe(self):
        return _("A whole number from %(minimum)s to %(maximum)s.") % {
            "minimum": self.minimum,
            "maximum": self.maximum,
        }

    def parse(self, raw, context):
        text = super().parse(raw, context)
        if not text:
            return None
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise ValueError(_("'%(value)s' is not a whole number") % {"value": quote(text)})
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


class CoordinateColumn(Column):
    """A latitude or longitude in decimal degrees, within [minimum, maximum].

    A comma is read as the decimal separator too, as French and Spanish spreadsheets
    write it; values are kept to six decimals (about 10 cm).
    """

    def __init__(self, name, minimum, maximum, attr=None):
        super().__init__(name, attr)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, raw, context):
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            value = float(raw)
        else:
            text = super().parse(raw, context).replace(",", ".")
            if not text:
                return None
            if not re.fullmatch(r"[-+]?\d{1,3}(\.\d+)?", text):
                raise ValueError(
                    _("'%(value)s' is not a number in decimal degrees (e.g. 44.84)")
                    % {"value": text}
                )
            value = float(text)
        if not self.minimum <= value <= self.maximum:
            raise ValueError(
                _("%(value)s is outside %(minimum)s to %(maximum)s")
                % {"value": value, "minimum": self.minimum, "maximum": self.maximum}
            )
        return round(value, 6)

    def export(self, value):
        return value


class DateColumn(Column):
    def describe(self):
        return _(
            "A date: YYYY-MM-DD, or day first DD/MM/YYYY (also DD.MM.YYYY, DD-MM-YYYY, "
            "DD/MM/YY with YY 00-29 for 20YY and 30-99 for 19YY, as spreadsheets read it), "
            "or a date cell."
        )

    def parse(self, raw, context):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = super().parse(raw, context)
        if not text:
            return None
        return parse_date(text)

    def export(self, value):
        return value.isoformat() if value else None


class ChoiceColumn(Column):
    """The stored key, or its label in any language (case, accents and spaces ignored), or
    one of the `other_names` declared for it ({key: (name, ...)}), or a label's first word
    when it names no other choice (catalogue.values.choice_names)."""

    def __init__(self, name, choices, attr=None, required=True, other_names=None):
        super().__init__(name, attr, required)
        self.choices = choices
        self.other_names = other_names or {}
        self._names = None

    def describe(self):
        return _(
            "One of the values listed on the right: its key, one of the names listed "
            "beside it, or the first word of a name that no other value has."
        )

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if not value:
            return value
        if self._names is None:
            self._names = choice_names(self.choices, self.other_names)
        aliases, ambiguous = self._names
        key = aliases.get(normalize(value))
        if key is not None:
            return key
        labels = dict(self.choices.choices)
        could_be = ambiguous.get(normalize(value))
        if could_be:
            raise ValueError(
                _("ambiguous value '%(value)s' (it could be: %(choices)s); write the whole name")
                % {
                    "value": quote(value),
                    "choices": ", ".join(f"{key} ({labels[key]})" for key in could_be),
                }
            )
        expected = ", ".join(f"{key} ({label})" for key, label in labels.items())
        raise ValueError(
            _("unknown value '%(value)s' (expected one of: %(expected)s)")
            % {"value": quote(value), "expected": expected}
        )


def _country(text):
    code = country_code(text)
    if code is None:
        raise ValueError(
            _("'%(value)s' is not a country (write its name or ISO 3166 code, e.g. FR or France)")
            % {"value": quote(text)}
        )
    return code


class CountryColumn(Column):
    """An ISO 3166 code, or a country's name in French, English or Spanish."""

    def describe(self):
        return _("A country: its ISO code (FR) or its name in French, English or Spanish.")

    def parse(self, raw, context):
        value = super().parse(raw, context)
        return _country(value) if value else value

    def read(self, obj, attr=None):
        return getattr(obj, attr or self.attr).code or ""


class CountriesColumn(Column):
    def describe(self):
        return _(
            "Countries separated by ';', ',' or line breaks: ISO codes (FR) or names in "
            "French, English or Spanish."
        )

    def parse(self, raw, context):
        codes = set()
        for item in as_list(raw):
            code = country_code(check_text(item))
            if code is None and "," in item:
                # "France, Espagne" is what people type; a name holding a comma was read
                # whole above.
                codes.update(_country(part.strip()) for part in item.split(",") if part.strip())
            else:
                codes.add(code or _country(item))
        return sorted(codes)

    def read(self, obj, attr=None):
        return sorted(country.code for country in getattr(obj, attr or self.attr))

    def export(self, value):
        return list(value)


class EmailColumn(TextColumn):
    default_max_length = 254  # EmailField's
    # The site never prints an address in clear (its privacy page says so, and harvesters
    # read downloads too): visitors write through the page's contact link.
    public = False

    def describe(self):
        return _("An email address.")

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if value:
            try:
                EmailValidator()(value)
            except ValidationError:
                raise ValueError(
                    _("'%(value)s' is not a valid email address") % {"value": quote(value)}
                ) from None
        return value


class URLColumn(TextColumn):
    default_max_length = 200  # URLField's

    def describe(self):
        return _("A web address (https:// is added to one written without it, www.example.org).")

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if value and "://" not in value and WEB_HOST.match(value):
            # "www.regie.fr", as addresses are printed and typed: the site links with https.
            value = f"https://{value}"
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ValueError(
                    _("'%(value)s' is not a valid http(s) address") % {"value": quote(value)}
                ) from None
        return value


def unknown_ref(target, ref, context):
    suggestions = context.suggestions(target, ref)
    if not suggestions:
        return _("unknown %(sheet)s reference '%(value)s'") % {
            "sheet": target,
            "value": quote(ref),
        }
    return _("unknown %(sheet)s reference '%(value)s' (closest known: %(closest)s)") % {
        "sheet": target,
        "value": quote(ref),
        "closest": ", ".join(quote(value) for value in suggestions),
    }


# An ambiguous name's message lists at most this many of the objects it names.
NAMED_LISTED = 10
# In a list of refs, names are looked for in runs of at most this many comma-separated
# parts: a cell full of commas costs a few look-ups per comma, not one per pair of them.
NAME_PARTS = 6


class RefColumn(Column):
    """The key of another catalogue object (`target` names its sheet), any case, or the
    object's name or title in any language (case, accents and spaces ignored: see
    catalogue.io.validate.ImportContext).

    The parsed value is the key as the object has it (in the file or the database), so
    `H01`, `h01` and the partner's name all name the same partner and an unchanged row
    stays unchanged. A name that several objects have names none of them.
    """

    # The field the target's objects are keyed on: a catalogue page's ref.
    key = "ref"

    def __init__(self, name, target, attr=None, required=False):
        super().__init__(name, attr, required)
        self.target = target

    def describe(self):
        return _(
            "The ref of a row of the %(sheet)s sheet or of the site, or its name or title "
            "in French, English or Spanish (case and accents ignored)."
        ) % {"sheet": self.target}

    def parse(self, raw, context):
        ref = super().parse(raw, context)
        if not ref:
            return ref
        return self.resolve(ref, context)

    def resolve(self, ref, context):
        """The key `ref` names, or ValueError saying why there is none."""
        key = context.resolve(self.target, ref)
        if key is not None:
            return key
        named = context.named(self.target, ref)
        if len(named) > 1:
            listed = ", ".join(quote(key) for key in named[:NAMED_LISTED])
            if len(named) > NAMED_LISTED:
                listed += ", …"
            message = (
                _("'%(value)s' names several %(sheet)s: %(keys)s; write the ref")
                if self.key == "ref"
                else _("'%(value)s' names several %(sheet)s: %(keys)s; write the key")
            )
            raise ValueError(message % {"value": quote(ref), "sheet": self.target, "keys": listed})
        raise ValueError(unknown_ref(self.target, ref, context))

    def read(self, obj, attr=None):
        related = getattr(obj, attr or self.attr)
        return related.ref if related is not None else ""

    def write(self, obj, value, context, attr=None):
        setattr(obj, attr or self.attr, context.lookup(self.target, value) if value else None)

    def keep_refs(self, row, exported):
        if row.get(self.name) and row[self.name] not in exported[self.target]:
            row[self.name] = ""


class RefListColumn(RefColumn):
    """Several keys (or names): a list in JSON; in a spreadsheet separated by ';' or line
    breaks, and, in a list of refs (`key` "ref"), by commas too."""

    def __init__(self, name, target, attr=None, ordered=False, key="ref"):
        super().__init__(name, target, attr)
        self.ordered = ordered
        self.key = key

    def describe(self):
        if self.key != "ref":
            return _(
                "Keys or names of the %(sheet)s sheet or of the site, separated by ';' or "
                "line breaks."
            ) % {"sheet": self.target}
        return _(
            "Refs of rows of the %(sheet)s sheet or of the site, or their names or titles in "
            "French, English or Spanish, separated by ';', ',' or line breaks (case and "
            "accents ignored)."
        ) % {"sheet": self.target}

    def items(self, raw, context):
        """The refs or names a cell lists.

        Keys other than refs (a theme's slug) are listed with their names, which may hold
        a comma: only ';' and line breaks separate them. No ref holds a comma, so in a
        list of refs "H01, H02" is two, but for the parts that together name an object
        ("Ville de Pau, service culture"), or several (the message will say so).
        """
        items = as_list(raw)
        if self.key != "ref" or isinstance(raw, (list, tuple)):
            return items
        return [ref for item in items for ref in self._comma_parts(item, context)]

    def _comma_parts(self, item, context):
        if "," not in item:
            return [item]
        parts = [part.strip() for part in item.split(",") if part.strip()]
        refs, start = [], 0
        while start < len(parts):
            # A part that is a ref is that ref ("coop, mairie" is two partners even if
            # one is named "Coop Mairie"); else the longest run of parts from `start`
            # that names something, else one part.
            end = start + 1
            if context.resolve(self.target, parts[start]) is None:
                for longer in range(min(len(parts), start + NAME_PARTS), start + 1, -1):
                    if self._names_something(", ".join(parts[start:longer]), context):
                        end = longer
                        break
            refs.append(", ".join(parts[start:end]))
            start = end
        return refs

    def _names_something(self, text, context):
        return context.resolve(self.target, text) is not None or bool(
            context.named(self.target, text)
        )

    def parse(self, raw, context):
        refs, problems = [], []
        for ref in self.items(raw, context):
            check_text(ref)
            try:
                refs.append(self.resolve(ref, context))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))
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
    """A key used in addresses (a theme's): letters, digits, hyphens and underscores,
    stored in lowercase."""

    def describe(self):
        return _("The key rows are matched on: letters, digits, '-' or '_', used in addresses.")

    def parse(self, raw, context):
        value = super().parse(raw, context).lower()
        if value and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,79}", value):
            raise ValueError(
                _("'%(value)s' is not a valid key (letters, digits, '-' or '_', at most 80)")
                % {"value": quote(value)}
            )
        return value


REF_PATTERN = r"(?=.*[A-Za-z0-9])[A-Za-z0-9._-]{1,80}"


class RefKeyColumn(TextColumn):
    """A row's own stable key, kept as written: letters of any case, digits, '-', '_', '.'.

    Keys are unique without regard to case (the model's constraint says so too)."""

    def describe(self):
        return _(
            "The reference rows are matched on, unique: letters, digits, '-', '_' or '.', "
            "at most 80; case is kept but ignored when matching."
        )

    def parse(self, raw, context):
        value = super().parse(raw, context)
        if value and not re.fullmatch(REF_PATTERN, value):
            raise ValueError(
                _(
                    "'%(value)s' is not a valid reference "
                    "(letters, digits, '-', '_' or '.', at most 80)"
                )
                % {"value": quote(value)}
            )
        return value


TRUE_WORDS = {"true", "yes", "1", "vrai", "oui", "verdadero", "si"}
FALSE_WORDS = {"false", "no", "0", "faux", "non", "falso"}


class PublishedColumn(Column):
    """`published` (true/false) of the staff export: whether the page is live.

    Empty means "as it is": an existing page keeps its state, a new one is published."""

    def __init__(self):
        super().__init__("published", attr="live")

    def describe(self):
        return _(
            "true or false: whether the page is published. Empty: a new page is published, "
            "an existing page stays as it is."
        )

    def parse(self, raw, context):
        if isinstance(raw, bool):
            return raw
        text = normalize(super().parse(raw, context))
        if not text:
            return None
        if text in TRUE_WORDS or text in FALSE_WORDS:
            return text in TRUE_WORDS
        raise ValueError(_("'%(value)s' is not true or false") % {"value": quote(raw)})

    def export(self, value):
        return value

    def write(self, obj, value, context, attr=None):
        """The writer publishes or not; the column itself changes nothing."""


class PageUrlColumn(Column):
    """`url_fr`, `url_en`, `url_es`: the page's address in each language, in the open data
    only (catalogue.io.sheets), for what its licence asks of reusers: a link to the page.
    The importer never reads it."""

    def __init__(self):
        super().__init__("url")

    @property
    def headers(self):
        return [f"url_{code}" for code in LANGUAGE_CODES]

    def describe(self):
        return _("The page's address in this language, to link to it when reusing it.")

    def descriptions(self):
        return [(header, False, self.describe()) for header in self.headers]

    def read_row(self, obj):
        row = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                row[f"url_{code}"] = obj.get_full_url() or ""
        return row


class UpdatedAtColumn(Column):
    """When the object last changed (UTC, whole seconds): read-only on import. `attr` is
    the type's record of it (CatalogueType.changed_at): a page's last publish.

    An import compares it with the object's history to find rows exported before someone
    else's newer work (catalogue.io.conflicts); it is never written.
    """

    read_only = True

    def __init__(self, name="updated_at", attr="last_published_at"):
        super().__init__(name, attr)

    def describe(self):
        return _(
            "Filled by the export: when this row was last changed on the site (UTC). Leave "
            "it as it is; the import uses it to find newer changes made since."
        )

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
        moment = whole_seconds(moment)
        # A time to come would make every change look older than the row: no newer work
        # would ever be found.
        if moment > timezone.now():
            raise ValueError(
                _(
                    "'%(value)s' is later than now: it must be the time the row was exported; "
                    "leave it as exported"
                )
                % {"value": self.export(moment)}
            )
        return moment

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
