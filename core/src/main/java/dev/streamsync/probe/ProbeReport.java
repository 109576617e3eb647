package dev.streamsync.probe;

import dev.streamsync.api.Transport;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@link CameraProbe#run} measured on one camera. Immutable; safe to share between threads.
 * Times "after PLAY" count from the moment PLAY was answered.
 *
 * @param connection how the session was set up
 * @param listened   how long the probe listened (less than asked when the session ended early)
 * @param end        why the session ended before the listening time was over; empty when it did not
 * @param streams    one report per stream the client set up, in stream index order
 */
public record ProbeReport(Connection connection, Duration listened, Optional<SessionEnd> end, List<StreamReport> streams) {
    public ProbeReport {
        streams = List.copyOf(streams);
    }

    /**
     * How the session was set up.
     *
     * @param url                 the camera's URL without user information
     * @param withCredentials     whether a user name (and password) was sent
     * @param playAnsweredAfter   from connecting to the PLAY answer
     * @param transport           the transport in use, TCP or UDP (never AUTO)
     * @param requestedTransport  the transport asked for (AUTO: TCP, UDP when the camera refuses TCP)
     * @param sdp                 the camera's session description, when it sent one
     */
    public record Connection(URI url, boolean withCredentials, Duration playAnsweredAfter, Transport transport,
                             Transport requestedTransport, Optional<Sdp> sdp) {
    }

    /** The session description: name, media sections and the RFC 7273 clock attributes. */
    public record Sdp(String sessionName, List<Media> media, List<String> tsRefclk, String mediaclk) {
        public Sdp {
            media = List.copyOf(media);
            tsRefclk = List.copyOf(tsRefclk);
        }
    }

    /**
     * One {@code m=} section.
     *
     * @param decodable whether streamsync decodes its codec (H.264, H.265)
     * @param control   the {@code a=control} attribute, empty when absent
     * @param fmtp      the {@code a=fmtp} parameters in SDP order, empty when absent
     */
    public record Media(String media, String protocol, int payloadType, String encodingName, int clockRateHz, String control,
                        boolean decodable, Map<String, String> fmtp, List<HeaderExtensionMapping> extmaps) {
        public Media {
            fmtp = Collections.unmodifiableMap(new LinkedHashMap<>(fmtp));
            extmaps = List.copyOf(extmaps);
        }
    }

    /** An {@code a=extmap} line (RFC 8285): the id RTP packets carry and the extension's URI. */
    public record HeaderExtensionMapping(int id, String uri) {
    }

    /**
     * Why the session ended early.
     *
     * @param after  from the PLAY answer to the end
     * @param reason {@code SERVER_ENDED} (RTCP BYE on every stream, or the server closed the connection),
     *               {@code FAILED} (see {@code error}) or {@code CLOSED}
     * @param error  the library's typed exception when the session failed
     */
    public record SessionEnd(Duration after, String reason, Optional<Throwable> error) {
    }

    /**
     * One stream.
     *
     * @param codec          the codec's name (H264, H265)
     * @param controlUrl     the stream's control URL, without user information
     * @param resolution     the size of the first keyframe, decoded
     * @param frames         access units received
     * @param keyframes      of which keyframes
     * @param fps            frame rate from the RTP timestamps; empty with fewer than two distinct timestamps
     * @param arrivalFps     frame rate from the arrival times, present with {@code fps}
     * @param packets        RTP packet counts
     * @param senderReports  the arrival of each RTCP sender report, after PLAY (measured to ~50 ms)
     * @param clock          the camera clock as the stream's frames were stamped; empty without anchor
     * @param headerExtensions packets carrying capture-time header extensions
     */
    public record StreamReport(int index, String codec, int clockRateHz, String controlUrl, Resolution resolution,
                               long frames, long keyframes, OptionalDouble fps, OptionalDouble arrivalFps, Packets packets,
                               List<Duration> senderReports, Optional<Clock> clock, HeaderExtensions headerExtensions) {
        public StreamReport {
            senderReports = List.copyOf(senderReports);
        }

        /** The mean interval between sender reports in seconds; empty with fewer than two. */
        public OptionalDouble senderReportIntervalSeconds() {
            int n = senderReports.size();
            if (n < 2) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of((senderReports.get(n - 1).toNanos() - senderReports.get(0).toNanos()) / 1e9 / (n - 1));
        }
    }

    /**
     * The decoded size, or why it is unknown.
     *
     * @param problem empty when {@code width} and {@code height} are known
     */
    public record Resolution(int width, int height, Optional<String> problem) {
        static Resolution decoded(int width, int height) {
            return new Resolution(width, height, Optional.empty());
        }

        static Resolution unknown(String problem) {
            return new Resolution(0, 0, Optional.of(problem));
        }
    }

    /** RTP packet counts of one stream (RFC 3550 §6.4.1 loss: expected minus received). */
    public record Packets(long rtp, long lost, long reordered, long duplicates, long ssrcChanges) {
    }

    /**
     * The camera clock of one stream.
     *
     * @param source              where the first anchor came from (sender report, header extension, Range clock)
     * @param anchoredAfter       from PLAY to the first anchored frame
     * @param offsetMedianMicros  median of (frame time on the camera's clock minus its local arrival time): the
     *                            camera clock's offset minus the capture-to-arrival delay
     * @param offsetMaxMicros     the largest such difference
     * @param latency             capture to arrival; empty when the camera's clock is ahead of this machine's
     *                            (median offset above zero: the latency cannot be measured)
     * @param driftPpm            media clock vs. camera clock; empty before two sender reports
     * @param senderReportsFitted the sender reports in the clock fit
     * @param fitResidualRmsMicros the fit's residual
     */
    public record Clock(String source, Duration anchoredAfter, long offsetMedianMicros, long offsetMaxMicros,
                        Optional<Latency> latency, OptionalDouble driftPpm, int senderReportsFitted, double fitResidualRmsMicros) {
    }

    /**
     * Capture-to-arrival latency and the {@code maxLatency} that covers it.
     *
     * @param p99Micros                   99th percentile of the latency
     * @param recommendedMaxLatencyMillis see {@link CameraProbe#recommendedMaxLatencyMillis}
     * @param libraryDefaultMillis        the synchronizer's default, for comparison
     */
    public record Latency(long p99Micros, long recommendedMaxLatencyMillis, long libraryDefaultMillis) {
        /** Whether the default {@code maxLatency} already covers this camera. */
        public boolean withinDefault() {
            return recommendedMaxLatencyMillis <= libraryDefaultMillis;
        }
    }

    /** Packets carrying the ONVIF (0xABAC) and RFC 6051 (ntp-64, ntp-56) capture-time header extensions. */
    public record HeaderExtensions(long onvif, long ntp64, long ntp56) {
    }
}
