package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.MockedConstruction;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.vneid.edocuments.internal.DocumentJws;
import vn.ketnoi.vneid.edocuments.internal.ProviderSigned;

/**
 * What the verifier does with a status the protocol does not define, which the sandbox never
 * signs: the provider's list is replaced at the constructor of {@link ProviderSigned} (its
 * signature check is tested over HTTP elsewhere). The document and its certificate are real.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class DocumentVerifierStatusTest {

    @Test
    @DisplayName("Finding 3: a status the verifier does not know is not VALID")
    void anUnknownStatusIsNotValid(KetnoiSandbox sandbox, ClientConfig config) {
        String agency = sandbox.defaultAgency().id();
        AgencyCredentials key = sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency());
        String document = Forger.sign(key, Forger.licence(agency, EdocumentsClientTest.level2(sandbox), "GPLX-UNKNOWN-1", 1,
                Instant.now().minus(Duration.ofHours(1))));
        long iat = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"" + config.providerIssuer() + "\",\"agency\":\"" + agency + "\",\"iat\":" + iat
                + ",\"exp\":" + (iat + 300) + ",\"documents\":{\"GPLX-UNKNOWN-1\":{\"status\":\"QUARANTINED\",\"version\":1,"
                + "\"digest\":\"" + DocumentJws.digest(document) + "\"}}}";
        KetnoiResponse answer = new KetnoiResponse(200, HttpHeaders.empty(), "x.y.z".getBytes(StandardCharsets.US_ASCII),
                KetnoiRequest.builder("GET", URI.create(config.endpoint() + "/edocuments/v1/status-lists/x")).build());
        try (MockedConstruction<ProviderSigned> provider = mockConstruction(ProviderSigned.class, (mock, context) -> {
            when(mock.config()).thenReturn(config);
            when(mock.clock()).thenReturn(Clock.systemUTC());
            when(mock.get(any(), anyString(), anyString())).thenReturn(answer);
            when(mock.verify(anyString(), anyString())).thenReturn(claims.getBytes(StandardCharsets.UTF_8));
        }); DocumentVerifier verifier = DocumentVerifier.builder(config).trustAnchors(sandbox.wallet().trustAnchors())
                .statusListMaxAge(Duration.ZERO).build()) {
            VerificationResult r = verifier.verify(document);
            assertEquals(Verdict.STATUS_UNAVAILABLE, r.verdict(), r.reason());
        }
    }
}
