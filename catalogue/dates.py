"""Facet values computed from dates on the day of the search (a project's status).

A type states such a rule once, as data: {value: [(date field, comparison), ...]}, the
clauses of a value all holding against today's date. Comparisons are "gt", "gte", "lt",
"lte", and "gte_or_empty" (an empty date counts as later than any day). Python, the ORM
and the OpenSearch backend each read the same statement.
"""

from django.db.models import Q

COMPARE = {
    "gt": lambda value, today: value is not None and value > today,
    "gte": lambda value, today: value is not None and value >= today,
    "lt": lambda value, today: value is not None and value < today,
    "lte": lambda value, today: value is not None and value <= today,
    "gte_or_empty": lambda value, today: value is None or value >= today,
}


def value_for(rules, dates, today):
    """The first value whose clauses all hold for `dates` ({field: date or None})."""
    for value, clauses in rules.items():
        if all(COMPARE[op](dates.get(field), today) for field, op in clauses):
            return value
    return None


def q_for(rules, values, today):
    """An ORM condition matching any of `values`."""
    condition = Q(pk__in=[])
    for value in values:
        if value not in rules:
            continue
        clause = Q()
        for field, op in rules[value]:
            if op == "gte_or_empty":
                clause &= Q(**{f"{field}__gte": today}) | Q(**{f"{field}__isnull": True})
            else:
                clause &= Q(**{f"{field}__{op}": today})
        condition |= clause
    return condition
