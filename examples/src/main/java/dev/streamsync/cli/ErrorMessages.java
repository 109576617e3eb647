package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.InitialStreamOffsetException;
import dev.streamsync.api.SynchronizerException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns failures into the one line a user reads on stderr. Each line says what is wrong and what to
 * check; none contains a password (URLs are printed without user information, and any
 * {@code scheme://user:pass@} that slipped into a library message is redacted).
 */
final class ErrorMessages {
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");

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
        for (Throwable c = t; c != null; c = c.getCause()) {
            String known = RtspErrors.describe(c);
            if (known != null) {
                return redact(known);
            }
            if (c instanceof UnknownHostException) {
                return "unknown host " + c.getMessage() + ": check the camera's address";
            }
            if (c instanceof ConnectException) {
                return "connection refused: nothing listens on that host and port (check the port; RTSP's default is 554)";
            }
            if (c instanceof NoRouteToHostException) {
                return "host unreachable: check the camera's address and the network";
            }
        }
        if (t instanceof SynchronizerException) {
            return redact(t.getMessage());
        }
        if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().startsWith("RTSP source not available")) {
            return "this build has no RTSP camera source (dev.streamsync.api.FrameSourceFactory service missing from the jar)";
        }
        String msg = t.getMessage();
        return redact(t.getClass().getSimpleName() + (msg == null ? "" : ": " + firstLine(msg)));
    }

    /**
     * The line for camera {@code index} broken before its first frame, from the reason the library
     * reported (e.g. {@code "DESCRIBE answered 401 Unauthorized (rtsp://host/path)"}).
     */
    static String brokenCamera(int index, Camera camera, String reason) {
        String who = "camera " + index + " (" + camera.uri() + ")";
        // The library's reasons end with the URL; the line names the camera by its URL already.
        String r = firstLine(redact(reason)).replace(" (" + camera.uri() + ")", "");
        String l = r.toLowerCase(Locale.ROOT);
        if (l.contains(" 401") || l.contains("authenticat") || l.contains("unauthorized") || l.contains("credentials")) {
            return who + ": authentication failed - check the user name and password (" + r + ")";
        }
        if (l.contains("refused")) {
            return who + ": connection refused - nothing listens on " + hostPort(camera)
                    + " (check the port; RTSP's default is 554) (" + r + ")";
        }
        if (l.contains("unknown host") || l.contains("unresolved") || l.contains("nodename") || l.contains("name or service")) {
            return who + ": unknown host - check the camera's address (" + r + ")";
        }
        if (l.contains("got no answer")) {
            // Connected, but nothing came back in RTSP: an SSH or other server that waits for its own protocol.
            return who + ": " + hostPort(camera) + " accepted the connection but sent no RTSP answer - wrong port, or not an RTSP server? ("
                    + r + ")";
        }
        if (l.contains("timed out") || l.contains("unreachable") || l.contains("no route") || l.contains("no answer")) {
            return who + ": no answer from " + hostPort(camera) + " - host unreachable, or a firewall drops the connection (" + r + ")";
        }
        // A web server (or anything else) on the port answers the first request in its own protocol and
        // closes the connection (seen: "connection closed by the server (state NEGOTIATING)"), or sends
        // bytes the RTSP decoder cannot frame.
        if (l.contains("unreadable") || l.contains("framing") || l.contains("not rtsp") || l.contains("not an rtsp")
                || l.contains("malformed") || l.contains("too long") || l.contains("exceeds")
                || l.contains("closed by the server (state negotiating") || l.contains("closed by the server (state connecting")) {
            return who + ": " + hostPort(camera) + " does not answer like an RTSP server - wrong port? (" + r + ")";
        }
        if (l.contains("codec") || l.contains("no supported") || l.contains("no video") || l.contains("video track")
                || l.contains("decod")) {
            return who + ": no video track streamsync can decode - streamsync reads H.264 and H.265 (" + r + ")";
        }
        if (l.contains(" 404")) {
            return who + ": the camera has no stream at this path - check the URL's path (" + r + ")";
        }
        return who + " failed: " + r;
    }

    /** {@code s} with the user information of any URL in it replaced by {@code ***@}. */
    static String redact(String s) {
        return s == null ? "" : USER_INFO.matcher(s).replaceAll("$1***@");
    }

    private static String hostPort(Camera c) {
        int port = c.uri().getPort() >= 0 ? c.uri().getPort() : ("rtsps".equalsIgnoreCase(c.uri().getScheme()) ? 322 : 554);
        return c.uri().getHost() + ":" + port;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
