package dev.streamsync.spi;


import dev.streamsync.decode.DecoderOptions;

/**
 * Creates the producer stage of one camera: the service provider interface through which the RTSP
 * client + decoder (or a file reader, or a test source) is plugged into the synchronizer.
 *
 * <p>The synchronizer uses the RTSP and file sources of {@code dev.streamsync.source} (a fresh factory per
 * synchronizer, closed with it) unless one is passed to {@code StreamSynchronizer.Builder#sourceFactory},
 * in which case the caller keeps ownership.
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
    FrameSource create(CameraSpec camera, int cameraIndex);

    /**
     * As {@link #create(CameraSpec, int)}, decoding with {@code decoderOptions} (motion vectors on or off,
     * degraded-frame policy, decode nothing). The synchronizer calls this one; a factory whose sources
     * do not decode may ignore the options, which is what the default does.
     */
    default FrameSource create(CameraSpec camera, int cameraIndex, DecoderOptions decoderOptions) {
        return create(camera, cameraIndex);
    }

    /** Releases resources shared by the sources (an event loop); called after every source is closed. */
    @Override
    default void close() {
    }
}
