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
    # "on Saturday (Nov 30)" gives no year: the other seeds' publication dates settle it (never the clock)
    r = run("facts", "seeds", "--format", "jsonl", cwd=ROOT)
    import json
    rows = [row for line in r.out.splitlines() for row in [json.loads(line)]
            if row["path"] == "seeds/004_68e5d158b3363ef7.txt"]
    launch = [row for row in rows if row["kind"] == "date" and row["event"] == "offensive-launch"]
    assert [(row["value"], row["anchor"]) for row in launch] == [("2024-11-27", "inferred")]
    assert {row["published"] for row in rows} == {"2024-11-30"}
    assert evidence_paths({"evidence": rows}) == ["seeds/004_68e5d158b3363ef7.txt"]


def _mutated(tmp_path, path: str, old: str, new: str):  # type: ignore[no-untyped-def]
    """The seed corpus and rules copied to tmp_path with one figure changed."""
    import shutil

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    target = tmp_path / "seeds" / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_a_lower_later_toll_in_the_seeds_is_found(run, tmp_path):  # type: ignore[no-untyped-def]
    # the "no toll error" result above is not vacuous: the same rules fire once 002's toll drops below 327
    root = _mutated(tmp_path, "002_946ea75bc1d976e5.txt", "more than 412 people", "more than 250 people")
    r = run("lint", "seeds", "--format", "json", cwd=root)
    [f] = [f for f in r.findings("toll-never-decreases") if f["values"]["who"] == "people"]
    assert f["severity"] == "warning"  # [251, inf) after [327, inf): only the lower bound drops, by over a tenth
    assert f["values"]["source"] == "Syrian Observatory for Human Rights"
    assert evidence_paths(f)[-1] == "seeds/002_946ea75bc1d976e5.txt"


def test_civilians_above_the_total_in_the_seeds_are_found(run, tmp_path):  # type: ignore[no-untyped-def]
    root = _mutated(tmp_path, "004_68e5d158b3363ef7.txt", "has killed at least 327 people, including 44",
                    "has killed 327 people, including 440")
    r = run("lint", "seeds", "--format", "json", cwd=root)
    [f] = r.findings("part-within-whole")
    assert (f["values"]["part"], f["values"]["whole"]) == ("440", "327")
    assert evidence_paths(f) == ["seeds/004_68e5d158b3363ef7.txt"]


def test_parts_that_no_longer_add_up_in_the_seeds_are_found(run, tmp_path):  # type: ignore[no-untyped-def]
    # 100 + 83 + 44 = 227 falls short of "at least 327" (a larger sum could not contradict an open-ended total)
    root = _mutated(tmp_path, "001_0aee72244986942d.txt", "while the rebels had lost 183", "while the rebels had lost 83")
    r = run("lint", "seeds", "--format", "json", cwd=root)
    [f] = r.findings("parts-add-up")
    assert (f["values"]["kind"], f["values"]["sum"], f["values"]["total"]) == ("falls-short", "227", "327+")
    assert "seeds/001_0aee72244986942d.txt" in evidence_paths(f)
