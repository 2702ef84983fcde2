package vn.ketnoi.core.identity;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The 34 provinces and centrally governed cities in force since 1 July 2025 (Decision
 * 19/2025/QĐ-TTg), with their 2-digit codes.
 *
 * <p>Each value knows which of the 63 former provinces ({@link BirthRegistrationProvince}) were
 * merged into it. The mapping is by whole province. One known partial transfer is not modelled:
 * {@link #TAY_NINH} (80) took all of former Tây Ninh (72) and Long An (80) and, per the published
 * mapping, also a part of former Tiền Giang (82); former Tiền Giang as a whole maps to
 * {@link #DONG_THAP}. Resolving that part needs the commune, which a province code does not carry.
 */
public enum Province {
    /** 01 Hà Nội. */
    HA_NOI("01", "Hà Nội", "01"),
    /** 04 Cao Bằng. */
    CAO_BANG("04", "Cao Bằng", "04"),
    /** 08 Tuyên Quang (with former Hà Giang). */
    TUYEN_QUANG("08", "Tuyên Quang", "02", "08"),
    /** 11 Điện Biên. */
    DIEN_BIEN("11", "Điện Biên", "11"),
    /** 12 Lai Châu. */
    LAI_CHAU("12", "Lai Châu", "12"),
    /** 14 Sơn La. */
    SON_LA("14", "Sơn La", "14"),
    /** 15 Lào Cai (with former Yên Bái). */
    LAO_CAI("15", "Lào Cai", "10", "15"),
    /** 19 Thái Nguyên (with former Bắc Kạn). */
    THAI_NGUYEN("19", "Thái Nguyên", "06", "19"),
    /** 20 Lạng Sơn. */
    LANG_SON("20", "Lạng Sơn", "20"),
    /** 22 Quảng Ninh. */
    QUANG_NINH("22", "Quảng Ninh", "22"),
    /** 24 Bắc Ninh (with former Bắc Giang). */
    BAC_NINH("24", "Bắc Ninh", "24", "27"),
    /** 25 Phú Thọ (with former Hòa Bình and Vĩnh Phúc). */
    PHU_THO("25", "Phú Thọ", "17", "25", "26"),
    /** 31 Hải Phòng (with former Hải Dương). */
    HAI_PHONG("31", "Hải Phòng", "30", "31"),
    /** 33 Hưng Yên (with former Thái Bình). */
    HUNG_YEN("33", "Hưng Yên", "33", "34"),
    /** 37 Ninh Bình (with former Hà Nam and Nam Định). */
    NINH_BINH("37", "Ninh Bình", "35", "36", "37"),
    /** 38 Thanh Hóa. */
    THANH_HOA("38", "Thanh Hóa", "38"),
    /** 40 Nghệ An. */
    NGHE_AN("40", "Nghệ An", "40"),
    /** 42 Hà Tĩnh. */
    HA_TINH("42", "Hà Tĩnh", "42"),
    /** 44 Quảng Trị (with former Quảng Bình). */
    QUANG_TRI("44", "Quảng Trị", "44", "45"),
    /** 46 Huế (former Thừa Thiên Huế). */
    HUE("46", "Huế", "46"),
    /** 48 Đà Nẵng (with former Quảng Nam). */
    DA_NANG("48", "Đà Nẵng", "48", "49"),
    /** 51 Quảng Ngãi (with former Kon Tum). */
    QUANG_NGAI("51", "Quảng Ngãi", "51", "62"),
    /** 52 Gia Lai (with former Bình Định). */
    GIA_LAI("52", "Gia Lai", "52", "64"),
    /** 56 Khánh Hòa (with former Ninh Thuận). */
    KHANH_HOA("56", "Khánh Hòa", "56", "58"),
    /** 66 Đắk Lắk (with former Phú Yên). */
    DAK_LAK("66", "Đắk Lắk", "54", "66"),
    /** 68 Lâm Đồng (with former Bình Thuận and Đắk Nông). */
    LAM_DONG("68", "Lâm Đồng", "60", "67", "68"),
    /** 75 Đồng Nai (with former Bình Phước). */
    DONG_NAI("75", "Đồng Nai", "70", "75"),
    /** 79 Hồ Chí Minh (with former Bình Dương and Bà Rịa - Vũng Tàu). */
    HO_CHI_MINH("79", "Hồ Chí Minh", "74", "77", "79"),
    /**
     * 80 Tây Ninh (former Tây Ninh and Long An; also part of former Tiền Giang, not modelled
     * here, see the type's documentation).
     */
    TAY_NINH("80", "Tây Ninh", "72", "80"),
    /** 82 Đồng Tháp (with former Tiền Giang). */
    DONG_THAP("82", "Đồng Tháp", "82", "87"),
    /** 86 Vĩnh Long (with former Bến Tre and Trà Vinh). */
    VINH_LONG("86", "Vĩnh Long", "83", "84", "86"),
    /** 91 An Giang (with former Kiên Giang). */
    AN_GIANG("91", "An Giang", "89", "91"),
    /** 92 Cần Thơ (with former Hậu Giang and Sóc Trăng). */
    CAN_THO("92", "Cần Thơ", "92", "93", "94"),
    /** 96 Cà Mau (with former Bạc Liêu). */
    CA_MAU("96", "Cà Mau", "95", "96");

    private final String code;
    private final String vietnameseName;
    // 2-digit codes of the former provinces, as in the published table.
    private final List<String> formerCodes;

    Province(String code, String vietnameseName, String... formerCodes) {
        this.code = code;
        this.vietnameseName = vietnameseName;
        this.formerCodes = List.of(formerCodes);
    }

    /**
     * The 2-digit province code.
     *
     * @return the code, for example {@code "08"}
     */
    public String code() {
        return code;
    }

    /**
     * The Vietnamese name with diacritics, in Unicode NFC, without the administrative prefix
     * ({@code Tỉnh} / {@code Thành phố}).
     *
     * @return the name, for example {@code "Tuyên Quang"}
     */
    public String vietnameseName() {
        return vietnameseName;
    }

    /**
     * Looks a province up by its 2-digit code.
     *
     * @param code the code, for example {@code "79"}; {@code null} gives an empty result
     * @return the province, or empty when the code is unknown
     */
    public static Optional<Province> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /**
     * The former provinces (before 1 July 2025) merged, as whole provinces, into this one.
     *
     * @return an unmodifiable, non-empty set
     */
    public Set<BirthRegistrationProvince> formerProvinces() {
        return Holder.FORMER.get(this);
    }

    /** 2-digit codes of the former provinces; package-private, used to build both mappings. */
    List<String> formerCodes() {
        return formerCodes;
    }

    // Built lazily in a holder so that neither enum needs the other during its own initialisation.
    private static final class Holder {
        static final Map<Province, Set<BirthRegistrationProvince>> FORMER = build();

        private static Map<Province, Set<BirthRegistrationProvince>> build() {
            Map<Province, Set<BirthRegistrationProvince>> map = new EnumMap<>(Province.class);
            for (Province p : values()) {
                EnumSet<BirthRegistrationProvince> set = EnumSet.noneOf(BirthRegistrationProvince.class);
                for (String c : p.formerCodes) {
                    set.add(BirthRegistrationProvince.fromCode("0" + c).orElseThrow());
                }
                map.put(p, Collections.unmodifiableSet(set));
            }
            return map;
        }
    }
}
