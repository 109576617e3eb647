package dev.streamsync.sync;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The queue between the compensator thread and the application: bounded with drop-oldest (the
 * dropped packet is discarded, which releases its frames, and counted), or unbounded when the
 * maximum size is -1 (the reference system's {@code frame_packet_buffer_maxsize = -1}).
 *
 * <p>Threading: one producer (the compensator), any number of consumers.
 */
final class PacketQueue<P> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<P> packets = new ArrayDeque<>();
    private final int maxSize;
    private final Consumer<? super P> discard;
    private long dropped;
    private SyncEndedException ended;
    /** When set, takers get the queued packets first and {@link #ended} only after them. */
    private boolean drainBeforeEnd;

    /** @param maxSize at least 1, or -1 for unbounded */
    PacketQueue(int maxSize, Consumer<? super P> discard) {
        if (maxSize == 0 || maxSize < -1) {
            throw new IllegalArgumentException("packet queue size must be >= 1 or -1 (unbounded), was " + maxSize);
        }
        this.maxSize = maxSize;
        this.discard = discard;
    }

    /** Adds a packet; drops the oldest when full. A packet offered after the end is discarded. */
    void offer(P packet) {
        P droppedPacket = null;
        boolean rejected = false;
        lock.lock();
        try {
            if (ended != null) {
                rejected = true;
            } else {
                if (maxSize > 0 && packets.size() >= maxSize) {
                    droppedPacket = packets.pollFirst();
                    dropped++;
                }
                packets.addLast(packet);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (droppedPacket != null) {
            discard.accept(droppedPacket);
        }
        if (rejected) {
            discard.accept(packet);
        }
    }

    /**
     * The oldest packet, waiting up to {@code timeoutNanos} (negative: forever); null only on timeout.
     *
     * @throws SyncEndedException when the queue was ended (closed or failed)
     */
    P take(long timeoutNanos) throws InterruptedException, SyncEndedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (packets.isEmpty()) {
                if (ended != null) {
                    throw ended;
                }
                if (timeoutNanos < 0) {
                    notEmpty.await();
                } else {
                    if (remaining <= 0) {
                        return null;
                    }
                    remaining = notEmpty.awaitNanos(remaining);
                }
            }
            if (ended != null && !drainBeforeEnd) {
                throw ended;
            }
            return packets.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the queue: waiting and later takers get {@code reason}; queued packets are discarded. */
    void end(SyncEndedException reason) {
        ArrayDeque<P> left;
        lock.lock();
        try {
            if (ended == null || drainBeforeEnd) {
                ended = reason;
                drainBeforeEnd = false;
            }
            left = new ArrayDeque<>(packets);
            packets.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        left.forEach(discard);
    }

    /** Ends the queue after the packets already in it have been taken (the end of every source). */
    void endAfterDrain(SyncEndedException reason) {
        lock.lock();
        try {
            if (ended == null) {
                ended = reason;
                drainBeforeEnd = true;
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Places left before the next offer drops the oldest packet; {@code Integer.MAX_VALUE} when unbounded. */
    int capacityLeft() {
        if (maxSize < 0) {
            return Integer.MAX_VALUE;
        }
        return Math.max(0, maxSize - size());
    }

    int size() {
        lock.lock();
        try {
            return packets.size();
        } finally {
            lock.unlock();
        }
    }

}
