"""The label a block stands under (a content tab, a bold line) and the one a question names."""

from rag.captions import caption, label_of, named_labels
from rag.terms import terms
from rag.types import Chunk


def test_a_caption_names_the_block_under_it():
    text = ("Activate it:\n\n{{< tab tabID=\"powershell\" >}}\n\n```ps1\nPS1> Invoke-Expression (x)\n```\n"
            "**Windows (Powershell)**\n```powershell\nirm x | py -\n```\n"
            "=== \"Fish\"\n\n    ```\n    eval (x)\n    ```\n"
            "Some prose.\n```\nplain\n```\n")
    chunk = Chunk("c", "d", "p.md", "P", 0, 100, 100 + len(text), text)
    at = lambda code: 100 + text.index(code)  # noqa: E731
    assert caption(chunk, at("PS1>")) == "powershell"
    assert caption(chunk, at("irm x")) == "Windows (Powershell)"
    assert caption(chunk, at("eval (x)")) == "Fish"
    assert caption(chunk, at("plain")) == ""  # prose stands between: it introduces the block, if anything
    assert caption(chunk, at("Some prose")) == ""  # a closing fence is markup, the code above is not


def test_a_unit_shows_the_label_it_holds_before_its_block():
    text = ("To enable it, run one of the following:\n\n=== \"Bash\"\n\n    ```bash\n    echo bash\n    ```\n\n"
            "=== \"PowerShell / pwsh\"\n\n    ```powershell\n    Add-Content x\n    ```\n")
    chunk = Chunk("c", "d", "p.md", "P", 0, 0, len(text), text)
    lead_in = text[: text.index("    ```\n\n===") + 8]
    assert label_of(chunk, 0, lead_in) == "Bash"  # the lead-in takes the first tab's block with it
    label_line = text.index('=== "PowerShell')
    assert label_of(chunk, label_line, text[label_line:]) == "PowerShell / pwsh"
    assert label_of(chunk, text.index("Add-Content"), "Add-Content x") == "PowerShell / pwsh"
    assert label_of(chunk, 0, "To enable it, run one of the following:") == ""


def test_the_asked_terms_choose_among_sibling_labels():
    labels = ["Bash", "", "Zsh", "PowerShell / pwsh", "PowerShell / pwsh"]
    assert named_labels(labels, terms("powershell")) == {"PowerShell / pwsh"}
    assert named_labels(labels, terms("windows")) == frozenset()  # names none
    # Naming every label chooses none: the question is about what they all show.
    assert named_labels(["ruff.toml", "ruff.toml"], terms("ruff")) == frozenset()
