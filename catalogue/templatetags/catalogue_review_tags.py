from django import template

from catalogue.review_feedback import changes_requested as feedback_on

register = template.Library()


@register.simple_tag
def changes_requested(page):
    """The reviewer's feedback on `page` while the team asks for changes, else None."""
    return feedback_on(page)
