package dev.streamsync.cli;

import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies a frame's BGR view into a {@link BufferedImage} (TYPE_3BYTE_BGR has the same byte order) and saves PNGs. */
final class FrameImages {
    private FrameImages() {
    }

    /**
     * Copies the frame's pixels into {@code reuse} when it has the frame's size, else into a new image;
     * returns the image written. The frame must have pixels and its packet must be open.
     */
    static BufferedImage copyBgr(FrameData frame, BufferedImage reuse) {
        int w = frame.width();
        int h = frame.height();
        BufferedImage img = reuse != null && reuse.getWidth() == w && reuse.getHeight() == h
                && reuse.getType() == BufferedImage.TYPE_3BYTE_BGR ? reuse : new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        ByteBuffer src = frame.bgr().duplicate();
        src.get(dst, 0, Math.min(dst.length, src.remaining()));
        return img;
    }

    /** A {@link PacketHandler} writing every frame as {@code dir/<packet>_<camera>.png}. */
    static PacketHandler saver(Path dir) throws IOException {
        Files.createDirectories(dir);
        BufferedImage[] images = new BufferedImage[64];
        return packet -> save(packet, dir, images);
    }

    private static void save(FramePacket packet, Path dir, BufferedImage[] images) throws IOException {
        for (FrameData f : packet) {
            if (!f.hasFrame() || f.width() == 0) {
                continue;
            }
            int c = f.cameraIndex();
            BufferedImage img = copyBgr(f, c < images.length ? images[c] : null);
            if (c < images.length) {
                images[c] = img;
            }
            Path file = dir.resolve(packet.sequence() + "_" + c + ".png");
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        }
    }
}
