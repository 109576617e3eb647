package dev.streamsync.api;

import dev.streamsync.spi.CameraSpec;

import dev.streamsync.rtsp.RtspTransport;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One camera to synchronize: where it is, how to reach it, and how to correct its clock.
 *
 * <p>Credentials are kept apart from the URI: {@link #of(String)} moves any {@code user:pass@} of the
 * URI into {@link #username()} / {@link #password()}, and {@link #uri()} and {@link #toString()} never
 * contain them. Log and print cameras freely.
 *
 * <p>Immutable and thread-safe; each option method returns a new instance.
 */
public final class Camera implements CameraSpec {
    private final URI uri;
    private final RtspTransport transport;
    private final Duration timestampOffset;
    private final String name;
    private final String username;
    private final String password;

    private Camera(URI uri, RtspTransport transport, Duration timestampOffset, String name, String username, String password) {
        this.uri = uri;
        this.transport = transport;
        this.timestampOffset = timestampOffset;
        this.name = name;
        this.username = username;
        this.password = password;
    }

    /** A camera at {@code uri} (e.g. {@code rtsp://user:pass@10.0.0.7/stream1}); TCP, no offset. */
    public static Camera of(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            return of(new URI(uri));
        } catch (URISyntaxException e) {
            // The input may contain a password: do not echo it.
            throw new IllegalArgumentException("not a valid camera URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    /**
     * A video file played as a camera, as the reference system does: paced by its own timestamps and
     * stamped from the system clock (timestamp source FILE). H.264 or H.265 in MP4, Matroska, MPEG-TS
     * or raw Annex B.
     */
    public static Camera ofFile(java.nio.file.Path file) {
        return of(file.toAbsolutePath().toUri());
    }

    /** A camera at {@code uri}; see {@link #of(String)}. */
    public static Camera of(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("camera URI has no scheme: " + stripUserInfo(uri));
        }
        String user = null;
        String pass = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            pass = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        URI clean = stripUserInfo(uri);
        return new Camera(clean, RtspTransport.AUTO, Duration.ZERO, null, user, pass);
    }

    /** How RTP is carried; default {@link RtspTransport#AUTO} (TCP, UDP when the camera refuses TCP); TCP or UDP force one. */
    public Camera transport(RtspTransport t) {
        return new Camera(uri, Objects.requireNonNull(t, "transport"), timestampOffset, name, username, password);
    }

    /**
     * Added to every capture time of this camera (negative: the camera stamps late). Use it for a
     * camera known to be N ms off, e.g. one whose sender reports map send time instead of capture time.
     */
    public Camera timestampOffset(Duration offset) {
        return new Camera(uri, transport, Objects.requireNonNull(offset, "offset"), name, username, password);
    }

    /** A display name for logs and statistics; default host and path of the URI. */
    public Camera name(String displayName) {
        return new Camera(uri, transport, timestampOffset, Objects.requireNonNull(displayName, "name"), username, password);
    }

    /** Credentials for RTSP Basic/Digest authentication (replace any from the URI). */
    public Camera credentials(String user, String pass) {
        return new Camera(uri, transport, timestampOffset, name, Objects.requireNonNull(user, "user"), pass);
    }

    /** The URI without user information. */
    public URI uri() { return uri; }
    public RtspTransport transport() { return transport; }
    public Duration timestampOffset() { return timestampOffset; }
    /** The configured name, or host and path of the URI. */
    public String name() {
        if (name != null) {
            return name;
        }
        String host = uri.getHost() != null ? uri.getHost() : uri.getSchemeSpecificPart();
        String path = uri.getPath() != null ? uri.getPath() : "";
        return (uri.getPort() >= 0 ? host + ":" + uri.getPort() : host) + path;
    }
    public Optional<String> username() { return Optional.ofNullable(username); }
    /** The password; never printed by this class. */
    public Optional<String> password() { return Optional.ofNullable(password); }

    /** URI (without credentials), transport, offset and name; never the credentials. */
    @Override
    public String toString() {
        return "Camera{" + name() + ", " + uri + ", " + transport
                + (timestampOffset.isZero() ? "" : ", offset " + timestampOffset.toMillis() + " ms")
                + (username != null ? ", with credentials" : "") + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Camera c && uri.equals(c.uri) && transport == c.transport
                && timestampOffset.equals(c.timestampOffset) && Objects.equals(name, c.name)
                && Objects.equals(username, c.username) && Objects.equals(password, c.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, transport, timestampOffset, name, username);
    }

    private static URI stripUserInfo(URI u) {
        if (u.getRawUserInfo() == null) {
            return u;
        }
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("camera URI cannot be rebuilt without credentials: " + e.getReason());
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
