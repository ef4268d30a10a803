"""Settings for every test and doctest: a file-only plotting backend, figures closed after."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def pytest_xdist_auto_num_workers(config):
    """One worker more than the cores on a small machine (``--numprocesses=auto``).

    A fifth of a 2-core run waits on other processes (pip installing the kit into a fresh
    venv, Jupyter kernels and Chromium starting): 1.6 of 2 cores were busy (user+sys 1,860 s
    in 1,121 s of pytest). A third worker fills those waits; on a larger machine the cores do.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return cores + 1 if cores <= 4 else cores
