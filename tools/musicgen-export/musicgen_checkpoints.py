"""Checkpoints: MusicGen LMs in the audiocraft layout (state_dict.bin, {'best_state': ...}) or the Hugging Face layout
(MusicgenForConditionalGeneration: pytorch_model.bin, or its shards through pytorch_model.bin.index.json, + config.json;
model.safetensors is not read: Debian has no python3-safetensors), and EXPOTION adaptor
checkpoints (diff_*.pth: pos_emb, ld_proj.weight, merge_linear.{i}.weight, gates), loaded with strict=True after a
shape check that names the file, the tensor and both shapes.
"""
import json
import os

import torch

from musicgen_reference import AdaptorConfig, CPTransformer, LMConfig, MusicGenLM

AUDIOCRAFT_FILE = "state_dict.bin"
HF_FILE = "pytorch_model.bin"
HF_INDEX = "pytorch_model.bin.index.json"


class CheckpointError(Exception):
    """A checkpoint that does not fit: the message names the file, the tensor and the shapes."""


def _load(path):
    return torch.load(path, map_location="cpu")


def hf_to_audiocraft(sd):
    """Renames a Hugging Face MusicGen state dict to audiocraft's names (q/k/v projections packed into in_proj_weight)."""
    out = {}
    prefix = "decoder.model.decoder."
    layers = sorted({int(k[len(prefix + "layers."):].split(".")[0]) for k in sd if k.startswith(prefix + "layers.")})
    for k in range(4):
        out[f"emb.{k}.weight"] = sd[f"{prefix}embed_tokens.{k}.weight"]
        out[f"linears.{k}.weight"] = sd[f"decoder.lm_heads.{k}.weight"]
    out["out_norm.weight"] = sd[prefix + "layer_norm.weight"]
    out["out_norm.bias"] = sd[prefix + "layer_norm.bias"]
    out["condition_provider.conditioners.description.output_proj.weight"] = sd["enc_to_dec_proj.weight"]
    out["condition_provider.conditioners.description.output_proj.bias"] = sd["enc_to_dec_proj.bias"]
    names = {"self_attn_layer_norm": "norm1", "encoder_attn_layer_norm": "norm_cross", "final_layer_norm": "norm2"}
    for i in layers:
        src, dst = f"{prefix}layers.{i}.", f"transformer.layers.{i}."
        for hf, ac in names.items():
            out[dst + ac + ".weight"] = sd[src + hf + ".weight"]
            out[dst + ac + ".bias"] = sd[src + hf + ".bias"]
        for hf, ac in (("self_attn", "self_attn"), ("encoder_attn", "cross_attention")):
            out[dst + ac + ".in_proj_weight"] = torch.cat([sd[f"{src}{hf}.{p}_proj.weight"] for p in "qkv"], dim=0)
            out[dst + ac + ".out_proj.weight"] = sd[f"{src}{hf}.out_proj.weight"]
        out[dst + "linear1.weight"] = sd[src + "fc1.weight"]
        out[dst + "linear2.weight"] = sd[src + "fc2.weight"]
    return out


def audiocraft_to_hf(sd):
    """The inverse of hf_to_audiocraft (used to write the tiny test checkpoints in the Hugging Face layout)."""
    out = {}
    prefix = "decoder.model.decoder."
    for k in range(4):
        out[f"{prefix}embed_tokens.{k}.weight"] = sd[f"emb.{k}.weight"]
        out[f"decoder.lm_heads.{k}.weight"] = sd[f"linears.{k}.weight"]
    out[prefix + "layer_norm.weight"] = sd["out_norm.weight"]
    out[prefix + "layer_norm.bias"] = sd["out_norm.bias"]
    out["enc_to_dec_proj.weight"] = sd["condition_provider.conditioners.description.output_proj.weight"]
    out["enc_to_dec_proj.bias"] = sd["condition_provider.conditioners.description.output_proj.bias"]
    names = {"norm1": "self_attn_layer_norm", "norm_cross": "encoder_attn_layer_norm", "norm2": "final_layer_norm"}
    layers = sorted({int(k.split(".")[2]) for k in sd if k.startswith("transformer.layers.")})
    for i in layers:
        src, dst = f"transformer.layers.{i}.", f"{prefix}layers.{i}."
        for ac, hf in names.items():
            out[dst + hf + ".weight"] = sd[src + ac + ".weight"]
            out[dst + hf + ".bias"] = sd[src + ac + ".bias"]
        for ac, hf in (("self_attn", "self_attn"), ("cross_attention", "encoder_attn")):
            for p, part in zip("qkv", sd[src + ac + ".in_proj_weight"].chunk(3, dim=0)):
                out[f"{dst}{hf}.{p}_proj.weight"] = part.clone()
            out[f"{dst}{hf}.out_proj.weight"] = sd[src + ac + ".out_proj.weight"]
        out[dst + "fc1.weight"] = sd[src + "linear1.weight"]
        out[dst + "fc2.weight"] = sd[src + "linear2.weight"]
    return out


def lm_config_of(sd):
    """The LM's dimensions, read from an audiocraft-named state dict (heads come from config.json or the caller)."""
    dim = sd["emb.0.weight"].shape[1]
    layers = len({k.split(".")[2] for k in sd if k.startswith("transformer.layers.")})
    return dim, layers, sd["transformer.layers.0.linear1.weight"].shape[0], \
        sd["condition_provider.conditioners.description.output_proj.weight"].shape[1]


def load_lm(path, heads=None):
    """Loads a MusicGen LM from an audiocraft state_dict.bin or a Hugging Face folder / pytorch_model.bin."""
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    if os.path.isdir(path):
        for name in (AUDIOCRAFT_FILE, HF_FILE, HF_INDEX):
            if os.path.exists(os.path.join(path, name)):
                path = os.path.join(path, name)
                break
        else:
            raise CheckpointError(f"{path}: no {AUDIOCRAFT_FILE} (audiocraft), {HF_FILE} or {HF_INDEX} (Hugging Face) in it")
    if path.endswith(".index.json"):
        with open(path) as f:
            shards = sorted(set(json.load(f)["weight_map"].values()))
        raw = {}
        for shard in shards:
            raw.update(_load(os.path.join(folder, shard)))
    else:
        raw = _load(path)
    if isinstance(raw, dict) and "best_state" in raw:
        raw = raw["best_state"]
    layout = "huggingface" if any(k.startswith("decoder.model.decoder.") for k in raw) else "audiocraft"
    sd = hf_to_audiocraft(raw) if layout == "huggingface" else {k: v for k, v in raw.items()
                                                                 if not k.startswith("condition_provider.conditioners.description.t5")}
    config_path = os.path.join(folder, "config.json")
    if heads is None and os.path.exists(config_path):
        with open(config_path) as f:
            config = json.load(f)
        heads = config.get("decoder", config).get("num_attention_heads") or config.get("num_heads")
    if heads is None:
        raise CheckpointError(f"{path}: the head count is not in a config.json beside it; pass --heads")
    dim, layers, ffn, text_dim = lm_config_of(sd)
    lm = MusicGenLM(LMConfig(dim, heads, layers, text_dim, ffn))
    missing, unexpected = lm.load_state_dict(sd, strict=False)
    if missing or unexpected:
        raise CheckpointError(f"{path}: not a MusicGen LM ({layout} layout): missing {missing[:5]}, unexpected {unexpected[:5]}")
    return lm.eval(), layout


def load_adaptor(path, lm):
    """Loads a diff_*.pth adaptor for `lm` with strict=True; shapes are checked first, naming file, tensor and shapes."""
    sd = _load(path)
    if not isinstance(sd, dict) or "pos_emb" not in sd or "ld_proj.weight" not in sd:
        raise CheckpointError(f"{path}: not an EXPOTION adaptor checkpoint (no pos_emb / ld_proj.weight)")
    pos = sd["pos_emb"].shape
    latent, cond_dim = sd["ld_proj.weight"].shape
    layers = pos[0] - 1
    if len(pos) != 3 or pos[2] != lm.cfg.dim or layers < 1 or layers > lm.cfg.layers:
        raise CheckpointError(f"{path}: pos_emb is {list(pos)}; the base model needs [adapted layers + 1 (at most "
                              f"{lm.cfg.layers + 1}), rows, {lm.cfg.dim}]")
    cp = CPTransformer(lm.cfg, AdaptorConfig(cond_dim, latent, layers, pos[1]))
    expected = {k: v.shape for k, v in cp.state_dict().items()}
    for name, shape in expected.items():
        if name in sd and tuple(sd[name].shape) != tuple(shape):
            raise CheckpointError(f"{path}: {name} is {list(sd[name].shape)}; the base model ({lm.cfg.layers} layers x "
                                  f"{lm.cfg.dim}) needs {list(shape)}")
    try:
        cp.load_state_dict(sd, strict=True)
    except RuntimeError as e:
        raise CheckpointError(f"{path}: {e}") from e
    return cp.eval()


def save_audiocraft(lm, folder):
    os.makedirs(folder, exist_ok=True)
    torch.save({"best_state": lm.state_dict()}, os.path.join(folder, AUDIOCRAFT_FILE))


def save_huggingface(lm, folder, shards=1):
    """pytorch_model.bin, or with shards > 1 pytorch_model-0000k-of-0000n.bin and the index, as large models ship."""
    os.makedirs(folder, exist_ok=True)
    sd = audiocraft_to_hf(lm.state_dict())
    if shards == 1:
        torch.save(sd, os.path.join(folder, HF_FILE))
    else:
        names = sorted(sd)
        weight_map = {}
        for k in range(shards):
            shard = f"pytorch_model-{k + 1:05d}-of-{shards:05d}.bin"
            part = names[k::shards]
            torch.save({n: sd[n] for n in part}, os.path.join(folder, shard))
            weight_map.update({n: shard for n in part})
        with open(os.path.join(folder, HF_INDEX), "w") as f:
            json.dump({"metadata": {}, "weight_map": weight_map}, f)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump({"architectures": ["MusicgenForConditionalGeneration"],
                   "decoder": {"num_attention_heads": lm.cfg.heads, "hidden_size": lm.cfg.dim,
                               "num_hidden_layers": lm.cfg.layers, "ffn_dim": lm.cfg.ffn}}, f)


def save_adaptor(cp, path):
    torch.save(cp.state_dict(), path)
