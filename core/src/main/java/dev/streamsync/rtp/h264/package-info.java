/** H.264 RTP depacketizer (RFC 6184, packetization modes 0 and 1). */
package dev.streamsync.rtp.h264;
