#!/usr/bin/env python3
"""Check a GGUF file written by decc's C++ writer with the reference `gguf` reader.

usage: gguf_check_written.py FILE SOURCE_VALUES
The file is the sample GgufWriterTest.ReadableByPythonGguf builds: fixed
metadata and four [64, 3] tensors (f32, f16, bf16, q8_0) encoding the floats in
SOURCE_VALUES (one C99 hex float per line). Exits non-zero with a message on
the first mismatch.
"""
import sys

import numpy as np
from gguf import GGUFReader, GGMLQuantizationType, GGUFValueType
from gguf.quants import dequantize


def fail(msg):
    print(f"gguf_check_written: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    path, src_path = sys.argv[1], sys.argv[2]
    src = np.array([float.fromhex(line) for line in open(src_path) if line.strip()], dtype=np.float32)
    r = GGUFReader(path)
    if r.alignment != 64:
        fail(f"alignment {r.alignment}, expected 64")
    expect = {
        "general.architecture": (GGUFValueType.STRING, "llama"),
        "u32": (GGUFValueType.UINT32, 4000000000),
        "i32": (GGUFValueType.INT32, -7),
        "u64": (GGUFValueType.UINT64, 1 << 40),
        "f32": (GGUFValueType.FLOAT32, 0.25),
        "f64": (GGUFValueType.FLOAT64, -1.5),
        "flag": (GGUFValueType.BOOL, True),
        "strs": (GGUFValueType.ARRAY, ["", "héllo", "a b"]),
        "floats": (GGUFValueType.ARRAY, [1.5, -2.0]),
        "ints": (GGUFValueType.ARRAY, [-1, 0, 1 << 30]),
    }
    for key, (vtype, value) in expect.items():
        field = r.get_field(key)
        if field is None:
            fail(f"missing key {key}")
        if field.types[0] != vtype:
            fail(f"{key}: type {field.types[0].name}, expected {vtype.name}")
        got = field.contents()
        if got != value:
            fail(f"{key}: {got!r}, expected {value!r}")
    tol = {"t.f32": 0, "t.f16": 4e-3, "t.bf16": 3e-2, "t.q8_0": 3e-2}
    types = {"t.f32": GGMLQuantizationType.F32, "t.f16": GGMLQuantizationType.F16,
             "t.bf16": GGMLQuantizationType.BF16, "t.q8_0": GGMLQuantizationType.Q8_0}
    tensors = {t.name: t for t in r.tensors}
    if sorted(tensors) != sorted(tol):
        fail(f"tensors {sorted(tensors)}")
    for name, t in tensors.items():
        if t.tensor_type != types[name]:
            fail(f"{name}: type {t.tensor_type.name}")
        if list(t.shape) != [64, 3]:
            fail(f"{name}: shape {list(t.shape)}")
        values = dequantize(t.data, t.tensor_type).reshape(-1).astype(np.float32)
        err = np.max(np.abs(values - src))
        if err > tol[name]:
            fail(f"{name}: max error {err} > {tol[name]}")
    print(f"gguf_check_written: {path} OK ({len(expect)} keys, {len(tensors)} tensors)")


if __name__ == "__main__":
    main()
