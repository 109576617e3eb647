package dev.streamsync.cli;

import dev.streamsync.api.CameraStats;
import dev.streamsync.api.SynchronizerStats;

import java.io.PrintWriter;
import java.util.function.IntFunction;

/**
 * The summary printed when {@code demo} or {@code sync} ends:
 *
 * <pre>
 * summary: 243 packets in 10.0 s, 0 dropped from the queue
 *   spread   p50 0.041 ms  p99 0.082 ms
 *   latency  p50 452.100 ms  p99 470.300 ms
 *   camera  name                   state            fps  frames  in packets  drops  late  FRAME_OKAY  clock
 *        0  cam0                   STREAMING       25.0     250         243      0     0      100.0%  RTCP_SR
 * </pre>
 * Spread and latency come from the synchronizer's histograms (all packets); FRAME_OKAY is the share of
 * the packets since the first complete one (see {@link PacketLoop}) in which the camera had a frame.
 */
final class Summary {
    private Summary() {
    }

    /**
     * Prints the summary; {@code extraHeader}/{@code extraColumn} add one column per camera (null for none).
     */
    static void print(PrintWriter out, SynchronizerStats s, PacketLoop loop, double seconds, String extraHeader,
                      IntFunction<String> extraColumn) {
        out.printf(java.util.Locale.ROOT, "summary: %d packets in %.1f s, %d dropped from the queue%s%n", loop.packets(), seconds,
                s.packetsDropped(), loop.warmUpPackets() == 0 ? ""
                        : loop.packets() == 0 ? " (" + loop.warmUpPackets() + " packets, none with a frame from every camera)"
                        : " (and " + loop.warmUpPackets() + " before the first packet with a frame from every camera)");
        out.printf(java.util.Locale.ROOT, "  spread   p50 %s ms  p99 %s ms%n", Times.millis(s.spreadP50Micros()), Times.millis(s.spreadP99Micros()));
        out.printf(java.util.Locale.ROOT, "  latency  p50 %s ms  p99 %s ms%n", Times.millis(s.latencyP50Micros()), Times.millis(s.latencyP99Micros()));
        out.println(String.format(java.util.Locale.ROOT, "  camera  %-22s %-13s %6s %7s %11s %6s %5s %11s  %-17s%s", "name", "state", "fps", "frames",
                "in packets", "drops", "late", "FRAME_OKAY", "clock", extraHeader == null ? "" : "  " + extraHeader).stripTrailing());
        for (CameraStats c : s.cameras()) {
            double okay = loop.packets() == 0 ? 0 : 100.0 * loop.okay(c.cameraIndex()) / loop.packets();
            out.println(String.format(java.util.Locale.ROOT, "  %6d  %-22s %-13s %6.1f %7d %11d %6d %5d %10.1f%%  %-17s%s",
                    c.cameraIndex(), clip(c.name(), 22),
                    c.state(), c.fps(), c.frames(), c.framesInPackets(), c.drops(), c.lateFrames(), okay,
                    c.clockSource().map(Enum::name).orElse("-"),
                    extraColumn == null ? "" : "  " + extraColumn.apply(c.cameraIndex())).stripTrailing());
            c.failure().ifPresent(f -> out.println("          " + (c.state() == CameraStats.State.ENDED ? "ended" : "broken")
                    + " (" + f.kind() + "): " + ErrorMessages.redact(f.message())));
            if (c.state() == CameraStats.State.LATE) {
                out.println("          late: frames arrive " + c.arrivalLatency().toMillis() + " ms after capture, more than --max-latency-ms allows"
                        + " (try --max-latency-ms " + suggestedMaxLatencyMillis(c.arrivalLatency().toMillis()) + ", or --offset-ms if its clock is behind)");
            } else if (c.state() == CameraStats.State.CLOCK_STEPPED) {
                out.println("          clock stepped: its timestamps moved away from the other cameras'; kept out until they agree again");
            }
        }
        if (s.compensatorErrors() > 0) {
            out.println("  compensator errors: " + s.compensatorErrors());
        }
        out.flush();
    }

    /** A cap above a measured latency: 25 % more, rounded up to 100 ms. */
    static long suggestedMaxLatencyMillis(long latencyMillis) {
        long v = latencyMillis + Math.max(100, latencyMillis / 4);
        return (v + 99) / 100 * 100;
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
