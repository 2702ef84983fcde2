package vn.ketnoi.vneid.edocuments;

import java.util.LinkedHashMap;
import java.util.Map;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.edocuments.internal.Fields;

/**
 * Judicial record certificate (phiếu lý lịch tư pháp) under the Law on Judicial Records 2009:
 * form 1 or form 2, the certificate number, and whether a criminal record is shown, with its
 * summary when there is one.
 */
public final class JudicialRecordCertificate implements DocumentPayload {
    private final String certificateNumber;
    private final int form;
    private final boolean hasCriminalRecord;
    private final String recordSummary;

    private JudicialRecordCertificate(Builder b) {
        this.certificateNumber = Fields.text("payload.certificateNumber", b.certificateNumber, 40);
        if (b.form != 1 && b.form != 2) {
            throw new InvalidInputException("payload.form", "is required and must be 1 or 2");
        }
        this.form = b.form;
        if (b.hasCriminalRecord == null) {
            throw new InvalidInputException("payload.hasCriminalRecord", "is required");
        }
        this.hasCriminalRecord = b.hasCriminalRecord;
        this.recordSummary = Fields.optionalText("payload.recordSummary", b.recordSummary, 2000);
        if (hasCriminalRecord && recordSummary == null) {
            throw new InvalidInputException("payload.recordSummary", "is required when there is a criminal record");
        }
    }

    /** {@return a builder; certificate number, form and hasCriminalRecord are required} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DocumentType type() {
        return DocumentType.JUDICIAL_RECORD;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("certificateNumber", certificateNumber);
        m.put("form", form);
        m.put("hasCriminalRecord", hasCriminalRecord);
        if (recordSummary != null) {
            m.put("recordSummary", recordSummary);
        }
        return m;
    }

    @Override
    public String toString() {
        return "JudicialRecordCertificate[form=" + form + ", contents=***]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private String certificateNumber;
        private int form;
        private Boolean hasCriminalRecord;
        private String recordSummary;

        private Builder() {
        }

        /**
         * @param v the certificate number
         * @return this builder
         */
        public Builder certificateNumber(String v) {
            this.certificateNumber = v;
            return this;
        }

        /**
         * @param v 1 or 2
         * @return this builder
         */
        public Builder form(int v) {
            this.form = v;
            return this;
        }

        /**
         * @param v whether a criminal record is shown
         * @return this builder
         */
        public Builder hasCriminalRecord(boolean v) {
            this.hasCriminalRecord = v;
            return this;
        }

        /**
         * @param v the record's summary; required when there is one
         * @return this builder
         */
        public Builder recordSummary(String v) {
            this.recordSummary = v;
            return this;
        }

        /** @return the payload */
        public JudicialRecordCertificate build() {
            return new JudicialRecordCertificate(this);
        }
    }
}
