"""Two collections with overlapping words in one index, one `citeline serve` (port 0): every face
answers only from the collection asked (the CLI, the API, /v1, the Gradio client, the Gradio chat and
the embed in real Chromium), and the embed of the public collection cannot be made to read the
private one by the page that holds it.

`handbook` is private (a read token, the intranet's origin); `product` is public (no token, the
help-centre's origin). Both speak of "vacation"."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from tests.conftest import ROOT
from tests.ui.conftest import start_server, stop_server
from ui.gradio_calls import ALL_READABLE

ADMIN = "admin-token-0123456789ab"
READ = "handbook-read-0123456789"
QUESTION = "How does vacation work?"
HANDBOOK = ("# Vacation policy\n\nEvery employee receives twenty days of paid vacation each year. Vacation requests "
            "go to the team lead at least two weeks ahead. Unused vacation days carry over until the end of March.\n")
PRODUCT = ("# Aurora thermostat vacation mode\n\nThe vacation mode of the Aurora thermostat holds the home at twelve "
           "degrees while you travel. Vacation mode starts from the settings menu of the thermostat. The thermostat "
           "leaves vacation mode when you return home.\n")
# Words only one collection's document has.
ONLY = {"handbook": ("employee", "team lead"), "product": ("thermostat", "Aurora")}
OTHER = {"handbook": "product", "product": "handbook"}


def site() -> tuple[http.server.ThreadingHTTPServer, Path, str]:
    """A web site of its own origin (another port), serving the pages a test writes into its folder."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="citeline-site-"))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, folder, f"http://127.0.0.1:{httpd.server_address[1]}"


@dataclass
class Collections:
    url: str
    index: Path
    public_site: str  # the help centre: may embed `product`
    public_dir: Path
    intranet: str  # may embed `handbook`, with its token
    intranet_dir: Path


@pytest.fixture(scope="module")
def collections(tmp_path_factory) -> Iterator[Collections]:
    from ingest.pipeline import ingest
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp("collections")
    for name, text in (("handbook", HANDBOOK), ("product", PRODUCT)):
        (folder / name).mkdir()
        (folder / name / f"{name}.md").write_text(text)
        report = ingest([folder / name], Settings(index=folder / "index"), collection=name)
        assert report.added == 1 and not report.failed
    public, public_dir, public_origin = site()
    intranet, intranet_dir, intranet_origin = site()
    access = folder / "access.toml"
    access.write_text(f'[collections.handbook]\nread_tokens = ["{READ}"]\nallowed_origins = ["{intranet_origin}"]\n\n'
                      f'[collections.product]\npublic = true\nallowed_origins = ["{public_origin}"]\n')
    env = {"CITELINE_API_TOKEN": ADMIN, "CITELINE_ACCESS_FILE": str(access), "CITELINE_ALLOWED_ORIGINS": "",
           "CITELINE_LLM": "none"}
    proc, url = start_server(folder / "index", folder / "serve.log", env)
    try:
        yield Collections(url, folder / "index", public_origin, public_dir, intranet_origin, intranet_dir)
    finally:
        stop_server(proc)
        for httpd, where in ((public, public_dir), (intranet, intranet_dir)):
            httpd.shutdown()
            httpd.server_close()
            shutil.rmtree(where, ignore_errors=True)


def only_from(name: str, answer: str, paths: list[str]) -> None:
    """The answer cites `name`'s document alone and says nothing only the other collection says."""
    assert paths and set(paths) == {f"{name}.md"}, paths
    assert any(word in answer for word in ONLY[name]), answer
    assert not any(word in answer for word in ONLY[OTHER[name]]), answer


def test_the_index_holds_both(collections) -> None:
    listed = httpx.get(collections.url + "/api/collections", headers={"Authorization": f"Bearer {ADMIN}"},
                       timeout=60).json()["collections"]
    assert [(c["name"], c["documents"]) for c in listed] == [("handbook", 1), ("product", 1)]
    # Each collection's own last ingest, as Unix seconds and as ISO 8601 with its offset.
    assert all(datetime.fromisoformat(c["last_ingest_iso"]).timestamp() == int(c["last_ingest"]) for c in listed)
    assert listed[0]["last_ingest"] < listed[1]["last_ingest"]  # ingested in turn


@pytest.mark.parametrize("name", ["handbook", "product"])
def test_the_cli_answers_from_the_collection_asked(collections, name) -> None:
    done = subprocess.run([sys.executable, "-m", "ui.cli", "ask", QUESTION, "--index", str(collections.index),
                           "--collection", name, "--llm", "none", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    only_from(name, answer["answer"], [s["path"] for s in answer["sources"]])


@pytest.mark.parametrize("name", ["handbook", "product"])
def test_the_api_answers_from_the_collection_asked(collections, name) -> None:
    headers = {"Authorization": f"Bearer {READ}"}
    asked = httpx.post(collections.url + "/api/ask", json={"question": QUESTION, "collection": name},
                       headers=headers, timeout=120)
    assert asked.status_code == 200, asked.text
    only_from(name, asked.json()["answer"], [s["path"] for s in asked.json()["sources"]])
    assert [s["collections"] for s in asked.json()["sources"]] == [[name]] * len(asked.json()["sources"])
    cited = httpx.post(collections.url + "/api/cite", json={"text": "vacation mode", "collection": name},
                       headers=headers, timeout=120).json()["matches"]
    assert cited and {m["path"] for m in cited} == {f"{name}.md"}
    assert [m["collections"] for m in cited] == [[name]] * len(cited)
    docs = httpx.get(collections.url + "/api/documents", params={"collection": name}, headers=headers,
                     timeout=60).json()
    assert [d["path"] for d in docs["documents"]] == [f"{name}.md"] and docs["total_documents"] == 1


def test_the_public_caller_reads_the_public_collection_only(collections) -> None:
    """No collection named: every collection the caller may read, which for no token is `product`."""
    asked = httpx.post(collections.url + "/api/ask", json={"question": QUESTION}, timeout=120).json()
    only_from("product", asked["answer"], [s["path"] for s in asked["sources"]])
    docs = httpx.get(collections.url + "/api/documents", timeout=60).json()["documents"]
    assert [d["path"] for d in docs] == ["product.md"]
    handbook_id = httpx.get(collections.url + "/api/documents", params={"collection": "handbook"},
                            headers={"Authorization": f"Bearer {READ}"}, timeout=60).json()["documents"][0]["doc_id"]
    for path in (f"/api/documents/{handbook_id}", f"/view/{handbook_id}"):
        hidden = httpx.get(collections.url + path, timeout=60)
        assert hidden.status_code == 404 and "employee" not in hidden.text


def test_collection_all_reads_every_collection_the_caller_may_read(collections) -> None:
    """`"collection": "all"` means what `citeline ask --collection all` means, not a collection named "all"
    (a reserved name): every collection the caller may read, and no more."""
    public = httpx.post(collections.url + "/api/ask", json={"question": QUESTION, "collection": "all"}, timeout=120)
    assert public.status_code == 200, public.text
    only_from("product", public.json()["answer"], [s["path"] for s in public.json()["sources"]])
    docs = httpx.get(collections.url + "/api/documents", params={"collection": "all"}, timeout=60)
    assert docs.status_code == 200 and [d["path"] for d in docs.json()["documents"]] == ["product.md"]
    reader = httpx.get(collections.url + "/api/documents", params={"collection": "all"},
                       headers={"Authorization": f"Bearer {READ}"}, timeout=60).json()["documents"]
    assert sorted(d["path"] for d in reader) == ["handbook.md", "product.md"]


@pytest.mark.parametrize("name", ["handbook", "product"])
def test_v1_maps_the_model_to_the_collection(collections, name) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=collections.url + "/v1", api_key=READ)
    assert [m.id for m in client.models.list()] == ["citeline", "handbook", "product"]
    completion = client.chat.completions.create(model=name, messages=[{"role": "user", "content": QUESTION}])
    only_from(name, completion.choices[0].message.content, [s["path"] for s in completion.model_extra["citations"]])
    assert {tuple(s["collections"]) for s in completion.model_extra["citations"]} == {(name,)}
    # The same through the extra body, with a filter on top.
    completion = client.chat.completions.create(model="citeline", messages=[{"role": "user", "content": QUESTION}],
                                                extra_body={"collection": name, "where": ["type=markdown"]})
    only_from(name, completion.choices[0].message.content, [s["path"] for s in completion.model_extra["citations"]])


@pytest.mark.parametrize("name", ["handbook", "product"])
def test_the_gradio_client_answers_from_the_collection_picked(collections, name) -> None:
    from gradio_client import Client

    client = Client(collections.url, headers={"Authorization": f"Bearer {READ}"}, verbose=False)
    _, _, turn = client.predict(QUESTION, "none", name, "", api_name="/chat")
    turn = json.loads(turn)
    only_from(name, turn["answer"], [s["path"] for s in turn["sources"]])
    assert {tuple(s["collections"]) for s in turn["sources"]} == {(name,)}


def test_the_gradio_client_without_a_token_is_refused_the_private_collection(collections) -> None:
    from gradio_client import Client

    client = Client(collections.url, verbose=False)
    # Refused at the door, before Gradio queues the call: a 403 naming the collection.
    with pytest.raises(httpx.HTTPStatusError) as refused:
        client.predict(QUESTION, "none", "handbook", "", api_name="/chat")
    assert refused.value.response.status_code == 403
    assert refused.value.response.json()["detail"].startswith("collection handbook: needs a token that may read it")
    # The picker's "every collection" and "all" (as the API, /v1 and the CLI take it) both read the public one.
    for every in ("(every collection you may read)", "all"):
        _, _, turn = client.predict(QUESTION, "none", every, "", api_name="/chat")
        only_from("product", json.loads(turn)["answer"], [s["path"] for s in json.loads(turn)["sources"]])


# The picker shows a collection once the page's load event has set it (it re-renders meanwhile).
PICKED = "() => { const box = document.querySelector('#collection input'); return !!box && box.value === '%s'; }"


def test_the_chat_page_picks_and_pins_collections(collections, page) -> None:  # noqa: F811
    page.goto(collections.url + "/")
    page.locator("#index-status").get_by_text("document(s)").wait_for(timeout=60_000)  # the load event ran
    page.locator("#collection input").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=60_000)
    shown = {o.replace("\u2713", "").strip() for o in options.all_inner_texts()}  # the chosen one has a tick
    assert shown == {"(every collection you may read)", "product"}, shown
    page.keyboard.press("Escape")

    page.goto(collections.url + "/?collection=product")
    page.wait_for_function(PICKED % "product", timeout=60_000)
    assert page.locator("#collection input").is_disabled()
    box = page.locator("#question textarea")
    box.fill(QUESTION)
    box.press("Enter")
    page.locator("#chatbot a.cite").first.wait_for(timeout=120_000)
    shown = page.locator("#chatbot").inner_text()
    assert "thermostat" in shown and "employee" not in shown
    # Each source says which collection its document comes from, in the answer and in the side panel.
    assert page.locator("#chatbot .source .where").first.text_content().endswith(", collection product)")
    page.locator("#chatbot a.cite").first.click()
    page.locator("#source-panel .where").get_by_text("collection product").wait_for(timeout=60_000)

    # The page's script pins the private collection: the server refuses at the door (403), and the
    # page shows the refusal naming it.
    page.goto(collections.url + "/?collection=handbook")
    page.wait_for_function(PICKED % "handbook", timeout=60_000)
    box = page.locator("#question textarea")
    box.fill(QUESTION)
    with page.expect_response(lambda r: "/gradio_api/queue/join" in r.url, timeout=120_000) as joined:
        box.press("Enter")
    assert joined.value.status == 403
    page.get_by_text("collection handbook: needs a token that may read it").first.wait_for(timeout=120_000)
    assert "employee" not in page.locator("#chatbot").inner_text()


def embed_page(folder: Path, url: str, collection: str, token: str | None = None) -> str:
    token_attr = f' data-token="{token}"' if token else ""
    (folder / f"{collection}.html").write_text(
        f'<!doctype html><html><body><h1>Help</h1><script src="{url}/embed.js" data-collection="{collection}"'
        f'{token_attr} async></script></body></html>')
    return f"{collection}.html"


def ask_in_embed(page, question: str) -> dict:  # noqa: F811
    page.locator("#citeline-button").click()
    frame = page.frame_locator("#citeline-frame")
    with page.expect_response(lambda r: r.url.endswith("/api/ask"), timeout=120_000) as answered:
        frame.locator("#question").fill(question)
        frame.locator("#question").press("Enter")
    return answered.value.json()


def test_the_embed_answers_from_its_collection(collections, page) -> None:  # noqa: F811
    c = collections
    page.goto(f"{c.public_site}/{embed_page(c.public_dir, c.url, 'product')}")
    answer = ask_in_embed(page, QUESTION)
    only_from("product", answer["answer"], [s["path"] for s in answer["sources"]])
    # The source panel names the collection the cited document comes from.
    frame = page.frame_locator("#citeline-frame")
    frame.locator("a.cite").first.click()
    assert frame.locator(".src-where").first.inner_text().endswith(", collection product")
    page.goto(f"{c.intranet}/{embed_page(c.intranet_dir, c.url, 'handbook', READ)}")
    answer = ask_in_embed(page, QUESTION)
    only_from("handbook", answer["answer"], [s["path"] for s in answer["sources"]])
    assert page.locator("#citeline-refused").count() == 0
    assert page.frame_locator("#citeline-frame").locator(".msg.error").count() == 0


def test_an_embed_that_cannot_read_its_collection_says_why_in_its_panel(collections, page) -> None:  # noqa: F811
    """The intranet may frame `handbook`, but a page without the token gets the server's one-line
    refusal in the chat at once, as text, not an empty chat that fails only on the first question."""
    c = collections
    page.goto(f"{c.intranet}/{embed_page(c.intranet_dir, c.url, 'handbook')}")
    page.locator("#citeline-button").click()
    error = page.frame_locator("#citeline-frame").locator(".msg.error")
    error.wait_for(timeout=120_000)
    assert error.inner_text().startswith("Error: collection handbook: needs a token that may read it")


def test_the_public_site_cannot_embed_the_private_collection(collections, page) -> None:  # noqa: F811
    """Whatever the help centre's page asks for (here the private collection, with its token), the
    browser refuses to show the embed: the server lets only the collection's own origins frame it."""
    c = collections
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(f"{c.public_site}/{embed_page(c.public_dir, c.url, 'handbook', READ)}")
    page.locator("#citeline-button").click()
    page.wait_for_function("() => { const f = document.querySelector('#citeline-frame'); return f && f.src; }")
    frame = page.frame(url=lambda u: "/embed" in u) or page.frames[-1]
    frame.wait_for_load_state()
    assert frame.locator("#question").count() == 0  # nothing of the chat rendered in the frame
    # The reason, which the browser gives only in its console, is said in the panel as text.
    refused = page.locator("#citeline-refused")
    refused.wait_for(timeout=60_000)
    assert refused.inner_text() == (f"The chat of collection \u201chandbook\u201d cannot be shown on this site "
                                    f"({c.public_site}): it is not among the collection's allowed origins, "
                                    f"or there is no such collection.")
    page.keyboard.press("Escape")
    assert refused.is_hidden()
    # And the page's own script, calling the API from its origin, is refused the collection by name.
    status, detail = page.evaluate(
        """async ([url, token]) => {
             const r = await fetch(url + "/api/ask", {method: "POST", headers: {"Content-Type": "application/json",
               "Authorization": "Bearer " + token}, body: JSON.stringify({question: "vacation", collection: "handbook"})});
             return [r.status, (await r.json()).detail]; }""", [c.url, READ])
    assert status == 403 and detail.startswith("collection handbook: pages on " + c.public_site)


def test_an_embed_of_an_unknown_collection_says_so_in_its_panel(collections, page) -> None:  # noqa: F811
    c = collections
    (c.public_dir / "unknown.html").write_text(
        f'<!doctype html><html><body><script src="{c.url}/embed.js" data-collection="&lt;b&gt;nosuch&lt;/b&gt;" '
        f'async></script></body></html>')
    page.goto(f"{c.public_site}/unknown.html")
    page.locator("#citeline-button").click()
    refused = page.locator("#citeline-refused")
    refused.wait_for(timeout=60_000)
    assert "collection \u201c<b>nosuch</b>\u201d cannot be shown on this site" in refused.inner_text()
    assert refused.locator("b").count() == 0  # the page's attribute is shown as text


UPLOAD_PICKED = ("() => { const box = document.querySelector('#upload-collection input'); "
                 "return !!box && box.value === '%s'; }")


def test_the_documents_tab_uploads_into_its_own_choice_of_collection(collections, page, tmp_path) -> None:  # noqa: F811
    """The Documents tab offers only the collections the visitor may change (the default one first), apart
    from the chat's picker, and says which collection the files went into."""
    c = collections
    admin = {"Authorization": f"Bearer {ADMIN}"}
    note = tmp_path / "kayak-note.md"
    note.write_text("# Kayak rental\n\nThe Aurora kayak rents by the hour from the east jetty.\n")
    page.goto(c.url + f"/?token={ADMIN}")  # signs in: the admin may change every collection
    page.locator("#index-status").get_by_text("document(s)").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Documents").click()
    page.wait_for_function(UPLOAD_PICKED % "default", timeout=60_000)
    page.locator("#upload-collection input").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=60_000)
    assert {o.replace("\u2713", "").strip() for o in options.all_inner_texts()} == {"default", "handbook", "product"}
    options.filter(has_text="product").click()
    page.wait_for_function(UPLOAD_PICKED % "product", timeout=60_000)
    assert page.locator("#collection input").input_value() == "(every collection you may read)"  # the chat's: untouched
    page.locator("#upload-files input[type=file]").set_input_files(str(note))
    try:
        page.locator("#upload-button").click()
        page.locator("#upload-result").get_by_text("into collection product: added 1").wait_for(timeout=120_000)
        listed = httpx.get(c.url + "/api/documents", params={"collection": "product"}, headers=admin,
                           timeout=60).json()["documents"]
        assert sorted(d["path"] for d in listed) == ["kayak-note.md", "product.md"]
        assert httpx.get(c.url + "/api/documents", params={"collection": "handbook"}, headers=admin,
                         timeout=60).json()["total_documents"] == 1
    finally:
        listed = httpx.get(c.url + "/api/documents", params={"collection": "product"}, headers=admin,
                           timeout=60).json()["documents"]
        for doc in listed:
            if doc["path"] == "kayak-note.md":
                httpx.delete(c.url + f"/api/documents/{doc['doc_id']}", headers=admin, timeout=60).raise_for_status()

    # A reader who may change no collection is offered none to add to.
    page.context.clear_cookies()
    page.goto(c.url + f"/?token={READ}")
    page.locator("#index-status").get_by_text("document(s)").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Documents").click()
    page.get_by_text("this visitor may add to none").first.wait_for(timeout=60_000)
    assert page.locator("#upload-collection input").is_disabled()


NOTE = "#collection-note"


@pytest.mark.parametrize("pinned, said", [
    ("handbook", "collection handbook: needs a token that may read it"),
    ("nosuch", "collection nosuch: is not open to this caller"),
    ("<b>Bad</b>", "collection: '<b>Bad</b>' is not a collection name"),
])
def test_a_pinned_collection_the_visitor_may_not_read_is_said_when_the_page_opens(
        collections, page, pinned, said) -> None:  # noqa: F811
    page.goto(collections.url + "/?" + urlencode({"collection": pinned}))
    page.wait_for_function(PICKED % pinned.replace("'", "\\'"), timeout=60_000)
    note = page.locator(NOTE)
    note.get_by_text(said).wait_for(timeout=60_000)
    assert note.locator("b").count() == 0  # the URL's text is shown as text


def test_a_readable_pinned_collection_has_no_note(collections, page) -> None:  # noqa: F811
    page.goto(collections.url + "/?collection=product")
    page.wait_for_function(PICKED % "product", timeout=60_000)
    page.locator("#index-status").get_by_text("document(s)").wait_for(timeout=60_000)  # the load event ran
    assert page.locator(NOTE).inner_text().strip() == ""


def test_pinning_all_is_the_picker_s_every_collection(collections, page) -> None:  # noqa: F811
    """`/?collection=all` is no collection named "all" (a reserved name): the page opens as with no pin,
    its picker on every collection the visitor may read, and no note."""
    page.goto(collections.url + "/?collection=all")
    page.wait_for_function(PICKED % ALL_READABLE, timeout=60_000)
    page.locator("#index-status").get_by_text("document(s)").wait_for(timeout=60_000)  # the load event ran
    # Gradio shows its progress ("processing | 3.5s") in the note while the load event's outputs are pending.
    page.wait_for_function("() => !/[\\d.]+s\\s*$/.test(document.querySelector('%s').innerText)" % NOTE,
                           timeout=60_000)
    assert page.locator(NOTE).inner_text().strip() == ""
    assert page.locator("#collection input").is_enabled()
