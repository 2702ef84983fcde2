package vn.ketnoi.core.config;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.credential.AgencyCredentials;

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

    /** The e-documents settings beyond the operator and purpose; package-private carrier. */
    record Edocuments(AgencyCredentials signingKey, List<X509Certificate> trustAnchors, Duration statusListMaxAge) {
    }

    /** The civil-status client's operator and purpose, either null when unset; package-private carrier. */
    record CivilStatus(String operatorId, Purpose purpose) {
    }

    KetnoiSettings(ClientConfig clientConfig, String vneidIssuer, String vneidClientId, URI vneidRedirectUri,
                   URI vneidPostLogoutRedirectUri, Integer vneidMinimumLevel, Duration vneidLoginStateMaxAge,
                   byte[] vneidLoginStateKey, String edocumentsOperatorId, Purpose edocumentsPurpose,
                   String populationWire, boolean populationAcceptTransportOnlyIntegrity, Edocuments edocuments,
                   CivilStatus civilStatus) {
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

    @Override
    public String toString() {
        return "KetnoiSettings[" + clientConfig + ", vneidIssuer=" + vneidIssuer + ", vneidClientId=" + vneidClientId
                + ", vneidRedirectUri=" + vneidRedirectUri + ", vneidMinimumLevel=" + vneidMinimumLevel
                + ", vneidLoginStateKey=" + (vneidLoginStateKey == null ? "-" : "***")
                + ", edocumentsOperatorId=" + edocumentsOperatorId + ", edocumentsPurpose=" + edocumentsPurpose
                + (edocuments.signingKey() == null ? "" : ", edocumentsSigningKey=" + edocuments.signingKey().keyId())
                + (edocuments.trustAnchors().isEmpty() ? "" : ", edocumentsTrustAnchors=" + edocuments.trustAnchors().size())
                + (civilStatus.operatorId() == null ? "" : ", civilStatusOperatorId=" + civilStatus.operatorId())
                + (populationWire == null ? "" : ", populationWire=" + populationWire) + "]";
    }
}
