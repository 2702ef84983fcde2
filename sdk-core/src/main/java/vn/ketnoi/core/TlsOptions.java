package vn.ketnoi.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * How the SDK protects its connections: which roots it trusts, which TLS versions it speaks and
 * which client certificate it presents. Immutable and thread-safe.
 *
 * <p>What is never configurable: TLS 1.2 is the oldest version spoken (SSL, TLS 1.0 and 1.1 are
 * refused whatever the JVM allows), only AEAD cipher suites with forward secrecy are offered, and
 * the server's host name is always checked against its certificate.
 *
 * <pre>{@code
 * TlsOptions tls = TlsOptions.builder()
 *         .trustAnchors(Path.of("national-root-ca.pem"))          // instead of the JVM's trust store
 *         .clientCertificate(AgencyCredentials.fromPkcs12(Path.of("agency-tls.p12"), pw, null, null))
 *         .build();
 * }</pre>
 *
 * <p>Defaults ({@link #defaults()}): the JVM's trust store, no client certificate, TLS 1.3 and 1.2.
 */
public final class TlsOptions {
    /** The protocol versions the SDK can speak, newest first. */
    public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final List<X509Certificate> trustAnchors;
    private final boolean jvmTrustAnchors;
    private final AgencyCredentials clientCertificate;
    private final List<String> protocols;

    private TlsOptions(Builder b) {
        this.trustAnchors = List.copyOf(b.trustAnchors);
        // Custom anchors replace the JVM's unless asked otherwise: a private root is usually the only one wanted.
        this.jvmTrustAnchors = b.jvmTrustAnchors == null ? trustAnchors.isEmpty() : b.jvmTrustAnchors;
        if (!jvmTrustAnchors && trustAnchors.isEmpty()) {
            throw new InvalidInputException("tls.trustAnchors", "are empty and the JVM's trust store is excluded: nothing would be trusted");
        }
        if (b.clientCertificate != null && b.clientCertificate.certificateChain().isEmpty()) {
            throw new InvalidInputException("tls.clientCertificate", "must carry its certificate chain (leaf first)");
        }
        this.clientCertificate = b.clientCertificate;
        this.protocols = List.copyOf(b.protocols);
    }

    /** {@return the default options} */
    public static TlsOptions defaults() {
        return builder().build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.trustAnchors.addAll(trustAnchors);
        b.jvmTrustAnchors = jvmTrustAnchors;
        b.clientCertificate = clientCertificate;
        b.protocols = new ArrayList<>(protocols);
        return b;
    }

    /** {@return the roots trusted besides (or instead of) the JVM's; empty when only the JVM's are used} */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** {@return whether the JVM's default trust store is trusted too} */
    public boolean jvmTrustAnchors() {
        return jvmTrustAnchors;
    }

    /** {@return the certificate and key presented for mutual TLS, if any} */
    public Optional<AgencyCredentials> clientCertificate() {
        return Optional.ofNullable(clientCertificate);
    }

    /** {@return the protocol versions offered, newest first: a non-empty subset of {@link #SUPPORTED_PROTOCOLS}} */
    public List<String> protocols() {
        return protocols;
    }

    @Override
    public String toString() {
        return "TlsOptions[protocols=" + protocols + ", trustAnchors=" + trustAnchors.size()
                + (jvmTrustAnchors ? " + JVM trust store" : "") + ", clientCertificate="
                + (clientCertificate == null ? "none" : clientCertificate.keyId()) + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final List<X509Certificate> trustAnchors = new ArrayList<>();
        private Boolean jvmTrustAnchors;
        private AgencyCredentials clientCertificate;
        private List<String> protocols = SUPPORTED_PROTOCOLS;

        private Builder() {
        }

        /**
         * Trusts the certificates of a PEM bundle (one or more {@code CERTIFICATE} blocks).
         *
         * @param pemBundle the file
         * @return this builder
         */
        public Builder trustAnchors(Path pemBundle) {
            if (pemBundle == null || !Files.isReadable(pemBundle)) {
                throw new InvalidInputException("tls.trustAnchors", "file " + pemBundle + " does not exist or cannot be read");
            }
            List<X509Certificate> read = new ArrayList<>();
            try (InputStream in = Files.newInputStream(pemBundle)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    read.add((X509Certificate) c);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new InvalidInputException("tls.trustAnchors", "cannot read the PEM bundle", e);
            }
            if (read.isEmpty()) {
                throw new InvalidInputException("tls.trustAnchors", "the PEM bundle holds no certificate");
            }
            trustAnchors.addAll(read);
            return this;
        }

        /**
         * Trusts every certificate entry of a loaded key store (JKS, PKCS#12...).
         *
         * @param trustStore the store, already loaded
         * @return this builder
         */
        public Builder trustAnchors(KeyStore trustStore) {
            if (trustStore == null) {
                throw new InvalidInputException("tls.trustAnchors", "must not be null");
            }
            int before = trustAnchors.size();
            try {
                for (String alias : Collections.list(trustStore.aliases())) {
                    if (trustStore.isCertificateEntry(alias) && trustStore.getCertificate(alias) instanceof X509Certificate x) {
                        trustAnchors.add(x);
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new InvalidInputException("tls.trustAnchors", "cannot read the trust store (is it loaded?)", e);
            }
            if (trustAnchors.size() == before) {
                throw new InvalidInputException("tls.trustAnchors", "the trust store holds no certificate entry");
            }
            return this;
        }

        /**
         * Trusts these certificates.
         *
         * @param anchors root (or intermediate) certificates
         * @return this builder
         */
        public Builder trustAnchors(List<X509Certificate> anchors) {
            if (anchors == null || anchors.isEmpty() || anchors.stream().anyMatch(java.util.Objects::isNull)) {
                throw new InvalidInputException("tls.trustAnchors", "must hold at least one certificate and no null");
            }
            trustAnchors.addAll(anchors);
            return this;
        }

        /**
         * Whether the JVM's default trust store is trusted as well as the anchors given; by default
         * only when no anchor is given.
         *
         * @param include true to trust the JVM's store too
         * @return this builder
         */
        public Builder jvmTrustAnchors(boolean include) {
            this.jvmTrustAnchors = include;
            return this;
        }

        /**
         * The agency's client certificate for mutual TLS: credentials loaded with
         * {@link AgencyCredentials#fromPkcs12}, {@link AgencyCredentials#fromPem} or
         * {@link AgencyCredentials#fromKeyStore} (PKCS#11 included), carrying the certificate chain.
         * A key held behind an {@link vn.ketnoi.core.credential.ExternalSigner} cannot do TLS.
         *
         * @param credentials the certificate and key
         * @return this builder
         */
        public Builder clientCertificate(AgencyCredentials credentials) {
            if (credentials == null) {
                throw new InvalidInputException("tls.clientCertificate", "must not be null");
            }
            if (credentials.isExternal()) {
                throw new InvalidInputException("tls.clientCertificate",
                        "a key behind an ExternalSigner cannot do TLS: load it from PKCS#12, PEM or a KeyStore (PKCS#11)");
            }
            this.clientCertificate = credentials;
            return this;
        }

        /**
         * The protocol versions to offer; both TLS 1.3 and 1.2 by default. Older versions cannot be chosen.
         *
         * @param protocols {@code TLSv1.3} and/or {@code TLSv1.2}
         * @return this builder
         */
        public Builder protocols(String... protocols) {
            if (protocols == null || protocols.length == 0) {
                throw new InvalidInputException("tls.protocols", "must name TLSv1.3 and/or TLSv1.2");
            }
            List<String> chosen = new ArrayList<>();
            for (String p : protocols) {
                if (!SUPPORTED_PROTOCOLS.contains(p)) {
                    throw new InvalidInputException("tls.protocols", "only TLSv1.3 and TLSv1.2 are allowed, not " + p);
                }
                if (!chosen.contains(p)) {
                    chosen.add(p);
                }
            }
            chosen.sort((a, c) -> SUPPORTED_PROTOCOLS.indexOf(a) - SUPPORTED_PROTOCOLS.indexOf(c));
            this.protocols = List.copyOf(chosen);
            return this;
        }

        /** {@return the options} */
        public TlsOptions build() {
            return new TlsOptions(this);
        }
    }
}
