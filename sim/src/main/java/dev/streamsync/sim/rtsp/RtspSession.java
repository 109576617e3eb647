package dev.streamsync.sim.rtsp;

import dev.streamsync.sim.h264.H264Packetizer;
import dev.streamsync.sim.rtp.RtpWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One RTSP session: the transport chosen at SETUP, the RTP sequence and counters, and the sender
 * report timer. Every mutable field is touched only on the control channel's event loop, except
 * {@link #playing}, which the encoder thread reads to skip idle sessions.
 */
final class RtspSession {

    /** Largest RTP payload: keeps a packet with headers under a 1500-byte Ethernet MTU. */
    static final int MAX_PAYLOAD_BYTES = 1400;

    final String id;
    final Channel control;
    /** Context of the RtspEncoder: writing through it skips the encoder, so raw interleaved frames pass. */
    final ChannelHandlerContext rawWriter;
    private final RtspCameraServer server;
    private final SplittableRandom random;

    boolean tcp;
    int rtpChannel;
    int rtcpChannel;
    InetSocketAddress rtpDestination;
    InetSocketAddress rtcpDestination;
    RtpTimeline timeline;

    volatile boolean playing;
    private boolean waitingForKeyframe = true;
    private boolean discontinuity = true;
    private int playCseq;
    private int sequenceNumber;
    private long packetCount;
    private long octetCount;
    private boolean reportTimerStarted;
    private boolean closed;
    long lastActivityNanos = System.nanoTime();

    RtspSession(String id, Channel control, ChannelHandlerContext rawWriter, RtspCameraServer server, long seed) {
        this.id = id;
        this.control = control;
        this.rawWriter = rawWriter;
        this.server = server;
        this.random = new SplittableRandom(seed);
        this.sequenceNumber = random.nextInt(0x10000);
    }

    /** Sequence number the next RTP packet will carry (for RTP-Info). */
    int nextSequenceNumber() {
        return sequenceNumber & 0xFFFF;
    }

    void play(int cseq) {
        playCseq = cseq;
        playing = true;
        waitingForKeyframe = true;
        discontinuity = true;
    }

    void pause() {
        playing = false;
    }

    void close() {
        closed = true;
        playing = false;
    }

    /** Sends one access unit; runs on the control channel's event loop. */
    void send(MediaFrame frame) {
        if (closed || !playing || frame.timeline() != timeline) {
            return;
        }
        if (waitingForKeyframe && !frame.keyframe()) {
            return; // a decoder cannot start on a P frame; wait for the next IDR
        }
        Channel out = tcp ? control : server.udpRtpChannel();
        if (out == null || !out.isActive() || !out.isWritable()) {
            // The client does not keep up (TCP window full): drop the frame rather than queue without bound,
            // and restart at the next IDR so the client never decodes a P frame without its reference.
            waitingForKeyframe = true;
            server.stats.framesDroppedSlowClient.increment();
            return;
        }
        waitingForKeyframe = false;
        StreamSettings settings = server.settings;
        boolean onvif = settings.onvifExtension;
        double loss = settings.packetLossProbability;
        long ntp = RtpWriter.ntpFromUnixMicros(settings.cameraClockMicros(frame.captureTimeUtcMicros()));
        int flags = (frame.keyframe() ? RtpWriter.ONVIF_FLAG_CLEAN_POINT : 0)
                | (discontinuity ? RtpWriter.ONVIF_FLAG_DISCONTINUITY : 0);
        discontinuity = false;
        boolean[] firstPacket = {true};
        H264Packetizer.packetize(frame.accessUnit(), MAX_PAYLOAD_BYTES, (prefix, prefixBytes, src, off, len, last) -> {
            int seq = sequenceNumber++ & 0xFFFF;
            boolean extension = onvif && firstPacket[0];
            firstPacket[0] = false;
            if (loss > 0 && random.nextDouble() < loss) {
                server.stats.rtpPacketsDropped.increment(); // the sequence number is used up: the client sees a gap
                return;
            }
            int rtpBytes = RtpWriter.RTP_HEADER_BYTES + (extension ? RtpWriter.ONVIF_EXTENSION_BYTES : 0) + prefixBytes + len;
            ByteBuf buf = control.alloc().buffer(rtpBytes + 4);
            if (tcp) {
                buf.writeByte('$').writeByte(rtpChannel).writeShort(rtpBytes);
            }
            RtpWriter.writeRtpHeader(buf, last, SdpWriter.PAYLOAD_TYPE, seq, frame.rtpTimestamp(), timeline.ssrc(), extension);
            if (extension) {
                RtpWriter.writeOnvifExtension(buf, ntp, flags, playCseq);
            }
            if (prefixBytes == 2) {
                buf.writeShort(prefix);
            }
            buf.writeBytes(src, off, len);
            write(buf, rtpDestination);
            packetCount++;
            octetCount += prefixBytes + len;
            server.stats.rtpPacketsSent.increment();
        });
        flush();
        server.stats.framesSent.increment();
        if (!reportTimerStarted) {
            // First report right after the first frame, then every interval (RFC 3550 §6.2 lets a sender
            // shorten the initial delay); a camera configured without reports checks again later.
            reportTimerStarted = true;
            reportTick();
        }
    }

    private void reportTick() {
        if (closed) {
            return;
        }
        long intervalMillis = server.settings.senderReportIntervalMillis;
        if (intervalMillis > 0 && playing) {
            sendSenderReport();
        }
        long next = intervalMillis > 0 ? intervalMillis : 500;
        control.eventLoop().schedule(this::reportTick, next, TimeUnit.MILLISECONDS);
    }

    /** Sends SR+SDES describing the media clock at this instant: honest, exactly on the frames' line. */
    void sendSenderReport() {
        long nowUtcMicros = server.nowUtcMicros();
        long ntp = RtpWriter.ntpFromUnixMicros(server.settings.cameraClockMicros(nowUtcMicros));
        long rtp = timeline.rtpTimestampAt(nowUtcMicros);
        ByteBuf buf = control.alloc().buffer(64);
        if (tcp) {
            buf.writeByte('$').writeByte(rtcpChannel).writeShort(0);
        }
        int start = buf.writerIndex();
        RtpWriter.writeSenderReport(buf, timeline.ssrc(), ntp, rtp, packetCount, octetCount, server.cname());
        if (tcp) {
            buf.setShort(2, buf.writerIndex() - start);
        }
        if (tcp ? control.isWritable() : server.udpRtcpChannel() != null) {
            if (tcp) {
                rawWriter.writeAndFlush(buf);
            } else {
                server.udpRtcpChannel().writeAndFlush(new DatagramPacket(buf, rtcpDestination));
            }
            server.stats.senderReportsSent.increment();
        } else {
            buf.release();
        }
    }

    private void write(ByteBuf buf, InetSocketAddress destination) {
        if (tcp) {
            rawWriter.write(buf);
        } else {
            server.udpRtpChannel().write(new DatagramPacket(buf, destination));
        }
    }

    private void flush() {
        if (tcp) {
            rawWriter.flush();
        } else {
            server.udpRtpChannel().flush();
        }
    }
}
