"""A PyTorch reference of MusicGen's language model and of the EXPOTION adaptor (CPTransformer).

Written from the architecture of the public sources (audiocraft's LMModel / StreamingTransformer as MusicGen configures
them, and the EXPOTION research code's CPTransformer and prefix attention); nothing is copied. Parameter names follow
audiocraft's state dict, so an audiocraft checkpoint loads with strict=True.

MusicGen's LM (musicgen_lm.yaml): 4 codebooks of 2048 codes (+1 special token 2048), summed embeddings, sinusoidal
positions (max period 10000, [cos, sin]) offset by the cached length, pre-norm layers (LayerNorm eps 1e-5) of causal
self-attention (packed in_proj_weight [3D, D], no biases), cross-attention over the projected text (T5 states through
output_proj, multiplied by the mask), and a GELU feed-forward (no biases); out_norm and one bias-free head per codebook.

The adaptor: the condition rows [B, R, C] (R = 501: 500 frames of a 10 s clip and one zero row) go through ld_proj
(C -> latent), and for every adapted layer i through merge_linear[i] (latent -> D) plus a learned position pos_emb[i + 1];
a parallel stack starting from pos_emb[0] reuses each frozen LM layer: nx = norm1(o) + embedding, causal self-attention
on nx (its q, k, v are layer i's prefix), o += out_proj(attention), o += ffn(norm2(o)). In the LM's self-attention of an
adapted layer, the position p's query adds prefix_q[min(p, R - 2)], attends (not causally) over all R prefix keys and
values, and gates[i] times that is added to the attention output before out_proj.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

CARD = 2048
CODEBOOKS = 4
SPECIAL = CARD  # the start / pad token of the delay pattern
NEG = -1e9  # additive mask (finite, so ONNX Runtime and PyTorch agree exactly on masked weights: both are 0)


class LMConfig:
    def __init__(self, dim, heads, layers, text_dim, ffn=None):
        assert dim % heads == 0 and dim % 2 == 0
        self.dim, self.heads, self.layers, self.text_dim = dim, heads, layers, text_dim
        self.ffn = ffn if ffn is not None else 4 * dim

    @property
    def head_dim(self):
        return self.dim // self.heads

    def as_dict(self):
        return {"dim": self.dim, "heads": self.heads, "layers": self.layers, "text_dim": self.text_dim, "ffn": self.ffn}


class AdaptorConfig:
    def __init__(self, cond_dim, latent, layers, rows):
        assert rows >= 2
        self.cond_dim, self.latent, self.layers, self.rows = cond_dim, latent, layers, rows

    def as_dict(self):
        return {"cond_dim": self.cond_dim, "latent": self.latent, "layers": self.layers, "rows": self.rows}


class Attention(nn.Module):
    """audiocraft's custom attention parameters: in_proj_weight packs q, k, v (each D rows, heads major)."""

    def __init__(self, dim):
        super().__init__()
        self.in_proj_weight = nn.Parameter(torch.empty(3 * dim, dim))
        self.out_proj = nn.Linear(dim, dim, bias=False)


class Layer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.dim
        self.norm1 = nn.LayerNorm(d, eps=1e-5)
        self.self_attn = Attention(d)
        self.norm_cross = nn.LayerNorm(d, eps=1e-5)
        self.cross_attention = Attention(d)
        self.norm2 = nn.LayerNorm(d, eps=1e-5)
        self.linear1 = nn.Linear(d, cfg.ffn, bias=False)
        self.linear2 = nn.Linear(cfg.ffn, d, bias=False)


class MusicGenLM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.emb = nn.ModuleList([nn.Embedding(CARD + 1, cfg.dim) for _ in range(CODEBOOKS)])
        self.transformer = nn.Module()
        self.transformer.layers = nn.ModuleList([Layer(cfg) for _ in range(cfg.layers)])
        self.out_norm = nn.LayerNorm(cfg.dim, eps=1e-5)
        self.linears = nn.ModuleList([nn.Linear(cfg.dim, CARD, bias=False) for _ in range(CODEBOOKS)])
        self.condition_provider = nn.Module()
        self.condition_provider.conditioners = nn.ModuleDict({"description": nn.Module()})
        self.condition_provider.conditioners["description"].output_proj = nn.Linear(cfg.text_dim, cfg.dim)

    @property
    def layers(self):
        return self.transformer.layers

    @property
    def output_proj(self):
        return self.condition_provider.conditioners["description"].output_proj


class CPTransformer(nn.Module):
    """The adaptor's own parameters (the saved diff_*.pth: everything but the reused LM layers)."""

    def __init__(self, lm_cfg, cfg):
        super().__init__()
        self.cfg = cfg
        self.start_layer = lm_cfg.layers - cfg.layers
        assert self.start_layer >= 0
        self.pos_emb = nn.Parameter(torch.empty(cfg.layers + 1, cfg.rows, lm_cfg.dim))
        self.ld_proj = nn.Linear(cfg.cond_dim, cfg.latent, bias=False)
        self.merge_linear = nn.ModuleList([nn.Linear(cfg.latent, lm_cfg.dim, bias=False) for _ in range(cfg.layers)])
        self.gates = nn.Parameter(torch.zeros(cfg.layers))


# ---- the math, shared by the eager reference and the ONNX wrappers ----

def split_heads(x, heads):
    return x.reshape(x.shape[0], x.shape[1], heads, x.shape[2] // heads).transpose(1, 2)


def merge_heads(x):
    return x.transpose(1, 2).flatten(2)


def attend(q, k, v, bias=None):
    w = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    if bias is not None:
        w = w + bias
    return torch.matmul(torch.softmax(w, dim=-1), v)


def self_qkv(attn, x, heads):
    d = x.shape[-1]
    w = attn.in_proj_weight
    return (split_heads(F.linear(x, w[:d]), heads), split_heads(F.linear(x, w[d:2 * d]), heads),
            split_heads(F.linear(x, w[2 * d:]), heads))


def cross_kv(layer, states, heads):
    d = states.shape[-1]
    w = layer.cross_attention.in_proj_weight
    return split_heads(F.linear(states, w[d:2 * d]), heads), split_heads(F.linear(states, w[2 * d:]), heads)


def feed_forward(layer, x):
    return layer.linear2(F.gelu(layer.linear1(layer.norm2(x))))


def sin_embedding(positions, dim, max_period=10000.0):
    """audiocraft's create_sin_embedding: [cos, sin] of positions / max_period ** (i / (half - 1))."""
    half = dim // 2
    adim = torch.arange(half, dtype=torch.float32)
    scale = torch.full([], max_period, dtype=torch.float32) ** (adim / (half - 1))
    phase = positions.to(torch.float32).unsqueeze(-1) / scale
    return torch.cat([torch.cos(phase), torch.sin(phase)], dim=-1)


def ranks(like):
    """0 .. n - 1 for a 1-d tensor of length n (traced as a dynamic range)."""
    return torch.cumsum(torch.ones_like(like, dtype=torch.int64), dim=0) - 1


def project_text(lm, t5_states, mask):
    """The conditioner's output: output_proj(T5 states) times the mask (zero rows for the null text of guidance)."""
    return lm.output_proj(t5_states) * mask.to(t5_states.dtype).unsqueeze(-1)


def lm_forward(lm, codes, past, cross, past_length, prefix=None, rows=None):
    """One run of the LM over new columns.

    codes [B, 4, S]; past: per layer (k, v) [B, H, P, d]; cross: per layer (k, v) [B, H, L, d]; past_length: int64
    scalar tensor P; prefix: {layer: (q, k, v, gate)} with q, k, v [B, H, R, d]; rows: int64 [S], the prefix row of each
    column (already clamped). Returns logits [B, 4, S, 2048] and the new per-layer (k, v).
    """
    cfg = lm.cfg
    x = lm.emb[0](codes[:, 0])
    for k in range(1, CODEBOOKS):
        x = x + lm.emb[k](codes[:, k])
    positions = ranks(codes[0, 0]) + past_length
    x = x + sin_embedding(positions, cfg.dim)
    present = []
    for i, layer in enumerate(lm.layers):
        q, k, v = self_qkv(layer.self_attn, layer.norm1(x), cfg.heads)
        k = torch.cat([past[i][0], k], dim=2)
        v = torch.cat([past[i][1], v], dim=2)
        present.append((k, v))
        key_positions = ranks(k[0, 0, :, 0])
        bias = torch.where(key_positions.unsqueeze(0) <= positions.unsqueeze(1),
                           torch.zeros([], dtype=torch.float32), torch.full([], NEG, dtype=torch.float32))
        a = attend(q, k, v, bias)
        if prefix is not None and i in prefix:
            pq, pk, pv, gate = prefix[i]
            a = a + gate * attend(pq.index_select(2, rows) + q, pk, pv)
        x = x + layer.self_attn.out_proj(merge_heads(a))
        cx = layer.norm_cross(x)
        d = cx.shape[-1]
        cq = split_heads(F.linear(cx, layer.cross_attention.in_proj_weight[:d]), cfg.heads)
        x = x + layer.cross_attention.out_proj(merge_heads(attend(cq, cross[i][0], cross[i][1])))
        x = x + feed_forward(layer, x)
    out = lm.out_norm(x)
    logits = torch.stack([lm.linears[k](out) for k in range(CODEBOOKS)], dim=1)
    return logits, present


def adaptor_prefixes(lm, cp, visual):
    """The CPTransformer over condition rows visual [B, R, C] -> {layer: (q, k, v, gate)}, q, k, v [B, H, R, d]."""
    cfg = lm.cfg
    rows = visual.shape[1]
    o = cp.pos_emb[0, :rows].unsqueeze(0).expand(visual.shape[0], -1, -1)
    face = cp.ld_proj(visual)
    r = ranks(visual[0, :, 0])
    causal = torch.where(r.unsqueeze(0) <= r.unsqueeze(1), torch.zeros([], dtype=torch.float32),
                         torch.full([], NEG, dtype=torch.float32))
    out = {}
    for j in range(cp.cfg.layers):
        i = cp.start_layer + j
        layer = lm.layers[i]
        embedding = cp.merge_linear[j](face) + cp.pos_emb[j + 1, :rows]
        q, k, v = self_qkv(layer.self_attn, layer.norm1(o) + embedding, cfg.heads)
        o = o + layer.self_attn.out_proj(merge_heads(attend(q, k, v, causal)))
        o = o + feed_forward(layer, o)
        out[i] = (q, k, v, cp.gates[j])
    return out


def prefix_rows(offset, count, rows):
    """The prefix row of columns offset .. offset + count - 1: clamped to rows - 2 (499), as the research code does."""
    return torch.clamp(torch.arange(offset, offset + count, dtype=torch.int64), max=rows - 2)


# ---- greedy guided decoding, window by window (what the C# backend must reproduce) ----

@torch.no_grad()
def greedy_decode(lm, cp, t5_states, conditions, total, window, stride, guidance):
    """Frames [total][4] by greedy (top-k 1) classifier-free-guided decoding with the delay pattern.

    t5_states [1, L, text_dim]: the prompt's encoder states (the null half of guidance is L zero rows with a zero
    mask). conditions [N, C] float: condition frame g at row g - window_start of each window, rows past N and the last
    row zero; both guidance halves get the same rows. A window holds at most `window` frames; when it is full and the
    stream goes on, its last window - stride frames are the prompt of the next window (positions restart at 0, the
    prefix is recomputed from the new window's rows). Frames past a window's end are the special token, as in
    audiocraft's generate. Also returns the smallest top-1 / top-2 gap of the guided logits (how safe argmax is).
    """
    cfg = lm.cfg
    L = t5_states.shape[1]
    states = torch.cat([project_text(lm, t5_states, torch.ones(1, L)),
                        project_text(lm, torch.zeros_like(t5_states), torch.zeros(1, L))], dim=0)
    cross = [cross_kv(layer, states, cfg.heads) for layer in lm.layers]
    finished, start, prompt, min_gap = [], 0, [], float("inf")
    while True:
        n = min(window, total - start)
        prefix = None
        if cp is not None:
            visual = torch.zeros(cp.cfg.rows, cp.cfg.cond_dim)
            for j in range(cp.cfg.rows - 1):
                if start + j < len(conditions):
                    visual[j] = conditions[start + j]
            prefix = adaptor_prefixes(lm, cp, torch.stack([visual, visual]))
        codes = [list(f) for f in prompt] + [[-1] * CODEBOOKS for _ in range(n - len(prompt))]

        def column(p):
            return [codes[p - k - 1][k] if 0 <= p - k - 1 < n else SPECIAL for k in range(CODEBOOKS)]

        columns = [column(p) for p in range(len(prompt) + 1)]
        empty = torch.zeros(2, cfg.heads, 0, cfg.head_dim)
        past = [(empty, empty) for _ in lm.layers]
        fed = 0
        for p in range(len(prompt) + 1, n + CODEBOOKS):
            seq = torch.tensor(columns[fed:p], dtype=torch.int64).t().unsqueeze(0).expand(2, -1, -1)
            rows = prefix_rows(fed, p - fed, cp.cfg.rows) if cp is not None else None
            logits, past = lm_forward(lm, seq, past, cross, torch.tensor(fed), prefix, rows)
            last = logits[:, :, -1]
            guided = last[1] + guidance * (last[0] - last[1])
            fed = p
            for k in range(CODEBOOKS):
                f = p - k - 1
                if len(prompt) <= f < n and codes[f][k] < 0:
                    top = torch.topk(guided[k], 2).values
                    min_gap = min(min_gap, float(top[0] - top[1]))
                    codes[f][k] = int(torch.argmax(guided[k]))
            columns.append(column(p))
            done = p - CODEBOOKS
            if len(prompt) <= done < n:
                finished.append(codes[done])
        if start + n >= total:
            return finished, min_gap
        prompt = codes[stride:window]
        start += stride
