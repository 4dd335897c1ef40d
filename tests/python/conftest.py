import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def data_root() -> Path:
    from models.pipeline.paths import data_dir

    return data_dir()


@pytest.fixture(scope="session")
def data_dir():
    d = data_root()
    if not (d / "ag_news" / "test.csv").exists():
        pytest.skip(f"shared data not found at {d} (set GODEEP_DATA)")
    return d


@pytest.fixture(scope="session")
def tokenizer(data_dir):
    from models.pipeline import modeling

    return modeling.load_tokenizer(data_dir / "bert-base-uncased")
