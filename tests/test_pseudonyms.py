"""Pseudonyms that leak nothing and break nothing.

Keyed (random per run, or the same for the same key), never a bare hash of the name; every
name typed (``--person``, ``--people``, ``--exclude``) replaced in every output; the
manifest of an anonymised run without folders; sellers called "Can", "Lag" or "Week" do
not corrupt the page's own words.
"""

from __future__ import annotations

import hashlib
import io
import json
import re

import pandas as pd
import pytest

from ssi_analysis.cli import main
from ssi_analysis.present.anonymize import Pseudonyms, Scrubber, kit_words, pseudonym
from ssi_analysis.present.outputs import REPORT_PARTS

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_pseudonyms")

NAMES = {"Seller A": "Can", "Seller B": "Lag", "Seller C": "Week", "Seller D": "José Álvarez"}
LEAKS = ("José", "Jose", "Álvarez", "Alvarez", "JOSE")


@pytest.fixture(scope="module")
def team(tmp_path_factory, request):
    repo = request.config.rootpath / "data" / "sample" / "team"
    folder = tmp_path_factory.mktemp("home_jalvarez")  # a folder that names someone
    log = pd.read_csv(repo / "team_ssi_log.csv")
    log = log[log["Name"].isin(NAMES)].replace({"Name": NAMES})
    log.to_csv(folder / "team_ssi.csv", index=False)
    deals = (repo / "report1763856000000.csv").read_text()
    for old, new in NAMES.items():
        deals = deals.replace(f'"{old}"', f'"{new}"')
    (folder / "deals.csv").write_text(deals)
    return folder


def _run(team, out_name, *extra):
    out = team / "out" / f"{out_name}.html"
    out.parent.mkdir(exist_ok=True)
    args = ["report", "--ssi", str(team / "team_ssi.csv"), "--outcomes", str(team / "deals.csv"),
            "--out", str(out), "--anonymize", "--exclude", "José Álvarez", "--lags", "0,1",
            *extra]  # fmt: skip
    assert main(args) == 0
    texts = {}
    for path in out.parent.glob(f"{out_name}*"):
        if path.suffix == ".xlsx":
            sheets = pd.read_excel(io.BytesIO(path.read_bytes()), sheet_name=None)
            texts[path.name] = "\n".join(s.to_csv() for s in sheets.values())
        else:
            texts[path.name] = path.read_text(encoding="utf-8-sig")
    return texts


def _stand_ins(text: str) -> set[str]:
    return set(re.findall(r"Person ([0-9A-F]{6,})", text))


@pytest.mark.slow
def test_random_per_run_same_for_a_key_and_nothing_leaks(team, monkeypatch):
    # the runs that only show their stand-ins answer for SSI at one lag (the same people,
    # a third less work); the run whose every output is searched for a leak answers in full
    small = ("--scores", "ssi", "--lags", "0")
    first = _stand_ins(_run(team, "a", *small)["a.html"])
    second = _stand_ins(_run(team, "b", *small)["b.html"])
    assert len(first) == len(second) >= 4 and not first & second  # new stand-ins each run
    monkeypatch.setenv("SSI_ANONYMIZE_KEY", "our team's secret")
    keyed = _stand_ins(_run(team, "c", *small)["c.html"])
    monkeypatch.delenv("SSI_ANONYMIZE_KEY")
    texts = _run(team, "r", "--anonymize-key", "our team's secret")
    assert _stand_ins(texts["r.html"]) == keyed  # the same key, the same stand-ins
    assert len(texts) == len(REPORT_PARTS)  # every output of the set, the sellers CSV too
    for name, text in texts.items():
        for leak in (*LEAKS, "our team's secret"):
            assert leak not in text, (name, leak)
        assert str(team) not in text and "home_jalvarez" not in text, name
        assert not re.search(r"Person [0-9A-F]{6}'t", text), name  # no stand-in in a word
    page = texts["r.html"]
    assert "can&#39;t tell yet" in page.lower() or "can't tell yet" in page.lower()
    manifest = texts["r_manifest.json"]
    assert "--anonymize-key '(hidden)'" in manifest
    assert re.search(r"--exclude 'Person [0-9A-F]{6}'", manifest)  # the typed name's stand-in
    assert _stand_ins(texts["r_answers.csv"]) <= keyed | _stand_ins(manifest)
    # its command has stand-ins: no rerun line that would read the wrong people, a note instead
    fields = json.loads(manifest)
    assert fields["rerun"] == "" and "cannot be run as written" in fields["rerun_note"]
    assert fields["rerun_note"] in page  # the page's foot says it too


def test_a_stand_in_is_not_a_hash_of_the_name():
    # an unsalted hash lets anyone with the roster re-identify every seller
    roster = [f"Seller {i}" for i in range(40)]
    bare = {"Person " + hashlib.sha256(n.encode()).hexdigest()[:6].upper() for n in roster}
    given = {pseudonym(n) for n in roster}
    assert not given & bare and len(given) == 40
    assert Pseudonyms(b"k")("Dana") == Pseudonyms(b"k")("Dana") != Pseudonyms(b"j")("Dana")


def test_stand_ins_do_not_collide():
    stand_in = Pseudonyms(b"k")
    names = [f"Seller {i}" for i in range(5000)]  # about 1 in 4 rosters this big collide
    assert len({stand_in(n) for n in names}) == len(names)


@pytest.mark.parametrize("name", ["Can", "Lag", "Week", "Will"])
def test_a_seller_named_like_a_word_of_the_page_does_not_corrupt_it(name):
    assert name.lower() in kit_words()
    page = f"<p>{name}'t tell yet</p><p>Lag 2, week of 2026-01-05</p><td>{name}</td>"
    scrub = Scrubber([name], key=b"k", protect=kit_words())
    assert scrub(page) == page  # the data was mapped before; the page's words stay


def test_docstring_names_are_not_kit_words():
    assert not {"dana", "jose", "alvarez"} & kit_words()
