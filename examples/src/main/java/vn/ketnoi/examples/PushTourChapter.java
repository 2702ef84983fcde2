package vn.ketnoi.examples;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.identity.Address;
import vn.ketnoi.core.identity.AddressConversion;
import vn.ketnoi.core.identity.BirthRegistrationProvince;
import vn.ketnoi.core.identity.CommuneMapping;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Province;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.FieldPush;
import vn.ketnoi.population.IntegratedField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.PushBatch;
import vn.ketnoi.population.PushItemResult;
import vn.ketnoi.population.SourceField;
import vn.ketnoi.population.reconciliation.Reconciler;
import vn.ketnoi.population.reconciliation.RecordReport;
import vn.ketnoi.population.reconciliation.RegisterRecord;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The tour's "given once" chapter: an agency pushes the values it is the source of into the
 * population database and gets a verdict per value, a repeat changes nothing, an older value loses
 * to a newer one, every lookup then returns the value with its source; the agency reconciles its
 * own register against the database; an address is brought to the 2025 form or flagged. Personal
 * data is printed masked, and pushed values not at all.
 */
public final class PushTourChapter {
    private PushTourChapter() {
    }

    /**
     * Runs the chapter.
     *
     * @param sandbox a started sandbox
     * @param config the default agency's configuration
     * @param out where to write
     */
    public static void run(KetnoiSandbox sandbox, ClientConfig config, PrintStream out) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        PersonalIdNumber id = PersonalIdNumber.parse(c.idNumber());
        Instant march = Instant.parse("2026-03-01T00:00:00Z");
        try (PopulationClient population = PopulationClient.create(config)) {
            PushBatch batch = PushBatch.builder().context(RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync"))
                    .add(FieldPush.of(id, SourceField.HEALTH_INSURANCE_NUMBER, "DN4010123456789", march)).build();
            out.printf("   push %s's health insurance number, as of %s -> %s%n", id.masked(), march,
                    population.push(batch).items().get(0).verdict());
            out.printf("   the same batch again, same key -> %s (the stored verdict); values written: %d%n",
                    population.push(batch).items().get(0).verdict(), sandbox.stats().pushesApplied());
            out.printf("   the same value under a new key -> %s%n", population.push(PushBatch.builder()
                    .context(RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync")).addAll(batch.pushes()).build())
                    .items().get(0).verdict());
            PushItemResult older = population.push(PushBatch.builder()
                    .context(RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync")).add(FieldPush.of(id, SourceField.HEALTH_INSURANCE_NUMBER,
                            "DN4010999999999", Instant.parse("2026-01-01T00:00:00Z"))).build()).items().get(0);
            out.printf("   another value as of January -> %s: the value as of %s stays%n", older.verdict(),
                    older.heldAsOf().orElseThrow());
            IntegratedField held = population.lookup(LookupRequest.builder().idNumber(c.idNumber())
                    .fullName(c.fullName()).birthDate(c.birthDate()).fields(CitizenField.HEALTH_INSURANCE_NUMBER)
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.tour")).build())
                    .integrated(SourceField.HEALTH_INSURANCE_NUMBER).orElseThrow();
            out.printf("   any agency granted the field now reads it: source %s, as of %s%n", held.sourceAgency(),
                    held.asOf());

            List<SyntheticCitizen> people = sandbox.population().citizens().subList(0, 3);
            List<RegisterRecord> register = List.of(
                    RegisterRecord.of("row-1", people.get(0).idNumber(), people.get(0).fullName(),
                            people.get(0).birthDate()).with(CitizenField.SEX, people.get(0).sex()),
                    RegisterRecord.of("row-2", people.get(1).idNumber(), people.get(1).fullName(),
                            people.get(1).birthDate()).with(CitizenField.SEX,
                            people.get(1).sex().equals("MALE") ? "FEMALE" : "MALE"),
                    RegisterRecord.of("row-3", people.get(2).idNumber().substring(0, 6) + "000000", "Trần Thị Không",
                            "1990-01-01"));
            Reconciler.builder(population).context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.reconcile"))
                    .compare(CitizenField.SEX)
                    .onRecord((RecordReport r) -> out.printf("   reconcile %s -> %s %s%n", r.recordId(), r.outcome(),
                            r.fields()))
                    .build().run(register.iterator());
        }

        CommuneMapping communes = CommuneMapping.builder().add(BirthRegistrationProvince.HA_NOI, "Quận Cầu Giấy",
                "Phường Dịch Vọng", Province.HA_NOI, "Phường Cầu Giấy").build();
        for (String text : List.of("Số 12 Ngõ 5, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội",
                "Xã Minh Tân, Huyện Vị Xuyên, Tỉnh Hà Giang")) {
            AddressConversion conversion = Address.parse(text).toCurrentForm(communes);
            out.printf("   address to the 2025 form -> %s, province %s%s%n", conversion.outcome(),
                    conversion.province().map(Province::vietnameseName).orElse("?"),
                    conversion.reason().map(r -> " (" + r + ")").orElse(""));
        }
    }
}
