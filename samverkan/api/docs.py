"""The API's documentation in the visitor's language (issue 12, point 7: Swedish first).

The OpenAPI document is built in English (the descriptions in the code, the docstrings) and
then each `summary` and `description` is translated with gettext under the active language,
so that /api/v1/docs and /api/v1/openapi.json read in Swedish for a Swedish visitor and in
English otherwise. Their Swedish is in samverkan/api/locale; tests/api/test_docs_language.py
fails on any text of the document without a Swedish translation. The keys, paths, parameter
names and schema names stay as they are: they are the API itself.
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext, gettext_noop
from ninja import NinjaAPI

TRANSLATED_KEYS = ("summary", "description")

# What each group of operations holds (shown under its name in the documentation).
TAGS = {
    "structure": gettext_noop("Principals, groupings, bodies and people."),
    "meetings": gettext_noop("Meetings, published minutes and their decisions."),
    "recommendations": gettext_noop("Recommendations to the principals, their answers and outcomes."),
    "projects": gettext_noop("Projects and their decision points."),
    "agreements": gettext_noop("The agreement register."),
    "money": gettext_noop("Fees, budgets, funds and allocations (amounts in öre)."),
    "search": gettext_noop("Search of the public entries."),
}


def translated(value: Any) -> Any:
    """The document with every summary and description translated, in place (on a copy: parts
    of the document, e.g. the shared error responses of `openapi_extra`, are the code's own
    objects, which must stay English)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in TRANSLATED_KEYS and isinstance(inner, str):
                value[key] = gettext(inner)
            else:
                translated(inner)
    elif isinstance(value, list):
        for inner in value:
            translated(inner)
    return value


class TranslatedAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        used = {tag for path in schema.get("paths", {}).values() for op in path.values() for tag in op.get("tags", [])}
        schema["tags"] = [{"name": name, "description": text} for name, text in TAGS.items() if name in used]
        return translated(copy.deepcopy(schema))
