package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.api.SyncPolicy;
import dev.streamsync.api.Transport;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synchronizer options shared by {@code sync} and {@code view}. */
final class SyncOptions {
    @Option(names = "--transport", paramLabel = "auto|tcp|udp", converter = Converters.TransportConverter.class,
            description = "How RTP is carried: auto (TCP, UDP when the camera refuses TCP), tcp or udp (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    Transport transport = Transport.AUTO;

    @Option(names = "--policy", paramLabel = "nearest|seed", converter = Converters.PolicyConverter.class,
            description = "How frames are grouped: nearest (default) or seed (the reference system's algorithm).",
            defaultValue = "nearest")
    SyncPolicy policy = SyncPolicy.NEAREST;

    @Option(names = "--buffer", paramLabel = "N",
            description = "Packets kept for the application, oldest dropped beyond it; -1 unbounded (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int buffer = 10;

    @Option(names = "--max-initial-offset-ms", paramLabel = "MS",
            description = "Fail when the cameras' initial clocks differ by more (default: no check).")
    Long maxInitialOffsetMs;

    @Option(names = "--max-latency-ms", paramLabel = "MS",
            description = {"Cap on how long a packet waits for a slow camera (default: ${DEFAULT-VALUE}, the library's default).",
                    "Each packet waits as long as the cameras' learnt latency says, up to this; a camera later than it is reported LATE."},
            defaultValue = "" + StreamSynchronizer.DEFAULT_MAX_LATENCY_MILLIS)
    long maxLatencyMs = StreamSynchronizer.DEFAULT_MAX_LATENCY_MILLIS;

    @Option(names = "--offset-ms", paramLabel = "i=MS", split = ",",
            description = "Per-camera timestamp offset, added to camera i's capture times (negative: the camera stamps late). Repeatable.")
    Map<Integer, Long> offsetsMs = new LinkedHashMap<>();

    /** Cameras for {@code urls} with the transport and per-camera offsets applied. */
    List<Camera> cameras(List<String> urls) {
        for (Integer i : offsetsMs.keySet()) {
            if (i < 0 || i >= urls.size()) {
                throw new CliException("--offset-ms " + i + "=...: there is no camera " + i + " (cameras are numbered 0.."
                        + (urls.size() - 1) + ")", CliException.EXIT_USAGE, null);
            }
        }
        java.util.ArrayList<Camera> list = new java.util.ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            Camera c = CameraUrls.parse(urls.get(i)).transport(transport);
            Long off = offsetsMs.get(i);
            if (off != null) {
                c = c.timestampOffset(Duration.ofMillis(off));
            }
            list.add(c);
        }
        return list;
    }

    /** Applies the options to {@code b}. */
    StreamSynchronizer.Builder apply(StreamSynchronizer.Builder b) {
        b.policy(policy).maxLatency(Duration.ofMillis(maxLatencyMs));
        try {
            b.framePacketBufferMaxSize(buffer);
        } catch (IllegalArgumentException e) {
            throw new CliException("--buffer must be at least 1, or -1 for unbounded; was " + buffer, CliException.EXIT_USAGE, e);
        }
        if (maxInitialOffsetMs != null) {
            b.maxInitialStreamOffset(Duration.ofMillis(maxInitialOffsetMs));
        }
        return b;
    }
}
