package vn.ketnoi.vneid.edocuments;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.edocuments.internal.Fields;

/**
 * Birth registration extract (trích lục khai sinh). The document's subject is the child; the
 * payload holds the register entry: registration number and book, the registering authority, the
 * registration date and the child's full name and birth date as registered.
 */
public final class BirthExtract implements DocumentPayload {
    private final String registrationNumber;
    private final String registeredBy;
    private final LocalDate registrationDate;
    private final String childName;
    private final LocalDate birthDate;

    private BirthExtract(Builder b) {
        this.registrationNumber = Fields.text("payload.registrationNumber", b.registrationNumber, 40);
        this.registeredBy = Fields.text("payload.registeredBy", b.registeredBy, 200);
        this.registrationDate = Fields.date("payload.registrationDate", b.registrationDate);
        this.childName = Fields.text("payload.childName", b.childName, 100);
        this.birthDate = Fields.date("payload.birthDate", b.birthDate);
        if (registrationDate.isBefore(birthDate)) {
            throw new InvalidInputException("payload.registrationDate", "must not be before the birth date");
        }
    }

    /** {@return a builder; every field is required} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DocumentType type() {
        return DocumentType.BIRTH_REGISTRATION;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registrationNumber", registrationNumber);
        m.put("registeredBy", registeredBy);
        m.put("registrationDate", registrationDate.toString());
        m.put("childName", childName);
        m.put("birthDate", birthDate.toString());
        return m;
    }

    @Override
    public String toString() {
        return "BirthExtract[registrationDate=" + registrationDate + ", childName=***]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private String registrationNumber;
        private String registeredBy;
        private LocalDate registrationDate;
        private String childName;
        private LocalDate birthDate;

        private Builder() {
        }

        /**
         * @param v the entry number in the birth register, such as {@code 125/2024}
         * @return this builder
         */
        public Builder registrationNumber(String v) {
            this.registrationNumber = v;
            return this;
        }

        /**
         * @param v the registering authority, such as {@code UBND phường Hàng Bạc}
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
         * @param v the child's full name as registered
         * @return this builder
         */
        public Builder childName(String v) {
            this.childName = v;
            return this;
        }

        /**
         * @param v the child's date of birth
         * @return this builder
         */
        public Builder birthDate(LocalDate v) {
            this.birthDate = v;
            return this;
        }

        /** @return the payload */
        public BirthExtract build() {
            return new BirthExtract(this);
        }
    }
}
