"""What a browser sends and reads: an editor's admin form posts, a visitor's page HTML."""

import json


def form_defaults(html, form_id="page-edit-form"):
    """The values a browser would submit from the form as the server rendered it.

    `form_id=None` takes the page's first POST form.
    """
    from django.http import QueryDict

    from bs4 import BeautifulSoup

    page = BeautifulSoup(html, "html.parser")
    if form_id is None:
        form = page.find("form", method=lambda method: (method or "").lower() == "post")
    else:
        form = page.find("form", id=form_id)
    if form is None:
        raise AssertionError(f"no form #{form_id} in the page")
    data = QueryDict(mutable=True)
    for field in form.find_all("input"):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or name == "csrfmiddlewaretoken" or "__prefix__" in name:
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.appendlist(name, field.get("value", "on"))
        elif kind == "hidden":
            data[name] = _draftail_submitted(field.get("value", ""))
        else:
            data[name] = field.get("value", "")
    for field in form.find_all("textarea"):
        if field.get("name"):
            data[field["name"]] = field.get_text().removeprefix("\n")
    for field in form.find_all("select"):
        if not field.get("name"):
            continue
        chosen = [o.get("value", o.get_text()) for o in field.find_all("option", selected=True)]
        if not chosen and not field.has_attr("multiple"):
            first = field.find("option")
            chosen = [first.get("value", first.get_text())] if first else []
        data.setlist(field["name"], chosen)
    return data


def _draftail_submitted(value):
    """Draftail posts "null" for an empty editor, not the empty block it was rendered with."""
    try:
        state = json.loads(value)
    except ValueError:
        return value
    is_contentstate = isinstance(state, dict) and "blocks" in state and "entityMap" in state
    if is_contentstate and not any(block.get("text") for block in state["blocks"]):
        return "null"
    return value


def rich_text(html):
    """Rich text as the Draftail editor posts it (contentstate JSON)."""
    from wagtail.test.utils.form_data import rich_text as to_contentstate

    return to_contentstate(html)


def stream_data(name, blocks):
    """StreamField form data: `blocks` is a list of (type, value) or (type, value, id).

    A dict value is a StructBlock: its children are posted as `value-<child>`.
    """
    data = {f"{name}-count": str(len(blocks))}
    for index, block in enumerate(blocks):
        block_type, value, block_id = (*block, "")[:3]
        prefix = f"{name}-{index}"
        data.update(
            {
                f"{prefix}-type": block_type,
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(index),
                f"{prefix}-id": block_id or "",
            }
        )
        if isinstance(value, dict):
            data.update({f"{prefix}-value-{key}": item for key, item in value.items()})
        else:
            data[f"{prefix}-value"] = value
    return data


def _block_form_value(value):
    from wagtail.blocks import StructValue
    from wagtail.models import Page
    from wagtail.rich_text import RichText

    if isinstance(value, StructValue):
        return {key: _block_form_value(item) for key, item in value.items()}
    if isinstance(value, RichText):
        return rich_text(value.source)
    if isinstance(value, Page):
        return str(value.pk)
    return "" if value is None else str(value)


def stream_data_from_value(name, stream):
    """The form data the editor's browser posts for a StreamField it leaves as it is."""
    return stream_data(
        name, [(block.block_type, _block_form_value(block.value), block.id) for block in stream]
    )


def admin_page_post(
    client, url, values, streams=(), page=None, publish=True, form_id="page-edit-form"
):
    """GET an admin page form, fill it in like an editor, POST it; return the response.

    `streams` names the page's StreamFields (e.g. "body_fr"). Their blocks are drawn by
    JavaScript, so they are not in the HTML: each one `values` does not set is posted as
    `page` (the page being edited) holds it, or empty when adding a page.
    """
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = form_defaults(response.content.decode(), form_id)
    for name in streams:
        if f"{name}-count" in values:
            continue
        current = getattr(page, name) if page is not None else []
        for key, value in stream_data_from_value(name, current).items():
            data[key] = value
    for key, value in values.items():
        if isinstance(value, (list, tuple)):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = "" if value is None else str(value)
    if publish:
        data["action-publish"] = "action-publish"
    # A QueryDict's items() keep only the last value of each key; post every value.
    return client.post(url, dict(data.lists()))


def page_html(client, page, lang):
    """The parsed HTML of `page` in language `lang` (which must answer 200)."""
    from django.utils import translation

    from bs4 import BeautifulSoup

    with translation.override(lang):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")
