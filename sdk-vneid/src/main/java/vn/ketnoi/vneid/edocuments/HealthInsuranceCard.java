package vn.ketnoi.vneid.edocuments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.edocuments.internal.Fields;

/**
 * Health insurance card (thẻ bảo hiểm y tế): the 10-digit social insurance number, the registered
 * primary care facility (a 5-character facility code) and the benefit level, 1 to 5.
 */
public final class HealthInsuranceCard implements DocumentPayload {
    private static final Pattern NUMBER = Pattern.compile("\\d{10}");
    private static final Pattern FACILITY = Pattern.compile("[0-9A-Z]{5}");

    private final String insuranceNumber;
    private final String facilityCode;
    private final int benefitLevel;

    private HealthInsuranceCard(Builder b) {
        this.insuranceNumber = Fields.pattern("payload.insuranceNumber", b.insuranceNumber, NUMBER, "10 digits");
        this.facilityCode = Fields.pattern("payload.facilityCode", b.facilityCode, FACILITY,
                "a 5-character facility code of digits and capital letters");
        if (b.benefitLevel < 1 || b.benefitLevel > 5) {
            throw new InvalidInputException("payload.benefitLevel", "is required and must be 1 to 5");
        }
        this.benefitLevel = b.benefitLevel;
    }

    /** {@return a builder; every field is required} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DocumentType type() {
        return DocumentType.HEALTH_INSURANCE_CARD;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("insuranceNumber", insuranceNumber);
        m.put("facilityCode", facilityCode);
        m.put("benefitLevel", benefitLevel);
        return m;
    }

    @Override
    public String toString() {
        return "HealthInsuranceCard[benefitLevel=" + benefitLevel + ", insuranceNumber=***]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private String insuranceNumber;
        private String facilityCode;
        private int benefitLevel;

        private Builder() {
        }

        /**
         * @param v the 10-digit social insurance number
         * @return this builder
         */
        public Builder insuranceNumber(String v) {
            this.insuranceNumber = v;
            return this;
        }

        /**
         * @param v the registered primary care facility's code
         * @return this builder
         */
        public Builder facilityCode(String v) {
            this.facilityCode = v;
            return this;
        }

        /**
         * @param v the benefit level, 1 to 5
         * @return this builder
         */
        public Builder benefitLevel(int v) {
            this.benefitLevel = v;
            return this;
        }

        /**
         * @return the payload
         * @throws InvalidInputException naming the first bad field
         */
        public HealthInsuranceCard build() {
            return new HealthInsuranceCard(this);
        }
    }
}
