"""Whether the answer shown writes the version constraint a question writes.

"What versions does the constraint ^1.2.3 allow?", "What does the tilde constraint ~1.2 allow?": the
user copied a constraint (an operator and a version) from somewhere, and like code it has no synonym
a page could use instead: the sentence that answers writes it as asked (the row "^1.2.3 | >=1.2.3
<2.0.0"). Documentation whose page on constraints is not indexed answers with a neighbouring
page's other constraint ("instead of using `>=3.4` you can use `^3.4`"), which does not say what
the one asked allows (issue 14, abst18).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# An operator and a version, standing alone: "^1.2.3", "~1.2", ">=3.4", "== 2.0.5", "~=1.4.2".
# A bare version ("Python 3.11", "SSDF version 1.1") is not read: a page names it in other words
# ("This version", "3.11 and later") as often as it writes it. The version is read whole (no part
# of it followed by more of it), in linear time.
_CONSTRAINT = re.compile(r"(?<![\w.^~<>=!])(\^|~=?|[<>]=?|[=!]=)\s?(\d+(?:\.(?:\d+|\*))*)(?![\w*]|\.[\d*])")


class Constraint(NamedTuple):
    operator: str  # "^", "~", "~=", ">=", "==" ...
    version: str  # "1.2.3", "3.4.*"


def constraints(text: str) -> list[Constraint]:
    """The version constraints `text` writes."""
    return [Constraint(m.group(1), m.group(2)) for m in _CONSTRAINT.finditer(text)]


def lacks_constraint(question: str, shown: str) -> bool:
    """`question` writes a version constraint that `shown` does not. The shown text is read once."""
    asked = constraints(question)
    return bool(asked) and not set(asked) <= set(constraints(shown))
