"""Checks shared by the fast-path tests: batched (or fast) and plain reads give the same result.

Not a test module (pytest collects ``test_*.py`` only); the batching tests import it.
"""

import dataclasses

import pandas as pd

from ssi_analysis import SSIDataError


def spy(original):
    """Wrap a fast path's function: return the wrapper and the list it fills, one entry per
    call, with whether the call read the file (a result, not None: it was taken)."""
    taken: list[bool] = []

    def wrapped(*args):
        found = original(*args)
        taken.append(found is not None)
        return found

    return wrapped, taken


def assert_same(alone, batched):
    """The same frame and load report, or the same refusal with the same problems."""
    if isinstance(alone, SSIDataError):
        assert isinstance(batched, SSIDataError), "the batches loaded what one by one refused"
        pd.testing.assert_frame_equal(alone.problems, batched.problems)
        assert str(alone) == str(batched)
        return
    assert not isinstance(batched, SSIDataError), str(batched)
    pd.testing.assert_frame_equal(alone, batched)
    a, b = alone.attrs["load_report"], batched.attrs["load_report"]
    for field in dataclasses.fields(a):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y)
        else:
            assert x == y, field.name
