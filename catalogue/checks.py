"""System checks: every registered catalogue type declares every part the site reads."""

from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from modeltranslation.translator import NotRegistered, translator

from . import registry
from .columns import ChoiceColumn
from .values import choice_names

PAGE_PARTS = ("parent_path", "document", "facets", "translation_fields", "card_template")


def _error(catalogue_type, message, number):
    return checks.Error(
        f"Catalogue type '{catalogue_type.name}': {message}",
        hint="Declare it in the register(CatalogueType(...)) call of the type's app.",
        obj=catalogue_type.model_path,
        id=f"catalogue.E{number:03d}",
    )


def _choice_name_errors(catalogue_type):
    """The other names declared for a column's choices must each name one choice: checked
    when the site starts, not at the first import of a row that uses them."""
    errors = []
    for column in catalogue_type.io_columns():
        if isinstance(column, ChoiceColumn):
            try:
                choice_names(column.choices, column.other_names)
            except ImproperlyConfigured as exc:
                errors.append(_error(catalogue_type, f"column '{column.name}': {exc}", 11))
    return errors


def _is_date_time(model, name):
    try:
        return isinstance(model._meta.get_field(name), models.DateTimeField)
    except FieldDoesNotExist:
        return False


@checks.register()
def check_catalogue_types(app_configs=None, **kwargs):
    errors = []
    for catalogue_type in registry.types():
        try:
            model = catalogue_type.model
        except (LookupError, ValueError):
            errors.append(_error(catalogue_type, f"no model {catalogue_type.model_path}", 1))
            continue
        if not callable(catalogue_type.columns):
            errors.append(_error(catalogue_type, "no import/export columns", 2))
        elif catalogue_type.key not in catalogue_type.headers():
            errors.append(
                _error(catalogue_type, f"no column for its key '{catalogue_type.key}'", 3)
            )
        else:
            errors += _choice_name_errors(catalogue_type)
        if not callable(catalogue_type.dependents):
            errors.append(_error(catalogue_type, "no dependents function", 4))
        if catalogue_type.changed_at and not _is_date_time(model, catalogue_type.changed_at):
            errors.append(
                _error(
                    catalogue_type,
                    f"changed_at '{catalogue_type.changed_at}' is not a date-time field",
                    12,
                )
            )
        if not catalogue_type.is_page:
            continue
        for part in PAGE_PARTS:
            if not getattr(catalogue_type, part):
                errors.append(_error(catalogue_type, f"a page type needs '{part}'", 5))
        if catalogue_type.parent_path:
            try:
                parent = catalogue_type.parent_model
            except (LookupError, ValueError):
                errors.append(_error(catalogue_type, f"no model {catalogue_type.parent_path}", 6))
            else:
                if model not in parent.allowed_subpage_models():
                    errors.append(
                        _error(catalogue_type, f"{catalogue_type.parent_path} cannot hold it", 7)
                    )
        try:
            translated = set(translator.get_options_for_model(model).all_fields)
        except NotRegistered:
            translated = set()
        missing = [f for f in catalogue_type.translation_fields if f not in translated]
        if missing:
            errors.append(
                _error(catalogue_type, f"translation fields not translated: {missing}", 8)
            )
        fields = {field.name: field for field in model._meta.get_fields()}
        for name in catalogue_type.admin_filters:
            field = fields.get(name)
            if field is None or not (field.many_to_many or getattr(field, "choices", None)):
                errors.append(
                    _error(
                        catalogue_type,
                        f"admin filter '{name}' is not a many-to-many or choice field",
                        10,
                    )
                )
        if catalogue_type.card_template:
            try:
                get_template(catalogue_type.card_template)
            except TemplateDoesNotExist:
                errors.append(
                    _error(catalogue_type, f"no template {catalogue_type.card_template}", 9)
                )
    return errors
