package dev.streamsync.cli;

import dev.streamsync.rtsp.RtspAuthenticationException;
import dev.streamsync.rtsp.RtspConnectionException;
import dev.streamsync.rtsp.RtspDescriptionException;
import dev.streamsync.rtsp.RtspException;
import dev.streamsync.rtsp.RtspFramingException;
import dev.streamsync.rtsp.RtspResponseException;
import dev.streamsync.rtsp.RtspTimeoutException;

import java.net.URI;
import java.util.Locale;

/** One-line descriptions of the RTSP client's typed failures (their URLs carry no credentials). */
final class RtspErrors {
    private RtspErrors() {
    }

    /** The line for {@code t}, or null when it is not an RTSP client failure. */
    static String describe(Throwable t) {
        if (!(t instanceof RtspException e)) {
            return null;
        }
        String url = e.url().isEmpty() ? "the camera" : e.url();
        // The exception's message ends with the URL; the line names it once.
        String detail = e.url().isEmpty() ? e.getMessage() : e.getMessage().replace(" (" + e.url() + ")", "");
        if (e instanceof RtspAuthenticationException) {
            return "authentication failed for " + url + ": check the user name and password (" + detail + ")";
        }
        if (e instanceof RtspResponseException r) {
            return switch (r.statusCode()) {
                case 404 -> "no stream at " + url + ": check the URL's path (" + detail + ")";
                case 461 -> "the camera does not offer this transport: try --transport " + "tcp or udp (" + detail + ")";
                default -> "the camera refused the request: " + detail;
            };
        }
        if (e instanceof RtspFramingException) {
            return hostPort(e.url()) + " does not answer like an RTSP server - wrong port? (" + detail + ")";
        }
        if (e instanceof RtspDescriptionException) {
            return "no video track streamsync can decode at " + url + " - streamsync reads H.264 and H.265 (" + detail + ")";
        }
        if (e instanceof RtspTimeoutException) {
            return "no answer from " + hostPort(e.url()) + " - host unreachable, or a firewall drops the connection (" + detail + ")";
        }
        if (e instanceof RtspConnectionException) {
            if (detail.toLowerCase(Locale.ROOT).contains("refused")) {
                return "connection refused - nothing listens on " + hostPort(e.url()) + " (check the port; RTSP's default is 554)";
            }
            return "cannot connect to " + hostPort(e.url()) + ": " + detail;
        }
        return detail;
    }

    private static String hostPort(String url) {
        try {
            URI u = URI.create(url);
            int port = u.getPort() >= 0 ? u.getPort() : "rtsps".equalsIgnoreCase(u.getScheme()) ? 322 : 554;
            return u.getHost() + ":" + port;
        } catch (IllegalArgumentException e) {
            return url.isEmpty() ? "the camera" : url;
        }
    }
}
