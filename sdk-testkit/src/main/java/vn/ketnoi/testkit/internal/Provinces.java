package vn.ketnoi.testkit.internal;

import java.text.Normalizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 63 province codes of the ID-number prefix (as before 1 July 2025) and the province
 * each was merged into on that date.
 */
public final class Provinces {

    /** Old three-digit code to its Vietnamese name, in code order. */
    private static final Map<String, String> OLD;
    /** Old three-digit code to the name of the province it belongs to since 1 July 2025. */
    private static final Map<String, String> MERGED_INTO;

    static {
        String[][] old = {
            {"001", "Hà Nội", "Hà Nội"}, {"002", "Hà Giang", "Tuyên Quang"}, {"004", "Cao Bằng", "Cao Bằng"},
            {"006", "Bắc Kạn", "Thái Nguyên"}, {"008", "Tuyên Quang", "Tuyên Quang"},
            {"010", "Lào Cai", "Lào Cai"}, {"011", "Điện Biên", "Điện Biên"}, {"012", "Lai Châu", "Lai Châu"},
            {"014", "Sơn La", "Sơn La"}, {"015", "Yên Bái", "Lào Cai"}, {"017", "Hòa Bình", "Phú Thọ"},
            {"019", "Thái Nguyên", "Thái Nguyên"}, {"020", "Lạng Sơn", "Lạng Sơn"},
            {"022", "Quảng Ninh", "Quảng Ninh"}, {"024", "Bắc Giang", "Bắc Ninh"}, {"025", "Phú Thọ", "Phú Thọ"},
            {"026", "Vĩnh Phúc", "Phú Thọ"}, {"027", "Bắc Ninh", "Bắc Ninh"}, {"030", "Hải Dương", "Hải Phòng"},
            {"031", "Hải Phòng", "Hải Phòng"}, {"033", "Hưng Yên", "Hưng Yên"}, {"034", "Thái Bình", "Hưng Yên"},
            {"035", "Hà Nam", "Ninh Bình"}, {"036", "Nam Định", "Ninh Bình"}, {"037", "Ninh Bình", "Ninh Bình"},
            {"038", "Thanh Hóa", "Thanh Hóa"}, {"040", "Nghệ An", "Nghệ An"}, {"042", "Hà Tĩnh", "Hà Tĩnh"},
            {"044", "Quảng Bình", "Quảng Trị"}, {"045", "Quảng Trị", "Quảng Trị"},
            {"046", "Thừa Thiên Huế", "Huế"}, {"048", "Đà Nẵng", "Đà Nẵng"}, {"049", "Quảng Nam", "Đà Nẵng"},
            {"051", "Quảng Ngãi", "Quảng Ngãi"}, {"052", "Bình Định", "Gia Lai"}, {"054", "Phú Yên", "Đắk Lắk"},
            {"056", "Khánh Hòa", "Khánh Hòa"}, {"058", "Ninh Thuận", "Khánh Hòa"},
            {"060", "Bình Thuận", "Lâm Đồng"}, {"062", "Kon Tum", "Quảng Ngãi"}, {"064", "Gia Lai", "Gia Lai"},
            {"066", "Đắk Lắk", "Đắk Lắk"}, {"067", "Đắk Nông", "Lâm Đồng"}, {"068", "Lâm Đồng", "Lâm Đồng"},
            {"070", "Bình Phước", "Đồng Nai"}, {"072", "Tây Ninh", "Tây Ninh"},
            {"074", "Bình Dương", "Hồ Chí Minh"}, {"075", "Đồng Nai", "Đồng Nai"},
            {"077", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"}, {"079", "Hồ Chí Minh", "Hồ Chí Minh"},
            {"080", "Long An", "Tây Ninh"}, {"082", "Tiền Giang", "Đồng Tháp"}, {"083", "Bến Tre", "Vĩnh Long"},
            {"084", "Trà Vinh", "Vĩnh Long"}, {"086", "Vĩnh Long", "Vĩnh Long"}, {"087", "Đồng Tháp", "Đồng Tháp"},
            {"089", "An Giang", "An Giang"}, {"091", "Kiên Giang", "An Giang"}, {"092", "Cần Thơ", "Cần Thơ"},
            {"093", "Hậu Giang", "Cần Thơ"}, {"094", "Sóc Trăng", "Cần Thơ"}, {"095", "Bạc Liêu", "Cà Mau"},
            {"096", "Cà Mau", "Cà Mau"},
        };
        Map<String, String> o = new LinkedHashMap<>();
        Map<String, String> m = new LinkedHashMap<>();
        for (String[] row : old) {
            o.put(row[0], Normalizer.normalize(row[1], Normalizer.Form.NFC));
            m.put(row[0], Normalizer.normalize(row[2], Normalizer.Form.NFC));
        }
        OLD = Collections.unmodifiableMap(o);
        MERGED_INTO = Collections.unmodifiableMap(m);
    }

    private static final String[] CODES = OLD.keySet().toArray(new String[0]);

    private Provinces() {
    }

    /** Whether the three digits are one of the 63 province codes. */
    public static boolean isKnown(String code) {
        return OLD.containsKey(code);
    }

    /** The name of the province as it was before 1 July 2025. */
    public static String oldName(String code) {
        return OLD.get(code);
    }

    /** The name of the province that absorbed this one on 1 July 2025. */
    public static String newName(String code) {
        return MERGED_INTO.get(code);
    }

    /** The province codes in code order (a fresh copy). */
    public static String[] codes() {
        return CODES.clone();
    }
}
