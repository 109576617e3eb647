package dev.streamsync.failure;



import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * What kind of failure broke (or ended) a camera: the part of a {@link CameraFailure} a program can
 * switch on. The message next to it says the details (status line, URL, limit); the kind says what to
 * check. New kinds may be added in later releases: a {@code switch} over them needs a default branch.
 *
 * <p>Exceptions are classified by {@link #of(Throwable)}: an exception of a lower layer that knows its
 * kind says so as a {@link ClassifiedFailure} (the RTSP client's exceptions map their type, status code
 * and phase in {@code RtspException#failureKind()}), socket errors are recognised here; video files and the synchronizer itself state their kind where the failure happens.
 */
public enum FailureKind {
    /**
     * The camera refused the credentials: 401 after authenticating, 401 with no credentials
     * configured, a challenge in an unsupported scheme, or 403 Forbidden. Retried only after a long
     * wait. Check the user name and password in the URL, and the user's rights on the camera.
     */
    AUTHENTICATION,
    /**
     * The server has no stream at the URL's path (RTSP 404 Not Found or 410 Gone), or the video file
     * disappeared after the synchronizer was built (a missing file fails {@code build()}). Retried only
     * after a long wait. Check the path (cameras differ:
     * {@code /Streaming/Channels/101}, {@code /cam/realmonitor?channel=1&subtype=0} ...) or the file name.
     */
    NOT_FOUND,
    /**
     * The host refused the TCP connection: it is up, but nothing listens on that port. Check the port
     * (RTSP's default is 554, RTSPS's 322) and that the camera's RTSP service is enabled.
     */
    CONNECTION_REFUSED,
    /** The host name could not be resolved. Check the camera's address and the DNS configuration. */
    UNKNOWN_HOST,
    /**
     * No answer: the connect timed out, there is no route to the host, or a request of the session got
     * no answer in time after the server had answered others. Check that the camera is on, its address,
     * the network, and firewalls that drop packets silently.
     */
    UNREACHABLE_OR_TIMEOUT,
    /**
     * Something accepted the connection but does not speak RTSP: it closed the connection, sent bytes
     * that are not an RTSP response, or sent nothing in time, before any RTSP answer. Check the port
     * (an HTTP or SSH port instead of the RTSP one) and the scheme ({@code rtsps} for a TLS port).
     */
    NOT_RTSP,
    /**
     * The server answered a request with an error status not covered by another kind (400, 454
     * Session Not Found, 461 Unsupported Transport, 500, 503 Service Unavailable, which cameras use
     * when they serve too many clients ...), or with a redirect that cannot be followed. The message
     * has the method and status line. Check the transport (TCP or UDP) and how many clients the camera
     * serves.
     */
    REQUEST_REFUSED,
    /**
     * There is nothing streamsync can decode: the session description has no H.264 or H.265 video
     * track or is not readable SDP, the decoder cannot be opened for the stream, or the video file has
     * no video stream or another codec. Check the camera's encoder settings (H.264 or H.265, not MJPEG
     * or MPEG-4) or the file.
     */
    UNSUPPORTED_MEDIA,
    /**
     * The server ended a working session: it closed the connection (or the connection was lost) after
     * answering in RTSP, or it sent RTCP BYE on every stream. Retried with backoff. Check whether the
     * camera restarted, limits its clients, or ends streams on its own.
     */
    SERVER_ENDED,
    /**
     * While playing, no RTP arrived (or a keepalive got no answer) within the configured timeout:
     * none after PLAY, or none for that long after streaming for a while (a stall with the connection
     * open). The message names the timeout. Retried with backoff. Check the network between camera and
     * host (over UDP: firewalls and NAT; TCP is the safer transport) and the camera's load.
     */
    STREAM_TIMEOUT,
    /**
     * An established session sent something larger than a configured bound: an interleaved frame, an
     * RTSP header block or body, an access unit, a session description with too many media sections
     * ({@code RtspLimitException}). The message names the size and the limit
     * (for example {@code maxInterleavedBytes}). Retried with backoff. Check the camera's bit rate and
     * resolution, or raise the named limit.
     */
    LIMIT_EXCEEDED,
    /**
     * The data could not be read: more than {@code maxReadErrors} frames in a row could not be decoded
     * or were lost, an established session sent data that cannot be framed (a size limit exceeded is
     * {@link #LIMIT_EXCEEDED}), or a video file could not be read. Check packet loss, the camera's bit rate and frame size, or
     * the file.
     */
    READ_ERROR,
    /** The source has no more frames: a video file played to its end. Not retried. */
    END_OF_STREAM,
    /**
     * Anything else: a local problem (TLS context, UDP ports, a source that failed to start) or a
     * failure whose type says nothing more. The message says what happened.
     */
    OTHER;

    /**
     * Whether a failure of this kind, before the camera ever delivered a frame, means it will not
     * deliver without a change on the user's side: wrong credentials ({@link #AUTHENTICATION}), a
     * wrong path or file ({@link #NOT_FOUND}), a host name that does not resolve ({@link #UNKNOWN_HOST}),
     * a stream that cannot be decoded ({@link #UNSUPPORTED_MEDIA}), or a source that ended
     * ({@link #END_OF_STREAM}). Every other kind can heal by itself (a camera booting, a network
     * outage, a server restart) and is retried for as long as the synchronizer runs. When every camera
     * has failed permanently before its first frame, {@code getFramePacket} throws
     * {@code dev.streamsync.api.CamerasFailedException} instead of blocking.
     */
    public boolean isPermanent() {
        return switch (this) {
            case AUTHENTICATION, NOT_FOUND, UNKNOWN_HOST, UNSUPPORTED_MEDIA, END_OF_STREAM -> true;
            default -> false;
        };
    }

    /** Longest cause chain walked; a chain with a cycle ends here. */
    private static final int MAX_CAUSE_DEPTH = 32;

    /**
     * The kind of {@code failure}, decided by exception types only (never by message text): wrappers
     * ({@code CompletionException}, {@code ExecutionException} and any other) are looked through along
     * the cause chain, the first {@link ClassifiedFailure} (every RTSP session exception is one) decides
     * with its own {@link ClassifiedFailure#failureKind()}, and socket errors of the JDK or Netty are
     * recognised by type. {@link #OTHER} for null and for anything else. Thread-safe.
     */
    public static FailureKind of(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof ClassifiedFailure c) {
                return c.failureKind();
            }
            FailureKind socket = ofSocketError(t);
            if (socket != null) {
                return socket;
            }
        }
        return OTHER;
    }

    /**
     * The kind of the first socket error of the JDK or Netty in {@code chain} and its causes, for a
     * failure that wraps one (a connection that could not be made); empty when there is none.
     */
    public static Optional<FailureKind> ofSocketErrorIn(Throwable chain) {
        Throwable c = chain;
        for (int depth = 0; c != null && depth < MAX_CAUSE_DEPTH; depth++, c = c.getCause()) {
            FailureKind socket = ofSocketError(c);
            if (socket != null) {
                return Optional.of(socket);
            }
        }
        return Optional.empty();
    }

    /** The kind of a socket error of the JDK or Netty, or null when {@code t} is none of them. */
    private static FailureKind ofSocketError(Throwable t) {
        // Netty's connect timeout extends ConnectException: tested first.
        if (t instanceof io.netty.channel.ConnectTimeoutException || t instanceof SocketTimeoutException
                || t instanceof NoRouteToHostException) {
            return UNREACHABLE_OR_TIMEOUT;
        }
        if (t instanceof ConnectException) {
            // ECONNREFUSED. The JDK raises ConnectException for an OS-level connect timeout (ETIMEDOUT)
            // too, but only after minutes of SYN retries; the RTSP client's connect timeout ends first.
            return CONNECTION_REFUSED;
        }
        if (t instanceof UnknownHostException) {
            return UNKNOWN_HOST;
        }
        return null;
    }
}
