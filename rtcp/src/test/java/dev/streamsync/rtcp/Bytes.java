package dev.streamsync.rtcp;

/** Test helper: bytes from a hex string with whitespace and {@code #...} end-of-line comments. */
public final class Bytes {
    private Bytes() {}

    public static byte[] hex(String text) {
        StringBuilder digits = new StringBuilder();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String data = comment >= 0 ? line.substring(0, comment) : line;
            digits.append(data.replaceAll("\\s+", ""));
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
