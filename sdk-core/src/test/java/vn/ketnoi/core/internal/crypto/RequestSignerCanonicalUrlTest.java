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
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.pipeline.HttpHeaders;

/**
 * Finding 14 (issue 13), in protocol version 2: the SDK writes pth (the path within the service)
 * and the expected issuer in the canonical form of protocol section 4, and the client assertion's
 * aud is that issuer. The default ports cannot be bound in a test, so this is
 * where {@code :443} and {@code :80} are shown to be left out; the sandbox tests cover the rest over HTTP.
 */
class RequestSignerCanonicalUrlTest {

    private static AgencyCredentials credentials() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return AgencyCredentials.of("k1", g.generateKeyPair().getPrivate(), List.of());
    }

    @Test
    @DisplayName("Finding 14, version 2: pth is canonical whatever the spelling of the endpoint; aud is the issuer")
    void pthAndAudAreCanonical() throws Exception {
        RequestSigner signer = new RequestSigner(credentials(), "VN:GOV:TEST", Clock.systemUTC());
        String pth = CanonicalUrl.within("https://api.example.vn/population/v1",
                "HTTPS://API.Example.VN:443/population/v1/./citizens/%7e%41?q=%7e&b=Ab");
        assertEquals("/citizens/~A?q=%7e&b=Ab", pth);

        String request = signer.signRequest("GET", ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1"), pth,
                HttpHeaders.empty(), new byte[0], "token");
        assertEquals(pth, SignedJWT.parse(request).getJWTClaimsSet().getStringClaim("pth"));

        ClientConfig config = ClientConfig.builder().endpoint(URI.create("http://LOCALHOST:80/"))
                .agencyId("VN:GOV:TEST").credentials(credentials()).build();
        String assertion = signer.clientAssertion(config.providerIssuer());
        assertEquals(List.of("http://localhost"), SignedJWT.parse(assertion).getJWTClaimsSet().getAudience());
    }

    @Test
    @DisplayName("Version 2: a URL outside the service's base URL has no path within it")
    void outsideTheServiceBase() {
        String base = "https://lgsp.example.vn/r1/VN/GOV/X/Y/population/v1";
        assertEquals("/", CanonicalUrl.within(base + "/", base));
        assertEquals("/?a=1", CanonicalUrl.within(base, base + "?a=1"));
        assertEquals("/citizens", CanonicalUrl.within(base, base.toUpperCase().replace("HTTPS://LGSP.EXAMPLE.VN/R1",
                "https://lgsp.example.vn/r1").replace("/POPULATION/V1", "/population/v1") + "/citizens"));
        for (String url : new String[] {base + "x/citizens", base + "/../v2/citizens", "https://other.example.vn/r1/x",
            "https://lgsp.example.vn:8443/r1/VN/GOV/X/Y/population/v1/citizens"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> CanonicalUrl.within(base, url), url);
        }
    }

    @Test
    @DisplayName("Finding 14: the expected issuer is the canonical base URL, whatever the spelling of the endpoint")
    void issuerIsCanonical() throws Exception {
        ClientConfig config = ClientConfig.builder().endpoint(URI.create("HTTPS://API.Example.VN:443/"))
                .agencyId("VN:GOV:TEST").credentials(credentials()).build();
        assertEquals("https://api.example.vn", config.providerIssuer());
    }
}
