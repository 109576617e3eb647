package dev.streamsync.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and heap allocation of this process's threads over a window, grouped by role: reads
 * {@code /proc/self/task/TID/stat} and {@code comm} (so JIT compiler and GC threads, which Java does
 * not list, are included) and {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes}.
 *
 * <p>Threading: one instance per window, used by one thread.
 */
final class ThreadProfile {
    private final Map<String, Long> cpuAtStart;
    private final Map<String, Long> allocAtStart;

    ThreadProfile() {
        cpuAtStart = cpuByTask();
        allocAtStart = allocByThread();
    }

    /** One line: {@code THREADS group=cpu%core/allocKB/s ...} over {@code seconds} since construction. */
    String report(double seconds) {
        Map<String, double[]> groups = new TreeMap<>();
        cpuByTask().forEach((task, micros) -> {
            long d = micros - cpuAtStart.getOrDefault(task, 0L);
            groups.computeIfAbsent(group(task.substring(task.indexOf(' ') + 1)), g -> new double[2])[0] += d;
        });
        allocByThread().forEach((thread, bytes) -> {
            long d = bytes - allocAtStart.getOrDefault(thread, 0L);
            groups.computeIfAbsent(group(thread.substring(thread.indexOf(' ') + 1)), g -> new double[2])[1] += d;
        });
        StringBuilder sb = new StringBuilder("THREADS");
        groups.forEach((g, v) -> {
            if (v[0] > 0 || v[1] > 0) {
                sb.append(String.format(Locale.ROOT, " %s=%.2f%%/%.0fKB/s", g, 100 * v[0] / 1e6 / seconds, v[1] / 1024 / seconds));
            }
        });
        return sb.toString();
    }

    private static String group(String name) {
        if (name.startsWith("streamsync-deco")) return "decoder";
        if (name.startsWith("streamsync-io")) return "netty-io";
        if (name.startsWith("streamsync-comp")) return "compensator";
        if (name.startsWith("streamsync-conn")) return "connector";
        if (name.equals("main") || name.equals("java")) return "app";
        if (name.startsWith("C1 ") || name.startsWith("C2 ")) return "jit";
        if (name.startsWith("GC ") || name.startsWith("G1 ")) return "gc";
        return "other";
    }

    /** "tid comm" → user + system CPU µs. */
    private static Map<String, Long> cpuByTask() {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.put(t.getFileName() + " " + comm, ticks * 1_000_000L / ProcStat.TICKS_PER_SECOND);
                } catch (IOException e) {
                    // thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: empty profile
        }
        return out;
    }

    /** "id name" → bytes allocated on the heap by that Java thread. */
    private static Map<String, Long> allocByThread() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long bytes = mx.getThreadAllocatedBytes(t.getId());
            if (bytes >= 0) {
                out.put(t.getId() + " " + t.getName(), bytes);
            }
        }
        return out;
    }
}
