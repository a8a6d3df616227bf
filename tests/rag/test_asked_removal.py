"""An uninstall asked for, and whether the answer shown removes anything
(rag/asked_removal.py; docs/quality.md, issue 14, una23)."""

from rag.asked_removal import lacks_removal
from tests.rag.conftest import pages_of


def test_an_uninstall_is_answered_by_removing():
    question = "How do I uninstall Ruff after installing it with the standalone installer?"
    assert lacks_removal(question, "$ curl -LsSf https://astral.sh/ruff/install.sh | sh")
    assert not lacks_removal(question, "Run `uv tool uninstall ruff`.")
    assert not lacks_removal(question, "Remove the binary from `~/.local/bin`.")
    assert not lacks_removal(question, "$ rm ~/.local/bin/ruff")
    assert not lacks_removal("How do I install Ruff?", "$ curl -LsSf https://astral.sh/ruff/install.sh | sh")


def test_an_uninstall_asked_that_no_page_tells_is_declined(tmp_path_factory, embedder):
    # Ruff u03 was answered with the standalone installer's commands: Ruff's installation page,
    # README and FAQ (docs-QA set) never say how to uninstall.
    with pages_of(tmp_path_factory, "ruff", ["installation.md", "README.md", "faq.md"]) as ruff:
        assert ruff.ask("How do I uninstall Ruff after installing it with the standalone installer?").abstained
        installed = ruff.ask("How do I install Ruff with the standalone installer?")
    assert not installed.abstained and "install.sh" in installed.answer, installed.answer
