/** H.265 RTP depacketizer (RFC 7798). */
package dev.streamsync.rtp.h265;
