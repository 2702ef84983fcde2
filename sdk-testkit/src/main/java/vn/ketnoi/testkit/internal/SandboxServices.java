package vn.ketnoi.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.internal.catalogue.CatalogueService;
import vn.ketnoi.testkit.internal.chip.ChipVerificationService;
import vn.ketnoi.testkit.internal.civilstatus.CivilStatusService;
import vn.ketnoi.testkit.internal.population.ChangeFeedService;
import vn.ketnoi.testkit.internal.population.ConsentService;
import vn.ketnoi.testkit.internal.population.GatewayJsonService;
import vn.ketnoi.testkit.internal.population.JobService;
import vn.ketnoi.testkit.internal.population.PopulationOps;
import vn.ketnoi.testkit.internal.population.PushService;
import vn.ketnoi.testkit.internal.vneid.VneidProvider;
import vn.ketnoi.testkit.internal.wallet.WalletService;

/**
 * Every service of the sandbox and the route table they are mounted on, wired once: the token
 * endpoint and lookup ({@link SandboxHandler}), the e-documents wallet, the VNeID identity
 * provider, the population operations beyond lookup, pushes, jobs and the change feed, the
 * gateway-json profile, the test-write route, the service catalogue, the civil-status register
 * and chip verification; in front of them all, fault injection. {@code KetnoiSandbox} owns one
 * and puts its public controllers over the services.
 */
public final class SandboxServices {
    /** What the wiring needs from the sandbox that owns it. */
    public record Context(Function<String, SandboxAgency> agencies, Collection<SandboxAgency> agencyList,
                          Supplier<SandboxPopulation> population, Clock clock, Supplier<String> issuer,
                          Duration tokenLifetime, long seed, SandboxHandler.Counters counters,
                          Runnable onPushApplied, RevocationResponder revocation,
                          Supplier<ChipVerificationService.Trust> chipTrust) {
    }

    private final ProviderKeys providerKeys = new ProviderKeys();
    private final TokenService tokens;
    private final WalletService wallet;
    private final VneidProvider vneid;
    private final ConsentService consent;
    private final JobService jobs;
    private final ChangeFeedService changes;
    private final GatewayJsonService gatewayJson;
    private final CivilStatusService civilStatus;
    private final TestWriteOperation testWrites = new TestWriteOperation();
    private final FaultInjector faultInjector;

    public SandboxServices(Context c) {
        Supplier<SandboxPopulation> population = c.population();
        this.tokens = new TokenService(c.agencies(), c.clock(), c.issuer(), c.tokenLifetime());
        SandboxHandler handler = new SandboxHandler(c.agencies(), population, c.clock(), c.issuer(), providerKeys,
                tokens, c.counters());
        this.wallet = new WalletService(population, c.clock(), c.issuer(), providerKeys, c.revocation());
        wallet.register(handler);
        this.vneid = new VneidProvider(c.issuer(), population, c.clock());
        for (SandboxAgency a : c.agencyList()) {
            vneid.registerClient(a.id(), a.keyId(), a.publicKey(), List.of(), true);
        }
        handler.addRawPrefix(VneidProvider.PREFIX + "/", vneid);
        // Population operations beyond lookup (protocol sections 8.4 to 8.10).
        this.consent = new ConsentService(providerKeys, c.issuer());
        PopulationOps ops = new PopulationOps(population, consent);
        // Pushes (section 8.11): values other agencies are the source of, answered by every lookup.
        PushService pushes = new PushService(population, c.onPushApplied());
        ops.integrated(pushes::integrated);
        handler.lookup().integrated(pushes::integrated);
        handler.addRoute(pushes.route());
        this.jobs = new JobService(ops, pushes, c.clock());
        this.changes = new ChangeFeedService(population, c.seed(), c.clock(), providerKeys, c.issuer(), c.agencies());
        handler.addRoute(new ApiRoute("POST", "/population/v1/citizens/verify", "population", ops::verifyRoute));
        handler.addRoute(new ApiRoute("POST", "/population/v1/households/lookup", "population", ops::householdRoute));
        handler.addRoute(new ApiRoute("POST", "/population/v1/batch", "population", ops::batchRoute));
        jobs.routes().forEach(handler::addRoute);
        handler.addRoute(changes.route());
        // The gateway-json profile: the same operations behind an LGSP-style gateway of its own.
        this.gatewayJson = new GatewayJsonService(c.agencies(),
                new LookupOperation(population, consent).integrated(pushes::integrated), ops, c.clock());
        handler.addRawPrefix(GatewayJsonService.PREFIX + "/", gatewayJson);
        testWrites.register(handler);
        // Issue 16: the service catalogue and the civil-status register, mounted like any service.
        new CatalogueService().register(handler);
        this.civilStatus = new CivilStatusService(population, changes::deaths,
                new CivilStatusService.PopulationWrites() {
                    @Override
                    public void put(SyntheticCitizen citizen) {
                        population.get().put(citizen);
                    }

                    @Override
                    public void change(String type, SyntheticCitizen citizen) {
                        changes.append(type, citizen);
                    }
                }, c.clock(), providerKeys, c.issuer(), c.seed());
        civilStatus.register(handler);
        // Issue 19: the online chip-verification service, trusting the sandbox chips' CSCA.
        new ChipVerificationService(c.chipTrust(), c.clock()).register(handler);
        this.faultInjector = new FaultInjector(handler, providerKeys::rotate, c.seed());
    }

    /** {@return the handler of every request: fault injection in front of the route table} */
    public FaultInjector entry() {
        return faultInjector;
    }

    /** {@return the provider's response-signing keys} */
    public ProviderKeys providerKeys() {
        return providerKeys;
    }

    public TokenService tokens() {
        return tokens;
    }

    public WalletService wallet() {
        return wallet;
    }

    public VneidProvider vneid() {
        return vneid;
    }

    public ConsentService consent() {
        return consent;
    }

    public ChangeFeedService changes() {
        return changes;
    }

    public GatewayJsonService gatewayJson() {
        return gatewayJson;
    }

    public CivilStatusService civilStatus() {
        return civilStatus;
    }

    public TestWriteOperation testWrites() {
        return testWrites;
    }

    /** Stops the wallet's callback sender and the job workers. */
    public void close() {
        wallet.close();
        jobs.close();
    }
}
