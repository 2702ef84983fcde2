package vn.ketnoi.core.identity;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The 63 provinces as they were before 1 July 2025, with the 3-digit codes used as the prefix
 * {@code PPP} of the 12-digit personal ID number (the place where the birth was registered).
 *
 * <p>The prefix of an issued number never changes, so these values stay valid after the 2025
 * reorganisation; {@link #currentProvince()} says which of the 34 current provinces each one
 * merged into.
 */
public enum BirthRegistrationProvince {
    /** 001 Hà Nội. */
    HA_NOI("001", "Hà Nội"),
    /** 002 Hà Giang. */
    HA_GIANG("002", "Hà Giang"),
    /** 004 Cao Bằng. */
    CAO_BANG("004", "Cao Bằng"),
    /** 006 Bắc Kạn. */
    BAC_KAN("006", "Bắc Kạn"),
    /** 008 Tuyên Quang. */
    TUYEN_QUANG("008", "Tuyên Quang"),
    /** 010 Lào Cai. */
    LAO_CAI("010", "Lào Cai"),
    /** 011 Điện Biên. */
    DIEN_BIEN("011", "Điện Biên"),
    /** 012 Lai Châu. */
    LAI_CHAU("012", "Lai Châu"),
    /** 014 Sơn La. */
    SON_LA("014", "Sơn La"),
    /** 015 Yên Bái. */
    YEN_BAI("015", "Yên Bái"),
    /** 017 Hòa Bình. */
    HOA_BINH("017", "Hòa Bình"),
    /** 019 Thái Nguyên. */
    THAI_NGUYEN("019", "Thái Nguyên"),
    /** 020 Lạng Sơn. */
    LANG_SON("020", "Lạng Sơn"),
    /** 022 Quảng Ninh. */
    QUANG_NINH("022", "Quảng Ninh"),
    /** 024 Bắc Giang. */
    BAC_GIANG("024", "Bắc Giang"),
    /** 025 Phú Thọ. */
    PHU_THO("025", "Phú Thọ"),
    /** 026 Vĩnh Phúc. */
    VINH_PHUC("026", "Vĩnh Phúc"),
    /** 027 Bắc Ninh. */
    BAC_NINH("027", "Bắc Ninh"),
    /** 030 Hải Dương. */
    HAI_DUONG("030", "Hải Dương"),
    /** 031 Hải Phòng. */
    HAI_PHONG("031", "Hải Phòng"),
    /** 033 Hưng Yên. */
    HUNG_YEN("033", "Hưng Yên"),
    /** 034 Thái Bình. */
    THAI_BINH("034", "Thái Bình"),
    /** 035 Hà Nam. */
    HA_NAM("035", "Hà Nam"),
    /** 036 Nam Định. */
    NAM_DINH("036", "Nam Định"),
    /** 037 Ninh Bình. */
    NINH_BINH("037", "Ninh Bình"),
    /** 038 Thanh Hóa. */
    THANH_HOA("038", "Thanh Hóa"),
    /** 040 Nghệ An. */
    NGHE_AN("040", "Nghệ An"),
    /** 042 Hà Tĩnh. */
    HA_TINH("042", "Hà Tĩnh"),
    /** 044 Quảng Bình. */
    QUANG_BINH("044", "Quảng Bình"),
    /** 045 Quảng Trị. */
    QUANG_TRI("045", "Quảng Trị"),
    /** 046 Thừa Thiên Huế. */
    THUA_THIEN_HUE("046", "Thừa Thiên Huế"),
    /** 048 Đà Nẵng. */
    DA_NANG("048", "Đà Nẵng"),
    /** 049 Quảng Nam. */
    QUANG_NAM("049", "Quảng Nam"),
    /** 051 Quảng Ngãi. */
    QUANG_NGAI("051", "Quảng Ngãi"),
    /** 052 Bình Định. */
    BINH_DINH("052", "Bình Định"),
    /** 054 Phú Yên. */
    PHU_YEN("054", "Phú Yên"),
    /** 056 Khánh Hòa. */
    KHANH_HOA("056", "Khánh Hòa"),
    /** 058 Ninh Thuận. */
    NINH_THUAN("058", "Ninh Thuận"),
    /** 060 Bình Thuận. */
    BINH_THUAN("060", "Bình Thuận"),
    /** 062 Kon Tum. */
    KON_TUM("062", "Kon Tum"),
    /** 064 Gia Lai. */
    GIA_LAI("064", "Gia Lai"),
    /** 066 Đắk Lắk. */
    DAK_LAK("066", "Đắk Lắk"),
    /** 067 Đắk Nông. */
    DAK_NONG("067", "Đắk Nông"),
    /** 068 Lâm Đồng. */
    LAM_DONG("068", "Lâm Đồng"),
    /** 070 Bình Phước. */
    BINH_PHUOC("070", "Bình Phước"),
    /** 072 Tây Ninh. */
    TAY_NINH("072", "Tây Ninh"),
    /** 074 Bình Dương. */
    BINH_DUONG("074", "Bình Dương"),
    /** 075 Đồng Nai. */
    DONG_NAI("075", "Đồng Nai"),
    /** 077 Bà Rịa - Vũng Tàu. */
    BA_RIA_VUNG_TAU("077", "Bà Rịa - Vũng Tàu"),
    /** 079 Hồ Chí Minh. */
    HO_CHI_MINH("079", "Hồ Chí Minh"),
    /** 080 Long An. */
    LONG_AN("080", "Long An"),
    /** 082 Tiền Giang. */
    TIEN_GIANG("082", "Tiền Giang"),
    /** 083 Bến Tre. */
    BEN_TRE("083", "Bến Tre"),
    /** 084 Trà Vinh. */
    TRA_VINH("084", "Trà Vinh"),
    /** 086 Vĩnh Long. */
    VINH_LONG("086", "Vĩnh Long"),
    /** 087 Đồng Tháp. */
    DONG_THAP("087", "Đồng Tháp"),
    /** 089 An Giang. */
    AN_GIANG("089", "An Giang"),
    /** 091 Kiên Giang. */
    KIEN_GIANG("091", "Kiên Giang"),
    /** 092 Cần Thơ. */
    CAN_THO("092", "Cần Thơ"),
    /** 093 Hậu Giang. */
    HAU_GIANG("093", "Hậu Giang"),
    /** 094 Sóc Trăng. */
    SOC_TRANG("094", "Sóc Trăng"),
    /** 095 Bạc Liêu. */
    BAC_LIEU("095", "Bạc Liêu"),
    /** 096 Cà Mau. */
    CA_MAU("096", "Cà Mau");

    private final String code;
    private final String vietnameseName;

    BirthRegistrationProvince(String code, String vietnameseName) {
        this.code = code;
        this.vietnameseName = vietnameseName;
    }

    /**
     * The 3-digit code used as the prefix of the personal ID number.
     *
     * @return the code, for example {@code "001"}
     */
    public String code() {
        return code;
    }

    /**
     * The Vietnamese name with diacritics, in Unicode NFC, without the administrative prefix.
     *
     * @return the name, for example {@code "Hà Nội"}
     */
    public String vietnameseName() {
        return vietnameseName;
    }

    /**
     * Looks a former province up by its 3-digit code.
     *
     * @param code the code, for example {@code "002"}; {@code null} gives an empty result
     * @return the province, or empty when the code is not one of the 63
     */
    public static Optional<BirthRegistrationProvince> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE.get(code));
    }

    // Every ID number parsed looks its province up: a map made once, not a scan of values() (a copy) per call.
    private static final java.util.Map<String, BirthRegistrationProvince> BY_CODE = Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(p -> p.code, p -> p));

    /**
     * The province in force since 1 July 2025 that this former province merged into (as a whole
     * province; see {@link Province} for the one partial transfer that is not modelled).
     *
     * @return the current province, never {@code null}
     */
    public Province currentProvince() {
        return Holder.CURRENT.get(this);
    }

    // Derived from Province's table so that the mapping has a single source of truth.
    private static final class Holder {
        static final Map<BirthRegistrationProvince, Province> CURRENT = build();

        private static Map<BirthRegistrationProvince, Province> build() {
            Map<BirthRegistrationProvince, Province> map = new EnumMap<>(BirthRegistrationProvince.class);
            for (Province p : Province.values()) {
                for (String c : p.formerCodes()) {
                    map.put(fromCode("0" + c).orElseThrow(), p);
                }
            }
            return map;
        }
    }
}
