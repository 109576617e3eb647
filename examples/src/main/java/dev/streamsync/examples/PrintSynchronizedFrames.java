package dev.streamsync.examples;

import dev.streamsync.api.Camera;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.sync.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.api.SyncPolicy;
import dev.streamsync.rtsp.RtspTransport;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The smallest useful program: synchronize the cameras given on the command line and print, for
 * every packet, each camera's capture time, frame type and the packet's spread. Quoted in README.md.
 *
 * <pre>java -cp examples/target/streamsync.jar dev.streamsync.examples.PrintSynchronizedFrames rtsp://user:pass@cam1/stream rtsp://cam2/stream</pre>
 */
public final class PrintSynchronizedFrames {
    private PrintSynchronizedFrames() {
    }

    public static void main(String[] args) throws Exception {
        StreamSynchronizer.Builder builder = StreamSynchronizer.builder()
                .maxInitialStreamOffset(Duration.ofSeconds(1))   // fail fast when a camera clock is far off
                .maxReadErrors(10)                               // then the camera is reported CAP_BROKEN
                .framePacketBufferMaxSize(10)                    // drop the oldest packet when the app is slow; -1: unbounded
                .policy(SyncPolicy.NEAREST);                     // or SEED, the reference system's algorithm
        for (String url : args) {
            builder.camera(Camera.of(url).transport(RtspTransport.TCP).timestampOffset(Duration.ZERO));
        }
        try (StreamSynchronizer sync = builder.build()) {
            for (int n = 0; n < 100; n++) {
                // Blocks until the next packet; while cameras are down, packets with CAP_BROKEN entries
                // keep coming. Throws CamerasFailedException (a SynchronizerException) when every camera
                // failed for good before its first frame (wrong password, no such stream, unknown host).
                try (FramePacket packet = sync.getFramePacket()) {
                    System.out.printf("packet %d at %s, spread %.1f ms%n",
                            packet.sequence(), packet.referenceTime(), packet.spreadMicros() / 1000.0);
                    for (FrameData f : packet) {
                        if (f.status() != FrameStatus.FRAME_OKAY) {
                            System.out.printf("  camera %d: %s %s%n", f.cameraIndex(), f.status(), f.reason().orElse(""));
                            continue;
                        }
                        ByteBuffer bgr = f.bgr();                          // height x width x 3, valid until the packet closes
                        System.out.printf("  camera %d: %s (%s) %s frame %dx%d, %d bytes BGR, %d motion vectors%n",
                                f.cameraIndex(), f.timestamp(), f.timestampSource(), f.frameType().letter(),
                                f.width(), f.height(), bgr.remaining(), f.motionVectors().rows());
                    }
                }
            }
        }
    }
}
