"""The text a reStructuredText file's substitutions would make, weighed before docutils makes it.

A definition may hold references to others (`.. |a| replace:: |b| |b| |b|`), so a file of a few
hundred bytes can expand to billions of characters (the "billion laughs"), and docutils' own
transform checks each nested reference against a list that grows with every expansion (quadratic in
the expansions). docutils expands every reference, those inside definitions too, used or not. This
transform runs just before docutils' (`references.Substitutions`, priority 220), counts what the
expansion would make from the definitions alone, and refuses the file past the text budget, a
definition nesting past MAX_NESTED expansions, or a page past MAX_NESTED_PAGE (figures in
docs/quality.md, try17 and mend17).
"""

from __future__ import annotations

from docutils import nodes
from docutils.transforms import Transform

# References one definition resolves through others (its own references, theirs...): a real
# definition nests a handful (`|release|` inside `|title|`); past this it is a bomb.
MAX_NESTED = 1_000
# Nested expansions over the whole page (every reference's, in definitions too). Each costs docutils
# a look through all before it, so this bounds its time, while a page may still use a nested
# substitution thousands of times (a Sphinx page's |project| or |release|).
MAX_NESTED_PAGE = 10_000
# The docutils setting that carries the file's ingest.loaders.TextBudget to this transform.
BUDGET_SETTING = "citeline_text_budget"


def _own_text(definition: nodes.Element) -> int:
    """The characters a definition shows itself, not counting the references it holds."""
    return sum(len(text) for text in definition.findall(nodes.Text)
               if not isinstance(text.parent, nodes.substitution_reference))


class SubstitutionBudget(Transform):
    default_priority = 219

    def apply(self) -> None:
        from ingest.loaders import LoadError

        budget = getattr(self.document.settings, BUDGET_SETTING, None)
        if budget is None:
            return
        defs = self.document.substitution_defs
        names = self.document.substitution_names

        def key(reference: nodes.Element) -> str | None:
            name = reference.get("refname", "")
            return name if name in defs else names.get(name.lower())

        # Per definition: (characters, expansions) once all its references are expanded. Worked out
        # with a stack of our own (a chain of thousands of definitions is no recursion); a definition
        # met again while it is being worked out is circular: docutils drops it with an error.
        sizes: dict[str, tuple[int, int]] = {}
        for root in defs:
            stack = [root]
            open_: set[str] = set()
            while stack:
                name = stack[-1]
                if name in sizes:
                    stack.pop()
                    continue
                inner = [k for k in map(key, defs[name].findall(nodes.substitution_reference)) if k is not None]
                waiting = [k for k in inner if k not in sizes and k not in open_]
                if waiting and name not in open_:
                    open_.add(name)
                    stack.extend(waiting)
                    continue
                chars, count = _own_text(defs[name]), 0
                for k in inner:
                    sub_chars, sub_count = sizes.get(k, (0, 0))
                    chars += sub_chars
                    count += 1 + sub_count
                    if chars > budget.limit or count > MAX_NESTED:  # past any limit: no need to add on
                        break
                sizes[name] = (chars, count)
                open_.discard(name)
                stack.pop()

        for name, (_, count) in sizes.items():  # unused ones too: docutils expands them all
            if count > MAX_NESTED:
                raise LoadError(f"reStructuredText substitutions nest past {MAX_NESTED:,} expansions: refused")
        # Every reference, those inside definitions too: each is expanded, and its definition's nested
        # references with it (a use of |title| expands |release| again).
        chars = nested = 0
        for reference in self.document.findall(nodes.substitution_reference):
            sub_chars, sub_count = sizes.get(key(reference) or "", (0, 0))
            chars += sub_chars
            nested += sub_count
            budget.check(chars)
            if nested > MAX_NESTED_PAGE:
                raise LoadError(f"reStructuredText substitutions nest past {MAX_NESTED_PAGE:,} expansions "
                                f"in the page: refused")
