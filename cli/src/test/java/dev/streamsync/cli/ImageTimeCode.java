package dev.streamsync.cli;

import dev.streamsync.sim.picture.CaptureTimeCode;

import java.awt.image.BufferedImage;

/**
 * Reads the capture time a simulated camera painted into its picture ({@link CaptureTimeCode}) back
 * from an RGB image, such as a saved PNG or a painted tile: the code lives in the luma plane, so each
 * pixel is turned back into video-range luma first.
 *
 * <p>The decoder converts limited-range YUV to full-range BGR (ViewConverter), so video-range luma is
 * {@code 16 + 219/255 * (0.299 R + 0.587 G + 0.114 B)} (ITU-R BT.601 luma weights). Chroma under the
 * code band does not matter: the code is read by thresholding cell means at mid-grey.
 */
public final class ImageTimeCode {
    private ImageTimeCode() {
    }

    /** The painted capture time in UTC microseconds, or {@link CaptureTimeCode#NOT_FOUND}. */
    public static long read(BufferedImage img) {
        return read(img, 0, 0, img.getWidth(), img.getHeight());
    }

    /** As {@link #read(BufferedImage)}, for the picture at {@code (x, y)} of size {@code w x h} inside {@code img}. */
    public static long read(BufferedImage img, int x, int y, int w, int h) {
        byte[] luma = new byte[w * h];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int rgb = img.getRGB(x + col, y + row);
                double full = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
                luma[row * w + col] = (byte) Math.round(16 + full * 219 / 255);
            }
        }
        return CaptureTimeCode.read(luma, w, h, w);
    }
}
