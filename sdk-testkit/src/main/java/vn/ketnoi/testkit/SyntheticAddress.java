package vn.ketnoi.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An address of the synthetic register, in the wire shape of protocol section 8.2.
 *
 * @param text the full line as recorded
 * @param commune the commune, ward or township
 * @param district the district; {@code null} for addresses recorded after the
 *     1 July 2025 reorganisation, which abolished districts
 * @param province the province
 */
public record SyntheticAddress(String text, String commune, @Nullable String district, String province) {

    /**
     * Checks the required parts.
     *
     * @param text the full line as recorded
     * @param commune the commune, ward or township
     * @param district the district; {@code null} for addresses recorded after the
     *     1 July 2025 reorganisation, which abolished districts
     * @param province the province
     */
    public SyntheticAddress {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(province, "province");
    }

    /** {@return whether the address is in the old form, with a district} */
    public boolean hasDistrict() {
        return district != null;
    }

    /** Shows only the province: the rest of an address is personal data. */
    @Override
    public String toString() {
        return "SyntheticAddress[province=" + province + (district == null ? ", new form" : ", old form") + "]";
    }
}
