package dev.streamsync.rtp;

/**
 * Receives the access units a {@link Depacketizer} completes, on the thread that calls
 * {@link Depacketizer#push}. The unit is owned by the depacketizer and valid only during the call;
 * copy it ({@link AccessUnit#copyFrom}) to keep it.
 */
@FunctionalInterface
public interface AccessUnitSink {
    void onAccessUnit(AccessUnit accessUnit);
}
