"""A follow-up asking only how to change what its pronoun stands for ("How do I change it?"), after an
answer quoting a setting's own line, is answered by that line, its flag naming how; not by another
section of the page saying "changes" of another setting (uvicorn's settings page, BSD-3-Clause,
github.com/encode/uvicorn docs/settings.md, trimmed)."""

import pytest

from rag.setting_change import asks_only_to_change, sets_a_setting
from rag.terms import terms
from rag.types import Message
from tests.rag.conftest import engine_of_files

SETTINGS = """# Settings

Use the following options to configure Uvicorn, when running from the command line.

## Configuration Methods

There are three ways to configure Uvicorn:

1. **Command Line**: Use command line options when running Uvicorn directly.
   ```bash
   uvicorn main:app --host 0.0.0.0 --port 8000
   ```

2. **Programmatic**: Use keyword arguments when running programmatically with `uvicorn.run()`.
   ```python
   uvicorn.run("main:app", host="0.0.0.0", port=8000)
   ```

    !!! note
        When using `reload=True` or `workers=NUM`, you should put `uvicorn.run` into
        an `if __name__ == '__main__'` clause in the main module.

3. **Environment Variables**: Use environment variables with the prefix `UVICORN_`.
   ```bash
   export UVICORN_HOST="0.0.0.0"
   export UVICORN_PORT="8000"
   uvicorn main:app
   ```

CLI options and the arguments for `uvicorn.run()` take precedence over environment variables.

Also note that `UVICORN_*` prefixed settings cannot be used from within an environment
configuration file. Using an environment configuration file with the `--env-file` flag is
intended for configuring the ASGI application that uvicorn runs, rather than configuring
uvicorn itself.

## Socket Binding

* `--host <str>` - Bind socket to this host. Use `--host 0.0.0.0` to make the application available on your local network. IPv6 addresses are supported, for example: `--host '::'`. **Default:** *'127.0.0.1'*.
* `--port <int>` - Bind to a socket with this port. If set to 0, an available port will be picked. **Default:** *8000*.
* `--uds <path>` - Bind to a UNIX domain socket, for example `--uds /tmp/uvicorn.sock`. Useful if you want to run Uvicorn behind a reverse proxy.
* `--fd <int>` - Bind to socket from this file descriptor. Useful if you want to run Uvicorn within a process manager.

## Development

* `--reload` - Enable auto-reload. Uvicorn supports two versions of auto-reloading behavior enabled by this option. **Default:** *False*.
* `--reload-dir <path>` - Specify which directories to watch for python file changes. May be used multiple times. If unused, then by default the whole current directory will be watched. If you are running programmatically use `reload_dirs=[]` and pass a list of strings.
* `--reload-delay <float>` - Delay between previous and next check if application needs to be reloaded. **Default:** *0.25*.

### Reloading without watchfiles

If Uvicorn _cannot_ load [watchfiles](https://pypi.org/project/watchfiles/) at runtime, it will periodically look for changes in modification times to all `*.py` files (and only `*.py` files) inside of its monitored directories. See the `--reload-dir` option. Specifying other file extensions is not supported unless watchfiles is installed. See the `--reload-include` and `--reload-exclude` options for details.

### Reloading with watchfiles

For more nuanced control over which file modifications trigger reloads, install `uvicorn[standard]`, which includes watchfiles as a dependency. Alternatively, install [watchfiles](https://pypi.org/project/watchfiles/) where Uvicorn can see it.

Using Uvicorn with watchfiles will enable the following options (which are otherwise ignored):

* `--reload-include <glob-pattern>` - Specify a glob pattern to match files or directories which will be watched. May be used multiple times. By default the following patterns are included: `*.py`. These defaults can be overwritten by including them in `--reload-exclude`.
* `--reload-exclude <glob-pattern>` - Specify a glob pattern to match files or directories which will excluded from watching. May be used multiple times. By default the following patterns are excluded: `.*, .py[cod], .sw.*, ~*`. These defaults can be overwritten by including them in `--reload-include`.

!!! tip
    When using Uvicorn through [WSL](https://en.wikipedia.org/wiki/Windows_Subsystem_for_Linux), you might
    have to set the `WATCHFILES_FORCE_POLLING` environment variable, for file changes to trigger a reload.
    See [watchfiles documentation](https://watchfiles.helpmanual.io/api/watch/) for further details.

## Timeouts

* `--timeout-keep-alive <int>` - Close Keep-Alive connections if no new data is received within this timeout. **Default:** *5*.
* `--timeout-graceful-shutdown <int>` - Maximum number of seconds to wait for graceful shutdown. After this timeout, the server will start terminating requests.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "setting-change", {"settings.md": SETTINGS})
    yield engine
    engine.close()


def test_a_setting_line_opens_with_its_flag_or_key():
    assert sets_a_setting("`--port <int>` - Bind to a socket with this port.")
    assert sets_a_setting("- `remote_branch`: The remote branch to commit to.")
    assert not sets_a_setting("There are three ways to configure Uvicorn:")
    assert not sets_a_setting("`uvicorn` is an ASGI web server.")


def test_only_a_change_asked():
    assert asks_only_to_change(terms("change"))
    assert not asks_only_to_change(terms("change socket"))
    assert not asks_only_to_change(frozenset())


# Each first question with the answer quoting its setting's line, as the extractive answerer shows it.
FIRST = [("What is the default keep-alive timeout?",
          "`--timeout-keep-alive <int>` - Close Keep-Alive connections if no new data is received within this "
          "timeout. Default: 5. [1]", "--timeout-keep-alive"),
         ("What port does uvicorn use by default?",
          "`--port <int>` - Bind to a socket with this port. If set to 0, an available port will be picked. "
          "Default: 8000. [1]", "--port <int>")]


@pytest.mark.parametrize(("first", "said", "flag"), FIRST)
def test_how_to_change_it_is_the_quoted_setting_line(engine, first, said, flag):
    history = [Message(role="user", content=first), Message(role="assistant", content=said)]
    answer = engine.ask("And how do I change it?", history=history)
    assert not answer.abstained and flag in answer.answer, answer.answer
