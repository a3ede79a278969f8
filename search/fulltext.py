"""The text of the database search backend, in each database's own full-text engine.

PostgreSQL: one tsvector per page, each language's text analysed with its own
text-search configuration (french, english, spanish: their stemmers and stop words),
names with `simple`, behind a GIN index. SQLite: an FTS5 table with one column per
field and language, holding words stemmed here with the same Snowball stemmers.

Text is folded (lowercase, no accents) before either engine sees it, and so are the
words searched for, so accents never matter. A searched word is stemmed in every
language and matches a page when one of its languages has that stem: "cafés" finds
"café", "comedores" finds "comedor", and a Spanish word finds the Spanish text of a
page. Only letters and digits reach the engines (search.query.parse_words), always as
bound parameters or quoted FTS5 strings.
"""

from functools import lru_cache

from django.db import connection

import snowballstemmer

from core.i18n import LANGUAGE_CODES

from .models import SearchEntry
from .text import WORD, fold

STEMMERS = {"fr": "french", "en": "english", "es": "spanish"}
FIELDS = ("title", "summary", "body")
# Relevance weights, as OpenSearch's: title over summary over body; names (partners,
# projects a page carries) rank as summaries.
WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0, "names": 2.0}
VISITOR_BOOST = 2.0
PG_WEIGHTS = {"title": "A", "summary": "B", "body": "C", "names": "B"}

TABLE = "search_entry_text"
ENTRY = SearchEntry._meta.db_table


def is_postgresql():
    return connection.vendor == "postgresql"


# --- Schema (run by the migration) -----------------------------------------------------


def sqlite_columns():
    return [f"{field}_{code}" for field in FIELDS for code in LANGUAGE_CODES] + ["names"]


def create_table(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TABLE {TABLE} (page_id integer PRIMARY KEY, vector tsvector NOT NULL)"
        )
        schema_editor.execute(f"CREATE INDEX {TABLE}_vector ON {TABLE} USING gin (vector)")
    else:
        columns = ", ".join(sqlite_columns())
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5({columns}, tokenize='unicode61')"
        )


def drop_table(schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


# --- Analysis --------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _stemmer(lang):
    return snowballstemmer.stemmer(STEMMERS[lang])


@lru_cache(maxsize=200_000)
def stem(word, lang):
    """The stem of a folded word in a language: "cooperatives" -> "cooper" in English."""
    return _stemmer(lang).stemWord(word)


def folded_words(text):
    return WORD.findall(fold(text))


def stemmed(text, lang):
    return " ".join(stem(word, lang) for word in folded_words(text))


# --- Writing ---------------------------------------------------------------------------


def _text(doc, field, code):
    return doc.get(field, {}).get(code) or ""


def write(docs):
    """Store the text of these documents (their previous text must be deleted first)."""
    if not docs:
        return
    with connection.cursor() as cursor:
        if is_postgresql():
            parts, languages = [], [(code, STEMMERS[code]) for code in LANGUAGE_CODES]
            for field in FIELDS:
                for _code, config in languages:
                    weight = PG_WEIGHTS[field]
                    parts.append(f"setweight(to_tsvector('{config}', %s), '{weight}')")
            parts.append(f"setweight(to_tsvector('simple', %s), '{PG_WEIGHTS['names']}')")
            sql = f"INSERT INTO {TABLE} (page_id, vector) VALUES (%s, {' || '.join(parts)})"
            rows = [
                [doc["id"]]
                + [fold(_text(doc, field, code)) for field in FIELDS for code in LANGUAGE_CODES]
                + [fold(" ".join(doc.get("names") or []))]
                for doc in docs
            ]
        else:
            columns = sqlite_columns()
            placeholders = ", ".join(["%s"] * (len(columns) + 1))
            sql = f"INSERT INTO {TABLE} (rowid, {', '.join(columns)}) VALUES ({placeholders})"
            rows = [
                [doc["id"]]
                + [
                    stemmed(_text(doc, field, code), code)
                    for field in FIELDS
                    for code in LANGUAGE_CODES
                ]
                + [" ".join(folded_words(" ".join(doc.get("names") or [])))]
                for doc in docs
            ]
        cursor.executemany(sql, rows)


def delete(page_ids):
    page_ids = list(page_ids)
    if not page_ids:
        return
    key = "page_id" if is_postgresql() else "rowid"
    with connection.cursor() as cursor:
        for start in range(0, len(page_ids), 500):
            chunk = page_ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({marks})", chunk)


def clear():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


# --- Matching --------------------------------------------------------------------------


class Match:
    """The pages matching parsed words, as SQL for a subquery and for ranking.

    `ids_sql()` selects the matching page ids; `ranked_sql(candidates_sql)` orders the
    candidates (a subquery of page ids) by relevance, best first.
    """

    def __init__(self, parsed, lang):
        self.parsed = parsed
        self.lang = lang
        self.postgresql = is_postgresql()
        self.terms = list(parsed.terms)
        if self.postgresql and (self.terms or parsed.phrases):
            kept = pg_without_stop_words([fold(term) for term in self.terms])
            self.terms = [term for term in self.terms if fold(term) in kept]

    @property
    def has_positive(self):
        return bool(self.terms or self.parsed.phrases)

    # SQLite: one FTS5 expression ---------------------------------------------------------

    def _fts_clause(self, words):
        """Any language's columns holding these words in sequence (one word: that word)."""
        alternatives = []
        for code in LANGUAGE_CODES:
            columns = " ".join(f"{field}_{code}" for field in FIELDS)
            phrase = " ".join(stem(fold(word), code) for word in words)
            alternatives.append(f'{{{columns}}} : "{_fts_quote(phrase)}"')
        alternatives.append(f'names : "{_fts_quote(" ".join(fold(w) for w in words))}"')
        return "(" + " OR ".join(alternatives) + ")"

    def _fts_expression(self):
        positive = [self._fts_clause([term]) for term in self.terms]
        positive += [self._fts_clause(phrase.split()) for phrase in self.parsed.phrases]
        negative = [self._fts_clause([word]) for word in self.parsed.excluded]
        negative += [self._fts_clause(phrase.split()) for phrase in self.parsed.excluded_phrases]
        expression = " AND ".join(positive)
        for clause in negative:
            expression = f"({expression}) NOT {clause}"
        return expression

    # PostgreSQL: one tsquery expression -------------------------------------------------

    def _ts_clause(self, words, params):
        function = "plainto_tsquery" if len(words) == 1 else "phraseto_tsquery"
        text = fold(" ".join(words))
        parts = []
        for code in LANGUAGE_CODES:
            parts.append(f"{function}('{STEMMERS[code]}', %s)")
            params.append(text)
        parts.append(f"{function}('simple', %s)")
        params.append(text)
        return "(" + " || ".join(parts) + ")"

    def _tsquery(self):
        params = []
        positive = [self._ts_clause([term], params) for term in self.terms]
        positive += [self._ts_clause(phrase.split(), params) for phrase in self.parsed.phrases]
        expression = " && ".join(positive)
        for word in self.parsed.excluded:
            expression += " && !!" + self._ts_clause([word], params)
        for phrase in self.parsed.excluded_phrases:
            expression += " && !!" + self._ts_clause(phrase.split(), params)
        return expression, params

    # Both --------------------------------------------------------------------------------

    def ids_sql(self):
        if self.postgresql:
            expression, params = self._tsquery()
            return f"SELECT page_id FROM {TABLE} WHERE vector @@ ({expression})", params
        return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [self._fts_expression()]

    def excluded_sql(self):
        """Page ids holding an excluded word, for a search with exclusions only."""
        excluded = ParsedExclusions(self.parsed)
        return Match(excluded, self.lang).ids_sql()

    def ranked_sql(self, candidates_sql, candidates_params, limit, offset):
        """Page ids among the candidates, best first; ties go to the newest."""
        if self.postgresql:
            expression, params = self._tsquery()
            sql = (
                f"SELECT t.page_id FROM {TABLE} t JOIN {ENTRY} e "
                f"ON e.page_id = t.page_id WHERE t.vector @@ ({expression}) "
                f"AND t.page_id IN ({candidates_sql}) "
                f"ORDER BY ts_rank(t.vector, {expression}) DESC, "
                "e.published_at DESC NULLS LAST, t.page_id DESC LIMIT %s OFFSET %s"
            )
            return sql, [*params, *candidates_params, *params, limit, offset]
        weights = []
        for field in FIELDS:
            for code in LANGUAGE_CODES:
                boost = VISITOR_BOOST if code == self.lang else 1.0
                weights.append(str(WEIGHTS[field] * boost))
        weights.append(str(WEIGHTS["names"]))
        # CROSS JOIN and the unary + keep SQLite from handing each candidate's rowid to
        # FTS5, which would then run the whole match once per candidate.
        sql = (
            f"SELECT t.rowid FROM {TABLE} t CROSS JOIN {ENTRY} e ON e.page_id = t.rowid "
            f"WHERE {TABLE} MATCH %s AND +t.rowid IN ({candidates_sql}) "
            f"ORDER BY bm25({TABLE}, {', '.join(weights)}), e.published_at DESC, t.rowid DESC "
            "LIMIT %s OFFSET %s"
        )
        return sql, [self._fts_expression(), *candidates_params, limit, offset]


class ParsedExclusions:
    """The excluded words of a query, as the positive words of another."""

    def __init__(self, parsed):
        self.terms = list(parsed.excluded)
        self.phrases = list(parsed.excluded_phrases)
        self.excluded = []
        self.excluded_phrases = []


def _fts_quote(text):
    return text.replace('"', '""')


def pg_without_stop_words(terms):
    """The terms no language's configuration drops as a stop word ("de", "the", "los"),
    or all of them when nothing else would be left (PostgreSQL only)."""
    if not terms:
        return terms
    configs = " * ".join(f"numnode(plainto_tsquery('{config}', w))" for config in STEMMERS.values())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT w, {configs} FROM unnest(%s::text[]) AS w", [terms])
        kept = {word for word, nodes in cursor.fetchall() if nodes}
    return [term for term in terms if term in kept] or terms
