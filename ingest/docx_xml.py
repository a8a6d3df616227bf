"""WordprocessingML names and the one rule for markup-compatibility choices, shared by the .docx readers."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def w_val(element, child: str) -> str | None:
    """The w:val of `element`'s child `child` (None when the child is absent)."""
    if element is None:
        return None
    found = element.find(w(child))
    return None if found is None else found.get(w("val"))


def is_on(element, child: str) -> bool:
    """An on/off property (w:tblHeader, ...): present and not switched off by w:val."""
    if element is None or element.find(w(child)) is None:
        return False
    return w_val(element, child) not in ("0", "false", "off")


def chosen_branch(alternate):
    """The branch of an mc:AlternateContent a reader shows: its first mc:Choice, else its mc:Fallback.
    The fallback repeats the choice's content (a VML copy of a text box), so only one is read."""
    for branch in alternate:
        if branch.tag == f"{{{MC_NS}}}Choice":
            return branch
    return alternate.find(f"{{{MC_NS}}}Fallback")
