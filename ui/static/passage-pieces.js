// A shown passage's pieces (the API's `sources[].shown.pieces`, rag/shown_markup.py) as nodes: each
// piece's text as a text node, never parsed as HTML, in elements of Citeline's own; the marked pieces
// in one <mark>. The same elements ui/passage_html.py writes for the server's pages.
(function () {
  "use strict";
  var LINK_REL = "noopener noreferrer nofollow";
  var WEB = /^https?:\/\//i;

  function styled(piece) {
    var node = document.createTextNode(piece.text);
    var wrap = function (tag, cls) {
      var outer = document.createElement(tag);
      if (cls) outer.className = cls;
      outer.appendChild(node);
      node = outer;
    };
    if (piece.code) wrap("code");
    if (piece.bold) wrap("b");
    if (piece.italic) wrap("em");
    if (piece.heading) wrap("b", "passage-heading");
    // Only a web address is a link (the server gives no other, and an older or altered one is not trusted).
    if (piece.href && WEB.test(piece.href)) {
      wrap("a");
      node.setAttribute("href", piece.href);
      node.setAttribute("rel", LINK_REL);
      node.setAttribute("target", "_blank");
    }
    return node;
  }

  window.citelinePieces = function (pieces, markId) {
    var out = document.createDocumentFragment();
    var mark = null;
    pieces.forEach(function (piece) {
      if (piece.marked && !mark) {
        mark = document.createElement("mark");
        if (markId) mark.id = markId;
        out.appendChild(mark);
      } else if (!piece.marked) {
        mark = null;
      }
      if (piece.text) (mark || out).appendChild(styled(piece));
    });
    return out;
  };
})();
