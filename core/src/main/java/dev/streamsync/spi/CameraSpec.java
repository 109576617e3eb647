package dev.streamsync.spi;

import dev.streamsync.rtsp.RtspTransport;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link FrameSourceFactory} is told about one camera: where it is, how to reach it, and its
 * credentials. Implemented by the public {@code dev.streamsync.api.Camera}; declared here so that the
 * sources (a lower layer than the API) need not import the API.
 *
 * <p>Implementations are immutable and thread-safe, and keep the credentials out of {@link #uri()} and
 * {@code toString()}.
 */
public interface CameraSpec {
    /** The URI without user information: {@code rtsp://}, {@code rtsps://} or {@code file:}. */
    URI uri();

    /** How RTP is carried. */
    RtspTransport transport();

    /** Added to every capture time of this camera by the synchronizer. */
    Duration timestampOffset();

    /** A display name for logs and statistics. */
    String name();

    /** User name for RTSP authentication, if any. */
    Optional<String> username();

    /** Password for RTSP authentication, if any; never to be printed. */
    Optional<String> password();
}
