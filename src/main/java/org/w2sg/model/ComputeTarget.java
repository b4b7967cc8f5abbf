package org.w2sg.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w2sg.errors.UserException;
import org.w2sg.machine.Libtorch;

/** The device and element type a model computes in, resolved from the user's --device / --dtype. */
public record ComputeTarget(Device device, DataType dtype) {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeTarget.class);

    /** Why libtorch sees no GPU and how to get one that does (README section 'CUDA'). */
    static String cudaRoute() {
        org.w2sg.machine.LibtorchLocation where = Libtorch.loaded();
        String what = where == null || !where.cuda() ? "a CPU-only build of libtorch"
                : "a CUDA build, but the CUDA runtime finds no device (check nvidia-smi and CUDA_VISIBLE_DEVICES)";
        return what + ". To use a GPU, point PYTORCH_LIBRARY_PATH at the lib folder of a CUDA build of libtorch 2.7.1"
                + " (e.g. site-packages/torch/lib of pip's torch==2.7.1 CUDA 12.8 wheel), or build without the CPU native"
                + " jar (mvn -Pcuda package) and run once online so DJL fetches its CUDA build; 'harness env' shows what"
                + " was found; see README section 'CUDA'";
    }

    private static final java.util.concurrent.atomic.AtomicBoolean SAID_CPU_FALLBACK =
            new java.util.concurrent.atomic.AtomicBoolean();

    public static ComputeTarget resolve(String device, String dtype) {
        String dev = device == null ? "auto" : device.trim().toLowerCase(java.util.Locale.ROOT);
        DataType type = switch (dtype == null ? "float32" : dtype.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "fp32", "f32" -> DataType.FLOAT32;
            case "float16", "fp16", "f16", "half" -> DataType.FLOAT16;
            default -> throw new UserException("--dtype '" + dtype + "' is not supported: use float32 or float16");
        };
        Device resolved = switch (dev) {
            case "cpu" -> Device.cpu();
            case "auto" -> {
                if (gpuCount() > 0) yield Device.gpu();
                // said once per process: a sweep resolves the device for every revision
                if (!SAID_CPU_FALLBACK.getAndSet(true)) {
                    LOG.info("--device auto: no CUDA GPU visible to libtorch ({}); running on CPU", engineDescription());
                }
                yield Device.cpu();
            }
            default -> {
                if (!dev.equals("cuda") && !dev.equals("gpu") && !dev.matches("(cuda|gpu):\\d+")) {
                    throw new UserException("--device '" + device + "' is not one of auto, cpu, cuda, cuda:N");
                }
                int index = dev.contains(":") ? Integer.parseInt(dev.substring(dev.indexOf(':') + 1)) : 0;
                int gpus = gpuCount();
                if (gpus == 0) {
                    throw new UserException("--device " + device + ": no CUDA GPU is visible to libtorch ("
                            + engineDescription() + "): it is " + cudaRoute() + ". Use --device cpu or --device auto meanwhile.");
                }
                if (index >= gpus) {
                    throw new UserException("--device " + device + ": only " + gpus + " GPU(s) visible (0.."
                            + (gpus - 1) + ")");
                }
                yield Device.gpu(index);
            }
        };
        if (type == DataType.FLOAT16 && !resolved.isGpu()) {
            throw new UserException("--dtype float16 needs a CUDA device: on CPU libtorch's float16 matmul is"
                    + " about 100x slower than float32. Use --dtype float32 (float16/bfloat16 checkpoints are widened to"
                    + " float32 on load).");
        }
        return new ComputeTarget(resolved, type);
    }

    /** Bytes per element of a --dtype value (float16: 2, else 4). */
    static int elementBytes(String dtype) {
        String t = dtype == null ? "float32" : dtype.trim().toLowerCase(java.util.Locale.ROOT);
        return t.equals("float16") || t.equals("fp16") || t.equals("f16") || t.equals("half") ? 2 : 4;
    }

    static int gpuCount() {
        return Libtorch.engine().getGpuCount();
    }

    private static String engineDescription() {
        org.w2sg.machine.LibtorchLocation where = Libtorch.loaded();
        return where == null ? "PyTorch " + Libtorch.engine().getVersion() : where.describe();
    }
}
