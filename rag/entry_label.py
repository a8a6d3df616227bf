"""An answer's sentences from a setting's entry, shown under the setting's name.

A reference page (MkDocs' configuration, Poetry's settings, Ruff's editor settings) names each
setting in its heading only (`### dev_addr`); the paragraphs under it ("Determines the address
used when running `mkdocs serve`. Must be of the format `IP:PORT`.") never repeat it. Quoted alone,
such a sentence does not say which setting it describes, and a reader asking how to change the
port learns the format of something unnamed. Shown as an entry unit is ("dev_addr: Must be of the
format `IP:PORT`."), it does. The citation still points at the sentence's own span; the name is
the heading its source is placed under (`Source.heading` shows it).

The names are put in once the answer is chosen (rag/chain.py): which of a follow-up's two readings
answers is decided on what the units say (rag/readings.py), as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.catalog import Catalog
from rag.chunk_context import HEADING_SEPARATOR
from rag.entry_field import Entry, entry_of, is_code_name, names
from rag.shown_answer import marked, sentence_joints
from rag.types import Answer, AnswerSentence

# What stands between the name and the sentence, as in an entry unit ("Hishel: An elegant ...").
_JOIN = ": "
# A name only code writes: in backticks, with `_` or `.` inside, or in camel case opening lower-case
# (`line-length`, dev_addr, `installer.max-workers`, configurationPreference). A hyphen alone joins
# English words too ("Line-level", "pre-commit"), a capital inside a word names a product ("GitHub");
# a version number ("1.4.0") heads a release, not a setting.
_SETTING_NAME = re.compile(r"[_.]|^[a-z][a-z0-9]*[A-Z]")
_VERSION = re.compile(r"v?\d")
# A sentence opening with a list item ("- `ar`: Arabic"): the name before it would read as the item's.
_OPENS_LIST = re.compile(r"[-*+] \S|\d{1,3}[.)] \S")


@dataclass(frozen=True, slots=True)
class Labelled:
    """A sentence's text with its entry's name before it (or as it was), and where its code starts."""

    text: str
    code_at: int | None


def names_setting(entry: Entry) -> bool:
    """The entry's heading names a setting as code writes it (`_SETTING_NAME`), below its page's
    title: a page's own title ("MkDocs" over index.md) is what the whole page is about."""
    name = entry.name
    return HEADING_SEPARATOR in entry.path and is_code_name(entry) and not _VERSION.match(name) \
        and (entry.heading.startswith("`") or _SETTING_NAME.search(name) is not None)


def labelled(text: str, code_at: int | None, entry: Entry, previous: Entry | None) -> Labelled:
    """`text` (an answer's sentence) under the name of `entry`, the entry its source stands in,
    when that names a setting (`names_setting`) the text does not write (an entry unit or a heading
    writes it), the text opens with prose (code or a list item shown first opens the line) and the
    sentence before it (`previous`) is not of the same entry: there the name already stands."""
    if code_at == 0 or _OPENS_LIST.match(text) or entry == previous or not names_setting(entry) or names(text, entry):
        return Labelled(text, code_at)
    prefix = f"{entry.heading}{_JOIN}"
    return Labelled(prefix + text, None if code_at is None else code_at + len(prefix))


def named(answer: Answer, catalog: Catalog) -> Answer:
    """`answer` with each sentence from a setting's entry shown under the setting's name (`labelled`).
    An answer whose text its sentences do not make up (a generated one) is left as it is. The entry is
    read from the cited passage's headings (`catalog`): a source's heading goes on with the content
    tabs the sentence is in ("pyproject.toml"), which name no setting."""
    joints = sentence_joints(answer.answer, answer.sentences)
    if joints is None or not answer.sentences:
        return answer
    sources = {s.n: s for s in answer.sources}
    chunks = catalog.chunks({s.chunk_id for s in answer.sources})
    sentences: list[AnswerSentence] = []
    previous: Entry | None = None
    for sentence in answer.sentences:
        source = sources.get(sentence.citations[0]) if sentence.citations else None
        chunk = chunks.get(source.chunk_id) if source is not None else None
        if source is None or chunk is None:
            sentences.append(sentence)
            previous = None
            continue
        entry = entry_of(chunk, source.start)
        shown = labelled(sentence.text, sentence.code_at, entry, previous)
        sentences.append(sentence.model_copy(update={"text": shown.text, "code_at": shown.code_at}))
        previous = entry
    text = "".join((joints[k - 1] if k else "") + marked(s) for k, s in enumerate(sentences))
    return answer.model_copy(update={"answer": text, "sentences": sentences})
