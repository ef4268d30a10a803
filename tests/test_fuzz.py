"""Fuzzing the readers: mutated real-looking files may only end in a load or an SSIDataError,
and every load report must add up (read = kept + missing + merged + rejected)."""

import io
import json
import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssi_analysis import SSIDataError, load_outcomes, load_ssi

WIDE = (
    b"Date,SSI,Brand,People,Insights,Relationships,Industry_Rank\n"
    b"2026-05-12,53,21.048,6.5,10.25,15,Top 10%\n2026-05-13,0,0,0,0,0,0\n"
    b"2026-05-14,52,21.048,6.5,9.5,15,10\n13/05/2026,54,21,7,10.5,15,9\n"
)
LONG = (
    "\ufeffdata_referencia;hora_referencia;secao;campo;valor_original;valor_numerico\n"
    "2026-05-12;17:55;Social Selling Index atual;Social Selling Index atual;53 de 100;53\n"
    "2026-05-12;17:55;Componentes;Estabelecer sua marca profissional;21,048;21.048\n"
    "2026-05-12;17:55;Sua classificação;Classificação SSI do setor;Primeiros 10%;10\n"
    "2026-05-12;17:55;Pessoas no seu setor;Criar relacionamentos;15,16;15.16\n"
).encode()
PAYLOAD = {
    "memberScore": {
        "overall": 19.7,
        "subScores": [
            {"score": 13.1, "pillar": "PROFESSIONAL_BRAND"},
            {"score": 3.7, "pillar": "FIND_RIGHT_PEOPLE"},
            {"score": 0.3, "pillar": "INSIGHT_ENGAGEMENT"},
            {"score": 2.6, "pillar": "STRONG_RELATIONSHIP"},
        ],
    },
    "groupScore": [{"groupType": "INDUSTRY", "rank": 75, "score": {"overall": 31.0}}],
}
JSONL = "\n".join(
    json.dumps({"capturedAt": f"2026-05-{d}T08:00:00Z", "data": PAYLOAD}) for d in (12, 13, 14)
).encode()
HUBSPOT = (
    b'"Record ID","Deal Stage","Amount","Close Date","Create Date","Deal owner"\n'
    b'"1","Closed Won","1,200","2026-03-20","2026-03-02","Ana"\n'
    b'"2","closedlost","700","2026-04-20","2026-03-03","Bo"\n'
)
SALESFORCE = (
    b'"Opportunity Owner","Stage","Amount Currency","Amount","Close Date","Created Date"\n'
    b'"Ana","Closed Won","USD","$1,234,567","3/20/2026","3/2/2026"\n\n'
    b'"Grand Totals (1 records)"\n'
)


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        pd.DataFrame(
            {
                "Date": ["4/24/2022", "4/25/2022"],
                "Impressions": ["90,830", "99298"],
                "Engagements": [10, 12],
            }
        ).to_excel(writer, sheet_name="ENGAGEMENT", index=False)
    return buffer.getvalue()


# CI runs the same 120 cases per reader every time; SSI_FUZZ_EXAMPLES=2000 explores afresh.
FUZZ_EXAMPLES = int(os.environ.get("SSI_FUZZ_EXAMPLES", "120"))
DERANDOMIZE = "SSI_FUZZ_EXAMPLES" not in os.environ
SPECIAL = [
    b",",
    b";",
    b"\t",
    b'"',
    b"\n",
    b"\r\n",
    b"\\",
    b"\x00",
    b"\xff",
    b"0",
    b"-",
    b"%",
    b"e+99",
    b"NaN",
    b"2026-02-30",
    b"{",
    b"}",
    b"\xef\xbb\xbf",
    b"\xc3\xa7",
    b" ",
]


@st.composite
def mutated(draw, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "dup_line", "truncate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL) | st.binary(min_size=1, max_size=4))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif op == "dup_line":
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        elif op == "truncate":
            del data[at:]
    return bytes(data)


def check(loader, path, errors):
    try:
        frame = loader(path, errors=errors)
    except SSIDataError as err:
        assert isinstance(err.problems, pd.DataFrame)
        assert "Traceback" not in str(err)
        return
    r = frame.attrs["load_report"]
    assert r.rows_read == r.rows_kept + r.rows_missing + r.rows_merged + r.rows_rejected
    assert len(frame) > 0


CASES = [
    ("log.csv", WIDE, load_ssi),
    ("ssi_2026-05-12.csv", LONG, load_ssi),
    ("captures.jsonl", JSONL, load_ssi),
    ("deals.csv", HUBSPOT, load_outcomes),
    ("report1774000000000.csv", SALESFORCE, load_outcomes),
    ("Content_x.xlsx", _xlsx(), load_outcomes),
    ("log.xlsx", _xlsx(), load_ssi),
]


@pytest.mark.parametrize(("name", "base", "loader"), CASES, ids=[c[0] for c in CASES])
def test_fuzz_reader(name, base, loader, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=mutated(base), errors=st.sampled_from(["raise", "drop"]))
    def run(data, errors):
        path = folder / name
        path.write_bytes(data)
        check(loader, path, errors)

    run()


def test_unmutated_bases_load(tmp_path):
    """The fuzz starts from files that load (and one that must be refused cleanly)."""
    for name, base, loader in CASES:
        path = tmp_path / name
        path.write_bytes(base)
        if name == "log.xlsx":  # a creator export is not an SSI log
            with pytest.raises(SSIDataError, match=r"outcome export \(LinkedIn analytics\)"):
                loader(path)
        else:
            assert loader(path).attrs["load_report"].problems.empty, name
