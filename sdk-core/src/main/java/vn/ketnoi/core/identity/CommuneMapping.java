package vn.ketnoi.core.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Which commune-level unit since 1 July 2025 a former commune became, as the province's
 * resolution on the reorganisation lists it. The 2025 reform merged about 10,000 communes into
 * 3,321, so a province's mapping cannot say it: {@link Address#toCurrentForm(CommuneMapping)}
 * converts a commune only with an entry here, and flags it otherwise. The SDK ships no entries:
 * load the official list of the provinces the agency serves. Immutable, thread-safe.
 *
 * <pre>{@code
 * CommuneMapping mapping = CommuneMapping.builder()
 *         .add(BirthRegistrationProvince.HA_NOI, "Quận Cầu Giấy", "Phường Dịch Vọng", Province.HA_NOI, "Phường Cầu Giấy")
 *         .build();
 * }</pre>
 */
public final class CommuneMapping {
    private static final CommuneMapping NONE = new CommuneMapping(Map.of());

    /**
     * A commune-level unit in force since 1 July 2025.
     *
     * @param province the province it is in
     * @param name its name with its prefix, for example {@code Phường Cầu Giấy}
     */
    public record Unit(Province province, String name) {
        /**
         * Checks both parts.
         *
         * @param province the province it is in
         * @param name its name with its prefix
         */
        public Unit {
            Objects.requireNonNull(province, "province");
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("name", "is required");
            }
        }
    }

    private final Map<String, Unit> units;

    private CommuneMapping(Map<String, Unit> units) {
        this.units = units;
    }

    /** {@return a mapping with no entry: every commune of an address in the former form is flagged} */
    public static CommuneMapping none() {
        return NONE;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The unit a former commune became.
     *
     * @param former the former province
     * @param district the former district as written, or null when the address names none
     * @param commune the former commune as written
     * @return the unit, or empty when this mapping does not know it
     */
    public Optional<Unit> unitOf(BirthRegistrationProvince former, String district, String commune) {
        return Optional.ofNullable(units.get(key(former, district, commune)));
    }

    // Case, accents and spacing ignored, as people write unit names differently.
    private static String key(BirthRegistrationProvince former, String district, String commune) {
        return former.code() + "|" + (district == null ? "" : VietnameseNames.comparisonKey(district)) + "|"
                + VietnameseNames.comparisonKey(commune);
    }

    /** Collects entries; not thread-safe. */
    public static final class Builder {
        private final Map<String, Unit> units = new HashMap<>();

        private Builder() {
        }

        /**
         * Adds one former commune.
         *
         * @param former the former province
         * @param district the former district, with its prefix ({@code Quận Cầu Giấy}); null when addresses name none
         * @param commune the former commune, with its prefix ({@code Phường Dịch Vọng})
         * @param province the province it is in now: the one {@code former} merged into (for former
         *        Tiền Giang, also Tây Ninh, which took part of it)
         * @param newCommune the unit's name now, with its prefix
         * @return this builder
         * @throws InvalidInputException a part missing, or a province that {@code former} did not become
         */
        public Builder add(BirthRegistrationProvince former, String district, String commune, Province province,
                           String newCommune) {
            if (former == null || province == null || commune == null || commune.isBlank()) {
                throw new InvalidInputException("commune", "former province, commune and new province are required");
            }
            boolean successor = former.currentProvince() == province
                    || former == BirthRegistrationProvince.TIEN_GIANG && province == Province.TAY_NINH;
            if (!successor) {
                throw new InvalidInputException("province", "former " + former.vietnameseName() + " did not become "
                        + province.vietnameseName());
            }
            units.put(key(former, district, commune), new Unit(province, newCommune));
            return this;
        }

        /** {@return the mapping} */
        public CommuneMapping build() {
            return new CommuneMapping(Map.copyOf(units));
        }
    }
}
