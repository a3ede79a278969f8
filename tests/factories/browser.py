"""What a visitor's browser reads: a page's HTML in one language.

Admin form posts are built in tests/factories/admin_forms.py with Wagtail's form_data
helpers, not scraped from the rendered form.
"""


def page_html(client, page, lang):
    """The parsed HTML of `page` in language `lang` (which must answer 200)."""
    from django.utils import translation

    from bs4 import BeautifulSoup

    with translation.override(lang):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")
