"""The editorial operations of a story's life, with who may do which: one rule for the article
form's buttons, the list's bulk actions and any crafted POST (`available_actions`, `perform`).

Each operation saves a revision (django-reversion) naming who did what, so nothing is lost, and
sends `action_taken` in the change's transaction (the desk's notifications hear it).
"""

from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format

from .models import Article, ReviewNote

PUBLISH_PERMISSION = "articles.publish_article"
State = Article.State
# Sent with article=, action= (a name of ACTIONS), user= and note= (a return's note, else ""),
# inside the change's transaction.
action_taken = Signal()


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    done: str  # for the revision comment and the message after it: "… was {done}."
    editors_only: bool = True

    def comment(self, note=""):
        """What the revision says: "Submitted for review", "Returned to its author: <note>"."""
        said = f"{self.done[0].upper()}{self.done[1:]}"
        return f"{said}: {note.strip()}" if note.strip() else said


ACTIONS = {
    action.name: action
    for action in [
        Action("save_draft", "Save draft", "saved as a draft", editors_only=False),
        Action("submit", "Submit for review", "submitted for review", editors_only=False),
        Action("update", "Save changes", "saved", editors_only=False),
        Action("publish", "Publish now", "published"),
        Action("schedule", "Schedule…", "scheduled"),
        Action("return", "Return to author", "returned to its author"),
        Action("withdraw", "Withdraw", "withdrawn"),
    ]
}
# The actions each state offers, the one a plain save (the Enter key) takes first.
ACTIONS_BY_STATE = {
    State.DRAFT: ["save_draft", "submit", "publish", "schedule"],
    State.IN_REVIEW: ["update", "publish", "schedule", "return"],
    State.SCHEDULED: ["update", "publish", "schedule", "withdraw"],
    State.PUBLISHED: ["update", "withdraw"],
    State.WITHDRAWN: ["update", "publish"],
}
# What a button says where its plain label would mislead.
LABELS_BY_STATE = {
    (State.SCHEDULED, "update"): "Save, keep the schedule",
    (State.SCHEDULED, "schedule"): "Reschedule…",
    (State.PUBLISHED, "update"): "Update",
    (State.WITHDRAWN, "update"): "Save, keep withdrawn",
    (State.WITHDRAWN, "publish"): "Publish again",
}
# Contributors change only their own drafts and submissions (ArticleQuerySet.editable_by).
CONTRIBUTOR_STATES = (State.DRAFT, State.IN_REVIEW)


def can_publish(user):
    """Editors publish, schedule, withdraw and feature; contributors only write and submit."""
    return user.has_perm(PUBLISH_PERMISSION)


def display_name(user):
    if user is None:
        return "someone whose account was removed"
    return user.get_full_name() or user.get_username()


def stored_state(article):
    """The state of the article as stored (a new one is a draft), whatever a form has changed
    in memory since it was read: what the article is, not what the form asks for."""
    status, published_at = getattr(article, "_stored_schedule", (None, None))
    if article.pk is None or status is None:
        return State.DRAFT
    if status == Article.Status.PUBLISHED:
        public = published_at is not None and published_at <= timezone.now()
        return State.PUBLISHED if public else State.SCHEDULED
    return State(status)


def available_actions(article, user):
    """The actions `user` may take on `article` now, in the order its form offers them."""
    state = stored_state(article)
    editor = can_publish(user)
    if not editor and state not in CONTRIBUTOR_STATES:
        return []
    names = ACTIONS_BY_STATE[state]
    return [ACTIONS[name] for name in names if editor or not ACTIONS[name].editors_only]


def label_of(article, action):
    return LABELS_BY_STATE.get((stored_state(article), action.name), action.label)


def require_action(article, user, name):
    allowed = {action.name: action for action in available_actions(article, user)}
    if name not in allowed:
        action = ACTIONS.get(name)
        what = f"“{action.label.rstrip('…')}”" if action else "That action"
        state = stored_state(article).label.lower()
        if action and action.editors_only and not can_publish(user):
            raise PermissionDenied(f"{what} is for editors: submit the article for review.")
        raise PermissionDenied(f"{what} is not possible for an article that is {state}.")
    return allowed[name]


def check(article, user, name, at=None, note=""):
    """Refuse (PermissionDenied, or ValidationError by field) what `perform` would refuse,
    without changing anything: the form asks this before it saves anything."""
    action = require_action(article, user, name)
    errors = {}
    if name == "schedule":
        if at is None:
            errors["schedule_at"] = "Choose the date and time the article goes public."
        elif at <= timezone.now():
            errors["schedule_at"] = "Choose a time in the future, or use “Publish now”."
    if name == "return" and not note.strip():
        errors["review_note"] = "Write a note for the author: what should change?"
    if name == "update" and stored_state(article) == State.PUBLISHED and _in_future(article):
        errors["published_at"] = (
            "A public article cannot move to the future: withdraw it first, then schedule it."
        )
    if name == "update" and stored_state(article) == State.SCHEDULED and not _in_future(article):
        errors["published_at"] = "This time has passed: use “Publish now”, or reschedule."
    if not errors and name in ("publish", "schedule", "update"):
        errors = _publication_errors(article, stored_state(article), name, at)
    if name != "publish":  # publishing now ends an embargo instead
        errors = {**article.embargo_errors(date_it_would_have(article, name, at)), **errors}
    if errors:
        raise ValidationError(errors)
    return action


def perform(article, user, name, at=None, note="", update_fields=None):
    """Take action `name` on `article` for `user`: change its state, save it (`update_fields`,
    if given) with a revision, and send `action_taken`. Returns the Action taken."""
    action = check(article, user, name, at=at, note=note)
    previous_status = getattr(article, "_stored_schedule", (None, None))[0]
    _change_state(article, user, name, at)
    record_editor(article, user, previous_status)
    with revision_by(user, action.comment(note)):
        article.save(update_fields=update_fields)
        if name == "return":
            # Saved with the revision as its metadata, in the same transaction.
            reversion.add_meta(ReviewNote, article=article, written_by=user, text=note.strip())
        action_taken.send(
            sender=Article, article=article, action=name, user=user, note=note.strip()
        )
    return action


def _change_state(article, user, name, at):
    now = timezone.now()
    if name == "save_draft" or name == "return":
        article.status = Article.Status.DRAFT
    elif name == "submit":
        article.status = Article.Status.IN_REVIEW
        article.submitted_by, article.submitted_at = user, now
    elif name in ("publish", "schedule"):
        article.status = Article.Status.PUBLISHED
        article.published_at = date_it_would_have(article, name, at)
        if name == "publish" and article.press_access_at and article.press_access_at >= now:
            article.press_access_at = None  # public at once: no embargo left to open
    elif name == "withdraw":
        article.status = Article.Status.WITHDRAWN


def date_it_would_have(article, name, at):
    """The publication date `name` gives: the chosen time to schedule; to publish now, now —
    unless an earlier date was given (a back-dated story keeps it)."""
    if name == "schedule":
        return at
    if name == "publish" and (article.published_at is None or _in_future(article)):
        return timezone.now()
    return article.published_at


def _in_future(article):
    return article.published_at is not None and article.published_at > timezone.now()


def _publication_errors(article, state, name, at):
    """What the article lacks to be public (or scheduled), with the date it would have."""
    if name == "update" and state not in (State.SCHEDULED, State.PUBLISHED):
        return {}
    saved_date = article.published_at
    article.published_at = date_it_would_have(article, name, at)
    try:
        return article.publication_errors()
    finally:
        article.published_at = saved_date


@contextmanager
def revision_by(user, comment):
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def record_editor(article, user, previous_status):
    """Who last changed the article, and who published it when this save makes it public."""
    article.updated_by = user
    going_public = article.status == Article.Status.PUBLISHED
    if going_public and previous_status != Article.Status.PUBLISHED:
        article.published_by = user


def publish(article, user):
    """The list's bulk "Publish": public at the article's own date, now if it has none (a
    future one schedules it). A withdrawn article is restored to the public with its date."""
    name = "schedule" if _in_future(article) else "publish"
    return perform(article, user, name, at=article.published_at if name == "schedule" else None)


def withdraw(article, user):
    # Nothing but the state changes: the search document, say, stays as it is.
    return perform(article, user, "withdraw", update_fields=["status", "updated_by"])


def set_featured(article, user, featured):
    if not can_publish(user):
        raise PermissionDenied("Only editors can publish, withdraw or feature articles.")
    article.is_featured = featured
    record_editor(article, user, article.status)
    with revision_by(user, "Featured" if featured else "No longer featured"):
        article.save(update_fields=["is_featured", "updated_by"])


def embargo_line(article):
    """“Embargoed: journalists from 20 April 10:00; public 23 April 09:00 (CEST)”, or ""."""
    if not (article.press_access_at and article.published_at and article.is_scheduled):
        return ""
    opens, lifts = (timezone.localtime(m) for m in (article.press_access_at, article.published_at))
    return (
        f"Embargoed: journalists from {date_format(opens, 'j F H:i')}; "
        f"public {date_format(lifts, 'j F H:i')} ({lifts.strftime('%Z')})"
    )


def when(moment):
    """A moment as the desk writes it: 23 April 2024, 09:00 (the newsroom's time zone)."""
    return date_format(timezone.localtime(moment), "j F Y, H:i")
