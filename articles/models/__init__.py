from .article import Article
from .facets import Conference, Department, Expert, Source, Topic
from .links import ArticleExpert, ArticleTopic, FormerSlug, MediaLink

__all__ = [
    "Article",
    "ArticleExpert",
    "ArticleTopic",
    "Conference",
    "Department",
    "Expert",
    "FormerSlug",
    "MediaLink",
    "Source",
    "Topic",
]
