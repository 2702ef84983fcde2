package vn.ketnoi.core.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;

import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.TlsOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.spi.CertificateStatus;
import vn.ketnoi.core.internal.crypto.KeyAccess;

/**
 * Turns {@link TlsOptions} into HttpClient's TLS strategies, classic and async alike: a private
 * SSLContext (the JVM's defaults are never touched), TLS 1.3/1.2 only, AEAD suites with forward
 * secrecy only, the host name always verified, and trust failures marked so that they can be
 * reported as {@code transport.tls-untrusted} rather than a generic handshake failure.
 */
public final class TlsSetup {
    /** Offered in this order where the JVM supports them. */
    static final List<String> STRONG_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final String CLIENT_ALIAS = "ketnoi-agency";

    private final SSLContext context;
    // Peers that asked for a client certificate: under TLS 1.3 a refusal of ours (or of none) comes
    // after the handshake, often as a reset or broken pipe, and this is how it is recognised.
    private final java.util.Set<String> askedForMissingCertificate = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final String[] protocols;
    private final String[] suites;

    public TlsSetup(TlsOptions options) {
        this(options, new CertificateStatus(RevocationOptions.disabled(), java.time.Clock.systemUTC()));
    }

    /**
     * @param revocation the status check of the server's certificate, made after its chain is found
     *                   trusted (see {@link CertificateStatus})
     */
    public TlsSetup(TlsOptions options, CertificateStatus revocation) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            KeyManager[] kms = new KeyManager[] {options.clientCertificate()
                    .map(c -> new FixedKeyManager(c, askedForMissingCertificate))
                    .orElseGet(() -> new FixedKeyManager(null, askedForMissingCertificate))};
            ctx.init(kms, new TrustManager[] {new MarkingTrustManager(trustManager(options), revocation)}, new SecureRandom());
            this.context = ctx;
            List<String> supported = Arrays.asList(ctx.getSupportedSSLParameters().getCipherSuites());
            this.suites = STRONG_SUITES.stream().filter(supported::contains).toArray(String[]::new);
            this.protocols = options.protocols().toArray(String[]::new);
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("tls", "cannot set up TLS: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Whether this peer ({@code host:port}) asked for a client certificate. */
    public boolean peerWantedClientCertificate(String host, int port) {
        return askedForMissingCertificate.contains(host + ":" + port);
    }

    public TlsSocketStrategy classic() {
        return builder().buildClassic();
    }

    public TlsStrategy async() {
        return builder().buildAsync();
    }

    private ClientTlsStrategyBuilder builder() {
        // CLIENT: HttpClient checks the name itself after the handshake, so a mismatch is told apart from distrust.
        return ClientTlsStrategyBuilder.create()
                .setSslContext(context)
                .setTlsVersions(protocols)
                .setCiphers(suites)
                .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                .setHostnameVerifier(new DefaultHostnameVerifier());
    }

    private static X509TrustManager trustManager(TlsOptions options) throws GeneralSecurityException {
        KeyStore anchors = null;
        if (!options.trustAnchors().isEmpty()) {
            anchors = KeyStore.getInstance("PKCS12");
            try {
                anchors.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
            int i = 0;
            for (X509Certificate c : options.trustAnchors()) {
                anchors.setCertificateEntry("anchor-" + i++, c);
            }
            if (options.jvmTrustAnchors()) {
                for (X509Certificate c : jvmDefault().getAcceptedIssuers()) {
                    anchors.setCertificateEntry("jvm-" + i++, c);
                }
            }
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(anchors);
        return first(f);
    }

    private static X509TrustManager jvmDefault() throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        return first(f);
    }

    private static X509TrustManager first(TrustManagerFactory f) {
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X.509 trust manager in this JVM");
    }

    /** Thrown when the server's chain does not lead to a trusted anchor (or is expired, revoked...). */
    public static final class UntrustedServerCertificate extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final boolean expired;

        UntrustedServerCertificate(CertificateException cause, boolean expired) {
            super("the server's certificate is not trusted" + (expired ? " (expired or not yet valid)" : ""), cause);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    /**
     * Thrown when the server's certificate is revoked, or when its status cannot be learnt and the
     * policy is hard-fail ({@code transport.tls-certificate-revoked} / {@code transport.tls-certificate-status-unknown}).
     */
    public static final class RevokedServerCertificate extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final boolean revoked;

        RevokedServerCertificate(String reason, boolean revoked) {
            super((revoked ? "the server's certificate is revoked: " : "the server's certificate status is unknown: ") + reason);
            this.revoked = revoked;
        }

        /** {@return true when revoked; false when its status is unknown under hard-fail} */
        public boolean revoked() {
            return revoked;
        }
    }

    /** Checks the chain only (the name is checked by HttpClient), then the leaf's revocation status, and marks each failure. */
    private static final class MarkingTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;
        private final CertificateStatus revocation;

        MarkingTrustManager(X509TrustManager delegate, CertificateStatus revocation) {
            this.delegate = delegate;
            this.revocation = revocation;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new UntrustedServerCertificate(e, isExpiry(e));
            }
            // Only a chain already trusted is worth asking about; its issuer signs the answers.
            X509Certificate leaf = chain[0];
            CertificateStatus.Result r = revocation.check(leaf, issuerOf(chain));
            switch (r.outcome()) {
                case REVOKED -> throw new RevokedServerCertificate(r.reason(), true);
                case UNKNOWN -> {
                    if (revocation.options().whenUnreachable() == RevocationOptions.Policy.HARD_FAIL) {
                        throw new RevokedServerCertificate(r.reason(), false);
                    }
                    CertificateStatus.warnOnce(leaf, "the server's TLS certificate", r);
                }
                default -> {
                    // GOOD, or NOT_CHECKED (checks off, or the certificate names no responder nor CRL)
                }
            }
        }

        /** The leaf's issuer: the next certificate sent, else the trusted anchor that signed it. */
        private X509Certificate issuerOf(X509Certificate[] chain) {
            List<X509Certificate> candidates = new ArrayList<>();
            if (chain.length > 1) {
                candidates.add(chain[1]);
            }
            candidates.addAll(Arrays.asList(delegate.getAcceptedIssuers()));
            return CertificateStatus.issuerAmong(chain[0], candidates);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not accept client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        private static boolean isExpiry(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof java.security.cert.CertificateExpiredException
                        || c instanceof java.security.cert.CertificateNotYetValidException) {
                    return true;
                }
                if (c instanceof java.security.cert.CertPathValidatorException v
                        && v.getReason() == java.security.cert.CertPathValidatorException.BasicReason.EXPIRED) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Presents the one client certificate; the key object stays inside the SDK. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final X509Certificate[] chain;
        private final PrivateKey key;
        private final String keyType;
        private final java.util.Set<String> askedWithout;

        /** With {@code c} null, presents nothing and only notes which peers asked. */
        FixedKeyManager(AgencyCredentials c, java.util.Set<String> asked) {
            this.chain = c == null ? null : c.certificateChain().toArray(X509Certificate[]::new);
            this.key = c == null ? null : KeyAccess.privateKey(c);
            this.keyType = c == null ? null : chain[0].getPublicKey().getAlgorithm();
            this.askedWithout = asked;
        }

        private void noted(String host, int port) {
            if (host != null) {
                askedWithout.add(host + ":" + port);
            }
        }

        private String alias(String[] types) {
            if (chain == null) {
                return null;
            }
            if (types == null) {
                return CLIENT_ALIAS;
            }
            for (String t : types) {
                if (t.equalsIgnoreCase(keyType) || (t.startsWith("EC") && keyType.equals("EC"))
                        || (keyType.equals("RSA") && t.startsWith("RSA"))) {
                    return CLIENT_ALIAS;
                }
            }
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            if (socket != null && socket.getInetAddress() != null) {
                noted(peerHost(socket), socket.getPort());
            }
            return alias(keyType);
        }

        private static String peerHost(Socket socket) {
            if (socket instanceof javax.net.ssl.SSLSocket ssl && ssl.getHandshakeSession() != null
                    && ssl.getHandshakeSession().getPeerHost() != null) {
                return ssl.getHandshakeSession().getPeerHost();
            }
            return socket.getInetAddress().getHostAddress();
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            if (engine != null) {
                noted(engine.getPeerHost(), engine.getPeerPort());
            }
            return alias(keyType);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return alias(new String[] {keyType}) == null ? null : new String[] {CLIENT_ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return CLIENT_ALIAS.equals(alias) && chain != null ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return CLIENT_ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** The suites offered, for tests and documentation. */
    public List<String> cipherSuites() {
        return new ArrayList<>(Arrays.asList(suites));
    }
}
