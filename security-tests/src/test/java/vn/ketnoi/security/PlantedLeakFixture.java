package vn.ketnoi.security;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Not run by the build on its own (its name matches no test pattern): {@link LeakCheckTest} runs
 * it in a nested session. It logs what careless code would: a citizen's ID number and name.
 */
class PlantedLeakFixture {
    private static final Logger LOG = LoggerFactory.getLogger("planted");

    @Test
    void logsACitizenUnmasked() {
        SyntheticCitizen c = SandboxPopulation.generate(10_000, KetnoiSandbox.DEFAULT_SEED).citizens().get(7);
        LOG.info("looked up {} ({})", c.idNumber(), c.fullName());
    }
}
