package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.exchange.JsonValue;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxChip;
import vn.ketnoi.testkit.SandboxChips.Variant;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Offline or online is one line of the builder: the sandbox's chip-verification service (protocol
 * section 15) gives every chip the verdict the offline verifier gives, and an answer that is not a
 * consistent GENUINE hands out no data.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class OnlineVerificationTest {
    private static final String OPERATOR = "VN:canbo.test";

    static ChipVerifier online(ClientConfig config) {
        return ChipVerifier.builder().online(config, RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
    }

    static SandboxChip chip(KetnoiSandbox sandbox, Variant variant, boolean rsa) {
        return sandbox.chips().chip(ChipVerificationTest.withCard(sandbox), variant, rsa);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    @Requirement(value = "R-15.1", side = Side.PROVIDER)
    void eachChipHasTheSameVerdictOnlineAsOffline(Variant variant, KetnoiSandbox sandbox, ClientConfig config) {
        ChipDump dump = ChipDump.fromJson(chip(sandbox, variant, false).json());
        try (ChipVerifier online = online(config)) {
            ChipVerification there = online.verify(dump);
            ChipVerification here = ChipVerificationTest.verifier(sandbox).verify(dump);

            assertEquals(here.verdict(), there.verdict(), there.reason());
            assertEquals(here.isGenuine(), there.citizen().isPresent(), "the fields only with GENUINE");
            if (here.isGenuine()) {
                assertEquals(here.citizen().orElseThrow().idNumber(), there.citizen().orElseThrow().idNumber());
                assertEquals(here.citizen().orElseThrow().fullName(), there.citizen().orElseThrow().fullName());
                assertEquals(here.mrz().orElseThrow().idNumber(), there.mrz().orElseThrow().idNumber());
            } else {
                assertTrue(there.mrz().isEmpty(), "no data from a chip that is not genuine");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"GENUINE, false, GENUINE", "GENUINE, true, GENUINE", "CLONE, false, CLONE_SUSPECTED",
            "CLONE, true, CLONE_SUSPECTED", "ALTERED_DATA_GROUP, false, DATA_GROUP_ALTERED"})
    void activeAuthenticationOnlineGivesTheOfflineVerdict(Variant variant, boolean rsa, ChipVerdict expected,
                                                         KetnoiSandbox sandbox, ClientConfig config) {
        SandboxChip chip = chip(sandbox, variant, rsa);
        ChipDump dump = ChipDump.fromJson(chip.json());
        ChipVerifier offline = ChipVerificationTest.verifier(sandbox);
        Challenge mine = offline.issueChallenge();
        try (ChipVerifier online = online(config)) {
            Challenge theirs = online.issueChallenge();
            ChipVerification there = online.verify(dump, theirs.bytes(), chip.answer(theirs.bytes()));
            ChipVerification here = offline.verify(dump, mine.bytes(), chip.answer(mine.bytes()));

            assertEquals(expected, here.verdict(), here.reason());
            assertEquals(expected, there.verdict(), there.reason());
            assertEquals(expected == ChipVerdict.GENUINE, there.isActivelyAuthenticated());
        }
    }

    @Test
    @Requirement(value = "R-15.2", side = Side.PROVIDER)
    void aChallengeIsUsedOnceAndOnlyWhereItWasIssued(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxChip chip = chip(sandbox, Variant.GENUINE, false);
        ChipDump dump = ChipDump.fromJson(chip.json());
        try (ChipVerifier online = online(config)) {
            Challenge c = online.issueChallenge();
            byte[] answer = chip.answer(c.bytes());
            assertEquals(ChipVerdict.GENUINE, online.verify(dump, c.bytes(), answer).verdict());

            ChipVerification replayed = online.verify(dump, c.bytes(), answer);
            assertEquals(ChipVerdict.CHALLENGE_REFUSED, replayed.verdict());
            assertTrue(replayed.citizen().isEmpty());

            Challenge madeHere = ChipVerificationTest.verifier(sandbox).issueChallenge();
            assertEquals(ChipVerdict.CHALLENGE_REFUSED,
                    online.verify(dump, madeHere.bytes(), chip.answer(madeHere.bytes())).verdict());

            // Redeemed before the other checks: a failed attempt uses the challenge up.
            Challenge spent = online.issueChallenge();
            ChipDump altered = ChipDump.fromJson(chip(sandbox, Variant.ALTERED_DATA_GROUP, false).json());
            assertEquals(ChipVerdict.DATA_GROUP_ALTERED, online.verify(altered, spent.bytes(),
                    chip.answer(spent.bytes())).verdict());
            assertEquals(ChipVerdict.CHALLENGE_REFUSED, online.verify(dump, spent.bytes(),
                    chip.answer(spent.bytes())).verdict());
        }
    }

    @Test
    @Requirement(value = "R-15.2", side = Side.PROVIDER)
    void aVerificationRetriedAfterALostAnswerDoesNotSpendItsChallengeTwice(KetnoiSandbox sandbox,
                                                                          ClientConfig config) {
        AtomicInteger attempts = new AtomicInteger();
        ClientConfig retrying = config.toBuilder()
                .resilience(ResilienceOptions.builder().maxAttempts(3).backoff(Duration.ofMillis(5), Duration.ofMillis(20))
                        .circuitBreaker(false).build())
                .addNetworkInterceptor(chain -> {
                    if (!chain.request().uri().getPath().endsWith("/verifications")) {
                        return chain.proceed(chain.request());
                    }
                    attempts.incrementAndGet();
                    try {
                        return chain.proceed(chain.request());
                    } finally {
                        sandbox.faults().clear(); // the first answer is lost, the repeat's arrives
                    }
                }).build();
        SandboxChip chip = chip(sandbox, Variant.GENUINE, true);
        try (ChipVerifier online = online(retrying)) {
            Challenge c = online.issueChallenge();
            sandbox.faults().add(ChipVerifier.ONLINE_MOUNT + "/verifications", SandboxFault.resetAfterApply());

            ChipVerification v = online.verify(ChipDump.fromJson(chip.json()), c.bytes(), chip.answer(c.bytes()));

            assertEquals(2, attempts.get(), "the first answer was lost after the challenge was redeemed; one repeat");
            assertEquals(ChipVerdict.GENUINE, v.verdict(), "the repeat gets the first outcome, not CHALLENGE_REFUSED");
            assertTrue(v.isActivelyAuthenticated());
        } finally {
            sandbox.faults().clear();
        }
    }

    @Test
    @Requirement(value = "R-15.1", side = Side.SDK)
    void aVerdictChangedOnThePathIsRefusedAndGivesNoData(KetnoiSandbox sandbox, ClientConfig config) {
        // The attacker on the path turns a refusal into GENUINE; the answer's signature no longer verifies.
        Interceptor forge = chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            if (!chain.request().uri().getPath().endsWith("/verifications")) {
                return r;
            }
            byte[] body = r.bodyAsString().replace("\"DATA_GROUP_ALTERED\"", "\"GENUINE\"")
                    .getBytes(StandardCharsets.UTF_8);
            return new KetnoiResponse(r.status(), r.headers(), body, r.request());
        };
        ClientConfig attacked = config.toBuilder().resilience(ResilienceOptions.builder().maxAttempts(1).build())
                .addNetworkInterceptor(forge).build();
        ChipDump dump = ChipDump.fromJson(chip(sandbox, Variant.ALTERED_DATA_GROUP, false).json());
        try (ChipVerifier online = online(attacked)) {
            ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                    () -> online.verify(dump));
            assertTrue(e.errorCode().startsWith("response."), e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-15.1", side = Side.SDK)
    void anAnswerThatContradictsItselfOrTheDumpIsRefused(KetnoiSandbox sandbox) {
        // A provider's signed answer with these faults cannot be made by the sandbox: the rule is checked on the reader.
        ChipDump dump = ChipDump.fromJson(chip(sandbox, Variant.GENUINE, false).json());
        SyntheticCitizen c = ChipVerificationTest.withCard(sandbox);
        String fields = fieldsOf(c);
        assertEquals(ChipVerdict.GENUINE, read("{\"verdict\":\"GENUINE\",\"reason\":\"ok\",\"activelyAuthenticated\":false,"
                + fields + "}", dump, false).verdict(), "the consistent answer is believed");

        for (String contradiction : new String[] {
                "{\"verdict\":\"GENUINE\",\"reason\":\"ok\",\"activelyAuthenticated\":false}",
                "{\"verdict\":\"GENUINE_ENOUGH\",\"reason\":\"ok\",\"activelyAuthenticated\":false," + fields + "}",
                "{\"verdict\":\"SIGNER_REVOKED\",\"reason\":\"no\",\"activelyAuthenticated\":false," + fields + "}",
                "{\"verdict\":\"GENUINE\",\"reason\":\"ok\",\"activelyAuthenticated\":true," + fields + "}",
                "{\"verdict\":\"GENUINE\",\"reason\":\"ok\",\"activelyAuthenticated\":\"false\"," + fields + "}",
                "{\"verdict\":\"GENUINE\",\"reason\":\"ok\",\"activelyAuthenticated\":false,"
                        + fields.replace(c.idNumber(), "001099000001") + "}"}) {
            ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                    () -> read(contradiction, dump, false));
            assertEquals("response.malformed", e.errorCode());
            assertFalse(e.getMessage().contains(c.idNumber()) || e.getMessage().contains(c.fullName()),
                    "no personal data in the message");
        }
    }

    @Test
    @Requirement(value = "R-15.2", side = Side.SDK)
    void activeAuthenticationIsNotClaimedUnlessItWasAskedForAndAnswered(KetnoiSandbox sandbox) {
        ChipDump dump = ChipDump.fromJson(chip(sandbox, Variant.GENUINE, false).json());
        SyntheticCitizen c = ChipVerificationTest.withCard(sandbox);
        String fields = fieldsOf(c);
        assertThrows(ResponseVerificationException.class, () -> read("{\"verdict\":\"GENUINE\",\"reason\":\"ok\","
                + "\"activelyAuthenticated\":false," + fields + "}", dump, true), "asked for, not done");
        assertTrue(read("{\"verdict\":\"GENUINE\",\"reason\":\"ok\",\"activelyAuthenticated\":true," + fields + "}",
                dump, true).isActivelyAuthenticated());
    }

    @Test
    @Requirement(value = "R-15.1", side = Side.SDK)
    void eachContradictionIsNamedAndFieldsForADumpWithoutDg13AreOne(KetnoiSandbox sandbox) {
        SandboxChip chip = chip(sandbox, Variant.GENUINE, false);
        ChipDump dump = ChipDump.fromJson(chip.json());
        String fields = fieldsOf(ChipVerificationTest.withCard(sandbox));
        String genuine = "{\"verdict\":\"GENUINE\",\"reason\":\"ok\",\"activelyAuthenticated\":";
        assertTrue(assertThrows(ResponseVerificationException.class, () -> read(genuine + "false," + fields + "}", dump, true))
                .getMessage().contains("GENUINE without the active authentication asked for"));
        assertTrue(assertThrows(ResponseVerificationException.class, () -> read(genuine + "true," + fields + "}", dump, false))
                .getMessage().contains("an active authentication that was not asked for"));
        assertTrue(assertThrows(ResponseVerificationException.class, () -> read(genuine + "false,\"citizen\":\"x\"}", dump,
                false)).getMessage().contains("GENUINE without the DG13 fields"));
        assertTrue(assertThrows(ResponseVerificationException.class, () -> read(
                "{\"verdict\":\"CLONE_SUSPECTED\",\"reason\":\"no\",\"activelyAuthenticated\":true}", dump, true))
                .getMessage().contains("carries the card's fields or an active authentication"));

        ChipDump noDg13 = ChipVerificationTest.without(chip, "dg13");
        assertTrue(assertThrows(ResponseVerificationException.class, () -> read(genuine + "false," + fields + "}", noDg13,
                false)).getMessage().contains("DG13 fields for a dump without DG13"));
        ChipVerification v = read(genuine + "false}", noDg13, false);
        assertEquals(ChipVerdict.GENUINE, v.verdict());
        assertTrue(v.citizen().isEmpty() && v.mrz().isPresent(), "the MRZ read here from the DG1 sent");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent(KetnoiSandbox sandbox, ClientConfig config) {
        AtomicInteger sent = new AtomicInteger();
        Interceptor counting = chain -> {
            if (chain.request().uri().getPath().endsWith("/verifications")) {
                sent.incrementAndGet();
            }
            return chain.proceed(chain.request());
        };
        ChipDump dump = ChipDump.fromJson(chip(sandbox, Variant.GENUINE, false).json());
        try (ChipVerifier online = online(config.toBuilder().addNetworkInterceptor(counting).build())) {
            assertEquals("dump", assertThrows(InvalidInputException.class, () -> online.verify(null)).field());
            assertEquals("challenge", assertThrows(InvalidInputException.class,
                    () -> online.verify(dump, new byte[7], new byte[64])).field());
            assertEquals("signature", assertThrows(InvalidInputException.class,
                    () -> online.verify(dump, new byte[8], new byte[0])).field());
            assertEquals("activeAuthentication", assertThrows(InvalidInputException.class,
                    () -> online.verify(dump, null, new byte[64])).field());
            assertEquals(0, sent.get());
        }
        assertEquals("chip.online", assertThrows(InvalidInputException.class, () -> ChipVerifier.builder()
                .online(config, RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR))
                .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).build()).build())
                .field(), "offline or online, not both");
        assertEquals("context", assertThrows(InvalidInputException.class,
                () -> ChipVerifier.builder().online(config, null)).field());
    }

    @Test
    void anAgencyNotGrantedChipVerificationIsRefusedItsToken(KetnoiSandbox sandbox) {
        ChipDump dump = ChipDump.fromJson(chip(sandbox, Variant.GENUINE, false).json());
        try (ChipVerifier limited = online(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> limited.verify(dump));
            assertEquals("token.invalid_scope", e.errorCode());
        }
    }

    /** The DG13 fields of the citizen's genuine chip, as the service names them (the two the SDK compares). */
    private static String fieldsOf(SyntheticCitizen c) {
        return "\"citizen\":{\"idNumber\":\"" + c.idNumber() + "\",\"fullName\":\"" + c.fullName() + "\"}";
    }

    private static ChipVerification read(String answer, ChipDump dump, boolean active) {
        return OnlineVerifier.read(JsonValue.parse(answer), 200, "req-1", dump, active);
    }
}
