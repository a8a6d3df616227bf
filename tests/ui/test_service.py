"""The web app's service in-process (no HTTP): validation, safe names, document access."""

import dataclasses
import re
import shutil

import pytest

from rag.shown_answer import read_answer
from ui.access import SERVER
from ui.api.models import AskRequest
from ui.api.service import (BadRequest, CitelineService, Conflict, NotFound, TooLarge, Unsupported, earlier_upload_name,
                            safe_upload_name)


@pytest.fixture(scope="module")
def service(sample_index, tmp_path_factory):
    from rag.engine import Engine
    from ui.settings import Settings

    # A copy: the service records every answer it gives in the index folder (for feedback).
    index = tmp_path_factory.mktemp("service") / "index"
    shutil.copytree(sample_index, index)
    settings = Settings(index=index)
    return CitelineService(Engine(settings.engine), settings.server)


# A name that cleaning changed gets a digest of the name sent (8 hex digits) before its suffix.
@pytest.mark.parametrize("given, stored", [
    ("report.pdf", r"report\.pdf"),
    ("../../etc/passwd.txt", r"passwd\.txt"),
    ("..\\windows\\evil name!.MD", r"evil_name~[0-9a-f]{8}\.md"),
    (".hidden.txt", r"hidden~[0-9a-f]{8}\.txt"),
    ("...", r"upload~[0-9a-f]{8}"),
    ("a/b/c/<script>.html", r"script~[0-9a-f]{8}\.html"),
    # A browser (and httpx) writes `"`, LF and CR in a multipart file name as %22, %0A, %0D: the name
    # stored (and the title made from it) had "22" in it ("Otter 22quote").
    ("otter%22quote%22.md", r"otter_quote~[0-9a-f]{8}\.md"),
    ("new%0Aline%0D%0A.md", r"new_line~[0-9a-f]{8}\.md"),
    ("fifty%25.md", r"fifty_25~[0-9a-f]{8}\.md"),  # no other escape is undone
    # The `/` of an HTML end tag is part of the name; folders before it still go.
    ("angle <b>bold</b>.md", r"angle_b_bold_b~[0-9a-f]{8}\.md"),
    ("a/b\\<i>x</i>.md", r"i_x_i~[0-9a-f]{8}\.md"),
    ("../evil</../../etc/passwd>.md", r"evil_.._.._etc_passwd~[0-9a-f]{8}\.md"),
    # Letters of any script stay (they were dropped: "é.md" was stored as "upload-….md").
    ("é.md", r"é\.md"),
    ("Été à Paris.md", r"Été_à_Paris~[0-9a-f]{8}\.md"),
    ("日本語の説明.md", r"日本語の説明\.md"),
    ("हिन्दी.md", r"हिन्दी\.md"),  # its vowel signs are combining marks
    ("../é/../ü.md", r"ü\.md"),
    # Never a control or format character, nor a look-alike of "/" or ".".
    ("evil\u202etxt.exe.md", r"evil_txt\.exe~[0-9a-f]{8}\.md"),  # the right-to-left override
    ("nul\x00é.md", r"nul_é~[0-9a-f]{8}\.md"),
    ("a\u2215b\uff0e\uff0e\uff0fc.md", r"a_b_c~[0-9a-f]{8}\.md"),
    ("\u0301\u0301x.md", r"x~[0-9a-f]{8}\.md"),  # accents with no letter to sit on
    ("\ud800.md", r"upload~[0-9a-f]{8}\.md"),  # a lone surrogate
])
def test_upload_names_are_sanitised(given, stored):
    assert re.fullmatch(stored, safe_upload_name(given)), safe_upload_name(given)


def test_names_that_clean_alike_are_stored_apart_and_stable():
    names = ["evil.txt", "evil.TXT", "evil.Txt", "a b.md", "a_b.md", "a?b.md", "é b.md", "é_b.md", "é\u202eb.md"]
    # A name sent in the form another's cleaned one is stored under is no way to replace that document.
    names.append(safe_upload_name("a?b.md"))
    stored = [safe_upload_name(n) for n in names]
    assert len(set(stored)) == len(names), stored
    assert stored == [safe_upload_name(n) for n in names]  # the same name again updates its document
    # "é" sent composed or as "e" and an accent (macOS) is the same name.
    assert safe_upload_name("caf\u00e9.md") == safe_upload_name("cafe\u0301.md") == "caf\u00e9.md"


def test_a_name_that_needs_no_cleaning_is_stored_as_sent():
    # A date or a version ends like a digest ("-20241204"): it was given one, so the file sent again
    # after the upgrade was a second document instead of updating the first (stored by 8aa00fa as sent).
    for name in ["report-20241204.pdf", "app-v1.2-deadbeef.md", "notes-12345678.txt"]:
        assert safe_upload_name(name) == name
    # A name sent in the form of another's stored one is still stored apart from it.
    forged = safe_upload_name("a?b.md")
    assert safe_upload_name(forged) != forged


def test_a_file_stored_before_the_upgrade_is_updated_when_sent_again(tmp_path):
    # "My Report.md" was stored as "My_Report-<digest>.md" before the digest was joined by "~":
    # sending it again must update that document, not add a second one beside the stale text.
    from ingest.index_writer import IndexWriter
    from rag.engine import Engine
    from ui.settings import Settings

    settings = Settings(index=tmp_path / "index")
    sent = "My Report.md"
    earlier = earlier_upload_name(sent)
    assert earlier.startswith("My_Report-") and earlier != safe_upload_name(sent)
    uploads = tmp_path / "index" / "uploads"
    uploads.mkdir(parents=True)
    (uploads / earlier).write_text("The otter count was 14 in March.")
    writer = IndexWriter(settings)
    writer.ingest([uploads / earlier])
    engine = Engine(settings.engine, writer)
    service = CitelineService(engine, settings.server)
    try:
        assert service.upload_dir == uploads
        assert service.ingest_files([(sent, b"The otter count was 23 in April.")], caller=SERVER).files == [earlier]
        assert sorted(p.name for p in service.upload_dir.iterdir()) == [earlier]
        assert [d.path for d in engine.documents(limit=None).documents] == [earlier]
        # Only that same name finds it: another name that cleans alike is stored apart.
        assert service.ingest_files([("My?Report.md", b"Beavers.")], caller=SERVER).files != [earlier]
    finally:
        engine.close()


def test_a_long_name_fits_the_file_system():
    # 300 letters of two bytes each: the name must stay within ext4's 255 bytes, and still apart.
    names = ["é" * 300 + ".md", "é" * 299 + "e.md"]
    stored = [safe_upload_name(n) for n in names]
    assert all(len(s.encode()) <= 255 for s in stored) and len(set(stored)) == 2, stored


def test_an_upload_whose_names_collide_is_refused_whole(service):
    with pytest.raises(Conflict, match="same name"):
        service.ingest_files([("../x/notes.txt", b"One."), ("notes.txt", b"Two.")], caller=SERVER)
    with pytest.raises(TooLarge, match="files"):
        service.ingest_files([(f"f{i}.txt", b"x") for i in range(service.server.max_upload_files + 1)], caller=SERVER)


def test_questions_are_checked(service):
    with pytest.raises(BadRequest, match="question: is empty"):
        service.ask(AskRequest(question=" \n"))
    with pytest.raises(TooLarge, match="question"):
        service.ask(AskRequest(question="x" * (service.server.max_question_chars + 1)))


def test_answer_response_keeps_the_cli_shape(service):
    response = service.ask(AskRequest(question="What do recent initiatives include?"))
    assert response.sources and response.sources[0].url.startswith("/view/")
    assert response.sentences and response.sentences[0].supported


def test_a_face_that_read_the_answer_sends_that_reading(service):
    # The chat reads an answer once (rag/shown_answer.py) for its HTML and for the turn it sends as data.
    answer = service.engine.ask("What do recent initiatives include?")
    reading = read_answer(answer)
    assert service.to_response(answer, reading) == service.to_response(answer)
    first = reading.sentences[0]
    changed = (dataclasses.replace(first, code="as read"),) + reading.sentences[1:]
    other = dataclasses.replace(reading, sentences=changed)
    assert service.to_response(answer, other).sentences[0].code == "as read"


def test_document_ids_never_become_paths(service):
    for bad in ("../../etc/passwd", "/etc/passwd", "", "ab"):
        with pytest.raises(BadRequest, match="doc_id"):
            service.document(bad)
    with pytest.raises(NotFound, match="doc_id"):
        service.document("f" * 20)
    doc = service.documents().documents[0]
    assert service.document(doc.doc_id).text


def test_upload_type_and_size_are_checked_before_writing(service):
    with pytest.raises(Unsupported, match="file x.exe: unsupported type .exe"):
        service.check_upload("x.exe", 10)
    with pytest.raises(TooLarge, match="file big.txt"):
        service.check_upload("big.txt", service.server.max_upload_bytes + 1)
    with pytest.raises(BadRequest, match="files"):
        service.ingest_files([], caller=SERVER)


def test_allowed_origins_read_as_json_or_comma_list(monkeypatch):
    from ui.settings import Settings

    monkeypatch.setenv("CITELINE_ALLOWED_ORIGINS", "https://a.org, https://b.org/")
    assert Settings().allowed_origins == ["https://a.org", "https://b.org"]
    monkeypatch.setenv("CITELINE_ALLOWED_ORIGINS", '["https://c.org"]')
    assert Settings().allowed_origins == ["https://c.org"]


def test_a_request_cannot_pick_an_unconfigured_generator(service):
    for spec in ("llamacpp:/etc/passwd", "openai:gpt-4o", "ollama:x"):
        with pytest.raises(BadRequest, match="llm: must be one of the configured generators"):
            service.ask(AskRequest(question="What do recent initiatives include?", llm=spec))
        with pytest.raises(BadRequest, match="llm"):
            service.stream(AskRequest(question="What do recent initiatives include?", llm=spec))
    assert service.ask(AskRequest(question="What do recent initiatives include?", llm="none")).sources


def test_documents_come_in_pages_and_the_tab_shows_one(tmp_path, monkeypatch):
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings
    from ui import chat

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(5):
        (corpus / f"doc{i}.txt").write_text(f"Report {i}\n\nThe survey counted {i * 7} birds on the island.\n")
    settings = Settings(index=tmp_path / "index")
    ingest([corpus], settings)
    paged = CitelineService(Engine(settings.engine), settings.server)
    pages = [paged.documents(offset, 2) for offset in (0, 2, 4, 6)]
    assert [len(p.documents) for p in pages] == [2, 2, 1, 0]
    assert [d.path for p in pages for d in p.documents] == [f"doc{i}.txt" for i in range(5)]
    assert {(p.total_documents, p.total_chunks) for p in pages} == {(5, 5)}
    monkeypatch.setattr(chat, "DOCUMENTS_SHOWN", 2)
    html = chat._documents_page(paged)
    assert "The first 2 of 5 documents" in html and html.count("<tr>") == 3  # header + 2 rows
    paged.engine.store.close()


def test_an_answer_is_recorded_and_rated_by_its_id(service):
    answer = service.ask(AskRequest(question="Why did operatives relocate their operations?"))
    rated = service.rate(answer.id, "down", "  <b>wrong</b>  ")
    assert (rated.rating, rated.comment, rated.answer) == ("down", "<b>wrong</b>", answer.answer)
    with pytest.raises(NotFound, match="answer_id"):
        service.rate("0" * 32, "up")
    # The chat calls the service directly (no request model): the comment's limits hold here too.
    with pytest.raises(TooLarge, match="comment: is 2,001 characters"):
        service.rate(answer.id, "up", "x" * 2001)
    with pytest.raises(BadRequest, match="comment: has an unpaired surrogate"):
        service.rate(answer.id, "up", "a \ud800")
    assert [r.rating for r in service.feedback.rated()] == ["down"]


def test_a_document_is_read_and_removed_only_through_the_collections_holding_it(tmp_path):
    """One lookup of the document's collections decides: in the scope or NotFound (an unknown collection
    named as listing would), and removal needs a right to change every collection holding it."""
    from ingest.index_writer import IndexWriter
    from rag.engine import Engine
    from rag.scope import Scope
    from ui.access import Access, Caller, Forbidden
    from ui.settings import Settings

    handbook, legal = tmp_path / "handbook", tmp_path / "legal"
    handbook.mkdir()
    legal.mkdir()
    (handbook / "pier.txt").write_text("The east pier opens at dawn for the ferry crews.")
    (legal / "lease.txt").write_text("The lease of the east pier runs for ten years.")
    settings = Settings(index=tmp_path / "index")
    writer = IndexWriter(settings)
    writer.ingest([handbook], collection="handbook")
    writer.ingest([legal, handbook / "pier.txt"], collection="legal")
    engine = Engine(settings.engine, writer)
    access_file = tmp_path / "access.toml"
    legal_writer = "legal-write-0123456789ab"
    access_file.write_text(f'[collections.handbook]\npublic = true\n\n[collections.legal]\npublic = true\n'
                           f'write_tokens = ["{legal_writer}"]\n')
    service = CitelineService(engine, settings.server, Access(None, (), None))
    try:
        ids = {d.path: d.doc_id for d in engine.documents(limit=None).documents}
        assert service.holders(ids["pier.txt"]) == ["handbook", "legal"]
        assert service.document(ids["pier.txt"], Scope(collections=("legal",))).path == "pier.txt"
        assert service.document(ids["lease.txt"], Scope(collections=("handbook", "legal"))).path == "lease.txt"
        with pytest.raises(NotFound, match=r"^doc_id: no document with id .* in the collections this caller may read$"):
            service.document(ids["lease.txt"], Scope(collections=("handbook",)))
        with pytest.raises(NotFound, match=r"^collection: no collection is named 'nope'$"):
            service.document(ids["pier.txt"], Scope(collections=("legal", "nope")))

        ruled = CitelineService(engine, settings.server.model_copy(update={"access_file": access_file}))
        with pytest.raises(Forbidden, match=r"^collection handbook: "):
            ruled.remove(ids["pier.txt"], caller=Caller(token=legal_writer, cross_origin=None))
        assert engine.document(ids["pier.txt"]).record.path == "pier.txt"  # still there
        assert ruled.remove(ids["lease.txt"], caller=Caller(token=legal_writer, cross_origin=None)).path == "lease.txt"
    finally:
        engine.close()


def test_a_scope_never_counts_the_index_collections(service, monkeypatch, tmp_path):
    """Listing collections counts every collection's rows (100-180 ms at 100k chunks): no question
    pays for it; a scope reads the collections' names alone, and only when it needs them."""
    from ui.access import Access, Caller, read_access_file

    listed = []
    real = service.engine.collections
    monkeypatch.setattr(service.engine, "collections", lambda *a, **k: listed.append(1) or real(*a, **k))
    anyone = Caller(token=None, cross_origin=None)
    assert service.scope(anyone).collections is None  # open server: everything
    assert service.scope(anyone, ["default"]).collections == ("default",)
    assert listed == []

    file = tmp_path / "access.toml"
    file.write_text('[collections.default]\npublic = true\n\n[collections.private]\nread_tokens = ["private-read-0000000000"]\n')
    guarded = CitelineService(service.engine, service.server,
                              Access("admin-token-000000000000", [], read_access_file(file).collections, file))
    assert guarded.scope(anyone).collections == ("default",)  # what it may read, among what the index holds
    assert listed == []  # the names alone, read without counting


def test_uploads_and_removals_name_their_caller(service):
    # A face that forgot its caller was let through as the server itself; now it must say so (SERVER).
    with pytest.raises(TypeError, match="caller"):
        service.ingest_files([("notes.txt", b"One.")])
    with pytest.raises(TypeError, match="caller"):
        service.remove("0" * 20)
