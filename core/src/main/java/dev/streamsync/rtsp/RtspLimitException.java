package dev.streamsync.rtsp;

/**
 * The server sent something larger than a configured bound allows: an interleaved frame, an RTSP
 * header block or body, an access unit, a session description with too many media sections. The
 * message says the size seen and names the limit (the {@link RtspClientConfig} setting or the
 * constant), for example {@code "interleaved frame of 70000 bytes exceeds the limit of 1500
 * (maxInterleavedBytes)"}; the stream fails instead of the process running out of memory.
 */
public final class RtspLimitException extends RtspFramingException {
    private static final long serialVersionUID = 1L;
    private final String limitName;
    private final long limit;

    /**
     * @param message   what exceeded the limit, with its size and the limit's value and name
     * @param limitName the setting or constant, e.g. {@code maxInterleavedBytes}
     * @param limit     its value
     */
    public RtspLimitException(String message, String url, String limitName, long limit) {
        super(message, url);
        this.limitName = limitName;
        this.limit = limit;
    }

    /** The name of the limit exceeded: an {@link RtspClientConfig} setting or a constant. */
    public String limitName() {
        return limitName;
    }

    /** The limit's value (bytes, or a count for media sections). */
    public long limit() {
        return limit;
    }
}
