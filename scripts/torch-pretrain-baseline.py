#!/usr/bin/env python3
"""The usual route, for scale: a plain PyTorch loop pre-training a GPT-NeoX causal LM, beside `harness bench pretrain`;
and an independent check that a checkpoint `harness pretrain` saves means the same model to PyTorch.

Needs python3 with torch and numpy only (Debian: apt-get install python3-torch; on these machines run it with
/usr/bin/python3, the interpreter that has them). transformers is not needed: the model below is written to compute
what transformers' GPTNeoXForCausalLM computes with eager attention, module for module and with its parameter names
(so a transformers state dict loads into it unchanged): per-head interleaved [q|k|v] from query_key_value, partial
rotary (rotate_half) over rotary_pct of the head dimension with base rotary_emb_base, scores scaled by
1/sqrt(head_dim), causal mask, softmax in at least float32, exact erf GELU, LayerNorm with layer_norm_eps, parallel or
sequential residual per use_parallel_residual, untied embed_out. `--check-fixture` compares it with the outputs real
transformers computed for the repository's reference fixtures.

  # training speed, the same measurement as `harness bench pretrain --like pythia-14m` (defaults: batch 16 x 128,
  # 2 warm-up steps, 20 timed steps, 2 threads)
  /usr/bin/python3 scripts/torch-pretrain-baseline.py --like pythia-14m
  /usr/bin/python3 scripts/torch-pretrain-baseline.py --config runs/strong2/step1400 --steps 10   # a config.json's shape
  /usr/bin/python3 scripts/torch-pretrain-baseline.py --like pythia-14m --head-chunk 128   # the harness's chunked head
  # a harness checkpoint against the harness's own forward pass on the same token ids (float64 here, float32 there)
  /usr/bin/python3 scripts/torch-pretrain-baseline.py --check-checkpoint runs/strong2/step1400
  # this model against transformers itself (the fixtures' expected outputs)
  /usr/bin/python3 scripts/torch-pretrain-baseline.py --check-fixture src/test/resources/reference-models/gpt_neox_pythia

Useful FLOPs per step use the harness's formula (PretrainBench): 6 x (parameters - embed_in) per token plus
12 x layers x hidden x seq-len per token for attention's scores and mixing. The matmul reference is the harness's
(MatmulReference): a float32 [4096, 768] x [768, 3072] product, timed after every step so both see the same load.
"""
import argparse
import json
import math
import os
import re
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _threads_before_torch():
    # BLAS and OpenMP read their thread counts when the library loads: set them before torch is imported.
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--threads", type=int, default=2)
    t = p.parse_known_args()[0].threads
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[var] = str(t)
    return t


_THREADS = _threads_before_torch()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

# MatmulReference's shape (a pythia-160m MLP up-projection over 4096 tokens)
MATMUL_M, MATMUL_K, MATMUL_N = 4096, 768, 3072


def fail(message, code=2):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


# ----------------------------------------------------------------------------------------------------- configuration

class NeoXShape:
    """The GPT-NeoX fields the model reads, with transformers' GPTNeoXConfig defaults for absent ones."""

    def __init__(self, c, source):
        def need(key):
            if key not in c:
                fail(f"{source}: field {key} is missing")
            return c[key]

        if c.get("model_type", "gpt_neox") != "gpt_neox":
            fail(f"{source}: model_type is {c.get('model_type')}, this script builds gpt_neox only")
        self.vocab_size = int(need("vocab_size"))
        self.hidden_size = int(need("hidden_size"))
        self.num_hidden_layers = int(need("num_hidden_layers"))
        self.num_attention_heads = int(need("num_attention_heads"))
        self.intermediate_size = int(need("intermediate_size"))
        # transformers >= 4.45 writes both spellings; they must agree
        self.rotary_pct = float(_one_of(c, source, "rotary_pct", "partial_rotary_factor", 0.25))
        self.rotary_emb_base = float(_one_of(c, source, "rotary_emb_base", "rope_theta", 10000.0))
        self.layer_norm_eps = float(c.get("layer_norm_eps", 1e-5))
        self.use_parallel_residual = bool(c.get("use_parallel_residual", True))
        self.attention_bias = bool(c.get("attention_bias", True))
        self.initializer_range = float(c.get("initializer_range", 0.02))
        self.max_position_embeddings = int(c.get("max_position_embeddings", 2048))
        if c.get("hidden_act", "gelu") != "gelu":
            fail(f"{source}: hidden_act {c.get('hidden_act')}: only gelu (exact erf, as the harness) is built here")
        if c.get("rope_scaling") is not None:
            fail(f"{source}: rope_scaling {c.get('rope_scaling')} is not supported (the harness has none)")
        if c.get("tie_word_embeddings", False):
            fail(f"{source}: tie_word_embeddings is true; GPT-NeoX here (as in the harness) has an untied embed_out")
        if self.hidden_size % self.num_attention_heads:
            fail(f"{source}: hidden_size {self.hidden_size} is not a multiple of num_attention_heads "
                 f"{self.num_attention_heads}")
        self.head_size = self.hidden_size // self.num_attention_heads
        self.rotary_ndims = int(self.head_size * self.rotary_pct)

    def describe(self):
        return (f"hidden {self.hidden_size}, {self.num_hidden_layers} layers, {self.num_attention_heads} heads, "
                f"intermediate {self.intermediate_size}, vocab {self.vocab_size}, rotary {self.rotary_ndims}/"
                f"{self.head_size} dims base {self.rotary_emb_base:g}, "
                f"{'parallel' if self.use_parallel_residual else 'sequential'} residual")


def _one_of(c, source, key, alias, default):
    if key in c and alias in c and float(c[key]) != float(c[alias]):
        fail(f"{source}: {key} = {c[key]} and {alias} = {c[alias]} disagree")
    return c.get(key, c.get(alias, default))


def read_config(path):
    p = Path(path)
    if p.is_dir():
        p = p / "config.json"
    try:
        return json.loads(p.read_text()), str(p)
    except FileNotFoundError:
        fail(f"{p} does not exist: give a config.json or a checkpoint folder holding one")
    except json.JSONDecodeError as e:
        fail(f"{p} is not JSON ({e})")


def registry_config(alias, registry):
    """A registry alias's config: the pythia family's `config:` block, then the alias's one-line `config: {...}`.
    Reads only the flat layout checkpoints.yaml uses for gpt_neox shapes (no YAML library here)."""
    text = Path(registry).read_text()
    line = re.search(r"^  " + re.escape(alias) + r":\s*\{(.*)\}\s*$", text, re.M)
    if not line:
        fail(f"--like {alias}: no one-line gpt_neox alias of that name in {registry}; give --config FILE instead")
    family = re.search(r"family:\s*([\w-]+)", line.group(1))
    own = re.search(r"config:\s*\{([^}]*)\}", line.group(1))
    if not family or not own:
        fail(f"--like {alias}: {registry} gives no family or config for it; give --config FILE instead")
    block = re.search(r"^  " + re.escape(family.group(1)) + r":\n(?:    .*\n)*?    config:\n((?:      .*\n)+)", text, re.M)
    if not block:
        fail(f"--like {alias}: family {family.group(1)} has no config block in {registry}")
    c = {}
    for m in re.finditer(r"^      (\w+):\s*(.+?)\s*$", block.group(1), re.M):
        c[m.group(1)] = _scalar(m.group(2))
    for m in re.finditer(r"(\w+):\s*([^,]+)", own.group(1)):
        c[m.group(1)] = _scalar(m.group(2).strip())
    if c.get("model_type") != "gpt_neox":
        fail(f"--like {alias}: model_type {c.get('model_type')}; this script builds gpt_neox shapes only")
    return c


def _scalar(s):
    if s in ("true", "false"):
        return s == "true"
    if s in ("null", "~"):
        return None
    for kind in (int, float):
        try:
            return kind(s)
        except ValueError:
            pass
    return s


# ------------------------------------------------------------------------------------------------------------ model

class Rotary:
    """cos/sin tables of the rotary embedding over the first rotary_ndims of each head (transformers' layout:
    frequencies repeated, emb = cat(freqs, freqs))."""

    def __init__(self, ndims, base):
        self.ndims, self.base, self.cache = ndims, base, {}

    def tables(self, length, dtype):
        key = (length, dtype)
        if key not in self.cache:
            inv_freq = 1.0 / (self.base ** (torch.arange(0, self.ndims, 2, dtype=torch.int64).to(dtype) / self.ndims))
            freqs = torch.outer(torch.arange(length, dtype=dtype), inv_freq)
            emb = torch.cat((freqs, freqs), dim=-1)
            self.cache[key] = (emb.cos(), emb.sin())
        return self.cache[key]


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Attention(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.heads, self.head_size, self.rot = s.num_attention_heads, s.head_size, s.rotary_ndims
        self.query_key_value = nn.Linear(s.hidden_size, 3 * s.hidden_size, bias=s.attention_bias)
        self.dense = nn.Linear(s.hidden_size, s.hidden_size, bias=s.attention_bias)

    def forward(self, x, cos, sin, mask):
        b, t, h = x.shape
        # per head [q | k | v], each head_size wide: [b, t, heads, 3 * head_size] -> [b, heads, t, 3 * head_size]
        qkv = self.query_key_value(x).view(b, t, self.heads, 3 * self.head_size).permute(0, 2, 1, 3)
        q, k, v = qkv.split(self.head_size, dim=-1)
        q = torch.cat((q[..., :self.rot] * cos + rotate_half(q[..., :self.rot]) * sin, q[..., self.rot:]), dim=-1)
        k = torch.cat((k[..., :self.rot] * cos + rotate_half(k[..., :self.rot]) * sin, k[..., self.rot:]), dim=-1)
        scores = torch.matmul(q, k.transpose(-1, -2)) * self.head_size ** -0.5
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        probs = torch.softmax(scores, dim=-1, dtype=torch.promote_types(scores.dtype, torch.float32)).to(v.dtype)
        out = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(b, t, h)
        return self.dense(out)


class MLP(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.dense_h_to_4h = nn.Linear(s.hidden_size, s.intermediate_size)
        self.dense_4h_to_h = nn.Linear(s.intermediate_size, s.hidden_size)

    def forward(self, x):
        return self.dense_4h_to_h(F.gelu(self.dense_h_to_4h(x)))  # approximate='none': the exact erf GELU


class Layer(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.parallel = s.use_parallel_residual
        self.input_layernorm = nn.LayerNorm(s.hidden_size, eps=s.layer_norm_eps)
        self.post_attention_layernorm = nn.LayerNorm(s.hidden_size, eps=s.layer_norm_eps)
        self.attention = Attention(s)
        self.mlp = MLP(s)

    def forward(self, x, cos, sin, mask):
        a = self.attention(self.input_layernorm(x), cos, sin, mask)
        if self.parallel:  # x + attn(ln1(x)) + mlp(ln2(x)), summed in transformers' order
            return self.mlp(self.post_attention_layernorm(x)) + a + x
        a = a + x  # x + attn(ln1(x)), then + mlp(ln2(.))
        return self.mlp(self.post_attention_layernorm(a)) + a


class NeoXModel(nn.Module):
    """transformers' GPTNeoXModel (eager attention, no dropout, no KV cache)."""

    def __init__(self, s):
        super().__init__()
        self.embed_in = nn.Embedding(s.vocab_size, s.hidden_size)
        self.layers = nn.ModuleList(Layer(s) for _ in range(s.num_hidden_layers))
        self.final_layer_norm = nn.LayerNorm(s.hidden_size, eps=s.layer_norm_eps)
        self.rotary = Rotary(s.rotary_ndims, s.rotary_emb_base)

    def forward(self, ids, position_ids=None, attention_mask=None, all_hidden=False):
        b, t = ids.shape
        x = self.embed_in(ids)
        cos, sin = self.rotary.tables(self.max_position(position_ids, t), x.dtype)
        if position_ids is None:
            cos, sin = cos[:t][None, None], sin[:t][None, None]
        else:
            cos, sin = cos[position_ids][:, None], sin[position_ids][:, None]
        mask = torch.ones(t, t, dtype=torch.bool).tril()[None, None]
        if attention_mask is not None:  # padded keys are never attended to
            mask = mask & attention_mask.bool()[:, None, None, :]
        hidden = [x]
        for layer in self.layers:
            x = layer(x, cos, sin, mask)
            hidden.append(x)
        out = self.final_layer_norm(x)
        if not all_hidden:
            return out
        # transformers' output_hidden_states: embeddings, each layer's output, the last one after the final norm
        return out, hidden[:-1] + [out], x

    @staticmethod
    def max_position(position_ids, t):
        return t if position_ids is None else int(position_ids.max()) + 1


class NeoXForCausalLM(nn.Module):
    """transformers' GPTNeoXForCausalLM: parameter names gpt_neox.* and embed_out.weight, as in its state dict."""

    def __init__(self, s):
        super().__init__()
        self.gpt_neox = NeoXModel(s)
        self.embed_out = nn.Linear(s.hidden_size, s.vocab_size, bias=False)

    def init_weights(self, std):
        """transformers' GPTNeoXPreTrainedModel._init_weights: N(0, std) weights, zero biases, unit norms."""
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, 0.0, std)
                if getattr(m, "bias", None) is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)


# ------------------------------------------------------------------------------------------------------ safetensors

_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "BF16": np.uint16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """name -> float64 array, and the header's __metadata__. The layout: an 8-byte little-endian header length, a
    JSON header (name -> dtype, shape, data_offsets relative to the end of the header), the raw little-endian bytes.
    Checks what the safetensors library checks on load: offsets contiguous from 0 to the end, sizes matching."""
    raw = Path(path).read_bytes()
    if len(raw) < 8:
        fail(f"{path}: {len(raw)} bytes, too short for a safetensors file")
    n = struct.unpack("<Q", raw[:8])[0]
    if 8 + n > len(raw):
        fail(f"{path}: header length {n} runs past the end of the file ({len(raw)} bytes)")
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", None)
    data = memoryview(raw)[8 + n:]
    out, end = {}, 0
    for name, t in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        lo, hi = t["data_offsets"]
        if t["dtype"] not in _DTYPES:
            fail(f"{path}: tensor {name} has dtype {t['dtype']}, not one this check reads")
        itemsize = np.dtype(_DTYPES[t["dtype"]]).itemsize
        if lo != end or hi - lo != math.prod(t["shape"]) * itemsize:
            fail(f"{path}: tensor {name} has offsets {lo}..{hi}, expected to start at {end} and hold "
                 f"{math.prod(t['shape'])} x {itemsize} bytes")
        end = hi
        a = np.frombuffer(data[lo:hi], dtype=np.dtype(_DTYPES[t["dtype"]]).newbyteorder("<")).reshape(t["shape"])
        if t["dtype"] == "BF16":  # the top half of a float32
            a = (a.astype(np.uint32) << 16).view(np.float32)
        out[name] = a.astype(np.float64)
    if end != len(data):
        fail(f"{path}: tensors end at byte {end} of {len(data)} after the header (trailing bytes)")
    return out, meta


def read_weights(folder):
    """model.safetensors, or the shards that model.safetensors.index.json's weight_map names."""
    if (folder / "model.safetensors").exists():
        return read_safetensors(folder / "model.safetensors")
    index = folder / "model.safetensors.index.json"
    if not index.exists():
        fail(f"{folder} has no model.safetensors and no model.safetensors.index.json")
    weights, meta = {}, None
    for shard in sorted(set(json.loads(index.read_text())["weight_map"].values())):
        part, meta = read_safetensors(folder / shard)
        weights.update(part)
    return weights, meta


def load_checkpoint(folder, dtype):
    folder = Path(folder)
    c, src = read_config(folder)
    s = NeoXShape(c, src)
    weights, meta = read_weights(folder)
    model = NeoXForCausalLM(s).to(dtype)
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    missing = sorted(set(expected) - set(weights))
    extra = sorted(set(weights) - set(expected))
    if missing or extra:
        fail(f"{folder}/model.safetensors: names differ from GPTNeoXForCausalLM's state dict: missing {missing[:5]}"
             f"{' ...' if len(missing) > 5 else ''}, unexpected {extra[:5]}{' ...' if len(extra) > 5 else ''}", 1)
    for k, shape in expected.items():
        if weights[k].shape != shape:
            fail(f"{folder}/model.safetensors: {k} has shape {list(weights[k].shape)}, GPTNeoXForCausalLM expects "
                 f"{list(shape)}", 1)
    model.load_state_dict({k: torch.from_numpy(v).to(dtype) for k, v in weights.items()}, strict=True)
    return model.eval(), s, c, meta


# ------------------------------------------------------------------------------------------------------------ bench

def bench(args):
    if args.config:
        c, source = read_config(args.config)
    else:
        c, source = registry_config(args.like, args.registry), f"{args.registry} ({args.like})"
    c = dict(c)
    if args.hidden:
        c["hidden_size"], c["intermediate_size"] = args.hidden, 4 * args.hidden
    for key, value in (("num_hidden_layers", args.layers), ("num_attention_heads", args.heads),
                       ("intermediate_size", args.intermediate)):
        if value:
            c[key] = value
    s = NeoXShape(c, source)
    if args.seq_len > s.max_position_embeddings:
        fail(f"--seq-len {args.seq_len} is above max_position_embeddings {s.max_position_embeddings}")
    torch.manual_seed(args.seed)
    model = NeoXForCausalLM(s)
    model.init_weights(s.initializer_range)
    model.train()
    params = sum(p.numel() for p in model.parameters())
    embed_in = s.vocab_size * s.hidden_size
    b, t = args.batch_size, args.seq_len
    flops = 6.0 * (params - embed_in) * b * t + 12.0 * s.num_hidden_layers * s.hidden_size * t * b * t
    # AdamW as the harness (and the Hugging Face Trainer): weight decay on matrices only, not biases and norms
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": rest, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), eps=1e-8,
                            foreach=args.foreach)
    gen = torch.Generator().manual_seed(args.seed + 1)
    a = torch.randn(MATMUL_M, MATMUL_K, generator=gen)
    bm = torch.randn(MATMUL_K, MATMUL_N, generator=gen)
    torch.matmul(a, bm)  # first-call allocation and library initialisation

    def matmul_seconds():
        t0 = time.perf_counter()
        torch.matmul(a, bm)
        return time.perf_counter() - t0

    head_grad, losses = [None], []

    def chunked_head(hidden, targets):
        """The harness's --head-chunk: logits, cross-entropy and their backward a chunk of rows at a time, into
        dL/d(hidden) (kept in head_grad) and embed_out's gradient; the layers' backward then runs once from it."""
        h = hidden.detach().view(-1, s.hidden_size).requires_grad_(True)
        flat, rows, total = targets.view(-1), b * t, 0.0
        for i in range(0, rows, args.head_chunk):
            part = F.cross_entropy(model.embed_out(h[i:i + args.head_chunk]), flat[i:i + args.head_chunk],
                                   reduction="sum") / rows
            part.backward()
            total += part.item()
        head_grad[0] = h.grad.view_as(hidden)
        return torch.tensor(total)

    def one_step(phases):
        t0 = time.perf_counter()
        ids = torch.randint(s.vocab_size, (b, t), generator=gen)
        targets = torch.randint(s.vocab_size, (b, t), generator=gen)
        t1 = time.perf_counter()
        hidden = model.gpt_neox(ids)
        t2 = time.perf_counter()
        if args.head_chunk:
            loss, head_done = chunked_head(hidden, targets), time.perf_counter()
            t3 = head_done
            hidden.backward(head_grad[0])
        else:  # the usual route: the whole [b * t, vocab] logits, one backward through head and layers
            marks = []
            hidden.register_hook(lambda g: marks.append(time.perf_counter()))
            logits = model.embed_out(hidden)
            loss = F.cross_entropy(logits.view(-1, s.vocab_size), targets.view(-1))
            t3 = time.perf_counter()
            loss.backward()
            head_done = marks[0]  # the head's backward ends where dL/d(hidden) is ready
        t4 = time.perf_counter()
        losses.append(loss.item())
        if not math.isfinite(losses[-1]):
            fail(f"non-finite loss {losses[-1]} at step {len(losses)}", 1)
        nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        opt.step()
        opt.zero_grad(set_to_none=True)
        t5 = time.perf_counter()
        if phases is not None:
            phases["data"] += t1 - t0
            phases["layers forward (incl. final norm)"] += t2 - t1
            phases["LM head + cross-entropy (fwd+bwd)"] += (t3 - t2) + (head_done - t3)
            phases["layers backward"] += t4 - head_done
            phases["clip + optimizer"] += t5 - t4
        return t5 - t0

    print(f"torch baseline: {source}: {s.describe()} ({params:,} parameters), batch {b} x {t} tokens, "
          f"{torch.get_num_threads()} threads, float32, eager attention, LM head "
          f"{'in chunks of ' + str(args.head_chunk) + ' rows' if args.head_chunk else 'whole'}, "
          f"AdamW{' (foreach)' if args.foreach else ''}")
    load_before = os.getloadavg()[0]
    for _ in range(args.warmup):
        one_step(None)
    phases = dict.fromkeys(["data", "layers forward (incl. final norm)", "LM head + cross-entropy (fwd+bwd)",
                            "layers backward", "clip + optimizer"], 0.0)
    step_s, matmul_s, rss, matmul_cpu = [], [], [], 0.0
    cpu0 = time.process_time()
    for i in range(args.steps):
        step_s.append(one_step(phases))
        c0 = time.process_time()
        matmul_s.append(matmul_seconds())
        matmul_cpu += time.process_time() - c0  # the reference product's CPU time is not the step's
        if i == 0 or (i + 1) % max(1, args.steps // 10) == 0 or i == args.steps - 1:
            rss.append((args.warmup + i + 1, resident_mib()))
        print(f"\r  step {i + 1}/{args.steps}: {step_s[-1]:.3f} s", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    cpu = (time.process_time() - cpu0 - matmul_cpu) / args.steps
    median = statistics.median(step_s)
    useful = flops / median / 1e9
    matmul = 2.0 * MATMUL_M * MATMUL_K * MATMUL_N / statistics.median(matmul_s) / 1e9
    print(f"  training : {b * t / median:,.0f} tokens/s, {median:.2f} s/step (median of {args.steps}), "
          f"{useful:.1f} useful GFLOP/s, {cpu:.2f} CPU s/step")
    print(f"  matmul   : {matmul:.1f} GFLOP/s (torch float32 [{MATMUL_M},{MATMUL_K}]x[{MATMUL_K},{MATMUL_N}], "
          f"one after every step, median)")
    print(f"  ratio    : {useful / matmul:.2f} of matmul")
    print(f"  loss     : {losses[0]:.6f} at step 1, {losses[-1]:.6f} at step {len(losses)} (ln vocab = "
          f"{math.log(s.vocab_size):.4f}; random targets)")
    total = sum(phases.values())
    print("  time per step (mean):")
    for k, v in phases.items():
        print(f"    {k:36s} {v / args.steps:6.3f} s  {100 * v / total:4.1f}%")
    print(f"  RSS MiB  : {' '.join(f'step{s_}={m}' for s_, m in rss)}; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024:.2f} GiB")
    print(f"  load avg : {load_before:.2f} before, {os.getloadavg()[0]:.2f} after ({os.cpu_count()} CPUs)")
    print(f"  torch    : {torch.__version__}, {blas_in_use()}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "shape": vars(s), "parameters": params, "batch": b, "seq": t, "steps": args.steps, "threads": _THREADS,
            "head_chunk": args.head_chunk,
            "useful_flops_per_step": flops, "seconds_per_step": median, "tokens_per_s": b * t / median,
            "useful_gflops": useful, "matmul_gflops": matmul, "ratio": useful / matmul, "cpu_s_per_step": cpu, "losses": losses,
            "phases_s": {k: v / args.steps for k, v in phases.items()}, "load_before": load_before,
            "load_after": os.getloadavg()[0], "torch": torch.__version__, "blas": blas_in_use()}, indent=1))


def resident_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return -1


def blas_in_use():
    """The BLAS library torch has loaded (from /proc/self/maps), and its build's BLAS_INFO."""
    libs = sorted({Path(line.split()[-1]).resolve().as_posix() for line in Path("/proc/self/maps").read_text().splitlines()
                   if re.search(r"(blas|mkl|blis|atlas)[^/]*\.so", line.split()[-1])})
    info = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    return f"BLAS_INFO={info.group(1) if info else '?'}, loaded: {', '.join(libs) or 'none'}"


# ------------------------------------------------------------------------------------------------------------ check

def forward(model, variant):
    ids = torch.tensor(variant["input_ids"], dtype=torch.long)
    mask = torch.tensor(variant["attention_mask"], dtype=torch.long)
    pos = torch.tensor(variant["position_ids"], dtype=torch.long) if "position_ids" in variant else None
    with torch.no_grad():
        out, hidden, pre_norm = model.gpt_neox(ids, position_ids=pos, attention_mask=mask, all_hidden=True)
        logits = model.embed_out(out)
    arrays = {f"hidden_{i}": h for i, h in enumerate(hidden)}
    arrays["last_layer_pre_norm"] = pre_norm
    arrays["logits"] = logits
    return {k: v.numpy() for k, v in arrays.items()}, mask.numpy().astype(bool)


def compare(ours64, ours32, theirs, mask, other):
    """Max abs differences over the positions with attention_mask 1, per array; returns the logits' figures."""
    print(f"  {'array':20s} {'max |value|':>11s} {'|f64 - ' + other + '|':>18s} {'|f32 - ' + other + '|':>18s} "
          f"{'|f32 - f64|':>11s}")
    result = {}
    for name in sorted(ours64, key=lambda k: (k == "logits", k == "last_layer_pre_norm", len(k), k)):
        if name not in theirs:
            print(f"  {name:20s} (not in the other set)")
            continue
        a64, a32, b = ours64[name][mask], ours32[name][mask].astype(np.float64), theirs[name].astype(np.float64)[mask]
        if a64.shape != b.shape:
            fail(f"{name}: shape {list(ours64[name].shape)} here, {list(theirs[name].shape)} there", 1)
        d64, d32, own = (float(np.abs(x - y).max()) for x, y in ((a64, b), (a32, b), (a32, a64)))
        scale = float(np.abs(b).max())
        print(f"  {name:20s} {scale:11.4g} {d64:18.3e} {d32:18.3e} {own:11.3e}")
        result[name] = (d64, d32, scale)
    return result


def random_inputs(vocab, seed, lengths=(16, 9, 5)):
    """Right-padded token rows in the fixtures' inputs.json layout (pad id 0, masked)."""
    rng = np.random.default_rng(seed)
    width = max(lengths)
    ids = [[int(x) for x in rng.integers(0, vocab, n)] + [0] * (width - n) for n in lengths]
    mask = [[1] * n + [0] * (width - n) for n in lengths]
    pos = [list(range(width)) for _ in lengths]
    return {"description": "random token ids, right padded (torch-pretrain-baseline.py --check-checkpoint)",
            "variants": {"right_padded": {"input_ids": ids, "attention_mask": mask, "position_ids": pos}}}


def run_harness_forward(checkpoint, inputs, work, jar):
    if not jar.exists():
        fail(f"{jar} does not exist: build it with 'mvn -o -q -B package -DskipTests', or name it with --harness-jar")
    java = Path(os.environ["JAVA_HOME"]) / "bin" / "java" if os.environ.get("JAVA_HOME") else "java"
    (work / "inputs.json").write_text(json.dumps(inputs))
    cmd = [str(java), "-jar", str(jar), "forward", "--checkpoint", str(checkpoint), "--inputs",
           str(work / "inputs.json"), "--out", str(work / "harness"), "--logits", "--device", "cpu"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        fail(f"{java} not found: set JAVA_HOME to a Java 25 JDK")
    if r.returncode != 0:
        fail(f"the harness's forward failed (exit {r.returncode}): {' '.join(cmd)}\n{r.stderr.strip()[-2000:]}", 1)
    return {p.stem: np.load(p) for p in (work / "harness").glob("*.npy")}


def config_fields(checkpoint_config, reference_path):
    """The checkpoint's config.json keys against a config.json written by transformers (the fixture's)."""
    ref = json.loads(Path(reference_path).read_text())
    missing = sorted(set(ref) - set(checkpoint_config))
    extra = sorted(set(checkpoint_config) - set(ref))
    print(f"config.json fields against {reference_path} (written by transformers {ref.get('transformers_version')}):")
    print(f"  missing here: {', '.join(missing) or 'none'}")
    print(f"  only here   : {', '.join(extra) or 'none'}")
    shape_keys = {"vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
                  "max_position_embeddings", "torch_dtype"}
    differ = [f"{k}: {checkpoint_config[k]!r} here, {ref[k]!r} there" for k in sorted(set(ref) & set(checkpoint_config))
              if k not in shape_keys and checkpoint_config[k] != ref[k]]
    print(f"  other values that differ: {'; '.join(differ) or 'none'}")


def check(args):
    folder = Path(args.check_checkpoint or args.check_fixture)
    model, s, c, meta = load_checkpoint(folder, torch.float64)
    print(f"checkpoint {folder}: {s.describe()}; safetensors metadata {meta}")
    if meta is None or meta.get("format") not in ("pt", "tf", "flax", "mlx"):
        print("  warning: the safetensors header has no __metadata__.format 'pt'; transformers' from_pretrained "
              "refuses such a file ('does not contain the valid metadata')")
    print(f"  weights: {len(model.state_dict())} tensors, names and shapes exactly GPTNeoXForCausalLM's "
          f"(strict load)")
    config_fields(c, args.reference_config)
    if args.check_fixture:
        inputs = json.loads((folder / "inputs.json").read_text())
        variants = inputs["variants"]
        other = "transformers"  # float32, the fixture's expected/
    else:
        inputs = random_inputs(s.vocab_size, args.seed)
        variants = inputs["variants"]
        other = "harness"  # its forward, float32
    model32 = NeoXForCausalLM(s)
    model32.load_state_dict({k: v.float() for k, v in model.state_dict().items()})
    model32.eval()
    worst = 0.0
    for name, variant in variants.items():
        ours64, mask = forward(model, variant)
        ours32, _ = forward(model32, variant)
        if args.check_fixture:
            theirs = {p.stem: np.load(p) for p in (folder / "expected" / name).glob("*.npy")}
        else:
            with tempfile.TemporaryDirectory() as tmp:
                theirs = run_harness_forward(folder, {"variants": {name: variant}}, Path(tmp), Path(args.harness_jar))
        ids = np.array(variant["input_ids"])
        print(f"variant {name}: {ids.shape[0]} rows, lengths {mask.sum(1).tolist()}, row 0 ids {ids[0][:8].tolist()} ...")
        d64, _, scale = compare(ours64, ours32, theirs, mask, other)["logits"]
        worst = max(worst, d64 / max(1.0, scale))
    ok = worst <= args.tolerance
    print(f"logits, float64 here vs {other}: max |diff| / max(1, max |logit|) = {worst:.2e} "
          f"{'<=' if ok else '>'} tolerance {args.tolerance:g}: {'AGREE' if ok else 'DIFFER'}")
    return 0 if ok else 1


# ------------------------------------------------------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    shape = p.add_argument_group("shape (bench)")
    shape.add_argument("--like", default="pythia-14m", help="registry gpt_neox alias (default: pythia-14m)")
    shape.add_argument("--registry", default=str(REPO / "checkpoints.yaml"), help="checkpoints.yaml to read --like from")
    shape.add_argument("--config", help="a config.json, or a checkpoint folder holding one (instead of --like)")
    shape.add_argument("--hidden", type=int, help="override hidden_size (intermediate 4 x hidden, as the harness)")
    shape.add_argument("--layers", type=int, help="override num_hidden_layers")
    shape.add_argument("--heads", type=int, help="override num_attention_heads")
    shape.add_argument("--intermediate", type=int, help="override intermediate_size")
    run = p.add_argument_group("training loop (bench; defaults as harness bench pretrain)")
    run.add_argument("--batch-size", type=int, default=16)
    run.add_argument("--seq-len", type=int, default=128)
    run.add_argument("--warmup", type=int, default=2, help="untimed steps first (default: 2)")
    run.add_argument("--steps", type=int, default=20, help="timed steps (default: 20)")
    run.add_argument("--lr", type=float, default=1e-4)
    run.add_argument("--weight-decay", type=float, default=0.1)
    run.add_argument("--clip", type=float, default=1.0, help="global gradient-norm clip (clip_grad_norm_)")
    run.add_argument("--head-chunk", type=int, default=0, metavar="N",
                     help="LM head rows per chunk, as the harness's --head-chunk (default: 0 = whole, the usual route)")
    run.add_argument("--foreach", action="store_true",
                     help="torch's multi-tensor AdamW (default: off, torch's own default on CPU)")
    run.add_argument("--threads", type=int, default=2, help="torch, OpenMP and BLAS threads (default: 2)")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--json", help="also write the result to this JSON file")
    chk = p.add_argument_group("checks")
    chk.add_argument("--check-checkpoint", metavar="DIR",
                     help="a harness checkpoint folder: float64 forward here vs the harness's forward on random ids")
    chk.add_argument("--check-fixture", metavar="DIR",
                     help="a reference fixture folder (inputs.json, expected/): this model vs transformers' outputs")
    chk.add_argument("--harness-jar", default=str(REPO / "target" / "harness.jar"))
    chk.add_argument("--reference-config", default=str(REPO / "src/test/resources/reference-models/gpt_neox_pythia/config.json"),
                     help="a config.json written by transformers to compare the checkpoint's fields with")
    chk.add_argument("--tolerance", type=float, default=1e-4,
                     help="largest accepted logits max |diff| / max(1, max |logit|) (default: 1e-4)")
    args = p.parse_args()
    if args.head_chunk < 0:
        fail(f"--head-chunk must be 0 (whole) or positive, got {args.head_chunk}")
    for name in ("batch_size", "seq_len", "steps", "threads"):
        if getattr(args, name) < 1:
            fail(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    torch.set_num_threads(args.threads)
    if args.check_checkpoint or args.check_fixture:
        return check(args)
    bench(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
