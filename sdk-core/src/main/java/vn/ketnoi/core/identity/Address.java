package vn.ketnoi.core.identity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A residence address split into its administrative parts.
 *
 * <p>Two forms occur in live data: the form used before 1 July 2025, which names a district
 * ({@code "Số 12 Ngõ 5, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội"}), and the form since
 * then, with only commune and province ({@code "Số 12 Ngõ 5, Phường Cầu Giấy, Thành phố Hà Nội"}).
 * Both are parsed and the original text is kept verbatim.
 *
 * <p>Parsing works from the right of the comma-separated parts: an optional trailing
 * {@code Việt Nam}, the province (recognised by name, with or without {@code Tỉnh} /
 * {@code Thành phố} / {@code TP.}, accent-insensitively, against the 63 former and 34 current
 * names), then a district ({@code Quận}, {@code Huyện}, {@code Thị xã}, or {@code Thành phố} when
 * not the last part), then a commune ({@code Phường}, {@code Xã}, {@code Thị trấn},
 * {@code Đặc khu}). Whatever is left, including parts not recognised, is the {@link #detail()}.
 * A prefix written with diacritics must match them ({@code "Xa lộ"} is not {@code "Xã"}); a part
 * written entirely without diacritics is matched accent-insensitively.
 *
 * <p>Immutable. {@link #toString()} shows only the province, as addresses are personal data.
 */
public final class Address {

    /** Which administrative layout an address is written in. */
    public enum Form {
        /**
         * The layout before 1 July 2025: it names a district, or a province that no longer
         * exists.
         */
        BEFORE_2025_REFORM,
        /**
         * The layout since 1 July 2025: commune and province only. Also the answer for an address
         * that names neither a district nor a former-only province.
         */
        AFTER_2025_REFORM
    }

    private static final Prefixes DISTRICT_PREFIXES = new Prefixes("Quận", "Huyện", "Thị xã", "Q.", "H.", "TX.");
    // Only a district when another part follows; as the last part they name the province.
    private static final Prefixes CITY_PREFIXES = new Prefixes("Thành phố", "TP.", "T.P.", "TP");
    private static final Prefixes COMMUNE_PREFIXES = new Prefixes("Phường", "Xã", "Thị trấn", "Đặc khu", "P.", "X.", "TT.");
    private static final String[] PROVINCE_KEY_PREFIXES = {"tinh ", "tinh.", "thanh pho ", "tp.", "tp ", "t.p."};

    private final String text;
    private final String detail;
    private final String commune;
    private final String district;
    private final String provinceName;
    private final Province currentProvince;
    private final Form form;

    private Address(String text, String detail, String commune, String district, String provinceName,
                    Province currentProvince, Form form) {
        this.text = text;
        this.detail = detail;
        this.commune = commune;
        this.district = district;
        this.provinceName = provinceName;
        this.currentProvince = currentProvince;
        this.form = form;
    }

    /**
     * Splits an address into its parts. Never fails on unusual text: what is not recognised stays
     * in {@link #detail()}.
     *
     * @param text the address as written
     * @return the address
     * @throws IdentityParseException (field {@code address}) when the text is null or blank
     */
    public static Address parse(String text) {
        if (text == null) {
            throw new IdentityParseException("address", "is missing");
        }
        List<String> parts = new ArrayList<>();
        for (String p : text.split(",", -1)) {
            String t = VietnameseNames.collapseWhitespace(p);
            if (!t.isEmpty()) {
                parts.add(t);
            }
        }
        if (parts.isEmpty()) {
            throw new IdentityParseException("address", "must not be blank");
        }
        int end = parts.size();
        if (end > 1 && isCountry(parts.get(end - 1))) {
            end--;
        }
        String provinceName = null;
        ProvinceMatch match = null;
        if (end > 0) {
            match = matchProvince(parts.get(end - 1));
            if (match != null) {
                provinceName = parts.get(end - 1);
                end--;
            }
        }
        String district = null;
        if (end > 0) {
            String p = parts.get(end - 1);
            boolean last = end == parts.size();
            if (hasPrefix(p, DISTRICT_PREFIXES) || (!last && hasPrefix(p, CITY_PREFIXES))) {
                district = p;
                end--;
            }
        }
        String commune = null;
        if (end > 0 && hasPrefix(parts.get(end - 1), COMMUNE_PREFIXES)) {
            commune = parts.get(end - 1);
            end--;
        }
        String detail = String.join(", ", parts.subList(0, end));
        Province current = match == null ? null
                : match.current != null ? match.current : match.former.currentProvince();
        boolean formerOnly = match != null && match.current == null;
        Form form = district != null || formerOnly ? Form.BEFORE_2025_REFORM : Form.AFTER_2025_REFORM;
        return new Address(text, detail, commune, district, provinceName, current, form);
    }

    /**
     * The address exactly as given to {@link #parse(String)}.
     *
     * @return the original text
     */
    public String text() {
        return text;
    }

    /**
     * Everything before the recognised administrative parts (house number, street, hamlet...) and
     * any part that was not recognised, joined with {@code ", "}.
     *
     * @return the detail, possibly empty
     */
    public String detail() {
        return detail;
    }

    /**
     * The commune-level part as written, for example {@code "Phường Dịch Vọng"}.
     *
     * @return the commune, or empty when none was recognised
     */
    public Optional<String> commune() {
        return Optional.ofNullable(commune);
    }

    /**
     * The district as written, for example {@code "Quận Cầu Giấy"}; only addresses in the form
     * used before 1 July 2025 have one.
     *
     * @return the district, or empty
     */
    public Optional<String> district() {
        return Optional.ofNullable(district);
    }

    /**
     * The province part as written, for example {@code "Thành phố Hà Nội"}.
     *
     * @return the province name, or empty when the last part is not a known province
     */
    public Optional<String> provinceName() {
        return Optional.ofNullable(provinceName);
    }

    /**
     * Which layout the address is written in.
     *
     * @return the form
     */
    public Form form() {
        return form;
    }

    /**
     * The province in force since 1 July 2025 that the named province is, or merged into.
     *
     * @return the current province, or empty when no province was recognised
     */
    public Optional<Province> currentProvince() {
        return Optional.ofNullable(currentProvince);
    }

    /**
     * {@link #toCurrentForm(CommuneMapping)} with no commune mapping: an address in the former
     * form is then never converted, only its province decided ({@link AddressConversion#province()}).
     *
     * @return the conversion
     */
    public AddressConversion toCurrentForm() {
        return toCurrentForm(CommuneMapping.none());
    }

    /**
     * Converts an address in the form used before 1 July 2025 (province, district, commune) to
     * the two-level form since then (province, commune), where the mappings decide it:
     *
     * <ul>
     * <li>an address already in the two-level form is returned as it is
     *     ({@link AddressConversion.Outcome#ALREADY_CURRENT});</li>
     * <li>the province follows the whole-province mapping of Decision 19/2025/QĐ-TTg
     *     ({@link BirthRegistrationProvince#currentProvince()}), except former Tiền Giang, split
     *     between Đồng Tháp and Tây Ninh, where only the commune decides;</li>
     * <li>the commune follows {@code communes}; a commune it does not list is flagged
     *     ({@link AddressConversion.Outcome#UNDECIDED}, with the province when that is decided),
     *     never guessed: the reform merged communes, so a former name is no evidence of the new unit.</li>
     * </ul>
     *
     * The converted address keeps the detail (house, street, hamlet) as written and names the
     * unit and the province with their prefixes: {@code "Số 12 Ngõ 5, Phường Cầu Giấy, Thành phố Hà Nội"}.
     *
     * @param communes the former communes' units since 1 July 2025
     * @return the conversion
     */
    public AddressConversion toCurrentForm(CommuneMapping communes) {
        if (communes == null) {
            throw new IdentityParseException("communes", "is required; CommuneMapping.none() for none");
        }
        if (provinceName == null) {
            return AddressConversion.undecided(null, "no province was recognised");
        }
        if (form == Form.AFTER_2025_REFORM) {
            return AddressConversion.current(this);
        }
        ProvinceMatch m = matchProvince(provinceName);
        BirthRegistrationProvince former = m.former;
        if (former == null && m.current.formerProvinces().size() == 1) {
            former = m.current.formerProvinces().iterator().next();
        }
        if (former == null) {
            return AddressConversion.undecided(m.current, "the province is named as it is since 1 July 2025 while a"
                    + " district is named too: which former province it was is not known");
        }
        boolean split = former == BirthRegistrationProvince.TIEN_GIANG;
        Province province = split ? null : former.currentProvince();
        if (commune == null) {
            return AddressConversion.undecided(province, "no commune is named: the district alone does not decide the"
                    + " unit since 1 July 2025");
        }
        Optional<CommuneMapping.Unit> unit = communes.unitOf(former, district, commune);
        if (unit.isEmpty()) {
            return AddressConversion.undecided(province, split
                    ? "former Tiền Giang was split between Đồng Tháp and Tây Ninh: the commune decides, and the mapping"
                            + " does not list it"
                    : "the commune's unit since 1 July 2025 is not known (the reform merged communes): the mapping does"
                            + " not list it");
        }
        Province p = unit.get().province();
        String name = (CITIES.contains(p) ? "Thành phố " : "Tỉnh ") + p.vietnameseName();
        return AddressConversion.converted(parse((detail.isEmpty() ? "" : detail + ", ") + unit.get().name() + ", " + name));
    }

    /** The centrally governed cities, written {@code Thành phố}; the other provinces {@code Tỉnh}. */
    private static final java.util.Set<Province> CITIES = java.util.EnumSet.of(Province.HA_NOI, Province.HAI_PHONG,
            Province.HUE, Province.DA_NANG, Province.HO_CHI_MINH, Province.CAN_THO);

    /**
     * Equal when the original texts are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Address && text.equals(((Address) o).text));
    }

    /**
     * Hash of the original text.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * A form safe for logs that shows only the province.
     *
     * @return for example {@code Address[province=Hà Nội, rest masked]}
     */
    @Override
    public String toString() {
        String p = currentProvince == null ? "?" : currentProvince.vietnameseName();
        return "Address[province=" + p + ", rest masked]";
    }

    private static final class ProvinceMatch {
        final Province current;
        final BirthRegistrationProvince former;

        ProvinceMatch(Province current, BirthRegistrationProvince former) {
            this.current = current;
            this.former = former;
        }
    }

    private static final class Names {
        static final Map<String, Province> CURRENT = new HashMap<>();
        static final Map<String, BirthRegistrationProvince> FORMER = new HashMap<>();

        static {
            for (Province p : Province.values()) {
                CURRENT.put(compact(VietnameseNames.comparisonKey(p.vietnameseName())), p);
            }
            for (BirthRegistrationProvince p : BirthRegistrationProvince.values()) {
                FORMER.put(compact(VietnameseNames.comparisonKey(p.vietnameseName())), p);
            }
            // Common abbreviations of Hồ Chí Minh City ("TP.HCM", "TPHCM").
            CURRENT.put("hcm", Province.HO_CHI_MINH);
            CURRENT.put("tphcm", Province.HO_CHI_MINH);
        }
    }

    private static ProvinceMatch matchProvince(String part) {
        String key = VietnameseNames.comparisonKey(part);
        for (String prefix : PROVINCE_KEY_PREFIXES) {
            if (key.startsWith(prefix)) {
                key = key.substring(prefix.length());
                break;
            }
        }
        String c = compact(key);
        if (c.isEmpty()) {
            return null;
        }
        Province current = Names.CURRENT.get(c);
        BirthRegistrationProvince former = Names.FORMER.get(c);
        if (current == null && former == null) {
            return null;
        }
        return new ProvinceMatch(current, former);
    }

    private static boolean isCountry(String part) {
        String c = compact(VietnameseNames.comparisonKey(part));
        return c.equals("vietnam") || c.equals("vn");
    }

    // Letters and digits only: "Bà Rịa-Vũng Tàu" and "Bà Rịa - Vũng Tàu" give the same key.
    private static String compact(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /** Unit prefixes, lower-cased and as comparison keys once, not at every address parsed. */
    private static final class Prefixes {
        final String[] lower;
        final String[] plain;

        Prefixes(String... prefixes) {
            lower = new String[prefixes.length];
            plain = new String[prefixes.length];
            for (int i = 0; i < prefixes.length; i++) {
                lower[i] = prefixes[i].toLowerCase(Locale.ROOT);
                plain[i] = VietnameseNames.comparisonKey(prefixes[i]);
            }
        }
    }

    private static boolean hasPrefix(String part, Prefixes prefixes) {
        String lower = VietnameseNames.normalized(part, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        String key = VietnameseNames.comparisonKey(part);
        // Accent-insensitive only for text written without any diacritics at all.
        boolean plain = key.equals(VietnameseNames.collapseWhitespace(lower));
        String candidate = plain ? key : lower;
        for (String pl : plain ? prefixes.plain : prefixes.lower) {
            if (candidate.startsWith(pl) && candidate.length() > pl.length()) {
                char next = candidate.charAt(pl.length());
                if (pl.endsWith(".") || next == ' ') {
                    return true;
                }
            }
        }
        return false;
    }
}
