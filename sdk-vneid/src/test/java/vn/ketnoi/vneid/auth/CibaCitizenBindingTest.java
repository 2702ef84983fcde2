package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Finding 12: a CIBA approval counts only for the citizen the counter asked. The request keeps a
 * keyed hash of the hinted ID number, never the number; an approval whose identity is another
 * citizen's is refused. Against the sandbox's identity provider over HTTP.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class CibaCitizenBindingTest {
    private final KetnoiSandbox sandbox;
    private final VneidAuthClient vneid;

    CibaCitizenBindingTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.vneid = VneidAuthClient.create(config);
    }

    @BeforeEach
    void fastPolling() {
        sandbox.vneid().setCibaInterval(Duration.ofSeconds(1));
    }

    @AfterEach
    void close() {
        vneid.close();
    }

    @Test
    @DisplayName("Finding 12: an approval carrying another citizen's identity is refused")
    void anApprovalForAnotherCitizenIsRefused() {
        SyntheticCitizen asked = sandbox.population().demoCitizen();
        SyntheticCitizen other = sandbox.population().find(c -> !c.idNumber().equals(asked.idNumber())
                && sandbox.population().vneidLevel(c) == 2).orElseThrow();
        CibaRequest r = vneid.startCiba(PersonalIdNumber.parse(asked.idNumber()), "Quầy 7", AssuranceLevel.LEVEL_2);
        assertTrue(sandbox.vneid().approveCibaAs(asked.idNumber(), other.idNumber()));
        TokenValidationException e = assertThrows(TokenValidationException.class, () -> vneid.awaitCiba(r));
        assertEquals(TokenCheck.CIBA_CITIZEN, e.check());
        assertEquals("vneid.token-check.ciba-citizen", e.errorCode());
        assertFalse(e.getMessage().contains(asked.idNumber()) || e.getMessage().contains(other.idNumber()));
    }

    @Test
    @DisplayName("Finding 12: the request keeps a keyed hash of the ID number, never the number")
    void theRequestHoldsNoIdNumber() {
        SyntheticCitizen asked = sandbox.population().demoCitizen();
        CibaRequest r = vneid.startCiba(PersonalIdNumber.parse(asked.idNumber()), "Quầy 8", AssuranceLevel.LEVEL_2);
        assertFalse(r.toString().contains(asked.idNumber()));
        assertFalse(r.citizenBinding().contains(asked.idNumber()));
        // A request rebuilt from what the counter kept is bound as before.
        CibaRequest rebuilt = CibaRequest.of(r.authReqId(), r.expiresAt(), r.interval(), r.level(), r.citizenBinding());
        assertTrue(sandbox.vneid().approveCiba(asked.idNumber()));
        CibaOutcome o = vneid.awaitCiba(rebuilt);
        assertEquals(CibaOutcome.Status.APPROVED, o.status());
        assertEquals(asked.idNumber(), o.login().orElseThrow().identity().idNumber().orElseThrow().value());
        try (VneidAuthClient another = VneidAuthClient.create(configOf(sandbox))) {
            CibaRequest again = another.startCiba(PersonalIdNumber.parse(asked.idNumber()), "Quầy 8",
                    AssuranceLevel.LEVEL_2);
            assertNotEquals(r.citizenBinding(), again.citizenBinding(), "keyed: not a plain hash anyone can compute");
            // Answered, so no pending request is left for other tests of this sandbox.
            assertTrue(sandbox.vneid().denyCiba(asked.idNumber()));
        }
    }

    @Test
    @DisplayName("Finding 12: a request is rebuilt only with its citizen binding; each missing part is named")
    void rebuildingNamesWhatIsMissing() {
        java.time.Instant at = java.time.Instant.now();
        assertEquals("citizenBinding", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> CibaRequest.of("id", at, Duration.ofSeconds(5), AssuranceLevel.LEVEL_1, null)).field());
        assertEquals("authReqId", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> CibaRequest.of(null, at, Duration.ofSeconds(5), AssuranceLevel.LEVEL_1, "b")).field());
        assertEquals("interval", assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                () -> CibaRequest.of("id", at, Duration.ZERO, AssuranceLevel.LEVEL_1, "b")).field());
    }

    private static ClientConfig configOf(KetnoiSandbox sandbox) {
        return vn.ketnoi.testkit.SandboxClients.configFor(sandbox, sandbox.defaultAgency());
    }
}
