package dev.streamsync.bench.e2e;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one consumer (streamsync, the ffmpeg command line, JavaCV) measured over the measurement
 * window. Client processes print it as one line starting with {@value #PREFIX}; the orchestrator
 * parses it. A value of -1 means "not measurable for this consumer".
 *
 * @param streams             cameras consumed
 * @param seconds             measurement window (wall time)
 * @param cpuSeconds          process CPU time (user + system) within the window
 * @param frames              decoded frames delivered to the application within the window, all streams
 * @param packets             synchronized packets within the window (streamsync only)
 * @param latencyP50Micros    capture → delivery latency, median
 * @param latencyP99Micros    capture → delivery latency, 99th percentile
 * @param ownP50Micros        streamsync: capture → decoded-and-stamped latency of the slowest camera (median)
 * @param ownP99Micros        the same, 99th percentile
 * @param heapMb              heap used after a full GC at the end of the window
 * @param rssMb               resident set size at the end of the window
 */
public record ClientResult(int streams, double seconds, double cpuSeconds, long frames, long packets,
                           long latencyP50Micros, long latencyP99Micros, long ownP50Micros, long ownP99Micros,
                           double heapMb, double rssMb) {
    public static final String PREFIX = "RESULT ";

    /** CPU per stream in percent of one core. */
    public double cpuPercentPerStream() {
        return 100.0 * cpuSeconds / seconds / streams;
    }

    /** Delivered frames per second per stream. */
    public double framesPerSecondPerStream() {
        return frames / seconds / streams;
    }

    public String toLine() {
        return String.format(Locale.ROOT, PREFIX + "streams=%d seconds=%.3f cpu=%.3f frames=%d packets=%d p50=%d p99=%d"
                        + " own50=%d own99=%d heap=%.1f rss=%.1f", streams, seconds, cpuSeconds, frames, packets,
                latencyP50Micros, latencyP99Micros, ownP50Micros, ownP99Micros, heapMb, rssMb);
    }

    public static ClientResult parse(String line) {
        Map<String, String> m = new HashMap<>();
        for (String kv : line.substring(PREFIX.length()).trim().split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new ClientResult(Integer.parseInt(m.get("streams")), Double.parseDouble(m.get("seconds")),
                Double.parseDouble(m.get("cpu")), Long.parseLong(m.get("frames")), Long.parseLong(m.get("packets")),
                Long.parseLong(m.get("p50")), Long.parseLong(m.get("p99")), Long.parseLong(m.get("own50")),
                Long.parseLong(m.get("own99")), Double.parseDouble(m.get("heap")), Double.parseDouble(m.get("rss")));
    }
}
