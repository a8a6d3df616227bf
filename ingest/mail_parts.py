"""An e-mail file's attachments as documents of their own, at `MAIL#attachment/NAME`."""

from __future__ import annotations

from ingest.discover import Candidate
from ingest.formats.mail import ATTACHMENT_MARK, MAIL_SUFFIXES
from ingest.loaders import LoadedDocument


def attachment_candidates(mail: Candidate, loaded: LoadedDocument) -> list[Candidate]:
    """The documents to index for a mail file's attachments (a refused one fails with its reason)."""
    return [Candidate(None, mail.root, f"{mail.relpath}{ATTACHMENT_MARK}{a.part}", inline=a.document,
                      refused=a.error, shown=f"{mail.file}{ATTACHMENT_MARK}{a.part}")
            for a in loaded.attachments]


def attachments_of(catalog, mail) -> list[str]:
    """The doc ids of the attachment documents indexed from the mail file `mail` (a DocumentRecord)."""
    if not mail.path.lower().endswith(MAIL_SUFFIXES):
        return []
    prefix = mail.path + ATTACHMENT_MARK
    return [doc.doc_id for doc in catalog.documents(root=mail.root) if doc.path.startswith(prefix)]


class MailParts:
    """The attachment documents each e-mail file had when this ingest started, read once per root:
    those a changed mail no longer has are removed with it even when its folder is not swept."""

    def __init__(self, catalog) -> None:
        self.catalog = catalog
        self.by_root: dict[str, dict[str, list[str]]] = {}

    @staticmethod
    def holds(candidate: Candidate) -> bool:
        return candidate.file is not None and candidate.file.suffix.lower() in MAIL_SUFFIXES

    def previous(self, candidate: Candidate) -> list[str]:
        root = str(candidate.root)
        if root not in self.by_root:
            mails: dict[str, list[str]] = {}
            for doc in self.catalog.documents(root=root):
                if ATTACHMENT_MARK in doc.path:
                    mails.setdefault(doc.path.split(ATTACHMENT_MARK, 1)[0], []).append(doc.doc_id)
            self.by_root[root] = mails
        return self.by_root[root].get(candidate.relpath, [])
