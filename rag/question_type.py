"""What kind of answer a question asks for, from its wording alone.

How-to questions want steps, code or imperatives; what-is questions a definition; who/when/how
many questions a name, a date or a number; why questions a reason; "what are the three ..." a
list; "difference between A and B" a sentence naming both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from rag.asked_case import asked_case
from rag.asked_noun import asked_noun, kind_asked
from rag.code_names import code_names
from rag.numbered_names import numbered_names

QuestionKind = Literal["howto", "definition", "person", "time", "quantity", "place", "reason", "list", "comparison", "drawback",
                       "other"]

_NOT_NOUN = r"(?!(?:is|was|has|do|does|did|are|were|can|this|its|his|us|yes|thus|less|plus)\b)"
_NUMBER_WORDS = r"(two|three|four|five|six|seven|eight|nine|ten|\d+)"
# A count of things asked: "the three principles", "Which two markers ...?".
_COUNTED = r"(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
# Words naming a cost (rag/unit_scoring.py reads them in an answer too).
DRAWBACK_WORDS = r"downsides?|drawbacks?|disadvantages?|shortcomings?|weakness(?:es)?|pitfalls?"
_DRAWBACK = re.compile(rf"\b({DRAWBACK_WORDS})\b")
# "Should I use PUT or PATCH to ...?", "Should I put it in a group or in extras?": the asker weighs two
# things named after the verb, joined by "or"; the second ends at a clause word or the question's end.
# "Do I need to use Poetry or pip?": the verb after "need to", "have to" or "rather" is no side.
_CHOICE = re.compile(r"^\s*(?:should|shall|do|would|must)\s+(?:i|we)\s+(?:(?:need|have)\s+to\s+|rather\s+)?[a-z]+\s+"
                     r"(?P<first>[^?\s][^?]*?)\s+or\s+"
                     # "... or not?" asks whether, not which.
                     r"(?!(?:not|no|what|else|so|something|anything)\b)(?P<second>[^?\s][^?]*?)"
                     r"(?=\s+(?:to|for|when|if|so|because|that|in order)\b|\s*[?.!]|$)", re.IGNORECASE)
# "How does attrs compare two instances for ordering?", "How do I compare different alignments?": how a
# comparing is done, its object after the verb; no two things are weighed against each other.
_COMPARING_DONE = re.compile(r"^\s*how\s+(?:does|do|did|can|should|would)\b.*\bcompares?\s+"
                             r"(?:two|the|an?|its|their|different|multiple|several|both)\b")
# A passive predicate after the noun a which/what question asks for: an auxiliary, perhaps "be", a participle
# and the words after it as far as one that is not a function word ("is recommended first", "are turned on",
# "is used to sign"); "was called" / "is named" ask for a name.
_FUNCTION = r"(?:to|for|with|when|in|on|by|as|at|from|if|the|a|an|of|i|you|we|my|your)"
_SAID = re.compile(r"^\s*(?:which|what)\s+(?:[\w`.()-]+\s+){1,3}?(?P<said>(?:must|should|can|could|will|would|is|are|"
                   rf"was|were)\s+(?:be\s+)?(?!called\b|named\b)[a-z]+(?:ed|en)\s+(?:{_FUNCTION}\s+){{0,2}}"
                   rf"(?!{_FUNCTION}\b)[a-z][\w-]*)\b")
_RULES: tuple[tuple[QuestionKind, re.Pattern[str]], ...] = (
    ("comparison", re.compile(r"\b(difference|differ|differences|compare[sd]?|comparison|versus|vs\.?)\b"
                              r"|\bbetter than\b"
                              r"|^(?!\s*(?:how|why)\b).*\b(rather than|instead of)\b|\b(between)\b.+\band\b"
                              # "How is X different from Y?", "How does X bind differently from Y?"
                              r"|\bdifferent(?:ly)? (?:from|than)\b"
                              # "Should I use PUT or PATCH ...?": a choice between two, each weighed against the other.
                              r"|" + _CHOICE.pattern)),
    ("quantity", re.compile(r"\b(what|which) ([a-z]+ )?version\b|\bhow (many|much|long|large|big|old|far|fast|often|high|tall|small|heavy)\b|\bwhat (size|percentage|percent|number|amount|proportion|fraction|ratio|rate|speed|length)\b|\b(size|number|amount) of\b|\b(size|length|capacity|duration|percentage|cost|price|limit)\b")),
    # "When does uv bump its minor version?", "When should I pin?": under what condition, not a date;
    # "When was/did/will ...": a time.
    ("time", re.compile(r"^\s*when\b(?!\s+(?:does|do|should|can|could|would|might)\b)|\bwhat (year|date|day|month|time|century|decade|period)\b|\bin which (year|century)\b")),
    ("person", re.compile(r"^\s*(who|whom|whose)\b|\bwhich (person|man|woman|people|company|organi[sz]ation|team|group)\b|\bwho\b")),
    ("place", re.compile(r"^\s*where\b|\bwhat (country|city|place|region|state)\b|\bin which (country|city|region)\b")),
    ("reason", re.compile(r"^\s*why\b|\bwhat (is|was) the (reason|purpose|point|cause)\b|\b(for )?what reason\b|\bwhat causes\b")),
    # "List the options ..." asks for a list; "How can I list the plugins?" asks how (the how-to rule).
    ("list", re.compile(rf"\b(what|which) (are|were) (the )?({_NUMBER_WORDS}|main|key|different)\b|^(?!\s*how\b).*\blist (the|all)\b|\bname (the|all)\b|\b{_NUMBER_WORDS} (principles|steps|types|kinds|ways|things|rules|characteristics|parts|advantages|options|features)\b|\b(what|which) (advantages|options|features|types|kinds|steps)\b"
                        # "What are the options for X?", "What are the approaches to Y?": the alternatives there are, named one by one.
                        r"|\b(what|which) (are|were) (the )?(options|alternatives|choices|approaches|methods|ways|types|kinds|strategies)\b"
                        # "Which two marker genes ...?", "What three steps ...?": as many things as the number says.
                        rf"|^\s*(what|which) {_COUNTED} [a-z]"
                        # "Which ASGI servers can I use?", "which other data types can ...": things, plural.
                        # A hyphenated word is one: "Which ruff-lsp settings should I delete?". The things may be
                        # placed by an "of" phrase ("Which template blocks of the built-in themes can I override?").
                        rf"|\b(which|what) (other )?({_NOT_NOUN}[a-z]+(?:-[a-z]+)* )?{_NOT_NOUN}(?:[a-z]+-)*[a-z]{{2,}}[^s\W]s "
                        r"(of (the )?[a-z]+(?:-[a-z]+)*( [a-z]+)? )?(can|could|should|do|are|will|would|might|must)\b")),
    ("howto", re.compile(r"^\s*how (do|can|should|would|to|does one|could)\b|^\s*how\b(?! (many|much|long|large|big|old|far|fast|often|high|tall|small|heavy))|\bwhat (do|should|can) i (need|do|use|install|run|set|add|change|pass)\b|\b(steps|way) to\b|^\s*(install|create|declare|add|use|make|set up|configure)\b")),
    # "Is there a downside to that?", "What is the main drawback of X?": a cost of a thing, what a
    # sentence saying it must be paid states ("must maintain ...", "at the cost of ...").
    ("drawback", _DRAWBACK),
    ("definition", re.compile(r"^\s*(what|who) (is|are|was|were)( an?| the)?\b|\bwhat does .+ (mean|do|stand for)\b|\bdefine\b|\bmeaning of\b|\bwhat is meant by\b")),
)


@dataclass(frozen=True, slots=True)
class QuestionType:
    kind: QuestionKind
    # For comparisons: the things compared, as written ("UploadFile", "bytes").
    compared: tuple[str, ...] = ()
    # The preposition a question opens with ("Against what threat?"): the answer follows it.
    anchor: str = ""
    # The noun after "what"/"which" ("what threat", "which team"): the kind of answer, a word
    # the answer itself need not contain.
    category: str = ""
    # "What are the three principles?": how many items the answer lists.
    count: int = 0
    # "Who said that?": the answer reports speech (a quotation, "according to").
    speech: bool = False
    # The noun a what/which question asks for ("what storm", "what type of plea"): the answer names
    # one ("Hurricane Dora", "a blind plea"). Empty for nouns that name no kind of thing.
    asked: str = ""
    # The words qualifying `asked` in the question ("file" of "Which file extensions ...?"): a unit saying
    # "file extensions" repeats the question's noun; what qualifies the whole names the answer.
    qualifiers: tuple[str, ...] = ()
    # For what-is questions: what is to be defined ("the white population" of "What was the white
    # population of Jacksonville?"), not every noun of the question.
    subject: str = ""
    # "Which Python version ...?": what the release number is of ("python"); "version" when the
    # question names nothing ("What version is required?"), empty for other questions.
    version: str = ""
    # "Cluster 4", "Step 3": what the question names by a label and number (rag.numbered_names).
    numbered: tuple[tuple[str, frozenset[int]], ...] = ()
    # The code the question names as written ("--reload", "NO_PROXY", "poetry.lock": rag.code_names).
    code: tuple[str, ...] = ()
    # "What does X do?", "What does X report?": asks what the subject does, not what it is. The answer
    # has X as the subject of a verb of its own ("`NO_PROXY` disables the proxy ...").
    does: bool = False
    # "What does X <verb>?" with a verb other than "do" ("What does Smith claim?"): only X doing it
    # answers; "Smith is a historian ..." says what X is, not what X claims.
    acts: bool = False
    # Values the question quotes as written, code or not ("^1.2.3", "E501", "3.9", "--reload", "NO_PROXY"),
    # lower-cased: a table row keyed by one is that value's entry (rag/unit_scoring.py).
    literals: tuple[str, ...] = ()
    # "How were the cells clustered?", "How was the sample chosen?": how a thing was done, a report's
    # method ("clustered using the Leiden algorithm", "grown by the hanging drop method"), not steps to take.
    method: bool = False
    # "What is it called when ...?", "What is the folder called?": the name a thing goes by ("This
    # principle, known as shifting left"), not what it is.
    name: bool = False
    # "Can readers switch it themselves?", "Can a child config add ...?": whether a thing or someone other
    # than the asker is able to; a statement of what is allowed or possible answers ("... which allows
    # users to select ...", "you cannot append items to a list"). "Can I ...?" asks how (a how-to after an answer).
    ability: bool = False
    # "What if the parameter holds a path?", "What happens if it isn't set?": the case asked about, as
    # written ("the parameter holds a path"); its answer is what happens then or what to do (rag/asked_case.py).
    case: str = ""
    # "Should I use typer.progressbar or Rich ...?": the asker chooses between the things compared; a unit
    # recommending one of them by name ("you should use Rich") answers (rag/sides.py, `recommends`).
    choice: bool = False
    # "Which decorator must be applied first ...?": what the question says, in the passive, of the thing it
    # asks for ("must be applied first"), lower-cased; the sentence naming that thing says it in the same
    # words ("The `attrs.define` decorator must be applied first"). Empty for other questions.
    said: str = ""


# A token of the question that is a value rather than a word: it holds a digit or a symbol words do
# not ("^", "~", "=", "_", "/", ".", "@", "#", "+", "<", ">", "*", "|"), or opens with "-" (a flag).
# "built-in", "don't" are words.
_LITERAL = re.compile(r"^(?:-|.*[\d^~=<>_/.@#+*|])")
_TOKEN_EDGE = "`'\"“”‘’()[]{},;:?!"


def literals(question: str, code: tuple[str, ...]) -> tuple[str, ...]:
    """The values `question` quotes as written, lower-cased, each once: its code names (`code`) and
    any token holding a digit or a symbol, its closing punctuation aside."""
    found = [n.lower() for n in code]
    for token in question.split():
        token = token.strip(_TOKEN_EDGE).rstrip(".")
        if len(token) >= 2 and _LITERAL.match(token):
            found.append(token.lower())
    return tuple(dict.fromkeys(found))


_COMPARED = re.compile(r"\bbetween\s+(.+?)\s+and\s+(.+?)(?:\s+(?:for|in|when|with)\b|[?!]|\.(?!\w)|$)|\b(\S+)\s+(?:vs\.?|versus)\s+(\S+)"
                       # "How do caret and tilde requirements differ?"
                       r"|\b[Hh]ow\s+(?:do|does|did)\s+(.+?)\s+and\s+(.+?)\s+differ\b"
                       # "How does Ruff compare with Pylint?", "How does FastAPI's HTTPException differ from Starlette's?"
                       r"|\b[Hh]ow\s+(?:do|does|did)\s+(.+?)\s+(?:compare\s+(?:with|to|against)|differ\s+from)\s+(.+?)"
                       r"(?:\s+(?:for|in|when|with)\b|[?!]|\.(?!\w)|$)"
                       # "When should I run poetry update rather than poetry install?": the two words before
                       # (a command, a name and its kind) and what follows.
                       r"|(\S+\s+\S+?)\s+(?:rather than|instead of)\s+(.+?)(?:\s+(?:for|in|when|with|to)\b|[?!]|\.(?!\w)|$)"
                       # "How is the readthedocs theme different from the default theme?", "How does 33RE bind
                       # differently from RXP407?"
                       r"|\b[Hh]ow\s+(?:is|are|was|were)\s+(.+?)\s+different\s+(?:from|than)\s+(.+?)"
                       r"(?:\s+(?:for|in|when|with)\b|[?!]|\.(?!\w)|$)"
                       r"|\b[Hh]ow\s+(?:do|does|did)\s+(\S+(?:\s+\S+)*?)\s+\S+\s+differently\s+(?:from|than)\s+(.+?)"
                       r"(?:\s+(?:for|in|when|with)\b|[?!]|\.(?!\w)|$)")


# "What is the job of the policy enforcement point?" asks what the point is for: the subject is
# what the role is of, not "job". A dot inside a name ("attrs.frozen") does not end the subject; an
# article after it does ("What is attrs.frozen an alias for?").
_SUBJECT = re.compile(r"^\s*(?:what|who)\s+(?:is|are|was|were)\s+(?:an?\s+|the\s+)?"
                      r"(?:(?:job|role|function|task|duty|responsibility|meaning)\s+of\s+(?:an?\s+|the\s+)?)?(.+?)(?=\s+(?:of|for|in|on|at|that|"
                      r"which|who|used|called|named|by|to|from|with|as|when|where|and|an?)\b|\s*(?:[?!,;]|\.(?!\w))|$)"
                      r"|\bwhat does\s+(.+?)\s+(?:mean|do|stand for)\b")
# "What does Ruff's preview mode turn on?", "What does the RUF104 diagnostic report?": a question
# ending on what its subject does (a verb, perhaps with its particle) asks what the subject does.
# The subject starts and ends on a non-space (no run of spaces is read two ways: linear on long input).
_DOES = re.compile(r"^\s*what\s+(?:exactly\s+)?does\s++(.*?\S)\s+([a-z]{3,})(?:\s+(?:on|off|up|out|for|to|with))?\s*[?.!]?\s*$")
# ... not "What does he say about taxes?": a preposition before the last word puts a noun there.
_PREPOSITION = re.compile(r"\b(?:about|in|on|at|for|with|from|to|into|onto|by|under|over|after|before|during|"
                          r"between|than|like|when|if|while|per|via|without|within)\b")
_CUT_OF = re.compile(r"\s+of\s.*$")
# "What does selecting ALL do in the rule selection?": what it does, asked with "do".
_DOES_DO = re.compile(r"^\s*what\s+does\s+.+\bdo\b")
# "What is the typer command for?", "What is the src option used for?": what the subject does, as "What does X do?"
# asks; what it is ("X is a tool for ...") answers too.
_PURPOSE_ASKED = re.compile(r"^\s*what\s+(?:is|are)\s+.+?\s+(?:used\s+)?for\s*[?.!]?\s*$")


def _does_subject(q: str) -> str:
    """What a "What does X <verb>?" question asks about, "" when it is not one: the subject as far
    as its "of" ("the lifespan parameter" of "... the lifespan parameter of the app expect?")."""
    m = _DOES.match(q)
    if m is None or m.group(2) in ("mean", "stand") or _PREPOSITION.search(m.group(1)):
        return ""
    return _CUT_OF.sub("", m.group(1))


_NOT_ASKED = frozenset("type kind sort form part other else happened happens".split())
# Counts in words, two to ten (rag/unit_scoring.py reads a sentence's count of what it lists with them too).
COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_COUNT = re.compile(rf"\b(?:the|are|were|these|those)\s+{_COUNTED}\s+[a-z]|^\s*(?:what|which)\s+{_COUNTED}\s+[a-z]")
_VERSION = re.compile(r"\b(?:what|which) (?:([a-z][\w.-]+) )?version\b(?: of (?:the )?([a-z][\w.-]+))?")
# A question in the past passive ("how were ... clustered", "how was it chosen"): what was done is reported.
_METHOD = re.compile(r"^\s*how\s+(?:was|were)\s+(?!.*\b(?:different|differently|similar)\b)\S+\s+\S")
# ... the verb ends what is asked of the thing ("called when ...", "called then?"); "a called function" is no name asked.
# A thing is named between "is" and "called": "What is called when the app starts?" asks for a hook, not a name.
_NAME = re.compile(r"^\s*what\s+(?:is|are|was|were)\s+(?!(?:called|named|termed)\b)\S.*?\b(?:called|named|termed)(?:\s+(?:then|now|when|if|in|by|for)\b|\s*[?.!]|$)")
_SPEECH = re.compile(r"\b(said|say|says|stated|wrote|claimed|told|quoted|asked)\b")
# "How do I limit it? And what if it holds a path?": a question opening with a conjunction is the last one too.
_LAST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=(?:How|What|Which|Who|Why|When|Where|Can|Should|Do|Does|Is|Are)\b"
                            r"|(?:And|But|So|Or)\s+(?:how|what|which|who|why|when|where|can|should|do|does|is|are)\b)")
# "I already have a folder with code; how do I set it up?", "In CI, how do I check ...?": what goes
# before the question word sets the scene; the clause it opens is what is asked. After a comma only
# a question word with its verb inverted: "which"/"who" there relate ("Which player got a penalty,
# which gave the Broncos a new set of downs?").
_LAST_CLAUSE = re.compile(r"(?<=;)\s+(?=(?:how|what|which|who|whom|whose|why|when|where)\b)"
                          r"|(?<=,)\s+(?=(?:how|what|why|when|where)\s+(?:do|does|did|can|could|should|would|will|"
                          r"is|are|was|were|must|might|may|has|have|had)\b)")
_OPENING_CONJUNCTION = re.compile(r"^\s*(and|but|so|also|then|ok|okay|well|now)\b,?\s+(?=\S)", re.IGNORECASE)
_ABILITY = re.compile(r"^\s*(?:can|could)\s+(?!(?:i|we|you)\b)[a-z][\w'-]*(?:\s+[\w'-]+){0,3}?\s+[a-z]+\b")
_ANCHOR = re.compile(r"^\s*(against|for|from|with|by|to|into|in|on|at|since|after|before|about|under|over|through)\s+(what|which|whom|who|how)\b")


# "Which minimum version": words that qualify the version, not name what it is of.
_VERSION_QUALIFIERS = frozenset("""minimum maximum latest current required supported stable oldest newest new old first
last exact specific same other earliest recent default lowest highest""".split())


def _versioned(q: str) -> str:
    m = _VERSION.search(q)
    if m is None:
        return ""
    named = m.group(1) if m.group(1) not in _VERSION_QUALIFIERS else None
    return named or m.group(2) or "version"


def without_opening_conjunction(question: str) -> str:
    """"And how long did it take?" as "how long did it take?": a follow-up's opening conjunction ties
    it to the conversation and says nothing of what it asks."""
    return _OPENING_CONJUNCTION.sub("", question, count=1) or question


_LEADING_PREPOSITION = re.compile(r"^(in|into|on|to|with|from|for|as|at|under|over|by)\s+", re.IGNORECASE)
_PREPOSITION_WORD = re.compile(r"(?<!\S)(?:in|into|on|to|with|from|for|as|at|under|over|by)\s+", re.IGNORECASE)


def _choices(question: str) -> tuple[str, ...]:
    """The two things a "Should I <verb> A or B?" question weighs, as written; when the second opens with a
    preposition ("put it in a group or in extras"), the first starts after the last one before "or"."""
    m = _CHOICE.search(question.strip())
    if m is None:
        return ()
    first, second = m.group("first"), m.group("second")
    if shared := _LEADING_PREPOSITION.match(second):
        second = second[shared.end():]
        # ... or another ("keep the cache in memory or on disk"): the last one before "or" opens the first.
        last = None
        for last in _PREPOSITION_WORD.finditer(first):
            pass
        first = first[last.end():] if last else first
    return tuple(p.strip(" `'\"") for p in (first, second) if p.strip(" `'\""))


def question_type(question: str) -> QuestionType:
    """The first rule that matches, in order of specificity; 'other' when none does."""
    # Read off the question as asked: the labels are capitalised ("Cluster 4"), the rules read it lower-cased.
    # One space between words: the patterns below let several groups take spaces, and a run of them
    # in a long question made them backtrack for seconds.
    question = " ".join(question.split())
    numbered = tuple(numbered_names(question).items())
    code = tuple(code_names(question))
    quoted = literals(question, code)
    # "My proxy strips the prefix. How do I tell the app?": the last sentence is the question.
    # "Should I write a hook or a plugin? What does a plugin give me ...?": the choice opening it is what is weighed.
    chosen = _choices(question)
    question = _LAST_SENTENCE.split(question.strip())[-1] or question
    question = _LAST_CLAUSE.split(question.strip())[-1] or question
    # "And how do I remove it?" asks what "How do I remove it?" asks: a follow-up's opening
    # conjunction ties it to the conversation, it says nothing of the answer's form.
    question = without_opening_conjunction(question)
    q = question.strip().lower()
    anchored = _ANCHOR.match(q)
    if anchored:
        # ... read in its own case ("Poetry" qualifies "version"), unless lower-casing moved the offsets.
        asked_part = question.strip() if len(question.strip()) == len(q) else q
        rest = question_type(asked_part[anchored.end(1):].strip())
        # What follows the preposition answers it ("against potential American military
        # interventions"), not a named threat. The rest of what it asks is kept ("In which Poetry
        # version ...?" asks for a release number as "Which Poetry version ...?" does).
        return replace(rest, anchor=anchored.group(1), asked="", qualifiers=(), numbered=numbered, code=code, literals=quoted)
    # Read in the question's own case: a capitalised name qualifies the noun after it ("Which PyCharm version").
    noun = asked_noun(question.strip())
    category = noun[-1] if noun else ""
    asked_phrase = kind_asked(question.strip()) or (noun if category not in _NOT_ASKED else ())
    asked = asked_phrase[-1] if asked_phrase else ""
    # "And the downside?": the word naming the kind of answer, which the answer need not say.
    category = category or next(iter(_DRAWBACK.findall(q)), "")
    speech = bool(_SPEECH.search(q))
    counted = _COUNT.search(q)
    count = 0
    if counted:
        word = counted.group(1) or counted.group(2)
        count = int(word) if word.isdigit() else COUNT_WORDS.index(word) + 2
    # What every type of question carries; a rule that matches adds its kind and what it reads.
    said = _SAID.match(q)
    read = QuestionType("other", category=category, count=count, speech=speech, asked=asked, numbered=numbered,
                        code=code, literals=quoted, ability=bool(_ABILITY.match(q)), case=asked_case(q),
                        qualifiers=asked_phrase[:-1], choice=bool(chosen), said=said.group("said") if said else "")
    for kind, pattern in _RULES:
        if kind == "comparison" and _COMPARING_DONE.search(q) and not _COMPARED.search(question.strip()):
            continue
        if pattern.search(q):
            compared: tuple[str, ...] = ()
            if kind == "comparison":
                m = _COMPARED.search(question.strip())
                named = tuple(p.strip(" `'\"") for p in (m.groups() if m else ()) if p)
                compared = named or _choices(question)
            subject = ""
            if kind == "definition" and (defined := _SUBJECT.search(q)):
                subject = defined.group(1) or defined.group(2)
            # "What does X do?" and "What is X for?" ask what X does, which what X is answers too (not `acts`).
            asks_doing = kind == "definition" and bool(_DOES_DO.match(q) or _PURPOSE_ASKED.match(q))
            does = asks_doing or kind == "definition" and bool(_does_subject(q))
            return replace(read, kind=kind, compared=compared, subject=subject, version=_versioned(q), does=does,
                           acts=does and not asks_doing,
                           method=kind == "howto" and bool(_METHOD.match(q)),
                           name=kind == "definition" and bool(_NAME.match(q)))
    if chosen:
        return replace(read, kind="comparison", compared=chosen)
    if does_subject := _does_subject(q):
        return replace(read, kind="definition", subject=does_subject, version=_versioned(q), does=True,
                       acts=not _DOES_DO.match(q))
    return read


# "Can I just skip the check?", "And what about the risky fixes?", "What if the parameter holds a path?"
# after an answer: asked alone they are yes/no or open questions; going on from an answer on how to
# do something, they ask how to do this instead (the `verify=False` call, the `--unsafe-fixes` flag).
# "Can I use it in `project.dependencies`?" asks whether it is supported there ("Not supported in ...").
_ASKS_HOW_AFTER_ANSWER = re.compile(r"^\W*(?:(?:and|but|so)\s+)?(?:(?:can|could)\s+(?:i|we)\s+(?!(?:(?:just|also|still|simply|then|now)\s+)?use\b)\w"
                                    r"|what\s+(?:about|if)\b)", re.IGNORECASE)


def followup_type(question: str, qtype: QuestionType) -> QuestionType:
    """A follow-up's type: an open "Can I ...?", "What about ...?" or "What if ...?" after an answer asks how."""
    return replace(qtype, kind="howto") if qtype.kind == "other" and _ASKS_HOW_AFTER_ANSWER.match(question) else qtype
