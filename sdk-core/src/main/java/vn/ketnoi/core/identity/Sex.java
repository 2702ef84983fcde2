package vn.ketnoi.core.identity;

/**
 * Sex as recorded in the population database and on the ID card ({@code Nam} / {@code Nữ}).
 */
public enum Sex {
    /** Male; written {@code Nam}. */
    MALE("Nam"),
    /** Female; written {@code Nữ}. */
    FEMALE("Nữ"),
    /**
     * A value a provider sent that this SDK version does not know (the protocol may add values,
     * section 7): the register holds something, but not one of the above. Only ever read from an
     * answer; refused wherever a sex is sent or encoded. Written {@code Không xác định}.
     */
    UNKNOWN("Không xác định");

    private final String vietnameseLabel;

    Sex(String vietnameseLabel) {
        this.vietnameseLabel = vietnameseLabel;
    }

    /**
     * The Vietnamese label, in Unicode NFC.
     *
     * @return {@code "Nam"}, {@code "Nữ"}, or {@code "Không xác định"} for {@link #UNKNOWN}
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
