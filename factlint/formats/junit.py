"""JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, test-reporter actions).

One test suite; each finding is a failed test case named after its first side, each input diagnostic an errored one.
A clean run still has one passing test case, so the CI page shows that factlint ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from factlint.formats import FormatOptions, one_line
from factlint.model import Diagnostic, Finding, Report

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

# Characters outside XML 1.0's Char production (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF):
# ElementTree writes them as they are, and no parser then accepts the file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _testcase(suite: ET.Element, classname: str, name: str, path: str, line: int | None) -> ET.Element:
    attrs = {"classname": xml_safe(classname), "name": xml_safe(name)}
    if path:
        attrs["file"] = xml_safe(path)
    if line is not None:
        attrs["line"] = str(line)
    return ET.SubElement(suite, "testcase", attrs)


def _finding(suite: ET.Element, f: Finding) -> None:
    p = f.primary
    name = f"{p.path}:{p.line}:{p.column}" if p else f.rule
    case = _testcase(suite, f.rule, name, p.path if p else "", p.line if p else None)
    failure = ET.SubElement(case, "failure", {"message": xml_safe(f.message), "type": f.severity})
    lines = [f"{f.severity} [{f.rule}] {f.message}"]
    for ev in f.evidence:
        s = ev.span
        label = f" ({ev.label})" if ev.label else ""
        lines.append(f'{s.path}:{s.line}:{s.column}: "{one_line(s.text)}"{label}')
    lines.extend(f'fix: "{x.span.text}" -> "{x.replacement}"' for x in f.fixes)
    failure.text = xml_safe("\n".join(lines))


def _diagnostic(suite: ET.Element, d: Diagnostic) -> None:
    where = d.path if d.line is None else f"{d.path}:{d.line}" + ("" if d.column is None else f":{d.column}")
    case = _testcase(suite, "factlint.input", where, d.path, d.line)
    error = ET.SubElement(case, "error", {"message": xml_safe(d.message), "type": d.severity})
    error.text = xml_safe(str(d))


def render(report: Report, opts: FormatOptions) -> str:
    counts = {"tests": 0, "failures": len(report.findings), "errors": len(report.diagnostics), "skipped": 0}
    root = ET.Element("testsuites", {"name": "factlint"})
    suite = ET.SubElement(root, "testsuite", {"name": "factlint"})
    for f in report.findings:
        _finding(suite, f)
    for d in report.diagnostics:
        _diagnostic(suite, d)
    if not report.findings:
        _testcase(suite, "factlint", "no findings", "", None)
    counts["tests"] = len(suite)
    for element in (root, suite):
        element.attrib.update({key: str(n) for key, n in counts.items()})
    ET.indent(root)
    # Declared by hand: tostring(encoding="unicode") would declare the locale's encoding, not the UTF-8 we write.
    return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
