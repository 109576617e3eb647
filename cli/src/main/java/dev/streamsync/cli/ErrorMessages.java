package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.api.InitialStreamOffsetException;
import dev.streamsync.api.SynchronizerException;
import dev.streamsync.rtsp.RtspException;

import java.net.URI;
import dev.streamsync.failure.Redaction;

/**
 * Turns failures into the one line a user reads on stderr. Each line says what is wrong and what to
 * check, chosen by the failure's {@link FailureKind} (the library classifies; nothing here reads
 * message text); none contains a password (URLs are printed without user information, and any
 * {@code scheme://user:pass@} that slipped into a library message is redacted).
 */
final class ErrorMessages {

    private ErrorMessages() {
    }

    /** The one-line description of an exception that ended a command. */
    static String describe(Throwable t) {
        if (t instanceof CliException) {
            return redact(t.getMessage());
        }
        if (t instanceof InitialStreamOffsetException o) {
            return "cameras " + o.cameraA() + " and " + o.cameraB() + " started " + o.offset().toMillis()
                    + " ms apart, more than --max-initial-offset-ms allows (check the cameras' clocks, or set --offset-ms)";
        }
        RtspException rtsp = rtspExceptionIn(t);
        FailureKind kind = FailureKind.of(t);
        if (kind != FailureKind.OTHER || rtsp != null) {
            String url = rtsp == null ? "" : rtsp.url();
            // The exception's message ends with the URL; the line names it once, in front.
            String detail = rtsp == null ? CameraFailure.of(t).message() : rtsp.getMessage().replace(" (" + url + ")", "");
            String advice = advice(kind, hostPort(url));
            String where = url.isEmpty() ? "" : url + ": ";
            return redact(firstLine(advice == null ? where + detail : where + advice + " (" + detail + ")"));
        }
        if (t instanceof SynchronizerException) {
            return redact(t.getMessage());
        }
        String msg = t.getMessage();
        return redact(t.getClass().getSimpleName() + (msg == null ? "" : ": " + firstLine(msg)));
    }

    /**
     * The line for camera {@code index} broken before its first frame, from the failure the library
     * reported (e.g. AUTHENTICATION, {@code "DESCRIBE answered 401 credentials rejected (rtsp://host/path)"}).
     */
    static String brokenCamera(int index, Camera camera, CameraFailure failure) {
        String who = "camera " + index + " (" + camera.uri() + ")";
        // The library's messages end with the URL; the line names the camera by its URL already.
        String r = firstLine(redact(failure.message())).replace(" (" + camera.uri() + ")", "");
        String advice = advice(failure.kind(), hostPort(camera.uri()));
        return advice == null ? who + " failed: " + r : who + ": " + advice + " (" + r + ")";
    }

    /**
     * What is wrong and what to check, for each kind of failure; null for {@link FailureKind#OTHER}
     * (the message is all there is). {@code hostPort} names where the camera was expected.
     */
    private static String advice(FailureKind kind, String hostPort) {
        return switch (kind) {
            case AUTHENTICATION -> "authentication failed - check the user name and password";
            case NOT_FOUND -> "the camera has no stream at this path - check the URL's path";
            case CONNECTION_REFUSED -> "connection refused - nothing listens on " + hostPort + " (check the port; RTSP's default is 554)";
            case UNKNOWN_HOST -> "unknown host - check the camera's address";
            case UNREACHABLE_OR_TIMEOUT -> "no answer from " + hostPort + " - host unreachable, or a firewall drops the connection";
            // Something else serves the port: a web server answers in HTTP and closes, an SSH server
            // sends its banner, some servers wait for their own protocol and say nothing.
            case NOT_RTSP -> hostPort + " does not answer like an RTSP server - wrong port?";
            case REQUEST_REFUSED -> "the camera refused the request - try the other --transport (tcp or udp), "
                    + "or check how many clients it serves";
            case UNSUPPORTED_MEDIA -> "no video track streamsync can decode - streamsync reads H.264 and H.265";
            case SERVER_ENDED -> "the camera ended the session - did it restart, or does it limit its clients?";
            case STREAM_TIMEOUT -> "no video arrived while playing - check the network (over UDP: firewalls and NAT; "
                    + "try --transport tcp)";
            case READ_ERROR -> "the video could not be read - check packet loss and the camera's bit rate, or the file";
            case LIMIT_EXCEEDED -> "a size limit was exceeded - the camera sends more than streamsync accepts";
            case END_OF_STREAM -> "the video ended";
            case OTHER -> null;
        };
    }

    /** {@code s} with the user information of any URL in it replaced by {@code ***@} ({@link Redaction}). */
    static String redact(String s) {
        return Redaction.redact(s, CameraUrls.REDACTED_USER_INFO);
    }

    private static RtspException rtspExceptionIn(Throwable t) {
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof RtspException e) {
                return e;
            }
        }
        return null;
    }

    private static String hostPort(String url) {
        if (url == null || url.isEmpty()) {
            return "the camera's host and port";
        }
        try {
            return hostPort(URI.create(url));
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String hostPort(URI u) {
        if (u.getHost() == null) {
            return "the camera's host and port";
        }
        int port = u.getPort() >= 0 ? u.getPort() : "rtsps".equalsIgnoreCase(u.getScheme()) ? 322 : 554;
        return u.getHost() + ":" + port;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
