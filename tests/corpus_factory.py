"""A generated story corpus for the HTML report's tests, read with the repository's rules (the Syrian story).

Over several days, two sources report rising tolls (the Observatory "at least N", the ministry an exact figure or
"nearly N"); every document dates the offensive's launch, one to another day; half spell Khan Sheikhun as
"Khan Cheikhoun"; one late report gives a toll below an earlier one. Hostile documents put script and markup in
their text and in a file name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

START = dt.date(2024, 11, 28)
PER_DAY = 4
ODD_LAUNCH = 5  # the document that dates the launch to another day
HOSTILE_SCRIPT = "<script>window.__pwned = 'script'</script>"
HOSTILE_IMG = "\"><img src=x onerror=\"window.__pwned = 'img'\">"
HOSTILE_FILE = "\"><img src=x onerror=window.__pwned=3>.txt"
DROP = 200  # the late report's exact toll, below the Observatory's earlier lower bounds


def day_of(i: int) -> dt.date:
    return START + dt.timedelta(days=i // PER_DAY)


def story(folder: Path, documents: int = 60, hostile: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        day = day_of(i)
        step = i // PER_DAY
        ministry = f"nearly {110 + 10 * step}" if i % 3 == 0 and step <= 8 else str(100 + 10 * step)
        lines = [
            f"date {day.isoformat()} Rebels launched an offensive on {'November 28' if i == ODD_LAUNCH else 'November 27'}.",
            # the ministry first: after a sentence citing the Observatory, the extractor credits the next one to it
            f"The health ministry said the fighting had killed {ministry} people.",
            f"The fighting has killed at least {300 + 25 * step} people, according to the Syrian Observatory for Human Rights.",
            f"Fighters took the town of {'Khan Cheikhoun' if i % 2 else 'Khan Sheikhun'}.",
        ]
        (folder / f"doc{i:04d}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")
    last = day_of(documents - 1)
    (folder / "late.txt").write_text(
        f"date {(last + dt.timedelta(days=1)).isoformat()} The fighting has killed {DROP} people, according to the "
        "Syrian Observatory for Human Rights.\n", encoding="utf-8")
    if hostile:
        (folder / "hostile.txt").write_text(
            f"date {day_of(0).isoformat()} {HOSTILE_SCRIPT} Rebels launched an offensive on November 26.\n",
            encoding="utf-8")
        (folder / HOSTILE_FILE).write_text(
            f"date {last.isoformat()} {HOSTILE_IMG} The fighting has killed at least {300 + 25 * ((documents - 1) // PER_DAY)} "
            "people, according to the Syrian Observatory for Human Rights. Fighters took the town of Khan Cheikhoun.\n",
            encoding="utf-8")
    return folder
