"""Declared parameter checks: a wrong value names the public function called (#27).

The function's name comes from the function itself (``errors.validate_params``), so a message
cannot name another one: ``detectable_change(alpha=1.5)`` used to say "experiment_power: ...".
"""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import (
    correlate,
    correlation_table,
    granger,
    lag_scan,
    partial,
    team_answers,
    team_scan,
)
from ssi_analysis.errors import each, number, one_of, validate_params, whole
from ssi_analysis.stats.experiment import (
    detectable_change,
    experiment,
    experiment_power,
    schedules,
)
from ssi_analysis.stats.groups import group_answers
from ssi_analysis.stats.team import team_effect, team_ppml
from ssi_analysis.stats.timeseries import stationarity


def test_the_message_names_function_parameter_rule_value_and_hint():
    @validate_params({"alpha": number(0, 1, hint="(0.05 is usual)"), "k": whole(0)})
    def public(x, k=1, *, alpha=0.05):
        return x, k, alpha

    assert public(1, 2, alpha=0.1) == (1, 2, 0.1)
    assert public(1, k=0) == (1, 0, 0.05)  # defaults are the kit's own, not checked
    with pytest.raises(ValueError) as err:
        public(1, alpha=1.0)
    assert str(err.value) == (
        "public: alpha must be a number between 0 and 1 (both excluded); got 1.0. (0.05 is usual)"
    )
    for bad in (-1, 1.5, True, "2"):  # positional too; True is not a whole number
        with pytest.raises(ValueError, match=r"^public: k must be a whole number >= 0; got "):
            public(1, bad)
    assert public(1, np.int64(3))[1] == 3  # numpy integers are whole numbers


def test_rules_refuse_what_they_should():
    assert not number(0, 1).test(float("nan")) and not number().test(float("inf"))
    assert number(0, 1, closed="both").test(1) and not number(0, 1).test(0)
    assert one_of("auto", True, False).test(True) and not one_of("auto", True, False).test(1)
    assert not one_of(0, 1).test(False) and one_of(0, 1).test(np.int64(1))

    @validate_params({"method": one_of("auto", "naive")})
    def pick(*, method="auto"):
        return method

    with pytest.raises(ValueError, match=r"^pick: method must be one of 'auto', 'naive'; got"):
        pick(method=np.array(["auto", "naive"]))  # not a raw "truth value is ambiguous"


def test_an_iterator_is_read_once_and_passed_on_as_a_list():
    @validate_params({"lags": each(whole(), what="whole numbers")})
    def scan(*, lags=(0,)):
        return lags

    assert scan(lags=(k for k in range(3))) == [0, 1, 2]
    with pytest.raises(ValueError, match=r"^scan: lags must be whole numbers; got \[0, 1\.5\]"):
        scan(lags=iter([0, 1.5]))
    with pytest.raises(ValueError, match=r"^scan: lags must be whole numbers; got 3\."):
        scan(lags=3)


def test_a_rule_for_a_parameter_the_function_lacks_is_a_bug_found_at_import():
    with pytest.raises(TypeError, match="no parameter"):

        @validate_params({"alfa": number(0, 1)})
        def f(*, alpha=0.05):
            return alpha


@pytest.fixture(scope="module")
def weekly():
    rng = np.random.default_rng(4)
    return pd.DataFrame(
        {
            "period": pd.date_range("2024-01-01", periods=60, freq="W-MON"),
            "x": rng.normal(size=60),
            "y": rng.normal(size=60),
            "z": rng.normal(size=60),
        }
    )


CALLS = [
    (correlate, dict(x="x", y="y"), "alpha", 0.7 * 2),
    (correlate, dict(x="x", y="y"), "lag", 1.5),
    (correlate, dict(x="x", y="y"), "method", "bogus"),
    (lag_scan, dict(x="x", y="y"), "lags", [0, 0.5]),
    (lag_scan, dict(x="x", y="y"), "alpha", 0),
    (correlation_table, dict(x=["x"], y=["y"]), "correct", "none"),
    (correlation_table, dict(x=["x"], y=["y"]), "lags", "0"),
    (partial, dict(x="x", y="y", covar=["z"]), "lag", "1"),
    (granger, dict(x="x", y="y"), "maxlag", 0),
    (granger, dict(x="x", y="y"), "difference", "yes"),
]


@pytest.mark.parametrize(
    ("func", "kwargs", "name", "value"), CALLS, ids=lambda v: getattr(v, "__name__", None)
)
def test_statistics_name_themselves(weekly, func, kwargs, name, value):
    with pytest.raises(ValueError, match=rf"^{func.__name__}: {name} must be .*; got "):
        func(weekly, **kwargs, **{name: value})


PLAN = dict(weeks=24, block=2, cv=0.2)


@pytest.mark.parametrize("func", [experiment_power, detectable_change])
@pytest.mark.parametrize(
    ("name", "value"),
    [("alpha", 1.5), ("cv", 0), ("phi", 1.0), ("washout", -1), ("weeks", 24.0), ("block", 0)],
)
def test_the_planners_share_one_declaration_and_each_names_itself(func, name, value):
    args = (0.3,) if func is experiment_power else ()
    with pytest.raises(ValueError, match=rf"^{func.__name__}: {name} must be .*; got "):
        func(*args, **{**PLAN, name: value})


@pytest.mark.parametrize("func", [experiment_power, detectable_change])
def test_checks_that_tie_parameters_together_name_the_function_called(func):
    args = (0.3,) if func is experiment_power else ()
    with pytest.raises(ValueError, match=rf"^{func.__name__}: washout \(2\) must be shorter"):
        func(*args, **{**PLAN, "washout": 2})
    with pytest.raises(ValueError, match=rf"^{func.__name__}: weeks \(25\) must be a multiple"):
        func(*args, **{**PLAN, "weeks": 25})

    if func is detectable_change:
        with pytest.raises(ValueError, match=r"^detectable_change: power must be"):
            func(**PLAN, power=1.5)
    else:
        with pytest.raises(ValueError, match=r"^experiment_power: change must be a number > -1"):
            func(float("nan"), **PLAN)


def test_experiment_and_schedules_name_themselves(weekly):
    plan = schedules(16, 2, seed=1)
    with pytest.raises(ValueError, match=r"^schedules: seed must be a whole number >= 0"):
        schedules(16, 2, seed=-1)
    for name, value in [("alpha", 1), ("washout", -1), ("edited", "ignore")]:
        with pytest.raises(ValueError, match=rf"^experiment: {name} must be"):
            experiment(weekly, plan, outcomes=["y"], **{name: value})
    with pytest.raises(ValueError, match=r"^stationarity: regression must be one of"):
        stationarity(weekly["x"].to_numpy(), regression="ctt")


def test_loaders_and_align_name_themselves(tmp_path):
    from ssi_analysis import align, load_outcomes, load_ssi
    from ssi_analysis.readers.registry import outcome_kinds

    missing = tmp_path / "never-read.csv"  # the parameters are checked before any file is
    with pytest.raises(ValueError, match=r"^load_ssi: errors must be one of 'raise', 'drop'"):
        load_ssi(missing, errors="ignore")
    with pytest.raises(ValueError, match=r"^load_outcomes: dayfirst must be one of None, True"):
        load_outcomes(missing, dayfirst=1)
    kinds = ", ".join(map(repr, outcome_kinds()))  # registered readers' kinds, as of now
    with pytest.raises(ValueError, match=rf"^load_outcomes: kind must be one of {kinds}; got"):
        load_outcomes(missing, kind="webinar")
    with pytest.raises(ValueError, match=r"^align: freq must be one of 'W', 'MS', 'D'; got 'M'"):
        align(None, freq="M")
    with pytest.raises(ValueError, match=r"^align: min_coverage must be a number > 0 and <= 1"):
        align(None, min_coverage=0)


@pytest.fixture(scope="module")
def team():
    rng = np.random.default_rng(6)
    people, weeks = 4, 12
    return pd.DataFrame(
        {
            "person": np.repeat([f"s{i}" for i in range(people)], weeks),
            "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
            "ssi": rng.normal(50, 5, people * weeks),
            "replies": rng.poisson(3, people * weeks).astype(float),
        }
    )


GROUPS = {"groups": {f"s{i}": "North" for i in range(4)}}
PAIR = {"x": "ssi", "y": "replies"}
TEAM_CALLS = [
    (team_answers, {}, "alpha", 0.5),
    (team_answers, {}, "transform", "log"),
    (team_scan, {}, "alpha", 0.7),
    (team_scan, {}, "transform", "raw"),
    (group_answers, GROUPS, "alpha", 0.5),
    (group_answers, GROUPS, "transform", "log"),
    (group_answers, GROUPS, "min_people", 0),
    (team_effect, PAIR, "lag", 1.5),
    (team_effect, PAIR, "alpha", 1),
    (team_ppml, PAIR, "lag", "1"),
    (team_ppml, PAIR, "alpha", 0),
]


@pytest.mark.parametrize(
    ("func", "kwargs", "name", "value"), TEAM_CALLS, ids=lambda v: getattr(v, "__name__", None)
)
def test_the_team_functions_name_themselves(team, func, kwargs, name, value):
    """group_answers used to pass its alpha to team_scan, whose message named team_scan."""
    with pytest.raises(ValueError, match=rf"^{func.__name__}: {name} must be .*; got "):
        func(team, **kwargs, **{name: value})


def test_a_group_answers_column_problem_names_group_answers(team):
    with pytest.raises(ValueError, match=r"^group_answers: no column 'reach'"):
        group_answers(team, **GROUPS, scores=["reach"], outcomes=["replies"])


TEAM_PLAN = {"effect": 0.1, "score_sd": 4.0, "outcome_cv": 1.0, "weeks": 52, "tests": 50}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("effect", 20),
        ("score_sd", -1),
        ("outcome_cv", float("nan")),
        ("lags", "x"),
        ("phi", 1.0),
        ("question", "deals"),
        ("lag", 9),
        ("tests", 2),
        ("power", 1.0),
    ],
)
def test_a_planner_search_names_itself_not_the_planner_it_calls(name, value):
    """team_effect_needed passes its plan to team_effect_power, whose name the messages
    carried; a non-whole lags failed in a bare int() before any check."""
    from ssi_analysis.stats.power import team_effect_needed

    with pytest.raises(ValueError, match=rf"^team_effect_needed: {name} must be .*; got "):
        team_effect_needed(**{**TEAM_PLAN, name: value})


def test_a_misspelt_keyword_names_the_function():
    from ssi_analysis.stats.power import Variation, effect_needed, team_effect_needed, team_power

    calls = {
        "team_power": lambda: team_power(people=12, weeks=52, r=0.2, alhpa=0.05),
        "effect_needed": lambda: effect_needed(variation=Variation.typical(), alhpa=0.05),
        "team_effect_needed": lambda: team_effect_needed(**TEAM_PLAN, alhpa=0.05),
    }
    for name, call in calls.items():
        with pytest.raises(TypeError, match=rf"^{name}\(\) got an unexpected keyword argument"):
            call()
