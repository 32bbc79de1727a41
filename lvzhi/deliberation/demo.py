"""Demo data of online deliberation (filled in below)."""


def load(**kwargs):
    return None
