"""The output of `factlint facts`: every fact read, one per line, as text for people or as JSON lines (the
`fact_row` contract, which `*.jsonl` facts files read back)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from factlint.model import Fact, fact_row


def render(facts: Sequence[Fact], fmt: str) -> str:
    lines = [json.dumps(fact_row(f), ensure_ascii=False) if fmt == "jsonl" else _text(fact_row(f)) for f in facts]
    return "\n".join(lines) + ("\n" if lines else "")


def _text(row: dict[str, object]) -> str:
    where = f"{row['path']}:{row['line']}:{row['column']}"
    if row["kind"] == "count":
        hi = "inf" if row["high"] is None else row["high"]
        what = (f"count  {row['metric']}/{row['who']} [{row['low']}, {hi}] {row['qualifier']}"
                f" source={row['source']} cumulative={str(row['cumulative']).lower()} status={row['status']}"
                + (f" scope={row['scope']}" if row["scope"] else "")
                + (" part_of=" + str(row["part_of"]) if row["part_of"] else ""))
    elif row["kind"] == "date":
        what = f"date   {row['value']} ({row['start_date']}..{row['end_date']}) anchor={row['anchor']}" + (
            f" event={row['event']}" if row["event"] else "")
    else:
        score = f", {row['score']}" if row["match"] == "fuzzy" else ""
        what = f"name   {row['canonical'] or '-'} ({row['match']}{score})"
    return f'{where}: {what}  "{row["text"]}"'
