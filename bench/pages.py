"""The pages `make bench` and `make soak` measure: one address of each kind, chosen from the
archive in the database."""

from django.db.models import Count, Q

from articles.models import Article, Conference, Expert, Topic
from articles.pagination import ARTICLES_PER_PAGE

DEEP_PAGE = 2000
SEARCH_ONE_WORD = "myeloma"
SEARCH_TWO_WORDS = "stroke recovery"


def page_urls():
    """One URL per page kind, chosen from the archive in the database."""
    public = Article.objects.published().count()
    # An article a few pages down: neither the newest (cached by everyone) nor a rarity.
    article = Article.objects.published().order_by("-published_at")[
        min(ARTICLES_PER_PAGE * 3, public - 1)
    ]
    last_page = -(-public // ARTICLES_PER_PAGE)
    topic, expert, conference = (most_used(model) for model in (Topic, Expert, Conference))
    month = article.published_at
    return [
        ("home", "/"),
        ("news page 1", "/news/"),
        ("news, deep page", f"/news/?page={min(DEEP_PAGE, last_page)}"),
        ("article", article.get_absolute_url()),
        ("topic", f"/topics/{topic.slug}/"),
        ("expert", expert.get_absolute_url()),
        ("conference", conference.get_absolute_url()),
        ("archive month", f"/news/{month:%Y}/{month:%m}/"),
        ("search, one word", f"/search/?q={SEARCH_ONE_WORD}"),
        ("search, two words", f"/search/?q={SEARCH_TWO_WORDS.replace(' ', '+')}"),
        ("feed RSS", "/feeds/news.rss"),
        ("feed Atom", "/feeds/news.atom"),
        ("feed JSON", "/feeds/news.json"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap page", "/sitemap-articles.xml"),
    ]


def most_used(model):
    """The topic, expert or conference the most published articles refer to."""
    published = Q(articles__in=Article.objects.published().values("pk"))
    used = model.objects.annotate(uses=Count("articles", filter=published))
    return used.order_by("-uses", "pk").first()
