// The compact chat inside the /embed iframe. Every piece of text goes in through textContent,
// so nothing an answer or a document contains is ever parsed as HTML.
(function () {
  "use strict";
  var token = (new URLSearchParams(location.hash.slice(1))).get("token");
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var panelClose = document.getElementById("panel-close");
  var history = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function showSource(src) {
    panelBody.replaceChildren();
    panelBody.appendChild(el("div", "src-title", "[" + src.n + "] " + src.title));
    var where = src.path + ", chars " + src.start + "\u2013" + src.end + (src.page ? ", page " + src.page : "");
    panelBody.appendChild(el("div", "src-where", where));
    var quote = el("blockquote", "passage");
    var s = src.start - src.passage_start, e = src.end - src.passage_start;
    if (src.passage && s >= 0 && e <= src.passage.length && src.passage.slice(s, e) === src.text) {
      quote.appendChild(document.createTextNode(src.passage.slice(0, s)));
      quote.appendChild(el("mark", null, src.text));
      quote.appendChild(document.createTextNode(src.passage.slice(e)));
    } else {
      quote.appendChild(el("mark", null, src.text));
    }
    panelBody.appendChild(quote);
    var link = el("a", "view", "View the whole document at this spot");
    // With a token the document page needs it too: the server swaps it for a cookie and drops it from the URL.
    var url = new URL(src.url, location.href);
    if (token) url.searchParams.set("token", token);
    link.href = url.href;
    link.target = "_blank";
    link.rel = "noopener";
    panelBody.appendChild(link);
    panel.hidden = false;
    panelClose.focus();
  }

  // The keyboard goes back to where it was before the source opened (the [n] that opened it).
  var opener = null;

  function closePanel() {
    panel.hidden = true;
    (opener && document.contains(opener) ? opener : input).focus();
    opener = null;
  }

  function renderAnswer(data) {
    var node = el("div", "msg bot");
    var bySource = {};
    data.sources.forEach(function (s) { bySource[s.n] = s; });
    var parts = data.answer.split(/(\[\d+\])/);
    parts.forEach(function (part) {
      var m = /^\[(\d+)\]$/.exec(part);
      if (m && bySource[m[1]]) {
        var a = el("a", "cite", part);
        a.href = "#";
        a.dataset.n = m[1];
        a.addEventListener("click", function (ev) {
          ev.preventDefault();
          opener = a;
          showSource(bySource[m[1]]);
        });
        node.appendChild(a);
      } else {
        node.appendChild(document.createTextNode(part));
      }
    });
    return node;
  }

  panelClose.addEventListener("click", closePanel);

  // Escape closes the source first, then the chat itself (the page that embeds it hides the frame).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    if (!panel.hidden) closePanel();
    else if (window.parent !== window) window.parent.postMessage("citeline:close", "*");
  });
  window.addEventListener("focus", function () {
    if (document.activeElement === document.body) input.focus();
  });
  input.focus();

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    input.value = "";
    log.appendChild(el("div", "msg user", question));
    var pending = el("div", "msg bot pending", "\u2026");
    log.appendChild(pending);
    log.scrollTop = log.scrollHeight;
    var headers = { "Content-Type": "application/json" };
    if (token) headers["Authorization"] = "Bearer " + token;
    fetch("/api/ask", { method: "POST", headers: headers,
                        body: JSON.stringify({ question: question, history: history.slice(-10) }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) throw new Error(typeof res.body.detail === "string" ? res.body.detail : "request failed");
        log.replaceChild(renderAnswer(res.body), pending);
        history.push({ role: "user", content: question }, { role: "assistant", content: res.body.answer });
      })
      .catch(function (err) {
        var node = el("div", "msg bot error", "Error: " + err.message);
        log.replaceChild(node, pending);
      })
      .finally(function () { log.scrollTop = log.scrollHeight; });
  });
})();
