package vn.ketnoi.civilstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Certified extracts ("trích lục") are provider-signed documents, verified before the caller sees
 * them, and refused whenever anything does not verify: fail closed.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class CertifiedExtractTest {

    static BirthRegistration someBirth(KetnoiSandbox sandbox, CivilStatusClient civil) {
        SyntheticCitizen c = sandbox.population().citizens().stream()
                .filter(x -> Integer.parseInt(x.birthDate().substring(0, 4)) >= 2016).findFirst().orElseThrow();
        return civil.birth(PersonalIdNumber.parse(c.idNumber()));
    }

    /** The extract's claims, as the provider would sign them for this agency and registration. */
    static Map<String, Object> claims(KetnoiSandbox sandbox, String audience, Map<String, Object> registration) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iss", sandbox.issuer());
        m.put("aud", audience);
        m.put("iat", sandbox.clock().instant().getEpochSecond());
        m.put("jti", "extract-1");
        m.put("registration", registration);
        return m;
    }

    static Map<String, Object> wire(KetnoiSandbox sandbox, BirthRegistration b) {
        return sandbox.civilStatus().registration("BIRTH", b.child().idNumber().orElseThrow().value()).orElseThrow();
    }

    @Test
    @Requirement(value = "R-14.2", side = Side.PROVIDER)
    void anExtractIsVerifiedAndCertifiesTheRegistrationAskedFor(KetnoiSandbox sandbox, CivilStatusClient civil) {
        BirthRegistration birth = someBirth(sandbox, civil);

        CertifiedExtract extract = civil.extract(birth);

        BirthRegistration certified = (BirthRegistration) extract.registration();
        assertEquals(birth.entry(), certified.entry());
        assertEquals(birth.child().idNumber(), certified.child().idNumber());
        assertTrue(extract.issuedAt().isAfter(sandbox.clock().instant().minusSeconds(60)));
        // Kept and presented later, it verifies again.
        assertEquals(extract.extractId(), civil.verifyExtract(extract.compact()).extractId());
    }

    @Test
    @Requirement(value = "R-14.2", side = Side.SDK)
    void aTamperedExtractIsRefused(KetnoiSandbox sandbox, CivilStatusClient civil) {
        CertifiedExtract extract = civil.extract(someBirth(sandbox, civil));
        String[] parts = extract.compact().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"entryNumber\":\"", "\"entryNumber\":\"9");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                () -> civil.verifyExtract(tampered));
        assertEquals("response.signature-invalid", e.errorCode());
    }

    @Test
    @Requirement(value = "R-14.2", side = Side.SDK)
    void anExtractSignedByAKeyThatIsNotTheProvidersIsRefused(KetnoiSandbox sandbox, CivilStatusClient civil)
            throws Exception {
        BirthRegistration birth = someBirth(sandbox, civil);
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger-1").generate();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("stranger-1")
                .type(new JOSEObjectType(CertifiedExtract.TYP)).build(),
                new Payload(claims(sandbox, sandbox.defaultAgency().id(), wire(sandbox, birth))));
        jws.sign(new ECDSASigner(stranger));

        ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                () -> civil.verifyExtract(jws.serialize()));
        assertEquals("response.unknown-key", e.errorCode());
    }

    @Test
    @Requirement(value = "R-14.2", side = Side.SDK)
    void anExtractForAnotherAgencyOrOfAnotherKindOfObjectIsRefused(KetnoiSandbox sandbox, CivilStatusClient civil) {
        BirthRegistration birth = someBirth(sandbox, civil);
        String otherAgency = sandbox.signAsProvider(CertifiedExtract.TYP,
                claims(sandbox, KetnoiSandbox.LIMITED_AGENCY_ID, wire(sandbox, birth)));
        assertEquals("response.binding-mismatch", assertThrows(ResponseVerificationException.class,
                () -> civil.verifyExtract(otherAgency)).errorCode());
        // Signed by the provider, but as a change notification: the typ says it is no extract.
        String notAnExtract = sandbox.signAsProvider("ketnoi-notification+jwt",
                claims(sandbox, sandbox.defaultAgency().id(), wire(sandbox, birth)));
        assertEquals("response.malformed", assertThrows(ResponseVerificationException.class,
                () -> civil.verifyExtract(notAnExtract)).errorCode());
        // The provider's, for this agency, of the right typ, but certifying nothing this version reads.
        String empty = sandbox.signAsProvider(CertifiedExtract.TYP, claims(sandbox, sandbox.defaultAgency().id(),
                Map.of("kind", "BIRTH")));
        assertEquals("response.malformed", assertThrows(ResponseVerificationException.class,
                () -> civil.verifyExtract(empty)).errorCode());
    }

    @Test
    @Requirement(value = "R-14.2", side = Side.SDK)
    void anExtractOfAnotherRegistrationThanTheOneAskedForIsRefused(KetnoiSandbox sandbox, ClientConfig config,
                                                                   CivilStatusClient plain) {
        BirthRegistration asked = someBirth(sandbox, plain);
        SyntheticCitizen other = sandbox.population().deceased();
        String otherId = plain.death(PersonalIdNumber.parse(other.idNumber())).entry().registrationId();
        // A layer before the signature (a faulty or hostile application interceptor) swaps the registration asked for.
        ClientConfig swapping = config.toBuilder().addInterceptor(chain -> {
            KetnoiRequest r = chain.request();
            if (!r.uri().getPath().endsWith("/extracts")) {
                return chain.proceed(r);
            }
            String body = new String(r.body(), StandardCharsets.UTF_8)
                    .replace(asked.entry().registrationId(), otherId);
            return chain.proceed(r.toBuilder().body(body.getBytes(StandardCharsets.UTF_8)).build());
        }).build();
        try (CivilStatusClient civil = CivilStatusClient.builder(swapping).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).build()) {
            ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                    () -> civil.extract(asked));
            assertEquals("response.binding-mismatch", e.errorCode());
        }
    }

    static Map<String, Object> without(Map<String, Object> m, String name) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.remove(name);
        return out;
    }

    @Test
    void anExtractsIdTimeAndContentAreTheSignedOnes(KetnoiSandbox sandbox, CivilStatusClient civil) {
        BirthRegistration birth = someBirth(sandbox, civil);
        Map<String, Object> claims = claims(sandbox, sandbox.defaultAgency().id(), wire(sandbox, birth));
        claims.put("jti", "extract-42");
        claims.put("iat", 1_780_000_000L);

        CertifiedExtract extract = civil.verifyExtract(sandbox.signAsProvider(CertifiedExtract.TYP, claims));

        assertEquals("extract-42", extract.extractId());
        assertEquals(java.time.Instant.ofEpochSecond(1_780_000_000L), extract.issuedAt());
        assertEquals(birth.placeOfBirth(), ((BirthRegistration) extract.registration()).placeOfBirth());
        assertTrue(birth.placeOfBirth().isPresent(), "the sandbox's births have a place");
        // A registration that states no place of birth has none, not an empty one.
        claims.put("registration", without(wire(sandbox, birth), "placeOfBirth"));
        BirthRegistration noPlace = (BirthRegistration) civil.verifyExtract(
                sandbox.signAsProvider(CertifiedExtract.TYP, claims)).registration();
        assertTrue(noPlace.placeOfBirth().isEmpty());
        assertEquals("CertifiedExtract[extract-42, BirthRegistration]", extract.toString(), "no personal data");
    }

    @Test
    @Requirement(value = "R-14.2", side = Side.SDK)
    void anExtractWithoutItsIdTimeOrAudienceIsRefused(KetnoiSandbox sandbox, CivilStatusClient civil) {
        Map<String, Object> claims = claims(sandbox, sandbox.defaultAgency().id(), wire(sandbox, someBirth(sandbox, civil)));
        for (String name : new String[] {"iat", "jti"}) {
            assertEquals("response.malformed", assertThrows(ResponseVerificationException.class, () -> civil.verifyExtract(
                    sandbox.signAsProvider(CertifiedExtract.TYP, without(claims, name)))).errorCode(), name);
        }
        Map<String, Object> textIat = new LinkedHashMap<>(claims);
        textIat.put("iat", "2026-12-06T04:00:00Z");
        assertEquals("response.malformed", assertThrows(ResponseVerificationException.class,
                () -> civil.verifyExtract(sandbox.signAsProvider(CertifiedExtract.TYP, textIat))).errorCode());
        // A registration whose child has an ID number that is none, or none at all: the signature
        // does not make the registration one (a child's ID number is required; a parent's is not).
        for (String childId : new String[] {"12345", null}) {
            Map<String, Object> badChild = new LinkedHashMap<>(claims);
            @SuppressWarnings("unchecked")
            Map<String, Object> registration = new LinkedHashMap<>((Map<String, Object>) claims.get("registration"));
            @SuppressWarnings("unchecked")
            Map<String, Object> child = new LinkedHashMap<>((Map<String, Object>) registration.get("child"));
            child.remove("idNumber");
            if (childId != null) {
                child.put("idNumber", childId);
            }
            registration.put("child", child);
            badChild.put("registration", registration);
            ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                    () -> civil.verifyExtract(sandbox.signAsProvider(CertifiedExtract.TYP, badChild)));
            assertEquals("response.malformed", e.errorCode());
            assertTrue(e.getMessage().contains("idNumber"), e.getMessage());
        }
        // An extract is issued to the agency that asked for it: one that names no agency is not one.
        ResponseVerificationException noAudience = assertThrows(ResponseVerificationException.class,
                () -> civil.verifyExtract(sandbox.signAsProvider(CertifiedExtract.TYP, without(claims, "aud"))));
        assertEquals("response.binding-mismatch", noAudience.errorCode());
    }
}
