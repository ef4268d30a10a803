"""Progress on standard error for the steps of a long run, named as the user reads them.

A bar from tqdm ("answering 500 sellers: step 3 of 5, 0:12"), shown only when standard error
is a terminal (tqdm's ``disable=None``): logs, pipes and tests stay quiet. The statistics
layer knows nothing of it; the pipeline (:func:`ssi_analysis.present.report.build_report`,
:func:`ssi_analysis.present.workshop.write_pack`) says which step it starts.

tqdm redraws only when a step ends; a step can take half a minute (answering a team of 500),
so a small daemon thread redraws the bar once a second meanwhile, so that the clock moves —
tqdm has no timer of its own for a bar that is not iterated.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

__all__ = ["Steps", "quiet"]


def quiet(step: str) -> None:
    """Say nothing (the default of functions that take a ``progress`` callable)."""


class Steps:
    """Step-by-step progress: call the object with each step's name as it starts.

    Parameters
    ----------
    total : int
        The number of steps.
    enabled : bool or None
        ``None`` (default): shown when standard error is a terminal; ``False``: never;
        ``True``: always (tests).
    file : file object, optional
        Where to draw (default: standard error).

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> with Steps(2, enabled=True, file=out) as step:
    ...     step("reading the data")
    ...     step("answering 12 sellers")
    >>> "answering 12 sellers" in out.getvalue()
    True
    >>> with Steps(2, file=io.StringIO()) as step:  # not a terminal: nothing is drawn
    ...     step("reading the data")
    """

    def __init__(self, total: int, *, enabled: bool | None = None, file=None) -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=total,
            file=file if file is not None else sys.stderr,
            disable=None if enabled is None else not enabled,
            bar_format="{desc}: step {n_fmt} of {total_fmt}, {elapsed}",
            leave=False,
            dynamic_ncols=True,
        )
        self._started = False
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, step: str) -> None:
        """Start ``step`` (the one before it is done)."""
        if self._started:
            self._bar.update(1)
        self._started = True
        self._bar.set_description_str(step, refresh=True)

    def __enter__(self) -> Callable[[str], None]:
        if not self._bar.disable:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        self._bar.close()

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            self._bar.refresh()
