"""The outcome readers' registry: a new export is a module plus its registration, nothing else.

The toy export below is what such a module would hold: it is registered through the public
function only, and read through ``load_outcomes`` with no other change to the kit.
"""

from __future__ import annotations

import pytest

from ssi_analysis import load_outcomes, load_ssi
from ssi_analysis.errors import SSIDataError
from ssi_analysis.readers import registry
from ssi_analysis.readers.records import Records, long_records
from ssi_analysis.readers.registry import (
    OutcomeReader,
    ReadOptions,
    outcome_kinds,
    outcome_readers,
    register_outcome_reader,
    unregister_outcome_reader,
)

# ------------------------------------------------------------------ the toy export's module
#: A webinar tool's export: one row per webinar, its date and how many registered and came.
WEBINARS = (
    "Webinar ID,Webinar date,Registrants,Attendees\n"
    "w1,2026-03-02,40,12\n"
    "w2,2026-03-02,10,4\n"  # two webinars on one day: events, added up
    "w3,2026-03-11,25,9\n"
)


def _is_webinars(table) -> bool:
    return {"Webinar ID", "Webinar date"} <= set(table.frame.columns)


def _read_webinars(table, problems, options: ReadOptions) -> Records:
    long = long_records(
        table,
        "Webinar date",
        {"webinar_registrants": "Registrants", "webinar_attendees": "Attendees"},
        person=None,
    )
    long["_kind"] = "event"  # one row per webinar: a date's rows are added up
    return Records(table.file, "webinar export", long, source="webinars")


TOY = OutcomeReader(
    kind="webinars",
    family="webinars",
    layout="table",
    recognises=_is_webinars,
    read=_read_webinars,
    describes="a webinar export",
)


@pytest.fixture
def webinars():
    register_outcome_reader(TOY)
    yield TOY
    unregister_outcome_reader("webinars")


# ------------------------------------------------------------------------------- the tests
def test_a_registered_export_is_read_by_its_own_reader_through_load_outcomes(write, webinars):
    path = write("webinars.csv", WEBINARS)
    out = load_outcomes(path)
    assert set(out["source"]) == {"webinars"}  # not the hand-kept table reader's "generic"
    got = out.pivot_table(index="date", columns="metric", values="value", aggfunc="sum")
    assert got["webinar_registrants"].tolist() == [50.0, 25.0]
    assert got["webinar_attendees"].tolist() == [16.0, 9.0]
    assert out.attrs["load_report"].format == "webinar export"
    assert load_outcomes(path, kind="webinars").equals(out)  # kind= can insist on it


def test_without_its_registration_the_same_file_is_only_a_hand_kept_table(write):
    # read as daily figures, the two webinars of 2 March are a day given twice
    with pytest.raises(SSIDataError, match="2026-03-02 is already on line 2"):
        load_outcomes(write("webinars.csv", WEBINARS))
    one_a_day = WEBINARS.replace("w2,2026-03-02", "w2,2026-03-03")
    assert set(load_outcomes(write("w1.csv", one_a_day))["source"]) == {"generic"}
    assert "webinars" not in outcome_kinds()
    with pytest.raises(ValueError, match="kind must be one of"):
        load_outcomes(write("w.csv", WEBINARS), kind="webinars")


def test_a_registered_export_is_read_among_many_files_and_beside_other_exports(
    repo, write, webinars
):
    # Several small files of one header are read in batches as hand-kept tables: a file
    # that a registered reader recognises must still be read by that reader.
    files = [write(f"w{i}.csv", WEBINARS) for i in range(3)]
    deals = repo / "data/sample/hubspot-crm-exports-all-deals-2026-11-23.csv"
    out = load_outcomes([*files, deals])
    assert set(out.loc[out["metric"].str.startswith("webinar"), "source"]) == {"webinars"}
    assert {"webinars", "crm_deals"} <= set(out["source"])


def test_an_ssi_load_given_a_registered_export_says_where_it_goes(write, webinars):
    with pytest.raises(SSIDataError) as caught:
        load_ssi(write("webinars.csv", WEBINARS))
    [problem] = caught.value.problems.itertuples()
    assert problem.problem == "this is an outcome export (a webinar export), not an SSI log"
    assert "report --outcomes" in problem.fix


def test_kind_insisting_on_a_registered_export_refuses_other_tables(write, webinars):
    path = write("replies.csv", "Date,Replies\n2026-03-02,3\n")
    with pytest.raises(SSIDataError, match="not an outcome export the kit knows"):
        load_outcomes(path, kind="webinars")
    assert set(load_outcomes(path)["source"]) == {"generic"}  # auto: the table reader


def test_the_kits_own_readers_are_registered_by_family():
    families = {(r.kind, r.layout, r.family) for r in outcome_readers()}
    assert families == {
        ("archive", "path", "linkedin_archive"),
        ("creator", "workbook", "linkedin_creator"),
        ("company", "workbook", "linkedin_company"),
        ("crm", "table", "crm_deals"),
        ("generic", "table", "generic"),
    }
    assert set(outcome_kinds()) == {"auto", "generic", "creator", "company", "archive", "crm"}
    assert outcome_readers("table")[-1].kind == "generic"  # the fallback is asked last


def test_a_registration_that_is_not_a_reader_is_refused_with_its_reason():
    with pytest.raises(TypeError, match="register_outcome_reader: reader must be"):
        register_outcome_reader({"kind": "x"})
    with pytest.raises(ValueError, match="layout must be one of"):
        OutcomeReader("x", "x", "sheet", bool, bool)
    with pytest.raises(ValueError, match="kind must name the export"):
        OutcomeReader("auto", "x", "table", bool, bool)


def test_registering_twice_adds_one_reader(webinars):
    before = len(registry._READERS)
    register_outcome_reader(TOY)
    assert len(registry._READERS) == before


def test_an_export_declares_which_question_its_metrics_answer():
    """A new export's metrics fell to "reach" by their names (±20 % over 4 weeks), whatever
    they measure; its registration can now say which question each answers."""
    from dataclasses import replace

    from ssi_analysis.questions import DEFAULT_BOUND, question
    from ssi_analysis.stats.answers._common import _question_horizon

    declared = replace(TOY, kind="webinars_declared", questions={"webinar_attendees": "pipeline"})
    assert question("webinar_attendees") == "reach"
    register_outcome_reader(declared)
    try:
        assert question("webinar_attendees") == "pipeline"
        assert question("webinar_registrants") == "reach"  # not declared: by its name
        assert _question_horizon("webinar_attendees") == (4, False)
        assert DEFAULT_BOUND[question("webinar_attendees")] == DEFAULT_BOUND["pipeline"]
    finally:
        unregister_outcome_reader("webinars_declared")
    assert question("webinar_attendees") == "reach"
    with pytest.raises(ValueError, match="declare_questions: 'x' must answer one of"):
        register_outcome_reader(replace(TOY, kind="bad", questions={"x": "sales"}))
    assert "bad" not in registry.outcome_kinds()
