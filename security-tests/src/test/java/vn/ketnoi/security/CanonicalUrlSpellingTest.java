package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Finding 14 (issue 13), second departure: an agency writes its endpoint as it likes
 * ({@code HTTP://}, an upper-case host, a port with a leading zero, a trailing slash). The request
 * signature's pth and the expected issuer are put in the one
 * canonical form of protocol section 4, so every equivalent spelling signs, authenticates and
 * verifies. Before, the assertion's aud and the expected iss kept the spelling and the provider
 * refused the agency (invalid_client), or the SDK refused the provider (response.binding-mismatch).
 */
@ExtendWith(KetnoiSandboxExtension.class)
class CanonicalUrlSpellingTest {

    /** A configuration built afresh, so every derived URL comes from the endpoint as spelt. */
    private static ClientConfig spelt(String endpoint, SandboxAgency agency) {
        return ClientConfig.builder().endpoint(URI.create(endpoint)).agencyId(agency.id())
                .credentials(AgencyCredentials.of(agency.keyId(), agency.privateKey(), List.of()))
                .proxy(ProxyOptions.none()).build();
    }

    private static void looksUp(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = PopulationClient.create(config)) {
            assertEquals(c.idNumber(), client.lookup(Fixtures.lookupOf(c)).idNumber().value());
        }
    }

    @Test
    @DisplayName("Finding 14: an endpoint spelt HTTP://127.0.0.1:0<port>/ signs, authenticates and verifies")
    void upperCaseSchemeAndLeadingZeroPort(KetnoiSandbox sandbox) {
        int port = sandbox.baseUri().getPort();
        looksUp(sandbox, spelt("HTTP://127.0.0.1:0" + port + "/", sandbox.defaultAgency()));
    }

    @Test
    @DisplayName("Finding 14: an endpoint spelt with an upper-case host signs, authenticates and verifies")
    void upperCaseHost() {
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().host("localhost").populationSize(100).build().start()) {
            assertEquals("localhost", sandbox.baseUri().getHost());
            looksUp(sandbox, spelt("http://LocalHost:" + sandbox.baseUri().getPort(), sandbox.defaultAgency()));
        }
    }
}
