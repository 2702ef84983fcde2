package vn.ketnoi.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The sandbox's OCSP responder and CRL publisher for its certification authorities (the TLS CA and
 * the document-signing CA), served over plain HTTP on loopback as real CAs do (the answers are
 * signed by the CA itself). Paths: {@code POST /ocsp/<ca>} (RFC 6960, {@code application/ocsp-request})
 * and {@code GET /crl/<ca>.crl}. Bound on first use. Faults on command: unreachable (the connection
 * is closed without an answer) or slow (each answer waits).
 */
public final class RevocationResponder implements AutoCloseable {
    /** How long an answer says it stays valid (its {@code nextUpdate}). */
    public static final Duration ANSWER_LIFETIME = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, Authority> authorities = new ConcurrentHashMap<>();
    private final AtomicInteger ocspRequests = new AtomicInteger();
    private final AtomicInteger crlRequests = new AtomicInteger();
    private volatile boolean ocspUnreachable;
    private volatile boolean crlUnreachable;
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;
    private ExecutorService executor;

    public RevocationResponder(Clock clock) {
        this.clock = clock;
    }

    /** One CA: its certificate, key, and the serials it revoked. */
    public final class Authority {
        private final String name;
        private final X509Certificate cert;
        private final PrivateKey key;
        private final Map<BigInteger, Instant> revoked = new ConcurrentHashMap<>();

        Authority(String name, X509Certificate cert, PrivateKey key) {
            this.name = name;
            this.cert = cert;
            this.key = key;
        }

        public URI ocspUrl() {
            return base().resolve("/ocsp/" + name);
        }

        public URI crlUrl() {
            return base().resolve("/crl/" + name + ".crl");
        }

        /** Puts the responder (AIA) and the distribution point into a leaf this CA issues. */
        public void addExtensions(X509v3CertificateBuilder b) throws IOException {
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl().toString())));
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl().toString()))), null, null)}));
        }

        /** {@return whether this CA signed the certificate} */
        public boolean issued(X509Certificate c) {
            if (!c.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
                return false;
            }
            try {
                c.verify(cert.getPublicKey());
                return true;
            } catch (java.security.GeneralSecurityException e) {
                return false;
            }
        }

        /** Revokes a certificate this CA issued, as of now. */
        public void revoke(BigInteger serial) {
            revoked.putIfAbsent(serial, clock.instant());
        }

        byte[] crl() throws Exception {
            Instant now = clock.instant();
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()),
                    Date.from(now.minusSeconds(60)));
            b.setNextUpdate(Date.from(now.plus(ANSWER_LIFETIME)));
            revoked.forEach((serial, at) -> b.addCRLEntry(serial, Date.from(at), CRLReason.keyCompromise));
            return b.build(new JcaContentSignerBuilder(algorithm()).build(key)).getEncoded();
        }

        byte[] ocsp(byte[] body) throws Exception {
            OCSPReq req = new OCSPReq(body);
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            X509CertificateHolder issuer = new X509CertificateHolder(cert.getEncoded());
            Instant now = clock.instant();
            BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(issuer.getSubject()));
            for (Req r : req.getRequestList()) {
                CertificateStatus status;
                if (!r.getCertID().matchesIssuer(issuer, digests)) {
                    status = new UnknownStatus();
                } else if (revoked.containsKey(r.getCertID().getSerialNumber())) {
                    status = new RevokedStatus(Date.from(revoked.get(r.getCertID().getSerialNumber())), CRLReason.keyCompromise);
                } else {
                    status = CertificateStatus.GOOD;
                }
                b.addResponse(r.getCertID(), status, Date.from(now.minusSeconds(60)), Date.from(now.plus(ANSWER_LIFETIME)));
            }
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    b.build(new JcaContentSignerBuilder(algorithm()).build(key), null, Date.from(now))).getEncoded();
        }

        private String algorithm() {
            return "EC".equals(cert.getPublicKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        }
    }

    /** Registers a CA under a path name and starts serving if not yet done. */
    public synchronized Authority authority(String name, X509Certificate caCert, PrivateKey caKey) {
        start();
        Authority a = new Authority(name, caCert, caKey);
        authorities.put(name, a);
        return a;
    }

    /** The CA of this name, or null. */
    public Authority authority(String name) {
        return authorities.get(name);
    }

    public void ocspUnreachable(boolean on) {
        this.ocspUnreachable = on;
    }

    public void crlUnreachable(boolean on) {
        this.crlUnreachable = on;
    }

    public void delay(Duration d) {
        this.delay = d == null ? Duration.ZERO : d;
    }

    public int ocspRequests() {
        return ocspRequests.get();
    }

    public int crlRequests() {
        return crlRequests.get();
    }

    private synchronized URI base() {
        start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "ketnoi-sandbox-revocation");
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(executor);
            s.createContext("/ocsp/", this::ocsp);
            s.createContext("/crl/", this::crl);
            s.start();
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox's OCSP responder", e);
        }
    }

    private void ocsp(HttpExchange x) throws IOException {
        ocspRequests.incrementAndGet();
        if (fault(x, ocspUnreachable)) {
            return;
        }
        Authority a = authorities.get(x.getRequestURI().getPath().substring("/ocsp/".length()));
        if (a == null || !"POST".equals(x.getRequestMethod())) {
            answer(x, 404, null, new byte[0]);
            return;
        }
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readNBytes(64 * 1024);
        }
        try {
            answer(x, 200, "application/ocsp-response", a.ocsp(body));
        } catch (Exception e) {
            answer(x, 200, "application/ocsp-response", malformed());
        }
    }

    private void crl(HttpExchange x) throws IOException {
        crlRequests.incrementAndGet();
        if (fault(x, crlUnreachable)) {
            return;
        }
        String file = x.getRequestURI().getPath().substring("/crl/".length());
        Authority a = file.endsWith(".crl") ? authorities.get(file.substring(0, file.length() - 4)) : null;
        if (a == null) {
            answer(x, 404, null, new byte[0]);
            return;
        }
        try {
            answer(x, 200, "application/pkix-crl", a.crl());
        } catch (Exception e) {
            answer(x, 500, null, new byte[0]);
        }
    }

    /** Applies the faults; true when the exchange was dropped. */
    private boolean fault(HttpExchange x, boolean unreachable) {
        if (unreachable) {
            // No status line at all: to the client, the responder is not there.
            x.close();
            return true;
        }
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    private static byte[] malformed() throws IOException {
        try {
            return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
        } catch (org.bouncycastle.cert.ocsp.OCSPException e) {
            throw new IOException(e);
        }
    }

    private static void answer(HttpExchange x, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            x.getResponseHeaders().set("Content-Type", type);
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }
}
