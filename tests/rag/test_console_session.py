"""A console sample of the page's example program (Typer's termy blocks) is output, not a step; a command a
reader types to do the step is one, whatever it prints."""

from rag.console_session import runs_example

HELP_SCREEN = """$ python main.py --help

Usage: main.py [OPTIONS] NAME

Options:
  --lastname TEXT         Last name of person to greet. [default: ]
  --help                  Show this message and exit.

// Now you have a help text for the --lastname CLI option"""


def test_the_example_program_run_with_its_output_is_a_sample():
    assert runs_example(HELP_SCREEN)
    assert runs_example("// Check the help\n$ python main.py --help\n\nUsage: main.py [OPTIONS]")
    # Set for the one command, or run through a project's runner: still the page's script.
    assert runs_example('$ MY_NAME="Wade Wilson" python main.py\n\nHello Wade Wilson from Python')
    assert runs_example("% uv run python3 app.py Camila\nHello Camila")


def test_a_command_to_type_is_a_step():
    assert not runs_example("$ pip install httpx[socks]")
    # A tool's command with its output (the secret it prints, the server's log) is still the step.
    assert not runs_example("$ openssl rand -hex 32\n\n09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7")
    assert not runs_example("$ mkdocs serve\nINFO    -  Building documentation...")
    assert not runs_example("$ python -m pytest\n===== 3 passed =====")
    # The script run with nothing printed shows only what to type.
    assert not runs_example("$ python main.py\n// Nothing printed")
    # Code, not a console.
    assert not runs_example('import typer\n\napp = typer.Typer()\nprint("$ python main.py")')
