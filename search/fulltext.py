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

import json
import re

from django.db import connection

import orjson

from core.i18n import LANGUAGE_CODES
from core.words import STEMMERS, fold, is_meaningful, stem

from .clauses import Clause, query_clauses
from .query import word_forms
from .text import WORD

LETTERS = re.compile(r"[^\W_]+")

FIELDS = ("title", "summary", "body")
# Relevance weights, as OpenSearch's: title over summary over body; names (partners,
# projects a page carries) rank as summaries.
WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0, "names": 2.0}
VISITOR_BOOST = 2.0
PG_WEIGHTS = {"title": "A", "summary": "B", "body": "C", "names": "B"}

TABLE = "search_entry_text"
# A glossary term of several words matches a page holding them near one another, at most
# this many other words (stop words included) between each two, as glossary.tagging finds
# the terms OpenSearch asks for as tags. Its words anywhere in a page found "coopérative
# ... habitants" in any page about a cooperative and a village's inhabitants.
TERM_GAP = 3
# Terms of more meaningful words than this only need them all (see _ts_term_nearby).
NEARBY_WORDS = 3


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


def store_inline(schema_editor):
    """PostgreSQL: keep each page's tsvector in its row rather than in the TOAST table.

    A vector is a few kilobytes and does not compress, so by default PostgreSQL moves
    every one out of line; a search matching or ranking thousands of pages then fetches
    each from the TOAST table through its index (90 ms for 10,000 pages, against 13 ms
    with the vectors in their rows). Vectors over a page's size still go out of line.
    Existing rows are rewritten with the vector made anew (`|| ''`), which stores it the
    new way.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)")
    schema_editor.execute(f"UPDATE {TABLE} SET vector = vector || ''::tsvector")


def drop_table(schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


# --- Analysis --------------------------------------------------------------------------


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


def among(column, ids, lookup=False):
    """(SQL condition, params): `column` is one of `ids`, passed as one parameter.

    A search hands the same thousands of ids to several queries: as one JSON or text
    parameter they cost one bound value, not thousands. On PostgreSQL the ids go as
    text the server splits: psycopg adapting a list of 10,000 ints as an array took
    10 ms of the process's time per query, joining them 0.5 ms. On SQLite the unary +
    keeps the planner from looking each id up through an index on `column` (a scan of
    the covering index, testing each row against the list, is faster), unless
    `lookup` asks for that (a few ids among many rows); PostgreSQL's planner chooses
    by itself.
    """
    ids = list(ids)
    if is_postgresql():
        return (
            f"{column} = ANY(string_to_array(%s, ',')::integer[])",
            [",".join(map(str, ids))],
        )
    unary = "" if lookup else "+"
    return f"{unary}{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def collected_sql(sql):
    """SQL giving the ids the query `sql` (one column) selects as one value; read them
    with `collected_ids`.

    Thousands of rows cost more to fetch one by one than their ids as one value: on
    PostgreSQL as an array (20 ms against 1 ms of the process's time for 10,000), on
    SQLite as a JSON array the database writes and orjson reads (10,000 ids of the
    entries' index 8 ms against 2 ms; of a full-text match, 17 against 9).
    """
    if is_postgresql():
        return f"SELECT array_agg(id) FROM ({sql}) AS found(id)"
    return f"WITH found(id) AS ({sql}) SELECT json_group_array(id) FROM found"


def collected_ids(rows):
    """The set of ids a `collected_sql` query's rows give."""
    if is_postgresql():
        return set(rows[0][0] or ())
    return set(orjson.loads(rows[0][0]))


# --- Matching --------------------------------------------------------------------------


class Match:
    """The pages matching parsed words, as SQL for subqueries and for ranking.

    The words are read as search.clauses reads them: each clause is its typed words (all
    of them), or any of its glossary alternatives (every word of one, in the alternative's
    language), and stop words are left out when other words carry the meaning. Phrases are
    matched as typed and exclusions subtracted. `ids_sql()` selects the pages matching
    every clause, `clause_ids_sql(clause, typed)` those matching one clause as typed or
    through the glossary (partial matches), `scored_sql(ids, ...)` scores pages among
    the given ids by relevance, best first.
    """

    def __init__(self, parsed, lang, clauses=None):
        self.parsed = parsed
        self.lang = lang
        self.postgresql = is_postgresql()
        self.clauses = query_clauses(parsed) if clauses is None else clauses

    @property
    def has_positive(self):
        return bool(self.clauses or self.parsed.phrases)

    # SQLite: one FTS5 expression ---------------------------------------------------------

    def _fts_words(self, words, codes=LANGUAGE_CODES):
        """Any of these languages' columns holding the words in sequence."""
        alternatives = []
        for code in codes:
            columns = " ".join(f"{field}_{code}" for field in FIELDS)
            phrase = " ".join(stem(fold(word), code) for word in words)
            alternatives.append(f'{{{columns}}} : "{_fts_quote(phrase)}"')
        alternatives.append(f'names : "{_fts_quote(" ".join(fold(w) for w in words))}"')
        return "(" + " OR ".join(alternatives) + ")"

    def _fts_term(self, term):
        """A typed term in any of its forms (co-op: "coop" or "co op")."""
        forms = [self._fts_words(list(form)) for form in word_forms(term)]
        return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"

    def _fts_clause(self, clause, typed=True, glossary=True):
        parts = []
        if typed and clause.words:
            parts.append(" AND ".join(self._fts_term(word) for word in clause.words))
        if glossary:
            for code, alternative in clause.alternatives:
                words = term_words(alternative)
                if len(words) == 1:
                    # One word: anywhere, as a typed word.
                    parts.append(self._fts_words(words, [code]))
                    continue
                columns = " ".join(f"{field}_{code}" for field in FIELDS)
                stems = " ".join(f'"{_fts_quote(stem(w, code))}"' for w in words)
                parts.append(f"{{{columns}}} : NEAR({stems}, {TERM_GAP * (len(words) - 1)})")
        return "(" + " OR ".join(f"({part})" for part in parts) + ")"

    def _fts_without(self, expression):
        negative = [self._fts_term(word) for word in self.parsed.excluded]
        negative += [self._fts_words(phrase.split()) for phrase in self.parsed.excluded_phrases]
        for clause in negative:
            expression = f"({expression}) NOT {clause}"
        return expression

    def _fts_expression(self):
        positive = [self._fts_clause(clause) for clause in self.clauses]
        positive += [self._fts_words(phrase.split()) for phrase in self.parsed.phrases]
        return self._fts_without(" AND ".join(positive))

    # PostgreSQL: one tsquery expression -------------------------------------------------

    def _ts_words(self, words, params, codes=LANGUAGE_CODES):
        function = "plainto_tsquery" if len(words) == 1 else "phraseto_tsquery"
        text = fold(" ".join(words))
        parts = []
        for code in codes:
            parts.append(f"{function}('{STEMMERS[code]}', %s)")
            params.append(text)
        parts.append(f"{function}('simple', %s)")
        params.append(text)
        return "(" + " || ".join(parts) + ")"

    def _ts_term(self, term, params):
        """A typed term in any of its forms (co-op: "coop" or "co op")."""
        forms = [self._ts_words(list(form), params) for form in word_forms(term)]
        return forms[0] if len(forms) == 1 else "(" + " || ".join(forms) + ")"

    def _ts_clause(self, clause, params, typed=True, glossary=True):
        parts = []
        if typed and clause.words:
            parts.append(" && ".join(self._ts_term(word, params) for word in clause.words))
        if glossary:
            for code, alternative in clause.alternatives:
                words = term_words(alternative)
                if len(words) == 1:
                    # One word: anywhere, as a typed word.
                    parts.append(self._ts_words(words, params, [code]))
                else:
                    parts.append(self._ts_term_nearby(words, code, params))
        return "(" + " || ".join(f"({part})" for part in parts) + ")"

    def _ts_term_nearby(self, words, code, params):
        """A glossary term's words in order, TERM_GAP other words at most between each
        two: tsquery only knows exact distances, so each distance is one alternative.
        Terms of more meaningful words than NEARBY_WORDS only need them all (the
        alternatives would multiply)."""
        # (sql, its parameters) of each word: a query repeats them in each distance.
        each = [(f"plainto_tsquery('{STEMMERS[code]}', %s)", [word]) for word in words]
        if len(words) > NEARBY_WORDS:
            nearby = (" && ".join(sql for sql, _ in each), [p for _, ps in each for p in ps])
        else:
            nearby = each[0]
            for sql, word_params in each[1:]:
                distances = range(1, TERM_GAP + 2)
                nearby = (
                    "("
                    + " || ".join(f"tsquery_phrase({nearby[0]}, {sql}, {d})" for d in distances)
                    + ")",
                    [p for _ in distances for p in (*nearby[1], *word_params)],
                )
        params.extend(nearby[1])
        return nearby[0]

    def _ts_without(self, expression, params):
        for word in self.parsed.excluded:
            expression += " && !!" + self._ts_term(word, params)
        for phrase in self.parsed.excluded_phrases:
            expression += " && !!" + self._ts_words(phrase.split(), params)
        return expression

    def _tsquery(self):
        params = []
        positive = [self._ts_clause(clause, params) for clause in self.clauses]
        positive += [self._ts_words(phrase.split(), params) for phrase in self.parsed.phrases]
        return self._ts_without(" && ".join(positive), params), params

    # Both --------------------------------------------------------------------------------

    def _ids_sql(self, expression, params, among_sql=None):
        if self.postgresql:
            sql = f"SELECT page_id FROM {TABLE} WHERE vector @@ ({expression})"
            key = "page_id"
        else:
            sql, params, key = (
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",
                [expression],
                "+rowid",
            )
        if among_sql is not None:
            # The unary + on SQLite: see scored_sql.
            sql += f" AND {key} IN ({among_sql[0]})"
            params = [*params, *among_sql[1]]
        return sql, params

    def ids_sql(self, among_sql=None):
        """Page ids matching every clause and phrase, and no exclusion; among those the
        subquery `among_sql` (sql, params) selects, when given."""
        if self.postgresql:
            return self._ids_sql(*self._tsquery(), among_sql=among_sql)
        return self._ids_sql(self._fts_expression(), [], among_sql=among_sql)

    def clause_ids_sql(self, clause, typed):
        """Page ids matching one clause, as typed (`typed`) or through the glossary only,
        every phrase and no exclusion."""
        if self.postgresql:
            params = []
            parts = [self._ts_clause(clause, params, typed=typed, glossary=not typed)]
            parts += [self._ts_words(phrase.split(), params) for phrase in self.parsed.phrases]
            return self._ids_sql(self._ts_without(" && ".join(parts), params), params)
        parts = [self._fts_clause(clause, typed=typed, glossary=not typed)]
        parts += [self._fts_words(phrase.split()) for phrase in self.parsed.phrases]
        return self._ids_sql(self._fts_without(" AND ".join(parts)), [])

    def excluded_sql(self):
        """Page ids holding an excluded word, for a search with exclusions only."""
        if self.postgresql:
            params = []
            parts = [self._ts_term(word, params) for word in self.parsed.excluded]
            parts += [self._ts_words(p.split(), params) for p in self.parsed.excluded_phrases]
            return self._ids_sql(" || ".join(parts), params)
        parts = [self._fts_term(word) for word in self.parsed.excluded]
        parts += [self._fts_words(phrase.split()) for phrase in self.parsed.excluded_phrases]
        return self._ids_sql(" OR ".join(parts), [])

    def scored_sql(self, ids, any_clause=False, limit=None, all_match=False):
        """The pages among `ids` matching, with their score, lower is better (BM25 on
        SQLite, minus ts_rank on PostgreSQL), the visitor's language boosted: one row of
        (ids, scores), arrays on PostgreSQL, JSON arrays on SQLite (cheaper to fetch
        than thousands of rows, see `collected_sql`). `any_clause`
        scores pages matching any clause (partial matches) by the clauses they match.
        `ids` None scores every match. `limit`: only that many of the best, which the
        database sorts itself (it still scores every match). `all_match`: every page of
        `ids` is known to match, so PostgreSQL only ranks them, without testing each
        against the words first (a sixth of the time of ranking 10,000 pages).
        """
        restriction, id_params = "", []
        best = f" ORDER BY score LIMIT {int(limit)}" if limit is not None else ""
        if ids is not None:
            condition, id_params = among("page_id" if self.postgresql else "rowid", ids)
            restriction = f" AND {condition}"
        if self.postgresql:
            if any_clause:
                params = []
                expression = " || ".join(self._ts_clause(c, params) for c in self.clauses)
            else:
                expression, params = self._tsquery()
            if all_match and ids is not None:
                where, where_params = condition, id_params
            else:
                where, where_params = (
                    f"vector @@ ({expression}){restriction}",
                    [*params, *id_params],
                )
            sql = (
                "SELECT array_agg(page_id), array_agg(score) FROM ("
                f"SELECT page_id, -ts_rank(vector, {expression}) AS score FROM {TABLE} "
                f"WHERE {where}{best}) AS scored"
            )
            return sql, [*params, *where_params]
        if any_clause:
            expression = " OR ".join(self._fts_clause(clause) for clause in self.clauses)
        else:
            expression = self._fts_expression()
        weights, titles = [], []
        for field in FIELDS:
            for code in LANGUAGE_CODES:
                boost = VISITOR_BOOST if code == self.lang else 1.0
                weights.append(str(WEIGHTS[field] * boost))
                titles.append(weights[-1] if field == "title" else "0")
        weights.append(str(WEIGHTS["names"]))
        titles.append("0")
        # FTS5's bm25() adds up a page's columns before it scales by the page's length,
        # which favours short pages: a one-line sheet mentioning the words came before
        # a sheet named after them. The titles are scored once more on their own, as
        # OpenSearch scores each field apart. The unary + (in `among`) keeps SQLite from
        # handing each candidate's rowid to FTS5, which would then run the whole match
        # once per candidate. The scores come back as two JSON arrays (see
        # `collected_sql`); bm25() cannot be read from a subquery SQLite flattens, hence
        # the materialized one.
        sql = (
            f"WITH scored(id, score) AS MATERIALIZED ("
            f"SELECT rowid, bm25({TABLE}, {', '.join(weights)}) "
            f"+ bm25({TABLE}, {', '.join(titles)}) AS score FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s{restriction}{best}) "
            "SELECT json_group_array(id), json_group_array(score) FROM scored"
        )
        return sql, [expression, *id_params]

    def typed_only(self):
        """The same words without their glossary alternatives (None when they have none)."""
        if not any(clause.alternatives for clause in self.clauses):
            return None
        return Match(self.parsed, self.lang, [Clause(c.words) for c in self.clauses])


def term_words(term):
    """The folded words of a glossary term a page must hold: its meaningful ones
    ("coopérative d'habitants": cooperative, habitants), or all when none is."""
    words = LETTERS.findall(fold(term))
    return [w for w in words if is_meaningful(w)] or words


def _fts_quote(text):
    return text.replace('"', '""')
