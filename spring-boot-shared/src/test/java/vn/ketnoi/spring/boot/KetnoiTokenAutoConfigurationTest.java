package vn.ketnoi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SoftHsm;
import vn.ketnoi.testkit.SyntheticCitizen;

/** Issue 21: the starter configured for an agency key in a PKCS#11 token (SoftHSM2), from properties alone. */
class KetnoiTokenAutoConfigurationTest {
    static final String AGENCY = "VN:GOV:000.00.21.S01";

    @TempDir
    static Path dir;
    static SoftHsm hsm;
    static KetnoiSandbox sandbox;
    static Path pinFile;

    @BeforeAll
    static void start() throws Exception {
        if (!SoftHsm.installed()) {
            if (System.getenv("CI") != null) {
                fail("SoftHSM2 is missing in CI: scripts/test.sh's ensure_softhsm should have installed it");
            }
            Assumptions.abort(SoftHsm.notInstalledMessage());
        }
        hsm = SoftHsm.shared();
        PublicKey key = hsm.generateKey(SoftHsm.TOKEN, "spring-agency", "EC", 256, null);
        sandbox = KetnoiSandbox.builder().populationSize(200).addAgency(AGENCY, key, Set.of("fullName", "sex")).build().start();
        pinFile = hsm.writePinFile(dir.resolve("token-pin"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String[] properties(String alias) {
        return List.of(
                "ketnoi.endpoint=" + sandbox.baseUri(),
                "ketnoi.agency-id=" + AGENCY,
                "ketnoi.provider-issuer=" + sandbox.issuer(),
                "ketnoi.credentials.pkcs11.library=" + hsm.library(),
                "ketnoi.credentials.pkcs11.slot=" + hsm.slot(SoftHsm.TOKEN),
                "ketnoi.credentials.pkcs11.pin-file=" + pinFile,
                "ketnoi.credentials.pkcs11.key-alias=" + alias,
                "ketnoi.credentials.key-id=" + sandbox.agency(AGENCY).keyId(),
                "ketnoi.proxy.enabled=false").toArray(String[]::new);
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KetnoiAutoConfiguration.class));

    @Test
    @DisplayName("ketnoi.credentials.pkcs11.* properties: the PopulationClient bean signs in the token and looks up a citizen")
    void theStarterSignsWithATokenKey() {
        runner.withPropertyValues(properties("spring-agency")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(PopulationClient.class);
            assertThat(context.getBean(ClientConfig.class).credentials().toString()).contains("SunPKCS11-Ketnoi");
            SyntheticCitizen c = sandbox.population().anyLiving();
            var citizen = context.getBean(PopulationClient.class).lookup(LookupRequest.builder().idNumber(c.idNumber())
                    .fullName(c.fullName()).birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).fields(CitizenField.SEX).build());
            assertThat(citizen.idNumber().value()).isEqualTo(c.idNumber());
        });
    }

    @Test
    @DisplayName("A key label the token does not hold: the application does not start, and the error names the property")
    void aMissingKeyStopsTheApplicationNamingTheProperty() {
        runner.withPropertyValues(properties("no-such-key")).run(context -> {
            assertThat(context).hasFailed();
            Throwable t = context.getStartupFailure();
            while (t != null && !(t instanceof ConfigurationException)) {
                t = t.getCause();
            }
            assertThat(t).as("a ConfigurationException in the start-up failure").isNotNull();
            assertThat(((ConfigurationException) t).getMessage()).contains("ketnoi.credentials.pkcs11.key-alias")
                    .contains("no-such-key");
        });
    }
}
