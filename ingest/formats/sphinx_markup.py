"""Sphinx's roles and directives taught to plain docutils, so that Sphinx-written .rst (most Python
projects' docs) reads as its built pages do: `:class:`~flask.Flask`` as "Flask", not the raw markup;
a `.. versionadded::` note, a `.. py:data:: SECRET_KEY` entry and a tab's text kept, not dropped as
an unknown directive with everything indented under it.

Nothing here reads another file: `include` and `literalinclude` stay refused (a document must not pull
in the server's files); `register` counts them so the loader can say what was left out.
"""

from __future__ import annotations

import html
from types import MethodType

from docutils import nodes
from docutils.parsers.rst import Directive, Parser, directives, roles
from docutils.parsers.rst.states import Inliner
from docutils.readers.standalone import Reader as StandaloneReader
from docutils.statemachine import StringList
from docutils.transforms.frontmatter import DocTitle

from ingest.formats.doc_titles import shown_title
from ingest.formats.rst_substitutions import SubstitutionBudget
from ingest.html_blocks import SCOPE_CLASS
from rag.myst_boxes import NOTED, VERSIONS
from rag.sphinx_roles import CODE_ROLES, PROSE_ROLES
from rag.sphinx_roles import role_text as shown_role_text

_DOMAINS = ("py", "std", "c", "cpp", "js", "rst")
# The docutils setting that carries the file's ingest.formats.doc_titles.DocTitles to the roles and directives.
DOC_TITLES_SETTING = "citeline_doc_titles"


def role_text(text: str) -> str:
    """What a Sphinx role shows: `~a.b.C` -> `C`, `Title <target>` -> `Title`, `!name` and `.name` -> `name`."""
    return shown_role_text(nodes.unescape(text))


def _code_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.literal(rawtext, role_text(text))], []


def _prose_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    shown = role_text(text)
    if name.endswith("doc") and not shown_title(nodes.unescape(text)):
        # :doc:`/deploying/index` shows the title of the page it names, as the built page does; a page
        # not found, its name (the slash from the docs' root is no word of the sentence).
        titles = getattr(inliner.document.settings, DOC_TITLES_SETTING, None)
        shown = (titles.title(shown) if titles is not None else "") or shown.lstrip("/")
    return [nodes.Text(shown)], []


class _Dropped(Directive):
    """A directive that shows nothing of its own on a built page the file can tell (`currentmodule`),
    or that takes its text from code the docs don't hold (`autoclass`)."""

    has_content = True
    optional_arguments = 99
    final_argument_whitespace = True
    option_spec = None

    def run(self):
        return []


# Accept any option (`:linenos:`, `:noindex:`, `:sync:`...): each directive below ignores them.
class _AnyOptions(dict):
    def __missing__(self, key):
        return directives.unchanged

    # docutils reads a directive's options only when its spec is truthy: empty, `:noindex:` was read
    # as words of the signature ("get_flashed_messages :noindex:" headed a section).
    def __bool__(self) -> bool:
        return True


class _Toctree(Directive):
    """`.. toctree::`: the list of pages the built page shows, each by its title (ingest/formats/doc_titles.py),
    under its `:caption:`. A page that is only a table of contents ("The pages below discuss the most common
    servers" over Gunicorn, Waitress, uWSGI...) says which pages there are. `:hidden:` shows nothing; a glob
    pattern, `self`, or a page whose title is not found is left out, as nothing the file can tell."""

    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        options = self.options
        if "hidden" in options:
            return []
        titles = getattr(self.state.document.settings, DOC_TITLES_SETTING, None)
        shown = []
        for line in self.content:
            entry = line.strip()
            if not entry or entry == "self" or ("glob" in options and any(c in entry for c in "*?[")):
                continue
            title = shown_title(entry) or (titles.title(entry) if titles is not None else "")
            if title:
                shown.append(nodes.list_item("", nodes.paragraph("", title)))
        if not shown:
            return []
        listing = nodes.bullet_list("", *shown, bullet="-")
        caption = " ".join((options.get("caption") or "").split())
        if not caption:
            return [listing]
        # The caption over the list, as its lead-in: alone, a short line was a paragraph cited as an answer.
        return [nodes.paragraph("", caption if caption.endswith((":", ".", "?", "!")) else f"{caption}:"), listing]


class _Version(Directive):
    """`.. versionadded:: 2.0` and its text: a paragraph "Added in version 2.0: ...", as Sphinx shows it."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        # As Sphinx reads it: the version is the first word, the text may follow on the same lines.
        version, _, rest = self.arguments[0].strip().partition(" ") if " " in self.arguments[0].split("\n")[0] \
            else self.arguments[0].strip().partition("\n")
        lead = f"{VERSIONS[self.name]} {version.strip()}"
        box = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, box)
        first = box.children[0] if box.children and isinstance(box.children[0], nodes.paragraph) else None
        if rest.strip():
            inline, _messages = self.state.inline_text(" ".join(rest.split()), self.lineno)
            box.insert(0, nodes.paragraph("", "", nodes.Text(f"{lead}: "), *inline))
        elif first is not None:
            first.insert(0, nodes.Text(f"{lead}: "))
        else:
            box.insert(0, nodes.paragraph("", f"{lead}."))
        return [box]


class _Described(Directive):
    """An object description (`.. py:data:: SECRET_KEY`, `.. function:: url_for(endpoint)`): its
    signature a heading below the section it is in, its text under it, as an API page reads."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def label(self) -> str:
        return " ".join(self.arguments[0].split())

    def run(self):
        signature = self.label()
        box = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, box)
        self._add_fields(box)
        return _entry(signature, box.children)

    def _add_fields(self, box: nodes.Element) -> None:
        # A config value's `:type:` and `:default:` (confval, a directive's options): fields under the
        # signature on the built page, often the only place a default is written. Here after the text,
        # so the entry's first sentence (what the value does) stays its description.
        for field in ("type", "default"):
            if self.options.get(field):
                inline, _messages = self.state.inline_text(" ".join(self.options[field].split()), self.lineno)
                box += nodes.paragraph("", "", nodes.Text(f"{field.capitalize()}: "), *inline)


def _entry(signature: str, children: list[nodes.Node]) -> list[nodes.Node]:
    """`children` under a heading `signature`, in a scope that ends with them (see _Described)."""
    # An entry holding entries (a directive's options, a class's methods) heads them one level up,
    # so theirs are under its heading ("toctree › :maxdepth:"), not beside it.
    depth = max((node[_DEPTH] + 1 for child in children if isinstance(child, nodes.Element)
                 for node in child.findall(nodes.raw) if _DEPTH in node), default=0)
    level = max(1, 6 - depth)
    # The heading as HTML the loader reads back (a docutils section can't open inside a body);
    # escaped, so a signature's `<` or `&` is text.
    # In a scope that ends with the entry's indented text: what follows at the section's indent
    # (a version history after the last config entry) is the section's again, not the entry's.
    opening = nodes.raw("", f'<div class="{SCOPE_CLASS}"><h{level}>{html.escape(signature)}</h{level}>',
                        format="html")
    opening[_DEPTH] = depth
    return [opening, *children, nodes.raw("", "</div>", format="html")]


class _Autodoc(_Described):
    """`.. autofunction:: attrs.evolve` with text of its own under it: an entry of that text; alone, nothing."""

    def run(self):
        return super().run() if any(line.strip() for line in self.content) else []


class _Doctest(Directive):
    """`.. doctest::`, `.. testcode::`, `.. testoutput::` (sphinx.ext.doctest): the code a built page shows, as a code
    block; unknown to docutils they were dropped with it ("For example:" and nothing after it). `:hide:` shows none."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()

    def run(self):
        if "hide" in self.options or not self.content:
            return []
        code = "\n".join(self.content)
        return [nodes.literal_block(code, code)]


class _Glossary(Directive):
    """`.. glossary::`: each term an entry, its definition under it ("builder" heading "A class that takes
    parsed documents ..."), as a config value's is; a term was a one-word paragraph above its text."""

    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        box = nodes.container()
        self.state.nested_parse(_terms_on_one_line(self.content), self.content_offset, box)
        for item in list(box.findall(nodes.definition_list_item)):
            terms = [child.astext() for child in item.children if isinstance(child, nodes.term)]
            definition = [node for child in item.children if isinstance(child, nodes.definition)
                          for node in child.children]
            if terms:
                item.parent.replace(item, _entry(", ".join(" ".join(t.split()) for t in terms), definition))
        # The lists' items are gone: their entries stand at the glossary's level.
        for listing in list(box.findall(nodes.definition_list)):
            listing.parent.replace(listing, listing.children)
        return box.children


def _terms_on_one_line(content: StringList) -> StringList:
    """A glossary's content with each entry's terms on one line: Sphinx takes several terms, one a line,
    above one definition ("environment" / "env"); docutils reads the lines as a paragraph and the
    definition as a quote under no term. Joined (", "), they are one term line of a definition list."""
    lines = list(content)
    joined = StringList()
    at = 0
    while at < len(lines):
        last = at
        if lines[at].strip() and not lines[at][0].isspace() and not lines[at].startswith(".."):
            while last + 1 < len(lines) and lines[last + 1].strip() and not lines[last + 1][0].isspace():
                last += 1
        if last > at and last + 1 < len(lines) and lines[last + 1][:1].isspace() and lines[last + 1].strip():
            joined.append(", ".join(line.strip() for line in lines[at : last + 1]), *content.info(at))
        else:
            last = at
            joined.append(lines[at], *content.info(at))
        at = last + 1
    return joined


class _RstDescribed(_Described):
    """The reStructuredText domain's entries, their signature as Sphinx shows it: `.. rst:directive::
    toctree` as ".. toctree::", `.. rst:directive:option:: maxdepth` as ":maxdepth:", `.. rst:role::
    ref` as ":ref:". Docs of Sphinx and of its extensions describe their markup with these."""

    def label(self) -> str:
        # One signature a line, as Sphinx reads them (`numbered` over `numbered: depth`).
        lines = [" ".join(line.split()) for line in self.arguments[0].splitlines() if line.strip()]
        return ", ".join(self._shown(line) for line in lines)

    def _shown(self, signature: str) -> str:
        kind = self.name.lower().removeprefix("rst:")
        if kind == "directive":
            return signature if signature.startswith("..") else f".. {signature}::"
        name, _, argument = signature.partition(":") if kind == "directive:option" else (signature, "", "")
        return f":{name.strip()}: {argument.strip()}".rstrip()


# The attribute an entry's opening carries: how many levels of entries it holds (0: none).
_DEPTH = "citeline-entry-depth"


class _Titled(_Described):
    """`.. admonition:: Reverse lookups`: a box whose title names its subject heads its text, as an
    object description's signature does, so a citation inside it has that locator. The title is
    inline markup (`Unique in :setting:`INSTALLED_APPS``), shown as its text."""

    def label(self) -> str:
        inline, _messages = self.state.inline_text(" ".join(self.arguments[0].split()), self.lineno)
        return "".join(node.astext() for node in inline)


class _Noted(Directive):
    """`.. note::`, `.. warning::`...: "Note: " opens the box's first paragraph, as the built page sets
    the label above it; alone on a line of its own it was a one-word paragraph, cited as an answer."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        box = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, box)
        if self.arguments:  # `.. note:: Text on the directive's line` opens the box's text
            inline, _messages = self.state.inline_text(" ".join(self.arguments[0].split()), self.lineno)
            box.insert(0, nodes.paragraph("", "", *inline))
        label = "See also: " if self.name == "seealso" else f"{self.name.capitalize()}: "
        first = _opening_paragraph(box)
        if first is not None:
            first.insert(0, nodes.Text(label))
        elif box.children:
            # The box opens with code, a list or a table: the label is its lead-in ("Note:"), read with
            # what it introduces, as the built page sets it above.
            box.insert(0, nodes.paragraph("", label.rstrip()))
        return [box]


def _opening_paragraph(box: nodes.Element) -> nodes.paragraph | None:
    """The paragraph a box's text opens with, its first child. A box opening with a list has none: its
    label is the list's lead-in ("Warning:" above "- Never open the lid ..."), read with the list now
    that the text marks its items (ingest/formats/markup.py); it had opened the first item, so the
    others were read as if no warning stood above them."""
    node = box.children[0] if box.children else None
    return node if isinstance(node, nodes.paragraph) else None


class _Console(Directive):
    """Django's `.. console::`: a shell session shown as code (Sphinx adds a Windows tab beside it)."""

    optional_arguments = 1
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text)]


def _unknown_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """A role docutils does not know (a project's own, `:setting:`, `:pypi:`): its shown text, as
    code when it is one word (a setting, a package), else as prose; not the raw markup."""
    shown = role_text(text)
    node = nodes.Text(shown) if any(c.isspace() for c in shown) else nodes.literal(rawtext, shown)
    return [node], []


class _Labelled(Directive):
    """A box whose label is text (`.. tab:: Linux`, `.. group-tab:: Bash`): the label, then its content."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        box = nodes.container()
        if self.arguments:
            box += nodes.paragraph("", self.arguments[0].strip())
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


_DROPPED = ("currentmodule", "module", "automodule", "autosummary", "index", "highlight", "rst-class",
            "tabularcolumns", "only", "sectionauthor", "codeauthor", "moduleauthor", "ifconfig", "jinja",
            "click", "autoprogram", "graphviz", "inheritance-diagram", "literalinclude", "testsetup", "testcleanup",
            # A page's local table of contents is navigation, not text of its own.
            "contents",
            # `.. program:: sphinx-build` only names the program of the `.. option::` entries after it; as
            # an entry it was an empty heading among them.
            "program")
# Autodoc entries take their text from code the docs don't hold, but the file may write more under one
# (attrs' api.rst: its examples and notes): then they are entries as `.. function::` is; else nothing.
_AUTODOC = ("autoclass", "autofunction", "automethod", "autoattribute", "autodata", "autoexception")
_DESCRIBED = ("data", "function", "class", "method", "attribute", "exception", "decorator", "decoratormethod",
              "staticmethod", "classmethod", "property", "envvar", "option", "describe", "object", "confval",
              "cmdoption")
# The C, C++ and JavaScript domains' own kinds, named with their domain (`.. c:macro::`, `.. cpp:member::`).
_DOMAIN_DESCRIBED = ("macro", "struct", "union", "enum", "enumerator", "type", "var", "member", "concept", "alias",
                     "enum-struct", "enum-class")
_RST_DESCRIBED = ("rst:directive", "rst:directive:option", "rst:role")
_LABELLED = ("tabs", "tab", "group-tab", "code-tab", "hlist", "centered")

# Sphinx's roles, as our parses read them (rst_parser), never registered with docutils: another
# docutils user in the process (a Sphinx build, a test) reads roles as docutils does.
_ROLES = {name: _code_role for name in CODE_ROLES} | {name: _prose_role for name in PROSE_ROLES} | {
    f"{domain}:{name}": _prose_role if name in ("ref", "doc") else _code_role
    for domain in _DOMAINS for name in CODE_ROLES + ("ref", "doc")}


def _interpreted(self, rawsource, text, role, lineno):
    """Inliner.interpreted with Sphinx's roles first, then docutils' own, then a role neither knows
    shown as its text (`_unknown_role`) instead of an error quoting the raw markup."""
    function = _ROLES.get(role.lower())
    messages = []
    if function is None:
        function, messages = roles.role(role, self.language, lineno, self.reporter)
    if function is None:
        function, messages = _unknown_role, []  # docutils' "no role entry" notes, not text
    shown, more = function(role, rawsource, text, lineno, self)
    return shown, messages + more


class _Parser(Parser):
    """docutils' parser, with the file's substitutions weighed before they are expanded."""

    def get_transforms(self):
        return [*super().get_transforms(), SubstitutionBudget]


class _TitleOnly(DocTitle):
    """The page's title taken from its lone top section, as docutils does, but not its subtitle: Sphinx
    promotes neither, so a page with one section ("Options for HTML output" under "Configuration") keeps
    it as a section, the heading of everything in it (a subtitle was a paragraph, in no path)."""

    def promote_subtitle(self, node) -> bool:
        return False


class _Reader(StandaloneReader):
    def get_transforms(self):
        return [_TitleOnly if transform is DocTitle else transform for transform in super().get_transforms()]


def rst_reader() -> StandaloneReader:
    """docutils' reader of a standalone file, keeping a lone section a section (see _TitleOnly)."""
    return _Reader()


def rst_parser() -> Parser:
    """A reStructuredText parser reading Sphinx's roles (one per parse: an inliner holds its document)."""
    register()
    inliner = Inliner()
    # On this inliner alone (docutils builds its patterns from the class's own attributes, so a
    # subclass would not parse): docutils' registry and other parsers are left as they are.
    inliner.interpreted = MethodType(_interpreted, inliner)
    return _Parser(inliner=inliner)


_registered = False


def register() -> None:
    """Teach docutils Sphinx's directives (once per process: docutils keeps one registry of them; a
    directive is looked up from the parser's state machine, which has no registry of its own)."""
    global _registered
    if _registered:
        return
    for domain in _DOMAINS:
        for name in _DESCRIBED + _DOMAIN_DESCRIBED:
            directives.register_directive(f"{domain}:{name}", _Described)
    for name in _RST_DESCRIBED:
        directives.register_directive(name, _RstDescribed)
    for name in _DROPPED:
        directives.register_directive(name, _Dropped)
    for name in _AUTODOC:
        directives.register_directive(name, _Autodoc)
    for name in ("doctest", "testcode", "testoutput"):
        directives.register_directive(name, _Doctest)
    for name in _DESCRIBED:
        directives.register_directive(name, _Described)
    for name in _LABELLED:
        directives.register_directive(name, _Labelled)
    for name in VERSIONS:
        directives.register_directive(name, _Version)
    # `.. seealso::` among them: its text often starts on the directive's line or the next one unparted,
    # which a label-then-content box showed as raw markup (`The :ref:`Cache Framework ...``).
    for name in NOTED:
        directives.register_directive(name, _Noted)
    directives.register_directive("admonition", _Titled)
    directives.register_directive("glossary", _Glossary)
    directives.register_directive("console", _Console)
    directives.register_directive("toctree", _Toctree)
    _registered = True
