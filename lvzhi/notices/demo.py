def load(**kwargs):
    return {}
