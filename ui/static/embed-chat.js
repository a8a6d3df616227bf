// The compact chat inside the /embed iframe. Every piece of text goes in through textContent,
// so nothing an answer or a document contains is ever parsed as HTML.
(function () {
  "use strict";
  var token = (new URLSearchParams(location.hash.slice(1))).get("token");
  // The collection(s) this embed reads, from its own URL (the server framed it for them alone).
  var collections = (new URLSearchParams(location.search)).getAll("collection").filter(Boolean);
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var panelTitle = document.getElementById("panel-title");
  var panelWhere = document.getElementById("panel-where");
  var panelHead = document.getElementById("panel-head");
  var panelClose = document.getElementById("panel-close");
  var clearButton = document.getElementById("clear");
  var history = [];
  // Which conversation an answer belongs to: Clear starts a new one, and an answer to a question
  // of the old one that arrives after it is dropped.
  var conversation = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function authHeaders() {
    var headers = { "Content-Type": "application/json" };
    if (token) headers["Authorization"] = "Bearer " + token;
    return headers;
  }

  // Every failure becomes one line the reader can act on: the server's own (`{"detail": "…"}`), or
  // what a proxy in front of it said (a 429 or 502 page, not JSON), or that it could not be reached.
  function post(path, body) {
    return fetch(path, { method: "POST", headers: authHeaders(), body: JSON.stringify(body) })
      .catch(function () {
        throw new Error("the server could not be reached (a network failure, or it is restarting): try again");
      })
      .then(function (r) {
        return r.json().then(
          function (data) { return { ok: r.ok, status: r.status, body: data }; },
          function () { return { ok: false, status: r.status, body: null }; });
      })
      .then(function (res) {
        var detail = res.body && typeof res.body.detail === "string" ? res.body.detail : "";
        if (res.ok && res.body && typeof res.body === "object") return res.body;
        if (detail) throw new Error(detail);
        if (res.status === 429) throw new Error("too many questions at once (HTTP 429): wait a moment and try again");
        throw new Error("the server could not answer (HTTP " + res.status + "): try again");
      });
  }

  // Thumbs up/down under an answer, then an optional comment; both name the answer by its id.
  // Drawn, not an emoji: a page or machine without an emoji font would show an empty box.
  function thumbIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.9-4.3A2 2 0 0 0 12.5 3L8 9.5z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function feedbackBar(answerId) {
    var bar = el("div", "feedback");
    var note = el("span", "feedback-note");
    var rating = null;
    var form = el("form", "feedback-comment");
    form.hidden = true;
    var comment = el("input");
    comment.name = "comment";
    comment.maxLength = 2000;
    comment.placeholder = "What was right or wrong? (optional)";
    comment.setAttribute("aria-label", "Comment on this answer");
    form.appendChild(comment);
    form.appendChild(el("button", null, "Send"));
    function send(body, done) {
      post("/api/feedback", body).then(done).catch(function (err) { note.textContent = "Error: " + err.message; });
    }
    [["up", "Helpful"], ["down", "Not helpful"]].forEach(function (choice) {
      var b = el("button", "thumb thumb-" + choice[0]);
      b.appendChild(thumbIcon());
      b.type = "button";
      b.setAttribute("aria-label", choice[1]);
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", function () {
        send({ answer_id: answerId, rating: choice[0] }, function () {
          rating = choice[0];
          bar.querySelectorAll(".thumb").forEach(function (t) { t.setAttribute("aria-pressed", String(t === b)); });
          note.textContent = "Thanks. ";
          form.hidden = false;
        });
      });
      bar.appendChild(b);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      send({ answer_id: answerId, rating: rating, comment: comment.value }, function (saved) {
        form.hidden = true;
        note.textContent = "Comment saved: " + saved.comment;
      });
    });
    bar.appendChild(note);
    bar.appendChild(form);
    return bar;
  }

  // `focus`: a source the reader opened takes the keyboard; one that follows a new answer leaves it
  // in the question box.
  function showSource(src, focus) {
    panelBody.replaceChildren();
    panelWhere.replaceChildren();
    // In the panel's sticky header, with the close button, and the locator below it: they stay in view
    // as the passage scrolls (try21: scrolled to the cited words, the headings above them sat under the title).
    panelTitle.textContent = "[" + src.n + "] " + src.title;
    // The headings above the passage, less the title a page's first heading repeats (ui/labels.py).
    var below = (src.heading || "").split(" \u203a ").filter(function (p) { return p.trim(); });
    if (below.length && below[0].trim() === src.title.trim()) below.shift();
    if (below.length) panelWhere.appendChild(el("div", "src-heading", below.join(" \u203a ")));
    var where = src.path + ", chars " + src.start + "\u2013" + src.end + (src.page ? ", page " + src.page : "");
    // As the chat's panel says it (ui/labels.py in_collections); none on an index of the default collection alone.
    var held = src.collections || [];
    if (held.length) where += (held.length === 1 ? ", collection " : ", collections ") + held.join(", ");
    panelWhere.appendChild(el("div", "src-where", where));
    var quote = el("blockquote", "passage");
    // The passage as its page reads (a Markdown page's framing lines, fences and include lines left out),
    // the cited words located in it by the server (rag/shown_passage.py); the raw passage from an older server.
    var shown = src.shown;
    var s = src.start - src.passage_start, e = src.end - src.passage_start;
    // Its offsets count characters (code points), as Python does: an emoji is one, not two UTF-16 units.
    var chars = shown ? Array.from(shown.text) : [];
    if (shown && shown.pieces && shown.pieces.length && window.citelinePieces) {
      // Its Markdown read by the server (headings, code, bold, links), every piece put in as text.
      quote.appendChild(window.citelinePieces(shown.pieces));
    } else if (shown && shown.start >= 0 && shown.start <= shown.end && shown.end <= chars.length) {
      quote.appendChild(document.createTextNode(chars.slice(0, shown.start).join("")));
      quote.appendChild(el("mark", null, chars.slice(shown.start, shown.end).join("")));
      quote.appendChild(document.createTextNode(chars.slice(shown.end).join("")));
    } else if (src.passage && s >= 0 && e <= src.passage.length && src.passage.slice(s, e) === src.text) {
      quote.appendChild(document.createTextNode(src.passage.slice(0, s)));
      quote.appendChild(el("mark", null, src.text));
      quote.appendChild(document.createTextNode(src.passage.slice(e)));
    } else {
      quote.appendChild(el("mark", null, src.text));
    }
    panelBody.appendChild(quote);
    if (src.page_image_url) panelBody.appendChild(pageImage(src));
    var link = el("a", "view", "View the whole document at this spot");
    // With a token the document page needs it too: the server swaps it for a cookie and drops it from the URL.
    var url = new URL(src.url, location.href);
    if (token) url.searchParams.set("token", token);
    link.href = url.href;
    link.target = "_blank";
    link.rel = "noopener";
    panelBody.appendChild(link);
    panel.hidden = false;
    // The cited sentence in view: in a long passage it sat below the panel's fold (the panel scrolls).
    panel.scrollTop = 0;
    var marked = quote.querySelector("mark");
    if (marked) {
      // Below the header however many lines its title and locator wrap to.
      marked.style.scrollMarginTop = (panelHead.offsetHeight + 8) + "px";
      marked.scrollIntoView({ block: "nearest" });
    }
    if (focus !== false) panelClose.focus({ preventScroll: true });
  }

  // The keyboard goes back to where it was before the source opened (the [n] that opened it).
  var opener = null;

  function closePanel() {
    panel.hidden = true;
    (opener && document.contains(opener) ? opener : input).focus();
    opener = null;
  }

  // An open source goes with the conversation: a new answer shows its own first source in it (none,
  // as after an abstention or an error: the panel closes), so the panel never shows the source of
  // an earlier answer beside a new one.
  function followAnswer(answerNode, sources) {
    if (panel.hidden) return;
    var first = answerNode && answerNode.querySelector("a.cite");
    var src = first && sources.filter(function (s) { return String(s.n) === first.dataset.n; })[0];
    if (src) {
      opener = first;
      showSource(src, false);
    } else {
      panel.hidden = true;
      panelBody.replaceChildren();
      opener = null;
    }
  }

  // A PDF source's page, the sentence highlighted. Fetched with the token in a header (a cookie may not
  // reach a third-party iframe) and shown as a data: URL, which the page's CSP allows for images.
  function pageImage(src) {
    var img = el("img", "page-image");
    img.alt = "The page of " + src.title + " with the cited passage, highlighted";
    var headers = {};
    if (token) headers["Authorization"] = "Bearer " + token;
    fetch(src.page_image_url, { headers: headers })
      .then(function (r) { if (!r.ok) throw new Error("page image: HTTP " + r.status); return r.blob(); })
      .then(function (blob) {
        var reader = new FileReader();
        reader.onload = function () { img.src = reader.result; };
        reader.readAsDataURL(blob);
      })
      .catch(function () { img.replaceWith(el("p", "src-where", "The page image is not available.")); });
    return img;
  }

  // A sentence as the server read it (rag/shown_answer.py): its prose from its pieces (`code` as code),
  // each put in as text, and the code it quotes (`code`) as a block of its lines as written; after code shown
  // cut, the server's note of the lines left out (`code_note`), as text outside the block.
  // Without its pieces (an older server's answer) or their renderer (passage-pieces.js not loaded), its words
  // as plain text, never read as HTML: the answer is shown all the same.
  function sentenceNodes(s) {
    var out = document.createDocumentFragment();
    if (s.pieces && s.pieces.length && window.citelinePieces) {
      out.appendChild(window.citelinePieces(s.pieces));
    } else {
      // `code_at` counts characters (code points), as Python does; the code from there is `code`'s block.
      var prose = s.code && typeof s.code_at === "number" ? Array.from(s.text).slice(0, s.code_at).join("").trimEnd()
        : s.text;
      out.appendChild(document.createTextNode(prose || ""));
    }
    if (s.code) {
      var block = el("pre", "answer-code");
      block.appendChild(el("code", null, s.code));
      out.appendChild(block);
      if (s.code_note) out.appendChild(el("span", "code-cut", s.code_note));
    }
    return out;
  }

  // Citeline's markers as links. Built from the answer's sentences when the server found that they make up
  // its text (`joints`, as ui/render.py builds it): a quoted line of code's own `argv[1]` is then no marker, and
  // each reads as its page.
  function renderAnswer(data) {
    var node = el("div", "msg bot");
    var bySource = {};
    data.sources.forEach(function (s) { bySource[s.n] = s; });
    function cite(part, n) {
      var a = el("a", "cite", part);
      a.href = "#";
      a.dataset.n = n;
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        opener = a;
        showSource(bySource[n]);
      });
      node.appendChild(a);
    }
    var sentences = data.sentences || [];
    // The joints as shown (a line break after a code block: its markers stay with it), an older server's as written.
    var joints = data.joints && data.shown_joints && data.shown_joints.length === data.joints.length
      ? data.shown_joints : data.joints;
    if (joints) {
      sentences.forEach(function (s, i) {
        if (i) node.appendChild(document.createTextNode(joints[i - 1]));
        node.appendChild(sentenceNodes(s));
        s.citations.forEach(function (n) {
          node.appendChild(document.createTextNode(" "));
          if (bySource[n]) cite("[" + n + "]", String(n));
          else node.appendChild(document.createTextNode("[" + n + "]"));
        });
      });
      return node;
    }
    var parts = data.answer.split(/(\[\d+\])/);
    parts.forEach(function (part) {
      var m = /^\[(\d+)\]$/.exec(part);
      if (m && bySource[m[1]]) cite(part, m[1]);
      else node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  panelClose.addEventListener("click", closePanel);

  // Clear starts over: no messages, no history sent with the next question, no source open.
  clearButton.addEventListener("click", function () {
    conversation += 1;
    history = [];
    log.replaceChildren();
    panel.hidden = true;
    panelBody.replaceChildren();
    opener = null;
    input.value = "";
    input.focus();
  });

  // Escape closes the source first, then the chat itself (the page that embeds it hides the frame).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    if (!panel.hidden) closePanel();
    else if (window.parent !== window) window.parent.postMessage("citeline:close", "*");
  });
  window.addEventListener("focus", function () {
    if (document.activeElement === document.body) input.focus();
  });
  // The page that embeds this shows a one-line reason in place of the chat when this never arrives
  // (a frame its collection's allowed origins refuse is blank, and its scripts never run).
  if (window.parent !== window) window.parent.postMessage("citeline:ready", "*");

  // Say at once why this embed cannot answer (no such collection, a token needed), as text in the
  // chat, rather than only after the first question.
  if (collections.length) {
    var query = new URLSearchParams({ limit: "1" });
    collections.forEach(function (name) { query.append("collection", name); });
    fetch("/api/documents?" + query, { headers: authHeaders() })
      .then(function (r) {
        if (r.ok) return;
        return r.json().then(function (body) {
          var reason = typeof body.detail === "string" ? body.detail : "HTTP " + r.status;
          log.appendChild(el("div", "msg bot error", "Error: " + reason));
        });
      })
      .catch(function (err) { log.appendChild(el("div", "msg bot error", "Error: " + err.message)); });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    input.value = "";
    var asked = conversation;
    log.appendChild(el("div", "msg user", question));
    var pending = el("div", "msg bot pending", "\u2026");
    log.appendChild(pending);
    log.scrollTop = log.scrollHeight;
    var ask = { question: question, history: history.slice(-10) };
    if (collections.length) ask.collection = collections;
    post("/api/ask", ask)
      .then(function (body) {
        if (asked !== conversation) return;
        var answer = renderAnswer(body);
        if (body.id) answer.appendChild(feedbackBar(body.id));
        log.replaceChild(answer, pending);
        followAnswer(answer, body.sources);
        history.push({ role: "user", content: question }, { role: "assistant", content: body.answer });
      })
      .catch(function (err) {
        if (asked !== conversation) return;
        var node = el("div", "msg bot error", "Error: " + err.message);
        log.replaceChild(node, pending);
        followAnswer(null, []);
        // The question back in the box, to send again; never over what has been typed since.
        if (!input.value.trim()) input.value = question;
      })
      .finally(function () { log.scrollTop = log.scrollHeight; });
  });
  // Enabled only now that a question is sent by the handler above (see ui/pages.py).
  form.querySelectorAll("[disabled]").forEach(function (node) { node.disabled = false; });
  input.focus();
})();
