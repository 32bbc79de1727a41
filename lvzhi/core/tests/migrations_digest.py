"""The digest of every migration and of Django's version, which names the migrated databases the
tests keep as templates (the SQLite test database's under var/, conftest.py; the deployment test's on
PostgreSQL, test_multi_instance.py): a changed migration gives another digest and a new template."""

import functools
import hashlib
from pathlib import Path


@functools.cache  # once per process: every database test asks for its template's name
def migrations_digest() -> str:
    import django
    from django.apps import apps

    digest = hashlib.sha256(django.get_version().encode())
    for app in apps.get_app_configs():
        digest.update(app.label.encode())
        for path in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]
