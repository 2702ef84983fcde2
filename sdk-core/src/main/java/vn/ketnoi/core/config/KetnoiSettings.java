package vn.ketnoi.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.spi.ConfigKeys;

/**
 * What {@link ConfigLoader} read: the agency's {@link ClientConfig} (endpoint, credentials,
 * timeouts, proxy, resilience per service) and the service settings that are not part of it
 * (VNeID sign-in and e-documents). Immutable; the credentials are loaded and checked already.
 *
 * <p>The service modules take it as it is: {@code PopulationClient.create(settings.clientConfig())};
 * the VNeID and e-document settings are applied to their builders by the application or by the
 * Spring Boot starter.
 */
public final class KetnoiSettings {
    private final ClientConfig clientConfig;
    private final String vneidIssuer;
    private final String vneidClientId;
    private final URI vneidRedirectUri;
    private final URI vneidPostLogoutRedirectUri;
    private final Integer vneidMinimumLevel;
    private final Duration vneidLoginStateMaxAge;
    private final byte[] vneidLoginStateKey;
    private final String edocumentsOperatorId;
    private final Purpose edocumentsPurpose;
    private final String populationWire;
    private final boolean populationAcceptTransportOnlyIntegrity;
    private final Edocuments edocuments;
    private final CivilStatus civilStatus;
    private final Contributed contributed;

    /** The e-documents settings beyond the operator and purpose; package-private carrier. */
    record Edocuments(AgencyCredentials signingKey, List<X509Certificate> trustAnchors, Duration statusListMaxAge) {
    }

    /** The civil-status client's operator and purpose, either null when unset; package-private carrier. */
    record CivilStatus(String operatorId, Purpose purpose) {
    }

    /**
     * The values of the keys modules contribute ({@link ConfigKeys}): each declared key with its
     * type, and the values set, as {@link ConfigKeys.Type} says; package-private carrier.
     */
    record Contributed(Map<String, ConfigKeys.Type> declared, Map<String, Object> values) {
        Contributed {
            declared = Map.copyOf(declared);
            values = Map.copyOf(values);
        }
    }

    KetnoiSettings(Contributed contributed, ClientConfig clientConfig, String vneidIssuer, String vneidClientId, URI vneidRedirectUri,
                   URI vneidPostLogoutRedirectUri, Integer vneidMinimumLevel, Duration vneidLoginStateMaxAge,
                   byte[] vneidLoginStateKey, String edocumentsOperatorId, Purpose edocumentsPurpose,
                   String populationWire, boolean populationAcceptTransportOnlyIntegrity, Edocuments edocuments,
                   CivilStatus civilStatus) {
        this.contributed = contributed;
        this.edocuments = edocuments;
        this.civilStatus = civilStatus;
        this.populationWire = populationWire;
        this.populationAcceptTransportOnlyIntegrity = populationAcceptTransportOnlyIntegrity;
        this.clientConfig = clientConfig;
        this.vneidIssuer = vneidIssuer;
        this.vneidClientId = vneidClientId;
        this.vneidRedirectUri = vneidRedirectUri;
        this.vneidPostLogoutRedirectUri = vneidPostLogoutRedirectUri;
        this.vneidMinimumLevel = vneidMinimumLevel;
        this.vneidLoginStateMaxAge = vneidLoginStateMaxAge;
        this.vneidLoginStateKey = vneidLoginStateKey == null ? null : vneidLoginStateKey.clone();
        this.edocumentsOperatorId = edocumentsOperatorId;
        this.edocumentsPurpose = edocumentsPurpose;
    }

    /** {@return the agency configuration every service client is built from} */
    public ClientConfig clientConfig() {
        return clientConfig;
    }

    /** {@return {@code ketnoi.vneid.issuer}} */
    public Optional<String> vneidIssuer() {
        return Optional.ofNullable(vneidIssuer);
    }

    /** {@return {@code ketnoi.vneid.client-id}} */
    public Optional<String> vneidClientId() {
        return Optional.ofNullable(vneidClientId);
    }

    /** {@return {@code ketnoi.vneid.redirect-uri}} */
    public Optional<URI> vneidRedirectUri() {
        return Optional.ofNullable(vneidRedirectUri);
    }

    /** {@return {@code ketnoi.vneid.post-logout-redirect-uri}} */
    public Optional<URI> vneidPostLogoutRedirectUri() {
        return Optional.ofNullable(vneidPostLogoutRedirectUri);
    }

    /** {@return {@code ketnoi.vneid.minimum-level}: 1 or 2} */
    public OptionalInt vneidMinimumLevel() {
        return vneidMinimumLevel == null ? OptionalInt.empty() : OptionalInt.of(vneidMinimumLevel);
    }

    /** {@return {@code ketnoi.vneid.login-state-max-age}} */
    public Optional<Duration> vneidLoginStateMaxAge() {
        return Optional.ofNullable(vneidLoginStateMaxAge);
    }

    /** {@return {@code ketnoi.vneid.login-state-key}, decoded; a copy. Never printed} */
    public Optional<byte[]> vneidLoginStateKey() {
        return Optional.ofNullable(vneidLoginStateKey == null ? null : vneidLoginStateKey.clone());
    }

    /** {@return {@code ketnoi.edocuments.operator-id}; the e-documents client is configured only when it is set} */
    public Optional<String> edocumentsOperatorId() {
        return Optional.ofNullable(edocumentsOperatorId);
    }

    /** {@return {@code ketnoi.edocuments.purpose}} */
    public Optional<Purpose> edocumentsPurpose() {
        return Optional.ofNullable(edocumentsPurpose);
    }

    /**
     * {@return the document-signing key of {@code ketnoi.edocuments.signing-key.*}; empty when none
     * is set (the e-documents client then needs a key of its own, or signs with the agency key)}
     */
    public Optional<AgencyCredentials> edocumentsSigningKey() {
        return Optional.ofNullable(edocuments.signingKey());
    }

    /** {@return the certificates of the files {@code ketnoi.edocuments.trust-anchors} names; empty when unset} */
    public List<X509Certificate> edocumentsTrustAnchors() {
        return edocuments.trustAnchors();
    }

    /** {@return {@code ketnoi.edocuments.status-list-max-age}, when set} */
    public Optional<Duration> edocumentsStatusListMaxAge() {
        return Optional.ofNullable(edocuments.statusListMaxAge());
    }

    /** {@return {@code ketnoi.civil-status.operator-id}; the civil-status client is configured only when it is set} */
    public Optional<String> civilStatusOperatorId() {
        return Optional.ofNullable(civilStatus.operatorId());
    }

    /** {@return {@code ketnoi.civil-status.purpose}} */
    public Optional<Purpose> civilStatusPurpose() {
        return Optional.ofNullable(civilStatus.purpose());
    }

    /** {@return {@code ketnoi.population.wire}: {@code ketnoi} or {@code gateway-json}, when set} */
    public Optional<String> populationWire() {
        return Optional.ofNullable(populationWire);
    }

    /** {@return {@code ketnoi.population.accept-transport-only-integrity}: false unless set to true} */
    public boolean populationAcceptTransportOnlyIntegrity() {
        return populationAcceptTransportOnlyIntegrity;
    }

    /**
     * The value of a key a module contributed ({@link ConfigKeys}), read as its declared type says:
     * {@code URL} as {@link URI}, {@code STRING} as {@link String}, {@code SECRET} as a copy of its
     * {@code char[]}, {@code PATH} as {@link Path}, {@code DURATION} as {@link Duration}, {@code INT}
     * and {@code LEVEL} as {@link Integer}, {@code LONG} as {@link Long}, {@code DOUBLE} as
     * {@link Double}, {@code BOOLEAN} as {@link Boolean}, {@code LIST} as a {@link List} of
     * {@link String}, {@code PURPOSE} as {@link Purpose}. The loader checked the value already.
     *
     * @param key  the key, such as {@code ketnoi.redis.timeout}
     * @param type the Java type its declared type reads as
     * @param <T>  that type
     * @return the value, or empty when the key is not set (the module applies its default)
     * @throws InvalidInputException naming {@code key} when no module on the class path declared it,
     *         or {@code type} when it is not the one the key reads as
     */
    public <T> Optional<T> value(String key, Class<T> type) {
        ConfigKeys.Type declared = key == null ? null : contributed.declared().get(key);
        if (declared == null) {
            throw new InvalidInputException("key", "is not a key a module declared (vn.ketnoi.core.spi.ConfigKeys): "
                    + key);
        }
        if (type != javaType(declared)) {
            throw new InvalidInputException("type", key + " reads as " + javaType(declared).getSimpleName()
                    + (type == null ? "" : ", not " + type.getSimpleName()));
        }
        Object v = contributed.values().get(key);
        return Optional.ofNullable(type.cast(v instanceof char[] secret ? secret.clone() : v));
    }

    private static Class<?> javaType(ConfigKeys.Type type) {
        return switch (type) {
            case URL -> URI.class;
            case STRING -> String.class;
            case SECRET -> char[].class;
            case PATH -> Path.class;
            case DURATION -> Duration.class;
            case INT, LEVEL -> Integer.class;
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            case BOOLEAN -> Boolean.class;
            case LIST -> List.class;
            case PURPOSE -> Purpose.class;
        };
    }

    @Override
    public String toString() {
        return "KetnoiSettings[" + clientConfig + ", vneidIssuer=" + vneidIssuer + ", vneidClientId=" + vneidClientId
                + ", vneidRedirectUri=" + vneidRedirectUri + ", vneidMinimumLevel=" + vneidMinimumLevel
                + ", vneidLoginStateKey=" + (vneidLoginStateKey == null ? "-" : "***")
                + ", edocumentsOperatorId=" + edocumentsOperatorId + ", edocumentsPurpose=" + edocumentsPurpose
                + (edocuments.signingKey() == null ? "" : ", edocumentsSigningKey=" + edocuments.signingKey().keyId())
                + (edocuments.trustAnchors().isEmpty() ? "" : ", edocumentsTrustAnchors=" + edocuments.trustAnchors().size())
                + (civilStatus.operatorId() == null ? "" : ", civilStatusOperatorId=" + civilStatus.operatorId())
                + (populationWire == null ? "" : ", populationWire=" + populationWire)
                + (contributed.values().isEmpty() ? "" : ", contributed=" + new java.util.TreeSet<>(contributed.values().keySet()))
                + "]";
    }
}
