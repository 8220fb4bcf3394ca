"""The content version: one number, kept in the database, that every change to the news moves
on in the change's own transaction. The page cache keys its entries on it, so a page cached
before a change can never be served after it, whatever the cache went through (failed commands,
a restart with old data, a replica behind) and however many processes keep a cache of their
own: each reads the number from the database the change was written to."""

from django.db import connection, models
from django.db.models import F

VERSION_ROW = 1


class ContentVersion(models.Model):
    number = models.BigIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=VERSION_ROW), name="one_content_version")
        ]

    def __str__(self):
        return f"content version {self.number}"


def current_content_version():
    """The number as committed now: one primary-key read on every cached page served."""
    with connection.cursor() as cursor:
        cursor.execute(CURRENT_SQL, [VERSION_ROW])
        row = cursor.fetchone()
    if row is None:  # a database emptied after migrating (a test's flush)
        ContentVersion.objects.get_or_create(id=VERSION_ROW)
        return 1
    return row[0]


def move_content_version_on():
    """Called inside the transaction of a change: the row lock it takes also orders concurrent
    changes, so the number a reader sees is never older than what it reads of the news."""
    moved = ContentVersion.objects.filter(id=VERSION_ROW).update(number=F("number") + 1)
    if not moved:
        ContentVersion.objects.get_or_create(id=VERSION_ROW, defaults={"number": 2})


CURRENT_SQL = f"SELECT number FROM {ContentVersion._meta.db_table} WHERE id = %s"
