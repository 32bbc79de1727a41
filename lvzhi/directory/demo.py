def load(**kwargs):
    pass
