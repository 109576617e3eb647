package dev.streamsync.source;

import static dev.streamsync.source.GstreamerServerSyncIT.CALL_TIMEOUT;
import static dev.streamsync.source.GstreamerServerSyncIT.MIN_OKAY_SHARE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.CameraStats;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.rtsp.VlcRtspServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The synchronizer with its default options against VLC 3 as the RTSP server (Debian vlc-bin): VLC
 * serves UDP only (461 to a TCP SETUP), sends its first sender report about 4.5 s after PLAY and maps
 * it to the send time, so frames flow with increasing timestamps but their accuracy against the
 * capture time is not checked here (it is VLC's, not ours).
 */
class VlcServerSyncIT {
    @Test
    void vlcWorksWithTheDefaultTransportAndDeliversFramesWithIncreasingTimestamps() throws Exception {
        try (VlcRtspServerProcess vlc = VlcRtspServerProcess.start()) {
            PacketLog log = new PacketLog(1);
            List<CameraStats> stats;
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(vlc.url()).build()) {
                log.readFor(sync, Duration.ofSeconds(18), CALL_TIMEOUT);
                stats = sync.stats().cameras();
            }
            List<String> problems = new ArrayList<>();
            log.checkOkayShareAfterFirstFrame(0, MIN_OKAY_SHARE, 150, problems);
            log.checkEachFrameOnce(0, problems);
            long previous = Long.MIN_VALUE;
            int notIncreasing = 0;
            int notFromSenderReports = 0;
            for (PacketLog.Packet p : log.packets()) {
                PacketLog.Entry e = p.entries()[0];
                if (!e.okay()) {
                    continue;
                }
                if (e.captureUtcMicros() <= previous) {
                    notIncreasing++;
                }
                if (e.source() != TimestampSource.RTCP_SR) {
                    notFromSenderReports++;
                }
                previous = e.captureUtcMicros();
            }
            if (notIncreasing > 0) {
                problems.add(notIncreasing + " frames not stamped later than the one before");
            }
            if (notFromSenderReports > 0) {
                problems.add(notFromSenderReports + " frames not stamped from VLC's sender reports");
            }
            if (!stats.isEmpty() && !Optional.of("UDP").equals(stats.get(0).link().transport())) {
                problems.add("VLC serves UDP only, yet the transport was " + stats.get(0).link().transport());
            }
            log.checkPacketTimes(1, problems);
            assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n" + log.summary() + "\nstats: " + stats
                    + "\nVLC: " + vlc.lastLines());
        }
    }
}
