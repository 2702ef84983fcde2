package vn.ketnoi.core.identity;

/**
 * Sex as recorded in the population database and on the ID card ({@code Nam} / {@code Nữ}).
 */
public enum Sex {
    /** Male; written {@code Nam}. */
    MALE("Nam"),
    /** Female; written {@code Nữ}. */
    FEMALE("Nữ");

    private final String vietnameseLabel;

    Sex(String vietnameseLabel) {
        this.vietnameseLabel = vietnameseLabel;
    }

    /**
     * The Vietnamese label, in Unicode NFC.
     *
     * @return {@code "Nam"} or {@code "Nữ"}
     */
    public String vietnameseLabel() {
        return vietnameseLabel;
    }

    /**
     * Reads a Vietnamese label. Case, Unicode normalisation form (NFC or NFD), surrounding
     * whitespace and missing diacritics are tolerated, so {@code "NỮ"}, {@code "nu"} and a
     * decomposed {@code "Nữ"} all give {@link #FEMALE}.
     *
     * @param text the label
     * @return the matching value
     * @throws IdentityParseException (field {@code sex}) when the text is null, blank or not a
     *                                known label
     */
    public static Sex fromVietnamese(String text) {
        if (text == null || text.isBlank()) {
            throw new IdentityParseException("sex", "is missing");
        }
        String key = VietnameseNames.comparisonKey(text);
        switch (key) {
            case "nam":
                return MALE;
            case "nu":
                return FEMALE;
            default:
                throw new IdentityParseException("sex", "must be Nam or Nữ");
        }
    }
}
