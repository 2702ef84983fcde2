package vn.ketnoi.examples;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.examples.vneid.SandboxLoginPage;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.auth.AssuranceLevel;
import vn.ketnoi.vneid.auth.CibaOutcome;
import vn.ketnoi.vneid.auth.CibaRequest;
import vn.ketnoi.vneid.auth.InsufficientLevelException;
import vn.ketnoi.vneid.auth.LoginOptions;
import vn.ketnoi.vneid.auth.LoginRequest;
import vn.ketnoi.vneid.auth.LoginState;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.auth.VneidLogin;

/**
 * The tour's VNeID chapter: a web sign-in at level 2 (the citizen's side played over HTTP against
 * the sandbox's login page), the level-2 policy refusing a level-1 account, and a counter sign-in
 * approved through CIBA. Output is masked.
 */
public final class VneidTourChapter {
    private VneidTourChapter() {
    }

    /**
     * Runs the chapter.
     *
     * @param sandbox the running sandbox
     * @param config  the agency's configuration
     * @param out     where to print
     */
    public static void run(KetnoiSandbox sandbox, ClientConfig config, PrintStream out) {
        SandboxLoginPage citizenBrowser = new SandboxLoginPage();
        URI callback = URI.create("http://127.0.0.1:8080/callback");
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        out.println();
        out.println("== VNeID sign-in (OpenID Connect, PKCE, PAR, private_key_jwt) ==");
        try (VneidAuthClient vneid = VneidAuthClient.builder(config).redirectUri(callback)
                .minimumLevel(AssuranceLevel.LEVEL_2).build()) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            String kept = start.state().serialize();
            out.printf("  Redirect the browser to the provider (request pushed: %s); keep the flow state in the session (%d chars)%n",
                    start.isPushed(), kept.length());
            URI back = citizenBrowser.signIn(start.authorizationUri(), demo.idNumber(), 2);
            VneidLogin login = vneid.completeLogin(LoginState.deserialize(kept), back);
            out.printf("  Signed in: %s, level %d%n", login.identity(), login.level().number());

            SyntheticCitizen levelOne = sandbox.population().withVneidLevel(1);
            LoginRequest second = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_1).build());
            URI back2 = citizenBrowser.signIn(second.authorizationUri(), levelOne.idNumber(), 1);
            try {
                vneid.completeLogin(second.state(), back2);
                out.println("  ?! a level-1 sign-in passed the level-2 policy");
            } catch (InsufficientLevelException e) {
                out.printf("  Level-2 policy: a level-1 account is refused (%s)%n", e.errorCode());
            }
            out.printf("  Logout: send the browser to %s?...%n", vneid.logoutUri(login, null, null).getPath());
        }

        out.println();
        out.println("== Counter sign-in (OpenID CIBA, poll mode) ==");
        sandbox.vneid().setCibaInterval(Duration.ofSeconds(1));
        try (VneidAuthClient vneid = VneidAuthClient.create(config)) {
            PersonalIdNumber id = PersonalIdNumber.parse(demo.idNumber());
            CibaRequest request = vneid.startCiba(id, "Quầy 1 · mã 0427", AssuranceLevel.LEVEL_2);
            out.printf("  Asked %s to approve \"Quầy 1 · mã 0427\"; polling every %d s%n", id.masked(),
                    request.interval().getSeconds());
            sandbox.vneid().approveCiba(demo.idNumber());
            CibaOutcome outcome = vneid.awaitCiba(request);
            out.printf("  Outcome: %s, %s%n", outcome.status(),
                    outcome.login().map(l -> l.identity() + " at level " + l.level().number()).orElse("-"));
        }
    }
}
