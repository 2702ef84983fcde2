package vn.ketnoi.population;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;

/**
 * One value the agency is the source of, for one citizen, true as of a time: one record of a
 * {@link PushBatch} or a push job ({@code docs/push.md}). The source agency is not part of it:
 * the provider records the agency that signed the call. Immutable; every part is checked when it
 * is made, so nothing malformed is ever sent.
 *
 * <pre>{@code
 * FieldPush push = FieldPush.of(PersonalIdNumber.parse("001089012345"),
 *         SourceField.HEALTH_INSURANCE_NUMBER, "DN4010123456789", Instant.parse("2026-11-01T00:00:00Z"));
 * }</pre>
 *
 * @param idNumber the citizen
 * @param field    the field
 * @param value    the value, of the field's form ({@link SourceField#check(String)}); personal data
 * @param asOf     when the value held, by the source's records: an older as-of never replaces a newer one
 */
public record FieldPush(PersonalIdNumber idNumber, SourceField field, String value, Instant asOf) {
    /**
     * Checks every part.
     *
     * @param idNumber the citizen
     * @param field the field
     * @param value the value
     * @param asOf when the value held
     */
    public FieldPush {
        Checks.required("idNumber", idNumber, null);
        Checks.required("field", field, null);
        field.check(value);
        Checks.required("asOf", asOf, null);
    }

    /**
     * A push.
     *
     * @param idNumber the citizen
     * @param field the field
     * @param value the value
     * @param asOf when the value held
     * @return the push
     * @throws InvalidInputException naming the part that is missing or malformed
     */
    public static FieldPush of(PersonalIdNumber idNumber, SourceField field, String value, Instant asOf) {
        return new FieldPush(idNumber, field, value, asOf);
    }

    Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idNumber", idNumber.value());
        m.put("field", field.wireName());
        m.put("value", value);
        m.put("asOf", asOf.toString());
        return m;
    }

    /** Masks the citizen and never shows the value. */
    @Override
    public String toString() {
        return "FieldPush[" + idNumber.masked() + ", " + field + ", asOf=" + asOf + "]";
    }
}
