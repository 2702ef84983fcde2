package vn.ketnoi.core.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.RevocationOptions;

/**
 * Learns whether a certificate has been revoked, by OCSP or by CRL, and checks the answer with the
 * JDK's own PKIX validator ({@code CertPathValidator "PKIX"} and a {@code PKIXRevocationChecker}).
 *
 * <p>Why the SDK fetches the answers instead of letting the JDK do it: the JDK's fetching is set
 * only JVM-wide and once per process ({@code com.sun.security.enableCRLDP}, off by default;
 * {@code com.sun.security.ocsp.timeout} and {@code com.sun.security.crl.timeout}, 15 s, read when
 * the classes load) and it caches nothing per certificate. So the answer is fetched here, with a
 * finite deadline and a bounded cache kept until the answer's {@code nextUpdate}, and handed to the
 * JDK ({@code setOcspResponses}, or a CRL in a {@code CertStore}) with {@code NO_FALLBACK}: the JDK
 * verifies the responder's or CRL's signature, the certificate id, the dates and the status, and
 * never goes to the network itself. Bouncy Castle only encodes the OCSP request and reads the
 * answer's {@code nextUpdate} for the cache.
 *
 * <p>Plain {@code http} is accepted for the responder and the CRL: by convention (RFC 5280
 * section 4.2.2.1, RFC 6960 appendix A) they are served over http, and the answers are signed by
 * the certificate's issuer, which the JDK checks. Only {@code http} and {@code https} URLs are
 * followed (no ldap, file or ftp); redirects are not followed.
 *
 * <p>Only the end-entity certificate is checked: its issuer is the trust anchor of the check (the
 * chain itself is checked by the caller). The one certificate-status check: the TLS trust manager,
 * the start-up check of the agency's credentials and the e-document verifier use it. Thread-safe.
 */
public final class CertificateStatus {
    private static final Logger LOG = LoggerFactory.getLogger("vn.ketnoi.revocation");
    /** Certificates already warned about, process-wide: one WARN per certificate, not per client. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final int MAX_OCSP_BYTES = 64 * 1024;
    private static final int MAX_CRL_BYTES = 16 * 1024 * 1024;

    /** What was learnt. */
    public enum Outcome {
        /** Good: the issuer (or its responder) vouches for it. */
        GOOD,
        /** Revoked by its issuer. */
        REVOKED,
        /** Its status could not be learnt: no answer in time, or an answer that cannot be trusted. */
        UNKNOWN,
        /** Not checked: checks are off, or the certificate names neither a responder nor a CRL. */
        NOT_CHECKED
    }

    /** An outcome and why; the reason holds no personal data (certificate subjects are not personal data here). */
    public record Result(Outcome outcome, String reason) {
    }

    private record Evidence(byte[] ocsp, X509CRL crl, Instant keepUntil) {
    }

    private final RevocationOptions options;
    private final Clock clock;
    private final Map<String, Evidence> cache;
    private final AtomicLong fetches = new AtomicLong();

    /**
     * A checker with its own cache.
     *
     * @param options the policy, timeout and cache bounds
     * @param clock   the clock answers' validity is judged by
     */
    public CertificateStatus(RevocationOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        int size = options.cacheSize();
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Evidence> eldest) {
                return size() > size;
            }
        });
    }

    /** {@return the options} */
    public RevocationOptions options() {
        return options;
    }

    /** {@return how many answers were fetched from the network so far (for tests and metrics)} */
    public long fetches() {
        return fetches.get();
    }

    /**
     * The status of {@code leaf}, issued by {@code issuer}. Honours {@link RevocationOptions#enabled()}.
     *
     * @param leaf the certificate
     * @param issuer its issuer's certificate, or null when unknown (then the status cannot be checked)
     * @return the outcome
     */
    public Result check(X509Certificate leaf, X509Certificate issuer) {
        return options.enabled() ? checkAlways(leaf, issuer) : new Result(Outcome.NOT_CHECKED, "revocation checks are off");
    }

    /**
     * As {@link #check}, even when checks are off (document signers).
     *
     * @param leaf   the certificate
     * @param issuer its issuer's certificate, or null when unknown
     * @return the outcome
     */
    public Result checkAlways(X509Certificate leaf, X509Certificate issuer) {
        List<URI> ocsp = ocspUrls(leaf);
        List<URI> crls = crlUrls(leaf);
        if (ocsp.isEmpty() && crls.isEmpty()) {
            return new Result(Outcome.NOT_CHECKED, "the certificate names neither an OCSP responder nor a CRL");
        }
        if (issuer == null) {
            return new Result(Outcome.UNKNOWN, "the issuer's certificate is not known, so its answers cannot be checked");
        }
        String key = issuer.getSubjectX500Principal().getName() + "#" + leaf.getSerialNumber().toString(16);
        Instant now = clock.instant();
        Evidence cached = cache.get(key);
        if (cached != null && now.isBefore(cached.keepUntil())) {
            Result r = validate(leaf, issuer, cached);
            if (r.outcome() != Outcome.UNKNOWN) {
                return r;
            }
        }
        String lastProblem = "no answer";
        List<Runnable> order = new ArrayList<>();
        Evidence[] found = new Evidence[1];
        String[] problem = new String[1];
        Runnable tryOcsp = () -> {
            for (URI u : ocsp) {
                if (found[0] == null) {
                    try {
                        found[0] = fetchOcsp(u, leaf, issuer, now);
                    } catch (IOException | RuntimeException e) {
                        problem[0] = "the OCSP responder " + u.getHost() + " did not answer (" + e.getClass().getSimpleName() + ")";
                    }
                }
            }
        };
        Runnable tryCrl = () -> {
            for (URI u : crls) {
                if (found[0] == null) {
                    try {
                        found[0] = fetchCrl(u, now);
                    } catch (IOException | GeneralSecurityException | RuntimeException e) {
                        problem[0] = "the CRL at " + u.getHost() + " could not be fetched (" + e.getClass().getSimpleName() + ")";
                    }
                }
            }
        };
        order.add(options.preferCrls() ? tryCrl : tryOcsp);
        order.add(options.preferCrls() ? tryOcsp : tryCrl);
        for (Runnable step : order) {
            if (found[0] == null) {
                step.run();
            }
            if (found[0] != null) {
                Result r = validate(leaf, issuer, found[0]);
                if (r.outcome() != Outcome.UNKNOWN) {
                    if (options.cacheSize() > 0 && now.isBefore(found[0].keepUntil())) {
                        cache.put(key, found[0]);
                    }
                    return r;
                }
                problem[0] = r.reason();
                found[0] = null; // an answer that cannot be trusted: try the other source
            }
        }
        return new Result(Outcome.UNKNOWN, problem[0] == null ? lastProblem : problem[0]);
    }

    /**
     * The certificate among {@code candidates} that issued {@code leaf}: its subject is the leaf's
     * issuer and its key verifies the leaf's signature (two CAs may share a name).
     *
     * @param leaf       the certificate whose issuer is sought
     * @param candidates the certificates sent with it and the trust anchors, in order of preference
     * @return the issuer, or null when none of them signed it
     */
    public static @Nullable X509Certificate issuerAmong(X509Certificate leaf, List<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                try {
                    leaf.verify(c.getPublicKey());
                    return c;
                } catch (GeneralSecurityException e) {
                    // another key under the same name
                }
            }
        }
        return null;
    }

    /**
     * Logs the soft-failure of {@code cert} once per certificate in this process.
     *
     * @param cert the certificate whose status could not be learnt
     * @param what what the certificate is (e.g. "the provider's TLS certificate")
     * @param r    the outcome, whose reason the line gives
     */
    public static void warnOnce(X509Certificate cert, String what, Result r) {
        if (WARNED.add(cert.getIssuerX500Principal().getName() + "#" + cert.getSerialNumber())) {
            LOG.warn("The revocation status of {} ({}, serial {}) could not be learnt and is accepted (soft-fail): {}",
                    what, cert.getSubjectX500Principal().getName(), cert.getSerialNumber().toString(16), r.reason());
        }
    }

    /** The JDK's PKIX check of the leaf against its issuer, with the answer given and no network. */
    private Result validate(X509Certificate leaf, X509Certificate issuer, Evidence e) {
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            EnumSet<PKIXRevocationChecker.Option> opts = EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.NO_FALLBACK);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(issuer, null)));
            if (e.ocsp() != null) {
                checker.setOcspResponses(Map.of(leaf, e.ocsp()));
            } else {
                opts.add(PKIXRevocationChecker.Option.PREFER_CRLS);
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(e.crl()))));
            }
            checker.setOptions(opts);
            params.setRevocationEnabled(true);
            params.addCertPathChecker(checker);
            params.setDate(Date.from(clock.instant()));
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
            return new Result(Outcome.GOOD, e.ocsp() != null ? "OCSP: good" : "CRL: not listed");
        } catch (CertPathValidatorException x) {
            if (x.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new Result(Outcome.REVOKED, "revoked by its issuer (" + (e.ocsp() != null ? "OCSP" : "CRL") + ")");
            }
            return new Result(Outcome.UNKNOWN, "the " + (e.ocsp() != null ? "OCSP answer" : "CRL")
                    + " cannot be trusted (" + (x.getReason() == null ? "unspecified" : x.getReason()) + ")");
        } catch (GeneralSecurityException | RuntimeException x) {
            return new Result(Outcome.UNKNOWN, "the answer cannot be checked (" + x.getClass().getSimpleName() + ")");
        }
    }

    private Evidence fetchOcsp(URI url, X509Certificate leaf, X509Certificate issuer, Instant now) throws IOException {
        byte[] request;
        try {
            // SHA-1 certificate ids, as the JDK itself sends and matches them (RFC 5019).
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new X509CertificateHolder(issuer.getEncoded()), leaf.getSerialNumber());
            request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.ocsp.OCSPException e) {
            throw new IOException("cannot encode the OCSP request", e);
        }
        byte[] answer = http(url, request, "application/ocsp-request", MAX_OCSP_BYTES);
        Instant nextUpdate = null;
        try {
            OCSPResp resp = new OCSPResp(answer);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL || !(resp.getResponseObject() instanceof BasicOCSPResp basic)) {
                throw new IOException("the responder answered status " + resp.getStatus());
            }
            for (SingleResp s : basic.getResponses()) {
                if (s.getCertID().getSerialNumber().equals(leaf.getSerialNumber()) && s.getNextUpdate() != null) {
                    nextUpdate = s.getNextUpdate().toInstant();
                }
            }
        } catch (org.bouncycastle.cert.ocsp.OCSPException | IllegalArgumentException e) {
            throw new IOException("not an OCSP answer", e);
        }
        return new Evidence(answer, null, keepUntil(now, nextUpdate));
    }

    private Evidence fetchCrl(URI url, Instant now) throws IOException, GeneralSecurityException {
        byte[] answer = http(url, null, null, MAX_CRL_BYTES);
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(answer));
        return new Evidence(null, crl, keepUntil(now, crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant()));
    }

    private Instant keepUntil(Instant now, Instant nextUpdate) {
        Instant cap = now.plus(options.maxCacheAge());
        // Without nextUpdate, newer information is always available (RFC 6960 section 2.4): not cached.
        return nextUpdate == null ? now : nextUpdate.isBefore(cap) ? nextUpdate : cap;
    }

    /** One request with a deadline over the whole exchange; no redirects, no caches, bounded size. */
    private byte[] http(URI url, byte[] body, String contentType, int maxBytes) throws IOException {
        fetches.incrementAndGet();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        int millis = (int) Math.max(1, options.timeout().toMillis());
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        try {
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            if (body != null) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", contentType);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            if (c.getResponseCode() != 200) {
                throw new IOException("HTTP " + c.getResponseCode());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = c.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    if (out.size() > maxBytes) {
                        throw new IOException("the answer is larger than " + maxBytes + " bytes");
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new java.net.SocketTimeoutException("the answer took longer than " + options.timeout());
                    }
                    c.setReadTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                }
            }
            return out.toByteArray();
        } finally {
            c.disconnect();
        }
    }

    /** The OCSP responder URLs of the certificate's Authority Information Access (http and https only). */
    static List<URI> ocspUrls(X509Certificate cert) {
        List<URI> out = new ArrayList<>();
        byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (ext == null) {
            return out;
        }
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets());
            for (AccessDescription d : aia.getAccessDescriptions()) {
                if (AccessDescription.id_ad_ocsp.equals(d.getAccessMethod())) {
                    addUrl(out, d.getAccessLocation());
                }
            }
        } catch (RuntimeException e) {
            // A malformed extension names no usable responder.
        }
        return out;
    }

    /** The full-name URLs of the certificate's CRL distribution points (http and https only). */
    static List<URI> crlUrls(X509Certificate cert) {
        List<URI> out = new ArrayList<>();
        byte[] ext = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) {
            return out;
        }
        try {
            CRLDistPoint dp = CRLDistPoint.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets());
            for (DistributionPoint p : dp.getDistributionPoints()) {
                DistributionPointName n = p.getDistributionPoint();
                if (n != null && n.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName g : GeneralNames.getInstance(n.getName()).getNames()) {
                        addUrl(out, g);
                    }
                }
            }
        } catch (RuntimeException e) {
            // A malformed extension names no usable CRL.
        }
        return out;
    }

    private static void addUrl(List<URI> out, GeneralName g) {
        if (g.getTagNo() != GeneralName.uniformResourceIdentifier) {
            return;
        }
        try {
            URI u = URI.create(ASN1IA5String.getInstance(g.getName()).getString());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                out.add(u);
            }
        } catch (IllegalArgumentException e) {
            // not a URL
        }
    }
}
