"""Filesystem locations shared by all stages."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "models"
WORK = MODELS / ".work"


def data_dir(override: str | None = None) -> Path:
    """Data root: --data-dir, else $GODEEP_DATA, else <repo>/../shared/data."""
    if override:
        return Path(override)
    env = os.environ.get("GODEEP_DATA")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "data"


def tokenizer_dir(data: Path) -> Path:
    return data / "bert-base-uncased"
