package vn.ketnoi.chip.internal;

import vn.ketnoi.chip.ChipFormatException;

/**
 * A strict reader of the BER-TLV that chip files are made of: definite lengths only, tags of at most
 * three bytes, every length inside its parent, nesting at most {@link #MAX_DEPTH} deep. Every file is
 * walked by {@link #checkTree} before Bouncy Castle sees it, because its ASN.1 reader recurses once
 * per nesting level: a few kilobytes of nested headers would otherwise end in a StackOverflowError
 * instead of a typed error.
 */
public final class Der {
    /** Deeper than any certificate, CMS structure or data group needs (a SOD is about 12 levels). */
    public static final int MAX_DEPTH = 32;

    /** One TLV: its tag, where its value starts, how long it is, and where the next TLV starts. */
    public record Tlv(int tag, boolean constructed, int valueOffset, int length) {
        /** {@return the offset just past the value} */
        public int end() {
            return valueOffset + length;
        }
    }

    private Der() {
    }

    /**
     * The TLV at {@code off}, which must end at or before {@code limit}.
     *
     * @throws ChipFormatException naming {@code field} when the header or length is malformed
     */
    public static Tlv read(byte[] b, int off, int limit, String field) {
        int p = off;
        if (p >= limit) {
            throw new ChipFormatException(field, "ends where a tag was expected");
        }
        int first = b[p++] & 0xFF;
        boolean constructed = (first & 0x20) != 0;
        int tag = first;
        if ((first & 0x1F) == 0x1F) {
            int more = 0;
            int x;
            do {
                if (p >= limit || ++more > 2) {
                    throw new ChipFormatException(field, "has a tag that is truncated or longer than three bytes");
                }
                x = b[p++] & 0xFF;
                tag = (tag << 8) | x;
            } while ((x & 0x80) != 0);
        }
        if (p >= limit) {
            throw new ChipFormatException(field, "ends where a length was expected");
        }
        int l = b[p++] & 0xFF;
        long length;
        if (l < 0x80) {
            length = l;
        } else if (l == 0x80) {
            throw new ChipFormatException(field, "uses an indefinite length, which chip files do not");
        } else {
            int n = l & 0x7F;
            if (n > 4) {
                throw new ChipFormatException(field, "has a length of more than four bytes");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                if (p >= limit) {
                    throw new ChipFormatException(field, "ends inside a length");
                }
                length = (length << 8) | (b[p++] & 0xFF);
            }
        }
        if (length > limit - p) {
            throw new ChipFormatException(field, "declares a length longer than the data it is in");
        }
        return new Tlv(tag, constructed, p, (int) length);
    }

    /**
     * The single TLV that makes up all of {@code b}, with the expected outer tag, its tree checked.
     *
     * @throws ChipFormatException when the tag differs, bytes trail it, or the tree is malformed
     */
    public static Tlv file(byte[] b, int expectedTag, String field) {
        Tlv t = read(b, 0, b.length, field);
        if (t.tag() != expectedTag) {
            throw new ChipFormatException(field, "does not start with tag " + Integer.toHexString(expectedTag).toUpperCase(java.util.Locale.ROOT));
        }
        if (t.end() != b.length) {
            throw new ChipFormatException(field, "has bytes after its end");
        }
        checkTree(b, 0, b.length, 0, field);
        return t;
    }

    /**
     * Checks every TLV in {@code [off, limit)}, descending into constructed ones, to {@link #MAX_DEPTH}.
     *
     * @throws ChipFormatException on the first malformed header, overrun or excess depth
     */
    public static void checkTree(byte[] b, int off, int limit, int depth, String field) {
        if (depth > MAX_DEPTH) {
            throw new ChipFormatException(field, "is nested more than " + MAX_DEPTH + " levels deep");
        }
        int p = off;
        while (p < limit) {
            Tlv t = read(b, p, limit, field);
            if (t.constructed()) {
                checkTree(b, t.valueOffset(), t.end(), depth + 1, field);
            }
            p = t.end();
        }
    }
}
