package vn.ketnoi.core.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.json.Json;

/**
 * The format of an audit file, and the check that it is whole and genuine.
 *
 * <p>Each record is one line: {@code <crc> <chain> <json>\n}. {@code json} is the event with a
 * sequence number ({@code "seq"}, 1, 2, 3... in each file); {@code chain} is 64 hex digits,
 * HMAC-SHA-256 under the audit key of the previous record's chain value followed by {@code json}
 * (the first record chains from a fixed start value); {@code crc} is 8 hex digits, the CRC-32 of
 * everything after it. The checksum tells a torn or damaged line from a whole one; the chain tells
 * a genuine record from a rewritten, deleted, inserted or moved one.
 *
 * <p>With an audit key, only its holder can write a record that verifies: someone who can edit the
 * file but lacks the key cannot hide an edit, however carefully they recompute checksums. Without a
 * key the chain is computed under a public constant: it still finds damage, deleted, inserted and
 * moved records, but not a writer who recomputes the chain from the edited record to the end. No
 * chain shows that records were cut from the end: keep {@link AuditTrailReport#lastSequence()} and
 * {@link AuditTrailReport#lastChainValue()} somewhere else from time to time.
 *
 * <p>Command: {@code java -cp <sdk-core and its dependencies> vn.ketnoi.core.audit.AuditTrail
 * [--key-env VAR | --key-file FILE] FILE...} verifies each file with the base64 key read from the
 * environment variable or file (never from the command line, where other users can read it), prints
 * one line per file, and exits 0 when all are intact, 1 when one is not, 2 on a usage or read error.
 */
public final class AuditTrail {
    /** The least key length accepted, as for {@link SubjectHasher}. */
    public static final int MIN_KEY_BYTES = 32;

    // Public on purpose: without a key the chain is a plain hash chain anyone can recompute.
    private static final byte[] UNKEYED = "ketnoi audit trail: no key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] START = "ketnoi-audit/2 start".getBytes(StandardCharsets.US_ASCII);
    private static final int CRC_HEX = 8;
    private static final int CHAIN_HEX = 64;
    private static final int JSON_AT = CRC_HEX + 1 + CHAIN_HEX + 1;

    private AuditTrail() {
    }

    /**
     * Verifies an audit file written by {@link FileAuditSink}: every record's checksum, its sequence
     * number and its chain value under the key. A torn last line (no newline, left by a crash) is
     * not a problem; anything else that does not verify is, and the report names the first such
     * record. Reads the file only.
     *
     * @param file the audit file
     * @param key  the audit key the file was written under, or {@code null} for a file written without one
     * @return the report
     * @throws InvalidInputException when the key is shorter than {@value #MIN_KEY_BYTES} bytes
     * @throws UncheckedIOException when the file cannot be read
     */
    public static AuditTrailReport verify(Path file, byte @Nullable [] key) {
        byte[] macKey = macKey(key);
        return scan(file, readAll(file), macKey).report();
    }

    /**
     * Verifies the files named on the command line; see the class comment.
     *
     * @param args {@code [--key-env VAR | --key-file FILE] FILE...}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        byte[] key = null;
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--key-env") && i + 1 < args.length) {
                    String v = System.getenv(args[++i]);
                    if (v == null) {
                        err.println("the environment variable " + args[i] + " is not set");
                        return 2;
                    }
                    key = Base64.getDecoder().decode(v.strip());
                } else if (args[i].equals("--key-file") && i + 1 < args.length) {
                    key = Base64.getDecoder().decode(Files.readString(Path.of(args[++i])).strip());
                } else if (args[i].startsWith("--")) {
                    files.clear();
                    break;
                } else {
                    files.add(Path.of(args[i]));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the key: " + e.getClass().getSimpleName());
            return 2;
        }
        if (files.isEmpty()) {
            err.println("usage: java -cp ... " + AuditTrail.class.getName()
                    + " [--key-env VAR | --key-file FILE] FILE...   (the key in base64)");
            return 2;
        }
        int status = 0;
        for (Path f : files) {
            try {
                AuditTrailReport r = verify(f, key);
                out.println((r.intact() ? "INTACT  " : "BAD     ") + f + ": " + r.describe()
                        + (r.intact() && r.lastSequence() > 0 ? ", chain " + r.lastChainValue() : ""));
                if (!r.intact()) {
                    status = 1;
                }
            } catch (UncheckedIOException | InvalidInputException e) {
                err.println("cannot verify " + f + ": " + e.getMessage());
                return 2;
            }
        }
        return status;
    }

    // ---- the format, shared with FileAuditSink ----

    /** The key the chain is computed under: the agency's audit key, or the public constant. */
    static byte[] macKey(byte[] key) {
        if (key == null) {
            return UNKEYED;
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new InvalidInputException("audit.key", "must be at least " + MIN_KEY_BYTES + " bytes");
        }
        return Arrays.copyOf(key, key.length);
    }

    static byte[] start(byte[] macKey) {
        return hmac(macKey, new byte[0], START);
    }

    static byte[] hmac(byte[] macKey, byte[] previous, byte[] json) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            mac.update(previous);
            return mac.doFinal(json);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The event as one-line JSON, its sequence number first. */
    static byte[] json(long seq, AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", e.time().toString());
        m.put("service", e.service());
        m.put("operation", e.operation());
        m.put("agency", e.agencyId());
        m.put("operator", e.operatorId());
        m.put("purpose", e.purpose());
        m.put("case", e.caseNumber());
        m.put("subjects", e.subjects());
        m.put("fields", e.fields());
        m.put("outcome", e.outcome());
        m.put("status", e.status());
        m.put("requestId", e.requestId());
        // Written only when weaker than the protocol's: records written before the member existed
        // stay byte for byte what they were, so their chain still verifies.
        if (e.integrity() != Integrity.END_TO_END_SIGNED) {
            m.put("integrity", e.integrity().name());
        }
        try {
            return Json.mapper().writeValueAsBytes(m);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot encode an audit event", ex);
        }
    }

    /** The whole line of a record: checksum, chain value, JSON, newline. */
    static byte[] line(byte[] chain, byte[] json) {
        byte[] line = new byte[JSON_AT + json.length + 1];
        byte[] chainHex = HexFormat.of().formatHex(chain).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chainHex, 0, line, CRC_HEX + 1, CHAIN_HEX);
        line[CRC_HEX + 1 + CHAIN_HEX] = ' ';
        System.arraycopy(json, 0, line, JSON_AT, json.length);
        line[line.length - 1] = '\n';
        CRC32 crc = new CRC32();
        crc.update(line, CRC_HEX + 1, line.length - CRC_HEX - 2);
        byte[] head = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, line, 0, CRC_HEX);
        line[CRC_HEX] = ' ';
        return line;
    }

    static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit file " + file.getFileName(), e);
        }
    }

    /** What a scan of a file found: the report, the events before the first problem, and where to append. */
    record Scan(AuditTrailReport report, List<AuditEvent> events, long wholeEnd, long lastSequence, byte[] chain) {
    }

    static Scan scan(Path file, byte[] all, byte[] macKey) {
        List<AuditEvent> events = new ArrayList<>();
        byte[] chain = start(macKey);
        long expected = 1;
        long line = 0;
        int from = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            line++;
            AuditTrailReport.Problem problem = null;
            JsonNode n = parse(all, from, i);
            if (n == null) {
                problem = AuditTrailReport.Problem.DAMAGED;
            } else if (n.get("seq").asLong() != expected) {
                problem = n.get("seq").asLong() < expected || appearsLater(all, i + 1, expected)
                        ? AuditTrailReport.Problem.OUT_OF_ORDER : AuditTrailReport.Problem.MISSING;
            } else {
                byte[] json = Arrays.copyOfRange(all, from + JSON_AT, i);
                byte[] mine = hmac(macKey, chain, json);
                byte[] stored = HexFormat.of().parseHex(new String(all, from + CRC_HEX + 1, CHAIN_HEX,
                        StandardCharsets.US_ASCII));
                AuditEvent event = MessageDigest.isEqual(mine, stored) ? event(n) : null;
                if (!MessageDigest.isEqual(mine, stored)) {
                    problem = AuditTrailReport.Problem.ALTERED;
                } else if (event == null) {
                    problem = AuditTrailReport.Problem.DAMAGED;
                } else {
                    events.add(event);
                    chain = mine;
                }
            }
            if (problem != null) {
                return new Scan(new AuditTrailReport(file, events.size(), expected - 1, hex(events, chain), false,
                        problem, expected, line), List.copyOf(events), from, expected - 1, chain);
            }
            expected++;
            from = i + 1;
        }
        boolean torn = from < all.length;
        return new Scan(new AuditTrailReport(file, events.size(), expected - 1, hex(events, chain), torn, null, 0, 0),
                List.copyOf(events), from, expected - 1, chain);
    }

    private static String hex(List<AuditEvent> events, byte[] chain) {
        return events.isEmpty() ? "" : HexFormat.of().formatHex(chain);
    }

    /** The JSON of line {@code [from, to)} when its layout and checksum are right and it has a sequence number; else null. */
    private static JsonNode parse(byte[] all, int from, int to) {
        if (to - from < JSON_AT + 2 || all[from + CRC_HEX] != ' ' || all[from + CRC_HEX + 1 + CHAIN_HEX] != ' '
                || !isHex(all, from, CRC_HEX) || !isHex(all, from + CRC_HEX + 1, CHAIN_HEX)) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(all, from + CRC_HEX + 1, to - from - CRC_HEX - 1);
        if (crc.getValue() != Long.parseLong(new String(all, from, CRC_HEX, StandardCharsets.US_ASCII), 16)) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(all, from + JSON_AT, to - from - JSON_AT);
            return n != null && n.isObject() && n.path("seq").canConvertToLong() && n.get("seq").isIntegralNumber()
                    ? n : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean appearsLater(byte[] all, int from, long seq) {
        int start = from;
        for (int i = from; i < all.length; i++) {
            if (all[i] == '\n') {
                JsonNode n = parse(all, start, i);
                if (n != null && n.get("seq").asLong() == seq) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean isHex(byte[] all, int from, int length) {
        for (int i = from; i < from + length; i++) {
            byte b = all[i];
            if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The event a verified record holds, or null when a required member is missing. */
    private static AuditEvent event(JsonNode n) {
        try {
            return new AuditEvent(Instant.parse(n.get("time").asText()), n.get("service").asText(),
                    n.get("operation").asText(), n.get("agency").asText(), text(n, "operator"), text(n, "purpose"),
                    text(n, "case"), strings(n.get("subjects")), strings(n.get("fields")), n.get("outcome").asText(),
                    n.path("status").asInt(), text(n, "requestId"),
                    n.hasNonNull("integrity") ? Integrity.valueOf(n.get("integrity").asText())
                            : Integrity.END_TO_END_SIGNED);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
