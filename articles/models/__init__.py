from .announcement import Announcement
from .article import Article
from .facets import Conference, Department, Expert, Source, Topic
from .links import ArticleDepartment, ArticleExpert, ArticleTopic, FormerSlug, MediaLink

__all__ = [
    "Announcement",
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
