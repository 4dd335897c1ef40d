"""Stage 1 (mlm) and stage 2 (classify); filled in below."""


def add_commands(sub, common):
    pass
