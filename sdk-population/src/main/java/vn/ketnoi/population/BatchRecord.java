package vn.ketnoi.population;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.logging.Masking;

/**
 * One record of a batch or job: an item id of the caller's choosing, the three identifiers as the
 * agency holds them, and for a verification any further claims. Values are kept as given: a
 * malformed record does not stop the batch but fails alone, with {@code request.invalid} naming
 * its field ({@code docs/protocol.md} section 8.7). Immutable.
 */
public final class BatchRecord {
    private final String itemId;
    private final String idNumber;
    private final String fullName;
    private final String birthDate;
    private final Map<CitizenField, String> claims;
    private final String consentToken;

    private BatchRecord(String itemId, String idNumber, String fullName, String birthDate,
                        Map<CitizenField, String> claims, String consentToken) {
        this.itemId = itemId;
        this.idNumber = idNumber;
        this.fullName = fullName;
        this.birthDate = birthDate;
        this.claims = claims;
        this.consentToken = consentToken;
    }

    /**
     * A record.
     *
     * @param itemId    the caller's id for the record, 1 to 64 characters of {@code A-Z a-z 0-9 . _ : -}
     * @param idNumber  the 12-digit ID number as held
     * @param fullName  the full name as held
     * @param birthDate the birth date as held, {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}
     * @return the record
     */
    public static BatchRecord of(String itemId, String idNumber, String fullName, String birthDate) {
        if (itemId == null || !itemId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new InvalidInputException("itemId", "must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
        }
        return new BatchRecord(itemId, bounded("idNumber", idNumber), bounded("fullName", fullName),
                bounded("birthDate", birthDate), Map.of(), null);
    }

    /**
     * {@return this record with a further claim to verify (sex as {@code MALE}/{@code FEMALE}, addresses as one line)}
     *
     * @param field a verifiable field
     * @param value the value as held, at most the protocol's length
     */
    public BatchRecord withClaim(CitizenField field, String value) {
        Checks.required("field", field, null);
        if (!VERIFIABLE.contains(field.wireName())) {
            throw new InvalidInputException("field", "cannot be verified; see docs/protocol.md section 8.5");
        }
        Map<CitizenField, String> m = new EnumMap<>(CitizenField.class);
        m.putAll(claims);
        m.put(field, bounded(field.wireName(), value));
        return new BatchRecord(itemId, idNumber, fullName, birthDate, Collections.unmodifiableMap(m), consentToken);
    }

    /**
     * {@return this record with the citizen's consent token, for lookups of fields that need one}
     *
     * @param token the consent token the citizen gave
     */
    public BatchRecord withConsentToken(String token) {
        return new BatchRecord(itemId, idNumber, fullName, birthDate, claims, PopulationClient.checkConsentToken(token));
    }

    private static final java.util.Set<String> VERIFIABLE = java.util.Set.of("sex", "placeOfOrigin",
            "permanentResidence", "currentResidence", "oldIdNumber", "ethnicity", "nationality");

    private static String bounded(String field, String value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        if (value.length() > Checks.MAX_TEXT) {
            throw new InvalidInputException(field, "must be at most " + Checks.MAX_TEXT + " characters");
        }
        return value;
    }

    /** {@return the caller's id for the record} */
    public String itemId() {
        return itemId;
    }

    /** {@return the ID number as held; personal data} */
    public String idNumber() {
        return idNumber;
    }

    /** {@return the full name as held; personal data} */
    public String fullName() {
        return fullName;
    }

    /** {@return the birth date as held; personal data} */
    public String birthDate() {
        return birthDate;
    }

    /** {@return further claims to verify, by field} */
    public Map<CitizenField, String> claims() {
        return claims;
    }

    /** {@return the consent token, or {@code null}} */
    public String consentToken() {
        return consentToken;
    }

    /** The record as a wire item. */
    Map<String, Object> toWire() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("itemId", itemId);
        m.put("idNumber", idNumber);
        m.put("fullName", fullName);
        m.put("birthDate", birthDate);
        claims.forEach((f, v) -> m.put(f.wireName(), v));
        if (consentToken != null) {
            m.put("consentToken", consentToken);
        }
        return m;
    }

    @Override
    public String toString() {
        return "BatchRecord[itemId=" + itemId + ", idNumber=" + Masking.idNumber(idNumber) + ", fullName="
                + Masking.name(fullName) + "]";
    }
}
