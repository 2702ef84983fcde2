package vn.ketnoi.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.identity.CccdQrCode;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.CitizenNotFoundException;
import vn.ketnoi.population.IdentityMismatchException;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * A walk through the SDK against the sandbox, started in-process. Run it with
 * {@code ./scripts/tour.sh}. Personal data is printed masked, as an application's logs should
 * show it, even though the sandbox's citizens are invented.
 */
public final class Tour {
    private final PrintStream out;
    private int step;

    Tour(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        new Tour(out).run();
    }

    void run() {
        out.println("Ketnoi tour: the SDK against the sandbox");
        out.println("========================================");

        long t0 = System.nanoTime();
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().build().start()) {
            section("Start the sandbox");
            say("Sandbox listening at %s, started in %d ms", sandbox.baseUri(), (System.nanoTime() - t0) / 1_000_000);
            say("Synthetic population: %,d citizens; provider signing key %s", sandbox.population().size(),
                    sandbox.currentSigningKeyId());

            ClientConfig config = SandboxClients.configFor(sandbox);
            section("Configure a client");
            say("Agency %s signs with key '%s' (%s)", config.agencyId(), config.credentials().keyId(),
                    config.credentials().algorithm());
            say("Timeouts: %s", config.httpOptions());

            try (PopulationClient population = PopulationClient.create(config)) {
                SyntheticCitizen c = sandbox.population().anyLiving();
                lookup(population, c);
                matching(population, c);
                outcomes(population, c);
                section("What it cost");
                say("%d access token(s) for %d API calls; %d fetch(es) of the provider's keys",
                        sandbox.stats().tokenRequests(), sandbox.stats().apiRequests(), sandbox.stats().jwksRequests());
                badInput();
                tampering(sandbox, config, c);
                identityUtilities(sandbox);
            }
            chapter("Population database: consent, verify, household, batch, jobs, change feed");
            PopulationTourChapter.run(sandbox, config, out);
            VneidTourChapter.run(sandbox, config, out);
            chapter("VNeID e-documents: issue, present, verify, revoke");
            EdocumentsTourChapter.run(sandbox, config, out);
            chapter("Through the exchange: a provincial LGSP and the national NDXP");
            ExchangeTourChapter.run(sandbox, out);
            chapter("The ID card's chip: passive and active authentication, offline");
            ChipTourChapter.run(sandbox, out);
            chapter("The other databases: the catalogue, civil status, the newborn and death procedures");
            CivilStatusTourChapter.run(sandbox, config, out);
            chapter("Given once: pushes into the population database, reconciliation, addresses in the 2025 form");
            PushTourChapter.run(sandbox, config, out);
        }
        out.println();
        out.println("Tour complete.");
    }

    private void lookup(PopulationClient population, SyntheticCitizen c) {
        section("Look up a citizen (Decree 70/2024: ID number + full name + date of birth)");
        LookupRequest request = request(c)
                .fields(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE, CitizenField.SEX,
                        CitizenField.PERMANENT_RESIDENCE, CitizenField.HOUSEHOLD)
                .build();
        say("Request: %s", request);
        long t = System.nanoTime();
        Citizen citizen = population.lookup(request);
        say("Signed request sent, signed answer verified in %d ms", (System.nanoTime() - t) / 1_000_000);
        say("Fields returned: %s (only those asked for)", citizen.fields());
        say("  ID number          %s, registered in %s", citizen.idNumber().masked(),
                citizen.idNumber().province().vietnameseName());
        say("  full name          %s", Masking.name(citizen.fullName().orElseThrow()));
        say("  date of birth      %s", citizen.birthDate().orElseThrow().masked());
        say("  sex                %s", citizen.sex().orElseThrow().vietnameseLabel());
        say("  permanent address  %s, form %s", citizen.permanentResidence().orElseThrow().provinceName().orElse("?"),
                citizen.permanentResidence().orElseThrow().form());
        say("  household          %s", citizen.household().map(Object::toString).orElse("-"));
        say("Citizen.toString(): %s", citizen);
    }

    private void matching(PopulationClient population, SyntheticCitizen c) {
        section("Names compare without case or accents");
        String plain = Normalizer.normalize(c.fullName(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace('đ', 'd').replace('Đ', 'D').toUpperCase(Locale.ROOT);
        Citizen again = population.lookup(request(c).fullName(plain).fields(CitizenField.SEX).build());
        say("'%s' written without accents in capitals still matches: %s", Masking.name(plain), again.idNumber().masked());
    }

    private void outcomes(PopulationClient population, SyntheticCitizen c) {
        section("Typed outcomes");
        try {
            population.lookup(request(c).fullName(c.fullName() + " Thị").fields(CitizenField.SEX).build());
        } catch (IdentityMismatchException e) {
            say("Wrong name  -> %s: %s", e.getClass().getSimpleName(), e.getMessage());
        }
        String unknown = c.idNumber().substring(0, 6) + "000000";
        try {
            population.lookup(request(c).idNumber(unknown).fields(CitizenField.SEX).build());
            say("(the made-up number happened to exist)");
        } catch (CitizenNotFoundException e) {
            say("Unknown ID  -> %s: %s", e.getClass().getSimpleName(), e.getMessage());
        } catch (IdentityMismatchException e) {
            say("Unknown ID  -> %s (the number exists)", e.getClass().getSimpleName());
        }
    }

    private void badInput() {
        section("Bad input never leaves the application");
        String[][] cases = {{"idNumber", "00108901234"}, {"idNumber", "00108901234A"}, {"birthDate", "2999-01-01"}};
        for (String[] bad : cases) {
            try {
                LookupRequest.Builder b = LookupRequest.builder();
                if (bad[0].equals("idNumber")) {
                    b.idNumber(bad[1]);
                } else {
                    b.birthDate(bad[1]);
                }
                say("accepted?! %s", bad[0]);
            } catch (InvalidInputException e) {
                say("%-10s refused before sending: field=%s, %s", bad[0], e.field(), e.getMessage());
            }
        }
        try {
            LookupRequest.builder().fieldNames("fullName", "favouriteColour");
        } catch (InvalidInputException e) {
            say("%-10s refused before sending: field=%s, %s", "fields", e.field(), e.getMessage());
        }
    }

    private void tampering(KetnoiSandbox sandbox, ClientConfig config, SyntheticCitizen c) {
        section("A body changed after signing is refused by the provider");
        ClientConfig tampered = config.toBuilder().addNetworkInterceptor(chain -> {
            KetnoiRequest r = chain.request();
            if (!r.uri().getPath().startsWith("/population/")) {
                return chain.proceed(r);
            }
            String body = new String(r.body(), StandardCharsets.UTF_8).replace("\"sex\"", "\"phone\"");
            return chain.proceed(r.toBuilder().body(body.getBytes(StandardCharsets.UTF_8)).build());
        }).build();
        try (PopulationClient client = PopulationClient.create(tampered)) {
            client.lookup(request(c).fields(CitizenField.SEX).build());
            say("accepted?!");
        } catch (SignatureRejectedException e) {
            say("%s: %s", e.getClass().getSimpleName(), e.getMessage());
        }
        say("Provider signing key rotated to %s; the client picks it up with one key fetch", sandbox.rotateSigningKey());
    }

    private void identityUtilities(KetnoiSandbox sandbox) {
        section("Identity utilities, offline");
        SyntheticCitizen c = sandbox.population().find(SyntheticCitizen::hasFullBirthDate).orElseThrow();
        PersonalIdNumber id = PersonalIdNumber.parse(c.idNumber());
        say("%s: registered in %s (code %s), %s, born %d; that province is now part of %s", id.masked(),
                id.province().vietnameseName(), id.provinceCode(), id.sex().vietnameseLabel(), id.birthYear(),
                id.province().currentProvince().vietnameseName());
        // The QR printed on a chip-based ID card: 7 fields separated by '|', dates as ddMMyyyy.
        String[] ymd = c.birthDate().split("-");
        String qr = String.join("|", c.idNumber(), "", c.fullName(), ymd[2] + ymd[1] + ymd[0],
                id.sex().vietnameseLabel(), c.permanentResidence().text(), "01072021");
        CccdQrCode code = CccdQrCode.parse(qr);
        say("QR of a chip card parsed: %s", code);
        say("The ID number agrees with the birth date: %s", code.isIdNumberConsistentWithBirthDate());
    }

    private LookupRequest.Builder request(SyntheticCitizen c) {
        return LookupRequest.builder()
                .idNumber(c.idNumber())
                .fullName(c.fullName())
                .birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.tour").withCaseNumber("HS-2026-000123"));
    }

    private void chapter(String title) {
        out.println();
        out.println("== " + title + " ==");
    }

    private void section(String title) {
        out.println();
        out.printf("%d. %s%n", ++step, title);
    }

    private void say(String format, Object... args) {
        out.println("   " + String.format(format, args));
    }
}
