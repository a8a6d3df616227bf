// One line on any page adds a Citeline chat button:
//   <script src="https://YOUR-CITELINE/embed.js" async></script>
// Optional attributes: data-label="Ask the docs", data-token="..." (only if the server requires a
// token; it is visible to the page's visitors), data-position="left", data-collection="docs" (the
// collection it answers from; the server lets only that collection's allowed origins frame it).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__citelineEmbed) return;
  window.__citelineEmbed = true;
  var origin = new URL(script.src, location.href).origin;
  var token = script.getAttribute("data-token");
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var collection = script.getAttribute("data-collection");

  var button = document.createElement("button");
  button.type = "button";
  button.id = "citeline-button";
  button.textContent = script.getAttribute("data-label") || "Ask the documents";
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;bottom:20px;" + side + ":20px;z-index:2147483646;padding:10px 16px;" +
    "border:0;border-radius:22px;background:#0b57d0;color:#fff;font:600 14px system-ui,sans-serif;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.25);cursor:pointer";

  var frame = null;
  var ready = false;
  var refused = null;  // the one-line reason shown in place of a chat the browser would not frame

  function isOpen() { return frame !== null && !frame.hidden; }

  // Escape closes the chat, whether pressed on this page or inside the chat (which asks by
  // postMessage, being on another origin), and the keyboard is back on the button that opened it.
  function close() {
    if (!isOpen()) return;
    frame.hidden = true;
    if (refused) refused.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && isOpen()) close();
  });
  window.addEventListener("message", function (ev) {
    if (!frame || ev.source !== frame.contentWindow || ev.origin !== origin) return;
    if (ev.data === "citeline:close") close();
    if (ev.data === "citeline:ready") {
      ready = true;
      if (refused) { refused.remove(); refused = null; frame.style.visibility = ""; }
    }
  });

  // A frame the server's frame-ancestors refuses loads blank and its chat never says it is ready;
  // the reason (otherwise only in the browser console) goes in the panel, as text.
  function explainIfBlank() {
    if (ready || refused || !frame) return;
    refused = document.createElement("div");
    refused.id = "citeline-refused";
    refused.setAttribute("role", "alert");
    refused.textContent = (collection ? "The chat of collection \u201c" + collection + "\u201d" : "This chat") +
      " cannot be shown on this site (" + location.origin + "): it is not among the " +
      (collection ? "collection's allowed origins, or there is no such collection." : "server's allowed origins.");
    refused.style.cssText = frame.style.cssText + ";height:auto;padding:14px;box-sizing:border-box;" +
      "font:14px system-ui,sans-serif;color:#8a1c1c";
    refused.hidden = frame.hidden;
    frame.style.visibility = "hidden";
    document.body.appendChild(refused);
  }

  button.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.id = "citeline-frame";
      frame.title = "Citeline chat";
      frame.src = origin + "/embed" + (collection ? "?collection=" + encodeURIComponent(collection) : "") +
        (token ? "#token=" + encodeURIComponent(token) : "");
      frame.style.cssText = "position:fixed;bottom:72px;" + side + ":20px;width:380px;max-width:calc(100vw - 40px);" +
        "height:560px;max-height:calc(100vh - 100px);border:1px solid #ccc;border-radius:10px;background:#fff;" +
        "z-index:2147483647;box-shadow:0 4px 18px rgba(0,0,0,.25)";
      // Grace for the chat's message, which may arrive after the frame's load event.
      frame.addEventListener("load", function () { setTimeout(explainIfBlank, 1500); });
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
      if (refused) refused.hidden = frame.hidden;
    }
    button.setAttribute("aria-expanded", String(!frame.hidden));
    if (!frame.hidden) frame.focus();  // the chat focuses its question box
  });
  document.body.appendChild(button);
})();
