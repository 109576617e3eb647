package dev.streamsync.sync;

/**
 * Receives the packets a {@link Compensator} emits, on the thread that calls
 * {@link Compensator#poll}. Ownership of every frame in the packet passes to the sink; the
 * {@link PacketAssembly} object itself is reused after the call returns, so copy what you keep.
 */
@FunctionalInterface
public interface PacketSink<F> {
    void accept(PacketAssembly<F> packet);
}
