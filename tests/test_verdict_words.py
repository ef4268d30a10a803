"""Issue #27: rewording a verdict is one edit, in ``names.VERDICT_WORDS``.

The sample report and the sample team's report are built with the "inconclusive" verdict
reworded in that one map; no "can't tell yet" may remain in what a reader gets (the page's
sentences, grid, legend, glossary and every CSV written beside it), and the new words must be
there, at a sentence's start ("Not known yet: ...") and inside one ("... we not known yet").
"""

import html
import re

import matplotlib

matplotlib.use("Agg")

import pytest

from ssi_analysis import names
from ssi_analysis.words.format import verdict_phrase

OLD = re.compile(r"can[’']t tell yet", re.IGNORECASE)


def test_verdict_phrase_reads_the_map_when_called(monkeypatch):
    assert verdict_phrase("inconclusive", start=True) == "Can't tell yet"
    monkeypatch.setitem(names.VERDICT_WORDS, "inconclusive", "not known yet")
    assert verdict_phrase("inconclusive") == "not known yet"
    assert verdict_phrase("inconclusive", start=True) == "Not known yet"
    assert verdict_phrase("ruled out", start=True) == "Ruled out"


@pytest.mark.parametrize("which", ["sample", "team"])
def test_a_reworded_verdict_reaches_every_sentence_cell_and_csv(which, tmp_path, monkeypatch):
    from golden import sample_args, team_args  # tests/golden.py: the golden files' command lines

    from ssi_analysis.cli import main

    monkeypatch.setitem(names.VERDICT_WORDS, "inconclusive", "not known yet")
    page = tmp_path / f"{which}.html"
    assert main(sample_args(page) if which == "sample" else team_args(page)) == 0

    # the page as a reader sees it: text content, entities resolved (images dropped)
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    texts = {page.name: shown}
    texts.update({p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv")})
    assert f"{which}_answers.csv" in texts, sorted(texts)
    left = {name: OLD.findall(text) for name, text in texts.items() if OLD.search(text)}
    assert not left, {n: [m.start() for m in OLD.finditer(texts[n])][:5] for n in left}

    answers = texts[f"{which}_answers.csv"]
    assert "Not known yet:" in answers  # the sentences' start
    assert "Not known yet:" in shown  # the page's sentences and legend
    assert "not known yet" in shown  # the grid's cells, the glossary, the first screen
    legend = re.search(r'<p class="legend">(.*?)</p>', page.read_text(encoding="utf-8"), re.S)
    if legend:
        assert "Not known yet: neither" in html.unescape(legend.group(1))


def test_a_reworded_verdict_reaches_the_workshop_handout_and_take_home_page(monkeypatch):
    """The handout and the take-home page once carried the verdicts as literal text."""
    from ssi_analysis.present.workshop import handout_html, take_home_html

    monkeypatch.setitem(names.VERDICT_WORDS, "inconclusive", "not known yet")
    monkeypatch.setitem(names.VERDICT_WORDS, "linked", "tied")
    for page in (handout_html(), take_home_html()):
        shown = html.unescape(re.sub(r"<[^>]+>", " ", page))
        assert not OLD.search(shown), OLD.findall(shown)
        assert "“not known yet”" in shown and "“tied”" in shown
        assert not re.search(r"“linked”|\bLinked;", shown)


#: A verdict said as a label: quoted, as a heading's or a legend's word, or a column heading
#: ("Ruled out inside"). Plain English ("cannot be ruled out", "linked to") is not a label.
LABEL = re.compile(
    r"[\"“'](?:linked|ruled out|Linked|Ruled out)[\"”']"
    r"|pillars: (?:linked|ruled out)\b|\bRuled out inside|\bruled out inside"
    r"|\* linked;|○ ruled out|Team verdicts: linked|; ruled out when|\blinked means"
    r"|\bRuled out, in the|= ruled out\b"
)


@pytest.mark.parametrize("which", ["sample", "team"])
def test_every_verdict_label_on_a_page_comes_from_the_map(which, tmp_path, monkeypatch):
    """Rewording all three verdicts leaves none of their old labels on the page (headings,
    the grid's legend and alt text, the team table's headings, the methods, the planner)."""
    from golden import sample_args, team_args

    from ssi_analysis.cli import main

    monkeypatch.setitem(names.VERDICT_WORDS, "linked", "tied")
    monkeypatch.setitem(names.VERDICT_WORDS, "ruled out", "excluded")
    monkeypatch.setitem(names.VERDICT_WORDS, "inconclusive", "not known yet")
    page = tmp_path / f"{which}.html"
    assert main(sample_args(page) if which == "sample" else team_args(page)) == 0
    raw = page.read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]+"', "", raw)))
    alts = " ".join(html.unescape(a) for a in re.findall(r'alt="([^"]*)"', raw))
    for text in (shown, alts):
        found = [text[max(0, m.start() - 40) : m.end() + 20] for m in LABEL.finditer(text)]
        assert not found, found[:5]
    assert "tied" in shown and "excluded" in shown
