package vn.ketnoi.examples;

import java.io.PrintStream;

import vn.ketnoi.chip.Challenge;
import vn.ketnoi.chip.ChipDump;
import vn.ketnoi.chip.ChipTrust;
import vn.ketnoi.chip.ChipVerification;
import vn.ketnoi.chip.ChipVerifier;
import vn.ketnoi.chip.CitizenData;
import vn.ketnoi.chip.CrossCheck;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxChip;
import vn.ketnoi.testkit.SandboxChips;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The tour's chip chapter: a card's chip read by an app and verified on the server, offline,
 * against the sandbox's test CSCA: passive authentication, active authentication with a one-time
 * challenge, the cross-check against the register, and what each broken chip is called. Personal
 * data is printed masked.
 */
public final class ChipTourChapter {
    private ChipTourChapter() {
    }

    /**
     * Runs the chapter.
     *
     * @param sandbox a sandbox (it need not be started: nothing goes over the network)
     * @param out where to write
     */
    public static void run(KetnoiSandbox sandbox, PrintStream out) {
        SandboxChips chips = sandbox.chips();
        ChipVerifier verifier = ChipVerifier.builder().clock(sandbox.clock())
                .trust(ChipTrust.builder().addCsca(chips.csca()).addCrl(chips.crl()).build()).build();
        SyntheticCitizen c = sandbox.population().find(x -> x.idCard() != null).orElseThrow();

        // What the app sends: the files as read, in base64 JSON; then the chip's answer to a challenge.
        SandboxChip chip = chips.chip(c);
        ChipDump dump = ChipDump.fromJson(chip.json());
        out.printf("   the app sent %s%n", dump);
        Challenge challenge = verifier.issueChallenge();
        ChipVerification v = verifier.verify(dump, challenge.bytes(), chip.answer(challenge.bytes()));
        CitizenData card = v.citizen().orElseThrow();
        out.printf("   %s, chip authenticated: %s -> %s%n", v.verdict(), v.isActivelyAuthenticated(), card);
        out.printf("   against the register: %d disagreement(s); against its own MRZ: %d%n",
                CrossCheck.against(card, c.idNumber(), c.fullName(), PartialDate.parseIso(c.birthDate())).size(),
                CrossCheck.against(card, v.mrz().orElseThrow()).size());
        out.printf("   the same challenge again -> %s%n",
                verifier.verify(dump, challenge.bytes(), chip.answer(challenge.bytes())).verdict());

        for (SandboxChips.Variant variant : SandboxChips.Variant.values()) {
            if (variant == SandboxChips.Variant.GENUINE) {
                continue;
            }
            SandboxChip broken = chips.chip(c, variant, false);
            Challenge fresh = verifier.issueChallenge();
            ChipVerification r = verifier.verify(ChipDump.fromJson(broken.json()), fresh.bytes(),
                    broken.answer(fresh.bytes()));
            out.printf("   %-18s -> %s%n", variant, r.verdict());
        }
    }
}
