"""How well an answer unit ANSWERS a question, not only how much it resembles it.

The score is the resemblance (embedding cosine plus the share of question terms the unit holds,
computed by the answerer) plus a bonus when the unit is the kind of thing the question asks for
(a number for "how many", a definition for "what is", steps or code for "how do I", a reason for
"why", a list for "what are the three ..."), minus penalties for what resembles a question
without answering it: headings, figure labels and other fragments, a lead-in ending in ':'
shown without what it introduces, a restatement of the question, a wall of text, a
sentence that only refers back ("He is also ...") to what the sentence before it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.advice import gives_advice
from rag.asked_case import answers_case, case_terms, restates_case
from rag.code_names import mentions
from rag.console_session import runs_example
from rag.definition_terms import presented_name
from rag.legends import asks_about_figure
from rag.link_lists import links_only
from rag.literature_search import asks_about_search, tells_search
from rag.named_row import is_labelled_row, names_value
from rag.named_thing import kind_terms, named_thing
from rag.numbered_names import names_asked
from rag.purpose_clause import states_purpose_asked
from rag.question_type import COUNT_WORDS, DRAWBACK_WORDS, QuestionType
from rag.sentences import split_sentences
from rag.sides import (items_apart, labels_apart, named_together, recommends, set_against_section, sets_apart,
                       side_words)
from rag.terms import terms
from rag.units import Unit, clean, holds_code, shown_cut
from rag.version_notes import is_version_note

_FUNCTION_WORDS = frozenset("""a an the is are was were be been being has have had do does did of to in for
with on at by from as that this these those it its and or but not can could will would should may
might must you your we our they their he she his her which who when where than then so if into
there here also only such each any all more most""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*")
# People counted as a study counts them ("fifteen participants", "120 patients"): a paper's how many.
_PERSONS = r"people|persons|participants|patients|respondents|subjects|interviewees|individuals|volunteers"
_NUMBER_WITH_UNIT = re.compile(
    r"\d[\d,.]*\s*(%|percent|[KMGTP]i?B\b|bytes?\b|bits?\b|[kmµn]?s\b|ms\b|seconds?\b|minutes?\b|hours?\b|days?\b|weeks?\b|"
    r"months?\b|years?\b|[kcm]?m\b|km\b|miles?\b|feet\b|kg\b|g\b|lbs?\b|tons?\b|°|degrees?\b|dollars?\b|euros?\b|"
    rf"(?:{_PERSONS})\b|times\b|million\b|billion\b|thousand\b|hundred\b)", re.IGNORECASE)
# A measurement in words ("five seconds"), or people counted ("fifteen participants"); a count in words of
# anything else ("ten times", "two groups") is a number only.
_WORDS_WITH_UNIT = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                              r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty)\s+(percent|bytes|bits|"
                              r"(milli)?seconds?|minutes?|hours?|days?|weeks?|months?|years?|miles?|feet|kilo(meter|metre|gram)s?|"
                              rf"meters?|metres?|degrees?|dollars?|euros?|{_PERSONS})\b", re.IGNORECASE)
# A change stated as a proportion ("fell by a third", "halved", "doubled"): how much, in words.
_PROPORTION = re.compile(r"\b(?:by )?(?:a|one|two) (?:third|quarter|fifth|tenth)s?\b|\b(?:by )?half\b|"
                         r"\b(?:halved|doubled|tripled|quadrupled)\b", re.IGNORECASE)
_NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|"
                           r"thousand|million|billion|dozen|half|twice|several)\b", re.IGNORECASE)
# A release number: "3.9+", "0.13.3", "v2.1"; a bare "3" ("Python 3") names a line of releases.
_VERSION = re.compile(r"(?<![\w.])v?\d+\.\d+(?:\.\d+)*\+?(?![\w.]*\d)")
# A release note ("Introduced in 1.5.0", "New in version 0.20", "Deprecated since 2.1"): the
# release of the documented thing itself, whatever name the question gives it.
_RELEASE_NOTE = re.compile(rf"\b(?:introduced|added|new|changed|deprecated|removed|available)\s+(?:in|since)\s+"
                           rf"(?:version\s+)?{_VERSION.pattern}", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b|\b(January|February|March|April|May|June|July|August|September|"
                   r"October|November|December|century|decade)\b|\b\d{1,2}(st|nd|rd|th)\b")
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?:\s+[A-Z][a-z.]+)*")
_SAID = re.compile(r"\b(said|says|explained|told|according to|stated|wrote)\b", re.IGNORECASE)
_QUOTATION = re.compile(r"[\"“][^\"”]{8,}[\"”]")
# "Since MkDocs 1.4", "since 2010": a time, not a reason. What a thing does for the reader is a reason
# too: "adds visual distinction and helps avoid ...", "which can lead to unexpected behavior"; not
# an instruction ("ensure you have Poetry installed ..."): the verbs in the third person.
_REASON = re.compile(r"\b(because|since(?!\s+(?:[A-Za-z]+\s+)?v?\d)|so that|in order to|due to|as a result|therefore|thus|"
                     r"this is why|that is why|to avoid|to prevent|to make sure|to ensure|prompted|caused|causes|"
                     r"response to|the reason|so you can|which means|this means|allows?|lets|"
                     r"helps|avoids|ensures|leads? to|no need to|"
                     # What a thing is not made for is why not to use it for that: "It is not designed to
                     # be particularly secure"; what things help do, in the plural ("The context and
                     # proxies help solve two ... issues").
                     r"(?:is|are|was|were)(?:n't|\s+not)\s+(?:designed|intended|meant|built)\s+(?:to|for)|"
                     r"help (?:to )?(?:solve|avoid|prevent|reduce|ensure)|"
                     # A cause named as a report names it: "Lack of equipment was partly to blame, ... was
                     # also a factor", "attributed to", "owing to", "contributed to".
                     r"to blame|blamed (?:on|for)|attribut(?:ed|able) to|owing to|contribut(?:ed|es) to|"
                     r"(?:is|are|was|were)\s+(?:also\s+|partly\s+)?(?:a|the|one)\s+(?:\w+\s+)?factor|factors? (?:in|behind))\b"
                     # "..., as the formatter does differ from Black": "as" after a comma opening a clause
                     # with its own subject and auxiliary gives the cause; not "as shown", "as the name
                     # suggests", "as well".
                     r"|,\s+as\s+(?:(?:the|a|an|this|these|its|their)\s+)?[\w`'-]+\s+(?:does|do|did|is|are|was|were|"
                     r"has|have|had|can|cannot|will|would|may|might|must)(?:n't)?\b", re.IGNORECASE)
# What a thing costs, as a sentence says it: the cost named ("One of the disadvantages ...", "at the
# expense of", "overhead"), or said: a concession ("However, ...", "While this design results in ...,
# it ..."), what must be done or cannot be ("enterprises must maintain ...", "may require more effort").
# A unit naming the advantage ("The primary benefit ... does not need to be installed") says the other
# side, unless it names the cost too.
_COST_NAMED = re.compile(rf"\b(?:{DRAWBACK_WORDS}|limitations?|overhead|penalty|trade-?offs?|at the (?:cost|expense|price) of)\b",
                         re.IGNORECASE)
# A cost denied ("There is no need to install", "You don't have to restart", "not slower") is none.
_COST_SAID = re.compile(r"(?<!\bnot )(?<!n't )(?<!\bnever )(?<!\bno )"
                        r"\b(?:must|has to|have to|needs? to|cannot|can only|unable to|"
                        r"requires? (?:more|additional|extra|considerable|significant|substantial)|"
                        r"more (?:effort|work|time|memory|complex|expensive|difficult|costly)|slower|harder)\b"
                        r"|(?:^\W*|[.!?;]\s+)(?:however|while|although|though)\b|,\s+however\b", re.IGNORECASE)
# What someone is allowed to do, or what cannot be done: "which allows users to select ...", "lets you ...",
# "you cannot append items", "is not supported". Not a bare "can": "a value that can be read by your
# application" says what a thing is, in passing.
_ABILITY = re.compile(r"\b(?:allows?|lets|enables?|permits?)\s+(?:[\w`'-]+\s+){0,3}?to\s+[a-z]+|\b(?:cannot|can't|can not|unable to)\s+[a-z]+"
                      r"|\b(?:is|are)\s+(?:not\s+)?(?:possible|supported|able)\b", re.IGNORECASE)
_BENEFIT = re.compile(r"\b(?:advantages?|benefits?|strengths?|upsides?)\b", re.IGNORECASE)
# "You should now have the `mkdocs` command installed" tells the outcome of a step, not one to take.
_IMPERATIVE = re.compile(r"^\W*(install|use|add|create|import|declare|define|run|set|call|pass|put|write|make|open|"
                         r"go|start|check|return|include|configure|enable|disable|type|click|select|first|then|"
                         r"you can|you need|you have to|you should(?!\s+(?:now\s+)?(?:have|see|get|be|notice)\b)|you would|to do)\b",
                         re.IGNORECASE)
# What to pass or use, named as the option or command it is: "if you pass it the `--build` option",
# "by using the `--group (-G)` option", "via the `pipx inject` command".
_NAMED_STEP = re.compile(r"\b(?:pass|use|using|via|run|add|set|specify)\s+(?:it\s+)?(?:the\s+)?`[^`\n]+`\s*"
                         r"(?:option|flag|argument|command|parameter|setting)s?\b", re.IGNORECASE)
# "To override a dependency, you put ...", "To return HTML, use `HTMLResponse`.": the purpose, then
# the instruction.
_PURPOSE_INSTRUCTION = re.compile(r"^\W*to [\w`-]+\b[^.:;]{0,120}?,\s*(?:you (?:can |could |should |need to |have to |"
                                  r"must )?|just |simply )?(?:use|call|add|set|pass|put|declare|create|import|install|"
                                  r"run|write|define|include|return|make|open|start|type|configure|enable)\b", re.IGNORECASE)
# What to use said in the passive or of the thing itself, not as an imperative: "Application of unsafe
# fixes ... can be enabled by setting `unsafe-fixes = true`", "is enabled by passing ..." (a modal
# passive whose means, after by/with/via/using/through, names code), and "The `validate_default` field
# parameter can be used to enable this behavior", "`base_url` allows you to prepend ..." (what named code
# is for). Read only where a "By default ..." unit would otherwise be no step (`_BY_DEFAULT`): the
# default first, then what to set instead.
_PASSIVE_STEP = re.compile(r"\b(?:(?:can|may|could|should|must)\s+(?:also\s+|instead\s+)?be\s+"
                           r"(?:[a-z]+ed|[a-z]+en|set|done|run|put|made|built|kept)|(?:is|are)\s+(?:[a-z]+ed|done|set)\s+by\s+"
                           r"[a-z]+ing)\b[^.;!?`]{0,60}?\b(?:by|with|via|using|through)\s+[^.;!?`]{0,40}?`", re.IGNORECASE)
_USED_TO = re.compile(r"`[^`\n]+`[^.;:!?]{0,80}?\b(?:(?:can|may|could)\s+(?:also\s+)?be\s+used\s+to|(?:is|are)\s+used\s+to|"
                      r"lets\s+you|allows?\s+you\s+to|enables?\s+you\s+to)\s+[a-z]+", re.IGNORECASE)
# The named code as the subject of a modal passive: "the experimental environment variable
# `POETRY_REQUESTS_TIMEOUT` can be set to alter this value". Read for a follow-up's how-to ("How can I
# raise it?" after the default was given): what can be set is what to do.
_CODE_PASSIVE = re.compile(r"`[^`\n]+`[^.;:!?`]{0,80}?\b(?:can|may|could)\s+(?:also\s+|instead\s+)?be\s+"
                           r"(?:[a-z]+ed|[a-z]+en|set|put|run|kept)\b", re.IGNORECASE)
# "By default `httpx` will use the charset ...": what happens when the reader does nothing, the situation
# a how-to asks to change, not a step (unless it, or its paragraph, goes on to say what to do instead).
_BY_DEFAULT = re.compile(r"^\W*by default\b", re.IGNORECASE)
# A labelled field of a reference entry ("Type: boolean", "Valid values: a comma-separated list of
# hostnames", "NEW: New in version 1.5."): one property of the thing, not what it is.
_FIELD = re.compile(r"^\W*[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}:[*_`]*\s")
# After an opening clause ("Inspired by the Cargo concept of the same name, a workspace is ..."), and
# with the definition quoted ('is "a collection of ..."').
_DEFINITION = re.compile(r"^\W*(?:[A-Z][^,.;:!?]{2,80},\s+)?(?:the |a |an )?((?:[\w`'\".\-]+ ){0,4}[\w`'\".\-]+)\s+(?:(?:is|are)\s+[\"“]?(?:a|an|the|one|"
                         r"used|defined|called|what|how|any|some)\b|(?:means|refers to|stands for|is short for|is called|"
                         r"are called)\s+\S)", re.IGNORECASE)
# "X is a great choice for most projects": a verdict on X, which says what X is good for, not what it is.
_VERDICT = re.compile(r"\s+(?:is|are)\s+(?:a|an|the)\s+(?:very\s+|really\s+)?(?:great|good|better|best|fine|excellent|solid"
                      r"|reasonable|poor|bad|sensible|popular|recommended)\s+(?:choice|option|fit|idea|way|default"
                      r"|alternative|approach|place)\b", re.IGNORECASE)
# "`NO_PROXY` disables the proxy ...", "Preview mode enables a collection of ...": a subject and a verb
# of its own in the third person, what a "What does X do?" question asks of X. The shortest subject.
# "The `lifespan` parameter of the `FastAPI` app takes ...": the subject is the parameter, as in the question.
_SUBJECT_VERB = re.compile(r"^\W*(?:[Tt]he |[Aa]n? )?((?:[\w`'\".\-]+ ){0,4}?[\w`'\".\-]+)"
                           r"(?:\s+of\s+(?:[\w`'\".\-]+ ){0,3}?[\w`'\".\-]+)?\s+(?:[a-z]+ly\s+)?"
                           r"(?!(?:is|was|has|does|its|this|thus|plus|less|us|as|yes|always|sometimes|perhaps)\b)[a-z]{2,}s\b")
_ABBREVIATION = re.compile(r"\s*\([^()]*\)")
_TERM_COLON = re.compile(r"^\W*`?([\w.()\[\] -]{1,40})`?\s*:\s+\S")
# Two or more code names joined as a list: "`asyncio` or `trio`", "`a`, `b` and `c`"; not values
# ("either a `200` or `400` response").
_CODE_NAME = r"`[A-Za-z_][^`\n]*`"
_INLINE_LIST = re.compile(rf"{_CODE_NAME}(?:\s*,\s*{_CODE_NAME})*,?\s+(?:and|or)\s+{_CODE_NAME}")
# Plain names listed in a sentence after what they are ("There are three kinds of events: Global Events,
# Page Events and Template Events.", "Lifestyle changes include the reduction of salt intake, fluid
# restriction, ..."): after a colon or "include", three or more short items, commas between, the last
# after "and"/"or" (or the list running on with "etc."). Its items are phrases, not clauses: no sentence
# punctuation, a few words each. Not after "is"/"are": "patients are older, have multiple comorbidities,
# and ..." says three things of them, it lists nothing.
_SERIES_ITEM = r"[^\s.,;:!?()][^.,;:!?()]{0,60}?"
# At most 40 items after the first: read from every "include" of a long line, an unbounded series ran on to
# the line's end from each (quadratic); no sentence lists more.
_PROSE_SERIES = re.compile(rf"(?::|\b(?:include|includes|including|such as|namely)\b)\s+"
                           rf"({_SERIES_ITEM}(?:\s*,\s*{_SERIES_ITEM}){{1,40}}(?:,?\s+(?:and|or)\s+{_SERIES_ITEM}"
                           rf"|\s*,\s*(?:etc|and so on)\b))\s*(?:[.;:!?)]|$)", re.IGNORECASE)
# Two things after a colon: "we examined two reference markers: Cad74A and Ilp6." ("... includes patency and the
# development of ..." goes on to say what a thing includes, it names no pair asked for.)
_PROSE_PAIR = re.compile(rf":\s+({_SERIES_ITEM}\s+(?:and|or)\s+{_SERIES_ITEM})\s*(?:[.;:!?)]|$)", re.IGNORECASE)
# Asides in parentheses after a word, one after another ("Cad74A (follicular cells) (Zartman et al., 2009)").
_ASIDES = re.compile(r"(?<=\w)(?:[ \t]*\([^()\n]*\))+")
_SERIES_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_SERIES_ITEM_WORDS = 6
# The count a series' lead gives of its things ("Three prophylactic modalities are common:"), as a word.
_LEAD_COUNT = re.compile(rf"\b({'|'.join(COUNT_WORDS)})\s+[a-z]", re.IGNORECASE)
# What a lead-in says its code is one example of.
_EXAMPLE = re.compile(r"\b(?:e\.g\.|for example|for instance)", re.IGNORECASE)
_CONTRAST = re.compile(r"\b(than|whereas|while|instead|unlike|advantages?|better|faster|slower|differs?|difference|"
                       r"but|however)\b", re.IGNORECASE)
# What the sentence after a statement often gives about it: its reason, its cost ("While this design
# results in ..."), or the name, date or number.
_PAIR_KINDS = frozenset({"reason", "drawback", "quantity", "time", "person", "place"})
# Questions a list the page announces answers: "Which events ...?" its items; "Who is on the team?"
# the people a statement goes on to list ("The current and past members of the team." then them).
_LISTING_KINDS = ("list", "person")
# Units that say something in words, which a "What if X?" question's case is read in.
_CASE_UNITS = frozenset({"sentence", "pair", "paragraph", "list_item", "lead_in", "introduced_code"})
# By what means a thing was done, as a report says it: "using the Leiden algorithm", "by the hanging drop method".
_BY_MEANS = re.compile(r"\b(?:using|by means of|by (?:the|a|an)|via|employing|with (?:the|a|an) [\w-]+ "
                       r"(?:method|algorithm|approach|technique|procedure|protocol))\b", re.IGNORECASE)
# ... or in what manner, an adverb on the passive verb: "20 stakeholders were purposively sampled", "patients were
# randomly assigned" (not when: "were originally designed in English").
_BY_MANNER = re.compile(r"\b(?:was|were|been|being)\s+(?:randomly|purposively|purposefully|consecutively|systematically|"
                        r"manually|automatically|independently|prospectively|retrospectively|sequentially|blindly)\s+"
                        r"[a-z]+ed\b", re.IGNORECASE)
# Where a difference lies, not what it is: "The primary difference between the analyses is found in the alignment
# phase.", "The differences between A and B reside at position P2." (not "... was seen in the loss of a salt bridge").
_DIFFERENCE_LIES = re.compile(r"^\W*(?:the\s+)?(?:(?:main|primary|key|major|only|chief|principal)\s+)?differences?\b"
                              r"[^.;:!?]{0,120}?\b(?:is|are|lies|lie|resides?)\s+(?:found\s+|located\s+)?(?:in|at|within)\b",
                              re.IGNORECASE)
# The name a text gives a thing: "known as shifting left", "referred to as", "is called".
_NAMED_AS = re.compile(r"\b(?:known as|referred to as|(?:is|are|was|were|be) (?:called|named|termed)|dubbed)\b",
                       re.IGNORECASE)
# Sentences about the text rather than its subject: pointers elsewhere (`is_meta` reads "For <what>, see
# <where>" apart), announcements.
_META = re.compile(r"^\W*(read more|here,? we(?:'ll| will)? (?:compare|describe|list|show|explain|discuss|cover|outline|summari[sz]e)\b|learn more|for more (details|information)|see (the|also)\b|check (the|out)\b|"
                   r"in this (section|chapter)|in the (next|previous) (section|chapter)|(here,? )?(i'll|i will|let me|we'll|we will) "
                   r"(show|teach) you)|\b(read more about|check the section|"
                   r"(as )?(explained|described|shown) (below|above|later)|we(.ll| will) (see|discuss|explain|cover|talk about)\b|"
                   r"you (already |also )?read how)\b",
                   re.IGNORECASE)
# "For a detailed explanation of `src` resolution, see the contributing guide.": what it is about, then only
# where to look. Any comma within 100 characters of "For" may be the one a pointing verb follows.
_POINTER_LEAD = re.compile(r"^\W*for\b((?:[^.;:!?\n]|\.(?=\S)){0,100})", re.IGNORECASE)
_POINTER_VERB = re.compile(r",\s*(?:please\s+)?(?:see|refer to|consult|check out|visit)\b", re.IGNORECASE)
# A step after the pointer in its sentence goes on to do something there ("For GitHub, visit Settings > Tokens
# and create one."): no pointer. A colon is read by one branch only: with two, each "std::fmt" doubled the ways
# to fail.
_POINTER_STEP = re.compile(r"(?:[^.;!?\n]|\.(?=\S))*?\b(?:and|then)\s+(?:then\s+)?"
                           r"(?-i:(?!(?:the|a|an|its|their|our|your|this|these|those|other|more|related|all)\b)[a-z]+)\b",
                           re.IGNORECASE)
# An aside in parentheses after a word ("input from external sources (e.g., CDM systems, threat intelligence
# services described below)"): a pointer there is said in passing; the sentence around it still says something.
_ASIDE = re.compile(r"(?<=\w)[ \t]*\([^()\n]*\)")
# So is a pointer set off by a comma, the sentence going on past it: "you should use Rich as explained above, it has
# more features, ...", "As described below, the engine ...". Ending the sentence ("is configured as described
# below."), the pointer is what it says of the how.
_PASSING_POINTER = re.compile(r"\bas (?:explained|described|shown) (?:below|above|later)\s*,(?=\s*\w)", re.IGNORECASE)
# A subject that points back ("These tenets are the ideal goal"): what the sentence says is of things named
# before it, not what they are.
_DEMONSTRATIVE = re.compile(r"(?:this|that|these|those|such)\b", re.IGNORECASE)
# A cross-reference stub: the whole unit says where the answer is ("Same as `attrs.evolve`.", "See
# :func:`attrs.asdict` for examples.", "Alias for X."), not what it is; the target's own text answers.
# Its run is possessive: given back a character at a time, a long run of blanks was rescanned by `\s*$` from each.
_STUB = re.compile(r"^\W*(?:same as|see(?: also)?|refer to|(?:an? )?alias (?:of|for)|identical to|equivalent to)\s+"
                   r"(?:[^.!?\s]|[.!?](?=\S)|\s)++[.!]?\s*$", re.IGNORECASE)
# A list item as a unit shows it, on a line of its own: a dash, or its number in a numbered list.
_LISTED = re.compile(r"^(?:- |\d{1,3}\. )", re.MULTILINE)
# A sentence cut off by a code block or list before it, going on in lower case ("and those ...").
_CONTINUATION = re.compile(r"^(and|or|but|so|then|which|that|with|as|to|in|of|for|because|where|while)\b")
# A sentence that names what the question asks about only by reference ("He also describes ...",
# "The X.25 suite uses this network type.", "... are treated using these devices."): what it refers
# to, often the very answer, is said before it. The pair it ends holds both.
_OPENING_REFERENCE = re.compile(r"^\W*(he|she|it|they|his|her|its|their|this|these|those|such|all (of )?this)\b",
                                re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"\b(?:this|these|those|such)\s+((?:[\w-]+\s+)?[\w-]+)", re.IGNORECASE)
# A lead-in opening with an example ("For example, if using `git` you might add the following line to your
# `.gitignore` file:" and its block) shows a case of the statement before it and, shown alone, answers with
# the case rather than what is so: weighed as a sentence opening with a pronoun (`refers_back`). Asked how,
# the same words as often introduce the command that does it (`_ILLUSTRATION`), and asked which, the things
# it lists ("For example, this could be handled by:" and tools): there the example is the answer. Not a
# prose sentence: "For example, ..." in running text often states a fact of its own.
_EXAMPLE_OPENING = re.compile(r"^\W*(?:for (?:example|instance)|e\.g\.)\W", re.IGNORECASE)
# An example of the situation rather than what to do about it: "Let's take this Starlette
# application as an example:", "the URL for that file would be something like ...", "You will
# receive a response telling you ...". A how-to is answered by the instruction, not the case.
# Not "for example" / "e.g.": as often they introduce the command that does it ("For example,
# the following command will only install ...").
_ILLUSTRATION = re.compile(r"\b(something like|let'?s (say|take|imagine)|imagine|suppose|say you have|"
                           r"you('ll| will| would) (receive|get|see)|would look like)\b",
                           re.IGNORECASE)
# Data shown (a JSON body or document), not code that does something: what is sent or returned.
# Not a TOML array-of-tables header ("[[tool.poetry.source]]"): configuration to write, not data.
_DATA_CODE = re.compile(r'^\s*(?!\[\[[\w."\'-]+\]\][ \t]*$)[\[{]\s*(?:"[^"\n]*"\s*:|[\[{])', re.MULTILINE)
_SPACE = re.compile(r"\s+")
# Named subject, a verb in lower case, a number: "HTTPX requires Python 3.9+" is a statement in
# three words; a label ("Figure 3", "Table 2 Sales") has no lower-case verb.
_SHORT_STATEMENT = re.compile(r"^\W*[A-Z][\w/+-]*\s+(?:[A-Z][\w/+-]*\s+)?[a-z]{3,}\s+(?:[\w/+-]+\s+){0,2}v?\d[\d.,]*\+?[.!]?\s*$")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_SECTION_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*|[IVX]+\.|[A-Z]\.)\s+\S")
_TERMINAL = re.compile(r"[.!?:;\"”’)]\s*$")

# Bonuses for units of the kind the question asks for, and the penalties; set by reading XQuAD
# and documentation answers (docs/quality.md, "Answers").
FIT = 0.12
PARTIAL_FIT = 0.06
HEADING_PENALTY = 1.0
FRAGMENT_PENALTY = 0.3
BARE_LEAD_IN_PENALTY = 0.25
# A statement with the code (or list) after it, asked anything but how (or which): the statement
# alone answers.
UNASKED_CODE_PENALTY = 0.15
# An example of the situation (a case, data sent or returned) asked how to do something.
ILLUSTRATION_PENALTY = UNASKED_CODE_PENALTY
META_PENALTY = 0.3
# A figure's legend, asked about anything but a figure: it resembles the findings it illustrates,
# the body states them (rag/legends.py).
LEGEND_PENALTY = 0.15
# A stub saying where the answer is says nothing: it loses to any unit that says something, as a heading does.
STUB_PENALTY = HEADING_PENALTY
_STUB_WORDS = 12
RESTATEMENT_PENALTY = 0.15
REFERENCE_PENALTY = 0.06
LONG_PENALTY_PER_300 = 0.1
LONG_CHARS = 600
PARAGRAPH_PENALTY = 0.03
CONTINUED_BONUS = 0.01
# A unit naming the code a "What is/does X?" question asks about ("What does the --reload flag
# do?"): it is about X whatever else its words resemble, as code has no synonym (rag/code_names.py).
# Asked anything else, a unit naming the question's code is often the wrong one: the old setting a
# migration question starts from, the file a why-question mentions (docs/quality.md, issue 14, sel8).
CODE_NAME_FIT = FIT
# A definition of all the question names ("What is X?", "X is a ..."): rag/definition_terms.py finds it.
EXACT_DEFINITION_FIT = 4 * FIT
# A comparison's unit naming both sides, and one setting them apart (a contrast across clauses, a label): together,
# what a definition is to "what is", and an answer holding one needs no more of either side (Answerer).
BOTH_SIDES_FIT = FIT
SETS_APART_FIT = 2 * FIT
SETS_BOTH_APART_FIT = BOTH_SIDES_FIT + SETS_APART_FIT
# The bonus an entry under the name a what-is question asks about scores, and its name in `Fit.parts`.
_ENTRY = "entry"
ENTRY_PART = f"bonus_{_ENTRY}"
# The words of "What is X?" / "Who is X?" that the question's terms keep beside X's.
_ASKING = frozenset({"what", "who"})


def _head(subject: str) -> frozenset[str]:
    """The word a subject names its thing by: its last, past a word for its kind ("no_proxy" of "the
    NO_PROXY variable", "mode" of "Ruff's preview mode")."""
    words = subject.split()
    while len(words) > 1 and terms(words[-1]) <= kind_terms():
        words.pop()
    return terms(words[-1]) if words else frozenset()


def _names_section(subject: str, heading: str) -> bool:
    """The question's subject is the heading's name, as written: "the `base_url`" is documented under
    "base_url", not under "base-url-filter" nor the hook "poetry-check" of "the poetry check command"."""
    name = heading.strip("`'\"* ").lower()
    return (bool(name) and named_thing(subject) == terms(heading)
            and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", subject) is not None)


class _Tally:
    """A sum kept with its named parts, added in the order the rules add them (same float sum)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.parts: dict[str, float] = {}

    def add(self, name: str, value: float) -> None:
        self.total += value
        self.parts[name] = self.parts.get(name, 0.0) + value


@dataclass(frozen=True, slots=True)
class Fit:
    """What the unit's form adds to or takes from its resemblance to the question."""

    bonus: float
    penalty: float
    # Each named source of the bonus and the penalty (bench/unit_misses.py shows them for a miss).
    parts: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    @property
    def value(self) -> float:
        return self.bonus - self.penalty


def is_fragment(text: str) -> bool:
    """No sentence: too few words, no function word (figure labels, run-together captions), or
    mostly digits and symbols (table debris, equations). A row of named cells says its values as a
    sentence does, whatever words it holds."""
    if _SHORT_STATEMENT.match(text) or is_labelled_row(text):
        return False
    words = _WORD.findall(text)
    if len(words) < 4:
        return True
    if not any(w.lower() in _FUNCTION_WORDS for w in words):
        return True
    solid = _SPACE.sub("", text)
    return len(_NOT_LETTER.sub("", solid)) < 0.55 * len(solid)


def is_meta(text: str) -> bool:
    """`text` is about the text rather than its subject: it points elsewhere or announces."""
    return bool(_META.search(text)) or _points_elsewhere(text)


def _points_elsewhere(text: str) -> bool:
    """`text` opens "For <what>, see <where>" with no step after the pointer in its sentence; "For X, see A and
    run B, see C." points, at its second verb."""
    lead = _POINTER_LEAD.match(text)
    if not lead:
        return False
    comma = text.find(",", lead.start(1), lead.end(1) + 1)
    while comma != -1:
        verb = _POINTER_VERB.match(text, comma)
        if verb and not _POINTER_STEP.match(text, verb.end()):
            return True
        comma = text.find(",", comma + 1, lead.end(1) + 1)
    return False


def is_stub(text: str) -> bool:
    """The text only points to where the answer is ("Same as `attrs.evolve`.", "See X for details.")."""
    return len(text.split()) <= _STUB_WORDS and bool(_STUB.match(text))


def is_note(text: str) -> bool:
    """A note about a thing, not what it is: a fragment ("Introduced in 1.5.0") or a labelled field
    ("Valid values: ...", "NEW: New in version 1.5."), or a version note ("Changed in version 1.6: ..."),
    whatever its words."""
    return is_fragment(text) or bool(_FIELD.match(text)) or is_version_note(text)


def looks_like_heading(text: str) -> bool:
    """A title line without the Markdown: short, no closing punctuation, Title Case or numbered."""
    words = _WORD.findall(text)
    if len(words) > 12 or _TERMINAL.search(text) or is_labelled_row(text):
        return False
    if _SECTION_NUMBER.match(text):
        return True
    capitalised = sum(w[0].isupper() for w in words if w.lower() not in _FUNCTION_WORDS)
    content = sum(1 for w in words if w.lower() not in _FUNCTION_WORDS)
    return content > 0 and capitalised >= 0.7 * content


def refers_back(text: str, question_terms: frozenset[str]) -> bool:
    """The sentence opens with a pronoun, or points at what the question asks about with
    "this/these/such ..." instead of naming it."""
    if _OPENING_REFERENCE.match(text):
        return True
    return any(terms(m.group(1)) & question_terms for m in _DEMONSTRATIVE.finditer(text))


def _instructs(sentence: str) -> bool:
    return bool(_IMPERATIVE.search(sentence) or _PURPOSE_INSTRUCTION.match(sentence) or _NAMED_STEP.search(sentence))


def _says_what_to_use(sentence: str) -> bool:
    """An instruction, or what to use said in the passive or of the named thing (`_PASSIVE_STEP`)."""
    return _instructs(sentence) or bool(_PASSIVE_STEP.search(sentence) or _USED_TO.search(sentence))


# A PDF's page may end a paragraph mid-sentence ("... behind a Fresnel lens. Its keeper climbs"):
# words the page cuts off answer nothing.
# A sentence's last mark with what may close after it (a quote, a bracket, Markdown emphasis or code).
SENTENCE_END = r"[.!?:;][\"'”’)\]*_`]*"
_ENDS_SENTENCE = re.compile(SENTENCE_END + r"\s*$")


def ends_sentence(text: str) -> bool:
    """The text ends where a sentence ends (its closing quote, bracket or markup aside)."""
    return bool(_ENDS_SENTENCE.search(text))


# A sentence whose subject is set against the one before it ("The native server, however, is ...",
# "Ruff, on the other hand, will flag ..."): one thing said against another, as a comparison is; like a
# reference back, it says nothing alone. Not a sentence opening "However, ...": that sets one statement
# against the last, as prose often does (a plain paragraph would win over its sentence for it).
_CONTRAST_LINK = re.compile(r"^[^,.;:!?]{1,80},\s*(?:however|in contrast|by contrast|on the other hand),",
                            re.IGNORECASE)


def continues(text: str) -> bool:
    """Every sentence after the first opens with a reference back ("He ...", "This ensures ...") or
    sets its subject against the sentence before it ("X, however, ...")."""
    later = split_sentences(text)[1:]
    return bool(later) and all(_OPENING_REFERENCE.match(s.text) or _CONTRAST_LINK.match(s.text) for s in later)


# Emphasis and code marks, which a question does not write.
_MARKS = re.compile(r"[*_`]+")


def _announces_asked(lead_in: str, asked: str) -> bool:
    """A lead-in's line announces what follows as the kind of thing asked ("in the following order:",
    "these options:" for "order", "option")."""
    noun = re.escape(asked.lower())
    return re.search(rf"\b(?:following|these|those)\s+(?:[\w-]+\s+)?{noun}(?:s|es)?\b[^:]*:\s*$",
                     _MARKS.sub("", lead_in.lower())) is not None


def _says_of_a_thing(text: str, said: str) -> bool:
    """`text` says `said` (a question's passive predicate) of something it names first in that sentence."""
    plain = " ".join(_MARKS.sub("", text).lower().split())
    at = plain.find(said)
    return at > 0 and bool(re.search(r"\w", re.split(r"[.!?:;]\s", plain[:at])[-1]))


def _prose(unit: Unit) -> str:
    """What the unit says in words: a lead-in without the code block it introduces; no code."""
    if unit.kind == "code":
        return ""
    if unit.kind == "introduced_code" or (unit.kind == "lead_in" and holds_code(unit.read)):
        return unit.display.split("\n", 1)[0]
    return unit.display


def _mentions(text: str, thing: str, unit_terms: frozenset[str]) -> bool:
    """The unit names `thing`: as written, or, for a phrase ("a proxy forwarding a request"), at
    least half its terms in any form ("Forwarding: the proxy makes the request ...")."""
    if not thing:
        return False
    if thing.lower() in text.lower():
        return True
    wanted = terms(thing)
    # Of two words both ("poetry install" is not any sentence naming poetry).
    return bool(wanted) and 2 * len(wanted & unit_terms) >= len(wanted) + (len(wanted) == 2)


_CELL_MARKUP = "`*_'\" "


def keyed_by(unit: Unit, literals: tuple[str, ...]) -> bool:
    """A table row whose first cell is, whole, a value the question quotes ("^1.2.3" in the row
    "| ^1.2.3 | >=1.2.3 <2.0.0 |"): the row is that value's entry, its other cells what the page says
    of it, as a name's description is (an `entry` unit)."""
    if unit.kind != "table_row" or not literals:
        return False
    first = clean(unit.read.strip().strip("|").split("|", 1)[0]).strip(_CELL_MARKUP).lower()
    return bool(first) and first in literals


def _steps_fit(text: str) -> float:
    """A block with the statement before it, for a how-to: steps when the statement instructs."""
    prose = split_sentences(text.split("\n", 1)[0])
    return FIT if any(_instructs(s.text) for s in prose) else PARTIAL_FIT


def _code_of(unit: Unit) -> str:
    """The code block a unit shows: all of a code unit, what follows a lead-in's first line."""
    if unit.kind == "code":
        return unit.display
    if unit.kind == "introduced_code" or (unit.kind == "lead_in" and holds_code(unit.read)):
        return unit.display.split("\n", 1)[1] if "\n" in unit.display else ""
    return ""


def shows_code(unit: Unit) -> bool:
    """A code block, or a statement with the code block it introduces."""
    return bool(_code_of(unit).strip())


def shows_output(unit: Unit) -> bool:
    """The unit shows a console session of the page's example program and what it prints (rag/console_session.py):
    its command is no step, its output no answer to a how-to."""
    return runs_example(_code_of(unit))


def illustrates(unit: Unit) -> bool:
    """The unit shows a case (an example, what happens, data sent or returned) and instructs nothing, or shows
    what the example program prints ("Check it:" instructs to run what the page built, not the step asked)."""
    if shows_output(unit):
        return True
    prose = _prose(unit)
    shows_case = bool(_DATA_CODE.match(_code_of(unit)) or _ILLUSTRATION.search(prose))
    return shows_case and not any(_instructs(s.text) for s in split_sentences(prose))


def _kind_bonus(unit: Unit, qtype: QuestionType, question_terms: frozenset[str], unit_terms: frozenset[str],
                follow_up: bool = False, section: str = "") -> float:
    text = unit.display
    kind = qtype.kind
    if kind == "howto" and unit.kind in ("announced_list", "list") and links_only(unit.read):
        return 0.0  # a table of contents names pages to read, no step (rag/link_lists.py)
    if kind == "howto" and shows_output(unit):
        return 0.0  # `$ python main.py --help` and the help screen: what the example prints, no step
    if unit.kind == "introduced_code":
        # The code after an instruction ("You can disable SSL verification completely...") shows
        # how; after a plain statement it is an example at most.
        return _steps_fit(text) if kind == "howto" else 0.0
    if unit.kind == "announced_list":
        # The list a statement goes on to ("These events are fired by ..." then the events): the
        # things a which-question asks for; for a how-to, steps when the statement instructs.
        if kind == "list" and _lone_item(unit):
            return 0.0
        if kind in _LISTING_KINDS:
            return FIT + 0.03 + (FIT if qtype.count and len(_LISTED.findall(text)) == qtype.count else 0.0)
        return _steps_fit(text) if kind == "howto" else 0.0
    if kind == "howto" and unit.announces:
        return 0.0  # the how is the code or list the statement goes on to: a unit of its own with it
    if unit.kind == "pair" and kind == "howto":
        # What to use, then how ("... has an attribute `app.dependency_overrides` ... To override a
        # dependency, you put ..."); any other pair is no step.
        sentences = split_sentences(text)
        return FIT if "`" in text and any(_instructs(s.text) for s in sentences) else 0.0
    if qtype.name and unit.kind in ("sentence", "pair", "paragraph", "list_item") and _NAMED_AS.search(_prose(unit)):
        # "What is it called when ...?" asks the name the text gives, often in the sentence after the one
        # describing the thing ("... the less effort is required. This principle, known as shifting left,
        # ..."); what is named is described in the question, so there is no subject to define.
        return 2 * FIT
    if unit.kind == "pair" and kind == "comparison" and _DIFFERENCE_LIES.match(split_sentences(text)[0].text):
        # "The primary difference between the analyses is found in the phylogeny phase. The advanced option uses
        # ProtTest ...": the first sentence says only where the difference lies; with the next, what it is.
        return FIT
    if unit.kind == "pair" and kind == "list":
        # A sentence counting the things it lists, then the next: the pair answers as the sentence does,
        # and resembles the question more when the next sentence names the topic the count leaves out.
        series = prose_series(_ASIDES.sub("", split_sentences(text)[0].text))
        return FIT + 0.03 if series and counts_items(series) else 0.0
    if unit.kind == "pair" and kind not in _PAIR_KINDS:
        return 0.0  # definitions, lists and comparisons have units of their own
    structured = unit.kind in ("lead_in", "list")
    if kind == "list" and unit.kind == "lead_in" and holds_code(unit.read) and _EXAMPLE.search(_prose(unit)):
        # "... can contain any plugin event handlers, e.g.:" then a handler's code: one example, not the
        # things a list question asks for. Code shown as what to do ("to include the optional HTTP/2
        # support, use:" then `pip install httpx[http2]`) names one of them.
        structured = False
    if kind == "quantity" and qtype.version:
        # "Which Python version?" is answered by a release number of that thing ("Python 3.9+"),
        # not by another's ("HTTP/1.1").
        named = qtype.version != "version"
        prose = _prose(unit)
        found = re.search(rf"\b{re.escape(qtype.version)}\W{{0,2}}{_VERSION.pattern}", prose, re.IGNORECASE) if named \
            else _VERSION.search(prose)
        found = found or _RELEASE_NOTE.search(prose)
        return FIT + 0.03 if found else 0.0
    if kind == "quantity":
        # "The default timeout ... is five seconds." states the quantity; a number in a code line
        # ("Client(timeout=10.0)  # Use a default 10s timeout") is a setting shown, an example at most.
        prose = _prose(unit)
        if _NUMBER_WITH_UNIT.search(prose) or _WORDS_WITH_UNIT.search(prose) or _PROPORTION.search(prose):
            return FIT + 0.03
        return PARTIAL_FIT if _NUMBER.search(text) or _NUMBER_WORDS.search(text) else 0.0
    if kind == "time":
        return FIT + 0.03 if _YEAR.search(text) else (PARTIAL_FIT if _NUMBER.search(text) else 0.0)
    if kind in ("person", "place"):
        if qtype.speech and not _QUOTATION.search(text):
            # "Who said that?" is answered where a quotation is attributed: "According to reports, ..."
            # attributes no words, and a sentence paired with its neighbour quotes no one.
            return PARTIAL_FIT if _NAME.search(text) else 0.0
        bonus = (PARTIAL_FIT if _NAME.search(text) else 0.0) + (FIT if kind == "person" and _SAID.search(text) else 0.0)
        return bonus + (FIT if qtype.speech else 0.0)
    if kind == "reason":
        return FIT if _REASON.search(text) else 0.0
    if kind == "drawback":
        prose = _prose(unit)
        return FIT if _COST_NAMED.search(prose) or (_COST_SAID.search(prose) and not _BENEFIT.search(prose)) else 0.0
    if kind == "howto":
        if qtype.method and unit.kind in ("sentence", "pair", "paragraph") and _says_how_done(_prose(unit)):
            # "How were the cells clustered?" in a report: the sentence saying by what means ("... was
            # performed ... using the Leiden algorithm") or in what manner, which instructs nothing and shows no code.
            return FIT
        if unit.sets_up:
            return PARTIAL_FIT  # the app or data the next code block works on: the step is there
        if unit.kind in ("code", "lead_in") or (unit.kind == "list" and structured):
            return FIT
        if unit.kind == "sentence" and _instructs(text) and "`" in text:
            return FIT  # an instruction naming what to use: "Use `x` to return only ..."
        if follow_up and unit.kind == "sentence" and _CODE_PASSIVE.search(text):
            return FIT  # the same said in the passive of the named code
        if unit.kind in ("sentence", "paragraph") and _BY_DEFAULT.match(text) \
                and not any(_says_what_to_use(s.text) for s in split_sentences(text)):
            return 0.0  # the default named in code is still what happens, not what to do
        fits = _instructs(text) or "`" in text
        # One step out of its list is not the how: the list (or its lead-in) is.
        return (PARTIAL_FIT / 2 if unit.kind == "list_item" else PARTIAL_FIT) if fits else 0.0
    if kind == "definition":
        # "What does Smith claim?" is not answered by what Smith is: only the subject-verb form below.
        m = None if qtype.acts else _DEFINITION.match(text) or (_TERM_COLON.match(text) if unit.kind == "list_item" else None)
        defined = m.group(1) if m and not _DEMONSTRATIVE.match(m.group(1)) and not _VERDICT.match(text, m.end(1)) else None
        if defined is None and not qtype.acts:
            # "We present VESPA, software capable of ...": a paper says so what the thing it brings is.
            defined = presented_name(text)
        if defined:
            # "Policy engine (PE): ..." defines the policy engine; its abbreviation is no word asked.
            subject = terms(_ABBREVIATION.sub("", defined))
            # "X is a ..." defines what was asked only when X is (part of) the question's subject:
            # "Jacksonville is the largest city ..." does not say what its white population was.
            # Its head noun (the last word: "the first Internet2 network") must be what "X" names.
            head = terms(qtype.subject.split()[-1]) if qtype.subject else frozenset()
            if not (subject and subject <= question_terms and (not head or subject & head)):
                return 0.0
            # "What is Starlette?" asks for nothing but what "Starlette is a ..." says, however little
            # the definition resembles the question beside pages that only name it ("Starlette has
            # a rapidly growing community" resemble the question far more).
            return EXACT_DEFINITION_FIT if subject == question_terms - _ASKING else 2 * FIT
        if qtype.does and qtype.subject and (m := _SUBJECT_VERB.match(text)):
            # "What does X do?" is answered where X does it: X the subject of the sentence, not named
            # in passing ("Ruff includes an opt-in preview mode ..." is what Ruff does).
            subject = terms(_ABBREVIATION.sub("", m.group(1)))
            return 2 * FIT if subject and subject <= question_terms and subject & _head(qtype.subject) else 0.0
        return 0.0
    if kind == "list":
        if structured or unit.kind == "table_row":
            # "What are the three principles?" is answered by three items.
            items = len(_LISTED.findall(text))
            return FIT + 0.03 + (FIT if qtype.count and items == qtype.count else 0.0)
        if unit.kind in ("sentence", "paragraph") and _INLINE_LIST.search(text):
            # "HTTPX supports either `asyncio` or `trio` ...": a list of named things in a sentence.
            return FIT + 0.03
        # "Which two marker genes ...?" is answered by two names ("we examined two reference markers: A (...) and
        # B (...)"); the asides after each name (a gloss, a citation) are no part of the list.
        least = 2 if qtype.count == 2 else 3
        series = prose_series(_ASIDES.sub("", text), least) if unit.kind in ("sentence", "paragraph", "pair") else None
        if series and terms(series.lead) & question_terms:
            # "There are three kinds of events: Global Events, Page Events and Template Events.": plain
            # names listed in a sentence that says, in the question's words, what they are; as a list of
            # the asked length, it is the list asked for. Of another length, it is a list of other things.
            return 2 * FIT + 0.03 if not qtype.count or series.items == qtype.count else FIT + 0.03
        if series and counts_items(series):
            # "Three prophylactic modalities are common: A, B, and C." counts what it lists: a list of things
            # by its own announcement, in words of its own ("modalities" for the question's "options").
            return FIT + 0.03
        return PARTIAL_FIT / 2 if unit.kind == "list_item" or text.count(",") >= 2 else 0.0
    if kind == "comparison" and unit.kind == "sentence" and _DIFFERENCE_LIES.match(text):
        return 0.0  # where the difference lies, not what it is: the pair with the sentence after it says that
    if kind == "comparison":
        # Named in what the unit says, not in its example ("uv run fastapi dev" runs no `fastapi run`).
        prose = _prose(unit)
        sides = side_words(qtype.compared)
        # A label setting one side against the other ("Singular versus contextual: ...") names both and sets them
        # apart; so does a unit naming one side, and comparing with it, under the other's heading ("lite": "A trimmed
        # copy of the full edition, which keeps the same settings as its parent edition.").
        labelled = labels_apart(prose, sides) or set_against_section(prose, section, sides)
        prose_terms = terms(prose) if prose != text else unit_terms
        # Named together ("A, B and C use ..."), both sides are said to do the same thing: nothing sets them apart.
        both = labelled or len(qtype.compared) >= 2 and not named_together(prose, sides) \
            and all(_mentions(prose, t, prose_terms) for t in qtype.compared[:2])
        # Each side in a clause of its own across a contrast ("X accepts any data, while Y only
        # accepts strings") says what sets them apart: what a definition is to "what is" (rag/sides.py).
        # A list sets things apart within an item: a "but" in one item contrasts nothing with the items before it.
        # A contrast word counts in what the unit says, not in its code ("# But keep this particular file.").
        clauses = prose.splitlines() if structured else [prose]
        # So does a list giving each side an item of its own, and, asked to choose between them, a recommendation
        # of one ("you should use Rich").
        contrast = SETS_APART_FIT if labelled or any(sets_apart(c, sides) for c in clauses) \
            or structured and items_apart(clauses, sides) or qtype.choice and recommends(prose, sides) else \
            PARTIAL_FIT / 2 if _CONTRAST.search(prose) else 0.0
        return (BOTH_SIDES_FIT if both else 0.0) + (PARTIAL_FIT if structured else 0.0) + contrast
    if kind == "other" and qtype.ability and unit.kind in ("sentence", "pair", "paragraph", "list_item") \
            and _ABILITY.search(_prose(unit)):
        # "Can readers switch it themselves?" is answered by what the text says is allowed or possible.
        return FIT
    if kind == "other" and qtype.asked and _states_value(_compound_start(qtype), _prose(unit)):
        # "What Ki did 33RE reach?" is answered by the value given to that name ("(Ki = 11.21 ± 0.74 nM)"),
        # not by a sentence on 33RE holding other numbers.
        return FIT + 0.03
    if kind == "other" and qtype.asked:
        # "What storm ...?", "What type of plea ...?": the answer qualifies that noun with something
        # the question does not say ("the only recorded storm", "a blind plea", "Liberal Party").
        # Not in a heading or label ("Sheet Boats" names no boat).
        prose = "\n".join(line for line in unit.read.splitlines() if not looks_like_heading(line))
        # ... the whole of it, from its first word: "the following file extensions" qualifies what "Which file
        # extensions" asks for, "the primary DVT prophylactic agent" what "Which DVT prophylaxis" does.
        for m in re.finditer(rf"\b([\w-]+)\s+{re.escape(_compound_start(qtype))}", prose, re.IGNORECASE):
            word = m.group(1)
            if word.lower() not in _FUNCTION_WORDS and not _NUMBER_WORDS.match(word) and not word[0].isdigit() \
                    and not terms(word) & question_terms:
                return PARTIAL_FIT
    return 0.0


def _compound_start(qtype: QuestionType) -> str:
    """The first word of the noun phrase a question asks for ("file" of "file extensions", "Ki" of "Ki value")."""
    return (qtype.qualifiers or (qtype.asked,))[0]


def _says_how_done(prose: str) -> bool:
    """Whether a report's sentence says by what means or in what manner a thing was done."""
    return bool(_BY_MEANS.search(prose) or _BY_MANNER.search(prose))


def _states_value(name: str, text: str) -> bool:
    """Whether `text` gives `name` a value: "Ki = 11.21", "a Ki of 11 nM", "port: 8000"; a year is a date of
    it ("the storm of 1990"), no value."""
    return re.search(rf"\b{re.escape(name)}s?\b(?:\s+values?)?\s*(?:=|:|≈|~|\bof\b|\bwas\b|\bis\b)\s*[~≈<>]?\s*"
                     r"(?!(?:1[0-9]|20)\d\d\b)\d", text, re.IGNORECASE) is not None


@dataclass(frozen=True, slots=True)
class Series:
    """Things a sentence lists in prose, after what it says of them."""

    lead: str  # "There are three kinds of events:" of "There are three kinds of events: A, B and C."
    items: int  # how many it names ("A, B, etc." says there are more than two: 3)


def _lone_item(unit: Unit) -> bool:
    """Whether a statement's list holds one item: no list of things, but a block set off as an item (a first
    page's correspondence address, cutting the sentence before it) after whatever runs into it. A list shown
    cut goes on in the source: one long item shown is not a list of one."""
    return len(_LISTED.findall(unit.display)) < 2 and not shown_cut(unit.display)


def counts_items(series: Series) -> bool:
    """Whether the series' lead says how many things it lists, as many as it names ("Three modalities
    are common:" before three)."""
    counted = _LEAD_COUNT.search(series.lead)
    return counted is not None and COUNT_WORDS.index(counted.group(1).lower()) + 2 == series.items


def prose_series(text: str, least: int = 3) -> Series | None:
    """The first series of `least` or more things a sentence of the text lists ("A, B and C" after a
    colon or "include"), None when none. Two things ("A and B") are read only when `least` is 2."""
    for m in (*_PROSE_SERIES.finditer(text), *(_PROSE_PAIR.finditer(text) if least <= 2 else ())):
        said = [i for i in _SERIES_SPLIT.split(m.group(1)) if i]
        items = [i for i in said if i.lower() not in ("etc", "and so on")]
        # "A, B, etc." says there are more than the two it names.
        named = len(items) + (len(items) < len(said))
        if named >= least and all(len(i.split()) <= _SERIES_ITEM_WORDS for i in items):
            opening = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()))
            return Series(text[opening + 1 : m.start(1)].strip(), named)
    return None


def _penalty(unit: Unit, question_terms: frozenset[str], unit_terms: frozenset[str], penalty: _Tally) -> None:
    if unit.kind == "heading":
        penalty.add("heading", HEADING_PENALTY)
        return
    text = unit.display
    if unit.kind in ("sentence", "list_item"):
        if is_fragment(text) or looks_like_heading(text) or _CONTINUATION.match(text):
            penalty.add("fragment", FRAGMENT_PENALTY)
        if unit.introduces:
            penalty.add("bare_lead_in", BARE_LEAD_IN_PENALTY)
        if unit.kind == "sentence" and refers_back(text, question_terms):
            penalty.add("reference", REFERENCE_PENALTY)
    elif unit.kind in ("paragraph", "pair"):
        # A paragraph is as weak as its weakest line: title lines run together are no answer. It
        # resembles the question only as much as its closest sentence, which alone is shorter;
        # unless what follows its first sentence refers back to it: then it is one statement, if
        # whole (a page that cuts the reference off mid-sentence leaves a fragment, not a statement).
        if continues(text) and ends_sentence(unit.read):
            penalty.add("paragraph", -CONTINUED_BONUS)
        else:
            penalty.add("paragraph", PARAGRAPH_PENALTY)
        if any(is_fragment(line) or looks_like_heading(line) for line in unit.read.splitlines() if line.strip()):
            penalty.add("fragment", FRAGMENT_PENALTY)
    if unit.kind in ("sentence", "list_item", "pair", "paragraph") \
            and is_meta(_PASSING_POINTER.sub(",", _ASIDE.sub("", text))):
        penalty.add("meta", META_PENALTY)
    if unit.kind in ("sentence", "list_item", "paragraph") and is_stub(text):
        penalty.add("stub", STUB_PENALTY)
    if unit_terms:
        novel = len(unit_terms - question_terms) / len(unit_terms)
        if novel < 0.34:
            penalty.add("restatement", RESTATEMENT_PENALTY * (1 - novel / 0.34))
    if len(text) > LONG_CHARS:
        penalty.add("long", LONG_PENALTY_PER_300 * (len(text) - LONG_CHARS) / 300)


def answer_fit(unit: Unit, qtype: QuestionType, question_terms: frozenset[str], unit_terms: frozenset[str],
               opens_section: bool = False, follow_up: bool = False, section: str = "") -> Fit:
    """The bonus for answering the kind of question asked, and the penalties for non-answers.
    `opens_section`: the unit is the first of the section its heading (within its passage) opens;
    `follow_up`: the question goes on from a previous answer; `section`: the heading of the unit's section."""
    bonus, penalty = _Tally(), _Tally()
    if unit.kind != "heading":
        kind_bonus = _kind_bonus(unit, qtype, question_terms, unit_terms, follow_up, section)
        bonus.add("kind", kind_bonus)
        if (opens_section and not kind_bonus and qtype.kind == "definition" and qtype.subject
                and unit.kind in ("sentence", "pair", "paragraph") and _names_section(qtype.subject, unit.heading)):
            # "What is base_url?" under the heading "base_url": a reference page says what a thing is
            # first ("The `base_url` provides a relative path to the root ..."); later sentences go on
            # to how it is used, and resemble the question as much.
            bonus.add("section", 2 * FIT)
        # "Against what threat?" asks for what follows "against" in the answer.
        if (qtype.kind == "howto" and unit.kind in ("lead_in", "introduced_code")
                and states_purpose_asked(unit.display.split("\n", 1)[0], question_terms, unit_terms)):
            # "To avoid running on Jupyter Notebooks, remove ...:" for "How do I keep the hooks from
            # running on notebooks?": the purpose asked, then its step; a statement or a case beside it
            # names the same things and gets the same kind bonus.
            bonus.add("purpose", FIT)
        if (qtype.category and unit.kind in ("lead_in", "announced_list")
                and _announces_asked(unit.display.split("\n", 1)[0], qtype.category)):
            # "In what order does attrs run the hooks?": "the hooks are executed in the following order:" and
            # its list name what is asked; "attrs offers the following options:" names other things.
            bonus.add("announces", FIT)
        if qtype.anchor and re.search(rf"\b{qtype.anchor}\b", unit.display, re.IGNORECASE):
            bonus.add("anchor", PARTIAL_FIT)
        if keyed_by(unit, qtype.literals):
            # "What versions does the constraint ^1.2.3 allow?": the row keyed "^1.2.3" answers;
            # other rows and the prose around the table resemble the question as much.
            bonus.add("row_key", 2 * FIT)
        elif unit.kind in ("table_row", "sentence") and names_value(unit.display, question_terms):
            # "What is the country code for Norway?": the row whose cell is "Norway" answers; rows naming
            # a country and a code under the same headers resemble the question as much, or more.
            bonus.add("row_value", 2 * FIT)
        if qtype.kind == "definition" and any(n.lower() in qtype.subject for n in qtype.code):
            named = sum(mentions(n, unit.read) for n in qtype.code) / len(qtype.code)
            if named:
                bonus.add("code_name", CODE_NAME_FIT * named)
    if qtype.said and unit.kind in _CASE_UNITS and _says_of_a_thing(_prose(unit), qtype.said):
        # "Which decorator must be applied first ...?": "The `attrs.define` decorator must be applied first"
        # answers; a unit on writing decorators resembles the question more.
        bonus.add("said", PARTIAL_FIT)
    if qtype.case and unit.kind in _CASE_UNITS:
        # "What if X?" is answered by what happens in case X or what to do then; a unit naming X again
        # and neither resembles the question most (rag/asked_case.py).
        if answers_case(_prose(unit)):
            bonus.add("case", PARTIAL_FIT)
        elif restates_case(case_terms(qtype.case), unit_terms):
            penalty.add("case_restated", PARTIAL_FIT)
    if qtype.kind == "reason" and unit.kind == "sentence" and not _REASON.search(unit.display) \
            and gives_advice(unit.display):
        # "Why should I not use X?": "Do not use X ..." is the advice asked about, not its reason.
        penalty.add("advice", FIT)
    _penalty(unit, question_terms, unit_terms, penalty)
    if unit.legend and not asks_about_figure(question_terms):
        penalty.add("legend", LEGEND_PENALTY)
    if unit.kind in ("sentence", "list_item", "pair", "paragraph") and not asks_about_search(question_terms) and tells_search(unit.display):
        penalty.add("search", META_PENALTY)
    named = names_asked(dict(qtype.numbered), unit.display) if qtype.numbered and unit.kind != "heading" else None
    if named is True:
        bonus.add("numbered", PARTIAL_FIT)
    elif named is False:
        penalty.add("numbered", PARTIAL_FIT)
    if qtype.kind == "howto" and unit.kind != "heading" and illustrates(unit):
        # Shown for a how-to, a case resembles the question as much as the instruction does (it
        # names the same situation) and says nothing to do: as unasked code, it answers least.
        penalty.add("illustration", ILLUSTRATION_PENALTY)
    if qtype.kind not in ("howto", *_LISTING_KINDS) and unit.kind == "lead_in" and _EXAMPLE_OPENING.match(unit.display):
        penalty.add("example", REFERENCE_PENALTY)
    if unit.kind == "introduced_code" and qtype.kind != "howto" or unit.kind == "announced_list" and (
            qtype.kind not in ("howto", *_LISTING_KINDS) or qtype.kind == "list" and _lone_item(unit)):
        penalty.add("unasked_code", UNASKED_CODE_PENALTY)
    elif unit.kind == "code" and qtype.kind == "definition":
        # "What is the src option used for?": a block setting it, whose comments name it in the
        # question's words, shows it used; the sentence saying what it does answers.
        penalty.add("unasked_code", UNASKED_CODE_PENALTY)
    if unit.kind == "entry":
        # A name with its description answers "What is <that name>?" and nothing else: for any
        # other question its sentence, a unit of its own, does. A note under the name ("Introduced
        # in 1.5.0", "Type: boolean") describes nothing and says nothing alone: with the name it
        # states when or how much.
        note = is_note(unit.said)
        if note and qtype.kind in ("quantity", "time"):
            pass
        elif not note and qtype.kind == "definition" and qtype.subject and named_thing(qtype.subject) == named_thing(unit.heading):
            bonus.add(_ENTRY, 2 * FIT)
        else:
            penalty.add("entry", HEADING_PENALTY)
    return Fit(bonus.total, penalty.total, {**{f"bonus_{k}": v for k, v in bonus.parts.items()}, **penalty.parts})
