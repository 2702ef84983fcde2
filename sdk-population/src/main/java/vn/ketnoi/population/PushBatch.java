package vn.ketnoi.population;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Up to {@value #MAX_PUSHES} {@link FieldPush}es sent in one call with
 * {@link PopulationClient#push(PushBatch)}, with its own context (purpose, operator) or the
 * client's default, and the idempotency key that makes the batch apply once however often it is sent
 * ({@code docs/push.md}). Immutable.
 *
 * <pre>{@code
 * PushBatch batch = PushBatch.builder().context(RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync"))
 *         .add(push).build();
 * }</pre>
 */
public final class PushBatch {
    /** Most pushes in one batch (protocol section 7); a push job takes more. */
    public static final int MAX_PUSHES = 100;
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final List<FieldPush> pushes;
    private final @Nullable RequestContext context;
    private final String idempotencyKey;

    private PushBatch(Builder b) {
        this.pushes = List.copyOf(b.pushes);
        this.context = b.context;
        this.idempotencyKey = b.idempotencyKey != null ? b.idempotencyKey : UUID.randomUUID().toString();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the pushes, in the order they are applied} */
    public List<FieldPush> pushes() {
        return pushes;
    }

    /**
     * The context this request is made in, replacing the client's default as a whole; empty when
     * the client's default applies ({@code PopulationClient.Builder#context}).
     *
     * @return the request's own context, if any
     */
    public java.util.Optional<RequestContext> context() {
        return java.util.Optional.ofNullable(context);
    }

    /**
     * The key the batch is sent with: the one given to the builder, or one made when it was built.
     * Keep it to send the same batch again after a crash: the provider answers a key it has seen
     * with the outcome it stored, and applies nothing twice.
     *
     * @return a lower-case hyphenated UUID
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String toString() {
        return "PushBatch[" + pushes.size() + " pushes" + (context == null ? "" : ", purpose=" + context.purpose())
                + ", key=" + idempotencyKey + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final List<FieldPush> pushes = new ArrayList<>();
        private @Nullable RequestContext context;
        private String idempotencyKey;

        private Builder() {
        }

        /**
         * Adds a push.
         *
         * @param push the push
         * @return this builder
         * @throws InvalidInputException {@code pushes} beyond {@value #MAX_PUSHES}: use a push job
         */
        public Builder add(FieldPush push) {
            Checks.required("pushes", push, "no null entries");
            if (pushes.size() == MAX_PUSHES) {
                throw tooMany();
            }
            pushes.add(push);
            return this;
        }

        /**
         * Adds pushes, in order.
         *
         * @param all the pushes
         * @return this builder
         */
        public Builder addAll(Iterable<FieldPush> all) {
            Checks.required("pushes", all, null).forEach(this::add);
            return this;
        }

        /**
         * The purpose, operator and case number of this request, instead of the client's default
         * (as a whole: nothing is taken from the default then). Optional when the client has a default.
         *
         * @param context the context, such as {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")}
         * @return this builder
         */
        public Builder context(RequestContext context) {
            this.context = Checks.required("context", context, "leave it unset for the client's default");
            return this;
        }

        /**
         * The idempotency key to send, to repeat a batch sent before (after a crash, with the key
         * its {@link PushBatch#idempotencyKey()} gave); without it a new key is made.
         *
         * @param key a lower-case hyphenated UUID
         * @return this builder
         */
        public Builder idempotencyKey(String key) {
            if (key == null || !UUID_FORM.matcher(key).matches()) {
                throw new InvalidInputException("idempotencyKey", "must be a lower-case hyphenated UUID");
            }
            this.idempotencyKey = key;
            return this;
        }

        /**
         * {@return the batch}
         *
         * @throws InvalidInputException no push, or no purpose or operator
         */
        public PushBatch build() {
            if (pushes.isEmpty()) {
                throw new InvalidInputException("pushes", "must hold 1 to " + MAX_PUSHES + " pushes");
            }
            return new PushBatch(this);
        }

        private static InvalidInputException tooMany() {
            return new InvalidInputException("pushes", "a batch holds at most " + MAX_PUSHES
                    + " pushes; use PopulationClient.startPushJob for more");
        }
    }
}
