"""The kit's vocabulary: canonical column names and the header aliases that map onto them.

Every layer uses these names, so this module (like :mod:`ssi_analysis.errors`) imports nothing
of the kit's own. A new alias for an existing field goes in :data:`SSI_ALIASES`; a new field
goes in :data:`SSI_COLUMNS` (with its allowed range in :mod:`ssi_analysis.schema.ssi`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: The four pillars, in LinkedIn's order, with the JSON enum and page labels (en, pt-BR).
PILLARS = {
    "brand": (
        "PROFESSIONAL_BRAND",
        "Establish your professional brand",
        "Estabelecer sua marca profissional",
    ),
    "people": ("FIND_RIGHT_PEOPLE", "Find the right people", "Localizar as pessoas certas"),
    "insights": ("INSIGHT_ENGAGEMENT", "Engage with insights", "Interagir oferecendo insights"),
    "relationships": ("STRONG_RELATIONSHIP", "Build relationships", "Criar relacionamentos"),
}
PILLAR_NAMES = tuple(PILLARS)
GROUPS = ("industry", "network")

#: Columns every SSI frame has, in order. Per-pillar group averages
#: (``industry_brand`` ... ``network_relationships``) and ``team_*`` columns follow when a
#: source has them.
SSI_COLUMNS = (
    "person",
    "date",
    "ssi",
    *PILLAR_NAMES,
    "industry_rank",
    "network_rank",
    "industry_ssi",
    "network_ssi",
)
GROUP_PILLAR_COLUMNS = tuple(f"{g}_{p}" for g in (*GROUPS, "team") for p in PILLAR_NAMES)
OPTIONAL_COLUMNS = ("team_rank", "team_ssi", *GROUP_PILLAR_COLUMNS)
SCORE_COLUMNS = ("ssi", *PILLAR_NAMES)  # all zero or all empty: a failed capture
#: How a score is named in a sentence: the one map the answers, the diagnostic and the page read.
SCORE_LABELS = {
    "ssi": "SSI",
    "brand": "the professional-brand pillar",
    "people": "the find-the-right-people pillar",
    "insights": "the engage-with-insights pillar",
    "relationships": "the build-relationships pillar",
}
#: A pillar's plain name (its name on LinkedIn's page, lower case): "professional brand".
PILLAR_PLAIN = {
    "brand": "professional brand",
    "people": "find the right people",
    "insights": "engage with insights",
    "relationships": "build relationships",
}

#: The three answers a pair can get, in the order the page reads them.
VERDICTS = ("linked", "ruled out", "inconclusive")
#: How each verdict is said: the one map the sentences, the page (grid, legend, glossary), the
#: plots, the team page, the lessons and the forking-paths check read, at a sentence's start
#: through :func:`ssi_analysis.words.format.verdict_phrase` (rewording a verdict is one edit
#: here; a phrase must read as a label, after a count and, for "inconclusive", after "we").
VERDICT_WORDS = {"linked": "linked", "ruled out": "ruled out", "inconclusive": "can't tell yet"}


@dataclass(frozen=True)
class Who:
    """Whom a sentence is about: the reader (``your total``) or a seller it names.

    A user's own report says "your"; a lesson on a simulated seller names her: the first
    mention of a sentence is ``name``'s possessive ("the seller's total"), later ones
    ``pronoun`` ("her strongest pillar"). The sentence builders take ``who`` as this or as a
    plain string: ``"you"`` (the default) or a name, repeated ("Dana's") for want of a
    pronoun.

    Examples
    --------
    >>> seller = Who("the seller", "her")
    >>> seller.first(), seller.later(), seller.first(capital=True), Who().first()
    ("the seller's", 'her', "The seller's", 'your')
    >>> as_who("Dana").later(), as_who("you").later()
    ("Dana's", 'your')
    """

    name: str = "you"
    pronoun: str = ""

    @property
    def reader(self) -> bool:
        """Say whether the sentence speaks to the reader ("your")."""
        return self.name.strip().lower() == "you"

    def first(self, *, capital: bool = False) -> str:
        """Return the possessive of the first mention: "your", "the seller's"."""
        text = "your" if self.reader else f"{self.name}'s"
        return text[:1].upper() + text[1:] if capital else text

    def later(self, *, capital: bool = False) -> str:
        """Return the possessive of a later mention: "your", "her" (else the name again)."""
        text = "your" if self.reader else self.pronoun or f"{self.name}'s"
        return text[:1].upper() + text[1:] if capital else text


def as_who(who: Who | str = "you", caller: str = "") -> Who:
    """Return ``who`` as a :class:`Who` (a string is the name: ``"you"`` for the reader).

    ``caller`` names the public function whose ``who=`` it is, in the refusal.

    Examples
    --------
    >>> as_who(3, "pillar_gaps")
    Traceback (most recent call last):
    ...
    ValueError: pillar_gaps: who must be "you", a name or a Who(name, pronoun); got 3.
    """
    if isinstance(who, Who):
        return who
    if not isinstance(who, str) or not who.strip():
        raise ValueError(
            f'{caller + ": " if caller else ""}who must be "you", a name or a '
            f"Who(name, pronoun); got {who!r}."
        )
    return Who(who)


#: The marks people read SSI against: below 40 is low, 70 and above is high.
LOW_MARK, HIGH_MARK = 40, 70
#: Days of the diagnostic's "latest" window and of the span its change and bands look back
#: over (:func:`~ssi_analysis.stats.diagnostic.pillar_gaps`; its sentences say them).
RECENT_DAYS, SPAN_DAYS = 28, 84


def band(ssi: float) -> str:
    """Where a total sits against the 40 and 70 marks.

    Examples
    --------
    >>> band(39.9), band(40), band(70)
    ('below 40', '40 to 70', '70 and above')
    """
    if ssi < LOW_MARK:
        return "below 40"
    return "40 to 70" if ssi < HIGH_MARK else "70 and above"


VALUE_COLUMNS = tuple(c for c in SSI_COLUMNS + OPTIONAL_COLUMNS if c not in ("person", "date"))


def which_figure(kind: str, day: object = None, *, weeks: int = 4) -> str:
    """Say which SSI figure a number is, in the one wording ``load`` and the report share.

    ``ssi-analysis load`` shows the latest capture; the report's diagnosis and its next step
    the mean of the last ``weeks`` weeks of data. Both say so with these words, so a reader
    who sees 68 in one and 65 in the other knows why.

    Parameters
    ----------
    kind : {"latest", "recent"}
        The latest capture (``day``: its date), or the mean of the last ``weeks`` weeks of
        data (``day``: the last day of data, optional).
    day : date-like, optional
    weeks : int

    Examples
    --------
    >>> import datetime
    >>> which_figure("latest", datetime.date(2026, 3, 3))
    'latest score, 3 Mar 2026'
    >>> which_figure("recent"), which_figure("recent", datetime.date(2026, 11, 22))
    ('average of the last 4 weeks', 'average of the last 4 weeks, to 22 Nov 2026')
    """
    when = f"{day.day} {day:%b %Y}" if day is not None and day == day else ""
    if kind == "latest":
        return "latest score" + (f", {when}" if when else "")
    if kind == "recent":
        return f"average of the last {weeks} weeks" + (f", to {when}" if when else "")
    raise ValueError(f"which_figure: kind must be 'latest' or 'recent'; got {kind!r}.")


def squash(name: object) -> str:
    """Normalise a header for matching: no accents, no case, letters and digits only.

    Examples
    --------
    >>> squash("Establish your professional brand"), squash("professionalBrand")
    ('establishyourprofessionalbrand', 'professionalbrand')
    >>> squash("Classificação SSI do setor")
    'classificacaossidosetor'
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _aliases(*names: str) -> set[str]:
    return {squash(n) for n in names}


# Date headers that name a capture's moment: SSI date aliases and CAPTURE_TIME_ALIASES both.
_CAPTURE_TIME_NAMES = (
    "captured_at",
    "capturedAt",
    "collected_at",
    "collectedAt",
    "timestamp",
    "datetime",
    "date_time",
    "scraped_at",
    "created_at",
)


_PILLAR_ALIASES = {
    "brand": _aliases(
        "brand",
        "establish_brand",
        "establish_your_professional_brand",
        "prof_brand",
        "professionalBrand",
        "professional_brand",
        "brand_score",
        "marca",
        "marca_profissional",
        *PILLARS["brand"],
    ),
    "people": _aliases(
        "people",
        "find_right_people",
        "find_the_right_people",
        "findRightPeople",
        "right_people",
        "people_score",
        "pessoas",
        "pessoas_certas",
        *PILLARS["people"],
    ),
    "insights": _aliases(
        "insights",
        "insight",
        "engage_insights",
        "engage_with_insights",
        "insight_engagement",
        "engageWithInsights",
        "insights_score",
        "engagement_insights",
        *PILLARS["insights"],
    ),
    "relationships": _aliases(
        "relationships",
        "build_relationships",
        "relationship",
        "buildRelationships",
        "strong_relationship",
        "relationships_score",
        "relacionamentos",
        *PILLARS["relationships"],
    ),
}
_GROUP_WORDS = {
    "industry": ("industry", "setor", "sector", "ind"),
    "network": ("network", "rede", "net"),
    "team": ("team", "equipe"),
}

#: squashed header -> canonical column.
SSI_ALIASES: dict[str, str] = {}
for _canonical, _names in {
    "date": _aliases(
        "date",
        "day",
        "data",
        "dia",
        "datum",
        "fecha",
        "data_referencia",
        *_CAPTURE_TIME_NAMES,
        "snapshot_date",
    ),
    "time": _aliases("time", "hora", "hora_referencia", "captured_time", "capture_time"),
    "person": _aliases(
        "person",
        "name",
        "seller",
        "rep",
        "owner",
        "member",
        "profile",
        "nome",
        "vendedor",
        "sales_rep",
        "user",
        "usuario",
        "employee",
    ),
    "ssi": _aliases(
        "ssi",
        "total_ssi",
        "total",
        "total_score",
        "ssi_overall_score",
        "overall",
        "social_selling_index",
        "ssi_score",
        "ssi_total",
        "score",
        "overall_score",
        "Social Selling Index atual",
        "pontuacao_ssi",
        "ssi_atual",
    ),
    **_PILLAR_ALIASES,
}.items():
    for _name in _names:
        SSI_ALIASES[_name] = _canonical
for _group, _words in _GROUP_WORDS.items():
    for _word in _words:
        for _name in (
            f"{_word}_rank",
            f"{_word}_ssi_rank",
            f"rank_{_word}",
            f"{_word}_top",
            f"{_word}_ranking",
            f"{_word}_percentile",
        ):
            SSI_ALIASES[squash(_name)] = f"{_group}_rank"
        for _name in (
            f"{_word}_ssi",
            f"{_word}_avg",
            f"{_word}_average",
            f"{_word}_avg_ssi",
            f"{_word}_average_ssi",
            f"avg_{_word}_ssi",
            f"{_word}_mean",
            f"{_word}_score",
            f"{_word}_overall",
        ):
            SSI_ALIASES[squash(_name)] = f"{_group}_ssi"
        for _pillar, _names in _PILLAR_ALIASES.items():
            for _name in _names:
                for _form in (f"{_word}{_name}", f"{_word}avg{_name}", f"{_word}average{_name}"):
                    SSI_ALIASES.setdefault(_form, f"{_group}_{_pillar}")
for _pt, _canonical in {
    "classificacao_ssi_do_setor": "industry_rank",
    "posicao_no_setor": "industry_rank",
    "classificacao_ssi_da_rede": "network_rank",
    "posicao_na_rede": "network_rank",
    "ssi_medio_do_setor": "industry_ssi",
    "ssi_medio_da_rede": "network_ssi",
}.items():
    SSI_ALIASES[squash(_pt)] = _canonical


#: Date headers that name a capture's moment (a timestamp) rather than its day: beside a plain
#: date column, such a column orders the same day's captures.
CAPTURE_TIME_ALIASES = _aliases(*_CAPTURE_TIME_NAMES)


def canonical_ssi_column(header: object) -> str | None:
    """Return the canonical SSI column a header names, or None.

    Examples
    --------
    >>> canonical_ssi_column("Total_SSI"), canonical_ssi_column("findRightPeople")
    ('ssi', 'people')
    >>> canonical_ssi_column("Industry_Rank"), canonical_ssi_column("Total_Followers") is None
    ('industry_rank', True)
    """
    return SSI_ALIASES.get(squash(header))


def group_of(text: str) -> str | None:
    """Return 'industry', 'network' or 'team' when ``text`` names one of those groups.

    Used for long files, where a section heading ("Pessoas no seu setor") decides whose
    number a field is.

    Examples
    --------
    >>> group_of("Pessoas no seu setor"), group_of("Your network"), group_of("Sua pontuação")
    ('industry', 'network', None)
    """
    words = set(re.findall(r"[a-z]+", squash_words(text)))
    for group, names in _GROUP_WORDS.items():
        if words & {n for n in names if len(n) > 3}:
            return group
    return None


def squash_words(text: object) -> str:
    """Like :func:`squash` but keep word boundaries as single spaces."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


# ----------------------------------------------------------------------------- outcomes
#: Every outcome metric the readers produce, with its meaning (these names appear in reports).
#: ``kind`` says how a period's value is made: ``event`` counts or sums events (zero in a
#: covered period without any), ``daily`` sums a daily figure (only over fully covered
#: periods), ``level`` takes the last value of a running total (a stock, not a flow).
OUTCOMES: dict[str, tuple[str, str]] = {
    # LinkedIn creator analytics
    "impressions": ("daily", "times your posts were shown"),
    "engagements": ("daily", "reactions, comments, reposts and clicks on your posts"),
    "new_followers": ("daily", "followers gained"),
    "members_reached": ("daily", "distinct members who saw your posts"),
    # LinkedIn company page, Metrics (organic and sponsored kept apart from the total)
    "unique_impressions": ("daily", "distinct members who saw the page's posts"),
    "clicks": ("daily", "clicks on the page's posts"),
    "reactions": ("daily", "reactions to the page's posts"),
    "comments": ("daily", "comments on the page's posts"),
    "reposts": ("daily", "reposts of the page's posts"),
    # posts (creator TOP POSTS, company All posts), counted on their publish/created date
    "posts": ("event", "posts published"),
    "top_posts": ("event", "posts among a creator export's top posts (not every post)"),
    "post_impressions": ("event", "impressions of the posts published that day, to date"),
    "post_clicks": ("event", "clicks on the posts published that day, to date"),
    "post_reactions": ("event", "reactions to the posts published that day, to date"),
    "post_comments": ("event", "comments on the posts published that day, to date"),
    "post_reposts": ("event", "reposts of the posts published that day, to date"),
    "post_engagements": ("event", "engagements with the posts published that day, to date"),
    # LinkedIn data archive: the member's own activity
    "posts_published": ("event", "posts and reposts you published (Shares)"),
    "comments_written": ("event", "comments you wrote (Comments)"),
    "reactions_given": ("event", "reactions you gave (Reactions)"),
    "invitations_sent": ("event", "connection invitations you sent"),
    "invitations_received": ("event", "connection invitations you received"),
    "connections_added": ("event", "new connections (Connections)"),
    "messages_sent": ("event", "messages you sent"),
    "messages_received": ("event", "messages you received"),
    "outreach_sent": ("event", "conversations you opened (messages), on the opening date"),
    "outreach_replied": (
        "event",
        "conversations you opened that got an answer, on the opening date",
    ),
    "replies_received": (
        "event",
        "first answers to conversations you opened, on the answer's date",
    ),
    "invitations_accepted": ("event", "invitations you sent that became connections, on that date"),
    "reply_rate": ("rate", "share of the conversations opened in the period that got an answer"),
    # CRM pipeline
    "deals_created": ("event", "deals created (counted on the create date)"),
    "pipeline_created": ("event", "amount of the deals created (on the create date)"),
    "deals_won": ("event", "deals won (counted on the close date)"),
    "revenue_won": ("event", "amount of the deals won (on the close date)"),
    # running totals found in SSI logs
    "followers": ("level", "total followers at the end of the period"),
    "connections": ("level", "total connections at the end of the period"),
}
#: Outcomes counted in money: they carry the export's currency wherever they are shown.
MONEY_METRICS = ("pipeline_created", "revenue_won")
for _base in ("impressions", "clicks", "reactions", "comments", "reposts"):
    for _part in ("organic", "sponsored"):
        OUTCOMES[f"{_base}_{_part}"] = ("daily", f"{OUTCOMES[_base][1]}, {_part} only")

#: Outcome headers seen beside SSI in loggers' wide files -> canonical outcome.
OUTCOME_ALIASES = {
    squash(a): c
    for c, names in {
        "followers": ("followers", "total_followers", "follower_count", "seguidores"),
        "connections": ("connections", "total_connections", "connection_count", "conexoes"),
        "new_followers": ("new_followers", "followers_gained", "novos_seguidores"),
        "connections_added": (
            "new_connections",
            "new_connections_accepted",
            "connections_accepted",
            "novas_conexoes",
        ),
        "impressions": ("impressions", "impressoes", "views"),
        "engagements": ("engagements", "engajamentos"),
    }.items()
    for a in names
}


def metric_name(header: object) -> str:
    """Return an identifier-safe metric name: ``"Meetings booked"`` -> ``meetings_booked``.

    Examples
    --------
    >>> metric_name("Meetings booked"), metric_name("Total_Followers"), metric_name("Réplicas #")
    ('meetings_booked', 'followers', 'replicas')
    """
    known = OUTCOME_ALIASES.get(squash(header))
    if known:
        return known
    name = re.sub(r"_+", "_", squash_words(header).replace(" ", "_")).strip("_")
    return name if name and not name[0].isdigit() else f"m_{name}"


def outcome_kind(metric: str) -> str:
    """How a metric aggregates over a period: 'event', 'daily' or 'level'.

    Names not in :data:`OUTCOMES` (a user's own columns) are daily figures, except running
    totals (``total_...``), which are levels.
    """
    if metric in OUTCOMES:
        return OUTCOMES[metric][0]
    return "level" if metric.startswith("total") else "daily"
