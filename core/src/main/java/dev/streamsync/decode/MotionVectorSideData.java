package dev.streamsync.decode;

import dev.streamsync.picture.MotionVectors;

import static org.bytedeco.ffmpeg.global.avutil.AV_FRAME_DATA_MOTION_VECTORS;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_side_data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVFrameSideData;
import org.bytedeco.ffmpeg.avutil.AVMotionVector;
import org.bytedeco.javacpp.Loader;

/**
 * Reads the {@code AV_FRAME_DATA_MOTION_VECTORS} side data FFmpeg attaches to a decoded frame
 * ({@code flags2 +export_mvs}) into a {@link MotionVectors} table. The side data travels with the
 * frame reference into the {@link PooledPicture}, so it is read only when the application asks for
 * the motion vectors: a picture whose vectors are never read costs no Java work and no heap.
 *
 * <p>Stateless; called by the thread that holds the picture.
 */
final class MotionVectorSideData {
    private static final int SIZE;
    private static final int SOURCE;
    private static final int W;
    private static final int H;
    private static final int SRC_X;
    private static final int SRC_Y;
    private static final int DST_X;
    private static final int DST_Y;
    private static final int MOTION_X;
    private static final int MOTION_Y;
    private static final int MOTION_SCALE;

    static {
        Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
        // Field offsets of AVMotionVector (libavutil/motion_vector.h) from the native compiler, so the
        // side data is read through one direct buffer instead of one native call per field.
        SIZE = Loader.sizeof(AVMotionVector.class);
        SOURCE = Loader.offsetof(AVMotionVector.class, "source");
        W = Loader.offsetof(AVMotionVector.class, "w");
        H = Loader.offsetof(AVMotionVector.class, "h");
        SRC_X = Loader.offsetof(AVMotionVector.class, "src_x");
        SRC_Y = Loader.offsetof(AVMotionVector.class, "src_y");
        DST_X = Loader.offsetof(AVMotionVector.class, "dst_x");
        DST_Y = Loader.offsetof(AVMotionVector.class, "dst_y");
        MOTION_X = Loader.offsetof(AVMotionVector.class, "motion_x");
        MOTION_Y = Loader.offsetof(AVMotionVector.class, "motion_y");
        MOTION_SCALE = Loader.offsetof(AVMotionVector.class, "motion_scale");
    }

    private MotionVectorSideData() {
    }

    /** Replaces the rows of {@code out} with the motion vectors attached to {@code frame} (none: empty). */
    static void read(AVFrame frame, MotionVectors out) {
        out.clear();
        AVFrameSideData side = av_frame_get_side_data(frame, AV_FRAME_DATA_MOTION_VECTORS);
        if (side == null || side.isNull()) {
            return; // I frames carry no motion vectors; neither does a decoder without +export_mvs
        }
        long size = side.size();
        int count = (int) (size / SIZE);
        if (count == 0) {
            return;
        }
        // A view of the native side data, no copy; valid while the frame holds its reference.
        ByteBuffer b = side.data().capacity((long) count * SIZE).asByteBuffer().order(ByteOrder.nativeOrder());
        for (int k = 0, o = 0; k < count; k++, o += SIZE) {
            out.add(b.getInt(o + SOURCE),
                    b.get(o + W) & 0xff,
                    b.get(o + H) & 0xff,
                    b.getShort(o + SRC_X),
                    b.getShort(o + SRC_Y),
                    b.getShort(o + DST_X),
                    b.getShort(o + DST_Y),
                    b.getInt(o + MOTION_X),
                    b.getInt(o + MOTION_Y),
                    b.getShort(o + MOTION_SCALE) & 0xffff);
        }
    }
}
