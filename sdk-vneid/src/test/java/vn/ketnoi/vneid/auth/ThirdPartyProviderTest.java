package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Sign-in against an independent, certified OpenID Provider configured like a national IdP: the
 * sandbox's third-party mode ({@code SandboxIdentityProvider#setThirdPartyMode}). Claims come only
 * from userinfo and only by scope, a level-1 login states no {@code acr}, the account level is in
 * userinfo, only ID tokens are encrypted, and the levels are called {@code LoA1} and {@code LoA2}.
 * Each test also says what the national mode does, where it differs.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ThirdPartyProviderTest {
    private static final URI CALLBACK = VneidLoginTest.CALLBACK;
    private final LoginPageDriver browser = new LoginPageDriver();
    private final KetnoiSandbox sandbox;
    private final ClientConfig config;

    ThirdPartyProviderTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.config = config;
        sandbox.vneid().setThirdPartyMode(true);
    }

    @AfterEach
    void nationalAgain() {
        sandbox.vneid().setThirdPartyMode(false);
        sandbox.vneid().setAcrValuesSupported(null);
        sandbox.vneid().setCibaInterval(Duration.ofSeconds(5));
    }

    private VneidAuthClient client(VneidAuthConfig.Builder b) {
        return VneidAuthClient.create(b.redirectUri(CALLBACK).build());
    }

    private VneidLogin signIn(VneidAuthClient vneid, LoginOptions options, String idNumber, int level) {
        LoginRequest start = vneid.startLogin(options);
        return vneid.completeLogin(start.state(), browser.callback(start.authorizationUri(), idNumber, level));
    }

    @Test
    void aLevelOneLoginWithoutAcrReadsItsLevelAndIdentityFromUserinfo() {
        SyntheticCitizen c = sandbox.population().withVneidLevel(1);
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            VneidLogin login = signIn(vneid, LoginOptions.defaults(), c.idNumber(), 1);
            // The default scopes, as the provider lists them, so that userinfo releases the claims.
            assertEquals("openid profile citizen", sandbox.vneid().lastPushedRequest().get("scope"));
            assertEquals(AssuranceLevel.LEVEL_1, login.level(), "the account level userinfo states");
            assertEquals(c.idNumber(), login.identity().idNumber().orElseThrow().value());
            assertEquals(c.fullName(), login.identity().fullName().orElseThrow());
            assertEquals(AssuranceLevel.LEVEL_1, login.identity().accountLevel().orElseThrow());
        }
    }

    @Test
    void theAccountLevelInUserinfoDoesNotMeetALevelTwoPolicy() {
        SyntheticCitizen c = sandbox.population().withVneidLevel(1);
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).minimumLevel(AssuranceLevel.LEVEL_2))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), c.idNumber(), 1);
            InsufficientLevelException e = assertThrows(InsufficientLevelException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertEquals(AssuranceLevel.LEVEL_1, e.actual());
            assertEquals(AssuranceLevel.LEVEL_2, e.required());
        }
    }

    @Test
    void noLevelAtAllPassesAtLevelOneAndFailsClosedAtLevelTwo() {
        // Without the citizen scope the provider states no account level; a level-1 login has no acr.
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).scopes(List.of("profile")))) {
            VneidLogin login = signIn(vneid, LoginOptions.defaults(), demo.idNumber(), 1);
            assertEquals(AssuranceLevel.LEVEL_1, login.level(), "every account is at least level 1");
            assertEquals(demo.fullName(), login.identity().fullName().orElseThrow());
            assertTrue(login.identity().idNumber().isEmpty(), "no citizen scope, no ID number");
        }
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).scopes(List.of("profile"))
                .minimumLevel(AssuranceLevel.LEVEL_2))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            InsufficientLevelException e = assertThrows(InsufficientLevelException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertNull(e.actual());
            assertEquals("vneid.level-insufficient", e.errorCode());
            assertTrue(e.getMessage().contains("no acr in the ID token and no accountLevel in it or in userinfo"),
                    e.getMessage());
        }
    }

    @Test
    void acrValuesAreSentInTheProvidersOwnWords() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            VneidLogin login = signIn(vneid, LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build(),
                    demo.idNumber(), 2);
            assertEquals("LoA2", sandbox.vneid().lastPushedRequest().get("acr_values"));
            assertEquals(AssuranceLevel.LEVEL_2, login.level(), "acr LoA2 in the ID token");
        }
        sandbox.vneid().setThirdPartyMode(false);
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            assertEquals("urn:vn:vneid:loa:2", sandbox.vneid().lastPushedRequest().get("acr_values"));
        }
    }

    @Test
    void aLevelTheProviderOffersNoValueForIsRefusedBeforeTheCitizenIsSentThere() {
        sandbox.vneid().setAcrValuesSupported(List.of("LoA1"));
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            VneidAuthException e = assertThrows(VneidAuthException.class,
                    () -> vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build()));
            assertEquals("vneid.level-unsupported", e.errorCode());
            assertTrue(e.getMessage().contains("LEVEL_2") && e.getMessage().contains("[LoA1]"), e.getMessage());
            // Level 1 is offered.
            assertTrue(vneid.startLogin(LoginOptions.defaults()).isPushed());
        }
    }

    @Test
    void theIdTokenIsEncryptedAndPlainUserinfoIsAcceptedUnlessEncryptedUserinfoIsRequired() throws Exception {
        KeyPair signing = VneidLoginTest.ec();
        KeyPair encryption = VneidLoginTest.rsa();
        String clientId = "rp-third-party-enc";
        sandbox.vneid().registerClient(clientId, "sig-1", signing.getPublic(), List.of(CALLBACK));
        sandbox.vneid().setEncryptionKey(clientId, "enc-1", encryption.getPublic());
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = client(rp(clientId, signing).decryptionKey("enc-1", encryption.getPrivate()))) {
            VneidLogin login = signIn(vneid, LoginOptions.defaults(), demo.idNumber(), 1);
            assertEquals(demo.idNumber(), login.identity().idNumber().orElseThrow().value());
            assertEquals(login.identity(), vneid.userInfo(login));
        }
        // A relying party whose registration covers userinfo too refuses it in clear.
        try (VneidAuthClient vneid = client(rp(clientId, signing).decryptionKey("enc-1", encryption.getPrivate())
                .requireEncryptedUserInfo(true))) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI cb = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            TokenValidationException e = assertThrows(TokenValidationException.class,
                    () -> vneid.completeLogin(start.state(), cb));
            assertEquals(TokenCheck.ENCRYPTION, e.check());
            assertTrue(e.getMessage().contains("requireEncryptedUserInfo"), e.getMessage());
        }
        // The national mode encrypts userinfo too: the same requirement is met.
        sandbox.vneid().setThirdPartyMode(false);
        try (VneidAuthClient vneid = client(rp(clientId, signing).decryptionKey("enc-1", encryption.getPrivate())
                .requireEncryptedUserInfo(true))) {
            VneidLogin login = signIn(vneid, LoginOptions.defaults(), demo.idNumber(), 1);
            assertEquals(login.identity(), vneid.userInfo(login));
        }
        assertEquals("requireEncryptedUserInfo", assertThrows(InvalidInputException.class,
                () -> rp(clientId, signing).requireEncryptedUserInfo(true).build()).field());
    }

    @Test
    void aCounterSignInAsksForTheConfiguredScopesAndCarriesTheClaims() {
        sandbox.vneid().setCibaInterval(Duration.ofSeconds(1));
        PersonalIdNumber demo = PersonalIdNumber.parse(sandbox.population().demoCitizen().idNumber());
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config))) {
            CibaRequest r = vneid.startCiba(demo, "Quầy 1", AssuranceLevel.LEVEL_2);
            assertTrue(sandbox.vneid().approveCiba(demo.value()));
            CibaOutcome o = vneid.awaitCiba(r);
            assertEquals(CibaOutcome.Status.APPROVED, o.status());
            VneidIdentity id = o.login().orElseThrow().identity();
            assertEquals(demo, id.idNumber().orElseThrow());
            assertTrue(id.fullName().isPresent());
        }
    }

    @Test
    void aRefusedAssertionSaysWhenTheClocksDisagreeAndTheLifetimeCanCoverIt() {
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-200));
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).clock(behind))) {
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.startLogin(LoginOptions.defaults()));
            assertEquals("vneid.par.invalid_client", e.errorCode());
            assertEquals(1, e.getMessage().split("\\[code=").length - 1, "one code suffix");
            assertTrue(e.getMessage().matches(".*the provider's clock \\(its Date header\\) is (19[0-9]|20[0-9]) s ahead.*")
                    && e.getMessage().contains("ahead of this host's") && e.getMessage().contains("NTP"), e.getMessage());
        }
        // Within bounds, a longer assertion covers the gap (the one-time jti still guards replay).
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).clock(behind)
                .clientAssertionLifetime(Duration.ofSeconds(300)))) {
            assertTrue(vneid.startLogin(LoginOptions.defaults()).isPushed());
        }
        // A refusal with agreeing clocks says nothing about clocks.
        try (VneidAuthClient vneid = client(VneidAuthConfig.from(config).clientId("VN:GOV:NOT-REGISTERED"))) {
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> vneid.startLogin(LoginOptions.defaults()));
            assertEquals("vneid.par.invalid_client", e.errorCode());
            assertFalse(e.getMessage().contains("clock"), e.getMessage());
        }
        for (Duration bad : List.of(Duration.ofSeconds(9), Duration.ofSeconds(301))) {
            assertEquals("clientAssertionLifetime", assertThrows(InvalidInputException.class,
                    () -> VneidAuthConfig.from(config).clientAssertionLifetime(bad).build()).field());
        }
    }

    private VneidAuthConfig.Builder rp(String clientId, KeyPair signing) {
        return VneidAuthConfig.builder().issuer(sandbox.vneid().issuer()).clientId(clientId)
                .credentials(AgencyCredentials.of("sig-1", signing.getPrivate(), List.of()))
                .proxy(ProxyOptions.none());
    }
}
