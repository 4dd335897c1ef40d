"""Training / export pipeline for the Go Deep BERT article.

Run from the repository root:  python -m models.pipeline <command> [options]
"""
