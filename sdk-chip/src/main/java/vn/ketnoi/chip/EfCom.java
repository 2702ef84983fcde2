package vn.ketnoi.chip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import vn.ketnoi.chip.internal.Der;

/**
 * EF.COM: the LDS and Unicode versions and the list of data groups the chip says it holds. Not
 * covered by the SOD's signature: it is a hint for the reader, never evidence. Immutable.
 *
 * @param ldsVersion the LDS version, four digits such as {@code 0107}
 * @param unicodeVersion the Unicode version, six digits such as {@code 040000}
 * @param dataGroups the numbers of the data groups listed, in the chip's order
 */
public record EfCom(String ldsVersion, String unicodeVersion, List<Integer> dataGroups) {
    /**
     * Copies the list.
     *
     * @param ldsVersion the LDS version
     * @param unicodeVersion the Unicode version
     * @param dataGroups the numbers of the data groups listed
     */
    public EfCom {
        dataGroups = List.copyOf(dataGroups);
    }

    /**
     * Reads EF.COM ({@code 60 { 5F01 lds, 5F36 unicode, 5C tags }}).
     *
     * @param com the file as read
     * @return its content
     * @throws ChipFormatException (fields {@code com.*}) when it is malformed or lists an unknown tag
     */
    public static EfCom parse(byte[] com) {
        if (com == null) {
            throw new ChipFormatException("com", "is missing");
        }
        Der.Tlv outer = Der.file(com, 0x60, "com");
        String lds = null;
        String unicode = null;
        List<Integer> groups = null;
        int p = outer.valueOffset();
        while (p < outer.end()) {
            Der.Tlv t = Der.read(com, p, outer.end(), "com");
            String value = new String(com, t.valueOffset(), t.length(), StandardCharsets.ISO_8859_1);
            switch (t.tag()) {
                case 0x5F01 -> lds = digits(value, 4, "com.ldsVersion");
                case 0x5F36 -> unicode = digits(value, 6, "com.unicodeVersion");
                case 0x5C -> {
                    groups = new ArrayList<>();
                    for (int i = t.valueOffset(); i < t.end(); i++) {
                        groups.add(dataGroupOfTag(com[i] & 0xFF));
                    }
                }
                default -> {
                    // other elements: not used
                }
            }
            p = t.end();
        }
        if (lds == null || unicode == null || groups == null) {
            throw new ChipFormatException("com", "lacks the LDS version, the Unicode version or the tag list");
        }
        return new EfCom(lds, unicode, groups);
    }

    private static String digits(String v, int length, String field) {
        if (v.length() != length || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ChipFormatException(field, "is not " + length + " digits");
        }
        return v;
    }

    /**
     * The data-group number of an LDS tag (ICAO 9303 part 10): 61 is DG1, 75 DG2, 63 to 70 DG3 to DG16.
     *
     * @param tag the one-byte tag
     * @return 1 to 16
     * @throws ChipFormatException when the tag is not a data group's
     */
    public static int dataGroupOfTag(int tag) {
        if (tag == 0x61) {
            return 1;
        }
        if (tag == 0x75) {
            return 2;
        }
        if (tag == 0x76) {
            return 4;
        }
        if (tag == 0x63) {
            return 3;
        }
        if (tag >= 0x65 && tag <= 0x70) {
            return tag - 0x60;
        }
        throw new ChipFormatException("com.tagList", "names a tag that is not a data group's");
    }
}
