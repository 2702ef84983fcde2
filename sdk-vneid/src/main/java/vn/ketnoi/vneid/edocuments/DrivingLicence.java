package vn.ketnoi.vneid.edocuments;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.edocuments.internal.Fields;

/**
 * Driving licence (giấy phép lái xe), under the Road Traffic Order and Safety Law 2024: a
 * 12-digit licence number and one or more classes.
 */
public final class DrivingLicence implements DocumentPayload {
    /** The licence classes of Article 57 of Law 36/2024/QH15. */
    public static final Set<String> CLASSES = Set.of("A1", "A", "B1", "B", "C1", "C", "D1", "D2", "D",
            "BE", "C1E", "CE", "D1E", "D2E", "DE");
    private static final Pattern NUMBER = Pattern.compile("\\d{12}");

    private final String licenceNumber;
    private final List<String> classes;
    private final String issuedBy;
    private final LocalDate firstIssued;

    private DrivingLicence(Builder b) {
        this.licenceNumber = Fields.pattern("payload.licenceNumber", b.licenceNumber, NUMBER, "12 digits");
        if (b.classes == null || b.classes.isEmpty()) {
            throw new InvalidInputException("payload.classes", "is required: at least one licence class");
        }
        for (String c : b.classes) {
            if (!CLASSES.contains(c)) {
                throw new InvalidInputException("payload.classes", "holds a class that is not one of " + CLASSES);
            }
        }
        this.classes = List.copyOf(b.classes);
        this.issuedBy = Fields.text("payload.issuedBy", b.issuedBy, 200);
        this.firstIssued = b.firstIssued;
    }

    /** {@return a builder; licence number, classes and issuing authority are required} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DocumentType type() {
        return DocumentType.DRIVING_LICENCE;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("licenceNumber", licenceNumber);
        m.put("classes", classes);
        m.put("issuedBy", issuedBy);
        if (firstIssued != null) {
            m.put("firstIssued", firstIssued.toString());
        }
        return m;
    }

    /** {@return the licence classes} */
    public List<String> classes() {
        return classes;
    }

    @Override
    public String toString() {
        return "DrivingLicence[classes=" + classes + ", licenceNumber=***]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private String licenceNumber;
        private List<String> classes;
        private String issuedBy;
        private LocalDate firstIssued;

        private Builder() {
        }

        /**
         * @param v the 12-digit licence number
         * @return this builder
         */
        public Builder licenceNumber(String v) {
            this.licenceNumber = v;
            return this;
        }

        /**
         * @param v the classes, such as {@code A1} and {@code B}
         * @return this builder
         */
        public Builder classes(String... v) {
            this.classes = v == null ? null : List.of(v);
            return this;
        }

        /**
         * @param v the issuing authority, such as {@code Sở Giao thông vận tải Hà Nội}
         * @return this builder
         */
        public Builder issuedBy(String v) {
            this.issuedBy = v;
            return this;
        }

        /**
         * @param v the date the first licence was issued; optional
         * @return this builder
         */
        public Builder firstIssued(LocalDate v) {
            this.firstIssued = v;
            return this;
        }

        /**
         * @return the payload
         * @throws InvalidInputException naming the first bad field
         */
        public DrivingLicence build() {
            return new DrivingLicence(this);
        }
    }
}
