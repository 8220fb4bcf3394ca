"""Search of published articles: ranking, highlighted snippets, facets, people and events.

On PostgreSQL each article keeps a weighted search vector (title A; summary and the names of its
experts, topics, conferences and departments B; text C) in a GIN index, rebuilt whenever the
article or one of those names changes (see `index_articles` and the signal receivers at the end).
Chinese, Japanese and Korean text is indexed as overlapping two-character pieces, so a name or term
is found inside a longer run of characters. SQLite, the local default, gets a plain substring
search behind the same `search()` interface. docs/search.md explains the choices.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape

import nh3
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.template.defaultfilters import pluralize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import Tag, TaggedItem

from .models import Article, ArticleExpert, Conference, Department, Expert
from .pagination import RowsInOrder
from .querysets import article_type_id, public_topics, topic_links, topic_names_by_article

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
FACET_SIZE = 8
SNIPPET_LENGTH = 260
MAX_RESULTS = 1000
INDEX_BATCH_SIZE = 500

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def uses_full_text():
    return connection.vendor == "postgresql"


def table(model):
    """The database table of `model`, for the SQL written by hand."""
    return model._meta.db_table


# Queries


@dataclass
class Query:
    """What a reader typed, made safe: no control characters, at most MAX_QUERY_LENGTH long."""

    text: str
    was_shortened: bool = False

    @classmethod
    def parse(cls, raw):
        text = " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())
        return cls(text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH)

    @property
    def words(self):
        """The words and CJK runs to look for, without operators or punctuation."""
        return WORD.findall(self.text)[:MAX_QUERY_WORDS]

    @property
    def has_words(self):
        return bool(self.words)


@dataclass
class Facet:
    parameter: str
    label: str
    options: list = field(default_factory=list)  # (value, label, count, is_selected)


@dataclass
class SearchResults:
    query: Query
    articles: RowsInOrder  # paginated by the view
    facets: list
    people: list
    events: list
    filters: dict
    is_capped: bool = False  # more than MAX_RESULTS matched; the best MAX_RESULTS are kept


# What a result shows: the text and summary give its snippet.
RESULT_FIELDS = ("title", "slug", "summary", "body", "published_at", "source__name")


def ranked_articles_by_id(ids):
    """The best matches in rank order, for the paginator: each page is one query by id."""
    return RowsInOrder(Article.objects.with_source().only(*RESULT_FIELDS), ids)


def search(query, filters=None):
    """Published articles matching `query`, best first, narrowed by facet `filters`.

    One query ranks the matches and keeps the best MAX_RESULTS (id, year and the facet keys
    stored with each article); the page of articles, the facet counts and the total are then
    worked out from those, so the cost stays bounded however common the words are.
    """
    filters = clean_filters(filters or {})
    if not query.has_words:
        return SearchResults(query, ranked_articles_by_id([]), [], [], [], filters)
    narrowed = narrow(match_articles(Article.objects.published(), query), filters)
    best = best_matches(rank(narrowed, query), MAX_RESULTS + 1)
    kept = best[:MAX_RESULTS]
    most = most_used(keys for _, _, keys in kept)
    return SearchResults(
        query=query,
        articles=ranked_articles_by_id([pk for pk, _, _ in kept]),
        facets=facets(most, Counter(year for _, year, _ in kept), filters),
        people=matching_people(query),
        events=matching_events(query),
        filters=filters,
        is_capped=len(best) > MAX_RESULTS,
    )


def best_matches(ranked, limit):
    """[(pk, year, facet keys)] of the first `limit` of the `ranked` articles.

    Read with a cursor from the ORM's SQL: through the ORM's per-row value converters, a
    thousand rows took about 2 ms more to read (a sixth of the time PostgreSQL takes to rank
    them)."""
    year = Cast(ExtractYear("published_at"), IntegerField())
    rows = ranked.annotate(year=year).values_list("pk", "year", "search_facets")[:limit]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ranked_articles(query):
    """Just the matching published articles, best first (for the search feed)."""
    if not query.has_words:
        return Article.objects.none()
    return rank(match_articles(Article.objects.published(), query), query)


def match_articles(articles, query):
    if uses_full_text():
        return articles.filter(search_vector=ts_query(query))
    return articles.filter(pk__in=substring_matches(query).values("pk"))


def rank(articles, query):
    if uses_full_text():
        # Ranked on title, summary and names (weights A and B): a match only in the text ranks
        # after them, newest first. The small vector keeps ranking thousands of matches cheap.
        score = Coalesce(SearchRank(F("search_rank_vector"), ts_query(query)), Value(0.0))
    else:
        phrase = " ".join(query.words)
        score = Case(
            When(title__icontains=phrase, then=Value(3)),
            When(summary__icontains=phrase, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return articles.annotate(rank=score).order_by("-rank", "-published_at", "-pk")


def ts_query(query):
    """English stems or exact words (for names), AND-ed with the CJK pieces typed, if any."""
    latin = CJK.sub(" ", query.text).strip()
    parts = []
    if WORD.search(latin):
        parts.append(
            SearchQuery(latin, config="english", search_type="websearch")
            | SearchQuery(latin, config="simple", search_type="websearch")
        )
    for run in CJK.findall(query.text):
        pieces = cjk_pieces(run).split()
        raw = f"{pieces[0]}:*" if len(run) == 1 else " <-> ".join(pieces)
        parts.append(SearchQuery(raw, config="simple", search_type="raw"))
    combined = parts[0]
    for part in parts[1:]:
        combined &= part
    return combined


def substring_matches(query):
    """SQLite: every word appears in the article or in the name of something it refers to.

    Names are looked up in subqueries rather than joins, so a long query adds no joins (SQLite
    allows at most 64 tables in one)."""
    articles = Article.objects.all()
    for word in query.words:
        articles = articles.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
            | names_containing(word)
        )
    return articles


def names_containing(word):
    """The article has an expert, topic, conference or department whose name holds `word`."""
    experts = ArticleExpert.objects.filter(
        Q(expert__family_name__icontains=word) | Q(expert__given_name__icontains=word)
    ).values("article_id")
    topics = topic_links().filter(tag__name__icontains=word).values("object_id")
    conferences = Article.conferences.through.objects.filter(
        Q(conference__name__icontains=word) | Q(conference__city__icontains=word)
    ).values("article_id")
    departments = Article.departments.through.objects.filter(
        department__name__icontains=word
    ).values("article_id")
    return Q(pk__in=experts) | Q(pk__in=topics) | Q(pk__in=conferences) | Q(pk__in=departments)


# Facets


FACETS = {"topic": "Topic", "department": "Department", "expert": "Expert", "year": "Year"}


def clean_filters(raw):
    """Only known facets, one value each, without control characters; a year must be a number."""
    filters = {
        name: CONTROL_CHARACTERS.sub("", str(raw.get(name, ""))).strip()[:200] for name in FACETS
    }
    if not re.fullmatch(r"[12][0-9]{3}", filters["year"]):
        filters["year"] = ""
    return {name: value for name, value in filters.items() if value}


def narrow(articles, filters):
    for name, value in filters.items():
        if name == "year":
            articles = articles.filter(published_at__year=int(value))
        else:
            # From the facet's link rows: joining every article to its topics instead took a
            # popular topic hundreds of milliseconds.
            links, article_column = facet_link_rows(name, value)
            articles = articles.filter(pk__in=links.values(article_column))
    return articles


def facet_link_rows(facet, slug):
    """(the link rows of the topic, department or expert called `slug`, their article column).

    The facet's id is looked up first: given the id, PostgreSQL knows from its statistics how
    many articles a popular topic has, and finds the matching articles before checking their
    topics rather than the other way round (a hundred times slower)."""
    model = {"topic": Tag, "department": Department, "expert": Expert}[facet]
    facet_id = model.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if facet == "topic":
        return topic_links().filter(tag_id=facet_id), "object_id"
    if facet == "department":
        return Article.departments.through.objects.filter(department_id=facet_id), "article_id"
    return ArticleExpert.objects.filter(expert_id=facet_id), "article_id"


def most_used(facet_keys):
    """{kind: {id: number of articles}} of the topics, departments and experts that the articles
    with these facet keys refer to most: for each kind, the FACET_SIZE most used and any tied
    with the last of them (the facet lists them by name among equals)."""
    best = {kind: {} for kind in FACET_KEY_MODELS}
    cuts = {}
    for key, n in Counter(" ".join(facet_keys).split()).most_common():
        if len(cuts) == len(best) and n < min(cuts.values()):
            break  # most_common() counts down: no later key can make a list
        kind, _, pk = key.partition(":")
        if kind not in best:  # keys of another release's index are left for its rebuild
            continue
        if len(best[kind]) < FACET_SIZE or n == cuts[kind]:
            best[kind][int(pk)] = n
            if len(best[kind]) == FACET_SIZE:
                cuts[kind] = n
    return best


def facets(most, years, filters):
    """The topics, departments, experts (`most`, see most_used) and `years` ({year: count}) of
    the matches, with counts."""
    labels = facet_labels({name: list(most[name]) for name in FACET_KEY_MODELS})
    options = {name: best_options(most[name], labels[name]) for name in FACET_KEY_MODELS}
    options["year"] = [(str(year), str(year), years[year]) for year in sorted(years, reverse=True)]
    result = []
    for name, label in FACETS.items():
        selected = filters.get(name)
        choices = [(value, text, n, value == selected) for value, text, n in options[name]]
        if choices:
            result.append(Facet(name, label, choices[:FACET_SIZE]))
    return result


def best_options(uses, labels):
    """[(slug, label, count)] of the FACET_SIZE most used, then by name (`labels`: {id: (slug,
    label, sort key)})."""
    best = sorted(labels, key=lambda pk: (-uses[pk], labels[pk][2], labels[pk][0]))
    return [(*labels[pk][:2], uses[pk]) for pk in best[:FACET_SIZE]]


def facet_labels(ids):
    """{facet: {id: (slug, label, sort key)}} for the topics, departments and experts `ids`
    ({facet: [id]}), read in one query written by hand (three ORM queries cost more to build
    than to run)."""
    labels = {name: {} for name in FACET_KEY_MODELS}
    selects, params = [], []
    for name, columns in FACET_LABEL_COLUMNS.items():
        if ids[name]:
            placeholders = ", ".join(["%s"] * len(ids[name]))
            model = FACET_KEY_MODELS[name]
            selects.append(
                f"SELECT '{name}', id, slug, {columns} FROM {table(model)} "
                f"WHERE id IN ({placeholders})"
            )
            params += ids[name]
    if not selects:
        return labels
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for name, pk, slug, label, *expert_name in cursor.fetchall():
            if name == "expert":
                honorific, given_name, family_name, name_order = expert_name
                label = str(
                    Expert(
                        honorific=honorific,
                        given_name=given_name,
                        family_name=family_name,
                        name_order=name_order,
                    )
                )
                labels[name][pk] = (slug, label, family_name)
            else:
                labels[name][pk] = (slug, label, label)
    return labels


FACET_LABEL_COLUMNS = {
    "topic": "name, NULL, NULL, NULL, NULL",
    "department": "name, NULL, NULL, NULL, NULL",
    "expert": "NULL, honorific, given_name, family_name, name_order",
}


# People, events and suggestions


def shown_columns(model, *names):
    """`names` in the order of the model's fields, as `Model.from_db` takes them."""
    return [field.attname for field in model._meta.concrete_fields if field.attname in names]


# What People and Events show of each expert and conference (and of an expert's department).
PEOPLE_COLUMNS = shown_columns(
    Expert, "id", "slug", "honorific", "given_name", "family_name", "name_order", "position",
    "department_id",
)  # fmt: skip
EVENT_COLUMNS = shown_columns(
    Conference, "id", "slug", "name", "edition", "city", "country", "start_date", "end_date"
)
DEPARTMENT_COLUMNS = shown_columns(Department, "id", "name", "slug")


def matching_people(query, limit=5):
    """Experts in published news whose family or given name holds every word typed (whether or
    not their articles are among the best matches kept), with their department."""
    searched = ("family_name", "given_name")
    rows = named_in_published_news(Expert, PEOPLE_COLUMNS, searched, query, limit, department=True)
    people = []
    for row in rows:
        expert = Expert.from_db(connection.alias, PEOPLE_COLUMNS, row[: len(PEOPLE_COLUMNS)])
        department = row[len(PEOPLE_COLUMNS) :]
        if department[0] is not None:
            expert.department = Department.from_db(connection.alias, DEPARTMENT_COLUMNS, department)
        people.append(expert)
    return people


def matching_events(query, limit=5):
    """Conferences of published news whose name, edition or place holds every word typed."""
    searched = ("name", "edition", "city", "country")
    rows = named_in_published_news(Conference, EVENT_COLUMNS, searched, query, limit)
    return [Conference.from_db(connection.alias, EVENT_COLUMNS, row) for row in rows]


def named_in_published_news(model, columns, searched, query, limit, department=False):
    """Rows of `columns` (then the DEPARTMENT_COLUMNS of their department, if asked) of up to
    `limit` experts or conferences (`model`), in their usual order, that published articles refer
    to and whose `searched` columns hold every word of `query`, case aside.

    Written by hand around the ORM's SQL for the published articles (the visibility rule) and
    its own case-insensitive `contains`: the querysets cost twice as long to build as to run. As
    in `having_published_articles`, each candidate's links are checked one by one (LIMIT 1
    keeps PostgreSQL from joining every published article to them instead)."""
    ops = connection.ops
    published, params = Article.objects.published().order_by().values("pk").query.sql_with_params()
    relation = model._meta.get_field("articles").field
    links = relation.remote_field.through._meta.db_table
    contains = f"{ops.lookup_cast('icontains', 'CharField')} {connection.operators['icontains']}"
    words = [
        "(" + " OR ".join(contains % (f"t.{column}", "%s") for column in searched) + ")"
        for _ in query.words
    ]
    patterns = [f"%{ops.prep_for_like_query(word)}%" for word in query.words for _ in searched]
    selected = [f"t.{column}" for column in columns]
    joins = ""
    if department:
        selected += [f"d.{column}" for column in DEPARTMENT_COLUMNS]
        joins = f"LEFT JOIN {table(Department)} d ON d.id = t.department_id"
    order = ", ".join(
        f"t.{name.lstrip('-')} DESC" if name.startswith("-") else f"t.{name}"
        for name in model._meta.ordering
    )
    sql = (
        f"SELECT {', '.join(selected)} FROM {table(model)} t {joins} "
        f"WHERE {' AND '.join(words) or 'TRUE'} AND EXISTS (SELECT 1 FROM {links} l "
        f"WHERE l.{relation.m2m_reverse_name()} = t.id AND l.{relation.m2m_column_name()} "
        f"IN ({published}) LIMIT 1) ORDER BY {order} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*patterns, *params, limit])
        return cursor.fetchall()


def suggestions(query, limit=3):
    """Close topic or expert names for a query that found nothing (a typo, usually)."""
    if not query.has_words:
        return []
    names = list(public_topics().values_list("name", flat=True))
    experts = Expert.objects.having_published_articles().values_list("given_name", "family_name")
    for given_name, family_name in experts:
        names += [f"{given_name} {family_name}".strip(), family_name]
    by_lower = {name.lower(): name for name in names}
    close = difflib.get_close_matches(query.text.lower(), by_lower, n=limit, cutoff=0.7)
    return [by_lower[name] for name in close]


# Snippets


# Captured rather than looked ahead for: a lookahead is tried at every character of the text,
# four times slower.
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote|pre|td|th|figcaption)>|<br\b)", re.I)


def plain_text(html):
    """The words of rich text: no tags, and entities (&amp;, &lt;) turned back into characters.

    nh3 (the body's sanitiser) parses the HTML as a browser would, several times faster than
    Django's strip_tags; a space before the end of each block keeps the last word of a
    paragraph apart from the first word of the next."""
    if not html:
        return ""
    return unescape(nh3.clean(BLOCK_END.sub(r" \1", html), tags=set()))


def highlight(text, query, length=SNIPPET_LENGTH):
    """A passage of plain `text` around the first match, escaped, with the matches in <mark>.

    Words match by their beginning, so "myeloma" also marks "myelomas" (close to the stemming the
    full-text search does); CJK runs match anywhere.
    """
    pattern = match_pattern(query)
    plain = " ".join(text.split())
    return passage(plain, pattern.search(plain) if pattern else None, pattern, length)


def snippet(article, query):
    """The passage of the article's text, else of its summary, where the query matched; the
    start of the summary if neither did."""
    pattern = match_pattern(query)
    summary = " ".join(article.summary.split())
    if pattern:
        for text in (plain_text(article.body), summary):
            # Most results match in their names or summary, not in the text: a substring test
            # rules a text out far sooner than the case-insensitive pattern can.
            if mentions(text, query):
                plain = " ".join(text.split())
                found = pattern.search(plain)
                if found:
                    return passage(plain, found, pattern)
    return passage(summary, None, pattern)


def add_matching_topics(results, query):
    """Results whose marked title and `snippet` show no match were found by a name: the topics
    among their names that match are added to the snippet (a topic in Chinese, say), so that
    every result shows why it was found. One query, for those results only."""
    pattern = match_pattern(query)
    unexplained = [
        article for article in results if "<mark>" not in article.title_marked + article.snippet
    ]
    if not (pattern and unexplained):
        return
    topics = topic_names_by_article(unexplained)
    for article in unexplained:
        named = [name for name in topics[article.pk] if pattern.search(name)]
        if named:
            marked = ", ".join(mark_matches(name, pattern) for name in named)
            article.snippet = mark_safe(f"{article.snippet} · Topic{pluralize(named)}: {marked}")


def mentions(text, query):
    """Whether `text` may hold a match of `query`: one of its stems appears in it."""
    folded = text.casefold()
    return any(stem.casefold() in folded for _, stem in match_stems(query))


def passage(plain, found, pattern, length=SNIPPET_LENGTH):
    """`length` characters of `plain` (whitespace already collapsed) from a little before the
    match `found` (or from the start), cut at words, escaped, the matches marked."""
    if not plain:
        return ""
    start = 0 if found is None else max(0, found.start() - length // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    shown = plain[start : start + length]
    if start + length < len(plain):
        shown = shown.rsplit(" ", 1)[0] + " …"
    if start:
        shown = "… " + shown
    return mark_safe(mark_matches(shown, pattern))


def mark_matches(passage, pattern):
    if pattern is None:
        return escape(passage)
    parts, position = [], 0
    for match in pattern.finditer(passage):
        parts.append(escape(passage[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(passage[position:]))
    return "".join(parts)


def match_stems(query):
    """(is CJK, the part of each word a match must start with) for the words of `query`."""
    return [
        (True, word) if CJK.fullmatch(word) else (False, word[: max(4, len(word) - 2)])
        for word in query.words
    ]


def match_pattern(query):
    alternatives = [
        re.escape(stem) if is_cjk else r"\b" + re.escape(stem) + r"[\w'-]*"
        for is_cjk, stem in match_stems(query)
    ]
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


# The index


FACET_KEY_MODELS = {"topic": Tag, "department": Department, "expert": Expert}


def facet_keys(ids):
    """{article id: "topic:12 department:3 expert:1500 …"} for the articles `ids`.

    Stored with each article (`search_facets`) so that the facets of a thousand matches are
    counted without a join to the link tables. Plain words, because a thousand of them are
    split in a moment, where decoding as many JSON documents cost more than the join."""
    keys = {pk: [] for pk in ids}
    links = {
        "topic": topic_links().filter(object_id__in=ids).values_list("object_id", "tag_id"),
        "department": Article.departments.through.objects.filter(article_id__in=ids).values_list(
            "article_id", "department_id"
        ),
        "expert": ArticleExpert.objects.filter(article_id__in=ids).values_list(
            "article_id", "expert_id"
        ),
    }
    for name, rows in links.items():
        for pk, facet_id in rows.order_by():
            keys[pk].append(f"{name}:{facet_id}")
    return {pk: " ".join(article_keys) for pk, article_keys in keys.items()}


def cjk_pieces(text):
    """Overlapping two-character pieces of every CJK run: 骨髓移植 → 骨髓 髓移 移植."""
    pieces = []
    for run in CJK.findall(text or ""):
        pieces += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    return " ".join(pieces)


def names_sql():
    """SQL giving, for each article id in the array %(ids)s, its title, summary and body and the
    names it refers to: its experts, topics, conferences (with their place) and departments.
    Written by hand because it runs on every save, where building it with the ORM cost more
    than running it."""
    names = {
        "expert": (
            f"{table(ArticleExpert)} l JOIN {table(Expert)} n ON n.id = l.expert_id",
            "l.article_id",
            "concat_ws(' ', n.honorific, n.given_name, n.family_name)",
        ),
        "topic": (
            f"{table(TaggedItem)} l JOIN {table(Tag)} n ON n.id = l.tag_id",
            "l.content_type_id = %(article_type)s AND l.object_id",
            "n.name",
        ),
        "conference": (
            f"{table(Article.conferences.through)} l "
            f"JOIN {table(Conference)} n ON n.id = l.conference_id",
            "l.article_id",
            "concat_ws(' ', n.edition, n.name, n.city, n.country)",
        ),
        "department": (
            f"{table(Article.departments.through)} l "
            f"JOIN {table(Department)} n ON n.id = l.department_id",
            "l.article_id",
            "n.name",
        ),
    }
    subqueries = [
        f"(SELECT string_agg({name}, ' ' ORDER BY {name}) FROM {links} WHERE {article} = a.id)"
        for links, article, name in names.values()
    ]
    return (
        f"SELECT a.id, a.title, a.summary, a.body, concat_ws(' ', {', '.join(subqueries)}) "
        f"FROM {table(Article)} a WHERE a.id = ANY(%(ids)s) ORDER BY a.id"
    )


# The texts `search_terms` sends for each article, in order.
SENT_TEXTS = ("title", "title_cjk", "summary_names", "names_cjk", "body_cjk")
# (weight, text search configuration, text) of each part of the vector. The English words of the
# body are read from the stored HTML: PostgreSQL's parser skips tags and entities, so the body
# need not be stripped and sent back.
VECTOR_PARTS = (
    ("A", "english", "v.title"),
    ("A", "simple", "v.title_cjk"),
    ("B", "english", "v.summary_names"),
    ("B", "simple", "v.names_cjk"),
    ("C", "english", "a.body"),
    ("C", "simple", "v.body_cjk"),
)
RANKED_WEIGHTS = {"A", "B"}


def search_terms(title, summary, body, names):
    """The texts an article's weighted search vector is made of, in SENT_TEXTS order.

    Text is stemmed in English; names are also kept as typed (the `simple` configuration), so
    "Jones" is found as "Jones" and not only as its stem; CJK text is added as two-character pieces.
    """
    return (
        title,
        cjk_pieces(title),
        f"{summary} {names}",
        f"{names} {cjk_pieces(summary)} {cjk_pieces(names)}",
        cjk_pieces(body),
    )


def index_articles(articles):
    """Rebuild the search index of `articles` (a queryset), in batches: the facet keys, and on
    PostgreSQL the search vectors."""
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), INDEX_BATCH_SIZE):
        batch = ids[start : start + INDEX_BATCH_SIZE]
        keys = facet_keys(batch)
        if uses_full_text():
            write_vectors([(*row, keys[row[0]]) for row in vector_texts(batch)])
        else:
            write_facet_keys(keys)


def vector_texts(ids):
    """(pk, *texts in SENT_TEXTS order) of each article `ids`."""
    with connection.cursor() as cursor:
        cursor.execute(names_sql(), {"ids": ids, "article_type": article_type_id()})
        rows = cursor.fetchall()
    return [(pk, *search_terms(*texts)) for pk, *texts in rows]


def write_facet_keys(keys):
    """SQLite: there are no vectors to write, only the facet keys."""
    articles = [Article(pk=pk, search_facets=article_keys) for pk, article_keys in keys.items()]
    Article.objects.bulk_update(articles, ["search_facets"])


def write_vectors(rows):
    """One UPDATE … FROM (VALUES …) for a batch of (pk, *texts, facet keys): the
    texts are sent once and PostgreSQL weights and combines them (much cheaper than a CASE per
    row from bulk_update). The full vector is searched; the rank vector (weights A and B only)
    orders the matches."""
    parts = [
        (weight, f"setweight(to_tsvector('{config}', {text}), '{weight}')")
        for weight, config, text in VECTOR_PARTS
    ]
    full = " || ".join(part for _, part in parts)
    ranked = " || ".join(part for weight, part in parts if weight in RANKED_WEIGHTS)
    columns = ["%s::bigint"] + ["%s::text"] * (len(SENT_TEXTS) + 1)
    placeholders = "(" + ", ".join(columns) + ")"
    sql = (
        f"UPDATE {Article._meta.db_table} AS a "
        f"SET search_vector = {full}, search_rank_vector = {ranked}, search_facets = v.facets "
        f"FROM (VALUES {', '.join([placeholders] * len(rows))}) "
        f"AS v(id, {', '.join(SENT_TEXTS)}, facets) WHERE a.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def index_article_ids(ids):
    if ids:
        index_articles(Article.objects.filter(pk__in=list(ids)))


# Keeping the index in step: an article, or a name it refers to, changed.

SEARCHED_FIELDS = {"title", "summary", "body"}


def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if update_fields is None or SEARCHED_FIELDS & set(update_fields):
        index_article_ids([instance.pk])


def relation_row_changed(sender, instance, **kwargs):
    if sender is TaggedItem:
        if instance.content_type.model_class() is Article:
            index_article_ids([instance.object_id])
    else:
        index_article_ids([instance.article_id])


def name_changed(sender, instance, raw=False, **kwargs):
    relation = "tags" if sender is Tag else "experts" if sender is Expert else None
    relation = relation or ("conferences" if sender is Conference else "departments")
    index_articles(Article.objects.filter(**{relation: instance}))


def remember_articles(sender, instance, **kwargs):
    instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))


def forget_name(sender, instance, **kwargs):
    index_article_ids(getattr(instance, "_search_article_ids", []))


def classification_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("post_"):
        index_article_ids(pk_set if reverse else [instance.pk])


def connect_signals():
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article")
    for model in (ArticleExpert, TaggedItem):
        post_save.connect(relation_row_changed, sender=model, dispatch_uid=f"search-{model}")
        post_delete.connect(relation_row_changed, sender=model, dispatch_uid=f"search-d-{model}")
    for model in (Expert, Tag, Conference, Department):
        post_save.connect(name_changed, sender=model, dispatch_uid=f"search-name-{model}")
    for model in (Conference, Department):
        pre_delete.connect(remember_articles, sender=model, dispatch_uid=f"search-pre-{model}")
        post_delete.connect(forget_name, sender=model, dispatch_uid=f"search-post-{model}")
    for relation in (Article.conferences, Article.departments):
        m2m_changed.connect(
            classification_changed, sender=relation.through, dispatch_uid=f"search-{relation}"
        )
