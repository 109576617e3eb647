package dev.streamsync.cli;

import dev.streamsync.failure.Redaction;

import dev.streamsync.api.Camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a camera URL typed by a user before anything connects, so that a typo is one clear line.
 * Messages never echo the URL's user information (it may hold a password).
 */
final class CameraUrls {
    private CameraUrls() {
    }

    /**
     * The camera for {@code url} (an {@code rtsp://} or {@code rtsps://} URL, or the path of a video
     * file, played as a camera stamped from the system clock), or a {@link CliException} saying what
     * is wrong with it.
     */
    static Camera parse(String url) {
        if (!url.contains("://") && Files.isRegularFile(Path.of(url))) {
            return Camera.ofFile(Path.of(url)).name(Path.of(url).getFileName().toString());
        }
        if (url.startsWith("file:")) {
            try {
                Path p = Path.of(URI.create(url));
                if (!Files.isRegularFile(p)) {
                    throw new CliException("no such video file: " + p, CliException.EXIT_USAGE, null);
                }
                return Camera.ofFile(p).name(p.getFileName().toString());
            } catch (IllegalArgumentException e) {
                throw new CliException("not a valid file URL: " + url, CliException.EXIT_USAGE, null);
            }
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new CliException("not a valid camera URL (" + e.getReason() + " at character " + e.getIndex()
                    + "); expected rtsp://[user:password@]host[:port]/path", CliException.EXIT_USAGE, null);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw new CliException("not a camera URL or video file: '" + redact(url) + "' (expected rtsp://host[:port]/path)",
                    CliException.EXIT_USAGE, null);
        }
        if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
            throw new CliException("not an RTSP URL: scheme '" + scheme + "' (" + redact(url)
                    + "); streamsync reads rtsp:// and rtsps:// cameras and video files", CliException.EXIT_USAGE, null);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new CliException("camera URL has no host: " + redact(url) + " (expected rtsp://host[:port]/path;"
                    + " a password with '@', ':' or '/' must be percent-encoded)", CliException.EXIT_USAGE, null);
        }
        try {
            return Camera.of(uri);
        } catch (IllegalArgumentException e) {
            throw new CliException("not a valid camera URL: " + e.getMessage(), CliException.EXIT_USAGE, null);
        }
    }

    /** What the command line prints in place of a URL's {@code user:password@}. */
    static final String REDACTED_USER_INFO = "***@";

    /** {@code url} with any {@code user:password@} replaced by {@code ***@} ({@link Redaction}). */
    static String redact(String url) {
        return Redaction.redact(url, REDACTED_USER_INFO);
    }
}
