package dev.streamsync.rtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/** Shared driver of the depacketizer fuzz tests: packet sequences with small sequence and timestamp steps. */
public final class DepacketizerFuzzing {
    /** A small unit limit so the limit path is reached. */
    public static final int MAX_UNIT = 4096;

    private DepacketizerFuzzing() {
    }

    /** Called for every emitted unit: Annex B start, size within the limit. */
    public static void checkUnit(AccessUnit au, int[] emitted) {
        emitted[0]++;
        if (au.length() < 5 || au.length() > MAX_UNIT) {
            throw new IllegalStateException("unit of " + au.length() + " bytes");
        }
        byte[] d = au.data();
        if (d[0] != 0 || d[1] != 0 || d[2] != 0 || d[3] != 1) {
            throw new IllegalStateException("unit does not start with a start code");
        }
    }

    /** Pushes packets built from the fuzzer's data, checking the invariants after each push. */
    public static void run(NalUnitDepacketizer d, FuzzedDataProvider data, int[] emitted) {
        int seq = data.consumeInt(0, 65535);
        long ts = data.consumeLong(0, 1L << 40);
        while (data.remainingBytes() > 0) {
            seq = (seq + data.consumeInt(-2, 3)) & 0xFFFF;
            ts += data.consumeInt(-3000, 6000);
            boolean marker = data.consumeBoolean();
            byte[] payload = data.consumeBytes(data.consumeInt(0, 1600));
            int before = emitted[0];
            long dropsBefore = d.stats().totalDrops();
            PushResult r = d.push(payload, 0, payload.length, seq, ts, marker, 0);
            d.checkInvariants();
            boolean emittedNow = emitted[0] > before;
            boolean droppedNow = d.stats().totalDrops() > dropsBefore;
            if (r == PushResult.DROPPED && !droppedNow || r == PushResult.EMITTED && (!emittedNow || droppedNow)
                    || r == PushResult.NEED_MORE && (emittedNow || droppedNow)) {
                throw new IllegalStateException("result " + r + " but emitted=" + emittedNow + " dropped=" + droppedNow);
            }
            if (d.stats().accessUnits() != emitted[0]) {
                throw new IllegalStateException("unit count mismatch");
            }
        }
    }
}
