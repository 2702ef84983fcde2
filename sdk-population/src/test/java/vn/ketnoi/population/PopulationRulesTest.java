package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.SignedJWT;

import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Rules of section 8 the other population tests leave out, from the SDK's side: what the SDK
 * sends is refused or answered as the text says, and it reports that to the caller as it says.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class PopulationRulesTest {

    private static final String OPERATOR = "VN:canbo.test";

    @Test
    @Requirement(value = "R-8.4.1", side = Side.SDK)
    void aConsentTokenNotSignedByTheProviderUnlocksNothing(KetnoiSandbox sandbox, PopulationClient population)
            throws Exception {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.phone() != null).orElseThrow();
        String genuine = sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, c.idNumber(), Set.of("phone"),
                Duration.ofMinutes(5));
        // The same claims under the provider's kid, signed by a key of the agency's own making.
        SignedJWT original = SignedJWT.parse(genuine);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(original.getHeader().getKeyID())
                .type(new JOSEObjectType("ketnoi-consent+jwt")).build(), original.getJWTClaimsSet());
        forged.sign(new ECDSASigner((ECPrivateKey) g.generateKeyPair().getPrivate()));
        LookupRequest.Builder request = PopulationLookupTest.requestFor(c).fields(CitizenField.PHONE);

        assertEquals(c.phone(), population.lookup(request.consentToken(genuine).build()).phone().orElseThrow());
        ConsentRequiredException e = assertThrows(ConsentRequiredException.class,
                () -> population.lookup(request.consentToken(forged.serialize()).build()));
        assertEquals("phone", e.fieldErrors().get(0).field());
    }

    @Test
    @Requirement(value = "R-8.7.2", side = Side.SDK)
    void aBatchAskingForAFieldOutsideTheGrantFailsAsAWhole(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class, () -> limited.batch(
                    BatchRequest.lookup(CitizenField.SEX, CitizenField.PHONE).context(RequestContext.of(Purpose.STATISTICS, OPERATOR)).build(),
                    List.of(BatchRecord.of("a1", c.idNumber(), c.fullName(), c.birthDate()))));
            assertEquals(List.of("phone"), e.fieldErrors().stream().map(f -> f.field()).toList());
        }
    }

    @Test
    @Requirement(value = "R-8.6.2", side = Side.SDK)
    void householdMembersCarryOnlyWhatTheGrantCovers() {
        String id = "VN:GOV:000.00.02.H02";
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(300)
                .addAgency(id, SandboxAgency.ES256, Set.of("household", "sex")).build().start();
             PopulationClient client = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.agency(id)))) {
            SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.householdId() != null
                    && x.hasFullBirthDate()).orElseThrow();
            Household h = client.household(HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build());
            assertTrue(h.residence().isEmpty(), "no residence without the grant of permanentResidence");
            assertTrue(!h.members().isEmpty());
            for (HouseholdMember m : h.members()) {
                assertTrue(m.fullName().isEmpty(), "no name without the grant of fullName");
                assertTrue(m.relationshipToHead() != null && m.idNumber() != null);
            }
        }
    }

    @Test
    @Requirement(value = "R-8.9.1", side = Side.SDK)
    void readingPastTheLastEventGivesAnEmptyPageAndTheSameCursor(PopulationClient population) {
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
        Paginator.Page<ChangeEvent> page = feed.read(ChangeCursor.beginning(), 1000);
        while (page.hasMore()) {
            page = feed.read(ChangeCursor.after(page), 1000);
        }
        Paginator.Page<ChangeEvent> empty = feed.read(ChangeCursor.after(page), 10);
        assertTrue(empty.items().isEmpty());
        assertEquals(ChangeCursor.after(page), ChangeCursor.after(empty));
    }

    @Test
    @Requirement(value = {"R-8.10.2", "R-8.10.3", "R-8.10.5"}, side = Side.SDK)
    void notificationsWithAForbiddenAlgorithmAnUnknownKeyOrForAnotherAgencyAreRefused(KetnoiSandbox sandbox,
            PopulationClient population) throws Exception {
        BlockingQueue<ChangeFeedTest.Received> inbox = new LinkedBlockingQueue<>();
        HttpServer server = ChangeFeedTest.receiver(inbox);
        try {
            // Addressed to the limited agency: the default agency's verifier must not accept it.
            sandbox.registerNotificationEndpoint(KetnoiSandbox.LIMITED_AGENCY_ID,
                    URI.create("http://127.0.0.1:" + server.getLocalPort() + "/n"));
            sandbox.appendChange("DEATH", sandbox.population().anyLiving());
            ChangeFeedTest.Received r = inbox.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "the sandbox pushed a notification");
            String sig = r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(
                    "Ketnoi-Notification-Signature")).findFirst().orElseThrow().getValue().get(0);

            assertEquals(NotificationRejectedException.Check.BINDING_MISMATCH, assertThrows(
                    NotificationRejectedException.class, () -> population.notificationVerifier()
                            .verify(r.headers(), r.body())).check());

            String[] parts = sig.split("\\.");
            String hmacHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"alg\":\"HS256\",\"kid\":\"" + SignedJWT.parse(sig).getHeader().getKeyID()
                            + "\",\"typ\":\"ketnoi-notification+jwt\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(NotificationRejectedException.Check.ALGORITHM_NOT_ALLOWED, assertThrows(
                    NotificationRejectedException.class, () -> population.notificationVerifier().verify(
                            Map.of("Ketnoi-Notification-Signature", List.of(hmacHeader + "." + parts[1] + "." + parts[2])),
                            r.body())).check());

            SignedJWT original = SignedJWT.parse(sig);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("not-published")
                    .type(original.getHeader().getType()).build(), original.getJWTClaimsSet());
            unknownKid.sign(new ECDSASigner((ECPrivateKey) g.generateKeyPair().getPrivate()));
            assertEquals(NotificationRejectedException.Check.UNKNOWN_KEY, assertThrows(
                    NotificationRejectedException.class, () -> population.notificationVerifier().verify(
                            Map.of("Ketnoi-Notification-Signature", List.of(unknownKid.serialize())), r.body())).check());
        } finally {
            sandbox.registerNotificationEndpoint(KetnoiSandbox.LIMITED_AGENCY_ID, null);
            server.close(CloseMode.IMMEDIATE);
        }
    }

    // ---- consent claims only the provider's key can mint ----

    @Test
    @Requirement(value = {"R-8.4.2", "R-8.4.6"}, side = Side.SDK)
    void aConsentTokenFromAnotherIssuerOrIssuedAheadUnlocksNothing(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.phone() != null).orElseThrow();
        long now = java.time.Instant.now().getEpochSecond();
        for (Map.Entry<String, Object> spoil : Map.<String, Object>of("iss", "https://another-provider.example",
                "iat", now + 120).entrySet()) {
            Map<String, Object> claims = new java.util.LinkedHashMap<>();
            claims.put("iss", sandbox.issuer());
            claims.put("aud", KetnoiSandbox.DEFAULT_AGENCY_ID);
            claims.put("sub", c.idNumber());
            claims.put("fields", List.of("phone"));
            claims.put("iat", now);
            claims.put("exp", now + 300);
            claims.put("jti", "consent-" + spoil.getKey());
            claims.put(spoil.getKey(), spoil.getValue());
            String token = sandbox.signAsProvider("ketnoi-consent+jwt", claims);
            ConsentRequiredException e = assertThrows(ConsentRequiredException.class, () -> population.lookup(
                    PopulationLookupTest.requestFor(c).fields(CitizenField.PHONE).consentToken(token).build()));
            assertEquals("phone", e.fieldErrors().get(0).field(), spoil.getKey());
        }
    }

    // ---- section 7: what a provider may add within a major version ----

    /** Rewrites each API answer's body and signs it again with the provider's own key: a provider of a later minor version. */
    private static vn.ketnoi.core.pipeline.Interceptor laterProvider(KetnoiSandbox sandbox,
            java.util.function.UnaryOperator<String> body) {
        return chain -> {
            vn.ketnoi.core.pipeline.KetnoiResponse r = chain.proceed(chain.request());
            if (!chain.request().uri().getPath().contains("/population/v1/")) {
                return r;
            }
            try {
                byte[] changed = body.apply(new String(r.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                if (java.util.Arrays.equals(changed, r.body())) {
                    throw new AssertionError("the rewrite did not apply: the test would prove nothing");
                }
                Map<String, Object> claims = new java.util.LinkedHashMap<>(SignedJWT.parse(
                        r.headers().first("Ketnoi-Signature").orElseThrow()).getPayload().toJSONObject());
                claims.put("bdh", Base64.getUrlEncoder().withoutPadding().encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(changed)));
                String sig = sandbox.signAsProvider("ketnoi-response+jwt", claims);
                return new vn.ketnoi.core.pipeline.KetnoiResponse(r.status(),
                        r.headers().toBuilder().set("Ketnoi-Signature", sig).build(), changed, r.request());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    @Requirement(value = "R-7.1", side = Side.SDK)
    void unknownResponseMembersAreIgnored(KetnoiSandbox sandbox, vn.ketnoi.core.ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(laterProvider(
                sandbox, b -> b.replaceFirst("\\{\"citizen\":\\{", "{\"servedBy\":{\"node\":7},\"citizen\":{\"eyeColour\":\"BROWN\","))).build())) {
            Citizen found = client.lookup(PopulationLookupTest.requestFor(c).fields(CitizenField.SEX, CitizenField.FULL_NAME).build());
            assertEquals(c.fullName(), found.fullName().orElseThrow());
            assertEquals(c.sex(), found.sex().orElseThrow().name());
        }
    }

    @Test
    @Requirement(value = "R-7.2", side = Side.SDK)
    void unknownEnumValuesAndErrorCodesAreTolerated(KetnoiSandbox sandbox, vn.ketnoi.core.ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(laterProvider(
                sandbox, b -> b.replaceFirst("\"sex\":\"(MALE|FEMALE)\"", "\"sex\":\"NOT_STATED\"")
                        .replace("population.identity-mismatch", "population.record-sealed"))).build())) {
            // An unknown value of an enum does not fail the answer: the rest of the citizen is there.
            Citizen found = client.lookup(PopulationLookupTest.requestFor(c).fields(CitizenField.SEX, CitizenField.FULL_NAME).build());
            assertEquals(c.fullName(), found.fullName().orElseThrow());
            // An unknown code comes through as what it is, not as a failure to read the answer.
            vn.ketnoi.core.exception.KetnoiServiceException e = assertThrows(
                    vn.ketnoi.core.exception.KetnoiServiceException.class, () -> client.lookup(PopulationLookupTest
                            .requestFor(c).fullName(c.fullName() + " Khác").fields(CitizenField.SEX).build()));
            assertEquals("population.record-sealed", e.errorCode());
        }
    }

    // ---- section 8.8: jobs ----

    record Sent(String method, String path, byte[] body, long at, String retryAfter) {
    }

    private static vn.ketnoi.core.pipeline.Interceptor jobRecorder(List<Sent> sent) {
        return chain -> {
            KetnoiRequestView r = new KetnoiRequestView(chain.request());
            if (!r.path().contains("/population/v1/jobs")) {
                return chain.proceed(chain.request());
            }
            long at = System.nanoTime();
            try {
                vn.ketnoi.core.pipeline.KetnoiResponse response = chain.proceed(chain.request());
                sent.add(new Sent(r.method(), r.path(), r.body(), at, response.headers().first("Retry-After").orElse(null)));
                return response;
            } catch (RuntimeException e) {
                sent.add(new Sent(r.method(), r.path(), r.body(), at, null));
                throw e;
            }
        };
    }

    private record KetnoiRequestView(vn.ketnoi.core.pipeline.KetnoiRequest r) {
        String path() {
            return r.uri().getPath();
        }

        String method() {
            return r.method();
        }

        byte[] body() {
            return r.body() == null ? new byte[0] : r.body();
        }
    }

    private static int chunkOf(byte[] body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"chunk\"\\s*:\\s*(\\d+)")
                .matcher(new String(body, StandardCharsets.UTF_8));
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    @Test
    @Requirement(value = {"R-8.8.1", "R-8.8.2", "R-8.8.3"}, side = Side.SDK)
    void aJobUploadsChunksInOrderResendsALostOneUnchangedAndSubmitsTheCount(KetnoiSandbox sandbox,
            vn.ketnoi.core.ClientConfig config) {
        List<Sent> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        long total = 2_500;
        sandbox.faults().seed(13).add("/population/v1/jobs/", vn.ketnoi.testkit.SandboxFault.resetAfterApply().rate(0.4));
        JobStatus status;
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(jobRecorder(sent)).build())) {
            JobHandle job = client.submitJob(BatchJobTest.LOOKUP, BatchJobTest.records(sandbox.population().citizens(), total));
            sandbox.faults().clear();
            status = job.awaitCompletion(java.time.Duration.ofMinutes(2));
        } finally {
            sandbox.faults().clear();
        }
        assertEquals(total, status.receivedRecords(), "every record stored once");
        List<Sent> chunks = sent.stream().filter(x -> x.path().endsWith("/records")).toList();
        int expected = 0;
        byte[] last = null;
        boolean resent = false;
        for (Sent c : chunks) {
            int n = chunkOf(c.body());
            if (n == expected - 1) {
                assertTrue(java.util.Arrays.equals(last, c.body()), "a chunk is resent unchanged");
                resent = true;
            } else {
                assertEquals(expected, n, "chunks go in order from 0");
                expected++;
            }
            last = c.body();
        }
        assertEquals(3, expected);
        assertTrue(resent || sandbox.faults().injected().isEmpty(), "a lost answer was resent: " + chunks.size());
        Sent submit = sent.stream().filter(x -> x.path().endsWith("/submit")).findFirst().orElseThrow();
        assertTrue(new String(submit.body(), StandardCharsets.UTF_8).replace(" ", "").contains("\"totalRecords\":" + total));
    }

    @Test
    @Requirement(value = "R-8.8.4", side = Side.SDK)
    @org.junit.jupiter.api.DisplayName("Section 8.8: the first poll waits out the submit answer's Retry-After, as every later one does")
    void aJobIsPolledNoMoreOftenThanRetryAfterSays(KetnoiSandbox sandbox, vn.ketnoi.core.ClientConfig config) {
        List<Sent> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(jobRecorder(sent)).build())) {
            JobHandle job = client.submitJob(BatchJobTest.LOOKUP, BatchJobTest.records(sandbox.population().citizens(), 3_000));
            assertTrue(job.awaitCompletion(java.time.Duration.ofMinutes(2)).isFinished());
        }
        List<Sent> polls = sent.stream().filter(x -> x.method().equals("GET") || x.path().endsWith("/submit")).toList();
        for (int i = 1; i < polls.size(); i++) {
            String asked = polls.get(i - 1).retryAfter();
            if (asked != null) {
                long waitedMs = (polls.get(i).at() - polls.get(i - 1).at()) / 1_000_000;
                assertTrue(waitedMs >= Long.parseLong(asked) * 1000 - 20, "polled after " + waitedMs + " ms, asked " + asked + " s");
            }
        }
    }

    @Test
    @Requirement(value = "R-8.8.5", side = Side.SDK)
    void resultsAskedForBeforeTheJobFinishedAreARetryableJobNotFinished(KetnoiSandbox sandbox,
            vn.ketnoi.core.ClientConfig config) {
        try (PopulationClient client = PopulationClient.create(config)) {
            JobHandle job = client.submitJob(BatchJobTest.LOOKUP, BatchJobTest.records(sandbox.population().citizens(), 3_000));
            vn.ketnoi.core.exception.KetnoiServiceException e = assertThrows(
                    vn.ketnoi.core.exception.KetnoiServiceException.class, () -> job.results().stream().findFirst());
            assertEquals("population.job-not-finished", e.errorCode());
            assertEquals(409, e.statusCode());
            assertTrue(e.isRetryable(), "the provider says a later read may succeed");
            // Once finished, the same handle reads them.
            assertTrue(job.awaitCompletion(java.time.Duration.ofMinutes(2)).isFinished());
            assertEquals(3_000, job.results().stream().count());
        }
    }

    @Test
    @Requirement(value = "R-8.9.5", side = Side.SDK)
    void aCursorOlderThanTheRetainedHistoryIsReportedAsExpired() {
        try (KetnoiSandbox own = KetnoiSandbox.builder().populationSize(200).build().start();
             PopulationClient client = PopulationClient.create(SandboxClients.configFor(own))) {
            ChangeFeed feed = client.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
            Paginator.Page<ChangeEvent> page = feed.read(ChangeCursor.beginning(), 10);
            own.forgetOldestChanges(50);
            vn.ketnoi.core.exception.KetnoiServiceException e = assertThrows(
                    vn.ketnoi.core.exception.KetnoiServiceException.class, () -> feed.read(ChangeCursor.after(page), 10));
            assertEquals("population.cursor-expired", e.errorCode());
            assertEquals(410, e.statusCode());
            assertTrue(!e.isRetryable(), "the agency resynchronises by lookup instead");
        }
    }
}
