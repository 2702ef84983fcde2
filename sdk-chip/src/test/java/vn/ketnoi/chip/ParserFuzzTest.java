package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxChip;

/**
 * Every parser, fed random byte strings and mutations of a genuine chip's files (bytes flipped,
 * cut, inserted, lengths rewritten): each input gives a value or a {@link ChipFormatException},
 * never another exception, and the whole run stays within a time bound. Seeded, so a failure
 * reproduces; the seed and case number are in the message, the input is not (it is personal data).
 */
class ParserFuzzTest {
    private static final long SEED = 19_2026L;
    private static final int CASES = 1500;
    private static Map<String, byte[]> genuine;
    private static byte[] masterList;
    private static ChipVerifier verifier;

    @BeforeAll
    static void aGenuineChip() {
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(50).build()) {
            SandboxChip chip = sandbox.chips().chip(sandbox.population().find(c -> c.idCard() != null).orElseThrow());
            genuine = new java.util.HashMap<>(chip.files());
            masterList = sandbox.chips().masterList();
            verifier = ChipVerifier.builder().clock(sandbox.clock())
                    .trust(ChipTrust.builder().addCsca(sandbox.chips().csca()).build()).build();
        }
    }

    private static void fuzz(String file, Consumer<byte[]> parser) {
        fuzz(file, parser, CASES);
    }

    private static void fuzz(String file, Consumer<byte[]> parser, int cases) {
        byte[] seed = genuine.get(file);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random r = new Random(SEED ^ file.hashCode());
            for (int i = 0; i < cases; i++) {
                byte[] input = i % 4 == 0 ? random(r) : mutate(r, seed);
                try {
                    parser.accept(input);
                } catch (ChipFormatException expected) {
                    // a typed refusal is a correct answer
                } catch (Throwable t) {
                    fail(file + " case " + i + " (seed " + SEED + ") threw " + t.getClass().getName(), t);
                }
            }
        });
    }

    static byte[] random(Random r) {
        byte[] b = new byte[1 + r.nextInt(r.nextBoolean() ? 16 : 2048)];
        r.nextBytes(b);
        if (r.nextBoolean() && b.length > 2) {
            b[0] = (byte) new int[] {0x60, 0x61, 0x75, 0x6D, 0x6E, 0x6F, 0x77, 0x30}[r.nextInt(8)];
        }
        return b;
    }

    static byte[] mutate(Random r, byte[] seed) {
        byte[] b = seed.clone();
        int kind = r.nextInt(5);
        switch (kind) {
            case 0 -> {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                int at = r.nextInt(b.length);
                byte[] out = new byte[b.length + 1 + r.nextInt(8)];
                System.arraycopy(b, 0, out, 0, at);
                for (int k = at; k < at + out.length - b.length; k++) {
                    out[k] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, out, at + out.length - b.length, b.length - at);
                b = out;
            }
            case 3 -> {
                // a length byte rewritten: lengths that overrun, long forms, the indefinite form
                int at = r.nextInt(Math.min(b.length, 64));
                b[at] = (byte) new int[] {0x80, 0x81, 0x82, 0x84, 0x85, 0xFF, 0x00, 0x7F}[r.nextInt(8)];
            }
            default -> {
                int at = r.nextInt(b.length);
                b[at] = (byte) r.nextInt(256);
            }
        }
        return b.length == 0 ? new byte[] {0} : b;
    }

    @Test
    void dg1() {
        fuzz("dg1", Mrz::parseDg1);
    }

    @Test
    void dg2() {
        fuzz("dg2", FaceImage::parseDg2);
    }

    @Test
    void dg13() {
        fuzz("dg13", CitizenData::parseDg13);
    }

    @Test
    void dg14() {
        fuzz("dg14", ChipSecurityInfos::parseDg14);
    }

    @Test
    void dg15() {
        fuzz("dg15", ActiveAuthenticationKey::parseDg15);
    }

    @Test
    void efCom() {
        fuzz("com", EfCom::parse);
    }

    /** The SOD through the verifier: any verdict will do, an exception will not. */
    @Test
    void sodThroughTheVerifier() {
        fuzz("sod", sod -> verifier.verify(ChipDump.builder().sod(sod).dataGroup(1, genuine.get("dg1")).build()), CASES / 3);
    }

    @Test
    void masterList() {
        genuine.put("masterList", masterList);
        fuzz("masterList", ml -> ChipTrust.builder().addMasterList(ml), CASES / 3);
    }

    @Test
    void theAppsJson() {
        Random r = new Random(SEED);
        String good = "{\"dg1\":\"" + Base64.getEncoder().encodeToString(genuine.get("dg1")) + "\"}";
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < CASES; i++) {
                char[] c = good.toCharArray();
                for (int k = 1 + r.nextInt(3); k > 0; k--) {
                    c[r.nextInt(c.length)] = "{}[]\":,\\x0A=-_ ".charAt(r.nextInt(15));
                }
                try {
                    ChipDump.fromJson(i % 5 == 0 ? new String(c, 0, r.nextInt(c.length)) : new String(c));
                } catch (ChipFormatException expected) {
                    // typed
                } catch (Throwable t) {
                    fail("json case " + i + " threw " + t.getClass().getName(), t);
                }
            }
        });
    }

    /**
     * Nesting thousands of levels deep, in every file a parser hands to Bouncy Castle: refused by
     * the depth check, not a StackOverflowError out of a recursive reader.
     */
    @Test
    void deepNestingIsRefusedNotOverflowed() {
        for (int outer : new int[] {0x77, 0x6E, 0x6D, 0x6F}) {
            byte[] nested = deep(outer, 20_000);
            ChipFormatException e = assertThrows(ChipFormatException.class, () -> {
                switch (outer) {
                    case 0x6E -> ChipSecurityInfos.parseDg14(nested);
                    case 0x6D -> CitizenData.parseDg13(nested);
                    case 0x6F -> ActiveAuthenticationKey.parseDg15(nested);
                    default -> vn.ketnoi.chip.internal.Sod.parse(nested);
                }
            });
            assertEquals(true, e.problem().contains("nested") || e.problem().contains("length"), e.problem());
        }
        assertThrows(ChipFormatException.class, () -> ChipTrust.builder().addMasterList(deep(0x30, 20_000)));
    }

    /** {@code outer { 30 { 30 { ... } } } } with {@code levels} SEQUENCEs inside, all lengths exact. */
    static byte[] deep(int outer, int levels) {
        int[] content = new int[levels + 1]; // content[k]: the value length of the k-th TLV from the inside
        for (int k = 1; k <= levels; k++) {
            content[k] = header(content[k - 1]) + content[k - 1];
        }
        byte[] out = new byte[header(content[levels]) + content[levels]];
        int p = 0;
        for (int k = levels; k >= 0; k--) {
            int n = content[k];
            out[p++] = (byte) (k == levels ? outer : 0x30);
            if (n >= 0x10000) {
                out[p++] = (byte) 0x83;
                out[p++] = (byte) (n >> 16);
                out[p++] = (byte) (n >> 8);
            } else if (n >= 0x100) {
                out[p++] = (byte) 0x82;
                out[p++] = (byte) (n >> 8);
            } else if (n >= 0x80) {
                out[p++] = (byte) 0x81;
            }
            out[p++] = (byte) n;
        }
        return out;
    }

    private static int header(int n) {
        return n < 0x80 ? 2 : n < 0x100 ? 3 : n < 0x10000 ? 4 : 5;
    }
}
