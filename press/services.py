"""What happens to a journalist's application: email verified, approved, rejected, revoked;
each decision mailed to the journalist. Revoking ends access at once: every press room request
checks the status, and the private feeds' key is replaced."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from background.retry import retrying_task

from .models import Journalist, new_feed_key

VERIFY_SALT = "press.verify-email"
VERIFY_DAYS = 3


def verification_token(journalist):
    return signing.dumps({"j": journalist.pk}, salt=VERIFY_SALT)


def read_verification(token):
    """The journalist a verification link is for, or None (altered or older than VERIFY_DAYS)."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=timedelta(days=VERIFY_DAYS))
    except signing.BadSignature:
        return None
    return Journalist.objects.select_related("user").filter(pk=data.get("j")).first()


def absolute(path):
    return settings.SITE_URL + path


def mail_body(journalist, template, **context):
    """The text of a press email to `journalist` (templates/press/email/<template>.txt)."""
    context = {"journalist": journalist, "newsroom_name": settings.NEWSROOM_NAME, **context}
    return render_to_string(f"press/email/{template}.txt", context)


def mail(journalist, subject, template, **context):
    """Written now, sent by the task worker (retried if the mail server is away)."""
    send_press_mail.enqueue(journalist.email, subject, mail_body(journalist, template, **context))


@retrying_task
def send_press_mail(to, subject, body):
    return EmailMessage(subject, body, to=[to]).send()


def send_verification(journalist):
    link = absolute(reverse("press:verify", args=[verification_token(journalist)]))
    mail(journalist, "Confirm your email for the press room", "verify", link=link)


def verify(journalist):
    """The address is theirs: the application now waits for the press office."""
    if journalist.status == Journalist.Status.UNVERIFIED:
        journalist.status, journalist.verified_at = Journalist.Status.PENDING, timezone.now()
        journalist.save(update_fields=["status", "verified_at"])
        return True
    return False


def decide(journalist, by, status, reason=""):
    journalist.status, journalist.decided_at, journalist.decided_by = status, timezone.now(), by
    journalist.reason = reason
    fields = ["status", "decided_at", "decided_by", "reason"]
    if status == Journalist.Status.REVOKED:
        journalist.feed_key = new_feed_key()  # the old feed addresses answer 404 from now on
        fields.append("feed_key")
    journalist.save(update_fields=fields)


def approve(journalist, by, reason=""):
    decide(journalist, by, Journalist.Status.APPROVED)
    mail(
        journalist,
        "Welcome to the press room",
        "approved",
        link=absolute(reverse("press:login")),
    )


def reject(journalist, by, reason):
    decide(journalist, by, Journalist.Status.REJECTED, reason)
    mail(journalist, "Your press room application", "rejected", reason=reason)


def revoke(journalist, by, reason=""):
    decide(journalist, by, Journalist.Status.REVOKED, reason)
    end_sessions(journalist.user)
    mail(journalist, "Your press room access has ended", "revoked", reason=reason)


def end_sessions(user):
    """Sign the user out everywhere now (every press page would also refuse them at their next
    request). Sessions are rows of the database; few are live at a time in a newsroom."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [s.pk for s in live.iterator() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
