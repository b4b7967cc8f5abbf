package org.w2sg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import org.w2sg.hub.HubSettings;
import org.w2sg.machine.CudaDevices;
import org.w2sg.machine.MachineReport;
import org.w2sg.machine.MachineSurvey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"Prints the machine as the harness sees it: Java, the harness build, DJL and libtorch (version, "
                + "flavour, folder), CUDA devices and driver, thread settings, caches and offline settings, and one "
                + "verdict per device, each checked with a small matmul.",
                "Paste its output (--json) into bug reports. Exit 0 even when libtorch does not load: that is reported."})
public final class EnvCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        HubSettings hub = HubSettings.fromEnvironment();
        MachineReport report = MachineSurvey.collect(hub.cacheDir(), hub.offline(), hub.endpoint().toString(),
                hub.token() != null);
        PrintStream out = System.out;
        if (json) {
            out.println(new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(report));
        } else {
            print(report, out);
        }
        return 0;
    }

    static void print(MachineReport r, PrintStream out) {
        MachineReport.JavaRuntime j = r.java();
        out.println("harness      : w2sg-harness " + r.harness().describe() + ", built " + r.harness().builtAt());
        out.printf("java         : %s (%s), %s, %s%n", j.version(), j.vendor(), j.vm(), j.home());
        out.printf("os           : %s %s, %d processors, max heap %s%n", j.os(), j.arch(), j.processors(), gib(j.maxHeapBytes()));
        MachineReport.Torch t = r.libtorch();
        out.printf("djl          : %s (its JNI glue needs libtorch %s; downloads %s)%n", t.djlVersion(), t.requiredVersion(),
                t.downloadsOff() ? "off" : "allowed");
        if (t.loaded()) {
            out.printf("libtorch     : %s, flavour %s, from %s: %s%n",
                    t.version() == null ? "version not stated by the folder" : t.version() + " (" + t.versionEvidence() + ")",
                    t.flavour(), t.source(), t.path());
            out.printf("libtorch gpus: %d%n", t.gpus());
        } else {
            out.println("libtorch     : not loaded: " + t.error());
        }
        CudaDevices c = r.cuda();
        out.printf("cuda driver  : %s; runtime %s%s%n", c.driver() == null ? "none (no NVIDIA driver found)" : c.driver(),
                c.runtime() == null ? "none loaded" : c.runtime(),
                c.visibleDevices() == null ? "" : "; CUDA_VISIBLE_DEVICES=" + c.visibleDevices());
        for (CudaDevices.Gpu g : c.devices()) {
            out.printf("cuda:%d       : %s, compute capability %s, %s total, %s in use%n", g.index(),
                    g.name() == null ? "(name: see nvidia-smi below)" : g.name(), g.computeCapability(),
                    gib(g.totalBytes()), gib(g.usedBytes()));
        }
        for (String s : c.smi()) out.println("nvidia-smi   : " + s);
        MachineReport.Threads th = r.threads();
        out.printf("threads      : libtorch intra-op %s, inter-op %s; OpenMP wait policy %s%n", threadCount(th.intraOp()),
                threadCount(th.interOp()), th.waitPolicy());
        for (Map.Entry<String, String> e : th.environment().entrySet()) {
            out.printf("  %-22s %s%n", e.getKey(), e.getValue());
        }
        MachineReport.Caches k = r.caches();
        out.printf("hf cache     : %s (%s free)%n", k.hubCache(), k.hubCacheFreeBytes() < 0 ? "unknown" : gib(k.hubCacheFreeBytes()));
        out.printf("hf settings  : HF_HUB_OFFLINE %s, endpoint %s, HF_TOKEN %s%n", k.hubOffline() ? "on" : "off",
                k.hubEndpoint(), k.hubTokenSet() ? "set" : "not set");
        out.printf("W2SG_SHARED  : %s%n", k.shared() == null ? "not set (default ../shared)"
                : k.shared() + (k.sharedExists() ? "" : " (no such folder)"));
        out.printf("djl cache    : %s%n", k.djlCache());
        out.println("verdict:");
        for (MachineReport.Verdict v : r.verdicts()) out.println("  " + v.line());
    }

    private static String threadCount(int n) {
        return n < 0 ? "unknown (libtorch not loaded)" : Integer.toString(n);
    }

    private static String gib(long bytes) {
        return String.format("%.1f GiB", bytes / (double) (1L << 30));
    }
}
