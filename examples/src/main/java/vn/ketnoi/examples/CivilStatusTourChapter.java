package vn.ketnoi.examples;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.civilstatus.BirthDeclaration;
import vn.ketnoi.civilstatus.BirthRegistration;
import vn.ketnoi.civilstatus.CertifiedExtract;
import vn.ketnoi.civilstatus.CivilStatusClient;
import vn.ketnoi.civilstatus.DeathDeclaration;
import vn.ketnoi.civilstatus.DeathRegistration;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.exchange.ExchangeClient;
import vn.ketnoi.exchange.ServiceDescription;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentPayload;
import vn.ketnoi.vneid.edocuments.DocumentRecord;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.DocumentType;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;

/**
 * The tour's chapter on the other databases: the platform's catalogue through the generic
 * exchange client, then the linked procedures of Decree 63/2024 across three clients on one
 * runtime: a newborn (birth registration, the child in the population database, the child's
 * health insurance card into the mother's wallet) and a death (registration, residence removed).
 * Personal data is printed masked.
 */
public final class CivilStatusTourChapter {
    private static final String OPERATOR = "VN:canbo.tour";

    private CivilStatusTourChapter() {
    }

    /**
     * Runs the chapter.
     *
     * @param sandbox a started sandbox
     * @param config the agency's configuration for it
     * @param out where to write
     */
    public static void run(KetnoiSandbox sandbox, ClientConfig config, PrintStream out) {
        try (KetnoiRuntime runtime = KetnoiRuntime.create(config);
             ExchangeClient exchange = ExchangeClient.builder(runtime).build();
             CivilStatusClient civil = CivilStatusClient.builder(runtime)
                     .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
             PopulationClient population = PopulationClient.builder(runtime).build();
             EdocumentsClient edocs = EdocumentsClient.builder(runtime)
                     .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR))
                     .signingKey(DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency())))
                     .build()) {
            out.println("   the platform's catalogue, read with the generic exchange client:");
            for (ServiceDescription s : exchange.catalogue()) {
                out.printf("     %-48s %d operation(s)  %s%n", s.serviceId(), s.operations().size(), s.provider());
            }

            SyntheticCitizen mother = sandbox.population().find(c -> c.sex().equals("FEMALE") && !c.isDeceased()
                    && c.permanentResidence() != null && sandbox.population().vneidLevel(c) == 2
                    && Integer.parseInt(c.birthDate().substring(0, 4)) < 2000).orElseThrow();
            out.println("   newborn: register the birth (civil status, Ministry of Justice)");
            BirthDeclaration declaration = BirthDeclaration.builder().childName("Nguyễn Thị Bình An")
                    .birthDate(LocalDate.now().minusDays(2)).sex(Sex.FEMALE)
                    .mother(PersonalIdNumber.parse(mother.idNumber()))
                    .authorityCode(sandbox.civilStatus().anyAuthorityCode()).build();
            BirthRegistration birth = civil.registerBirth(declaration);
            PersonalIdNumber child = birth.child().idNumber().orElseThrow();
            out.printf("     entry %s of book %s at %s; personal ID number assigned: %s%n", birth.entry().entryNumber(),
                    birth.entry().bookNumber(), birth.entry().authority().name(), child.masked());
            out.printf("     registered again with the same declaration: entry %s (idempotency key %s)%n",
                    civil.registerBirth(declaration).entry().entryNumber(), declaration.idempotencyKey());

            Citizen found = population.lookup(LookupRequest.builder().idNumber(child).fullName("Nguyễn Thị Bình An")
                    .birthDate(declaration.birthDate()).fields(CitizenField.PERMANENT_RESIDENCE)
                    .context(RequestContext.of(Purpose.HEALTH_INSURANCE, OPERATOR)).build());
            out.printf("     population database: %s lives in %s (the mother's permanent residence)%n", child.masked(),
                    found.permanentResidence().orElseThrow().provinceName().orElse("?"));

            DocumentRecord card = edocs.issue(Document.builder().documentId("BHYT-" + UUID.randomUUID())
                    .subject(mother.idNumber()).issueDate(LocalDate.now())
                    .payload(new ChildCard(child)).build());
            out.printf("     health insurance card %s into the mother's wallet: %s%n", card.documentId(), card.status());

            CertifiedExtract extract = civil.extract(birth);
            out.printf("     certified extract (trích lục) verified: %s, %d bytes%n", extract, extract.compact().length());

            SyntheticCitizen elder = sandbox.population().find(c -> !c.isDeceased() && c.hasFullBirthDate()
                    && c.permanentResidence() != null && Integer.parseInt(c.birthDate().substring(0, 4)) < 1940
                    && sandbox.civilStatus().registration("DEATH", c.idNumber()).isEmpty()).orElseThrow();
            out.println("   death: register it; the population database removes the residence");
            DeathRegistration death = civil.registerDeath(DeathDeclaration.builder()
                    .deceased(PersonalIdNumber.parse(elder.idNumber())).deathDate(LocalDate.now().minusDays(1))
                    .authorityCode(sandbox.civilStatus().anyAuthorityCode()).build());
            Citizen after = population.lookup(LookupRequest.builder().idNumber(elder.idNumber())
                    .fullName(elder.fullName()).birthDate(elder.birthDate())
                    .fields(CitizenField.PERMANENT_RESIDENCE, CitizenField.DEATH_DATE)
                    .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build());
            out.printf("     %s: death registered (entry %s), residence %s, date of death %s%n",
                    Masking.name(elder.fullName()), death.entry().entryNumber(),
                    after.permanentResidence().isPresent() ? "still there" : "removed",
                    after.deathDate().map(Object::toString).orElse("-"));
            out.printf("     writes applied at the register: %d birth, %d death%n",
                    sandbox.civilStatus().birthsRegistered(), sandbox.civilStatus().deathsRegistered());
        }
    }

    /** A child's health insurance card in a parent's wallet: the insured child is named in the payload. */
    private record ChildCard(PersonalIdNumber child) implements DocumentPayload {
        @Override
        public DocumentType type() {
            return DocumentType.HEALTH_INSURANCE_CARD;
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("insuranceNumber", "0123456789");
            m.put("facilityCode", "01001");
            m.put("benefitLevel", 1);
            m.put("insuredIdNumber", child.value());
            return m;
        }
    }
}
