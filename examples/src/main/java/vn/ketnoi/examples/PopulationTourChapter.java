package vn.ketnoi.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.population.BatchItemResult;
import vn.ketnoi.population.BatchRecord;
import vn.ketnoi.population.BatchRequest;
import vn.ketnoi.population.BatchResult;
import vn.ketnoi.population.ChangeCursor;
import vn.ketnoi.population.ChangeEvent;
import vn.ketnoi.population.ChangeFeed;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.ConsentRequiredException;
import vn.ketnoi.population.Household;
import vn.ketnoi.population.HouseholdMember;
import vn.ketnoi.population.HouseholdRequest;
import vn.ketnoi.population.JobHandle;
import vn.ketnoi.population.JobStatus;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.IdentityVerification;
import vn.ketnoi.population.VerifyRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The tour's chapter on the population operations beyond lookup: consent, verify, household,
 * batch, an asynchronous job and the change feed. Personal data is printed masked.
 */
public final class PopulationTourChapter {
    private static final String OPERATOR = "VN:canbo.tour";

    private PopulationTourChapter() {
    }

    /** Runs the chapter against a started sandbox with a client configuration for it. */
    public static void run(KetnoiSandbox sandbox, ClientConfig config, PrintStream out) {
        SyntheticCitizen an = sandbox.population().demoCitizen();
        try (PopulationClient population = PopulationClient.create(config)) {
            out.println();
            out.println("-- Consent: phone needs the citizen's consent token");
            LookupRequest.Builder phone = LookupRequest.builder().idNumber(an.idNumber()).fullName(an.fullName())
                    .birthDate(an.birthDate()).fields(CitizenField.PHONE)
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR));
            try {
                population.lookup(phone.build());
            } catch (ConsentRequiredException e) {
                out.printf("   without a token: %s, fields %s%n", e.errorCode(), e.fieldErrors());
            }
            String token = sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, an.idNumber(), Set.of("phone"),
                    Duration.ofMinutes(10));
            Citizen withConsent = population.lookup(phone.consentToken(token).build());
            out.printf("   with a token: phone %s%n", withConsent.phone().map(Masking::phone).orElse("(none on record)"));

            out.println("-- Verify: verdicts, never values");
            IdentityVerification v = population.verify(VerifyRequest.builder().idNumber(an.idNumber())
                    .fullName("NGUYEN VAN AN").birthDate(an.birthDate().substring(0, 4))
                    .permanentResidence("Somewhere else entirely")
                    .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR)).build());
            out.printf("   %s: %s%n", v.idNumber().masked(), v.verdicts());

            out.println("-- Household");
            Household h = population.household(HouseholdRequest.builder().idNumber(an.idNumber())
                    .fullName(an.fullName()).birthDate(an.birthDate())
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build());
            out.printf("   household %s, head %s%n", Masking.text(h.householdId()), h.headIdNumber().masked());
            for (HouseholdMember m : h.members()) {
                out.printf("   - %s %s (%s)%n", m.idNumber().masked(), m.fullName().map(Masking::name).orElse("?"),
                        m.relationshipToHead());
            }

            out.println("-- Batch: a bad record fails alone");
            BatchRequest spec = BatchRequest.lookup(CitizenField.FULL_NAME)
                    .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build();
            BatchResult batch = population.batch(spec, List.of(
                    BatchRecord.of("ok", an.idNumber(), an.fullName(), an.birthDate()),
                    BatchRecord.of("bad-id", "12345", an.fullName(), an.birthDate()),
                    BatchRecord.of("wrong-name", an.idNumber(), "Nguyễn Văn Anh", an.birthDate())));
            for (BatchItemResult r : batch.items()) {
                out.printf("   %-10s %s%n", r.itemId(), r.isSuccess() ? "ok" : r.failure() + " " + r.errorCode().orElse(""));
            }

            out.println("-- Asynchronous job: 5,000 records streamed up, results streamed back");
            List<SyntheticCitizen> people = sandbox.population().citizens();
            JobHandle job = population.submitJob(spec, IntStream.range(0, 5_000).mapToObj(i -> {
                SyntheticCitizen c = people.get(i % people.size());
                return BatchRecord.of("r" + i, c.idNumber(), c.fullName(), c.birthDate());
            }));
            JobStatus status = job.awaitCompletion(Duration.ofMinutes(2));
            long ok = job.results().stream().filter(BatchItemResult::isSuccess).count();
            out.printf("   job %s: %s, %,d records, %,d succeeded%n", job.id(), status.state(),
                    status.processedRecords(), ok);

            out.println("-- Change feed: resumable from the cursor the agency commits");
            ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR));
            Paginator.Page<ChangeEvent> page = feed.read(ChangeCursor.beginning(), 5);
            for (ChangeEvent e : page.items()) {
                out.printf("   %s %-16s %s%n", e.occurredAt(), e.type(), e.idNumber().masked());
            }
            out.printf("   commit cursor %s; more waiting: %s%n", ChangeCursor.after(page).value(), page.hasMore());
        }
    }
}
