package dev.streamsync.sim.rtsp;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one camera's server, summed over all its sessions since the camera was built. Thread-safe. */
public final class ServerStats {
    /** Access units sent to a session (one per session per frame). */
    public final LongAdder framesSent = new LongAdder();
    /** Access units not sent because a TCP client did not keep up. */
    public final LongAdder framesDroppedSlowClient = new LongAdder();
    /** RTP packets written. */
    public final LongAdder rtpPacketsSent = new LongAdder();
    /** RTP packets dropped by the packet-loss fault. */
    public final LongAdder rtpPacketsDropped = new LongAdder();
    /** RTCP sender reports written. */
    public final LongAdder senderReportsSent = new LongAdder();
    /** Requests answered with 401. */
    public final LongAdder authenticationFailures = new LongAdder();
    /** Sessions created by SETUP. */
    public final LongAdder sessionsCreated = new LongAdder();
}
