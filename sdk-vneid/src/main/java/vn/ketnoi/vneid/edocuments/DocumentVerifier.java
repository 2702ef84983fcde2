package vn.ketnoi.vneid.edocuments;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.spi.CertificateStatus;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.vneid.edocuments.internal.DocumentJws;
import vn.ketnoi.vneid.edocuments.internal.ProviderSigned;
import vn.ketnoi.vneid.edocuments.internal.SignerCertificate;
import vn.ketnoi.vneid.edocuments.internal.StatusLists;

/**
 * Verifies a document a citizen presents from the VNeID wallet (its QR code holds the issuer's
 * compact JWS, protocol section 10.5), offline except for the issuer's status list, which it
 * fetches and caches.
 *
 * <pre>{@code
 * DocumentVerifier verifier = DocumentVerifier.builder(config)   // or (edocs), to share its runtime
 *         .trustAnchors(anchors)
 *         .build();
 * VerificationResult result = verifier.verify(scannedText);
 * if (result.isValid()) { ... result.document().get().subject() ... }
 * }</pre>
 *
 * <p>Checks, in this order, stopping at the first that fails: the form ({@link Verdict#MALFORMED});
 * the signature against the leaf certificate of {@code x5c} ({@link Verdict#TAMPERED}); that the
 * certificate is a document-signing one naming exactly the issuing agency, and its chain to a
 * configured trust anchor at the signing time ({@link Verdict#UNTRUSTED_ISSUER}); that the CA has
 * not revoked the certificate, by OCSP or CRL when it names a responder or a distribution point
 * ({@link Verdict#SIGNER_REVOKED}; {@link Verdict#STATUS_UNAVAILABLE} when no answer can be had:
 * always hard-fail for signers, whatever {@link ClientConfig#revocation()} says); the validity
 * dates in Vietnam's time zone ({@link Verdict#NOT_YET_VALID}, {@link Verdict#EXPIRED}); and the
 * issuer's status list, which must name this document at this version with its digest
 * ({@link Verdict#NOT_ISSUED}, {@link Verdict#REVOKED}, {@link Verdict#SUSPENDED},
 * {@link Verdict#SUPERSEDED}, {@link Verdict#STATUS_UNAVAILABLE}). Only the certificate status
 * and the last step use the network. The signing time {@code iat} is the signer's word; that the provider accepted the
 * document is what makes it VALID (protocol section 10.5).
 *
 * <p>The configuration gives the provider's endpoint, issuer and key set (the status lists are
 * signed by the provider), the HTTP options, the clock and the clock skew; its agency
 * credentials are not used, as status lists are public. Thread-safe; close it when done.
 */
public final class DocumentVerifier implements AutoCloseable {
    /**
     * The largest presentation accepted, in bytes: what a QR code of version 40 holds in byte mode
     * at the lowest error-correction level (protocol section 10.5).
     */
    public static final int MAX_PRESENTATION_BYTES = 2953;
    /** The zone the documents' dates are in. */
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final List<String> REQUIRED = List.of("iss", "sub", "jti", "ver", "type", "iat", "issueDate",
            "validFrom", "payload");

    private final ProviderSigned provider;
    private final StatusLists statusLists;
    private final Set<TrustAnchor> anchors;
    // Hard-fail for signers: a document whose signer's status is unknown is never VALID.
    private final CertificateStatus signerStatus;

    private DocumentVerifier(Builder b) {
        this.provider = b.runtime != null ? new ProviderSigned(b.runtime) : new ProviderSigned(b.config);
        this.statusLists = new StatusLists(provider, b.statusListMaxAge, b.statusListGrace);
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate c : b.anchors) {
            a.add(new TrustAnchor(c, null));
        }
        this.anchors = Collections.unmodifiableSet(a);
        this.signerStatus = new CertificateStatus(provider.config().revocation().toBuilder()
                .whenUnreachable(RevocationOptions.Policy.HARD_FAIL).build(), provider.clock());
    }

    /**
     * A builder.
     *
     * @param config the provider's endpoint, issuer, key set, HTTP options and clock
     * @return the builder
     */
    public static Builder builder(ClientConfig config) {
        return new Builder(config, null);
    }

    /**
     * A builder on a shared runtime: the verifier uses its connection pool and the provider's keys
     * it caches, and never closes it.
     *
     * @param runtime the runtime of the agency's configuration
     * @return the builder
     */
    public static Builder builder(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return new Builder(runtime.config(), runtime);
    }

    /**
     * A builder on the runtime of an e-documents client: the verifier uses the client's connection
     * pool and the provider's keys the client already caches, and works as long as the client is
     * open. For an application that only verifies (an offline checkpoint), build it from a
     * configuration or a runtime instead.
     *
     * @param client the e-documents client whose runtime the verifier shares
     * @return the builder
     */
    public static Builder builder(EdocumentsClient client) {
        if (client == null) {
            throw new InvalidInputException("client", "is required");
        }
        return builder(client.runtime());
    }

    /**
     * Verifies a presented document.
     *
     * @param presentation the text read from the citizen's QR code: the issuer's compact JWS
     * @return the verdict, its reason, and the document when its issuer was authenticated
     * @throws InvalidInputException when {@code presentation} is null
     */
    public VerificationResult verify(String presentation) {
        if (presentation == null) {
            throw new InvalidInputException("presentation", "is required");
        }
        String text = presentation.strip();
        if (text.isEmpty()) {
            return malformed("the presentation is empty");
        }
        if (text.length() > MAX_PRESENTATION_BYTES) {
            return malformed("the presentation is longer than any document (" + MAX_PRESENTATION_BYTES + " bytes)");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(text);
        } catch (ParseException | RuntimeException e) {
            return malformed("not a compact JWS");
        }
        if (jws.getHeader().getType() == null || !DocumentJws.TYP.equals(jws.getHeader().getType().getType())) {
            return malformed("the JWS typ is not " + DocumentJws.TYP);
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
            // The QR code's own text: escaped and capped before it enters a reason a checkpoint logs (finding 9).
            return malformed("the algorithm " + Untrusted.text(String.valueOf(alg), 64) + " is not allowed (ES256 or PS256)");
        }
        List<X509Certificate> chain = chain(jws.getHeader().getX509CertChain());
        if (chain == null) {
            return malformed("x5c is missing or holds a certificate that cannot be read");
        }
        // Nothing in the document can be trusted until its signature verifies.
        if (!DocumentJws.verifies(text, chain.get(0).getPublicKey())) {
            return new VerificationResult(Verdict.TAMPERED,
                    "the signature does not verify with the signing certificate: the document was altered", null, null);
        }
        JsonNode claims;
        try {
            claims = Json.mapper().readTree(jws.getPayload().toBytes());
        } catch (IOException e) {
            return malformed("the signed claims are not JSON");
        }
        if (claims == null || !claims.isObject()) {
            return malformed("the signed claims are not a JSON object");
        }
        for (String c : REQUIRED) {
            if (!claims.hasNonNull(c)) {
                return malformed("the claim " + c + " is missing");
            }
        }
        if (!claims.get("iat").canConvertToLong() || !claims.get("ver").canConvertToInt()
                || claims.get("ver").asInt() < 1 || !claims.get("payload").isObject()) {
            return malformed("iat, ver or payload has the wrong type");
        }
        Instant signedAt = Instant.ofEpochSecond(claims.get("iat").asLong());
        String issuer = claims.get("iss").asText();

        String untrusted = untrusted(chain, issuer, signedAt);
        if (untrusted != null) {
            return new VerificationResult(Verdict.UNTRUSTED_ISSUER, untrusted, null, null);
        }
        VerificationResult revoked = signerRevoked(chain);
        if (revoked != null) {
            return revoked;
        }
        Instant now = provider.clock().instant();
        if (signedAt.isAfter(now.plus(provider.config().clockSkew()))) {
            return malformed("the document is dated in the future");
        }
        PresentedDocument doc;
        try {
            doc = document(claims, issuer, signedAt, chain.get(0));
        } catch (RuntimeException e) {
            // IdentityParseException, InvalidInputException, DateTimeException, IllegalArgumentException
            return malformed("a claim has the wrong form (" + e.getClass().getSimpleName() + ")");
        }

        LocalDate today = LocalDate.ofInstant(now, VIETNAM);
        if (today.isBefore(doc.validFrom())) {
            return new VerificationResult(Verdict.NOT_YET_VALID, "valid from " + doc.validFrom(), doc, null);
        }
        if (doc.validUntil().isPresent() && today.isAfter(doc.validUntil().get())) {
            return new VerificationResult(Verdict.EXPIRED, "expired after " + doc.validUntil().get(), doc, null);
        }
        return status(text, doc);
    }

    /**
     * The issuer's status list decides, and it lists every document the provider accepted with the
     * digest of its current version (protocol section 10.6). A document the provider never
     * accepted (signed with a retired, expired or stolen key and dated into the past, or a forged
     * version of a real one) is not on a list signed after it, whatever its {@code iat} says.
     */
    private VerificationResult status(String presentation, PresentedDocument doc) {
        String issuer = doc.issuer();
        // A list signed before this instant may not know the document yet: the agency signs, then submits.
        Instant knowable = doc.signedAt().plus(provider.config().clockSkew());
        StatusLists.Snapshot list;
        StatusLists.Entry entry;
        try {
            list = statusLists.get(issuer, null);
            entry = list.documents().get(doc.documentId());
            if (!lists(entry, doc) && !list.issuedAt().isAfter(knowable)) {
                list = statusLists.get(issuer, knowable);
                entry = list.documents().get(doc.documentId());
            }
        } catch (StatusLists.Unavailable e) {
            return new VerificationResult(Verdict.STATUS_UNAVAILABLE,
                    "authentic and in date, but the revocation status is unknown: " + e.getMessage(), doc, null);
        }
        Instant asOf = list.issuedAt();
        if (!lists(entry, doc)) {
            if (!asOf.isAfter(knowable)) {
                return new VerificationResult(Verdict.STATUS_UNAVAILABLE, "signed after the newest status list"
                        + " this verifier could get, which does not list it yet", doc, asOf);
            }
            return new VerificationResult(Verdict.NOT_ISSUED, entry == null
                    ? "the issuer's status list does not list this document: the provider never accepted it"
                    : "the issuer's status list does not list this version: the provider never accepted it", null, asOf);
        }
        if (entry.version() == doc.version() && !MessageDigest.isEqual(entry.digest().getBytes(StandardCharsets.US_ASCII),
                DocumentJws.digest(presentation).getBytes(StandardCharsets.US_ASCII))) {
            return new VerificationResult(Verdict.NOT_ISSUED, "the issuer's status list holds another document under"
                    + " this id and version: the provider never accepted this one", null, asOf);
        }
        switch (entry.status()) {
            case "REVOKED":
                return new VerificationResult(Verdict.REVOKED, "revoked by the issuer", doc, asOf);
            case "SUSPENDED":
                return new VerificationResult(Verdict.SUSPENDED, "suspended by the issuer", doc, asOf);
            case "VALID":
                break;
            default:
                return new VerificationResult(Verdict.STATUS_UNAVAILABLE,
                        "the status list gives a status this verifier does not know", doc, asOf);
        }
        if (entry.version() > doc.version()) {
            return new VerificationResult(Verdict.SUPERSEDED, "version " + doc.version()
                    + " was replaced by version " + entry.version(), doc, asOf);
        }
        return new VerificationResult(Verdict.VALID, "signature, issuer, dates and status checked", doc, asOf);
    }

    /** Whether the list knows this version of the document (at it or past it). */
    private static boolean lists(StatusLists.Entry entry, PresentedDocument doc) {
        return entry != null && entry.version() >= doc.version();
    }

    @Override
    public void close() {
        provider.close();
    }

    private static VerificationResult malformed(String reason) {
        return new VerificationResult(Verdict.MALFORMED, reason, null, null);
    }

    private static List<X509Certificate> chain(List<Base64> x5c) {
        if (x5c == null || x5c.isEmpty() || x5c.size() > 5) {
            return null;
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Base64 b : x5c) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.decode())));
            }
            return out;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The verdict when the CA revoked the signer's certificate, or its status cannot be learnt;
     * null when it is good or names no responder nor CRL. A certificate already expired is not
     * asked about: CAs stop publishing the status of expired certificates (RFC 5280 section 3.3),
     * and the status list decides such documents.
     */
    private VerificationResult signerRevoked(List<X509Certificate> chain) {
        X509Certificate leaf = chain.get(0);
        if (leaf.getNotAfter().toInstant().isBefore(provider.clock().instant())) {
            return null;
        }
        CertificateStatus.Result r = signerStatus.checkAlways(leaf, issuerOf(chain));
        return switch (r.outcome()) {
            case REVOKED -> new VerificationResult(Verdict.SIGNER_REVOKED,
                    "the CA revoked the signing certificate: " + r.reason(), null, null);
            case UNKNOWN -> new VerificationResult(Verdict.STATUS_UNAVAILABLE,
                    "the signing certificate's revocation status cannot be learnt: " + r.reason(), null, null);
            default -> null;
        };
    }

    /** The certificate that signed the leaf: the next in the chain, else a trust anchor. */
    private X509Certificate issuerOf(List<X509Certificate> chain) {
        List<X509Certificate> candidates = new ArrayList<>(chain.subList(1, chain.size()));
        anchors.forEach(a -> candidates.add(a.getTrustedCert()));
        return CertificateStatus.issuerAmong(chain.get(0), candidates);
    }

    /** Why the chain is not trusted for this issuer at the signing time, or null when it is. */
    private String untrusted(List<X509Certificate> chain, String issuer, Instant signedAt) {
        if (anchors.isEmpty()) {
            return "no trust anchors are configured";
        }
        String unfit = SignerCertificate.unfit(chain.get(0));
        if (unfit != null) {
            return unfit;
        }
        if (!issuer.equals(SignerCertificate.agencyId(chain.get(0)))) {
            return "the signing certificate was issued to another agency than the document's issuer";
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            // A chain may end with the anchor itself; PKIX wants the path without it.
            if (anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))) {
                path.add(c);
            }
        }
        if (path.isEmpty()) {
            return "the signing certificate is a trust anchor, not an agency's certificate";
        }
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(signedAt));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                    params);
            return null;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return "the signing certificate was not valid when the document was signed";
            }
            return "the certificate chain does not lead to a configured trust anchor";
        } catch (InvalidAlgorithmParameterException e) {
            return "the trust anchors cannot be used";
        } catch (GeneralSecurityException e) {
            return "the certificate chain cannot be checked";
        }
    }

    private static PresentedDocument document(JsonNode claims, String issuer, Instant signedAt, X509Certificate leaf) {
        PersonalIdNumber subject = PersonalIdNumber.parse(claims.get("sub").asText());
        String documentId = claims.get("jti").asText();
        if (!Document.DOCUMENT_ID.matcher(documentId).matches()) {
            throw new IllegalArgumentException("jti");
        }
        DocumentType type = DocumentType.of(claims.get("type").asText());
        LocalDate validUntil = claims.hasNonNull("validUntil") ? LocalDate.parse(claims.get("validUntil").asText()) : null;
        Map<String, Object> payload = Json.mapper().convertValue(claims.get("payload"), MAP);
        PdfRendition pdf = null;
        JsonNode p = claims.path("pdf");
        if (p.isObject()) {
            if (!"S256".equals(p.path("alg").asText()) || !p.path("digest").isTextual() || !p.path("size").canConvertToLong()) {
                throw new IllegalArgumentException("pdf");
            }
            pdf = PdfRendition.ofDigest(p.get("digest").asText(), p.get("size").asLong());
        }
        return new PresentedDocument(documentId, type, issuer, subject, claims.get("ver").asInt(), signedAt,
                LocalDate.parse(claims.get("issueDate").asText()), LocalDate.parse(claims.get("validFrom").asText()),
                validUntil, Collections.unmodifiableMap(new LinkedHashMap<>(deepUnmodifiable(payload))), pdf, leaf);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepUnmodifiable(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> inner) {
                v = Collections.unmodifiableMap(deepUnmodifiable((Map<String, Object>) inner));
            } else if (v instanceof List<?> list) {
                v = Collections.unmodifiableList(new ArrayList<>(list));
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** Builder of a {@link DocumentVerifier}; not thread-safe. */
    public static final class Builder {
        private final ClientConfig config;
        private final KetnoiRuntime runtime;
        private List<X509Certificate> anchors = List.of();
        private Duration statusListMaxAge = Duration.ofMinutes(5);
        private Duration statusListGrace = Duration.ofHours(1);

        private Builder(ClientConfig config, KetnoiRuntime runtime) {
            if (config == null) {
                throw new InvalidInputException("config", "is required");
            }
            this.config = config;
            this.runtime = runtime;
        }

        /**
         * The certificates agencies' document-signing chains must lead to (for the sandbox,
         * {@code sandbox.wallet().trustAnchors()}). Required.
         *
         * @param anchors one or more root or intermediate CA certificates
         * @return this builder
         */
        public Builder trustAnchors(List<X509Certificate> anchors) {
            if (anchors == null || anchors.isEmpty() || anchors.stream().anyMatch(java.util.Objects::isNull)) {
                throw new InvalidInputException("trustAnchors", "must hold at least one certificate, and no null");
            }
            this.anchors = List.copyOf(anchors);
            return this;
        }

        /**
         * How long a fetched status list is used before it is fetched again; never longer than
         * the list's own expiry. Five minutes by default; {@link Duration#ZERO} fetches for every
         * verification (a revocation is then seen at once).
         *
         * @param maxAge 0 to 24 hours
         * @return this builder
         */
        public Builder statusListMaxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.compareTo(Duration.ofHours(24)) > 0) {
                throw new InvalidInputException("statusListMaxAge", "must be between 0 and 24 hours");
            }
            this.statusListMaxAge = maxAge;
            return this;
        }

        /**
         * How long past its expiry a cached status list may still decide, when a fresh one cannot
         * be fetched (the verifier is offline). One hour by default; {@link Duration#ZERO} gives
         * {@link Verdict#STATUS_UNAVAILABLE} as soon as the list expires. A longer grace keeps an
         * offline counter working longer, at the price of missing a recent revocation.
         *
         * @param grace 0 to 7 days
         * @return this builder
         */
        public Builder statusListGrace(Duration grace) {
            if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofDays(7)) > 0) {
                throw new InvalidInputException("statusListGrace", "must be between 0 and 7 days");
            }
            this.statusListGrace = grace;
            return this;
        }

        /** @return the verifier */
        public DocumentVerifier build() {
            if (anchors.isEmpty()) {
                throw new InvalidInputException("trustAnchors", "are required: the CA certificates issuers chain to");
            }
            return new DocumentVerifier(this);
        }
    }
}
