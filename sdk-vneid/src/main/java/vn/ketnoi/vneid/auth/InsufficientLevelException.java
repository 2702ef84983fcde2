package vn.ketnoi.vneid.auth;

/**
 * The citizen signed in, but at a lower assurance level than the service requires (code
 * {@code vneid.level-insufficient}). Ask the citizen to raise the account to level 2 at the police,
 * or start a new sign-in asking for level 2.
 */
public class InsufficientLevelException extends VneidAuthException {
    private static final long serialVersionUID = 1L;
    /** The level the policy requires. */
    private final AssuranceLevel required;
    /** The level reached; null when the provider reported none. */
    private final AssuranceLevel actual;

    /**
     * @param required the level the policy requires
     * @param actual   the level reached, or {@code null} when the provider reported none
     */
    public InsufficientLevelException(AssuranceLevel required, AssuranceLevel actual) {
        this(required, actual, null);
    }

    /**
     * A refusal that says where the level was looked for when the provider stated none.
     *
     * @param required the level the policy requires
     * @param actual   the level reached, or {@code null} when the provider reported none
     * @param missing  what was missing when {@code actual} is null (such as "no acr in the ID token
     *                 and no accountLevel in userinfo"), or {@code null}
     */
    public InsufficientLevelException(AssuranceLevel required, AssuranceLevel actual, String missing) {
        super("the sign-in reached " + (actual == null ? "no known level" : actual) + " but " + required
                + " is required" + (actual == null && missing != null ? ": the provider stated none (" + missing
                + "); the service cannot tell the level, so it refuses" : ""), 0, "vneid.level-insufficient", null,
                false, null);
        this.required = required;
        this.actual = actual;
    }

    /** {@return the level the policy requires} */
    public AssuranceLevel required() {
        return required;
    }

    /** {@return the level reached, or {@code null} when the provider reported none} */
    public AssuranceLevel actual() {
        return actual;
    }
}
