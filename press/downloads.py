"""What a journalist takes away from a story: the original image at full resolution (the
sanitised upload: no camera or location data), and a plain-text or HTML copy of the story. Each
through a checked view that logs the download; never a public address."""

from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from articles.models import Article

from . import access
from .models import PressAccess
from .views import embargo, for_approved_journalists

Kind = PressAccess.Kind


def story_or_404(pk, details=False):
    stories = Article.objects.visible_to_press()
    article = (stories.with_details() if details else stories).filter(pk=pk).first()
    if article is None:
        raise Http404("No story of the press room has this number.")
    return article


@for_approved_journalists
@require_safe
def image(request, pk):
    article = story_or_404(pk)
    if not article.hero_image:
        raise Http404("This story has no image.")
    access.record(request.journalist, article, Kind.IMAGE)
    extension = article.hero_image.name.rsplit(".", 1)[-1]
    return FileResponse(
        article.hero_image.open("rb"),
        as_attachment=True,
        filename=f"{slugify(article.title)[:60] or 'story'}.{extension}",
    )


@for_approved_journalists
@require_safe
def copy(request, pk, format):
    article = story_or_404(pk, details=True)
    access.record(request.journalist, article, Kind.TEXT if format == "txt" else Kind.HTML)
    context = {"article": article, "embargo": embargo(article), "text": plain_text(article.body)}
    body = render_to_string(f"press/copy.{format}", context)
    content_type = "text/plain" if format == "txt" else "text/html"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    filename = f"{slugify(article.title)[:60] or 'story'}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plain_text(body):
    """The story's paragraphs as plain text, a blank line between them."""
    for closing in ("</p>", "</h2>", "</h3>", "</h4>", "</li>", "<br>", "</blockquote>"):
        body = body.replace(closing, closing + "\n\n")
    paragraphs = [" ".join(part.split()) for part in strip_tags(body).split("\n\n")]
    return "\n\n".join(part for part in paragraphs if part)
