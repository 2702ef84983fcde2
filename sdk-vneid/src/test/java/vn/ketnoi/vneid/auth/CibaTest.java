package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SandboxIdentityProvider;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Counter sign-in with OpenID CIBA in poll mode against the sandbox. */
@ExtendWith(KetnoiSandboxExtension.class)
class CibaTest {
    private final KetnoiSandbox sandbox;
    private final VneidAuthClient vneid;

    CibaTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.vneid = VneidAuthClient.create(config);
    }

    @BeforeEach
    void fastPolling() {
        sandbox.vneid().setCibaInterval(Duration.ofSeconds(1));
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        vneid.close();
    }

    private PersonalIdNumber demo() {
        return PersonalIdNumber.parse(sandbox.population().demoCitizen().idNumber());
    }

    @Test
    void approved() {
        CibaRequest r = vneid.startCiba(demo(), "Quầy 3: mã 4821", AssuranceLevel.LEVEL_2);
        assertEquals(Duration.ofSeconds(1), r.interval());
        SandboxIdentityProvider.PendingCiba pending = sandbox.vneid().pendingCiba().stream()
                .filter(p -> p.idNumber().equals(demo().value())).findFirst().orElseThrow();
        assertEquals("Quầy 3: mã 4821", pending.bindingMessage());
        assertTrue(sandbox.vneid().approveCiba(demo().value()));
        CibaOutcome o = vneid.awaitCiba(r);
        assertEquals(CibaOutcome.Status.APPROVED, o.status());
        VneidLogin login = o.login().orElseThrow();
        assertEquals(demo(), login.identity().idNumber().orElseThrow());
        assertEquals(AssuranceLevel.LEVEL_2, login.level());
        // The auth_req_id is spent: polling it again is refused, not answered twice.
        VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.pollCiba(r));
        assertEquals("vneid.token.invalid_grant", e.errorCode());
    }

    @Test
    void anApprovedPollWhoseAnswerIsLostIsNeverSentAgain() {
        CibaRequest r = vneid.startCiba(demo(), "Quầy 2", AssuranceLevel.LEVEL_2);
        assertTrue(sandbox.vneid().approveCiba(demo().value()));
        // The provider issues the tokens (spending the auth_req_id), then the connection drops.
        sandbox.faults().add("/vneid/token", SandboxFault.resetAfterApply());
        sandbox.faults().resetCounts();
        VneidAuthException lost;
        try {
            lost = assertThrows(VneidAuthException.class, () -> vneid.awaitCiba(r));
            assertEquals(1, sandbox.faults().callsTo("/vneid/token"), "a one-time value is sent once, by no layer again");
        } finally {
            sandbox.faults().clear();
        }
        assertFalse(lost.isRetryable());
        // It was spent: a new poll is refused. The counter starts a new sign-in instead.
        assertEquals("vneid.token.invalid_grant", assertThrows(VneidAuthException.class, () -> vneid.pollCiba(r))
                .errorCode());
    }

    @Test
    void aBackchannelRequestCutInTransitIsNotRepeated() {
        sandbox.faults().add("/vneid/bc-authorize", SandboxFault.resetBeforeApply());
        sandbox.faults().resetCounts();
        try {
            assertThrows(RuntimeException.class, () -> vneid.startCiba(demo(), "Quầy 4", AssuranceLevel.LEVEL_2));
            assertEquals(1, sandbox.faults().callsTo("/vneid/bc-authorize"));
        } finally {
            sandbox.faults().clear();
        }
    }

    @Test
    void denied() {
        CibaRequest r = vneid.startCiba(demo(), "Quầy 1", null);
        assertEquals(CibaOutcome.Status.PENDING, vneid.pollCiba(r).status());
        assertTrue(sandbox.vneid().denyCiba(demo().value()));
        assertEquals(CibaOutcome.Status.DENIED, vneid.awaitCiba(r).status());
    }

    @Test
    void expired() {
        CibaRequest r = vneid.startCiba(demo(), "Quầy 2", AssuranceLevel.LEVEL_1, Duration.ofSeconds(1));
        CibaOutcome o = vneid.awaitCiba(r);
        assertEquals(CibaOutcome.Status.EXPIRED, o.status());
        assertTrue(o.login().isEmpty());
    }

    @Test
    @Requirement(value = "R-9.10.1", side = Side.SDK)
    void slowDownLengthensTheInterval() {
        CibaRequest r = vneid.startCiba(demo(), "Quầy 4", AssuranceLevel.LEVEL_1);
        assertEquals(CibaOutcome.Status.PENDING, vneid.pollCiba(r).status());
        // Polled again at once, faster than the interval: the provider says slow_down.
        CibaOutcome slow = vneid.pollCiba(r);
        assertEquals(CibaOutcome.Status.SLOW_DOWN, slow.status());
        assertEquals(r.interval().plusSeconds(5), slow.request().interval());
        sandbox.vneid().approveCiba(demo().value());
        assertEquals(CibaOutcome.Status.APPROVED, vneid.pollCiba(slow.request()).status());
    }

    @Test
    @Requirement(value = "R-9.4.3", side = Side.SDK)
    void levelPolicyAppliesToCiba() {
        SyntheticCitizen c = sandbox.population().withVneidLevel(1);
        CibaRequest r = vneid.startCiba(PersonalIdNumber.parse(c.idNumber()), "Quầy 5", AssuranceLevel.LEVEL_2);
        sandbox.vneid().approveCiba(c.idNumber());
        InsufficientLevelException e = assertThrows(InsufficientLevelException.class, () -> vneid.awaitCiba(r));
        assertEquals(AssuranceLevel.LEVEL_1, e.actual());
    }

    @Test
    void unknownCitizenAndBadInput() {
        SyntheticCitizen none = sandbox.population().withVneidLevel(0);
        VneidAuthException e = assertThrows(VneidAuthException.class,
                () -> vneid.startCiba(PersonalIdNumber.parse(none.idNumber()), "Quầy 6", null));
        assertEquals("vneid.bc-authorize.unknown_user_id", e.errorCode());
        assertEquals("bindingMessage", assertThrows(InvalidInputException.class,
                () -> vneid.startCiba(demo(), " ", null)).field());
        assertEquals("bindingMessage", assertThrows(InvalidInputException.class,
                () -> vneid.startCiba(demo(), "x".repeat(65), null)).field());
        assertEquals("citizen", assertThrows(InvalidInputException.class,
                () -> vneid.startCiba(null, "Quầy", null)).field());
    }
}
