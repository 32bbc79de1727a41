"""The set-up the page benchmarks share: Django configured (a fresh SQLite file under a temporary
LVZHI_VAR_DIR unless DATABASE_URL names a database), migrated, and the demo loaded when the
database is empty."""

import os
import tempfile
import time


def demo_database(prefix: str = "lvzhi-bench-") -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["LVZHI_VAR_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", "--if-empty", verbosity=0)
    print(f"demo data ready in {time.perf_counter() - started:.1f} s")
