package vn.ketnoi.population.reconciliation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxMain;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Reconciliation against the sandbox ({@code docs/reconciliation.md}): every outcome per record
 * and per field, the reports, a bounded window, a crash and a resume that ends as an
 * uninterrupted run ends, and the command line.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ReconcilerTest {

    static Reconciler.Builder reconciler(PopulationClient population) {
        return Reconciler.builder(population).context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.reconcile"));
    }

    /** The register's copy of a citizen, as the population database holds it. */
    static RegisterRecord faithful(String recordId, SyntheticCitizen c) {
        return RegisterRecord.of(recordId, c.idNumber(), c.fullName(), c.birthDate())
                .with(CitizenField.SEX, c.sex())
                .with(CitizenField.PERMANENT_RESIDENCE, c.permanentResidence().text());
    }

    static List<SyntheticCitizen> living(KetnoiSandbox sandbox) {
        return sandbox.population().citizens().stream().filter(c -> !c.isDeceased() && c.hasFullBirthDate()).toList();
    }

    @Test
    void eachRecordAndEachFieldGetsItsOutcome(KetnoiSandbox sandbox, PopulationClient population, @TempDir Path dir)
            throws IOException {
        List<SyntheticCitizen> p = living(sandbox);
        List<SyntheticCitizen> noOldIds = p.stream().filter(c -> c.oldIdNumber() == null).limit(2).toList();
        SyntheticCitizen noOldId = noOldIds.get(0);
        SyntheticCitizen withOldId = p.stream().filter(c -> c.oldIdNumber() != null).findFirst().orElseThrow();
        String unknown = p.get(0).idNumber().substring(0, 6) + "000000";
        List<RegisterRecord> register = List.of(
                faithful("row-1", p.get(0)),
                faithful("row-2", p.get(1)).with(CitizenField.SEX, p.get(1).sex().equals("MALE") ? "FEMALE" : "MALE")
                        .with(CitizenField.PERMANENT_RESIDENCE, "Số 1 phố Giả, Phường Không Có, Thành phố Hà Nội"),
                RegisterRecord.of("row-3", p.get(2).idNumber(), p.get(2).fullName() + " Thị", p.get(2).birthDate()),
                faithful("row-4", withOldId).with(CitizenField.PERMANENT_RESIDENCE, null),
                RegisterRecord.of("row-5", noOldId.idNumber(), noOldId.fullName(), noOldId.birthDate())
                        .with(CitizenField.SEX, noOldId.sex()).with(CitizenField.PERMANENT_RESIDENCE,
                                noOldId.permanentResidence().text()).with(CitizenField.OLD_ID_NUMBER, "012345678"),
                faithful("row-6", noOldIds.get(1)).with(CitizenField.SEX, null).with(CitizenField.PERMANENT_RESIDENCE, null),
                RegisterRecord.of("row-7", unknown, "Nguyễn Văn Không", "1990-01-01"),
                RegisterRecord.of("row-8", "12345", "Nguyễn Văn Sai", "1990-01-01"),
                RegisterRecord.of("row-9", p.get(5).idNumber(), "x".repeat(600), p.get(5).birthDate()));
        Path csv = dir.resolve("report.csv");
        Path json = dir.resolve("report.jsonl");
        List<RecordReport> reports = new ArrayList<>();

        ReconciliationSummary summary = reconciler(population)
                .compare(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE, CitizenField.OLD_ID_NUMBER)
                .showRegisterValues(CitizenField.SEX)
                .csvReport(csv).jsonReport(json).onRecord(reports::add)
                .build().run(register.iterator());

        assertEquals(List.of(RecordOutcome.MATCH, RecordOutcome.DIFFERS, RecordOutcome.DIFFERS, RecordOutcome.DIFFERS,
                RecordOutcome.DIFFERS, RecordOutcome.DIFFERS, RecordOutcome.MISSING_IN_POPULATION, RecordOutcome.INVALID,
                RecordOutcome.INVALID), reports.stream().map(RecordReport::outcome).toList());
        RecordReport mismatch = reports.get(1);
        assertEquals(FieldOutcome.MISMATCH, mismatch.fields().get(CitizenField.SEX));
        assertEquals(FieldOutcome.MISMATCH, mismatch.fields().get(CitizenField.PERMANENT_RESIDENCE));
        assertEquals(Map.of(CitizenField.SEX, register.get(1).values().get(CitizenField.SEX)), mismatch.registerValues(),
                "the register's value only for the field the run shows");
        assertEquals(FieldOutcome.MISMATCH, reports.get(2).fields().get(CitizenField.FULL_NAME));
        assertEquals(FieldOutcome.MISSING_IN_REGISTER, reports.get(3).fields().get(CitizenField.PERMANENT_RESIDENCE));
        assertEquals(FieldOutcome.MISSING_IN_REGISTER, reports.get(3).fields().get(CitizenField.OLD_ID_NUMBER));
        assertEquals(FieldOutcome.MATCH, reports.get(5).fields().get(CitizenField.OLD_ID_NUMBER),
                "neither holds one: they agree");
        assertEquals(FieldOutcome.MISSING_IN_POPULATION, reports.get(4).fields().get(CitizenField.OLD_ID_NUMBER));
        assertEquals(FieldOutcome.MISSING_IN_REGISTER, reports.get(5).fields().get(CitizenField.SEX));
        assertEquals("idNumber", reports.get(7).problem().orElseThrow(), "refused by the provider");
        assertEquals("fullName", reports.get(8).problem().orElseThrow(), "refused before sending");
        assertEquals(9, summary.records());
        assertEquals(5, summary.count(RecordOutcome.DIFFERS));
        assertEquals(1, summary.count(CitizenField.SEX, FieldOutcome.MISMATCH));

        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("record_id,record_outcome,field,field_outcome,register_value", rows.get(0));
        assertTrue(rows.contains("row-2,DIFFERS,sex,MISMATCH," + register.get(1).values().get(CitizenField.SEX)));
        assertTrue(rows.contains("row-2,DIFFERS,permanentResidence,MISMATCH,"), "a field not shown: no value");
        assertTrue(rows.contains("row-7,MISSING_IN_POPULATION,,,"));
        assertTrue(rows.contains("row-8,INVALID,idNumber,,"));
        List<String> lines = Files.readAllLines(json, StandardCharsets.UTF_8);
        assertEquals(9, lines.size());
        assertEquals("{\"recordId\":\"row-1\",\"outcome\":\"MATCH\",\"fields\":{\"fullName\":\"MATCH\",\"birthDate\":"
                + "\"MATCH\",\"sex\":\"MATCH\",\"oldIdNumber\":\"MATCH\",\"permanentResidence\":\"MATCH\"}}", lines.get(0));
        String all = Files.readString(csv) + Files.readString(json);
        assertFalse(all.contains(p.get(0).fullName()) || all.contains(p.get(0).idNumber()),
                "no identifier of the register is copied into the reports");
    }

    /** A register of {@code n} faithful records, made as they are read. */
    static Iterator<RegisterRecord> register(List<SyntheticCitizen> p, int n) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public RegisterRecord next() {
                SyntheticCitizen c = p.get(i % p.size());
                RegisterRecord r = faithful("row-" + i, c);
                // Every seventh record differs, so the reports are not all alike.
                return i++ % 7 == 0 ? r.with(CitizenField.SEX, c.sex().equals("MALE") ? "FEMALE" : "MALE") : r;
            }
        };
    }

    @Test
    void aRunStoppedMidwayResumesAfterItsLastCheckpointAndEndsAsAnUninterruptedRun(KetnoiSandbox sandbox,
            PopulationClient population, @TempDir Path dir) throws IOException {
        List<SyntheticCitizen> p = living(sandbox);
        int n = 1_000;
        Path fullCsv = dir.resolve("full.csv");
        Path fullJson = dir.resolve("full.jsonl");
        long calls0 = sandbox.faults().callsTo("/population/v1/batch");
        ReconciliationSummary full = reconciler(population).compare(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE)
                .csvReport(fullCsv).jsonReport(fullJson).window(2).build().run(register(p, n));
        long fullCalls = sandbox.faults().callsTo("/population/v1/batch") - calls0;
        assertEquals(10, fullCalls, "one verification batch per 100 records");

        Path csv = dir.resolve("report.csv");
        Path json = dir.resolve("report.jsonl");
        Path checkpoint = dir.resolve("report.checkpoint");
        Reconciler resumable = reconciler(population).compare(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE)
                .csvReport(csv).jsonReport(json).checkpoint(checkpoint).checkpointEvery(100).window(2).build();
        Iterator<RegisterRecord> crashing = new Iterator<>() {
            final Iterator<RegisterRecord> in = register(p, n);
            int read;

            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public RegisterRecord next() {
                if (++read > 650) {
                    throw new IllegalStateException("the process dies here");
                }
                return in.next();
            }
        };
        long calls1 = sandbox.faults().callsTo("/population/v1/batch");
        assertThrows(IllegalStateException.class, () -> resumable.run(crashing));
        // A line half-written when the process died.
        Files.writeString(csv, "row-999,DIFF", StandardOpenOption.APPEND);

        ReconciliationSummary resumed = resumable.run(register(p, n));
        long calls = sandbox.faults().callsTo("/population/v1/batch") - calls1;

        assertTrue(resumed.resumedAfter() >= 400, "the finished records were kept: " + resumed.resumedAfter());
        assertTrue(calls <= fullCalls + 2, "at most the batches in flight at the crash are redone: " + calls);
        assertArrayEquals(Files.readAllBytes(fullCsv), Files.readAllBytes(csv));
        assertArrayEquals(Files.readAllBytes(fullJson), Files.readAllBytes(json));
        assertEquals(full.toString(), resumed.toString().replace(", resumedAfter", ""));
        assertEquals(full.count(RecordOutcome.DIFFERS), resumed.count(RecordOutcome.DIFFERS));
        assertEquals(n, resumed.records());
    }

    @Test
    void noMoreThanTheWindowIsReadAheadOfTheReport(KetnoiSandbox sandbox, PopulationClient population) {
        List<SyntheticCitizen> p = living(sandbox);
        AtomicLong read = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong ahead = new AtomicLong();
        Iterator<RegisterRecord> in = register(p, 1_500);
        Iterator<RegisterRecord> counting = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public RegisterRecord next() {
                ahead.accumulateAndGet(read.incrementAndGet() - written.get(), Math::max);
                return in.next();
            }
        };
        reconciler(population).window(3).onRecord(r -> written.incrementAndGet()).build().run(counting);
        assertEquals(1_500, written.get());
        assertTrue(ahead.get() <= 3 * Reconciler.BATCH, "records held at once: " + ahead.get());
    }

    @Test
    void aFieldOutsideTheGrantIsNeitherComparedNorShown(KetnoiSandbox sandbox, @TempDir Path dir) throws IOException {
        List<SyntheticCitizen> p = living(sandbox);
        Path csv = dir.resolve("report.csv");
        try (PopulationClient limited = PopulationClient.create(
                vn.ketnoi.testkit.SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            Reconciler r = reconciler(limited).compare(CitizenField.OLD_ID_NUMBER)
                    .showRegisterValues(CitizenField.OLD_ID_NUMBER).csvReport(csv).build();
            Iterator<RegisterRecord> register = List.of(RegisterRecord.of("row-1", p.get(0).idNumber(),
                    p.get(0).fullName(), p.get(0).birthDate()).with(CitizenField.OLD_ID_NUMBER, "012345678")).iterator();
            vn.ketnoi.population.FieldNotGrantedException e = assertThrows(
                    vn.ketnoi.population.FieldNotGrantedException.class, () -> r.run(register));
            assertEquals("oldIdNumber", e.fieldErrors().get(0).field());
        }
        assertEquals(List.of("record_id,record_outcome,field,field_outcome,register_value"),
                Files.readAllLines(csv, StandardCharsets.UTF_8), "no report line, no register value");
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(PopulationClient population, @TempDir Path dir) throws IOException {
        Path checkpoint = dir.resolve("c");
        Files.writeString(checkpoint, "signature=v1 compare=[FULL_NAME] show=[]\nrecords=5\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> reconciler(population)
                .compare(CitizenField.SEX).checkpoint(checkpoint).csvReport(dir.resolve("r.csv")).build()
                .run(List.<RegisterRecord>of().iterator()));
        assertEquals("checkpoint", e.field());
        assertThrows(InvalidInputException.class, () -> reconciler(population).compare(CitizenField.RELIGION));
        assertEquals("showRegisterValues", assertThrows(InvalidInputException.class, () -> reconciler(population)
                .showRegisterValues(CitizenField.SEX).csvReport(dir.resolve("r.csv")).build()).field());
        assertEquals("report", assertThrows(InvalidInputException.class, () -> reconciler(population).build()).field());
    }

    @Test
    void registerFilesAreReadAsRfc4180AndAMalformedRowIsNamedByNumberNotContent(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("register.csv");
        RegisterCsv.write(f, List.of(CitizenField.PERMANENT_RESIDENCE), List.of(
                RegisterRecord.of("a,1", "001089012345", "Nguyễn \"An\"", "1989")
                        .with(CitizenField.PERMANENT_RESIDENCE, "Số 1,\nHà Nội")).iterator());
        try (RegisterCsv.Reader r = RegisterCsv.open(f)) {
            RegisterRecord back = r.next();
            assertEquals("a,1", back.recordId());
            assertEquals("Nguyễn \"An\"", back.fullName());
            assertEquals("Số 1,\nHà Nội", back.values().get(CitizenField.PERMANENT_RESIDENCE));
            assertFalse(r.hasNext());
        }
        Files.writeString(f, "record_id,id_number,full_name,birth_date\nr1,001089012345,Nguyễn Văn An\n");
        try (RegisterCsv.Reader r = RegisterCsv.open(f)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, r::next);
            assertTrue(e.getMessage().contains("row 2"));
            assertFalse(e.getMessage().contains("Nguyễn"));
        }
        Files.writeString(f, "record_id,id_number,full_name,birth_date,religion\n");
        assertEquals("input", assertThrows(InvalidInputException.class, () -> RegisterCsv.open(f)).field());
        assertEquals("'=HYPERLINK(\"x\")", ReportFiles.cell("=HYPERLINK(\"x\")").replace("\"\"", "\"").replaceAll("^\"|\"$", ""),
                "a cell a spreadsheet would run is defused");
    }

    @Test
    void theCommandLineReconcilesAFileWithProgressAndPrintsNoPersonalData(KetnoiSandbox sandbox, @TempDir Path dir)
            throws IOException {
        Path credentials = SandboxMain.writeCredentials(sandbox, dir.resolve("sandbox"));
        List<SyntheticCitizen> p = living(sandbox);
        Path input = dir.resolve("register.csv");
        RegisterCsv.write(input, List.of(CitizenField.SEX), register(p, 250));
        for (boolean terminal : new boolean[] {true, false}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path report = dir.resolve("report-" + terminal + ".csv");
            int status = ReconcileCommand.run(new String[] {"--config", credentials.resolve("ketnoi.properties").toString(),
                    "--input", input.toString(), "--csv", report.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
            assertTrue(printed.contains("250 records: 214 match, 36 differ"), printed);
            if (terminal) {
                assertTrue(printed.contains("\r[##############################] 100%"), printed);
            }
            assertFalse(printed.contains(p.get(0).fullName()) || printed.contains(p.get(0).idNumber()));
            assertTrue(Files.exists(dir.resolve("report-" + terminal + ".csv.checkpoint")));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ReconcileCommand.run(new String[] {"--input"}, System.out, new PrintStream(err, true,
                StandardCharsets.UTF_8), false));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: reconcile"));
    }
}
