"""A follow-up read two ways: through the conversation (rag/followup.py: the previous answer's
documents, what it adds to them) and naively, as the question it follows and itself asked together
("How do I load a model once when the app starts? And how do I free it again on shutdown?").

The conversation reading answers an elliptic follow-up from the right page ("What do I have to
install for it?"); it fails where it holds to the wrong part of the conversation's documents, or
where the follow-up asks a whole question of its own. The naive reading fails the other way: it
often answers the previous question again. Each is kept where its answer speaks to what the
follow-up asks rather than to what was asked before (docs/quality.md, issue 14, fu5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rag.answerer import KIND_GIVEN
from rag.conversation import last_turn
from rag.embeddings import AnyEmbedder
from rag.entry_field import Entry, is_code_name
from rag.followup import FollowUp, is_fragment, quoted_pieces
from rag.question_type import question_type
from rag.terms import terms
from rag.types import Answer, Message

# Two readings' newness closer than this is one: a sentence both answers show, encoded in two batches, gets
# cosines differing in the last digits of a float32 (a MkDocs follow-up's naive reading was newer by 6e-8). Relevance
# keeps no such margin: given to it, ties went to the naive reading and three follow-up answers changed, two worse.
_NOISE = 1e-6


def repeats(answer: Answer, history: Sequence[Message]) -> bool:
    """Whether the answer says again a sentence the previous answer quoted: asked with the question
    it follows, a follow-up often finds that question's answer again."""
    said = last_turn(history, "assistant")
    quoted = set(quoted_pieces(said))
    return any(s.text.strip() in quoted for s in answer.sentences)


def goes_on_elsewhere(answer: Answer, followup: FollowUp | None) -> bool:
    """Whether the answer leads (its first source) with a part of the conversation's pages that the
    previous answer did not say (quote, or restate when it paraphrased): it goes on with the
    conversation rather than answer its question again or another page's."""
    if followup is None or not answer.sources:
        return False
    lead = answer.sources[0]
    return followup.near(lead.doc_id) and not followup.said_again(lead.doc_id, lead.start, lead.end)


def names_what_it_adds(answer: Answer, followup: FollowUp | None) -> bool:
    """Whether the answer names a word the follow-up adds to the conversation ("Windows" for "What
    about Windows?"): one naming none answers the question before again."""
    return followup is not None and bool(followup.focus & terms(" ".join(s.text for s in answer.sentences)))


def names_an_entry(answer: Answer) -> bool:
    """Whether the answer leads with an entry of a reference page shown with its name
    ("extra_javascript: Set a list of JavaScript files ..."): "And a script?" after `extra_css` asks
    which entry, and the conversation reading found it (rag/answerer.py, `_named_descriptions`)."""
    if not answer.sources or not answer.sentences:
        return False
    entry = Entry(answer.sources[0].doc_id, answer.sources[0].heading)
    return is_code_name(entry) and answer.sentences[0].text.startswith(f"{entry.name}: ")


def asks_only_its_kind(question: str, followup: FollowUp | None) -> bool:
    """Whether an elliptic follow-up adds no word of its own to the conversation, only the kind of
    answer it wants, one a sentence's form shows ("Why not?", "And the downside?": a reason, a cost):
    asked with the question it follows, it is that question again, and newness (a resemblance to two
    or three words) cannot tell which answer speaks to it. The conversation reading answers it, from
    what was said and its neighbourhood. Not "And the preview ones?" after a question naming preview
    ones: no kind asked, it puts one part of the question before in place of another."""
    return (followup is not None and followup.elliptic and bool(followup.quotes) and not followup.focus
            and question_type(question).kind in KIND_GIVEN)


def sets_what_was_said(answer: Answer, followup: FollowUp | None) -> bool:
    """Whether, for "How do I change it?", the answer leads with the setting line the previous answer
    quoted: saying it again is the answer, its flag or key being how (rag/setting_change.py)."""
    if followup is None or not answer.sources or not answer.sentences:
        return False
    lead = answer.sources[0]
    return followup.sets_it(answer.sentences[0].text, lead.doc_id, lead.start, lead.end)


def gives_what_was_announced(answer: Answer, followup: FollowUp | None) -> bool:
    """Whether, for "What are they?" after a quoted sentence ending in a colon, the answer leads with what
    that sentence announced (rag/announced.py)."""
    if followup is None or not answer.sources:
        return False
    lead = answer.sources[0]
    return followup.gives_announced(lead.doc_id, lead.start, lead.end, lead.passage, lead.passage_start)


def gives_another_entry(question: str, answer: Answer, followup: FollowUp | None) -> bool:
    """Whether, for a fragment ("And the Markdown sources?" after an answer on `site_dir`), the answer
    leads with an entry of the conversation's pages by its name (`names_an_entry`) past what was said
    (`goes_on_elsewhere`): the fragment puts another entry in place of the one before, and this is it
    (`docs_dir`). Newness, a resemblance to the fragment's two or three words, cannot weigh it against the
    naive answer: it went by the sentences shown after the entry (a page's subtitle had carried it)."""
    return is_fragment(question) and names_an_entry(answer) and goes_on_elsewhere(answer, followup)


@dataclass(frozen=True, slots=True)
class Reading:
    """What an answer speaks to. `newness` and `relevance` are the most over its sentences of,
    respectively, cosine to the follow-up minus cosine to the question it follows, and cosine to the
    two asked together; `subject`, the share (by idf) of the conversation's subject terms it names."""

    newness: float
    relevance: float
    subject: float


def reading(answer: Answer, question: str, previous: str, embedder: AnyEmbedder,
            subject: Mapping[str, float] | None = None) -> Reading | None:
    """None for an abstention."""
    texts = [s.text for s in answer.sentences]
    if answer.abstained or not texts:
        return None
    asked = embedder.encode([question, previous, f"{previous} {question}"])
    said = embedder.encode(texts)
    named = terms(" ".join(texts))
    total = sum((subject or {}).values())
    share = sum(w for t, w in (subject or {}).items() if t in named) / total if total else 0.0
    return Reading(float(np.max(said @ asked[0] - said @ asked[1])), float(np.max(said @ asked[2])), share)


def choose(conversation: Answer, naive: Answer, question: str, history: Sequence[Message],
           embedder: AnyEmbedder, subject: Mapping[str, float] | None = None,
           followup: FollowUp | None = None) -> Answer:
    """The naive reading's answer where it speaks more to the follow-up than the conversation
    reading's, and no less to the conversation: to the two asked together, and naming as much of
    the conversation's subject (`subject`: term -> weight). An answer on the follow-up's words alone
    ("the async client" after event hooks) answers another question. An abstention of the
    conversation reading is overruled only by a naive answer newer to the follow-up than to the
    question it follows ("Is it available in Rust?" after a testing answer is not answered by more
    on testing); nor is one saying again a sentence the previous answer quoted. A conversation
    reading saying one again loses to a newer naive answer whatever share of the subject each names
    ("How do I make it a library instead?" is not answered by the project-creating quote again).

    A fragment ("And on Windows?", `is_fragment`) says too little of its own for newness (a
    resemblance to its two or three words) to tell which answer speaks to it: asked with the
    question before, it is that question with one part put in place of another. Its naive answer
    is kept when it speaks no less to the two asked together and to the subject, goes on with the
    conversation's pages past what was said (`goes_on_elsewhere`) and names what the fragment adds,
    unless the conversation reading answers with another entry by its name; one that does so past what
    was said stands whatever the newness (`gives_another_entry`).
    """
    previous = last_turn(history, "user")
    theirs = reading(naive, question, previous, embedder, subject)
    if theirs is None or repeats(naive, history):
        return conversation
    ours = reading(conversation, question, previous, embedder, subject)
    if ours is None:
        return naive if theirs.newness > 0.0 else conversation
    if (asks_only_its_kind(question, followup) or sets_what_was_said(conversation, followup)
            or gives_what_was_announced(conversation, followup)
            or gives_another_entry(question, conversation, followup)):
        return conversation
    newer = theirs.newness > ours.newness + _NOISE or (is_fragment(question) and goes_on_elsewhere(naive, followup)
                                                       and names_what_it_adds(naive, followup)
                                                       and not names_an_entry(conversation))
    # A conversation reading that shows again what the previous answer quoted names the subject
    # because it was said: against a naive answer that says something new, the share proves nothing.
    said_again = repeats(conversation, history)
    better = newer and theirs.relevance >= ours.relevance and (said_again or theirs.subject >= ours.subject)
    return naive if better else conversation
