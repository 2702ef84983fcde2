package vn.ketnoi.vneid.edocuments;

import java.util.Map;

/**
 * The type-specific content of a document: the extension point for document types.
 *
 * <p>The built-in payloads ({@link DrivingLicence}, {@link HealthInsuranceCard},
 * {@link VehicleRegistration}, {@link BirthExtract}, {@link MarriageExtract},
 * {@link JudicialRecordCertificate}) validate their fields when built. For a type the SDK does not
 * know, implement this interface: return an {@linkplain DocumentType#extension(String) extension
 * type} and the fields, and validate them in your constructor, throwing
 * {@link vn.ketnoi.core.exception.InvalidInputException} named {@code payload.<field>}.
 * Implementations must be immutable.
 */
public interface DocumentPayload {
    /** {@return the document type this payload belongs to} */
    DocumentType type();

    /**
     * The payload members as they go into the signed document: names to strings, numbers,
     * booleans, lists or maps of those. Dates are ISO {@code yyyy-MM-dd} strings.
     *
     * @return the members; not null
     */
    Map<String, Object> fields();
}
