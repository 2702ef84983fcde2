package vn.ketnoi.population.wire;

import vn.ketnoi.core.exception.KetnoiException;

/**
 * The chosen wire profile cannot do what was asked. Two codes, neither retryable:
 * <ul>
 *   <li>{@code profile.operation-unsupported}: the operation (batch, jobs, the change feed...)
 *       exists in the Ketnoi protocol but not in the profile the client was built with; nothing
 *       was sent;</li>
 *   <li>{@code profile.transport-only-refused}: the client was being built with a profile whose
 *       answers have no end-to-end signature, and the builder did not say
 *       {@code acceptTransportOnlyIntegrity()} ({@code docs/wire-profiles.md} says what is lost).</li>
 * </ul>
 */
public class WireProfileException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /** The code of an operation the profile does not carry. */
    public static final String OPERATION_UNSUPPORTED = "profile.operation-unsupported";
    /** The code of a transport-only profile the builder did not accept. */
    public static final String TRANSPORT_ONLY_REFUSED = "profile.transport-only-refused";

    /** The name of the profile that refused. */
    private final String profile;

    private WireProfileException(String message, String code, String profile) {
        super(message, 0, code, null, false, null);
        this.profile = profile;
    }

    /**
     * The refusal of an operation the profile does not carry.
     *
     * @param operation the operation, such as {@code population.batch}
     * @param profile   the profile's name
     * @return the exception to throw
     */
    public static WireProfileException operationUnsupported(String operation, String profile) {
        return new WireProfileException("The wire profile " + profile + " does not carry " + operation
                + "; only the Ketnoi protocol does", OPERATION_UNSUPPORTED, profile);
    }

    /**
     * The refusal to build a client on a transport-only profile the caller did not accept.
     *
     * @param profile the profile's name
     * @return the exception to throw
     */
    public static WireProfileException transportOnlyRefused(String profile) {
        return new WireProfileException("The wire profile " + profile + " has no end-to-end signature: a gateway"
                + " could alter or forge its answers undetected. Build with acceptTransportOnlyIntegrity()"
                + " (or ketnoi.population.accept-transport-only-integrity=true) only if that is acceptable"
                + " (docs/wire-profiles.md)", TRANSPORT_ONLY_REFUSED, profile);
    }

    /** {@return the name of the profile that refused} */
    public String profile() {
        return profile;
    }
}
