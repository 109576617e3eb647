package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.clock.ClockMapping;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.DropReason;
import dev.streamsync.sim.SimulatedCamera;
import dev.streamsync.sim.h264.CaptureTimeSei;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the project's simulated cameras, whose SEI carries each frame's true capture time. */
class RtspClientSimulatedCameraIT {
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoops() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Per unit: UTC from the clock mapping minus the capture time in the unit's SEI, µs. */
    static final class Recorder implements RtspStreamListener {
        final List<Long> differencesMicros = new ArrayList<>();
        final List<TimestampSource> sources = new ArrayList<>();
        int lossFlags;
        final CountDownLatch done;
        volatile RtspException error;

        Recorder(int wanted) {
            done = new CountDownLatch(wanted);
        }

        @Override
        public synchronized void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock) {
            if (unit.lossBefore()) {
                lossFlags++;
            }
            long capture = CaptureTimeSei.find(unit.data(), 0, unit.length());
            if (!clock.anchored() || capture == CaptureTimeSei.NOT_FOUND) {
                return;
            }
            differencesMicros.add(clock.toUtcMicros(unit.rtpTimestamp()) - capture);
            sources.add(clock.source());
            done.countDown();
        }

        @Override
        public void onError(RtspException e) {
            error = e;
        }
    }

    private static Recorder run(SimulatedCamera cam, RtspClientConfig config, int units) throws Exception {
        Recorder rec = new Recorder(units);
        RtspClient client = new RtspClient(group, config, rec);
        try {
            client.start().get(20, TimeUnit.SECONDS);
            assertTrue(rec.done.await(30, TimeUnit.SECONDS), "units: " + rec.differencesMicros.size() + ", error " + rec.error);
        } finally {
            client.close();
        }
        assertEquals(0, client.openChannelCount());
        return rec;
    }

    @Test
    void anchorsEveryUnitOnTheOnvifExtensionWithinTwoMillisecondsOfTheCaptureTime() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(240).fps(25).onvifExtension(true).eventLoopGroup(group).build()) {
            cam.start();
            Recorder rec = run(cam, RtspClientConfig.builder(cam.url().toString()).build(), 40);
            synchronized (rec) {
                assertEquals(TimestampSource.ONVIF_EXTENSION, rec.sources.get(0), "the first unit is anchored by its own extension");
                for (long d : rec.differencesMicros) {
                    assertTrue(Math.abs(d) <= 2_000, "difference " + d + " µs in " + rec.differencesMicros);
                }
            }
        }
    }

    @Test
    void appliesTheConfiguredPerCameraOffsetToACameraWhoseClockIsLate() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(240).fps(25)
                .clockOffset(Duration.ofMillis(200)).senderReportInterval(Duration.ofMillis(500)).eventLoopGroup(group).build()) {
            cam.start();
            Recorder rec = run(cam, RtspClientConfig.builder(cam.url().toString()).clockOffsetMicros(-200_000).build(), 30);
            synchronized (rec) {
                assertEquals(TimestampSource.RTCP_SR, rec.sources.get(0));
                for (long d : rec.differencesMicros) {
                    assertTrue(Math.abs(d) <= 2_000, "difference " + d + " µs in " + rec.differencesMicros);
                }
            }
        }
    }

    @Test
    void dropsDamagedUnitsAndFlagsLossWhenPacketsAreLost() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(640).height(360).fps(25).onvifExtension(true)
                .packetLossProbability(0.03).seed(7).eventLoopGroup(group).build()) {
            cam.start();
            Recorder rec = new Recorder(50);
            RtspClient client = new RtspClient(group, RtspClientConfig.builder(cam.url().toString()).build(), rec);
            try {
                client.start().get(20, TimeUnit.SECONDS);
                assertTrue(rec.done.await(30, TimeUnit.SECONDS));
                RtspStreamStats stats = client.streams().get(0).stats();
                assertTrue(stats.lost() > 0, stats.toString());
                assertNotEquals(null, stats.droppedUnitsByReason().get(DropReason.SEQUENCE_GAP), stats.toString());
                assertTrue(rec.lossFlags > 0);
                assertEquals(null, rec.error);
            } finally {
                client.close();
            }
        }
    }
}
