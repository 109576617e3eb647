package dev.streamsync.rtsp;

import java.util.concurrent.TimeUnit;

/**
 * Decides, from the RTP packets counted so far and the session's clock, whether a playing session
 * still receives media. Three rules, checked on every watchdog tick:
 * <ul>
 *   <li>over UDP with the fallback allowed, no RTP within {@code udpFallbackTimeoutMillis} after PLAY:
 *       {@link Verdict#UDP_FALLBACK} (a firewall or NAT drops the datagrams; TCP gets through);</li>
 *   <li>no RTP within {@code noDataTimeoutMillis} after PLAY: {@link Verdict#NO_DATA_AFTER_PLAY};</li>
 *   <li>RTP came, then none for {@code noDataTimeoutMillis}, whatever the connection does (a camera
 *       that stalls with its socket open): {@link Verdict#STALLED}.</li>
 * </ul>
 * A pure function of its inputs: no threads, no clock of its own. Not thread-safe (event loop only).
 */
final class MediaWatchdog {
    /** What the session must do. */
    enum Verdict { OK, UDP_FALLBACK, NO_DATA_AFTER_PLAY, STALLED }

    private final long noDataTimeoutMillis;
    private final long udpFallbackTimeoutMillis;
    private long lastCount;
    private long firstDataNanos;
    private long lastDataNanos;
    private boolean any;

    MediaWatchdog(long noDataTimeoutMillis, long udpFallbackTimeoutMillis) {
        this.noDataTimeoutMillis = noDataTimeoutMillis;
        this.udpFallbackTimeoutMillis = udpFallbackTimeoutMillis;
    }

    /** PLAY was answered at {@code nowNanos}; packets counted before it (RTCP-time arrivals) are the baseline. */
    void onPlay(long nowNanos, long rtpPacketsSoFar) {
        lastCount = rtpPacketsSoFar;
        any = rtpPacketsSoFar > 0;
        firstDataNanos = any ? nowNanos : 0;
        lastDataNanos = nowNanos;
    }

    /**
     * @param rtpPacketsSoFar valid RTP packets received on every stream of the session so far
     * @param udpFallback     the session is on UDP and may still fall back to TCP
     */
    Verdict check(long nowNanos, long rtpPacketsSoFar, boolean udpFallback) {
        if (rtpPacketsSoFar != lastCount) {
            lastCount = rtpPacketsSoFar;
            if (!any) {
                firstDataNanos = nowNanos;
            }
            any = true;
            lastDataNanos = nowNanos;
            return Verdict.OK;
        }
        long silentNanos = nowNanos - lastDataNanos;
        if (!any && udpFallback && silentNanos > TimeUnit.MILLISECONDS.toNanos(udpFallbackTimeoutMillis)) {
            return Verdict.UDP_FALLBACK;
        }
        if (silentNanos > TimeUnit.MILLISECONDS.toNanos(noDataTimeoutMillis)) {
            return any ? Verdict.STALLED : Verdict.NO_DATA_AFTER_PLAY;
        }
        return Verdict.OK;
    }

    /** How long media flowed before the last packet, ms (0 before any): for the stall's message. */
    long streamedMillis() {
        return any ? TimeUnit.NANOSECONDS.toMillis(lastDataNanos - firstDataNanos) : 0;
    }

    /** The failure message of a verdict, naming the timeout. */
    String message(Verdict v) {
        return switch (v) {
            case NO_DATA_AFTER_PLAY -> "no RTP within " + noDataTimeoutMillis + " ms after PLAY (noDataTimeoutMillis)";
            case STALLED -> "RTP stopped after " + streamedMillis() + " ms of streaming: none for " + noDataTimeoutMillis
                    + " ms (noDataTimeoutMillis)";
            case UDP_FALLBACK -> "no RTP over UDP within " + udpFallbackTimeoutMillis + " ms after PLAY (udpFallbackTimeoutMillis)";
            case OK -> "";
        };
    }
}
