#!/usr/bin/python3
"""Exports a MusicGen LM (+ an EXPOTION adaptor) to the ONNX files the Expotion musicgen backend reads, in the
transformers.js layout (services/Expotion.Music.MusicGen/README.md):

  decoder_model_merged.onnx   the LM with the KV cache (past_key_values.* / present.*, use_cache_branch) and, with an
                              adaptor, the inputs of contract v2 (prefix.{i}.{query,key,value}, condition_offset) or,
                              with --contract v1, visual_condition + condition_offset (the adaptor rerun every step)
  condition_encoder.onnx      (v2) visual_condition [2B, 501, C] -> prefix.{i}.{query,key,value} [2B, heads, 501, head]
  text_encoder.onnx, encodec_decode.onnx, tokenizer.json / spiece.model
                              copied from a transformers.js MusicGen folder (--t5-encodec-from): every MusicGen size
                              uses the same T5-base and EnCodec 32 kHz

Graphs over 2 GB are written with ONNX external data in one file beside them (<graph>.onnx_data), as transformers.js
does; --external-data always forces that layout for smaller graphs too.

  python3 musicgen_export.py --lm facebook-musicgen-large/ --adaptor diff_10.pth --t5-encodec-from musicgen-small/ --out DIR
"""
import argparse
import json
import os
import shutil
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from musicgen_reference import (CODEBOOKS, adaptor_prefixes, cross_kv, lm_forward, project_text,  # noqa: E402
                                ranks)
import musicgen_checkpoints as checkpoints  # noqa: E402

OPSET = 17
TWO_GB = 2 ** 31
COPIED = ("text_encoder.onnx", "encodec_decode.onnx", "tokenizer.json", "spiece.model")


def prefix_names(lm, cp):
    return [f"prefix.{i}.{kind}" for i in range(cp.start_layer, lm.cfg.layers) for kind in ("query", "key", "value")]


class ConditionEncoder(nn.Module):
    def __init__(self, lm, cp):
        super().__init__()
        self.lm, self.cp = lm, cp

    def forward(self, visual_condition):
        prefix = adaptor_prefixes(self.lm, self.cp, visual_condition)
        return tuple(t for i in sorted(prefix) for t in prefix[i][:3])


class MergedDecoder(nn.Module):
    """transformers.js' merged decoder signature; contract "none", "v1" or "v2"."""

    def __init__(self, lm, cp, contract):
        super().__init__()
        self.lm, self.cp, self.contract = lm, cp, contract

    def forward(self, input_ids, encoder_hidden_states, encoder_attention_mask, *rest):
        lm = self.lm
        n = lm.cfg.layers
        pasts, rest = rest[:4 * n], rest[4 * n:]
        use_cache = rest[0]
        codes = input_ids.reshape(-1, CODEBOOKS, input_ids.shape[1])
        # Cross-attention keys/values: from the cache when use_cache_branch, else from the text states; the rows to
        # compute are selected with NonZero, so a cached step computes none. Row 0 goes first as a dummy (cut after the
        # projection): ONNX Runtime cannot reshape a tensor of zero rows into heads.
        keep = torch.ones_like(encoder_attention_mask[0]) * (1 - use_cache.to(torch.int64))
        rows = torch.cat([torch.zeros(1, dtype=torch.int64), torch.nonzero(keep).reshape(-1)])
        states = project_text(lm, encoder_hidden_states.index_select(1, rows), encoder_attention_mask.index_select(1, rows))
        past, cross = [], []
        for i, layer in enumerate(lm.layers):
            dk, dv, ek, ev = pasts[4 * i:4 * i + 4]
            past.append((dk, dv))
            k, v = cross_kv(layer, states, lm.cfg.heads)
            cross.append((torch.cat([ek, k[:, :, 1:]], dim=2), torch.cat([ev, v[:, :, 1:]], dim=2)))
        past_length = torch._shape_as_tensor(pasts[0])[2]
        prefix, prefix_rows = None, None
        if self.contract != "none":
            if self.contract == "v2":
                tensors = rest[1:1 + 3 * self.cp.cfg.layers]
                offset = rest[1 + 3 * self.cp.cfg.layers]
                prefix = {self.cp.start_layer + j: (tensors[3 * j], tensors[3 * j + 1], tensors[3 * j + 2], self.cp.gates[j])
                          for j in range(self.cp.cfg.layers)}
            else:
                visual, offset = rest[1], rest[2]
                prefix = adaptor_prefixes(lm, self.cp, visual)
            # The research code's clamp: positions past the last frame row use row rows - 2 (499), never the pad row.
            prefix_rows = torch.minimum(ranks(codes[0, 0]) + offset, torch.full_like(offset, self.cp.cfg.rows - 2))
        logits, present = lm_forward(lm, codes, past, cross, past_length, prefix, prefix_rows)
        outputs = [logits.flatten(0, 1)]
        for (k, v), (ek, ev) in zip(present, cross):
            outputs += [k, v, ek, ev]
        return tuple(outputs)


def decoder_io(lm, cp, contract):
    n, h, d = lm.cfg.layers, lm.cfg.heads, lm.cfg.head_dim
    inputs = ["input_ids", "encoder_hidden_states", "encoder_attention_mask"]
    outputs = ["logits"]
    dynamic = {"input_ids": {0: "batch_x_codebooks", 1: "sequence"}, "encoder_hidden_states": {0: "batch", 1: "text"},
               "encoder_attention_mask": {0: "batch", 1: "text"}, "logits": {0: "batch_x_codebooks", 1: "sequence"}}
    for i in range(n):
        for part in ("decoder", "encoder"):
            for kind in ("key", "value"):
                past, present = f"past_key_values.{i}.{part}.{kind}", f"present.{i}.{part}.{kind}"
                inputs.append(past)
                outputs.append(present)
                length = "past" if part == "decoder" else "text_past"
                dynamic[past] = {0: "batch", 2: length}
                dynamic[present] = {0: "batch", 2: "total" if part == "decoder" else "text"}
    inputs.append("use_cache_branch")
    B, S, L = 2, 3, 5
    args = [torch.full((B * CODEBOOKS, S), 7, dtype=torch.int64), torch.randn(B, L, lm.cfg.text_dim),
            torch.ones(B, L, dtype=torch.int64)]
    for i in range(n):
        args += [torch.zeros(B, h, 2, d), torch.zeros(B, h, 2, d), torch.zeros(B, h, L, d), torch.zeros(B, h, L, d)]
    args.append(torch.tensor([True]))
    if contract == "v2":
        for name in prefix_names(lm, cp):
            inputs.append(name)
            dynamic[name] = {0: "batch"}
            args.append(torch.randn(B, h, cp.cfg.rows, d))
    if contract == "v1":
        inputs.append("visual_condition")
        dynamic["visual_condition"] = {0: "batch"}
        args.append(torch.randn(B, cp.cfg.rows, cp.cfg.cond_dim))
    if contract != "none":
        inputs.append("condition_offset")
        args.append(torch.tensor([2], dtype=torch.int64))
    return tuple(args), inputs, outputs, dynamic


def parameter_bytes(module):
    return sum(p.numel() * p.element_size() for p in module.parameters())


def export_graph(module, args, path, inputs, outputs, dynamic, external):
    """torch.onnx.export, then (over 2 GB, or when forced) one external-data file <name>_data beside the graph."""
    t0 = time.perf_counter()
    folder = os.path.dirname(path) or "."
    before = set(os.listdir(folder))
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                          opset_version=OPSET, do_constant_folding=True)
    big = parameter_bytes(module) >= TWO_GB - (64 << 20)
    if external == "always" or (external == "auto" and big):
        import onnx
        model = onnx.load(path)  # also reads the per-tensor files torch writes for graphs over 2 GB
        data = os.path.basename(path) + "_data"
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True, location=data,
                        size_threshold=1024)
        for name in set(os.listdir(folder)) - before - {data, os.path.basename(path)}:
            os.remove(os.path.join(folder, name))  # torch's one-file-per-tensor layout, now in <name>_data
    return time.perf_counter() - t0


def files_size(folder, names):
    return {n: os.path.getsize(os.path.join(folder, n)) for n in sorted(os.listdir(folder)) if any(n.startswith(x) for x in names)}


def export(lm, cp, out, contract="v2", external="auto"):
    """Writes the decoder (and for v2 the condition encoder) into `out`; returns {file: seconds}."""
    os.makedirs(out, exist_ok=True)
    if cp is None:
        contract = "none"
    times = {}
    args, inputs, outputs, dynamic = decoder_io(lm, cp, contract)
    times["decoder_model_merged.onnx"] = export_graph(MergedDecoder(lm, cp, contract).eval(), args,
                                                      os.path.join(out, "decoder_model_merged.onnx"), inputs, outputs,
                                                      dynamic, external)
    if contract == "v2":
        names = prefix_names(lm, cp)
        visual = torch.randn(2, cp.cfg.rows, cp.cfg.cond_dim)
        times["condition_encoder.onnx"] = export_graph(ConditionEncoder(lm, cp).eval(), (visual,),
                                                       os.path.join(out, "condition_encoder.onnx"), ["visual_condition"],
                                                       names, {"visual_condition": {0: "batch"}, **{n: {0: "batch"} for n in names}},
                                                       external)
    return times


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lm", required=True, help="MusicGen checkpoint: audiocraft state_dict.bin or a Hugging Face folder")
    ap.add_argument("--heads", type=int, help="attention heads, when no config.json says (MusicGen-large: 32)")
    ap.add_argument("--adaptor", help="EXPOTION adaptor checkpoint (diff_*.pth); without it the plain LM is exported")
    ap.add_argument("--contract", choices=["v1", "v2"], default="v2")
    ap.add_argument("--t5-encodec-from", help="a transformers.js MusicGen folder to copy the text encoder, codec and tokenizer from")
    ap.add_argument("--external-data", choices=["auto", "always"], default="auto")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    try:
        lm, layout = checkpoints.load_lm(a.lm, a.heads)
        cp = checkpoints.load_adaptor(a.adaptor, lm) if a.adaptor else None
    except checkpoints.CheckpointError as e:
        print(f"musicgen_export: {e}", file=sys.stderr)
        return 2
    times = export(lm, cp, a.out, a.contract, a.external_data)
    if a.t5_encodec_from:
        for name in COPIED:
            for src in (os.path.join(a.t5_encodec_from, name), os.path.join(a.t5_encodec_from, "onnx", name)):
                if os.path.exists(src):
                    shutil.copy(src, os.path.join(a.out, name))
                    if os.path.exists(src + "_data"):
                        shutil.copy(src + "_data", os.path.join(a.out, name + "_data"))
                    break
    print(json.dumps({"layout": layout, "lm": lm.cfg.as_dict(), "adaptor": cp.cfg.as_dict() if cp else None,
                      "seconds": times, "bytes": files_size(a.out, ("decoder_model_merged", "condition_encoder"))}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
