/**
 * The service-provider interfaces between a camera's producer stage and the synchronizer:
 * {@link dev.streamsync.spi.FrameSourceFactory} creates a {@link dev.streamsync.spi.FrameSource}
 * per camera, which delivers into a {@link dev.streamsync.spi.FrameSink}. Layer: above
 * {@code decode} (decoder options), {@code picture}, {@code failure} and {@code clock}; below
 * {@code source} (which implements it), {@code sync} and {@code api}.
 */
package dev.streamsync.spi;
