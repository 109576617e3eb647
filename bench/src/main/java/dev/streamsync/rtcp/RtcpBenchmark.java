package dev.streamsync.rtcp;

import dev.streamsync.rtp.receive.ReceptionStatistics;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Parsing a camera's SR + SDES compound, and building an RR + SDES compound. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtcpBenchmark {
    private final RtcpParser parser = new RtcpParser();
    private final byte[] senderReport = new byte[256];
    private final int senderReportLength;
    private final byte[] receiverReport = new byte[256];
    private final ReceptionStatistics statistics = new ReceptionStatistics(0x12345678L, 90_000);
    private final SummingListener listener = new SummingListener();
    private int sequenceNumber;
    private long arrivalNanos;

    /** Accumulates into fields so nothing is allocated and nothing is dead code. */
    static final class SummingListener implements RtcpListener {
        long sum;

        @Override
        public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
            sum += ntpTimestamp + rtpTimestamp;
        }

        @Override
        public void onSdesCname(long ssrc, byte[] buffer, int offset, int length) {
            sum += length;
        }
    }

    public RtcpBenchmark() {
        senderReportLength = RtcpWriter.writeSenderReport(senderReport, 0, 0x12345678L, 0xEBE95E00_80000000L, 90_000,
                100, 100_000, "camera-1@192.168.1.20");
        for (int i = 0; i < 100; i++) {
            statistics.onRtpPacket(i, i * 3000L, i * 33_333_333L);
        }
        sequenceNumber = 100;
        arrivalNanos = 100 * 33_333_333L;
        statistics.onSenderReport(0xEBE95E00_80000000L, arrivalNanos);
    }

    @Benchmark
    public long parseSenderReportCompound() {
        parser.parse(senderReport, 0, senderReportLength, listener);
        return listener.sum;
    }

    /** One RTP packet's statistics update plus one RR + SDES written. */
    @Benchmark
    public int buildReceiverReport() {
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        arrivalNanos += 33_333_333L;
        statistics.onRtpPacket(sequenceNumber, sequenceNumber * 3000L, arrivalNanos);
        return RtcpWriter.writeReceiverReport(receiverReport, 0, 0xAABBCCDDL, statistics, arrivalNanos, "streamsync");
    }
}
