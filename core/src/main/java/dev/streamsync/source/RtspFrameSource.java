package dev.streamsync.source;

import dev.streamsync.api.Camera;
import dev.streamsync.api.CameraFailure;
import dev.streamsync.api.FailureKind;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.decode.DecodingStage;
import dev.streamsync.rtcp.ClockMapping;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtsp.RtspClient;
import dev.streamsync.rtsp.RtspClientConfig;
import dev.streamsync.rtsp.RtspEndReason;
import dev.streamsync.rtsp.RtspException;
import dev.streamsync.rtsp.RtspStream;
import dev.streamsync.rtsp.RtspStreamListener;
import dev.streamsync.rtsp.RtspStreamStats;
import dev.streamsync.rtsp.RtspTransport;
import dev.streamsync.sync.FrameSink;
import dev.streamsync.sync.FrameSource;
import dev.streamsync.sync.MicrosClock;
import dev.streamsync.sync.SourceStats;
import io.netty.channel.EventLoopGroup;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP camera as a {@link FrameSource}: an {@link RtspClient} on the shared event loops, a
 * {@link DecodingStage} with its own decoder thread, UTC stamping of every decoded picture from the
 * stream's clock, and reconnection with {@link ReconnectBackoff} when the session breaks. The decoding
 * stage (thread, ring, decoder, picture pool) is the camera's, created at the first access unit and
 * kept across reconnects: each new session {@linkplain DecodingStage#startSession starts} on it.
 *
 * <h2>Timestamps</h2>
 * A picture's capture time is {@code clock.toUtcMicros(picture.rtpTimestamp())}: the RTP time of the
 * access unit the picture was decoded from (carried through the decoder's pts), mapped with the
 * newest clock the stream has. Each session's {@link CaptureStamper} does it: before the stream's
 * first clock anchor (sender report, header extension or {@code Range: clock}) it holds only the
 * newest few pictures and hands the older ones on stamped by arrival ({@link
 * dev.streamsync.rtcp.TimestampSource#ARRIVAL}), which the synchronizer never mixes with synced
 * streams unless told to: the camera is "unsynced" until the anchor comes, however late, and then
 * joins with correctly stamped frames. Waiting costs no picture of the decoder's pool and no read error.
 *
 * <h2>Watchdog</h2>
 * A session whose access units keep coming but form no picture for {@link
 * PictureWatchdog#NO_PICTURE_TIMEOUT_MICROS} ({@link PictureWatchdog#NO_KEYFRAME_TIMEOUT_MICROS} while no
 * keyframe came: long-GOP cameras) (no keyframe or parameter sets ever, an undecodable stream)
 * fails with {@link FailureKind#READ_ERROR} and a message saying what was received, and is retried like
 * any broken session.
 *
 * <h2>Threading</h2>
 * RTSP callbacks run on the client's event loop; pictures arrive on the decoder thread; connection
 * attempts, teardown of broken sessions and retries run on the factory's scheduler thread. A session
 * object belongs to one attempt; its results are ignored once it is no longer the current one.
 *
 * <h2>Ownership</h2>
 * Every picture the decoder hands over goes either to the sink (which takes it) or is released here.
 * A session that is closed releases its held pictures and any picture still drained into it. {@link
 * #close()} tears the session down (TEARDOWN, sockets closed), joins the decoder thread and releases
 * held pictures; no sink call happens after it returns.
 */
final class RtspFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(RtspFrameSource.class);

    /** Longest wait for a broken session's TEARDOWN and decoder shutdown when closing. */
    private static final long CLOSE_WAIT_MILLIS = 1_200;

    private final Camera camera;
    private final String name;
    private final EventLoopGroup group;
    private final ScheduledExecutorService scheduler;
    private final DecoderOptions decoderOptions;
    private final ReconnectBackoff backoff;
    /** Local UTC clock: arrival stamps and the no-picture watchdog. */
    private final MicrosClock clock;

    private final Object lock = new Object();
    private FrameSink sink;
    private Session session;
    /** The camera's decoding stage, kept across sessions; created at the first access unit. */
    private DecodingStage stage;
    private ScheduledFuture<?> retry;
    /** Guarded by {@link #lock}. */
    private final ReconnectBackoff.Streak failures;
    private boolean broken;
    private boolean closed;
    private int attempts;

    RtspFrameSource(Camera camera, int cameraIndex, EventLoopGroup group, ScheduledExecutorService scheduler,
                    DecoderOptions decoderOptions, ReconnectBackoff backoff) {
        this(camera, cameraIndex, group, scheduler, decoderOptions, backoff, MicrosClock.system());
    }

    RtspFrameSource(Camera camera, int cameraIndex, EventLoopGroup group, ScheduledExecutorService scheduler,
                    DecoderOptions decoderOptions, ReconnectBackoff backoff, MicrosClock clock) {
        this.clock = clock;
        this.camera = camera;
        this.name = "cam" + cameraIndex;
        this.group = group;
        this.scheduler = scheduler;
        this.decoderOptions = decoderOptions;
        this.backoff = backoff;
        this.failures = backoff.streak();
    }

    @Override
    public void start(FrameSink frameSink) {
        synchronized (lock) {
            if (sink != null) {
                throw new IllegalStateException("already started");
            }
            sink = frameSink;
        }
        scheduler.execute(this::connect);
    }

    private void connect() {
        Session s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            s = new Session(++attempts);
            session = s;
            retry = null;
        }
        s.open();
    }

    /** A session failed with {@code cause}; see {@link #failed(Session, CameraFailure)}. */
    private void failed(Session s, Throwable cause) {
        failed(s, CameraFailure.of(cause));
    }

    /** A session failed; report it once, tear it down and schedule the next attempt. */
    private void failed(Session s, CameraFailure failure) {
        long delayMillis;
        synchronized (lock) {
            if (closed || s != session || s.failed) {
                return;
            }
            s.failed = true;
            broken = true;
            // The backoff keeps growing unless this session streamed healthily for a while (a camera
            // that sends one frame and closes is not "recovered" each time).
            delayMillis = failures.sessionFailed(System.nanoTime(), failure.kind());
            retry = scheduler.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
        }
        LOG.warn("{} ({}) broken ({}): {}; reconnecting in {} ms", name, camera, failure.kind(), failure.message(), delayMillis);
        sink.onBroken(failure);
        scheduler.execute(s::close);
    }

    /**
     * The current session delivers frames again: the camera is reported recovered; the backoff starts
     * over only once this session has streamed for {@link ReconnectBackoff#HEALTHY_SESSION_MILLIS}.
     */
    private void delivering(Session s) {
        boolean recovered;
        synchronized (lock) {
            if (closed || s != session) {
                return;
            }
            failures.sessionDelivering(System.nanoTime());
            recovered = broken;
            broken = false;
        }
        if (recovered) {
            LOG.info("{} ({}) recovered", name, camera);
            sink.onRecovered();
        }
    }

    /** Starts session {@code s} on the camera's decoding stage; throws when the codec cannot be decoded. */
    private void startDecoding(Session s, RtspStream stream) {
        DecodingStage st;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("source closed");
            }
            if (stage == null) {
                stage = new DecodingStage(name, decoderOptions);
            }
            st = stage;
        }
        s.skippedAtStart = st.stats().skippedBeforeKeyframe();
        s.decodingSession = st.startSession(stream.codec(), s.stamper);
        s.stage = st;
    }

    @Override
    public void close() {
        Session s;
        DecodingStage st;
        synchronized (lock) {
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            s = session;
            session = null;
            st = stage;
        }
        if (s != null) {
            s.close();
        }
        if (st != null) {
            st.close(); // joins the decoder thread: no sink call after this
        }
    }

    @Override
    public SourceStats stats() {
        Session s;
        int reconnects;
        synchronized (lock) {
            s = session;
            reconnects = Math.max(0, attempts - 1);
        }
        RtspStream stream = s == null ? null : s.videoStream;
        if (stream == null) {
            return new SourceStats(Optional.empty(), Optional.empty(), 0, 0, 0, 0, -1, Optional.empty(), 0, 0, reconnects);
        }
        RtspStreamStats link = stream.stats();
        ClockMapping clock = stream.clock();
        long lastSr = clock.anchored() && clock.senderReportCount() > 0
                ? System.currentTimeMillis() * 1000 - clock.lastSenderReportUtcMicros() : -1;
        return new SourceStats(Optional.of(s.client.activeTransport().name()), Optional.of(stream.codec().name()),
                link.rtpPackets(), link.lost(), link.reordered(), link.senderReports(), lastSr,
                clock.anchored() ? Optional.of(clock.source()) : Optional.empty(), clock.driftPpm(),
                link.onvifExtensions() + link.ntp64Extensions() + link.ntp56Extensions(), reconnects);
    }

    @Override
    public String toString() {
        return "RtspFrameSource{" + name + ", " + camera + '}';
    }

    /** One connection attempt: its client, its decoder and its clock. */
    private final class Session implements RtspStreamListener, CaptureStamper.Listener {
        private final int attempt;
        private final RtspClient client;
        /** The camera's stage, once this session started on it (event loop, first access unit). */
        private volatile DecodingStage stage;
        /** This session's number on the stage; its units carry it. Written before {@link #stage}. */
        private long decodingSession;
        /** The video stream fed to the decoder (the first one that delivers). Written on the event loop. */
        private volatile RtspStream videoStream;
        /** Stamps and delivers this session's pictures; created at the first access unit (event loop), before the stage starts. */
        private volatile CaptureStamper stamper;
        /** The clock mapping last given to {@link #stamper}; event loop only. */
        private ClockMapping lastClock;
        /** The stage's count of units skipped before a keyframe when this session started on it. */
        private long skippedAtStart;
        /** Fails the session when units keep coming but form no picture; event loop only. */
        private final PictureWatchdog watchdog = new PictureWatchdog(clock);
        private volatile boolean closing;
        /** Guarded by the source's lock. */
        boolean failed;

        Session(int attempt) {
            this.attempt = attempt;
            RtspClientConfig.Builder config = RtspClientConfig.builder(camera.uri().toString())
                    .transport(switch (camera.transport()) {
                        case AUTO -> RtspTransport.AUTO;
                        case TCP -> RtspTransport.TCP;
                        case UDP -> RtspTransport.UDP;
                    });
            camera.username().ifPresent(user -> config.credentials(user, camera.password().orElse("")));
            this.client = new RtspClient(group, config.build(), this);
        }

        void open() {
            LOG.debug("{} attempt {}: connecting to {}", name, attempt, camera);
            client.start().whenComplete((ok, error) -> {
                if (error != null) {
                    failed(this, error);
                }
            });
        }

        @Override
        public void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping streamClock) {
            if (closing) {
                return;
            }
            if (videoStream == null) {
                videoStream = stream;
                stamper = new CaptureStamper(name, sink, clock, stream.clockRateHz(),
                        CaptureStamper.heldLimit(decoderOptions.maxOutstandingPictures()), this);
                if (closing) {
                    stamper.close(); // close() ran before the stamper existed
                    return;
                }
                // Starting the session on the stage here keeps the decoder on the codec the server
                // really sends; a decoder is opened only when the codec differs from the last session's.
                try {
                    startDecoding(this, stream);
                } catch (RuntimeException e) {
                    LOG.debug("{}: decoder for {} cannot be opened", name, stream.codec(), e);
                    failed(this, new CameraFailure(FailureKind.UNSUPPORTED_MEDIA, "cannot decode " + stream.codec() + ": "
                            + e.getMessage() + " (" + camera.uri() + ")"));
                    return;
                }
            } else if (stream != videoStream) {
                return; // one picture stream per camera: further video tracks are not decoded
            }
            DecodingStage s = stage;
            if (s == null) {
                return; // the decoder could not be opened; the session is being torn down
            }
            if (streamClock != lastClock) { // a new mapping object per accepted sender report, not per unit
                lastClock = streamClock;
                stamper.anchor(CaptureStamper.Anchor.of(streamClock));
            }
            s.offer(decodingSession, unit);
            String noPicture = watchdog.check(unit.keyframe(), stamper.decoderOutput(), s.stats().skippedBeforeKeyframe() - skippedAtStart);
            if (noPicture != null) {
                failed(this, new CameraFailure(FailureKind.READ_ERROR, noPicture + " (" + camera.uri() + ")"));
            }
        }

        @Override
        public void onError(RtspException error) {
            failed(this, error);
        }

        @Override
        public void onEnd(RtspEndReason reason) {
            // FAILED was reported through onError (or the start future) already; this covers RTCP BYE.
            if (reason == RtspEndReason.SERVER_ENDED && !closing) {
                failed(this, new CameraFailure(FailureKind.SERVER_ENDED, "session ended by the server: RTCP BYE on every stream ("
                        + camera.uri() + ")"));
            }
        }

        // ---- decoder thread (CaptureStamper.Listener) ----

        @Override
        public void onFirstFrame() {
            delivering(this);
        }

        /**
         * TEARDOWN and socket close (bounded), held pictures released; no sink call for this session
         * after it returns. The camera's stage goes on (the next session starts on it). Not on the
         * event loop.
         */
        void close() {
            closing = true;
            try {
                client.closeAsync().get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("{} attempt {}: teardown did not finish cleanly: {}", name, attempt, e.toString());
            }
            CaptureStamper st = stamper;
            if (st != null) {
                st.close();
            }
        }
    }
}
