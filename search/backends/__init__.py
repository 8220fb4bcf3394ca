"""One search backend per database, chosen by the connection's vendor. Nothing outside search/
knows which database it runs on. Each backend module offers the same two functions:

- `write(ids, texts)`: replace the search documents of the articles `ids` by those of
  `texts`, a batch of `indexing.SearchText` (an article deleted since has none);
- `matching(articles, query)`: the articles of the queryset `articles` that match `query`,
  annotated with `rank` (higher is better).
"""

from django.db import connection

from . import postgresql, sqlite

BACKENDS = {"postgresql": postgresql, "sqlite": sqlite}


def backend():
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"Search has no backend for {connection.vendor}: use PostgreSQL or SQLite."
        ) from None
