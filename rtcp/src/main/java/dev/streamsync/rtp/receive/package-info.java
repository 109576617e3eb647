/**
 * The RTP receive stage of one stream (RFC 3550 A.1, A.3, A.8): sequence tracking (loss,
 * reordering, duplicates, restarts) and the reception statistics a receiver report carries.
 * Layer: part of {@code rtp}, above {@code rtcp}, {@code rtp.wire} and {@code clock}. JDK only.
 */
package dev.streamsync.rtp.receive;
