from django.utils.http import urlencode
from django.views.generic import ListView

from articles.pagination import ARTICLES_PER_PAGE

from . import facets, people, snippets
from .query import Query
from .results import search


class SearchView(ListView):
    """Published articles ranked by relevance, with snippets, facets, people and events."""

    template_name = "search/search.html"
    paginate_by = ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.query = Query.parse(request.GET.get("q", ""))
        self.results = search(self.query, request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.results.articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["object_list"]:
            article.snippet = snippets.snippet(article, self.query)
            article.title_marked = snippets.highlight(article.title, self.query, length=300)
        snippets.add_matching_topics(context["object_list"], self.query)
        filters = self.results.filters
        found = context["paginator"].count if context["paginator"] else 0
        return {
            **context,
            "query": self.query.text,
            "search": self.results,
            "facets": [self.facet_links(facet, filters) for facet in self.results.facets],
            "active_filters": self.active_filters(filters),
            "found": found,
            "suggestions": [] if found else self.suggestion_links(),
            "search_query": self.query_string(filters),
            "feed_query": urlencode({"q": self.query.text}),
        }

    def suggestion_links(self):
        return [(name, urlencode({"q": name})) for name in people.suggestions(self.query)]

    def query_string(self, filters, **changes):
        params = {"q": self.query.text, **filters, **changes}
        return urlencode({name: value for name, value in params.items() if value})

    def facet_links(self, facet, filters):
        options = [
            (
                label,
                count,
                selected,
                self.query_string(filters, **{facet.parameter: "" if selected else value}),
            )
            for value, label, count, selected in facet.options
        ]
        return {"label": facet.label, "options": options}

    def active_filters(self, filters):
        return [
            (facets.PARAMETERS[name], value, self.query_string(filters, **{name: ""}))
            for name, value in filters.items()
        ]
