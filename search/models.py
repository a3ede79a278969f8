from django.db import models


class PendingUpdate(models.Model):
    """A page whose search document could not be written (OpenSearch down or slow).

    The next successful update, or `catalogue_index sync`, applies and deletes it.
    """

    page_id = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"page {self.page_id}"


class SearchEntry(models.Model):
    """A public catalogue page as the database search backend reads it.

    Written from the page's search document (the one OpenSearch indexes) whenever the
    index is updated, so searches count facets with aggregate queries and show hits
    without rebuilding documents. Its text lives in a full-text table of the database's
    own kind (search.fulltext), keyed by the page id.
    """

    page_id = models.IntegerField(primary_key=True)
    type = models.CharField(max_length=40)
    published_at = models.DateTimeField(null=True)
    # Dates that facets computed on the day of the search read (catalogue.dates).
    start_date = models.DateField(null=True)
    end_date = models.DateField(null=True)
    document = models.JSONField()

    class Meta:
        # Narrow indexes beside rows made wide by their document: on SQLite, a search
        # reads the ids of thousands of entries (and the newest first) from the first,
        # and the entries of one type (dated facets) from the second, without reading
        # the rows.
        indexes = [
            models.Index(fields=["published_at"], name="search_entry_published"),
            models.Index(fields=["type"], name="search_entry_type"),
        ]

    def __str__(self):
        return f"{self.type} {self.page_id}"


class SearchFacet(models.Model):
    """One facet value of an entry (a theme, a country, a year written as four digits)."""

    # Indexed by search_facet_entry below, which also gives each entry's values.
    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="facets", db_index=False
    )
    name = models.CharField(max_length=40)
    value = models.CharField(max_length=100)

    class Meta:
        # The first counts the values of thousands of entries (and finds the entries
        # having a value) by reading the index alone; the second the values of a few
        # entries.
        indexes = [
            models.Index(fields=["name", "value", "entry"], name="search_facet_value"),
            models.Index(fields=["entry", "name", "value"], name="search_facet_entry"),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchFacetCount(models.Model):
    """How many entries have a facet value, kept with the facets (search.database_index).

    A search matching most entries counts the values of those it does not match and
    subtracts them from these, instead of counting the values of every match.
    """

    name = models.CharField(max_length=40)
    value = models.CharField(max_length=100)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "value"], name="search_facet_count_unique")
        ]

    def __str__(self):
        return f"{self.name}={self.value}: {self.count}"


class SearchWord(models.Model):
    """A word of the catalogue's text in one language: what spelling corrections pick from.

    Kept as written (lowercase, accents kept) to be shown, and folded to be compared.
    `count`: how many entries use it in that language, kept with the entries
    (search.database_index); a word no entry uses any more is removed. English text
    quoting a Spanish name makes the Spanish word English too, but used by fewer pages
    than the English words beside it, which corrections prefer.
    """

    word = models.CharField(max_length=100)
    folded = models.CharField(max_length=100)
    length = models.PositiveSmallIntegerField()
    lang = models.CharField(max_length=8)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["word", "lang"], name="search_word_unique")]
        indexes = [models.Index(fields=["length", "folded"], name="search_word_length")]

    def __str__(self):
        return f"{self.word} ({self.lang})"


class SearchWordsVersion(models.Model):
    """One row, whose number every transaction changing the words or their counts raises.

    Each process keeps the words in memory (search.spelling) and reads them again when
    the number is not the one it read them with: a count can change with no word added.
    """

    number = models.PositiveBigIntegerField()

    def __str__(self):
        return f"words version {self.number}"
