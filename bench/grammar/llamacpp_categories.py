"""The mask-diff categories that only llama.cpp's column needs: its JSON
Schema converter as llama-cpp-python ships it (an older copy of llama.cpp's
json_schema_to_grammar.py) and its UTF-8 decoder.
categories.py adds them to its CATEGORIES after its own;
docs/grammar-peers.md explains each.

The JSON Schema predicates need to know what a token writes: an object key,
a string value of which property, whitespace between JSON tokens. _Walk
gives every byte that role; the walk over a step's prefix is cached, since
all differences of a step share it.
"""

import functools
import json
import re
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from categories import Category, Difference


class Role(NamedTuple):
    kind: str                  # "key" (an object key, its quotes included), "string", "ws", "punct", "scalar"
    container: str             # "{", "[" or "" (top level)
    prop: Optional[str]        # the innermost object's current property (None before its first key)
    array_prop: Optional[str]  # inside an array: the property whose value the innermost array is
    closes: bool = False       # the closing quote of a string


class _Walk:
    """A resumable walk over JSON text (partial, not validated)."""

    def __init__(self):
        self.stack: List[list] = []  # [container, current property, expecting a key, property of an array]
        self.inside = self.escaped = False
        self.string_kind = "string"
        self.key = bytearray()

    def copy(self) -> "_Walk":
        w = _Walk()
        w.stack = [list(f) for f in self.stack]
        w.inside, w.escaped, w.string_kind, w.key = self.inside, self.escaped, self.string_kind, bytearray(self.key)
        return w

    def feed(self, text: bytes) -> List[Role]:
        out: List[Role] = []
        stack = self.stack
        for b in text:
            top = stack[-1] if stack else None
            prop = next((f[1] for f in reversed(stack) if f[0] == "{"), None)
            array_prop = next((f[3] for f in reversed(stack) if f[0] == "["), None)
            container = top[0] if top else ""
            if self.inside:
                closes = False
                if self.escaped:
                    self.escaped = False
                elif b == 0x5C:
                    self.escaped = True
                elif b == 0x22:
                    self.inside, closes = False, True
                    if self.string_kind == "key":
                        top[1] = self.key.decode("utf-8", "replace")
                elif self.string_kind == "key":
                    self.key.append(b)
                out.append(Role(self.string_kind, container, prop, array_prop, closes))
                continue
            kind = "ws" if b in b" \t\r\n" else "punct" if b in b"{}[]:," else "scalar"
            if b == 0x22:
                self.inside = True
                self.string_kind = kind = "key" if top and top[0] == "{" and top[2] else "string"
                self.key = bytearray()
            elif b in b"{[":
                stack.append(["{" if b == 0x7B else "[", None, b == 0x7B, prop if b == 0x5B else None])
            elif b in b"}]":
                if stack:
                    stack.pop()
            elif b == 0x3A and top and top[0] == "{":
                top[2] = False
            elif b == 0x2C and top and top[0] == "{":
                top[2] = True
            out.append(Role(kind, container, prop, array_prop))
        return out


@functools.lru_cache(maxsize=4)
def _after(prefix: bytes) -> Tuple[_Walk, Tuple[Role, ...]]:
    """The walk's state after `prefix`, and the roles of its bytes."""
    w = _Walk()
    return w, tuple(w.feed(prefix))


def _roles(d: Difference) -> List[Role]:
    """The roles of the token's bytes, in the state after the prefix."""
    state, _ = _after(d.prefix)
    return state.copy().feed(d.token_bytes)


@functools.lru_cache(maxsize=64)
def _schema_props(source: str, test_name: str) -> frozenset:
    """Names of the properties (anywhere in the schema) whose schema passes
    _PROP_TESTS[test_name]."""
    test = _PROP_TESTS[test_name]
    try:
        root = json.loads(source)
    except ValueError:
        return frozenset()
    names = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            for name, sub in (props.items() if isinstance(props, dict) else ()):
                if isinstance(sub, dict) and test(sub):
                    names.add(name)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return frozenset(names)


# The string formats llama-cpp-python's json_schema_to_gbnf knows
# (STRING_FORMAT_RULES and the uuid primitive); it writes any other as a
# plain string.
_LLAMACPP_FORMATS = {"date", "time", "date-time", "uuid"}
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")

_PROP_TESTS: Dict[str, Callable[[dict], bool]] = {
    "unknown-format": lambda s: s.get("format") not in (None, *_LLAMACPP_FORMATS),
    "bounds": lambda s: any(k in s for k in _BOUNDS),
    "constant": lambda s: "enum" in s or "const" in s,
    "tuple": lambda s: "prefixItems" in s,
    "email": lambda s: s.get("format") == "email",
    "email-items": lambda s: isinstance(s.get("items"), dict) and s["items"].get("format") == "email",
}


def _schema(d: Difference) -> bool:
    return d.engine == "llamacpp" and d.grammar_kind == "json_schema"


def _format_ignored(d: Difference) -> bool:
    """Peer-only string text in the value of a property with a format the
    converter does not know."""
    if d.decc_allows or not _schema(d):
        return False
    props = _schema_props(d.source, "unknown-format")
    return any(r.kind == "string" and r.container == "{" and r.prop in props for r in _roles(d))


def _bounds_ignored(d: Difference) -> bool:
    """Peer-only: the token writes or ends (outside strings) a number in the
    value of a property with numeric bounds."""
    if d.decc_allows or not _schema(d):
        return False
    props = _schema_props(d.source, "bounds")
    roles = _roles(d)
    if any(r.kind == "string" for r in roles):
        return False
    _, before = _after(d.prefix)
    ends = bool(before) and before[-1].kind == "scalar" and before[-1].prop in props
    return ends or any(r.kind == "scalar" and r.prop in props for r in roles)


def _object_members(d: Difference) -> bool:
    """decc-only: the token writes a member separator in an object, or key
    characters; where the schema closes objects, only a prefix of a
    property name it declares."""
    if not d.decc_allows or not _schema(d):
        return False
    roles = _roles(d)
    if any(r.kind == "punct" and c == 0x2C and r.container == "{" for r, c in zip(roles, d.token_bytes)):
        return True
    if not any(r.kind == "key" for r in roles):
        return False
    if '"additionalProperties": false' not in d.source:
        return True
    state, _ = _after(d.prefix)
    written = bytes(state.key) + bytes(c for r, c in zip(roles, d.token_bytes) if r.kind == "key")
    name = written.split(b'"')[-1].decode("utf-8", "replace")
    return '"' + name in d.source


def _trailing_whitespace(d: Difference) -> bool:
    """Peer-only: the token completes the document, then writes
    whitespace."""
    if d.decc_allows or not _schema(d):
        return False
    body = d.token_bytes.rstrip(b" \t\r\n")
    if body == d.token_bytes or not (d.prefix + body).endswith((b"}", b"]")):
        return False
    state, _ = _after(d.prefix)
    w = state.copy()
    w.feed(body)
    return not w.stack and not w.inside


def _constant_space(d: Difference) -> bool:
    """decc-only: whitespace right after the closing quote of a string value
    of a property with enum or const."""
    if not d.decc_allows or not _schema(d):
        return False
    props = _schema_props(d.source, "constant")
    _, before = _after(d.prefix)
    roles = list(before[-1:]) + _roles(d)
    return any(roles[i].kind == "ws" and roles[i - 1].closes and roles[i - 1].kind == "string"
               and roles[i - 1].prop in props for i in range(1, len(roles)))


def _allof_required(d: Difference) -> bool:
    """decc-only: the token closes an object of a schema with allOf."""
    if not d.decc_allows or not _schema(d) or '"allOf"' not in d.source:
        return False
    return any(r.kind == "punct" and c == 0x7D for r, c in zip(_roles(d), d.token_bytes))


def _tuple(d: Difference) -> bool:
    """Either side: the token writes into an array that is the value of a
    property with prefixItems."""
    if not _schema(d):
        return False
    props = _schema_props(d.source, "tuple")
    return any(r.array_prop in props for r in _roles(d))


# llama.cpp's json_schema_to_grammar whitespace (llamacpp_peer.UPSTREAM_SPACE_RULE).
_LLAMACPP_SPACE = re.compile(rb" |\n{1,2}[ \t]{0,20}")


def _whitespace(d: Difference) -> bool:
    """decc-only: the token writes or extends a run of whitespace between
    JSON tokens that llama.cpp's space rule cannot spell (a carriage return, a
    tab without a newline, three newlines, 21 indentation characters, a space
    before a newline, whitespace before the document)."""
    if not d.decc_allows or not _schema(d):
        return False
    roles = _roles(d)
    if not any(r.kind == "ws" for r in roles):
        return False
    _, before = _after(d.prefix)
    run = len(before)
    while run > 0 and before[run - 1].kind == "ws":
        run -= 1
    text = d.prefix[run:] + d.token_bytes
    kinds = [r.kind for r in before[run:]] + [r.kind for r in roles]
    i = 0
    while i < len(text):
        if kinds[i] != "ws":
            i += 1
            continue
        j = i
        while j < len(text) and kinds[j] == "ws":
            j += 1
        if (run + i == 0) or not _LLAMACPP_SPACE.fullmatch(text[i:j]):
            return True
        i = j
    return False


def _raw_control(d: Difference) -> bool:
    if d.decc_allows or not _schema(d):
        return False
    return any(r.kind in ("key", "string") and c < 0x20 for r, c in zip(_roles(d), d.token_bytes))


LLAMACPP: Dict[str, Category] = {
    "utf8-invalid-lead": Category(
        "peer bug",
        "llama.cpp's decode_utf8 takes a sequence's length from the lead byte's high nibble alone, so the bytes "
        "F5-FF (never in UTF-8) start a 4-byte 'code point' above U+10FFFF, which a negated class (a JSON string "
        "character) admits: its output is not UTF-8",
        lambda d: (not d.decc_allows and d.engine == "llamacpp"
                   and re.search(rb"[\xf5-\xff]", d.token_bytes) is not None)),
    "llamacpp-whitespace": Category(
        "peer choice",
        "llama.cpp's JSON Schema whitespace is `| \" \" | \"\\n\"{1,2} [ \\t]{0,20}` between tokens (none "
        "before the document): no carriage return, no tab without a newline, at most two newlines and 20 "
        "indentation characters; decc's is any JSON whitespace",
        _whitespace),
    "llamacpp-raw-control-char": Category(
        "peer bug",
        "llama-cpp-python's json_schema_to_gbnf spells a string character [^\"\\\\]: raw U+0000-U+001F in "
        "every string, which JSON requires escaped (llama.cpp's current converter excludes them)",
        _raw_control),
    "llamacpp-object-members": Category(
        "peer choice",
        "llama-cpp-python's converter writes an object as its declared properties in declaration order (required "
        "ones first) and nothing else unless additionalProperties is given; JSON Schema objects are open and "
        "unordered, and decc accepts another member (a comma after the last declared one, a key out of order)",
        _object_members),
    "llamacpp-trailing-whitespace": Category(
        "peer choice",
        "llama.cpp's converter ends the root rule with its space rule, so whitespace may follow the document; "
        "decc's JSON Schema document ends at its last bracket",
        _trailing_whitespace),
    "llamacpp-constant-space": Category(
        "peer bug",
        "llama-cpp-python's converter writes an enum or const value without the space rule after it, so no "
        "whitespace may follow it (a pretty-printed document is rejected there); decc allows it",
        _constant_space),
    "llamacpp-allof-required": Category(
        "peer bug",
        "llama-cpp-python's converter merges allOf into one object whose every property is required (the parts' "
        "'required' lists are dropped); decc lets the object close once the required ones are there",
        _allof_required),
    "llamacpp-format-ignored": Category(
        "peer choice",
        "llama-cpp-python's converter knows the formats date, time, date-time and uuid only and writes any other "
        "(email, ipv4) as a plain string",
        _format_ignored),
    "llamacpp-bounds-ignored": Category(
        "peer choice",
        "llama-cpp-python's converter ignores minimum, maximum, exclusive bounds and multipleOf: any number",
        _bounds_ignored),
    "llamacpp-tuple": Category(
        "peer choice",
        "llama-cpp-python's converter requires every prefixItems item when items is false (minItems ignored) "
        "and ignores prefixItems next to an items schema (an array of items)",
        _tuple),
}
