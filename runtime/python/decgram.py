"""Python binding of libdecgram, decc's grammar engine (docs/abi.md, "libdecgram").

A thin ctypes layer over the C ABI of ``decc/decgram.h``: nothing to compile.
Every C call releases the GIL (ctypes.CDLL), so masks of many requests can be
filled from Python threads, or in one call on the library's thread pool
(:func:`fill_masks`). Errors raise :class:`DecgramError` carrying the status
name and the library's message.

The library is found at ``$DECGRAM_LIBRARY``, else as ``libdecgram.so`` next
to this file, in ``../../build*/lib`` of a source checkout, or on the loader's
search path.

Typical use (vLLM-style)::

    vocab = Vocab.from_tokenizer_file("tokenizer.json", vocab_padded=128320)
    compiler = Compiler(vocab)
    grammar = compiler.compile(JSON_SCHEMA, schema_text)
    m = grammar.matcher()
    bitmask = numpy.zeros((batch, vocab.mask_words), dtype=numpy.int32)
    m.fill_mask(bitmask, 0)
    m.accept_token(token)
"""

import ctypes
import glob
import os

GBNF = 1
JSON_SCHEMA = 2
REGEX = 3
EBNF = 4

JSON_WS_FLEXIBLE = 0
JSON_WS_COMPACT = 1
JSON_WS_BOUNDED = 2

# JSON Schema drafts (decgram_json_draft): AUTO reads `$schema`, else 2020-12.
JSON_DRAFT_AUTO = 0
JSON_DRAFT_7 = 7
JSON_DRAFT_2020_12 = 202012

# The C API this binding speaks: DECGRAM_API_VERSION and the least
# DECGRAM_API_MINOR that has every function it calls.
_API_VERSION = 1
_API_MINOR = 1
_COMPILE_OPTIONS_EX_VERSION = 1

_OK = 0


class DecgramError(Exception):
    """A failed libdecgram call: ``status`` is the status name
    (``DECGRAM_ERR_GRAMMAR``...), the message the library's."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class _CompileOptionsEx(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32),
                ("json_whitespace", ctypes.c_int),
                ("json_strict_objects", ctypes.c_bool),
                ("json_lenient", ctypes.c_bool),
                ("json_draft", ctypes.c_int)]


class _CacheLimits(ctypes.Structure):
    _fields_ = [("max_entries", ctypes.c_size_t), ("max_bytes", ctypes.c_size_t)]


class _CacheStats(ctypes.Structure):
    _fields_ = [("hits", ctypes.c_uint64), ("misses", ctypes.c_uint64),
                ("evictions", ctypes.c_uint64), ("entries", ctypes.c_size_t),
                ("bytes", ctypes.c_size_t)]


def _find_library():
    env = os.environ.get("DECGRAM_LIBRARY")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.path.join(here, "libdecgram.so")]
    candidates += sorted(glob.glob(os.path.join(here, "..", "..", "build*", "lib", "libdecgram.so")),
                         key=os.path.getmtime, reverse=True)
    for c in candidates:
        if os.path.exists(c):
            return c
    return "libdecgram.so.1"


_P = ctypes.c_void_p
_SIZE = ctypes.c_size_t
_I32P = ctypes.POINTER(ctypes.c_int32)
_U32P = ctypes.POINTER(ctypes.c_uint32)
_SIG = {
    # name: (restype, argtypes); restype None -> void, "status" -> checked int
    "decgram_api_version": (ctypes.c_int, []),
    "decgram_api_minor": (ctypes.c_int, []),
    "decgram_status_name": (ctypes.c_char_p, [ctypes.c_int]),
    "decgram_last_error": (ctypes.c_char_p, []),
    "decgram_kind_supported": (ctypes.c_bool, [ctypes.c_int]),
    "decgram_vocab_new": ("status", [ctypes.c_char_p, _SIZE, _U32P, ctypes.c_char_p, _SIZE,
                                     _I32P, _SIZE, _SIZE, ctypes.POINTER(_P)]),
    "decgram_vocab_from_tokenizer_file": ("status", [ctypes.c_char_p, _I32P, _SIZE, _SIZE,
                                                     ctypes.POINTER(_P)]),
    "decgram_vocab_free": (None, [_P]),
    "decgram_vocab_size": (_SIZE, [_P]),
    "decgram_vocab_padded_size": (_SIZE, [_P]),
    "decgram_vocab_mask_words": (_SIZE, [_P]),
    "decgram_vocab_eos_ids": ("status", [_P, _I32P, _SIZE, ctypes.POINTER(_SIZE)]),
    "decgram_compiler_new": ("status", [_P, ctypes.POINTER(_CacheLimits), ctypes.POINTER(_P)]),
    "decgram_compiler_free": (None, [_P]),
    "decgram_compiler_cache_stats": ("status", [_P, ctypes.POINTER(_CacheStats)]),
    "decgram_compile_ex": ("status", [_P, ctypes.c_int, ctypes.c_char_p, _SIZE,
                                      ctypes.POINTER(_CompileOptionsEx), ctypes.POINTER(_P)]),
    "decgram_load_table": ("status", [_P, ctypes.c_char_p, _SIZE, ctypes.POINTER(_P)]),
    "decgram_grammar_serialize": ("status", [_P, ctypes.c_char_p, _SIZE, ctypes.POINTER(_SIZE)]),
    "decgram_grammar_free": (None, [_P]),
    "decgram_matcher_new": ("status", [_P, ctypes.POINTER(_P)]),
    "decgram_matcher_clone": ("status", [_P, ctypes.POINTER(_P)]),
    "decgram_matcher_free": (None, [_P]),
    "decgram_matcher_reset": ("status", [_P]),
    "decgram_matcher_accept_token": ("status", [_P, ctypes.c_int32, ctypes.POINTER(ctypes.c_bool)]),
    "decgram_matcher_accept_tokens": ("status", [_P, _I32P, _SIZE, ctypes.POINTER(_SIZE)]),
    "decgram_matcher_accept_bytes": ("status", [_P, ctypes.c_char_p, _SIZE,
                                                ctypes.POINTER(ctypes.c_bool)]),
    "decgram_matcher_validate_tokens": ("status", [_P, _I32P, _SIZE, ctypes.POINTER(_SIZE)]),
    "decgram_matcher_rollback": ("status", [_P, _SIZE]),
    "decgram_matcher_is_terminated": (ctypes.c_bool, [_P]),
    "decgram_matcher_is_complete": (ctypes.c_bool, [_P]),
    "decgram_matcher_num_accepted": (_SIZE, [_P]),
    "decgram_matcher_forced_bytes": ("status", [_P, ctypes.c_char_p, _SIZE, ctypes.POINTER(_SIZE)]),
    "decgram_matcher_fill_mask": ("status", [_P, _P, _SIZE]),
    "decgram_pool_new": ("status", [_SIZE, ctypes.POINTER(_P)]),
    "decgram_pool_free": (None, [_P]),
    "decgram_pool_threads": (_SIZE, [_P]),
    "decgram_fill_masks": ("status", [_P, ctypes.POINTER(_P), _I32P, _SIZE, _P, _SIZE, _SIZE]),
}


class _Lib:
    """The loaded library with typed, status-checked functions."""

    def __init__(self, path):
        self.path = path
        self.dll = ctypes.CDLL(path)
        for name, (res, args) in _SIG.items():
            try:
                f = getattr(self.dll, name)
            except AttributeError:
                # An older library (1.0 has no decgram_api_minor either).
                raise DecgramError("DECGRAM_ERR_UNSUPPORTED",
                                   f"{path}: no {name}; this binding needs libdecgram "
                                   f"{_API_VERSION}.{_API_MINOR} or later") from None
            f.argtypes = args
            f.restype = ctypes.c_int if res == "status" else res
            if res == "status":
                f.errcheck = self._check
            setattr(self, name[len("decgram_"):], f)

    def _check(self, status, func, args):
        if status != _OK:
            name = self.dll.decgram_status_name(status).decode()
            raise DecgramError(name, self.dll.decgram_last_error().decode("utf-8", "replace"))
        return status


_lib = None


def lib():
    """The loaded library (loaded on first use)."""
    global _lib
    if _lib is None:
        loaded = _Lib(_find_library())
        major, minor = loaded.api_version(), loaded.api_minor()
        if major != _API_VERSION or minor < _API_MINOR:
            raise DecgramError("DECGRAM_ERR_UNSUPPORTED",
                               f"{loaded.path}: API version {major}.{minor}, this binding "
                               f"speaks {_API_VERSION}.{_API_MINOR} or later minors")
        _lib = loaded
    return _lib


def kind_supported(kind):
    return bool(lib().kind_supported(kind))


class _Handle:
    """Owns one C handle; freed by close() or by the garbage collector."""

    _free = None

    def __init__(self, ptr):
        self._ptr = ptr

    @property
    def handle(self):
        if not self._ptr:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._ptr

    def close(self):
        if self._ptr:
            getattr(lib(), self._free)(self._ptr)
            self._ptr = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _new(fn, *args):
    out = ctypes.c_void_p()
    fn(*args, ctypes.byref(out))
    return out.value


def _i32_array(values):
    values = list(values)
    return (ctypes.c_int32 * len(values))(*values), len(values)


def _address(buf, min_bytes, what):
    """Address of a writable, C-contiguous int32/uint32 buffer: a numpy array,
    a torch CPU tensor, or any writable buffer (bytearray, array('I'),
    ctypes array). Checks it holds `min_bytes` bytes."""
    if hasattr(buf, "data_ptr") and hasattr(buf, "element_size"):  # torch.Tensor
        if getattr(buf, "is_cuda", False) or not buf.is_contiguous() or buf.element_size() != 4:
            raise ValueError(f"{what}: need a contiguous CPU tensor of 32-bit integers")
        size, addr = buf.numel() * 4, buf.data_ptr()
    elif hasattr(buf, "__array_interface__"):  # numpy
        ai = buf.__array_interface__
        if ai["typestr"][1:] not in ("i4", "u4") or not buf.flags["C_CONTIGUOUS"] \
                or not buf.flags["WRITEABLE"]:
            raise ValueError(f"{what}: need a writable C-contiguous int32/uint32 array")
        size, addr = buf.nbytes, ai["data"][0]
    else:
        mv = memoryview(buf)
        if mv.readonly or not mv.c_contiguous:
            raise ValueError(f"{what}: need a writable contiguous buffer")
        size = mv.nbytes
        addr = ctypes.addressof((ctypes.c_char * size).from_buffer(buf)) if size else 0
    if size < min_bytes:
        raise ValueError(f"{what}: {size} bytes, {min_bytes} needed")
    return addr


class Vocab(_Handle):
    """Token byte strings, special flags, EOS ids and the padded size."""

    _free = "vocab_free"

    def __init__(self, tokens, special=None, eos_ids=(), vocab_padded=0):
        """`tokens`: bytes of each id; `special`: ids never allowed (or a
        sequence of bools); `eos_ids`: allowed exactly when complete."""
        tokens = [bytes(t) for t in tokens]
        lens = (ctypes.c_uint32 * len(tokens))(*[len(t) for t in tokens])
        flags = None
        if special is not None:
            special = list(special)
            mark = bytearray(len(tokens))
            if special and isinstance(special[0], bool):
                for i, s in enumerate(special):
                    mark[i] = 1 if s else 0
            else:
                for i in special:
                    mark[i] = 1
            flags = bytes(mark)
        eos, n_eos = _i32_array(eos_ids)
        blob = b"".join(tokens)
        super().__init__(_new(lib().vocab_new, blob, len(blob), lens, flags, len(tokens), eos,
                              n_eos, vocab_padded))

    @classmethod
    def from_tokenizer_file(cls, path, eos_ids=None, vocab_padded=0):
        """From a tokenizer.json or a GGUF file; `eos_ids` None = the
        tokenizer's EOS."""
        self = cls.__new__(cls)
        eos, n_eos = (None, 0) if eos_ids is None else _i32_array(eos_ids)
        _Handle.__init__(self, _new(lib().vocab_from_tokenizer_file, os.fsencode(path), eos, n_eos,
                                    vocab_padded))
        return self

    @property
    def size(self):
        return lib().vocab_size(self.handle)

    @property
    def padded_size(self):
        return lib().vocab_padded_size(self.handle)

    @property
    def mask_words(self):
        return lib().vocab_mask_words(self.handle)

    @property
    def eos_ids(self):
        """The EOS ids (those given, in that order, or the tokenizer's)."""
        n = ctypes.c_size_t()
        lib().vocab_eos_ids(self.handle, None, 0, ctypes.byref(n))
        ids = (ctypes.c_int32 * max(n.value, 1))()
        lib().vocab_eos_ids(self.handle, ids, n.value, ctypes.byref(n))
        return list(ids[:n.value])


class Compiler(_Handle):
    """Compiles grammars for one vocabulary, with an LRU cache keyed by
    (kind, text, options). Thread-safe."""

    _free = "compiler_free"

    def __init__(self, vocab, max_entries=256, max_bytes=256 << 20):
        limits = _CacheLimits(max_entries, max_bytes)
        super().__init__(_new(lib().compiler_new, vocab.handle, ctypes.byref(limits)))

    def compile(self, kind, text, json_whitespace=JSON_WS_FLEXIBLE, json_strict_objects=False,
                json_lenient=False, json_draft=JSON_DRAFT_AUTO):
        """`kind`: GBNF, JSON_SCHEMA (REGEX, EBNF where kind_supported()).
        `json_draft`: JSON_DRAFT_AUTO (`$schema`, else 2020-12), JSON_DRAFT_7
        or JSON_DRAFT_2020_12; an explicit draft wins over `$schema`."""
        data = text.encode() if isinstance(text, str) else bytes(text)
        opts = _CompileOptionsEx(_COMPILE_OPTIONS_EX_VERSION, json_whitespace, json_strict_objects,
                                 json_lenient, json_draft)
        return Grammar(_new(lib().compile_ex, self.handle, kind, data, len(data), ctypes.byref(opts)))

    def load_table(self, table):
        """A serialised table (Grammar.serialize(), or a decc module's
        constraint_table): nothing is compiled."""
        data = bytes(table)
        return Grammar(_new(lib().load_table, self.handle, data, len(data)))

    def cache_stats(self):
        s = _CacheStats()
        lib().compiler_cache_stats(self.handle, ctypes.byref(s))
        return {f: getattr(s, f) for f, _ in _CacheStats._fields_}


class Grammar(_Handle):
    """A compiled grammar bound to its compiler's vocabulary (immutable)."""

    _free = "grammar_free"

    def matcher(self):
        return Matcher(_new(lib().matcher_new, self.handle))

    def serialize(self):
        size = ctypes.c_size_t()
        lib().grammar_serialize(self.handle, None, 0, ctypes.byref(size))
        buf = ctypes.create_string_buffer(size.value)
        lib().grammar_serialize(self.handle, buf, size.value, ctypes.byref(size))
        return buf.raw[:size.value]


class Matcher(_Handle):
    """The grammar state of one sequence. One thread at a time."""

    _free = "matcher_free"

    def clone(self):
        return Matcher(_new(lib().matcher_clone, self.handle))

    def reset(self):
        lib().matcher_reset(self.handle)

    def accept_token(self, token):
        """False (and no change) when the token cannot continue the output."""
        ok = ctypes.c_bool()
        lib().matcher_accept_token(self.handle, token, ctypes.byref(ok))
        return ok.value

    def accept_tokens(self, tokens):
        """Accepts in order up to the first rejected token; returns how many
        were accepted."""
        arr, n = _i32_array(tokens)
        out = ctypes.c_size_t()
        lib().matcher_accept_tokens(self.handle, arr, n, ctypes.byref(out))
        return out.value

    def accept_bytes(self, data):
        ok = ctypes.c_bool()
        data = bytes(data)
        lib().matcher_accept_bytes(self.handle, data, len(data), ctypes.byref(ok))
        return ok.value

    def validate_tokens(self, tokens):
        """Length of the accepted prefix of `tokens`; the state is unchanged."""
        arr, n = _i32_array(tokens)
        out = ctypes.c_size_t()
        lib().matcher_validate_tokens(self.handle, arr, n, ctypes.byref(out))
        return out.value

    def rollback(self, n):
        lib().matcher_rollback(self.handle, n)

    def is_terminated(self):
        return bool(lib().matcher_is_terminated(self.handle))

    def is_complete(self):
        return bool(lib().matcher_is_complete(self.handle))

    @property
    def num_accepted(self):
        return lib().matcher_num_accepted(self.handle)

    def forced_bytes(self):
        """Jump-forward: the bytes every continuation starts with."""
        size = ctypes.c_size_t()
        lib().matcher_forced_bytes(self.handle, None, 0, ctypes.byref(size))
        buf = ctypes.create_string_buffer(max(size.value, 1))
        lib().matcher_forced_bytes(self.handle, buf, size.value, ctypes.byref(size))
        return buf.raw[:size.value]

    def fill_mask(self, bitmask, row=0):
        """Writes row `row` of a 2-D [rows, words] int32 bitmask (or, for a
        1-D buffer, the buffer itself when row is 0)."""
        words, rows = _words_rows(bitmask)
        if not 0 <= row < rows:
            raise IndexError(f"row {row} outside the bitmask's {rows} rows")
        addr = _address(bitmask, rows * words * 4, "bitmask") + row * words * 4
        lib().matcher_fill_mask(self.handle, addr, words)


def _words_rows(bitmask):
    shape = tuple(bitmask.shape) if hasattr(bitmask, "shape") else (len(memoryview(bitmask).cast("B")) // 4,)
    if len(shape) == 1:
        return shape[0], 1
    if len(shape) == 2:
        return shape[1], shape[0]
    raise ValueError(f"bitmask of shape {shape}: need [rows, words] or [words]")


class Pool(_Handle):
    """Threads for fill_masks: the caller plus n_threads - 1 workers
    (0 = one per core)."""

    _free = "pool_free"

    def __init__(self, n_threads=0):
        super().__init__(_new(lib().pool_new, n_threads))

    @property
    def threads(self):
        return lib().pool_threads(self.handle)


def fill_masks(matchers, bitmask, rows=None, pool=None):
    """Fills bitmask[rows[i]] (rows None: row i) for matchers[i]; a None
    matcher's row becomes all ones (-1, unconstrained). `bitmask` is a 2-D
    [rows, words] int32 array/tensor. Runs on `pool` (None: this thread)."""
    words, nrows = _words_rows(bitmask)
    addr = _address(bitmask, nrows * words * 4, "bitmask")
    n = len(matchers)
    ptrs = (ctypes.c_void_p * max(n, 1))(*[m.handle if m is not None else None for m in matchers])
    if rows is not None:
        if len(rows) != n:
            raise ValueError(f"{len(rows)} rows for {n} matchers")
        if any(not 0 <= r < nrows for r in rows):
            raise IndexError(f"row outside the bitmask's {nrows} rows")
        row_arr, _ = _i32_array(rows)
    else:
        if n > nrows:
            raise IndexError(f"{n} matchers for a bitmask of {nrows} rows")
        row_arr = None
    lib().fill_masks(pool.handle if pool is not None else None, ptrs, row_arr, n, addr, words,
                     words)
