package dev.streamsync.rtsp;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which Netty transport the client's channels use: the native epoll one where it loads (Linux;
 * reads go straight into the buffer's memory, no {@code java.nio.ByteBuffer} per read, fewer system
 * calls), NIO elsewhere. Event loops and channels must match, so the channel classes follow the event
 * loop they are registered with: a group made with {@link #ioHandlerFactory()} gets epoll channels,
 * a NIO group (as tests and applications may pass in) NIO ones.
 *
 * <p>Stateless and thread-safe.
 */
public final class NettyTransport {
    private NettyTransport() {
    }

    /** True when the native epoll transport loaded on this machine. */
    public static boolean nativeEpoll() {
        return Epoll.isAvailable();
    }

    /** The I/O handler for new event loop groups: epoll when available, otherwise NIO. */
    public static IoHandlerFactory ioHandlerFactory() {
        return nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** TCP channel class for a channel registered with {@code loop}. */
    static Class<? extends SocketChannel> socketChannel(EventLoop loop) {
        return epoll(loop) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** UDP channel class for a channel registered with {@code loop}. */
    static Class<? extends DatagramChannel> datagramChannel(EventLoop loop) {
        return epoll(loop) ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    private static boolean epoll(EventLoop loop) {
        return nativeEpoll() && loop instanceof IoEventLoop io && io.isCompatible(EpollIoHandle.class);
    }
}
