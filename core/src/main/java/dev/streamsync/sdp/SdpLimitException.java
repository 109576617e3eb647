package dev.streamsync.sdp;

/**
 * The session description lists more than {@link SdpParser} reads (see {@link SdpParser#MAX_MEDIA_SECTIONS}):
 * parsing stops there, so that no description can cost more than a bounded amount of memory.
 */
public final class SdpLimitException extends SdpException {
    private static final long serialVersionUID = 1L;
    private final String limitName;
    private final long limit;

    public SdpLimitException(String message, String limitName, long limit) {
        super(message);
        this.limitName = limitName;
        this.limit = limit;
    }

    /** The constant that bounds parsing, e.g. {@code MAX_MEDIA_SECTIONS}. */
    public String limitName() {
        return limitName;
    }

    public long limit() {
        return limit;
    }
}
