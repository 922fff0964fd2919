"""The default models' architecture in PyTorch: a Llama-style transformer.

RMSNorm, rotate-half RoPE (Hugging Face's layout; the exporter permutes Q/K
rows for ggml's adjacent-pair RoPE, docs/model.md), grouped-query attention,
SwiGLU, no biases, output head tied to the token embedding. `causal=False` is
the bidirectional variant the masked-diffusion model uses. Parameter names
follow the GGUF tensor names so the exporter is a plain rename.
"""

import json
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    n_vocab: int = 4096
    n_embd: int = 256
    n_layer: int = 6
    n_head: int = 8
    n_head_kv: int = 4
    n_ff: int = 768
    context: int = 512
    rope_base: float = 10000.0
    norm_eps: float = 1e-5
    causal: bool = True

    @property
    def head_dim(self):
        return self.n_embd // self.n_head

    def to_json(self):
        return json.dumps(asdict(self), indent=2)


class RMSNorm(nn.Module):
    def __init__(self, n, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(cfg, n_pos):
    inv = 1.0 / (cfg.rope_base ** (torch.arange(0, cfg.head_dim, 2, dtype=torch.float64) / cfg.head_dim))
    ang = torch.arange(n_pos, dtype=torch.float64)[:, None] * inv[None, :]
    ang = torch.cat([ang, ang], dim=-1)
    return ang.cos().float(), ang.sin().float()


def rotate_half(x):
    a, b = x.chunk(2, dim=-1)
    return torch.cat([-b, a], dim=-1)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        hd = cfg.head_dim
        self.cfg = cfg
        self.attn_norm = RMSNorm(cfg.n_embd, cfg.norm_eps)
        self.attn_q = nn.Linear(cfg.n_embd, cfg.n_head * hd, bias=False)
        self.attn_k = nn.Linear(cfg.n_embd, cfg.n_head_kv * hd, bias=False)
        self.attn_v = nn.Linear(cfg.n_embd, cfg.n_head_kv * hd, bias=False)
        self.attn_output = nn.Linear(cfg.n_head * hd, cfg.n_embd, bias=False)
        self.ffn_norm = RMSNorm(cfg.n_embd, cfg.norm_eps)
        self.ffn_gate = nn.Linear(cfg.n_embd, cfg.n_ff, bias=False)
        self.ffn_up = nn.Linear(cfg.n_embd, cfg.n_ff, bias=False)
        self.ffn_down = nn.Linear(cfg.n_ff, cfg.n_embd, bias=False)

    def forward(self, x, cos, sin, mask, past=None):
        c, (B, T, _) = self.cfg, x.shape
        hd, group = c.head_dim, c.n_head // c.n_head_kv
        n = self.attn_norm(x)
        q = self.attn_q(n).view(B, T, c.n_head, hd).transpose(1, 2)
        k = self.attn_k(n).view(B, T, c.n_head_kv, hd).transpose(1, 2)
        v = self.attn_v(n).view(B, T, c.n_head_kv, hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past is not None:
            k, v = torch.cat([past[0], k], dim=2), torch.cat([past[1], v], dim=2)
        present = (k, v)
        # Query head h reads KV head h // group, as the C++ host does.
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        if mask is not None:
            att = att.masked_fill(mask, float("-inf"))
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, c.n_head * hd)
        x = x + self.attn_output(y)
        m = self.ffn_norm(x)
        return x + self.ffn_down(F.silu(self.ffn_gate(m)) * self.ffn_up(m)), present


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.token_embd = nn.Embedding(cfg.n_vocab, cfg.n_embd)
        self.blk = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.output_norm = RMSNorm(cfg.n_embd, cfg.norm_eps)
        cos, sin = rope_tables(cfg, cfg.context)
        self.register_buffer("rope_cos", cos, persistent=False)
        self.register_buffer("rope_sin", sin, persistent=False)
        self.apply(self._init)
        # GPT-2's scaled init of the residual projections keeps early training stable.
        for b in self.blk:
            for w in (b.attn_output.weight, b.ffn_down.weight):
                nn.init.normal_(w, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def forward(self, ids):
        return self.forward_cached(ids, None)[0]

    def forward_cached(self, ids, past):
        """Logits [B, T, V] and the per-layer (K, V) cache; `past` (from an
        earlier call) makes `ids` continue that sequence."""
        T = ids.shape[1]
        p0 = 0 if past is None else past[0][0].shape[2]
        x = self.token_embd(ids)
        cos, sin = self.rope_cos[p0:p0 + T], self.rope_sin[p0:p0 + T]
        mask = None
        if self.cfg.causal:
            mask = torch.ones(T, p0 + T, dtype=torch.bool, device=ids.device).triu(p0 + 1)
        presents = []
        for i, b in enumerate(self.blk):
            x, pr = b(x, cos, sin, mask, None if past is None else past[i])
            presents.append(pr)
        return self.output_norm(x) @ self.token_embd.weight.t(), presents

    def n_params(self):
        return sum(p.numel() for p in self.parameters())
