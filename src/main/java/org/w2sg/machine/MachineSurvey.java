package org.w2sg.machine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.errors.UserException;

/** Collects a {@link MachineReport}: loads libtorch (a failure is reported, not thrown) and checks each device. */
public final class MachineSurvey {
    static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
            "OMP_PROC_BIND", "OMP_PLACES", "MKL_NUM_THREADS", "KMP_AFFINITY", "CUDA_VISIBLE_DEVICES",
            "CUDA_DEVICE_ORDER", "PYTORCH_CUDA_ALLOC_CONF");

    private MachineSurvey() {}

    /** The hub settings come from the caller (the hub package owns their rules). */
    public static MachineReport collect(Path hubCache, boolean hubOffline, String hubEndpoint, boolean hubTokenSet) {
        NativeThreads.configure();
        Runtime rt = Runtime.getRuntime();
        MachineReport.JavaRuntime java = new MachineReport.JavaRuntime(Runtime.version().toString(),
                System.getProperty("java.vendor"), System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("java.home"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), rt.availableProcessors(), rt.maxMemory());

        Engine engine = null;
        String error = null;
        try {
            engine = Libtorch.engine();
        } catch (UserException e) {
            error = e.getMessage();
        }
        LibtorchLocation where = Libtorch.loaded();
        int torchGpus = engine == null ? 0 : engine.getGpuCount();
        MachineReport.Torch torch = new MachineReport.Torch(Engine.getDjlVersion(), Libtorch.requiredVersion(),
                engine != null, where == null ? null : where.source().label,
                engine == null ? null : LibUtils.getLibtorchPath(), where == null ? null : where.version(),
                where == null ? null : where.versionEvidence(), where == null ? null : where.flavour(), torchGpus,
                Utils.isOfflineMode(), error);

        CudaDevices cuda = CudaDevices.probe();

        Map<String, String> env = new LinkedHashMap<>();
        for (String v : THREAD_VARIABLES) if (System.getenv(v) != null) env.put(v, System.getenv(v));
        String wait = System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null
                ? "as set in the environment" : "PASSIVE (set by the harness: OMP_WAIT_POLICY unset)";
        MachineReport.Threads threads = new MachineReport.Threads(env, engine == null ? -1 : JniUtils.getNumThreads(),
                engine == null ? -1 : JniUtils.getNumInteropThreads(), wait);

        String shared = System.getenv("W2SG_SHARED");
        MachineReport.Caches caches = new MachineReport.Caches(hubCache.toString(), freeBytes(hubCache), hubOffline, hubEndpoint,
                hubTokenSet, shared, shared != null && Files.isDirectory(Path.of(shared)), Utils.getEngineCacheDir("pytorch").toString());

        return new MachineReport(java, BuildInfo.current(), torch, cuda, threads, caches,
                verdicts(engine, where, torchGpus, cuda));
    }

    static List<MachineReport.Verdict> verdicts(Engine engine, LibtorchLocation where, int torchGpus,
                                                CudaDevices cuda) {
        List<MachineReport.Verdict> out = new ArrayList<>();
        if (engine == null) {
            // the reason is the report's libtorch error: not repeated here
            out.add(new MachineReport.Verdict("cpu", false, "cpu: not usable: libtorch did not load (see libtorch above)"));
        } else {
            DeviceCheck.Result r = DeviceCheck.run(engine, Device.cpu(), DataType.FLOAT32);
            out.add(new MachineReport.Verdict("cpu", r.passed(), r.passed()
                    ? "cpu: usable for float32 (64x64 matmul checked, relative error " + r.describe()
                    + "); float16 is refused on the CPU (about 100x slower than float32)"
                    : "cpu: not usable: " + r.describe()));
        }
        for (int i = 0; i < torchGpus; i++) {
            String dev = "cuda:" + i;
            String label = dev + label(cuda, i);
            DeviceCheck.Result f32 = DeviceCheck.run(engine, Device.gpu(i), DataType.FLOAT32);
            DeviceCheck.Result f16 = DeviceCheck.run(engine, Device.gpu(i), DataType.FLOAT16);
            String line;
            if (f32.passed() && f16.passed()) {
                line = label + ": usable for float16 and float32 (64x64 matmuls checked, relative error "
                        + f16.describe() + " and " + f32.describe() + ")";
            } else if (f32.passed()) {
                line = label + ": usable for float32 only: float16 failed (" + f16.describe() + ")";
            } else if (f16.passed()) {
                line = label + ": usable for float16 only: float32 failed (" + f32.describe() + ")";
            } else {
                line = label + ": not usable: float32 failed (" + f32.describe() + ")";
            }
            out.add(new MachineReport.Verdict(dev, f32.passed() || f16.passed(), line));
        }
        // GPUs the driver or the CUDA runtime lists that libtorch cannot reach
        int listed = Math.max(cuda.devices().size(), cuda.smi().size());
        for (int i = torchGpus; i < listed; i++) {
            String why = engine == null ? "libtorch did not load"
                    : where != null && !where.cuda() ? "the loaded libtorch is a CPU build (" + where.describe()
                    + "); see README 'CUDA' for PYTORCH_LIBRARY_PATH"
                    : "libtorch (a CUDA build) counts only " + torchGpus + " device(s): check the driver and "
                    + "CUDA_VISIBLE_DEVICES";
            out.add(new MachineReport.Verdict("cuda:" + i, false, "cuda:" + i + label(cuda, i) + ": not usable: " + why));
        }
        if (engine != null && torchGpus == 0 && listed == 0) {
            out.add(new MachineReport.Verdict("cuda", false, "cuda: none visible (no nvidia-smi GPU, no CUDA runtime device"
                    + (where != null && !where.cuda() ? ", and the loaded libtorch is a CPU build" : "") + ")"));
        }
        return out;
    }

    private static String label(CudaDevices cuda, int i) {
        List<String> parts = new ArrayList<>();
        CudaDevices.Gpu g = i < cuda.devices().size() ? cuda.devices().get(i) : null;
        if (g != null && g.name() != null) parts.add(g.name());
        else if (g == null && i < cuda.smi().size()) parts.add(cuda.smi().get(i).split(", ")[0]);
        if (g != null) {
            parts.add("compute capability " + g.computeCapability());
            parts.add(String.format("%.1f GiB", g.totalBytes() / (double) (1L << 30)));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** Free bytes where {@code dir} is, or would be created: its nearest existing ancestor's file store. */
    static long freeBytes(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return -1;
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
