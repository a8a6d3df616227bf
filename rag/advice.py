"""Advice given bare: "Do not use the development server when deploying to production.", "It's
recommended to use the `notebook` prefixed code actions ...", "Only use the development server during
development.".

A why-question about advice ("Why should I not use ...?", "Why shouldn't I use ...?") names the same
things the advice does, so the advice resembles it most; but it is what the question asks the reason
for, not the reason. The sentence beside it that explains is the answer.
"""

from __future__ import annotations

import re

# Advice as the sentence opens with it: an imperative (negated or limited), a recommendation, or what
# "you" should do. Not "you can ..." (what a thing lets one do is a reason to use it), nor "Only the
# first ..." (a statement).
_ADVICE = re.compile(r"^\W*(?:(?:do not|don't|never|always|only|avoid|prefer|please)\s+(?:use|run|call|set|install|"
                     r"add|put|pass|import|enable|disable|deploy|rely|mix|edit|commit)\b|avoid\s+[\w`-]+ing\b|"
                     r"(?:it(?:'s|’s| is)|this is)\s+(?:(?:highly|strongly|generally)\s+)?(?:recommended|advised|"
                     r"advisable|best|preferable)\b|we\s+(?:(?:highly|strongly)\s+)?(?:recommend|suggest|advise)\b|"
                     r"you\s+(?:should|must|shouldn't|should not|must not|mustn't)\s+(?!(?:now\s+)?(?:have|see|get|be|"
                     r"notice)\b))", re.IGNORECASE)


def gives_advice(sentence: str) -> bool:
    """Whether `sentence` opens by telling the reader what to do or not to do."""
    return bool(_ADVICE.match(sentence))
