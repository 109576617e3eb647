package dev.streamsync.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads CPU time and resident memory of a process from Linux's {@code /proc}: {@code /proc/PID/stat}
 * fields 14 and 15 (utime, stime, in clock ticks of {@link #TICKS_PER_SECOND}) and
 * {@code /proc/PID/status} VmRSS (kB). See proc(5).
 *
 * <p>Threading: stateless, thread-safe. Every method returns -1 when the process is gone.
 */
public final class ProcStat {
    /** USER_HZ: 100 on every Linux/x86-64 kernel (proc(5); {@code getconf CLK_TCK}). */
    public static final long TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** User + system CPU time of process {@code pid} (all its threads), in microseconds; -1 if gone. */
    public static long cpuMicros(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return -1;
        }
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
        return ticks * 1_000_000L / TICKS_PER_SECOND;
    }

    /** Resident set size of process {@code pid} in kB; -1 if gone. */
    public static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Number of threads of process {@code pid}; -1 if gone. */
    public static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    /** This process's id. */
    public static long self() {
        return ProcessHandle.current().pid();
    }

    private static long statusField(long pid, String name) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }
}
