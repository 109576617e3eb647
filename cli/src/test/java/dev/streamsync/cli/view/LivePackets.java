package dev.streamsync.cli.view;

import dev.streamsync.api.Camera;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.api.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.decode.PixelFormat;
import dev.streamsync.sim.SimulatedCamera;
import dev.streamsync.sim.picture.CaptureTimeCode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real packets for the viewer tests: two simulated cameras of {@value #WIDTH}x{@value #HEIGHT} (real
 * RTSP, H.264 decoded by FFmpeg) and a third camera whose port nothing listens on, so it is CAP_BROKEN.
 */
final class LivePackets implements AutoCloseable {
    static final int WIDTH = 320;
    static final int HEIGHT = 180;

    private final SimulatedCamera a = camera();
    private final SimulatedCamera b = camera();
    private final StreamSynchronizer sync;

    LivePackets() throws IOException {
        a.start();
        b.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        sync = StreamSynchronizer.builder().camera(Camera.of(a.url())).camera(Camera.of(b.url()).name("door-1"))
                .camera(Camera.of(URI.create("rtsp://127.0.0.1:" + closedPort + "/nothing")))
                .maxLatency(Duration.ofMillis(500)).build();
    }

    private static SimulatedCamera camera() {
        return SimulatedCamera.builder().width(WIDTH).height(HEIGHT).fps(25).senderReportInterval(Duration.ofMillis(500)).build();
    }

    /** The next packet in which cameras 0 and 1 have a frame and camera 2 is CAP_BROKEN; the caller closes it. */
    FramePacket next() throws Exception {
        for (int i = 0; i < 300; i++) {
            FramePacket p = sync.getFramePacket(Duration.ofSeconds(10));
            if (p.get(0).status() == FrameStatus.FRAME_OKAY && p.get(1).status() == FrameStatus.FRAME_OKAY
                    && p.get(2).status() == FrameStatus.CAP_BROKEN) {
                return p;
            }
            p.close();
        }
        return fail("no packet with cameras 0 and 1 okay and 2 broken in 300");
    }

    /** The capture time painted into the frame, read from its decoded luma. */
    static long paintedMicros(FrameData f) {
        long t = CaptureTimeCode.read(f.view(PixelFormat.GRAY8), f.width(), f.height(), f.width());
        assertNotEquals(CaptureTimeCode.NOT_FOUND, t, "frame without a time code");
        return t;
    }

    @Override
    public void close() {
        try {
            sync.close();
        } finally {
            a.close();
            b.close();
        }
    }
}
