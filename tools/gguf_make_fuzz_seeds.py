#!/usr/bin/env python3
"""Write the seed corpus of gguf_fuzzer (test/fuzz/corpus/gguf_fuzzer/).

Small files that reach every part of the reader and the model loader: a
complete (tiny) Llama model in f32/f16/q8_0, every metadata value type
including nested arrays, and a custom alignment.

usage: gguf_make_fuzz_seeds.py [OUT_DIR]
"""
import os
import sys

import numpy as np
import gguf


def tiny_model(path, qtype, tied):
    rng = np.random.default_rng(5)
    vocab, embd, ff, heads, kv = 32, 32, 32, 2, 1
    hd = embd // heads
    w = gguf.GGUFWriter(path, "llama")
    w.add_context_length(16)
    w.add_embedding_length(embd)
    w.add_block_count(1)
    w.add_feed_forward_length(ff)
    w.add_head_count(heads)
    w.add_head_count_kv(kv)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_tokenizer_model("llama")
    w.add_token_list([f"t{i}" for i in range(vocab)])
    w.add_token_scores([0.0] * vocab)
    w.add_token_types([1] * vocab)
    w.add_bos_token_id(1)

    def put(name, rows, cols, qt=qtype):
        a = rng.uniform(-1, 1, size=(rows, cols)).astype(np.float32) if rows > 1 else np.ones(cols, np.float32)
        if qt == gguf.GGMLQuantizationType.Q8_0:
            w.add_tensor(name, gguf.quants.quantize(a, qt), raw_dtype=qt)
        elif qt == gguf.GGMLQuantizationType.F16:
            w.add_tensor(name, a.astype(np.float16))
        else:
            w.add_tensor(name, a)

    f32 = gguf.GGMLQuantizationType.F32
    put("token_embd.weight", vocab, embd)
    put("blk.0.attn_norm.weight", 1, embd, f32)
    put("blk.0.attn_q.weight", heads * hd, embd)
    put("blk.0.attn_k.weight", kv * hd, embd)
    put("blk.0.attn_v.weight", kv * hd, embd)
    put("blk.0.attn_output.weight", embd, heads * hd)
    put("blk.0.ffn_norm.weight", 1, embd, f32)
    put("blk.0.ffn_gate.weight", ff, embd)
    put("blk.0.ffn_up.weight", ff, embd)
    put("blk.0.ffn_down.weight", embd, ff)
    put("output_norm.weight", 1, embd, f32)
    if not tied:
        put("output.weight", vocab, embd)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def all_value_types(path):
    w = gguf.GGUFWriter(path, "llama")
    w.add_custom_alignment(64)
    w.add_uint8("u8", 1)
    w.add_int8("i8", -1)
    w.add_uint16("u16", 2)
    w.add_int16("i16", -2)
    w.add_int32("i32", -3)
    w.add_float32("f32", 0.5)
    w.add_bool("b", True)
    w.add_uint64("u64", 4)
    w.add_int64("i64", -5)
    w.add_float64("f64", 0.25)
    w.add_array("strs", ["a", "bc"])
    w.add_array("nested", [[1, 2], [3]])
    w.add_tensor("x", np.arange(8, dtype=np.float32))
    w.add_tensor("y", np.arange(64, dtype=np.float32).reshape(2, 32).astype(np.float16))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "test", "fuzz", "corpus", "gguf_fuzzer")
    os.makedirs(out, exist_ok=True)
    tiny_model(os.path.join(out, "tiny-f32.gguf"), gguf.GGMLQuantizationType.F32, False)
    tiny_model(os.path.join(out, "tiny-f16-tied.gguf"), gguf.GGMLQuantizationType.F16, True)
    tiny_model(os.path.join(out, "tiny-q8_0.gguf"), gguf.GGMLQuantizationType.Q8_0, False)
    all_value_types(os.path.join(out, "value-types.gguf"))


if __name__ == "__main__":
    main()
