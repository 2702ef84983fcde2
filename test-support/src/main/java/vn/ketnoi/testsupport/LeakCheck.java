package vn.ketnoi.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** Every value is at least this long (see {@link #add}), so its first characters index it. */
    private static final int KEY_LENGTH = 8;

    private final Set<String> values;
    private final Map<String, List<String>> byPrefix = new HashMap<>();

    private LeakCheck(Set<String> values) {
        this.values = values;
        for (String v : values) {
            if (v.length() < KEY_LENGTH) {
                throw new IllegalArgumentException("a value to look for must have at least " + KEY_LENGTH
                        + " characters; one has " + v.length());
            }
            byPrefix.computeIfAbsent(v.substring(0, KEY_LENGTH), k -> new ArrayList<>(1)).add(v);
        }
    }

    /** {@return a check for credentials and the default synthetic population (if the testkit is present)} */
    public static LeakCheck standard() {
        return new LeakCheck(populationValues());
    }

    /**
     * {@return a check for credentials and these values}
     *
     * @param values the synthetic values to look for, besides the credentials
     */
    public static LeakCheck of(Set<String> values) {
        return new LeakCheck(Set.copyOf(values));
    }

    /** {@return the number of population values looked for} */
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
        return scan(log, 0);
    }

    /**
     * Scans the part of a log file from a byte offset on: what one test session wrote to a file
     * that earlier runs appended to.
     *
     * @param log the file; a missing file has no findings
     * @param from the offset where the part starts; beyond the end of the file, the whole file
     *             (it was truncated since)
     * @return one line per finding, with the line's number in the whole file
     */
    public List<String> scan(Path log, long from) {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> findings = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long start = from > channel.size() ? 0 : Math.max(0, from);
            int lineNumber = 1 + countLines(channel, start);
            channel.position(start);
            BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 1 << 16);
            for (String line; (line = reader.readLine()) != null; lineNumber++) {
                scanLine(log, lineNumber, line, findings);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        return findings;
    }

    private void scanLine(Path log, int lineNumber, String line, List<String> findings) {
        for (Pattern p : CREDENTIALS) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                findings.add(log.getFileName() + ":" + lineNumber + ": a credential (" + kind(p) + ")");
            }
        }
        String v = firstValueIn(line);
        if (v != null) {
            findings.add(log.getFileName() + ":" + lineNumber + ": an unmasked value of the synthetic population ("
                    + v.length() + " characters, starting " + v.charAt(0) + ")");
        }
    }

    /**
     * The first known value the line contains. Values are indexed by their first
     * {@value #KEY_LENGTH} characters, so a line costs one hash look-up per position instead of
     * one search per value: tens of thousands of values over megabytes of log stay linear.
     */
    private String firstValueIn(String line) {
        for (int i = 0; i + KEY_LENGTH <= line.length(); i++) {
            List<String> candidates = byPrefix.get(line.substring(i, i + KEY_LENGTH));
            if (candidates != null) {
                for (String v : candidates) {
                    if (line.startsWith(v, i)) {
                        return v;
                    }
                }
            }
        }
        return null;
    }

    private static int countLines(FileChannel channel, long end) throws IOException {
        int lines = 0;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long read = 0;
        channel.position(0);
        while (read < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - read));
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    lines++;
                }
            }
            read += n;
        }
        return lines;
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
