from .article import Article
from .facets import Conference, Department, Expert, Source, Topic
from .links import ArticleDepartment, ArticleExpert, ArticleTopic, FormerSlug, MediaLink

__all__ = [
    "Article",
    "ArticleDepartment",
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
