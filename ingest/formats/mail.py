"""E-mail (.eml, .mbox): headers as the title and the first lines, then the body (plain text, or
HTML through the HTML loader). In an mbox each message's start is kept like a page.

Attachments of supported types are read by their own loader (same checks and caps as a file) and
become documents of their own, at `MAIL#attachment/NAME` (`MBOX#message/N/attachment/NAME`); the
message lists their names. Unsupported ones are named in a warning; a damaged one is a failure of
its own path, and the message is indexed all the same.
"""

from __future__ import annotations

import mailbox
import mimetypes
import tempfile
from dataclasses import dataclass
from email import errors, policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from ingest.formats.pages import PagedText
from ingest.loaders import LoadedDocument, LoadError, TextBudget, _read_bytes

MAX_MESSAGES = 10_000
MAX_ATTACHMENT_BYTES = 20_000_000
MAX_ATTACHMENTS = 100
_MAX_NAME = 150
_MAX_SUFFIX = 12
_HEADERS = ("From", "To", "Cc", "Date", "Subject")
_BASE64_DEFECTS = (errors.InvalidBase64CharactersDefect, errors.InvalidBase64PaddingDefect,
                   errors.InvalidBase64LengthDefect)
MAIL_SUFFIXES = (".eml", ".mbox")
# Mail inside mail is not unpacked: one level of attachments, so a message can't nest without end.
_NOT_UNPACKED = MAIL_SUFFIXES
# Between the mail file's path and the attachment's part in an attachment document's path.
ATTACHMENT_MARK = "#"


@dataclass(frozen=True, slots=True)
class MailAttachment:
    """An attachment to index as its own document: `part` is the path after the mail's `#`."""

    part: str
    document: LoadedDocument | None = None
    error: str | None = None


def _header(message: EmailMessage, name: str) -> str:
    try:
        return " ".join(str(message.get(name, "")).split())
    except Exception:  # a malformed header must not lose the message
        return ""


def _html_text(html: str, max_chars: int) -> str:
    from ingest.loaders import load

    with tempfile.TemporaryDirectory(prefix="citeline-mail-") as tmp:
        page = Path(tmp) / "body.html"
        page.write_text(html, encoding="utf-8")
        try:
            return load(page, MAX_ATTACHMENT_BYTES, max_chars).text
        except LoadError:
            return ""


def attachment_name(raw: str, content_type: str) -> str:
    """A file name without folders or control characters (`../../x.pdf` is `x.pdf`), never empty
    or hidden; an unnamed part is named by its type."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".").strip()
    if len(name) > _MAX_NAME:  # shortened before its suffix, which picks the loader
        suffix = Path(name).suffix[:_MAX_SUFFIX]
        name = name[: _MAX_NAME - len(suffix)].rstrip() + suffix
    return name or "attachment" + (mimetypes.guess_extension(content_type) or "")


def _read_attachment(part: EmailMessage, name: str, max_chars: int) -> LoadedDocument:
    from ingest.loaders import load

    data = part.get_payload(decode=True) or b""
    damaged = [d for d in part.defects if isinstance(d, _BASE64_DEFECTS)]
    if damaged:
        raise LoadError(f"damaged base64 in the attachment ({type(damaged[0]).__name__}): refused")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise LoadError(f"attachment is {len(data):,} bytes, over the {MAX_ATTACHMENT_BYTES:,}-byte limit")
    with tempfile.TemporaryDirectory(prefix="citeline-mail-") as tmp:
        # The name is the title's last resort; one the file system can't hold (255 bytes) is not used.
        file = Path(tmp) / (name if len(name.encode()) <= 200 else "attachment" + Path(name).suffix)
        file.write_bytes(data)
        return load(file, MAX_ATTACHMENT_BYTES, max_chars)


def _attachments(message: EmailMessage, prefix: str, warnings: list[str], max_chars: int) -> list[MailAttachment]:
    """The message's attachments of supported types, each read (or refused with its reason)."""
    from ingest.loaders import is_supported

    found: list[MailAttachment] = []
    skipped: list[str] = []
    taken: set[str] = set()
    for part in message.iter_attachments():
        raw = _header_param(part)
        name = attachment_name(raw, part.get_content_type())
        if raw and name != raw:
            warnings.append(f"attachment {raw!r} renamed {name!r} (folders and control characters dropped)")
        suffix = Path(name).suffix.lower()
        if not is_supported(Path(name)) or suffix in _NOT_UNPACKED:
            skipped.append(name)
            continue
        if len(found) >= MAX_ATTACHMENTS:
            warnings.append(f"only the first {MAX_ATTACHMENTS} attachments were indexed")
            break
        unique, copy = name, 1
        while unique in taken:
            copy += 1
            unique = f"{Path(name).stem} ({copy}){Path(name).suffix}"
        taken.add(unique)
        path = f"{prefix}attachment/{unique}"
        try:
            found.append(MailAttachment(path, document=_read_attachment(part, unique, max_chars)))
        except LoadError as exc:
            found.append(MailAttachment(path, error=str(exc)))
        except Exception as exc:  # a part the e-mail library can't decode fails alone, in one line
            found.append(MailAttachment(path, error=f"unreadable attachment ({type(exc).__name__})"))
    if skipped:
        warnings.append(f"attachments not indexed (unsupported type): {', '.join(skipped)}")
    return found


def _header_param(part: EmailMessage) -> str:
    try:
        return part.get_filename() or ""
    except Exception:  # a malformed Content-Disposition must not lose the message
        return ""


def _message_text(message: EmailMessage, warnings: list[str], attachments: list[MailAttachment],
                  budget: TextBudget, prefix: str = "") -> str:
    """The message's headers and body, charged to `budget`; each attachment, a document of its own,
    is read within the caller's character limit too (max_extracted_chars)."""
    lines = [f"{name}: {value}" for name in _HEADERS if (value := _header(message, name))]
    found = _attachments(message, prefix, warnings, budget.limit)
    attachments += found
    if found:
        lines.append("Attachments: " + ", ".join(a.part.rsplit("/", 1)[-1] for a in found))
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        content = body.get_content()
        text = _html_text(content, budget.limit) if body.get_content_type() == "text/html" else content
        lines.append("")
        lines.append(text.strip())
    return budget.take("\n".join(lines).strip())


def _parse(data: bytes) -> EmailMessage:
    try:
        return BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; anything it raises is a broken file
        raise LoadError(f"unreadable e-mail ({type(exc).__name__})") from None


def load_eml(path: Path, budget: TextBudget) -> LoadedDocument:
    data = _read_bytes(path)
    if not data.strip():
        raise LoadError("no text: the file is empty")
    message = _parse(data)
    if not any(_header(message, h) for h in _HEADERS) and message.get_payload() in ("", None):
        raise LoadError("not an e-mail message (no headers, no body)")
    warnings: list[str] = []
    attachments: list[MailAttachment] = []
    try:
        text = _message_text(message, warnings, attachments, budget)
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"unreadable e-mail ({type(exc).__name__})") from None
    title = _header(message, "Subject") or path.stem
    return LoadedDocument(text=text, title=title[:200], kind="email", warnings=warnings, attachments=attachments)


def load_mbox(path: Path, budget: TextBudget) -> LoadedDocument:
    _read_bytes(path)  # the permission and I/O errors, worded like the other loaders'
    box = mailbox.mbox(str(path), factory=None, create=False)
    paged = PagedText()
    warnings: list[str] = []
    attachments: list[MailAttachment] = []
    try:
        for number, key in enumerate(box.iterkeys(), 1):
            if number > MAX_MESSAGES:
                warnings.append(f"only the first {MAX_MESSAGES:,} messages were indexed")
                break
            message = _parse(box.get_bytes(key))
            paged.add(f"Message {number}\n" + _message_text(message, warnings, attachments, budget, f"message/{number}/"))
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"unreadable mbox ({type(exc).__name__})") from None
    finally:
        box.close()
    if not paged.parts:
        raise LoadError("no text: the mailbox holds no messages")
    return LoadedDocument(text=paged.text, title=path.stem, kind="mbox", page_starts=paged.page_starts,
                          warnings=warnings, attachments=attachments)
