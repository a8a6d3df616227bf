"""The access policy (ui/access.py) on its own: the settings file's validation and every decision of the
token/origin matrix. The same matrix is attacked through a real server in test_access_server.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.datastructures import Headers

from rag.scope import Scope
from rag.errors import BadRequest
from ui.access import Access, AccessFileError, Caller, Forbidden, read_access_file, session_value

PUBLIC_ORIGIN = "https://help.example.com"
INTRANET = "https://intranet.example.com"
ADMIN = "admin-token-000000000000"
READ = "private-read-0000000000"
WRITE = "private-write-000000000"
DOCS_WRITE = "docs-write-000000000000"

ACCESS_TOML = f"""
[collections.docs]
public = true
allowed_origins = ["{PUBLIC_ORIGIN}"]
write_tokens = ["{DOCS_WRITE}"]

[collections.private]
read_tokens = ["{READ}"]
write_tokens = ["{WRITE}"]
allowed_origins = ["{INTRANET}"]
"""


@pytest.fixture
def access_file(tmp_path: Path) -> Path:
    path = tmp_path / "access.toml"
    path.write_text(ACCESS_TOML)
    return path


@pytest.fixture
def access(access_file: Path) -> Access:
    return Access(ADMIN, [], read_access_file(access_file).collections, access_file)


def caller(token: str | None = None, origin: str | None = None) -> Caller:
    return Caller(token=token, cross_origin=origin)


# -- the file ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, field", [
    ("[collections.docs]\npublik = true\n", "collections.docs.publik"),
    ("[collections.docs]\nread_tokens = ['short']\n", "collections.docs.read_tokens"),
    ("[collections.docs]\nallowed_origins = ['https://a.org/path']\n", "collections.docs.allowed_origins"),
    ("[collections.docs]\nallowed_origins = ['a.org']\n", "collections.docs.allowed_origins"),
    ("[collections.docs]\npublic = 'yes please'\n", "collections.docs.public"),
    ("[collections.docs]\npublic = 'false'\n", "collections.docs.public"),  # a string, not TOML's false
    ("[collections.docs]\nallowed_origins = ['https://a.org:99999']\n", "collections.docs.allowed_origins"),
    ("[collections.docs]\nallowed_origins = ['https://a.org:port']\n", "collections.docs.allowed_origins"),
    ("[collections.docs]\nallowed_origins = ['https://user@a.org']\n", "collections.docs.allowed_origins"),
    ("[collections.'../etc']\npublic = true\n", "collections"),
    ("[collection.docs]\npublic = true\n", "collection"),
    ("collections = 3\n", "collections"),
    ("[collections]\n", "collections"),
    ("[collections.docs\n", "is not TOML"),
])
def test_a_bad_file_is_one_line_naming_the_file_and_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "access.toml"
    path.write_text(text)
    with pytest.raises(AccessFileError) as raised:
        read_access_file(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"access file {path}: ")
    assert field in message


@pytest.mark.parametrize("written, sent", [
    ("https://Help.Example.COM", "https://help.example.com"),
    ("HTTPS://help.example.com:443/", "https://help.example.com"),
    ("http://intranet.example.com:80", "http://intranet.example.com"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://[::1]:8080", "http://[::1]:8080"),
])
def test_an_origin_is_kept_as_browsers_send_it(tmp_path: Path, written: str, sent: str) -> None:
    path = tmp_path / "access.toml"
    path.write_text(f'[collections.docs]\npublic = true\nallowed_origins = ["{written}"]\n')
    access = Access(ADMIN, [], read_access_file(path).collections, path)
    assert access.refusal(caller(origin=sent), "docs") is None
    assert access.frame_ancestors(["docs"]) == f"'self' {sent}"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(AccessFileError, match="access file .*nothere.toml: cannot be read"):
        read_access_file(tmp_path / "nothere.toml")


def test_settings_point_at_the_file(access_file: Path, make_settings) -> None:
    built = Access.from_settings(make_settings(access_file=access_file, api_token=ADMIN))
    assert not built.open and set(built.rules) == {"docs", "private"}
    assert Access.from_settings(make_settings()).open


# -- the matrix ----------------------------------------------------------------------------------
@pytest.mark.parametrize("who, reads_docs, reads_private, writes_docs, writes_private", [
    (caller(), True, False, False, False),                              # no token, a program or our own page
    (caller(origin=PUBLIC_ORIGIN), True, False, False, False),          # the public embed's page
    (caller(READ, PUBLIC_ORIGIN), True, False, False, False),           # a private token on the public site
    (caller(ADMIN, PUBLIC_ORIGIN), True, False, True, False),           # even the admin token, from there
    (caller(READ), True, True, False, False),                           # private read-only token
    (caller(WRITE), True, True, False, True),                           # private read-write token
    (caller(DOCS_WRITE), True, False, True, False),                     # docs read-write token
    (caller(READ, INTRANET), False, True, False, False),                # the intranet page may not read docs
    (caller("not-a-token-0000000000"), True, False, False, False),      # (the Guard answers 401 first)
    (caller(ADMIN), True, True, True, True),
    (caller(origin="null"), False, False, False, False),                # a sandboxed frame
])
def test_the_token_origin_matrix(access: Access, who: Caller, reads_docs: bool, reads_private: bool,
                                 writes_docs: bool, writes_private: bool) -> None:
    assert (access.refusal(who, "docs") is None) == reads_docs
    assert (access.refusal(who, "private") is None) == reads_private
    assert (access.refusal(who, "docs", write=True) is None) == writes_docs
    assert (access.refusal(who, "private", write=True) is None) == writes_private


def test_a_refusal_is_a_403_naming_the_collection_and_the_file(access: Access, access_file: Path) -> None:
    with pytest.raises(Forbidden) as raised:
        access.scope(caller(origin=PUBLIC_ORIGIN), ["docs", "private"])
    assert raised.value.status == 403
    assert str(raised.value).startswith("collection private: ")
    # The access file is named, but its path on the server is not told to whoever asked.
    assert "in the access file" in str(raised.value) and str(access_file.parent) not in str(raised.value)
    with pytest.raises(Forbidden, match="^collection private: this token may only read it"):
        access.scope(caller(READ), ["private"], write=True)
    with pytest.raises(Forbidden, match="^collection docs: .*write_tokens"):
        access.scope(caller(), ["docs"], write=True)


def test_a_collection_the_file_does_not_name_is_closed_but_to_the_admin(access: Access) -> None:
    with pytest.raises(Forbidden, match="^collection default: is not open to this caller"):
        access.scope(caller(WRITE), ["default"])
    assert access.scope(caller(ADMIN), ["default"]) == Scope(collections=("default",))


def test_no_collection_named_reads_what_the_caller_may(access: Access) -> None:
    existing = ["docs", "private", "default"]
    assert access.scope(caller(), None, existing=existing) == Scope(collections=("docs",))
    assert access.scope(caller(READ), None, ("type=pdf",), existing) == Scope(("docs", "private"), ("type=pdf",))
    assert access.scope(caller(ADMIN), None, existing=existing) == Scope(collections=None)
    with pytest.raises(Forbidden, match="^collection: this caller may read no collection .*null"):
        access.scope(caller(origin="null"), None, existing=existing)


def test_all_reads_what_the_caller_may_and_is_no_place_to_write(access: Access) -> None:
    existing = ["docs", "private", "default"]
    assert access.scope(caller(), ["all"], existing=existing) == Scope(collections=("docs",))
    assert access.scope(caller(READ), [" all ", "private"], existing=existing) == Scope(collections=("docs", "private"))
    assert access.scope(caller(ADMIN), ["all"], existing=existing) == Scope(collections=None)
    with pytest.raises(Forbidden, match="^collection all: "):
        access.scope(caller(WRITE), ["all"], existing=existing, write=True)


def test_hostile_collection_names_are_refused(access: Access) -> None:
    for name in ("../private", "docs\nprivate", "x" * 65, "*"):
        with pytest.raises(BadRequest, match="^collection: .* is not a collection name"):
            access.scope(caller(ADMIN), [name])


def test_without_a_file_everything_is_as_before(make_settings) -> None:
    access = Access.from_settings(make_settings(api_token=ADMIN, allowed_origins="https://a.org"))
    assert access.open and access.needs_token and access.checks_tokens
    assert access.scope(caller(ADMIN), None, existing=["default"]) == Scope(collections=None)
    assert access.scope(caller(ADMIN), ["default"]) == Scope(collections=("default",))
    assert access.frame_ancestors(["default"]) == "'self' https://a.org"
    assert not Access.from_settings(make_settings()).checks_tokens


def test_the_door_and_the_frames(access: Access) -> None:
    assert not access.needs_token  # docs is public: no token gets in, and reads docs alone
    assert access.known_token(READ) and access.known_token(ADMIN) and not access.known_token("x" * 20)
    assert set(access.origins()) == {PUBLIC_ORIGIN, INTRANET}
    assert access.frame_ancestors(["docs"]) == f"'self' {PUBLIC_ORIGIN}"
    assert access.frame_ancestors(["private"]) == f"'self' {INTRANET}"
    assert access.frame_ancestors(["docs", "private"]) == "'self'"  # no page is allowed by both
    assert access.frame_ancestors(["default"]) == "'self'"  # default deny: no origins, no embed
    assert access.frame_ancestors() == "'self'"  # the other pages: the global list


def test_the_browser_cookie_names_the_token_it_came_from(access: Access) -> None:
    cookie = f"citeline_session={session_value(READ)}"
    same = Headers({"host": "citeline.local", "cookie": cookie, "origin": "http://citeline.local"})
    assert Caller.from_headers(same, access) == Caller(token=READ, cross_origin=None)
    other = Headers({"host": "citeline.local", "cookie": cookie, "origin": PUBLIC_ORIGIN})
    assert Caller.from_headers(other, access) == Caller(token=None, cross_origin=PUBLIC_ORIGIN)
    forged = Headers({"host": "citeline.local", "cookie": "citeline_session=" + "0" * 64})
    assert Caller.from_headers(forged, access).token is None
