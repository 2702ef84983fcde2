package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;

/**
 * The key id a client sends without naming one, and what it is told when the provider has not
 * registered the one it sent: issue 18's first run, against the running sandbox.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class AgencyKeyIdTest {

    @Test
    void aPkcs12FileWithoutAKeyIdSignsUnderTheThumbprintTheSandboxRegistered(KetnoiSandbox sandbox, ClientConfig config,
            @TempDir Path dir) throws Exception {
        SandboxAgency agency = sandbox.defaultAgency();
        Path p12 = dir.resolve("agency.p12");
        agency.writePkcs12(p12, "throw-away".toCharArray());

        // The alias is the mixed-case thumbprint; Java hands it back lower-cased.
        AgencyCredentials loaded = AgencyCredentials.fromPkcs12(p12, "throw-away".toCharArray(), null, null);

        assertEquals(agency.keyId(), loaded.keyId());
        assertEquals(agency.keyId(), AgencyCredentials.thumbprint(agency.certificateChain().get(0)));
        try (PopulationClient population = PopulationClient.create(config.toBuilder().credentials(loaded).build())) {
            Citizen found = population.lookup(PopulationLookupTest.requestFor(sandbox.population().demoCitizen())
                    .fields(CitizenField.FULL_NAME).build());
            assertTrue(found.fullName().isPresent());
        }
    }

    @Test
    void anUnregisteredKeyIdIsNamedInTheError(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxAgency agency = sandbox.defaultAgency();
        AgencyCredentials wrongKid = AgencyCredentials.of("Agency-Key-2026", agency.privateKey(), List.of());

        try (PopulationClient population = PopulationClient.create(config.toBuilder().credentials(wrongKid).build())) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> population.lookup(
                    PopulationLookupTest.requestFor(sandbox.population().demoCitizen())
                            .fields(CitizenField.FULL_NAME).build()));
            assertEquals("token.invalid_client", e.errorCode());
            assertTrue(e.getMessage().contains("the kid is not registered for this client: 'Agency-Key-2026'"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("[key id sent: 'Agency-Key-2026']"), e.getMessage());
        }
    }

    @Test
    void aKeyIdWithALineBreakIsEscapedInTheError(KetnoiSandbox sandbox, ClientConfig config) {
        AgencyCredentials forged = AgencyCredentials.of("kid\nINFO forged line", sandbox.defaultAgency().privateKey(),
                List.of());

        try (PopulationClient population = PopulationClient.create(config.toBuilder().credentials(forged).build())) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> population.lookup(
                    PopulationLookupTest.requestFor(sandbox.population().demoCitizen())
                            .fields(CitizenField.FULL_NAME).build()));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains("kid\\u000AINFO forged line"), e.getMessage());
        }
    }
}
