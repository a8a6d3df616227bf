"""The Gradio UI: chat with a source panel, citation lookup, documents (list, upload, view)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path

import gradio as gr

from starlette.datastructures import Headers

from rag.engine import EVERY_COLLECTION, read_answer
from rag.scope import DEFAULT_COLLECTION, Scope
from rag.types import FinalEvent, Message, TokenEvent
from ui.access import Caller
from ui.api.models import AskRequest
from ui.api.service import CitelineService, ServiceError
from ui.feedback_store import MAX_COMMENT_CHARS
from ui.gradio_calls import ALL_READABLE, READ_PICKER, WRITE_PICKER, chosen, upload_target
from ui.ingest_progress import upload_progress
from ui.labels import answered_by
from ui.passage_html import LINK_REL
from ui.render import answer_html, cite_html, documents_html, text_html, when

CSS = """
#chatbot .text { white-space: pre-wrap; margin: 0; }
/* A word wider than its box (a minified line, a long URL) breaks instead of widening the page. */
#chatbot .text, .passage, .source-head, .cite-match .source-head { overflow-wrap: anywhere; }
.sources { margin-top: .6em; border-top: 1px solid #ddd; padding-top: .4em; font-size: .92em; }
.source, .cite-match { margin: .4em 0; }
.source .where, .source .source-heading, .cite-match .where { color: #666; }
.passage { margin: .2em 0 .2em .4em; padding-left: .6em; border-left: 3px solid #ccc; white-space: pre-wrap; }
.passage mark, #source-panel mark { background: #ffe58a; }
.passage .passage-heading { font-size: 1.05em; }
/* Gradio's prose sets b larger and pads a link; a passage's bold and links stay in the line. */
.passage b:not(.passage-heading) { font-size: inherit; }
.passage a { padding: 0; margin: 0; }
.passage code { font-family: ui-monospace, monospace; font-size: .92em; background: #f1f1f1; border-radius: 3px; }
.passage mark code, #source-panel mark code { background: none; }
/* An answer reads as its page (ui/render.py): `code` as code, the code it quotes as a block of its own lines. */
#chatbot .text code { font-family: ui-monospace, monospace; font-size: .92em; background: #f1f1f1; border-radius: 3px; }
#chatbot .text .answer-code { white-space: pre; overflow-x: auto; margin: .3em 0; padding: .45em .6em; background: #f1f1f1; border-radius: 4px; }
#chatbot .text .answer-code code { background: none; padding: 0; }
/* Code shown cut: the note of the lines left out is no code, and reads as an aside under the block. */
#chatbot .text .code-cut { font-style: italic; }
#chatbot .text b:not(.passage-heading) { font-size: inherit; }
a.cite { text-decoration: none; font-weight: 600; cursor: pointer; }
#source-panel .placeholder { color: #595959; }
/* Contrast of 4.5:1 or more (WCAG AA) where Gradio's default theme falls short (axe-core, tests/ui/test_accessibility.py). */
.show-api, .show-api * { color: #52525b !important; }
#cite-button { background: #0b57d0; border-color: #0b57d0; color: #fff; }
#cite-button:hover { background: #0842a0; }
#upload-files .or { color: #52525b; }
/* The status refreshes on load: Gradio's progress overlay would make the one-line box a scroll region no key reaches. */
#index-status { overflow: visible !important; }
/* ... and its dimmed 'pending' look (opacity .2) would fail contrast each time it refreshes: the line stays legible. */
#index-status .pending, #index-status.pending { opacity: 1 !important; }
#feedback-note .text { white-space: pre-wrap; }
/* A send that Gradio reports failed (the queue full, a token or a rate limit refusing) leaves its opaque "Error"
   badge over the whole chat: the conversation stays in view, the toast says why, the question is back in the box. */
#chatbot > [data-testid="status-tracker"]:has(> .error) { display: none !important; }
.doc-table td, .doc-table th { padding: .2em .6em; text-align: left; }
/* A long title or path (a deep folder, a 300-character name) wraps anywhere inside the page's width instead of
   widening the table past it; the other columns keep to one line. The cell's tooltip holds the whole name too. */
.doc-table { width: 100%; }
.doc-table td.doc-name { overflow-wrap: anywhere; min-width: 8em; }
.doc-table td:not(.doc-name), .doc-table th { white-space: nowrap; }
/* A PDF source's page image: hidden under the answer (lazy, so not even loaded), shown in the panel. */
#chatbot .page-image { display: none; }
#source-panel .page-image, #cite-results .page-image { display: block; max-width: 100%; border: 1px solid #ccc; margin: .4em 0; }
"""

_PLACEHOLDER = "Click a [n] in an answer to see its source here."

# A citation click copies that source (already escaped and sanitised in the message) into the side
# panel. Delegated from the document, in the capture phase, because messages re-render as they stream.
HEAD = """
<script>
// Gradio's sanitiser sets a web link's rel to "noopener noreferrer": a document's link in a passage
// (ui/passage_html.py) gets its "nofollow" back, in the panel and before it is followed anywhere.
var DOCUMENT_LINK_REL = "__LINK_REL__";
function documentLinksRel(root) {
  root.querySelectorAll(".passage a[href]").forEach(function (a) { a.setAttribute("rel", DOCUMENT_LINK_REL); });
}
document.addEventListener("click", function (ev) {
  var link = ev.target.closest && ev.target.closest(".passage a[href]");
  if (link) link.setAttribute("rel", DOCUMENT_LINK_REL);
}, true);
document.addEventListener("click", function (ev) {
  var a = ev.target.closest && ev.target.closest("a.cite");
  if (!a) return;
  var panel = document.querySelector("#source-panel .panel-body");
  if (!panel) return;
  // Gradio's sanitiser drops data-* attributes: the number is read from the link text.
  var n = (a.textContent.match(/\\d+/) || [""])[0];
  var node = a.parentElement, source = null;
  while (node && !(source = node.querySelector(".source.src-n-" + n))) node = node.parentElement;
  if (!source) return;
  ev.preventDefault();
  ev.stopPropagation();
  panel.replaceChildren(source.cloneNode(true));
  documentLinksRel(panel);
  panel.scrollIntoView({block: "nearest"});
}, true);
// The panel is the client's alone (the server's value stays the empty one, so Gradio never redraws
// it): it is emptied here when the conversation moves on, or the source of an old answer would stay
// beside a new one. Clearing starts over; a new question (Enter or the send button) is answered
// without the old source shown, its own [n] open theirs.
function emptySourcePanel() {
  var panel = document.querySelector("#source-panel .panel-body");
  if (!panel) return;
  var p = document.createElement("p");
  p.className = "placeholder";
  p.textContent = "__PLACEHOLDER__";
  panel.replaceChildren(p);
}
document.addEventListener("click", function (ev) {
  if (ev.target.closest && ev.target.closest("#clear, #chatbot button[aria-label='Clear'], #question button")) {
    emptySourcePanel();
  }
}, true);
document.addEventListener("keydown", function (ev) {
  if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing && ev.target.closest && ev.target.closest("#question textarea")
      && ev.target.value.trim()) {
    emptySourcePanel();
  }
}, true);
// A question sent and not answered is given back to the visitor: the server refused it (the queue full,
// a rate limit, a token no longer valid), answering it failed (a filter refused, the answer generator
// down), or the page reloaded when the server came back after a restart. It goes back into the box only
// while the box is empty: what the visitor has typed since is never replaced (the chat still shows the
// failed question above its error). Kept in the tab's sessionStorage until it is answered, so a reload keeps it too.
window.citeline = (function () {
  var KEY = "citeline-unanswered";
  var self = {pending: "", loaded: false, sentHere: false};
  function stored() { try { return sessionStorage.getItem(KEY) || ""; } catch (e) { return ""; } }
  self.sent = function (question) {
    if (typeof question !== "string" || !question.trim()) return;
    self.pending = question;
    self.sentHere = true;
    try { sessionStorage.setItem(KEY, question); } catch (e) {}
  };
  self.unanswered = stored;
  self.forget = function () {
    self.pending = "";
    try { sessionStorage.removeItem(KEY); } catch (e) {}
  };
  self.answered = function (question) {
    try { if (stored() === question) sessionStorage.removeItem(KEY); } catch (e) {}
  };
  // Kept in storage until answered: the page may reload again before it is sent.
  self.giveBack = function (question) {
    if (typeof question !== "string" || !question.trim()) return;
    var box = document.querySelector("#question textarea");
    if (!box || box.value.trim()) return;
    box.value = question;
    box.dispatchEvent(new Event("input", {bubbles: true}));
  };
  // Gradio's load event: a question an earlier page left unanswered comes back. The page's first load event
  // can land after the visitor has already sent a question from it (it waits for every component to be
  // ready): that question is being answered, and the one left before it was replaced in storage (the
  // visitor moved on), so nothing comes back. A later load event (Gradio's reconnection) is no first.
  self.reloaded = function () {
    var first = !self.loaded;
    self.loaded = true;
    if (!(first && self.sentHere)) self.giveBack(stored());
  };
  return self;
})();
// Gradio names its file drop zone "Click to upload or drop files" while it shows "Drop File Here -
// or - Click to Upload": without the label its name is the text a speech-input user reads aloud
// (axe-core: label-content-name-mismatch).
new MutationObserver(function () {
  document.querySelectorAll("#upload-files .upload-container[aria-label]").forEach(function (zone) {
    zone.removeAttribute("aria-label");
  });
}).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"]});
</script>
""".replace("__PLACEHOLDER__", _PLACEHOLDER).replace("__LINK_REL__", LINK_REL)

# The box is emptied in the browser the moment a question is sent: emptied by the answer's first update
# instead, anything typed while the question waited in the queue (another visitor's answer running) was
# wiped when that update landed. The values sent are the ones read before emptying; the question is kept
# (HEAD's `citeline.sent`) until it is answered, so that a failed send gives it back.
EMPTY_BOX_ON_SEND = """(...values) => {
  const box = document.querySelector('#question textarea');
  if (window.citeline) window.citeline.sent(values[0]);
  if (box) { box.value = ''; box.dispatchEvent(new Event('input', {bubbles: true})); }
  return values;
}"""
# The turn's error when Clear started over while it ran: the visitor dropped that question, it is not given back.
CLEARED = "cleared: the conversation was cleared before the answer was complete"
# After the answer: a turn that failed (a refused filter or collection, the answer generator down) gives
# its question back; a turn answered, or cleared, forgets it.
TURN_DONE = """(turn) => {
  let t = {};
  try { t = JSON.parse(turn || '{}') || {}; } catch (e) { return; }
  if (!window.citeline || typeof t.question !== 'string') return;
  if (t.error && !t.cleared) window.citeline.giveBack(t.question);
  else window.citeline.answered(t.question);
}"""
# Clear drops the question still unanswered: a reload after it would give it back.
FORGET_UNANSWERED = "() => { if (window.citeline) window.citeline.forget(); }"
# Gradio's own failure of the send (the queue full, a token refused, a proxy's rate limit): the handler
# never ran, the question sent last is given back.
SEND_FAILED = "() => { if (window.citeline) window.citeline.giveBack(window.citeline.pending); }"
# The page reloads when the server comes back after a restart (Gradio's reconnection): a question still
# unanswered then, kept in the tab's sessionStorage, is given back (`citeline.reloaded`: not a question this
# page sent before its load event landed). `loaded` lets a test wait for the load event.
RELOADED = "() => { if (window.citeline) window.citeline.reloaded(); }"
PANEL_EMPTY = f'<div class="panel-body"><p class="placeholder">{_PLACEHOLDER}</p></div>'


def _status_markdown(service: CitelineService) -> str:
    s = service.engine.status()
    return (
        f"**Index:** {s.documents} document(s), {s.chunks} passages · last ingest {when(s.last_ingest)} · "
        f"embeddings `{escape(s.embedding_model)}`"
    )


# The Documents tab shows one page: at 300k passages the whole list was a 36 MB table, rebuilt on
# every page load. The API pages through all of them.
DOCUMENTS_SHOWN = 200
NO_WRITABLE = "Add to collection (this visitor may add to none)"


def caller_of(service: CitelineService, request: gr.Request | None) -> Caller:
    """The token and cross-site origin of the HTTP request behind a Gradio event (the page's own
    script cannot claim another: the server reads them from the request)."""
    if request is None:  # called from Python, not through the server
        return Caller(token=None, cross_origin=None)
    return Caller.from_headers(Headers(headers={k.lower(): v for k, v in dict(request.headers).items()}),
                               service.access)


def where_filters(text: str | None) -> list[str]:
    """The "search in" box: filters separated by `;` or new lines (`type=pdf; path=handbook/**`)."""
    return [part.strip() for line in (text or "").splitlines() for part in line.split(";") if part.strip()]


def _documents_page(service: CitelineService, scope: Scope | None = None) -> str:
    page = service.documents(0, DOCUMENTS_SHOWN, scope)
    table = documents_html(page.documents)
    if page.total_documents <= len(page.documents):
        return table
    return (f"<p>The first {len(page.documents):,} of {page.total_documents:,} documents by path; "
            f"<code>/api/documents?offset=…&amp;limit=…</code> lists them all.</p>" + table)


def _pin_note(service: CitelineService, caller: Caller, pinned: str, readable: list[str]) -> str:
    """Why the collection `/?collection=NAME` pins cannot be read, shown when the page opens rather
    than as the answer to the visitor's first question."""
    if not pinned or pinned in readable:
        return ""
    try:
        service.scope(caller, [pinned])
        why = f"collection: no collection named {pinned[:200]!r} in this index"
    except ServiceError as exc:
        why = str(exc)
    return f'<p class="error" role="status">{escape(why)}</p>'


def uploaded_file(file: object) -> tuple[Path, str]:
    """One file of the Documents tab's upload as its event gets it unprocessed: its path in Gradio's
    upload folder and the name the user's file had (Gradio stores it under a name it cleaned itself:
    `"`, `!`, `#`... gone, so a title made from it was not the user's). The stored file's own name when
    the client sent none."""
    if isinstance(file, dict):
        path = Path(str(file.get("path") or ""))
        name = file.get("orig_name")
    else:  # a path alone (gr.File's own hand-over)
        path, name = Path(str(file)), None
    return path, name if isinstance(name, str) and name else path.name


def example_questions(service: CitelineService, limit: int = 3) -> list[str]:
    """Questions from the corpus' own headings and key sentences, each one it really answers."""
    return service.engine.example_questions(limit)


def cleared_turn(message: str, turn: str) -> str:
    """The turn of an answer that Clear dropped while it ran: marked `cleared`, so that the browser
    forgets its question even when the answer failed after Clear (the error, kept for an API client,
    would give the dropped question back to the box)."""
    data = json.loads(turn) if turn else {"question": message, "error": CLEARED}
    return json.dumps({**data, "cleared": True})


@dataclass
class ChatSession:
    """Which conversation of a visitor's session is the current one. Clear starts a new one by
    changing this object in place: Gradio hands a handler the session's State object itself, so an
    answer still running for the old conversation sees the change when it arrives and is dropped,
    instead of landing in the emptied chat and putting its turn back into the history."""

    conversation: int = 0

    def start_over(self) -> None:
        self.conversation += 1


def build_chat(service: CitelineService) -> gr.Blocks:
    settings = service.server

    # The conversation lives in session state on the server, never in the request: a client can
    # neither send a 100 MB history nor name server files in it (Gradio copies FileData it finds in
    # a component's input), and only the last turns are kept.
    kept_messages = 2 * max(settings.max_history_messages, 1)

    def respond(message: str, shown: list, convo: list, llm: str, ids: list, collection: str | None,
                where: str | None, session: ChatSession, request: gr.Request):
        started = session.conversation
        if not (message or "").strip():
            # Nothing asked (Enter on an empty box, or a second Enter that waited for the first answer,
            # which emptied the box): the chat stays as it is; an API client is told why.
            empty = json.dumps({"question": message, "error": "question: is empty"})
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), empty, gr.skip()
            return
        keep = kept_messages - 2  # room for this turn
        shown = list(shown or [])[-keep:]
        # The answer id of each shown message (None for the user's and failed ones), trimmed alike,
        # so that a thumb on message i rates the answer shown there.
        ids = list(ids or [])[-keep:]
        ids = [None] * (len(shown) - len(ids)) + ids
        convo = list(convo or [])[-settings.max_history_messages:] if settings.max_history_messages else []
        # The chat renders HTML without Markdown: the user's words go in escaped, shown as typed.
        shown.append({"role": "user", "content": text_html(message or "")})
        shown.append({"role": "assistant", "content": "…"})
        ids += [None, None]
        # The question and a pending answer at once (the browser emptied the box when it sent it): an
        # answer can take seconds (an LLM's first token), and until then the chat showed nothing of what was asked.
        yield shown, shown, convo, gr.skip(), "", ids
        # API clients also get the turn as data, a JSON string: the question as typed, the answer's
        # text and its sources as fields (the chat's messages are display HTML). A string, because
        # Gradio's client would take any dict with a "path" (each source has one) for a file.
        turn = ""
        try:
            history = [Message(**m) for m in convo]
            llm = (llm or "").strip() or None
            scope = service.scope(caller_of(service, request), chosen(collection), where_filters(where))
            events = service.stream(AskRequest(question=message or "", history=history, llm=llm), scope)
            partial = ""
            for event in events:
                if session.conversation != started:
                    break  # cleared while it ran: nothing more of it is shown
                if isinstance(event, TokenEvent):
                    partial += event.text
                    shown[-1] = {"role": "assistant", "content": text_html(partial)}
                    yield shown, shown, convo, gr.skip(), "", ids
                elif isinstance(event, FinalEvent):
                    # Read once: the HTML shown and the turn sent as data are one reading of the answer.
                    reading = read_answer(event.answer)
                    shown[-1] = {"role": "assistant", "content": answer_html(event.answer, reading)}
                    convo += [{"role": "user", "content": message.strip()},
                              {"role": "assistant", "content": event.answer.answer}]
                    response = service.shown(message.strip(), history, event.answer, llm, reading)
                    ids[-1] = response.id
                    turn = json.dumps({"question": message, **response.model_dump(mode="json")})
        except ServiceError as exc:
            shown[-1] = {"role": "assistant", "content": f"<p class=\"error\">{escape(str(exc))}</p>"}
            turn = json.dumps({"question": message, "error": str(exc)})
        except Exception as exc:  # a backend that is down: say so in the chat, keep serving
            shown[-1] = {"role": "assistant", "content": f"<p class=\"error\">error: {escape(str(exc))}</p>"}
            turn = json.dumps({"question": message, "error": f"error: {exc}"})
        if session.conversation != started:
            # Cleared while it ran: the chat, the history, the answer ids and whatever the visitor has
            # typed since stay as Clear left them. An API client still gets its turn as data.
            turn = cleared_turn(message, turn)
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), turn, gr.skip()
            return
        # The box was emptied when the question was taken: what has been typed since stays (and a
        # question sent meanwhile, which waited for this answer, is asked next).
        yield shown, shown, convo, gr.skip(), turn, ids

    def rate(ids: list, data: gr.LikeData):
        """A thumb on an answer: stored at once; the comment box then offers to say why."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        answer_id = ids[index] if isinstance(index, int) and 0 <= index < len(ids or []) else None
        if answer_id is None:
            return None, gr.update(visible=False), '<p class="error">feedback: only answers can be rated</p>'
        if data.liked not in (True, False):  # the same thumb clicked again: the rating is taken back
            service.unrate(answer_id)
            return None, gr.update(visible=False), "<p>Rating withdrawn.</p>"
        rating = "up" if data.liked else "down"
        try:
            service.rate(answer_id, rating)
        except ServiceError as exc:
            return None, gr.update(visible=False), f'<p class="error">{escape(str(exc))}</p>'
        return ({"answer_id": answer_id, "rating": rating}, gr.update(visible=True, value=""),
                f"<p>Thanks: rated {'helpful' if rating == 'up' else 'not helpful'}. Add a comment if you like.</p>")

    def comment(rated: dict | None, text: str):
        if not rated:
            return rated, gr.update(), '<p class="error">feedback: rate an answer first (thumbs up or down)</p>'
        try:
            saved = service.rate(rated["answer_id"], rated["rating"], text or "")
        except ServiceError as exc:
            return rated, gr.update(), f'<p class="error">{escape(str(exc))}</p>'
        # What was stored, shown back as text: a comment is the user's words, never markup.
        return (None, gr.update(visible=False, value=""),
                f'<p>Comment saved with your rating:</p><p class="text">{escape(saved.comment)}</p>')

    def clear(session: ChatSession):
        session.start_over()
        return [], [], [], PANEL_EMPTY, [], None, gr.update(visible=False, value=""), ""

    def lookup(text: str, collection: str | None, where: str | None, request: gr.Request):
        try:
            scope = service.scope(caller_of(service, request), chosen(collection), where_filters(where))
            return cite_html(service.cite(text or "", scope=scope))
        except ServiceError as exc:
            return f'<p class="error">{escape(str(exc))}</p>'

    def upload(files: list | None, collection: str | None, request: gr.Request, progress=gr.Progress()):
        # Gradio's file data, unprocessed (the event skips gr.File's preprocessing, which keeps only the
        # path): paths in Gradio's upload folder (Gradio refuses any other path before this runs; the
        # Guard too), each read once and deleted, whatever the outcome, and the names the user's files had.
        sent = [uploaded_file(f) for f in files or []]
        paths = [path for path, _ in sent]
        lines = []
        caller = caller_of(service, request)
        target = upload_target(collection)
        try:
            service.scope(caller, [target], write=True)
            if not paths:
                raise ServiceError("files", "choose one or more files first")
            # The type is checked on the name sent (service.check_upload), as gr.File checked the stored one's.
            report = service.ingest_files([(name, path.read_bytes()) for path, name in sent], target, caller=caller,
                                          progress=upload_progress(progress))
            lines.append(
                f"into collection {target}: added {report.added}, updated {report.updated}, "
                f"unchanged {report.unchanged}, joined {report.joined}, failed {len(report.failed)}; "
                f"{report.chunks} passages in {report.seconds:.1f} s"
            )
            lines += [f"failed: {f.path}: {f.error}" for f in report.failed]
        except ServiceError as exc:
            lines.append(str(exc))
        finally:
            for path in paths:
                path.unlink(missing_ok=True)
        body = "".join(f"<p>{escape(line)}</p>" for line in lines)
        return body, readable_documents(caller), None

    def readable_documents(caller: Caller) -> str:
        try:
            return _documents_page(service, service.scope(caller))
        except ServiceError as exc:
            return f'<p class="error">{escape(str(exc))}</p>'

    def on_load(request: gr.Request):
        """Per visitor: the collections they may read in the picker (pinned by `/?collection=NAME`), and
        the documents of those only."""
        caller = caller_of(service, request)
        names = [c.name for c in service.collections(caller)]
        pinned = (request.query_params.get("collection") or "").strip() if request is not None else ""
        if pinned == EVERY_COLLECTION:  # `/?collection=all` pins nothing: the picker's "all" is the default
            pinned = ""
        if pinned:
            picker = gr.update(choices=[pinned], value=pinned, interactive=False)
        else:
            picker = gr.update(choices=[ALL_READABLE, *names], value=ALL_READABLE, interactive=True)
        writable = service.writable(caller)
        if writable:
            target = gr.update(choices=writable, interactive=True,
                               value=DEFAULT_COLLECTION if DEFAULT_COLLECTION in writable else writable[0])
        else:
            target = gr.update(choices=[], value=None, interactive=False, label=NO_WRITABLE)
        return (_status_markdown(service), readable_documents(caller), picker, target,
                _pin_note(service, caller, pinned, names))

    # Gradio's upload folder is swept too: files older than an hour go, every ten minutes.
    with gr.Blocks(title="Citeline", delete_cache=(600, 3600)) as demo:
        gr.Markdown("# Citeline\nAnswers from your documents. Every sentence cites the passage it comes from.")
        status = gr.Markdown(_status_markdown(service), elem_id="index-status")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        # HTML we built (every piece of text escaped), never Markdown: a document's
                        # `![x](url)` must not become an image, nor `$$...$$` math.
                        chatbot = gr.Chatbot(height=520, label="Citeline", elem_id="chatbot",
                                             feedback_options=("Like", "Dislike"), render_markdown=False, latex_delimiters=[],
                                             sanitize_html=True, allow_tags=False, allow_file_downloads=False,
                                             # Gradio's share icon has no accessible name (axe: button-name).
                                             buttons=["copy", "copy_all"])
                        shown = gr.State([])
                        convo = gr.State([])
                        answer_ids = gr.State([])
                        rated = gr.State(None)
                        session = gr.State(ChatSession())  # copied for each visitor
                        feedback_note = gr.HTML("", elem_id="feedback-note")
                        feedback_comment = gr.Textbox(
                            label="Comment on the rated answer (optional)", elem_id="feedback-comment", visible=False,
                            max_length=MAX_COMMENT_CHARS, submit_btn="Send comment", lines=1)
                        question = gr.Textbox(placeholder="Ask a question about the documents", show_label=False,
                                              elem_id="question", max_length=settings.max_question_chars,
                                              submit_btn=True)
                        with gr.Row():
                            # Only what the operator configured: the server refuses anything else.
                            generators = dict.fromkeys(["none", service.generation.llm, *service.generation.llm_choices])
                            llm = gr.Dropdown(choices=[(answered_by(g).capitalize(), g) for g in generators],
                                              value=service.generation.llm, label="Answers", elem_id="llm", scale=3)
                            clear_btn = gr.Button("Clear", elem_id="clear", scale=1)
                        with gr.Row():
                            # Filled per visitor on load; whatever a client sends, the server checks it.
                            collection = gr.Dropdown(choices=[ALL_READABLE], value=ALL_READABLE, label="Collection",
                                                     elem_id=READ_PICKER, allow_custom_value=True, scale=2)
                            where = gr.Textbox("", label="Search in", elem_id="where", scale=3, max_lines=1,
                                               placeholder="type=pdf; path=handbook/**; date>=2024-01-01")
                        pin_note = gr.HTML("", elem_id="collection-note")
                        # Examples come from the whole index: with per-collection access they could quote a
                        # collection the visitor may not read.
                        examples = example_questions(service) if service.access.open else []
                        if examples:  # none rather than one the corpus can't answer
                            gr.Examples(examples, inputs=question, label="Example questions")
                    with gr.Column(scale=2):
                        gr.Markdown("## Source")
                        panel = gr.HTML(PANEL_EMPTY, elem_id="source-panel")
                last_turn = gr.Textbox(visible=False, elem_id="last-turn")
                # A question asked while an answer runs (after Clear, say) waits for it and is then asked,
                # rather than being ignored as Gradio's default ("once") does; Gradio's `cancels` would
                # not wait, but its race with the cancelled answer leaves "Error" on the emptied chat.
                sent = question.submit(respond, [question, shown, convo, llm, answer_ids, collection, where, session],
                                       [chatbot, shown, convo, question, last_turn, answer_ids], api_name="chat",
                                       trigger_mode="always_last", js=EMPTY_BOX_ON_SEND,
                                       # Progress on the chat alone: over the box it hid a question given
                                       # back, and what is typed meanwhile.
                                       show_progress_on=chatbot)
                # In the browser only (no function on the server): a failed send gives the question back.
                sent.success(None, last_turn, None, js=TURN_DONE)
                sent.failure(None, None, None, js=SEND_FAILED)
                chatbot.like(rate, answer_ids, [rated, feedback_comment, feedback_note], api_visibility="private")
                feedback_comment.submit(comment, [rated, feedback_comment], [rated, feedback_comment, feedback_note],
                                        api_visibility="private")
                # Every way of clearing the screen forgets the conversation too: the button, the chat's
                # own trash icon, and `/clear` for API clients (whose session keeps its history).
                cleared = [chatbot, shown, convo, panel, answer_ids, rated, feedback_comment, feedback_note]
                # An answer still running is dropped when it arrives (ChatSession).
                clear_btn.click(clear, session, cleared, api_name="clear")
                chatbot.clear(clear, session, cleared, api_visibility="private")
                # In the browser only: the question dropped is not given back by a reload.
                clear_btn.click(None, None, None, js=FORGET_UNANSWERED)
                chatbot.clear(None, None, None, js=FORGET_UNANSWERED)
            with gr.Tab("Citation lookup", id="cite"):
                gr.Markdown("Paste a quote or a claim: exact and near-exact matches come first, then passages "
                            "that say something close.")
                cite_text = gr.Textbox(lines=3, label="Quote or claim", elem_id="cite-text",
                                       max_length=settings.max_question_chars)
                cite_btn = gr.Button("Find sources", elem_id="cite-button", variant="primary")
                cite_out = gr.HTML(elem_id="cite-results")
                cite_btn.click(lookup, [cite_text, collection, where], cite_out, api_name="cite")
                cite_text.submit(lookup, [cite_text, collection, where], cite_out, api_visibility="private")
            with gr.Tab("Documents", id="documents"):
                from ingest.loaders import SUPPORTED_SUFFIXES

                files = gr.File(file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), elem_id="upload-files", label=(
                    f"Add documents ({', '.join(SUPPORTED_SUFFIXES)}; up to {settings.max_upload_bytes:,} bytes each)"))
                # Its own choice, of the collections the visitor may change (filled on load), not the
                # chat's picker: what one reads and where files go are separate decisions.
                upload_collection = gr.Dropdown(choices=[DEFAULT_COLLECTION], value=DEFAULT_COLLECTION,
                                                label="Add to collection", elem_id=WRITE_PICKER,
                                                allow_custom_value=True)
                upload_btn = gr.Button("Upload and index", elem_id="upload-button")
                upload_out = gr.HTML(elem_id="upload-result")
                # Below the upload, not above it: a long document table hid the upload box.
                # With per-collection access the list is drawn per visitor on load, not into the page's config.
                docs_html = gr.HTML(_documents_page(service) if service.access.open else "", elem_id="documents")
                upload_btn.click(upload, [files, upload_collection], [upload_out, docs_html, files],
                                 api_name="upload", preprocess=False).then(
                    lambda: _status_markdown(service), None, status, api_visibility="private")
        demo.load(on_load, None, [status, docs_html, collection, upload_collection, pin_note],
                  api_visibility="private")
        demo.load(None, None, None, js=RELOADED)
    # A bounded queue: a burst waits in line (or is told the queue is full) instead of piling up threads.
    demo.queue(default_concurrency_limit=settings.chat_concurrency, max_size=settings.chat_queue_size)
    return demo
