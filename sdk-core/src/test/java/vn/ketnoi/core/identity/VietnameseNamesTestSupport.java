package vn.ketnoi.core.identity;

import java.text.Normalizer;

/** Test helper: writes text the way ASCII-only systems do. */
final class VietnameseNamesTestSupport {

    private VietnameseNamesTestSupport() {
    }

    static String stripAccents(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace('đ', 'd').replace('Đ', 'D');
    }
}
