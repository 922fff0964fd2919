"""Exports a train.py run to GGUF for the C++ model host (docs/model.md).

    .venv/bin/python tools/train/export_gguf.py --run build-train/ar \
        --tokenizer examples/models/decc-tokenizer.json --out examples/models/decc-ar.gguf \
        [--golden test/unit/ModelsShipped/data/decc-ar.golden.gguf]

Architecture `llama` (causal runs) or `llada` (the bidirectional diffusion run,
with tokenizer.ggml.mask_token_id). Matrices are stored as f16, norms as f32,
the output head tied to token_embd. The PyTorch model uses rotate-half RoPE, so
Q and K rows are permuted exactly as llama.cpp's convert_hf_to_gguf.py does for
ggml's adjacent-pair RoPE. The tokenizer goes into the metadata the llama.cpp
"gpt2" way. --golden writes the run's reference input and PyTorch logits
(computed with the f16-rounded weights) for test/unit/ModelsShipped.
Needs the `gguf` and `numpy` packages (the project venv has them).
"""

import argparse
import json
import os

import gguf
import numpy as np

F16, F32 = gguf.GGMLQuantizationType.F16, gguf.GGMLQuantizationType.F32


def permute(w, n_head):
    """convert_hf_to_gguf.py's LlamaModel.permute: rotate-half rows -> adjacent pairs."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def add_tokenizer(w, tokenizer_json, mask_id):
    with open(tokenizer_json, encoding="utf-8") as f:
        tj = json.load(f)
    vocab = sorted(tj["model"]["vocab"].items(), key=lambda kv: kv[1])
    assert [i for _, i in vocab] == list(range(len(vocab))), "vocabulary ids must be dense"
    special = {t["content"]: t["id"] for t in tj["added_tokens"] if t["special"]}
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("gpt-2")
    w.add_token_list([t for t, _ in vocab])
    w.add_token_types([gguf.TokenType.CONTROL if t in special else gguf.TokenType.NORMAL for t, _ in vocab])
    w.add_token_merges([m if isinstance(m, str) else " ".join(m) for m in tj["model"]["merges"]])
    w.add_bos_token_id(special["<|bos|>"])
    w.add_eos_token_id(special["<|eos|>"])
    w.add_pad_token_id(special["<|pad|>"])
    if mask_id is not None:
        w.add_mask_token_id(mask_id)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    return special


def export(run, tokenizer_json, out):
    with open(os.path.join(run, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(run, "history.json"), encoding="utf-8") as f:
        hist = json.load(f)
    W = np.load(os.path.join(run, "weights.npz"))
    arch = "llama" if cfg["causal"] else "llada"
    kind = hist["kind"]
    w = gguf.GGUFWriter(out, arch)
    w.add_name(f"decc-{kind}")
    w.add_description(f"decc default {kind} model, trained by tools/train/train.py "
                      f"({hist['args']['steps']} steps, validation loss {hist['final_valid_loss']:.4f})")
    w.add_license("same as the decc repository")
    w.add_context_length(cfg["context"])
    w.add_embedding_length(cfg["n_embd"])
    w.add_block_count(cfg["n_layer"])
    w.add_feed_forward_length(cfg["n_ff"])
    w.add_head_count(cfg["n_head"])
    w.add_head_count_kv(cfg["n_head_kv"])
    w.add_rope_dimension_count(cfg["n_embd"] // cfg["n_head"])
    w.add_rope_freq_base(cfg["rope_base"])
    w.add_layer_norm_rms_eps(cfg["norm_eps"])
    w.add_causal_attention(cfg["causal"])
    w.add_vocab_size(cfg["n_vocab"])
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    special = add_tokenizer(w, tokenizer_json, None)
    if not cfg["causal"]:
        w.add_mask_token_id(special["<|mask|>"])

    def put(name, a):
        if a.ndim == 1:
            w.add_tensor(name, a.astype(np.float32))
        else:
            w.add_tensor(name, a.astype(np.float16))

    put("token_embd.weight", W["token_embd.weight"])
    for l in range(cfg["n_layer"]):
        p = f"blk.{l}."
        put(p + "attn_norm.weight", W[p + "attn_norm.weight"])
        put(p + "attn_q.weight", permute(W[p + "attn_q.weight"], cfg["n_head"]))
        put(p + "attn_k.weight", permute(W[p + "attn_k.weight"], cfg["n_head_kv"]))
        for t in ("attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"):
            put(p + t + ".weight", W[p + t + ".weight"])
    put("output_norm.weight", W["output_norm.weight"])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    n_params = sum(W[k].size for k in W.files)
    print(f"{out}: {arch}, {n_params} parameters, {os.path.getsize(out)} bytes")


def write_golden(run, out, with_f32_weights):
    ref = np.load(os.path.join(run, "reference.npz"))
    w = gguf.GGUFWriter(out, "decc-golden")
    w.add_array("golden.tokens", ref["tokens"].astype(int).tolist())
    w.add_tensor("logits", ref["logits_f16"].astype(np.float32))
    if with_f32_weights:  # measures the f16 rounding; doubles the file, so not committed
        w.add_tensor("logits_f32_weights", ref["logits_f32"].astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print(f"{out}: {len(ref['tokens'])} tokens")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--golden")
    ap.add_argument("--golden-f32-weights", action="store_true",
                    help="also store the logits of the unrounded f32 weights in the golden file")
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    export(a.run, a.tokenizer, a.out)
    if a.golden:
        os.makedirs(os.path.dirname(os.path.abspath(a.golden)), exist_ok=True)
        write_golden(a.run, a.golden, a.golden_f32_weights)


if __name__ == "__main__":
    main()
