"""How an extractive answer joins its shown units: a list is read on lines of its own, and what follows a list or code
starts a line (try19: `Defaults to "session". [2] - `path` - ...` ran a list on after a sentence)."""

from rag.answerer import _joint


def test_a_list_starts_a_line_and_what_follows_a_block_does_too():
    assert _joint('`session_cookie` - Defaults to "session".', "- `path` - The path set for the session cookie.") == "\n"
    assert _joint("The following arguments are supported:\n- `secret_key` - Should be a random string.",
                  "Session data is signed.") == "\n"
    assert _joint("Adds signed cookie-based HTTP sessions.", "Session data is signed.") == " "
