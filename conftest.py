"""Settings for every test and doctest: file-only plots, one BLAS thread, figures closed."""

import os
import sys

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

# One BLAS thread in each test process and the Pythons it starts (CLI runs, kernels): the
# suite runs 3 workers on 2 cores, where a worker's second OpenBLAS thread waits for a core.
# Two file sets, two runs each way, 3 workers, on a shared busy machine: 2-5 % less CPU, within
# the noise (team_ppml + group_by + team_cumulative 61.4, 60.9 -> 55.3, 59.8 s; team_power +
# team_ppml 52.5, 50.4 -> 49.5, 51.0 s). The answers are the same bytes either way (the
# sample's and the sample team's answers tables); the kit's state-space fits already use one.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
if "numpy" in sys.modules:  # loaded before this file: its pool has already started
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=int(os.environ["OPENBLAS_NUM_THREADS"]), user_api="blas")


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
