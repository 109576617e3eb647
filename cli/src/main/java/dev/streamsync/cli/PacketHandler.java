package dev.streamsync.cli;

import dev.streamsync.api.FramePacket;

/** Does something with each packet of a {@link PacketLoop}; called on the loop's thread, before the packet is closed. */
@FunctionalInterface
interface PacketHandler {
    void onPacket(FramePacket packet) throws Exception;
}
