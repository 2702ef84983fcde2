package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Finding 14 (issue 13), first departure: a request that leaves with two {@code Ketnoi-Signature}
 * headers (a proxy or a careless interceptor added one) is refused by the provider with a signed
 * {@code signature.missing}, bound by {@code rqh} to the empty string as section 5 says. The SDK
 * must check that answer against the same empty string, and so hand the caller the provider's
 * typed refusal, not a {@code response.binding-mismatch} of its own.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class DoubledRequestSignatureTest {

    @Test
    @DisplayName("Finding 14: with two request signatures the caller gets the provider's signed signature.missing")
    @Requirement(value = "R-5.1", side = Side.SDK)
    void aSecondSignatureHeaderGivesTheProvidersTypedRefusal(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor doubling = Fixtures.onApiCalls(chain -> {
            KetnoiRequest r = chain.request();
            String sent = r.headers().first("Ketnoi-Signature").orElseThrow();
            return chain.proceed(r.toBuilder().addHeader("Ketnoi-Signature", sent).build());
        });
        try (PopulationClient client = Fixtures.clientWith(config, doubling)) {
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class,
                    () -> client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving())));
            assertEquals("signature.missing", e.errorCode());
            assertEquals(401, e.statusCode());
        }
    }
}
