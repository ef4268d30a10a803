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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep ``xdist_group`` working: every test of a group on one worker (``--dist=loadgroup``).

    xdist tells its scheduler an item's group by appending ``@group`` to the item's node id
    (``item._nodeid``); pytest 9.2 builds node ids from a structured id instead, so the
    suffix was silently lost and every group's tests spread over the workers, each building
    the file's module-scoped fixtures again (test_install's venv, test_report's sample
    reports, the calibration files' simulations). pytest-xdist issue 1386, open with xdist
    3.8.0. Where the suffix is missing, this puts it on the structured id; with a pytest or
    xdist that keeps it, it does nothing.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # a pytest before structured ids: xdist's own suffix works
        return
    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        suffix = "@" + "_".join(sorted(names))
        if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = NodeId.parse(item.nodeid + suffix)


def pytest_xdist_auto_num_workers(config):
    """One worker more than the cores on a small machine (``--numprocesses=auto``).

    A fifth of a 2-core run waits on other processes (pip installing the kit into a fresh
    venv, Jupyter kernels and Chromium starting): 1.6 of 2 cores were busy (user+sys 1,860 s
    in 1,121 s of pytest). A third worker fills those waits; on a larger machine the cores do.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return cores + 1 if cores <= 4 else cores
