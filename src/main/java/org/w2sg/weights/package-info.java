/**
 * Weight readers: named tensors out of Hugging Face checkpoint files, widened to float32, knowing nothing about
 * models.
 *
 * <ul>
 *   <li><b>safetensors</b> ({@link org.w2sg.weights.SafetensorsStore}): an 8-byte little-endian header length, a JSON
 *       header mapping each name to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the
 *       header), then raw little-endian data. The file is memory-mapped whole (a shared {@link java.lang.foreign.Arena},
 *       so files over 2 GiB work) and every offset is checked against the file size at open.</li>
 *   <li><b>torch .bin</b> ({@link org.w2sg.weights.TorchBinStore}): what {@code torch.save} writes since torch 1.6, a
 *       zip whose one root folder ({@code archive/}, or the file stem as transformers' fixtures have it) holds
 *       {@code data.pkl} (the pickled state dict) and {@code data/<key>} (one raw storage per key, stored
 *       uncompressed and aligned, so they are mapped rather than read). The pickle is interpreted by a restricted
 *       unpickler that accepts only {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 *       {@code torch._utils._rebuild_parameter} and the {@code torch.*Storage} classes, and executes nothing.
 *       Tensors are strided views of storages; non-contiguous views are gathered into C order.</li>
 *   <li><b>sharded</b> ({@link org.w2sg.weights.ShardedStore}): {@code model.safetensors.index.json} or
 *       {@code pytorch_model.bin.index.json}, whose {@code weight_map} names each tensor's shard file.</li>
 * </ul>
 *
 * <p>{@link org.w2sg.weights.Weights#open} picks the file set from a checkpoint folder (safetensors first unless told
 * otherwise). F32, F16 and BF16 tensors are handed out as native-order float32 (bf16 must be widened in Java: DJL
 * 0.36 aborts on BFLOAT16 arrays); other types are reported, not converted. Buffers that old transformers versions
 * saved beside the weights ({@code attention.bias}, {@code attention.masked_bias}, {@code rotary_emb.inv_freq}) are
 * hidden. {@link org.w2sg.weights.SafetensorsWriter} writes F32/F16/BF16 safetensors files, streaming tensor by
 * tensor. Every unreadable input is a {@link org.w2sg.weights.WeightsException} naming the file and tensor.
 */
package org.w2sg.weights;
