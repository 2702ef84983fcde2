package vn.ketnoi.vneid.edocuments;

import java.util.Objects;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The kind of a document: one of the built-in types, or an extension type named
 * {@code x-<agency code>-<name>} (lower case letters, digits and hyphens) that a provider has
 * registered for an agency. Extension types need no change to the SDK: implement
 * {@link DocumentPayload} for them.
 */
public final class DocumentType {
    /** Driving licence (giấy phép lái xe). */
    public static final DocumentType DRIVING_LICENCE = new DocumentType("DRIVING_LICENCE");
    /** Health insurance card (thẻ bảo hiểm y tế). */
    public static final DocumentType HEALTH_INSURANCE_CARD = new DocumentType("HEALTH_INSURANCE_CARD");
    /** Vehicle registration certificate (giấy chứng nhận đăng ký xe). */
    public static final DocumentType VEHICLE_REGISTRATION = new DocumentType("VEHICLE_REGISTRATION");
    /** Birth registration extract (trích lục khai sinh). */
    public static final DocumentType BIRTH_REGISTRATION = new DocumentType("BIRTH_REGISTRATION");
    /** Marriage registration extract (trích lục kết hôn). */
    public static final DocumentType MARRIAGE_REGISTRATION = new DocumentType("MARRIAGE_REGISTRATION");
    /** Judicial record certificate (phiếu lý lịch tư pháp). */
    public static final DocumentType JUDICIAL_RECORD = new DocumentType("JUDICIAL_RECORD");

    private static final Pattern EXTENSION = Pattern.compile("x-[a-z0-9]{2,16}(-[a-z0-9]{1,32}){1,4}");

    private final String wireName;

    private DocumentType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * An extension type.
     *
     * @param name for example {@code x-h29-fishing-licence}
     * @return the type
     * @throws InvalidInputException when the name does not have the extension form
     */
    public static DocumentType extension(String name) {
        if (name == null || !EXTENSION.matcher(name).matches()) {
            throw new InvalidInputException("type", "an extension type is x-<agency code>-<name> in lower case"
                    + " letters, digits and hyphens, such as x-h29-fishing-licence");
        }
        return new DocumentType(name);
    }

    /**
     * The type with this wire name: a built-in one, or an extension.
     *
     * @param wireName the name as it appears on the wire
     * @return the type
     * @throws InvalidInputException for a name that is neither
     */
    public static DocumentType of(String wireName) {
        if (wireName != null) {
            for (DocumentType t : builtIn()) {
                if (t.wireName.equals(wireName)) {
                    return t;
                }
            }
        }
        return extension(wireName);
    }

    /** {@return the built-in types, in the order of protocol section 10.1} */
    public static java.util.List<DocumentType> builtIn() {
        return java.util.List.of(DRIVING_LICENCE, HEALTH_INSURANCE_CARD, VEHICLE_REGISTRATION, BIRTH_REGISTRATION,
                MARRIAGE_REGISTRATION, JUDICIAL_RECORD);
    }

    /** {@return whether this is an {@code x-...} extension type} */
    public boolean isExtension() {
        return wireName.startsWith("x-");
    }

    /** {@return the name on the wire, such as {@code DRIVING_LICENCE}} */
    public String wireName() {
        return wireName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocumentType t && t.wireName.equals(wireName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wireName);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
