"""Search fields that index a diacritics-folded copy of the text, so "dan van kheo" finds "Dân vận khéo".

Neither Wagtail's SQLite nor its PostgreSQL backend folds Vietnamese marks (and "đ" never
decomposes), so each page indexes its text twice under the same field name: once as written and
once folded. Queries are folded the same way (see `folded_query`).
"""

from modelsearch.query import Or, PlainText
from wagtail.search import index

from cadres.text import fold, nfc


def _fold_value(value):
    # StreamField and RichTextField give lists of strings; plain fields give a string or None.
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [_fold_value(item) for item in value]
    return fold(str(value))


class FoldedSearchField(index.SearchField):
    """A SearchField whose indexed value is folded; declare it with the same name as the plain one."""

    def get_value(self, obj):
        return _fold_value(super().get_value(obj))


class FoldedAutocompleteField(index.AutocompleteField):
    """The folded twin of AutocompleteField (the admin's page chooser and search use it)."""

    def get_value(self, obj):
        return _fold_value(super().get_value(obj))


def searchable(*names: str, boost: float | None = None) -> list:
    """Plain and folded SearchFields for each field name."""
    fields = []
    for name in names:
        fields += [index.SearchField(name, boost=boost), FoldedSearchField(name, boost=boost)]
    return fields


def folded_query(query_string: str):
    """The query as typed OR folded: exact-accent matches rank first, unaccented ones still match."""
    text = nfc(query_string)
    folded = fold(text)
    if folded == text:
        return PlainText(text)
    return Or([PlainText(text), PlainText(folded)])
