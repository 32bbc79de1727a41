"""Files that read as one subject (docs/architecture.md): a file of the code that grows past about
600 lines becomes a package along its sections, its `__init__.py` giving the public names. Demo data
loaders, migrations and tests are lists of data and cases, not subjects, and are not counted."""

from pathlib import Path

import lvzhi

LIMIT = 660  # "about 600": the ledger's rebuild and check (651) is one subject


def _counted():
    root = Path(lvzhi.__file__).parent
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts or "tests" in parts or path.name.startswith("demo"):
            continue
        yield path.relative_to(root.parent), len(path.read_text(encoding="utf-8").splitlines())


def test_no_file_of_the_code_is_longer_than_about_600_lines():
    files = dict(_counted())
    assert len(files) > 300  # the walk found the code
    assert {str(path): lines for path, lines in files.items() if lines > LIMIT} == {}
