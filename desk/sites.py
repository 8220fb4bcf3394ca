"""The admin site, whose home page is the editorial desk for those who work on articles."""

from django.contrib.admin import AdminSite
from django.template.response import TemplateResponse

from .sections import desk_sections


class DeskAdminSite(AdminSite):
    site_header = "Newsroom desk"
    site_title = "Newsroom desk"
    index_title = "Desk"

    def index(self, request, extra_context=None):
        response = super().index(request, extra_context)
        if isinstance(response, TemplateResponse) and request.user.has_perm(
            "articles.change_article"
        ):
            response.template_name = "desk/index.html"
            response.context_data["desk_sections"] = desk_sections(request.user)
        return response
