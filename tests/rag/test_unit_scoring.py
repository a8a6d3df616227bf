"""Scoring prefers the unit that answers over the one that resembles the question (the issue's
real examples), on a real index of a small structured corpus."""

import time
from pathlib import Path

import pytest

from rag.question_type import question_type
from rag.terms import terms
from rag.unit_scoring import (answer_fit, continues, illustrates, is_fragment, is_stub, keyed_by, looks_like_heading,
                               prose_series, refers_back)
from rag.units import Unit, answer_units, shown_cut
from tests.rag.conftest import STRUCTURED, engine_of_files, served


def _unit(kind, text, display=None):
    return Unit(kind, text, 0, len(text), display or text)


def _fit(question, unit):
    return answer_fit(unit, question_type(question), terms(question), terms(unit.display)).value


def test_forms_that_only_resemble_the_question_lose():
    q = "What chunk size does GFS use?"
    answer = _unit("sentence", "We have chosen 64 MB, which is much larger than typical file system block sizes.")
    for loser in (_unit("sentence", "GFS chunkserverGFS chunkserver"), _unit("sentence", "2.5 Chunk Size"),
                  _unit("heading", "## Chunk Size", "Chunk Size"), _unit("sentence", "What chunk size does GFS use?"),
                  Unit("sentence", "The chunk size GFS uses:", 0, 24, "The chunk size GFS uses:", introduces=True)):
        assert _fit(q, answer) > _fit(q, loser) + 0.2, loser.text


def test_fragments_and_headings_are_recognised():
    assert is_fragment("GFS chunkserverGFS chunkserver") and is_fragment("(chunk handle, byte range)")
    assert looks_like_heading("2.5 Chunk Size") and looks_like_heading("Defining Tidy Data")
    assert not is_fragment("Each variable forms a column.")
    assert not looks_like_heading("Chunk size is one of the key design parameters.")


def test_list_of_the_asked_length_wins_a_list_question():
    q = "What are the three principles of tidy data?"
    three = _unit("lead_in", "In tidy data:\n1. a\n2. b\n3. c",
                  "In tidy data:\n- Each variable forms a column.\n- Each observation forms a row.\n"
                  "- Each type of observational unit forms a table.")
    restated = _unit("sentence", "Section 2 begins by defining the three characteristics that make a dataset tidy.")
    assert _fit(q, three) > _fit(q, restated) + 0.2


def _document(name):
    return STRUCTURED[name]


@pytest.mark.parametrize("question,expected,unwanted", [
    ("What is the difference between UploadFile and bytes for file uploads?",
     "You don't have to use `File()` in the default value of the parameter.", "Writes `data`"),
    ("What are the three principles of tidy data?", "Each variable forms a column.", "Section 2 begins"),
    ("What chunk size does GFS use?", "64 MB", "chunkserverGFS"),
])
def test_the_answering_unit_is_chosen(structured_engine, question, expected, unwanted):
    answer = structured_engine.ask(question)
    assert not answer.abstained
    assert expected in answer.answer and unwanted not in answer.answer, answer.answer
    assert "{ #" not in answer.answer and "2.5 Chunk Size" not in answer.answer
    assert len(answer.answer) < 700
    for s in answer.sources:
        assert _document(s.path)[s.start:s.end] == s.text


# Real sentences from FastAPI's docs (MIT licence).
def test_a_statement_with_its_reason_answers_only_why():
    q = "Why is a dummy hash still checked for usernames that do not exist?"
    statement = ("When `authenticate_user` is called with a username that doesn't exist in the database, we still run "
                 "`verify_password` against a dummy hash.")
    reason = ("This ensures the endpoint takes roughly the same amount of time to respond whether the username is "
              "valid or not, preventing timing attacks that could be used to enumerate existing usernames.")
    pair = _unit("pair", statement + "\n\n" + reason, statement + " " + reason)
    # Asked why, the statement with its reason answers at least as well as the statement alone; asked
    # anything else, no better.
    assert _fit(q, pair) >= _fit(q, _unit("sentence", statement))
    assert _fit("How is a dummy hash checked?", pair) <= _fit("How is a dummy hash checked?", _unit("sentence", statement))


def test_pointers_and_cut_off_continuations_lose():
    q = "What is a middleware?"
    definition = _unit("sentence", 'A "middleware" is a function that works with every request before it is '
                                   "processed by any specific path operation.")
    pointer = _unit("sentence", "Read more about them in the FastAPI docs for Middleware.")
    assert _fit(q, definition) > _fit(q, pointer) + 0.3
    cut_off = _unit("sentence", "and those default values won't be included in the response, only the values actually set.")
    whole = _unit("sentence", "Use `response_model_exclude_unset` to return only the values explicitly set.")
    q = "How do I leave out the defaults in the response?"
    assert _fit(q, whole) > _fit(q, cut_off) + 0.2


def test_a_cross_reference_stub_loses_to_a_sentence_that_says_something():
    # list21: "What does evolve do?" was answered "Same as attrs.evolve." (an alias's whole entry).
    q = "What does evolve do?"
    stub = _unit("sentence", "Same as `attrs.evolve`.", "Same as attrs.evolve.")
    says = _unit("sentence", "evolve creates a new instance with the changed values, using __init__.")
    assert _fit(q, says) > _fit(q, stub) + 0.5
    assert is_stub("See attrs.asdict for examples.") and is_stub("Alias for `attrs.field`.")
    assert not is_stub("See the docs. Then run the build.")
    assert not is_stub("Same as before, the function returns a new instance with the changed values and keeps the old one.")


def test_an_instruction_naming_the_code_to_use_answers_how():
    q = "How do I leave out the defaults in the response?"
    instruction = _unit("sentence", "Use `response_model_exclude_unset` to return only the values explicitly set.")
    bare_list = _unit("list", "- `response_model_exclude_defaults=True`\n- `response_model_exclude_none=True`")
    described = _unit("sentence", "Use the response model to filter the data.")
    assert _fit(q, instruction) > _fit(q, described) >= 0
    assert _fit(q, instruction) >= _fit(q, bare_list)


def test_an_announced_reason_is_not_a_reason():
    q = "Why does the Dockerfile copy the requirements file first?"
    announced = "There's an important trick here, we first copy the requirements. Let me tell you why that is."
    assert _fit(q, _unit("sentence", announced)) == 0.0
    # "lets you" still says what something is for.
    assert _fit(q, _unit("sentence", "Copying it first lets Docker reuse the cached layer.")) > 0.0


# A Wikipedia article as XQuAD has it (Super_Bowl_50, CC BY-SA 4.0; XQuAD, github.com/deepmind/xquad) and
# FastAPI's testing-dependencies page up to its last tip (MIT licence, github.com/fastapi/fastapi).
SUPER_BOWL = "The Panthers defense gave up just 308 points, ranking sixth in the league, while also leading the NFL in interceptions with 24 and boasting four Pro Bowl selections. Pro Bowl defensive tackle Kawann Short led the team in sacks with 11, while also forcing three fumbles and recovering two. Fellow lineman Mario Addison added 6½ sacks. The Panthers line also featured veteran defensive end Jared Allen, a 5-time pro bowler who was the NFL's active career sack leader with 136, along with defensive end Kony Ealy, who had 5 sacks in just 9 starts. Behind them, two of the Panthers three starting linebackers were also selected to play in the Pro Bowl: Thomas Davis and Luke Kuechly. Davis compiled 5½ sacks, four forced fumbles, and four interceptions, while Kuechly led the team in tackles (118) forced two fumbles, and intercepted four passes of his own. Carolina's secondary featured Pro Bowl safety Kurt Coleman, who led the team with a career high seven interceptions, while also racking up 88 tackles and Pro Bowl cornerback Josh Norman, who developed into a shutdown corner during the season and had four interceptions, two of which were returned for touchdowns.\n\nThe Broncos defeated the Pittsburgh Steelers in the divisional round, 23–16, by scoring 11 points in the final three minutes of the game. They then beat the defending Super Bowl XLIX champion New England Patriots in the AFC Championship Game, 20–18, by intercepting a pass on New England's 2-point conversion attempt with 17 seconds left on the clock. Despite Manning's problems with interceptions during the season, he didn't throw any in their two playoff games.\n\nPeyton Manning became the first quarterback ever to lead two different teams to multiple Super Bowls. He is also the oldest quarterback ever to play in a Super Bowl at age 39. The past record was held by John Elway, who led the Broncos to victory in Super Bowl XXXIII at age 38 and is currently Denver's Executive Vice President of Football Operations and General Manager.\n\nSix-time Grammy winner and Academy Award nominee Lady Gaga performed the national anthem, while Academy Award winner Marlee Matlin provided American Sign Language (ASL) translation.\n\nWith 4:51 left in regulation, Carolina got the ball on their own 24-yard line with a chance to mount a game-winning drive, and soon faced 3rd-and-9. On the next play, Miller stripped the ball away from Newton, and after several players dove for it, it took a long bounce backwards and was recovered by Ward, who returned it five yards to the Panthers 4-yard line. Although several players dove into the pile to attempt to recover it, Newton did not and his lack of aggression later earned him heavy criticism. Meanwhile, Denver's offense was kept out of the end zone for three plays, but a holding penalty on cornerback Josh Norman gave the Broncos a new set of downs. Then Anderson scored on a 2-yard touchdown run and Manning completed a pass to Bennie Fowler for a 2-point conversion, giving Denver a 24–10 lead with 3:08 left and essentially putting the game away. Carolina had two more drives, but failed to get a first down on each one."

OVERRIDES = "# Testing Dependencies with Overrides { #testing-dependencies-with-overrides }\n\n## Overriding dependencies during testing { #overriding-dependencies-during-testing }\n\nThere are some scenarios where you might want to override a dependency during testing.\n\nYou don't want the original dependency to run (nor any of the sub-dependencies it might have).\n\nInstead, you want to provide a different dependency that will be used only during tests (possibly only some specific tests), and will provide a value that can be used where the value of the original dependency was used.\n\n### Use cases: external service { #use-cases-external-service }\n\nAn example could be that you have an external authentication provider that you need to call.\n\nYou send it a token and it returns an authenticated user.\n\nThis provider might be charging you per request, and calling it might take some extra time than if you had a fixed mock user for tests.\n\nYou probably want to test the external provider once, but not necessarily call it for every test that runs.\n\nIn this case, you can override the dependency that calls that provider, and use a custom dependency that returns a mock user, only for your tests.\n\n### Use the `app.dependency_overrides` attribute { #use-the-app-dependency-overrides-attribute }\n\nFor these cases, your **FastAPI** application has an attribute `app.dependency_overrides`, it is a simple `dict`.\n\nTo override a dependency for testing, you put as a key the original dependency (a function), and as the value, your dependency override (another function).\n\nAnd then **FastAPI** will call that override instead of the original dependency.\n\n{* ../../docs_src/dependency_testing/tutorial001_an_py310.py hl[26:27,30] *}\n\n/// tip\n\nYou can set a dependency override for a dependency used anywhere in your **FastAPI** application.\n\nThe original dependency could be used in a *path operation function*, a *path operation decorator* (when you don't use the return value), a `.include_router()` call, etc.\n\nFastAPI will still be able to override it.\n\n///\n\nThen you can reset your overrides (remove them) by setting `app.dependency_overrides` to be an empty `dict`:\n\n```Python\napp.dependency_overrides = {}\n```\n"


@pytest.fixture(scope="module")
def reference_engine(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "references", {"super-bowl-50.txt": SUPER_BOWL, "testing-dependencies.md": OVERRIDES})
    yield engine
    engine.close()


def test_a_sentence_that_only_refers_back_loses_to_the_pair_it_ends():
    q = "Who is the oldest quarterback to play in a Super Bowl?"
    alone = "He is also the oldest quarterback ever to play in a Super Bowl at age 39."
    before = "Peyton Manning became the first quarterback ever to lead two different teams to multiple Super Bowls."
    pair = _unit("pair", before + " " + alone)
    assert _fit(q, pair) > _fit(q, _unit("sentence", alone))
    # Pointing at what the question asks about instead of naming it ("this network type").
    q = "X.25 uses what type of network?"
    assert _fit(q, _unit("sentence", "The X.25 protocol suite uses this network type.")) < _fit(
        q, _unit("sentence", "The X.25 protocol suite uses a virtual call network."))
    # A demonstrative about something else refers to nothing asked.
    assert not refers_back("In this case, the container listens on port 80.", terms("Which port does the container use?"))
    assert refers_back("This port is the one the container listens on.", terms("Which port does the container use?"))


def test_the_purpose_then_the_instruction_answers_how():
    q = "How do I return an HTML page instead of JSON?"
    instruction = _unit("sentence", "To return a response with HTML directly from FastAPI, use `HTMLResponse`.")
    described = _unit("sentence", "In this example, the function `generate_html_response()` already returns a `Response`.")
    assert _fit(q, instruction) > _fit(q, described) + 0.05
    q = "How do I replace a dependency with a fake one in my tests?"
    what_and_how = _unit("pair", "For these cases, your FastAPI application has an attribute `app.dependency_overrides`, "
                                 "it is a simple `dict`. To override a dependency for testing, you put as a key the "
                                 "original dependency (a function), and as the value, your dependency override.")
    statements = _unit("pair", "You don't want the original dependency to run. Instead, you want to provide a "
                               "different dependency that will be used only during tests.")
    assert _fit(q, what_and_how) > _fit(q, statements) + 0.1


@pytest.mark.parametrize("question,expected", [
    ("Who is the oldest quarterback to play in a Super Bowl?", "Peyton Manning"),
    ("Who has the record of being the oldest quarter back in any Super Bowl game?", "Peyton Manning"),
    ("How do I replace a dependency with a fake one in my tests?", "app.dependency_overrides"),
])
def test_the_answer_names_what_its_sentence_refers_to(reference_engine, question, expected):
    answer = reference_engine.ask(question)
    assert not answer.abstained
    assert expected in answer.answer, answer.answer
    texts = {"super-bowl-50.txt": SUPER_BOWL, "testing-dependencies.md": OVERRIDES}
    for s in answer.sources:
        assert texts[s.path][s.start:s.end] == s.text


def test_a_statement_and_what_it_goes_on_to_say_edge_out_the_statement_alone():
    q = "What is a synonym for chloroplast DNA?"
    first = "Chloroplasts have their own DNA, often abbreviated as ctDNA, or cpDNA."
    continued = _unit("pair", first + " It is also known as the plastome.")
    unrelated = _unit("pair", first + " Chloroplast genomes are circular.")
    assert _fit(q, continued) > _fit(q, _unit("sentence", first)) > _fit(q, unrelated)


def test_a_continuation_the_page_cuts_off_is_no_statement():
    # A PDF page ended the paragraph inside its second sentence ("... behind a Fresnel lens. Its
    # keeper climbs"): the pair won on the continuation bonus and the chat showed the cut words.
    q = "What is the lighthouse on the northern cape lit by?"
    first = "The lighthouse on the northern cape is lit by a paraffin lamp behind a Fresnel lens."
    cut = _unit("pair", first + " Its keeper climbs")
    whole = _unit("pair", first + " Its keeper climbs the tower every evening at dusk.")
    assert _fit(q, whole) > _fit(q, _unit("sentence", first)) > _fit(q, cut)


def test_what_questions_prefer_the_named_one_of_the_kind_asked():
    q = "What party rules in Melbourne's inner regions?"
    named = _unit("sentence", "The environmentalist Australian Greens are the main party there, ahead of the Liberal Party.")
    vague = _unit("sentence", "Traditionally, the inner regions are where politics is decided in Melbourne.")
    assert _fit(q, named) > _fit(q, vague)
    # A count or a word of the question qualifying the noun names nothing new.
    assert _fit(q, _unit("sentence", "Two party leaders visited the inner regions.")) == _fit(q, vague)
    assert _fit(q, _unit("sentence", "Melbourne party members met in the regions.")) == _fit(q, vague)


def test_a_definition_after_an_opening_clause_or_quoted_is_a_definition():
    # The opening clause sets the definition in context; the definition itself may be quoted.
    q = "What is a workspace?"
    opened = _unit("sentence", 'Inspired by the Lerna concept of the\nsame name, a workspace is "a collection of one or '
                               'more packages, called _workspace members_, that are managed together."')
    plain = _unit("sentence", "By default, `quill run` and `quill sync` operate on the workspace root.")
    assert _fit(q, opened) > _fit(q, plain) + 0.3
    # A clause naming another thing before it is still that thing's, not the question's.
    other = _unit("sentence", "In this guide, the workspace root is the directory holding the lockfile.")
    assert _fit(q, other) == _fit(q, plain)


def test_a_verdict_on_the_subject_is_no_definition():
    q = "What is the quill build backend?"
    verdict = _unit("sentence", "The quill build backend is a great choice for most projects.")
    said = _unit("sentence", "Quill also provides a native build backend (`quill_build`) that integrates tightly with Quill.")
    assert _fit(q, verdict) == _fit(q, said)
    assert _fit(q, _unit("sentence", "The quill build backend is a build backend written in Go.")) > _fit(q, said) + 0.3


def test_a_definition_of_another_noun_of_the_question_is_no_answer():
    q = "What was the white population of Jacksonville as of 2010?"
    other = _unit("sentence", "Jacksonville is the largest city by population in the U.S. state of Florida.")
    figure = _unit("sentence", "The city's non-Hispanic white population declined from 75.8% in 1970 to 55.1% by 2010.")
    assert _fit(q, figure) >= _fit(q, other)
    assert _fit("What is Jacksonville?", other) > 0.2


def test_a_compound_asked_is_qualified_as_a_whole():
    # "Which file extensions ...?": "the following file extensions" names which, a sentence without them none.
    q = "Which file extensions does the tool treat as pages?"
    listed = _unit("sentence", "Any of the following file extensions may be used for pages: `md`, `markdown`.")
    other = _unit("sentence", "Pages are read from the docs folder.")
    assert _fit(q, listed) > _fit(q, other)


def test_a_sheet_label_does_not_name_the_kind_asked():
    # "Sheet Boats" above the rows is a label, not "a Sheet boat": the row that answers keeps its lead.
    q = "Which boat has Whitby as its home port?"
    row = _unit("sentence", "[Boats row 3] Boat: Grey Heron; Length: 9 m; Home port: Whitby")
    table_text = "Sheet Boats\n[Boats row 2] Boat: Sea Swift; Length: 12 m; Home port: Harwich\n" + row.text
    table = _unit("paragraph", table_text, table_text.replace("\n", " "))
    assert _fit(q, row) > _fit(q, table)


def test_an_announcement_of_what_the_page_will_show_is_no_answer():
    q = "Should I run workers inside each container on Kubernetes too?"
    announced = _unit("pair", "I'll show you how to build your own image from scratch to run a single Uvicorn process. "
                              "It is a simple process and is probably what you would want to do with Kubernetes.")
    said = _unit("sentence", "In particular, when running on Kubernetes you will probably not want to use workers and "
                             "instead run a single Uvicorn process per container.")
    assert _fit(q, said) > _fit(q, announced)


def test_a_pointer_to_what_the_reader_read_or_will_read_weighs_like_a_heading_not_a_statement():
    # FastAPI's advanced middleware and settings pages: each resembles its question closely.
    q = "List the options the CORS middleware supports."
    pointer = _unit("sentence", "And then you also read how to handle CORS with the `CORSMiddleware`.")
    assert _fit(q, pointer) <= -0.3
    q = "Why wrap get_settings with lru_cache?"
    later = _unit("sentence", "We'll discuss the `@lru_cache` in a bit.")
    assert _fit(q, later) <= -0.3


# From HTTPX's docs (BSD-3 licence, docs/advanced/ssl.md).
INSECURE = "You can disable SSL verification completely and allow insecure requests..."
INSECURE_CODE = '>>> httpx.get("https://expired.badssl.com/", verify=False)\n<Response [200 OK]>'


def test_a_how_to_prefers_the_instruction_with_its_code_and_other_questions_the_sentence():
    with_code = _unit("introduced_code", f"{INSECURE}\n\n```pycon\n{INSECURE_CODE}\n```", f"{INSECURE}\n{INSECURE_CODE}")
    alone = _unit("sentence", INSECURE)
    assert _fit("How can I turn off SSL certificate checking?", with_code) > \
        _fit("How can I turn off SSL certificate checking?", alone)
    for asked in ("Why would SSL verification be disabled?", "What does disabling SSL verification allow?"):
        assert _fit(asked, alone) > _fit(asked, with_code), asked
    # A plain statement before code is an example at most: less than an instruction with its code.
    example = _unit("introduced_code", "x", "For example, GitHub redirects all HTTP requests to HTTPS.\n"
                                            ">>> r = httpx.get('http://github.com/')")
    assert _fit("How do I make httpx follow redirects?", example) < _fit("How can I turn off SSL checking?", with_code)


def test_a_how_to_prefers_the_statement_with_the_code_it_announces_to_the_statement_alone():
    # From Poetry's docs (MIT licence, docs/managing-dependencies.md): the sentence names something
    # in code but instructs nothing; the how is the command after it.
    statement = "For example, the following command will only install the dependencies specified in the optional `test` group."
    q = "How do I skip the test and docs dependency groups when installing?"
    with_code = _unit("introduced_code", "x", f"{statement}\npoetry install --with test,docs --without docs")
    alone = Unit("sentence", statement, 0, len(statement), statement, announces=True)
    assert _fit(q, with_code) > _fit(q, alone)
    # Asked anything but how, the statement alone answers as before.
    asked = "Which dependencies does the example command install?"
    assert _fit(asked, alone) == _fit(asked, _unit("sentence", statement))


SSL_PAGE = f"""# SSL

## Enabling and disabling verification

By default httpx will verify HTTPS connections, and raise an error for invalid SSL cases...

```pycon
>>> httpx.get("https://expired.badssl.com/")
httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:997)
```

{INSECURE}

```pycon
{INSECURE_CODE}
```

## Configuring client instances

If you're using a `Client()` instance you should pass any `verify=<...>` configuration when instantiating the client.
"""


@pytest.fixture(scope="module")
def ssl_engine(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "ssl", {"ssl.md": SSL_PAGE})
    yield engine
    engine.close()


def test_a_how_to_is_answered_with_the_code_its_sentence_announces(ssl_engine):
    answer = ssl_engine.ask("How can I turn off SSL certificate checking?")
    assert not answer.abstained and "verify=False" in answer.answer and INSECURE in answer.answer, answer.answer
    # The block that answers leads; a second unit that may answer can follow it, never precede it.
    cited, *others = answer.sources
    assert SSL_PAGE[cited.start:cited.end] == cited.text and cited.text.startswith(INSECURE)
    assert answer.answer.startswith(INSECURE[:40]) and len(others) <= 1


# From HTTPX's docs (BSD-3 licence: docs/quickstart.md, docs/advanced/timeouts.md, docs/index.md).
DEFAULT_TIMEOUT = "The default timeout for network inactivity is five seconds."
TIMEOUT_LEAD_IN = ("You can set a timeout on a client instance, which results in the given `timeout` being used as "
                   "the default for requests made with this client:")
TIMEOUT_CODE = ("client = httpx.Client()              # Use a default 5s timeout everywhere.\n"
                "client = httpx.Client(timeout=10.0)  # Use a default 10s timeout everywhere.")


def test_a_quantity_is_answered_by_a_statement_of_it_not_by_a_number_in_code():
    q = "How long is the default timeout?"
    stated = _unit("sentence", DEFAULT_TIMEOUT)
    lead_in = _unit("lead_in", f"{TIMEOUT_LEAD_IN}\n\n```python\n{TIMEOUT_CODE}\n```", f"{TIMEOUT_LEAD_IN}\n{TIMEOUT_CODE}")
    code = _unit("code", TIMEOUT_CODE)
    assert _fit(q, stated) > _fit(q, lead_in) + 0.05 and _fit(q, stated) > _fit(q, code) + 0.05
    # Digits with their unit count as before ("after 5 seconds of network inactivity").
    assert _fit(q, _unit("sentence", "The default behavior is to raise a `TimeoutException` after 5 seconds of "
                                     "network inactivity.")) == _fit(q, stated)
    # A lead-in whose list states the quantity in words still states it.
    listed = _unit("lead_in", "Limits:\n- `keepalive_expiry`, 5 seconds", "Limits:\n- `keepalive_expiry`, 5 seconds")
    assert _fit(q, listed) >= _fit(q, stated)


def test_a_version_question_wants_a_release_number_of_what_it_names():
    q = "Which Python version does httpx need?"
    assert question_type(q).kind == "quantity" and question_type(q).version == "python"
    assert question_type("What version of Python is required?").version == "python"
    assert question_type("How many versions are there?").version == ""
    assert question_type("Which minimum version of Python is supported?").version == "python"
    assert question_type("What minimum version is required?").version == "version"
    required = _unit("sentence", "HTTPX requires Python 3.9+")
    general = _unit("sentence", "HTTPX is a fully featured HTTP client for Python 3, which provides sync and async "
                                "APIs, and support for both HTTP/1.1 and HTTP/2.")
    # "HTTP/1.1" is a release of another thing; "Python 3" names no release.
    assert _fit(q, required) > _fit(q, general) + 0.1
    assert not is_fragment("HTTPX requires Python 3.9+")
    assert is_fragment("Table 2 Sales 2019") and is_fragment("Figure 3")


# From HTTPX's docs (BSD-3 licence: docs/advanced/proxies.md, docs/async.md).
MECHANISMS = ("- Forwarding: the proxy makes the request for you, and sends back the response it obtained from the "
              "server.\n- Tunnelling: the proxy establishes a TCP connection to the server on your behalf, and the "
              "client reuses this connection to send the request and receive the response.")
FLOW = ("In general, the flow for making an HTTP request through a proxy is as follows:\n- The client connects to the "
        "proxy (initial connection request).\n- The proxy transfers data to the server on your behalf.")


def test_a_comparison_of_phrases_is_answered_by_the_unit_naming_both_in_any_form():
    q = "What is the difference between a proxy forwarding a request and tunnelling it?"
    assert question_type(q).compared == ("a proxy forwarding a request", "tunnelling it")
    mechanisms = _unit("list", MECHANISMS)
    flow = _unit("lead_in", FLOW)
    # The flow names the proxy and the request, not tunnelling: one side only.
    assert _fit(q, mechanisms) > _fit(q, flow) + 0.1


def test_a_sentence_naming_code_things_as_a_list_answers_a_which_question():
    q = "Which async libraries can httpx run on?"
    named = _unit("sentence", "HTTPX supports either `asyncio` or `trio` as an async environment.")
    general = _unit("sentence", "HTTPX offers a standard synchronous API by default, but also gives you the option of "
                                "an async client if you need it.")
    assert _fit(q, named) > _fit(q, general) + 0.1
    # Values are no list of things (FastAPI's docs, MIT licence, tutorial/cors.md).
    values = _unit("sentence", "In this case the middleware will intercept the incoming request and respond with "
                               "appropriate CORS headers, and either a `200` or `400` response for informational purposes.")
    assert _fit("List the options the CORS middleware supports.", values) < 0.1


def test_an_entry_answers_what_its_name_is_and_nothing_else():
    entry = Unit("entry", "### Hishel\n\nAn elegant HTTP Cache implementation for HTTPX and HTTP Core.", 0, 70,
                 "Hishel: An elegant HTTP Cache implementation for HTTPX and HTTP Core.", heading="Hishel")
    mention = _unit("sentence", "If you use `cachecontrol` or `requests-cache` to add HTTP Caching support to the "
                                "`requests` library, you can use Hishel for HTTPX.")
    assert _fit("What is Hishel?", entry) > _fit("What is Hishel?", mention) + 0.2
    assert _fit("What is httpx-retries?", entry) < 0
    assert _fit("How do I cache responses?", entry) < 0


def test_an_entry_whose_name_ends_in_a_word_for_its_kind_answers_what_it_is():
    # attrs' glossary (MIT): the term "dunder methods" above its definition; the question names its kind too.
    entry = Unit("entry", 'dunder methods\n  "Dunder" is a contraction of "double underscore".', 0, 66,
                 'dunder methods: "Dunder" is a contraction of "double underscore".', heading="dunder methods")
    assert _fit("What are dunder methods?", entry) > 0.2
    assert _fit("What is a dunder method?", entry) > 0.2
    assert _fit("What are magic methods?", entry) < 0


def test_a_how_to_prefers_the_step_to_the_setup_it_uses():
    q = "How can I test my Starlette app with the async client without any network?"
    setup = Unit("lead_in", "x", 0, 1, "Let's take this Starlette application as an example:\n"
                 "app = Starlette(routes=[Route(\"/\", hello)])", sets_up=True)
    step = _unit("code", "transport = httpx.ASGITransport(app=app)\n"
                         "async with httpx.AsyncClient(transport=transport, base_url=\"http://testserver\") as client:")
    assert _fit(q, step) > _fit(q, setup) + 0.05


def test_a_release_note_answers_in_which_version_a_thing_came():
    q = "In which Poetry version were supplemental package sources introduced?"
    assert question_type(q).version == "poetry" and question_type(q).anchor == "in"
    note = Unit("entry", "#### Supplemental Package Sources\n\n*Introduced in 1.5.0*", 0, 56,
                "Supplemental Package Sources: Introduced in 1.5.0", heading="Supplemental Package Sources")
    unversioned = Unit("entry", "#### Supplemental Package Sources\n\n*Experimental feature*", 0, 56,
                       "Supplemental Package Sources: Experimental feature", heading="Supplemental Package Sources")
    assert _fit(q, note) > _fit(q, unversioned) + 0.05
    # The note with its name answers; the version of another thing does not.
    other = _unit("sentence", "Supplemental package sources need Python 3.9 or newer.")
    assert _fit(q, note) > _fit(q, other) + 0.05
    # A note defines nothing: "What is ...?" is answered by the description.
    assert _fit("What is a supplemental package source?", note) < 0


def test_a_sentence_with_the_list_it_goes_on_to_answers_a_which_question_only():
    listed = _unit("announced_list", "x", "These events are fired by Cleo.\n- `COMMAND`: before any command.\n"
                                          "- `SIGNAL`: after the command is interrupted.")
    statement = _unit("sentence", "Plugins can also listen to specific events and act on them if necessary.")
    assert _fit("Which console events can a plugin listen to?", listed) > \
        _fit("Which console events can a plugin listen to?", statement) + 0.1
    assert _fit("Why do plugins listen to events?", listed) < _fit("Why do plugins listen to events?", statement)


def test_a_sentence_naming_the_option_to_pass_is_a_step():
    # After Poetry's docs (MIT licence, docs/cli.md).
    q = "How can I build and publish my package in one command?"
    step = _unit("sentence", "It can also build the package if you pass it the `--build` option.")
    statement = _unit("sentence", "This command publishes the package, previously built with the `build` command, to the "
                                  "remote repository.")
    assert _fit(q, step) > _fit(q, statement) + 0.05


def test_a_how_to_prefers_the_instruction_to_an_example_of_the_situation():
    # From FastAPI's docs (MIT licence, docs/en/docs/tutorial/handling-errors.md, path-params.md):
    # the response an invalid request gets, and the URL a file path makes, show the case asked
    # about; the sentence naming what to use, and the lead-in declaring it, say what to do.
    q = "How do I change what is sent back when the request data is invalid?"
    case = _unit("lead_in", "x", "You will receive a response telling you that the data is invalid containing the received body:\n"
                                 '{\n  "detail": [\n    {\n      "loc": ["body", "size"],\n      "msg": "value is not a valid integer"\n    }\n  ]\n}')
    data = _unit("code", '{\n  "detail": [\n    {\n      "msg": "value is not a valid integer"\n    }\n  ]\n}')
    instruction = _unit("sentence", "To override it, import the `RequestValidationError` and use it with "
                                    "`@app.exception_handler(RequestValidationError)` to decorate the exception handler.")
    assert _fit(q, instruction) > _fit(q, case) + 0.1 and _fit(q, instruction) > _fit(q, data) + 0.1
    q = "How do I accept a path parameter that contains slashes?"
    url = _unit("sentence", "So, the URL for that file would be something like: `/files/home/johndoe/myfile.txt`.")
    declare = _unit("lead_in", "x", "Using an option directly from Starlette you can declare a path parameter containing a path "
                                    "using a URL like:\n/files/{file_path:path}")
    assert _fit(q, declare) > _fit(q, url) + 0.1
    # "For example, the following command ..." introduces the how itself, and asked anything but
    # how, the example is weighed as before.
    command = _unit("introduced_code", "x", "For example, the following command will only install the dependencies "
                                            "specified in the optional `test` group.\npoetry install --with test,docs --without docs")
    assert _fit("How do I skip the test dependency group when installing?", command) > 0
    asked = "What does an invalid request get back?"
    assert answer_fit(case, question_type(asked), terms(asked), terms(case.display)).parts.get("illustration") is None


def test_an_example_opening_its_sentence_answers_less_than_what_it_illustrates_unless_asked_how():
    # MkDocs m02, from MkDocs' docs (BSD licence, docs/user-guide/configuration.md): asked whether to
    # commit the built site, the example of ignoring it leans on the statement before it, which answers.
    q = "Should I commit the built site to git?"
    example = _unit("lead_in", "x", "For example, if using `git` you might add the following line to your `.gitignore` "
                                    "file:\nsite/")
    assert answer_fit(example, question_type(q), terms(q), terms(example.display)).parts.get("example", 0.0) > 0
    plain = _unit("lead_in", "x", "If using `git` you might add the following line to your `.gitignore` file:\nsite/")
    assert _fit(q, example) < _fit(q, plain)
    # A prose sentence opening so often states a fact of its own: no penalty.
    fact = _unit("sentence", "For example, the build output is written to the `site` directory.")
    assert answer_fit(fact, question_type(q), terms(q), terms(fact.display)).parts.get("example") is None
    # Asked how, "For example, ..." as often introduces what to do; asked which, the things it lists
    # (FastAPI's deployment concepts, MIT licence) are the answer: no penalty.
    q = "How do I keep the built site out of git?"
    assert answer_fit(example, question_type(q), terms(q), terms(example.display)).parts.get("example") is None
    q = "Which tools can start my app automatically when the server boots?"
    tools = _unit("lead_in", "x", "For example, this could be handled by:\n- Docker\n- Kubernetes\n- Systemd")
    assert answer_fit(tools, question_type(q), terms(q), terms(tools.display)).parts.get("example") is None


def test_what_happens_by_default_is_no_step_of_a_how_to():
    # HTTPX a20, from HTTPX's docs (BSD licence, docs/advanced/text-encodings.md): the sentence on what
    # httpx does by default names code and restates the question's situation; the code block setting
    # `default_encoding` is what to do. A "By default" sentence that goes on to say what to pass is a step.
    q = "How do I tell httpx which text encoding to use when the server doesn't send a charset?"
    default = _unit("sentence", 'By default `httpx` will use `"charset"` information included in the response '
                                "`Content-Type` header to determine how the response bytes should be decoded into text.")
    qtype = question_type(q)
    assert answer_fit(default, qtype, terms(q), terms(default.display)).parts.get("bonus_kind", 0.0) == 0.0
    code = _unit("code", 'import httpx\nclient = httpx.Client(default_encoding="shift-jis")')
    assert _fit(q, code) > _fit(q, default) + 0.1
    step = _unit("sentence", "By default the charset header is used; pass the `default_encoding` argument to override it.")
    assert _fit(q, step) > _fit(q, default)
    # Ruff's f08 (MIT licence, docs/editors/setup.md): a paragraph opening with the default is the same.
    q = "How do I make Ruff's language server log more?"
    logs = _unit("paragraph", "By default, Ruff will write logs to stderr which will be available in Neovim's LSP client "
                              "log file (`:lua vim.print(vim.lsp.get_log_path())`). It's also possible to divert these "
                              "logs to a separate file with the `logFile` setting.")
    assert answer_fit(logs, question_type(q), terms(q), terms(logs.display)).parts.get("bonus_kind", 0.0) == 0.0


def test_a_passive_instruction_after_the_default_is_still_a_step():
    # Ruff's docs (MIT licence, docs/editors/features.md, bench/data/docsqa/ruff): the paragraph opens
    # with what happens by default and then says what to set, in the passive ("can be enabled by setting
    # `unsafe-fixes = true`"): a step, as "set `unsafe-fixes = true`" would be.
    q = "How do I make the Fix all action apply unsafe fixes too?"
    passive = _unit("paragraph", 'By default, the "Fix all" action will not apply unsafe fixes. However, unsafe fixes can '
                                 'be applied manually with the "Quick fix" action. Application of unsafe fixes when using '
                                 '"Fix all" can be enabled by setting `unsafe-fixes = true` in your Ruff configuration file.')
    assert answer_fit(passive, question_type(q), terms(q), terms(passive.display)).parts.get("bonus_kind", 0.0) > 0
    # Ruff's docs (docs/integrations.md): what code can be used to do, said of it.
    q = "How do I run ruff check --fix in GitHub Actions?"
    used = _unit("paragraph", "By default, `ruff-action` runs as a pass-fail test to ensure that a given repository doesn't "
                              "contain any lint rule violations as per its configuration. However, under-the-hood, "
                              "`ruff-action` installs and runs `ruff` directly, so it can be used to execute any supported "
                              "`ruff` command (e.g., `ruff check --fix`).")
    assert answer_fit(used, question_type(q), terms(q), terms(used.display)).parts.get("bonus_kind", 0.0) > 0
    # A passive naming no means of the reader's is still what happens (HTTPX's docs/advanced/text-encodings.md).
    q = "How do I tell httpx which text encoding to use when the server doesn't send a charset?"
    default = _unit("sentence", 'By default `httpx` will use `"charset"` information included in the response '
                                "`Content-Type` header to determine how the response bytes should be decoded into text.")
    assert answer_fit(default, question_type(q), terms(q), terms(default.display)).parts.get("bonus_kind", 0.0) == 0.0


def test_a_unit_naming_the_code_a_what_is_question_asks_about_is_preferred():
    from rag.unit_scoring import CODE_NAME_FIT

    qtype = question_type("What does the --reload flag do?")
    naming = "Run uvicorn with `--reload` to enable auto-reloading on code changes."
    other = "Run the application with uvicorn on port 8000."

    def fit(text, q=qtype):
        unit = Unit("sentence", text, 0, len(text), text)
        return answer_fit(unit, q, terms("What does the --reload flag do?"), terms(text))

    assert fit(naming).value - fit(other).value == pytest.approx(CODE_NAME_FIT)
    # Asked how, or why, a unit naming the code is not preferred for it: a migration question names
    # the old setting, a why-question the file it asks about.
    howto = question_type("How do I use --reload in production?")
    assert fit(naming, howto).parts.get("bonus_code_name") is None


# VESPA's paper (PeerJ CS, CC BY 4.0; bench/data/docsqa/papers) names VESPA on every page; only its abstract
# says what it is, in a form of its own.
_PRESENTED = _unit("sentence", "We present VESPA, software capable of automating a selective pressure analysis using "
                               "codeML in addition to the preparatory analyses.")
_PHASES = _unit("sentence", "VESPA has five major phases (Table 1 and Fig. 1), each of which is composed of a number "
                            "of functions.")


@pytest.mark.parametrize("q, defined, mention", [
    # NIST SP 800-207 (public domain; bench/data/docsqa/papers): "Policy enforcement point (PEP): This
    # system is responsible for ..." defines the point asked about; the abbreviation is no word asked.
    ("What is the job of the policy enforcement point?",
     _unit("list_item", "Policy enforcement point (PEP): This system is responsible for enabling, monitoring, "
                        "and eventually terminating connections between a subject and an enterprise resource."),
     _unit("sentence", "Access is granted through a policy decision point (PDP) and corresponding policy "
                       "enforcement point (PEP).")),
    ("What is VESPA?", _PRESENTED, _PHASES),
])
def test_a_term_defined_in_a_form_of_its_own_answers_what_it_is(q, defined, mention):
    assert _fit(q, defined) > _fit(q, mention) + 0.2


def test_a_paper_presents_only_its_own_thing():
    assert _fit("What is codeML?", _PRESENTED) == _fit("What is codeML?", _PHASES)


def test_a_setting_documented_under_its_name_is_what_the_question_names():
    # MkDocs' configuration reference (BSD licence; bench/data/docsqa/mkdocs): "### extra" then its
    # description. "the 'extra' setting" names the setting by its name and its kind.
    entry = Unit("entry", "### extra\n\nA set of key-value pairs, where the values can be any valid YAML construct, "
                 "that will be passed to the template.", 0, 120,
                 "extra: A set of key-value pairs, where the values can be any valid YAML construct, that will be "
                 "passed to the template.", heading="extra")
    assert _fit("What is the 'extra' setting for?", entry) > 0.2
    # A release note under the name says when it came, not what it is.
    note = Unit("entry", "### not_in_nav\n\nNEW: New in version 1.5.", 0, 40, "not_in_nav: NEW: New in version 1.5.",
                heading="not_in_nav")
    assert _fit("What does the not_in_nav setting do?", note) < 0


def test_the_first_sentence_under_a_name_says_what_it_is():
    q = "What is base_url in a theme?"
    first = Unit("sentence", "x", 0, 1, "The `base_url` provides a relative path to the root of the MkDocs project.",
                 heading="base_url")
    later = Unit("sentence", "x", 2, 3, "While this can be used directly by prepending it to a local relative URL, "
                 "it is best to use the url template filter.", heading="base_url")
    opening = answer_fit(first, question_type(q), terms(q), terms(first.display), opens_section=True).value
    assert opening > answer_fit(later, question_type(q), terms(q), terms(later.display)).value + 0.2
    # Only for what the heading names: another question is answered on resemblance alone.
    other = "How do I link to the homepage from a template?"
    assert answer_fit(first, question_type(other), terms(other), terms(first.display), opens_section=True).value < 0.1


def test_a_reason_is_what_a_thing_does_for_the_reader_and_since_a_release_is_a_time():
    # Ruff's formatter docs (MIT licence; bench/data/docsqa/ruff, formatter/black.md).
    q = "Why does Ruff always put parentheses around a single-element tuple?"
    reason = _unit("sentence", "Adding parentheses around single-element tuples adds visual distinction and helps "
                               "avoid accidental tuples created by extraneous trailing commas.")
    premise = _unit("sentence", "Ruff always inserts parentheses around single-element tuples, while Black will "
                                "omit them in some cases.")
    assert _fit(q, reason) > _fit(q, premise) + 0.1
    # "Since MkDocs 1.4" says when, not why; "ensure you have ..." instructs.
    why = "Why should a plugin's event methods accept **kwargs?"
    assert _fit(why, _unit("sentence", "Since MkDocs 1.4, plugins can choose to set a priority value for their events.")) == 0
    assert _fit("Why install Poetry apart?", _unit("sentence", "If you install Poetry via `pip`, ensure you have "
                                                              "Poetry installed into an isolated environment.")) == 0


def test_a_comparison_is_answered_by_the_sentence_that_sets_the_two_apart():
    # Poetry a47 (bench/data/docsqa/poetry, dependency-specification.md and managing-dependencies.md):
    # sentences naming both fields together resemble the question more (cosine 0.997-0.999 against
    # 0.815) than the one saying how each is written, one clause each across "While ..., ...".
    q = "How do project.dependencies and tool.poetry.dependencies differ in the way dependencies are written?"
    apart = _unit("sentence", "While dependencies in `tool.poetry.dependencies` are specified using toml tables, "
                              "dependencies in `project.dependencies` are specified as strings according to PEP 508.")
    for together in (
            _unit("sentence", "The dependencies declared in `project.dependencies` respectively "
                              "`tool.poetry.dependencies` are part of an implicit `main` group."),
            _unit("paragraph", "In many cases, `tool.poetry.dependencies` can be replaced with `project.dependencies`. "
                               "However, there are some cases where you might still need to use "
                               "`tool.poetry.dependencies`.")):
        assert _fit(q, apart) > _fit(q, together) + 0.2, together.text


def test_what_a_thing_does_is_said_where_it_is_the_subject():
    # Ruff's preview.md (Ruff a35): the sentence naming preview mode in passing resembled the
    # question as much as the one saying what it enables.
    q = "What does Ruff's preview mode turn on?"
    does = _unit("sentence", "Preview mode enables a collection of unstable features such as new lint rules and fixes, "
                             "formatter style changes, interface updates, and more.")
    mentions = _unit("sentence", "Ruff includes an opt-in preview mode to provide an opportunity for community feedback.")
    assert _fit(q, does) > 0.2
    assert _fit(q, mentions) <= 0.0
    # "X of Y does ...": X is the subject (FastAPI's events.md, FastAPI a26).
    q = "What does the lifespan parameter of the app expect?"
    takes = _unit("sentence", "The `lifespan` parameter of the `FastAPI` app takes an async context manager.")
    assert _fit(q, takes) > 0.2


def test_what_a_subject_does_is_not_what_it_is():
    # "What does Smith claim?" was answered by what Smith is ("Smith is a historian ...", a 2*FIT bonus);
    # only Smith doing it answers. "What does X do?" still takes what X is.
    who = _unit("sentence", "Smith is a historian at Oxford.")
    claim = _unit("sentence", "Smith claims the bridge was built in 1190.")
    assert _fit("What does Smith claim?", who) < _fit("What does Smith claim?", claim)
    assert _fit("What does Smith claim?", who) < _fit("What does Smith do?", who)


def test_a_table_row_keyed_by_the_value_asked_is_its_entry():
    # Poetry's dependency-specification.md (MIT licence; bench/data/docsqa/poetry, Poetry a36): the
    # paragraph on constraints without an upper bound resembled "What versions does the constraint
    # ^1.2.3 allow?" more than the caret table's row "| ^1.2.3 | >=1.2.3 <2.0.0 |".
    page = (Path(__file__).resolve().parents[2] / "bench/data/docsqa/poetry/corpus/dependency-specification.md").read_text()
    units = answer_units(page)
    q = "What versions does the constraint ^1.2.3 allow?"
    keyed = next(u for u in units if u.kind == "table_row" and u.display.startswith("Requirement: ^1.2.3;"))
    assert ">=1.2.3 <2.0.0" in keyed.display
    others = [u for u in units if u is not keyed and u.kind in ("table_row", "sentence", "paragraph")]
    assert any("^1.2;" in u.display for u in others) and any("~1.2.3" in u.display for u in others)
    for other in others:
        assert _fit(q, keyed) > _fit(q, other) + 0.15, other.display
    # A row is keyed by its first cell whole: "^1.2" is not "^1.2.3", nor is a row naming it elsewhere.
    assert keyed_by(keyed, question_type(q).literals)
    assert not keyed_by(keyed, question_type("What versions does the constraint ^1.2 allow?").literals)
    assert not keyed_by(keyed, question_type("Which constraint allows >=1.2.3?").literals)


def test_the_values_a_question_quotes_are_read_as_written():
    assert question_type("What versions does the constraint ^1.2.3 allow?").literals == ("^1.2.3",)
    assert question_type("What does the --reload flag do?").literals == ("--reload",)
    assert question_type("What is `NO_PROXY` for?").literals == ("no_proxy",)
    assert question_type("What does E501 check?").literals == ("e501",)
    # Words, hyphenated or with an apostrophe, are no values.
    assert question_type("Why doesn't the built-in server reload?").literals == ()


def test_a_sentence_set_against_the_one_before_it_goes_on_with_it():
    # Ruff a48 (bench/data/docsqa/ruff, editors/migration.md): "The native server, however, is ..." says
    # nothing alone; the paragraph that sets it against `ruff-lsp` is one statement of the difference,
    # as a paragraph whose later sentences refer back is.
    q = "How is the built-in ruff server different from the old ruff-lsp?"
    first = "`ruff-lsp` is the Language Server Protocol implementation for Ruff to power the editor integrations."
    paragraph = (first + " It is written in Python and is a separate package from Ruff itself. The **native server**,"
                 " however, is the Language Server Protocol implementation which is **written in Rust** and is"
                 " available under the `ruff server` command. This guide is intended to help users migrate from"
                 " `ruff-lsp` to the native server.")
    assert continues(paragraph)
    assert _fit(q, _unit("paragraph", paragraph)) > _fit(q, _unit("sentence", first))
    # Ruff's FAQ: "Ruff, on the other hand, will flag ..." goes on from the sentence before it.
    assert continues("Black, like Ruff's formatter, makes a best-effort attempt to adhere to the `line-length`, but"
                     " avoids automatic line-wrapping in some cases. Ruff, on the other hand, will flag `line-too-long`"
                     " (`E501`) for any line that exceeds the `line-length` setting.")
    # A contrast later in the sentence, or none, ties nothing to the sentence before; nor does one opening a
    # sentence: it sets the statement, not its subject, against the last (XQuAD's prose is full of them).
    assert not continues("Pylint implements many rules. Ruff is faster, however you configure it.")
    assert not continues("Pylint implements many rules. However, Ruff implements over 900 rules.")
    assert not continues("Pylint implements many rules. Ruff implements over 900 rules.")


def test_is_stub_of_a_long_run_of_blanks_is_read_in_linear_time():
    # Few words, many blanks: its word count lets it through to the regex, whose run gave back the blanks one by one.
    import time

    started = time.monotonic()
    assert not is_stub("See a" + " " * 40_000 + "? ")
    assert time.monotonic() - started < 1.0


def test_the_people_a_statement_goes_on_to_list_answer_who():
    # MkDocs' release notes (BSD licence; bench/data/docsqa/mkdocs, about/release-notes.md).
    q = "Who is on the MkDocs maintenance team?"
    statement = "The current and past members of the MkDocs team."
    listed = _unit("announced_list", "x", f"{statement}\n- @tomchristie\n- @d0ugal\n- @waylan\n- @oprypin")
    assert _fit(q, listed) > _fit(q, _unit("sentence", statement)) + 0.05


CONFIG_PAGE = """# Configuration

## Live Reloading

### watch

Determines additional directories to watch when running `mkdocs serve`. Configuration is a YAML list.

Allows a custom default to be set without the need to pass it through the `-w`/`--watch` option every
time the `mkdocs serve` command is called.

### dev_addr

Determines the address used when running `mkdocs serve`. Must be of the format
`IP:PORT`.

Allows a custom default to be set without the need to pass it through the
`--dev-addr` option every time the `mkdocs serve` command is called.

**default**: `'127.0.0.1:8000'`

## Maintenance team

The current and past members of the MkDocs team.

* [@tomchristie](https://github.com/tomchristie/)
* [@d0ugal](https://github.com/d0ugal/)
* [@waylan](https://github.com/waylan/)
"""


@pytest.fixture(scope="module")
def config_engine(tmp_path_factory, embedder):
    # After MkDocs' docs (BSD licence; bench/data/docsqa/mkdocs: user-guide/configuration.md, about/release-notes.md).
    yield from served(tmp_path_factory, "config", {"configuration.md": CONFIG_PAGE})


def test_who_is_answered_with_the_people_listed(config_engine):
    answer = config_engine.ask("Who is on the MkDocs maintenance team?")
    assert not answer.abstained and "@waylan" in answer.answer, answer.answer

def test_a_pointer_in_a_parenthetical_aside_is_said_in_passing():
    # NIST SP 800-207's component list (public domain): "described below" sits in an aside; the item
    # still says what the policy engine does.
    q = "What does the policy engine do in a zero trust architecture?"
    item = _unit("list_item", "Policy engine (PE): This component is responsible for the ultimate decision to grant "
                              "access to a resource for a given subject. The PE uses enterprise policy as well as input "
                              "from external sources (e.g., CDM systems, threat intelligence services described below) "
                              "as input to a trust algorithm.")
    fit = answer_fit(item, question_type(q), terms(q), terms(item.display))
    assert "meta" not in fit.parts
    # Said outside an aside, the pointer is still the sentence's point.
    pointer = _unit("sentence", "The policy engine is configured as described below.")
    assert "meta" in answer_fit(pointer, question_type(q), terms(q), terms(pointer.display)).parts


def test_a_subject_pointing_back_defines_nothing():
    # "These tenets are ..." says something of tenets named before, not what the tenets are.
    q = "What are the basic tenets of zero trust?"
    back = _unit("sentence", "These tenets are the ideal goal, though not all tenets may be fully implemented.")
    said = _unit("sentence", "The tenets are the principles a zero trust architecture is designed to follow.")
    assert _fit(q, back) < _fit(q, said)
    assert answer_fit(back, question_type(q), terms(q), terms(back.display)).parts.get("bonus_kind", 0.0) == 0.0


def _parts(question, unit):
    return answer_fit(unit, question_type(question), terms(question), terms(unit.display)).parts


def test_plain_names_listed_in_a_sentence_answer_a_list_question():
    # MkDocs a54 (BSD licence; bench/data/docsqa/mkdocs, dev-guide/plugins.md, user-guide/configuration.md).
    q = "What kinds of events can a plugin hook into?"
    kinds = _unit("sentence", "There are three kinds of events: Global Events, Page Events and Template Events.")
    example = _unit("lead_in", "Then the file `my_hooks.py` can contain any plugin event handlers, e.g.:\n\n```python\n"
                    "def on_page_markdown(markdown, **kwargs):\n    return markdown\n```",
                    "Then the file `my_hooks.py` can contain any plugin event handlers, e.g.:\n"
                    "def on_page_markdown(markdown, **kwargs):\n    return markdown")
    # The series says in the question's words what it lists: it is worth a list of the asked length,
    # and a lead-in showing a handler's code is an example, no list.
    assert _fit(q, kinds) > _fit(q, example) + 0.2
    q = "What lifestyle changes are part of heart failure treatment?"
    changes = _unit("sentence", "Lifestyle changes include the reduction of salt intake, fluid restriction, alcohol "
                    "restriction, and modifying physical activity.")
    said_of = _unit("sentence", "Heart failure presents a challenge as most heart failure patients are older, have "
                    "multiple comorbidities, and may be on multiple treatment regimens.")
    # "... are older, have ..., and ..." says three things of the patients: no list.
    assert _fit(q, changes) > _fit(q, said_of) + 0.2


def test_a_series_whose_lead_counts_it_answers_a_list_question_in_words_of_its_own():
    # SJTREM 2010 DVT prophylaxis review (CC BY; bench/data/docsqa/papers): "modalities" for the question's "options".
    q = "What are the options for DVT prophylaxis in trauma patients?"
    series = " prophylactic modalities are common: pharmacologic anticoagulation, mechanical compression devices, and " \
             "inferior vena cava filtration."
    counted, miscounted, uncounted = (_unit("sentence", (lead + series).strip()) for lead in ("Three", "Two", ""))
    assert _parts(q, counted).get("bonus_kind", 0) > _parts(q, miscounted).get("bonus_kind", 0)
    assert _parts(q, counted).get("bonus_kind", 0) > _parts(q, uncounted).get("bonus_kind", 0)
    # With the sentence after it, the counted series still answers; an uncounted one in a pair does not.
    review = " A systematic review was completed to evaluate the potential complications of DVT prophylactic options."
    assert _parts(q, _unit("pair", counted.display + review)).get("bonus_kind", 0) > 0
    assert not _parts(q, _unit("pair", uncounted.display + review)).get("bonus_kind", 0)


def test_a_list_of_one_item_answers_no_list_question():
    # The same review's first page: a correspondence block set off as an item cuts the sentence before it.
    q = "What are the options for DVT prophylaxis in trauma patients?"
    lead = "Manuscripts were sorted according to their prophylactic mode of choice. This review included all"
    one = _unit("announced_list", lead + "\n- Correspondence: someone@example.org Department of Surgery")
    three = _unit("announced_list", lead + "\n- anticoagulation\n- compression devices\n- vena cava filters")
    assert _fit(q, three) > _fit(q, one) + 0.2
    # A list shown cut after its first long item goes on in the source: no list of one (review28).
    cut = _unit("announced_list", "Three options are used for trauma patients:\n- " + "anticoagulation " * 28
                + "\n\N{HORIZONTAL ELLIPSIS} 2 more in the source")
    assert shown_cut(cut.display)
    assert _parts(q, cut).get("bonus_kind", 0) > 0 and "unasked_code" not in _parts(q, cut), _parts(q, cut)


def test_a_long_line_of_series_openers_is_read_in_linear_time():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    assert prose_series("include x y, " * 8_000) is None and prose_series(" including a, b, " * 6_000) is None
    assert time.process_time() - began < 2


def test_here_we_compare_announces_what_the_page_goes_on_to_say():
    # Hatch's why.md (MIT licence): the comparison's list is what answers, not what announces it.
    q = "How does Hatch compare to tox and nox?"
    lead = _unit("paragraph", "Here we compare to both `tox` and `nox`. At a high level, there are a few common advantages:")
    assert "meta" in _parts(q, lead)
    assert "meta" in _parts(q, _unit("sentence", "Here we compare to both `tox` and `nox`."))
    assert "meta" not in _parts(q, _unit("sentence", "Here we use `nox` sessions to run the tests."))



def test_a_sentence_sending_the_reader_elsewhere_is_a_pointer():
    # Ruff's FAQ (MIT licence; bench/data/docsqa/ruff, faq.md): "For <what>, see <where>." says where
    # the answer is, not what it is; it resembles "What is the src option used for?" more than the
    # sentence that says it.
    q = "What is the src option used for?"
    for pointer in ("For a detailed explanation of `src` resolution, see the contributing guide.",
                    "For more, see the fix documentation.",
                    "For details on `pyproject.toml`, please refer to the configuration page."):
        assert "meta" in _parts(q, _unit("sentence", pointer)), pointer
    # A sentence opening with "For" whose own clause says something is no pointer.
    for said in ("For example, Ruff would check the `src` directory by default.",
                 "For module paths with multiple components, Ruff will require that the full relative path exists."):
        assert "meta" not in _parts(q, _unit("sentence", said)), said


def test_a_step_done_where_it_sends_the_reader_is_no_pointer():
    # A how-to step names a place and goes on to do something there; a pointer only says where to read.
    q = "How do I get an API token?"
    for step in ("For GitHub, visit Settings > Tokens and create one.",
                 "For a fork, check out the branch, then run the tests."):
        assert "meta" not in _parts(q, _unit("sentence", step)), step
    for pointer in ("For details, see the guide and the FAQ.",
                    "For more, see the settings page and FAQ."):
        assert "meta" in _parts(q, _unit("sentence", pointer)), pointer
    # A pointer naming many paths with colons is read at once: each "::" doubled the time (30 of them: hours).
    started = time.monotonic()
    names = ", ".join(f"std::io::Kind{n}" for n in range(30))
    assert "meta" in _parts(q, _unit("sentence", f"For the traits, see {names}."))
    assert time.monotonic() - started < 1.0


def test_a_block_setting_the_option_asked_about_does_not_say_what_it_is_for():
    # Ruff's FAQ (MIT licence; bench/data/docsqa/ruff, faq.md): the block's comments name the option in
    # the question's words; the sentence saying what it does answers "What is ... used for?".
    q = "What is the src option used for?"
    block = _unit("code", "# Ruff supports a top-level `src` option in lieu of isort's `src_paths` setting.\n"
                          "# All paths are relative to the project root, which is the directory containing the "
                          "pyproject.toml.\nsrc = [\"src\"]")
    assert "unasked_code" in _parts(q, block)
    said = _unit("sentence", "If the `src` field is omitted, Ruff will default to using the \"project root\", along "
                             "with a `\"src\"` subdirectory, as the first-party sources.")
    assert "unasked_code" not in _parts(q, said)
    # Asked how to set it, the block is the answer.
    assert "unasked_code" not in _parts("How do I set the src option?", block)

WHY_PAGE = """# Why Hatch?

## Environment management

Here we compare to both `tox` and `nox`. At a high level, there are a few common advantages:

- **Python management:** Hatch is able to automatically download Python distributions on the fly when
  specific versions that environments request cannot be found. The alternatives will raise an error.
- **Philosophy:** In the alternatives, environments are for the most part treated as executable units where a
  dependency set is associated with an action.

    In Hatch, environments are treated as isolated areas where you can execute arbitrary commands at runtime.
    For example, you can define a single test environment with named scripts that runs unit vs non-unit tests.

- **Configuration:** `nox` config is defined in Python which often leads to increased verbosity.
"""


@pytest.fixture(scope="module")
def why_engine(tmp_path_factory, embedder):
    # After Hatch's docs (MIT licence; docs/why.md).
    yield from served(tmp_path_factory, "why", {"why.md": WHY_PAGE})


def test_a_comparison_is_answered_with_the_list_its_lead_in_introduces(why_engine):
    answer = why_engine.ask("How does Hatch compare to tox and nox?")
    assert not answer.abstained and "Python management" in answer.answer, answer.answer


def _kind_fit(question, unit):
    return answer_fit(unit, question_type(question), terms(question), terms(unit.display)).parts.get("bonus_kind", 0.0)


def test_a_reason_given_by_as_after_a_comma():
    # Ruff's formatter docs (MIT licence; bench/data/docsqa/ruff, formatter.md): "as" opening a clause
    # with its own subject and verb after a comma gives the cause; "as shown" or "as well" do not.
    why = "Why is it not meant to be used interchangeably with Black?"
    caused = _unit("sentence", "It is not intended to be used interchangeably with Black on an ongoing basis, as the "
                               "formatter does differ from Black in a few conscious ways.")
    assert _kind_fit(why, caused) > 0
    for plain in ("The formatter is fast, as shown in the benchmarks.", "It formats Markdown, as well as Python."):
        assert _kind_fit(why, _unit("sentence", plain)) == 0


def test_a_reason_a_report_names_as_to_blame_or_a_factor():
    # A qualitative study's findings (bench/data/docsqa/papers, rrp-2010-heart-failure-programmes.pdf): the
    # causes are named as blamed or as factors, no "because" said.
    why = "Why did some participants stop exercising once the programme ended?"
    for cause in ("Lack of equipment was partly to blame, but the absence of the discipline of the programme was "
                  "also a factor.",
                  "The lapse was attributed to the loss of peer support.",
                  "Fatigue contributed to the decline in activity."):
        assert _kind_fit(why, _unit("sentence", cause)) > 0, cause
    # What happened, and a factor that multiplies, give no cause.
    for plain in ("A number of participants had felt somewhat directionless when the programme ended.",
                  "Walking distance grew by a factor of two during the programme.",
                  "Thanks for contributing to the programme's manual."):
        assert _kind_fit(why, _unit("sentence", plain)) == 0, plain


def test_a_cost_asked_is_answered_by_a_sentence_stating_one():
    # NIST SP 800-207 and VESPA (bench/data/docsqa/papers): what must be kept up, a concession, a cost
    # named; not the advantage the conversation was about.
    q = "And the downside?"
    for cost in ("One of the disadvantages of this model is that enterprises must maintain these sandboxed "
                 "applications for all assets.",
                 "While this design results in the generation of a number of intermediate files, it enables users "
                 "to easily keep track of all data modifications.",
                 "However, limited information can be inferred from devices requesting access."):
        assert _kind_fit(q, _unit("sentence", cost)) > 0
    advantage = _unit("sentence", "The main advantage of this model variant is that individual applications are "
                                  "segmented from the rest of the asset.")
    assert _kind_fit(q, advantage) == 0
    for denied in ("There is no need to install anything.", "You don't have to restart the server.",
                   "It never has to be rebuilt.", "Ruff is not slower at all."):
        assert _kind_fit(q, _unit("sentence", denied)) == 0, denied


def test_what_is_allowed_or_possible_answers_whether_someone_can():
    # MkDocs' theme and configuration pages (bench/data/docsqa/mkdocs): the option that "allows users to
    # select", the rule that one "cannot append"; not the option that only sets a default.
    q = "Can readers switch it themselves?"
    toggle = _unit("list_item", "`user_color_mode_toggle`: Enable a toggle menu in the navigation bar which allows "
                                "users to select their preferred `color_mode` from within the browser.")
    default = _unit("list_item", "`color_mode`: Set the default color mode for the theme to one of `light`, `dark`, or "
                                 "`auto`. The `auto` mode will switch to `light` or `dark` based on the system configuration.")
    assert _kind_fit(q, toggle) > 0 and _kind_fit(q, default) == 0
    assert _kind_fit("Can a child config add an item to a list?",
                     _unit("sentence", "Therefore, you cannot append items to a list.")) > 0
    # Asked anything else, the same statement is no answer of its kind.
    assert _kind_fit("Do readers switch it themselves?", toggle) == 0
    # Nor is a thing that "can be read" in passing.
    assert _kind_fit("Can it read them from a file as well?",
                     _unit("sentence", "An environment variable is a value that can be read by your application.")) == 0


def test_the_outcome_of_a_step_is_no_instruction():
    q = "The mkdocs command isn't found after installing it. How do I run it?"
    step = _unit("sentence", "Run it as a module with `python -m mkdocs` instead.")
    outcome = _unit("sentence", "You should now have the `mkdocs` command installed on your system.")
    assert _fit(q, step) > _fit(q, outcome)
    assert _fit(q, _unit("sentence", "You should run `python -m mkdocs` instead.")) == _fit(q, step)


def test_a_toml_array_of_tables_header_is_configuration_not_data():
    """Data shown (a JSON body) illustrates a case; a TOML `[[table]]` header opens configuration to
    write, though it starts with two brackets as a JSON list of lists does."""
    def lead_in(prose, code, lang):
        text = f"{prose}\n\n```{lang}\n{code}\n```"
        return Unit("lead_in", text, 0, len(text), f"{prose}\n{code}")

    config = lead_in("The package source goes in the pyproject file:", '[[tool.poetry.source]]\nname = "foo"', "toml")
    data = lead_in("The package source goes in the response:", '[["foo", "https://example.org/simple/"]]', "json")
    assert not illustrates(config)
    assert illustrates(data)


def test_a_comparison_is_answered_by_the_item_labelled_one_against_the_other():
    # A report's glossary item (invented, in the form of NIST SP 800-207's): its label sets the two apart, and
    # what follows says what each does; the sentences naming both in passing resemble the question more.
    q = "What is the difference between a static and a dynamic routing table?"
    labelled = _unit("list_item", "Static versus dynamic: A static table is written by hand and never changes. A "
                                  "dynamic table is learnt from the neighbours' announcements.")
    for passing in (_unit("sentence", "Ideally, a routing table should be dynamic, but this is not always possible."),
                    _unit("sentence", "Both static and dynamic routing tables are supported by the router.")):
        assert _fit(q, labelled) > _fit(q, passing) + 0.2, passing.text
    # Without its label, the item names each side in a sentence of its own: no contrast said.
    unlabelled = _unit("list_item", labelled.text.split(": ", 1)[1])
    assert _fit(q, labelled) > _fit(q, unlabelled) + 0.2


def test_a_list_sets_two_things_apart_within_an_item_not_across_items():
    # An options list (invented, in the form of Poetry's cli.md): a "but" in one item sets nothing apart from
    # the items before it; an item saying how the two differ does.
    q = "Should I keep the cache in memory or on disk?"
    assert question_type(q).compared == ("memory", "disk")
    options = _unit("list", "- `--memory`: Keep the cache in memory.\n- `--dry-run`: Show the plan but do nothing.\n"
                            "- `--disk`: Write the cache to disk.")
    contrasted = _unit("list", "- `--memory`: Keep the cache in memory.\n- `--disk`: Write the cache to disk, which "
                               "outlives the process, while memory is lost when it exits.")
    assert _fit(q, contrasted) > _fit(q, options) + 0.2


def test_what_if_is_answered_by_what_to_do_then_not_by_the_case_again():
    # The case said again resembles the question most; what to do in it, or what happens, answers.
    q = "What if the parameter itself contains a file path with slashes?"
    remedy = _unit("sentence", "Using an option from Starlette you can declare a parameter containing a path.")
    consequence = _unit("sentence", "In this case, the last part of the parameter's name tells it to match any path.")
    case = _unit("sentence", "You might need the parameter itself to contain a file path, with a leading slash.")
    fits = {u.text: answer_fit(u, question_type(q), terms(q), terms(u.display)) for u in (remedy, consequence, case)}
    assert fits[remedy.text].parts.get("bonus_case") and fits[consequence.text].parts.get("bonus_case")
    assert fits[case.text].parts.get("case_restated") and fits[case.text].value < fits[remedy.text].value
    # Asked anything else, neither is read.
    other = answer_fit(case, question_type("How do I declare a path parameter?"), terms(q), terms(case.display))
    assert "case_restated" not in other.parts


# Flask's docs at 2ac89889 (BSD-3-Clause, tests/rag/data/flask/LICENSE.txt), trimmed: three pages telling
# not to use the development server in production, each with why beside the instruction.
_FLASK = Path(__file__).parent / "data" / "flask"
_SERVER_PAGES = ("deploying/index.rst", "server.rst", "cli.rst")


@pytest.fixture(scope="module")
def server_engine(tmp_path_factory, embedder):
    yield from served(tmp_path_factory, "flask-server",
                      {page: (_FLASK / page).read_text(encoding="utf-8") for page in _SERVER_PAGES})


def test_a_thing_not_made_for_a_use_is_the_reason_not_to_use_it():
    why = "Why should I not use the development server in production?"
    for reason in ("It is not designed to be particularly secure, stable, or efficient.",
                   "The development server isn't meant for production traffic.",
                   "The context and proxies help solve two development issues."):
        assert _kind_fit(why, _unit("sentence", reason)) > 0, reason
    # The instruction asked about, and what a thing is made for, give no reason not to use it.
    for plain in ("Do not use the development server when deploying to production.",
                  "It is intended for use only during local development.",
                  "The run command is designed to start the development server.",
                  "Ask the maintainers for help on the forum."):
        assert _kind_fit(why, _unit("sentence", plain)) == 0, plain


def test_why_not_do_something_is_answered_with_the_reason_not_the_instruction(server_engine):
    answer = server_engine.ask("Why should I not use the development server in production?")
    assert not answer.abstained and "not designed to be particularly" in answer.answer, answer.answer
    # Every passage cited gives the reason, none the instruction alone.
    assert all("not designed" in s.text for s in answer.sources), [s.text for s in answer.sources]



def test_a_reason_of_another_page_earns_its_place_beside_the_best_and_a_restatement_does_not(server_engine):
    # The command line page's warning gives the reason again in its own words, well below the best (another page,
    # another section): of the kind asked, it is shown (rag/answerer.py, `_earns_place`). The deploying page's pair,
    # under a heading naming production, says the best's instruction again: padding.
    answer = server_engine.ask("Why should I not use the development server in production?")
    assert any(s.path.endswith("cli.rst") and "not designed" in s.text for s in answer.sources), answer.answer
    assert '"Production" means' not in answer.answer, answer.answer


def test_a_reason_of_another_page_must_be_as_close_as_one_of_the_best_s_page(server_engine):
    # A reason is told by words ("because", "as", "therefore") a sentence on something else holds too (Poetry's
    # "Therefore, it is not possible to build a distribution", 0.155 below, for why Poetry is installed apart): one
    # of another page is shown only as close as one of the best's page must be (`_SAME_PAGE_CLOSE`, 0.15).
    from dataclasses import replace

    from rag.abstention import asking_terms, function_words

    question = "Why should I not use the development server in production?"
    scored = server_engine.answerer.scored(server_engine.retriever.retrieve(question, server_engine.settings.k))
    best = scored.candidates[0]
    reason = next(c for c in scored.candidates if c.hit.chunk.path.endswith("cli.rst") and "not designed" in c.display)
    asked = scored.question_terms - asking_terms() - function_words()
    for gap, shown in ((0.12, True), (0.16, False)):
        chosen = server_engine.answerer.select([best, replace(reason, score=best.score - gap)], qtype=scored.qtype,
                                               asked=asked)
        assert (reason.display in [c.display for c in chosen]) is shown, (gap, [c.display for c in chosen])

def test_advice_asked_why_of_is_no_answer_to_why():
    # Ruff's FAQ (MIT licence; bench/data/docsqa/ruff, faq.md): the advice resembles the question most.
    why = "Why shouldn't I use the source.fixAll code action on Jupyter notebooks?"
    advice = _unit("sentence", "It's recommended to use the `notebook` prefixed code actions such as "
                               "`notebook.source.fixAll`.")
    assert _parts(why, advice).get("advice", 0) > 0
    # Asked how, the advice is the answer; advice with its reason answers why.
    assert "advice" not in _parts("How do I fix all issues in a Jupyter notebook on save?", advice)
    reasoned = _unit("sentence", "Do not use `source.fixAll` on notebooks, because Ruff fixes each cell in parallel.")
    assert "advice" not in _parts(why, reasoned)


# MkDocs' theme page (bench/data/docsqa/mkdocs), shortened: a section per theme.
THEMES = """# Choosing your Theme

MkDocs includes two built-in themes (mkdocs and readthedocs), as documented below. However, many third party
themes are available to choose from as well.

To choose a theme, set the theme configuration option in your `mkdocs.yml` config file.

## mkdocs

The default theme, which was built as a custom Bootstrap theme, supports almost every feature of MkDocs.

In addition to the default theme configuration options, the `mkdocs` theme supports the following options:

* **`color_mode`**: Set the default color mode for the theme to one of `light`, `dark`, or `auto`.

## readthedocs

A clone of the default theme used by the Read the Docs service, which offers the same restricted feature set as its
parent theme. Like its parent theme, only two levels of navigation are supported.

In addition to the default theme configuration options, the `readthedocs` theme supports the following options:

* **`highlightjs`**: Enables highlighting of source code in code blocks. Default: `True`.
"""


@pytest.fixture(scope="module")
def themes_engine(tmp_path_factory):
    yield from served(tmp_path_factory, "themes", {"choosing-your-theme.md": THEMES})


def test_a_comparison_is_answered_by_the_sentence_setting_its_sections_side_against_the_other(themes_engine):
    # The "readthedocs" section's sentence names only the default theme: its heading names the other side.
    answer = themes_engine.ask("How is the readthedocs theme different from the default mkdocs theme?")
    assert "same restricted feature set" in answer.answer, answer.answer
    clone = _unit("sentence", "A clone of the default theme used by the Read the Docs service, which offers the same "
                              "restricted feature set as its parent theme.")
    q = "How is the readthedocs theme different from the default mkdocs theme?"
    under = answer_fit(clone, question_type(q), terms(q), terms(clone.display), section="readthedocs").value
    assert under > answer_fit(clone, question_type(q), terms(q), terms(clone.display), section="mkdocs").value


def test_a_comparison_word_in_a_lead_ins_code_compares_nothing():
    # MkDocs' draft_docs example: "# But keep this particular file." is a comment of the YAML shown.
    q = "What's the difference between exclude_docs and draft_docs?"
    lead = "To prevent this effect and make \"serve\" behave the same as \"build\", you can run `mkdocs serve --clean`. Example:"
    code = "draft_docs: |\n  drafts/\n  # But keep this particular file.\n  !/foo_unpublished.md"
    commented = Unit("lead_in", f"{lead}\n\n```yaml\n{code}\n```", 0, 1, f"{lead}\n{code}")
    plain = Unit("lead_in", f"{lead}\n\n```yaml\n{code.replace('But keep', 'Keep')}\n```", 0, 1,
                 f"{lead}\n{code.replace('But keep', 'Keep')}")
    assert _fit(q, commented) == pytest.approx(_fit(q, plain))


def test_a_console_sample_of_the_example_program_is_no_step():
    # Typer's pages show each step's `$ python main.py --help` and the help screen it prints (typer37): the
    # screen resembles "How do I ...?" most, and says nothing to do. A tool's command with its output stays a step.
    def lead_in(sentence, console):
        return _unit("lead_in", f"{sentence}\n\n<div class=\"termy\">\n\n```console\n{console}\n```\n\n</div>",
                     f"{sentence}\n{console}")

    q = "How do I add a help text to a CLI option?"
    screen = ("$ python main.py --help\n\nUsage: main.py [OPTIONS] NAME\n\nOptions:\n"
              "  --lastname TEXT  Last name of person to greet.\n  --help           Show this message and exit.")
    sample = lead_in("And it will be used in the automatic `--help` option:", screen)
    fit = answer_fit(sample, question_type(q), terms(q), terms(sample.display))
    assert not fit.parts.get("bonus_kind") and fit.parts.get("illustration") and illustrates(sample)
    assert _fit(q, _unit("code", screen)) < 0
    served_log = lead_in("Start the server by running the `mkdocs serve` command:",
                         "$ mkdocs serve\nINFO    -  Building documentation...\nINFO    -  Serving on http://127.0.0.1:8000/")
    asked = "How do I preview my site?"
    assert answer_fit(served_log, question_type(asked), terms(asked), terms(served_log.display)).parts.get("bonus_kind") > 0
    assert not illustrates(served_log)


# Typer's tutorial/progressbar.md (MIT licence), under "Typer `progressbar`".
_RICH_ADVICE = ("If you can, you should use Rich as explained above, it has more features, it's more advanced, and can "
                "display information more beautifully.")


def test_a_pointer_set_off_by_a_comma_is_said_in_passing():
    # "as explained above," points back on the way; the sentence goes on to say what to use and why. It lost the
    # meta penalty's 0.3 to the fallback (issue 14, typer38).
    q = "Should I use typer.progressbar or Rich to show progress?"
    advice = _unit("sentence", _RICH_ADVICE)
    assert "meta" not in answer_fit(advice, question_type(q), terms(q), terms(advice.display)).parts
    # Ending the sentence, the pointer is what it says.
    for pointer in ("The policy engine is configured as described below.", "As shown below:"):
        unit = _unit("sentence", pointer)
        assert "meta" in answer_fit(unit, question_type(q), terms(q), terms(unit.display)).parts


def test_asked_to_choose_the_unit_recommending_one_side_answers():
    # The recommendation is the answer, not the fallback naming both.
    q = "Should I use typer.progressbar or Rich to show progress?"
    advice = _unit("sentence", _RICH_ADVICE)
    fallback = _unit("sentence", "But if you can't use Rich, Typer (actually Click) comes with a simple utility to "
                                 "show progress bars.")
    assert _fit(q, advice) > _fit(q, fallback)
    # Asked how the two differ, a recommendation states no difference.
    differ = "What is the difference between typer.progressbar and Rich?"
    assert _fit(differ, advice) < _fit(q, advice)


def test_a_list_giving_each_side_an_item_of_its_own_sets_them_apart():
    # Typer's tutorial/first-steps.md (MIT licence): the list says what each is, apart from the other; it lost to
    # "But CLI options can also receive values like CLI arguments." (a "but" within one side's sentence).
    q = "What is the difference between a CLI argument and a CLI option?"
    items = _unit("list", "- A CLI argument is required\n- A CLI option is optional")
    but = _unit("sentence", "But CLI options can also receive values like CLI arguments.")
    assert _fit(q, items) > _fit(q, but)
    # Items naming both say one thing of both: nothing set apart.
    together = _unit("list", "- A CLI argument and a CLI option are parameters\n- A CLI option is optional")
    assert _fit(q, together) < _fit(q, items)


def test_what_a_thing_is_for_is_answered_where_it_does_something():
    # Typer's tutorial/typer-command.md and printing.md (MIT licence): the command as the subject of what it
    # provides, not a sentence on Typer the library resembling the question more (issue 14, typer38).
    q = "What is the typer command for?"
    does = _unit("sentence", "The `typer` command provides completion in the Terminal for your own small scripts.")
    other = _unit("sentence", "If you are wondering what tool should be used for what, Typer is useful for "
                              "structuring the command line application, with options, arguments, subcommands, "
                              "data validation, etc.")
    assert _fit(q, does) >= 2 * 0.12 > _fit(q, other)


def test_a_sentence_saying_the_questions_passive_predicate_of_a_thing_answers_which():
    # attrs a37 (docs/extending.md, MIT): the warning names the decorator; the lead-in on writing decorators
    # resembles the question more.
    q = "Which decorator must be applied first when I write my own decorator on top of attrs?"
    assert question_type(q).said == "must be applied first"
    named = _unit("sentence", "The `attrs.define` / `attr.s` decorator **must be applied first** because it creates "
                              "a new class.")
    assert answer_fit(named, question_type(q), terms(q), terms(named.display)).parts.get("bonus_said") == pytest.approx(0.06)
    for other in (_unit("sentence", "So it is fairly simple to build your own decorators on top of attrs."),
                  _unit("sentence", "Must be applied first, always."),
                  _unit("sentence", "Read the warning. must be applied first")):
        assert "bonus_said" not in answer_fit(other, question_type(q), terms(q), terms(other.display)).parts, other.display
    # An active question, a name asked for, or a function word after the participle alone say nothing of this kind.
    assert question_type("Which extras can I install along with httpx?").said == ""
    assert question_type("What is the folder called?").said == ""
    assert question_type("Which algorithm is used to sign the JWT tokens?").said == "is used to sign"


def test_a_lead_in_announcing_the_kind_of_thing_asked_answers():
    # attrs a07 (docs/init.md, MIT): "in the following order:" and its steps answer "In what order ...?";
    # "the following options:" announces other things.
    q = "In what order does attrs run the initialization hooks, converters and validators?"
    order = Unit("lead_in", "x", 0, 1, "If present, the hooks are executed in the following order:\n1. `__attrs_pre_init__`\n"
                                       "2. For each attribute: converter\n3. all validators", introduces=True)
    options = Unit("lead_in", "x", 0, 1, "For that purpose, *attrs* offers the following options:\n- `__attrs_pre_init__`\n"
                                         "- `__attrs_post_init__`", introduces=True)
    asked = question_type(q)
    assert asked.category == "order"
    assert answer_fit(order, asked, terms(q), terms(order.display)).parts.get("bonus_announces") == pytest.approx(0.12)
    assert "bonus_announces" not in answer_fit(options, asked, terms(q), terms(options.display)).parts
    # Said of the things in a sentence of its own, the kind is no announcement.
    plain = _unit("sentence", "The order of the hooks is fixed.")
    assert "bonus_announces" not in answer_fit(plain, asked, terms(q), terms(plain.display)).parts
