"""The article form, with its share links: "Share preview link" on an unpublished article, the
live links with who made them, and revoking one. The article admin itself is articles'."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST

from articles.article_admin import ArticleAdmin
from articles.models import Article
from articles.services import when

from .models import DAY_CHOICES, DEFAULT_DAYS, PreviewLink


class ShareForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Valid for", choices=DAY_CHOICES, coerce=int, initial=DEFAULT_DAYS
    )


class DeskArticleAdmin(ArticleAdmin):
    change_form_template = "desk/article_change_form.html"

    def get_urls(self):
        share = self.admin_site.admin_view(require_POST(self.share_view))
        revoke = self.admin_site.admin_view(require_POST(self.revoke_view))
        return [
            path("<path:object_id>/share/", share, name="articles_article_share"),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                revoke,
                name="articles_article_revoke_share",
            ),
            *super().get_urls(),
        ]

    def desk_context(self, request, obj):
        context = super().desk_context(request, obj)
        if obj is not None:
            context["preview_links"] = [
                (link, request.build_absolute_uri(link.get_absolute_url()))
                for link in obj.preview_links.live().select_related("created_by")
            ]
            context["share_form"] = ShareForm()
            context["may_share"] = not obj.is_published and obj.status != "withdrawn"
        return context

    def _changeable_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise Http404("No article you may change has this number.")
        return article

    def share_view(self, request, object_id):
        article = self._changeable_article(request, object_id)
        form = ShareForm(request.POST)
        if article.is_published or article.status == Article.Status.WITHDRAWN:
            messages.error(request, "Only an unpublished article is shared by preview link.")
        elif not form.is_valid():
            messages.error(request, "Choose how long the link stays valid.")
        else:
            link = PreviewLink.create_for(article, request.user, form.cleaned_data["days"])
            url = request.build_absolute_uri(link.get_absolute_url())
            until = when(link.expires_at)
            messages.success(request, f"Preview link made, valid until {until}: {url}")
        return redirect("admin:articles_article_change", article.pk)

    def revoke_view(self, request, object_id, link_id):
        article = self._changeable_article(request, object_id)
        link = get_object_or_404(article.preview_links.live(), pk=link_id)
        link.revoke(request.user)
        messages.success(request, "Preview link revoked: it no longer opens the draft.")
        return redirect("admin:articles_article_change", article.pk)


admin.site.unregister(Article)
admin.site.register(Article, DeskArticleAdmin)
