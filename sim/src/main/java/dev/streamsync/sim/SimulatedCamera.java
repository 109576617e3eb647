package dev.streamsync.sim;

import dev.streamsync.sim.encode.FrameSource;
import dev.streamsync.sim.encode.LiveFrameSource;
import dev.streamsync.sim.encode.PreEncodedLoop;
import dev.streamsync.sim.h264.AnnexB;
import dev.streamsync.sim.rtsp.AuthScheme;
import dev.streamsync.sim.rtsp.MediaFrame;
import dev.streamsync.sim.rtsp.RtpTimeline;
import dev.streamsync.sim.rtsp.RtspAuthenticator;
import dev.streamsync.sim.rtsp.RtspCameraServer;
import dev.streamsync.sim.rtsp.SdpWriter;
import dev.streamsync.sim.rtsp.ServerStats;
import dev.streamsync.sim.rtsp.StreamSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated RTSP camera: a real RTSP server on 127.0.0.1 streaming synthetic H.264 whose frames
 * carry their true capture time (painted into the pixels and in an SEI), with honest RTCP sender
 * reports on the camera's (possibly wrong) clock and injectable faults.
 *
 * <pre>{@code
 * try (SimulatedCamera cam = SimulatedCamera.builder().width(640).height(360).fps(25)
 *         .clockOffset(Duration.ofMillis(200)).build()) {
 *     cam.start();
 *     URI url = cam.url();          // rtsp://127.0.0.1:PORT/cam
 *     ...
 * }
 * }</pre>
 *
 * <h2>Time</h2>
 * The true capture time of a frame is the injected {@link Clock}'s reading (microseconds) when the
 * frame is generated; the SEI and the painted code carry it. The camera's clock is true time plus
 * {@code clockOffset}: sender reports and the ONVIF extension report capture instants on that clock,
 * so a camera with offset +200 ms reports times 200 ms late, as a misconfigured real camera does.
 * RTP time runs at 90 kHz × (1 + drift ppm) from a random base, and every sender report maps RTP
 * to the camera clock on exactly the line the frames lie on (to one 90 kHz tick).
 *
 * <h2>Threading</h2>
 * Lifecycle methods ({@link #start}, {@link #stop}, {@link #restart}, {@link #disconnect},
 * {@link #close}) are synchronized and block until sockets are closed; never call them from a
 * Netty event loop. Fault setters may be called from any thread at any time. Each camera runs one
 * encoder thread while started; networking runs on the event loop group (shared if given, else one
 * thread of its own, shut down by {@link #close}).
 */
public final class SimulatedCamera implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCamera.class);

    private final Builder config;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final StreamSettings settings = new StreamSettings();
    private final ServerStats stats = new ServerStats();
    private final RtspCameraServer server;
    private final SplittableRandom random;
    private final AtomicBoolean keyframeRequested = new AtomicBoolean();
    private final long sdpSessionId;
    private volatile String sdp;
    private Thread encoderThread;
    private volatile boolean running;
    private boolean closed;

    private SimulatedCamera(Builder b) {
        this.config = b;
        this.random = new SplittableRandom(b.seed != null ? b.seed : new SecureRandom().nextLong());
        this.sdpSessionId = random.nextLong() & Long.MAX_VALUE;
        this.ownGroup = b.group == null;
        this.group = b.group != null ? b.group : newEventLoopGroup(1);
        settings.clockOffsetMicros = micros(b.clockOffset);
        settings.sendDelayMicros = micros(b.sendDelay);
        settings.jitterMicros = micros(b.jitter);
        settings.packetLossProbability = b.packetLossProbability;
        settings.senderReportIntervalMillis = b.senderReportInterval.toMillis();
        settings.onvifExtension = b.onvifExtension;
        RtspAuthenticator auth = b.user == null ? null : new RtspAuthenticator(b.user, b.password, b.schemes);
        this.server = new RtspCameraServer(group, InetAddress.getLoopbackAddress(), b.port, b.path, auth, settings, stats,
                this::nowUtcMicros, () -> keyframeRequested.set(true), "streamsync-sim-" + b.path + "@127.0.0.1",
                random.nextLong());
    }

    /** A builder with defaults: 640x360 at 25 fps, live encoding, ephemeral port, path "cam", no faults, SR every 2 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** A NIO event loop group that several cameras can share (the caller shuts it down after closing them). */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /**
     * Prepares the encoder (pre-encoding the loop if needed), starts listening and starts streaming.
     * Idempotent while started.
     *
     * @throws IllegalStateException if the encoder or the port is unavailable, or the camera is closed
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("camera closed");
        }
        if (running) {
            return;
        }
        FrameSource source = config.mode == EncodingMode.LIVE
                ? new LiveFrameSource(config.width, config.height, config.fps, config.gopFrames, config.bitRateBps())
                : PreEncodedLoop.get(config.width, config.height, config.fps, config.gopFrames, config.bitRateBps(),
                        (int) Math.max(1, config.preEncodedLoop.toMillis() * config.fps / 1000)).source();
        try {
            byte[] sps = source.sps();
            byte[] pps = source.pps();
            sdp = SdpWriter.write(sdpSessionId, config.path, sps, pps, config.fps, config.bitRateBps(), config.width, config.height);
            // A new run: new SSRC and a new random RTP base, as a rebooted camera has (RFC 3550 §5.1, §8).
            RtpTimeline timeline = new RtpTimeline(random.nextInt(), random.nextLong() & 0xFFFF_FFFFL, nowUtcMicros(),
                    config.driftPpm);
            String description = sdp;
            server.setMedia(() -> description, timeline);
            server.bind();
            running = true;
            Thread t = new Thread(() -> streamLoop(source, timeline), "sim-" + config.path + "-encoder");
            t.setDaemon(true);
            encoderThread = t;
            t.start();
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        LOG.info("simulated camera {} streaming {}x{}@{} ({}) at {}", config.path, config.width, config.height, config.fps,
                config.mode, url());
    }

    /** The encoder thread: one frame per interval, paced on System.nanoTime, never bursting to catch up. */
    private void streamLoop(FrameSource source, RtpTimeline timeline) {
        long intervalNanos = 1_000_000_000L / config.fps;
        long next = System.nanoTime();
        try (source) {
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue; // re-check running and the deadline (park may return early)
                }
                long captureTimeUtcMicros = nowUtcMicros();
                byte[] au = source.next(captureTimeUtcMicros, keyframeRequested.getAndSet(false));
                if (au != null) {
                    server.deliver(new MediaFrame(au, captureTimeUtcMicros, timeline.rtpTimestampAt(captureTimeUtcMicros),
                            AnnexB.containsIdr(au), timeline));
                }
                next += intervalNanos;
                if (System.nanoTime() - next > intervalNanos) {
                    next = System.nanoTime(); // fell behind by more than a frame (slow encoder): skip, don't burst
                }
            }
        } catch (RuntimeException e) {
            LOG.error("simulated camera {} stopped streaming", config.path, e);
            running = false;
        }
    }

    /** Stops streaming, closes all connections and stops listening. {@link #start()} serves again on the same port. */
    public synchronized void stop() {
        Thread t = encoderThread;
        running = false;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            encoderThread = null;
        }
        server.close();
    }

    /** Stops and starts again: clients are cut off, and the new run has a new SSRC and RTP base; the URL stays. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Closes every client connection abruptly (TCP reset); the camera keeps serving and clients may reconnect. */
    public void disconnect() {
        server.disconnectAll();
    }

    /** Stops the camera and, if it owns its event loop group, shuts that down. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** {@code rtsp://127.0.0.1:PORT/PATH}, without credentials. The port is known after the first {@link #start()}. */
    public URI url() {
        return URI.create(server.baseUrl());
    }

    /** The URL with the configured user and password in its user-info part (as FFmpeg accepts), or {@link #url()}. */
    public URI urlWithCredentials() {
        if (config.user == null) {
            return url();
        }
        String userInfo = URLEncoder.encode(config.user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(config.password, StandardCharsets.UTF_8);
        return URI.create("rtsp://" + userInfo + "@" + server.baseUrl().substring("rtsp://".length()));
    }

    /** The TCP port of the RTSP server (0 before the first start with an ephemeral port). */
    public int port() {
        return server.port();
    }

    /** The SDP that DESCRIBE returns, or null before the first start. */
    public String sdp() {
        return sdp;
    }

    /** Counters since the camera was built. */
    public ServerStats stats() {
        return stats;
    }

    /** Number of RTSP sessions that exist now. */
    public int sessionCount() {
        return server.sessionCount();
    }

    /** Whether the camera is streaming. */
    public boolean isRunning() {
        return running;
    }

    /** The camera's source of true UTC time, in microseconds. */
    public long nowUtcMicros() {
        Instant now = config.clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
    }

    /** Sets how far the camera's clock is ahead of true time (negative: behind). Applies to the next report or frame. */
    public void setClockOffset(Duration offset) {
        settings.clockOffsetMicros = micros(offset);
    }

    /** Sets the extra time every frame is held before sending (0 = none). At most 10 s. */
    public void setSendDelay(Duration delay) {
        settings.sendDelayMicros = micros(checkDelay(delay));
    }

    /** Sets the upper bound of the random extra hold per frame (0 = none). At most 10 s. */
    public void setJitter(Duration jitter) {
        settings.jitterMicros = micros(checkDelay(jitter));
    }

    /** Sets the probability in [0, 1] that an RTP packet is dropped. */
    public void setPacketLossProbability(double probability) {
        settings.packetLossProbability = checkProbability(probability);
    }

    /** Sets the sender report interval; {@link Duration#ZERO} means the camera sends no reports. */
    public void setSenderReportInterval(Duration interval) {
        settings.senderReportIntervalMillis = checkInterval(interval).toMillis();
    }

    /** Turns the ONVIF RTP header extension (NTP time per access unit) on or off. */
    public void setOnvifExtension(boolean on) {
        settings.onvifExtension = on;
    }

    private static long micros(Duration d) {
        return TimeUnit.SECONDS.toMicros(d.getSeconds()) + d.getNano() / 1000;
    }

    private static Duration checkDelay(Duration d) {
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("delay must be within 0..10 s: " + d);
        }
        return d;
    }

    private static double checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + p);
        }
        return p;
    }

    private static Duration checkInterval(Duration d) {
        if (d.isNegative() || (!d.isZero() && d.toMillis() < 50)) {
            throw new IllegalArgumentException("sender report interval must be 0 (none) or at least 50 ms: " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "SimulatedCamera[" + url() + ", " + config.width + "x" + config.height + "@" + config.fps + ", " + config.mode + "]";
    }

    /** Configures a {@link SimulatedCamera}. Not thread-safe; {@link #build()} copies nothing, so build once. */
    public static final class Builder {
        private int width = 640;
        private int height = 360;
        private int fps = 25;
        private int gopFrames = -1;
        private long bitRateBps = -1;
        private EncodingMode mode = EncodingMode.LIVE;
        private Duration preEncodedLoop = Duration.ofSeconds(2);
        private int port;
        private String path = "cam";
        private Clock clock = Clock.systemUTC();
        private Duration clockOffset = Duration.ZERO;
        private double driftPpm;
        private Duration sendDelay = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private double packetLossProbability;
        private Duration senderReportInterval = Duration.ofSeconds(2);
        private boolean onvifExtension;
        private String user;
        private String password;
        private EnumSet<AuthScheme> schemes = EnumSet.allOf(AuthScheme.class);
        private EventLoopGroup group;
        private Long seed;

        private Builder() {
        }

        /** Picture width in pixels, even, 16..4096. */
        public Builder width(int width) {
            this.width = checkSize(width);
            return this;
        }

        /** Picture height in pixels, even, 16..4096. */
        public Builder height(int height) {
            this.height = checkSize(height);
            return this;
        }

        /** Frames per second, 1..120. */
        public Builder fps(int fps) {
            if (fps < 1 || fps > 120) {
                throw new IllegalArgumentException("fps must be within 1..120: " + fps);
            }
            this.fps = fps;
            return this;
        }

        /** Frames from one IDR to the next; default one second's worth. */
        public Builder keyframeIntervalFrames(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("keyframe interval must be positive: " + frames);
            }
            this.gopFrames = frames;
            return this;
        }

        /** Target bit rate in bits per second; default 0.1 bit per pixel per frame, at least 100 kbit/s. */
        public Builder bitRateBps(long bitRateBps) {
            if (bitRateBps < 10_000) {
                throw new IllegalArgumentException("bit rate below 10 kbit/s: " + bitRateBps);
            }
            this.bitRateBps = bitRateBps;
            return this;
        }

        /** Live encoding (default) or replay of a pre-encoded loop. */
        public Builder encodingMode(EncodingMode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        /** Length of the pre-encoded loop (rounded up to whole keyframe intervals); default 2 s. */
        public Builder preEncodedLoop(Duration length) {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("loop length must be positive");
            }
            this.preEncodedLoop = length;
            return this;
        }

        /** TCP port of the RTSP server on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** URL path without leading slash, letters, digits, '-', '_' and '/' (default "cam"). */
        public Builder path(String path) {
            if (!path.matches("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*")) {
                throw new IllegalArgumentException("bad path: " + path);
            }
            this.path = path;
            return this;
        }

        /** Source of true time (default {@link Clock#systemUTC()}); read once per frame and report. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Camera clock minus true time (default 0). */
        public Builder clockOffset(Duration offset) {
            this.clockOffset = Objects.requireNonNull(offset);
            return this;
        }

        /** Media clock rate error in parts per million (default 0; + = RTP runs fast). */
        public Builder mediaClockDriftPpm(double ppm) {
            if (!(Math.abs(ppm) <= 10_000)) {
                throw new IllegalArgumentException("drift beyond ±10000 ppm: " + ppm);
            }
            this.driftPpm = ppm;
            return this;
        }

        /** Extra hold of every frame before sending (default 0, at most 10 s). */
        public Builder sendDelay(Duration delay) {
            this.sendDelay = checkDelay(delay);
            return this;
        }

        /** Upper bound of the random extra hold per frame (default 0, at most 10 s); frames are not reordered. */
        public Builder jitter(Duration jitter) {
            this.jitter = checkDelay(jitter);
            return this;
        }

        /** Probability that an RTP packet is dropped (default 0). */
        public Builder packetLossProbability(double probability) {
            this.packetLossProbability = checkProbability(probability);
            return this;
        }

        /** Interval between sender reports (default 2 s; the first follows the first frame); ZERO = none. */
        public Builder senderReportInterval(Duration interval) {
            this.senderReportInterval = checkInterval(interval);
            return this;
        }

        /** The camera sends no RTCP sender reports at all, as some real cameras do. */
        public Builder noSenderReports() {
            this.senderReportInterval = Duration.ZERO;
            return this;
        }

        /** Whether the first packet of each access unit carries the ONVIF header extension (default off). */
        public Builder onvifExtension(boolean on) {
            this.onvifExtension = on;
            return this;
        }

        /** Requires authentication with this user and password (every method except OPTIONS). */
        public Builder credentials(String user, String password) {
            if (user.isEmpty() || user.contains(":")) {
                throw new IllegalArgumentException("user must be non-empty and without ':'");
            }
            this.user = user;
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /** The schemes accepted when credentials are set (default: all of them). */
        public Builder authSchemes(AuthScheme first, AuthScheme... more) {
            this.schemes = EnumSet.of(first, more);
            return this;
        }

        /** Shares this event loop group (the camera will not shut it down); default: one thread of its own. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Objects.requireNonNull(group);
            return this;
        }

        /** Seed of SSRCs, RTP bases and packet loss choices, for reproducible runs (default: random). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the camera (not yet started). */
        public SimulatedCamera build() {
            if (gopFrames < 0) {
                gopFrames = fps;
            }
            return new SimulatedCamera(this);
        }

        long bitRateBps() {
            return bitRateBps > 0 ? bitRateBps : Math.max(100_000L, (long) width * height * fps / 10);
        }

        private static int checkSize(int px) {
            if (px < 16 || px > 4096 || (px & 1) != 0) {
                throw new IllegalArgumentException("size must be even and within 16..4096: " + px);
            }
            return px;
        }
    }
}
