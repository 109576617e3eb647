package dev.streamsync.sim.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The RTSP server of one simulated camera: a TCP listener for RTSP (with RTP/RTCP interleaved on
 * the same connection) and a UDP port pair for clients that choose UDP unicast. Frames handed to
 * {@link #deliver} are sent to every playing session after the configured send delay and jitter.
 *
 * <p>Threading: {@link #bind}, {@link #close} and {@link #disconnectAll} are called by the camera's
 * owner (not from an event loop: they wait for sockets to close); {@link #deliver} by the encoder
 * thread; everything per connection runs on that connection's event loop.
 */
public final class RtspCameraServer {

    private static final int MAX_SESSIONS = 64;
    private final EventLoopGroup group;
    private final InetAddress bindAddress;
    private final String path;
    private final RtspAuthenticator authenticator;
    final StreamSettings settings;
    final ServerStats stats;
    private final LongSupplier nowUtcMicros;
    private final Runnable keyframeRequest;
    private final String cname;
    /** Session ids must not be guessable, so they never come from the camera's seed. */
    private final SecureRandom random = new SecureRandom();
    /** Seeds each session's packet-loss choices from the camera's seed, so a seeded camera loses the same packets. */
    private final SplittableRandom lossSeeds;
    private final Map<String, RtspSession> sessions = new ConcurrentHashMap<>();
    private volatile Supplier<String> sdp;
    private volatile RtpTimeline timeline;
    private volatile Channel serverChannel;
    private volatile Channel udpRtp;
    private volatile Channel udpRtcp;
    private volatile ChannelGroup clients;
    private volatile ScheduledFuture<?> timeoutCheck;
    private int port;
    private long lastSendAtNanos;

    /**
     * @param nowUtcMicros    the camera's source of true UTC time in microseconds
     * @param keyframeRequest asked for an IDR when a client starts playing (may do nothing)
     * @param authenticator   null for an open camera
     * @param lossSeed        seed of the sessions' packet-loss choices
     */
    public RtspCameraServer(EventLoopGroup group, InetAddress bindAddress, int port, String path,
            RtspAuthenticator authenticator, StreamSettings settings, ServerStats stats, LongSupplier nowUtcMicros,
            Runnable keyframeRequest, String cname, long lossSeed) {
        this.group = group;
        this.bindAddress = bindAddress;
        this.port = port;
        this.path = path;
        this.authenticator = authenticator;
        this.settings = settings;
        this.stats = stats;
        this.nowUtcMicros = nowUtcMicros;
        this.keyframeRequest = keyframeRequest;
        this.cname = cname;
        this.lossSeeds = new SplittableRandom(lossSeed);
    }

    /** Sets what DESCRIBE returns and the run new sessions join. Call before {@link #bind} and at every restart. */
    public void setMedia(Supplier<String> sdp, RtpTimeline timeline) {
        this.sdp = sdp;
        this.timeline = timeline;
    }

    /**
     * Starts listening. The first bind picks the port (0 = ephemeral); later binds reuse it, so a
     * restarted camera keeps its URL.
     *
     * @throws IllegalStateException if the port cannot be bound
     */
    public synchronized void bind() {
        if (serverChannel != null) {
            return;
        }
        ChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        clients = group;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(this.group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Bounded output: beyond 1 MiB queued the session drops frames (see RtspSession.send).
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        group.add(ch);
                        ch.pipeline().addLast(new InterleavedFrameDecoder(), new RtspDecoder(), new RtspEncoder(),
                                new HttpObjectAggregator(InterleavedFrameDecoder.MAX_BODY_BYTES),
                                new RtspServerHandler(RtspCameraServer.this));
                    }
                });
        try {
            serverChannel = bootstrap.bind(bindAddress, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty's sync rethrows the checked java.net.BindException undeclared: catch Exception, not
            // just RuntimeException, or a failed re-bind (port taken meanwhile) escapes as a BindException.
            throw new IllegalStateException("cannot bind RTSP port " + bindAddress.getHostAddress() + ":" + port, e);
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        bindUdpPair();
        timeoutCheck = serverChannel.eventLoop().scheduleAtFixedRate(this::expireSessions, 5, 5, TimeUnit.SECONDS);
    }

    /** Binds an adjacent even/odd UDP port pair for RTP/RTCP (RFC 3550 §11), or any two ports if none is found. */
    private void bindUdpPair() {
        Bootstrap udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new DatagramDiscarder());
        for (int attempt = 0; attempt < 20; attempt++) {
            Channel rtp = udp.bind(bindAddress, 0).syncUninterruptibly().channel();
            int rtpPort = ((InetSocketAddress) rtp.localAddress()).getPort();
            if ((rtpPort & 1) == 0 && rtpPort < 65535) {
                try {
                    udpRtcp = udp.bind(bindAddress, rtpPort + 1).syncUninterruptibly().channel();
                    udpRtp = rtp;
                    return;
                } catch (RuntimeException e) {
                    // the odd neighbour is taken: try another pair
                }
            }
            rtp.close().syncUninterruptibly();
        }
        udpRtp = udp.bind(bindAddress, 0).syncUninterruptibly().channel();
        udpRtcp = udp.bind(bindAddress, 0).syncUninterruptibly().channel();
    }

    /** Reads and releases receiver reports and NAT "punch" packets that clients send to our UDP ports. */
    @ChannelHandler.Sharable
    private static final class DatagramDiscarder extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            // not used: a simulated camera ignores receiver feedback
        }
    }

    /** Stops listening and closes every connection and session. */
    public synchronized void close() {
        ScheduledFuture<?> check = timeoutCheck;
        if (check != null) {
            check.cancel(false);
        }
        disconnectAll();
        for (Channel ch : new Channel[] {serverChannel, udpRtp, udpRtcp}) {
            if (ch != null) {
                ch.close().syncUninterruptibly();
            }
        }
        serverChannel = null;
        udpRtp = null;
        udpRtcp = null;
    }

    /** Closes every client connection abruptly (TCP reset, SO_LINGER 0); the listener stays up. */
    public void disconnectAll() {
        ChannelGroup group = clients;
        if (group != null) {
            for (Channel ch : group) {
                try {
                    ch.config().setOption(ChannelOption.SO_LINGER, 0);
                } catch (ChannelException e) {
                    // The client closed this connection a moment ago: nothing left to reset.
                }
            }
            group.close().syncUninterruptibly();
        }
        for (RtspSession s : sessions.values()) {
            removeSession(s);
        }
    }

    /**
     * Hands one frame to every playing session, each on its own event loop, after the send delay
     * plus jitter. Send times never go backwards, so jitter delays frames but does not reorder them.
     */
    public void deliver(MediaFrame frame) {
        long delayMicros = settings.sendDelayMicros;
        long jitter = settings.jitterMicros;
        if (jitter > 0) {
            delayMicros += ThreadLocalRandom.current().nextLong(jitter + 1);
        }
        long now = System.nanoTime();
        long sendAt = Math.max(now + delayMicros * 1000, lastSendAtNanos);
        lastSendAtNanos = sendAt;
        long waitNanos = sendAt - now;
        for (RtspSession s : sessions.values()) {
            if (!s.playing) {
                continue;
            }
            if (waitNanos <= 0) {
                s.control.eventLoop().execute(() -> s.send(frame));
            } else {
                s.control.eventLoop().schedule(() -> s.send(frame), waitNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A new session, or null when {@value #MAX_SESSIONS} exist already. */
    RtspSession newSession(Channel control, ChannelHandlerContext rawWriter) {
        if (sessions.size() >= MAX_SESSIONS) {
            return null; // bounded: the handler answers 453 Not Enough Bandwidth
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        RtspSession s = new RtspSession(HexFormat.of().formatHex(id), control, rawWriter, this, nextLossSeed());
        sessions.put(s.id, s);
        stats.sessionsCreated.increment();
        return s;
    }

    private long nextLossSeed() {
        synchronized (lossSeeds) { // sessions are created on several event loops
            return lossSeeds.nextLong();
        }
    }

    void removeSession(RtspSession s) {
        sessions.remove(s.id);
        if (s.control.eventLoop().inEventLoop()) {
            s.close();
        } else {
            s.control.eventLoop().execute(s::close);
        }
    }

    /** Ends sessions silent for longer than their timeout (RFC 2326 §12.37), closing their connection. */
    private void expireSessions() {
        long limit = TimeUnit.SECONDS.toNanos(RtspServerHandler.SESSION_TIMEOUT_SECONDS);
        for (RtspSession s : sessions.values()) {
            s.control.eventLoop().execute(() -> {
                if (System.nanoTime() - s.lastActivityNanos > limit) {
                    removeSession(s);
                    s.control.close();
                }
            });
        }
    }

    /** Asks the encoder for an IDR soon. */
    void requestKeyframe() {
        keyframeRequest.run();
    }

    long nowUtcMicros() {
        return nowUtcMicros.getAsLong();
    }

    /** Number of sessions that exist (set up, playing or paused). */
    public int sessionCount() {
        return sessions.size();
    }

    /** The bound TCP port, or the configured one before the first bind. */
    public int port() {
        return port;
    }

    /** {@code rtsp://host:port/path}, without credentials. */
    public String baseUrl() {
        return "rtsp://" + bindAddress.getHostAddress() + ":" + port + "/" + path;
    }

    String path() {
        return path;
    }

    String sdp() {
        return sdp.get();
    }

    RtpTimeline timeline() {
        return timeline;
    }

    RtspAuthenticator authenticator() {
        return authenticator;
    }

    String cname() {
        return cname;
    }

    Channel udpRtpChannel() {
        return udpRtp;
    }

    Channel udpRtcpChannel() {
        return udpRtcp;
    }

    int udpRtpPort() {
        return ((InetSocketAddress) udpRtp.localAddress()).getPort();
    }

    int udpRtcpPort() {
        return ((InetSocketAddress) udpRtcp.localAddress()).getPort();
    }
}
