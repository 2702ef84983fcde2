package vn.ketnoi.core.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.spi.CertificateStatus;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;

/**
 * Checks the agency's credentials when a client is built: certificates in date (refused when
 * expired or not yet valid, a WARN once per certificate when expiry is near), and the key
 * matching its certificate (a probe signature through the signer, so an HSM slot or callback
 * holding another key is caught before any call), and not revoked: a certificate that names an
 * OCSP responder or a CRL is checked with {@link CertificateStatus}; revoked, the client is not
 * built ({@code credentials.certificate-revoked}); its status unknown, the
 * {@link RevocationOptions#whenUnreachable()} policy decides ({@code credentials.certificate-status-unknown}
 * under hard-fail, one WARN under soft-fail).
 */
public final class CredentialCheck {
    private static final Logger LOG = LoggerFactory.getLogger("vn.ketnoi.credentials");
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final Set<AgencyCredentials> PROVEN = ConcurrentHashMap.newKeySet();

    private CredentialCheck() {
    }

    /** Checks the signing credentials and the TLS client certificate of a configuration. */
    public static void atStartup(ClientConfig config) {
        check(config.credentials(), "credentials", config.clock(), config.certificateExpiryWarning());
        config.tls().clientCertificate().ifPresent(c ->
                check(c, "tls.clientCertificate", config.clock(), config.certificateExpiryWarning()));
        CertificateStatus status = new CertificateStatus(config.revocation(), config.clock());
        notRevoked(config.credentials(), "credentials", status);
        config.tls().clientCertificate().ifPresent(c -> notRevoked(c, "tls.clientCertificate", status));
    }

    /** The same checks for a configuration that is not a {@link ClientConfig} (VNeID sign-in). */
    public static void atStartup(AgencyCredentials credentials, vn.ketnoi.core.TlsOptions tls, Clock clock,
                                 Duration warnAhead) {
        atStartup(credentials, tls, clock, warnAhead, RevocationOptions.defaults());
    }

    /** As {@link #atStartup(AgencyCredentials, vn.ketnoi.core.TlsOptions, Clock, Duration)}, with revocation options. */
    public static void atStartup(AgencyCredentials credentials, vn.ketnoi.core.TlsOptions tls, Clock clock,
                                 Duration warnAhead, RevocationOptions revocation) {
        check(credentials, "credentials", clock, warnAhead);
        tls.clientCertificate().ifPresent(c -> check(c, "tls.clientCertificate", clock, warnAhead));
        CertificateStatus status = new CertificateStatus(revocation, clock);
        notRevoked(credentials, "credentials", status);
        tls.clientCertificate().ifPresent(c -> notRevoked(c, "tls.clientCertificate", status));
    }

    /**
     * Refuses a revoked leaf certificate (and, under hard-fail, one whose status is unknown). Its
     * issuer must be the next certificate of the chain; a self-signed certificate has nobody to ask.
     */
    static void notRevoked(AgencyCredentials c, String field, CertificateStatus status) {
        java.util.List<X509Certificate> chain = c.certificateChain();
        if (chain.isEmpty()) {
            return;
        }
        X509Certificate leaf = chain.get(0);
        X509Certificate issuer = chain.size() > 1 ? chain.get(1) : null;
        if (issuer == null && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            return;
        }
        String who = leaf.getSubjectX500Principal().getName();
        CertificateStatus.Result r = status.check(leaf, issuer);
        switch (r.outcome()) {
            case REVOKED -> throw new KetnoiException("The certificate " + who + " of key " + c.keyId() + " (" + field
                    + ") is revoked: " + r.reason() + ". Ask the CA for a new certificate; the client is not built",
                    0, "credentials.certificate-revoked", null, false, null);
            case UNKNOWN -> {
                if (status.options().whenUnreachable() == RevocationOptions.Policy.HARD_FAIL) {
                    throw new KetnoiException("The revocation status of the certificate " + who + " of key " + c.keyId()
                            + " (" + field + ") cannot be learnt: " + r.reason()
                            + "; the revocation policy is hard-fail, so the client is not built",
                            0, "credentials.certificate-status-unknown", null, false, null);
                }
                CertificateStatus.warnOnce(leaf, "the agency's certificate (" + field + ")", r);
            }
            default -> {
                // GOOD, or NOT_CHECKED
            }
        }
    }

    static void check(AgencyCredentials c, String field, Clock clock, Duration warnAhead) {
        Instant now = clock.instant();
        for (X509Certificate cert : c.certificateChain()) {
            Instant notAfter = cert.getNotAfter().toInstant();
            Instant notBefore = cert.getNotBefore().toInstant();
            String who = cert.getSubjectX500Principal().getName();
            if (now.isAfter(notAfter)) {
                throw new InvalidInputException(field + ".certificateChain", "the certificate " + who
                        + " expired at " + notAfter + ": renew it before calling the provider");
            }
            if (now.isBefore(notBefore)) {
                throw new InvalidInputException(field + ".certificateChain", "the certificate " + who
                        + " is not valid before " + notBefore);
            }
            if (now.plus(warnAhead).isAfter(notAfter)
                    && WARNED.add(cert.getIssuerX500Principal().getName() + "#" + cert.getSerialNumber())) {
                LOG.warn("The certificate {} of key {} expires at {} ({} days from now): renew it", who, c.keyId(),
                        notAfter, Duration.between(now, notAfter).toDays());
            }
        }
        if (!c.certificateChain().isEmpty() && !PROVEN.contains(c)) {
            proveKeyMatchesCertificate(c, field);
            PROVEN.add(c);
        }
    }

    private static void proveKeyMatchesCertificate(AgencyCredentials c, String field) {
        JWSObject probe = new JWSObject(new JWSHeader(Jose.jwsAlgorithm(c.algorithm())),
                new Payload("ketnoi key probe".getBytes(StandardCharsets.US_ASCII)));
        try {
            probe.sign(Jose.signer(c));
        } catch (JOSEException e) {
            throw new KetnoiException("The signing key " + c.keyId() + " cannot sign: " + e.getMessage(), 0,
                    "signing.failed", null, false, e);
        }
        boolean ok;
        try {
            var pub = c.certificateChain().get(0).getPublicKey();
            JWSVerifier v = pub instanceof ECPublicKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAPublicKey) pub);
            ok = probe.verify(v);
        } catch (JOSEException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new InvalidInputException(field, "the key of " + c.keyId()
                    + " does not match the public key of its leaf certificate");
        }
    }
}
