"""Demo data (filled below)."""


def load(**kwargs):
    return None
