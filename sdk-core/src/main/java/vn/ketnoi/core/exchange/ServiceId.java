package vn.ketnoi.core.exchange;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * The logical identity of a provider's service, in the X-Road style the exchange layer routes by:
 * instance, member class, member code, subsystem, service and version, written
 * {@code VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1}. A request signature binds this identifier
 * ({@code srv}, {@code docs/protocol.md} section 4), not the URL it travelled to, so a gateway may
 * change host, port and path prefix without breaking it.
 *
 * <p>Each part is 1 to 64 characters of {@code A-Z a-z 0-9 . _ : -}, and not {@code .} or
 * {@code ..} (a gateway puts the id in a URL path, where those are dot segments). Immutable;
 * equal when all six parts are equal.
 */
public final class ServiceId {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final List<String> NAMES = List.of("instance", "memberClass", "memberCode", "subsystem",
            "service", "version");

    private final String instance;
    private final String memberClass;
    private final String memberCode;
    private final String subsystem;
    private final String service;
    private final String version;

    private ServiceId(String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            check(NAMES.get(i), parts[i]);
        }
        this.instance = parts[0];
        this.memberClass = parts[1];
        this.memberCode = parts[2];
        this.subsystem = parts[3];
        this.service = parts[4];
        this.version = parts[5];
    }

    /**
     * The id of its six parts.
     *
     * @param instance the X-Road instance, such as {@code VN}
     * @param memberClass the member class, such as {@code GOV}
     * @param memberCode the provider's member code
     * @param subsystem the provider's subsystem
     * @param service the service
     * @param version the service version
     * @return the id
     * @throws InvalidInputException naming the first part that is missing or malformed
     */
    public static ServiceId of(@Nullable String instance, @Nullable String memberClass, @Nullable String memberCode,
                               @Nullable String subsystem, @Nullable String service, @Nullable String version) {
        return new ServiceId(new String[] {instance, memberClass, memberCode, subsystem, service, version});
    }

    /**
     * The id written in its slash form, such as {@code VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1}.
     *
     * @param text the slash form
     * @return the id
     * @throws InvalidInputException when the text is not six well-formed parts separated by {@code /}
     */
    public static ServiceId parse(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidInputException("serviceId", "is required");
        }
        String[] parts = text.split("/", -1);
        if (parts.length != NAMES.size()) {
            throw new InvalidInputException("serviceId",
                    "must have six parts instance/memberClass/memberCode/subsystem/service/version, has "
                            + parts.length);
        }
        return new ServiceId(parts);
    }

    private static void check(String name, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("serviceId." + name, "is required");
        }
        if (!PART.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new InvalidInputException("serviceId." + name,
                    "must be 1 to 64 characters of A-Z a-z 0-9 . _ : - and not . or ..");
        }
    }

    /** {@return the exchange instance, such as {@code VN}} */
    public String instance() {
        return instance;
    }

    /** {@return the provider's member class, such as {@code GOV}} */
    public String memberClass() {
        return memberClass;
    }

    /** {@return the provider's member code} */
    public String memberCode() {
        return memberCode;
    }

    /** {@return the provider's subsystem} */
    public String subsystem() {
        return subsystem;
    }

    /** {@return the service's code} */
    public String service() {
        return service;
    }

    /** {@return the service's version, such as {@code v1}} */
    public String version() {
        return version;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ServiceId s && instance.equals(s.instance) && memberClass.equals(s.memberClass)
                && memberCode.equals(s.memberCode) && subsystem.equals(s.subsystem) && service.equals(s.service)
                && version.equals(s.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instance, memberClass, memberCode, subsystem, service, version);
    }

    /** {@return the slash form, which {@link #parse} reads back} */
    @Override
    public String toString() {
        return instance + "/" + memberClass + "/" + memberCode + "/" + subsystem + "/" + service + "/" + version;
    }
}
