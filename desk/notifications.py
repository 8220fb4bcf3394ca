"""Who is told by email where a story stands: the editors when one is submitted for review;
its author when it is returned (with the reviewer's note), when it is published, and when their
scheduled story went public by itself. Sent by the task worker, never in the request."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Article
from articles.publication import article_went_public
from articles.services import action_taken, display_name, when
from background.retry import retrying_task


def connect():
    action_taken.connect(action_was_taken, sender=Article, dispatch_uid="desk-action-taken")
    article_went_public.connect(story_went_public, sender=Article, dispatch_uid="desk-public")


def action_was_taken(sender, article, action, user, note="", **kwargs):
    # Enqueued in the change's transaction: a change rolled back tells nobody.
    if action == "submit":
        tell_editors_of_submission.enqueue(article.pk, user.pk)
    elif action == "return":
        tell_author.enqueue(article.pk, "returned", user.pk, note)


def story_went_public(sender, article, **kwargs):
    # Saved before its time and announced when the time came: it went public by itself.
    by_itself = article.updated_at < article.published_at
    event = "went_public" if by_itself else "published"
    tell_author.enqueue(article.pk, event, article.published_by_id, "")


def editors():
    """Active staff who may publish (the Editors group, a direct permission, superusers)."""
    publish = Permission.objects.filter(
        codename="publish_article", content_type__app_label="articles"
    )
    may_publish = (
        Q(groups__permissions__in=publish) | Q(user_permissions__in=publish) | Q(is_superuser=True)
    )
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return users.filter(may_publish).exclude(email="").distinct()


def desk_url(article):
    return settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])


def email(to, subject, template, context):
    context = {"newsroom_name": settings.NEWSROOM_NAME, **context}
    body = render_to_string(f"desk/email/{template}.txt", context)
    return EmailMessage(subject, body, to=to)


@retrying_task
def tell_editors_of_submission(article_id, submitter_id):
    """One email to every editor but the one who submitted, while the story is still in review."""
    article = Article.objects.select_related("submitted_by").filter(pk=article_id).first()
    if article is None or article.status != Article.Status.IN_REVIEW:
        return 0
    recipients = [user.email for user in editors().exclude(pk=submitter_id)]
    if not recipients:
        return 0
    context = {
        "article": article,
        "submitter": display_name(article.submitted_by),
        "submitted": when(article.submitted_at),
        "desk_url": desk_url(article),
    }
    return email(recipients, f"For review: {article.title}", "submitted", context).send()


@retrying_task
def tell_author(article_id, event, actor_id, note):
    """Tell the story's author that it was returned, published or went public as scheduled;
    not when they did it themselves (a scheduled story going public is always told)."""
    article = Article.objects.select_related("created_by").filter(pk=article_id).first()
    author = article.created_by if article else None
    if author is None or not author.is_active or not author.email:
        return 0
    if event != "went_public" and author.pk == actor_id:
        return 0
    actor = get_user_model().objects.filter(pk=actor_id).first()
    subjects = {
        "returned": f"Returned to you: {article.title}",
        "published": f"Published: {article.title}",
        "went_public": f"Now public, as scheduled: {article.title}",
    }
    context = {
        "article": article,
        "actor": display_name(actor),
        "note": note,
        "public_at": when(article.published_at) if article.published_at else "",
        "public_url": settings.SITE_URL + article.get_absolute_url(),
        "desk_url": desk_url(article),
    }
    return email([author.email], subjects[event], event, context).send()
