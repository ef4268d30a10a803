"""Issue #27: one map from verdict to words and one rule for p, read by every page part.

Rewording a verdict is one edit (``names.VERDICT_WORDS``); a plot's title says p as the
sentence beside it does.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd

from ssi_analysis import names


def test_rewording_a_verdict_in_one_map_rewords_the_plots_the_team_page_and_the_forks(
    monkeypatch,
):
    from ssi_analysis.present import plots, team, words
    from ssi_analysis.stats.answers import compare_verdicts

    monkeypatch.setitem(names.VERDICT_WORDS, "inconclusive", "not known yet")
    assert words.VERDICT_WORDS is names.VERDICT_WORDS is team.VERDICT_WORDS

    links = pd.DataFrame(
        {"activity": ["posts_published"] * 2, "pillar": ["brand", "insights"],
         "verdict": ["inconclusive", "linked"], "lag": [0, 1], "unit": ["week"] * 2}
    )  # fmt: skip
    ax = plots.link_grid(links)
    assert "not known yet" in [t.get_text() for t in ax.texts]
    matplotlib.pyplot.close("all")

    base = pd.DataFrame({"score": ["ssi"], "outcome": ["replies"], "verdict": ["linked"]})
    tables = {"weekly_log1p": base, "monthly_log1p": base.assign(verdict=["inconclusive"])}
    note = compare_verdicts(tables, primary="weekly_log1p")["fork_note"].iloc[0]
    assert 'that way it is "not known yet"' in note, note


def test_a_plot_title_says_p_as_the_sentences_do():
    from ssi_analysis.present import plots, words
    from ssi_analysis.stats.answers import _fmt_p

    for p in (0.031, 0.0496, 0.04996, 0.0004, 0.2345, np.nan):
        assert plots._p_words(p) == words._p(p) == _fmt_p(p), p
