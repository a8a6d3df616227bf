"""Fenced blocks of include lines and omission comments: no code of their own."""

from rag.placeholder_code import shows_no_code


def test_include_lines_with_omission_comments_show_no_code():
    assert shows_no_code(["# Code above omitted 👆", "", "{!./docs_src/where/tutorial001.py[ln:34-39]!}", "# Code below omitted 👇"])
    assert shows_no_code(["{* ./docs_src/app/tutorial001.py ln[1:8] hl[3] *}", "..."])
    assert shows_no_code(['--8<-- "docs_src/app.py"', "// ..."])
    assert shows_no_code(["{!> ../../docs_src/python_types/tutorial009_py310.py!}"])
    # SQLModel's first steps: the file's first lines, then a comment saying the rest comes later.
    assert shows_no_code(["{!./docs_src/tutorial/create_db_and_table/tutorial001_py310.py[ln:1-16]!}", "",
                          "# More code here later 👇"])


def test_a_block_with_a_line_of_its_own_or_no_include_is_code():
    assert not shows_no_code(["{!./docs_src/app.py!}", "engine = create_engine(url)"])
    assert not shows_no_code(["# Code above omitted 👆", "..."])
    assert not shows_no_code(["$ python app.py", "// Output above omitted 👆"])
    assert not shows_no_code([])
