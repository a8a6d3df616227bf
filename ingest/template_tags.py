"""Template tags (Jinja's and Django's `{% ... %}`, `{{ ... }}`, `{# ... #}`): markup a built page does not
show. A theme's override file (MkDocs' `overrides/main.html`, only `{% extends "base.html" %}`) is no
document, and a page's template lines are no title of it."""

from __future__ import annotations

import re

TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)


def without_template_tags(text: str) -> str:
    """The text with each template tag replaced by a space."""
    return TEMPLATE_TAG.sub(" ", text)
