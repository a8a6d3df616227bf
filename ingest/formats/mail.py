"""E-mail (.eml, .mbox): headers as the title and the first lines, then the body (plain text, or
HTML through the HTML loader). Attachments of supported types are read and appended, each under a
marked heading; the others are named in a warning. In an mbox each message's start is kept like a
page."""

from __future__ import annotations

import mailbox
import tempfile
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from ingest.formats.pages import PagedText
from ingest.loaders import LoadedDocument, LoadError, _read_bytes

MAX_MESSAGES = 10_000
MAX_ATTACHMENT_BYTES = 20_000_000
_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def _header(message: EmailMessage, name: str) -> str:
    try:
        return " ".join(str(message.get(name, "")).split())
    except Exception:  # a malformed header must not lose the message
        return ""


def _html_text(html: str) -> str:
    from ingest.loaders import load

    with tempfile.TemporaryDirectory(prefix="citeline-mail-") as tmp:
        page = Path(tmp) / "body.html"
        page.write_text(html, encoding="utf-8")
        try:
            return load(page, MAX_ATTACHMENT_BYTES).text
        except LoadError:
            return ""


def _attachment_text(part: EmailMessage, name: str) -> str | None:
    """The attachment's text if its type is one ingest reads; None otherwise."""
    from ingest.loaders import is_supported, load

    safe = Path(name).name or "attachment"
    if not is_supported(Path(safe)) or Path(safe).suffix.lower() in (".eml", ".mbox"):
        return None
    data = part.get_payload(decode=True) or b""
    with tempfile.TemporaryDirectory(prefix="citeline-mail-") as tmp:
        file = Path(tmp) / safe
        file.write_bytes(data)
        try:
            return load(file, MAX_ATTACHMENT_BYTES).text
        except LoadError as exc:
            return f"(not readable: {exc})"


def _message_text(message: EmailMessage, warnings: list[str]) -> str:
    lines = [f"{name}: {value}" for name in _HEADERS if (value := _header(message, name))]
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        content = body.get_content()
        text = _html_text(content) if body.get_content_type() == "text/html" else content
        lines.append("")
        lines.append(text.strip())
    skipped: list[str] = []
    for part in message.iter_attachments():
        name = part.get_filename() or ""
        text = _attachment_text(part, name) if name else None
        if text is None:
            skipped.append(name or part.get_content_type())
            continue
        lines += ["", f"--- Attachment: {name} ---", text.strip()]
    if skipped:
        warnings.append(f"attachments not indexed (unsupported type): {', '.join(skipped)}")
    return "\n".join(lines).strip()


def _parse(data: bytes) -> EmailMessage:
    try:
        return BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; anything it raises is a broken file
        raise LoadError(f"unreadable e-mail ({type(exc).__name__})") from None


def load_eml(path: Path) -> LoadedDocument:
    data = _read_bytes(path)
    if not data.strip():
        raise LoadError("no text: the file is empty")
    message = _parse(data)
    if not any(_header(message, h) for h in _HEADERS) and message.get_payload() in ("", None):
        raise LoadError("not an e-mail message (no headers, no body)")
    warnings: list[str] = []
    try:
        text = _message_text(message, warnings)
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"unreadable e-mail ({type(exc).__name__})") from None
    title = _header(message, "Subject") or path.stem
    return LoadedDocument(text=text, title=title[:200], kind="email", warnings=warnings)


def load_mbox(path: Path) -> LoadedDocument:
    _read_bytes(path)  # the permission and I/O errors, worded like the other loaders'
    box = mailbox.mbox(str(path), factory=None, create=False)
    paged = PagedText()
    warnings: list[str] = []
    try:
        for number, key in enumerate(box.iterkeys(), 1):
            if number > MAX_MESSAGES:
                warnings.append(f"only the first {MAX_MESSAGES:,} messages were indexed")
                break
            message = _parse(box.get_bytes(key))
            paged.add(f"Message {number}\n" + _message_text(message, warnings))
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"unreadable mbox ({type(exc).__name__})") from None
    finally:
        box.close()
    if not paged.parts:
        raise LoadError("no text: the mailbox holds no messages")
    return LoadedDocument(text=paged.text, title=path.stem, kind="mbox", page_starts=paged.page_starts,
                          warnings=warnings)
