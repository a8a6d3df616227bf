"""The table both renderers of a shown passage's pieces are held to: ui/passage_html.py (the chat, cite panel
and /view) in tests/ui/test_passage_html.py, ui/static/passage-pieces.js (the embed) in
tests/ui/test_passage_pieces_browser.py. Each case: a Markdown passage, the cited words in it, and the HTML the
panel shows."""

from __future__ import annotations

from dataclasses import dataclass

from rag.engine import ShownQuote, quote_pieces, shown_passage


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    cited: str  # the cited words: the first place `text` holds them
    html: str
    path: str = "page.md"

    def quote(self) -> ShownQuote:
        shown = shown_passage(self.text, self.path)
        start = shown.text.index(self.cited)
        return ShownQuote(shown.text, start, start + len(self.cited), shown.markdown, shown.code)

    def pieces(self):
        return quote_pieces(self.quote())


REL = 'rel="noopener noreferrer nofollow" target="_blank"'
CASES = [
    Case("heading", "## Install it\n\nRun the tool.", "Run the tool.",
         '<b class="passage-heading">Install it</b>\n\n<mark>Run the tool.</mark>'),
    Case("inline code and bold", "Use `pip install x` **now**.", "now",
         "Use <code>pip install x</code> <mark><b>now</b></mark>."),
    Case("mark across bold", "Some **bold words** here.", "words** here",
         "Some <b>bold </b><mark><b>words</b> here</mark>."),
    Case("web link", "See [the docs](https://example.org/a?b=1&c=2 \"Title\").", "See",
         f'<mark>See</mark> <a href="https://example.org/a?b=1&amp;c=2" {REL}>the docs</a>.'),
    Case("relative and javascript links are text", "A [page](../x.md) and [bad](javascript:alert(1)).", "A",
         "<mark>A</mark> page and bad."),
    # Inert inline HTML the page renders (`<b>`, `<kbd>`) shows its words, as the answer does (rag/inline_html.py);
    # a script, an image, a link or a handler is text the reader sees. No tag of the document's is ever markup.
    Case("inert html in bold shows its words, a script is text", "Hi **<b>x</b>** <script>window.__xss=1</script>",
         "Hi", "<mark>Hi</mark> <b>x</b> &lt;script&gt;window.__xss=1&lt;/script&gt;"),
    Case("img onerror is text", 'An <img src=x onerror="window.__xss=2"> image.', "image",
         'An &lt;img src=x onerror=&quot;window.__xss=2&quot;&gt; <mark>image</mark>.'),
    # (Its closing tag, which carries nothing, is left out as any inert tag is.)
    Case("a handler on an inert element is text", 'A <span onmouseover="window.__xss=4">tip</span>.', "tip",
         'A &lt;span onmouseover=&quot;window.__xss=4&quot;&gt;<mark>tip</mark>.'),
    Case("hostile link target", '[click](https://x.org/"onmouseover="alert(1))', "click",
         '<mark><a href="https://x.org/&quot;onmouseover=&quot;alert(1)" ' + REL + ">click</a></mark>"),
    Case("code block lines stay as written", "Run:\n\n```bash\n# install **it**\npip x\n```\n", "pip x",
         "Run:\n\n<code># install **it**</code>\n<mark><code>pip x</code></mark>\n"),
    Case("python double stars are no bold", "Call f(**a, **b) here.", "here",
         "Call f(**a, **b) <mark>here</mark>."),
    Case("escaped stars", r"Not \*bold\* at all.", "at all",
         "Not *bold* <mark>at all</mark>."),
    Case("mark on a link's target only keeps the source", "See [docs](https://example.org).", "https://example.org",
         "See [docs](<mark>https://example.org</mark>)."),
    Case("emphasis and MyST roles as the built page", "In *attrs*, {term}`Slotted classes <slotted classes>` use "
         "{func}`attrs.define` and {class}`~attrs.Attribute`.", "Slotted classes",
         "In <em>attrs</em>, <mark>Slotted classes</mark> use <code>attrs.define</code> and <code>Attribute</code>."),
    Case("plain text is no markdown", "## Not a heading **x**", "x", "## Not a heading **<mark>x</mark>**",
         path="notes.txt"),
]
