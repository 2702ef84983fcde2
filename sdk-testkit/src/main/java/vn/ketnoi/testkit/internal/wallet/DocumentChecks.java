package vn.ketnoi.testkit.internal.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.internal.ApiRoute.Call;
import vn.ketnoi.testkit.internal.ApiRoute.Result;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.Problems;

/**
 * What the wallet checks of a signed document before it stores it (sections 10.1 and 10.2), in
 * order: the JWS and its size, the signature against the leaf of {@code x5c} (nothing else is
 * trusted before it verifies), the required claims, the issuer's chain, the certificate's
 * validity, the document id, the type and its payload members, the dates, and the subject (a
 * living citizen with a level-2 VNeID account).
 */
final class DocumentChecks {
    /** Built-in document types and their required payload members. */
    static final Map<String, List<String>> BUILT_IN = Map.of(
            "DRIVING_LICENCE", List.of("licenceNumber", "classes", "issuedBy"),
            "HEALTH_INSURANCE_CARD", List.of("insuranceNumber", "facilityCode", "benefitLevel"),
            "VEHICLE_REGISTRATION", List.of("plateNumber", "vehicleKind", "make", "chassisNumber", "engineNumber"),
            "BIRTH_REGISTRATION", List.of("registrationNumber", "registeredBy", "registrationDate", "childName", "birthDate"),
            "MARRIAGE_REGISTRATION", List.of("registrationNumber", "registeredBy", "registrationDate", "spouseName",
                    "spouseIdNumber"),
            "JUDICIAL_RECORD", List.of("certificateNumber", "form", "hasCriminalRecord"));
    static final Pattern ID_NUMBER = Pattern.compile("\\d{12}");
    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String TYP = "ketnoi-edoc+jwt";
    /** What a QR code of version 40 holds in byte mode at level L (section 10.5). */
    private static final int MAX_DOCUMENT = 2953;

    /** A document that passed every check. */
    record Checked(String jws, JsonNode claims, String documentId, String subject, String type) {
    }

    private final Supplier<SandboxPopulation> population;
    private final IssuerTrust trust;
    private final Set<String> extensionTypes = new CopyOnWriteArraySet<>();

    DocumentChecks(Supplier<SandboxPopulation> population, IssuerTrust trust) {
        this.population = population;
        this.trust = trust;
    }

    /** Accepts documents of this type beside the built-in ones, with no required payload member. */
    void registerExtensionType(String type) {
        extensionTypes.add(type);
    }

    /** A {@link Checked} document, or the {@link Result} refusing it. */
    Object check(Call call, JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            return invalid(field, "is required: the signed document as a compact JWS");
        }
        if (node.asText().length() > MAX_DOCUMENT) {
            return invalid(field, "is over " + MAX_DOCUMENT + " bytes: the wallet could not show it as a QR code");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(node.asText());
        } catch (ParseException e) {
            return invalid(field, "is not a compact JWS");
        }
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (jws.getHeader().getType() == null || !TYP.equals(jws.getHeader().getType().getType())) {
            return invalid(field + ".typ", "must be " + TYP);
        }
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
            return invalid(field + ".alg", "must be ES256 or PS256");
        }
        List<Base64> x5c = jws.getHeader().getX509CertChain();
        if (x5c == null || x5c.isEmpty()) {
            return invalid(field + ".x5c", "is required: the signing certificate chain, leaf first");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Base64 b : x5c) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.decode())));
            }
        } catch (GeneralSecurityException e) {
            return invalid(field + ".x5c", "holds a certificate that cannot be read");
        }
        JsonNode claims = Json.parse(jws.getPayload().toBytes());
        if (claims == null || !claims.isObject()) {
            return invalid(field, "the payload is not a JSON object");
        }
        // Signature first: nothing else in the document can be trusted until it verifies.
        try {
            JWSVerifier v = chain.get(0).getPublicKey() instanceof ECPublicKey ec ? new ECDSAVerifier(ec)
                    : new RSASSAVerifier((RSAPublicKey) chain.get(0).getPublicKey());
            if (!jws.verify(v)) {
                return Result.problem("edocuments.signature-invalid");
            }
        } catch (JOSEException | ClassCastException | IllegalStateException e) {
            return Result.problem("edocuments.signature-invalid");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        for (String c : List.of("iss", "sub", "jti", "ver", "type", "iat", "issueDate", "validFrom", "payload")) {
            if (!claims.hasNonNull(c)) {
                errors.add(Problems.error(field + "." + c, "is required"));
            }
        }
        if (!errors.isEmpty()) {
            return Result.problem("request.invalid", errors);
        }
        if (!claims.get("iss").asText().equals(call.agency().id()) || !trust.trusts(chain, call.agency().id())) {
            return Result.problem("edocuments.untrusted-issuer");
        }
        Instant now = call.now();
        X509Certificate leaf = chain.get(0);
        if (now.isAfter(leaf.getNotAfter().toInstant()) || now.isBefore(leaf.getNotBefore().toInstant())) {
            return Result.problem("edocuments.certificate-expired");
        }
        String documentId = claims.get("jti").asText();
        if (!DOCUMENT_ID.matcher(documentId).matches() || documentId.equals("batch") || documentId.equals("search")) {
            return invalid(field + ".jti", "must be 1 to 64 letters, digits, '.', '_' or '-', and not a reserved word");
        }
        String type = claims.get("type").asText();
        List<String> required = BUILT_IN.get(type);
        if (required == null && !extensionTypes.contains(type)) {
            return Result.problem("edocuments.unknown-type");
        }
        JsonNode payload = claims.get("payload");
        if (!payload.isObject()) {
            return invalid(field + ".payload", "must be a JSON object");
        }
        for (String m : required == null ? List.<String>of() : required) {
            if (!payload.hasNonNull(m) || (payload.get(m).isTextual() && payload.get(m).asText().isBlank())) {
                errors.add(Problems.error("payload." + m, "is required"));
            }
        }
        for (String d : List.of("issueDate", "validFrom", "validUntil")) {
            if (claims.hasNonNull(d)) {
                try {
                    LocalDate.parse(claims.get(d).asText());
                } catch (DateTimeException e) {
                    errors.add(Problems.error(field + "." + d, "must be a date yyyy-MM-dd"));
                }
            }
        }
        if (!errors.isEmpty()) {
            return Result.problem("request.invalid", errors);
        }
        String subject = claims.get("sub").asText();
        if (!ID_NUMBER.matcher(subject).matches()) {
            return invalid(field + ".sub", "must be a 12-digit personal ID number");
        }
        SandboxPopulation pop = population.get();
        SyntheticCitizen citizen = pop.byIdNumber(subject).orElse(null);
        if (citizen == null || citizen.isDeceased()) {
            return Result.problem("edocuments.subject-not-found");
        }
        if (pop.vneidLevel(citizen) != 2) {
            return Result.problem("edocuments.subject-not-eligible");
        }
        return new Checked(node.asText(), claims, documentId, subject, type);
    }

    /** A {@code request.invalid} answer naming one field. */
    static Result invalid(String field, String problem) {
        return Result.problem("request.invalid", List.of(Problems.error(field, problem)));
    }
}
