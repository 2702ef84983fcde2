package vn.ketnoi.benchmarks;

import java.net.URI;
import java.security.PrivateKey;
import java.util.List;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;

/**
 * Everything a client needs to call a running sandbox: where it is, which agency, which key, and
 * whom to look up. The same values drive the SDK and the raw baseline.
 */
public record Target(URI baseUri, String agencyId, String keyId, PrivateKey key,
                     String idNumber, String fullName, String birthDate) {

    /** The demo citizen every sandbox population holds, whatever its seed. */
    public static final String DEMO_ID = "001089012345";
    public static final String DEMO_NAME = "Nguyễn Văn An";
    public static final String DEMO_BIRTH = "1989-05-12";

    /** The SDK's configuration for this target (the sandbox is on loopback: no proxy). */
    public ClientConfig sdkConfig() {
        return ClientConfig.builder()
                .endpoint(baseUri)
                .agencyId(agencyId)
                .credentials(AgencyCredentials.of(keyId, key, List.of()))
                .proxy(ProxyOptions.none())
                .build();
    }

    @Override
    public String toString() {
        return "Target[" + baseUri + ", agency=" + agencyId + ", kid=" + keyId + "]";
    }
}
