package vn.ketnoi.testkit.internal.chip;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.icao.DataGroupHash;
import org.bouncycastle.asn1.icao.LDSSecurityObject;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ISO9796d2Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.SandboxHandler;
import vn.ketnoi.testkit.internal.ServiceMounts;

/**
 * An online chip-verification service (protocol section 15): an agency posts what an app read
 * from a card's chip and the service answers the verdict of passive (and, with a challenge it
 * issued, active) authentication against the sandbox's own trust list, the CSCA of
 * {@link ChipFactory} and its CRL, with the DG13 fields only when the verdict is {@code GENUINE}.
 *
 * <p>Written apart from sdk-chip's verifier on purpose (sdk-chip's tests depend on this module,
 * so it could not be used here anyway): the SDK's online path is checked against a second
 * implementation of the same checks, in the same order, not against itself. Thread-safe.
 */
public final class ChipVerificationService {
    /** The service's id; the SDK's {@code ChipVerifier.ONLINE_SERVICE}. */
    public static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/chip-verification/v1");
    /** Where the sandbox mounts it. */
    public static final String PREFIX = "/chip-verification/v1";
    /** The OAuth scope of its operations. */
    public static final String SCOPE = "chip-verification";

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(1);
    private static final int MAX_OUTSTANDING = 100_000;
    private static final Pattern FILE = Pattern.compile("com|sod|dg([1-9]|1[0-6])");
    private static final Base64.Decoder B64 = Base64.getDecoder();

    /** The trust list: the sandbox's CSCA and its CRL. */
    public record Trust(X509Certificate csca, X509CRL crl) {
    }

    private final Supplier<Trust> trust;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** agency id | Idempotency-Key to the first outcome: a retried verification must not spend its challenge twice. */
    private final Map<String, Stored> outcomes = new ConcurrentHashMap<>();
    /** agency id | base64 challenge to its expiry. */
    private final Map<String, Instant> challenges = new ConcurrentHashMap<>();

    /**
     * @param trust the CSCA and CRL to verify with, made when first needed
     * @param clock the provider's clock: challenge lifetimes and the CRL's currency
     */
    public ChipVerificationService(Supplier<Trust> trust, Clock clock) {
        this.trust = trust;
        this.clock = clock;
    }

    /** Mounts the service and registers its operations. */
    public void register(SandboxHandler handler) {
        handler.mounts().add(new ServiceMounts.Mount(PREFIX, SERVICE));
        handler.addRoute(new ApiRoute("POST", PREFIX + "/challenges", SCOPE, this::challenge));
        handler.addRoute(new ApiRoute("POST", PREFIX + "/verifications", SCOPE, this::once));
    }

    private record Stored(String bodyHash, ApiRoute.Result outcome) {
    }

    /** Section 10.3's semantics for a verification: a repeat of the key gets the first outcome. */
    private ApiRoute.Result once(ApiRoute.Call call) {
        String key = call.idempotencyKey();
        if (key == null) {
            return verify(call);
        }
        String hash = vn.ketnoi.testkit.internal.Texts.sha256B64(call.body());
        if (outcomes.size() >= MAX_OUTSTANDING) {
            outcomes.clear(); // a sandbox: bounded memory matters more than a retry after 100,000 others
        }
        Stored s = outcomes.computeIfAbsent(call.agency().id() + "|" + key, k -> new Stored(hash, verify(call)));
        return s.bodyHash().equals(hash) ? s.outcome() : ApiRoute.Result.problem("request.idempotency-conflict");
    }

    private ApiRoute.Result challenge(ApiRoute.Call call) {
        Instant now = clock.instant();
        if (challenges.size() >= MAX_OUTSTANDING) {
            challenges.values().removeIf(now::isAfter);
            if (challenges.size() >= MAX_OUTSTANDING) {
                return ApiRoute.Result.problem("rate-limited");
            }
        }
        byte[] b = new byte[8];
        random.nextBytes(b);
        String text = Base64.getEncoder().encodeToString(b);
        Instant expires = now.plus(CHALLENGE_LIFETIME);
        challenges.put(call.agency().id() + "|" + text, expires);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("challenge", text);
        out.put("expiresAt", expires.toString());
        return ApiRoute.Result.of(201, Json.bytes(out));
    }

    /** Single use, for the agency it was issued to, within its lifetime. */
    private boolean redeem(String agency, byte[] challenge) {
        Instant expires = challenges.remove(agency + "|" + Base64.getEncoder().encodeToString(challenge));
        return expires != null && !clock.instant().isAfter(expires);
    }

    private ApiRoute.Result verify(ApiRoute.Call call) {
        JsonNode body;
        try {
            body = Json.parse(call.body());
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("dump").isObject()) {
            return invalid("dump", "is required: an object of base64 files (com, sod, dg1 ... dg16)");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.get("dump").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!FILE.matcher(e.getKey()).matches()) {
                continue; // other members (an app version) are ignored, as ChipDump does
            }
            try {
                files.put(e.getKey(), B64.decode(e.getValue().asText("")));
            } catch (IllegalArgumentException bad) {
                return invalid("dump." + e.getKey(), "is not base64");
            }
        }
        JsonNode aa = body.path("activeAuthentication");
        byte[] challenge = null;
        byte[] answer = null;
        if (!aa.isMissingNode()) {
            try {
                challenge = B64.decode(aa.path("challenge").asText(""));
                answer = B64.decode(aa.path("signature").asText(""));
            } catch (IllegalArgumentException bad) {
                return invalid("activeAuthentication", "challenge and signature must be base64");
            }
            if (challenge.length != 8 || answer.length == 0) {
                return invalid("activeAuthentication", "needs the 8-byte challenge issued here and the chip's signature");
            }
        }
        // Redeemed before anything else: a failed attempt uses the challenge up.
        boolean fresh = challenge != null && redeem(call.agency().id(), challenge);
        Outcome o = passive(files);
        if (o.genuine() && challenge != null) {
            o = active(files, challenge, answer, fresh, o);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdict", o.verdict);
        out.put("reason", o.reason);
        out.put("activelyAuthenticated", o.active);
        // The fields only with GENUINE.
        if (o.genuine() && o.citizen != null) {
            out.put("citizen", o.citizen);
        }
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    private record Outcome(String verdict, String reason, boolean active, Map<String, Object> citizen) {
        static Outcome failed(String verdict, String reason) {
            return new Outcome(verdict, reason, false, null);
        }

        boolean genuine() {
            return verdict.equals("GENUINE");
        }
    }

    private Outcome passive(Map<String, byte[]> files) {
        byte[] sodFile = files.get("sod");
        if (sodFile == null) {
            return Outcome.failed("MALFORMED", "sod: is missing");
        }
        if (files.keySet().stream().noneMatch(k -> k.startsWith("dg"))) {
            return Outcome.failed("MALFORMED", "dump: holds no data group");
        }
        CMSSignedData cms;
        SignerInformation signer;
        LDSSecurityObject lds;
        X509Certificate cert;
        try {
            cms = new CMSSignedData(value(sodFile, 0x77));
            if (cms.getSignerInfos().size() != 1) {
                return Outcome.failed("MALFORMED", "sod: has not exactly one signer");
            }
            signer = cms.getSignerInfos().getSigners().iterator().next();
            lds = LDSSecurityObject.getInstance(ASN1Primitive.fromByteArray((byte[]) cms.getSignedContent().getContent()));
            @SuppressWarnings("unchecked")
            java.util.Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.isEmpty()) {
                return Outcome.failed("MALFORMED", "sod.certificates: hold no document signer certificate");
            }
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(matches.iterator().next().getEncoded()));
        } catch (Exception e) {
            return Outcome.failed("MALFORMED", "sod: is not a CMS SignedData over an LDS security object");
        }
        try {
            // With the key: the signer's validity is judged below, at signing time, not here.
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert.getPublicKey()))) {
                return Outcome.failed("SIGNATURE_INVALID", "the SOD's signature does not verify");
            }
        } catch (Exception e) {
            return Outcome.failed("SIGNATURE_INVALID", "the SOD's signature does not verify");
        }
        Trust t = trust.get();
        X509Certificate csca = t.csca();
        try {
            cert.verify(csca.getPublicKey());
            if (!cert.getIssuerX500Principal().equals(csca.getSubjectX500Principal())) {
                throw new GeneralSecurityException("another issuer");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return Outcome.failed("UNTRUSTED_CSCA", "the document signer was not issued by a trusted CSCA");
        }
        Instant signedAt = clock.instant();
        if (signer.getSignedAttributes() != null) {
            Attribute a = signer.getSignedAttributes().get(CMSAttributes.signingTime);
            if (a != null && a.getAttrValues().size() == 1) {
                signedAt = Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
            }
        }
        try {
            cert.checkValidity(Date.from(signedAt));
            csca.checkValidity(Date.from(signedAt));
        } catch (GeneralSecurityException e) {
            return Outcome.failed("SIGNER_EXPIRED", "the document signer or its CSCA was not valid when the SOD was signed");
        }
        X509CRL crl = t.crl();
        if (crl.isRevoked(cert)) {
            return Outcome.failed("SIGNER_REVOKED", "the CSCA's CRL lists the document signer");
        }
        if (crl.getNextUpdate() != null && clock.instant().isAfter(crl.getNextUpdate().toInstant())) {
            return Outcome.failed("REVOCATION_UNKNOWN", "the CSCA's CRL is past its next update");
        }
        Map<Integer, byte[]> hashes = new TreeMap<>();
        for (DataGroupHash h : lds.getDatagroupHash()) {
            hashes.put(h.getDataGroupNumber(), h.getDataGroupHashValue().getOctets());
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith("dg")) {
                continue;
            }
            byte[] expected = hashes.get(Integer.parseInt(f.getKey().substring(2)));
            if (expected == null) {
                return Outcome.failed("DATA_GROUP_ALTERED", f.getKey() + " is not listed in the SOD");
            }
            try {
                String alg = lds.getDigestAlgorithmIdentifier().getAlgorithm().getId();
                byte[] actual = MessageDigest.getInstance(alg, BC).digest(f.getValue());
                if (!MessageDigest.isEqual(expected, actual)) {
                    return Outcome.failed("DATA_GROUP_ALTERED", f.getKey() + " differs from its hash in the SOD");
                }
            } catch (GeneralSecurityException e) {
                return Outcome.failed("MALFORMED", "sod.hashAlgorithm: is not available");
            }
        }
        Map<String, Object> citizen = null;
        try {
            if (files.containsKey("dg1")) {
                value(files.get("dg1"), 0x61);
            }
            if (files.containsKey("dg13")) {
                citizen = dg13(files.get("dg13"));
            }
        } catch (RuntimeException | java.io.IOException e) {
            return Outcome.failed("MALFORMED", "dg1 or dg13: cannot be read");
        }
        return new Outcome("GENUINE", "signed by a document signer of the sandbox's CSCA; "
                + hashes.keySet().stream().filter(n -> files.containsKey("dg" + n)).count()
                + " data groups match the SOD", false, citizen);
    }

    private Outcome active(Map<String, byte[]> files, byte[] challenge, byte[] answer, boolean fresh, Outcome passive) {
        if (!fresh) {
            return Outcome.failed("CHALLENGE_REFUSED",
                    "the challenge was not issued to this agency here, was already used, or has expired");
        }
        byte[] dg15 = files.get("dg15");
        if (dg15 == null) {
            return Outcome.failed("ACTIVE_AUTHENTICATION_UNAVAILABLE", "the dump has no DG15 key");
        }
        PublicKey key;
        try {
            byte[] spki = value(dg15, 0x6F);
            String alg = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getAlgorithm()
                    .getId().equals("1.2.840.113549.1.1.1") ? "RSA" : "EC";
            key = KeyFactory.getInstance(alg, BC).generatePublic(new X509EncodedKeySpec(spki));
        } catch (Exception e) {
            return Outcome.failed("MALFORMED", "dg15: cannot be read");
        }
        if (!answers(key, challenge, answer)) {
            return Outcome.failed("CLONE_SUSPECTED", "the answer to the challenge does not verify with the DG15 key");
        }
        return new Outcome("GENUINE", passive.reason() + "; the chip answered the challenge", true, passive.citizen());
    }

    /** The sandbox's chips: RSA ISO/IEC 9796-2 scheme 1 with SHA-1, or ECDSA plain with SHA-256. */
    private static boolean answers(PublicKey key, byte[] challenge, byte[] answer) {
        try {
            if (key instanceof RSAPublicKey rsa) {
                ISO9796d2Signer s = new ISO9796d2Signer(new RSAEngine(), new SHA1Digest(), true);
                s.init(false, new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()));
                s.updateWithRecoveredMessage(answer);
                s.update(challenge, 0, challenge.length);
                return s.verifySignature(answer);
            }
            Signature s = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
            s.initVerify(key);
            s.update(challenge);
            return s.verify(answer);
        } catch (Exception e) {
            return false;
        }
    }

    /** The DG13 fields by name, as the card writes them (dates dd/MM/yyyy). */
    private static Map<String, Object> dg13(byte[] dg13) throws java.io.IOException {
        Map<Integer, List<String>> fields = new TreeMap<>();
        collect(ASN1Primitive.fromByteArray(value(dg13, 0x6D)), fields, 0);
        String[] names = {null, "idNumber", "fullName", "birthDate", "sex", "nationality", "ethnicity", "religion",
                "placeOfOrigin", "residence", "identifyingFeatures", "issueDate", "expiryDate", null, "spouseName"};
        Map<String, Object> out = new LinkedHashMap<>();
        for (int n = 1; n < names.length; n++) {
            List<String> v = fields.get(n);
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (n == 13) {
                putIfText(out, "fatherName", v.get(0));
                putIfText(out, "motherName", v.size() > 1 ? v.get(1) : "");
            } else {
                putIfText(out, names[n], v.get(0));
            }
        }
        for (String required : List.of("idNumber", "fullName", "birthDate", "sex")) {
            if (!out.containsKey(required)) {
                throw new IllegalArgumentException("dg13 lacks " + required);
            }
        }
        return out;
    }

    private static void putIfText(Map<String, Object> out, String name, String value) {
        if (!value.isEmpty()) {
            out.put(name, value);
        }
    }

    private static void collect(ASN1Primitive p, Map<Integer, List<String>> fields, int depth) {
        if (depth > 8) {
            throw new IllegalArgumentException("dg13 nests too deep");
        }
        if (p instanceof ASN1Sequence s && s.size() >= 1 && s.getObjectAt(0) instanceof ASN1Integer n
                && s.size() > 1 && !(s.getObjectAt(1) instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier)) {
            List<String> values = new java.util.ArrayList<>();
            for (int i = 1; i < s.size(); i++) {
                strings(s.getObjectAt(i).toASN1Primitive(), values);
            }
            fields.put(n.intValueExact(), values);
            return;
        }
        Iterable<ASN1Encodable> children = p instanceof ASN1Sequence s ? s : p instanceof ASN1Set set ? set : List.of();
        for (ASN1Encodable c : children) {
            collect(c.toASN1Primitive(), fields, depth + 1);
        }
    }

    private static void strings(ASN1Primitive p, List<String> out) {
        if (p instanceof ASN1String s) {
            out.add(s.getString());
        } else if (p instanceof ASN1Sequence s) {
            for (ASN1Encodable c : s) {
                strings(c.toASN1Primitive(), out);
            }
        }
    }

    /** The value of a one-byte-tag TLV whose definite length covers the rest of the file exactly. */
    private static byte[] value(byte[] tlv, int tag) {
        if (tlv.length < 2 || (tlv[0] & 0xFF) != tag) {
            throw new IllegalArgumentException("unexpected tag");
        }
        int first = tlv[1] & 0xFF;
        int at = 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 3 || tlv.length < 2 + n) {
                throw new IllegalArgumentException("bad length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (tlv[at++] & 0xFF);
            }
        }
        if (at + length != tlv.length) {
            throw new IllegalArgumentException("length does not cover the file");
        }
        return java.util.Arrays.copyOfRange(tlv, at, tlv.length);
    }

    private static ApiRoute.Result invalid(String field, String problem) {
        return ApiRoute.Result.problem("request.invalid", List.of(Problems.error(field, problem)));
    }
}
