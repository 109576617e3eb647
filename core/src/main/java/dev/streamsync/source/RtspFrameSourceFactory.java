package dev.streamsync.source;

import dev.streamsync.spi.CameraSpec;

import dev.streamsync.spi.FrameSourceFactory;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.rtsp.NettyTransport;
import dev.streamsync.spi.FrameSource;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes an {@link RtspFrameSource} per RTSP camera and a {@link FileFrameSource} per video file
 * ({@code file:} URI, see {@code Camera.ofFile}). The synchronizer's default, so
 * {@code StreamSynchronizer.builder().camera("rtsp://...").build()} connects to real cameras.
 *
 * <p>Owns what its sources share: the Netty event loops (at most two threads: the network work of
 * many cameras is small next to their decoding) and one scheduler thread for connection attempts and
 * teardown. {@link #close()} stops both; call it after every source is closed (the synchronizer does).
 *
 * <p>Thread-safe.
 */
public final class RtspFrameSourceFactory implements FrameSourceFactory {
    private final EventLoopGroup group;
    private final ScheduledExecutorService scheduler;
    private final DecoderOptions decoderOptions;
    private final ReconnectBackoff backoff;

    /**
     * Defaults: {@link DecoderOptions#defaults()} (for {@link #create(CameraSpec, int)}; the synchronizer
     * passes its own) and {@link ReconnectBackoff#DEFAULT}. The synchronizer's default.
     */
    public RtspFrameSourceFactory() {
        this(DecoderOptions.defaults(), ReconnectBackoff.DEFAULT);
    }

    public RtspFrameSourceFactory(DecoderOptions decoderOptions, ReconnectBackoff backoff) {
        this.decoderOptions = Objects.requireNonNull(decoderOptions, "decoderOptions");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        int ioThreads = Math.min(2, Runtime.getRuntime().availableProcessors());
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("streamsync-io", true),
                NettyTransport.ioHandlerFactory());
        ScheduledThreadPoolExecutor connector = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "streamsync-connect");
            t.setDaemon(true);
            return t;
        });
        // On close: cancelled retries leave the queue at once, pending ones are dropped, but teardowns
        // already queued still run (shutdown, not shutdownNow), so no broken session is leaked.
        connector.setRemoveOnCancelPolicy(true);
        connector.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = connector;
    }

    @Override
    public FrameSource create(CameraSpec camera, int cameraIndex) {
        return create(camera, cameraIndex, decoderOptions);
    }

    @Override
    public FrameSource create(CameraSpec camera, int cameraIndex, DecoderOptions decoderOptions) {
        String scheme = camera.uri().getScheme();
        if (scheme != null && (scheme.equalsIgnoreCase("rtsp") || scheme.equalsIgnoreCase("rtsps"))) {
            return new RtspFrameSource(camera, cameraIndex, group, scheduler, decoderOptions, backoff);
        }
        if ("file".equalsIgnoreCase(scheme)) {
            Path file = Path.of(camera.uri());
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("camera " + cameraIndex + ": no readable video file at " + file);
            }
            return new FileFrameSource(file, cameraIndex, decoderOptions);
        }
        throw new IllegalArgumentException("camera " + cameraIndex + ": not an rtsp://, rtsps:// or file URL: " + camera);
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
