package vn.ketnoi.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jwt.JWTClaimsSet;

import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.internal.CitizenMapper;

/**
 * The cryptographic floor of one signed, verified lookup, measured alone on one thread: one ES256
 * request signature, one ES256 response verification (with the section 5 claim checks), and the
 * JSON answer bound to a plain record. The signer and verifier use Bouncy Castle per object with
 * keys translated once to its own classes, the SDK's choice (sdk-core {@code internal/crypto/Jose});
 * the {@code *BcJdkKey} variants show Bouncy Castle handed the JDK's keys (the SDK before), the
 * {@code *SunEc} variants the JDK's default provider. The body is a real sandbox answer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoFloorBenchmark {
    private static final URI LOOKUP = URI.create("http://127.0.0.1:8787/population/v1/citizens/lookup");
    private static final String AGENCY = "VN:GOV:000.00.15.H29";
    private static final String ISSUER = "http://127.0.0.1:8787";

    private ECDSASigner signer;
    private ECDSASigner signerSunEc;
    private ECDSASigner signerJdkKey;
    private JWSVerifier verifierJdkKey;
    private JWSVerifier verifier;
    private JWSVerifier verifierSunEc;
    private JWSHeader requestHeader;
    private byte[] requestBody;
    private byte[] responseBody;
    private String requestSignature;
    private String xri;
    private String token;
    private String responseSignature;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair agency = g.generateKeyPair();
        KeyPair provider = g.generateKeyPair();
        signer = new ECDSASigner(RawLookup.bcKey((ECPrivateKey) agency.getPrivate()));
        signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        signerSunEc = new ECDSASigner((ECPrivateKey) agency.getPrivate());
        ECDSAVerifier v = new ECDSAVerifier(RawLookup.bcKey((ECPublicKey) provider.getPublic()));
        v.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        verifier = v;
        // Before the fix: Bouncy Castle handed the JDK's key objects, converted at every call.
        signerJdkKey = new ECDSASigner((ECPrivateKey) agency.getPrivate());
        signerJdkKey.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        ECDSAVerifier vj = new ECDSAVerifier((ECPublicKey) provider.getPublic());
        vj.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        verifierJdkKey = vj;
        verifierSunEc = new ECDSAVerifier((ECPublicKey) provider.getPublic());
        requestHeader = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("agency-key")
                .type(RawLookup.REQUEST_TYPE).build();

        // A real answer from the sandbox, so the binding works on the bytes the clients see.
        try (SandboxTarget sandbox = SandboxTarget.start(SandboxTarget.Mode.INPROCESS);
             RawLookup raw = new RawLookup(sandbox.target())) {
            responseBody = raw.lookupBody();
        }
        requestBody = ("{\"idNumber\":\"" + Target.DEMO_ID + "\",\"fullName\":\"" + Target.DEMO_NAME
                + "\",\"birthDate\":\"" + Target.DEMO_BIRTH
                + "\",\"fields\":[\"fullName\",\"birthDate\",\"sex\",\"permanentResidence\"]}")
                .getBytes(StandardCharsets.UTF_8);
        xri = UUID.randomUUID().toString();
        token = "x".repeat(43);
        requestSignature = signRequest(signer);
        ECDSASigner providerSigner = new ECDSASigner((ECPrivateKey) provider.getPrivate());
        responseSignature = RawLookup.sign(providerSigner, new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID("provider-key").type(RawLookup.RESPONSE_TYPE).build(), new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AGENCY).issueTime(new Date())
                .claim("xri", xri).claim("rqh", RawLookup.sha256(requestSignature.getBytes(StandardCharsets.US_ASCII)))
                .claim("sts", 200).claim("bdh", RawLookup.sha256(responseBody)).build());
        // Fail fast if the pieces do not fit together.
        floor();
    }

    private String signRequest(ECDSASigner s) {
        return RawLookup.sign(s, requestHeader,
                RawLookup.requestClaims(LOOKUP, requestBody, AGENCY, xri, "VN:canbo.bench", "PUBLIC_SERVICE", token));
    }

    private void verifyResponse(JWSVerifier v) {
        // The signature is made once in setup, so the iat check gets a day's window: a long run
        // must not fail on it. The comparison costs the same whatever the window.
        RawLookup.checkResponse(responseSignature, kid -> v, ISSUER, AGENCY, xri, requestSignature, 200, responseBody,
                86_400_000L);
    }

    /** Sign + verify + bind: the floor the SDK's CPU per call is compared with. */
    @Benchmark
    public Object floor() {
        String sig = signRequest(signer);
        verifyResponse(verifier);
        return new Object[] {sig, RawLookup.bind(responseBody, Target.DEMO_ID)};
    }

    @Benchmark
    public String signEs256Bc() {
        return signRequest(signer);
    }

    @Benchmark
    public void verifyEs256Bc() {
        verifyResponse(verifier);
    }

    /** Bouncy Castle with the JDK's key objects: what the SDK did before translating its keys. */
    @Benchmark
    public String signEs256BcJdkKey() {
        return signRequest(signerJdkKey);
    }

    @Benchmark
    public void verifyEs256BcJdkKey() {
        verifyResponse(verifierJdkKey);
    }

    @Benchmark
    public RawLookup.Citizen bindRecord() {
        return RawLookup.bind(responseBody, Target.DEMO_ID);
    }

    /** The SDK's own binding: typed ID number, partial date, sex, parsed address. For the breakdown. */
    @Benchmark
    public Citizen bindSdkCitizen() throws Exception {
        JsonNode json = Json.mapper().readTree(responseBody);
        return CitizenMapper.toCitizen(json.get("citizen"), Instant.parse(json.get("retrievedAt").asText()));
    }

    @Benchmark
    public String signEs256SunEc() {
        return signRequest(signerSunEc);
    }

    @Benchmark
    public void verifyEs256SunEc() throws JOSEException {
        verifyResponse(verifierSunEc);
    }
}
