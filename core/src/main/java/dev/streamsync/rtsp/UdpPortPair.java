package dev.streamsync.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Binds the client's UDP port pair for one stream: an even RTP port and the next odd RTCP port
 * (RFC 3550 §11, RFC 2326 §12.39 {@code client_port}), retrying a few times when the OS hands out an
 * odd port or the next one is taken.
 *
 * <p>Threading: everything runs on {@code loop}; the callback too.
 */
final class UdpPortPair {
    /** Attempts before giving up; each costs two bind calls at most. */
    static final int MAX_ATTEMPTS = 10;
    private static final int RTP_RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;

    /** The outcome of {@link #bind}. */
    interface Callback {
        /** Both sockets are bound; the caller owns them now. */
        void bound(Channel rtp, Channel rtcp, int rtpPort);

        /** No pair could be bound; nothing is left open. */
        void failed(String reason, Throwable cause);
    }

    /** Binds a pair: {@link #SOCKETS} with real sockets; tests pass one that hands out embedded channels. */
    interface Binder {
        void bind(EventLoop loop, Supplier<ChannelHandler> rtpHandler, Supplier<ChannelHandler> rtcpHandler,
                  BooleanSupplier wanted, Callback callback);
    }

    /** Real UDP sockets on the session's loop. */
    static final Binder SOCKETS = UdpPortPair::bind;

    private UdpPortPair() {
    }

    /**
     * @param wanted false once the session moved on (the sockets are then closed, nothing is reported)
     */
    static void bind(EventLoop loop, Supplier<ChannelHandler> rtpHandler, Supplier<ChannelHandler> rtcpHandler,
                     BooleanSupplier wanted, Callback callback) {
        bind(loop, rtpHandler, rtcpHandler, wanted, callback, 0);
    }

    private static void bind(EventLoop loop, Supplier<ChannelHandler> rtpHandler, Supplier<ChannelHandler> rtcpHandler,
                             BooleanSupplier wanted, Callback callback, int attempt) {
        if (attempt >= MAX_ATTEMPTS) {
            callback.failed("cannot bind an even/odd UDP port pair", null);
            return;
        }
        Bootstrap b = new Bootstrap().group(loop).channel(NettyTransport.datagramChannel(loop))
                .option(ChannelOption.SO_RCVBUF, RTP_RECEIVE_BUFFER_BYTES)
                .handler(rtpHandler.get());
        b.bind(0).addListener((ChannelFuture rtpFuture) -> {
            if (!wanted.getAsBoolean()) {
                rtpFuture.channel().close();
                return;
            }
            if (!rtpFuture.isSuccess()) {
                callback.failed("cannot bind UDP: " + RtspClient.safeMessage(rtpFuture.cause()), rtpFuture.cause());
                return;
            }
            int port = ((InetSocketAddress) rtpFuture.channel().localAddress()).getPort();
            if (port % 2 != 0 || port == 65535) {
                rtpFuture.channel().close();
                bind(loop, rtpHandler, rtcpHandler, wanted, callback, attempt + 1);
                return;
            }
            Bootstrap rb = new Bootstrap().group(loop).channel(NettyTransport.datagramChannel(loop)).handler(rtcpHandler.get());
            rb.bind(port + 1).addListener((ChannelFuture rtcpFuture) -> {
                if (!wanted.getAsBoolean()) {
                    rtpFuture.channel().close();
                    rtcpFuture.channel().close();
                    return;
                }
                if (!rtcpFuture.isSuccess()) {
                    rtpFuture.channel().close();
                    bind(loop, rtpHandler, rtcpHandler, wanted, callback, attempt + 1);
                    return;
                }
                callback.bound(rtpFuture.channel(), rtcpFuture.channel(), port);
            });
        });
    }
}
