package vn.ketnoi.chip;

import java.util.Arrays;

import vn.ketnoi.chip.internal.Der;

/**
 * DG2: the holder's face, as the chip stores it (an ISO/IEC 19794-5 facial record inside the ICAO
 * biometric templates). The image is not decoded: {@link #bytes()} gives the JPEG or JPEG 2000
 * stream for the caller's own face matcher.
 *
 * <p>The face is biometric personal data: {@link #toString()} gives the format and size only.
 * Immutable and thread-safe; {@link #bytes()} returns a copy.
 */
public final class FaceImage {
    /** How the image is encoded. */
    public enum Format {
        /** JPEG (ISO/IEC 10918). */
        JPEG,
        /** JPEG 2000 (ISO/IEC 15444), the usual format on ID cards. */
        JPEG2000
    }

    private static final int TAG_DG2 = 0x75;
    private static final int TAG_GROUP = 0x7F61;
    private static final int TAG_TEMPLATE = 0x7F60;
    private static final int TAG_DATA = 0x5F2E;
    private static final int TAG_DATA_ENCIPHERED = 0x7F2E;

    private final Format format;
    private final int width;
    private final int height;
    private final byte[] image;

    private FaceImage(Format format, int width, int height, byte[] image) {
        this.format = format;
        this.width = width;
        this.height = height;
        this.image = image;
    }

    /**
     * Reads the first face of DG2.
     *
     * @param dg2 the file as read from the chip
     * @return the face
     * @throws ChipFormatException (fields {@code dg2.*}) when the templates or the facial record are malformed
     */
    public static FaceImage parseDg2(byte[] dg2) {
        if (dg2 == null) {
            throw new ChipFormatException("dg2", "is missing");
        }
        Der.Tlv outer = Der.file(dg2, TAG_DG2, "dg2");
        Der.Tlv group = find(dg2, outer, TAG_GROUP, "dg2");
        Der.Tlv template = find(dg2, group, TAG_TEMPLATE, "dg2.template");
        Der.Tlv data;
        try {
            data = find(dg2, template, TAG_DATA, "dg2.template");
        } catch (ChipFormatException e) {
            find(dg2, template, TAG_DATA_ENCIPHERED, "dg2.template");
            throw new ChipFormatException("dg2.template", "holds an enciphered face, which cannot be read", e);
        }
        return facialRecord(dg2, data.valueOffset(), data.end());
    }

    private static Der.Tlv find(byte[] b, Der.Tlv parent, int tag, String field) {
        int p = parent.valueOffset();
        while (p < parent.end()) {
            Der.Tlv t = Der.read(b, p, parent.end(), field);
            if (t.tag() == tag) {
                return t;
            }
            p = t.end();
        }
        throw new ChipFormatException(field, "has no element with tag " + Integer.toHexString(tag).toUpperCase(java.util.Locale.ROOT));
    }

    /** ISO/IEC 19794-5:2005: a 14-byte header, a 20-byte facial information block, feature points, 12 bytes of image information. */
    private static FaceImage facialRecord(byte[] b, int off, int end) {
        String field = "dg2.facialRecord";
        if (end - off < 14 + 20 + 12 || b[off] != 'F' || b[off + 1] != 'A' || b[off + 2] != 'C' || b[off + 3] != 0) {
            throw new ChipFormatException(field, "is not an ISO/IEC 19794-5 facial record");
        }
        int p = off + 14;
        long blockLength = u32(b, p);
        int featurePoints = u16(b, p + 4);
        int info = p + 20 + featurePoints * 8;
        if (blockLength > end - p || info + 12 > end) {
            throw new ChipFormatException(field, "declares lengths longer than the record");
        }
        int dataType = b[info + 1] & 0xFF;
        int width = u16(b, info + 2);
        int height = u16(b, info + 4);
        int imageStart = info + 12;
        int imageEnd = (int) Math.min(end, p + blockLength);
        if (imageEnd <= imageStart) {
            throw new ChipFormatException(field, "holds no image");
        }
        Format format = switch (dataType) {
            case 0 -> Format.JPEG;
            case 1 -> Format.JPEG2000;
            default -> throw new ChipFormatException(field, "names an image type other than JPEG or JPEG 2000");
        };
        return new FaceImage(format, width, height, Arrays.copyOfRange(b, imageStart, imageEnd));
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
    }

    private static long u32(byte[] b, int p) {
        return ((long) u16(b, p) << 16) | u16(b, p + 2);
    }

    /** {@return how the image is encoded} */
    public Format format() {
        return format;
    }

    /** {@return the width in pixels, as the record states it} */
    public int width() {
        return width;
    }

    /** {@return the height in pixels, as the record states it} */
    public int height() {
        return height;
    }

    /** {@return the encoded image (a copy); biometric personal data} */
    public byte[] bytes() {
        return image.clone();
    }

    /** Format and size only: never the image. */
    @Override
    public String toString() {
        return "FaceImage[" + format + ", " + width + "x" + height + ", " + image.length + " B]";
    }
}
