"""A question made only of markup ("<svg onload=alert(1)>", "<script>alert(1)</script>"): read as a page
reads it, it says nothing.

A browser shows the text between tags, not the tags: an element's name and its attributes are no words
of the page, nor is what a script or style element holds. A question with no word left once read so
asks nothing and is declined like an empty one; its tag's words ("svg", "onload", "alert") would only
find the pages that show such markup, a payload quoted in a code block first. A question with words
around its markup ("What does <kbd>Ctrl</kbd> do?", "Is List<int> allowed?") is asked as written.
"""

from __future__ import annotations

import re

# Bounded like rag/inline_html.py's tags: a long run of "<" is read in linear time.
_HIDDEN = re.compile(r"<(script|style)\b[^>]{0,1000}>.{0,10000}?(?:</\1\s*>|\Z)|<!--.{0,10000}?(?:-->|\Z)",
                     re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]{0,100}(?:[\s/](?:[^<>\"']|\"[^\"]{0,500}\"|'[^']{0,500}'){0,1000})?>")
_WORD = re.compile(r"\w")


def only_markup(question: str) -> bool:
    """`question` holds markup and no word outside its tags (nor in a script, style or comment)."""
    if "<" not in question:
        return False
    read = _TAG.sub(" ", _HIDDEN.sub(" ", question))
    return read != question and not _WORD.search(read)
