from .announcement import Announcement
from .article import Article
from .desk import PressContact, ReviewNote
from .facets import Conference, Department, Expert, Source, Topic
from .facts import ArticleFacts, Highlights
from .links import ArticleDepartment, ArticleExpert, ArticleTopic, FormerSlug, MediaLink

__all__ = [
    "Announcement",
    "Article",
    "ArticleFacts",
    "ArticleDepartment",
    "ArticleExpert",
    "ArticleTopic",
    "Conference",
    "Department",
    "Expert",
    "FormerSlug",
    "Highlights",
    "MediaLink",
    "PressContact",
    "ReviewNote",
    "Source",
    "Topic",
]
