package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.audit.AuditEvent;
import vn.ketnoi.core.audit.SubjectHasher;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * On whose behalf and why each call is made, against the running sandbox over HTTP: a request
 * without a context of its own is made in the client's default; a request's own context replaces
 * the default as a whole, on the wire (what the sandbox received and verified under the request
 * signature) and in the audit trail; and a call with neither is refused before anything is sent.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class RequestContextTest {
    /** A portal's default: a system account, a standing case number. */
    static final RequestContext PORTAL = RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:system.portal")
            .withCaseNumber("HS-PORTAL-1");
    /** An officer acting on a request of their own: another purpose, no case number. */
    static final RequestContext OFFICER = RequestContext.of(Purpose.IDENTITY_VERIFICATION, "VN:canbo.an");
    private static final SubjectHasher HASHER = SubjectHasher.hmacSha256(
            "a test audit key of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8));

    /** The context headers of one request as it left for the network. */
    record Sent(String operatorId, String purpose, String caseNumber) {
    }

    /** What a client sent and recorded. */
    static final class Recorded {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

        ClientConfig.Builder on(ClientConfig config) {
            return config.toBuilder().audit(audit::add, HASHER).addNetworkInterceptor(chain -> {
                var h = chain.request().headers();
                h.first("X-Road-UserId").ifPresent(operator -> sent.add(new Sent(operator,
                        h.first("Ketnoi-Purpose").orElse(null), h.first("X-Road-Issue").orElse(null))));
                return chain.proceed(chain.request());
            });
        }

        /** A client with the portal's default context that records here. */
        PopulationClient portal(ClientConfig config) {
            return PopulationClient.builder(on(config).build()).context(PORTAL).build();
        }

        void contextWas(RequestContext expected) {
            Sent want = new Sent(expected.operatorId(), expected.purpose().code(), expected.caseNumber().orElse(null));
            assertEquals(List.of(want), sent, "the headers sent");
            assertEquals(1, audit.size());
            AuditEvent e = audit.get(0);
            assertEquals(want, new Sent(e.operatorId(), e.purpose(), e.caseNumber()), "the audit event");
            sent.clear();
            audit.clear();
        }
    }

    static LookupRequest.Builder lookupOf(SyntheticCitizen c) {
        return LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .fields(CitizenField.SEX);
    }

    @Test
    @Requirement(value = "R-3.1", side = Side.SDK)
    void aRequestWithoutAContextIsMadeInTheClientsDefault(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        long issues = sandbox.stats().requestsCarrying("X-Road-Issue");
        Recorded r = new Recorded();
        try (PopulationClient population = r.portal(config)) {
            population.lookup(lookupOf(c).build());
            r.contextWas(PORTAL);
            population.verify(VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).build());
            r.contextWas(PORTAL);
        }
        assertEquals(issues + 2, sandbox.stats().requestsCarrying("X-Road-Issue"),
                "the default's case number reached the provider with each call");
    }

    @Test
    @Requirement(value = "R-3.1", side = Side.SDK)
    void aRequestsOwnContextReplacesTheDefaultAsAWhole(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        Recorded r = new Recorded();
        long issues = sandbox.stats().requestsCarrying("X-Road-Issue");
        try (PopulationClient population = r.portal(config)) {
            population.lookup(lookupOf(c).context(OFFICER).build());
            // The officer's context has no case number: none is borrowed from the default.
            r.contextWas(OFFICER);
            assertEquals(issues, sandbox.stats().requestsCarrying("X-Road-Issue"), "no case number reached the provider");

            RequestContext withCase = OFFICER.withCaseNumber("HS-2026/0042");
            population.household(HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).context(withCase).build());
            r.contextWas(withCase);
            assertEquals(issues + 1, sandbox.stats().requestsCarrying("X-Road-Issue"));

            // The same for the operations without a request object: the feed takes its context.
            population.changeFeed(OFFICER).read(ChangeCursor.beginning(), 1);
            assertEquals(new Sent(OFFICER.operatorId(), OFFICER.purpose().code(), null), r.sent.get(0));
        }
    }

    @Test
    @Requirement(value = "R-3.1", side = Side.SDK)
    void aCallWithNeitherIsRefusedBeforeAnythingIsSent(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        Recorded r = new Recorded();
        long before = sandbox.stats().apiRequests();
        try (PopulationClient population = PopulationClient.create(r.on(config).build())) {
            LookupRequest request = lookupOf(c).build();   // complete without a context: a default could apply
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> population.lookup(request));
            assertEquals("context", e.field());
            assertEquals("input.invalid", e.errorCode());
            CompletionException async = assertThrows(CompletionException.class,
                    () -> population.lookupAsync(request).join());
            assertEquals("context", assertInstanceOf(InvalidInputException.class, async.getCause()).field());
            assertEquals("context", assertThrows(InvalidInputException.class,
                    () -> population.push(PushBatch.builder().add(FieldPush.of(
                            vn.ketnoi.core.identity.PersonalIdNumber.parse(c.idNumber()),
                            SourceField.HEALTH_INSURANCE_NUMBER, "DN4010123456789", java.time.Instant.now()))
                            .build())).field());

            // With a context of its own, the same request goes.
            population.lookup(lookupOf(c).context(OFFICER).build());
        }
        assertEquals(before + 1, sandbox.stats().apiRequests(), "only the call with a context reached the provider");
        assertEquals(1, r.sent.size());
        assertEquals(1, r.audit.size(), "a refused call is not a call: nothing to audit");
    }

    @Test
    void theExtensionsClientsCarryItsContextByDefault(KetnoiSandbox sandbox, PopulationClient population) {
        Citizen found = population.lookup(lookupOf(sandbox.population().anyLiving()).build());
        assertTrue(found.sex().isPresent());
        assertEquals(RequestContext.of(Purpose.PUBLIC_SERVICE, KetnoiSandboxExtension.OPERATOR_ID),
                KetnoiSandboxExtension.CONTEXT);
    }
}
