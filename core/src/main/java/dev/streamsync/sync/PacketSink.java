package dev.streamsync.sync;

/**
 * Receives the packets a {@link Compensator} emits, on the thread that calls
 * {@link Compensator#poll}. Ownership of every frame in the packet passes to the sink; the
 * {@link PacketAssembly} object itself is reused after the call returns, so copy what you keep.
 */
@FunctionalInterface
public interface PacketSink<F> {
    void accept(PacketAssembly<F> packet);

    /**
     * How many more packets the sink can take now without dropping one (the free places of the
     * application's packet queue). The compensator uses it only to bound a catch-up burst (frames
     * held for the first clock anchor and released at once): of a burst of packets that are all ready
     * at once, it emits at most this many (at least one) and counts the older frames as late, so an
     * application that keeps up sees no queue drop. Default: unbounded.
     */
    default int capacityLeft() {
        return Integer.MAX_VALUE;
    }
}
