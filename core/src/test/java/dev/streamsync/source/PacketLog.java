package dev.streamsync.source;

import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.sync.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.clock.TimestampSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * What an integration test read from a {@link StreamSynchronizer}: every packet with each camera's
 * entry (status, reason, capture time, RTP time of the picture), when it was read and how long the
 * {@code getFramePacket} call waited for it, plus every call that timed out or threw. The checks
 * return the violations as text, so one assertion at the end of a test lists all of them.
 *
 * <p>Not thread-safe: filled and checked by the test thread.
 */
final class PacketLog {
    /** One camera's entry; capture and RTP times only for FRAME_OKAY, the failure's kind only for CAP_BROKEN. */
    record Entry(FrameStatus status, String reason, long captureUtcMicros, long rtp32, TimestampSource source,
                 dev.streamsync.failure.FailureKind failure) {
        boolean okay() {
            return status == FrameStatus.FRAME_OKAY;
        }

        /** Status and reason with numbers blanked, so entries of one kind count together. */
        String kind() {
            return status + (reason == null ? "" : " (" + reason.replaceAll("[0-9]+", "N") + ")");
        }
    }

    /** One packet; {@code readAtNanos} is {@link System#nanoTime()} when the call returned. */
    record Packet(long sequence, long referenceUtcMicros, long emittedAtUtcMicros, long readAtNanos, long waitedNanos,
                  Entry[] entries) {
    }

    /** A call that returned no packet: when it returned, how long it waited, what it threw. */
    record FailedCall(long atNanos, long waitedNanos, Throwable error) {
    }

    private final int cameraCount;
    private final List<Packet> packets = new ArrayList<>();
    private final List<FailedCall> failedCalls = new ArrayList<>();

    PacketLog(int cameraCount) {
        this.cameraCount = cameraCount;
    }

    List<Packet> packets() {
        return packets;
    }

    List<FailedCall> failedCalls() {
        return failedCalls;
    }

    /**
     * Reads packets for {@code duration}, each call waiting at most {@code callTimeout}. Stops early
     * when the synchronizer throws anything but a timeout (recorded).
     */
    void readFor(StreamSynchronizer sync, Duration duration, Duration callTimeout) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (!readOne(sync, callTimeout)) {
                return;
            }
        }
    }

    /** Reads one packet (or records the failed call); false when the synchronizer threw something other than a timeout. */
    boolean readOne(StreamSynchronizer sync, Duration callTimeout) throws InterruptedException {
        long start = System.nanoTime();
        try (FramePacket p = sync.getFramePacket(callTimeout)) {
            long now = System.nanoTime();
            Entry[] entries = new Entry[cameraCount];
            for (FrameData f : p) {
                entries[f.cameraIndex()] = f.status() == FrameStatus.FRAME_OKAY
                        ? new Entry(f.status(), null, f.captureTimeUtcMicros(), f.picture().rtpTimestamp() & 0xFFFF_FFFFL,
                                f.timestampSource(), null)
                        : new Entry(f.status(), f.reason().orElse(null), 0, -1, null,
                                f.failure().map(dev.streamsync.failure.CameraFailure::kind).orElse(null));
            }
            packets.add(new Packet(p.sequence(), p.referenceTimeUtcMicros(), p.emittedAtUtcMicros(), now, now - start, entries));
            return true;
        } catch (TimeoutException e) {
            long now = System.nanoTime();
            failedCalls.add(new FailedCall(now, now - start, e));
            return true;
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            failedCalls.add(new FailedCall(now, now - start, e));
            return false;
        }
    }

    /** Index of the first packet in which camera {@code cam} has a frame, or -1. */
    int firstOkay(int cam, int fromIndex) {
        for (int i = fromIndex; i < packets.size(); i++) {
            if (packets.get(i).entries()[cam].okay()) {
                return i;
            }
        }
        return -1;
    }

    int firstOkay(int cam) {
        return firstOkay(cam, 0);
    }

    /** Index of the first packet read at or after {@code nanoTime}, or the packet count. */
    int firstReadAtOrAfter(long nanoTime) {
        for (int i = 0; i < packets.size(); i++) {
            if (packets.get(i).readAtNanos() >= nanoTime) {
                return i;
            }
        }
        return packets.size();
    }

    /**
     * FRAME_OKAY in at least {@code minShare} of camera {@code cam}'s entries from its first frame at
     * or after packet {@code fromIndex} to packet {@code toIndex} (exclusive), with at least
     * {@code minFrames} frames.
     */
    void checkOkayShareAfterFirstFrame(int cam, int fromIndex, int toIndex, double minShare, int minFrames, List<String> problems) {
        int first = firstOkay(cam, fromIndex);
        if (first < 0 || first >= toIndex) {
            problems.add("camera " + cam + " never FRAME_OKAY in packets " + fromIndex + ".." + toIndex + "; its entries: "
                    + kinds(cam, fromIndex, toIndex));
            return;
        }
        int okay = 0;
        for (int i = first; i < toIndex; i++) {
            if (packets.get(i).entries()[cam].okay()) {
                okay++;
            }
        }
        int total = toIndex - first;
        double share = (double) okay / total;
        if (share < minShare || okay < minFrames) {
            problems.add(String.format("camera %d FRAME_OKAY in %d of %d packets after its first frame (%.1f %%, wanted >= %.1f %% and >= %d"
                    + " frames); the others: %s", cam, okay, total, 100 * share, 100 * minShare, minFrames, kinds(cam, first, toIndex)));
        }
    }

    void checkOkayShareAfterFirstFrame(int cam, double minShare, int minFrames, List<String> problems) {
        checkOkayShareAfterFirstFrame(cam, 0, packets.size(), minShare, minFrames, problems);
    }

    /**
     * Every frame of camera {@code cam} stamped within {@code maxErrorMicros} of the capture time the
     * server encoded ({@code captureUtcNanosByRtp32}, null when the server printed none), from
     * {@code source}.
     */
    void checkCaptureTimes(int cam, LongFunction<Long> captureUtcNanosByRtp32, long maxErrorMicros, TimestampSource source,
                           List<String> problems) {
        int checked = 0;
        int wrong = 0;
        long worst = 0;
        StringBuilder examples = new StringBuilder();
        for (Packet p : packets) {
            Entry e = p.entries()[cam];
            if (!e.okay()) {
                continue;
            }
            if (e.source() != source) {
                wrong++;
                if (examples.length() < 400) {
                    examples.append(" rtp ").append(e.rtp32()).append(" source ").append(e.source()).append(';');
                }
                continue;
            }
            Long capture = captureUtcNanosByRtp32.apply(e.rtp32());
            if (capture == null) {
                wrong++;
                if (examples.length() < 400) {
                    examples.append(" rtp ").append(e.rtp32()).append(" unknown to the server;");
                }
                continue;
            }
            long error = e.captureUtcMicros() - Math.round(capture / 1000.0);
            checked++;
            worst = Math.max(worst, Math.abs(error));
            if (Math.abs(error) > maxErrorMicros) {
                wrong++;
                if (examples.length() < 400) {
                    examples.append(" rtp ").append(e.rtp32()).append(" off by ").append(error).append(" µs;");
                }
            }
        }
        if (wrong > 0) {
            problems.add("camera " + cam + ": " + wrong + " frames not stamped with the capture time within " + maxErrorMicros
                    + " µs from " + source + " (" + checked + " compared, worst " + worst + " µs):" + examples);
        }
    }

    /** No frame of camera {@code cam} (by RTP time) in two packets. */
    void checkEachFrameOnce(int cam, List<String> problems) {
        Set<Long> seen = new HashSet<>();
        int twice = 0;
        for (Packet p : packets) {
            Entry e = p.entries()[cam];
            if (e.okay() && !seen.add(e.rtp32())) {
                twice++;
            }
        }
        if (twice > 0) {
            problems.add("camera " + cam + ": " + twice + " frames were in two packets");
        }
    }

    /** Packet times strictly increasing, consecutive ones at least {@code minGapMicros} apart. */
    void checkPacketTimes(long minGapMicros, List<String> problems) {
        int bad = 0;
        StringBuilder examples = new StringBuilder();
        for (int i = 1; i < packets.size(); i++) {
            long gap = packets.get(i).referenceUtcMicros() - packets.get(i - 1).referenceUtcMicros();
            if (gap <= 0 || gap < minGapMicros) {
                bad++;
                if (examples.length() < 400) {
                    examples.append(" #").append(packets.get(i).sequence()).append(' ').append(gap).append(" µs after #")
                            .append(packets.get(i - 1).sequence()).append(" ").append(describe(i - 1)).append(" / ")
                            .append(describe(i)).append(';');
                }
            }
        }
        if (bad > 0) {
            problems.add(bad + " packets not strictly later than the one before by >= " + minGapMicros + " µs:" + examples);
        }
    }

    /** Packet sequence numbers 0, 1, 2, ... with no gap (no packet dropped from the queue). */
    void checkNoPacketDropped(List<String> problems) {
        long expected = 0;
        long missing = 0;
        StringBuilder where = new StringBuilder();
        for (Packet p : packets) {
            if (p.sequence() != expected) {
                missing += p.sequence() - expected;
                if (where.length() < 200) {
                    where.append(" before #").append(p.sequence()).append(" (").append(p.sequence() - expected).append(')');
                }
            }
            expected = p.sequence() + 1;
        }
        if (missing > 0) {
            problems.add(missing + " packets dropped from the queue although the test read every one at once:" + where);
        }
    }

    /** No entry of camera {@code cam} has one of {@code statuses}. */
    void checkNoStatus(int cam, List<String> problems, FrameStatus... statuses) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (Packet p : packets) {
            Entry e = p.entries()[cam];
            for (FrameStatus s : statuses) {
                if (e.status() == s) {
                    found.merge(e.kind(), 1, Integer::sum);
                }
            }
        }
        if (!found.isEmpty()) {
            problems.add("camera " + cam + " had entries " + found);
        }
    }

    /** The longest any {@code getFramePacket} call (with or without a packet) waited, from {@code sinceNanos}. */
    long longestWaitNanos(long sinceNanos) {
        long worst = 0;
        for (Packet p : packets) {
            if (p.readAtNanos() >= sinceNanos) {
                worst = Math.max(worst, p.waitedNanos());
            }
        }
        for (FailedCall c : failedCalls) {
            if (c.atNanos() >= sinceNanos) {
                worst = Math.max(worst, c.waitedNanos());
            }
        }
        return worst;
    }

    /** Entry kinds of camera {@code cam} in packets {@code from..to} (exclusive) with their counts. */
    Map<String, Integer> kinds(int cam, int from, int to) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = Math.max(0, from); i < Math.min(to, packets.size()); i++) {
            counts.merge(packets.get(i).entries()[cam].kind(), 1, Integer::sum);
        }
        return counts;
    }

    /** One line per camera with its entry kinds, and the failed calls: for failure messages. */
    String summary() {
        StringBuilder sb = new StringBuilder(packets.size() + " packets");
        for (int c = 0; c < cameraCount; c++) {
            sb.append("\n  camera ").append(c).append(": ").append(kinds(c, 0, packets.size()));
        }
        if (!failedCalls.isEmpty()) {
            sb.append("\n  calls without a packet: ").append(failedCalls.size()).append(", first: ")
                    .append(failedCalls.get(0).error());
        }
        return sb.toString();
    }

    private String describe(int index) {
        Packet p = packets.get(index);
        StringBuilder sb = new StringBuilder("[");
        for (int c = 0; c < cameraCount; c++) {
            sb.append(c > 0 ? ", " : "").append("cam").append(c).append(' ').append(p.entries()[c].status());
        }
        return sb.append(']').toString();
    }
}
