package dev.streamsync.sync;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * The wait strategy of every camera ring: publishing wakes the compensator thread if it is parked.
 * The compensator reads the rings with {@code EventPoller}s and parks itself (LockSupport, with a
 * deadline), so {@link #waitFor} is never used.
 *
 * <p>The {@code sleeping} flag keeps producers from calling {@code unpark} for every frame: the
 * compensator sets it, re-checks the rings, then parks; a producer publishes, then reads it. Both are
 * volatile accesses, so at least one side sees the other (no lost wake-up); an unpark that comes
 * before the park makes the park return at once.
 */
final class CompensatorWakeUp implements WaitStrategy {
    private volatile Thread thread;
    private volatile boolean sleeping;

    void bind(Thread t) { thread = t; }

    void sleeping(boolean value) { sleeping = value; }

    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        if (sleeping) {
            wake();
        }
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier) {
        throw new UnsupportedOperationException("camera rings are read with EventPoller, not waited on");
    }
}
