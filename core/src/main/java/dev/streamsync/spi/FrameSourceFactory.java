package dev.streamsync.spi;

import dev.streamsync.api.Camera;
import dev.streamsync.api.StreamSynchronizer;

import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.spi.FrameSource;

/**
 * Creates the producer stage of one camera: the service provider interface through which the RTSP
 * client + decoder (or a file reader, or a test source) is plugged into the synchronizer.
 *
 * <p>Found with {@link java.util.ServiceLoader} ({@code META-INF/services/dev.streamsync.spi.FrameSourceFactory};
 * the first provider found is used, a fresh instance per synchronizer, closed with it) unless one is
 * passed to {@link StreamSynchronizer.Builder#sourceFactory}, in which case the caller keeps ownership.
 *
 * <p>Threading: {@link #create} is called on the thread that builds the synchronizer, once per camera,
 * in camera order.
 */
public interface FrameSourceFactory extends AutoCloseable {
    /**
     * A source for {@code camera} (index {@code cameraIndex} in packets). Must not connect yet: the
     * synchronizer calls {@link FrameSource#start} when everything is built.
     *
     * @throws IllegalArgumentException when the camera cannot be served (unsupported URI scheme, ...)
     */
    FrameSource create(Camera camera, int cameraIndex);

    /**
     * As {@link #create(Camera, int)}, decoding with {@code decoderOptions} (motion vectors on or off,
     * degraded-frame policy, decode nothing). The synchronizer calls this one; a factory whose sources
     * do not decode may ignore the options, which is what the default does.
     */
    default FrameSource create(Camera camera, int cameraIndex, DecoderOptions decoderOptions) {
        return create(camera, cameraIndex);
    }

    /** Releases resources shared by the sources (an event loop); called after every source is closed. */
    @Override
    default void close() {
    }
}
