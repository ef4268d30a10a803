"""Anonymisation: whole tokens, any case or accent, identifiers and addresses; never markup."""

import pytest

from ssi_analysis.present.anonymize import Scrubber, pseudonym

KEY = b"a fixed key: the ids of the parametrized tests must be the same in every worker"
JOSE = pseudonym("José Álvarez", KEY)
DANA = pseudonym("Dana Wu", KEY)
ID = {name: pseudonym(name, KEY).lower().replace(" ", "_") for name in ("José Álvarez", "Dana Wu")}


@pytest.fixture
def scrub():
    return Scrubber(["José Álvarez", "Dana Wu", "me"], ["Content_2025_Dana.xlsx"], key=KEY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JOSE ALVAREZ", JOSE),  # another case, no accents
        ("jose alvarez", JOSE),
        ("Álvarez, José", JOSE),  # last name first
        ("dana.wu@acme.com", f"{ID['Dana Wu']}@acme.com"),  # e-mail local part
        ("meetings_dana_wu", f"meetings_{ID['Dana Wu']}"),  # identifier from a header
        ("Meetings (Dana Wu)", f"Meetings ({DANA})"),
        ("meetings dana wu", f"meetings {DANA}"),  # the sentence made of the metric
        ("DANA said", "(name) said"),  # a lone part written as a name
        ("meetings_dana", "meetings_name"),  # a lone part inside an identifier
        ("Content_2025_Dana.xlsx", "file 1.xlsx"),
    ],
)
def test_names_in_every_form_are_replaced(scrub, text, expected):
    assert scrub.plain(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "outcome,score,answer",  # "me" is the default person, never a name
        "send me the danawu report",  # not a whole token
        "Mr Danawu",
        "the same time",
    ],
)
def test_text_that_is_not_a_name_is_untouched(scrub, text):
    assert scrub.plain(text) == text


def test_lower_case_words_of_a_name_stay_in_prose():
    scrub = Scrubber(["Will Stone"], [], key=KEY)
    assert scrub.plain("it will rain; Will wrote; WILL STONE") == (
        f"it will rain; (name) wrote; {pseudonym('Will Stone', KEY)}"
    )


def test_markup_is_never_touched(scrub):
    page = (
        '<meta charset="utf-8"><style>.dana { color: red }</style>'
        '<img alt="" src="data:image/png;base64,DanaWu+/=">'
        '<p class="dana">Dana Wu &amp; José</p>'
    )
    assert scrub(page) == (
        '<meta charset="utf-8"><style>.dana { color: red }</style>'
        '<img alt="" src="data:image/png;base64,DanaWu+/=">'
        f'<p class="dana">{DANA} &amp; (name)</p>'
    )


def test_escaped_apostrophes_still_match():
    scrub = Scrubber(["Seán O'Brien"], [], key=KEY)
    assert (
        scrub("<td>Sean O&#x27;Brien</td>")
        == f"<td>{pseudonym(chr(83) + 'eán O' + chr(39) + 'Brien', KEY)}</td>"
    )


def test_decomposed_accents_match():
    scrub = Scrubber(["José Álvarez"], [], key=KEY)
    assert scrub.plain("Jose\u0301 A\u0301lvarez") == JOSE
