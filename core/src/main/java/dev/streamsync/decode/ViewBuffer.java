package dev.streamsync.decode;

import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Native memory for one converted view of a picture ({@code av_malloc}: aligned for swscale's SIMD
 * paths) and the direct {@link ByteBuffer} over it, made once. Owned by a {@link PicturePool}, lent to
 * one picture at a time.
 *
 * <p>Not thread-safe: the pool's lock or the picture holding it guards it.
 */
final class ViewBuffer {
    final BytePointer memory;
    final ByteBuffer buffer;

    private ViewBuffer(BytePointer memory) {
        this.memory = memory;
        this.buffer = memory.asByteBuffer();
    }

    static ViewBuffer allocate(long bytes) {
        Pointer raw = av_malloc(bytes);
        if (raw == null || raw.isNull()) {
            throw new OutOfMemoryError("av_malloc(" + bytes + ") failed");
        }
        return new ViewBuffer(new BytePointer(raw).capacity(bytes));
    }

    long capacity() {
        return memory.capacity();
    }

    void free() {
        av_free(memory);
    }
}
