"""End to end on the seed corpus: the headline contradiction, the spelling variants, and no false alarms."""

from __future__ import annotations

from conftest import ROOT, evidence_paths


def test_lint_seeds_reports_the_launch_date_contradiction(run):  # type: ignore[no-untyped-def]
    r = run("lint", "seeds", "--format", "json", cwd=ROOT)
    assert r.code == 1
    [launch] = [f for f in r.findings("event-date-agreement") if f["values"]["event"] == "offensive-launch"]
    assert launch["severity"] == "error"
    by_value = {side["value"]: side["paths"] for side in launch["values"]["values"]}
    assert by_value == {
        "Wednesday 2024-11-27": ["seeds/002_946ea75bc1d976e5.txt", "seeds/003_f9b9bb9c8095ce65.txt",
                                 "seeds/004_68e5d158b3363ef7.txt"],
        "Thursday 2024-11-28": ["seeds/000_63448d50d93ad105.txt"],
    }
    # the odd one out is the primary location; every side is cited with line, column and snippet
    first = launch["evidence"][0]
    assert first["path"].startswith("seeds/000_") and first["fact"]["value"] == "2024-11-28"
    assert all(ev["line"] >= 1 and ev["column"] >= 1 and ev["text"] for ev in launch["evidence"])


def test_no_error_for_consistent_tolls_parts_and_sums(run):  # type: ignore[no-untyped-def]
    r = run("lint", "seeds", "--format", "json", cwd=ROOT)
    errors = [f["rule"] for f in r.findings() if f["severity"] == "error"]
    assert errors == ["event-date-agreement"]


def test_spelling_variants_are_warned_with_the_listed_spelling(run):  # type: ignore[no-untyped-def]
    r = run("lint", "seeds", "--format", "json", cwd=ROOT)
    pairs = {(f["values"]["surface"], f["values"]["suggestion"]) for f in r.findings("name-spelling")}
    assert {("Khan Cheikhoun", "Khan Sheikhun"), ("Hayat Tahrir Al Sham", "Hayat Tahrir al-Sham"),
            ("Bashar Al Assad", "Bashar al-Assad")} <= pairs
    assert all(f["severity"] == "warning" for f in r.findings("name-spelling"))


def test_seed_004_publication_date_is_inferred(run):  # type: ignore[no-untyped-def]
    r = run("facts", "seeds/004_68e5d158b3363ef7.txt", "--format", "jsonl", cwd=ROOT)
    import json
    rows = [json.loads(line) for line in r.out.splitlines()]
    launch = [row for row in rows if row["kind"] == "date" and row["event"] == "offensive-launch"]
    assert [(row["value"], row["anchor"]) for row in launch] == [("2024-11-27", "inferred")]
    assert {row["published"] for row in rows} == {"2024-11-30"}
    assert evidence_paths({"evidence": rows}) == ["seeds/004_68e5d158b3363ef7.txt"]
