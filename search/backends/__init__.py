"""One search backend per database, chosen by the connection's vendor. Nothing outside search/
knows which database it runs on. Each backend module offers the same two functions:

- `write(ids, texts)`: replace the search documents of the articles `ids` by those of
  `texts`, a batch of `indexing.SearchText` (an article deleted since has none);
- `best_matches(visible, query, limit)`: [(article id, year, facet keys)] of the `limit` best
  matches of `query` among `visible`, a values queryset of the ids (`visible_id`) and years
  (`year`) of the articles a reader may see (from `published()`), best first; newest first
  among equals.
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
