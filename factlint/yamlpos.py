"""Safe YAML with positions: every value keeps the file, line, column and key path it came from.

Rule, config and facts files are read through here. The loader refuses, quickly and with exit code 2, files built to
explode: nesting deeper than MAX_DEPTH is caught by a token pre-scan (before the recursive composer could overflow),
and alias expansion is bounded by a node budget, since aliases make a small file stand for an enormous tree.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from factlint.errors import ConfigError

# libyaml's parser when PyYAML was built with it (the wheels are): the same nodes and marks, several times faster
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_BYTES = 10 * 1024 * 1024

_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
         yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


@dataclass
class Node:
    """A YAML value with its origin. `value` is a scalar, a list of Node, or a dict of str -> Node."""

    value: Any
    file: str
    line: int
    column: int
    keypath: str
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def error(self, message: str, key: str | None = None) -> ConfigError:
        line, col = self.key_marks.get(key, (self.line, self.column)) if key else (self.line, self.column)
        where = self.keypath + (("." if self.keypath else "") + key if key else "")
        return ConfigError(f"{where}: {message}" if where else message, self.file, line, col)

    def plain(self) -> Any:
        """The value with positions stripped."""
        if isinstance(self.value, list):
            return [n.plain() for n in self.value]
        if isinstance(self.value, dict):
            return {k: n.plain() for k, n in self.value.items()}
        return self.value


def _check_depth(text: str, file: str, loader: type[yaml.SafeLoader] = _LOADER) -> None:
    """Refuse deep nesting from the token stream, before the recursive composer sees it; name the key path."""
    frames: list[list[str]] = []  # per open collection: [kind, current key or index]
    expect_key = False
    try:
        for tok in yaml.scan(text, Loader=loader):
            if isinstance(tok, _OPEN):
                is_seq = isinstance(tok, (yaml.BlockSequenceStartToken, yaml.FlowSequenceStartToken))
                frames.append(["seq", "0"] if is_seq else ["map", ""])
                if len(frames) > MAX_DEPTH:
                    m = tok.start_mark
                    raise ConfigError(f"{_scan_path(frames)}: nesting deeper than {MAX_DEPTH} levels; refusing "
                                      "the file", file, m.line + 1, m.column + 1)
            elif isinstance(tok, _CLOSE):
                if frames:
                    frames.pop()
            elif isinstance(tok, yaml.KeyToken):
                expect_key = True
            elif isinstance(tok, yaml.ScalarToken) and expect_key and frames and frames[-1][0] == "map":
                frames[-1][1] = tok.value
                expect_key = False
            elif isinstance(tok, yaml.FlowEntryToken) and frames and frames[-1][0] == "seq":
                frames[-1][1] = str(int(frames[-1][1]) + 1)
    except yaml.MarkedYAMLError as exc:
        if loader is not yaml.SafeLoader and "nesting depth" in str(exc.problem):
            _check_depth(text, file, yaml.SafeLoader)  # libyaml's own limit: read again to name the key path
        raise _yaml_error(exc, file) from None


def _scan_path(frames: list[list[str]]) -> str:
    out = ""
    for kind, key in frames[:-1]:
        out += f"[{key}]" if kind == "seq" else (f".{key}" if out else key)
    return (out[:60] + "...") if len(out) > 60 else out or "document"


def _yaml_error(exc: yaml.MarkedYAMLError, file: str) -> ConfigError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return ConfigError(f"invalid YAML: {problem}", file, line, column)


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> ConfigError:
    """A character YAML does not allow (NUL, most control characters, U+FFFE): where it is, and which."""
    pos = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return ConfigError(f"invalid YAML: character U+{ord(char):04X} is not allowed in YAML", file, line, column)


def load_text(text: str, file: str) -> Node | None:
    """Parse one YAML document into Nodes; None for an empty document."""
    if len(text) > MAX_BYTES:
        raise ConfigError(f"file is larger than {MAX_BYTES} bytes; refusing it", file)
    try:
        _check_depth(text, file)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, file) from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, file) from None
    except RecursionError:
        raise ConfigError("nesting too deep; refusing the file", file) from None
    if root is None:
        return None
    return _Converter(file).convert(root, "", 0)


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file
        self.budget = MAX_NODES
        self.loader = yaml.SafeLoader("")

    def convert(self, node: yaml.Node, keypath: str, depth: int) -> Node:
        self.budget -= 1
        if self.budget < 0:
            raise ConfigError(
                f"{keypath or 'document'}: more than {MAX_NODES} values (alias expansion?); refusing the file",
                self.file,
                node.start_mark.line + 1, node.start_mark.column + 1,
            )
        if depth > MAX_DEPTH:
            raise ConfigError(f"nesting deeper than {MAX_DEPTH} levels", self.file, node.start_mark.line + 1)
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            try:
                value = self.loader.construct_object(node, deep=True)
            except yaml.constructor.ConstructorError as exc:
                raise ConfigError(f"{keypath or 'value'}: {exc.problem}", self.file, line, col) from None
            except (ValueError, OverflowError) as exc:  # "2024-02-30" read as a date; an int over the digit limit
                shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
                raise ConfigError(f"{keypath or 'value'}: '{shown}' cannot be read ({exc}); quote it if it is text",
                                  self.file, line, col) from None
            return Node(value, self.file, line, col, keypath)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(child, f"{keypath}[{i}]", depth + 1) for i, child in enumerate(node.value)]
            return Node(items, self.file, line, col, keypath)
        assert isinstance(node, yaml.MappingNode)
        written = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        try:
            self.loader.flatten_mapping(node)  # merge keys (`<<: *base`) become the keys they stand for, first
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark or node.start_mark
            raise ConfigError(f"{keypath or 'mapping'}: {exc.problem}", self.file, mark.line + 1,
                              mark.column + 1) from None
        out: dict[str, Node] = {}
        marks: dict[str, tuple[int, int]] = {}
        own: set[str] = set()  # keys written in this mapping, as opposed to merged into it
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError(f"{keypath or 'mapping'}: keys must be plain strings", self.file,
                                  key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            try:
                key = str(self.loader.construct_object(key_node))
            except yaml.constructor.ConstructorError as exc:  # a tag on a key: "!!python/name:os.system x: 1"
                raise ConfigError(f"{keypath or 'mapping'}: {exc.problem}", self.file, kline, kcol) from None
            except (ValueError, OverflowError) as exc:  # "2024-02-30: x", a key of 5,000 digits
                raise ConfigError(f"{keypath or 'mapping'}: key '{key_node.value[:40]}' cannot be read ({exc})",
                                  self.file, kline, kcol) from None
            if key in own:  # a key written twice is an error; a written key replacing a merged one is what `<<` is for
                raise ConfigError(f"{_join(keypath, key)}: duplicate key", self.file, kline, kcol)
            if id(key_node) in written:
                own.add(key)
            marks[key] = (kline, kcol)
            out[key] = self.convert(value_node, _join(keypath, key), depth + 1)
        return Node(out, self.file, line, col, keypath, marks)


def _join(keypath: str, key: str) -> str:
    return f"{keypath}.{key}" if keypath else key


def load_file(path: str, display: str | None = None) -> Node | None:
    shown = display or path
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read file ({exc.strerror or exc})", shown) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", shown) from None
    return load_text(text, shown)


# --- validation helpers -------------------------------------------------------------------------------------------

def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def expect_mapping(node: Node, allowed: Iterable[str], required: Iterable[str] = ()) -> dict[str, Node]:
    if not isinstance(node.value, dict):
        raise node.error(f"expected a mapping, got {describe(node.value)}")
    allowed = list(allowed)
    for key in node.value:
        if key not in allowed:
            raise node.error(f"unknown key{did_you_mean(key, allowed)}; expected one of: {', '.join(allowed)}", key)
    for key in required:
        if key not in node.value:
            raise node.error(f"missing required key '{key}'")
    mapping: dict[str, Node] = node.value
    return mapping


def expect_list(node: Node) -> list[Node]:
    if not isinstance(node.value, list):
        raise node.error(f"expected a list, got {describe(node.value)}")
    items: list[Node] = node.value
    return items


def expect_str(node: Node, choices: Iterable[str] | None = None) -> str:
    if not isinstance(node.value, str) or not node.value.strip():
        raise node.error(f"expected a non-empty string, got {describe(node.value)}")
    if choices is not None:
        choices = list(choices)
        if node.value not in choices:
            raise node.error(f"'{node.value}' is not one of: {', '.join(choices)}{did_you_mean(node.value, choices)}")
    return node.value


def expect_str_list(node: Node) -> list[str]:
    if isinstance(node.value, str):
        return [node.value]
    return [expect_str(item) for item in expect_list(node)]


def expect_int(node: Node, minimum: int | None = None) -> int:
    if isinstance(node.value, bool) or not isinstance(node.value, int):
        raise node.error(f"expected an integer, got {describe(node.value)}")
    if minimum is not None and node.value < minimum:
        raise node.error(f"expected an integer >= {minimum}, got {node.value}")
    return node.value


def expect_bool(node: Node) -> bool:
    if not isinstance(node.value, bool):
        raise node.error(f"expected true or false, got {describe(node.value)}")
    return node.value


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"a string ('{value[:40]}')"
    return f"{type(value).__name__} ({value!r})"
