"""Querysets for the newsroom's models. `ArticleQuerySet.published()` is the one visibility rule."""

from django.db import connection, models
from django.db.models import Count, Exists, F, Lookup, OuterRef, Prefetch, Q
from django.utils import timezone

from .richtext import sanitize_html

RELATED_CANDIDATES = 100
FEW_LINKS = 1000


def article_type_id():
    """Articles' content type id (cached by Django after the first lookup)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Article

    return ContentType.objects.get_for_model(Article).pk


def topic_links():
    """The rows of taggit's link table that tag articles. Filtered by content type id, so that
    taggit's (content type, object, tag) index can answer without a join."""
    from taggit.models import TaggedItem

    return TaggedItem.objects.filter(content_type_id=article_type_id())


def facet_links(facet):
    """(the link rows tying `facet` (a topic, expert, conference or department) to its articles,
    the column naming the article), for `ArticleQuerySet.linked_by`."""
    from taggit.models import Tag

    if isinstance(facet, Tag):
        return topic_links().filter(tag=facet), "object_id"
    return type(facet).objects.article_links(facet)


def shared_links(article):
    """(link rows, their article column) for each kind of link `article` has: its topics, its
    experts and its conferences."""
    from .models import Article, ArticleExpert

    tag_ids = [tag.pk for tag in article.tags.all()]
    expert_ids = [role.expert_id for role in article.expert_roles.all()]
    conference_ids = [conference.pk for conference in article.conferences.all()]
    links = []
    if tag_ids:
        links.append((topic_links().filter(tag_id__in=tag_ids), "object_id"))
    if expert_ids:
        links.append((ArticleExpert.objects.filter(expert_id__in=expert_ids), "article_id"))
    if conference_ids:
        conferences = Article.conferences.through.objects.filter(conference_id__in=conference_ids)
        links.append((conferences, "article_id"))
    return links


class IsAnyOf(Lookup):
    """`IsAnyOf(F("pk"), ids)`: the value is one of `ids`, which PostgreSQL receives as one array
    parameter. Given as a list to `__in`, a thousand ids are a thousand parameters, which take
    longer to build into the query than the query takes to run."""

    lookup_name = "is_any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs)) or "NULL"
        return f"{lhs} IN ({placeholders})", [*params, *self.rhs]


def related_ids(candidates, links, limit):
    """The ids of the `limit` articles of `candidates` that `links` (shared_links) point at most
    often, among the RELATED_CANDIDATES newest of them.

    One statement around the ORM's SQL for the candidates and the link rows (so the visibility
    rule stays `published()`): the newest candidates sharing a link are found by walking the
    date index, and only their links are counted. The same statement built with the ORM's
    Subquery and Coalesce cost more to build than to run.
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


SEARCH_INDEX_FIELDS = ("search_vector", "search_rank_vector", "search_facets")


class ArticleManager(models.Manager):
    # The search index is several kilobytes an article and only search reads it: leaving it out
    # keeps every page's rows small. (A save then writes the loaded fields only; the index is
    # written by articles.search.)
    def get_queryset(self):
        return super().get_queryset().defer(*SEARCH_INDEX_FIELDS)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: status published and a publication time that has come.

        A published article with a future `published_at` is scheduled: it stays invisible until
        that moment and then appears everywhere at once, with no job to run.
        """
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def featured(self):
        return self.published().filter(is_featured=True)

    def for_topic(self, tag):
        return self.filter(tags=tag)

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
            return self.filter(IsAnyOf(F("pk"), ids))
        return self.filter(Exists(links.filter(**{article_column: OuterRef("pk")})))

    def with_source(self):
        return self.select_related("source")

    def with_cards(self):
        """What a list card shows: the article with its source, but not its text (kilobytes a
        row, kept out of line by PostgreSQL, that no card shows)."""
        return self.with_source().defer("body")

    def with_details(self):
        """Everything an article page shows, fetched in a constant number of queries."""
        from .models import ArticleExpert

        return self.with_source().prefetch_related(
            "tags",
            "departments",
            "conferences",
            "media_links",
            Prefetch(
                "expert_roles",
                queryset=ArticleExpert.objects.select_related("expert", "expert__department"),
            ),
        )

    def related_to(self, article, limit=4):
        """Up to `limit` published articles sharing the most topics, experts or conferences with
        `article`, newest first among equals (a list, in that order).

        Only the RELATED_CANDIDATES most recent articles sharing something are compared, so the
        cost stays the same when a topic is used by thousands of articles. Reads the article's
        relations with `.all()` so that prefetched rows are reused.
        """
        ids = related_ids(self.published().exclude(pk=article.pk), shared_links(article), limit)
        found = self.with_cards().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

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


def topic_names_by_article(articles):
    """{article id: [topic names]} for a list of articles, in one query. (taggit's own prefetch
    builds a queryset per article, which costs more than the query itself for a feed.)"""
    names = {article.pk: [] for article in articles}
    links = topic_links().filter(object_id__in=names)
    for article_id, name in links.order_by("pk").values_list("object_id", "tag__name"):
        names[article_id].append(name)
    return names


def published_article_count(relation):
    """Annotation: how many published articles point at a facet row (expert, tag, department...)."""
    from .models import Article

    published_ids = Article.objects.published().values("pk")
    return Count(relation, filter=Q(**{f"{relation}__in": published_ids}), distinct=True)


def published_topics():
    """Topics (taggit tags) used by at least one published article, with that count."""
    from taggit.models import Tag

    return Tag.objects.annotate(published_article_count=published_article_count("article")).filter(
        published_article_count__gt=0
    )


RECENT_ARTICLES = 200


def recent_articles():
    """The latest published articles, whose topics and experts the home page puts forward."""
    from .models import Article

    return (
        Article.objects.published().order_by("-published_at", "-pk").values("pk")[:RECENT_ARTICLES]
    )


def topics_in_recent_news(limit):
    """The topics most used by the latest published articles (the same cost on any archive)."""
    from taggit.models import Tag

    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type_id=article_type_id(),
            taggit_taggeditem_items__object_id__in=recent_articles(),
        )
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")[:limit]
    )


def experts_in_recent_news(limit):
    """The experts most quoted in the latest published articles."""
    from .models import Expert

    return (
        Expert.objects.filter(article_roles__article__in=recent_articles())
        .annotate(uses=Count("article_roles"))
        .select_related("department")
        .order_by("-uses", "family_name", "given_name")[:limit]
    )


def public_topics():
    """Topics used by at least one published article, without counting them (cheap per row)."""
    from taggit.models import Tag

    from .models import Article

    tagged = Article.objects.published().filter(tags=OuterRef("pk"))
    return Tag.objects.filter(Exists(tagged))


class FacetQuerySet(models.QuerySet):
    """Shared by experts, conferences, departments and sources: counts without N+1 queries."""

    article_relation = "articles"

    def with_article_count(self):
        return self.annotate(article_count=Count(self.article_relation, distinct=True))

    def with_published_article_count(self):
        return self.annotate(published_article_count=published_article_count(self.article_relation))

    def article_links(self, facet):
        """(the link rows tying `facet` to its articles, the column naming the article), for a
        facet that articles reference through a many-to-many link table."""
        field = self.model._meta.get_field(self.article_relation).field  # Article's field
        links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): facet})
        return links, field.m2m_column_name()

    def having_published_articles(self):
        """Only the rows that at least one published article refers to, without counting them.

        For a many-to-many facet the check starts from the link rows of each facet row (an index
        on the facet column finds them, the first published article ends the check): starting
        from the articles, PostgreSQL would join every published article to every link.
        """
        from .models import Article

        relation = self.model._meta.get_field(self.article_relation)
        published = Article.objects.published()
        if relation.many_to_many:
            links, article_column = self.article_links(OuterRef("pk"))
            links = links.filter(**{f"{article_column}__in": published.values("pk")})
        else:
            links = published.filter(**{relation.field.name: OuterRef("pk")})
        return self.filter(Exists(links))

    def with_published_articles(self):
        """Only the rows that at least one published article refers to."""
        facets = self.with_published_article_count().filter(published_article_count__gt=0)
        # Grouped queries drop Meta.ordering; pagination needs a stable order.
        return facets if self.query.order_by else facets.order_by(*self.model._meta.ordering)
