"""Reader for CRM deal exports: HubSpot deals, Salesforce opportunity reports, any deals table.

``docs/formats.md`` §2.4. One deal gives up to four events: ``deals_created`` (1) and
``pipeline_created`` (its amount) on the create date; for a won deal, ``deals_won`` (1) and
``revenue_won`` (its amount) on the close date. Revenue is never counted on the create date.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import squash
from ssi_analysis.readers._text import Table, refuse_table
from ssi_analysis.readers.records import Records, column_values
from ssi_analysis.readers.registry import OutcomeReader, register_outcome_reader

#: Stage values that mean "won" (compared without case, spaces or punctuation).
WON_STAGES = (
    "Closed Won",
    "closedwon",
    "Won",
    "Fechado ganho",
    "Ganho",
    "Gewonnen",
    "Gagné",
    "Ganado",
)
_TRUE = {"true", "1", "yes", "y", "sim", "x", "won"}

_ROLES = {
    "owner": (
        "Deal owner",
        "Opportunity Owner",
        "Owner",
        "Owner Name",
        "Sales Rep",
        "Rep",
        "Proprietário do negócio",
        "Responsável",
        "Seller",
    ),
    "stage": ("Deal Stage", "Stage", "Status", "Etapa do negócio", "Fase"),
    "is_won": ("Is Won", "Won", "IsWon", "Closed Won"),
    "amount": (
        "Amount",
        "Deal Amount",
        "Value",
        "Deal value",
        "Valor",
        "Amount (converted)",
        "Amount in company currency",
        "Total contract value",
        "Revenue",
    ),
    "created": (
        "Create Date",
        "Created Date",
        "Created",
        "Created At",
        "Date Created",
        "Data de criação",
        "Creation Date",
    ),
    "closed": (
        "Close Date",
        "Closed Date",
        "Closed",
        "Closed At",
        "Data de fechamento",
        "Date Closed",
    ),
    "id": ("Record ID", "Deal ID", "Opportunity ID", "ID"),  # names are not unique: not keys
}
_ROLE_KEYS = {role: [squash(n) for n in names] for role, names in _ROLES.items()}


def deal_columns(columns) -> dict[str, str]:
    """Find each role's column by its aliases (first alias that matches wins)."""
    by_key = {squash(c): c for c in columns}
    found = {}
    for role, keys in _ROLE_KEYS.items():
        for key in keys:
            if key in by_key and by_key[key] not in found.values():
                found[role] = by_key[key]
                break
    return found


def looks_like_deals(columns) -> bool:
    """Tell whether the columns are a deals table's (a create date and a stage or amount)."""
    found = deal_columns(columns)
    return "created" in found and ("stage" in found or "amount" in found)


#: Headers that only a deals export has: a table with one of them is a deals export, even when
#: a column the kit needs is missing (and then it is refused with what to add).
_DEAL_MARKS = {
    squash(n)
    for n in (
        "Deal Name",
        "Deal Stage",
        "Deal owner",
        "Opportunity Name",
        "Opportunity Owner",
        "Deal ID",
        "Opportunity ID",
        "Pipeline",
        "Nome do negócio",
    )
}


def missing_deal_columns(columns) -> tuple[str, str] | None:
    """For a deals export the kit cannot use: (what is missing, how to export it); else None.

    Examples
    --------
    >>> missing_deal_columns(["Record ID", "Deal Name", "Amount"])[0]
    'no create date column (Create Date, Created Date)'
    >>> missing_deal_columns(["Date", "Replies"]) is None
    True
    """
    keys = {squash(c) for c in columns}
    if not keys & _DEAL_MARKS or looks_like_deals(columns):
        return None
    found = deal_columns(columns)
    if "created" not in found:
        return (
            "no create date column (Create Date, Created Date)",
            "add the Create Date property to the export (HubSpot: choose the properties to "
            "include when exporting; Salesforce: add Created Date to the report's columns)",
        )
    return (
        "no stage and no amount column (Deal Stage or Stage; Amount)",
        "add the Deal Stage and Amount properties to the export",
    )


def crm_footer(row: list[str]) -> bool:
    """Salesforce's footer: 'Grand Totals (N records)', confidentiality and copyright lines."""
    first = row[0].strip().lower() if row else ""
    return first.startswith(("grand totals", "total (", "confidential", "copyright", "©"))


def read_deals(
    table: Table, problems: Problems, *, won: tuple[str, ...] | None = None
) -> Records | None:
    """Deal events from a deals table (one row per deal)."""
    frame = table.frame
    roles = deal_columns(frame.columns)
    if "amount" not in roles:
        problems.add(
            table.file,
            table.header_line,
            None,
            ", ".join(map(str, frame.columns)),
            "this deals file has no amount column (expected one of "
            + ", ".join(_ROLES["amount"][:4])
            + ")",
            "export the deals again with the Amount property included",
            whole_file=True,
        )
        return None
    if "stage" not in roles and "is_won" not in roles:
        problems.add(
            table.file,
            table.header_line,
            None,
            ", ".join(map(str, frame.columns)),
            "this deals file has no stage column (expected Deal Stage or Stage)",
            "export the deals again with the stage included",
            whole_file=True,
        )
        return None
    won_keys = {squash(s) for s in (won or WON_STAGES)}
    is_won = pd.Series(False, index=frame.index)
    if "stage" in roles:
        # squash once per distinct stage (a few), not once per deal
        codes, stages = pd.factorize(frame[roles["stage"]], use_na_sentinel=False)
        wanted = [i for i, stage in enumerate(stages) if squash(stage) in won_keys]
        is_won |= pd.Series(codes, index=frame.index).isin(wanted)
    if "is_won" in roles:
        is_won |= frame[roles["is_won"]].astype(str).str.strip().str.lower().isin(_TRUE)
    converted = next(
        (c for c in frame.columns if squash(c) in CONVERTED and c != roles["amount"]), None
    )
    switched = False
    if converted is not None and squash(roles["amount"]) not in CONVERTED:
        # Deals in several currencies beside a converted amount: the converted one adds up.
        switched = bool(_currency(table, roles["amount"], Problems())[0].any())
        if switched:
            roles["amount"] = converted
    amount = frame[roles["amount"]]
    rejected_rows, currency, currency_column = _currency(table, roles["amount"], problems)
    keep = ~rejected_rows
    lines = table.lines
    pieces = []

    def events(mask, date_role, metric, value, value_column):
        if date_role not in roles:
            return
        m = mask & keep
        piece = pd.DataFrame(
            {
                "date": column_values(frame.loc[m, roles[date_role]]),
                "metric": metric,
                "value": column_values(value[m]) if isinstance(value, pd.Series) else value,
                "_line": lines[m.to_numpy()],
                "_date_column": roles[date_role],
                "_value_column": value_column,
            }
        )
        if "owner" in roles:
            piece["person"] = column_values(frame.loc[m, roles["owner"]])
        if "id" in roles:
            piece["_key"] = column_values(frame.loc[m, roles["id"]].astype(str))
        pieces.append(piece)

    everyone = pd.Series(True, index=frame.index)
    events(everyone, "created", "deals_created", 1, roles["created"])
    events(everyone, "created", "pipeline_created", amount, roles["amount"])
    if "closed" in roles:
        events(is_won, "closed", "deals_won", 1, roles["closed"])
        events(is_won, "closed", "revenue_won", amount, roles["amount"])
    elif is_won.any():
        problems.add(
            table.file,
            table.header_line,
            None,
            None,
            "won deals but no close date column: revenue cannot be dated",
            "export the deals again with the Close Date included",
        )
    long = pd.concat(pieces, ignore_index=True)
    keys = {squash(c) for c in frame.columns}
    shape = (
        "HubSpot deals"
        if "dealstage" in keys
        else "Salesforce opportunities"
        if "opportunityowner" in keys
        else "deals table"
    )
    records = Records(
        table.file,
        shape,
        long,
        source="crm_deals",
        rejected=table.rejected + int(rejected_rows.sum()),
    )
    records.currency = currency
    used = set(roles.values()) | {currency_column}
    records.ignored = [str(c) for c in frame.columns if c not in used]
    records.notes += table.notes
    records.notes.append(
        f"{int(is_won.sum())} of {len(frame)} deals are won (stage "
        f"{' / '.join(won or WON_STAGES[:2])}); revenue counts on their close "
        "date"
    )
    if switched:
        records.notes.append(
            f"the deals are in several currencies: the amounts are read from {converted}"
        )
    if currency is not None:
        where = (
            f"the symbols in {currency_column}"
            if currency_column == roles["amount"]
            else f"the {currency_column} column"
        )
        records.notes.append(f"amounts in {currency} (from {where})")
    return records


#: Currency columns of deals exports besides Salesforce's "<Amount> Currency" (HubSpot writes
#: "Deal currency code" or "Currency"; translated exports).
CURRENCY_COLUMNS = (
    "Deal currency code",
    "Currency code",
    "Currency",
    "Amount currency code",
    "Moeda",
    "Código da moeda",
    "Währung",
    "Devise",
    "Moneda",
)
#: Amount columns already converted to one currency (the company's): a deal's own currency
#: column ("Deal currency code") describes the unconverted amount, not these.
CONVERTED = {squash(c) for c in ("Amount (converted)", "Amount in company currency")}
#: Marks written inside amounts, and the currency each names. "$" alone (and "¥") is kept as
#: the symbol: it may be US, Canadian, Australian... dollars, and the kit never guesses which.
CURRENCY_MARKS = {
    "R$": "BRL",
    "US$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
    "MX$": "MXN",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "$": "$",
    "¥": "¥",
}
_CODES = "USD|EUR|BRL|GBP|CAD|AUD|CHF|JPY|INR|MXN|SEK|NOK|DKK|PLN|ZAR|NZD|SGD|HKD|CNY"
_MARK = "|".join(re.escape(m) for m in sorted(CURRENCY_MARKS, key=len, reverse=True)) + "|" + _CODES
_MARKED = re.compile(
    rf"^\s*(?P<before>{_MARK})?\s*-?\s*(?P<before2>{_MARK})?\s*[\d][\d.,\s\u00a0\u202f']*"
    rf"\s*(?P<after>{_MARK})?\s*$"
)


def currency_marks(amounts: pd.Series) -> pd.Series:
    """Find the currency each amount cell names by a symbol or an ISO code ("" when none).

    Examples
    --------
    >>> currency_marks(pd.Series(["$1,234", "1.234,50 €", "R$ 10", "EUR 5", "12", ""])).tolist()
    ['$', 'EUR', 'BRL', 'EUR', '', '']
    """
    text = amounts.astype(str).str.strip()
    found = text.str.extract(_MARKED)
    mark = found["before"].fillna(found["before2"]).fillna(found["after"]).fillna("")
    return mark.map(lambda m: CURRENCY_MARKS.get(m, m)).astype(object)


def _currency(
    table: Table, amount_column: str, problems: Problems
) -> tuple[pd.Series, str | None, str | None]:
    """Find the export's currency: (rows in a minority currency, the currency kept, its column).

    The currency comes from a currency column beside the amount (Salesforce's "<X> Currency",
    HubSpot's "Deal currency code" or "Currency") or, without one, from symbols or ISO codes
    written in the amounts (``$1,234``, ``1.234 €``, ``R$ 10``, ``EUR 5``). Adding dollars
    to euros would invent money, so one currency is kept — the most common — and every row in
    another is rejected and named (the same rule for codes and symbols: each row says its own
    currency, and refusing the whole file for one stray deal would lose every other deal).
    ``$`` and ``USD`` count as different: ``$`` may be another dollar. Amounts that name no
    currency beside others that do are taken to be in the column's currency. No currency
    anywhere: None (never invented).
    """
    frame = table.frame
    keys = {squash(f"{amount_column} Currency")}
    if squash(amount_column) not in CONVERTED:
        keys |= {squash(c) for c in CURRENCY_COLUMNS}
    column = next((c for c in frame.columns if squash(c) in keys), None)
    bad = pd.Series(False, index=frame.index)
    if column is not None:
        codes = frame[column].astype(str).str.strip().str.upper()
        codes = codes.where(~codes.isin(["NAN", "NONE", "-"]), "")
    else:
        column = amount_column
        codes = currency_marks(frame[amount_column])
    common = codes[codes != ""].mode()
    if common.empty:
        return bad, None, None
    kept = str(sorted(common)[0])  # a tie: the first in alphabetical order, said in the note
    bad = (codes != "") & (codes != kept)
    for i in bad.to_numpy().nonzero()[0]:
        problems.add(
            table.file,
            table.lines[i],
            column,
            frame[column].iloc[i],
            f"this amount is in {codes.iloc[i]} while the others are in {kept}; amounts in "
            "different currencies cannot be added",
            "export the converted amount column, or convert these deals first",
        )
    return bad, kept, column


def sales_cycle(rows: pd.DataFrame) -> dict | None:
    """Measure the created → closed cycle of won deals, in weeks: median and 80th percentile.

    ``rows`` are the loader's parsed event rows (``metric``, ``_file``, ``_line``,
    ``_stamp``): a won deal's ``deals_won`` event (on its close date) and its
    ``deals_created`` event (on its create date) come from the same line of the same
    file. Returns ``{"median_weeks", "p80_weeks", "deals"}`` or None when no won deal has
    both dates. A close before its create date (a data-entry slip) is left out.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "metric": ["deals_created", "deals_won"] * 3,
    ...     "_file": "deals.csv", "_line": [2, 2, 3, 3, 4, 4],
    ...     "_stamp": pd.to_datetime(["2025-01-06", "2025-02-17", "2025-01-06",
    ...                               "2025-03-03", "2025-01-13", "2025-04-14"])})
    >>> sales_cycle(rows)
    {'median_weeks': 8.0, 'p80_weeks': 11.0, 'deals': 3}
    """
    need = {"metric", "_file", "_line", "_stamp"}
    if rows is None or not need <= set(rows.columns):
        return None
    keys = ["_file", "_line"]
    rows = rows[["metric", *keys, "_stamp"]]  # filtered below: not every column
    created = rows[rows["metric"] == "deals_created"].drop_duplicates(keys)
    won = rows[rows["metric"] == "deals_won"].drop_duplicates(keys)
    pairs = won[[*keys, "_stamp"]].merge(
        created[[*keys, "_stamp"]], on=keys, suffixes=("_won", "_created")
    )
    days = (pd.to_datetime(pairs["_stamp_won"]) - pd.to_datetime(pairs["_stamp_created"])).dt.days
    days = days[days.notna() & (days >= 0)].to_numpy(dtype=float)
    if not len(days):
        return None
    weeks = days / 7.0
    return {
        "median_weeks": round(float(np.median(weeks)), 1),
        "p80_weeks": round(float(np.quantile(weeks, 0.8)), 1),
        "deals": len(weeks),
    }


def _recognises(table: Table) -> bool:
    """Tell a deals export: a create date and a stage or amount, or a column only deals have."""
    columns = table.frame.columns
    return looks_like_deals(columns) or missing_deal_columns(columns) is not None


def _read(table: Table, problems: Problems, options) -> Records | None:
    missing = missing_deal_columns(table.frame.columns)
    if missing is not None:
        if options.report:
            refuse_table(
                problems,
                table,
                f"this deals export has {missing[0]}",
                missing[1],
            )
        return None
    return read_deals(table, problems, won=options.won)


register_outcome_reader(
    OutcomeReader(
        "crm",
        "crm_deals",
        "table",
        _recognises,
        _read,
        footer=crm_footer,
        describes="a CRM deals export",
    )
)
