package dev.streamsync.rtsp;

import dev.streamsync.clock.ClockMapping;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.sdp.MediaDescription;
import dev.streamsync.sdp.SdpException;
import dev.streamsync.sdp.SdpLimitException;
import dev.streamsync.sdp.SdpParser;
import dev.streamsync.sdp.SessionDescription;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP 1.0 client (RFC 2326) for one camera: OPTIONS, DESCRIBE, SETUP of the supported video
 * tracks (at most {@link RtspClientConfig#maxVideoTracks()}), PLAY, keepalive, TEARDOWN; transport
 * {@link RtspTransport#AUTO} (TCP interleaved, UDP when the server answers 461), TCP, or UDP with
 * fallback to TCP; RTSPS; Basic and Digest authentication; redirects (a loop ends the attempt).
 * Media goes to an {@link RtspStreamListener} as {@link AccessUnit}s with the stream's {@link ClockMapping}.
 *
 * <p>Parts: requests, authentication and negotiation are here; the periodic timers and the session
 * clock are {@link SessionTimers} (on the loop's ticker, so tests move time), the media watchdog's rule
 * is {@link MediaWatchdog}, UDP ports come from {@link UdpPortPair}, interleaved frames are routed by
 * {@link InterleavedDemux}, each track's RTP/RTCP is an {@link RtspStream}.
 *
 * <pre>{@code
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(NettyTransport.ioHandlerFactory()); // shared by all cameras
 * RtspClient client = new RtspClient(group, RtspClientConfig.builder("rtsp://user:pw@cam/stream").build(), listener);
 * client.start().get();    // completes when PLAY was answered, or fails with an RtspException
 * ...
 * client.close();          // TEARDOWN, close sockets; listener.onEnd(CLOSED)
 * }</pre>
 *
 * <p>Threading: the session runs on one event loop of the group chosen at construction; every
 * listener call happens there. Public methods may be called from any thread; {@link #close()} blocks
 * (bounded) and must not be called on the event loop (use {@link #closeAsync()} there).
 *
 * <p>Failures are reported once, typed ({@link RtspResponseException}, {@link RtspAuthenticationException},
 * {@link RtspFramingException}, {@link RtspDescriptionException}, {@link RtspTimeoutException},
 * {@link RtspConnectionException}) and say how far the session had come ({@link RtspException#phase()});
 * the client never reconnects by itself (except following a
 * redirect or falling back from UDP to TCP during setup): retry policy belongs to the caller. While
 * playing, no RTP within {@link RtspClientConfig#noDataTimeoutMillis()} after PLAY, or none for that
 * long after streaming (a stall with the connection open), fails the session with an
 * {@link RtspTimeoutException} naming the timeout.
 * Credentials never appear in logs, exceptions or {@code toString}.
 */
public final class RtspClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtspClient.class);
    private static final long TEARDOWN_WAIT_MILLIS = 1_000;
    private static final long REORDER_MAX_HOLD_NANOS = 50_000_000L;
    private static final String CNAME = "streamsync";

    private final EventLoop loop;
    private final Connector connector;
    private final UdpPortPair.Binder udpBinder;
    private final RtspStreamListener listener;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final byte[] scratch = new byte[65536];
    private final byte[] rtcpOut = new byte[256];
    private final SessionTimers timers;
    private final InterleavedDemux demux = new InterleavedDemux(scratch);
    /** URLs this session was sent to by redirects (and the first), without credentials: a second visit is a loop. */
    private final java.util.Set<String> visitedUrls = new java.util.HashSet<>();
    private MediaWatchdog watchdog;

    private RtspClientConfig config;
    private volatile RtspSessionState state = RtspSessionState.NEW;
    private volatile List<RtspStream> streams = List.of();
    private volatile SessionDescription sessionDescription;
    private volatile RtspTransport activeTransport;
    private final RtspRequester requests;
    private Channel channel;
    private final List<Channel> udpChannels = new ArrayList<>();
    private int generation;
    private int redirects;
    private int sessionTimeoutSeconds = 60;
    private boolean getParameterSupported;
    private String baseUrl;
    private int setupIndex;
    private boolean finished;
    private boolean listenerFailureLogged;
    private long listenerFailures;

    /**
     * @param group    event loops shared by all cameras; not owned (not shut down by this client)
     * @param config   this camera's configuration
     * @param listener receives access units and the session's fate, on the event loop
     */
    public RtspClient(EventLoopGroup group, RtspClientConfig config, RtspStreamListener listener) {
        this(Objects.requireNonNull(group, "group").next(), config, listener, null);
    }

    /**
     * Opens the control connection: the default uses a {@link Bootstrap} on the session's loop; tests
     * pass one that hands out {@code EmbeddedChannel}s.
     */
    interface Connector {
        ChannelFuture connect(EventLoop loop, ChannelInitializer<Channel> initializer, String host, int port, int timeoutMillis);
    }

    private static ChannelFuture bootstrapConnect(EventLoop loop, ChannelInitializer<Channel> initializer, String host, int port,
                                                  int timeoutMillis) {
        return new Bootstrap()
                .group(loop)
                .channel(NettyTransport.socketChannel(loop))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer)
                .connect(host, port);
    }

    RtspClient(EventLoop loop, RtspClientConfig config, RtspStreamListener listener, Connector connector) {
        this(loop, config, listener, connector, UdpPortPair.SOCKETS);
    }

    /** With the UDP port pairs from {@code udpBinder} (tests: embedded channels instead of sockets). */
    RtspClient(EventLoop loop, RtspClientConfig config, RtspStreamListener listener, Connector connector,
               UdpPortPair.Binder udpBinder) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.connector = connector != null ? connector : RtspClient::bootstrapConnect;
        this.udpBinder = Objects.requireNonNull(udpBinder, "udpBinder");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.activeTransport = TransportNegotiation.first(config.transport());
        this.timers = new SessionTimers(this.loop);
        this.visitedUrls.add(config.url().toString());
        this.requests = new RtspRequester(new RtspRequester.Owner() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public RtspClientConfig config() {
                return RtspClient.this.config;
            }

            @Override
            public String url() {
                return RtspClient.this.url();
            }

            @Override
            public boolean finished() {
                return finished;
            }

            @Override
            public void fail(RtspException e) {
                RtspClient.this.fail(e);
            }

            @Override
            public void redirect(String method, FullHttpResponse response) {
                onRedirect(method, response);
            }
        }, timers, config.credentials().map(RtspAuthenticator::new).orElse(null));
    }

    /** Connects and negotiates; the future completes when PLAY was answered, or fails with an {@link RtspException}. */
    public CompletableFuture<Void> start() {
        loop.execute(() -> {
            if (state != RtspSessionState.NEW) {
                return;
            }
            connect();
        });
        return started;
    }

    /** Completes when the session has ended for any reason (after {@link RtspStreamListener#onEnd}). */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Current state; safe from any thread. */
    public RtspSessionState state() {
        return state;
    }

    /** The video streams set up so far (empty before SETUP); safe from any thread. */
    public List<RtspStream> streams() {
        return streams;
    }

    /** The DESCRIBE answer, once received. */
    public Optional<SessionDescription> sessionDescription() {
        return Optional.ofNullable(sessionDescription);
    }

    /**
     * The transport in use, TCP or UDP, never {@link RtspTransport#AUTO}: with AUTO, TCP until the
     * server answers 461; with UDP, TCP after a fallback.
     */
    public RtspTransport activeTransport() {
        return activeTransport;
    }

    /** The URL in use, without credentials (differs from the configured one after a redirect). */
    public String url() {
        return config.url().toString();
    }

    /** Sends TEARDOWN (bounded wait), closes every socket and ends the session with {@link RtspEndReason#CLOSED}. */
    public CompletableFuture<Void> closeAsync() {
        loop.execute(this::closeOnLoop);
        return ended;
    }

    /** {@link #closeAsync()} and wait for it (at most a few seconds). Do not call on the event loop. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("close() would block the event loop; use closeAsync()");
        }
        try {
            closeAsync().get(TEARDOWN_WAIT_MILLIS + config.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("close of {} did not finish in time: {}", url(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "RtspClient{" + url() + ", " + state + ", " + activeTransport + '}';
    }

    // ---------------------------------------------------------------- connection

    private void setState(RtspSessionState s) {
        if (state == s) {
            return;
        }
        state = s;
        try {
            listener.onStateChange(s);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void connect() {
        requests.newConnection();
        activeTransport = TransportNegotiation.first(config.transport());
        setState(RtspSessionState.CONNECTING);
        final int gen = ++generation;
        URI url = config.url();
        SslContext ssl = null;
        if (config.tls()) {
            try {
                ssl = config.sslContext().isPresent() ? config.sslContext().get() : SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                // A local configuration problem, not a connection failure.
                fail(new RtspException("cannot create TLS context: " + e.getMessage(), url(), e));
                return;
            }
        }
        final SslContext sslContext = ssl;
        ChannelInitializer<Channel> init = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (sslContext != null) {
                    ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc(), url.getHost(), config.port()));
                }
                // RTP/RTCP frames go straight to the streams during decoding (no message object per packet).
                ch.pipeline().addLast("interleaved", new InterleavedFrameDecoder(config.maxHeaderBytes(),
                        config.maxBodyBytes(), config.maxInterleavedBytes(), url(), (channel, buf, index, length) -> {
                            if (gen == generation && !finished && demux.onFrame(channel, buf, index, length, System.nanoTime())) {
                                checkAllBye();
                            }
                        }));
                HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                        .setMaxInitialLineLength(config.maxHeaderBytes())
                        .setMaxHeaderSize(config.maxHeaderBytes())
                        .setMaxChunkSize(config.maxBodyBytes())
                        // Quirk: LF-only line ends from some cameras; Netty's strict parsing rejects them.
                        .setStrictLineParsing(false)
                        .setValidateHeaders(false);
                ch.pipeline().addLast("rtsp-decoder", new RtspDecoder(decoderConfig));
                ch.pipeline().addLast("rtsp-aggregator", new HttpObjectAggregator(config.maxBodyBytes()));
                ch.pipeline().addLast("rtsp-encoder", new RtspEncoder());
                ch.pipeline().addLast("control", new ControlHandler(gen));
            }
        };
        ChannelFuture f = connector.connect(loop, init, url.getHost(), config.port(),
                (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()));
        channel = f.channel();
        f.addListener(result -> {
            if (gen != generation || finished) {
                f.channel().close();
                return;
            }
            if (!result.isSuccess()) {
                Throwable cause = result.cause();
                if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                    fail(new RtspTimeoutException("connect timed out after " + config.connectTimeoutMillis() + " ms", url()));
                } else {
                    // The socket error stays attached: its type (ConnectException, UnknownHostException,
                    // NoRouteToHostException ...) says what went wrong; its message names host and port only.
                    fail(new RtspConnectionException("cannot connect: " + safeMessage(cause), url(), cause));
                }
                return;
            }
            setState(RtspSessionState.NEGOTIATING);
            sendOptions();
        });
    }

    static String safeMessage(Throwable t) {
        return t == null ? "unknown" : RtspUrls.redact(String.valueOf(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
    }

    /** Closes the current connection without ending the session (redirect, UDP fallback). */
    private void dropConnection() {
        generation++;
        requests.newConnection();
        timers.cancelAll();
        if (channel != null) {
            channel.close();
            channel = null;
        }
        closeUdp();
        demux.clear();
        setupIndex = 0;
    }

    private void closeUdp() {
        for (Channel c : udpChannels) {
            c.close();
        }
        udpChannels.clear();
    }

    // ---------------------------------------------------------------- redirects

    private void send(String method, String uri, List<String[]> headers, Consumer<FullHttpResponse> onResponse) {
        requests.send(method, uri, headers, onResponse);
    }

    /** A 3xx before any session (RFC 2326 §11.3): follow Location, at most maxRedirects times, never in a loop. */
    private void onRedirect(String method, FullHttpResponse r) {
        String location = r.headers().get(io.netty.handler.codec.http.HttpHeaderNames.LOCATION);
        if (location == null || location.isBlank()) {
            fail(new RtspResponseException(method, url(), r.status().code(), r.status().reasonPhrase() + " without Location"));
            return;
        }
        if (++redirects > config.maxRedirects()) {
            fail(new RtspResponseException(method, url(), r.status().code(), "too many redirects (maxRedirects "
                    + config.maxRedirects() + ")"));
            return;
        }
        URI target;
        try {
            target = URI.create(RtspUrls.resolveControl(config.url().toString(), location.strip()));
            if (target.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            fail(new RtspResponseException(method, url(), r.status().code(), "unusable Location " + RtspUrls.redact(location)));
            return;
        }
        String targetUrl = RtspUrls.stripUserInfo(target).toString();
        if (!visitedUrls.add(targetUrl)) {
            // A server redirecting to itself (or A -> B -> A) would have us open maxRedirects + 1
            // connections per attempt; the second visit of a URL ends the attempt (one failure).
            fail(new RtspResponseException(method, url(), r.status().code(), "redirect loop: " + targetUrl
                    + " was visited before in this attempt"));
            return;
        }
        LOG.info("{}: redirected to {}", url(), RtspUrls.redact(target.toString()));
        RtspCredentials fromLocation = RtspUrls.credentialsOf(target).orElse(null);
        config = config.with(target, config.transport());
        if (fromLocation != null) {
            requests.authenticator(new RtspAuthenticator(fromLocation));
        }
        dropConnection();
        connect();
    }

    // ---------------------------------------------------------------- negotiation

    private void sendOptions() {
        send("OPTIONS", config.url().toString(), List.of(), r -> {
            // Quirk: some cameras answer OPTIONS with an error but serve DESCRIBE fine; go on.
            getParameterSupported = RtspHeaderValues.publicHas(r.headers().get(RtspHeaderNames.PUBLIC), "GET_PARAMETER");
            sendDescribe();
        });
    }

    private void sendDescribe() {
        List<String[]> h = List.<String[]>of(new String[] {"Accept", "application/sdp"});
        send("DESCRIBE", config.url().toString(), h, r -> {
            if (!isSuccess(r)) {
                fail(new RtspResponseException("DESCRIBE", url(), r.status().code(), r.status().reasonPhrase()));
                return;
            }
            String body = r.content().toString(StandardCharsets.UTF_8);
            SessionDescription sdp;
            try {
                sdp = SdpParser.parse(body);
            } catch (SdpLimitException e) {
                fail(new RtspLimitException("DESCRIBE answer: " + e.getMessage(), url(), e.limitName(), e.limit()));
                return;
            } catch (SdpException e) {
                fail(new RtspDescriptionException("DESCRIBE answer is not usable SDP: " + e.getMessage(), url(), e));
                return;
            }
            List<MediaDescription> video = sdp.supportedVideo();
            if (video.isEmpty()) {
                fail(new RtspDescriptionException("no H.264 or H.265 video track in the session description", url(), null));
                return;
            }
            sessionDescription = sdp;
            baseUrl = baseUrl(r);
            if (video.size() > config.maxVideoTracks()) {
                // Only the tracks set up get a stream (and buffers, created at their first packet).
                LOG.info("{}: the session description lists {} video tracks; setting up the first {} (maxVideoTracks)",
                        url(), video.size(), config.maxVideoTracks());
                video = video.subList(0, config.maxVideoTracks());
            }
            List<RtspStream> list = new ArrayList<>();
            for (int i = 0; i < video.size(); i++) {
                String control = RtspUrls.resolveControl(baseUrl, video.get(i).control());
                list.add(new RtspStream(i, video.get(i), control, config, streamEvents));
            }
            streams = Collections.unmodifiableList(list);
            setupIndex = 0;
            setupNext();
        });
    }

    /** Content-Base, else Content-Location, else the request URL (RFC 2326 §C.1.1). */
    private String baseUrl(FullHttpResponse r) {
        for (CharSequence name : new CharSequence[] {RtspHeaderNames.CONTENT_BASE, RtspHeaderNames.CONTENT_LOCATION}) {
            String v = r.headers().get(name);
            if (v != null && !v.isBlank()) {
                String s = v.strip();
                if (s.toLowerCase(Locale.ROOT).startsWith("rtsp")) {
                    return RtspUrls.stripUserInfo(URI.create(RtspUrls.redact(s))).toString();
                }
                return RtspUrls.resolveControl(config.url().toString(), s);
            }
        }
        return config.url().toString();
    }

    private void setupNext() {
        if (setupIndex >= streams.size()) {
            sendPlay();
            return;
        }
        RtspStream stream = streams.get(setupIndex);
        if (activeTransport == RtspTransport.UDP) {
            setupUdp(stream);
        } else {
            int ch = setupIndex * 2;
            sendSetup(stream, "RTP/AVP/TCP;unicast;interleaved=" + ch + "-" + (ch + 1), ch, -1, -1);
        }
    }

    private void setupUdp(RtspStream stream) {
        final int gen = generation;
        udpBinder.bind(loop, () -> new UdpHandler(gen, stream, true), () -> new UdpHandler(gen, stream, false),
                () -> gen == generation && !finished, new UdpPortPair.Callback() {
                    @Override
                    public void bound(Channel rtp, Channel rtcp, int rtpPort) {
                        udpChannels.add(rtp);
                        udpChannels.add(rtcp);
                        stream.udpRtp = rtp;
                        stream.udpRtcp = rtcp;
                        sendSetup(stream, "RTP/AVP;unicast;client_port=" + rtpPort + "-" + (rtpPort + 1), -1, rtpPort, rtpPort + 1);
                    }

                    @Override
                    public void failed(String reason, Throwable cause) {
                        fail(new RtspException(reason, url(), cause));
                    }
                });
    }

    private void sendSetup(RtspStream stream, String transport, int requestedChannel, int rtpPort, int rtcpPort) {
        List<String[]> h = List.<String[]>of(new String[] {"Transport", transport});
        send("SETUP", stream.controlUrlUnredacted(), h, r -> {
            int status = r.status().code();
            RtspTransport retry = status == TransportNegotiation.UNSUPPORTED_TRANSPORT
                    ? TransportNegotiation.after461(config.transport(), activeTransport, setupIndex) : null;
            if (retry != null) {
                // The other transport on the same connection: no session exists yet.
                LOG.info("{}: server refuses {} (461 Unsupported Transport); trying {}", url(), activeTransport, retry);
                closeUdp();
                activeTransport = retry;
                setupNext();
                return;
            }
            if (!isSuccess(r)) {
                fail(new RtspResponseException("SETUP", stream.controlUrl(), status, r.status().reasonPhrase()));
                return;
            }
            RtspHeaderValues.Session s = RtspHeaderValues.session(r.headers().get(RtspHeaderNames.SESSION));
            if (s == null && requests.sessionId() == null) {
                fail(new RtspResponseException("SETUP", stream.controlUrl(), status, "answer without Session header"));
                return;
            }
            if (s != null) {
                requests.sessionId(s.id());
                sessionTimeoutSeconds = s.timeoutSeconds();
            }
            RtspHeaderValues.Transport t = RtspHeaderValues.transport(r.headers().get(RtspHeaderNames.TRANSPORT));
            if (activeTransport == RtspTransport.TCP) {
                // The server may pick other channels than asked (RFC 2326 §12.39); use its choice.
                stream.interleavedRtp = t.interleavedRtp() >= 0 ? t.interleavedRtp() : requestedChannel;
                stream.interleavedRtcp = t.interleavedRtcp() >= 0 ? t.interleavedRtcp() : requestedChannel + 1;
                stream.enableReorder(false);
                demux.route(stream, stream.interleavedRtp, stream.interleavedRtcp);
            } else {
                String host = t.source().isEmpty() ? config.url().getHost() : t.source();
                stream.serverRtcpAddress = t.serverRtcpPort() > 0 ? new InetSocketAddress(host, t.serverRtcpPort()) : null;
                stream.serverRtpAddress = t.serverRtpPort() > 0 ? new InetSocketAddress(host, t.serverRtpPort()) : null;
                stream.enableReorder(true);
                punchHoles(stream);
            }
            setupIndex++;
            setupNext();
        });
    }

    /** Sends one tiny datagram to each server port so NAT and firewalls let the server's packets in. */
    private void punchHoles(RtspStream stream) {
        if (stream.serverRtpAddress != null && stream.udpRtp != null) {
            stream.udpRtp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0, 0}), stream.serverRtpAddress));
        }
        if (stream.serverRtcpAddress != null && stream.udpRtcp != null) {
            int n = stream.writeReceiverReportOrEmpty(rtcpOut, System.nanoTime(), CNAME);
            if (n > 0) {
                stream.udpRtcp.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(rtcpOut, 0, n), stream.serverRtcpAddress));
            }
        }
    }

    private String sessionControlUrl() {
        SessionDescription sdp = sessionDescription;
        if (sdp == null || sdp.control().isEmpty()) {
            return baseUrl;
        }
        return RtspUrls.resolveControl(baseUrl, sdp.control());
    }

    private void sendPlay() {
        List<String[]> h = List.<String[]>of(new String[] {"Range", "npt=0.000-"});
        send("PLAY", sessionControlUrl(), h, r -> {
            if (!isSuccess(r)) {
                fail(new RtspResponseException("PLAY", url(), r.status().code(), r.status().reasonPhrase()));
                return;
            }
            OptionalLong clock = RtspHeaderValues.rangeClockStartUtcMicros(r.headers().get(RtspHeaderNames.RANGE));
            List<RtspHeaderValues.RtpInfo> infos = RtspHeaderValues.rtpInfo(r.headers().get(RtspHeaderNames.RTP_INFO));
            for (RtspStream s : streams) {
                RtspHeaderValues.RtpInfo info = matchRtpInfo(infos, s);
                s.onPlayResponse(info == null ? -1 : info.rtpTimestamp(), clock.orElse(-1));
            }
            watchdog = new MediaWatchdog(config.noDataTimeoutMillis(), config.udpFallbackTimeoutMillis());
            watchdog.onPlay(timers.nowNanos(), validRtpPackets());
            setState(RtspSessionState.PLAYING);
            startTimers();
            started.complete(null);
        });
    }

    /** The RTP-Info entry of a stream: by URL (exact, then suffix), else by position. */
    private static RtspHeaderValues.RtpInfo matchRtpInfo(List<RtspHeaderValues.RtpInfo> infos, RtspStream s) {
        String control = s.controlUrlUnredacted();
        for (RtspHeaderValues.RtpInfo i : infos) {
            if (i.url().equals(control)) {
                return i;
            }
        }
        for (RtspHeaderValues.RtpInfo i : infos) {
            // Quirk: servers write the URL relative, or with another host form; match the tail.
            if (!i.url().isEmpty() && (control.endsWith(i.url()) || i.url().endsWith(s.media().control()) && !s.media().control().isEmpty())) {
                return i;
            }
        }
        return s.index() < infos.size() ? infos.get(s.index()) : null;
    }

    private static boolean isSuccess(FullHttpResponse r) {
        return r.status().code() >= 200 && r.status().code() < 300;
    }

    // ---------------------------------------------------------------- playing

    private void startTimers() {
        long keepaliveMillis = Math.max(1_000L, sessionTimeoutSeconds * 1000L / 2);
        timers.every(keepaliveMillis, keepaliveMillis, this::keepalive);
        long rr = config.receiverReportIntervalMillis();
        timers.every(Math.min(rr, 1_000), rr, this::sendReceiverReports);
        // UDP: the tick also bounds how long the reorder window holds a packet.
        long tick = activeTransport == RtspTransport.UDP ? 20 : 250;
        timers.every(tick, tick, this::watchdog);
    }

    private void keepalive() {
        if (state != RtspSessionState.PLAYING || requests.busy()) {
            return;
        }
        // GET_PARAMETER when the server lists it in Public, else OPTIONS (RFC 2326 §10.8, §A); the
        // answer's status does not matter, only that the session stays alive.
        String method = getParameterSupported ? "GET_PARAMETER" : "OPTIONS";
        send(method, sessionControlUrl(), List.of(), r -> { });
    }

    private void sendReceiverReports() {
        if (state != RtspSessionState.PLAYING) {
            return;
        }
        long now = System.nanoTime();
        for (RtspStream s : streams) {
            int n = s.writeReceiverReportOrEmpty(rtcpOut, now, CNAME);
            if (n == 0) {
                continue;
            }
            if (activeTransport == RtspTransport.TCP) {
                if (channel != null && channel.isActive() && s.interleavedRtcp >= 0) {
                    ByteBuf out = channel.alloc().buffer(4 + n);
                    out.writeByte('$').writeByte(s.interleavedRtcp).writeShort(n).writeBytes(rtcpOut, 0, n);
                    channel.writeAndFlush(out);
                }
            } else if (s.udpRtcp != null && s.serverRtcpAddress != null) {
                s.udpRtcp.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(rtcpOut, 0, n), s.serverRtcpAddress));
            }
        }
    }

    /** Valid RTP packets on every stream of the session so far. */
    private long validRtpPackets() {
        long n = 0;
        for (RtspStream s : streams) {
            n += s.validRtpPackets();
        }
        return n;
    }

    private void watchdog() {
        if (state != RtspSessionState.PLAYING) {
            return;
        }
        long now = System.nanoTime();
        for (RtspStream s : streams) {
            s.flushReorder(now, REORDER_MAX_HOLD_NANOS);
        }
        boolean udpFallback = TransportNegotiation.udpFallbackAllowed(config.transport(), activeTransport);
        MediaWatchdog.Verdict verdict = watchdog.check(timers.nowNanos(), validRtpPackets(), udpFallback);
        switch (verdict) {
            case OK -> { }
            case UDP_FALLBACK -> {
                LOG.info("{}: {}; reconnecting over TCP", url(), watchdog.message(verdict));
                teardownQuietly();
                config = config.with(config.url(), RtspTransport.TCP);
                streams = List.of();
                dropConnection();
                connect();
            }
            case NO_DATA_AFTER_PLAY, STALLED -> fail(new RtspTimeoutException(watchdog.message(verdict)
                    + "; transport " + activeTransport, url()));
        }
    }

    private void teardownQuietly() {
        if (requests.sessionId() != null) {
            requests.sendWithoutAnswer("TEARDOWN", sessionControlUrl());
        }
    }

    private final RtspStream.Events streamEvents = new RtspStream.Events() {
        @Override
        public void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock) {
            try {
                listener.onAccessUnit(stream, unit, clock);
            } catch (RuntimeException e) {
                listenerFailed(e);
            }
        }

        @Override
        public void onStreamFailure(RtspException error) {
            fail(error);
        }
    };

    private void listenerFailed(RuntimeException e) {
        listenerFailures++;
        if (!listenerFailureLogged) {
            listenerFailureLogged = true;
            LOG.warn("{}: listener threw (logged once, counted: see listenerFailures)", url(), e);
        }
    }

    /** Sockets of this client still open (control connection and UDP); 0 once ended. For tests and diagnostics. */
    int openChannelCount() {
        java.util.concurrent.CompletableFuture<Integer> f = new java.util.concurrent.CompletableFuture<>();
        Runnable count = () -> {
            int n = channel != null && channel.isOpen() ? 1 : 0;
            for (Channel c : udpChannels) {
                n += c.isOpen() ? 1 : 0;
            }
            f.complete(n);
        };
        if (loop.inEventLoop()) {
            count.run();
        } else {
            loop.execute(count);
        }
        return f.join();
    }

    /** Exceptions thrown by the listener so far (caught and counted, never propagated). */
    public long listenerFailures() {
        return listenerFailures;
    }

    private void checkAllBye() {
        if (streams.isEmpty()) {
            return;
        }
        for (RtspStream s : streams) {
            if (!s.byeReceived()) {
                return;
            }
        }
        LOG.info("{}: RTCP BYE on every stream; session ended by the server", url());
        end(RtspEndReason.SERVER_ENDED, null);
    }

    /** Answers a request the server sent us (OPTIONS / GET_PARAMETER keepalive probes, ANNOUNCE ...). */
    private void onServerRequest(ChannelHandlerContext ctx, FullHttpRequest req) {
        String method = req.method().name();
        HttpResponseStatus status = method.equals("OPTIONS") || method.equals("GET_PARAMETER") || method.equals("SET_PARAMETER")
                ? HttpResponseStatus.OK : HttpResponseStatus.NOT_IMPLEMENTED;
        FullHttpResponse res = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status);
        String cs = req.headers().get(RtspHeaderNames.CSEQ);
        if (cs != null) {
            res.headers().set("CSeq", cs);
        }
        res.headers().set("Content-Length", "0");
        ctx.writeAndFlush(res);
    }

    // ---------------------------------------------------------------- ending

    private void closeOnLoop() {
        if (finished) {
            return;
        }
        if (state == RtspSessionState.NEW) {
            end(RtspEndReason.CLOSED, null);
            return;
        }
        setState(RtspSessionState.CLOSING);
        timers.cancelAll();
        if (channel != null && channel.isActive() && requests.sessionId() != null) {
            requests.cancel();
            send("TEARDOWN", sessionControlUrl(), List.of(), r -> end(RtspEndReason.CLOSED, null));
            timers.once(TEARDOWN_WAIT_MILLIS, () -> end(RtspEndReason.CLOSED, null));
        } else {
            end(RtspEndReason.CLOSED, null);
        }
    }

    private void fail(RtspException e) {
        if (finished) {
            return;
        }
        if (state == RtspSessionState.CLOSING) {
            end(RtspEndReason.CLOSED, null);
            return;
        }
        LOG.warn("{}: session failed: {}", url(), e.getMessage());
        end(RtspEndReason.FAILED, e);
    }

    private void end(RtspEndReason reason, RtspException error) {
        if (finished) {
            return;
        }
        RtspPhase phase = phase();
        finished = true;
        generation++;
        requests.cancel();
        timers.cancelAll();
        if (channel != null) {
            channel.close();
        }
        closeUdp();
        state = RtspSessionState.ENDED;
        if (error != null) {
            error.phase(phase);
            started.completeExceptionally(error);
        } else if (!started.isDone()) {
            RtspConnectionException early = new RtspConnectionException("session ended (" + reason + ") before PLAY", url(), null);
            early.phase(phase);
            started.completeExceptionally(early);
        }
        try {
            listener.onStateChange(RtspSessionState.ENDED);
            if (error != null) {
                listener.onError(error);
            }
            listener.onEnd(reason);
        } catch (RuntimeException ex) {
            listenerFailed(ex);
        }
        ended.complete(null);
    }

    /** How far the session has come, recorded on the failure about to be reported. */
    private RtspPhase phase() {
        return switch (state) {
            case NEW, CONNECTING -> RtspPhase.CONNECTING;
            case NEGOTIATING -> requests.answered() ? RtspPhase.NEGOTIATING : RtspPhase.AWAITING_FIRST_ANSWER;
            case PLAYING -> RtspPhase.PLAYING;
            // Closing (only the "ended before PLAY" of a close() is reported from here): as far as it got.
            case CLOSING, ENDED -> started.isDone() ? RtspPhase.PLAYING
                    : requests.answered() ? RtspPhase.NEGOTIATING : RtspPhase.AWAITING_FIRST_ANSWER;
        };
    }

    // ---------------------------------------------------------------- handlers

    private final class ControlHandler extends SimpleChannelInboundHandler<Object> {
        private final int gen;

        ControlHandler(int gen) {
            super(false);
            this.gen = gen;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            try {
                if (gen != generation || finished) {
                    return;
                }
                if (msg instanceof FullHttpResponse r) {
                    requests.onResponse(r);
                } else if (msg instanceof FullHttpRequest req) {
                    onServerRequest(ctx, req);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (gen != generation || finished) {
                return;
            }
            if (state == RtspSessionState.CLOSING) {
                end(RtspEndReason.CLOSED, null);
            } else {
                fail(new RtspConnectionException("connection closed by the server (state " + state + ")", url(), null));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (gen != generation || finished) {
                ctx.close();
                return;
            }
            if (cause instanceof DecoderException && cause.getCause() instanceof RtspFramingException fe) {
                fail(fe);
            } else if (cause instanceof TooLongFrameException) {
                // Netty's decoder and aggregator enforce maxHeaderBytes and maxBodyBytes this way.
                fail(new RtspFramingException("the server's answer exceeds a configured limit (header block "
                        + config.maxHeaderBytes() + " B, body " + config.maxBodyBytes() + " B): " + safeMessage(cause), url()));
            } else if (cause instanceof DecoderException) {
                fail(new RtspFramingException("unreadable data from the server: " + safeMessage(cause.getCause()), url()));
            } else if (cause instanceof IOException) {
                fail(new RtspConnectionException("connection lost: " + safeMessage(cause), url(), null));
            } else {
                fail(new RtspConnectionException("connection failed: " + safeMessage(cause), url(), null));
            }
        }
    }

    private final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final int gen;
        private final RtspStream stream;
        private final boolean rtp;

        UdpHandler(int gen, RtspStream stream, boolean rtp) {
            this.gen = gen;
            this.stream = stream;
            this.rtp = rtp;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (gen != generation || finished || state != RtspSessionState.PLAYING && state != RtspSessionState.NEGOTIATING) {
                return;
            }
            ByteBuf c = packet.content();
            int len = Math.min(c.readableBytes(), scratch.length);
            c.getBytes(c.readerIndex(), scratch, 0, len);
            if (rtp) {
                stream.onRtp(scratch, 0, len, System.nanoTime());
            } else {
                stream.onRtcp(scratch, 0, len, System.nanoTime());
                checkAllBye();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and similar: a UDP socket error is not a session failure; the
            // no-data watchdog decides.
            LOG.debug("{}: UDP socket error ignored: {}", url(), safeMessage(cause));
        }
    }
}
