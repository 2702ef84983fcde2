package vn.ketnoi.core.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.pipeline.HttpHeaders;

/**
 * Finding 14 (issue 13): the SDK writes htu, the client assertion's aud and the expected issuer in
 * the canonical form of protocol section 4. The default ports cannot be bound in a test, so this is
 * where {@code :443} and {@code :80} are shown to be left out; the sandbox tests cover the rest over HTTP.
 */
class RequestSignerCanonicalUrlTest {

    private static AgencyCredentials credentials() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return AgencyCredentials.of("k1", g.generateKeyPair().getPrivate(), List.of());
    }

    @Test
    @DisplayName("Finding 14: htu and aud are canonical whatever the spelling of the endpoint")
    void htuAndAudAreCanonical() throws Exception {
        RequestSigner signer = new RequestSigner(credentials(), "VN:GOV:TEST", Clock.systemUTC());

        String request = signer.signRequest("GET",
                URI.create("HTTPS://API.Example.VN:443/population/v1/./citizens/%7e%41?q=%7e&b=Ab"),
                HttpHeaders.empty(), new byte[0], "token");
        assertEquals("https://api.example.vn/population/v1/citizens/~A?q=%7e&b=Ab",
                SignedJWT.parse(request).getJWTClaimsSet().getStringClaim("htu"));

        String assertion = signer.clientAssertion(URI.create("http://LOCALHOST:80/oauth2/token"));
        assertEquals(List.of("http://localhost/oauth2/token"), SignedJWT.parse(assertion).getJWTClaimsSet().getAudience());
    }

    @Test
    @DisplayName("Finding 14: the expected issuer is the canonical base URL, whatever the spelling of the endpoint")
    void issuerIsCanonical() throws Exception {
        ClientConfig config = ClientConfig.builder().endpoint(URI.create("HTTPS://API.Example.VN:443/"))
                .agencyId("VN:GOV:TEST").credentials(credentials()).build();
        assertEquals("https://api.example.vn", config.providerIssuer());
    }
}
