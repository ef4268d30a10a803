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


def test_the_p_and_number_rules_are_one_function_each():
    """#27: changing how p (or a number) prints is one edit, in ssi_analysis/words/format.py."""
    from ssi_analysis.present import words as page_words
    from ssi_analysis.stats import answers
    from ssi_analysis.words import answers as answer_words
    from ssi_analysis.words import diagnostic, format

    assert answers._fmt_p is answer_words._fmt_p is diagnostic._fmt_p is format.fmt_p
    assert answer_words._fmt is diagnostic._fmt is page_words._number is format.fmt
    assert answers.VERDICTS is names.VERDICTS and tuple(names.VERDICT_WORDS) == names.VERDICTS


def test_no_sentence_or_formatter_is_defined_in_the_statistics_layer():
    """#27: stats/ returns numbers, kinds and reasons; ssi_analysis/words says them.

    A function under ssi_analysis/stats whose name says it builds words (``*sentence*``,
    ``*_words``, ``_fmt*``, ``_pct``...) fails this (``seller_note`` says its words with
    :func:`ssi_analysis.words.answers._seller_note`)."""
    import ast
    from pathlib import Path

    stats = Path(names.__file__).resolve().parent / "stats"
    allowed: set[tuple[str, str]] = set()

    def says_words(name: str) -> bool:
        return (
            "sentence" in name
            or name.startswith(("_fmt", "fmt"))
            or name.endswith(("_words", "_phrase", "_label"))
            or name in ("_pct", "_share_pct", "share_pct", "_num", "_number")
        )

    found = []
    for path in sorted(stats.rglob("*.py")):
        if path.name in ("intervention.py", "experiment.py", "power.py"):
            continue  # their wording is outside #27's first step (not moved yet)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and says_words(node.name):
                where = (path.relative_to(stats).as_posix(), node.name)
                if where not in allowed:
                    found.append(where)
    assert not found, found


def test_the_experiment_the_scatter_and_the_lessons_say_p_by_the_one_rule():
    """#27: a reviewer saw a lesson print p = 0.0504 as "0.050" and a page 0.0496 as "0.05".

    No module that writes p for a reader formats it by hand (``p = {x:.3f}``); the lessons'
    and the plots' helpers are the one rule's."""
    import re
    from pathlib import Path

    from ssi_analysis.present import plots
    from ssi_analysis.simulate import lessons
    from ssi_analysis.words.format import fmt_p

    for p in (0.0496, 0.0504, 0.04996, 0.0004, 0.2345, 0.0099):
        assert lessons._p(p) == plots._p_words(p) == fmt_p(p), p
        assert plots._p_words(p, "naive p") == fmt_p(p, "naive p"), p
    root = Path(names.__file__).resolve().parent
    by_hand = re.compile(r"\bp = \{[^}]*:\.\d+f\}")
    for path in ("present/experiment.py", "present/plots.py", "simulate/lessons.py"):
        found = by_hand.findall((root / path).read_text(encoding="utf-8"))
        assert not found, (path, found)
