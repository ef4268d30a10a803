"""The questions a user asks of their outcomes, and what "an effect that matters" means for each.

A marketer does not ask "is the correlation of weekly innovations inside ±0.3?". They ask four
questions — does SSI move with my **reach**, my **replies**, my **pipeline**, my **revenue**? —
and read every verdict in the outcome's own units ("a 10-point rise in SSI going with more than
±25 % revenue won over the same week and the following 13 weeks"). This module is the kit's
single vocabulary for that: which question each outcome belongs to (one multiple-testing family
per question, so true links in one do not loosen another), which columns are the member's own
*activity* (inputs of the diagnostic, never outcomes), the rise of a score an effect is stated
for, and the default smallest effect that matters and horizon per question.

Like :mod:`ssi_analysis.names` it imports nothing of the kit's own: every layer may use it.
The default bounds and horizons are documented (and calibrated by simulation) in
``docs/methods.md``; the statistics layer is the only place that applies them.
"""

from __future__ import annotations

from collections.abc import Mapping

from ssi_analysis.names import PILLAR_NAMES

__all__ = [
    "ACTIVITY",
    "DEFAULT_BOUND",
    "DEFAULT_HORIZON",
    "QUESTIONS",
    "QUESTION_WORDS",
    "RISE",
    "declare_questions",
    "horizon_of",
    "is_activity",
    "question",
    "question_horizon",
]

#: The questions a user asks, in the order the page answers them.
QUESTIONS = ("reach", "replies", "pipeline", "revenue")
#: How each question is named in a sentence.
QUESTION_WORDS = {
    "reach": "your reach",
    "replies": "replies to your outreach",
    "pipeline": "your pipeline",
    "revenue": "your revenue",
}

#: The member's own activity (from the LinkedIn data archive or a page's post list): inputs
#: that raise the pillars, answered by the diagnostic (activity → pillar), never outcomes.
ACTIVITY = frozenset(
    {
        "posts",
        "top_posts",
        "posts_published",
        "comments_written",
        "reactions_given",
        "invitations_sent",
        "messages_sent",
        "outreach_sent",
    }
)
_REPLIES = frozenset(
    {
        "replies_received",
        "outreach_replied",
        "messages_received",
        "invitations_accepted",
        "reply_rate",
    }
)
_PIPELINE = frozenset({"deals_created", "pipeline_created"})
_REVENUE = frozenset({"deals_won", "revenue_won"})
#: Words in a user's own column name that make it a sales outcome (the same words the page
#: used before questions existed).
_REVENUE_WORDS = ("won", "revenue", "closed", "booking", "sale")
_PIPELINE_WORDS = ("deal", "pipeline", "opportunit", "meeting", "lead")

#: The rise of each score an effect is stated for: a tenth of its scale (SSI 0-100, each
#: pillar 0-25), so "a 10-point rise in SSI" and "a 2.5-point rise in a pillar" read alike.
RISE = {"ssi": 10.0, **{p: 2.5 for p in PILLAR_NAMES}}

#: The smallest effect that matters, per question, as a fraction of the outcome's average
#: over the horizon, for a :data:`RISE` of the score: "ruled out" means an effect this large
#: or larger is excluded. Set per run with ``bound=`` (API) or ``--bound`` (report).
DEFAULT_BOUND = {"reach": 0.20, "replies": 0.20, "pipeline": 0.40, "revenue": 0.25}

#: Weeks over which an effect is looked for, per question (lags 0..horizon). Sales outcomes
#: arrive over the sales cycle: where the CRM export has created and closed dates, the
#: measured cycle replaces the revenue default.
DEFAULT_HORIZON = {"reach": 4, "replies": 4, "pipeline": 4, "revenue": 13}


def question_horizon(outcome: str) -> tuple[int, bool]:
    """Return an outcome's horizon H (lags 0..H) and whether it is a sales-cycle outcome.

    Revenue and deals won arrive over the sales cycle (:data:`DEFAULT_HORIZON`: 13 weeks):
    a team tests them on the cumulative effect over lags 0..H alone ("linked" and "ruled
    out"); the other questions are scanned lag by lag for "linked" and tested on their
    cumulative effect over their own horizon (4 weeks) for "ruled out".

    Examples
    --------
    >>> question_horizon("revenue_won"), question_horizon("replies")
    ((13, True), (4, False))
    """
    return horizon_of(question(outcome))


def horizon_of(asked: str) -> tuple[int, bool]:
    """Return a question's horizon H and whether it is a sales cycle (:func:`question_horizon`).

    The question's own form (``"revenue"``, not an outcome), for the power planners.

    Examples
    --------
    >>> horizon_of("revenue"), horizon_of("pipeline")
    ((13, True), (4, False))
    """
    horizon = DEFAULT_HORIZON.get(asked, 0)
    short = max(DEFAULT_HORIZON.get(q, 0) for q in ("reach", "replies", "pipeline"))
    return int(horizon), horizon > short


def is_activity(column: str) -> bool:
    """Say whether a column is the member's own activity (an input, not an outcome).

    Examples
    --------
    >>> is_activity("posts_published"), is_activity("impressions")
    (True, False)
    """
    return str(column) in ACTIVITY


#: Metric -> question, as an outcome export's registration declares them
#: (:func:`declare_questions`): asked before the kit's own lists and the name's words.
_DECLARED: dict[str, str] = {}


def declare_questions(questions: Mapping[str, str], *, undo: bool = False) -> None:
    """Say which question each metric of an export answers (``undo``: forget them again).

    An outcome reader's registration calls this with its ``questions``
    (:class:`~ssi_analysis.readers.registry.OutcomeReader`), so a new export's metrics are
    answered in their own family with their question's bound and horizon, instead of
    falling to "reach" by their name.

    Examples
    --------
    >>> declare_questions({"webinar_attendees": "pipeline"})
    >>> question("webinar_attendees")
    'pipeline'
    >>> declare_questions({"webinar_attendees": "pipeline"}, undo=True)
    >>> question("webinar_attendees")
    'reach'
    """
    for metric, asked in questions.items():
        if asked not in (*QUESTIONS, "activity"):
            raise ValueError(
                f"declare_questions: {metric!r} must answer one of "
                f"{', '.join(QUESTIONS)} (or be 'activity'); got {asked!r}."
            )
    for metric, asked in questions.items():
        if undo:
            _DECLARED.pop(str(metric), None)
        else:
            _DECLARED[str(metric)] = asked


def question(column: str) -> str:
    """Name the question an outcome answers: ``reach``, ``replies``, ``pipeline`` or ``revenue``.

    Own activity columns answer none of them and return ``"activity"``. A user's own column
    is a sales outcome when its name says so (``won``, ``revenue`` → revenue; ``deal``,
    ``pipeline``, ``lead`` → pipeline) and a reach outcome otherwise.

    Examples
    --------
    >>> [question(c) for c in ("impressions", "replies_received", "deals_created",
    ...                        "revenue_won", "comments_written", "Leads")]
    ['reach', 'replies', 'pipeline', 'revenue', 'activity', 'pipeline']
    """
    name = str(column)
    if name in _DECLARED:
        return _DECLARED[name]
    if name in ACTIVITY:
        return "activity"
    if name in _REPLIES:
        return "replies"
    if name in _PIPELINE:
        return "pipeline"
    if name in _REVENUE:
        return "revenue"
    lower = name.lower()
    if any(word in lower for word in _REVENUE_WORDS):
        return "revenue"
    if any(word in lower for word in _PIPELINE_WORDS):
        return "pipeline"
    return "reach"
