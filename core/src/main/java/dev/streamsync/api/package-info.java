/**
 * The public API of streamsync: build a {@link dev.streamsync.api.StreamSynchronizer} from
 * {@link dev.streamsync.api.Camera}s and take {@link dev.streamsync.api.FramePacket}s from it.
 * Everything outside this package may change between releases.
 */
package dev.streamsync.api;
