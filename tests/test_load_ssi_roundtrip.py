"""Property: any valid score frame written in any supported locale loads back the same."""

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssi_analysis import load_ssi

PILLARS = ["brand", "people", "insights", "relationships"]
HEADERS = {
    "en": ["Date", "SSI", "Brand", "People", "Insights", "Relationships", "Industry_Rank"],
    "pt": [
        "Data",
        "Social Selling Index",
        "Estabelecer sua marca profissional",
        "Localizar as pessoas certas",
        "Interagir oferecendo insights",
        "Criar relacionamentos",
        "Classificação SSI do setor",
    ],
    "js": [
        "capturedAt",
        "ssi_overall_score",
        "professionalBrand",
        "findRightPeople",
        "engageWithInsights",
        "buildRelationships",
        "industryRank",
    ],
}
DATE_FORMATS = {"iso": "%Y-%m-%d", "us": "%m/%d/%Y", "eu": "%d/%m/%Y", "dot": "%d.%m.%Y"}


@st.composite
def score_frames(draw):
    n = draw(st.integers(1, 15))
    # within the plausible window (2003 to a year after today): later dates are typos
    start = draw(st.dates(dt.date(2015, 1, 1), dt.date.today() - dt.timedelta(days=400)))
    offsets = sorted(draw(st.sets(st.integers(0, 400), min_size=n, max_size=n)))
    pillar = st.integers(1, 25_000).map(lambda v: v / 1000)  # up to 3 decimals, never all 0
    rows = []
    for k in offsets:
        values = [draw(pillar) for _ in PILLARS]
        rows.append(
            {
                "date": pd.Timestamp(start) + pd.Timedelta(days=k),
                "ssi": float(round(sum(values))),
                **dict(zip(PILLARS, values, strict=True)),
                "industry_rank": float(draw(st.integers(1, 100))),
            }
        )
    return pd.DataFrame(rows)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    frame=score_frames(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    decimal=st.sampled_from([".", ","]),
    date_format=st.sampled_from(list(DATE_FORMATS)),
    bom=st.booleans(),
    utf16=st.booleans(),
    headers=st.sampled_from(list(HEADERS)),
    rank_text=st.sampled_from(["{}", "Top {}%", "Primeiros {}%"]),
)
def test_round_trip(
    tmp_path_factory, frame, delimiter, decimal, date_format, bom, utf16, headers, rank_text
):
    if decimal == "," and delimiter == ",":
        decimal = "."  # a comma-delimited file with decimal commas would need quoting
    fmt = DATE_FORMATS[date_format]
    lines = [delimiter.join(HEADERS[headers])]
    for row in frame.itertuples(index=False):
        cells = [
            row.date.strftime(fmt),
            f"{row.ssi:g}",
            *(f"{getattr(row, p):g}".replace(".", decimal) for p in PILLARS),
            rank_text.format(int(row.industry_rank)),
        ]
        lines.append(delimiter.join(cells))
    text = ("\ufeff" if bom and not utf16 else "") + "\n".join(lines) + "\n"
    path = tmp_path_factory.mktemp("rt") / "log.csv"
    path.write_bytes(text.encode("utf-16" if utf16 else "utf-8"))
    # Day/month order is only given when the file itself cannot tell: a day above 12 decides.
    decidable = (frame["date"].dt.day > 12).any() or (
        frame["date"].dt.day == frame["date"].dt.month
    ).all()
    dayfirst = None if decidable else {"us": False, "eu": True}.get(date_format)
    loaded = load_ssi(path, dayfirst=dayfirst)
    got = loaded[frame.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, frame, check_dtype=False, check_exact=False, rtol=1e-12)
    assert np.isfinite(loaded["ssi"]).all()
    report = loaded.attrs["load_report"]
    assert report.rows_read == report.rows_kept == len(frame)
