package vn.ketnoi.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.population.Citizen;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Keeps the benchmarks honest without timing anything: the raw baseline and the SDK, run once each
 * against the sandbox over HTTP, must return the same citizen, and the crypto floor's pieces must
 * fit together. If the protocol changes and the baseline no longer follows it, this fails.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class BaselineSmokeTest {

    private static Target targetFor(KetnoiSandbox sandbox) {
        SandboxAgency a = sandbox.defaultAgency();
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        return new Target(sandbox.baseUri(), a.id(), a.keyId(), a.privateKey(), demo.idNumber(), demo.fullName(),
                demo.birthDate());
    }

    @Test
    void baselineAndSdkReturnTheSameCitizen(KetnoiSandbox sandbox) {
        Target target = targetFor(sandbox);
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        long apiBefore = sandbox.stats().apiRequests();
        try (RawLookup raw = new RawLookup(target); SdkLookup sdk = new SdkLookup(target)) {
            RawLookup.Citizen r = raw.lookup();
            Citizen s = sdk.lookup();
            assertEquals(demo.idNumber(), r.idNumber());
            assertEquals(demo.fullName(), r.fullName());
            assertEquals(demo.birthDate(), r.birthDate());
            assertEquals(demo.sex(), r.sex());
            assertNotNull(r.permanentResidence());
            assertEquals(demo.permanentResidence().text(), r.permanentResidence().text());
            assertTrue(SdkLookup.same(s, r), "the SDK and the baseline must agree field by field");
        }
        // Both went to the provider API: nothing was answered locally.
        assertEquals(2, sandbox.stats().apiRequests() - apiBefore);
    }

    @Test
    void theBaselineReusesItsTokenAndKeys(KetnoiSandbox sandbox) {
        Target target = targetFor(sandbox);
        long tokens = sandbox.stats().tokenRequests();
        long jwks = sandbox.stats().jwksRequests();
        try (RawLookup raw = new RawLookup(target)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(target.idNumber(), raw.lookup().idNumber());
            }
        }
        assertEquals(1, sandbox.stats().tokenRequests() - tokens, "one token for three calls");
        assertEquals(1, sandbox.stats().jwksRequests() - jwks, "the JWKS fetched once and cached");
    }

    @Test
    void theTransportFloorIsOneBareExchange(KetnoiSandbox sandbox) {
        long jwks = sandbox.stats().jwksRequests();
        long api = sandbox.stats().apiRequests();
        try (HttpFloor http = new HttpFloor(targetFor(sandbox))) {
            assertTrue(http.exchange() > 0, "the JWKS has a body");
        }
        assertEquals(1, sandbox.stats().jwksRequests() - jwks);
        assertEquals(0, sandbox.stats().apiRequests() - api, "no signed call");
    }

    @Test
    void theCryptoFloorsPiecesFitTogether() throws Exception {
        // setUp() signs, verifies and binds once and throws if any check fails.
        CryptoFloorBenchmark floor = new CryptoFloorBenchmark();
        floor.setUp();
        assertEquals(Target.DEMO_ID, floor.bindRecord().idNumber());
        assertEquals(Target.DEMO_ID, floor.bindSdkCitizen().idNumber().value());
    }
}
