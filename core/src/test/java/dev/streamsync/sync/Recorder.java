package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.clock.TimestampSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test harness: plain frame values, a releaser and a sink that copy everything they see. */
final class Recorder implements FrameReleaser<Recorder.Frame>, PacketSink<Recorder.Frame> {
    record Frame(int camera, int index, long captureUtcMicros) { }

    record Entry(FrameStatus status, String reason, CameraFailure failure, Frame frame, long offsetMicros) { }

    record Packet(long sequence, long referenceTimeUtcMicros, long spreadMicros, long emittedAtMicros, List<Entry> entries) {
        Entry entry(int camera) { return entries.get(camera); }
    }

    final List<Packet> packets = new ArrayList<>();
    final List<Frame> released = new ArrayList<>();
    final Map<Frame, Integer> handedOut = new HashMap<>();
    final Compensator<Frame> engine;
    long nowMicros;
    /** The application's packet queue as the sink reports it: its size (MAX: unbounded) and packets in it. */
    int queueCapacity = Integer.MAX_VALUE;
    int queued;
    /** Packets accepted while the simulated queue was full (an application's queue would have dropped one). */
    int queueOverflows;

    Recorder(CompensatorConfig config, long startMicros) {
        engine = new Compensator<>(config, this, startMicros);
        nowMicros = startMicros;
    }

    @Override
    public void release(Frame frame) {
        released.add(frame);
        handedOut.merge(frame, 1, Integer::sum);
    }

    @Override
    public void accept(PacketAssembly<Frame> p) {
        List<Entry> entries = new ArrayList<>();
        for (int c = 0; c < p.cameraCount(); c++) {
            Frame f = p.frame(c);
            if (f != null) {
                handedOut.merge(f, 1, Integer::sum);
            }
            entries.add(new Entry(p.status(c), p.reason(c), p.failure(c), f, p.offsetMicros(c)));
        }
        packets.add(new Packet(p.sequence(), p.referenceTimeUtcMicros(), p.spreadMicros(), p.emittedAtMicros(), entries));
        if (queueCapacity != Integer.MAX_VALUE) {
            if (queued >= queueCapacity) {
                queueOverflows++;
            } else {
                queued++;
            }
        }
    }

    @Override
    public int capacityLeft() {
        return queueCapacity == Integer.MAX_VALUE ? Integer.MAX_VALUE : queueCapacity - queued;
    }

    /** The application takes every queued packet (it keeps up). */
    void applicationTakesAll() {
        queued = 0;
    }

    /** Offers a frame at the current time and polls until nothing more comes out. */
    Frame offer(int camera, int index, long captureUtcMicros) {
        return offer(camera, index, captureUtcMicros, TimestampSource.RTCP_SR);
    }

    Frame offer(int camera, int index, long captureUtcMicros, TimestampSource source) {
        Frame f = new Frame(camera, index, captureUtcMicros);
        engine.onFrame(camera, f, captureUtcMicros, source, nowMicros);
        drain();
        return f;
    }

    void advanceTo(long micros) {
        nowMicros = micros;
        drain();
    }

    void drain() {
        while (engine.poll(nowMicros, this)) {
            // keep polling
        }
    }

    Packet last() { return packets.get(packets.size() - 1); }

    /**
     * The NEAREST invariants every trace must keep: packet times strictly increase and no frame is in
     * two packets. Returns the frames that made it into packets.
     */
    java.util.Set<Frame> assertStrictlyIncreasingAndNoFrameTwice() {
        long previous = Long.MIN_VALUE;
        java.util.Set<Frame> used = new java.util.HashSet<>();
        for (Packet p : packets) {
            org.junit.jupiter.api.Assertions.assertTrue(p.referenceTimeUtcMicros() > previous, "T strictly increases");
            previous = p.referenceTimeUtcMicros();
            for (Entry e : p.entries()) {
                if (e.frame() != null) {
                    org.junit.jupiter.api.Assertions.assertTrue(used.add(e.frame()), "frame used twice: " + e.frame());
                }
            }
        }
        return used;
    }
}
