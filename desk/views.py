"""The shared preview: a draft shown, as the public page would show it, to whoever holds a
live preview link, without an account. Never indexed, cached or passed on as a referrer."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.services import display_name, when
from articles.views import ArticleDetailView

from .models import PreviewLink


def keep_private(response):
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


class SharedPreviewView(ArticleDetailView):
    template_name = "articles/article_detail.html"
    link = None
    live_facts = True

    def get(self, request, token):
        self.link = PreviewLink.from_token(token)
        article = self.link.article if self.link else None
        if article is not None and article.is_published:
            # Public now: the link leads to the page everyone sees.
            return keep_private(redirect(article))
        if article is None or article.status == Article.Status.WITHDRAWN:
            return unavailable(request)
        self.object = Article.objects.with_details().get(pk=article.pk)
        return keep_private(self.render_to_response(self.get_context_data(object=self.object)))

    def get_structured_data(self, trail):
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=True,
            shared_preview={
                "by": display_name(self.link.created_by),
                "until": when(self.link.expires_at),
            },
            **kwargs,
        )


@require_safe
def unavailable(request):
    response = TemplateResponse(request, "desk/preview_unavailable.html", status=404)
    return keep_private(response)


shared_preview = require_safe(SharedPreviewView.as_view())
