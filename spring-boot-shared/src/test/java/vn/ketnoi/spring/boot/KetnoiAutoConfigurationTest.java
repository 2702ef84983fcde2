package vn.ketnoi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.civilstatus.BirthRegistration;
import vn.ketnoi.civilstatus.CivilStatusClient;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.exchange.ExchangeClient;
import vn.ketnoi.micrometer.KetnoiMetrics;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.auth.AssuranceLevel;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;

/**
 * The auto-configuration from properties alone, with the sandbox as the provider. Shared by both
 * starters (spring-boot-shared/), so it runs once on Boot 3.5 and once on Boot 4; {@link HealthProbe}
 * reads each line's health API.
 */
class KetnoiAutoConfigurationTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    static KetnoiSandbox sandbox;
    static Path p12;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().build().start();
        p12 = dir.resolve("agency.p12");
        sandbox.defaultAgency().writePkcs12(p12, PASSWORD.toCharArray());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String[] properties(String... more) {
        List<String> p = new java.util.ArrayList<>(List.of(
                "ketnoi.endpoint=" + sandbox.baseUri(),
                "ketnoi.agency-id=" + sandbox.defaultAgency().id(),
                "ketnoi.provider-issuer=" + sandbox.issuer(),
                "ketnoi.credentials.pkcs12.path=" + p12,
                "ketnoi.credentials.pkcs12.password=" + PASSWORD,
                // No ketnoi.credentials.key-id: the key's thumbprint, which the sandbox registered.
                "ketnoi.proxy.enabled=false",
                "ketnoi.http.connect-timeout=3s"));
        p.addAll(List.of(more));
        return p.toArray(String[]::new);
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KetnoiMetricsAutoConfiguration.class, KetnoiAutoConfiguration.class,
                    KetnoiHealthAutoConfiguration.class));

    @Test
    void theVneidLoginStateSettingsReachTheClient() {
        // Finding 11: instances behind one load balancer share the key that seals sign-in states.
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        runner.withPropertyValues(properties("ketnoi.vneid.login-state-key=" + key,
                "ketnoi.vneid.login-state-max-age=3m")).run(context -> {
            VneidAuthClient vneid = context.getBean(VneidAuthClient.class);
            assertThat(vneid.config().hasLoginStateKey()).isTrue();
            assertThat(vneid.config().loginStateMaxAge()).hasMinutes(3);
        });
    }

    @Test
    void theClientsComeFromPropertiesAndLookUpACitizen() {
        runner.withPropertyValues(properties("ketnoi.vneid.minimum-level=2")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(PopulationClient.class).hasSingleBean(VneidAuthClient.class)
                    .doesNotHaveBean(EdocumentsClient.class);
            ClientConfig config = context.getBean(ClientConfig.class);
            assertThat(config.httpOptions().connectTimeout()).hasSeconds(3);
            assertThat(config.credentials().certificateChain()).hasSize(1);
            assertThat(context.getBean(VneidAuthClient.class).config().minimumLevel()).isEqualTo(AssuranceLevel.LEVEL_2);

            SyntheticCitizen c = sandbox.population().anyLiving();
            Citizen citizen = context.getBean(PopulationClient.class).lookup(LookupRequest.builder()
                    .idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                    .fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:starter.test")).build());
            assertThat(citizen.sex()).isPresent();
        });
    }

    @Test
    void theApplicationYmlTheStandaloneSandboxWritesIsAllTheStarterNeeds(@TempDir Path written) throws Exception {
        // What SandboxMain --write-credentials writes, read as Spring Boot reads application.yml.
        Path dir = vn.ketnoi.testkit.SandboxMain.writeCredentials(sandbox, written);
        Map<String, String> yaml = new java.util.LinkedHashMap<>();
        for (org.springframework.core.env.PropertySource<?> source : new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("sandbox", new org.springframework.core.io.FileSystemResource(dir.resolve("application.yml")))) {
            org.springframework.core.env.EnumerablePropertySource<?> e =
                    (org.springframework.core.env.EnumerablePropertySource<?>) source;
            for (String name : e.getPropertyNames()) {
                yaml.put(name, String.valueOf(e.getProperty(name)));
            }
        }
        assertThat(yaml).doesNotContainKey("ketnoi.credentials.key-id");
        runner.withPropertyValues(yaml.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new)).withBean(DocumentSigningKey.class, KetnoiAutoConfigurationTest::documentSigningKey)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EdocumentsClient.class);
                    SyntheticCitizen demo = sandbox.population().demoCitizen();
                    Citizen citizen = context.getBean(PopulationClient.class).lookup(LookupRequest.builder()
                            .idNumber(demo.idNumber()).fullName(demo.fullName()).birthDate(demo.birthDate())
                            .fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:starter.test"))
                            .build());
                    assertThat(citizen.sex()).isPresent();
                });
    }

    @Test
    @DisplayName("Routes and a gateway from application properties alone: the starter's clients call through an LGSP with its key and secret")
    void theStarterRoutesThroughAGatewayFromProperties() {
        try (SandboxGateway lgsp = SandboxGateway.builder().name("lgsp").inFrontOf(sandbox).pathPrefix("/lgsp/r1")
                .application("portal", "portal-secret-for-the-test", sandbox.defaultAgency().id()).start()) {
            long carried = sandbox.stats().requestsCarrying("Gateway-Authorization");
            runner.withPropertyValues(properties(
                    "ketnoi.routes.population.service=" + PopulationClient.SERVICE,
                    "ketnoi.routes.population.url=" + lgsp.serviceUrl(PopulationClient.SERVICE),
                    "ketnoi.token-endpoint=" + lgsp.passThroughUrl(SandboxGateway.PROVIDER_TOKEN_PATH),
                    "ketnoi.jwks-uri=" + lgsp.passThroughUrl(SandboxGateway.PROVIDER_JWKS_PATH),
                    "ketnoi.gateways.lgsp.url=" + lgsp.url(),
                    "ketnoi.gateways.lgsp.token-url=" + lgsp.tokenUrl(),
                    "ketnoi.gateways.lgsp.key=portal",
                    "ketnoi.gateways.lgsp.secret=portal-secret-for-the-test")).run(context -> {
                assertThat(context).hasNotFailed();
                SyntheticCitizen c = sandbox.population().anyLiving();
                Citizen citizen = context.getBean(PopulationClient.class).lookup(LookupRequest.builder()
                        .idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                        .fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:starter.test")).build());
                assertThat(citizen.sex()).isPresent();
            });
            assertThat(lgsp.stats().forwarded(PopulationClient.SERVICE)).as("the lookup crossed the LGSP").isPositive();
            assertThat(lgsp.stats().tokensIssued()).as("the key and secret were exchanged for the gateway's token").isPositive();
            assertThat(sandbox.stats().requestsCarrying("Gateway-Authorization")).as("the gateway's credential stays at the gateway")
                    .isEqualTo(carried);
        }
    }

    private static DocumentSigningKey documentSigningKey() {
        return DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency()));
    }

    @Test
    @DisplayName("The generic exchange client and the civil-status client from properties alone, on the shared runtime, in the health report")
    void theExchangeAndCivilStatusClientsComeFromProperties() {
        runner.withPropertyValues(properties("ketnoi.civil-status.operator-id=VN:canbo.hotich",
                "ketnoi.civil-status.purpose=CIVIL_STATUS")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ExchangeClient.class).hasSingleBean(CivilStatusClient.class);
            assertThat(context.getBean(ExchangeClient.class).catalogue())
                    .anyMatch(s -> s.serviceId().equals(CivilStatusClient.SERVICE));
            SyntheticCitizen child = sandbox.population().find(c -> c.birthDate().compareTo("2016") >= 0
                    && sandbox.civilStatus().registration("BIRTH", c.idNumber()).isPresent()).orElseThrow();
            BirthRegistration birth = context.getBean(CivilStatusClient.class).birth(PersonalIdNumber.parse(child.idNumber()));
            assertThat(birth.child().fullName()).isEqualTo(child.fullName());

            KetnoiHealthIndicator indicator = context.getBean(KetnoiHealthIndicator.class);
            assertThat(indicator.clientNames()).containsExactly("civilStatus", "exchange", "population", "vneid");
            assertThat(HealthProbe.status(indicator)).isEqualTo("UP");
            @SuppressWarnings("unchecked")
            Map<String, Object> civil = (Map<String, Object>) HealthProbe.details(indicator).get("civilStatus");
            assertThat(civil).containsEntry("tokenFresh", true).containsEntry("consecutiveFailures", 0);
        });
    }

    @Test
    void theCivilStatusClientNeedsAnOperatorAndABadOneIsNamedAtStartUp() {
        runner.withPropertyValues(properties()).run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(ExchangeClient.class).doesNotHaveBean(CivilStatusClient.class));
        runner.withPropertyValues(properties("ketnoi.civil-status.operator-id=canbo.hotich")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(configurationProblem(context.getStartupFailure())).startsWith("ketnoi.civil-status.operator-id:");
            assertThat(new KetnoiFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                    .contains("'ketnoi.civil-status.operator-id'");
        });
    }

    @Test
    void anApplicationWithoutTheExchangeModulesStartsWithTheOtherClients() {
        runner.withClassLoader(new FilteredClassLoader(ExchangeClient.class, CivilStatusClient.class))
                .withPropertyValues(properties("ketnoi.civil-status.operator-id=VN:canbo.hotich")).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PopulationClient.class)
                            .doesNotHaveBean(ExchangeClient.class).doesNotHaveBean(CivilStatusClient.class);
                    assertThat(context.getBean(KetnoiHealthIndicator.class).clientNames())
                            .containsExactly("population", "vneid");
                });
    }

    @Test
    void theEdocumentsClientNeedsAnOperator() {
        runner.withPropertyValues(properties("ketnoi.edocuments.operator-id=VN:canbo.test"))
                .withBean(DocumentSigningKey.class, KetnoiAutoConfigurationTest::documentSigningKey)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EdocumentsClient.class));
    }

    @Test
    @DisplayName("Finding 4: without a document-signing key, the agency's API certificate does not sign documents")
    void theApiKeyIsNotADocumentSigningKey() {
        runner.withPropertyValues(properties("ketnoi.edocuments.operator-id=VN:canbo.test")).run(context -> {
            assertThat(context).hasFailed();
            Throwable t = context.getStartupFailure();
            while (t != null && !(t instanceof InvalidInputException)) {
                t = t.getCause();
            }
            assertThat(t).isInstanceOf(InvalidInputException.class);
            assertThat(((InvalidInputException) t).field()).isEqualTo("signingKey.certificate");
        });
    }

    @Test
    void nothingIsConfiguredWithoutAnEndpoint() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PopulationClient.class)
                .doesNotHaveBean(ClientConfig.class));
    }

    @Test
    void aBadPropertyStopsTheApplicationWithItsName() {
        runner.withPropertyValues(properties("ketnoi.http.conect-timeout=5s")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(configurationProblem(context.getStartupFailure()))
                    .startsWith("ketnoi.http.conect-timeout: unknown property");
        });
        runner.withPropertyValues(properties("ketnoi.credentials.pkcs12.password=wrong")).run(context ->
                assertThat(configurationProblem(context.getStartupFailure()))
                        .startsWith("ketnoi.credentials.pkcs12.password:").doesNotContain("wrong\n"));
    }

    @Test
    @DisplayName("Issue 18: a refused setting at start-up is one report naming the property and the fix")
    void theFailureAnalyzerNamesThePropertyAndTheFix() throws Exception {
        // Registered where Spring Boot looks for failure analysers.
        List<String> registered = new java.util.ArrayList<>();
        for (java.net.URL url : java.util.Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring.factories"))) {
            java.util.Properties factories = new java.util.Properties();
            try (java.io.InputStream in = url.openStream()) {
                factories.load(in);
            }
            registered.addAll(List.of(factories.getProperty(
                    org.springframework.boot.diagnostics.FailureAnalyzer.class.getName(), "").split(",")));
        }
        assertThat(registered).contains(KetnoiFailureAnalyzer.class.getName());
        KetnoiFailureAnalyzer analyzer = new KetnoiFailureAnalyzer();
        runner.withPropertyValues(properties("ketnoi.http.connect-timeout=soon")).run(context -> {
            assertThat(context).hasFailed();
            org.springframework.boot.diagnostics.FailureAnalysis a = analyzer.analyze(context.getStartupFailure());
            assertThat(a).isNotNull();
            assertThat(a.getDescription()).startsWith("Ketnoi refused the setting 'ketnoi.http.connect-timeout': ")
                    .doesNotContain("UnsatisfiedDependency").doesNotContain("[code=");
            assertThat(a.getAction()).contains("'ketnoi.http.connect-timeout'").contains("docs/configuration-reference.md");
        });
        runner.withPropertyValues(properties("ketnoi.credentials.pkcs12.password=not-the-password")).run(context -> {
            org.springframework.boot.diagnostics.FailureAnalysis a = analyzer.analyze(context.getStartupFailure());
            assertThat(a.getDescription()).contains("'ketnoi.credentials.pkcs12.password'")
                    .doesNotContain("not-the-password");
        });
        runner.withPropertyValues(properties("ketnoi.edocuments.operator-id=VN:canbo.test")).run(context -> {
            org.springframework.boot.diagnostics.FailureAnalysis a = analyzer.analyze(context.getStartupFailure());
            assertThat(a.getDescription()).startsWith("A Ketnoi client could not be built: 'signingKey.certificate' ");
            assertThat(a.getAction()).contains("ketnoi.edocuments.signing-key.pkcs12.path").contains("DocumentSigningKey bean");
        });
    }

    private static String configurationProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException e) {
                return e.getMessage();
            }
        }
        throw new AssertionError("no ConfigurationException in " + failure);
    }

    @Test
    void yamlListsArriveAsCommaSeparatedValues() {
        runner.withPropertyValues(properties("ketnoi.proxy.enabled=true", "ketnoi.proxy.host=proxy.example.vn",
                        "ketnoi.proxy.non-proxy-hosts[0]=*.noibo.gov.vn", "ketnoi.proxy.non-proxy-hosts[1]=.local"))
                .run(context -> assertThat(context.getBean(ClientConfig.class).proxy().nonProxyHosts())
                        .containsExactly("*.noibo.gov.vn", ".local"));
    }

    @Test
    void metricsAreRecordedWhenARegistryExists() {
        runner.withPropertyValues(properties())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    KetnoiMetrics metrics = context.getBean(KetnoiMetrics.class);
                    assertThat(context.getBean(ClientConfig.class).resilienceListeners()).contains(metrics);
                });
        runner.withPropertyValues(properties())
                .run(context -> assertThat(context).doesNotHaveBean(KetnoiMetrics.class));
    }

    @Test
    @DisplayName("With an ObservationRegistry every call is observed: a timer per operation and outcome, no personal data in its tags")
    void everyCallIsObservedWhenAnObservationRegistryExists() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry.create();
        // What a tracing handler would record as the span's exception, message included: nothing.
        List<Throwable> handedOver = new java.util.concurrent.CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(
                new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters))
                .observationHandler(new io.micrometer.observation.ObservationHandler<>() {
                    @Override
                    public void onStop(io.micrometer.observation.Observation.Context context) {
                        if (context.getError() != null) {
                            handedOver.add(context.getError());
                        }
                    }

                    @Override
                    public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                        return true;
                    }
                });
        runner.withPropertyValues(properties())
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations).run(context -> {
                    SyntheticCitizen c = sandbox.population().anyLiving();
                    LookupRequest.Builder lookup = LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                            .birthDate(c.birthDate()).fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:starter.test"));
                    context.getBean(PopulationClient.class).lookup(lookup.build());
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.getBean(PopulationClient.class)
                            .lookup(lookup.fullName("Không Phải Tên").build()))
                            .isInstanceOf(vn.ketnoi.core.exception.KetnoiException.class);
                    io.micrometer.core.instrument.Timer ok = meters.find(vn.ketnoi.micrometer.KetnoiObservations.NAME)
                            .tag("outcome", "SUCCESS").tag("ketnoi.error_code", "none").timer();
                    assertThat(ok).isNotNull();
                    assertThat(ok.count()).isEqualTo(1);
                    assertThat(ok.getId().getTag("ketnoi.operation")).startsWith("population.");
                    assertThat(meters.find(vn.ketnoi.micrometer.KetnoiObservations.NAME).tag("outcome", "ERROR")
                            .timer()).isNotNull();
                    // A failure the SDK raises inside the call (the connection reset, retries spent).
                    sandbox.faults().add("/population/", vn.ketnoi.testkit.SandboxFault.resetBeforeApply());
                    try {
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.getBean(PopulationClient.class)
                                .lookup(lookup.fullName(c.fullName()).build()))
                                .isInstanceOf(vn.ketnoi.core.exception.KetnoiException.class);
                    } finally {
                        sandbox.faults().clear();
                    }
                    assertThat(meters.find(vn.ketnoi.micrometer.KetnoiObservations.NAME).tag("outcome", "ERROR")
                            .timers()).anySatisfy(t -> assertThat(t.getId().getTag("ketnoi.error_code"))
                            .doesNotStartWith("http.").isNotEqualTo("unknown"));
                    assertThat(meters.getMeters().stream().flatMap(m -> m.getId().getTags().stream()).map(Object::toString))
                            .noneMatch(t -> t.contains(c.idNumber()) || t.contains(c.fullName()));
                    assertThat(handedOver).as("the failure is a code, not an exception with its message").isEmpty();
                });
        runner.withPropertyValues(properties()).run(context ->
                assertThat(context).doesNotHaveBean("ketnoiObservations"));
    }

    @Test
    void healthShowsEachClientWithoutCallingTheProviders() {
        runner.withPropertyValues(properties("ketnoi.edocuments.operator-id=VN:canbo.test"))
                .withBean(DocumentSigningKey.class, KetnoiAutoConfigurationTest::documentSigningKey).run(context -> {
            KetnoiHealthIndicator indicator = context.getBean(KetnoiHealthIndicator.class);
            assertThat(HealthProbe.status(indicator)).isEqualTo("UP");
            assertThat(indicator.clientNames()).containsExactly("edocuments", "exchange", "population", "vneid");
            @SuppressWarnings("unchecked")
            Map<String, Object> population = (Map<String, Object>) HealthProbe.details(indicator).get("population");
            assertThat(population).containsEntry("circuit", "CLOSED").containsEntry("tokenFresh", false)
                    .containsKey("certificateNotAfter").containsKey("certificateDaysLeft");
            assertThat(HealthProbe.details(indicator)).containsEntry("certificateExpiresSoon", false);
        });
    }

    @Test
    @DisplayName("Issue 18: e-documents from properties alone: issue, status, revoke and offline verification")
    void anEdocumentIsIssuedRevokedAndVerifiedThroughTheStarterFromPropertiesAlone(@TempDir Path written)
            throws Exception {
        // The files and application.yml the standalone sandbox writes: the document-signing key and
        // the trust anchors are settings now, not code (no DocumentSigningKey bean here).
        Map<String, String> yaml = yaml(vn.ketnoi.testkit.SandboxMain.writeCredentials(sandbox, written)
                .resolve("application.yml"));
        assertThat(yaml).containsKeys("ketnoi.edocuments.signing-key.pkcs12.path", "ketnoi.edocuments.trust-anchors");
        yaml.put("ketnoi.edocuments.status-list-max-age", "0s"); // see the revocation at once
        runner.withPropertyValues(yaml.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EdocumentsClient.class)
                    .hasSingleBean(vn.ketnoi.vneid.edocuments.DocumentVerifier.class);
            EdocumentsClient edocs = context.getBean(EdocumentsClient.class);
            vn.ketnoi.vneid.edocuments.DocumentVerifier verifier =
                    context.getBean(vn.ketnoi.vneid.edocuments.DocumentVerifier.class);
            String documentId = "GPLX-STARTER-" + System.nanoTime();
            vn.ketnoi.vneid.edocuments.PreparedWrite write = edocs.prepare(vn.ketnoi.vneid.edocuments.Document.builder()
                    .documentId(documentId)
                    .subject(sandbox.population().demoCitizen().idNumber())
                    .issueDate(java.time.LocalDate.now(vn.ketnoi.vneid.edocuments.DocumentVerifier.VIETNAM))
                    .payload(vn.ketnoi.vneid.edocuments.DrivingLicence.builder()
                            .licenceNumber("010203040506").classes("A1", "B").issuedBy("Sở Xây dựng Hà Nội").build())
                    .build());
            assertThat(edocs.issue(write).status().name()).isEqualTo("DELIVERED");
            assertThat(edocs.status(documentId).status().name()).isEqualTo("DELIVERED");
            assertThat(verifier.verify(write.signedDocument()).verdict().name()).isEqualTo("VALID");
            edocs.revoke(documentId, "withdrawn in a starter test");
            assertThat(edocs.status(documentId).status().name()).isEqualTo("REVOKED");
            assertThat(verifier.verify(write.signedDocument()).verdict().name()).isEqualTo("REVOKED");
        });
    }

    private static Map<String, String> yaml(Path file) throws java.io.IOException {
        Map<String, String> yaml = new java.util.LinkedHashMap<>();
        for (org.springframework.core.env.PropertySource<?> source : new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("sandbox", new org.springframework.core.io.FileSystemResource(file))) {
            org.springframework.core.env.EnumerablePropertySource<?> e =
                    (org.springframework.core.env.EnumerablePropertySource<?>) source;
            for (String name : e.getPropertyNames()) {
                yaml.put(name, String.valueOf(e.getProperty(name)));
            }
        }
        return yaml;
    }

    @Test
    void healthGoesDownWithTheLastErrorWhenTheAgencyIsRefusedAgainAndAgain() {
        // Issue 18: after 16 consecutive 401s Actuator still said UP with no last error.
        runner.withPropertyValues(properties("ketnoi.credentials.key-id=not-registered-here")).run(context -> {
            KetnoiHealthIndicator indicator = context.getBean(KetnoiHealthIndicator.class);
            PopulationClient population = context.getBean(PopulationClient.class);
            SyntheticCitizen c = sandbox.population().anyLiving();
            LookupRequest lookup = LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:starter.test")).build();
            for (int i = 1; i <= vn.ketnoi.core.ClientHealth.AUTHENTICATION_FAILURES_DOWN; i++) {
                assertThat(HealthProbe.status(indicator)).as("before refusal %d", i).isEqualTo("UP");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> population.lookup(lookup))
                        .isInstanceOfSatisfying(vn.ketnoi.core.exception.AuthenticationException.class,
                                e -> assertThat(e.errorCode()).isEqualTo("token.invalid_client"));
            }
            assertThat(HealthProbe.status(indicator)).isEqualTo("DOWN");
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) HealthProbe.details(indicator).get("population");
            assertThat(details).containsEntry("circuit", "CLOSED") // the provider is well: the agency is refused
                    .containsEntry("consecutiveFailures", 3).containsEntry("consecutiveAuthenticationFailures", 3)
                    .containsEntry("authenticationFailing", true);
            @SuppressWarnings("unchecked")
            Map<String, Object> last = (Map<String, Object>) details.get("lastError");
            assertThat(last).containsEntry("code", "token.invalid_client").containsKey("at");
        });
    }

    @Test
    void anApplicationsOwnClientWins() throws Exception {
        assertThat(Files.exists(p12)).isTrue();
        runner.withPropertyValues(properties())
                .withBean("myPopulation", PopulationClient.class,
                        () -> PopulationClient.create(vn.ketnoi.testkit.SandboxClients.configFor(sandbox)))
                .run(context -> assertThat(context).hasSingleBean(PopulationClient.class).hasBean("myPopulation"));
    }
}
