"""Tables that may end in footer lines (Salesforce) read with pyarrow give the csv path's table.

``read_table(..., footer=...)`` first tries :func:`~ssi_analysis.readers._text._fast_to_footer`
(pyarrow for the lines above the footer) and falls back to the csv module's line-by-line path.
Each case here is read both ways (the pyarrow step switched off for the second) and the two
tables must agree to the cell, line number, note and problem; mutated files (hypothesis) check
that whatever the pyarrow step accepts, it reads as the csv path does.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from same_load import assert_same, spy

from ssi_analysis import load_outcomes
from ssi_analysis.exceptions import Problems
from ssi_analysis.readers import _text
from ssi_analysis.readers.crm import crm_footer
from ssi_analysis.simulate import simulate
from ssi_analysis.simulate.writers import write_salesforce_csv

SALESFORCE = (
    '"Opportunity Owner","Account Name","Stage","Amount Currency","Amount","Close Date",'
    '"Created Date"\n'
    '"Dana W.","Acme","Closed Won","USD","$1,234,567","3/20/2026","3/2/2026"\n'
    '"Dana W.","Globex, Inc.","Prospecting","USD","$2,500.50","4/30/2026","3/13/2026"\n'
    '"Eli K.","Hooli ""EU""","Closed Won","USD","$100","3/26/2026","3/11/2026"\n'
    "\n"
    '"Grand Totals (3 records)"\n'
    "\n"
    '"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
)
HUBSPOT = (
    '"Record ID","Deal Name","Deal Stage","Amount","Close Date","Create Date","Deal owner"\n'
    '"1","Acme","Closed Won","1200","2026-03-20","2026-03-02","Ana"\n'
    '"2","Globex","closedlost","700","2026-04-20","2026-03-03","Bo"\n'
)


def read_both(monkeypatch, text: str):
    """(csv path's table and problems, read_table's table and problems, pyarrow step taken)."""
    fast_to_footer, taken = spy(_text._fast_to_footer)
    slow_problems, fast_problems = Problems(), Problems()
    with monkeypatch.context() as patch:
        patch.setattr(_text, "_fast_to_footer", lambda *args: None)
        slow = _text.read_table(text.encode(), "f.csv", slow_problems, footer=crm_footer)
    with monkeypatch.context() as patch:
        patch.setattr(_text, "_fast_to_footer", fast_to_footer)
        fast = _text.read_table(text.encode(), "f.csv", fast_problems, footer=crm_footer)
    return (slow, slow_problems), (fast, fast_problems), any(taken)


def assert_same_table(slow, fast):
    (a, a_problems), (b, b_problems) = slow, fast
    assert list(a_problems) == list(b_problems)
    if a is None:
        assert b is None
        return
    assert b is not None
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.lines.tolist() == b.lines.tolist()
    assert (a.header_line, a.delimiter, a.rejected, a.notes, a.continued) == (
        b.header_line,
        b.delimiter,
        b.rejected,
        b.notes,
        b.continued,
    )


@pytest.mark.parametrize(
    ("text", "by_pyarrow"),
    [
        (SALESFORCE, True),
        (SALESFORCE.replace("\n", "\r\n"), True),
        (SALESFORCE.replace(",", ";").replace("$1;234;567", "$1.234.567"), True),
        (
            SALESFORCE.replace('"Grand Totals (3 records)"', '"Grand Totals (3 records)",,,,,,'),
            True,
        ),
        (SALESFORCE + "trailing, junk, of, any, width\n", True),  # after the footer: not read
        (HUBSPOT, True),  # no footer: the whole file by pyarrow
        (
            HUBSPOT + ",,,,,,\n" + '"3","Hooli","Closed Won","9","2026-05-01","2026-04-01","Cy"\n',
            True,
        ),
        (HUBSPOT + '"Total (2 records)",,,,,,\n' + HUBSPOT.split("\n", 1)[1], True),  # midway
        (SALESFORCE.replace('"Eli K."', '"Eli K.\nsecond line"'), False),  # a quoted line break
        (SALESFORCE.replace('"Eli K.",', ""), False),  # a short line: rejected and named
        (SALESFORCE.replace('"3/26/2026"', '"3/26/2026'), False),  # an open quote to the end
        (HUBSPOT.replace('"Deal Name"', '"Amount"'), True),  # a name twice: Amount.1
        (
            HUBSPOT.replace('"Deal Name","Deal Stage"', '"Stage","Stage.1"').replace(
                '"Record ID"', '"Stage"'
            ),
            False,
        ),  # Stage, Stage.1 twice: the csv path's
    ],
)
def test_the_pyarrow_step_reads_what_the_csv_path_reads(monkeypatch, text, by_pyarrow):
    slow, fast, taken = read_both(monkeypatch, text)
    assert_same_table(slow, fast)
    assert taken == by_pyarrow


def test_the_footer_is_noted_at_its_line(monkeypatch):
    _, (table, _), taken = read_both(monkeypatch, SALESFORCE)
    assert taken
    assert table.notes == ["footer from line 6 on was not read as data"]
    assert table.lines.tolist() == [2, 3, 4]
    assert table.frame["Account Name"].tolist() == ["Acme", "Globex, Inc.", 'Hooli "EU"']


def test_a_footer_above_the_last_lines_searched(monkeypatch):
    # the footer's first line is further up than the lines searched from the end: the rows
    # below it are not data, whatever they hold
    body = HUBSPOT.split("\n", 1)[1] * 40
    text = HUBSPOT + '"Grand Totals (82 records)",,,,,,\n' + body
    slow, fast, taken = read_both(monkeypatch, text)
    assert taken
    assert_same_table(slow, fast)
    assert fast[0].notes == ["footer from line 4 on was not read as data"]
    assert len(fast[0].frame) == 2


def test_a_simulated_team_report_loads_the_same(monkeypatch, tmp_path):
    sim = simulate("team", seed=3, people=12, days=200, deal_rate=0.3)
    path = write_salesforce_csv(sim.deals, tmp_path / "report1700000000000.csv", seed=3)
    with monkeypatch.context() as patch:
        patch.setattr(_text, "_fast_to_footer", lambda *args: None)
        slow = load_outcomes(path)
    taken = []
    original = _text._fast_to_footer

    def spy(*args):
        taken.append(original(*args) is not None)
        return original(*args)

    monkeypatch.setattr(_text, "_fast_to_footer", spy)
    assert_same(slow, load_outcomes(path))
    assert taken == [True]


# CI runs the same cases every time; SSI_FUZZ_EXAMPLES=2000 explores afresh.
EXAMPLES = int(os.environ.get("SSI_FUZZ_EXAMPLES", "150"))
PIECES = ["\n", "\r", ",", ";", '"', '""', " ", "\t", "\u00a0", "\x1f", "é", "Grand Totals",
          "Total (", "Copyright", ",,,,,,", "x"]  # fmt: skip


@st.composite
def mutated(draw, base: str) -> str:
    text = base
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "dup_line"]))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 6)) :]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
    return text


@pytest.mark.parametrize("base", [SALESFORCE, HUBSPOT], ids=["salesforce", "hubspot"])
def test_mutated_tables_read_the_same_both_ways(monkeypatch, base):
    counts = np.zeros(2, dtype=int)  # [pyarrow step taken, not taken]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize="SSI_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(text=mutated(base))
    def run(text):
        slow, fast, taken = read_both(monkeypatch, text)
        assert_same_table(slow, fast)
        counts[0 if taken else 1] += 1

    run()
    assert counts.all(), counts  # both ways were compared, not only one
