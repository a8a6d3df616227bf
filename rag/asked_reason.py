"""Whether the answer shown can give a reason, when a question asks why.

"Why do files I upload have to be opened in binary mode?", the page saying why left out of the
index, was answered with the quickstart's example alone (`open('report.xls', 'rb')`): code shows
what is done, never why. A why-question answered only with code is answered with its premise
(issue 14, abst37: one of the 63 left-out-page questions answered; no answered why-question of
the dev sets, their follow-ups or the answerables of `eval abstain --docs` is shown code alone).
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.question_type import QuestionType


def lacks_reason(qtype: QuestionType | None, kinds: Sequence[str]) -> bool:
    """`qtype` asks why and every unit shown (`kinds`: their unit kinds) is code."""
    return qtype is not None and qtype.kind == "reason" and bool(kinds) and all(k == "code" for k in kinds)
