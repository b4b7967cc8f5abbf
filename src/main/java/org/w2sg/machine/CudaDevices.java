package org.w2sg.machine;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the CUDA runtime (DJL's {@link CudaUtils}, through the machine's libcudart) and the NVIDIA driver
 * ({@code nvidia-smi}, {@code /proc/driver/nvidia/version}) say about GPUs, independently of libtorch: on a machine
 * whose libtorch is a CPU build this still shows the GPUs it cannot use.
 *
 * @param driver          the driver's version, or null without one
 * @param runtime         the CUDA runtime's version ("12.8") as libcudart reports it, or null when none loads
 * @param visibleDevices  {@code CUDA_VISIBLE_DEVICES}, or null
 * @param devices         one per device the runtime counts
 * @param smi             {@code nvidia-smi}'s GPU list (name, memory, compute capability), empty without it
 */
public record CudaDevices(String driver, String runtime, String visibleDevices, List<Gpu> devices, List<String> smi) {
    /** One device as the CUDA runtime numbers it; name from nvidia-smi when the numbering is known to agree. */
    public record Gpu(int index, String name, String computeCapability, long totalBytes, long usedBytes) {}

    public static CudaDevices probe() {
        List<String> smi = nvidiaSmi();
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        String runtime = null;
        List<Gpu> gpus = new ArrayList<>();
        try {
            int n = CudaUtils.getGpuCount();
            if (n > 0) runtime = CudaUtils.getCudaVersionString();
            for (int i = 0; i < n; i++) {
                String cc = CudaUtils.getComputeCapability(i);
                MemoryUsage mem = CudaUtils.getGpuMemory(Device.gpu(i));
                // nvidia-smi numbers by PCI bus, CUDA may not: pair names only when nothing can reorder them
                String name = visible == null && smi.size() == n ? smi.get(i).split(", ")[0] : null;
                gpus.add(new Gpu(i, name, cc.length() >= 2 ? cc.substring(0, cc.length() - 1) + "." + cc.substring(cc.length() - 1) : cc,
                        mem.getMax(), mem.getUsed()));
            }
        } catch (RuntimeException | LinkageError e) {
            // no usable libcudart: the driver's list (smi) and libtorch's own count still say what is there
        }
        return new CudaDevices(driverVersion(smi), runtime, visible, List.copyOf(gpus), smi);
    }

    private static String driverVersion(List<String> smi) {
        Path proc = Path.of("/proc/driver/nvidia/version");
        try {
            if (Files.isReadable(proc)) {
                String first = Files.readAllLines(proc).getFirst();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Kernel Module\\s+(?:for \\S+\\s+)?(\\d+[.\\d]*)").matcher(first);
                return m.find() ? m.group(1) : first.trim();
            }
        } catch (IOException | RuntimeException e) {
            // fall through to nvidia-smi
        }
        for (String row : smi) {
            String[] f = row.split(", ");
            if (f.length >= 4) return f[3];
        }
        return null;
    }

    /** "NVIDIA H100 80GB HBM3, 81559 MiB, 9.0, 570.86.15" per GPU; empty without nvidia-smi (or after 10 s). */
    static List<String> nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,memory.total,compute_cap,driver_version",
                    "--format=csv,noheader").redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) return List.of();
            return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return List.of(); // no nvidia-smi: no NVIDIA driver installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
