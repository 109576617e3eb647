/**
 * Access units and the depacketizer contract: {@link dev.streamsync.rtp.Depacketizer} turns RTP
 * payloads into {@link dev.streamsync.rtp.AccessUnit}s; results are values
 * ({@link dev.streamsync.rtp.PushResult}, {@link dev.streamsync.rtp.DropReason}), never exceptions.
 */
package dev.streamsync.rtp;
