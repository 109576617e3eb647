package dev.streamsync.decode;

import dev.streamsync.picture.Picture;

import java.util.ArrayList;
import java.util.List;

/** Test sink: keeps every picture (the test releases them) and every drop report. */
final class Collector implements DecodedPictureSink {
    final List<Picture> pictures = new ArrayList<>();
    final List<Long> droppedRtpTimestamps = new ArrayList<>();
    final List<DropReason> dropReasons = new ArrayList<>();

    @Override
    public void onPicture(Picture picture) {
        pictures.add(picture);
    }

    @Override
    public void onDropped(long rtpTimestamp, DropReason reason) {
        droppedRtpTimestamps.add(rtpTimestamp);
        dropReasons.add(reason);
    }

    List<Long> timestamps() {
        List<Long> out = new ArrayList<>();
        for (Picture p : pictures) {
            out.add(p.rtpTimestamp());
        }
        return out;
    }

    void releaseAll() {
        for (Picture p : pictures) {
            p.release();
        }
        pictures.clear();
    }
}
