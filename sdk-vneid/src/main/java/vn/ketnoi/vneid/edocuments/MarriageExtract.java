package vn.ketnoi.vneid.edocuments;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.vneid.edocuments.internal.Fields;

/**
 * Marriage registration extract (trích lục kết hôn), issued to each spouse: the register entry and
 * the other spouse's full name and personal ID number.
 */
public final class MarriageExtract implements DocumentPayload {
    private final String registrationNumber;
    private final String registeredBy;
    private final LocalDate registrationDate;
    private final String spouseName;
    private final PersonalIdNumber spouseIdNumber;

    private MarriageExtract(Builder b) {
        this.registrationNumber = Fields.text("payload.registrationNumber", b.registrationNumber, 40);
        this.registeredBy = Fields.text("payload.registeredBy", b.registeredBy, 200);
        this.registrationDate = Fields.date("payload.registrationDate", b.registrationDate);
        this.spouseName = Fields.text("payload.spouseName", b.spouseName, 100);
        this.spouseIdNumber = Fields.required("payload.spouseIdNumber", b.spouseIdNumber);
    }

    /** {@return a builder; every field is required} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DocumentType type() {
        return DocumentType.MARRIAGE_REGISTRATION;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registrationNumber", registrationNumber);
        m.put("registeredBy", registeredBy);
        m.put("registrationDate", registrationDate.toString());
        m.put("spouseName", spouseName);
        m.put("spouseIdNumber", spouseIdNumber.value());
        return m;
    }

    @Override
    public String toString() {
        return "MarriageExtract[registrationDate=" + registrationDate + ", spouse=***]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private String registrationNumber;
        private String registeredBy;
        private LocalDate registrationDate;
        private String spouseName;
        private PersonalIdNumber spouseIdNumber;

        private Builder() {
        }

        /**
         * @param v the entry number in the marriage register
         * @return this builder
         */
        public Builder registrationNumber(String v) {
            this.registrationNumber = v;
            return this;
        }

        /**
         * @param v the registering authority
         * @return this builder
         */
        public Builder registeredBy(String v) {
            this.registeredBy = v;
            return this;
        }

        /**
         * @param v the date of registration
         * @return this builder
         */
        public Builder registrationDate(LocalDate v) {
            this.registrationDate = v;
            return this;
        }

        /**
         * @param v the other spouse's full name
         * @return this builder
         */
        public Builder spouseName(String v) {
            this.spouseName = v;
            return this;
        }

        /**
         * @param v the other spouse's personal ID number
         * @return this builder
         */
        public Builder spouseIdNumber(PersonalIdNumber v) {
            this.spouseIdNumber = v;
            return this;
        }

        /** @return the payload */
        public MarriageExtract build() {
            return new MarriageExtract(this);
        }
    }
}
