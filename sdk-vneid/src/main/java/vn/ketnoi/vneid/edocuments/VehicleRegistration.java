package vn.ketnoi.vneid.edocuments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import vn.ketnoi.vneid.edocuments.internal.Fields;

/**
 * Vehicle registration certificate (giấy chứng nhận đăng ký xe): plate number (such as
 * {@code 29A-123.45}), vehicle kind, make, chassis and engine numbers.
 */
public final class VehicleRegistration implements DocumentPayload {
    private static final Pattern PLATE = Pattern.compile("\\d{2}[A-Z]{1,2}\\d?-\\d{3}\\.\\d{2}|\\d{2}[A-Z]{1,2}\\d?-\\d{4,5}");
    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{6,17}");

    private final String plateNumber;
    private final String vehicleKind;
    private final String make;
    private final String chassisNumber;
    private final String engineNumber;

    private VehicleRegistration(Builder b) {
        this.plateNumber = Fields.pattern("payload.plateNumber", b.plateNumber, PLATE,
                "a Vietnamese plate number such as 29A-123.45");
        this.vehicleKind = Fields.text("payload.vehicleKind", b.vehicleKind, 100);
        this.make = Fields.text("payload.make", b.make, 100);
        this.chassisNumber = Fields.pattern("payload.chassisNumber", b.chassisNumber, VIN,
                "6 to 17 capital letters and digits (no I, O or Q)");
        this.engineNumber = Fields.text("payload.engineNumber", b.engineNumber, 40);
    }

    /** {@return a builder; every field is required} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DocumentType type() {
        return DocumentType.VEHICLE_REGISTRATION;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plateNumber", plateNumber);
        m.put("vehicleKind", vehicleKind);
        m.put("make", make);
        m.put("chassisNumber", chassisNumber);
        m.put("engineNumber", engineNumber);
        return m;
    }

    @Override
    public String toString() {
        return "VehicleRegistration[vehicleKind=" + vehicleKind + ", plateNumber=***]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private String plateNumber;
        private String vehicleKind;
        private String make;
        private String chassisNumber;
        private String engineNumber;

        private Builder() {
        }

        /**
         * @param v the plate number, such as {@code 29A-123.45}
         * @return this builder
         */
        public Builder plateNumber(String v) {
            this.plateNumber = v;
            return this;
        }

        /**
         * @param v the kind of vehicle, such as {@code Xe mô tô}
         * @return this builder
         */
        public Builder vehicleKind(String v) {
            this.vehicleKind = v;
            return this;
        }

        /**
         * @param v the make and model
         * @return this builder
         */
        public Builder make(String v) {
            this.make = v;
            return this;
        }

        /**
         * @param v the chassis (VIN) number
         * @return this builder
         */
        public Builder chassisNumber(String v) {
            this.chassisNumber = v;
            return this;
        }

        /**
         * @param v the engine number
         * @return this builder
         */
        public Builder engineNumber(String v) {
            this.engineNumber = v;
            return this;
        }

        /**
         * @return the payload
         * @throws vn.ketnoi.core.exception.InvalidInputException naming the first bad field
         */
        public VehicleRegistration build() {
            return new VehicleRegistration(this);
        }
    }
}
