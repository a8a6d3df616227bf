"""Evidence: the units of retrieved passages with the vectors they are scored by (real index)."""

import pytest

from tests.rag.conftest import engine_of_files

# After Poetry's docs (MIT licence, docs/dependency-specification.md): a table with no lead-in,
# under the heading that says what its rows are.
WILDCARDS = """# Dependency specification

## Version constraints

### Wildcard requirements

**Wildcard requirements** allow for the latest (dependency dependent) version where the wildcard is positioned.

`1.2.*` is an example of a wildcard requirement.

| Requirement | Versions allowed |
| ----------- | ---------------- |
| *           | >=0.0.0          |
| 1.*         | >=1.0.0 <2.0.0   |
| 1.2.*       | >=1.2.0 <1.3.0   |

### Exact requirements

If you want to depend on a specific version, you can use an exact requirement such as `==1.2.3`.
"""


@pytest.fixture(scope="module")
def wildcard_engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "wildcards", {"dependency-specification.md": WILDCARDS})
    yield engine
    engine.close()


def test_a_table_row_is_read_with_its_header_and_section(wildcard_engine):
    answer = wildcard_engine.ask("Which versions does the wildcard requirement 1.2.* allow?")
    assert not answer.abstained
    assert "Requirement: 1.2.*; Versions allowed: >=1.2.0 <1.3.0" in answer.answer, answer.answer
    row = next(s for s in answer.sources if ">=1.2.0 <1.3.0" in s.text)
    # The row is cited as the document has it; the answer shows it with its header.
    assert row.text.startswith("| 1.2.*") and row.text.rstrip().endswith("|")
