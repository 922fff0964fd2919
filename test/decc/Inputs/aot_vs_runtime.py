"""Compares a strategy's ahead-of-time constraint table (what `decc` embedded
in the module) with the table libdecgram compiles at run time from the same
grammar source: byte equality of the tables, acceptance of each document, and
the token masks after every byte of each document on a small vocabulary
(every printable ASCII byte and the words of the documents).

    aot_vs_runtime.py [--decgram-lib LIB] --module M.so --strategy S \
        --kind ebnf --grammar G.ebnf DOC...

LIB defaults to the libdecgram.so of the build whose `decc` is on PATH.

Prints one line per check; the exit status is 0 (lit checks the lines).
"""

import argparse
import ctypes
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "runtime", "python"))


class StrategyDesc(ctypes.Structure):
    # decc_strategy_desc of runtime/include/decc/abi.h (ABI v2).
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("kind", ctypes.c_int32),
        ("selection", ctypes.c_int32),
        ("num_params", ctypes.c_int32),
        ("stop_on_eos", ctypes.c_int32),
        ("params", ctypes.c_void_p),
        ("max_tokens", ctypes.c_int64),
        ("max_tokens_param", ctypes.c_int32),
        ("num_stop_tokens", ctypes.c_int32),
        ("stop_tokens", ctypes.c_void_p),
        ("max_token_id", ctypes.c_int64),
        ("vocab_size", ctypes.c_int64),
        ("workspace_bytes", ctypes.c_void_p),
        ("row_kernel", ctypes.c_void_p),
        ("pipeline", ctypes.c_char_p),
        ("constraint_name", ctypes.c_char_p),
        ("constraint_table", ctypes.POINTER(ctypes.c_uint8)),
        ("constraint_table_bytes", ctypes.c_int64),
    ]


class ModuleDesc(ctypes.Structure):
    _fields_ = [
        ("abi_version", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("producer", ctypes.c_char_p),
        ("source_name", ctypes.c_char_p),
        ("num_strategies", ctypes.c_int32),
        ("reserved2", ctypes.c_int32),
        ("strategies", ctypes.POINTER(StrategyDesc)),
    ]


def embedded_table(module_path, strategy):
    so = ctypes.CDLL(os.path.abspath(module_path))
    entry = so.decc_module_v1
    entry.restype = ctypes.POINTER(ModuleDesc)
    desc = entry().contents
    for i in range(desc.num_strategies):
        s = desc.strategies[i]
        if s.name.decode() == strategy:
            if not s.constraint_table:
                sys.exit(f"strategy {strategy} has no constraint table")
            return ctypes.string_at(s.constraint_table, s.constraint_table_bytes)
    sys.exit(f"no strategy {strategy} in {module_path}")


def quoted(b):
    return '"' + b.decode("utf-8", "backslashreplace") + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--decgram-lib")
    ap.add_argument("--module", required=True)
    ap.add_argument("--strategy", required=True)
    ap.add_argument("--kind", required=True, choices=["gbnf", "ebnf", "regex"])
    ap.add_argument("--grammar", required=True)
    ap.add_argument("docs", nargs="+")
    a = ap.parse_args()
    lib = a.decgram_lib
    if not lib:
        decc = shutil.which("decc")
        if not decc:
            sys.exit("no --decgram-lib and no decc on PATH")
        lib = os.path.join(os.path.dirname(os.path.realpath(decc)), "..", "lib", "libdecgram.so")
    os.environ["DECGRAM_LIBRARY"] = lib
    import decgram

    docs = [d.encode() for d in a.docs]
    words = {bytes([b]) for b in range(0x20, 0x7F)}
    for d in docs:
        words.update(w for w in d.split(b" ") if w)
    tokens = sorted(words) + [b"<eos>"]
    special = [False] * (len(tokens) - 1) + [True]
    vocab = decgram.Vocab(tokens, special, eos_ids=[len(tokens) - 1])
    compiler = decgram.Compiler(vocab)
    kind = {"gbnf": decgram.GBNF, "ebnf": decgram.EBNF, "regex": decgram.REGEX}[a.kind]
    with open(a.grammar, "rb") as f:
        runtime = compiler.compile(kind, f.read())
    aot_table = embedded_table(a.module, a.strategy)
    aot = compiler.load_table(aot_table)
    same = aot_table == runtime.serialize()
    print("tables:", "identical" if same else "differ")

    differ = compared = 0
    for d in docs:
        ma, mr = aot.matcher(), runtime.matcher()
        verdict = {}
        for name, m in (("aot", ma), ("runtime", mr)):
            end = next((i for i in range(len(d)) if not m.accept_bytes(d[i:i + 1])), None)
            verdict[name] = (f"rejected at byte {end}" if end is not None else
                             "accepted" if m.is_complete() else "incomplete")
        print(f"{quoted(d)}: aot {verdict['aot']}, runtime {verdict['runtime']}")
        ma, mr = aot.matcher(), runtime.matcher()
        bufa, bufr = bytearray(vocab.mask_words * 4), bytearray(vocab.mask_words * 4)
        for i in range(len(d) + 1):
            ma.fill_mask(bufa)
            mr.fill_mask(bufr)
            compared += 1
            if bufa != bufr:
                differ += 1
                print(f"mask differs after {quoted(d[:i])}")
            if i == len(d) or not (ma.accept_bytes(d[i:i + 1]) and mr.accept_bytes(d[i:i + 1])):
                break
    print(f"masks: {compared} compared, {differ} differ")


if __name__ == "__main__":
    main()
