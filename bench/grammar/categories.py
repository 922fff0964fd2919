"""The explained categories of mask differences between decc and a peer, each
with the side it comes from and why (docs/grammar-peers.md has the long form
with examples). classify() returns the first category whose predicate holds,
or "unexplained:<direction>".

A predicate must be narrow: it names the exact bytes or token class of the
difference, so that a new bug does not hide in a broad category.
"""

import functools
import ipaddress
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from vocab import VocabInfo


@dataclass
class Difference:
    engine: str           # the peer
    grammar_kind: str     # "gbnf" or "json_schema"
    token: int
    token_bytes: bytes
    decc_allows: bool     # else the peer allows it and decc does not
    prefix: bytes         # the document's bytes before this step
    forced: bytes         # the peer's forced bytes at this step
    vocab: VocabInfo
    decc_eos: List[int]
    peer_eos: List[int]
    source: str = ""      # the grammar file's text
    oracle_allows: Optional[bool] = None  # a third engine's bit, when one runs


class Category(NamedTuple):
    side: str             # "decc choice", "peer choice", "peer bug", "decc bug"
    reason: str
    applies: Callable[[Difference], bool]


def _prefix_of_forced(d: Difference) -> bool:
    return (d.decc_allows and d.engine == "llguidance" and len(d.forced) >= len(d.token_bytes) > 0
            and d.forced.startswith(d.token_bytes))


_ESCAPE = re.compile(rb"\\(.{0,5})", re.S)
_VALID_ESCAPE = re.compile(r'\\(["\\/bfnrt]|u[0-9a-fA-F]{0,4})?')


def _escapes(d: Difference) -> list:
    """The JSON escapes the token writes or completes (an escape begun in
    the prefix counts: a backslash ending it, or an unfinished \\uXXXX), as
    text up to 6 characters."""
    run = len(d.prefix) - len(d.prefix.rstrip(b"\\"))
    tail = (b"\\" if run % 2 else b"") + d.token_bytes
    begun = re.search(rb"\\u[0-9a-fA-F]{0,3}$", d.prefix)
    if begun and not run:
        before = d.prefix[:begun.start()]
        if (len(before) - len(before.rstrip(b"\\"))) % 2 == 0:
            tail = begun.group(0) + d.token_bytes
    out = []
    i = 0
    while True:
        m = _ESCAPE.search(tail, i)
        if not m:
            return out
        esc = m.group(0)[:2] if m.group(1)[:1] != b"u" else m.group(0)
        out.append(esc.decode("latin-1"))
        i = m.start() + len(esc)


def _email_label(d: Difference) -> bool:
    """Peer-only host-name text that cannot end within 63 bytes in one label
    after '@': longer than 63, or 63 ending with '-' while the label goes on
    (a label ends with a letter or digit, so it needs a 64th byte)."""
    at = d.prefix.rfind(b"@")
    if d.decc_allows or at < 0 or b'"' in d.prefix[at:]:
        return False
    label = re.split(rb"[.@]", d.prefix[at:])[-1] + d.token_bytes.split(b".")[0]
    goes_on = b"." not in d.token_bytes
    needed = len(label) + (1 if goes_on and label.endswith(b"-") else 0)
    return needed > 63 and re.fullmatch(rb"[A-Za-z0-9-]+", label) is not None


def _open_string(prefix: bytes) -> Optional[bytes]:
    """The content so far of the JSON string the prefix ends in (after its
    opening quote), or None outside strings."""
    start = None
    escaped = False
    for i, b in enumerate(prefix):
        if escaped:
            escaped = False
        elif b == 0x5C and start is not None:
            escaped = True
        elif b == 0x22:
            start = i + 1 if start is None else None
    return None if start is None else prefix[start:]


def _in_json_string(d: Difference) -> bool:
    """The prefix ends inside a JSON string (an odd number of unescaped
    quotes since the last structural position)."""
    return _open_string(d.prefix) is not None


def _string_text(d: Difference) -> Optional[bytes]:
    """The text of the string the token writes into, up to the token's end:
    the open string's content and the token, or the token after its first
    quote when it opens one; None when the token writes no string."""
    content = _open_string(d.prefix)
    if content is not None:
        return content + d.token_bytes
    quote = d.token_bytes.find(b'"')
    return None if quote < 0 else d.token_bytes[quote + 1:]


@functools.lru_cache(maxsize=64)
def _root_format(source: str) -> Optional[str]:
    """The `format` of the schema's root, if it has one."""
    try:
        schema = json.loads(source)
    except ValueError:
        return None
    return schema.get("format") if isinstance(schema, dict) else None


def _email_value(d: Difference) -> Optional[bytes]:
    """The string text (_string_text) when that string is an email: the
    document itself under a root with format email, the value of a property
    with it, or an item of an array property whose items have it. Else None."""
    from llamacpp_categories import _roles, _schema_props  # it imports this module
    text = _string_text(d)
    if text is None or '"email"' not in d.source:
        return None
    role = next((r for r in _roles(d) if r.kind == "string"), None)
    if role is None:
        return None
    if role.container == "" and _root_format(d.source) == "email":
        return text
    if role.container == "{" and role.prop in _schema_props(d.source, "email"):
        return text
    if role.container == "[" and role.array_prop in _schema_props(d.source, "email-items"):
        return text
    return None


def _email_literal(d: Difference) -> bool:
    """decc-only text of an address literal after '@[' in an email value:
    for llguidance (which has [IPv4]) an IPv6 one, '[IPv6:' in any case; for
    XGrammar (none) any."""
    text = _email_value(d) if d.decc_allows else None
    if text is None:
        return False
    at = text.find(b"@[")
    if at < 0 or b"]" in text[at:len(text) - len(d.token_bytes)]:
        return False  # no literal, or one closed before the token
    literal = text[at + 1:].lower()
    return d.engine == "xgrammar" or literal.startswith(b"[ipv6:") or b"[ipv6:".startswith(literal)


def _quoted_local_part(d: Difference) -> bool:
    """The token writes printable ASCII (RFC 5321 qtext and quoted pairs are
    ASCII 32-126) into the quoted local part of an email value (which begins
    with an escaped quote, not yet closed by '\\"@' before the token)."""
    text = _email_value(d)
    if (text is None or not (text.startswith(b'\\"') or text == b"\\")
            or re.fullmatch(rb"[\x20-\x7e]+", d.token_bytes) is None):
        return False
    return b'\\"@' not in text[2:len(text) - len(d.token_bytes)]


def _string_written(d: Difference) -> Optional[Tuple[bytes, bytes]]:
    """What the token writes into a string, up to a quote, and the bytes of
    a character the prefix left unfinished; None when the token writes no
    string."""
    content = _open_string(d.prefix)
    if content is None:
        quote = d.token_bytes.find(b'"')
        if quote < 0:
            return None
        return d.token_bytes[quote + 1:].partition(b'"')[0], b""
    tail = content[-3:]
    cut = next((i for i in range(len(tail)) if _utf8_tail_is_open(tail[i:])), len(tail))
    return d.token_bytes.partition(b'"')[0], tail[cut:]


def _utf8_tail_is_open(b: bytes) -> bool:
    """`b` is the start of one UTF-8 character, not all of it."""
    try:
        b.decode("utf-8")
        return False
    except UnicodeDecodeError as e:
        return e.start == 0 and e.reason == "unexpected end of data"


# ECMA-262 WhiteSpace and LineTerminator (the \s of JSON Schema patterns)
# and Rust regex's \s (Unicode White_Space) differ in these two only.
_ECMA_ONLY_SPACE, _RUST_ONLY_SPACE = "\ufeff", "\x85"


def _ecmascript_space(d: Difference) -> bool:
    """The token writes into a string (of a schema whose patterns use \\s
    or \\S) nothing but U+FEFF, or nothing but U+0085, the last one
    possibly unfinished, and the engine allowing it is the one that ECMAScript
    sides with: under \\s decc takes U+FEFF and llguidance U+0085, under
    \\S the reverse."""
    if d.engine != "llguidance" or d.grammar_kind != "json_schema":
        return False
    classes = set(re.findall(r"\\\\([sS])", d.source))
    parts = _string_written(d) if classes else None
    if not parts or not parts[0]:
        return False
    written = parts[1] + parts[0]
    for char in (_ECMA_ONLY_SPACE, _RUST_ONLY_SPACE):
        whole = char.encode()
        n = len(written) // len(whole)
        rest = written[n * len(whole):]
        if written[:n * len(whole)] == whole * n and whole.startswith(rest):
            in_ecma_space = char == _ECMA_ONLY_SPACE
            if classes == {"s"}:
                return d.decc_allows == in_ecma_space
            if classes == {"S"}:
                return d.decc_allows != in_ecma_space
            return True
    return False


def _ip_literal_future_upper_v(d: Difference) -> bool:
    """decc-only: in a uri, the IP-literal host written so far is IPvFuture
    text (RFC 3986: "v" 1*HEXDIG "." 1*(unreserved / sub-delims / ":"))
    that starts with an upper-case V."""
    if not d.decc_allows or d.engine != "llguidance" or '"uri"' not in d.source:
        return False
    text = _string_text(d)
    return text is not None and re.search(
        rb"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#\[\]@]*@)?\[V(?:[0-9A-Fa-f]+(?:\.[A-Za-z0-9._~!$&'()*+,;=:-]*)?)?$",
        text) is not None


def _ipv6_dotted_quad(d: Difference) -> bool:
    """decc-only: the token begins the dotted-quad tail of an IPv6 address
    (the whole string of format ipv6, or a uri's IP-literal host): the
    address so far, its open octets completed by zeros, is a valid IPv6
    address and its first '.' is in the token."""
    if not d.decc_allows or d.engine != "llguidance" or not ('"ipv6"' in d.source or '"uri"' in d.source):
        return False
    text = _string_text(d)
    m = re.search(rb"(?:^|\[)([0-9A-Fa-f:]*:)(\d{1,3}(?:\.\d{0,3}){1,3})$", text or b"")
    if m is None or m.start(2) + m.group(2).index(b".") < len(text) - len(d.token_bytes):
        return False
    octets = [o or b"0" for o in m.group(2).split(b".")]
    octets += [b"0"] * (4 - len(octets))
    try:
        ipaddress.IPv6Address((m.group(1) + b".".join(octets)).decode())
        return True
    except ValueError:
        return False


def _rfc3339_offsets(hour: int, minute: int) -> List[bytes]:
    """The offsets under which hh:mm:60 is 23:59:60 UTC (RFC 3339 section
    5.7): local minute L goes with -(23:59 - L) and, but for 23:59, with
    +(L + 1 minute); 23:59 with Z and +/-00:00."""
    local = hour * 60 + minute
    clock = lambda m: b"%02d:%02d" % divmod(m, 60)  # noqa: E731
    if local == 1439:
        return [b"Z", b"z", b"+00:00", b"-00:00"]
    return [b"+" + clock(local + 1), b"-" + clock(1439 - local)]


_ALL_OFFSETS = [b"Z", b"z"] + [s + b"%02d:%02d" % (h, m) for s in (b"+", b"-") for h in range(24) for m in range(60)]
_LEAP = re.compile(rb"(\d\d):(\d\d):6(0(?:\.\d*)?)?(.*)$", re.S)


def _leap_second(d: Difference) -> Optional[bool]:
    """Peer-only: the string so far writes a leap second (hh:mm:6, then 0,
    a fraction, an offset or its start, perhaps the closing quote) that
    decc's 23:59:60 under a zero offset excludes. True when RFC 3339 allows
    some completion (decc's choice), False when none (the peer's bug: the
    time is not 23:59:60 UTC), None when it is not such a difference."""
    if d.decc_allows or d.grammar_kind != "json_schema" or not ('"time"' in d.source or '"date-time"' in d.source):
        return None
    text = _string_text(d)
    m = _LEAP.search(text or b"")
    if m is None or (m.group(3) is None and m.group(4)):
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    offset, quote, _ = m.group(4).partition(b'"')
    if m.group(3) is None:
        offset = None  # only the 6 of the seconds so far
    elif quote and offset not in _ALL_OFFSETS:
        return None
    elif not quote and not any(o.startswith(offset) for o in _ALL_OFFSETS):
        return None
    if hour > 23 or minute > 59:
        return None

    def fits(offsets: List[bytes]) -> bool:
        return any(offset is None or (o == offset if quote else o.startswith(offset)) for o in offsets)
    decc = _rfc3339_offsets(23, 59) if (hour, minute) == (23, 59) else []
    if fits(decc):
        return None
    return fits(_rfc3339_offsets(hour, minute))


def _ends_number(d: Difference, number: bytes) -> bool:
    """The token ends (outside strings) a number, begun in the prefix or in
    the token, that the regex `number` matches in full."""
    if _in_json_string(d):
        return False
    tail = re.search(rb"-?[0-9.]*$", d.prefix).group(0)
    m = re.match(number + rb"(?=[^\d.eE])", tail + d.token_bytes)
    return m is not None and m.end() >= len(tail)


def _writes_negative_zero(d: Difference) -> bool:
    """The token goes on with a number begun by '-' in the prefix (outside
    strings) and leaves it at -0, -0. or -0.00."""
    tail = re.search(rb"-[0-9.]*$", d.prefix)
    return (tail is not None and not _in_json_string(d)
            and re.fullmatch(rb"-0(\.0*)?", tail.group(0) + d.token_bytes) is not None)


@functools.lru_cache(maxsize=64)
def _draft7_ref_with_siblings(source: str) -> bool:
    """A draft-07 schema with a $ref next to other keywords (which draft 7
    ignores) anywhere in it."""
    try:
        schema = json.loads(source)
    except ValueError:
        return False
    if not isinstance(schema, dict) or "draft-07" not in str(schema.get("$schema", "")):
        return False
    stack = [schema]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if "$ref" in v and set(v) - {"$ref", "$comment", "description", "title", "definitions"}:
                return True
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{0,2}")


def _lone_surrogate(d: Difference) -> bool:
    """Peer-only: the token writes or completes a \\u escape of a surrogate
    that cannot be paired: a low one (DC00-DFFF) not right after a high
    one's escape, or a complete high one (D800-DBFF) followed by anything but
    a backslash."""
    if d.decc_allows or d.grammar_kind != "json_schema":
        return False
    tail = d.prefix[-12:]
    text = tail + d.token_bytes
    for m in _SURROGATE.finditer(text):
        if m.end() <= len(tail):
            continue
        esc = m.group(0)
        low = esc[3:4] in b"cdefCDEF"
        if low and not re.search(rb"\\u[dD][89abAB][0-9a-fA-F]{2}$", text[: m.start()]):
            return True
        after = text[m.end():]
        if not low and len(esc) == 6 and after and not b"\\u".startswith(after[:2]):
            return True
    return False


_INF = Decimal("Infinity")


class _Range(NamedTuple):
    lo: Decimal
    lo_strict: bool
    hi: Decimal
    hi_strict: bool


@functools.lru_cache(maxsize=64)
def _number_ranges(source: str) -> tuple:
    """The ranges of the schema's bounded `number` subschemas (minimum,
    maximum, exclusiveMinimum, exclusiveMaximum as numbers, or draft-4
    booleans next to minimum/maximum)."""
    try:
        schema = json.loads(source, parse_float=Decimal, parse_int=Decimal)
    except ValueError:
        return ()
    out = []
    stack = [schema]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            types = v.get("type")
            types = types if isinstance(types, list) else [types]
            bound = {k: v[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
                     if isinstance(v.get(k), Decimal)}
            if "number" in types and bound:
                lo, lo_strict, hi, hi_strict = -_INF, False, _INF, False
                if "minimum" in bound:
                    lo, lo_strict = bound["minimum"], v.get("exclusiveMinimum") is True
                if "exclusiveMinimum" in bound and bound["exclusiveMinimum"] >= lo:
                    lo, lo_strict = bound["exclusiveMinimum"], True
                if "maximum" in bound:
                    hi, hi_strict = bound["maximum"], v.get("exclusiveMaximum") is True
                if "exclusiveMaximum" in bound and bound["exclusiveMaximum"] <= hi:
                    hi, hi_strict = bound["exclusiveMaximum"], True
                out.append(_Range(lo, lo_strict, hi, hi_strict))
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return tuple(out)


def _needs_seventh_digit(d: Difference) -> bool:
    """decc-only: the token adds fraction digits to a number (outside
    strings) of a schema with bounded numbers, such that some completion
    lies in one of their ranges, but none with at most 6 fraction digits
    does (more than 6 digits written already, or the range left to the
    completions holds no 6-digit decimal: 0.000000 under exclusiveMinimum 0)."""
    if not d.decc_allows or d.grammar_kind != "json_schema" or _in_json_string(d):
        return False
    written = re.match(rb"[0-9.]*", d.token_bytes).group(0)
    m = re.search(rb"(-?)([0-9]+\.[0-9]*)$", re.search(rb"-?[0-9.]*$", d.prefix).group(0) + written)
    if not written[-1:].isdigit() or not m:
        return False  # the token ends with a digit after the number's '.'
    digits = len(m.group(2)) - m.group(2).index(b".") - 1
    # The completions of a number with k fraction digits span [v, v + 10^-k)
    # away from zero; a negative one is mirrored to the positive side.
    v, width = Decimal(m.group(2).decode()), Decimal(1).scaleb(-digits)
    grid = Decimal(1).scaleb(-6)
    for r in _number_ranges(d.source):
        if m.group(1):
            r = _Range(-r.hi, r.hi_strict, -r.lo, r.lo_strict)
        start, start_strict = (v, False) if v > r.lo else (r.lo, r.lo_strict)
        end, end_strict = (v + width, True) if v + width <= r.hi else (r.hi, r.hi_strict)
        if start > end or (start == end and (start_strict or end_strict)):
            continue  # no completion in this range
        if digits > 6:
            return True
        six = (start / grid).to_integral_value(rounding="ROUND_CEILING") * grid
        if six == start and start_strict:
            six += grid
        if six > end or (six == end and end_strict):
            return True  # only completions with a 7th digit are in range
    return False


CATEGORIES: Dict[str, Category] = {
    "padding-bits": Category(
        "peer choice",
        "bits past the vocabulary in the mask's last word (no token has those ids): XGrammar sometimes sets them, "
        "decc clears them",
        lambda d: d.token >= len(d.vocab.tokens)),
    "eos-id": Category(
        "decc choice",
        "decc's only EOS is the tokenizer's eos_token; the peer's list differs (ids in one list only)",
        lambda d: (d.token in d.decc_eos) != (d.token in d.peer_eos)),
    "special-token": Category(
        "decc choice",
        "decc never allows a special added token in a grammar position",
        lambda d: not d.decc_allows and d.token in d.vocab.special),
    "added-token": Category(
        "peer choice",
        "a non-special added token (Qwen3 <tool_call>, Gemma3 <unusedN>) is text: decc matches its content bytes, "
        "llguidance and XGrammar exclude every added token (llama.cpp matches their text, as decc)",
        lambda d: (d.decc_allows and d.engine != "llamacpp" and d.token in d.vocab.added
                   and d.token not in d.vocab.special)),
    "lone-surrogate-escape": Category(
        "decc choice",
        "decc refuses a \\u escape of a surrogate that cannot be paired (a low one not after a high one, a high "
        "one not followed by an escape): such a string has no UTF-8 form; llama.cpp's converter and XGrammar take "
        "any 4 hex digits",
        _lone_surrogate),
    "forced-non-canonical": Category(
        "peer choice",
        "when the next bytes are forced (a required key, a const), llguidance allows only tokens of their canonical "
        "tokenization; decc allows any token that spells a prefix of them (shorter pieces, byte-fallback tokens)",
        _prefix_of_forced),
    "escaped-solidus": Category(
        "peer choice",
        "decc accepts the escape \\/ in strings (RFC 8259 allows it); llguidance has no option for it",
        lambda d: d.decc_allows and d.grammar_kind == "json_schema" and "\\/" in _escapes(d)),
    "email-quoted-local-part": Category(
        "peer choice",
        "decc's email format has RFC 5321 quoted local parts (\"john doe\"@example.com); llguidance's has none",
        lambda d: (d.decc_allows and d.engine == "llguidance" and d.grammar_kind == "json_schema"
                   and _quoted_local_part(d))),
    "escape-in-constrained-string": Category(
        "decc choice",
        "decc accepts every JSON spelling of a code point (\\uXXXX, \\n, ...) in strings constrained by pattern "
        "or minLength/maxLength; the peers only the raw code points there",
        lambda d: (d.decc_allows and d.grammar_kind == "json_schema" and _escapes(d)
                   and all(_VALID_ESCAPE.fullmatch(e) for e in _escapes(d)))),
    "raw-del": Category(
        "peer choice",
        "decc accepts U+007F unescaped in strings (RFC 8259 requires escapes only below U+0020); the peer excludes it",
        lambda d: d.decc_allows and d.grammar_kind == "json_schema" and b"\x7f" in d.token_bytes),
    "integer-fraction": Category(
        "decc choice",
        "decc accepts an integer spelled with a zero fraction (5.0, 5.00: an integer-valued number is an integer in "
        "JSON Schema); the peer accepts digits only",
        lambda d: (d.decc_allows and d.grammar_kind == "json_schema" and d.prefix[-1:].isdigit()
                   and not _in_json_string(d) and re.fullmatch(rb"\.0*", d.token_bytes) is not None)),
    "ipv6-dotted-quad": Category(
        "peer bug",
        "llguidance's ipv6 (format ipv6 and a uri's [IPv6] host) has no dotted-quad tail: RFC 4291 section 2.2 "
        "and RFC 3986's IPv6address allow ::ffff:192.168.0.1 and 1:2:3:4:5:6:1.2.3.4; llguidance refuses the '.'",
        lambda d: d.grammar_kind == "json_schema" and _ipv6_dotted_quad(d)),
    "uri-ipvfuture-case": Category(
        "peer bug",
        "RFC 3986's IPvFuture host begins with \"v\", which ABNF matches in either case (RFC 5234 section 2.3); "
        "llguidance's uri takes a lower-case v only (http://[V1F.x] refused, http://[v1F.x] accepted)",
        lambda d: d.grammar_kind == "json_schema" and _ip_literal_future_upper_v(d)),
    "ecmascript-space": Category(
        "peer choice",
        "a pattern's \\s is ECMA-262's (JSON Schema's regex dialect): WhiteSpace and LineTerminator, which hold "
        "U+FEFF and not U+0085; llguidance's is Rust regex's Unicode White_Space, the other way round. decc "
        "follows ECMAScript (under \\S, the reverse)",
        _ecmascript_space),
    "negative-zero": Category(
        "decc choice",
        "decc accepts -0 (-0.0, -0.00) in a bounded number and an integer (-0 equals 0): the peer excludes the "
        "sign where the minimum is 0, llguidance never lets a bounded number end at -0, XGrammar's integer has no -0",
        lambda d: (d.decc_allows and d.grammar_kind == "json_schema"
                   and (re.fullmatch(rb'[\s\[,:"]*-0?', d.token_bytes) is not None
                        or _ends_number(d, rb"-0(\.0*)?") or _writes_negative_zero(d)))),
    "fixed-string-canonical": Category(
        "decc choice",
        "decc accepts a const/enum string in its canonical spelling only (docs/json-schema.md: escapes exactly where "
        "JSON requires them, a newline as \\n); llguidance also accepts \\uXXXX spellings of its characters",
        lambda d: (not d.decc_allows and d.engine == "llguidance" and d.grammar_kind == "json_schema"
                   and ('"enum"' in d.source or '"const"' in d.source) and _in_json_string(d)
                   and any(e.startswith("\\u") for e in _escapes(d)))),
    "draft7-ref-siblings": Category(
        "peer choice",
        "in draft 7 a $ref overrides its sibling keywords ({\"$ref\": ..., \"maxItems\": 2} ignores maxItems); "
        "decc follows the schema's $schema, llguidance applies the siblings as in 2020-12 and refuses valid "
        "instances",
        lambda d: (d.decc_allows and d.engine == "llguidance" and d.grammar_kind == "json_schema"
                   and _draft7_ref_with_siblings(d.source))),
    "bounded-zero-fraction": Category(
        "peer bug",
        "llguidance's regex for a bounded number refuses a fraction ending in 0 when the integer part is 0 and the "
        "number is negative (-0.50 under any bound) or next to a bound 0 (0.50 with exclusiveMinimum 0, 0.000 with "
        "maximum 0); those numbers are in range, and 0.5, -0.5 are accepted",
        lambda d: (d.decc_allows and d.engine == "llguidance" and d.grammar_kind == "json_schema"
                   and _ends_number(d, rb"-?0\.\d*0"))),
    "email-address-literal": Category(
        "peer choice",
        "decc's email format has RFC 5321 address literals, user@[192.0.2.1] and user@[IPv6:2001:db8::1]; "
        "llguidance's has the IPv4 form only, XGrammar's none",
        lambda d: d.grammar_kind == "json_schema" and _email_literal(d)),
    "email-label-length": Category(
        "decc choice",
        "decc bounds a DNS label of an email host at 63 characters (RFC 1035); llguidance does not",
        lambda d: d.grammar_kind == "json_schema" and _email_label(d)),
    "leap-second": Category(
        "decc choice",
        "decc's time and date-time take second 60 only as 23:59:60 under a zero offset (Z, +00:00, -00:00; "
        "docs/json-schema.md says why); the peers take 60 at any time, and RFC 3339 where the time is 23:59:60 "
        "UTC (15:59:60-08:00): differences that an RFC 3339 leap second can still complete",
        lambda d: _leap_second(d) is True),
    "leap-second-offset": Category(
        "peer bug",
        "the peers take second 60 at any time under any offset; RFC 3339 (section 5.7) only where the time is "
        "23:59:60 UTC: 08:30:60Z and 23:59:60+05:00 are not times",
        lambda d: _leap_second(d) is False),
    "gbnf-dot-newline": Category(
        "peer bug",
        "llguidance's GBNF-to-Lark converter turns GBNF '.' (any code point in llama.cpp) into the regex '.', "
        "which excludes a newline",
        lambda d: (d.decc_allows and d.grammar_kind == "gbnf" and d.engine == "llguidance"
                   and (b"\\\n" in d.token_bytes
                        or (d.prefix.endswith(b"\\") and d.token_bytes.startswith(b"\n"))))),
    "greedy-lexeme": Category(
        "peer choice",
        "llguidance's GBNF-to-Lark converter makes every non-recursive rule a terminal (c.gbnf: WS, PARAMS, "
        "TYPE) and its lexer never cuts a terminal back: after 'argc' a space extends PARAMS, so ' )' is lost "
        "although the grammar derives 'argc )'. Counted only where XGrammar (an Earley parser without a lexer) "
        "agrees with decc, so it needs the oracle",
        lambda d: (d.decc_allows and d.grammar_kind == "gbnf" and d.engine == "llguidance"
                   and d.oracle_allows is True)),
    "raw-control-char": Category(
        "peer bug",
        "XGrammar lets raw control characters (U+0000-U+001F) into strings with minLength/maxLength or in "
        "additional-property values; JSON requires them escaped",
        lambda d: (not d.decc_allows and d.grammar_kind == "json_schema" and d.engine == "xgrammar"
                   and _in_json_string(d) and re.search(rb"[\x00-\x1f]", d.token_bytes) is not None)),
    "date-day-of-month": Category(
        "peer choice",
        "XGrammar's date takes days 01-31 in every month (2024-02-30); decc bounds the day by the month and leap year",
        lambda d: (not d.decc_allows and d.grammar_kind == "json_schema"
                   and re.search(rb"\d{4}-\d\d-\d?$", d.prefix) is not None and d.token_bytes[:1].isdigit())),
    "rfc3339-lowercase": Category(
        "decc choice",
        "decc's date-time accepts lowercase 't' and 'z' (RFC 3339 section 5.6 allows them); XGrammar only 'T', 'Z'",
        lambda d: (d.decc_allows and d.grammar_kind == "json_schema"
                   and ((d.token_bytes[:1] == b"t" and re.search(rb"\d{4}-\d\d-\d\d$", d.prefix) is not None)
                        or (d.token_bytes[:1] == b"z" and re.search(rb"\d\d:\d\d(\.\d+)?$", d.prefix) is not None)))),
    "allof-ignored": Category(
        "peer bug",
        "XGrammar ignores a top-level allOf (no 'type' next to it) and accepts any JSON value",
        lambda d: (not d.decc_allows and d.engine == "xgrammar" and d.grammar_kind == "json_schema"
                   and '"allOf"' in d.source)),
    "utf8-surrogate": Category(
        "peer bug",
        "XGrammar accepts the bytes ED A0-BF in a string: the UTF-8 form of a surrogate code point (U+D800-DFFF), "
        "which UTF-8 excludes (RFC 3629); decc refuses them",
        lambda d: (not d.decc_allows
                   and re.search(rb"\xed[\xa0-\xbf]", d.prefix[-1:] + d.token_bytes) is not None)),
    "bounded-fraction-digits": Category(
        "peer choice",
        "XGrammar spells a bounded number's fraction with at most 6 digits (its range regex): 0.5758951 or "
        "0.0000001 under exclusiveMinimum 0 are in range, decc accepts them, XGrammar stops after the 6th digit",
        lambda d: d.engine == "xgrammar" and _needs_seventh_digit(d)),
    "ipv4-leading-zero": Category(
        "decc choice",
        "decc's ipv4 has no leading zeros (192.168.010.1 is ambiguous, octal for some parsers); XGrammar accepts them",
        lambda d: (not d.decc_allows and d.engine == "xgrammar" and d.grammar_kind == "json_schema"
                   and '"ipv4"' in d.source and re.fullmatch(rb"0[0-9]+", d.token_bytes) is not None)),
}


def classify(d: Difference) -> str:
    for name, cat in CATEGORIES.items():
        if cat.applies(d):
            return name
    return "unexplained:" + ("decc-only" if d.decc_allows else "peer-only")


# llama.cpp's categories live next to its engine. Every one of them requires
# engine "llamacpp", so where they rank changes nothing for the other peers;
# for llama.cpp they rank after the token-identity categories (eos-id,
# special-token) and before the JSON Schema ones, whose predicates look at the
# token's bytes only: a `\/` written as an object key is a closed object to
# llama.cpp, not its escape rule.
from llamacpp_categories import LLAMACPP  # noqa: E402


def _ranked(shared: Dict[str, Category], after: str, extra: Dict[str, Category]) -> Dict[str, Category]:
    out: Dict[str, Category] = {}
    for name, cat in shared.items():
        out[name] = cat
        if name == after:
            out.update(extra)
    return out


CATEGORIES = _ranked(CATEGORIES, "added-token", LLAMACPP)
