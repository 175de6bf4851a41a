#!/usr/bin/python3
"""Tiny random MusicGen + EXPOTION adaptor, exported and decoded by the PyTorch reference, for the backend's
token-for-token test (tests/Expotion.Music.MusicGen.Tests/ExporterTests.cs).

  python3 musicgen_tiny.py --out DIR      writes DIR/{plain,v1,v2,v2-external}/ (model folders), DIR/checkpoints/ and
                                          DIR/expected.json
  python3 musicgen_tiny.py --sizes large  prints the parameter counts and fp32 file sizes MusicGen-large's export has

The checkpoints are random and tiny (2 layers x 16, 2 heads, condition width 8, 20-frame windows: 21 rows); they are
written in both layouts (audiocraft state_dict.bin; Hugging Face pytorch_model shards + index + config.json) plus
diff_tiny.pth and loaded back through the exporter's loaders (strict). The text encoder is a small embedding network (the real export
copies transformers.js' T5) and the codec is a test instrument, not EnCodec: each 640-sample frame carries a marker
(+0.5 at sample 2) and the frame's 4 codes as 12 sign bits each (samples 8, 16, .. 384: +0.5 for 1, -0.5 for 0), so the
codes survive the master bus's positive gain and limiter and can be read back from the audio a client receives.
"""
import argparse
import json
import os
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from musicgen_reference import AdaptorConfig, CPTransformer, LMConfig, MusicGenLM, greedy_decode  # noqa: E402
import musicgen_checkpoints as checkpoints  # noqa: E402
import musicgen_export  # noqa: E402

WORDS = ["jazz", "piano", "calm", "rock", "drums", "happy", "sad", "fast", "slow", "music", "guitar", "ambient"]
PROMPT = "calm jazz piano"
FRAME = 640
BITS = 12


def pieces():
    """A T5-style unigram vocabulary: pad 0, eos 1, unk 2, '▁', whole words (-5), letters (-10)."""
    p = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -3.0)]
    p += [("\u2581" + w, -5.0) for w in WORDS]
    p += [(chr(c), -10.0) for c in range(ord("a"), ord("z") + 1)]
    return p


def prompt_ids(prompt):
    """The ids the backend's SentencePiece unigram gives a prompt of vocabulary words (each word is one piece), then </s>."""
    index = {piece: i for i, (piece, _) in enumerate(pieces())}
    return [index["\u2581" + w] for w in prompt.split()] + [1]


def write_tokenizer(path):
    tokens = [{"id": i, "content": c, "special": True} for i, c in ((0, "<pad>"), (1, "</s>"), (2, "<unk>"))]
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"added_tokens": tokens, "model": {"type": "Unigram", "unk_id": 2, "vocab": [[p, s] for p, s in pieces()]}},
                  f, ensure_ascii=False)


class TinyTextEncoder(nn.Module):
    def __init__(self, vocab, dim):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, input_ids, attention_mask):
        return torch.tanh(self.proj(self.embed(input_ids))) * attention_mask.to(torch.float32).unsqueeze(-1)


class TokenCodec(nn.Module):
    """audio_codes [1, B, 4, F] -> audio_values [B, 1, F * 640]: the codes as sign bits (see the module doc)."""

    def __init__(self):
        super().__init__()
        place = torch.zeros(4 * BITS, FRAME)
        for i in range(4 * BITS):
            place[i, 8 + 8 * i] = 0.5
        marker = torch.zeros(FRAME)
        marker[2] = 0.5
        self.register_buffer("place", place)
        self.register_buffer("marker", marker)

    def forward(self, audio_codes):
        c = audio_codes[0].to(torch.float32).permute(0, 2, 1)  # [B, F, 4]
        bits = [torch.floor(c / 2 ** b) - 2 * torch.floor(c / 2 ** (b + 1)) for b in range(BITS)]
        signs = torch.stack(bits, dim=-1).flatten(2) * 2 - 1  # [B, F, 48]: codebook-major, low bit first
        frames = torch.matmul(signs, self.place) + self.marker
        return frames.flatten(1).unsqueeze(1)


def write_shared(folder, text):
    """Text encoder, codec and tokenizer (what a real export copies from transformers.js)."""
    os.makedirs(folder, exist_ok=True)
    ids = torch.tensor([prompt_ids(PROMPT)])
    with torch.no_grad():
        torch.onnx.export(text, (ids, torch.ones_like(ids)), os.path.join(folder, "text_encoder.onnx"),
                          input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": {0: "b", 1: "l"}, "attention_mask": {0: "b", 1: "l"},
                                        "last_hidden_state": {0: "b", 1: "l"}}, opset_version=musicgen_export.OPSET)
        torch.onnx.export(TokenCodec(), (torch.zeros(1, 1, 4, 3, dtype=torch.int64),), os.path.join(folder, "encodec_decode.onnx"),
                          input_names=["audio_codes"], output_names=["audio_values"],
                          dynamic_axes={"audio_codes": {1: "b", 3: "f"}, "audio_values": {0: "b", 2: "samples"}},
                          opset_version=musicgen_export.OPSET)
    write_tokenizer(os.path.join(folder, "tokenizer.json"))


def randomise(module, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("gates"):
                p.copy_(0.5 + torch.rand(p.shape, generator=g))
            elif p.dim() == 1:
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn(p.shape, generator=g))
            elif "emb" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) / p.shape[-1] ** 0.5)
        if hasattr(module, "linears"):
            for lin in module.linears:
                lin.weight.mul_(4.0)  # logits of a few units: argmax with a margin


def build(seed, lm_cfg, ad_cfg):
    torch.manual_seed(seed)
    lm, cp = MusicGenLM(lm_cfg), CPTransformer(lm_cfg, ad_cfg)
    randomise(lm, seed)
    randomise(cp, seed + 1)
    return lm.eval(), cp.eval()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out")
    ap.add_argument("--sizes", choices=["large"])
    ap.add_argument("--frames", type=int, default=45)
    ap.add_argument("--window", type=int, default=20)
    ap.add_argument("--stride", type=int, default=10)
    ap.add_argument("--bench", action="store_true",
                    help="only export plain / v1 / v2 with 501 rows (EXPOTION's size) for `expotion bench --musicgen-export`; no reference tokens")
    a = ap.parse_args(argv)
    if a.sizes:
        print(json.dumps(large_sizes(), indent=1))
        return 0
    if not a.out:
        ap.error("--out is required")
    torch.set_num_threads(1)
    lm_cfg = LMConfig(dim=16, heads=2, layers=2, text_dim=12, ffn=64)
    ad_cfg = AdaptorConfig(cond_dim=8, latent=4, layers=2, rows=501 if a.bench else a.window + 1)
    guidance = 3.0
    g = torch.Generator().manual_seed(5)
    conditions = torch.randn(a.frames, ad_cfg.cond_dim, generator=g)
    text = TinyTextEncoder(len(pieces()), lm_cfg.text_dim).eval()
    randomise(text, 3)
    with torch.no_grad():
        ids = torch.tensor([prompt_ids(PROMPT)])
        t5 = text(ids, torch.ones_like(ids))

    # A seed whose greedy choices all have a clear margin, so that float rounding (ONNX Runtime vs PyTorch) cannot flip one.
    for seed in range(1, 50):
        lm, cp = build(seed, lm_cfg, ad_cfg)
        if a.bench:
            plain = adapted = []
            gap_plain = gap_adapted = float("inf")
            break
        plain, gap_plain = greedy_decode(lm, None, t5, conditions, a.frames, a.window, a.stride, guidance)
        adapted, gap_adapted = greedy_decode(lm, cp, t5, conditions, a.frames, a.window, a.stride, guidance)
        if min(gap_plain, gap_adapted) > 1e-3 and plain != adapted:
            break
    else:
        raise SystemExit("musicgen_tiny: no seed gave a clear argmax margin")

    out = a.out
    ckpt = os.path.join(out, "checkpoints")
    checkpoints.save_audiocraft(lm, os.path.join(ckpt, "audiocraft"))
    checkpoints.save_huggingface(lm, os.path.join(ckpt, "huggingface"), shards=2)
    checkpoints.save_adaptor(cp, os.path.join(ckpt, "diff_tiny.pth"))
    # An adaptor trained for another base model (hidden 12, not 16): the exporter must refuse it, naming file and shape.
    wrong = {k: v.clone() for k, v in cp.state_dict().items()}
    wrong["pos_emb"] = torch.zeros(ad_cfg.layers + 1, ad_cfg.rows, 12)
    torch.save(wrong, os.path.join(ckpt, "diff_wrong_width.pth"))
    lm_ac, _ = checkpoints.load_lm(os.path.join(ckpt, "audiocraft"), heads=lm_cfg.heads)
    lm_hf, _ = checkpoints.load_lm(os.path.join(ckpt, "huggingface"))
    cp_hf = checkpoints.load_adaptor(os.path.join(ckpt, "diff_tiny.pth"), lm_hf)
    cp_ac = checkpoints.load_adaptor(os.path.join(ckpt, "diff_tiny.pth"), lm_ac)

    report = {"seed": seed, "min_gap": None if a.bench else min(gap_plain, gap_adapted), "seconds": {}, "bytes": {}}
    models = {"plain": (lm_ac, None, "v2", "auto"), "v1": (lm_ac, cp_ac, "v1", "auto"),
              "v2": (lm_hf, cp_hf, "v2", "auto"), "v2-external": (lm_hf, cp_hf, "v2", "always")}
    if a.bench:
        del models["v2-external"]
    for name, (m, c, contract, external) in models.items():
        folder = os.path.join(out, name)
        t0 = time.perf_counter()
        times = musicgen_export.export(m, c, folder, contract, external)
        report["seconds"][name] = {"total": time.perf_counter() - t0, **times}
        write_shared(folder, text)
        report["bytes"][name] = musicgen_export.files_size(folder, ("decoder_model_merged", "condition_encoder"))

    expected = {"prompt": PROMPT, "prompt_ids": prompt_ids(PROMPT), "guidance": guidance, "frames": a.frames,
                "window": a.window, "stride": a.stride, "rows": ad_cfg.rows, "dims": ad_cfg.cond_dim,
                "conditions": conditions.tolist(), "tokens": {"plain": plain, "adaptor": adapted}, "report": report}
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f)
    print(json.dumps(report, indent=1))
    return 0


def large_sizes():
    """MusicGen-large (48 x 2048, 32 heads, FFN 8192, T5-base 768) with EXPOTION's adaptor (48 layers, latent 48,
    condition 256, 501 rows), counted from the architecture above; fp32 bytes."""
    d, layers, ffn, text, card = 2048, 48, 8192, 768, 2048
    per_layer = 4 * d * d + 4 * d * d + 2 * d * ffn + 3 * 2 * d  # self, cross, FFN, three LayerNorms
    lm = layers * per_layer + 4 * (card + 1) * d + 4 * d * card + 2 * d + text * d + d
    adaptor = (layers + 1) * 501 * d + 256 * 48 + layers * 48 * d + layers
    stack = layers * (4 * d * d + 2 * d * ffn + 2 * 2 * d)  # the reused LM layers the condition encoder repeats
    return {"lm_parameters": lm, "adaptor_parameters": adaptor,
            "decoder_model_merged.onnx_bytes": 4 * (lm + layers * 1 + 0),
            "condition_encoder.onnx_bytes": 4 * (adaptor - layers + stack),
            "note": "the decoder holds the gates (48 floats); the condition encoder repeats the self-attention, FFN and "
                    "norms of every layer, since one ONNX file cannot use another's weights"}


if __name__ == "__main__":
    sys.exit(main())
