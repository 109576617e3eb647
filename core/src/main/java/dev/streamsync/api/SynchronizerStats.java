package dev.streamsync.api;

import java.util.List;

/**
 * A snapshot of a {@link StreamSynchronizer}'s counters. Immutable. Latencies and spreads are in
 * microseconds, taken from HdrHistograms (3 significant digits) over the synchronizer's lifetime.
 *
 * @param cameras             one entry per camera, in builder order
 * @param packets             packets emitted by the compensator
 * @param packetsDropped      packets dropped from the full packet queue (oldest first)
 * @param packetsQueued       packets waiting for the application
 * @param spreadP50Micros     median packet spread (latest minus earliest capture time in a packet)
 * @param spreadP99Micros     99th percentile of the packet spread
 * @param latencyP50Micros    median capture-to-packet latency (local clock at emission minus capture time)
 * @param latencyP99Micros    99th percentile of that latency
 * @param compensatorErrors   exceptions the compensator thread survived (should be 0)
 */
public record SynchronizerStats(List<CameraStats> cameras, long packets, long packetsDropped, int packetsQueued,
                                long spreadP50Micros, long spreadP99Micros, long latencyP50Micros,
                                long latencyP99Micros, long compensatorErrors) {
    public SynchronizerStats {
        cameras = List.copyOf(cameras);
    }
}
