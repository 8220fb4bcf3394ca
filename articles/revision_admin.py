"""The article admin's revision views: history with comparison, restore of a revision, and
recovery of deleted articles (django-reversion keeps every save)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import date_format
from django.utils.timezone import localtime
from reversion.models import Version

from . import revisions
from .models import Article


class RevisionViewsMixin:
    """For ArticleAdmin (a reversion VersionAdmin)."""

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self.has_delete_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        versions = list(revisions.history(article)) if article else []
        context = {"versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        versions = revisions.history(article)
        try:
            chosen = [versions.get(pk=int(request.GET[key])) for key in ("old", "new")]
        except (KeyError, ValueError, Version.DoesNotExist):
            messages.error(request, "Choose two revisions to compare.")
            return redirect("admin:articles_article_history", article.pk)
        old, new = sorted(chosen, key=lambda version: version.revision.date_created)
        return self._render(
            request,
            "compare_revisions.html",
            f"Compare revisions of “{article}”",
            article=article,
            old=old,
            new=new,
            changes=revisions.compare(old, new),
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self._editable_article(request, object_id)
        version = get_object_or_404(revisions.history(article), pk=version_id)
        latest = revisions.history(article).first()
        return self._restore_view(
            request, version, article, revisions.restore_preview(latest, version)
        )

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(Article), pk=version_id)
        return self._restore_view(request, version, None, revisions.recover_preview(version))

    def _editable_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise Http404("No article you may change has this number.")
        return article

    def _restore_view(self, request, version, article, lines):
        if request.method == "POST":
            try:
                restored = revisions.restore_revision(version, request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                verb = (
                    "restored to the revision of" if article else "recovered from the revision of"
                )
                when = date_format(localtime(version.revision.date_created), "j F Y, H:i")
                messages.success(request, f"“{restored}” was {verb} {when}.")
                return redirect("admin:articles_article_change", restored.pk)
        title = f"Restore “{article}”" if article else f"Recover “{version.object_repr}”"
        return self._render(
            request, "restore_revision.html", title, article=article, version=version, lines=lines
        )

    def _render(self, request, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **context,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)
