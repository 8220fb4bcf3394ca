"""Querysets of the domain. `ArticleQuerySet.published()` is the one visibility rule: every
public page, feed, sitemap and search reads articles through it."""

from django.db import connection, models
from django.db.models import Count, Exists, F, Lookup, OuterRef, Prefetch, Q
from django.utils import timezone

from .richtext import sanitize_html

RELATED_CANDIDATES = 100
FEW_LINKS = 1000
RECENT_ARTICLES = 200
# The relations by which two articles are related (see ArticleQuerySet.related_ids).
SHARED_RELATIONS = ("tags", "experts", "conferences")
# What a card shows, and what the lists of the press room add to it (the press access time).
CARD_FIELDS = (
    "title",
    "slug",
    "summary",
    "status",
    "published_at",
    "press_access_at",
    "language",
    "hero_image",
    "hero_renditions",
    "hero_alt",
    "source__name",
    "source__url",
)


class IsAnyOf(Lookup):
    """`IsAnyOf(F("pk"), ids)`: the value is one of `ids`. PostgreSQL receives them as one array
    parameter: given as a list to `__in`, a thousand ids are a thousand parameters, which take
    longer to build into the query than the query takes to run. Other databases get the plain
    `IN` list (Django compiles `as_postgresql` for PostgreSQL, `as_sql` elsewhere)."""

    lookup_name = "is_any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs)) or "NULL"
        return f"{lhs} IN ({placeholders})", [*params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def most_linked_ids(candidates, links, limit):
    """The ids of the `limit` articles of `candidates` that `links` ([(link rows, their article
    column)]) point at most often, among the RELATED_CANDIDATES newest of them.

    One statement around the ORM's SQL for the candidates and the link rows (so the visibility
    rule stays `published()`): the newest candidates sharing a link are found by walking the
    date index, and only their links are counted. The same statement built with the ORM's
    Subquery and Coalesce cost more to build than to run (docs/performance.md).
    """
    if not links:
        return []
    shared = Q()
    counts, link_params = [], []
    for link_rows, article_column in links:
        rows = link_rows.order_by().values(article_column)
        shared |= Q(pk__in=rows)
        sql, params = rows.query.sql_with_params()
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) l WHERE l.{article_column} = c.id)")
        link_params += params
    newest = (
        candidates.filter(shared)
        .order_by("-published_at", "-pk")
        .values("id", "published_at")[:RELATED_CANDIDATES]
    )
    newest_sql, newest_params = newest.query.sql_with_params()
    sql = (
        f"SELECT c.id FROM ({newest_sql}) c "
        f"ORDER BY {' + '.join(counts)} DESC, c.published_at DESC, c.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*newest_params, *link_params, limit])
        return [pk for (pk,) in cursor.fetchall()]


class ArticleQuerySet(models.QuerySet):
    # Whether the articles are known to be few (at most FEW_LINKS ids, a facet's): a paginator
    # then reads all their ids, in order, once, instead of counting them and then reading a
    # page's (articles/pagination.py).
    is_few = False

    def _clone(self):
        clone = super()._clone()
        clone.is_few = self.is_few
        return clone

    def published(self):
        """What the public may see: status published and a publication time that has come.

        A published article with a future `published_at` is scheduled: it stays invisible until
        that moment and then appears everywhere at once: no job has to run for it to show
        (the one that runs then announces it, articles/publication.py).
        """
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def embargoed(self):
        """Scheduled articles whose press access time has come: open to approved journalists in
        the press room, not yet to the public."""
        return self.scheduled().filter(press_access_at__lte=timezone.now())

    def visible_to_press(self):
        """What an approved journalist may see: the published articles and the embargoed ones.
        Only the press room (press/) reads articles through it; `published()` stays the rule of
        every public surface."""
        now = timezone.now()
        return self.filter(
            Q(published_at__lte=now) | Q(press_access_at__lte=now),
            status=self.model.Status.PUBLISHED,
        )

    def in_state(self, state):
        """The articles in one of `Article.State`: a scheduled one is status published with a
        time to come, a published one what the public sees."""
        states = self.model.State
        if state == states.SCHEDULED:
            return self.scheduled()
        if state == states.PUBLISHED:
            return self.published()
        return self.filter(status=state)

    def featured(self):
        return self.published().filter(is_featured=True)

    def latest_ids(self, limit=None):
        """A subquery of the ids of the `limit` (RECENT_ARTICLES) newest published articles."""
        limit = limit or RECENT_ARTICLES
        return self.published().order_by("-published_at", "-pk").values("pk")[:limit]

    def linked_by(self, links, article_column):
        """The articles that `links` (one facet's rows in a link table) point at, written so that
        PostgreSQL pages through them quickly whatever the facet's size.

        A facet used by few articles gives their ids, which are read and sorted in a moment. A
        popular one gives a check per article instead, so the newest articles are walked in date
        order and the walk stops after a page; sorting all of a popular topic's thousands of
        articles for every page would cost far more.
        """
        ids = list(links.values_list(article_column, flat=True)[: FEW_LINKS + 1])
        if len(ids) <= FEW_LINKS:
            few = self.filter(IsAnyOf(F("pk"), ids))
            few.is_few = True
            return few
        return self.filter(Exists(links.filter(**{article_column: OuterRef("pk")})))

    def with_source(self):
        return self.select_related("source")

    def with_cards(self):
        """What a list card shows (articles/cards.py): the article's title, date, summary and
        picture with its source's name, not the rest of the row: its text is kilobytes, kept out
        of line by PostgreSQL, and each column more costs the ORM time on twenty rows."""
        return self.with_source().only(*CARD_FIELDS)

    def detail_prefetches(self):
        """The relations an article page shows, as read from their tables (the press contacts
        come in the same queries, by joins: the "Media enquiries" box)."""
        roles = self.model._meta.get_field("expert_roles").related_model
        departments = self.model._meta.get_field("departments").related_model
        return (
            "tags",
            Prefetch("departments", queryset=departments.objects.select_related("press_contact")),
            "conferences",
            "media_links",
            Prefetch(
                "expert_roles",
                queryset=roles.objects.select_related("expert", "expert__department"),
            ),
        )

    def with_details(self):
        """Everything an article page shows, fetched in a constant number of queries."""
        return (
            self.with_source()
            .select_related("press_contact")
            .prefetch_related(*self.detail_prefetches())
        )

    def with_facts(self):
        """An article page's article with its read model (articles/facts.py) in one query."""
        return self.with_source().select_related("press_contact", "facts")

    def related_ids(self, article, limit=4):
        """The ids of up to `limit` published articles sharing the most topics, experts or
        conferences with `article`, newest first among equals, in that order.

        Only the RELATED_CANDIDATES most recent articles sharing something are compared, so the
        cost stays the same when a topic is used by thousands of articles. Reads the article's
        relations with `.all()` so that prefetched rows are reused.
        """
        candidates = self.published().exclude(pk=article.pk)
        return most_linked_ids(candidates, shared_links(article), limit)

    def cards_by_id(self, ids):
        """{id: card} of the published articles among `ids`, in one query (the related news
        and previous/next links of an article page: chosen when its read model was built, shown
        only while they are public)."""
        ids = [pk for pk in ids if pk is not None]
        if not ids:
            return {}
        cards = self.published().with_cards().filter(IsAnyOf(F("pk"), ids)).order_by()
        return {card.pk: card for card in cards}

    def before(self, article):
        if article.published_at is None:
            return self.none()
        earlier = Q(published_at__lt=article.published_at) | Q(
            published_at=article.published_at, pk__lt=article.pk
        )
        # The plain range lets the date index find the neighbour; the OR only settles ties.
        return (
            self.published()
            .filter(published_at__lte=article.published_at)
            .filter(earlier)
            .order_by("-published_at", "-pk")
        )

    def after(self, article):
        if article.published_at is None:
            return self.none()
        later = Q(published_at__gt=article.published_at) | Q(
            published_at=article.published_at, pk__gt=article.pk
        )
        return (
            self.published()
            .filter(published_at__gte=article.published_at)
            .filter(later)
            .order_by("published_at", "pk")
        )

    def editable_by(self, user):
        """Editors may change every article; contributors only their own drafts and submissions."""
        if user.has_perm("articles.publish_article"):
            return self
        return self.filter(
            created_by=user,
            status__in=[self.model.Status.DRAFT, self.model.Status.IN_REVIEW],
        )

    def bulk_create(self, objs, *args, **kwargs):
        """Bodies pass the allowlist here too: bulk_create() does not call Article.save()."""
        objs = list(objs)
        for article in objs:
            article.body = sanitize_html(article.body)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "body" in fields:
            for article in objs:
                article.body = sanitize_html(article.body)
        return super().bulk_update(objs, fields, *args, **kwargs)


def shared_links(article):
    """(link rows, their article column) for each kind of link `article` has among
    SHARED_RELATIONS, read from its prefetched relations where there are some."""
    ids = {
        "tags": [topic.pk for topic in article.tags.all()],
        "experts": [role.expert_id for role in article.expert_roles.all()],
        "conferences": [conference.pk for conference in article.conferences.all()],
    }
    links = []
    for relation in SHARED_RELATIONS:
        if ids[relation]:
            facets = type(article)._meta.get_field(relation).related_model.objects
            links.append(facets.article_links(ids[relation]))
    return links


class FacetQuerySet(models.QuerySet):
    """What articles refer to (topics, experts, conferences, departments, sources), seen from
    their side of the `articles` relation: which are public, how often they are used."""

    article_relation = "articles"

    def with_article_count(self):
        """Every article counted, public or not: for the admin's lists only."""
        return self.annotate(article_count=Count(self.article_relation, distinct=True))

    def link_table(self):
        """(the model of the table linking articles to these rows, its article column, its
        field naming the row) of a facet that articles refer to through a link table."""
        field = self.model._meta.get_field(self.article_relation).field  # Article's field
        return field.remote_field.through, field.m2m_column_name(), field.m2m_reverse_field_name()

    def article_links(self, facets):
        """(the link rows tying `facets` — one row, its id, a list of ids or an OuterRef — to
        their articles, the column naming the article), for ArticleQuerySet.linked_by."""
        links, article_column, facet_field = self.link_table()
        lookup = f"{facet_field}__in" if isinstance(facets, list | set | tuple) else facet_field
        return links.objects.filter(**{lookup: facets}), article_column

    def having_published_articles(self):
        """Only the rows that at least one published article refers to, without counting them.

        For a many-to-many facet the check starts from the link rows of each facet row (an index
        on the facet column finds them, the first published article ends the check): starting
        from the articles, PostgreSQL would join every published article to every link.
        """
        relation = self.model._meta.get_field(self.article_relation)
        published = relation.related_model.objects.published()
        if relation.many_to_many:
            links, article_column = self.article_links(OuterRef("pk"))
            links = links.filter(**{f"{article_column}__in": published.values("pk")})
        else:
            links = published.filter(**{relation.field.name: OuterRef("pk")})
        return self.filter(Exists(links))

    def most_used_by(self, articles):
        """The rows `articles` (a subquery of article ids) refer to, the most used first."""
        relation = self.article_relation
        return (
            self.filter(**{f"{relation}__in": articles})
            .annotate(uses=Count(relation))
            .order_by("-uses", *self.model._meta.ordering)
        )

    def names_by_article(self, articles, name="name"):
        """{article id: [the `name` of each row it refers to]} for a list of articles, in one
        query, in the order they were linked. (taggit's own prefetch builds a queryset per
        article, which costs more than the query itself for a feed.)"""
        links, article_column, facet_field = self.link_table()
        names = {article.pk: [] for article in articles}
        rows = links.objects.filter(**{f"{article_column}__in": list(names)}).order_by("pk")
        for article_id, facet_name in rows.values_list(article_column, f"{facet_field}__{name}"):
            names[article_id].append(facet_name)
        return names
