package vn.ketnoi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scans log text for what must never be there: values of the synthetic population (ID numbers,
 * full names, birth dates, address lines, phones, e-mail addresses) and credentials (JWS such as
 * tokens, assertions and signatures, bearer tokens, PEM private keys).
 *
 * <p>The population is the sandbox's default one, generated through {@code sdk-testkit}'s public
 * API when it is on the test class path (found reflectively, so that this artifact depends on no
 * Ketnoi module and every module can use it); without it, only credentials are looked for.
 */
public final class LeakCheck {
    private static final List<Pattern> CREDENTIALS = List.of(
            // A compact JWS: a token, a client assertion, a request or response signature, an ID token.
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}"),
            Pattern.compile("-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
            Pattern.compile("(?i)bearer\\s+(?!\\*\\*\\*)[A-Za-z0-9._~+/-]{12,}"),
            Pattern.compile("(?i)(?:access_token|client_assertion|id_token|refresh_token)[\"'=:\\s]+(?!\\*\\*\\*)[A-Za-z0-9._~+/-]{12,}"));

    private final Set<String> values;

    private LeakCheck(Set<String> values) {
        this.values = values;
    }

    /** A check for credentials and the default synthetic population (if the testkit is present). */
    public static LeakCheck standard() {
        return new LeakCheck(populationValues());
    }

    /** A check for credentials and these values. */
    public static LeakCheck of(Set<String> values) {
        return new LeakCheck(Set.copyOf(values));
    }

    /** The number of population values looked for. */
    public int valueCount() {
        return values.size();
    }

    /**
     * Scans a log file.
     *
     * @param log the file; a missing file has no findings
     * @return one line per finding: where, and what kind (never the value itself)
     */
    public List<String> scan(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            for (Pattern p : CREDENTIALS) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    findings.add(log.getFileName() + ":" + (i + 1) + ": a credential (" + kind(p) + ")");
                }
            }
            for (String v : values) {
                if (line.contains(v)) {
                    findings.add(log.getFileName() + ":" + (i + 1) + ": an unmasked value of the synthetic population ("
                            + v.length() + " characters, starting " + v.charAt(0) + ")");
                    break;
                }
            }
        }
        return findings;
    }

    private static String kind(Pattern p) {
        int i = CREDENTIALS.indexOf(p);
        return switch (i) {
            case 0 -> "a JWS: token, assertion or signature";
            case 1 -> "a PEM private key";
            case 2 -> "a bearer token";
            default -> "an OAuth token parameter";
        };
    }

    private static Set<String> populationValues() {
        Set<String> out = new LinkedHashSet<>();
        try {
            Class<?> sandbox = Class.forName("vn.ketnoi.testkit.KetnoiSandbox");
            long seed = sandbox.getField("DEFAULT_SEED").getLong(null);
            Class<?> population = Class.forName("vn.ketnoi.testkit.SandboxPopulation");
            Object pop = population.getMethod("generate", int.class, long.class).invoke(null, 10_000, seed);
            List<?> citizens = (List<?>) population.getMethod("citizens").invoke(pop);
            Class<?> citizen = Class.forName("vn.ketnoi.testkit.SyntheticCitizen");
            Method id = citizen.getMethod("idNumber");
            Method name = citizen.getMethod("fullName");
            Method birth = citizen.getMethod("birthDate");
            Method phone = citizen.getMethod("phone");
            Method email = citizen.getMethod("email");
            Method residence = citizen.getMethod("permanentResidence");
            Method text = Class.forName("vn.ketnoi.testkit.SyntheticAddress").getMethod("text");
            for (Object c : citizens) {
                add(out, (String) id.invoke(c), 12);
                add(out, (String) name.invoke(c), 10);
                String b = (String) birth.invoke(c);
                if (b != null && b.length() == 10) {
                    // A full date with the citizen's ID number nearby would be caught by the ID; a date
                    // alone is too common to search for (timestamps, validity dates) and is left out.
                    add(out, b.substring(8, 10) + "/" + b.substring(5, 7) + "/" + b.substring(0, 4), 10);
                }
                add(out, (String) phone.invoke(c), 10);
                add(out, (String) email.invoke(c), 8);
                Object addr = residence.invoke(c);
                if (addr != null) {
                    add(out, (String) text.invoke(addr), 20);
                }
            }
        } catch (ClassNotFoundException e) {
            return Set.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the testkit's population API changed: update the leak check", e);
        }
        return out;
    }

    private static void add(Set<String> out, String value, int minLength) {
        if (value != null && value.length() >= minLength) {
            out.add(value);
        }
    }
}
