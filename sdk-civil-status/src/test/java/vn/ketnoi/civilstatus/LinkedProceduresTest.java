package vn.ketnoi.civilstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.population.ChangeCursor;
import vn.ketnoi.population.ChangeEvent;
import vn.ketnoi.population.ChangeType;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentPayload;
import vn.ketnoi.vneid.edocuments.DocumentRecord;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.DocumentType;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.vneid.edocuments.PreparedWrite;

/**
 * The linked procedures of Decree 63/2024, end to end across three databases: a newborn (birth
 * registration → personal ID number and permanent residence in the population database → the
 * child's health insurance card into a parent's VNeID wallet) and a death (death registration →
 * residence removed → the change feed carries it). Between the steps the sandbox loses answers
 * after applying writes and refuses reads; every write is applied exactly once, counted at the
 * sandbox, even when the whole procedure is run again from the start.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class LinkedProceduresTest {
    static final String OPERATOR = "VN:canbo.test";

    private KetnoiSandbox sandbox;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @AfterEach
    void clearFaults() {
        if (sandbox != null) {
            sandbox.faults().clear();
        }
    }

    /**
     * Counts the attempts reaching each path, and lifts the sandbox's faults once an attempt on a faulty path (also
     * under a gateway's prefix) has met them: the first answer is lost (or refused), the repeat gets through.
     */
    private Interceptor faultsOnce(KetnoiSandbox sandbox) {
        return chain -> {
            String path = chain.request().uri().getPath();
            attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            boolean faulty = sandbox.faults().active().stream().anyMatch(f -> path.contains(f.getKey()));
            try {
                return chain.proceed(chain.request());
            } finally {
                if (faulty) {
                    sandbox.faults().clear();
                }
            }
        };
    }

    /** The run's configuration with the fault-lifting interceptor and short backoffs: the test waits for nothing. */
    private ClientConfig fast(ClientConfig config, KetnoiSandbox sandbox) {
        return config.toBuilder().addNetworkInterceptor(faultsOnce(sandbox))
                .resilience(ResilienceOptions.builder().maxAttempts(3)
                        .backoff(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(20)).build())
                .build();
    }

    private int attemptsEndingWith(String suffix) {
        return attempts.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** A child's health insurance card, kept in a parent's wallet: the insured child is named in the payload. */
    record ChildHealthInsuranceCard(String insuranceNumber, PersonalIdNumber child, String childName)
            implements DocumentPayload {
        @Override
        public DocumentType type() {
            return DocumentType.HEALTH_INSURANCE_CARD;
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("insuranceNumber", insuranceNumber);
            m.put("facilityCode", "01001");
            m.put("benefitLevel", 1); // children under six: full benefit
            m.put("insuredIdNumber", child.value());
            m.put("insuredName", childName);
            return m;
        }
    }

    @Test
    @Requirement(value = "R-14.1", side = Side.SDK)
    @Requirement(value = "R-14.1", side = Side.PROVIDER)
    void aNewbornIsRegisteredNumberedHousedAndInsuredEachStepOnceThroughLostAnswers(KetnoiSandbox sandbox,
                                                                                     ClientConfig config) {
        this.sandbox = sandbox;
        // A mother with a level-2 VNeID account: the child's card goes into her wallet.
        SyntheticCitizen mother = sandbox.population().find(c -> c.sex().equals("FEMALE") && !c.isDeceased()
                && c.permanentResidence() != null && sandbox.population().vneidLevel(c) == 2
                && Integer.parseInt(c.birthDate().substring(0, 4)) < 2000).orElseThrow();
        long births = sandbox.civilStatus().birthsRegistered();
        int documents = sandbox.wallet().countDocuments(mother.idNumber());
        BirthDeclaration declaration = BirthDeclaration.builder().childName("Nguyễn Thị Bình An")
                .birthDate(LocalDate.now().minusDays(3)).sex(Sex.FEMALE)
                .mother(PersonalIdNumber.parse(mother.idNumber())).authorityCode(sandbox.civilStatus().anyAuthorityCode())
                .build();

        try (KetnoiRuntime runtime = KetnoiRuntime.create(fast(config, sandbox));
             CivilStatusClient civil = CivilStatusClient.builder(runtime).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
             PopulationClient population = PopulationClient.builder(runtime).build();
             EdocumentsClient edocs = EdocumentsClient.builder(runtime).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR))
                     .signingKey(DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency())))
                     .build()) {
            // 1. Birth registration; its answer is lost after the register applied it.
            sandbox.faults().add("/civil-status/v1/births", SandboxFault.resetAfterApply());
            BirthRegistration birth = civil.registerBirth(declaration);
            PersonalIdNumber child = birth.child().idNumber().orElseThrow();
            assertEquals(2, attemptsEndingWith("/civil-status/v1/births"));
            assertEquals(Sex.FEMALE, child.sex(), "the ID number's century-and-sex digit");
            assertEquals(LocalDate.now().getYear() % 100, Integer.parseInt(child.value().substring(4, 6)));

            // 2. The population database knows the child, at the mother's permanent residence; the lookup is refused once.
            sandbox.faults().add("/population/v1/citizens/lookup", SandboxFault.status(503));
            Citizen found = population.lookup(LookupRequest.builder().idNumber(child).fullName("Nguyễn Thị Bình An")
                    .birthDate(declaration.birthDate()).fields(CitizenField.PERMANENT_RESIDENCE, CitizenField.MOTHER)
                    .context(RequestContext.of(Purpose.HEALTH_INSURANCE, OPERATOR)).build());
            assertEquals(mother.permanentResidence().text(), found.permanentResidence().orElseThrow().text());
            assertEquals(mother.idNumber(), found.mother().orElseThrow().idNumber().orElseThrow().value());

            // 3. The child's health insurance card into the mother's wallet; that answer is lost too.
            PreparedWrite card = edocs.prepare(Document.builder().documentId("bhyt-" + UUID.randomUUID())
                    .subject(mother.idNumber()).issueDate(LocalDate.now())
                    .payload(new ChildHealthInsuranceCard("0123456789", child, "Nguyễn Thị Bình An")).build());
            sandbox.faults().add("/edocuments/v1/documents", SandboxFault.resetAfterApply());
            DocumentRecord issued = edocs.issue(card);
            assertEquals(2, attemptsEndingWith("/edocuments/v1/documents"));

            // The whole procedure again, as after a crash of the agency's system: nothing is applied twice.
            assertEquals(birth.entry(), civil.registerBirth(declaration).entry());
            assertEquals(issued.documentId(), edocs.issue(card).documentId());
        }
        assertEquals(births + 1, sandbox.civilStatus().birthsRegistered(), "one child");
        assertEquals(documents + 1, sandbox.wallet().countDocuments(mother.idNumber()), "one card");
    }

    @Test
    @Requirement(value = "R-14.1", side = Side.SDK)
    @Requirement(value = "R-14.1", side = Side.PROVIDER)
    void aDeathIsRegisteredTheResidenceRemovedAndTheFeedCarriesItOnceThroughLostAnswers(KetnoiSandbox sandbox,
                                                                                       ClientConfig config) {
        this.sandbox = sandbox;
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.hasFullBirthDate()
                && x.permanentResidence() != null && Integer.parseInt(x.birthDate().substring(0, 4)) < 1950
                && sandbox.civilStatus().registration("DEATH", x.idNumber()).isEmpty()).orElseThrow();
        long deaths = sandbox.civilStatus().deathsRegistered();
        DeathDeclaration declaration = DeathDeclaration.builder().deceased(PersonalIdNumber.parse(c.idNumber()))
                .deathDate(LocalDate.now().minusDays(1)).placeOfDeath("Bệnh viện Bạch Mai")
                .authorityCode(sandbox.civilStatus().anyAuthorityCode()).build();

        try (KetnoiRuntime runtime = KetnoiRuntime.create(fast(config, sandbox));
             CivilStatusClient civil = CivilStatusClient.builder(runtime).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
             PopulationClient population = PopulationClient.builder(runtime).build()) {
            // 1. Death registration; the answer is lost after it was applied.
            sandbox.faults().add("/civil-status/v1/deaths", SandboxFault.resetAfterApply());
            DeathRegistration death = civil.registerDeath(declaration);
            assertEquals(2, attemptsEndingWith("/civil-status/v1/deaths"));
            assertEquals(c.idNumber(), death.deceased().idNumber().orElseThrow().value());
            assertEquals("Bệnh viện Bạch Mai", death.placeOfDeath().orElseThrow(), "the place declared is registered");

            // 2. The population database: dead, and no permanent residence any more; the lookup is refused once.
            sandbox.faults().add("/population/v1/citizens/lookup", SandboxFault.status(503));
            Citizen found = population.lookup(LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).fields(CitizenField.PERMANENT_RESIDENCE, CitizenField.DEATH_DATE)
                    .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build());
            assertTrue(found.permanentResidence().isEmpty(), "residence removed");
            assertEquals(declaration.deathDate(), found.deathDate().orElseThrow().toLocalDate().orElseThrow());

            // 3. The change feed carries the death, once.
            List<ChangeEvent> events = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR))
                    .events(ChangeCursor.beginning(), 200).stream()
                    .filter(e -> e.type() == ChangeType.DEATH && e.idNumber().value().equals(c.idNumber())).toList();
            assertEquals(1, events.size());

            // Again from the start: the same registration; a second declaration of the same death is refused.
            assertEquals(death.entry(), civil.registerDeath(declaration).entry());
            AlreadyRegisteredException twice = assertThrows(AlreadyRegisteredException.class, () -> civil.registerDeath(
                    DeathDeclaration.builder().deceased(PersonalIdNumber.parse(c.idNumber()))
                            .deathDate(LocalDate.now().minusDays(1)).authorityCode(sandbox.civilStatus().anyAuthorityCode())
                            .build()));
            assertEquals("civil-status.already-registered", twice.errorCode());
        }
        assertEquals(deaths + 1, sandbox.civilStatus().deathsRegistered(), "one death");
    }
}
