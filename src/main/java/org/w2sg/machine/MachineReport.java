package org.w2sg.machine;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code harness env} reports: what a bug report about speed, memory or a failing device needs. Records all
 * the way down, so {@code --json} is Jackson's rendering of this value.
 */
public record MachineReport(JavaRuntime java, BuildInfo harness, Torch libtorch, CudaDevices cuda, Threads threads,
                            Caches caches, List<Verdict> verdicts) {

    public record JavaRuntime(String version, String vendor, String vm, String home, String os, String arch,
                              int processors, long maxHeapBytes) {}

    /**
     * @param loaded          whether libtorch loaded; when not, {@code error} says why
     * @param source          where it came from (PYTORCH_LIBRARY_PATH, bundled, DJL's cache, download), or null
     * @param path            the folder DJL loaded it from ({@code LibUtils.getLibtorchPath})
     * @param version         the version the folder states (null: it states none), {@code versionEvidence} where
     * @param flavour         the JNI glue paired with it: cpu or cu128
     * @param gpus            CUDA devices libtorch itself counts (0 on a CPU build)
     */
    public record Torch(String djlVersion, String requiredVersion, boolean loaded, String source, String path,
                        String version, String versionEvidence, String flavour, int gpus, boolean downloadsOff,
                        String error) {}

    /**
     * @param environment   OMP_NUM_THREADS, OMP_WAIT_POLICY, ... as set (unset ones absent)
     * @param intraOp       libtorch's intra-op threads (torch.get_num_threads), -1 when libtorch is not loaded
     * @param interOp       libtorch's inter-op threads (torch.get_num_interop_threads)
     */
    public record Threads(Map<String, String> environment, int intraOp, int interOp, String waitPolicy) {}

    /**
     * @param hubCache          where models are cached (huggingface_hub's layout), {@code hubCacheFreeBytes} free there
     *                          (of the nearest existing folder above it; -1 when unknown)
     * @param hubOffline        HF_HUB_OFFLINE
     * @param hubTokenSet       whether HF_TOKEN is set (never its value)
     * @param shared            W2SG_SHARED (the project's shared folder: tokenizers, datasets), null when unset
     * @param djlCache          DJL's cache (libtorch extracted or downloaded there)
     */
    public record Caches(String hubCache, long hubCacheFreeBytes, boolean hubOffline, String hubEndpoint,
                         boolean hubTokenSet, String shared, boolean sharedExists, String djlCache) {}

    /** "cuda:0 usable for float16 and float32": one per device, {@code usable} false with the reason in the line. */
    public record Verdict(String device, boolean usable, String line) {}
}
