"""Shared fixtures: a seeded generator, a file writer, and the real exports in ../shared/real."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "real"


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20260427)


@pytest.fixture
def write(tmp_path):
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def _write(name: str, content: str | bytes, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write


@pytest.fixture
def repo() -> Path:
    """The repository's root folder."""
    return REPO


@pytest.fixture
def real() -> Path:
    """The real exports; tests that need them skip when the folder is absent."""
    if not REAL.is_dir():
        pytest.skip(f"real exports not found at {REAL} (they live beside the repository)")
    return REAL
