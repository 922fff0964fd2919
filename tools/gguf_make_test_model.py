#!/usr/bin/env python3
"""Write the tiny Llama test models and their golden logits (test/data/model/).

The weights are drawn in Hugging Face layout; the reference forward pass below
is a plain float64 numpy transcription of Hugging Face's LlamaModel (rotate_half
RoPE, repeat_kv grouped-query attention, llama3 / linear rope scaling as HF
computes them). The GGUF files are written the way llama.cpp's converter writes
them: Q/K rows permuted for ggml's "normal" (adjacent-pair) RoPE, llama3
scaling as a `rope_freqs.weight` tensor, linear scaling as metadata. If the
C++ forward pass matches these logits, it follows llama.cpp's conventions.

Each model FILE.gguf gets FILE.golden.gguf with:
  golden.tokens, golden.tokens_bidirectional (int32 arrays) and f32 tensors
  logits.causal, logits.bidirectional, logits.exit1 ([n_vocab, T] in ggml order:
  row t holds the logits of position t).

tiny-bpe.gguf holds the q8_0 weights with a real byte-level BPE tokenizer in its
metadata (512 tokens: <|pad|> <|bos|> <|eos|> <|mask|>, the 256 byte pieces and
252 merges trained on a fixed synthetic text), for decrun's text tests; the
same tokenizer is written as tiny-bpe.tokenizer.json. It has no golden file.

usage: gguf_make_test_model.py [OUT_DIR]     (default: test/data/model)
"""
import math
import os
import sys

import numpy as np
import gguf

N_VOCAB, N_EMBD, N_LAYER, N_HEAD, N_HEAD_KV, N_FF, N_CTX = 512, 64, 2, 4, 2, 128, 128
HEAD_DIM = N_EMBD // N_HEAD
ROPE_BASE, RMS_EPS = 10000.0, 1e-5
MASK_ID, BOS_ID, EOS_ID = 3, 1, 2
SEQ_LEN = 16

# variant name -> (storage type, tied output, rope scaling)
VARIANTS = {
    "tiny-f32": (gguf.GGMLQuantizationType.F32, False, "llama3"),
    "tiny-f16": (gguf.GGMLQuantizationType.F16, True, "linear"),
    "tiny-q8_0": (gguf.GGMLQuantizationType.Q8_0, False, "none"),
}
LINEAR_FACTOR = 2.0
LLAMA3 = dict(factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0, original_max_position_embeddings=256)


def llamacpp_permute(w, n_head):
    """convert_hf_to_gguf.py's LlamaModel.permute: HF rotate-half rows -> adjacent pairs."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def llamacpp_unpermute(w, n_head):
    return w.reshape(n_head, w.shape[0] // n_head // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def llamacpp_rope_factors(dim):
    """convert_hf_to_gguf.py's llama3 rope_freqs computation."""
    freqs = 1.0 / (ROPE_BASE ** (np.arange(0, dim, 2, dtype=np.float64) / dim))
    c = LLAMA3
    low_wavelen = c["original_max_position_embeddings"] / c["low_freq_factor"]
    high_wavelen = c["original_max_position_embeddings"] / c["high_freq_factor"]
    out = []
    for f in freqs:
        wavelen = 2 * math.pi / f
        if wavelen < high_wavelen:
            out.append(1.0)
        elif wavelen > low_wavelen:
            out.append(c["factor"])
        else:
            smooth = (c["original_max_position_embeddings"] / wavelen - c["low_freq_factor"]) / (
                c["high_freq_factor"] - c["low_freq_factor"])
            out.append(1.0 / ((1 - smooth) / c["factor"] + smooth))
    return np.array(out, dtype=np.float32)


def hf_inv_freq(scaling):
    """transformers' _compute_default / _compute_llama3_parameters."""
    inv_freq = 1.0 / (ROPE_BASE ** (np.arange(0, HEAD_DIM, 2, dtype=np.float64) / HEAD_DIM))
    if scaling != "llama3":
        return inv_freq
    c = LLAMA3
    old = c["original_max_position_embeddings"]
    low_wavelen, high_wavelen = old / c["low_freq_factor"], old / c["high_freq_factor"]
    wavelen = 2 * math.pi / inv_freq
    scaled = np.where(wavelen > low_wavelen, inv_freq / c["factor"], inv_freq)
    smooth = (old / wavelen - c["low_freq_factor"]) / (c["high_freq_factor"] - c["low_freq_factor"])
    smoothed = (1 - smooth) * scaled / c["factor"] + smooth * scaled
    medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
    return np.where(medium, smoothed, scaled)


def rms_norm(x, w):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + RMS_EPS) * w


def rotate_half(x):
    h = x.shape[-1] // 2
    return np.concatenate([-x[..., h:], x[..., :h]], axis=-1)


def forward(W, tokens, scaling, causal=True, n_layers=N_LAYER):
    """Hugging Face LlamaForCausalLM, float64, HF weight layout."""
    T = len(tokens)
    pos = np.arange(T, dtype=np.float64)
    if scaling == "linear":
        pos = pos / LINEAR_FACTOR
    freqs = np.outer(pos, hf_inv_freq(scaling))
    emb = np.concatenate([freqs, freqs], axis=-1)
    cos, sin = np.cos(emb)[:, None, :], np.sin(emb)[:, None, :]
    x = W["embed"][tokens]
    rep = N_HEAD // N_HEAD_KV
    for l in range(n_layers):
        L = W["layers"][l]
        h = rms_norm(x, L["attn_norm"])
        q = (h @ L["wq"].T).reshape(T, N_HEAD, HEAD_DIM)
        k = (h @ L["wk"].T).reshape(T, N_HEAD_KV, HEAD_DIM)
        v = (h @ L["wv"].T).reshape(T, N_HEAD_KV, HEAD_DIM)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = np.repeat(k, rep, axis=1), np.repeat(v, rep, axis=1)  # repeat_kv
        scores = np.einsum("thd,shd->hts", q, k) / math.sqrt(HEAD_DIM)
        if causal:
            scores = scores + np.triu(np.full((T, T), -np.inf), 1)[None]
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        att = np.einsum("hts,shd->thd", scores, v).reshape(T, N_HEAD * HEAD_DIM)
        x = x + att @ L["wo"].T
        h = rms_norm(x, L["ffn_norm"])
        g = h @ L["wg"].T
        x = x + ((g / (1 + np.exp(-g))) * (h @ L["wu"].T)) @ L["wd"].T
    return rms_norm(x, W["norm"]) @ W["output"].T


def stored(a, qtype):
    """The values a reader gets back after storing `a` (rows = last axis) as qtype."""
    a = np.ascontiguousarray(a, dtype=np.float32)
    if qtype == gguf.GGMLQuantizationType.F32:
        return a, a
    if qtype == gguf.GGMLQuantizationType.F16:
        h = a.astype(np.float16)
        return h, h.astype(np.float32)
    q = gguf.quants.quantize(a, qtype)
    return q, gguf.quants.dequantize(q, qtype).reshape(a.shape).astype(np.float32)


def make_weights(rng):
    def mat(rows, cols, scale):
        return (rng.uniform(-1, 1, size=(rows, cols)) * scale).astype(np.float32)

    def norm():
        return (1 + 0.1 * rng.uniform(-1, 1, size=N_EMBD)).astype(np.float32)

    e, f = 1 / math.sqrt(N_EMBD), 1 / math.sqrt(N_FF)
    W = {"embed": mat(N_VOCAB, N_EMBD, 1.0), "norm": norm(), "output": mat(N_VOCAB, N_EMBD, e), "layers": []}
    for _ in range(N_LAYER):
        W["layers"].append(dict(
            attn_norm=norm(), ffn_norm=norm(),
            wq=mat(N_HEAD * HEAD_DIM, N_EMBD, e), wk=mat(N_HEAD_KV * HEAD_DIM, N_EMBD, e),
            wv=mat(N_HEAD_KV * HEAD_DIM, N_EMBD, e), wo=mat(N_EMBD, N_HEAD * HEAD_DIM, e),
            wg=mat(N_FF, N_EMBD, e), wu=mat(N_FF, N_EMBD, e), wd=mat(N_EMBD, N_FF, f)))
    return W


BPE_SPECIALS = ["<|pad|>", "<|bos|>", "<|eos|>", "<|mask|>"]  # ids 0..3: MASK_ID, BOS_ID, EOS_ID hold


def bpe_corpus():
    """A fixed text with enough repetition for 252 merges (words, JSON, numbers)."""
    words = ("the model reads a token and writes the next one while the sampler keeps "
             "its history name value seed prompt text byte merge vocabulary decoder "
             "strategy greedy sample temperature top caf\u00e9 na\u00efve \u00fcber "
             "\u65e5\u672c \u043c\u0438\u0440").split()
    rng = np.random.default_rng(7)
    lines = []
    for i in range(400):
        picked = [words[k] for k in rng.integers(0, len(words), size=12)]
        lines.append(" ".join(picked) + ".")
        lines.append('{"name": "%s", "id": %d, "ok": true}' % (picked[0], int(rng.integers(0, 1000))))
    return lines


def train_bpe_tokenizer():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=N_VOCAB, min_frequency=2, special_tokens=BPE_SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(bpe_corpus(), trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="<|bos|> $A", special_tokens=[("<|bos|>", BOS_ID)])
    assert tok.get_vocab_size() == N_VOCAB, tok.get_vocab_size()
    for i, name in enumerate(BPE_SPECIALS):
        assert tok.token_to_id(name) == i
    return tok


def add_bpe_tokenizer(w, tok):
    import json
    doc = json.loads(tok.to_str())
    vocab = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("gpt-2")
    w.add_token_list([t for t, _ in vocab])
    w.add_token_types([3 if t in BPE_SPECIALS else 1 for t, _ in vocab])
    w.add_token_merges([m if isinstance(m, str) else " ".join(m) for m in doc["model"]["merges"]])
    w.add_bos_token_id(BOS_ID)
    w.add_eos_token_id(EOS_ID)
    w.add_uint32(gguf.Keys.Tokenizer.MASK_ID, MASK_ID)
    w.add_add_bos_token(True)


def add_tokenizer(w, gpt2):
    tokens = ["<unk>", "<s>", "</s>", "<mask>"] + [f"t{i}" for i in range(4, N_VOCAB)]
    w.add_tokenizer_model("gpt2" if gpt2 else "llama")
    w.add_token_list(tokens)
    w.add_token_scores([-float(i) for i in range(N_VOCAB)])
    w.add_token_types([3, 3, 3, 4] + [1] * (N_VOCAB - 4))
    if gpt2:
        w.add_token_merges(["t 1", "t1 0", "t 2"])
    w.add_bos_token_id(BOS_ID)
    w.add_eos_token_id(EOS_ID)
    w.add_uint32(gguf.Keys.Tokenizer.MASK_ID, MASK_ID)
    w.add_add_bos_token(True)


def write_model(path, W, qtype, tied, scaling, bpe=None):
    """Returns the weights as the file holds them, back in HF layout."""
    w = gguf.GGUFWriter(path, "llama")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_rope_freq_base(ROPE_BASE)
    w.add_layer_norm_rms_eps(RMS_EPS)
    w.add_file_type(int(qtype))
    if scaling == "linear":
        w.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        w.add_rope_scaling_factor(LINEAR_FACTOR)
    if bpe is not None:
        add_bpe_tokenizer(w, bpe)
    else:
        add_tokenizer(w, gpt2=qtype == gguf.GGMLQuantizationType.Q8_0)

    back = {"layers": []}

    def put(name, a, qt=qtype):
        data, deq = stored(a, qt)
        # Quantised data is passed as bytes; the writer derives the shape.
        w.add_tensor(name, data, raw_dtype=qt if qt == gguf.GGMLQuantizationType.Q8_0 else None)
        return deq

    f32 = gguf.GGMLQuantizationType.F32
    back["embed"] = put("token_embd.weight", W["embed"])
    if scaling == "llama3":
        put("rope_freqs.weight", llamacpp_rope_factors(HEAD_DIM), f32)
    for l, L in enumerate(W["layers"]):
        p = f"blk.{l}."
        B = {}
        B["attn_norm"] = put(p + "attn_norm.weight", L["attn_norm"], f32)
        B["wq"] = llamacpp_unpermute(put(p + "attn_q.weight", llamacpp_permute(L["wq"], N_HEAD)), N_HEAD)
        B["wk"] = llamacpp_unpermute(put(p + "attn_k.weight", llamacpp_permute(L["wk"], N_HEAD_KV)), N_HEAD_KV)
        B["wv"] = put(p + "attn_v.weight", L["wv"])
        B["wo"] = put(p + "attn_output.weight", L["wo"])
        B["ffn_norm"] = put(p + "ffn_norm.weight", L["ffn_norm"], f32)
        B["wg"] = put(p + "ffn_gate.weight", L["wg"])
        B["wu"] = put(p + "ffn_up.weight", L["wu"])
        B["wd"] = put(p + "ffn_down.weight", L["wd"])
        back["layers"].append(B)
    back["norm"] = put("output_norm.weight", W["norm"], f32)
    back["output"] = back["embed"] if tied else put("output.weight", W["output"])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return {k: (v.astype(np.float64) if isinstance(v, np.ndarray) else v) for k, v in back.items()} | {
        "layers": [{k: v.astype(np.float64) for k, v in B.items()} for B in back["layers"]]}


def write_golden(path, W, scaling, rng):
    tokens = rng.integers(4, N_VOCAB, size=SEQ_LEN).astype(np.int32)
    tokens[0] = BOS_ID
    bidir = tokens.copy()
    bidir[[3, 7, 8, 12, 15]] = MASK_ID
    w = gguf.GGUFWriter(path, "decc-golden")
    w.add_array("golden.tokens", tokens.tolist())
    w.add_array("golden.tokens_bidirectional", bidir.tolist())
    w.add_tensor("logits.causal", forward(W, tokens, scaling).astype(np.float32))
    w.add_tensor("logits.bidirectional", forward(W, bidir, scaling, causal=False).astype(np.float32))
    w.add_tensor("logits.exit1", forward(W, tokens, scaling, n_layers=1).astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "test", "data", "model")
    os.makedirs(out, exist_ok=True)
    W = make_weights(np.random.default_rng(1234))
    for name, (qtype, tied, scaling) in VARIANTS.items():
        back = write_model(os.path.join(out, name + ".gguf"), W, qtype, tied, scaling)
        # The golden token ids are the same for every variant (same seed).
        write_golden(os.path.join(out, name + ".golden.gguf"), back, scaling, np.random.default_rng(99))
        print(f"wrote {name}.gguf and {name}.golden.gguf")
    bpe = train_bpe_tokenizer()
    qtype, tied, scaling = VARIANTS["tiny-q8_0"]
    write_model(os.path.join(out, "tiny-bpe.gguf"), W, qtype, tied, scaling, bpe=bpe)
    bpe.save(os.path.join(out, "tiny-bpe.tokenizer.json"), pretty=False)
    print("wrote tiny-bpe.gguf and tiny-bpe.tokenizer.json")


if __name__ == "__main__":
    main()
